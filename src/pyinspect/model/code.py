"""Layouts of functions, cells, code objects, bound methods, types and
generators, and the operator dispatch plan.

Everything here is interpreted from raw struct reads (``csrc/read_func.c``,
``read_type.c``, ``read_gen.c``); the builders live in
:mod:`pyinspect.read_code`, the pictures in :mod:`pyinspect.render.text_code`.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Iterable
from typing import Any, ClassVar, Optional

from pyinspect._dataclass import frozen
from pyinspect.model.base import ItemSummary, Layout, to_jsonable
from pyinspect.model.display import Displayed
from pyinspect.model.views import hook

__all__ = [
    "CO_FLAGS",
    "CO_FAST_KINDS",
    "CellLayout",
    "CellRef",
    "CodeLayout",
    "DispatchPlan",
    "FunctionLayout",
    "GeneratorLayout",
    "LocalSlot",
    "MethodLayout",
    "SlotInfo",
    "Step",
    "TypeLayout",
    "TypeRef",
    "co_flag_names",
    "local_kind_names",
]


# ---- code flags and local kinds ---------------------------------------------------

#: ``co_flags`` bits (``Include/cpython/code.h``): (bit, name, first version)
CO_FLAGS: tuple[tuple[int, str, tuple[int, int]], ...] = (
    (0x0001, "OPTIMIZED", (3, 0)),
    (0x0002, "NEWLOCALS", (3, 0)),
    (0x0004, "VARARGS", (3, 0)),
    (0x0008, "VARKEYWORDS", (3, 0)),
    (0x0010, "NESTED", (3, 0)),
    (0x0020, "GENERATOR", (3, 0)),
    (0x0040, "NOFREE", (3, 0)),
    (0x0080, "COROUTINE", (3, 5)),
    (0x0100, "ITERABLE_COROUTINE", (3, 5)),
    (0x0200, "ASYNC_GENERATOR", (3, 6)),
    (0x20000, "FUTURE_DIVISION", (3, 0)),
    (0x40000, "FUTURE_ABSOLUTE_IMPORT", (3, 0)),
    (0x80000, "FUTURE_WITH_STATEMENT", (3, 0)),
    (0x100000, "FUTURE_PRINT_FUNCTION", (3, 0)),
    (0x200000, "FUTURE_UNICODE_LITERALS", (3, 0)),
    (0x400000, "FUTURE_BARRY_AS_BDFL", (3, 0)),
    (0x800000, "FUTURE_GENERATOR_STOP", (3, 5)),
    (0x1000000, "FUTURE_ANNOTATIONS", (3, 7)),
    (0x2000000, "NO_MONITORING_EVENTS", (3, 13)),
    (0x4000000, "HAS_DOCSTRING", (3, 14)),
    (0x8000000, "METHOD", (3, 14)),
)


def co_flag_names(flags: int, version: tuple[int, int] = sys.version_info[:2]) -> tuple[str, ...]:
    """Names (without ``CO_``) of the bits set in ``co_flags``; unknown bits
    appear as ``"bit<N>"``."""
    names = []
    known = 0
    for bit, name, since in CO_FLAGS:
        if version >= since:
            known |= bit
            if flags & bit:
                names.append(name)
    rest, n = flags & ~known, 0
    while rest:
        if rest & 1:
            names.append(f"bit{n}")
        rest >>= 1
        n += 1
    return tuple(names)


#: ``co_localspluskinds`` bits (3.11+, ``Include/internal/pycore_code.h``)
CO_FAST_KINDS: tuple[tuple[int, str], ...] = (
    (0x02, "arg_pos"),   # 3.14+: positional-only, positional-or-keyword, *args
    (0x04, "arg_kw"),    # 3.14+: keyword-only, positional-or-keyword, **kwargs
    (0x08, "arg_var"),   # 3.14+: *args, **kwargs
    (0x10, "hidden"),    # 3.12+: a comprehension's inlined local (PEP 709)
    (0x20, "local"),
    (0x40, "cell"),
    (0x80, "free"),
)


def local_kind_names(kind: int) -> tuple[str, ...]:
    """Names of the ``CO_FAST_*`` bits set in one ``co_localspluskinds`` byte."""
    return tuple(name for bit, name in CO_FAST_KINDS if kind & bit)


# ---- code -------------------------------------------------------------------------


@frozen
class CodeLayout(Layout):
    """A ``PyCodeObject``: compiled bytecode and the names it uses.

    Attributes:
        argcount, posonlyargcount, kwonlyargcount: ``co_argcount`` (positional
            parameters, without ``*args``), ``co_posonlyargcount``,
            ``co_kwonlyargcount``.
        nlocals: ``co_nlocals``, local variables including parameters.
        stacksize: ``co_stacksize``, the deepest value stack the code needs.
        co_flags: the flags word; ``flags`` names its bits (``OPTIMIZED``,
            ``NEWLOCALS``, ``NESTED``, ``GENERATOR``, ...).
        firstlineno: ``co_firstlineno``.
        varnames, cellvars, freevars: the local, cell and free variable
            names, as ``co_varnames``/``co_cellvars``/``co_freevars`` report
            them.  3.9/3.10 store these three tuples; 3.11+ store one
            ``co_localsplusnames`` tuple and a kind byte per name
            (``localsplus``), from which they are derived exactly as CPython
            does.
        localsplus: 3.11+: ``(name, kind names)`` per frame slot, in slot
            order; ``None`` before 3.11.
        nlocalsplus: 3.11+ ``co_nlocalsplus`` (frame slots for locals, cells
            and free variables), else ``None``.
        framesize: 3.12+ ``co_framesize`` (slots a frame of this code needs),
            else ``None``.
        consts_address, consts, const_summaries, consts_omitted: the
            ``co_consts`` tuple, its item addresses (head ... tail when
            bounded), their descriptions and how many were not read.
        names: ``co_names`` (globals, attributes and imports the code uses).
        filename, name, qualname: ``co_filename``, ``co_name``,
            ``co_qualname`` (3.11+; ``None`` before).
        bytecode_size: bytes of bytecode: ``len(co_code)`` (3.9/3.10 store a
            bytes object) or ``Py_SIZE(code) * 2`` (3.11+ keep the code units
            inline, in ``co_code_adaptive``).
        bytecode_address: where the first code unit is.
        bytecode_offset: 3.11+: offset of ``co_code_adaptive`` from the code
            object's start; ``None`` when the bytecode is a separate bytes object.
        linetable_size: bytes of ``co_linetable`` (``co_lnotab`` on 3.9).
        exceptiontable_size: 3.11+ bytes of ``co_exceptiontable``, else ``None``.
        version: 3.12+ ``co_version``, else ``None``.
    """

    family: ClassVar[str] = "code"
    struct: ClassVar[str] = "PyCodeObject"
    argcount: int
    posonlyargcount: int
    kwonlyargcount: int
    nlocals: int
    stacksize: int
    co_flags: int
    flags: tuple[str, ...]
    firstlineno: int
    varnames: tuple[str, ...]
    cellvars: tuple[str, ...]
    freevars: tuple[str, ...]
    localsplus: Optional[tuple[tuple[str, tuple[str, ...]], ...]]
    nlocalsplus: Optional[int]
    framesize: Optional[int]
    consts_address: Optional[int]
    consts: tuple[Optional[int], ...]
    const_summaries: tuple[ItemSummary, ...]
    consts_omitted: int
    consts_head: int
    names: tuple[str, ...]
    filename: Optional[str]
    name: Optional[str]
    qualname: Optional[str]
    bytecode_size: int
    bytecode_address: Optional[int]
    bytecode_offset: Optional[int]
    linetable_size: Optional[int]
    exceptiontable_size: Optional[int]
    version: Optional[int]

    def _repr_facts(self) -> str:
        return f"{self.qualname or self.name}, argcount={self.argcount}, nlocals={self.nlocals}"

    @property
    def ncellvars(self) -> int:
        return len(self.cellvars)

    @property
    def nfreevars(self) -> int:
        return len(self.freevars)


# ---- cells and functions ---------------------------------------------------------


@frozen
class CellLayout(Layout):
    """A ``PyCellObject``: one pointer, ``ob_ref``, to a variable's value.

    Closures share variables through cells: the defining function's frame and
    every inner function's ``__closure__`` tuple point at the same cell, so a
    later assignment is seen by all of them (late binding).

    Attributes:
        contents_address: ``ob_ref``, or ``None`` for an empty cell (the
            variable is not assigned yet, or was deleted).
        contents: a description of the value (``None`` when empty).
        ob_ref_offset: offset of ``ob_ref`` in the struct.
    """

    family: ClassVar[str] = "cell"
    struct: ClassVar[str] = "PyCellObject"
    contents_address: Optional[int]
    contents: Optional[ItemSummary]
    ob_ref_offset: int

    def _repr_facts(self) -> str:
        return "empty" if self.contents is None else f"contents={self.contents.label}"

    @property
    def empty(self) -> bool:
        return self.contents_address is None


@frozen
class CellRef:
    """One item of a function's closure tuple.

    Attributes:
        index: position in ``func_closure``.
        name: the free variable it binds (``co_freevars[index]``).
        address: the cell's address.
        refcnt: the cell's stored reference count (the closure tuples of all
            functions sharing it, plus a running frame's own reference).
        contents_address: the cell's ``ob_ref`` (``None`` when empty).
        contents: a description of the value.
    """

    index: int
    name: Optional[str]
    address: Optional[int]
    refcnt: Optional[int]
    contents_address: Optional[int]
    contents: Optional[ItemSummary]

    def to_dict(self) -> dict[str, Any]:
        return {f.name: to_jsonable(getattr(self, f.name)) for f in dataclasses.fields(self)}


@frozen
class FunctionLayout(Layout):
    """A ``PyFunctionObject``: a code object plus everything ``def`` bound
    to it when it ran: globals, defaults, closure cells, names.

    Attributes:
        code_address: ``func_code``; ``code`` is its layout.
        globals_address: ``func_globals`` (the module's dict).
        builtins_address: 3.10+ ``func_builtins``, else ``None``.
        name, qualname: ``func_name``, ``func_qualname``.
        module: ``func_module`` when it is a str (``__module__``), else ``None``;
            ``module_address`` is the pointer.
        defaults_address: ``func_defaults`` (the ``__defaults__`` tuple) or ``None``.
        defaults: addresses of the default values; ``default_summaries``
            describes them.
        kwdefaults_address: ``func_kwdefaults`` (a dict) or ``None``.
        kwdefaults: ``(name, value address)`` per keyword-only default, or
            ``None``; ``kwdefault_summaries`` describes the values.
        closure_address: ``func_closure`` (a tuple of cells) or ``None``.
        closure: the cell addresses in ``func_closure``, or ``None``.
        cells: one :class:`CellRef` per closure item: the picture function ->
            closure tuple -> cells -> contents.
        freevars, cellvars: the code's free and cell variable names.
        doc: ``func_doc`` when it is a str (first 200 characters);
            ``doc_type`` names the stored object's type (``NoneType`` when the
            function has no docstring).
        doc_address, dict_address, weakreflist_address: the pointers.
        annotations_address: ``func_annotations``; ``annotations_type`` the
            stored object's type (3.10+ keep a flat ``(name, value, ...)``
            tuple until ``__annotations__`` is first read) and
            ``annotations_count`` its entries.
        annotate_address: 3.14+ ``func_annotate`` (PEP 649), else ``None``.
        typeparams_address: 3.12+ ``func_typeparams`` (PEP 695), else ``None``.
        vectorcall: the ``vectorcall`` function pointer; ``vectorcall_name``
            names it when it is the interpreter's ``_PyFunction_Vectorcall``.
        version: 3.11+ ``func_version`` (0 = not yet assigned), else ``None``.
        code: the layout of the code object.
    """

    family: ClassVar[str] = "function"
    struct: ClassVar[str] = "PyFunctionObject"
    code_address: Optional[int]
    globals_address: Optional[int]
    builtins_address: Optional[int]
    name: Optional[str]
    qualname: Optional[str]
    module: Optional[str]
    module_address: Optional[int]
    defaults_address: Optional[int]
    defaults: Optional[tuple[Optional[int], ...]]
    default_summaries: tuple[ItemSummary, ...]
    kwdefaults_address: Optional[int]
    kwdefaults: Optional[tuple[tuple[Optional[str], Optional[int]], ...]]
    kwdefault_summaries: tuple[ItemSummary, ...]
    closure_address: Optional[int]
    closure: Optional[tuple[Optional[int], ...]]
    cells: tuple[CellRef, ...]
    freevars: tuple[str, ...]
    cellvars: tuple[str, ...]
    doc: Optional[str]
    doc_type: Optional[str]
    doc_address: Optional[int]
    dict_address: Optional[int]
    weakreflist_address: Optional[int]
    annotations_address: Optional[int]
    annotations_type: Optional[str]
    annotations_count: int
    annotate_address: Optional[int]
    typeparams_address: Optional[int]
    vectorcall: Optional[int]
    vectorcall_name: Optional[str]
    version: Optional[int]
    code: Optional[CodeLayout]

    def _repr_facts(self) -> str:
        cells = "" if self.closure is None else f", {len(self.closure)} closure cells"
        return f"{self.qualname}{cells}, refcnt={self.refcnt}"

    @property
    def has_annotations(self) -> bool:
        """Annotations are stored (``func_annotations``) or can be made
        (3.14+ ``func_annotate``)."""
        return (self.annotations_address is not None and self.annotations_count != 0) or \
            self.annotate_address is not None


@frozen
class MethodLayout(Layout):
    """A ``PyMethodObject``: a function bound to an instance (``obj.method``).

    Attributes:
        func_address: ``im_func`` (``__func__``).
        self_address: ``im_self`` (``__self__``).
        func_type, func_qualname: the function's type and, for a Python
            function, its qualified name.
        self_summary: a description of ``__self__`` (its type and address).
        vectorcall: the ``vectorcall`` pointer (``method_vectorcall``).
        weakreflist_address: ``im_weakreflist``.
    """

    family: ClassVar[str] = "method"
    struct: ClassVar[str] = "PyMethodObject"
    func_address: Optional[int]
    self_address: Optional[int]
    func_type: Optional[str]
    func_qualname: Optional[str]
    self_summary: Optional[ItemSummary]
    vectorcall: Optional[int]
    weakreflist_address: Optional[int]

    def _repr_facts(self) -> str:
        return f"{self.func_qualname or self.func_type}, refcnt={self.refcnt}"

    @property
    def im_func(self) -> Optional[int]:
        """``im_func`` (``__func__``) address."""
        return self.func_address

    @property
    def im_self(self) -> Optional[int]:
        """``im_self`` (``__self__``) address."""
        return self.self_address


# ---- types ------------------------------------------------------------------------


@frozen
class TypeRef:
    """A type named in another type's layout (an MRO entry, a base)."""

    name: str
    address: int

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "address": self.address}


