"""The raw dicts the C readers (:mod:`pyinspect._inspect`) return, as TypedDicts.

C reads, Python interprets: each reader returns a dict of plain ints, bytes,
strs, tuples and addresses, with the same keys on every CPython version (a
field a version lacks is ``None``).  ``_inspect.pyi`` types the readers with
these; ``tests/test_raw_contract.py`` checks each reader's keys against them
and :meth:`pyinspect.model.Layout.from_raw` rejects a dict whose keys differ
from a Layout's fields.
"""

from __future__ import annotations

from typing import Any, Optional, TypedDict, Union

__all__ = [
    "RawHeader",
    "RawLong",
    "RawFloat",
    "RawComplex",
    "RawUnicode",
    "RawBytes",
    "RawByteArray",
    "RawList",
    "RawTuple",
    "RawDict",
    "RawSet",
    "RawCell",
    "RawCode",
    "RawFunction",
    "RawMethod",
    "RawType",
    "RawGenerator",
    "RawInstance",
    "RawWeakref",
    "RawDictStats",
    "RawSetStats",
    "RawProbeDict",
    "RawProbeSet",
    "RawInstanceDict",
    "RawFlatInfo",
    "RawCensus",
    "RawRange",
    "RawMemoryView",
    "READERS",
]


class RawHeader(TypedDict):
    """What ``_inspect.read_header()`` returns."""

    address: int
    allocated_bytes: int
    basicsize: int
    buffer_bytes: int
    gc_head_bytes: int
    gc_tracked: bool
    immortal: bool
    itemsize: int
    ob_size: Optional[int]
    object_bytes: int
    preheader_bytes: int
    refcnt: int
    refcnt_fields: dict[str, Any]
    refcnt_raw: Union[int, tuple[int, int]]
    refcnt_stored: int
    tp_flags: int
    transient_refs: int
    type_address: int
    type_name: str


class RawLong(TypedDict):
    """What ``_inspect.read_long()`` returns."""

    digit_bits: int
    digit_size: int
    digits: bytes
    digits_offset: int
    lv_tag: Optional[int]
    ndigits: int
    ob_size: Optional[int]
    sign: int
    small_int_cached: bool


class RawFloat(TypedDict):
    """What ``_inspect.read_float()`` returns."""

    offset: int
    raw: bytes


class RawComplex(TypedDict):
    """What ``_inspect.read_complex()`` returns."""

    imag: bytes
    offset: int
    real: bytes


class RawUnicode(TypedDict):
    """What ``_inspect.read_unicode()`` returns."""

    ascii: bool
    compact: bool
    data: bytes
    data_address: int
    data_head: int
    data_omitted: int
    hash: int
    interned: int
    kind: int
    length: int
    ready: Optional[bool]
    statically_allocated: Optional[bool]
    utf8: Optional[bytes]
    utf8_address: Optional[int]
    utf8_head: int
    utf8_is_data: bool
    utf8_length: Optional[int]
    utf8_omitted: int
    wstr_address: Optional[int]
    wstr_length: Optional[int]


class RawBytes(TypedDict):
    """What ``_inspect.read_bytes()`` returns."""

    data: bytes
    data_head: int
    data_offset: int
    data_omitted: int
    hash: int
    size: int
    terminator: int


class RawByteArray(TypedDict):
    """What ``_inspect.read_bytearray()`` returns."""

    alloc: int
    buffer_address: Optional[int]
    bytes_object_address: Optional[Any]
    data: bytes
    data_head: int
    data_omitted: int
    exports: int
    size: int
    sizes: dict[str, Any]
    start_address: Optional[int]


class RawList(TypedDict):
    """What ``_inspect.read_list()`` returns."""

    allocated: int
    items: tuple[Any, ...]
    items_head: int
    items_omitted: int
    ob_item: Optional[int]
    objects: tuple[Any, ...]
    size: int
    sizes: dict[str, Any]


class RawTuple(TypedDict):
    """What ``_inspect.read_tuple()`` returns."""

    hash: Optional[Any]
    items: tuple[Any, ...]
    items_head: int
    items_offset: int
    items_omitted: int
    objects: tuple[Any, ...]
    size: int


