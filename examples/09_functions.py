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
passed and returned like any other object; `obj.method` makes a bound method that
remembers obj.""")


def scale(x, factor=2):
    """Multiply x by factor."""
    return x * factor


L.step("a function object")
lay = pyinspect.layout(scale)
L.show(lay, "function")
L.fact(lay.type_name == "function", "its type is function")
L.fact(lay.code_address == id(scale.__code__), "func_code points at the code object")
L.fact(lay.globals_address == id(globals()), "func_globals is this module's namespace")
L.fact(lay.defaults_address == id(scale.__defaults__) and [s.value for s in lay.default_summaries] == ["2"],
       "func_defaults is the tuple (2,), evaluated once, when def ran")
L.fact(lay.doc == scale.__doc__, "func_doc holds the docstring")

L.step("the code object: the compiled body")
code = pyinspect.layout(scale.__code__)
L.show(code, "code")
L.fact((code.argcount, code.varnames) == (2, ("x", "factor")), "co_argcount 2: x and factor are its local variables")
L.fact(code.firstlineno == scale.__code__.co_firstlineno, f"it starts at line {code.firstlineno}")
L.fact(code.bytecode_size == len(scale.__code__.co_code), f"{code.bytecode_size} bytes of bytecode")
L.fact("OPTIMIZED" in code.flags and "NESTED" not in code.flags, "a module-level function: not NESTED")


def make():
    def inner(y):
        return y + 1

    return inner


f1, f2 = make(), make()
L.fact(f1 is not f2 and pyinspect.layout(f1).code_address == pyinspect.layout(f2).code_address,
       "two calls of make(): two function objects, one code object")

L.step("functions are values: stored, passed, returned")
ops = {"double": scale, "inc": f1}
pic = pyinspect.names(globals(), only=["scale", "ops", "f1", "f2"])
L.show(pic, "names_functions")
L.fact(pic.target("scale").type_name == "function", "the name scale is bound to a function object")
L.fact(pic.target("scale").refcnt >= 2, "the dict ops holds a second reference to scale")
L.fact([s.label for s in pic.target("scale").slots] == ["factor="], "the picture follows scale to its default")
L.fact(list(map(ops["double"], [1, 2])) == [2, 4], "passed to map() like any value")

L.step("a mutable default is shared between calls")


def append_to(item, bucket=[]):  # noqa: B006 - the lesson's point
    bucket.append(item)
    return bucket


append_to(1)
second = append_to(2)
lay = pyinspect.layout(append_to)
L.show(lay, "mutable_default")
L.fact(second == [1, 2], "the same default list collects items across calls")
L.fact(lay.defaults == (id(second),), "func_defaults[0] is that one list")

L.step("a bound method: a function plus the object it was looked up on")


class Counter:
    def __init__(self):
        self.n = 0

    def bump(self):
        self.n += 1
        return self.n


c = Counter()
bump = c.bump
lay = pyinspect.layout(bump)
L.show(lay, "bound_method")
L.fact(lay.func_address == id(Counter.__dict__["bump"]), "im_func (__func__) is the function in the class")
L.fact(lay.self_address == id(c), "im_self (__self__) is c")
L.fact(c.bump is not c.bump, "each c.bump makes a new bound method object")
bump()
L.fact(c.n == 1, "calling it calls Counter.bump(c)")
pic = pyinspect.names(globals(), only=["c", "bump"], depth=1)
L.show(pic, "names_method")
L.fact([s.label for s in pic.target("bump").slots] == ["__func__", "__self__"]
       and pic.target("bump").slots[1].target == pic.target("c").address, "the method's __self__ is the object c")

sys.exit(L.done())