@frozen
class SlotInfo:
    """One function-pointer slot of a type.

    Attributes:
        name: CPython's field name (``tp_hash``, ``nb_add``, ``sq_length``, ...).
        table: which struct holds it: ``tp`` (``PyTypeObject``), ``am``
            (``tp_as_async``), ``nb`` (``tp_as_number``), ``sq``
            (``tp_as_sequence``), ``mp`` (``tp_as_mapping``), ``bf``
            (``tp_as_buffer``).
        pointer: the function pointer, ``None`` when empty.
        state: ``"empty"``, ``"c"`` (a C function the type itself
            provides), ``"python"`` (CPython's generic ``slot_*`` function,
            which looks up and calls a Python dunder the type itself
            defines) or ``"inherited"`` (the value comes from ``owner``).
        owner, owner_address: the class that provides the slot's value (the
            type itself unless inherited); ``None`` when empty.
        via: what the owner provides: ``"c"`` or ``"python"`` (``None``
            when empty).
        dunders: the dunders the slot stands for, as ``Class.__name__`` of
            the class each resolves to (for ``"python"`` slots, the Python
            methods the generic function will call).
        function: the name of the C function when pyinspect knows it
            (``PyObject_GenericGetAttr``, ``slot_nb_add``, ...).
        note: extra facts (``__hash__ = None`` makes a type unhashable, ...).
    """

    name: str
    table: str
    pointer: Optional[int]
    state: str
    owner: Optional[str]
    owner_address: Optional[int]
    via: Optional[str]
    dunders: tuple[str, ...]
    function: Optional[str]
    note: Optional[str]

    @property
    def empty(self) -> bool:
        return self.pointer is None

    def to_dict(self) -> dict[str, Any]:
        return {f.name: to_jsonable(getattr(self, f.name)) for f in dataclasses.fields(self)}


