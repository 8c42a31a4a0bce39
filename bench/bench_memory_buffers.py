"""Bytes held by a dict of numpy arrays and views: pyinspect against pympler.

    python bench/bench_memory_buffers.py [--arrays 1000] [--views 0.6] [--repeat 5]

The data: a dict of ``--arrays`` entries, a share ``--views`` of them views
(slices, transposes, reshapes, strided steps) of the others, which own their
data.  Asked "how many bytes do these variables hold, each buffer once",
in this run, on the same data:

* ``pyinspect.memory(d)``: the C walk, which follows each view to the owner
  of its data (numpy's ``base``) and counts every data buffer once;
* ``pympler.asizeof.asizeof(d)`` (when pympler is installed);
* the oracle: ``sys.getsizeof`` of the dict, its keys and every distinct
  array object reached (owners and views; numpy's ``__sizeof__`` counts the
  data of an array that owns it and only the struct of a view), found with
  ``gc.get_referents`` plus each array's ``base``.

Printed: each total, its difference from the oracle (who is right), the
buffers pyinspect found, and the best wall time of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from typing import Any, Callable

import numpy as np

import pyinspect


def data(n: int, share: float, seed: int = 7) -> dict[str, Any]:
    rng = np.random.default_rng(seed)
    n_views = int(n * share)
    owners = [rng.random(int(k)) for k in rng.integers(100, 20_000, n - n_views)]
    d: dict[str, Any] = {f"a{i}": a for i, a in enumerate(owners)}
    for j in range(n_views):
        a = owners[int(rng.integers(len(owners)))]
        kind = j % 4
        if kind == 0:
            v = a[int(rng.integers(a.size // 2)):]
        elif kind == 1:
            v = a[:: int(rng.integers(2, 5))]
        elif kind == 2:
            v = a[: a.size - a.size % 4].reshape(4, -1).T
        else:
            v = a[1:][::3][::-1]
        d[f"v{j}"] = v
    return d


def oracle(root: Any) -> int:
    """sys.getsizeof over every distinct object reached (gc.get_referents, and
    each array's base), types and modules left out as pyinspect does."""
    seen = {id(root): root}
    stack = [root]
    while stack:
        obj = stack.pop()
        refs = gc.get_referents(obj)
        if isinstance(obj, np.ndarray) and obj.base is not None:
            refs.append(obj.base)
        for ref in refs:
            if id(ref) not in seen and not isinstance(ref, type):
                seen[id(ref)] = ref
                stack.append(ref)
    return sum(sys.getsizeof(o) for o in seen.values())


def best(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, out = [], None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return min(times), out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--arrays", type=int, default=1000)
    p.add_argument("--views", type=float, default=0.6, help="share of the entries that are views")
    p.add_argument("--repeat", type=int, default=5)
    args = p.parse_args()

    d = data(args.arrays, args.views)
    owners = {id(a if a.base is None else a.base): (a if a.base is None else a.base) for a in d.values()}
    data_bytes = sum(a.nbytes for a in owners.values())
    right = oracle(d)
    print(f"CPython {sys.version.split()[0]}, numpy {np.__version__}: a dict of {len(d):,} arrays "
          f"({len(owners):,} owning {data_bytes:,} B of data, {len(d) - len(owners):,} views)")
    print(f"oracle (sys.getsizeof of each distinct object, views as structs): {right:,} B\n")

    t_pyi, report = best(lambda: pyinspect.memory(d), args.repeat)
    rows = [("pyinspect.memory", report.total, t_pyi)]
    try:
        from pympler import asizeof
    except ImportError:
        asizeof = None
    if asizeof is not None:
        t_pym, pym = best(lambda: asizeof.asizeof(d), max(1, args.repeat // 2))
        rows.append(("pympler.asizeof", pym, t_pym))

    print(f"{'':18} {'bytes found':>16} {'vs oracle':>16} {'verdict':>9} {'time':>10} {'ratio':>7}")
    for name, total, secs in rows:
        diff = total - right
        verdict = "right" if diff == 0 else ("over" if diff > 0 else "under")
        print(f"{name:18} {total:>16,} {diff:>+16,} {verdict:>9} {secs * 1e3:>8.2f} ms {secs / t_pyi:>6.1f}x")
    print(f"\npyinspect: {len(report.buffers):,} data buffers, {report.buffer_bytes:,} B, "
          f"{sum(b.views for b in report.buffers):,} views followed to them; "
          f"each owner counted once: {report.buffer_bytes == data_bytes}")


if __name__ == "__main__":
    main()
