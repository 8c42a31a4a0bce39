"""Builders of function, cell, code, method, type and generator Layouts.

The C readers (``csrc/read_func.c``, ``read_type.c``, ``read_gen.c``) return
raw struct fields; this module interprets them: it names flags, derives
``co_varnames``/``co_cellvars``/``co_freevars`` from the 3.11+ local kinds,
and decides for every slot of a type whether it is empty, a C function of
the type, CPython's generic ``slot_*`` function calling a Python dunder, or
inherited, and from whom.

Nothing here touches an inspected object's Python-level API: objects are
passed to ``_inspect`` functions and described with
:func:`pyinspect.read.summarize`, which reads builtin scalars from their own
layouts and names anything else by type and address.
"""

from __future__ import annotations

from typing import Any, Optional

from pyinspect._native import _inspect
from pyinspect.model import (
    CellLayout,
    CellRef,
    CodeLayout,
    FunctionLayout,
    GeneratorLayout,
    Header,
    LocalSlot,
    MethodLayout,
    SlotInfo,
    TypeLayout,
    TypeRef,
    co_flag_names,
    local_kind_names,
    tpflag_names,
)
from pyinspect.read import register, summarize, window

__all__ = ["SLOT_DUNDERS", "slot_table", "type_info", "TypeInfo"]

# ---- slots and the dunders that fill them ------------------------------------------

#: For each slot, the dunders CPython's ``slotdefs`` (``Objects/typeobject.c``)
#: connect to it: defining one of them in a class makes the slot CPython's
#: generic ``slot_*`` function, which looks the dunder up and calls it.
SLOT_DUNDERS: dict[str, tuple[str, ...]] = {
    "tp_repr": ("__repr__",),
    "tp_hash": ("__hash__",),
    "tp_call": ("__call__",),
    "tp_str": ("__str__",),
    "tp_getattro": ("__getattribute__", "__getattr__"),
    "tp_setattro": ("__setattr__", "__delattr__"),
    "tp_richcompare": ("__lt__", "__le__", "__eq__", "__ne__", "__gt__", "__ge__"),
    "tp_iter": ("__iter__",),
    "tp_iternext": ("__next__",),
    "tp_descr_get": ("__get__",),
    "tp_descr_set": ("__set__", "__delete__"),
    "tp_init": ("__init__",),
    "tp_new": ("__new__",),
    "tp_finalize": ("__del__",),
    "am_await": ("__await__",),
    "am_aiter": ("__aiter__",),
    "am_anext": ("__anext__",),
    "nb_add": ("__add__", "__radd__"),
    "nb_subtract": ("__sub__", "__rsub__"),
    "nb_multiply": ("__mul__", "__rmul__"),
    "nb_remainder": ("__mod__", "__rmod__"),
    "nb_divmod": ("__divmod__", "__rdivmod__"),
    "nb_power": ("__pow__", "__rpow__"),
    "nb_negative": ("__neg__",),
    "nb_positive": ("__pos__",),
    "nb_absolute": ("__abs__",),
    "nb_bool": ("__bool__",),
    "nb_invert": ("__invert__",),
    "nb_lshift": ("__lshift__", "__rlshift__"),
    "nb_rshift": ("__rshift__", "__rrshift__"),
    "nb_and": ("__and__", "__rand__"),
    "nb_xor": ("__xor__", "__rxor__"),
    "nb_or": ("__or__", "__ror__"),
    "nb_int": ("__int__",),
    "nb_float": ("__float__",),
    "nb_inplace_add": ("__iadd__",),
    "nb_inplace_subtract": ("__isub__",),
    "nb_inplace_multiply": ("__imul__",),
    "nb_inplace_remainder": ("__imod__",),
    "nb_inplace_power": ("__ipow__",),
    "nb_inplace_lshift": ("__ilshift__",),
    "nb_inplace_rshift": ("__irshift__",),
    "nb_inplace_and": ("__iand__",),
    "nb_inplace_xor": ("__ixor__",),
    "nb_inplace_or": ("__ior__",),
    "nb_floor_divide": ("__floordiv__", "__rfloordiv__"),
    "nb_true_divide": ("__truediv__", "__rtruediv__"),
    "nb_inplace_floor_divide": ("__ifloordiv__",),
    "nb_inplace_true_divide": ("__itruediv__",),
    "nb_index": ("__index__",),
    "nb_matrix_multiply": ("__matmul__", "__rmatmul__"),
    "nb_inplace_matrix_multiply": ("__imatmul__",),
    "sq_length": ("__len__",),
    "sq_concat": ("__add__",),
    "sq_repeat": ("__mul__", "__rmul__"),
    "sq_item": ("__getitem__",),
    "sq_ass_item": ("__setitem__", "__delitem__"),
    "sq_contains": ("__contains__",),
    "sq_inplace_concat": ("__iadd__",),
    "sq_inplace_repeat": ("__imul__",),
    "mp_length": ("__len__",),
    "mp_subscript": ("__getitem__",),
    "mp_ass_subscript": ("__setitem__", "__delitem__"),
    "bf_getbuffer": ("__buffer__",),           # 3.12+ (PEP 688)
    "bf_releasebuffer": ("__release_buffer__",),
}

