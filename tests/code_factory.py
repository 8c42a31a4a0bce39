"""Hand-built Layouts of functions, cells, code, methods, types and
generators, and dispatch plans, for renderer tests: fixed inputs, no live
objects."""

from __future__ import annotations

from typing import Any, Optional

from layout_factory import header, node

from pyinspect.model import (
    CellLayout,
    CellRef,
    CodeLayout,
    DispatchPlan,
    FunctionLayout,
    GeneratorLayout,
    ItemSummary,
    LocalSlot,
    MethodLayout,
    NameRef,
    NamesLayout,
    ObjectNode,
    SlotInfo,
    SlotRef,
    Step,
    TypeLayout,
    TypeRef,
)

CELL = 0xCE11000
TWO, ZERO, ONE = 0x2000, 0x0A00, 0x1000


def code_layout(name: str = "<lambda>", argcount: int = 0, varnames: tuple = (), freevars: tuple = (),
                cellvars: tuple = (), flags: tuple = ("OPTIMIZED", "NEWLOCALS", "NESTED"), co_flags: int = 0x13,
                **kw: Any) -> CodeLayout:
    values: dict[str, Any] = dict(
        header=header(address=0xC0DE000, type_name="code", basicsize=192, itemsize=2, gc_head_bytes=0,
                      gc_tracked=False),
        argcount=argcount, posonlyargcount=0, kwonlyargcount=0, nlocals=len(varnames), stacksize=1,
        co_flags=co_flags, flags=flags, firstlineno=7, varnames=varnames, cellvars=cellvars, freevars=freevars,
        localsplus=tuple((n, ("local",)) for n in varnames) + tuple((n, ("cell",)) for n in cellvars)
        + tuple((n, ("free",)) for n in freevars),
        nlocalsplus=len(varnames) + len(cellvars) + len(freevars), framesize=11, consts_address=0xC0C0,
        consts=(0x5000,), const_summaries=(ItemSummary(0x5000, "NoneType", "None"),), consts_omitted=0,
        consts_head=1, names=("print",), filename="lesson.py", name=name, qualname=name, bytecode_size=8,
        bytecode_address=0xC0DE0C0, bytecode_offset=192, linetable_size=7, exceptiontable_size=0, version=1,
    )
    values.update(kw)
    return CodeLayout(**values)


def function_layout(address: int, qualname: str = "<lambda>", cells: tuple = (), defaults: Optional[tuple] = None,
                    code: Optional[CodeLayout] = None, kwdefaults: Optional[tuple] = None) -> FunctionLayout:
    """``cells``: (name, cell address, refcnt, contents ItemSummary or None);
    ``defaults``: ItemSummary per default; ``kwdefaults``: (name, ItemSummary)."""
    refs = tuple(CellRef(i, n, a, rc, s.address if s is not None else None, s) for i, (n, a, rc, s) in enumerate(cells))
    if code is None:
        code = code_layout(qualname, freevars=tuple(c[0] for c in cells))
    return FunctionLayout(
        header=header(address=address, type_name="function", basicsize=144, object_bytes=144, allocated_bytes=144),
        code_address=code.address, globals_address=0x6000, builtins_address=0x7000, name=qualname,
        qualname=qualname, module="lesson", module_address=0x8000,
        defaults_address=None if defaults is None else address + 0x100,
        defaults=None if defaults is None else tuple(s.address for s in defaults),
        default_summaries=defaults or (),
        kwdefaults_address=None if kwdefaults is None else address + 0x200,
        kwdefaults=None if kwdefaults is None else tuple((k, s.address) for k, s in kwdefaults),
        kwdefault_summaries=tuple(s for _k, s in kwdefaults or ()),
        closure_address=address + 0x300 if cells else None, closure=tuple(r.address for r in refs) if cells else None,
        cells=refs, freevars=tuple(c[0] for c in cells), cellvars=(), doc=None, doc_type="NoneType",
        doc_address=0x9000, dict_address=None, weakreflist_address=None, annotations_address=None,
        annotations_type=None, annotations_count=0, annotate_address=None, typeparams_address=None,
        vectorcall=0xF00, vectorcall_name="_PyFunction_Vectorcall", version=5, code=code,
    )


