"""Layouts of dict, set and frozenset, and the path of one lookup.

A dict is two tables (PEP 468 / the compact dict of 3.6): a sparse hash
index ``dk_indices`` of ``capacity`` small signed integers, and a dense
array ``dk_entries`` of ``(hash, key, value)`` in insertion order.  A set is
one table of ``(key, hash)`` slots.  Everything here was read from memory by
``pyinspect._inspect``; the statistics were computed in C from the stored
hashes.
"""

from __future__ import annotations

from typing import Any, ClassVar, Optional, Union

from pyinspect._dataclass import frozen
from pyinspect.model.base import ItemSummary, Layout, to_jsonable
from pyinspect.model.display import Displayed
from pyinspect.model.views import hook

__all__ = [
    "DICT_EMPTY",
    "DICT_DUMMY",
    "TableStats",
    "DictLayout",
    "SetLayout",
    "FrozenSetLayout",
    "FrozenDictLayout",
    "ProbeStep",
    "ProbeResult",
]

#: ``DKIX_EMPTY``: an index slot never used since the table was made
DICT_EMPTY = -1
#: ``DKIX_DUMMY``: an index slot whose key was deleted (lookups continue past it)
DICT_DUMMY = -2

DictEntry = tuple[Optional[int], Optional[int], Optional[int]]
SetRow = Union[None, str, tuple[int, int]]


@frozen
class TableStats:
    """Whole-table statistics of a dict's index table or a set's slots,
    computed in C from the stored hashes (no Python object per key).

    The *probe length* of a key is how many slots a lookup of that key
    examines before it reaches the slot holding it: 1 when the key sits in
    its home slot ``hash & mask``, more after collisions.

    Attributes:
        slots: table size (``1 << dk_log2_size``; ``mask + 1`` for sets).
        used: keys present (``ma_used`` / ``used``).
        live: slots leading to a present key.
        dummies: ``DKIX_DUMMY`` indices / dummy set slots left by deletions.
        empty: never-used slots (``DKIX_EMPTY`` / key NULL).
        absent: split tables only: shared keys this dict holds no value for.
        deleted: dicts only: dense entries whose key was deleted.
        bad: slots whose content is inconsistent (0 in a healthy table).
        measured: keys whose probe length was computed.
        unreachable: keys the probe sequence does not reach (0 when healthy).
        collisions: keys not in their home slot (probe length > 1).
        probe_sum: sum of all probe lengths.
        probe_max: the longest probe length.
        histogram: ``histogram[k]`` = keys found on probe ``k + 1``; the last
            bucket (index ``histogram_cap - 1``) counts every longer one.
        histogram_cap: number of buckets the C side keeps.
        load_factor: ``used / slots``.
        probe_mean: ``probe_sum / measured`` (0.0 for an empty table).
    """

    slots: int
    used: int
    live: int
    dummies: int
    empty: int
    absent: int
    deleted: int
    bad: int
    measured: int
    unreachable: int
    collisions: int
    probe_sum: int
    probe_max: int
    histogram: tuple[int, ...]
    histogram_cap: int
    load_factor: float
    probe_mean: float

    @classmethod
    def from_raw(cls, raw: dict[str, Any]) -> TableStats:
        slots = raw["slots"]
        measured = raw["measured"]
        return cls(
            slots=slots, used=raw["used"], live=raw["live"], dummies=raw["dummies"],
            empty=raw["empty"], absent=raw["absent"], deleted=raw["deleted"], bad=raw["bad"],
            measured=measured, unreachable=raw["unreachable"], collisions=raw["collisions"],
            probe_sum=raw["probe_sum"], probe_max=raw["probe_max"],
            histogram=tuple(raw["histogram"]), histogram_cap=raw["histogram_cap"],
            load_factor=raw["used"] / slots if slots else 0.0,
            probe_mean=raw["probe_sum"] / measured if measured else 0.0,
        )

    @property
    def fill_factor(self) -> float:
        """``(live + dummies) / slots``: the share of slots a lookup cannot stop at."""
        return (self.live + self.dummies) / self.slots if self.slots else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {name: to_jsonable(getattr(self, name)) for name in self.__dataclass_fields__}