@frozen
class TypeLayout(Layout):
    """A type object: a ``PyTypeObject`` (``PyHeapTypeObject`` for classes
    made by ``class``/``type()``), its flags, MRO and slot table.

    ``basicsize`` and ``itemsize`` are the inspected type's
    ``tp_basicsize``/``tp_itemsize`` (what ``__basicsize__`` reports: the
    size of its instances); the type object's own size is
    ``header.basicsize`` (the metatype's ``tp_basicsize``).

    Attributes:
        name: ``tp_name``.
        qualname: ``ht_qualname`` for heap types, else ``None``.
        module: the ``__module__`` str in the type's dict, or the part of
            ``tp_name`` before the last dot for static types.
        tp_basicsize, tp_itemsize: instance sizes.
        tp_flags: the flags word; ``flags`` names its bits.
        heap: ``Py_TPFLAGS_HEAPTYPE``: made at run time, a ``PyHeapTypeObject``.
        base: ``tp_base`` (the "solid" base whose layout instances extend).
        bases: ``tp_bases``.
        tp_mro: ``tp_mro``, the method resolution order (also as ``mro``).
        dict_address: the type's attribute dict (``tp_dict``; on 3.12+ the
            per-interpreter dict of static builtin types, whose ``tp_dict``
            field is ``NULL``); ``tp_dict_address`` is the field as stored.
        dict_entries: entries in that dict.
        tp_dictoffset, tp_weaklistoffset: where instances keep their
            ``__dict__`` and weakref list pointers (``__dictoffset__``,
            ``__weakrefoffset__``; also as ``dict_offset``/``weakref_offset``);
            0 = none, negative on 3.11+/3.12+ = managed pointers in front of
            the object.
        vectorcall_offset: ``tp_vectorcall_offset``.
        version_tag: ``tp_version_tag`` (the method cache key; 0 = none).
        ht_slots: ``__slots__`` names (heap types), else ``None``.
        cached_keys_address: ``ht_cached_keys``, the shared keys of instance
            dicts (heap types), else ``None``.
        module_address: ``ht_module`` (types made by ``PyType_FromModuleAndSpec``).
        as_async, as_number, as_sequence, as_mapping, as_buffer: the
            sub-table pointers (``tp_as_*``); ``None`` when absent.
        slots: one :class:`SlotInfo` per function-pointer slot.
        doc: ``tp_doc`` (first 200 bytes).
    """

    family: ClassVar[str] = "type"
    struct: ClassVar[str] = "PyTypeObject"
    name: str
    qualname: Optional[str]
    module: Optional[str]
    tp_basicsize: int
    tp_itemsize: int
    tp_flags: int
    flags: tuple[str, ...]
    heap: bool
    base: Optional[TypeRef]
    bases: tuple[TypeRef, ...]
    tp_mro: tuple[TypeRef, ...]
    dict_address: Optional[int]
    tp_dict_address: Optional[int]
    dict_entries: int
    tp_dictoffset: int
    tp_weaklistoffset: int
    vectorcall_offset: int
    version_tag: int
    ht_slots: Optional[tuple[str, ...]]
    cached_keys_address: Optional[int]
    module_address: Optional[int]
    as_async: Optional[int]
    as_number: Optional[int]
    as_sequence: Optional[int]
    as_mapping: Optional[int]
    as_buffer: Optional[int]
    slots: tuple[SlotInfo, ...]
    doc: Optional[str]

    def _repr_facts(self) -> str:
        return f"{self.qualname or self.name}, tp_basicsize={self.tp_basicsize}, heap={self.heap}"

    @property
    def basicsize(self) -> int:  # type: ignore[override]
        """``tp_basicsize`` of the inspected type (``__basicsize__``)."""
        return self.tp_basicsize

    @property
    def itemsize(self) -> int:
        """``tp_itemsize`` of the inspected type (``__itemsize__``)."""
        return self.tp_itemsize

    @property
    def dict_offset(self) -> int:
        """``tp_dictoffset`` (``__dictoffset__``)."""
        return self.tp_dictoffset

    @property
    def weakref_offset(self) -> int:
        """``tp_weaklistoffset`` (``__weakrefoffset__``)."""
        return self.tp_weaklistoffset

    @property
    def metaclass(self) -> str:
        """The type of the type (``type`` unless a metaclass made it)."""
        return self.header.type_name

    def slot(self, name: str) -> SlotInfo:
        """The :class:`SlotInfo` of one slot by its CPython name."""
        for s in self.slots:
            if s.name == name:
                return s
        raise KeyError(name)

    @property
    def mro(self) -> tuple[TypeRef, ...]:
        """``tp_mro``: the type, then its bases in method resolution order."""
        return self.tp_mro

    @property
    def mro_names(self) -> tuple[str, ...]:
        return tuple(t.name for t in self.tp_mro)


