"""What grew: ``pyinspect.census()`` + ``diff()`` against ``objgraph.growth()``.

    python bench/bench_census.py [--records 200000] [--repeat 5]

A heap of ``--records`` records (a list and a dict each: 600,000 and more
tracked objects with the default), then 1,000 more records made between two
measurements.  Measured in this run, on the same heap:

* ``pyinspect.census()``: one pass in C over the tracked objects, counting
  each type's objects and their bytes (``sys.getsizeof`` of every object,
  computed from the struct); ``census(untracked=True)`` adds the str, int,
  float and untracked tuples they reach;
* ``objgraph.growth()`` when objgraph is installed: ``gc.collect()``, then
  ``objgraph.typestats()`` (a Python loop over ``gc.get_objects()``) and a
  comparison with the previous call's peak counts; it reports counts only.

Reported: the best wall time of ``--repeat`` runs, the ratio objgraph /
pyinspect (above 1: pyinspect is faster), and what each says grew.
"""

from __future__ import annotations

import argparse
import gc
import io
import sys
import time
from typing import Any, Callable

import pyinspect


class Rec:
    def __init__(self, i: int) -> None:
        self.i = i
        self.tags = [i]
        self.meta = {"tags": self.tags}


def best(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times = []
    out = None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return min(times), out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--records", type=int, default=200_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    try:
        import objgraph
    except ImportError:
        objgraph = None
    heap = [Rec(i) for i in range(args.records)]
    gc.collect()
    print(f"Python {sys.version.split()[0]}, {len(gc.get_objects()):,} objects tracked by the collector")

    tc, c = best(pyinspect.census, args.repeat)
    tu, cu = best(lambda: pyinspect.census(untracked=True), max(1, args.repeat // 2))
    print(f"  pyinspect.census()                {tc * 1e3:8.1f} ms   {c.count:,} objects, {c.bytes:,} bytes, "
          f"{len(c):,} types")
    print(f"  pyinspect.census(untracked=True)  {tu * 1e3:8.1f} ms   {cu.count:,} objects, {cu.bytes:,} bytes")
    if objgraph is not None:
        sink = io.StringIO()
        to, _ = best(lambda: objgraph.growth(), args.repeat)
        print(f"  objgraph.growth()                 {to * 1e3:8.1f} ms   (counts only)")
        print(f"  objgraph / pyinspect: {to / tc:.2f}x")
    else:
        print("  objgraph is not installed (pip install objgraph): no comparison")

    print("\n1,000 records made between two measurements:")
    before = pyinspect.census()
    if objgraph is not None:
        objgraph.growth()
    heap.extend(Rec(-i) for i in range(1, 1001))
    start = time.perf_counter()
    d = pyinspect.census().diff(before, min_count=100)
    td = time.perf_counter() - start
    print(f"  pyinspect.census().diff(before, min_count=100)  {td * 1e3:8.1f} ms")
    for r in d.rows:
        print(f"      {r.type_name:<24} {r.count_delta:+8,} objects {r.bytes_delta:+12,} bytes")
    if objgraph is not None:
        start = time.perf_counter()
        grew = objgraph.growth(limit=10, file=sink) if "file" in objgraph.growth.__code__.co_varnames else \
            objgraph.growth(limit=10)
        tg = time.perf_counter() - start
        print(f"  objgraph.growth()                               {tg * 1e3:8.1f} ms")
        for name, count, delta in (grew or [])[:5]:
            print(f"      {name:<24} {delta:+8,} objects (now {count:,})")
    del heap


if __name__ == "__main__":
    main()