class RawDict(TypedDict):
    """What ``_inspect.read_dict()`` returns."""

    sizes: dict[str, Any]
    capacity: int
    dk_kind: Optional[int]
    dk_lookup: Optional[int]
    dk_refcnt: int
    dk_version: Optional[int]
    empty_keys: bool
    empty_values: bool
    entries: tuple[Any, ...]
    entries_address: int
    entries_capacity: int
    entries_head: int
    entries_omitted: int
    entry_size: int
    entry_slots: tuple[Any, ...]
    immortal_keys: bool
    index_width: int
    indices_address: int
    indices_head: int
    indices_omitted: int
    indices_raw: bytes
    keys_address: int
    keys_kind: str
    log2_index_bytes: int
    log2_size: int
    nentries: int
    objects: tuple[Any, ...]
    order: Optional[tuple[Any, ...]]
    source: str
    stats: dict[str, Any]
    usable: int
    used: int
    values: Optional[tuple[Any, ...]]
    values_address: Optional[int]
    values_capacity: int
    values_embedded: int
    values_size: int
    values_valid: int
    version_tag: int


class RawSet(TypedDict):
    """What ``_inspect.read_set()`` returns."""

    fill: int
    finger: int
    hash: int
    mask: int
    objects: tuple[Any, ...]
    probes: tuple[Any, ...]
    sizes: dict[str, Any]
    smalltable: bool
    smalltable_offset: int
    stats: dict[str, Any]
    table: tuple[Any, ...]
    table_address: int
    table_head: int
    table_omitted: int
    used: int
    weakreflist: Optional[Any]


class RawCell(TypedDict):
    """What ``_inspect.read_cell()`` returns."""

    contents: tuple[Any, ...]
    contents_address: Optional[int]
    ob_ref_offset: int


class RawCode(TypedDict):
    """What ``_inspect.read_code()`` returns."""

    cellvars: Optional[tuple[Any, ...]]
    co_argcount: int
    co_code: Optional[int]
    co_consts: int
    co_exceptiontable: Optional[int]
    co_extra: Optional[Any]
    co_firstlineno: int
    co_flags: int
    co_framesize: int
    co_kwonlyargcount: int
    co_linetable: int
    co_names: int
    co_ncellvars: int
    co_nfreevars: int
    co_nlocals: int
    co_nlocalsplus: int
    co_posonlyargcount: int
    co_stacksize: int
    co_version: int
    co_weakreflist: Optional[Any]
    code_address: int
    code_nbytes: int
    code_offset: int
    exceptiontable_size: int
    filename: str
    freevars: Optional[tuple[Any, ...]]
    linetable_size: int
    localspluskinds: Optional[bytes]
    localsplusnames: Optional[tuple[Any, ...]]
    name: str
    names: tuple[Any, ...]
    nconsts: int
    qualname: Optional[str]
    varnames: Optional[tuple[Any, ...]]


class RawFunction(TypedDict):
    """What ``_inspect.read_function()`` returns."""

    annotations_count: int
    annotations_type: Optional[Any]
    cells: Optional[tuple[Any, ...]]
    defaults: Optional[Any]
    doc: Optional[Any]
    doc_type: str
    func_annotate: Optional[Any]
    func_annotations: Optional[Any]
    func_builtins: Optional[int]
    func_closure: Optional[int]
    func_code: int
    func_defaults: Optional[Any]
    func_dict: Optional[Any]
    func_doc: int
    func_globals: int
    func_kwdefaults: Optional[Any]
    func_module: int
    func_name: int
    func_qualname: int
    func_typeparams: Optional[Any]
    func_version: int
    func_weakreflist: Optional[Any]
    kwdefaults: Optional[Any]
    module: str
    name: str
    qualname: str
    refs: dict[str, Any]
    vectorcall: int


class RawMethod(TypedDict):
    """What ``_inspect.read_method()`` returns."""

    func_qualname: str
    func_type: str
    im_func: int
    im_self: int
    im_weakreflist: Optional[Any]
    self_type: str
    vectorcall: int


