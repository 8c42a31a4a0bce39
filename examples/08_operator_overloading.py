"""Operator overloading: which method Python calls for a + b, and in what order.

    python examples/08_operator_overloading.py [--save DIR]
"""

import sys

from _lesson import Lesson

import pyinspect

L = Lesson("Operator overloading", """
`a + b` calls type(a).__add__(a, b); if that returns NotImplemented (or does not
exist), Python tries type(b).__radd__(b, a).  If b's type is a subclass of a's and
overrides the reflected method, b goes first.  Types keep these methods in slots
(nb_add, ...) of their type object.""")

calls = []


class Vector:
    def __init__(self, x, y):
        self.x, self.y = x, y

    def __add__(self, other):
        calls.append("Vector.__add__")
        if not isinstance(other, Vector):
            return NotImplemented
        return Vector(self.x + other.x, self.y + other.y)

    def __radd__(self, other):
        calls.append("Vector.__radd__")
        if other == 0:  # so sum() works
            return self
        return NotImplemented

    def __mul__(self, k):
        calls.append("Vector.__mul__")
        return Vector(self.x * k, self.y * k)

    __rmul__ = __mul__


class Vector3(Vector):
    def __radd__(self, other):
        calls.append("Vector3.__radd__")
        return Vector3(self.x + other.x, self.y + other.y)


v, w = Vector(1, 2), Vector(3, 4)

L.step("v + w")
if hasattr(pyinspect, "dispatch"):
    L.show(pyinspect.dispatch(v, "+", w), "dispatch_add")
else:
    L.later("pyinspect.dispatch", "the list of methods Python tries, without calling them")
calls.clear()
u = v + w
L.fact(calls == ["Vector.__add__"] and (u.x, u.y) == (4, 6), "v + w called Vector.__add__ only")

L.step("0 + v: int.__add__ gives up, Vector.__radd__ answers (this is how sum() works)")
calls.clear()
total = sum([v, w])
L.fact(calls[0] == "Vector.__radd__" and (total.x, total.y) == (4, 6), "sum() started with 0 + v → v.__radd__(0)")

L.step("v + Vector3(...): the subclass's reflected method goes first")
v3 = Vector3(10, 20)
if hasattr(pyinspect, "dispatch"):
    L.show(pyinspect.dispatch(v, "+", v3), "dispatch_subclass")
calls.clear()
r = v + v3
L.fact(calls == ["Vector3.__radd__"] and type(r) is Vector3, "Vector3.__radd__ ran before Vector.__add__")

L.step("2 * v: int does not know Vector, so Vector.__rmul__ runs")
calls.clear()
r = 2 * v
L.fact(calls == ["Vector.__mul__"] and (r.x, r.y) == (2, 4), "__rmul__ (= __mul__) ran")

L.step("the type object keeps the methods in slots")
L.show(pyinspect.layout(Vector), "type_vector")

sys.exit(L.done())
