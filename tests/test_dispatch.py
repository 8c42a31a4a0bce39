"""pyinspect.dispatch(a, op, b) against what Python actually calls.

Oracle: classes whose dunders record each call and return NotImplemented.
Each expression is evaluated for real (separately from dispatch()); the
Python methods it called must be exactly the Python steps of the plan, in
order, when the expression fails with TypeError (every step returned
NotImplemented), and a prefix of them when some C step answered.
"""

from __future__ import annotations

import io
import itertools
import operator

import pytest

import pyinspect
from pyinspect.model import DispatchPlan, Step
from pyinspect.operators import BINARY_OPS, COMPARISONS

LOG: list[tuple[str, str]] = []

BIN_FUNCS = {
    "+": operator.add, "-": operator.sub, "*": operator.mul, "@": operator.matmul,
    "/": operator.truediv, "//": operator.floordiv, "%": operator.mod, "**": operator.pow,
    "<<": operator.lshift, ">>": operator.rshift, "&": operator.and_, "|": operator.or_,
    "^": operator.xor,
}
CMP_FUNCS = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
             ">": operator.gt, ">=": operator.ge}


def recorder(cls_name: str, name: str):
    def method(self, other):
        LOG.append((cls_name, name))
        return NotImplemented
    method.__name__ = name
    return method


def make(name: str, bases: tuple, names: tuple[str, ...]) -> type:
    ns = {n: recorder(name, n) for n in names}
    if "__eq__" in names and "__hash__" not in ns:
        ns["__hash__"] = object.__hash__  # keep instances hashable for readability
    return type(name, bases, ns)


def family(op: str) -> dict[str, type]:
    """A small zoo for one binary operator: every combination that matters
    for the reflected-operand and subclass rules."""
    _slot, d, r = BINARY_OPS[op]
    P = make("P", (object,), (d, r))
    Q = make("Q", (P,), (r,))        # subclass overriding the reflected method
    R = make("R", (P,), ())          # subclass inheriting both
    S = make("S", (object,), (d,))   # only the forward method
    T = make("T", (object,), (r,))   # only the reflected method
    U = make("U", (S,), (r,))        # adds a reflected method to S
    V = make("V", (int,), (r,))      # int subclass with its own reflected method
    W = make("W", (int,), (d,))      # int subclass with only a forward method
    X = make("X", (Q,), (d,))        # deeper: overrides forward, inherits Q's reflected
    Plain = make("Plain", (object,), ())
    return dict(P=P, Q=Q, R=R, S=S, T=T, U=U, V=V, W=W, X=X, Plain=Plain)


def operands(zoo: dict[str, type]) -> list[object]:
    objs: list[object] = []
    for cls in zoo.values():
        objs.append(cls(3) if issubclass(cls, int) else cls())
    objs += [2, True, 1.5, "s", [1], (1,), b"b", 1j]
    return objs


def python_steps(plan: DispatchPlan) -> list[tuple[str, str]]:
    return [(s.type_name, s.method) for s in plan if s.kind == "python"]


def evaluate(fn, a, b) -> tuple[bool, list[tuple[str, str]]]:
    """(every method returned NotImplemented, the recorded Python calls).

    Only the interpreter's own "unsupported" TypeError proves that every
    step was tried; any other result or error (str % x formatting, a
    sequence refusing a non-int count) ends the chain early."""
    LOG.clear()
    failed = False
    try:
        fn(a, b)
    except TypeError as e:
        failed = "unsupported operand" in str(e) or "not supported between" in str(e)
    except (ZeroDivisionError, OverflowError, ValueError, MemoryError):
        pass
    return failed, list(LOG)


def check(plan: DispatchPlan, failed: bool, calls: list[tuple[str, str]], a, op, b) -> None:
    expected = python_steps(plan)
    where = f"{type(a).__name__} {op} {type(b).__name__}: plan {plan!r}"
    if failed:
        assert calls == expected, where
    else:
        assert calls == expected[:len(calls)], where