#: kinds of class attributes that are C code
_C_KINDS = ("slot_wrapper", "method_descriptor", "builtin")

#: CPython's generic function for a slot whose dunder is written in Python.
_GENERIC_NAMES = {"tp_getattro": "slot_tp_getattr_hook"}

#: C functions CPython puts in every class made by ``type()`` (read from a
#: plain reference class, since they are not exported), with a note each.
_HEAP_DEFAULTS = {
    "tp_dealloc": ("subtype_dealloc", "CPython's deallocator for classes made by class statements"),
    "tp_traverse": ("subtype_traverse", "visits the instance __dict__ and slots for the GC"),
    "tp_clear": ("subtype_clear", "clears the instance __dict__ for the GC"),
    "tp_iternext": ("_PyObject_NextNotImplemented", "no __next__: next() raises TypeError"),
    "tp_free": ("PyObject_GC_Del", "frees the memory, GC header included"),
}


class _AllDunders:
    """Reference class: every slot dunder written in Python, so that its slot
    table holds CPython's generic ``slot_*`` functions (which are not
    exported).  Never instantiated; nothing of it ever runs."""

    def __repr__(self): return ""  # noqa: E704
    def __hash__(self): return 0  # noqa: E704
    def __call__(self, *a, **k): return None  # noqa: E704
    def __str__(self): return ""  # noqa: E704
    def __getattribute__(self, n): return None  # noqa: E704
    def __getattr__(self, n): return None  # noqa: E704
    def __setattr__(self, n, v): return None  # noqa: E704
    def __delattr__(self, n): return None  # noqa: E704
    def __lt__(self, o): return NotImplemented  # noqa: E704
    def __le__(self, o): return NotImplemented  # noqa: E704
    def __eq__(self, o): return NotImplemented  # noqa: E704
    def __ne__(self, o): return NotImplemented  # noqa: E704
    def __gt__(self, o): return NotImplemented  # noqa: E704
    def __ge__(self, o): return NotImplemented  # noqa: E704
    def __iter__(self): return None  # noqa: E704
    def __next__(self): return None  # noqa: E704
    def __get__(self, i, o=None): return None  # noqa: E704
    def __set__(self, i, v): return None  # noqa: E704
    def __delete__(self, i): return None  # noqa: E704
    def __init__(self, *a, **k): return None  # noqa: E704
    def __new__(cls, *a, **k): return None  # noqa: E704
    def __del__(self): return None  # noqa: E704
    def __await__(self): return None  # noqa: E704
    def __aiter__(self): return None  # noqa: E704
    def __anext__(self): return None  # noqa: E704
    def __add__(self, o): return NotImplemented  # noqa: E704
    def __sub__(self, o): return NotImplemented  # noqa: E704
    def __mul__(self, o): return NotImplemented  # noqa: E704
    def __mod__(self, o): return NotImplemented  # noqa: E704
    def __divmod__(self, o): return NotImplemented  # noqa: E704
    def __pow__(self, o, m=None): return NotImplemented  # noqa: E704
    def __neg__(self): return None  # noqa: E704
    def __pos__(self): return None  # noqa: E704
    def __abs__(self): return None  # noqa: E704
    def __bool__(self): return True  # noqa: E704
    def __invert__(self): return None  # noqa: E704
    def __lshift__(self, o): return NotImplemented  # noqa: E704
    def __rshift__(self, o): return NotImplemented  # noqa: E704
    def __and__(self, o): return NotImplemented  # noqa: E704
    def __xor__(self, o): return NotImplemented  # noqa: E704
    def __or__(self, o): return NotImplemented  # noqa: E704
    def __int__(self): return 0  # noqa: E704
    def __float__(self): return 0.0  # noqa: E704
    def __iadd__(self, o): return NotImplemented  # noqa: E704
    def __isub__(self, o): return NotImplemented  # noqa: E704
    def __imul__(self, o): return NotImplemented  # noqa: E704
    def __imod__(self, o): return NotImplemented  # noqa: E704
    def __ipow__(self, o): return NotImplemented  # noqa: E704
    def __ilshift__(self, o): return NotImplemented  # noqa: E704
    def __irshift__(self, o): return NotImplemented  # noqa: E704
    def __iand__(self, o): return NotImplemented  # noqa: E704
    def __ixor__(self, o): return NotImplemented  # noqa: E704
    def __ior__(self, o): return NotImplemented  # noqa: E704
    def __floordiv__(self, o): return NotImplemented  # noqa: E704
    def __truediv__(self, o): return NotImplemented  # noqa: E704
    def __ifloordiv__(self, o): return NotImplemented  # noqa: E704
    def __itruediv__(self, o): return NotImplemented  # noqa: E704
    def __index__(self): return 0  # noqa: E704
    def __matmul__(self, o): return NotImplemented  # noqa: E704
    def __imatmul__(self, o): return NotImplemented  # noqa: E704
    def __len__(self): return 0  # noqa: E704
    def __getitem__(self, k): return None  # noqa: E704
    def __setitem__(self, k, v): return None  # noqa: E704
    def __delitem__(self, k): return None  # noqa: E704
    def __contains__(self, k): return False  # noqa: E704
    def __buffer__(self, flags): return None  # noqa: E704
    def __release_buffer__(self, view): return None  # noqa: E704


