"""Terminal pictures of functions, closures, code, types, dispatch and generators.

Input: Layouts (and :class:`~pyinspect.model.DispatchPlan`) only.  The
closure picture follows the pointers function -> closure tuple -> cells ->
contents and colours every cell address by its value, so functions that
share a cell (late binding in a loop) show the same coloured address.
"""

from __future__ import annotations

from typing import Any, Optional

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.text import Text
from rich.tree import Tree

from pyinspect.model import (
    CellLayout,
    CellRef,
    CodeLayout,
    DispatchPlan,
    FunctionLayout,
    GeneratorLayout,
    ItemSummary,
    MethodLayout,
    SlotInfo,
    TypeLayout,
)
from pyinspect.render.table import Table
from pyinspect.render.text import ADDRESS_STYLE, NOTE_STYLE, addr, gap_row, kv_table, renders

__all__ = ["render_dispatch", "cell_style"]

#: colours for cell addresses; the same address always gets the same colour
_CELL_COLOURS = ("bold magenta", "bold green", "bold yellow", "bold blue", "bold red", "bold cyan")
PYTHON_STYLE = "bold green"
C_STYLE = "bold blue"
INHERITED_STYLE = "yellow"


def cell_style(address: Optional[int]) -> str:
    """A colour that depends only on the address (shared cells match)."""
    if address is None:
        return "dim"
    return _CELL_COLOURS[(address >> 4) % len(_CELL_COLOURS)]


def _value(s: Optional[ItemSummary]) -> Text:
    if s is None:
        return Text("empty", style="dim")
    if s.value is not None:
        return Text.assemble((s.value, "bold"), "  ", (f"{s.type_name} at {s.address:#x}", NOTE_STYLE))
    return Text(s.label, style="dim")


def _ptr(a: Optional[int], what: str = "") -> Text:
    t = addr(a)
    if what and a is not None:
        t.append(f"  {what}", style=NOTE_STYLE)
    return t


def _names(names: Any) -> str:
    return "(" + ", ".join(names) + ("," if len(names) == 1 else "") + ")" if names is not None else "None"


# ---- functions and closures ----------------------------------------------------------


def closure_tree(lay: FunctionLayout) -> RenderableType:
    """function -> func_closure tuple -> cells -> contents."""
    root = Tree(Text.assemble((lay.qualname or "function", "bold"), " ", addr(lay.address)))
    if lay.closure_address is None:
        root.add(Text("func_closure NULL: no free variables, nothing captured", style=NOTE_STYLE))
        return root
    n = len(lay.cells)
    tup = root.add(Text.assemble("func_closure → tuple ", addr(lay.closure_address),
                                 (f"  ({n} cell{'s' if n != 1 else ''})", NOTE_STYLE)))
    for c in lay.cells:
        tup.add(_cell_branch(c))
    return root


def _cell_branch(c: CellRef) -> Tree:
    label = Text.assemble((f"[{c.index}] ", "bold"), (c.name or "?", "bold"), " → cell ",
                          (hex(c.address) if c.address is not None else "NULL", cell_style(c.address)))
    if c.refcnt is not None:
        label.append(f"  refcnt {c.refcnt}", style=NOTE_STYLE)
        if c.refcnt > 1:
            label.append(f"  (shared: {c.refcnt} references to this one cell)", style="italic yellow")
    branch = Tree(label)
    if c.contents_address is None:
        branch.add(Text("ob_ref NULL: empty cell (variable not bound yet)", style="dim"))
    else:
        branch.add(Text.assemble("ob_ref → ", _value(c.contents)))
    return branch


def _defaults_rows(lay: FunctionLayout) -> list[tuple[str, Any]]:
    rows: list[tuple[str, Any]] = []
    if lay.defaults_address is None:
        rows.append(("func_defaults", Text("NULL (no defaults)", style="dim")))
    else:
        vals = Text.assemble(addr(lay.defaults_address), "  tuple: ")
        for i, s in enumerate(lay.default_summaries):
            vals.append((", " if i else "") + s.label, style="bold" if s.value is not None else "dim")
        rows.append(("func_defaults", vals))
    if lay.kwdefaults_address is None:
        rows.append(("func_kwdefaults", Text("NULL", style="dim")))
    else:
        vals = Text.assemble(addr(lay.kwdefaults_address), "  dict: ")
        for i, ((k, _a), s) in enumerate(zip(lay.kwdefaults or (), lay.kwdefault_summaries)):
            vals.append((", " if i else "") + f"{k}={s.label}")
        rows.append(("func_kwdefaults", vals))
    return rows


