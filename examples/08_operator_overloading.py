"""Operator overloading: which method Python calls for a + b, and in what order.

    python examples/08_operator_overloading.py [--save DIR]

pyinspect.dispatch(a, op, b) reads both types' slot tables and dicts and
lists the methods Python will try, without calling any of them; the lesson
then evaluates the expression and checks that the methods really ran in
that order.
"""

import sys

from _lesson import Lesson

import pyinspect

L = Lesson("Operator overloading", """
`a + b` calls type(a).__add__(a, b); if that returns NotImplemented (or does not
exist), Python tries type(b).__radd__(b, a).  If b's type is a subclass of a's and
overrides the reflected method, b goes first.  Types keep these methods in slots
(nb_add, tp_richcompare, ...) of their type object: a class written in Python gets
CPython's generic slot function, which looks the dunder up and calls it.""")

calls = []


class Vector:
    def __init__(self, x, y):
        self.x, self.y = x, y

    def __add__(self, other):
        calls.append("Vector.__add__")
        if not isinstance(other, Vector):
            return NotImplemented
        return type(other)(self.x + other.x, self.y + other.y)

    def __radd__(self, other):
        calls.append("Vector.__radd__")
        if other == 0:  # so sum() works
            return self
        return NotImplemented

    def __mul__(self, k):
        calls.append("Vector.__mul__")
        if not isinstance(k, (int, float)):
            return NotImplemented
        return Vector(self.x * k, self.y * k)

    __rmul__ = __mul__

    def __eq__(self, other):
        calls.append("Vector.__eq__")
        if not isinstance(other, Vector):
            return NotImplemented
        return (self.x, self.y) == (other.x, other.y)

    __hash__ = None


class Vector3(Vector):
    def __radd__(self, other):
        calls.append("Vector3.__radd__")
        return Vector3(self.x + other.x, self.y + other.y)


def tried(plan):
    """The Python methods of a plan, as the calls list records them."""
    return [f"{s.type_name}.{s.method}" for s in plan if s.kind == "python"]


v, w = Vector(1, 2), Vector(3, 4)

L.step("v + w: the left operand's __add__ answers")
plan = pyinspect.dispatch(v, "+", w)
L.show(plan, "dispatch_add")
calls.clear()
u = v + w
L.fact(tried(plan) == ["Vector.__add__"], "both are Vector: only __add__ is tried (no __radd__ for the same type)")
L.fact(calls == ["Vector.__add__"] and (u.x, u.y) == (4, 6), "v + w called Vector.__add__ only")

L.step("0 + v: int.__add__ gives up, Vector.__radd__ answers (this is how sum() works)")
plan = pyinspect.dispatch(0, "+", v)
L.show(plan, "dispatch_radd")
L.fact([s.kind for s in plan][:2] == ["c", "python"] and plan[0].type_name == "int",
       "int's nb_add is a C function; then Vector.__radd__")
calls.clear()
total = sum([v, w])
L.fact(calls[0] == "Vector.__radd__" and (total.x, total.y) == (4, 6), "sum() started with 0 + v → v.__radd__(0)")

L.step("v + Vector3(...): the subclass's reflected method goes first")
v3 = Vector3(10, 20)
plan = pyinspect.dispatch(v, "+", v3)
L.show(plan, "dispatch_subclass")
L.fact(plan[0].operand == "right" and str(plan[0]) == "Vector3.__radd__(b, a)",
       "step 1 is the right operand's Vector3.__radd__(b, a)")
calls.clear()
r = v + v3
L.fact(calls == tried(plan)[:1] and type(r) is Vector3, "Vector3.__radd__ ran, and Vector.__add__ never did")

L.step("2 * v: int does not know Vector, so Vector.__rmul__ runs")
plan = pyinspect.dispatch(2, "*", v)
L.show(plan, "dispatch_rmul")
calls.clear()
r = 2 * v
L.fact(tried(plan) == ["Vector.__rmul__"] and calls == ["Vector.__mul__"] and (r.x, r.y) == (2, 4),
       "the plan's Vector.__rmul__ is Vector.__mul__ under a second name, and it ran")

L.step("v == 'a': both __eq__ give up, and == falls back to identity")
plan = pyinspect.dispatch(v, "==", "a")
L.show(plan, "dispatch_eq")
calls.clear()
same = v == "a"
L.fact(calls == ["Vector.__eq__"] and same is False, "Vector.__eq__ returned NotImplemented, str's too: not equal")
L.fact(plan[-1].kind == "fallback" and str(plan[-1]) == "a is b", "the last step is the identity test")

L.step("the type object keeps the methods in slots")
lay = pyinspect.layout(Vector3)
L.show(lay, "type_vector3")
L.fact(lay.mro_names == tuple(t.__name__ for t in Vector3.__mro__), "tp_mro: Vector3 → Vector → object")
L.fact(lay.slot("nb_add").state == "python" and "Vector3.__radd__" in lay.slot("nb_add").dunders,
       "nb_add is CPython's slot_nb_add, calling Vector.__add__ / Vector3.__radd__")
L.fact(lay.slot("tp_hash").function == "PyObject_HashNotImplemented", "__hash__ = None: tp_hash refuses")
L.fact(pyinspect.layout(int).slot("nb_add").state == "c", "int's nb_add is a C function")

sys.exit(L.done())