_SLOT_NAMES: tuple[str, ...] = _inspect.slot_names()
_SLOT_INDEX = {name: i for i, name in enumerate(_SLOT_NAMES)}
_KNOWN: dict[int, str] = {addr: name for name, addr in _inspect.known_functions().items()}
_HASH_NOT_IMPLEMENTED: int = _inspect.known_functions()["PyObject_HashNotImplemented"]


def _generic_pointers() -> dict[str, int]:
    """Slot name -> CPython's generic ``slot_*`` function, read from the
    reference class."""
    ptrs = _inspect.type_slots(_AllDunders)
    return {name: p for name, p in zip(_SLOT_NAMES, ptrs) if p is not None and name in SLOT_DUNDERS}


class _Plain:
    """Reference class with no dunders: its slots hold CPython's defaults for
    classes made by ``type()``."""


def _heap_default_pointers() -> dict[str, int]:
    ptrs = _inspect.type_slots(_Plain)
    return {name: p for name, p in zip(_SLOT_NAMES, ptrs) if p is not None and name in _HEAP_DEFAULTS}


GENERIC: dict[str, int] = _generic_pointers()
_HEAP_DEFAULT: dict[str, int] = _heap_default_pointers()


def _vectorcall_of(fn: Any) -> Optional[int]:
    return _inspect.read_function(fn)["vectorcall"]


def _reference_function() -> None:
    """A plain Python function: its ``vectorcall`` is ``_PyFunction_Vectorcall``."""


_FUNCTION_VECTORCALL = _vectorcall_of(_reference_function)


class _M:
    def m(self) -> None:
        """Reference method."""


_METHOD_VECTORCALL = _inspect.read_method(_M().m)["vectorcall"]


# ---- type facts -----------------------------------------------------------------------


class TypeInfo:
    """What :func:`type_info` read of one type: its slot pointers (in
    ``_inspect.slot_names()`` order), its MRO addresses and the dunder
    entries of its dict.  A plain record, for :func:`slot_table` and
    :mod:`pyinspect.dispatch`."""

    __slots__ = ("address", "name", "slots", "mro", "dunders", "raw")

    def __init__(self, address: int, raw: dict[str, Any]) -> None:
        self.address = address
        self.name: str = raw["tp_name"]
        self.slots: tuple[Optional[int], ...] = raw["slots"]
        self.mro: tuple[int, ...] = tuple(raw["tp_mro"] or (address,))
        # name -> (value address, kind, value type, wrapped C function, d_type address, str value)
        self.dunders: dict[str, tuple[Any, ...]] = {row[0]: row[1:] for row in raw["dunders"]}
        self.raw = raw

    @property
    def short_name(self) -> str:
        return self.raw["ht_name"] or self.name.rpartition(".")[2]

    def slot(self, name: str) -> Optional[int]:
        return self.slots[_SLOT_INDEX[name]]