@renders(FunctionLayout)
def _function(lay: FunctionLayout, rows: int) -> RenderableType:
    code = lay.code
    where = ""
    if code is not None:
        where = f"  <code {code.name} at {code.filename}:{code.firstlineno}>"
    ann = "none"
    if lay.annotations_address is not None:
        ann = f"{lay.annotations_count} stored ({lay.annotations_type})"
    if lay.annotate_address is not None:
        ann += "; lazy __annotate__ function set (PEP 649)"
    info: list[tuple[str, Any]] = [
        ("func_qualname", Text(lay.qualname or "?", style="bold")),
        ("func_module", repr(lay.module) if lay.module is not None else _ptr(lay.module_address)),
        ("func_code", _ptr(lay.code_address, where)),
        ("func_globals", _ptr(lay.globals_address, "the defining module's dict")),
    ]
    if lay.builtins_address is not None:
        info.append(("func_builtins", _ptr(lay.builtins_address)))
    info += _defaults_rows(lay)
    info.append(("func_closure", _ptr(lay.closure_address, f"cells for {_names(lay.freevars)}")
                 if lay.closure_address is not None else Text("NULL", style="dim")))
    if lay.doc is not None:
        doc: Any = repr(lay.doc)
    elif lay.doc_type == "NoneType":
        doc = Text.assemble(addr(lay.doc_address), ("  None (no docstring)", NOTE_STYLE))
    else:
        doc = _ptr(lay.doc_address, f"a {lay.doc_type}")
    info.append(("func_doc", doc))
    info.append(("func_dict", _ptr(lay.dict_address) if lay.dict_address is not None
                 else Text("not created", style="dim")))
    info.append(("annotations", ann))
    if lay.typeparams_address is not None:
        info.append(("func_typeparams", _ptr(lay.typeparams_address)))
    vc = Text(hex(lay.vectorcall) if lay.vectorcall is not None else "NULL", style=ADDRESS_STYLE)
    if lay.vectorcall_name:
        vc.append(f"  {lay.vectorcall_name}", style=NOTE_STYLE)
    info.append(("vectorcall", vc))
    if lay.version is not None:
        info.append(("func_version", f"{lay.version}" + ("  (not assigned yet)" if lay.version == 0 else "")))
    parts: list[RenderableType] = [kv_table(info), Text("\nclosure: function → tuple → cells → values",
                                                          style="bold"), closure_tree(lay)]
    if code is not None:
        parts += [Text(f"\ncode object {code.address:#x}", style="bold"), _code_table(code, rows)]
    return Group(*parts)


# ---- code ------------------------------------------------------------------------------


def _code_table(code: CodeLayout, rows: int) -> RenderableType:
    flags = f"{code.co_flags:#x} = " + (" | ".join(code.flags) or "0")
    if code.bytecode_offset is not None:
        where = f"inline in co_code_adaptive at offset {code.bytecode_offset}"
    else:
        where = "in the co_code bytes object"
    info: list[tuple[str, Any]] = [
        ("co_qualname" if code.qualname is not None else "co_name", code.qualname or code.name or "?"),
        ("co_filename", f"{code.filename}:{code.firstlineno}"),
        ("arguments", f"co_argcount {code.argcount}, co_posonlyargcount {code.posonlyargcount}, "
                      f"co_kwonlyargcount {code.kwonlyargcount}"),
        ("co_varnames", _names(code.varnames)),
        ("co_cellvars", _names(code.cellvars)),
        ("co_freevars", _names(code.freevars)),
        ("co_names", _names(code.names) if len(code.names) <= 12
         else _names(code.names[:12])[:-1] + f", … {len(code.names) - 12} more)"),
        ("co_flags", flags),
        ("sizes", f"co_nlocals {code.nlocals}, co_stacksize {code.stacksize}"
                  + (f", co_nlocalsplus {code.nlocalsplus}" if code.nlocalsplus is not None else "")
                  + (f", co_framesize {code.framesize}" if code.framesize is not None else "")),
        ("bytecode", Text.assemble(f"{code.bytecode_size} bytes ({code.bytecode_size // 2} code units) ",
                                   (where, NOTE_STYLE))),
    ]
    consts = Text()
    shown = code.const_summaries[:rows]
    for i, s in enumerate(shown):
        consts.append((", " if i else "") + s.label, style="bold" if s.value is not None else "dim")
    more = len(code.const_summaries) - len(shown) + code.consts_omitted
    if more:
        consts.append(f", … {more} more", style=NOTE_STYLE)
    info.append(("co_consts", consts))
    if code.localsplus is not None:
        slots = Text()
        for i, (n, kinds) in enumerate(code.localsplus):
            slots.append((", " if i else "") + f"{n}:{'+'.join(kinds)}")
        info.append(("localsplus", slots))
    return kv_table(info)


@renders(CodeLayout)
def _code(lay: CodeLayout, rows: int) -> RenderableType:
    return _code_table(lay, rows)


