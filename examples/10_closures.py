"""Closures: inner functions keep the variables they use in cells.

    python examples/10_closures.py [--save DIR]
"""

import sys

from _lesson import Lesson

import pyinspect

L = Lesson("Closures", """
A nested function that uses a variable of its enclosing function does not copy the
value: both functions share a cell object that holds it.  The inner function's
func_closure tuple points at the cells, each cell's ob_ref at the value.  That is
why lambdas made in a loop all see the loop variable's last value (late binding),
and why `t=t` defaults fix it: a default is evaluated when the lambda is made and
stored in the function's own defaults tuple.""")


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

L.step("the closure: function → func_closure tuple → cell → 0.85")
lay = pyinspect.layout(keep)
L.show(lay, "closure")
cells = keep.__closure__
L.fact(len(cells) == 1 and cells[0].cell_contents == 0.85, "keep.__closure__ has one cell holding 0.85")
L.fact(list(lay.closure) == [id(c) for c in cells], "pyinspect reads the same cell addresses")
L.fact(lay.cells[0].name == "threshold" and lay.code.freevars == ("threshold",),
       "the cell binds the free variable threshold (co_freevars)")
L.show(pyinspect.layout(cells[0]), "cell")
del cells

L.step("a cell can change: nonlocal writes through it")


def make_counter():
    count = 0

    def bump():
        nonlocal count
        count += 1
        return count

    return bump


counter = make_counter()
for _ in range(3):
    counter()
lay = pyinspect.layout(counter)
L.fact(lay.cells[0].contents.value == "3", "after three calls the cell holds 3: the variable outlived its frame")

L.step("late binding: three lambdas, one cell")
late = [lambda: i for i in range(3)]  # noqa: B023 - the lesson's point
L.fact([f() for f in late] == [2, 2, 2], "the loop's lambdas all return 2")
lay = pyinspect.layout(late[0])
L.show(lay, "late_binding_function")
L.fact(lay.cells[0].refcnt == 3, "its cell has 3 references: the three closure tuples")
pic = pyinspect.names({"late": late}, depth=3)
L.show(pic, "late_binding")
fns = [pic.node(s.target) for s in pic.target("late").slots]
targets = {s.target for f in fns for s in f.slots}
L.fact(len(targets) == 1 and targets == {id(late[0].__closure__[0])}, "the three functions point at one cell")
L.fact(list(pic.shared_cells) == list(targets), "the picture marks it shared")

L.step("early binding: t=t stores each value in the function's own defaults")
early = [lambda t=t: t for t in range(3)]
L.fact([f() for f in early] == [0, 1, 2], "t=t gives 0, 1, 2")
lay = pyinspect.layout(early[1])
L.show(lay, "early_binding_function")
L.fact(lay.closure is None and [s.value for s in lay.default_summaries] == ["1"],
       "no closure: the value 1 sits in func_defaults")
pic = pyinspect.names({"early": early}, depth=2)
L.show(pic, "early_binding")
fns = [pic.node(s.target) for s in pic.target("early").slots]
L.fact([[pic.node(s.target).value for s in f.slots] for f in fns] == [["0"], ["1"], ["2"]],
       "three functions, three defaults, nothing shared")
L.fact(len({f.slots[0].target for f in fns}) == 3 and not pic.shared_cells, "no cell is shared")

L.step("step through it: the cell changes under the lambdas as the loop runs")
STEPPED = """\
def make_late():
    fs = []
    for i in range(3):
        fs.append(lambda: i)
    return fs

def make_fixed():
    fs = []
    for i in range(3):
        fs.append(lambda i=i: i)
    return fs

late = make_late()
fixed = make_fixed()
values = [f() for f in late] + [f() for f in fixed]
"""
L.code(STEPPED)
run = pyinspect.steps(STEPPED, depth=3)
L.stepper(run, "steps_closures")
cell_moves = [c for s in run if s.function == "make_late" for c in s.changed("mutated") if c.type_name == "cell"]
L.fact(len(cell_moves) >= 2, f"in make_late the one cell's ob_ref moves as i changes ({len(cell_moves)} times)")
late_end = [s for s in run if s.function == "make_late"][-1]
(cell,) = late_end.names.shared_cells
L.fact(len(late_end.names.shared_cells[cell]) == 3, "when make_late returns, three lambdas share that cell")
fixed_end = [s for s in run if s.function == "make_fixed"][-1]
fns = [fixed_end.names.node(s.target) for s in fixed_end.names.target("fs").slots]
L.fact(not fixed_end.names.shared_cells and
       [fixed_end.names.node(f.slots[0].target).value for f in fns] == ["0", "1", "2"],
       "in make_fixed each lambda keeps its own default: 0, 1, 2, and no cell")
L.fact(run[-1].names.target("values").size == 6, "the run ends with values = [2, 2, 2, 0, 1, 2]")

sys.exit(L.done())
