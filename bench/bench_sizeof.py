"""Deep size of the chapter's experiment tracker: pyinspect against its peers.

    python bench/bench_sizeof.py [--records 200000] [--repeat 5]

The tracker is a list of 200,000 dicts with keys lr, epochs, accuracy and name.
Three ways to answer "how many bytes does it hold", measured in this run, on
the same data:

* ``pyinspect.sizeof(tracker, deep=True)``: the C walk;
* a hand-written ``gc.get_referents`` walk summing ``sys.getsizeof``: the
  obvious pure-Python answer.  It treats objects as pyinspect does, so the
  totals are comparable: the root is counted; type objects, modules and
  immortal objects (3.12+) are left out (not counted, not followed); every
  other object ``gc.get_referents`` reports is counted once.  The same walk
  adding the keys of dicts (which ``dict``'s ``tp_traverse`` does not report
  for str-only tables) is checked against ``dict_keys=True``;
* ``pympler.asizeof.asizeof(tracker)`` when pympler is installed (it rounds
  sizes to 8 bytes and counts what it decides to count, so its total is shown
  for scale, not compared).

Reported: the best wall time of ``--repeat`` runs (pympler: of fewer runs,
it is slow), the ratio to pyinspect, objects per second, and the peak extra
memory of each walk, measured in a fresh subprocess from the resident-set
high-water mark (Linux ``/proc/self/clear_refs`` + ``VmHWM``; with tracemalloc
elsewhere, which does not see pyinspect's mmap'd tables).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import time
import types
from typing import Any, Callable

import pyinspect

PY312 = sys.version_info >= (3, 12)


def tracker(n: int) -> list[dict[str, Any]]:
    return [{"lr": 0.001 * i, "epochs": i % 50, "accuracy": i / n, "name": f"run-{i}"} for i in range(n)]


def referents_walk(root: Any, dict_keys: bool = False) -> tuple[int, int]:
    """(bytes, objects): sys.getsizeof over a gc.get_referents walk, leaving
    out types, modules and immortal objects as pyinspect does."""
    getsizeof = sys.getsizeof
    get_referents = gc.get_referents
    getrefcount = sys.getrefcount
    is_immortal = getattr(sys, "_is_immortal", None)
    left_out_types = (type, types.ModuleType)
    seen = {id(root)}
    stack = [root]
    total = count = 0
    while stack:
        obj = stack.pop()
        total += getsizeof(obj)
        count += 1
        refs = get_referents(obj)
        if dict_keys and type(obj) is dict:
            refs.extend(obj)
        for ref in refs:
            i = id(ref)
            if i in seen:
                continue
            seen.add(i)
            if isinstance(ref, left_out_types):
                continue
            if PY312 and (is_immortal(ref) if is_immortal else getrefcount(ref) >= 2**31):
                continue
            stack.append(ref)
    return total, count


def best(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        gc.collect()
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return min(times), result


# ---- peak memory, each method in its own process -----------------------------------


def _vm_hwm() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    raise OSError("no VmHWM")


def _measure_child(method: str, records: int) -> None:
    data = tracker(records)
    gc.collect()
    fns = {
        "pyinspect": lambda: pyinspect.sizeof(data, deep=True),
        "pyinspect-report": lambda: pyinspect.memory(data).total,
        "referents": lambda: referents_walk(data)[0],
    }
    if method == "pympler":
        from pympler import asizeof

        fns["pympler"] = lambda: asizeof.asizeof(data)
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")  # reset the high-water mark to the current RSS
        before = _vm_hwm()
        fns[method]()
        peak = _vm_hwm() - before
        how = "VmHWM"
    except OSError:
        import tracemalloc

        tracemalloc.start()
        fns[method]()
        peak = tracemalloc.get_traced_memory()[1]
        how = "tracemalloc"
    print(json.dumps({"peak": peak, "how": how}))


def peak_memory(method: str, records: int) -> tuple[int, str]:
    out = subprocess.run([sys.executable, __file__, "--child", method, "--records", str(records)],
                         capture_output=True, text=True, check=True, env=dict(os.environ))
    d = json.loads(out.stdout.strip().splitlines()[-1])
    return d["peak"], d["how"]


def mib(n: int) -> str:
    return f"{n / 2**20:8.1f} MiB"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, default=200_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        _measure_child(args.child, args.records)
        return

    try:
        from pympler import asizeof
    except ImportError:
        asizeof = None

    data = tracker(args.records)
    build = "free-threaded" if pyinspect.struct_info().get("gil_disabled") else "GIL"
    print(f"CPython {sys.version.split()[0]}  ({build})"
          f", pyinspect {pyinspect.__version__}, experiment tracker of {args.records:,} records")

    t_pyi, total_pyi = best(lambda: pyinspect.sizeof(data, deep=True), args.repeat)
    t_rep, rep = best(lambda: pyinspect.memory(data), args.repeat)
    t_gc, (total_gc, count_gc) = best(lambda: referents_walk(data), max(1, args.repeat // 2))
    total_keys = pyinspect.sizeof(data, deep=True, dict_keys=True)
    gc_keys = referents_walk(data, dict_keys=True)[0]
    count = rep.count

    rows = [("pyinspect.sizeof(deep=True)", t_pyi, total_pyi),
            ("pyinspect.memory() (+retained, breakdown)", t_rep, rep.total),
            ("gc.get_referents + sys.getsizeof walk", t_gc, total_gc)]
    if asizeof is not None:
        t_pym, total_pym = best(lambda: asizeof.asizeof(data), max(1, args.repeat // 3))
        rows.append(("pympler.asizeof.asizeof", t_pym, total_pym))

    print(f"\n{'method':44} {'time':>10} {'x pyinspect':>12} {'objects/s':>14} {'total bytes':>14}")
    for name, t, total in rows:
        print(f"{name:44} {t * 1e3:8.1f}ms {t / t_pyi:11.1f}x {count / t:14,.0f} {total:14,}")

    print(f"\nobjects counted: {count:,} (referents walk: {count_gc:,}); "
          f"left out: {', '.join(f'{s.count} {s.reason}' for s in rep.skipped if s.count) or 'nothing'}")
    same = total_pyi == total_gc
    print(f"totals: pyinspect {total_pyi:,} {'==' if same else '!='} referents walk {total_gc:,}"
          f"; with dict keys: {total_keys:,} {'==' if total_keys == gc_keys else '!='} {gc_keys:,}")
    print(f"retained {rep.retained:,} of {rep.total:,}; slack {rep.slack:,}; walk tables {rep.walk_bytes:,} bytes")

    print("\npeak extra memory of the walk (fresh process each):")
    methods = ["pyinspect", "pyinspect-report", "referents"] + (["pympler"] if asizeof is not None else [])
    for m in methods:
        peak, how = peak_memory(m, args.records)
        print(f"  {m:20} {mib(peak)}  ({how})")

    ok_gc = t_gc / t_pyi >= 8
    print(f"\ntargets: >= 8x the referents walk: {'yes' if ok_gc else 'NO'} ({t_gc / t_pyi:.1f}x)", end="")
    if asizeof is not None:
        print(f"; >= 20x pympler: {'yes' if t_pym / t_pyi >= 20 else 'NO'} ({t_pym / t_pyi:.1f}x)", end="")
    print(f"; totals equal: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