@frozen
class DictLayout(Layout):
    """A ``PyDictObject`` with its keys object (``PyDictKeysObject``) and values.

    Also the attribute table of an instance (``source == "instance"``,
    3.11+): the type's shared keys (``ht_cached_keys``) with the values kept
    in the object's pre-header (3.11/3.12) or inline after it (3.13+), read
    without materializing ``__dict__``; then ``header`` is the instance's.

    Attributes:
        used: ``ma_used``: keys present (``len``).
        keys_kind: ``'general'`` (``PyDictKeyEntry``: hash, key, value),
            ``'unicode'`` (3.11+: only exact str keys, ``PyDictUnicodeEntry``
            without a stored hash), or ``'split'`` (values stored apart, keys
            shared, e.g. by the instances of a class).
        log2_size: ``dk_log2_size`` (computed from ``dk_size`` on 3.9/3.10).
        capacity: slots in ``dk_indices`` (``1 << log2_size``).
        index_width: bytes per index as ``dictkeys_get_index`` reads it: 1
            below 256 slots, 2 below 65536, 4, or 8 from 2**32 slots.
        usable: ``dk_usable``: insertions left before a resize.
        nentries: ``dk_nentries``: dense entries used, deleted ones included.
        indices: ``dk_indices``: the entry index of each slot, ``-1`` EMPTY,
            ``-2`` DUMMY (head + tail when ``indices_omitted``).
        entries: ``dk_entries`` in dense (insertion) order as ``(hash,
            key_address, value_address)``; a deleted entry has key and value
            ``None`` (and hash ``None`` in unicode tables, which store no
            hash: there the hash shown is the key's cached str hash); a split
            table takes the value from ``values``.
        values: addresses in the values array of a split table (``None`` for
            an empty slot), else ``None``.
        source: ``'dict'``, ``'instance'`` (attributes without a dict), or
            ``'__dict__'`` (an instance's materialized dict).
        dict_address: the materialized ``__dict__`` (``source == '__dict__'``).
        version_tag: ``ma_version_tag`` (``_ma_watcher_tag`` on 3.14+).
        keys_address, values_address: ``ma_keys`` / ``ma_values``.
        dk_kind: the stored ``dk_kind`` (3.11+), else ``None``.
        dk_refcnt: references to the keys object: 1 for a dict's own keys,
            1 + sharers for shared keys; immortal keys store a sentinel.
        immortal_keys: the keys are immortal (the shared empty keys, 3.12+).
        log2_index_bytes: ``dk_log2_index_bytes`` (computed on 3.9/3.10).
        dk_version: keys version used by the specializing interpreter
            (3.11+), else ``None``.
        dk_lookup: 3.9/3.10 lookup function pointer, else ``None``.
        entries_capacity: entries allocated: ``USABLE_FRACTION(capacity)``.
        entry_size: 24 (``PyDictKeyEntry``) or 16 (``PyDictUnicodeEntry``).
        indices_address, entries_address: where the two tables start.
        empty_keys: this is the interpreter's shared empty keys object
            (``Py_EMPTY_KEYS``): ``{}`` allocates no table.
        empty_values: 3.9/3.10: ``ma_values`` is the static ``empty_values``
            of ``{}`` (not a split table).
        values_capacity, values_size, values_embedded, values_valid:
            ``PyDictValues`` fields (3.13+; ``values_size`` is the used-size
            byte of the prefix on 3.11/3.12), else ``None``.
        order: insertion order of a split table's values (3.11+), else ``None``.
        indices_head, indices_omitted: bounded reads: ``indices`` holds the
            first ``indices_head`` slots, then the last ones; ``indices_omitted``
            were not read.
        entries_head, entries_omitted: the same for ``entries``.
        entry_slots: for each entry in ``entries``: ``(slot, probes)``, the
            index slot that points at it and the probe length of its key,
            or ``None`` for a deleted entry.
        keys, values_shown: short descriptions of each entry's key and value.
        stats: whole-table statistics computed in C.
    """

    family: ClassVar[str] = "dict"
    struct: ClassVar[str] = "PyDictObject → PyDictKeysObject"
    used: int
    keys_kind: str
    log2_size: int
    capacity: int
    index_width: int
    usable: int
    nentries: int
    indices: tuple[int, ...]
    entries: tuple[DictEntry, ...]
    values: Optional[tuple[Optional[int], ...]]
    source: str
    dict_address: Optional[int]
    version_tag: int
    keys_address: int
    values_address: Optional[int]
    dk_kind: Optional[int]
    dk_refcnt: int
    immortal_keys: bool
    log2_index_bytes: int
    dk_version: Optional[int]
    dk_lookup: Optional[int]
    entries_capacity: int
    entry_size: int
    indices_address: int
    entries_address: int
    empty_keys: bool
    empty_values: bool
    values_capacity: Optional[int]
    values_size: Optional[int]
    values_embedded: Optional[bool]
    values_valid: Optional[bool]
    order: Optional[tuple[int, ...]]
    indices_head: int
    indices_omitted: int
    entries_head: int
    entries_omitted: int
    entry_slots: tuple[Optional[tuple[int, int]], ...]
    keys: tuple[Optional[ItemSummary], ...]
    values_shown: tuple[Optional[ItemSummary], ...]
    stats: TableStats

    def _repr_facts(self) -> str:
        return f"used={self.used}, capacity={self.capacity}, keys_kind={self.keys_kind!r}, refcnt={self.refcnt}"

    @property
    def mask(self) -> int:
        """``capacity - 1``: ``hash & mask`` is a key's home slot."""
        return self.capacity - 1

    @property
    def index_bytes(self) -> int:
        """Bytes of the whole index array (``1 << dk_log2_index_bytes``)."""
        return 1 << self.log2_index_bytes

    @property
    def split(self) -> bool:
        return self.keys_kind == "split"

    @property
    def shared_keys(self) -> bool:
        """The keys object is used by more than this dict (split tables, the
        shared empty keys)."""
        return self.empty_keys or self.dk_refcnt != 1

    @property
    def dummies(self) -> int:
        return self.stats.dummies

    @property
    def deleted_entries(self) -> int:
        return self.stats.deleted

    def slot_of_entry(self, position: int) -> Optional[int]:
        """The index slot pointing at ``entries[position]``, or ``None``."""
        s = self.entry_slots[position]
        return None if s is None else s[0]


