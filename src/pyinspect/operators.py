"""``pyinspect.dispatch(a, op, b)``: which methods Python tries for ``a op b``, in order.

Computed from the two types' slot tables and dicts, read by the C extension;
no method of ``a``, ``b`` or their types runs.  The rules are CPython's:

Binary operators (``Objects/abstract.c: binary_op1``; ``ternary_op`` for
``**``): the left operand's number slot is tried first, then the right
operand's, unless the right operand's type is a proper subclass of the
left's with a different slot function, which then goes first.  Classes
written in Python get CPython's generic ``slot_nb_*`` function
(``Objects/typeobject.c: SLOT1BINFULL``), which calls ``a.__op__(b)`` and
then ``b.__rop__(a)``, and calls the reflected method first when the right
operand's type is a subclass that provides a *different* ``__rop__``
(``method_is_overloaded``).  ``+`` and ``*`` then fall back to sequence
concatenation/repetition (``sq_concat``, ``sq_repeat``).

Comparisons (``Objects/object.c: do_richcompare``): the reflected
comparison of the right operand goes first when its type is a proper
subclass of the left's; then ``a.__op__(b)``; then the right operand's
reflected comparison (``<`` ↔ ``>``, ``<=`` ↔ ``>=``, ``==`` and ``!=``
reflect to themselves); and finally identity for ``==``/``!=``.

Each step is tried only if every step before it returned ``NotImplemented``.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Optional

from pyinspect import arguments
from pyinspect.model import DispatchPlan, Step
from pyinspect.read_code import GENERIC, TypeInfo, c_owner, lookup, type_info

__all__ = ["dispatch", "BINARY_OPS", "COMPARISONS"]

#: operator -> (number slot, method, reflected method)
BINARY_OPS: dict[str, tuple[str, str, str]] = {
    "+": ("nb_add", "__add__", "__radd__"),
    "-": ("nb_subtract", "__sub__", "__rsub__"),
    "*": ("nb_multiply", "__mul__", "__rmul__"),
    "@": ("nb_matrix_multiply", "__matmul__", "__rmatmul__"),
    "/": ("nb_true_divide", "__truediv__", "__rtruediv__"),
    "//": ("nb_floor_divide", "__floordiv__", "__rfloordiv__"),
    "%": ("nb_remainder", "__mod__", "__rmod__"),
    "**": ("nb_power", "__pow__", "__rpow__"),
    "<<": ("nb_lshift", "__lshift__", "__rlshift__"),
    ">>": ("nb_rshift", "__rshift__", "__rrshift__"),
    "&": ("nb_and", "__and__", "__rand__"),
    "|": ("nb_or", "__or__", "__ror__"),
    "^": ("nb_xor", "__xor__", "__rxor__"),
}

#: operator -> (method, reflected method)  (``_Py_SwappedOp``)
COMPARISONS: dict[str, tuple[str, str]] = {
    "==": ("__eq__", "__eq__"),
    "!=": ("__ne__", "__ne__"),
    "<": ("__lt__", "__gt__"),
    "<=": ("__le__", "__ge__"),
    ">": ("__gt__", "__lt__"),
    ">=": ("__ge__", "__le__"),
}
_CMP_OF_METHOD = {m: op for op, (m, _r) in COMPARISONS.items()}


def dispatch(a: Any, op: str, b: Any) -> DispatchPlan:
    """The methods Python tries for ``a <op> b``, in order.

    Args:
        a: the left operand (none of its code runs).
        op: a binary operator (``+ - * @ / // % ** << >> & | ^``) or a
            comparison (``== != < <= > >=``).
        b: the right operand.

    Returns:
        A :class:`~pyinspect.model.DispatchPlan`: a list of
        :class:`~pyinspect.model.Step` (``type_name``, ``method``,
        ``reason``, ...), each tried only if all before it returned
        ``NotImplemented``, plus what happens when all of them do
        (``otherwise``).  ``pyinspect.show(plan)`` draws it.

    Raises:
        TypeError: ``op`` is not a str.
        ValueError: ``op`` is not one of the operators above.
    """
    op = arguments.choice(op, "op", (*BINARY_OPS, *COMPARISONS), what="one of the operators")
    ta, tb = type(a), type(b)
    ia, ib = type_info(ta), type_info(tb)
    if op in COMPARISONS:
        return _Comparison(ia, ib, op).plan()
    return _Binary(ia, ib, op).plan()


def _with_operand_types(steps: list[Step], ia: list[TypeInfo], ib: list[TypeInfo]) -> list[Step]:
    names = {"left": ia[0].short_name, "right": ib[0].short_name}
    return [dataclasses.replace(s, operand_type=names.get(s.operand or "")) for s in steps]


def _names(infos: list[TypeInfo]) -> str:
    return infos[0].short_name


def _is_subtype(sub: list[TypeInfo], sup: list[TypeInfo]) -> bool:
    """``PyType_IsSubtype``: ``sup`` is in ``sub``'s MRO."""
    return sup[0].address in sub[0].mro


def _fname(pointer: int) -> Optional[str]:
    from pyinspect.read_code import _KNOWN

    return _KNOWN.get(pointer)


class _Binary:
    def __init__(self, ia: list[TypeInfo], ib: list[TypeInfo], op: str) -> None:
        self.ia, self.ib, self.op = ia, ib, op
        self.slot, self.dunder, self.rdunder = BINARY_OPS[op]
        self.same = ia[0].address == ib[0].address
        self.steps: list[Step] = []
        self.notes: list[str] = []

    def plan(self) -> DispatchPlan:
        ia, ib, slot = self.ia, self.ib, self.slot
        sv = ia[0].slot(slot)
        sw = None if self.same else ib[0].slot(slot)
        if sw is not None and sw == sv:
            sw = None  # binary_op1: the same function is called once
        if sv is not None:
            if sw is not None and _is_subtype(ib, ia):
                self._call(sw, "w", f"type(b) {_names(ib)} is a subclass of type(a) {_names(ia)} "
                                    f"with its own {slot}: the right operand goes first")
                sw = None
            self._call(sv, "v", f"the left operand: {_names(ia)}'s {slot}")
        if sw is not None:
            self._call(sw, "w", f"then the right operand: {_names(ib)}'s {slot}")
        self._sequence_fallback()
        otherwise = (f"TypeError: unsupported operand type(s) for {self.op}: "
                     f"'{ia[0].name}' and '{ib[0].name}'")
        if self.steps and self.steps[-1].reason.startswith("sequence"):
            otherwise = ("the sequence method's result is final: it returns a value or raises "
                         "(a NotImplemented from it is not retried)")
        return DispatchPlan(_with_operand_types(self.steps, ia, ib), self.op, ia[0].name, ib[0].name,
                            otherwise, self.notes)

    # one call slotfn(a, b), expanded into the methods it tries
    def _call(self, fn: int, who: str, why: str) -> None:
        if GENERIC.get(self.slot) == fn:
            self._generic(who, why)
            return
        infos = self.ia if who == "v" else self.ib
        owner = c_owner(infos, self.slot, fn)
        method = self.dunder if who == "v" else self.rdunder
        operand = "left" if who == "v" else "right"
        call = f"{owner.short_name}.{method}(a, b)" if who == "v" else f"{owner.short_name}.{method}(b, a)"
        known = _fname(fn)
        self.steps.append(Step(owner.short_name, method,
                               f"{why}, a C function" + (f" ({known})" if known else "")
                               + (f" of {owner.short_name}" if owner is not infos[0] else ""),
                               operand, "c", call))

    def _generic(self, who: str, why: str) -> None:
        """CPython's slot_nb_* (SLOT1BINFULL) called as fn(a, b)."""
        ia, ib, slot = self.ia, self.ib, self.slot
        generic = GENERIC[slot]
        do_other = not self.same and ib[0].slot(slot) == generic
        if ia[0].slot(slot) == generic:
            if do_other and _is_subtype(ib, ia) and self._overloaded():
                self._method(ib, self.rdunder, "right",
                             f"type(b) {_names(ib)} is a subclass of type(a) {_names(ia)} and "
                             f"provides a different {self.rdunder}: the reflected method goes first")
                do_other = False
            self._method(ia, self.dunder, "left", f"{why} is CPython's generic slot_{slot}: "
                                                  f"it calls type(a).{self.dunder}")
            if self.same:
                self.notes.append(f"both operands are {_names(ia)}: {self.rdunder} is not tried")
                return
        if do_other:
            self._method(ib, self.rdunder, "right",
                         f"reflected: type(b) {_names(ib)} has a Python {self.slot}, "
                         f"so b.{self.rdunder}(a) is tried")

    def _overloaded(self) -> bool:
        """method_is_overloaded: type(b).__rop__ is not type(a).__rop__."""
        hb = lookup(self.ib, self.rdunder)
        if hb is None:
            return False
        ha = lookup(self.ia, self.rdunder)
        return ha is None or ha[1][0] != hb[1][0]

    def _method(self, infos: list[TypeInfo], name: str, operand: str, why: str) -> None:
        hit = lookup(infos, name)
        if hit is None:
            return  # vectorcall_maybe: no such method -> NotImplemented, nothing called
        owner, row = hit
        kind = "python" if row[1] not in ("slot_wrapper", "method_descriptor", "builtin") else "c"
        if row[1] == "none":
            why += f" ({owner.short_name}.{name} is None: calling it raises TypeError)"
        args = "(a, b)" if operand == "left" else "(b, a)"
        self.steps.append(Step(owner.short_name, name, why, operand, kind,
                               f"{owner.short_name}.{name}{args}"))

    def _sequence_fallback(self) -> None:
        """PyNumber_Add / PyNumber_Multiply: sq_concat, sq_repeat."""
        ia, ib = self.ia, self.ib
        if self.op == "+":
            p = ia[0].slot("sq_concat")
            if p is not None:
                owner = c_owner(ia, "sq_concat", p)
                self.steps.append(Step(owner.short_name, "__add__",
                                       f"sequence concatenation: {owner.short_name}'s sq_concat, "
                                       "after every number slot returned NotImplemented",
                                       "left", "c", f"{owner.short_name}.__add__(a, b)"))
        elif self.op == "*":
            pv, pw = ia[0].slot("sq_repeat"), ib[0].slot("sq_repeat")
            if pv is not None:
                owner = c_owner(ia, "sq_repeat", pv)
                self.steps.append(Step(owner.short_name, "__mul__",
                                       f"sequence repetition: {owner.short_name}'s sq_repeat, with b "
                                       "as the count (b.__index__())", "left", "c",
                                       f"{owner.short_name}.__mul__(a, b)"))
            elif pw is not None:
                owner = c_owner(ib, "sq_repeat", pw)
                self.steps.append(Step(owner.short_name, "__rmul__",
                                       f"sequence repetition: {owner.short_name}'s sq_repeat, with a "
                                       "as the count (a.__index__())", "right", "c",
                                       f"{owner.short_name}.__rmul__(b, a)"))


class _Comparison:
    def __init__(self, ia: list[TypeInfo], ib: list[TypeInfo], op: str) -> None:
        self.ia, self.ib, self.op = ia, ib, op
        self.method, self.reflected = COMPARISONS[op]
        self.steps: list[Step] = []
        self.notes: list[str] = []
        self.object_rc = self._object_richcompare()

    @staticmethod
    def _object_richcompare() -> Optional[int]:
        return type_info(object)[0].slot("tp_richcompare")

    def plan(self) -> DispatchPlan:
        ia, ib = self.ia, self.ib
        same = ia[0].address == ib[0].address
        checked_reverse = False
        fb = ib[0].slot("tp_richcompare")
        if not same and _is_subtype(ib, ia) and fb is not None:
            checked_reverse = True
            self._richcompare(ib, self.reflected, "right",
                              f"type(b) {_names(ib)} is a subclass of type(a) {_names(ia)}: "
                              "its reflected comparison goes first")
        if ia[0].slot("tp_richcompare") is not None:
            self._richcompare(ia, self.method, "left", f"the left operand: {_names(ia)}'s tp_richcompare")
        if not checked_reverse and fb is not None:
            self._richcompare(ib, self.reflected, "right",
                              f"reflected: b.{self.reflected}(a) on {_names(ib)}'s tp_richcompare")
        if self.op in ("==", "!="):
            self.steps.append(Step("object", "is", "default for == and !=: identity "
                                   f"({'a is b' if self.op == '==' else 'a is not b'})",
                                   None, "fallback", "a is b" if self.op == "==" else "a is not b"))
            otherwise = "never reached: identity always answers == and !="
        else:
            otherwise = (f"TypeError: '{self.op}' not supported between instances of "
                         f"'{ia[0].name}' and '{ib[0].name}'")
        return DispatchPlan(_with_operand_types(self.steps, ia, ib), self.op, ia[0].name, ib[0].name,
                            otherwise, self.notes)

    def _richcompare(self, infos: list[TypeInfo], method: str, operand: str, why: str,
                     depth: int = 0) -> None:
        """One call type(x)->tp_richcompare(x, y, op), expanded."""
        fn = infos[0].slot("tp_richcompare")
        if fn is None or depth > 2:
            return
        args = "(a, b)" if operand == "left" else "(b, a)"
        if fn == GENERIC.get("tp_richcompare"):
            # slot_tp_richcompare: look the dunder up on the type and call it
            hit = lookup(infos, method)
            if hit is None:
                return
            owner, row = hit
            if row[1] == "slot_wrapper" and row[3] == self.object_rc:
                self._object_default(infos, owner.short_name, method, operand, why, depth)
                return
            kind = "python" if row[1] not in ("slot_wrapper", "method_descriptor", "builtin") else "c"
            self.steps.append(Step(owner.short_name, method, why, operand, kind,
                                   f"{owner.short_name}.{method}{args}"))
            return
        if fn == self.object_rc:
            self._object_default(infos, "object", method, operand, why, depth)
            return
        owner = c_owner(infos, "tp_richcompare", fn)
        self.steps.append(Step(owner.short_name, method, f"{why}, a C function",
                               operand, "c", f"{owner.short_name}.{method}{args}"))

    def _object_default(self, infos: list[TypeInfo], owner: str, method: str, operand: str, why: str,
                        depth: int) -> None:
        """object_richcompare: == is identity (else NotImplemented), != asks
        type(self)'s tp_richcompare for == and inverts it, orderings return
        NotImplemented."""
        args = "(a, b)" if operand == "left" else "(b, a)"
        if method == "__ne__":
            self.steps.append(Step(owner, "__ne__", f"{why}: object's default __ne__ calls "
                                   "type(self)'s __eq__ and inverts the result", operand, "c",
                                   f"{owner}.__ne__{args}"))
            self._richcompare(infos, "__eq__", operand, "called by object.__ne__ (result inverted)", depth + 1)
            return
        what = {"__eq__": "True if they are the same object, else NotImplemented"}.get(
            method, "returns NotImplemented")
        self.steps.append(Step(owner, method, f"{why}: object's default ({what})", operand, "c",
                               f"{owner}.{method}{args}"))
