"""Benchmark (not a test): dict and set tables of a million keys.

Prints, in one run:
  * show() of a 1,000,000-key str dict and a 1,000,000-element int set (to a
    StringIO, no colour): bounded reads plus C statistics;
  * the C whole-table statistics alone, and the ratio against the same
    statistics computed in pure Python from pyinspect's own raw tables;
  * reading the raw dict index table: pyinspect vs einspect 0.5.16 (when
    einspect is importable; install it only in a bench environment).

    PYTHONPATH=<build> python bench/bench_tables.py [--n 1000000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import io
import sys
import time

import pyinspect
from pyinspect._native import _inspect
from pyinspect.read_containers import decode_indices

MASK64 = (1 << 64) - 1


def best(fn, repeat: int) -> float:
    """Best wall time of ``repeat`` calls, in seconds."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def py_dict_stats(indices, entries, mask):
    """The C statistics, in pure Python, from pyinspect's raw tables."""
    hist = [0] * 32
    total = longest = collisions = dummies = empty = 0
    for slot, ix in enumerate(indices):
        if ix < 0:
            if ix == -1:
                empty += 1
            else:
                dummies += 1
            continue
        h = entries[ix][0]
        perturb = h & MASK64
        i = h & mask
        n = 1
        while i != slot:
            perturb >>= 5
            i = (i * 5 + perturb + 1) & mask
            n += 1
        total += n
        longest = max(longest, n)
        collisions += n > 1
        hist[min(n, 32) - 1] += 1
    return total, longest, collisions, dummies, empty, hist


def py_set_stats(table, mask):
    hist = [0] * 32
    total = longest = collisions = dummies = empty = 0
    for slot, row in enumerate(table):
        if row is None:
            empty += 1
            continue
        if row == "dummy":
            dummies += 1
            continue
        h = row[0]
        perturb = h & MASK64
        i = h & mask
        n = 0
        while True:
            probes = 9 if i + 9 <= mask else 0
            if i <= slot <= i + probes:
                n += slot - i + 1
                break
            n += probes + 1
            perturb >>= 5
            i = (i * 5 + 1 + perturb) & mask
        total += n
        longest = max(longest, n)
        collisions += n > 1
        hist[min(n, 32) - 1] += 1
    return total, longest, collisions, dummies, empty, hist


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    n, rep = args.n, args.repeat
    print(f"Python {sys.version.split()[0]}, pyinspect {pyinspect.__version__}, n = {n:,}")

    d = {f"key{i}": i for i in range(n)}
    s = set(range(n))

    def show(obj):
        return lambda: pyinspect.show(obj, file=io.StringIO(), color=False, width=120)

    t_show_d = best(show(d), rep)
    t_show_s = best(show(s), rep)
    t_cstat_d = best(lambda: _inspect.dict_stats(d), rep)
    t_cstat_s = best(lambda: _inspect.set_stats(s), rep)
    print(f"show(dict of {n:,} str keys)        {t_show_d * 1e3:8.2f} ms")
    print(f"show(set of {n:,} ints)             {t_show_s * 1e3:8.2f} ms")
    print(f"C statistics, dict                   {t_cstat_d * 1e3:8.2f} ms")
    print(f"C statistics, set                    {t_cstat_s * 1e3:8.2f} ms")

    lay = pyinspect.layout(d)  # the raw tables, unbounded
    t0 = time.perf_counter()
    py_d = py_dict_stats(lay.indices, lay.entries, lay.capacity - 1)
    t_py_d = time.perf_counter() - t0
    assert py_d[0] == lay.stats.probe_sum and py_d[1] == lay.stats.probe_max
    slay = pyinspect.layout(s)
    t0 = time.perf_counter()
    py_s = py_set_stats(slay.table, slay.mask)
    t_py_s = time.perf_counter() - t0
    assert py_s[0] == slay.stats.probe_sum and py_s[1] == slay.stats.probe_max
    print(f"pure-Python statistics, dict         {t_py_d * 1e3:8.2f} ms   "
          f"(C is {t_py_d / t_cstat_d:,.0f}x faster)")
    print(f"pure-Python statistics, set          {t_py_s * 1e3:8.2f} ms   "
          f"(C is {t_py_s / t_cstat_s:,.0f}x faster)")
    print(f"  dict: {lay.capacity:,} slots, mean probe {lay.stats.probe_mean:.3f}, max {lay.stats.probe_max}; "
          f"set: {slay.capacity:,} slots, mean probe {slay.stats.probe_mean:.3f}, max {slay.stats.probe_max}")

    t_raw = best(lambda: _inspect.dict_indices(d), rep)
    t_list = best(lambda: decode_indices(*_inspect.dict_indices(d)), rep)
    print(f"raw index table ({lay.capacity:,} slots × {lay.index_width} B)")
    print(f"  pyinspect bytes                    {t_raw * 1e3:8.2f} ms")
    print(f"  pyinspect list of ints             {t_list * 1e3:8.2f} ms")
    try:
        import einspect
        from einspect import view
    except ImportError:
        print("  einspect                           not installed (pip install einspect==0.5.16 in a bench venv)")
        return
    try:
        def ein():
            return list(view(d)._pyobject.ma_keys.contents.dk_indices)

        got = ein()
        t_ein = best(ein, rep)
        same = got == list(decode_indices(*_inspect.dict_indices(d)))
        print(f"  einspect {einspect.__version__} list of ints      {t_ein * 1e3:8.2f} ms   "
              f"(pyinspect {t_ein / t_list:,.1f}x faster; same values: {same})")
    except Exception as exc:  # einspect cannot read this table
        print(f"  einspect {einspect.__version__}: cannot read the index table here ({type(exc).__name__}: {exc})")


if __name__ == "__main__":
    main()