@frozen
class SetLayout(Layout):
    """A ``PySetObject``: one open-addressing table of ``setentry {key, hash}``.

    Attributes:
        fill: active + dummy slots (``fill``); a resize comes when an insert
            makes ``fill * 5 >= mask * 3``.
        used: active slots (``used``, ``len``).
        mask: ``table size - 1``.
        table: one row per slot: ``None`` (unused), ``'dummy'`` (a deleted
            key; the slot's hash is -1), or ``(hash, key_address)`` (head +
            tail when ``table_omitted``).
        finger: where ``pop()`` starts searching.
        table_address: the slot array: ``smalltable`` inside the object until
            the first resize.
        smalltable: the table is the 8-slot ``smalltable`` inside the object.
        smalltable_offset: offset of ``smalltable`` from the object's start.
        hash: frozenset's cached hash (``None`` while not computed; sets never
            store one).
        weakreflist: head of the weakref list, or ``None``.
        table_head, table_omitted: bounded reads, as for dict indices.
        probes: the probe length of the key in each shown active slot.
        keys: a short description of the key in each shown slot.
        stats: whole-table statistics computed in C.
    """

    family: ClassVar[str] = "set"
    struct: ClassVar[str] = "PySetObject → setentry[]"
    fill: int
    used: int
    mask: int
    table: tuple[SetRow, ...]
    finger: int
    table_address: int
    smalltable: bool
    smalltable_offset: int
    hash: Optional[int]
    weakreflist: Optional[int]
    table_head: int
    table_omitted: int
    probes: tuple[Optional[int], ...]
    keys: tuple[Optional[ItemSummary], ...]
    stats: TableStats

    def _repr_facts(self) -> str:
        return f"used={self.used}, fill={self.fill}, slots={self.mask + 1}, refcnt={self.refcnt}"

    @property
    def capacity(self) -> int:
        return self.mask + 1

    @property
    def dummies(self) -> int:
        return self.stats.dummies


@frozen
class FrozenSetLayout(SetLayout):
    """A frozenset: the same ``PySetObject``, with its hash cached in ``hash``."""

    family: ClassVar[str] = "frozenset"