# ---- generators ---------------------------------------------------------------------


@frozen
class LocalSlot:
    """One local variable slot of a frame.

    Attributes:
        index: slot number (``localsplus[index]``).
        name: the variable's name.
        kinds: what the slot holds: ``local``, ``cell`` (a variable inner
            functions capture: the slot holds a cell once the frame started),
            ``free`` (a captured variable of an enclosing function), plus the
            3.11+ ``co_localspluskinds`` argument bits.
        address: the object in the slot, ``None`` when unbound.
        summary: a description of that object.
        tagged_int: 3.14+: the value when the slot holds a tagged int rather
            than an object pointer, else ``None``.
    """

    index: int
    name: str
    kinds: tuple[str, ...]
    address: Optional[int]
    summary: Optional[ItemSummary]
    tagged_int: Optional[int]

    def to_dict(self) -> dict[str, Any]:
        return {f.name: to_jsonable(getattr(self, f.name)) for f in dataclasses.fields(self)}


@frozen
class GeneratorLayout(Layout):
    """A generator, coroutine or async generator (``PyGenObject``,
    ``PyCoroObject``, ``PyAsyncGenObject``) and the frame it keeps alive.

    Attributes:
        kind: ``"generator"``, ``"coroutine"`` or ``"async_generator"``.
        state: ``"created"``, ``"suspended"``, ``"running"`` or ``"closed"``,
            as :func:`inspect.getgeneratorstate` names it; read from
            ``gi_frame_state`` (3.11+), the frame's ``f_state`` (3.10) or
            ``gi_running`` and ``f_lasti`` (3.9).
        frame_state: the raw ``gi_frame_state`` (3.11+) / ``f_state`` (3.10)
            value, 0 on 3.9.
        suspended_yield_from: 3.13+: suspended inside ``yield from`` /
            ``await`` (``FRAME_SUSPENDED_YIELD_FROM``), else ``None``.
        name, qualname: ``gi_name``, ``gi_qualname``.
        code_address: the code object (``gi_code`` up to 3.11, the frame's
            code from 3.12).
        line: the line the frame is at (what ``gi_frame.f_lineno`` reports;
            the suspended line while suspended), ``None`` when closed.
        lasti: the frame's last instruction offset in bytes (``f_lasti``).
        frame_address: where the frame is: the embedded
            ``_PyInterpreterFrame`` ``gi_iframe`` (3.11+, at ``frame_offset``
            inside the generator) or the ``PyFrameObject`` ``gi_frame``
            (3.9/3.10); ``None`` once closed.
        frame_object_address: the ``PyFrameObject`` if one exists (3.11+
            creates it only when something asks for ``gi_frame``).
        frame_offset: 3.11+ offset of ``gi_iframe``, else ``None``.
        locals: the frame's local variable slots (empty when closed).
        globals_address, builtins_address: the frame's globals/builtins.
        running_async, hooks_inited, closed_flag: ``*_running_async``,
            ``*_hooks_inited``, ``*_closed`` where stored, else ``None``.
        origin_or_finalizer: ``cr_origin``/``ag_finalizer`` (one field from
            3.11) or ``None``.
        weakreflist_address: ``gi_weakreflist``.
    """

    family: ClassVar[str] = "generator"
    struct: ClassVar[str] = "PyGenObject"
    kind: str
    state: str
    frame_state: int
    suspended_yield_from: Optional[bool]
    name: Optional[str]
    qualname: Optional[str]
    code_address: Optional[int]
    filename: Optional[str]
    firstlineno: Optional[int]
    line: Optional[int]
    lasti: Optional[int]
    frame_address: Optional[int]
    frame_object_address: Optional[int]
    frame_offset: Optional[int]
    locals: tuple[LocalSlot, ...]
    globals_address: Optional[int]
    builtins_address: Optional[int]
    running_async: Optional[int]
    hooks_inited: Optional[int]
    closed_flag: Optional[int]
    origin_or_finalizer: Optional[int]
    weakreflist_address: Optional[int]

    def _repr_facts(self) -> str:
        return f"{self.kind} {self.qualname or self.name}, state={self.state!r}"

    @property
    def inspect_state(self) -> str:
        """The state as :mod:`inspect` names it (``GEN_SUSPENDED``,
        ``CORO_CREATED``, ``AGEN_CLOSED``, ...)."""
        prefix = {"coroutine": "CORO", "async_generator": "AGEN"}.get(self.kind, "GEN")
        return f"{prefix}_{self.state.upper()}"

    @property
    def local_addresses(self) -> dict[str, Optional[int]]:
        """``{name: address}`` of the frame's local slots (``None`` = unbound)."""
        return {s.name: s.address for s in self.locals}

    @property
    def suspended_line(self) -> Optional[int]:
        """The line a suspended generator will resume at, else ``None``."""
        return self.line if self.state == "suspended" else None

    def local(self, name: str) -> LocalSlot:
        """The slot of one local variable by name."""
        for s in self.locals:
            if s.name == name:
                return s
        raise KeyError(name)


