"""Cost of pyinspect's function, type, generator and dispatch readers, as
ratios against the nearest introspection the standard library offers,
measured in the same run (run it: ``python bench/bench_code.py``).

The stdlib alternatives do less (they read attributes through the public
API, which also runs descriptors) but are what a learner would reach for.
"""

from __future__ import annotations

import inspect
import sys
import timeit

import pyinspect


def make_threshold_filter(threshold):
    def keep(score):
        return score >= threshold
    return keep


class Base:
    def __add__(self, o):
        return NotImplemented

    def __len__(self):
        return 0


class Model(Base):
    def __radd__(self, o):
        return NotImplemented

    def __call__(self, x):
        return x


class Vector:
    def __rmul__(self, k):
        return NotImplemented


def counter(n):
    total = 0
    for i in range(n):
        total += i
        yield total


def best(stmt, number: int) -> float:
    """Seconds per call, best of 5 repeats."""
    return min(timeit.repeat(stmt, number=number, repeat=5)) / number


def main() -> None:
    f = make_threshold_filter(0.85)
    g = counter(10)
    next(g)
    x = Vector()
    rows = [
        ("layout(function)", lambda: pyinspect.layout(f),
         "inspect.getclosurevars(f)", lambda: inspect.getclosurevars(f)),
        ("layout(class)", lambda: pyinspect.layout(Model),
         "inspect.getmembers(Model)", lambda: inspect.getmembers(Model)),
        ("layout(generator)", lambda: pyinspect.layout(g),
         "inspect.getgeneratorlocals(g)", lambda: inspect.getgeneratorlocals(g)),
        ("dispatch(2, '*', x)", lambda: pyinspect.dispatch(2, "*", x),
         "inspect.getmro(type(x)) x2", lambda: (inspect.getmro(int), inspect.getmro(Vector))),
    ]
    print(f"CPython {sys.version.split()[0]}")
    print(f"{'pyinspect':24} {'µs':>9}   {'alternative':30} {'µs':>9}   ratio")
    for name, fn, alt_name, alt in rows:
        t, ta = best(fn, 200), best(alt, 200)
        print(f"{name:24} {t * 1e6:9.1f}   {alt_name:30} {ta * 1e6:9.1f}   {t / ta:6.1f}x")


if __name__ == "__main__":
    main()