class RawType(TypedDict):
    """What ``_inspect.read_type()`` returns."""

    as_number_inline: Optional[int]
    dict_address: int
    dict_entries: int
    dunders: tuple[Any, ...]
    heap: bool
    ht_cached_keys: Optional[int]
    ht_module: Optional[Any]
    ht_name: Optional[str]
    ht_qualname: Optional[str]
    ht_slots: Optional[tuple[Any, ...]]
    refs: dict[str, Any]
    slots: tuple[Any, ...]
    tp_as_async: Optional[int]
    tp_as_buffer: Optional[int]
    tp_as_mapping: Optional[int]
    tp_as_number: int
    tp_as_sequence: Optional[int]
    tp_base: int
    tp_bases: tuple[Any, ...]
    tp_basicsize: int
    tp_dict: Optional[int]
    tp_dictoffset: int
    tp_doc: Optional[str]
    tp_flags: int
    tp_itemsize: int
    tp_mro: tuple[Any, ...]
    tp_name: str
    tp_subclasses: Optional[int]
    tp_vectorcall_offset: int
    tp_version_tag: int
    tp_weaklist: Optional[int]
    tp_weaklistoffset: int


class RawGenerator(TypedDict):
    """What ``_inspect.read_generator()`` returns."""

    builtins_address: int
    closed_flag: int
    code_address: int
    exc_state: Optional[Any]
    frame_address: int
    frame_object: Optional[int]
    frame_offset: int
    frame_state: int
    globals_address: int
    hooks_inited: int
    kind: str
    lasti: int
    line: int
    locals: tuple[Any, ...]
    locals_dict_address: Optional[Any]
    name: str
    origin_or_finalizer: Optional[int]
    qualname: str
    refs: dict[str, Any]
    running_async: int
    running_flag: int
    state: str
    suspended_yield_from: Optional[bool]
    weakreflist: Optional[Any]


class RawInstance(TypedDict):
    """What ``_inspect.read_instance()`` returns."""

    dict_address: Optional[int]
    dict_offset: int
    managed_dict: bool
    tp_dictoffset: int
    tp_weaklistoffset: int
    values: tuple[Any, ...]
    values_address: Optional[int]
    values_capacity: int
    values_inline: bool
    values_size: int
    values_valid: int
    weakref_offset: int
    weakrefs_address: Optional[Any]


class RawWeakref(TypedDict):
    """What ``_inspect.read_weakref()`` returns."""

    callback_address: Optional[Any]
    dead: bool
    hash: Optional[Any]
    next_address: Optional[Any]
    prev_address: Optional[Any]
    proxy: bool
    referent_address: int
    referent_type: str
    wr_object_offset: int


class RawDictStats(TypedDict):
    """What ``_inspect.dict_stats()`` returns."""

    absent: int
    bad: int
    collisions: int
    deleted: int
    dummies: int
    empty: int
    histogram: tuple[Any, ...]
    histogram_cap: int
    live: int
    measured: int
    probe_max: int
    probe_sum: int
    slots: int
    unreachable: int
    used: int


class RawSetStats(TypedDict):
    """What ``_inspect.set_stats()`` returns."""

    absent: int
    bad: int
    collisions: int
    deleted: int
    dummies: int
    empty: int
    histogram: tuple[Any, ...]
    histogram_cap: int
    live: int
    measured: int
    probe_max: int
    probe_sum: int
    slots: int
    unreachable: int
    used: int


class RawProbeDict(TypedDict):
    """What ``_inspect.probe_dict()`` returns."""

    capacity: int
    entry_index: int
    hash: int
    keys_kind: str
    mask: int
    result: str
    scheme: str
    steps: list[Any]
    table_address: int
    used: int


class RawProbeSet(TypedDict):
    """What ``_inspect.probe_set()`` returns."""

    capacity: int
    entry_index: int
    hash: int
    linear_probes: int
    mask: int
    result: str
    scheme: str
    steps: list[Any]
    used: int


