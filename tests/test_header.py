"""The PyObject header of any object, against independent oracles."""

from __future__ import annotations

import ctypes
import gc
import sys

import pytest

import pyinspect

from conftest import FT, GC_HEAD, PY

SAMPLES = [
    0, 1, -7, 2**100, True, None, 0.5, 1 + 2j, "", "abc", "café", "€", "😀", b"", b"xyz",
    bytearray(b"ab"), [], [1, 2], (), (1, "a"), {}, {"a": 1}, set(), frozenset({1}),
    range(3), slice(1, 2), object(), type, int, len, print, Ellipsis, NotImplemented,
    sys, ValueError("x"), memoryview(b"ab"), iter([]), lambda: 0,
]


@pytest.mark.parametrize("obj", SAMPLES, ids=lambda o: type(o).__name__)
def test_address_and_type(obj):
    h = pyinspect.layout(obj).header
    assert h.address == id(obj)
    assert h.type_address == id(type(obj))
    assert h.basicsize == type(obj).__basicsize__
    assert h.itemsize == type(obj).__itemsize__
    assert h.tp_flags == type(obj).__flags__
    assert h.type_name.rpartition(".")[2] == type(obj).__name__
    assert h.gc_tracked == gc.is_tracked(obj)


@pytest.mark.parametrize("obj", SAMPLES, ids=lambda o: type(o).__name__)
def test_layout_exposes_header_fields_at_top_level(obj):
    lay = pyinspect.layout(obj)
    names = ["address", "type_name", "type_address", "refcnt", "refcnt_raw", "immortal", "allocated_bytes"]
    if lay.family != "type":  # a type's own basicsize is the instances' size (__basicsize__)
        names.append("basicsize")
    for name in names:
        assert getattr(lay, name) == getattr(lay.header, name)


BUILTIN_SIZES = [
    0, 1, 2**30, 2**60, -(2**90), 10**100, True, False, 1.5, 2j, "", "hello", "h\xe9llo",
    "h\u20acllo", "h\U0001F600llo", b"", b"x" * 100, [], [1, 2, 3], list(range(50)), (),
    (1, 2), tuple(range(20)), bytearray(b"abc"), object(), range(10),
]


@pytest.mark.parametrize("obj", BUILTIN_SIZES, ids=lambda o: f"{type(o).__name__}")
def test_size_matches_getsizeof(obj):
    h = pyinspect.layout(obj).header
    assert h.allocated_bytes + h.gc_head_bytes == sys.getsizeof(obj)
    assert pyinspect.sizeof(obj) == sys.getsizeof(obj)


def test_gc_head_is_counted_only_for_gc_objects():
    assert pyinspect.layout([]).header.gc_head_bytes == GC_HEAD
    assert pyinspect.layout(1.5).header.gc_head_bytes == 0
    assert pyinspect.layout(int).header.gc_head_bytes == 0  # static types have none


def test_flags_are_named():
    assert "HEAPTYPE" not in pyinspect.layout([]).header.flags
    assert "LIST_SUBCLASS" in pyinspect.layout([]).header.flags

    class C:
        pass

    assert "HEAPTYPE" in pyinspect.layout(C()).header.flags


@pytest.mark.skipif(FT, reason="GIL builds store one refcount word")
def test_raw_word_is_the_stored_word():
    x = [1]
    lay = pyinspect.layout(x)
    # another reader: the 8 bytes at the object's address, read now that
    # pyinspect's own references are gone
    word = ctypes.c_int64.from_address(id(x)).value
    assert lay.refcnt == (word & 0xFFFFFFFF if PY >= (3, 14) else word)
    raw = lay.refcnt_raw
    assert lay.header.refcnt_stored == (raw & 0xFFFFFFFF if PY >= (3, 14) else raw)
    assert lay.header.refcnt_stored - lay.header.transient_refs == lay.refcnt
    if PY >= (3, 14):
        assert lay.header.refcnt_fields["ob_refcnt"] == raw & 0xFFFFFFFF
        assert lay.header.refcnt_fields["ob_flags"] == (word >> 48) & 0xFFFF


@pytest.mark.skipif(PY < (3, 12), reason="immortal objects are 3.12+ (PEP 683)")
@pytest.mark.parametrize("obj", [None, True, False, 5, (), "", int])
def test_immortal_singletons(obj):
    lay = pyinspect.layout(obj)
    assert lay.immortal
    assert lay.refcnt == sys.getrefcount(obj)


def test_mortal_objects_are_not_immortal():
    assert not pyinspect.layout([]).immortal
    assert not pyinspect.layout(object()).immortal


@pytest.mark.skipif(PY >= (3, 12), reason="before 3.12 nothing is immortal")
def test_nothing_immortal_before_312():
    assert not pyinspect.layout(None).immortal


@pytest.mark.skipif(FT, reason="free-threaded raw words are (ob_ref_local, ob_ref_shared)")
def test_refcnt_raw_is_int_on_gil_builds():
    assert isinstance(pyinspect.layout([]).refcnt_raw, int)


@pytest.mark.skipif(not FT, reason="free-threaded builds only")
def test_refcnt_raw_free_threaded():
    local, shared = pyinspect.layout([]).refcnt_raw
    assert local >= 0
    assert isinstance(shared, int)


def test_to_dict_is_json_able():
    import json

    for obj in SAMPLES:
        json.dumps(pyinspect.layout(obj).to_dict())
