"""Hand-built Layouts for renderer tests: fixed inputs, no live objects."""

from __future__ import annotations

import dataclasses
import struct
from typing import Any

from pyinspect import bits
from pyinspect.model import (
    BytesLayout,
    DictLayout,
    FloatLayout,
    FrozenDictLayout,
    Header,
    IntLayout,
    ItemSummary,
    ListLayout,
    NameRef,
    NamesLayout,
    ObjectNode,
    ProbeResult,
    ProbeStep,
    SetLayout,
    SlotRef,
    StrLayout,
    TableStats,
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


def table_stats(slots: int, used: int, dummies: int = 0, deleted: int = 0, hist: tuple = (1,)) -> TableStats:
    return TableStats(
        slots=slots, used=used, live=used, dummies=dummies, empty=slots - used - dummies, absent=0,
        deleted=deleted, bad=0, measured=sum(hist), unreachable=0, collisions=sum(hist[1:]),
        probe_sum=sum((k + 1) * n for k, n in enumerate(hist)), probe_max=len(hist), histogram=hist,
        histogram_cap=32, load_factor=used / slots, probe_mean=1.0,
    )


def dict_layout(**over: Any) -> DictLayout:
    """{'lr': 0.01, 'x': 10} after a deleted key: 8 slots, 5 entries allocated.

    Entry 0 'lr' (hash 123, home 3) sits in slot 3; entry 1 (hash 8, home 0)
    was deleted, leaving DUMMY in slot 0; entry 2 'x' (hash 256, home 0)
    went past that DUMMY to slot 1 ((0*5 + (256 >> 5) + 1) & 7 == 1): two probes.
    """
    s = lambda a, v: ItemSummary(a, "str", v)  # noqa: E731
    kw: dict[str, Any] = dict(
        header=header(type_name="dict", basicsize=48, object_bytes=48, allocated_bytes=48), used=2,
        keys_kind="general", log2_size=3, capacity=8, index_width=1, usable=2, nentries=3,
        indices=(-2, 2, -1, 0, -1, -1, -1, -1),
        entries=((123, 0x3000, 0x4000), (8, None, None), (256, 0x3100, 0x5000)), values=None,
        source="dict", dict_address=None, version_tag=0, keys_address=0x6000, values_address=None,
        dk_kind=0, dk_refcnt=1, immortal_keys=False, log2_index_bytes=3, dk_version=0, dk_lookup=None,
        entries_capacity=5, entry_size=24, indices_address=0x6020, entries_address=0x6028,
        empty_keys=False, empty_values=False, values_capacity=None, values_size=None,
        values_embedded=None, values_valid=None, order=None, indices_head=8, indices_omitted=0,
        entries_head=3, entries_omitted=0, entry_slots=((3, 1), None, (1, 2)),
        keys=(s(0x3000, "'lr'"), None, s(0x3100, "'x'")),
        values_shown=(ItemSummary(0x4000, "float", "0.01"), None, ItemSummary(0x5000, "int", "10")),
        stats=table_stats(8, 2, dummies=1, deleted=1, hist=(1, 1)),
    )
    kw.update(over)
    return DictLayout(**kw)


def frozendict_layout(h: Any = None) -> FrozenDictLayout:
    lay = dict_layout()
    fields = {f.name: getattr(lay, f.name) for f in dataclasses.fields(lay)}
    fields["header"] = header(type_name="frozendict")
    return FrozenDictLayout(**fields, hash=h)


def big_dict_layout(capacity: int = 1 << 16, used: int = 40000, ihead: int = 96, itail: int = 32,
                    ehead: int = 12, etail: int = 4) -> DictLayout:
    """A big dict read in windows: the first/last index slots and entries."""
    indices = tuple(-1 if k % 2 == 0 else k // 2 for k in range(ihead)) + tuple(-1 for _ in range(itail))
    read = ehead + etail
    entries = tuple((k, 0x10000 + k, 0x20000 + k) for k in range(read))
    sums = tuple(ItemSummary(0x10000 + k, "int", str(k)) for k in range(read))
    return dict_layout(
        used=used, log2_size=16, capacity=capacity, index_width=4, usable=43690 - used, nentries=used,
        indices=indices, entries=entries, entries_capacity=43690, indices_head=ihead,
        indices_omitted=capacity - ihead - itail, entries_head=ehead, entries_omitted=used - read,
        entry_slots=tuple((k, 1) for k in range(read)), keys=sums, values_shown=sums,
        stats=table_stats(capacity, used, hist=(30000, 8000, 2000)),
    )


def set_layout(**over: Any) -> SetLayout:
    """{1, 9, 'a'} in 8 slots, one dummy: 1 (hash 1) in slot 1, 9 (hash 9,
    home 1) in slot 2 after a linear probe, a dummy in slot 4, 'a' in slot 6."""
    table = (None, (1, 0x1001), (9, 0x1009), None, "dummy", None, (1000006, 0x100A), None)
    keys = (None, ItemSummary(0x1001, "int", "1"), ItemSummary(0x1009, "int", "9"), None, None, None,
            ItemSummary(0x100A, "str", "'a'"), None)
    kw: dict[str, Any] = dict(
        header=header(type_name="set", basicsize=200, object_bytes=200, allocated_bytes=200), fill=4, used=3,
        mask=7, table=table, finger=0, table_address=0x7F0000001028, smalltable=True, smalltable_offset=40,
        hash=None, weakreflist=None, table_head=8, table_omitted=0,
        probes=(None, 1, 2, None, None, None, 1, None), keys=keys, stats=table_stats(8, 3, dummies=1, hist=(2, 1)),
    )
    kw.update(over)
    return SetLayout(**kw)


def probe_result(scheme: str = "dict", steps: tuple = (), result: str = "found", capacity: int = 8,
                 entry_index: Any = 2, value: Any = None) -> ProbeResult:
    return ProbeResult(
        container_address=0x7F0000001000, container_type=scheme, table_address=0x7F0000001000, scheme=scheme,
        key=ItemSummary(0x3100, "str", "'x'"), hash=256, mask=capacity - 1, capacity=capacity, used=2,
        keys_kind="general" if scheme == "dict" else None, linear_probes=9 if scheme == "set" else 0,
        steps=steps, result=result, entry_index=entry_index if result == "found" else None,
        value=value,
    )


def step(slot: int, status: str, index: int = 0, h: Any = None, key: Any = None) -> ProbeStep:
    return ProbeStep(slot=slot, status=status, index=index, perturb=256, hash=h,
                     key_address=None if key is None else key.address, value_address=None, key=key)


SVG_NS = "{http://www.w3.org/2000/svg}"


def classes(el: Any) -> set[str]:
    return set((el.get("class") or "").split())


def find(root: Any, tag: str, cls: str) -> list[Any]:
    """Elements ``tag`` whose class list contains every word of ``cls``."""
    want = set(cls.split())
    return [e for e in root.iter(SVG_NS + tag) if want <= classes(e)]


def texts(root: Any) -> list[str]:
    return [e.text or "" for e in root.iter(SVG_NS + "text")]

