"""Functions are objects: closures, late binding, classes, operator dispatch
and the generator behind @contextmanager, shown from their structs.

Run: ``python examples/functions_types_dispatch.py``
"""

from __future__ import annotations

import contextlib

import pyinspect


def make_threshold_filter(threshold):
    """A closure factory: keep() captures `threshold` in a cell."""
    def keep(score):
        return score >= threshold
    return keep


class Model:
    def __init__(self, weights):
        self.weights = weights

    def __call__(self, x):
        return sum(w * x for w in self.weights)

    def __eq__(self, other):
        return NotImplemented


class Scaled(Model):
    def __rmul__(self, k):
        return Scaled([k * w for w in self.weights])


@contextlib.contextmanager
def opened(path):
    handle = {"path": path}
    try:
        yield handle
    finally:
        handle.clear()


def main() -> None:
    # function -> closure tuple -> cell -> 0.85
    pyinspect.show(make_threshold_filter(0.85))

    # late binding: the three lambdas share one cell (refcnt 3, same address) ...
    shared = []
    for i in range(3):
        shared.append(lambda: i)  # noqa: B023 (late binding is the point)
    pyinspect.show(shared[0])
    # ... while t=t copies the value into each function's defaults
    pyinspect.show([lambda t=t: t for t in range(3)][0])

    # a class hierarchy: which slots hold C functions, which call Python dunders
    model = Scaled([0.5, 2.0])
    pyinspect.show(type(model))

    # what Python tries for 2 * model, in order, without running any of it
    pyinspect.show(pyinspect.dispatch(2, "*", model))

    # what @contextmanager keeps between __enter__ and __exit__
    cm = opened("data.txt")
    cm.__enter__()
    pyinspect.show(cm.gen)
    cm.__exit__(None, None, None)


if __name__ == "__main__":
    main()