@pytest.mark.parametrize("op", list(BINARY_OPS))
def test_binary_order_matches_python(op: str) -> None:
    # GIVEN a zoo of recording classes and builtin operands
    zoo = family(op)
    objs = operands(zoo)
    fn = BIN_FUNCS[op]
    for a, b in itertools.product(objs, objs):
        if op == "**" and type(a) in (int, float, complex, bool) and type(b) in (int, float, bool):
            continue  # huge or complex powers say nothing about dispatch
        if op in ("<<", ">>") and type(a) in (int, bool) and type(b) in (int, bool):
            continue
        # WHEN dispatch() plans it and Python evaluates it (separately)
        plan = pyinspect.dispatch(a, op, b)
        failed, calls = evaluate(fn, a, b)
        # THEN the Python methods called are the plan's Python steps
        check(plan, failed, calls, a, op, b)


def compare_family() -> dict[str, type]:
    names_all = ("__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__")
    A = make("A", (object,), names_all)
    B = make("B", (A,), ("__gt__", "__eq__"))      # subclass overriding some
    C = make("C", (A,), ())                        # subclass inheriting all
    D = make("D", (object,), ("__lt__",))          # only one comparison
    E = make("E", (object,), ("__eq__",))          # only ==, so != goes through object.__ne__
    F = make("F", (E,), ("__ne__",))               # adds its own !=
    G = make("G", (int,), ("__lt__", "__eq__"))    # int subclass
    Plain = make("Plain", (object,), ())
    return dict(A=A, B=B, C=C, D=D, E=E, F=F, G=G, Plain=Plain)


@pytest.mark.parametrize("op", list(COMPARISONS))
def test_comparison_order_matches_python(op: str) -> None:
    zoo = compare_family()
    objs = operands(zoo)
    fn = CMP_FUNCS[op]
    for a, b in itertools.product(objs, objs):
        plan = pyinspect.dispatch(a, op, b)
        failed, calls = evaluate(fn, a, b)
        check(plan, failed, calls, a, op, b)
        if op in ("==", "!="):
            assert plan[-1].kind == "fallback" and plan[-1].method == "is"
        else:
            assert all(s.kind != "fallback" for s in plan)


def test_comparison_same_object_identity() -> None:
    # == of an object with itself: the default answers True without a TypeError
    E = compare_family()["E"]
    e = E()
    plan = pyinspect.dispatch(e, "==", e)
    failed, calls = evaluate(operator.eq, e, e)
    assert not failed and calls == python_steps(plan)


# ---- documented orders -----------------------------------------------------------------


def test_int_times_user_vector() -> None:
    class Vector:
        def __rmul__(self, k):
            return NotImplemented

    plan = pyinspect.dispatch(2, "*", Vector())
    assert [(s.type_name, s.method, s.kind) for s in plan] == [
        ("int", "__mul__", "c"), ("Vector", "__rmul__", "python")]
    assert plan[0].operand == "left" and plan[1].operand == "right"
    assert "TypeError" in plan.otherwise
    assert isinstance(plan, list) and plan == list(plan)


def test_subclass_reflected_first() -> None:
    class Money:
        def __add__(self, o):
            return NotImplemented

        def __radd__(self, o):
            return NotImplemented

    class Euro(Money):
        def __radd__(self, o):
            return NotImplemented

    plan = pyinspect.dispatch(Money(), "+", Euro())
    assert [(s.type_name, s.method) for s in plan] == [("Euro", "__radd__"), ("Money", "__add__")]
    assert "subclass" in plan[0].reason


def test_subclass_without_different_reflected_method_goes_second() -> None:
    class Money:
        def __add__(self, o):
            return NotImplemented

        def __radd__(self, o):
            return NotImplemented

    class Euro(Money):
        pass

    plan = pyinspect.dispatch(Money(), "+", Euro())
    assert [s.operand_type for s in plan] == ["Money", "Euro"]
    # same slot function on both sides: binary_op1 calls it once, and the
    # inherited __radd__ is not "different", so a.__add__ goes first
    assert [(s.type_name, s.method) for s in plan] == [("Money", "__add__"), ("Money", "__radd__")]


def test_same_type_no_reflected() -> None:
    class N:
        def __add__(self, o):
            return NotImplemented

        def __radd__(self, o):
            return NotImplemented

    plan = pyinspect.dispatch(N(), "+", N())
    assert [(s.type_name, s.method) for s in plan] == [("N", "__add__")]