# ---- operator dispatch ------------------------------------------------------------


@frozen
class Step:
    """One method Python tries while evaluating ``a <op> b``.

    Attributes:
        type_name: the class whose method is tried (where the method is
            defined: ``int`` for ``bool.__add__``).
        method: the dunder, e.g. ``"__mul__"`` or ``"__rmul__"``; for the
            identity fallback of ``==``/``!=`` it is ``"is"``.
        reason: why Python tries it at this point.
        operand: ``"left"`` or ``"right"``: whose method it is (``None``
            for a fallback).
        kind: ``"python"`` (a method written in Python, called through
            CPython's generic slot function), ``"c"`` (a C slot function) or
            ``"fallback"``.
        call: the call as Python makes it, e.g. ``"Vector.__rmul__(b, a)"``.
        operand_type: the type of the operand whose method it is (``Euro``
            when ``Euro`` inherits ``Money.__radd__``: ``type_name`` is then
            ``Money``, where the code that runs is defined).
    """

    type_name: str
    method: str
    reason: str
    operand: Optional[str] = None
    kind: str = "python"
    call: Optional[str] = None
    operand_type: Optional[str] = None

    def to_dict(self) -> dict[str, Any]:
        return {f.name: to_jsonable(getattr(self, f.name)) for f in dataclasses.fields(self)}

    def __str__(self) -> str:
        return self.call or f"{self.type_name}.{self.method}"