class _RawInstanceDictSizes(TypedDict, total=False):
    """The dict object's header sizes of the same moment (read with its
    snapshot): absent when the instance has no dict object and its
    attributes are read from its inline values (3.12+)."""

    sizes: dict[str, Any]


class RawInstanceDict(_RawInstanceDictSizes):
    """What ``_inspect.read_instance_dict()`` returns."""

    capacity: int
    dict_address: int
    dk_kind: Optional[int]
    dk_lookup: Optional[int]
    dk_refcnt: int
    dk_version: Optional[int]
    empty_keys: bool
    empty_values: bool
    entries: tuple[Any, ...]
    entries_address: int
    entries_capacity: int
    entries_head: int
    entries_omitted: int
    entry_size: int
    entry_slots: tuple[Any, ...]
    immortal_keys: bool
    index_width: int
    indices_address: int
    indices_head: int
    indices_omitted: int
    indices_raw: bytes
    keys_address: int
    keys_kind: str
    log2_index_bytes: int
    log2_size: int
    nentries: int
    objects: tuple[Any, ...]
    order: Optional[tuple[Any, ...]]
    source: str
    stats: dict[str, Any]
    usable: int
    used: int
    values: tuple[Any, ...]
    values_address: int
    values_capacity: int
    values_embedded: int
    values_size: int
    values_valid: int
    version_tag: int


class RawFlatInfo(TypedDict):
    """What ``_inspect.flat_info()`` returns."""

    buffers: int
    formula: str
    gc_head: int
    getsizeof: int
    mirrored: bool
    object: int
    preheader: int
    sizeof_owner: str
    slack: int
    sys_extra: int


class RawCensus(TypedDict):
    """What ``_inspect.census()`` returns."""

    bytes: int
    frozen: int
    objects: int
    rows: list[Any]
    untracked_bytes: int
    untracked_objects: int


class RawRange(TypedDict):
    """What ``_inspect.read_range()`` returns: the four ints of rangeobject
    (Objects/rangeobject.c) and their addresses."""

    start: int
    stop: int
    step: int
    length: int
    start_address: int
    stop_address: int
    step_address: int
    length_address: int
    struct_size: int


class RawMemoryView(TypedDict):
    """What ``_inspect.read_memoryview()`` returns: PyMemoryViewObject's view
    (a Py_buffer), flags, exports and hash, and its managed buffer's."""

    obj_address: Optional[int]
    obj_type: Optional[str]
    buf_address: Optional[int]
    len: int
    itemsize: int
    format: Optional[str]
    format_truncated: bool
    ndim: int
    shape: tuple[int, ...]
    strides: tuple[int, ...]
    readonly: bool
    released: bool
    exports: int
    c_contiguous: bool
    f_contiguous: bool
    hash: Optional[int]
    mbuf_address: Optional[int]
    mbuf_exports: int
    master_buf_address: Optional[int]
    struct_size: int
    view_field_offset: int
    objects: tuple[Any, ...]


#: the reader of each TypedDict, by the reader's name in ``_inspect``
READERS: dict[str, type] = {
    "read_header": RawHeader,
    "read_long": RawLong,
    "read_float": RawFloat,
    "read_complex": RawComplex,
    "read_unicode": RawUnicode,
    "read_bytes": RawBytes,
    "read_bytearray": RawByteArray,
    "read_list": RawList,
    "read_tuple": RawTuple,
    "read_dict": RawDict,
    "read_set": RawSet,
    "read_cell": RawCell,
    "read_code": RawCode,
    "read_function": RawFunction,
    "read_method": RawMethod,
    "read_type": RawType,
    "read_generator": RawGenerator,
    "read_instance": RawInstance,
    "read_weakref": RawWeakref,
    "dict_stats": RawDictStats,
    "set_stats": RawSetStats,
    "probe_dict": RawProbeDict,
    "probe_set": RawProbeSet,
    "read_instance_dict": RawInstanceDict,
    "flat_info": RawFlatInfo,
    "census": RawCensus,
    "read_range": RawRange,
    "read_memoryview": RawMemoryView,
}