def test_builtin_orders() -> None:
    assert [(s.type_name, s.method) for s in pyinspect.dispatch(1, "+", 2)] == [("int", "__add__")]
    # bool inherits int's nb_add: the same function is tried once
    assert [(s.type_name, s.method) for s in pyinspect.dispatch(True, "+", 1)] == [("int", "__add__")]
    assert [(s.type_name, s.method) for s in pyinspect.dispatch(1, "+", 1.5)] == [
        ("int", "__add__"), ("float", "__radd__")]
    assert [(s.type_name, s.method) for s in pyinspect.dispatch([1], "+", [2])] == [("list", "__add__")]
    rep = pyinspect.dispatch(2, "*", [1])
    assert [(s.type_name, s.method) for s in rep] == [("int", "__mul__"), ("list", "__rmul__")]
    assert rep[-1].reason.startswith("sequence")
    assert [(s.type_name, s.method) for s in pyinspect.dispatch("a", "%", 1)] == [
        ("str", "__mod__"), ("int", "__rmod__")]


def test_comparison_builtin_and_swap() -> None:
    plan = pyinspect.dispatch(1, "<", 2.0)
    assert [(s.type_name, s.method) for s in plan] == [("int", "__lt__"), ("float", "__gt__")]
    assert "TypeError" in plan.otherwise
    plan = pyinspect.dispatch(object(), "==", object())
    assert [(s.type_name, s.method) for s in plan] == [("object", "__eq__"), ("object", "__eq__"),
                                                       ("object", "is")]


def test_unknown_operator() -> None:
    with pytest.raises(ValueError, match="operators"):
        pyinspect.dispatch(1, "+=", 2)
    with pytest.raises(TypeError, match="op must be a str"):  # a wrong type is a TypeError (arguments.py)
        pyinspect.dispatch(1, 3, 2)  # type: ignore[arg-type]


# ---- no user code runs -------------------------------------------------------------------


class Boom(type):
    """A metaclass whose attribute lookups and comparisons would raise."""

    def __getattribute__(cls, name):
        raise AssertionError(f"class attribute {name} looked up")

    def __eq__(cls, other):
        raise AssertionError("class compared")

    __hash__ = type.__hash__


def test_dispatch_runs_no_user_code() -> None:
    class Hostile(metaclass=Boom):
        def __add__(self, o):
            raise AssertionError("called")

        def __radd__(self, o):
            raise AssertionError("called")

        def __eq__(self, o):
            raise AssertionError("called")

        def __getattr__(self, n):
            raise AssertionError("getattr")

        def __repr__(self):
            raise AssertionError("repr")

    h = Hostile()
    plan = pyinspect.dispatch(h, "+", 1)
    assert [(s.type_name, s.method) for s in plan][0] == ("Hostile", "__add__")
    plan = pyinspect.dispatch(1, "==", h)
    assert ("Hostile", "__eq__") in [(s.type_name, s.method) for s in plan]


# ---- the plan and its picture --------------------------------------------------------------


def test_plan_to_dict_and_show() -> None:
    class Vector:
        def __rmul__(self, k):
            return NotImplemented

    plan = pyinspect.dispatch(2, "*", Vector())
    d = plan.to_dict()
    assert d["op"] == "*" and d["left_type"] == "int" and len(d["steps"]) == 2
    buf = io.StringIO()
    pyinspect.show(plan, color=False, width=120, file=buf)
    text = buf.getvalue()
    assert "int.__mul__(a, b)" in text and "Vector.__rmul__(b, a)" in text and "TypeError" in text


def test_render_hand_built_plan() -> None:
    from pyinspect.render import console
    from pyinspect.render.text_code import render_dispatch

    plan = DispatchPlan([Step("A", "__add__", "left first", "left", "python", "A.__add__(a, b)"),
                         Step("B", "__radd__", "then right", "right", "c", "B.__radd__(b, a)")],
                        "+", "A", "B", "TypeError: nope")
    buf = io.StringIO()
    console(buf, color=False, width=100).print(render_dispatch(plan))
    text = buf.getvalue()
    assert text.index("A.__add__(a, b)") < text.index("B.__radd__(b, a)")
    assert "C slot" in text and "Python" in text and "TypeError: nope" in text