def type_info(tp: type) -> list[TypeInfo]:
    """:class:`TypeInfo` of ``tp`` and of every type in its MRO, in MRO order
    (``tp`` first)."""
    infos, _base, _bases = _type_infos(tp)
    return infos


def _type_infos(tp: type) -> tuple[list[TypeInfo], Any, tuple[Any, ...]]:
    """:func:`type_info`, and ``tp``'s ``tp_base`` and ``tp_bases`` objects
    from the same read as its MRO (one moment: a class rebased between two
    reads would give bases that are not in the MRO)."""
    raw = _inspect.read_type(tp)
    refs = raw.pop("refs")
    mro = refs["mro"] or ()
    infos = [TypeInfo(id(tp), raw)]
    start = 1 if mro and mro[0] is tp else 0
    for k in range(start, len(mro)):
        t = mro[k]
        info = _inspect.read_type(t)
        del info["refs"]
        infos.append(TypeInfo(id(t), info))
    return infos, refs["base"], refs["bases"]


def lookup(infos: list[TypeInfo], name: str) -> Optional[tuple[TypeInfo, tuple[Any, ...]]]:
    """``_PyType_Lookup``: the first class in the MRO whose dict has ``name``."""
    for info in infos:
        row = info.dunders.get(name)
        if row is not None:
            return info, row
    return None


def _sub_mro(info: TypeInfo, by_addr: dict[int, TypeInfo]) -> list[TypeInfo]:
    return [by_addr[a] for a in info.mro[1:] if a in by_addr]


def c_owner(infos: list[TypeInfo], slot: str, pointer: int) -> TypeInfo:
    """The class a C slot value comes from: the first class in the MRO that
    holds ``pointer`` but would not have inherited it (``inherit_slots``
    copies a slot from the first base in the MRO that has one)."""
    by_addr = {i.address: i for i in infos}
    for info in infos:
        if info.slot(slot) != pointer:
            continue
        inherited = next((x.slot(slot) for x in _sub_mro(info, by_addr) if x.slot(slot) is not None), None)
        if inherited != pointer:
            return info
    return infos[0]


def _qualified(info: TypeInfo, dunder: str) -> str:
    return f"{info.short_name}.{dunder}"


def _slot_info(infos: list[TypeInfo], name: str) -> SlotInfo:
    table = name.split("_", 1)[0]
    me = infos[0]
    p = me.slot(name)
    if p is None:
        return SlotInfo(name, table, None, "empty", None, None, None, (), None, None)
    dunders = SLOT_DUNDERS.get(name, ())
    resolved = [(d, hit) for d in dunders if (hit := lookup(infos, d)) is not None]
    names = tuple(_qualified(info, d) for d, (info, _row) in resolved)
    note: Optional[str] = None
    if dunders and GENERIC.get(name) == p:
        # CPython's generic slot function: it looks the dunder(s) up in the
        # MRO and calls what it finds
        index = {info.address: k for k, info in enumerate(infos)}
        py = [(d, info) for d, (info, row) in resolved if row[1] not in _C_KINDS]
        generic = _GENERIC_NAMES.get(name, f"slot_{name}")
        if py:
            owner = min((info for _d, info in py), key=lambda i: index[i.address])
            state = "python" if owner is me else "inherited"
            return SlotInfo(name, table, p, state, owner.short_name, owner.address, "python",
                            tuple(_qualified(info, d) for d, info in py), generic, None)
        # every dunder it would call is C code (a list subclass gets
        # slot_sq_ass_item, which calls list.__setitem__)
        owner = resolved[0][1][0] if resolved else me
        state = "c" if owner is me else "inherited"
        return SlotInfo(name, table, p, state, owner.short_name, owner.address, "c", names, generic,
                        "CPython's generic slot function, calling the C slot wrapper "
                        + (names[0] if names else "it finds"))
    if name == "tp_hash" and p == _HASH_NOT_IMPLEMENTED:
        hit = lookup(infos, "__hash__")
        owner = hit[0] if hit is not None else c_owner(infos, name, p)
        why = "__hash__ = None: instances are unhashable"
        if "__eq__" in owner.dunders and owner.raw["heap"]:
            why += " (set by class creation: the class defines __eq__ but not __hash__)"
        state = "c" if owner is me else "inherited"
        return SlotInfo(name, table, p, state, owner.short_name, owner.address, "c",
                        (f"{owner.short_name}.__hash__",), "PyObject_HashNotImplemented", why)
    owner = c_owner(infos, name, p)
    function = _KNOWN.get(p)
    if _HEAP_DEFAULT.get(name) == p:
        function, note = _HEAP_DEFAULTS[name]
        if me.raw["heap"]:
            owner = me  # type_new / fixup_slot_dispatchers set it for every class
    # the dunders that stand for this function: slot wrappers of it, or the
    # owner's own entries (__new__ is a builtin method, not a wrapper)
    wrappers = tuple(_qualified(info, d) for d, (info, row) in resolved
                     if info is owner or (row[1] == "slot_wrapper" and row[3] == p))
    state = "c" if owner is me else "inherited"
    return SlotInfo(name, table, p, state, owner.short_name, owner.address, "c",
                    wrappers, function, note)


