"""Builders of dict, set and frozenset Layouts, and of instance attribute
tables.

The C side reads; this module decodes the stored index bytes and pairs each
shown entry with a short description of its key and value.  No code of a
stored key or value runs (summaries come from the objects' own layouts).
"""

from __future__ import annotations

import dataclasses
from typing import Any, Optional

from pyinspect._native import _inspect
from pyinspect.arguments import MAX_SIZE, count
from pyinspect.model import (
    DictLayout,
    FrozenDictLayout,
    FrozenSetLayout,
    Header,
    ItemSummary,
    SetLayout,
    TableStats,
)
from pyinspect.read import register, summarize, window

__all__ = ["attributes", "decode_indices", "build_dict_layout"]

_INDEX_CODES = {1: "b", 2: "h", 4: "i", 8: "q"}


def decode_indices(raw: bytes, width: int) -> tuple[int, ...]:
    """Signed native-endian indices of ``width`` bytes each, as
    ``dictkeys_get_index`` reads them."""
    if not raw:
        return ()
    return tuple(memoryview(raw).cast(_INDEX_CODES[width]).tolist())


def _opt(v: int) -> Optional[int]:
    return None if v is None or v < 0 else v


#: entries (and set slots) described with a summary, from the start and
#: from the end of what was read: a picture never shows more
SUMMARY_HEAD = 256
SUMMARY_TAIL = 64
#: index slots read per row of ``limit``: empty runs are drawn as one row,
#: so a picture needs more slots than rows
SLOTS_PER_ROW = 8


def _summarized(n: int, i: int) -> bool:
    return i < SUMMARY_HEAD or i >= n - SUMMARY_TAIL


def _summary(obj: object, address: Optional[int]) -> Optional[ItemSummary]:
    return None if address is None else summarize(obj)