class DispatchPlan(Displayed, list):  # type: ignore[type-arg]
    """The :class:`Step` list ``pyinspect.dispatch(a, op, b)`` returns, in
    the order Python tries the methods (each one is tried only if all before
    it returned ``NotImplemented``), with what happens when all of them do.

    A plain list of steps (compare it with a list, index it, iterate it),
    plus ``op``, ``left_type``, ``right_type``, ``expression`` and
    ``otherwise``.  ``pyinspect.show()`` draws it (as an SVG picture in
    Jupyter), and ``pyinspect.save(plan, "plan.svg")`` writes the picture.
    """

    __slots__ = ("op", "left_type", "right_type", "otherwise", "notes")

    def __init__(self, steps: Iterable[Step], op: str, left_type: str, right_type: str,
                 otherwise: str, notes: Iterable[str] = ()) -> None:
        super().__init__(steps)
        self.op = op
        self.left_type = left_type
        self.right_type = right_type
        self.otherwise = otherwise
        self.notes = tuple(notes)

    @property
    def steps(self) -> tuple[Step, ...]:
        return tuple(self)

    @property
    def expression(self) -> str:
        return f"{self.left_type} {self.op} {self.right_type}"

    def to_dict(self) -> dict[str, Any]:
        return {"op": self.op, "left_type": self.left_type, "right_type": self.right_type,
                "steps": [s.to_dict() for s in self], "otherwise": self.otherwise,
                "notes": list(self.notes)}

    def _repr_subject(self) -> str:
        return repr(self.expression)

    def _repr_facts(self) -> str:
        return f"{len(self)} steps"

    def __rich__(self) -> Any:
        return hook("text")(self)
