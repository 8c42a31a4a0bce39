"""Closures: inner functions keep the variables they use in cells.

    python examples/10_closures.py [--save DIR]
"""

import sys

from _lesson import Lesson

import pyinspect

L = Lesson("Closures", """
A nested function that uses a variable of its enclosing function does not copy the
value: both functions share a cell object that holds it.  That is why lambdas made
in a loop all see the loop variable's last value (late binding), and why `i=i`
defaults fix it: a default is evaluated when the lambda is made.""")


def make_threshold_filter(threshold):
    def keep(x):
        return x >= threshold

    frame_names = pyinspect.names(sys._getframe())
    return keep, frame_names


keep, frame_names = make_threshold_filter(0.85)

L.step("the factory's frame: threshold lives in a cell")
L.show(frame_names, "factory_frame")
ref = next(r for r in frame_names.names if r.name == "threshold")
L.fact(ref.kind == "cell", "threshold is a cell variable of make_threshold_filter")
L.fact(frame_names.target("threshold").value == "0.85", "the cell holds 0.85")

L.step("the closure")
lay = pyinspect.layout(keep)
L.show(lay, "closure")
cells = keep.__closure__
L.fact(len(cells) == 1 and cells[0].cell_contents == 0.85, "keep.__closure__ has one cell holding 0.85")
if hasattr(lay, "closure"):
    L.fact(list(lay.closure or []) == [id(c) for c in cells], "pyinspect reads the same cell addresses")
else:
    L.later("function reader", "function → closure tuple → cells → contents, drawn")
L.show(pyinspect.layout(cells[0]), "cell")

L.step("late binding: three lambdas, one cell")
late = [lambda: i for i in range(3)]  # noqa: B023 - the lesson's point
early = [lambda i=i: i for i in range(3)]
L.fact([f() for f in late] == [2, 2, 2], "the loop's lambdas all return 2")
L.fact(len({id(f.__closure__[0]) for f in late}) == 1, "they share one cell")
L.fact([f() for f in early] == [0, 1, 2], "i=i stores each value as a default")
pic = pyinspect.names({"late": late, "early": early}, depth=1)
L.show(pic, "late_binding")

sys.exit(L.done())