def slot_table(tp: type, infos: Optional[list[TypeInfo]] = None) -> tuple[SlotInfo, ...]:
    """Every slot of ``tp``, classified (see :class:`~pyinspect.model.SlotInfo`)."""
    infos = infos if infos is not None else type_info(tp)
    return tuple(_slot_info(infos, name) for name in _SLOT_NAMES)


# ---- builders ---------------------------------------------------------------------------


def _opt(v: int) -> Optional[int]:
    return None if v is None or v < 0 else v


def _code_names(raw: dict[str, Any]) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...],
                                               Optional[tuple[tuple[str, tuple[str, ...]], ...]]]:
    """varnames, cellvars, freevars and the 3.11+ per-slot kinds."""
    if raw["localsplusnames"] is None:
        return (tuple(raw["varnames"] or ()), tuple(raw["cellvars"] or ()), tuple(raw["freevars"] or ()), None)
    names = raw["localsplusnames"]
    kinds = raw["localspluskinds"] or b""
    # _PyCode_GetVarnames & co: the names whose kind has CO_FAST_LOCAL / CELL / FREE
    varnames = tuple(n for n, k in zip(names, kinds) if k & 0x20)
    cellvars = tuple(n for n, k in zip(names, kinds) if k & 0x40)
    freevars = tuple(n for n, k in zip(names, kinds) if k & 0x80)
    return varnames, cellvars, freevars, tuple((n, local_kind_names(k)) for n, k in zip(names, kinds))


@register("code")
def _build_code(obj: Any, header: Header, limit: Optional[int]) -> CodeLayout:
    raw = _inspect.read_code(obj)
    varnames, cellvars, freevars, localsplus = _code_names(raw)
    head, tail = window(limit)
    consts = _inspect.code_consts(obj)
    if consts is not None:
        tr = _inspect.read_tuple(consts, head, tail)
        items, omitted, chead = tr["items"], tr["items_omitted"], tr["items_head"]
        summaries = tuple(summarize(c) for c in tr["objects"])
    else:
        items, omitted, chead, summaries = (), 0, 0, ()
    del consts
    return CodeLayout(
        header=header, argcount=raw["co_argcount"], posonlyargcount=raw["co_posonlyargcount"],
        kwonlyargcount=raw["co_kwonlyargcount"], nlocals=raw["co_nlocals"],
        stacksize=raw["co_stacksize"], co_flags=raw["co_flags"], flags=co_flag_names(raw["co_flags"]),
        firstlineno=raw["co_firstlineno"], varnames=varnames, cellvars=cellvars, freevars=freevars,
        localsplus=localsplus, nlocalsplus=_opt(raw["co_nlocalsplus"]), framesize=_opt(raw["co_framesize"]),
        consts_address=raw["co_consts"], consts=tuple(items), const_summaries=summaries,
        consts_omitted=omitted, consts_head=chead, names=tuple(raw["names"] or ()),
        filename=raw["filename"], name=raw["name"], qualname=raw["qualname"],
        bytecode_size=raw["code_nbytes"], bytecode_address=raw["code_address"],
        bytecode_offset=_opt(raw["code_offset"]), linetable_size=_opt(raw["linetable_size"]),
        exceptiontable_size=_opt(raw["exceptiontable_size"]), version=_opt(raw["co_version"]),
    )


