"""A second, independent reader written with cffi.

It reads the header, list and int fields by address using only the offsets
documented in the layouts dossier (tests/data), and must agree with
pyinspect's compiled reads.
"""

from __future__ import annotations

import pytest

import pyinspect

from conftest import FT, PY

cffi = pytest.importorskip("cffi")
ffi = cffi.FFI()


def read(address: int, offset: int, ctype: str) -> int:
    return ffi.cast(f"{ctype} *", address + offset)[0]


def field(dossier, struct, name):
    return dossier[struct][name]


def test_header(dossier):
    objs = [[1], object(), 1.5, "abc", (1,), {"a": 1}]
    for o in objs:
        lay = pyinspect.layout(o)
        t_off, _ = field(dossier, "PyObject", "ob_type")
        assert read(id(o), t_off, "uintptr_t") == lay.type_address
        if not FT:
            word = read(id(o), 0, "int64_t")
            stored = word & 0xFFFFFFFF if PY >= (3, 14) else word
            assert stored == lay.refcnt  # pyinspect's temporaries are gone now


def test_list(dossier):
    lst = [object() for _ in range(7)]
    lst.append(None)
    lay = pyinspect.layout(lst)
    size_off, _ = field(dossier, "PyVarObject", "ob_size")
    item_off, _ = field(dossier, "PyListObject", "ob_item")
    alloc_off, _ = field(dossier, "PyListObject", "allocated")
    assert read(id(lst), size_off, "ssize_t") == lay.size == 8
    assert read(id(lst), alloc_off, "ssize_t") == lay.allocated
    array = read(id(lst), item_off, "uintptr_t")
    assert array == lay.ob_item
    assert tuple(read(array, 8 * i, "uintptr_t") for i in range(lay.size)) == lay.items


@pytest.mark.parametrize("n", [0, 7, -7, 2**31, -(2**75), 10**40])
def test_int(dossier, n):
    n = int(str(n))
    lay = pyinspect.layout(n)
    if PY >= (3, 12):
        base = field(dossier, "PyLongObject", "long_value")[0]
        tag = read(id(n), base + field(dossier, "_PyLongValue", "lv_tag")[0], "uintptr_t")
        assert tag == lay.lv_tag
        ndigits = tag >> 3
        digits_at = base + field(dossier, "_PyLongValue", "ob_digit")[0]
    else:
        size = read(id(n), field(dossier, "PyVarObject", "ob_size")[0], "ssize_t")
        assert size == lay.ob_size
        ndigits = abs(size)
        digits_at = field(dossier, "PyLongObject", "ob_digit")[0]
    digits = tuple(read(id(n), digits_at + 4 * i, "uint32_t") for i in range(ndigits))
    assert digits == lay.digits