@renders(CellLayout)
def _cell(lay: CellLayout, rows: int) -> RenderableType:
    return kv_table([
        ("ob_ref", Text.assemble(addr(lay.contents_address), f"  at offset {lay.ob_ref_offset}")
         if lay.contents_address is not None else Text("NULL: empty cell", style="dim")),
        ("value", _value(lay.contents)),
    ])


@renders(MethodLayout)
def _method(lay: MethodLayout, rows: int) -> RenderableType:
    func = _ptr(lay.func_address, f"{lay.func_type} {lay.func_qualname or ''}".rstrip())
    return kv_table([
        ("im_func  (__func__)", func),
        ("im_self  (__self__)", Text.assemble(addr(lay.self_address), "  ", _value(lay.self_summary))),
        ("vectorcall", Text(hex(lay.vectorcall) if lay.vectorcall is not None else "NULL", style=ADDRESS_STYLE)),
        ("calling it", Text(f"calls {lay.func_qualname or 'im_func'}(im_self, *args)", style=NOTE_STYLE)),
    ])


# ---- types -------------------------------------------------------------------------------


def _slot_row(s: SlotInfo) -> tuple[Text, Text, Text, Text]:
    if s.state == "python":
        state = Text("Python", style=PYTHON_STYLE)
    elif s.state == "c":
        state = Text("C", style=C_STYLE)
    else:
        state = Text("inherited", style=INHERITED_STYLE)
    origin = Text(s.owner or "")
    if s.state == "inherited":
        origin = Text.assemble(("from ", NOTE_STYLE), (s.owner or "?", "bold"),
                               (f" ({'Python' if s.via == 'python' else 'C'})", NOTE_STYLE))
    what = Text(", ".join(s.dunders))
    if s.function:
        what.append(("  " if s.dunders else "") + s.function, style=NOTE_STYLE)
    if s.note:
        what.append(f"  {s.note}", style="italic yellow")
    return Text(s.name), state, origin, what


def slot_table(lay: TypeLayout) -> RenderableType:
    t = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    t.add_column("slot")
    t.add_column("holds")
    t.add_column("from")
    t.add_column("dunder / function")
    filled = [s for s in lay.slots if not s.empty]
    for s in filled:
        t.add_row(*_slot_row(s))
    empty = [s.name for s in lay.slots if s.empty]
    note = Text(f"{len(filled)} slots filled; {len(empty)} empty: ", style=NOTE_STYLE)
    note.append(", ".join(empty), style="dim")
    return Group(t, note)


@renders(TypeLayout)
def _type(lay: TypeLayout, rows: int) -> RenderableType:
    mro = Text()
    for i, r in enumerate(lay.mro):
        mro.append(" → " if i else "", style=NOTE_STYLE)
        mro.append(r.name, style="bold" if i == 0 else "")
    size = f"{lay.tp_basicsize} bytes per instance"
    if lay.tp_itemsize:
        size += f" + {lay.tp_itemsize} per item"
    info: list[tuple[str, Any]] = [
        ("tp_name", Text(lay.name, style="bold")),
    ]
    if lay.qualname is not None and lay.qualname != lay.name:
        info.append(("ht_qualname", lay.qualname))
    info += [
        ("module", lay.module or "?"),
        ("metaclass", lay.metaclass),
        ("kind", "heap type (PyHeapTypeObject, made at run time)" if lay.heap
         else "static type (a C global PyTypeObject)"),
        ("tp_basicsize", size),
        ("tp_flags", Text.assemble(f"{lay.tp_flags:#x}  ", (" | ".join(lay.flags), NOTE_STYLE))),
        ("tp_mro", mro),
        ("tp_base", lay.base.name if lay.base is not None else Text("NULL", style="dim")),
    ]
    if len(lay.bases) > 1:
        info.append(("tp_bases", ", ".join(b.name for b in lay.bases)))
    dict_note = f"{lay.dict_entries} entries"
    if lay.tp_dict_address is None and lay.dict_address is not None:
        dict_note += " (kept in the interpreter's state: tp_dict is NULL for static builtin types)"
    info += [
        ("tp_dict", _ptr(lay.dict_address, dict_note)),
        ("tp_dictoffset", _offset_text(lay.tp_dictoffset, "__dict__")),
        ("tp_weaklistoffset", _offset_text(lay.tp_weaklistoffset, "weakref list")),
        ("tp_version_tag", str(lay.version_tag)),
    ]
    if lay.ht_slots is not None:
        info.append(("__slots__", _names(lay.ht_slots)))
    if lay.cached_keys_address is not None:
        info.append(("ht_cached_keys", _ptr(lay.cached_keys_address, "keys shared by instance dicts")))
    return Group(kv_table(info), Text("\nslots (what the interpreter calls for each operation)",
                                      style="bold"), slot_table(lay))