def _nested_code(code: Any, limit: Optional[int]) -> Optional[CodeLayout]:
    """The layout of a code object reached from another object.  ``code`` is
    held only by this frame while its header is read, so the refcount
    correction of rule 5 applies to it too."""
    if code is None or _inspect.family(code) != "code":
        return None
    return _build_code(code, Header.from_raw(_inspect.read_header(code)), limit)


@register("cell")
def _build_cell(obj: Any, header: Header, limit: Optional[int]) -> CellLayout:
    raw = _inspect.read_cell(obj)  # the address and the contents, one read
    contents = raw.pop("contents")
    return CellLayout.from_raw(raw, header=header, contents=summarize(contents[0]) if contents else None)


@register("function")
def _build_function(obj: Any, header: Header, limit: Optional[int]) -> FunctionLayout:
    raw = _inspect.read_function(obj)
    refs = raw.pop("refs")  # the objects of the same read as the fields
    code = refs.pop("code")
    code_layout = _nested_code(code, limit)
    del code
    freevars = code_layout.freevars if code_layout is not None else ()
    cellvars = code_layout.cellvars if code_layout is not None else ()
    cells = []
    contents = refs["cell_contents"]
    for i, (addr, refcnt, content) in enumerate(raw["cells"] or ()):
        cells.append(CellRef(
            index=i, name=freevars[i] if i < len(freevars) else None, address=addr, refcnt=refcnt,
            contents_address=content,
            contents=summarize(contents[i]) if content is not None and i < len(contents) else None,
        ))
    defaults = refs["defaults"]
    default_summaries = tuple(summarize(v) for v in defaults) if defaults is not None else ()
    kw_summaries = tuple(summarize(v) for v in refs["kwdefault_values"])
    del refs, defaults, contents
    vc = raw["vectorcall"]
    return FunctionLayout(
        header=header, code_address=raw["func_code"], globals_address=raw["func_globals"],
        builtins_address=raw["func_builtins"], name=raw["name"], qualname=raw["qualname"],
        module=raw["module"], module_address=raw["func_module"],
        defaults_address=raw["func_defaults"], defaults=raw["defaults"],
        default_summaries=default_summaries, kwdefaults_address=raw["func_kwdefaults"],
        kwdefaults=raw["kwdefaults"], kwdefault_summaries=kw_summaries,
        closure_address=raw["func_closure"],
        closure=tuple(c[0] for c in raw["cells"]) if raw["cells"] is not None else None,
        cells=tuple(cells), freevars=freevars, cellvars=cellvars, doc=raw["doc"], doc_type=raw["doc_type"],
        doc_address=raw["func_doc"], dict_address=raw["func_dict"],
        weakreflist_address=raw["func_weakreflist"], annotations_address=raw["func_annotations"],
        annotations_type=raw["annotations_type"], annotations_count=raw["annotations_count"],
        annotate_address=raw["func_annotate"], typeparams_address=raw["func_typeparams"],
        vectorcall=vc,
        vectorcall_name="_PyFunction_Vectorcall" if vc is not None and vc == _FUNCTION_VECTORCALL else None,
        version=_opt(raw["func_version"]), code=code_layout,
    )


@register("method")
def _build_method(obj: Any, header: Header, limit: Optional[int]) -> MethodLayout:
    raw = _inspect.read_method(obj)
    _func, self_obj = _inspect.method_refs(obj)
    self_summary = summarize(self_obj)
    del _func, self_obj
    return MethodLayout(
        header=header, func_address=raw["im_func"], self_address=raw["im_self"],
        func_type=raw["func_type"], func_qualname=raw["func_qualname"], self_summary=self_summary,
        vectorcall=raw["vectorcall"], weakreflist_address=raw["im_weakreflist"],
    )


