"""Names and mutability: names are labels on objects; `b = a` adds a label.

    python examples/05_names_and_mutability.py [--save DIR]
"""

import sys

from _lesson import Lesson

import pyinspect

L = Lesson("Names and mutability", """
A name is a label bound to an object.  `b = a` does not copy: it puts a second
label on the same object, so a change made through b is seen through a.  Ints,
strs and tuples cannot change; lists, dicts and sets can.""")

L.step("b = a: two labels, one list")
a = [1, 2, 3]
b = a
L.show(pyinspect.names(globals(), only=["a", "b"]), "names_alias")
pic = pyinspect.names(globals(), only=["a", "b"])
L.fact(pic.target("a") is pic.target("b"), "a and b point at one object")
L.fact(pic.target("a").refcnt == 2, "its refcnt is 2: one per name")
b.append(4)
L.fact(a == [1, 2, 3, 4], "b.append(4) is seen through a")

L.step("a = a + [5] rebinds a to a new list")
a = a + [5]
pic = pyinspect.names(globals(), only=["a", "b"])
L.show(pic, "names_rebind")
L.fact(pic.target("a") is not pic.target("b"), "now a and b are different objects")
L.fact(pic.target("b").refcnt == 1, "the old list keeps one label, b")

L.step("ints are immutable: += makes a new object")
x = int("1000")
y = x
x += 1
pic = pyinspect.names(globals(), only=["x", "y"])
L.fact(pic.target("x").address != pic.target("y").address, "x += 1 bound x to a new int; y keeps 1000")

L.step("[[0] * 3] * 3 repeats one row three times")
grid = [[0] * 3] * 3
fixed = [[0] * 3 for _ in range(3)]
pic = pyinspect.names(globals(), only=["grid", "fixed"], depth=2)
L.show(pic, "names_grid")
rows = {s.target for s in pic.target("grid").slots}
L.fact(len(rows) == 1, "grid's three slots point at one row list")
L.fact(len({s.target for s in pic.target("fixed").slots}) == 3, "the comprehension makes three rows")
grid[0][0] = 9
L.fact(grid[1][0] == 9, "so grid[0][0] = 9 changes 'every' row")

L.step("a tuple cannot change, but the list inside it can")
t = (1, [2, 3])
pic = pyinspect.names(globals(), only=["t"])
L.show(pic, "names_tuple")
inner = pic.node(pic.target("t").slots[1].target)
t[1].append(4)
L.fact(inner.type_name == "list", "t's second slot points at a list, which append() changes in place")

L.step("names inside a function: the frame's local variables")


def f():
    local_list = [1, 2]
    alias = local_list  # noqa: F841 - read through the frame below
    return pyinspect.names(sys._getframe())


pic = f()
L.show(pic, "names_frame")
L.fact(pic.target("local_list") is pic.target("alias"), "local_list and alias are one object")
L.fact(pic.target("local_list").refcnt == 2, "refcnt 2: the two local variables")

L.step("step through it: pyinspect.steps() runs code and reads memory after every line")
STEPPED = """\
a = [1, 2, 3]
b = a
b.append(4)
a = a + [5]
x = int("1000")
y = x
x += 1
"""
L.code(STEPPED)
run = pyinspect.steps(STEPPED)
L.stepper(run, "steps_names_and_mutability")
after = {s.line: s for s in run}
L.fact(after[2].names.target("a").refcnt == 2 and after[2].names.target("b") is after[2].names.target("a"),
       "after `b = a`: one list, two labels, refcnt 2")
L.fact(any(c.name == "a" for c in after[4].changed("rebound")), "`a = a + [5]` rebinds a to a new list")
L.fact(any(c.name == "x" for c in after[7].changed("rebound")) and
       after[7].names.target("y").value == "1000", "`x += 1` rebinds x; y still points at 1000")

sys.exit(L.done())