def _offset_text(off: int, what: str) -> Text:
    if off == 0:
        return Text(f"0: instances have no {what} pointer", style="dim")
    if off < 0:
        return Text(f"{off}: managed {what} pointer in front of the object (3.11+)")
    return Text(f"{off}: {what} pointer at this offset in each instance")


# ---- generators ----------------------------------------------------------------------------


_STATE_STYLE = {"created": "bold cyan", "suspended": "bold yellow", "running": "bold green", "closed": "dim"}


@renders(GeneratorLayout)
def _generator(lay: GeneratorLayout, rows: int) -> RenderableType:
    state = Text(lay.state, style=_STATE_STYLE.get(lay.state, "bold"))
    state.append(f"  (raw frame state {lay.frame_state})", style=NOTE_STYLE)
    if lay.suspended_yield_from:
        state.append("  inside yield from / await", style="italic")
    info: list[tuple[str, Any]] = [
        ("kind", lay.kind),
        ("qualname", Text(lay.qualname or "?", style="bold")),
        ("state", state),
    ]
    if lay.state == "suspended":
        info.append(("suspended at", Text(f"line {lay.line} of {lay.filename}  (f_lasti {lay.lasti})",
                                          style="bold yellow")))
    elif lay.line is not None:
        info.append(("line", f"{lay.line} (f_lasti {lay.lasti})"))
    info.append(("code", _ptr(lay.code_address, f"defined at {lay.filename}:{lay.firstlineno}")))
    if lay.frame_address is None:
        info.append(("frame", Text("released: nothing left to resume", style="dim")))
    elif lay.frame_offset is not None:
        info.append(("frame", _ptr(lay.frame_address,
                                   f"_PyInterpreterFrame embedded at offset {lay.frame_offset}")))
        info.append(("frame object", _ptr(lay.frame_object_address, "(PyFrameObject)")
                     if lay.frame_object_address else Text("not created (made on first gi_frame access)",
                                                           style="dim")))
    else:
        info.append(("gi_frame", _ptr(lay.frame_address, "PyFrameObject kept alive by the generator")))
    if lay.running_async is not None and lay.kind != "generator":
        info.append(("running_async", str(lay.running_async)))
    parts: list[RenderableType] = [kv_table(info)]
    if lay.locals:
        t = Table(box=box.SIMPLE_HEAD, show_edge=False, title_justify="left")
        t.add_column("slot", justify="right")
        t.add_column("name", style="bold")
        t.add_column("kind")
        t.add_column("holds", style=ADDRESS_STYLE)
        t.add_column("value")
        shown = lay.locals if len(lay.locals) <= rows else lay.locals[:rows]
        for s in shown:
            if s.tagged_int is not None:
                held, val = Text("tagged int"), Text(str(s.tagged_int), style="bold")
            elif s.address is None:
                held, val = Text("NULL", style="dim"), Text("unbound", style="dim")
            else:
                held, val = Text(hex(s.address)), _value(s.summary)
            t.add_row(str(s.index), s.name, "+".join(s.kinds), held, val)
        if len(lay.locals) > len(shown):
            t.add_row("", gap_row(len(lay.locals) - len(shown)), "", "", "")
        parts += [Text("\nframe locals (kept alive while the generator is suspended)", style="bold"), t]
    return Group(*parts)


# ---- dispatch -------------------------------------------------------------------------------


def render_dispatch(plan: DispatchPlan) -> RenderableType:
    """The picture of a :class:`~pyinspect.model.DispatchPlan`."""
    t = Table(box=box.SIMPLE_HEAD, show_edge=False)
    t.add_column("#", justify="right")
    t.add_column("Python tries")
    t.add_column("kind")
    t.add_column("why")
    for i, s in enumerate(plan, 1):
        style = PYTHON_STYLE if s.kind == "python" else (C_STYLE if s.kind == "c" else "bold")
        kind = {"python": "Python", "c": "C slot"}.get(s.kind, s.kind)
        t.add_row(str(i), Text(str(s), style="bold"), Text(kind, style=style), Text(s.reason))
    parts: list[RenderableType] = []
    if len(plan):
        parts.append(t)
    else:
        parts.append(Text("no method to try", style=NOTE_STYLE))
    parts.append(Text.assemble(("\nif every step returns NotImplemented: ", "bold"), plan.otherwise))
    for n in plan.notes:
        parts.append(Text(n, style=NOTE_STYLE))
    return Panel(Group(*parts), title=Text.assemble(("a " + plan.op + " b", "bold"), "   with a: ",
                                                    (plan.left_type, "bold"), ", b: ", (plan.right_type, "bold")),
                 title_align="left", subtitle=Text("operator dispatch, from the types' slots", style=NOTE_STYLE),
                 subtitle_align="right", box=box.ROUNDED, expand=False)