@register("type")
def _build_type(obj: Any, header: Header, limit: Optional[int]) -> TypeLayout:
    infos, tp_base, tp_bases = _type_infos(obj)
    me = infos[0]
    raw = me.raw
    names = {i.address: i.name for i in infos}
    for b in (tp_base, *tp_bases):
        if b is not None and id(b) not in names:  # a metaclass mro() may leave bases out
            names[id(b)] = _inspect.read_type(b)["tp_name"]
    del tp_base, tp_bases, b

    def ref(addr: Optional[int]) -> Optional[TypeRef]:
        return None if addr is None else TypeRef(names[addr], addr)

    module = None
    mod_row = me.dunders.get("__module__")
    if mod_row is not None and mod_row[5] is not None:
        module = mod_row[5]
    elif not raw["heap"]:
        module = raw["tp_name"].rpartition(".")[0] or "builtins"
    bases = tuple(r for r in (ref(a) for a in raw["tp_bases"] or ()) if r is not None)
    return TypeLayout(
        header=header, name=raw["tp_name"], qualname=raw["ht_qualname"], module=module,
        tp_basicsize=raw["tp_basicsize"], tp_itemsize=raw["tp_itemsize"], tp_flags=raw["tp_flags"],
        flags=tpflag_names(raw["tp_flags"]), heap=raw["heap"], base=ref(raw["tp_base"]), bases=bases,
        tp_mro=tuple(TypeRef(i.name, i.address) for i in infos), dict_address=raw["dict_address"],
        tp_dict_address=raw["tp_dict"], dict_entries=raw["dict_entries"],
        tp_dictoffset=raw["tp_dictoffset"], tp_weaklistoffset=raw["tp_weaklistoffset"],
        vectorcall_offset=raw["tp_vectorcall_offset"], version_tag=raw["tp_version_tag"],
        ht_slots=raw["ht_slots"], cached_keys_address=raw["ht_cached_keys"],
        module_address=raw["ht_module"], as_async=raw["tp_as_async"], as_number=raw["tp_as_number"],
        as_sequence=raw["tp_as_sequence"], as_mapping=raw["tp_as_mapping"],
        as_buffer=raw["tp_as_buffer"], slots=slot_table(obj, infos), doc=raw["tp_doc"],
    )


@register("generator")
def _build_generator(obj: Any, header: Header, limit: Optional[int]) -> GeneratorLayout:
    raw = _inspect.read_generator(obj)
    refs = raw.pop("refs")  # the objects of the same read as the slot addresses
    code = refs.pop("code")
    code_raw = None
    if code is not None and _inspect.family(code) == "code":
        code_raw = _inspect.read_code(code)
    del code
    names: list[tuple[str, tuple[str, ...]]] = []
    if code_raw is not None:
        varnames, cellvars, freevars, localsplus = _code_names(code_raw)
        if localsplus is not None:
            names = list(localsplus)
        else:
            names = [(n, ("local",)) for n in varnames] + [(n, ("cell",)) for n in cellvars] + \
                [(n, ("free",)) for n in freevars]
    values = refs["locals"]
    held = refs["held"]
    slots = []
    for i, (addr, tagged) in enumerate(raw["locals"]):
        name, kinds = names[i] if i < len(names) else (f"<slot {i}>", ())
        slots.append(LocalSlot(index=i, name=name, kinds=kinds, address=addr,
                               summary=summarize(values[i]) if held and addr is not None else None,
                               tagged_int=tagged))
    del refs, values

    def flag(v: int) -> Optional[int]:
        return None if v < 0 else v

    return GeneratorLayout(
        header=header, kind=raw["kind"], state=raw["state"], frame_state=raw["frame_state"],
        suspended_yield_from=raw["suspended_yield_from"], name=raw["name"], qualname=raw["qualname"],
        code_address=raw["code_address"], filename=code_raw["filename"] if code_raw else None,
        firstlineno=code_raw["co_firstlineno"] if code_raw else None,
        line=raw["line"] if raw["line"] >= 0 else None,
        lasti=raw["lasti"] if raw["state"] != "closed" else None,
        frame_address=raw["frame_address"], frame_object_address=raw["frame_object"],
        frame_offset=_opt(raw["frame_offset"]), locals=tuple(slots),
        globals_address=raw["globals_address"], builtins_address=raw["builtins_address"],
        running_async=flag(raw["running_async"]), hooks_inited=flag(raw["hooks_inited"]),
        closed_flag=flag(raw["closed_flag"]), origin_or_finalizer=raw["origin_or_finalizer"],
        weakreflist_address=raw["weakreflist"],
    )