def slots_for(rows: Optional[int]) -> Optional[int]:
    """Index slots read for ``rows`` rows (None: all), saturating at
    ``sys.maxsize`` instead of passing the C reader a size it refuses."""
    return None if rows is None else min(rows, MAX_SIZE // SLOTS_PER_ROW) * SLOTS_PER_ROW


def _slot_window(limit: Optional[int]) -> tuple[Optional[int], Optional[int]]:
    """The window of index slots for ``limit`` rows (checked first)."""
    return window(slots_for(count(limit, "limit", minimum=1, none=True)))


def build_dict_layout(header: Header, raw: dict[str, Any]) -> DictLayout:
    """A DictLayout from ``read_dict``/``read_instance_dict``'s raw dict
    (whose ``objects`` are the ``(key, value)`` of the entries window)."""
    pairs = raw.pop("objects")
    entries = tuple(tuple(e) for e in raw["entries"])
    n = len(entries)
    keys = tuple(_summary(k, e[1]) if _summarized(n, i) else None
                 for i, ((k, _v), e) in enumerate(zip(pairs, entries)))
    values = tuple(_summary(v, e[2]) if _summarized(n, i) else None
                   for i, ((_k, v), e) in enumerate(zip(pairs, entries)))
    embedded = raw["values_embedded"]
    valid = raw["values_valid"]
    return DictLayout(
        header=header.with_sizes(raw.get("sizes")), used=raw["used"], keys_kind=raw["keys_kind"],
        log2_size=raw["log2_size"],
        capacity=raw["capacity"], index_width=raw["index_width"], usable=raw["usable"],
        nentries=raw["nentries"], indices=decode_indices(raw["indices_raw"], raw["index_width"]),
        entries=entries, values=raw["values"], source=raw["source"],
        dict_address=raw.get("dict_address"), version_tag=raw["version_tag"],
        keys_address=raw["keys_address"], values_address=raw["values_address"], dk_kind=raw["dk_kind"],
        dk_refcnt=raw["dk_refcnt"], immortal_keys=raw["immortal_keys"],
        log2_index_bytes=raw["log2_index_bytes"], dk_version=raw["dk_version"],
        dk_lookup=raw["dk_lookup"], entries_capacity=raw["entries_capacity"],
        entry_size=raw["entry_size"], indices_address=raw["indices_address"],
        entries_address=raw["entries_address"], empty_keys=raw["empty_keys"],
        empty_values=raw["empty_values"], values_capacity=_opt(raw["values_capacity"]),
        values_size=_opt(raw["values_size"]),
        values_embedded=None if embedded < 0 else bool(embedded),
        values_valid=None if valid < 0 else bool(valid), order=raw["order"],
        indices_head=raw["indices_head"], indices_omitted=raw["indices_omitted"],
        entries_head=raw["entries_head"], entries_omitted=raw["entries_omitted"],
        entry_slots=tuple(raw["entry_slots"]), keys=keys, values_shown=values,
        stats=TableStats.from_raw(raw["stats"]),
    )


@register("dict")
def _build_dict(obj: object, header: Header, limit: Optional[int]) -> DictLayout:
    head, tail = window(limit)
    shead, stail = _slot_window(limit)
    return build_dict_layout(header, _inspect.read_dict(obj, head, tail, shead, stail))


@register("frozendict")
def _build_frozendict(obj: object, header: Header, limit: Optional[int]) -> DictLayout:
    lay = _build_dict(obj, header, limit)
    h = _inspect.frozendict_hash(obj)
    fields = {f.name: getattr(lay, f.name) for f in dataclasses.fields(lay)}
    return FrozenDictLayout(**fields, hash=None if h == -1 else h)


def _build_set(obj: object, header: Header, limit: Optional[int]) -> SetLayout:
    head, tail = _slot_window(limit)
    raw = _inspect.read_set(obj, head, tail)
    objs = raw.pop("objects")
    cls = FrozenSetLayout if _inspect.family(obj) == "frozenset" else SetLayout
    table = tuple(r if r is None or r == "dummy" else tuple(r) for r in raw["table"])
    n = len(table)
    keys = tuple(summarize(k) if type(row) is tuple and _summarized(n, i) else None
                 for i, (k, row) in enumerate(zip(objs, table)))
    return cls(
        header=header.with_sizes(raw["sizes"]), fill=raw["fill"], used=raw["used"], mask=raw["mask"], table=table,
        finger=raw["finger"], table_address=raw["table_address"], smalltable=raw["smalltable"],
        smalltable_offset=raw["smalltable_offset"], hash=None if raw["hash"] == -1 else raw["hash"],
        weakreflist=raw["weakreflist"], table_head=raw["table_head"],
        table_omitted=raw["table_omitted"], probes=tuple(raw["probes"]), keys=keys,
        stats=TableStats.from_raw(raw["stats"]),
    )


register("set")(_build_set)
register("frozenset")(_build_set)


def attributes(obj: object, *, limit: Optional[int] = None) -> DictLayout:
    """The attribute table of an instance as a :class:`DictLayout`, read
    without materializing ``__dict__``.

    On 3.11+ an instance of an ordinary class keeps no dict until someone
    asks for ``__dict__``: its values sit in the pre-header (3.11/3.12) or
    inline after the object (3.13+) and its keys are the class's shared keys
    (``ht_cached_keys``).  Then the Layout has ``source == 'instance'`` and
    ``keys_kind == 'split'``.  When the instance already has a dict (always
    before 3.11), that dict is read (``source == '__dict__'``).

    Args:
        obj: any object with instance attributes; none of its code runs.
        limit: read about this many index slots and entries (head and
            tail), at least 1; ``None`` reads everything.

    Raises:
        TypeError: the object keeps no attribute table, or ``limit`` is
            not an int or None.
        ValueError, OverflowError: ``limit`` is out of range.
    """
    limit = count(limit, "limit", minimum=1, none=True)
    raw_header = _inspect.read_header(obj)
    return _attributes(obj, raw_header, limit)


def attribute_labels(obj: object, values: tuple[Optional[int], ...], limit: Optional[int]
                     ) -> tuple[tuple[Optional[str], ...], tuple[Optional[ItemSummary], ...]]:
    """The names of an instance's value slots (from the shared keys, in slot
    order) and what each slot holds, for the ``values`` that
    ``read_instance`` read: ``((name or None, ...), (summary or None, ...))``.

    The shared keys of a split table only grow, so slot ``i`` keeps its name;
    a value is described only while it is still the object ``values[i]``
    names (the instance may change between the two reads).
    """
    head, tail = window(limit)
    shead, stail = _slot_window(limit)
    raw = _inspect.read_instance_dict(obj, head, tail, shead, stail)
    if raw is None or raw["keys_kind"] != "split":
        return (), ()
    n = raw["nentries"]
    seen = len(raw["objects"])
    names: list[Optional[str]] = [None] * len(values)
    shown: list[Optional[ItemSummary]] = [None] * len(values)
    for k, (key, value) in enumerate(raw["objects"]):
        i = k if k < raw["entries_head"] else n - (seen - raw["entries_head"]) + (k - raw["entries_head"])
        if not 0 <= i < len(values) or type(key) is not str:
            continue
        label = summarize(key).value or ""
        names[i] = label[1:-1] if label[:1] in "'\"" and len(label) >= 2 else label
        if value is not None and id(value) == values[i]:
            shown[i] = summarize(value)
    return tuple(names), tuple(shown)


def _attributes(obj: object, raw_header: dict[str, Any], limit: Optional[int]) -> DictLayout:
    head, tail = window(limit)
    shead, stail = _slot_window(limit)
    raw = _inspect.read_instance_dict(obj, head, tail, shead, stail)
    if raw is None:
        raise TypeError(f"{_inspect.type_name(obj)} object keeps no instance attribute table")
    return build_dict_layout(Header.from_raw(raw_header), raw)
