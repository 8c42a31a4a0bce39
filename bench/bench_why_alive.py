"""Why is this record alive: ``pyinspect.why_alive`` against ``objgraph.find_backref_chain``.

    python bench/bench_why_alive.py [--records 200000] [--repeat 5]

A heap of ``--records`` records, each with a list and a dict of its own (3
tracked objects each: 600,000 and more with the default), held by a module
``appmod``; one more record sits at ``appmod.registry['cache']['k'][0]`` and,
in a second case, is also referred to from a class attribute, an instance
attribute and a closure.  Measured in this run, on the same heap:

* ``pyinspect.why_alive(rec)`` (default ``max_paths=3``) and with
  ``max_paths=1``;
* ``objgraph.find_backref_chain(rec, objgraph.is_proper_module)`` when
  objgraph is installed (it calls ``gc.collect()`` first, then
  ``gc.get_referrers`` for every object its search visits).

Reported: the best wall time of ``--repeat`` runs, the ratio objgraph /
pyinspect (above 1: pyinspect is faster), and what each answers: pyinspect's
paths as expressions, objgraph's chain as the types of its objects.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
import types
from typing import Any, Callable

import pyinspect


class Rec:
    """A record with a list and a dict of its own (3 tracked objects)."""

    def __init__(self, i: int) -> None:
        self.i = i
        self.tags = [i, -i]
        self.meta = {"tags": self.tags}  # holds a list: the collector tracks it


class Cache:
    """Class attributes are roots too."""

    recent: list[Any] = []


def build(n: int) -> types.ModuleType:
    appmod = types.ModuleType("appmod")
    sys.modules["appmod"] = appmod
    appmod.heap = [Rec(i) for i in range(n)]
    appmod.registry = {"cache": {"k": [Rec(-1)]}}
    return appmod


def target() -> Rec:
    """The record, fetched where each call is made: no frame of the benchmark keeps a name for it."""
    return sys.modules["appmod"].registry["cache"]["k"][0]


def best(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times = []
    out = None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return min(times), out


def chain_text(chain: list[Any]) -> str:
    return " → ".join(type(o).__name__ if type(o) is not types.ModuleType else f"module {o.__name__}"
                      for o in chain)


def case(title: str, repeat: int, objgraph: Any) -> None:
    print(f"\n{title}")
    t3, r3 = best(lambda: pyinspect.why_alive(target()), repeat)
    t1, r1 = best(lambda: pyinspect.why_alive(target(), max_paths=1), repeat)
    print(f"  pyinspect.why_alive(rec)              {t3 * 1e3:8.1f} ms   {r3.passes} passes over "
          f"{r3.objects:,} objects")
    for p in r3.paths:
        print(f"      {p}    (from {p.root})")
    print(f"  pyinspect.why_alive(rec, max_paths=1) {t1 * 1e3:8.1f} ms   {r1.paths[0] if r1.paths else '-'}")
    if objgraph is None:
        print("  objgraph is not installed (pip install objgraph): no comparison")
        return
    to, chain = best(lambda: objgraph.find_backref_chain(target(), objgraph.is_proper_module), max(1, repeat // 2))
    print(f"  objgraph.find_backref_chain           {to * 1e3:8.1f} ms   {chain_text(chain)}")
    print(f"  objgraph / pyinspect: {to / t3:.2f}x (max_paths=3), {to / t1:.2f}x (max_paths=1)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--records", type=int, default=200_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    try:
        import objgraph
    except ImportError:
        objgraph = None
    appmod = build(args.records)
    print(f"Python {sys.version.split()[0]}, {len(gc.get_objects()):,} objects tracked by the collector")
    case("one path: appmod.registry['cache']['k'][0]", args.repeat, objgraph)
    rec = target()
    Cache.recent.append(rec)
    holder = Rec(-2)
    holder.peer = rec  # type: ignore[attr-defined]

    def make(kept: Rec) -> Callable[[], Rec]:
        def get() -> Rec:
            return kept
        return get

    appmod.holder = holder
    appmod.getter = make(rec)
    del rec, holder
    case("four references: the registry, Cache.recent, appmod.holder.peer, a closure", args.repeat, objgraph)
    del appmod


if __name__ == "__main__":
    main()