def late_binding() -> list[FunctionLayout]:
    """``[lambda: i for i in range(3)]``: three functions, one cell holding 2."""
    two = ItemSummary(TWO, "int", "2")
    return [function_layout(0xF000 + 0x1000 * k, cells=(("i", CELL, 3, two),)) for k in range(3)]


def early_binding() -> list[FunctionLayout]:
    """``[lambda t=t: t for t in range(3)]``: three functions, three defaults tuples."""
    out = []
    for k in range(3):
        value = ItemSummary((ZERO, ONE, TWO)[k], "int", str(k))
        code = code_layout(argcount=1, varnames=("t",))
        out.append(function_layout(0xE000 + 0x1000 * k, defaults=(value,), code=code))
    return out


def cell_layout(contents: Optional[ItemSummary]) -> CellLayout:
    return CellLayout(header=header(address=CELL, type_name="cell", refcnt=3, basicsize=24),
                      contents_address=contents.address if contents is not None else None, contents=contents,
                      ob_ref_offset=16)


def method_layout() -> MethodLayout:
    return MethodLayout(header=header(address=0x3E7000, type_name="method", basicsize=48),
                        func_address=0xF000, self_address=0xAB000, func_type="function",
                        func_qualname="Vector.norm", self_summary=ItemSummary(0xAB000, "Vector", None),
                        vectorcall=0xF10, weakreflist_address=None)


def slot(name: str, state: str, owner: Optional[str] = "Vector3", via: Optional[str] = "c",
         dunders: tuple = (), function: Optional[str] = None, note: Optional[str] = None) -> SlotInfo:
    table = name.split("_", 1)[0]
    if state == "empty":
        return SlotInfo(name, table, None, "empty", None, None, None, (), None, None)
    return SlotInfo(name, table, 0x4000, state, owner, 0x7100, via, dunders, function, note)


def type_layout(dictoffset: int = 0, weaklistoffset: int = 0, basicsize: int = 32) -> TypeLayout:
    """``class Vector3(Vector)``: MRO Vector3 → Vector → object."""
    mro = (TypeRef("Vector3", 0x7100), TypeRef("Vector", 0x7200), TypeRef("object", 0x7300))
    slots = (
        slot("tp_dealloc", "c", function="subtype_dealloc"),
        slot("tp_repr", "inherited", owner="object", dunders=("object.__repr__",)),
        slot("tp_init", "inherited", owner="Vector", via="python", dunders=("Vector.__init__",),
             function="slot_tp_init"),
        slot("tp_hash", "inherited", owner="object", dunders=("object.__hash__",)),
        slot("nb_add", "python", owner="Vector3", via="python", dunders=("Vector.__add__", "Vector3.__radd__"),
             function="slot_nb_add"),
        slot("nb_subtract", "empty"),
        slot("sq_length", "empty"),
    )
    return TypeLayout(
        header=header(address=0x7100, type_name="type", basicsize=920, object_bytes=920, allocated_bytes=920),
        name="Vector3", qualname="Vector3", module="lesson", tp_basicsize=basicsize, tp_itemsize=0,
        tp_flags=0x85600, flags=("HEAPTYPE", "BASETYPE", "READY", "HAVE_GC"), heap=True, base=mro[1],
        bases=(mro[1],), tp_mro=mro, dict_address=0x7500, tp_dict_address=0x7500, dict_entries=4,
        tp_dictoffset=dictoffset, tp_weaklistoffset=weaklistoffset, vectorcall_offset=0, version_tag=77,
        ht_slots=(), cached_keys_address=None, module_address=None, as_async=None, as_number=0x7180,
        as_sequence=0x7190, as_mapping=0x71A0, as_buffer=0x71B0, slots=slots, doc=None,
    )


