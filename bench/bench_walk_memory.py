"""Peak extra memory of the deep walk, in bytes per object walked, for 5M objects.

    python bench/bench_walk_memory.py [--objects 5000000] [--shapes tracker,flat,chain]

What the walk allocates: a hash set of the addresses found (8 bytes a slot, at
most 0.8 full; a parallel array of 4-byte counts when the retained size is
asked for), an explicit stack of objects still to visit (8 bytes each) and
one row per type.  Tables of 4 MiB and more are mmap'd (transparent huge
pages), smaller ones come from PyMem_RawCalloc/RawRealloc.  tracemalloc sees
the PyMem_Raw* blocks but not the mmap'd ones, so it cannot measure the walk.

Two independent measures, each in a fresh process holding only the data:

* ``walk_bytes``: the walk's own account of its tables at their peak
  (reported in every SizeReport): exact for what it allocates;
* ``VmHWM``: the growth of the process's resident-set high-water mark over the
  call (Linux: ``/proc/self/clear_refs`` resets it first), which also counts
  the report the call builds and the allocator's own overhead.

Shapes (each about --objects objects):

* ``tracker``: the chapter's experiment tracker, a list of dicts
  ``{"lr": float, "epochs": small int, "accuracy": float, "name": str}``
  (four objects a record): the headline, target <= 24 bytes/object for
  ``sizeof(deep=True)``;
* ``flat``: one list of distinct floats: the worst case for the stack (every
  item is pushed before any is visited);
* ``chain``: nested 1-tuples: the stack never holds more than one object.

``memory()`` also computes the retained size (the 4-byte counts: about 4-8
bytes/object more); ``memory(retained=False)`` walks as ``sizeof(deep=True)``.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
from typing import Any, Callable

import pyinspect

TARGET = 24.0  # bytes per object walked, sizeof(deep=True) on the tracker

CALLS: dict[str, Callable[[Any], Any]] = {
    "sizeof(deep=True)": lambda data: pyinspect.sizeof(data, deep=True),
    "memory(retained=False)": lambda data: pyinspect.memory(data, retained=False),
    "memory()": lambda data: pyinspect.memory(data),
}


def build(shape: str, objects: int) -> Any:
    if shape == "tracker":
        n = objects // 4  # a dict, two floats and a str a record (the small ints are shared)
        return [{"lr": 0.001 * i, "epochs": i % 50, "accuracy": i / n, "name": f"run-{i}"} for i in range(n)]
    if shape == "flat":
        return [float(i) for i in range(objects - 1)]
    if shape == "chain":
        chain: tuple = ()
        for _ in range(objects):
            chain = (chain,)
        return chain
    raise ValueError(f"unknown shape {shape!r}")


def _vm_hwm() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    raise OSError("no VmHWM in /proc/self/status")


def child(shape: str, call: str, objects: int) -> None:
    data = build(shape, objects)
    gc.collect()
    gc.disable()  # nothing else allocates during the call
    # the count of objects walked, from a walk before the measured one
    count = pyinspect.memory(data, retained=False).count
    hwm = None
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")  # reset the high-water mark to the current RSS
        before = _vm_hwm()
        result = CALLS[call](data)
        hwm = _vm_hwm() - before
    except OSError:
        result = CALLS[call](data)
    if not hasattr(result, "walk_bytes"):  # sizeof() returns an int: the same walk, reported
        result = pyinspect.memory(data, retained=False)
    walk_bytes = result.walk_bytes
    print(json.dumps({"count": count, "walk_bytes": walk_bytes, "hwm": hwm}))


def measure(shape: str, call: str, objects: int) -> dict[str, Any]:
    out = subprocess.run([sys.executable, __file__, "--child", shape, call, "--objects", str(objects)],
                         capture_output=True, text=True, check=True, env=dict(os.environ))
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--objects", type=int, default=5_000_000)
    ap.add_argument("--shapes", default="tracker,flat,chain")
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child[0], args.child[1], args.objects)
        return

    build_kind = "free-threaded" if pyinspect.struct_info().get("gil_disabled") else "GIL"
    print(f"CPython {sys.version.split()[0]} ({build_kind}), pyinspect {pyinspect.__version__}: "
          f"peak extra memory of the deep walk, about {args.objects:,} objects, fresh process each")
    print("walk_bytes: the walk's own peak (its set, counts, stack, rows); "
          "VmHWM: resident-set high-water growth over the call\n")
    print(f"{'shape':8} {'call':24} {'objects':>11} {'walk_bytes':>12} {'B/object':>9} {'VmHWM':>12} {'B/object':>9}")
    headline = None
    for shape in args.shapes.split(","):
        for call in CALLS:
            r = measure(shape, call, args.objects)
            per = r["walk_bytes"] / r["count"]
            hwm = r["hwm"]
            hwm_text = f"{hwm:12,} {hwm / r['count']:9.1f}" if hwm is not None else f"{'n/a':>12} {'':>9}"
            print(f"{shape:8} {call:24} {r['count']:11,} {r['walk_bytes']:12,} {per:9.1f} {hwm_text}")
            if shape == "tracker" and call == "sizeof(deep=True)":
                headline = (per, None if hwm is None else hwm / r["count"])
    if headline is not None:
        per, hwm_per = headline
        ok = per <= TARGET and (hwm_per is None or hwm_per <= TARGET)
        print(f"\ntarget: sizeof(deep=True) on the tracker <= {TARGET:.0f} B/object: {'yes' if ok else 'NO'} "
              f"({per:.1f} by walk_bytes" + ("" if hwm_per is None else f", {hwm_per:.1f} by VmHWM") + ")")


if __name__ == "__main__":
    main()
