"""Inspecting runs none of the object's Python code and leaves nothing behind."""

from __future__ import annotations

import gc
import io
import tracemalloc

import pytest

import pyinspect

from conftest import PY

CALLS: list[str] = []


def _record(name):
    def method(self, *args, **kwargs):
        CALLS.append(name)
        raise AssertionError(f"pyinspect called {name}")

    return method


_DUNDERS = ["__repr__", "__str__", "__eq__", "__ne__", "__hash__", "__len__", "__sizeof__",
            "__getattr__", "__bool__", "__iter__", "__format__", "__dir__", "__lt__", "__index__",
            "__float__", "__int__", "__reduce__", "__reduce_ex__"]


class Meta(type):
    def __instancecheck__(cls, inst):
        CALLS.append("__instancecheck__")
        return False

    def __subclasscheck__(cls, sub):
        CALLS.append("__subclasscheck__")
        return False


def _hostile(base):
    ns = {name: _record(name) for name in _DUNDERS}

    def getattribute(self, name):
        CALLS.append(f"__getattribute__({name})")
        return object.__getattribute__(self, name)

    ns["__getattribute__"] = getattribute
    ns["__class__"] = property(lambda self: CALLS.append("__class__") or int)
    return Meta(f"Hostile{base.__name__}", (base,), ns)


BASES = [object, int, float, str, bytes, list, tuple, dict, set, frozenset, bytearray, complex]


def _make(base):
    cls = _hostile(base)
    samples = {int: (2**70,), float: (1.5,), str: ("h\xe9",), bytes: (b"ab",), list: ([1, 2],),
               tuple: ((1, 2),), dict: ({"a": 1},), set: ({1},), frozenset: ({1},),
               bytearray: (b"ab",), complex: (1j,)}
    obj = cls(*samples.get(base, ()))
    if base is object:
        obj.__dict__["attr"] = 1  # give it attributes without our code
    return obj


@pytest.mark.parametrize("base", BASES, ids=lambda b: b.__name__)
def test_layout_and_show_call_nothing(base):
    obj = _make(base)
    CALLS.clear()
    pyinspect.layout(obj)
    pyinspect.layout(obj, limit=2)
    pyinspect.show(obj, color=False, file=io.StringIO())
    pyinspect.sizeof(obj)
    assert CALLS == []


def test_items_of_containers_are_not_called():
    items = [_make(object), _make(int), _make(str)]
    CALLS.clear()
    pyinspect.show(items, color=False, file=io.StringIO())
    pyinspect.show(tuple(items), color=False, file=io.StringIO())
    assert CALLS == []


class Plain:
    def __init__(self, i):
        self.a = i
        self.b = "x"


def test_no_dict_materialized():
    objs = [Plain(i) for i in range(5000)]
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.take_snapshot()
        for o in objs:
            pyinspect.layout(o)
        gc.collect()
        after = tracemalloc.take_snapshot()
    finally:
        tracemalloc.stop()
    grown = sum(s.size_diff for s in after.compare_to(before, "filename") if s.size_diff > 0)
    # a materialized __dict__ costs >= 100 bytes each: 5,000 would be > 500 kB
    assert grown < 50_000, grown
    if PY >= (3, 11):
        lay = pyinspect.layout(objs[0])
        assert lay.dict_address is None and lay.values_address is not None


def test_instance_dict_facts():
    o = Plain(1)
    lay = pyinspect.layout(o)
    if PY >= (3, 11):
        assert lay.managed_dict and lay.dict_address is None
        assert id(1) in lay.values and id("x") in lay.values
    if PY >= (3, 13):
        assert lay.values_inline and lay.values_size == 2
        assert lay.values_address == id(o) + type(o).__basicsize__
    d = o.__dict__  # now it exists
    assert pyinspect.layout(o).dict_address == id(d)


def test_slots_class_has_no_dict():
    class S:
        __slots__ = ("x",)

    lay = pyinspect.layout(S())
    assert lay.dict_offset == 0 and lay.dict_address is None and lay.values == ()


def test_weakref_slot():
    import weakref

    o = Plain(1)
    assert pyinspect.layout(o).weakrefs_address is None
    r = weakref.ref(o)
    assert pyinspect.layout(o).weakrefs_address == id(r)


def test_no_reference_left_behind():
    o = Plain(2)
    before = pyinspect.layout(o).refcnt
    for _ in range(100):
        pyinspect.layout(o)
        pyinspect.show(o, file=io.StringIO(), color=False)
    assert pyinspect.layout(o).refcnt == before == 1
