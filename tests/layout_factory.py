"""Hand-built Layouts for renderer tests: fixed inputs, no live objects."""

from __future__ import annotations

import struct
from typing import Any

from pyinspect import bits
from pyinspect.model import (
    BytesLayout,
    FloatLayout,
    Header,
    IntLayout,
    ItemSummary,
    ListLayout,
    NameRef,
    NamesLayout,
    ObjectNode,
    SlotRef,
    StrLayout,
    TupleLayout,
)


def header(**kw: Any) -> Header:
    """A plausible GIL-build header; override any field."""
    values: dict[str, Any] = dict(
        address=0x7F0000001000, type_name="list", type_address=0x7F00AA000000, refcnt=1, refcnt_raw=1,
        refcnt_fields={"ob_refcnt": 1}, refcnt_stored=1, transient_refs=0, immortal=False, basicsize=40,
        itemsize=0, ob_size=None, tp_flags=0, gc_head_bytes=16, gc_tracked=True, preheader_bytes=0,
        object_bytes=40, buffer_bytes=0, allocated_bytes=40,
    )
    values.update(kw)
    return Header(**values)


def list_layout(values: list[str], allocated: int, omitted: int = 0, head: int = -1) -> ListLayout:
    items = tuple(0x10000 + 0x100 * i for i in range(len(values)))
    sums = tuple(ItemSummary(a, "int", v) for a, v in zip(items, values))
    size = len(values) + omitted
    return ListLayout(
        header=header(ob_size=size, buffer_bytes=8 * allocated, allocated_bytes=40 + 8 * allocated),
        size=size, allocated=allocated, ob_item=0x7F0000200000, items=items, items_omitted=omitted,
        items_head=len(values) if head < 0 else head, summaries=sums,
    )


def tuple_layout(values: list[str]) -> TupleLayout:
    items = tuple(0x20000 + 0x100 * i for i in range(len(values)))
    return TupleLayout(
        header=header(type_name="tuple", ob_size=len(values), basicsize=24, itemsize=8),
        size=len(values), items=items, items_omitted=0, items_head=len(values), hash=None, items_offset=24,
        summaries=tuple(ItemSummary(a, "str", v) for a, v in zip(items, values)),
    )


def float_layout(value: float) -> FloatLayout:
    raw = struct.pack("<d", value)
    fb = bits.float_bits(raw, "float64", "little")
    return FloatLayout(header=header(type_name="float", basicsize=24, gc_head_bytes=0, gc_tracked=False),
                       value=value, raw=raw, byteorder="little", sign=fb.sign, exponent=fb.exponent,
                       mantissa=fb.mantissa, offset=16)


def str_layout(text: str, kind: int) -> StrLayout:
    codec = {1: "latin-1", 2: "utf-16-le", 4: "utf-32-le"}[kind]
    data = text.encode(codec)
    return StrLayout(
        header=header(type_name="str", basicsize=40, gc_head_bytes=0, gc_tracked=False),
        length=len(text), kind=kind, ascii=all(ord(c) < 128 for c in text), compact=True,
        interned="not interned", interned_state=0, ready=None, statically_allocated=False, data=data,
        data_omitted=0, data_head=len(text), data_address=0x7F0000300000, utf8=None, utf8_length=None,
        utf8_is_data=False, utf8_address=None, utf8_omitted=0, hash=None, wstr_address=None,
        wstr_length=None, value=text,
    )


def int_layout(value: int) -> IntLayout:
    digits = []
    v = abs(value)
    while v:
        digits.append(v & ((1 << 30) - 1))
        v >>= 30
    sign = (value > 0) - (value < 0)
    return IntLayout(header=header(type_name="int", basicsize=24, gc_head_bytes=0, gc_tracked=False),
                     digits=tuple(digits), digit_bits=30, sign=sign, ndigits=len(digits),
                     lv_tag=(len(digits) << 3) | (0 if sign > 0 else 1 if sign == 0 else 2), ob_size=None,
                     small_int_cached=False, digits_offset=24, value=value)


def bytes_layout(data: bytes) -> BytesLayout:
    return BytesLayout(header=header(type_name="bytes", ob_size=len(data)), size=len(data), data=data,
                       data_omitted=0, data_head=len(data), hash=None, data_offset=32, terminator=0)


def node(address: int, type_name: str, refcnt: int, value: Any = None, names: tuple = (), depth: int = 0,
         slots: tuple = (), size: Any = None, allocated: Any = None, immortal: bool = False) -> ObjectNode:
    return ObjectNode(address=address, type_name=type_name, family=type_name, refcnt=refcnt, immortal=immortal,
                      value=value, names=names, depth=depth, size=size, allocated=allocated,
                      slots=tuple(SlotRef(i, t) for i, t in enumerate(slots)), slots_omitted=0,
                      slots_head=len(slots), sizeof=56)


def names_layout() -> NamesLayout:
    """a, b -> one list [1, 2] (refcnt 3: a, b and a slot of c); c -> [a, 'x']."""
    A, C, ONE, TWO, X = 0xA000, 0xC000, 0x1000, 0x2000, 0x3000
    objects = (
        node(A, "list", 3, names=("a", "b"), slots=(ONE, TWO), size=2, allocated=4),
        node(C, "list", 1, names=("c",), slots=(A, X), size=2, allocated=2),
        node(ONE, "int", 3221225472, "1", depth=1, immortal=True),
        node(TWO, "int", 3221225472, "2", depth=1, immortal=True),
        node(X, "str", 2, "'x'", depth=1),
    )
    return NamesLayout(header=header(type_name="dict", gc_head_bytes=16), source="dict",
                       names=(NameRef("a", A, "key"), NameRef("b", A, "key"), NameRef("c", C, "key")),
                       objects=objects, names_omitted=0, hidden=(), objects_omitted=0)


SVG_NS = "{http://www.w3.org/2000/svg}"


def classes(el: Any) -> set[str]:
    return set((el.get("class") or "").split())


def find(root: Any, tag: str, cls: str) -> list[Any]:
    """Elements ``tag`` whose class list contains every word of ``cls``."""
    want = set(cls.split())
    return [e for e in root.iter(SVG_NS + tag) if want <= classes(e)]


def texts(root: Any) -> list[str]:
    return [e.text or "" for e in root.iter(SVG_NS + "text")]