@frozen
class FrozenDictLayout(DictLayout):
    """A 3.15 ``frozendict`` (``PyFrozenDictObject``): a ``PyDictObject``
    followed by ``ma_hash``; not a dict subclass.

    Attributes:
        hash: the cached ``ma_hash``, ``None`` until ``hash()`` is called.
    """

    family: ClassVar[str] = "frozendict"
    struct: ClassVar[str] = "PyFrozenDictObject → PyDictKeysObject"
    hash: Optional[int] = None


@frozen
class ProbeStep:
    """One slot a lookup examined.

    Attributes:
        slot: the slot index in ``dk_indices`` (dict) or the set table.
        status: what the lookup found there: ``'empty'`` (the lookup stops:
            not present), ``'dummy'`` (a deleted key: go on), ``'hash
            differs'`` (go on), ``'identical'`` (the same object: found),
            ``'str equal'`` (both exact str with the same text, compared by
            ``unicode_eq`` without any ``__eq__``: found), ``'str differs'``,
            ``'eq needed'`` (same hash, different objects: CPython would call
            ``__eq__`` here; pyinspect does not), ``'no value'`` (split
            table: the shared key has no value in this dict), ``'deleted
            entry'``, ``'bad index'``.
        index: dict: the stored ``dk_indices[slot]`` (-1 EMPTY, -2 DUMMY);
            set: the position within the run of linear probes (0 = the slot
            the perturbation chose).
        perturb: the ``perturb`` value when this slot was chosen.
        hash: the stored hash of the candidate, or ``None``.
        key_address, value_address: the candidate's key and value.
        key: a short description of the candidate key.
    """

    slot: int
    status: str
    index: int
    perturb: int
    hash: Optional[int]
    key_address: Optional[int]
    value_address: Optional[int]
    key: Optional[ItemSummary]

    @property
    def stops(self) -> bool:
        return self.status in ("empty", "identical", "str equal", "no value", "bad index")

    def to_dict(self) -> dict[str, Any]:
        return {name: to_jsonable(getattr(self, name)) for name in self.__dataclass_fields__}


@frozen
class ProbeResult(Displayed):
    """The path of ``key in container``: every slot CPython's lookup visits,
    in order, replayed from the stored hashes and identities (no ``__eq__``
    or ``__hash__`` of a stored key runs; the probe key is hashed once, as
    the lookup itself does).

    Attributes:
        container_address: the container probed.
        container_type: its ``tp_name``.
        table_address: the dict actually searched (an instance's ``__dict__``)
            or the container itself.
        scheme: ``'dict'`` (perturbation from the first slot) or ``'set'``
            (``linear_probes`` neighbours, then perturbation).
        key: the probe key.
        hash: ``hash(key)``.
        mask: table size - 1; the first slot is ``hash & mask``.
        capacity: table size.
        used: keys present.
        keys_kind: dict key kind, ``None`` for sets.
        linear_probes: ``LINEAR_PROBES`` (sets), else 0.
        steps: the slots visited.
        result: ``'found'``, ``'missing'`` (an EMPTY slot ended the search),
            or ``'undecided'`` (an equal-hash candidate would need ``__eq__``).
        entry_index: dict: the dense entry found; set: the slot found; else
            ``None``.
        value: dict: the value found.
    """

    container_address: int
    container_type: str
    table_address: int
    scheme: str
    key: ItemSummary
    hash: int
    mask: int
    capacity: int
    used: int
    keys_kind: Optional[str]
    linear_probes: int
    steps: tuple[ProbeStep, ...]
    result: str
    entry_index: Optional[int]
    value: Optional[ItemSummary]

    @property
    def found(self) -> Optional[bool]:
        """True, False, or None when the answer needs an ``__eq__`` call."""
        return {"found": True, "missing": False}.get(self.result)

    @property
    def home_slot(self) -> int:
        return self.hash & self.mask

    @property
    def probes(self) -> int:
        """Slots examined."""
        return len(self.steps)

    @property
    def slots(self) -> tuple[int, ...]:
        return tuple(s.slot for s in self.steps)

    def to_dict(self) -> dict[str, Any]:
        d = {name: to_jsonable(getattr(self, name)) for name in self.__dataclass_fields__}
        d["found"] = self.found
        return d

    def __rich__(self) -> Any:
        return hook("text")(self)

    def _repr_subject(self) -> str:
        return f"{self.container_type} at {self.container_address:#x}"

    def _repr_facts(self) -> str:
        return f"key={self.key.label}, {self.result}, {self.probes} probes"