def generator_layout(state: str = "suspended") -> GeneratorLayout:
    closed = state == "closed"
    locals_ = () if closed else (
        LocalSlot(0, "name", ("arg_pos", "arg_kw", "local"), 0x5100, ItemSummary(0x5100, "str", "'data.csv'"), None),
        LocalSlot(1, "resource", ("local",), 0x5200, ItemSummary(0x5200, "list", None), None),
        LocalSlot(2, "later", ("local",), None, None, None),
    )
    return GeneratorLayout(
        header=header(address=0x6E0000, type_name="generator", basicsize=144),
        kind="generator", state=state, frame_state=-1 if state == "suspended" else 4, suspended_yield_from=False,
        name="opened", qualname="opened", code_address=0xC0DE000, filename="lesson.py", firstlineno=40,
        line=None if closed else 44, lasti=None if closed else 18, frame_address=None if closed else 0x6E0048,
        frame_object_address=None, frame_offset=None if closed else 72, locals=locals_, globals_address=0x6000,
        builtins_address=0x7000, running_async=None, hooks_inited=None, closed_flag=None,
        origin_or_finalizer=None, weakreflist_address=None,
    )


def subclass_plan() -> DispatchPlan:
    """``Vector(..) + Vector3(..)``: the subclass's __radd__ first."""
    return DispatchPlan(
        [Step("Vector3", "__radd__", "type(b) Vector3 is a subclass of type(a) Vector and provides a different "
                                     "__radd__: the reflected method goes first", "right", "python",
              "Vector3.__radd__(b, a)", "Vector3"),
         Step("Vector", "__add__", "the left operand: Vector's nb_add is CPython's generic slot_nb_add", "left",
              "python", "Vector.__add__(a, b)", "Vector")],
        "+", "Vector", "Vector3", "TypeError: unsupported operand type(s) for +: 'Vector' and 'Vector3'")


def plain_plan() -> DispatchPlan:
    """``2 * v``: int's nb_multiply, then Vector.__rmul__, then none left."""
    return DispatchPlan(
        [Step("int", "__mul__", "the left operand: int's nb_multiply, a C function", "left", "c",
              "int.__mul__(a, b)", "int"),
         Step("Vector", "__rmul__", "reflected: type(b) Vector has a Python nb_multiply", "right", "python",
              "Vector.__rmul__(b, a)", "Vector")],
        "*", "int", "Vector", "TypeError: unsupported operand type(s) for *: 'int' and 'Vector'",
        notes=("a note",))


def fn_node(address: int, name: str, slots: tuple, detail: str = "<lambda>", depth: int = 0,
            refcnt: int = 1) -> ObjectNode:
    """A function (or cell) node of the names picture; ``slots``: (target, label)."""
    family = "cell" if detail == "" else "function"
    return ObjectNode(address=address, type_name=family, family=family, refcnt=refcnt, immortal=False, value=None,
                      names=(name,) if name else (), depth=depth, size=len(slots) or None, allocated=None,
                      slots=tuple(SlotRef(i, t, label) for i, (t, label) in enumerate(slots)), slots_omitted=0,
                      slots_head=len(slots), sizeof=160, detail=detail or None)


def closures_names(shared: bool) -> NamesLayout:
    """names f0, f1, f2 → three functions.  ``shared``: each closure slot
    ``i`` → one cell → 2; else each default ``t=`` → its own int."""
    fns = [0xF000 + 0x1000 * k for k in range(3)]
    values = [ZERO, ONE, TWO]
    objects = [fn_node(a, f"f{k}", ((CELL, "i") if shared else (values[k], "t="),)) for k, a in enumerate(fns)]
    if shared:
        objects.append(fn_node(CELL, "", ((TWO, "ob_ref"),), detail="", depth=1, refcnt=3))
        objects.append(node(TWO, "int", 3221225472, "2", depth=2, immortal=True))
    else:
        for a, v in zip(values, "012"):
            objects.append(node(a, "int", 3221225472, v, depth=1, immortal=True))
    return NamesLayout(header=header(type_name="dict"), source="dict",
                       names=tuple(NameRef(f"f{k}", a, "key") for k, a in enumerate(fns)), objects=tuple(objects),
                       names_omitted=0, hidden=(), objects_omitted=0)
