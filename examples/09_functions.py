"""Functions are objects: a function is a struct holding code, globals, defaults.

    python examples/09_functions.py [--save DIR]
"""

import sys

from _lesson import Lesson

import pyinspect

L = Lesson("Functions as objects", """
`def` builds a function object at run time: it points at a code object (the
compiled body, shared by every function made from the same def), the module's
globals, the default values and, for closures, the cells.  Functions can be stored,
passed and returned like any other object.""")


def scale(x, factor=2):
    """Multiply x by factor."""
    return x * factor


L.step("a function object")
lay = pyinspect.layout(scale)
L.show(lay, "function")
L.fact(lay.type_name == "function", "its type is function")
if hasattr(lay, "code_address"):
    L.fact(lay.code_address == id(scale.__code__), "func_code points at the code object")
    L.fact(lay.globals_address == id(globals()), "func_globals is this module's namespace")
else:
    L.later("function reader", "func_code, func_globals, defaults and closure drawn as fields")

L.step("the code object is shared, the defaults are stored once")
L.fact(scale.__defaults__ == (2,), "the default factor=2 was evaluated once, at def time")


def make():
    def inner(y):
        return y + 1

    return inner


f1, f2 = make(), make()
L.fact(f1 is not f2 and f1.__code__ is f2.__code__, "two calls of make(): two functions, one code object")

L.step("functions are values: stored, passed, returned")
ops = {"double": scale, "inc": f1}
pic = pyinspect.names(globals(), only=["scale", "ops", "f1", "f2"])
L.show(pic, "names_functions")
L.fact(pic.target("scale").type_name == "function", "the name scale is bound to a function object")
L.fact(pic.target("scale").refcnt >= 2, "the dict ops holds a second reference to scale")
L.fact(list(map(ops["double"], [1, 2])) == [2, 4], "passed to map() like any value")

L.step("a mutable default is shared between calls")


def append_to(item, bucket=[]):  # noqa: B006 - the lesson's point
    bucket.append(item)
    return bucket


append_to(1)
second = append_to(2)
L.fact(second == [1, 2], "the same default list collects items across calls")
L.show(pyinspect.layout(append_to.__defaults__), "defaults_tuple")

sys.exit(L.done())
