"""SVG pictures of functions, closures, code objects, cells, bound methods,
types, generators and the operator dispatch plan.

Input: Layouts (and :class:`~pyinspect.model.DispatchPlan`) only, never live
objects.  The pictures follow the pointers the structs hold:

* a function: the ``PyFunctionObject`` as a box of fields, its
  ``func_closure`` tuple → one box per cell → what each cell's ``ob_ref``
  points at, and the ``func_defaults`` tuple drawn apart, → its values; then
  the code object's essentials.  A cell more than one closure points at
  (late binding in a loop) is drawn as shared, with its reference count;
  the names picture (:func:`pyinspect.names`) draws the functions sharing it.
* a code object: argument counts, the variable names by kind (local, cell,
  free), flags, first line, bytecode size, constants.
* a bound method: ``im_func`` and ``im_self``.
* a type: sizes, flags, the MRO as a chain, where instances keep their
  ``__dict__`` and weakref list, and the slot table: empty, a C function,
  CPython's generic slot function calling a Python dunder, or inherited and
  from whom.
* a generator: its state among created → suspended → running → closed, the
  line it is suspended at, and its frame's local variables.
* a dispatch plan (:func:`pyinspect.dispatch`): the methods Python tries for
  ``a op b``, in order, each tried when the one before returned
  ``NotImplemented``.

Every element carries a ``class`` (``fn-box``, ``closure-tuple``, ``cell-box
shared``, ``slot-row``, ``mro-entry``, ``step``...) and ``data-*`` facts, so
tests check structure rather than pixels.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any, Optional

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
from pyinspect.render import svg
from pyinspect.render.svg import (
    ADDRESS,
    DIM,
    FIELD,
    GAP,
    HEADER,
    INK,
    OBJECT,
    ROW,
    SMALL,
    SPARE,
    Drawing,
    _elide,
    cell,
    note,
    pictures,
    renders,
    section,
    text_width,
    title_bar,
)

__all__ = [
    "Box", "struct_box", "value_box", "chips", "code_panel", "closure_picture", "mro_chain", "instance_bar",
    "slot_rows", "locals_table", "dispatch_picture",
    "PYTHON", "C_SLOT", "INHERITED", "EMPTY", "CELL", "SHARED", "LEFT", "RIGHT",
]

# ---- colours ------------------------------------------------------------------------------
PYTHON = "#a0d9a0"      # a method written in Python (CPython's generic slot function calls it)
C_SLOT = "#b9d3f0"      # a C function
INHERITED = "#fbe3a1"   # a slot value copied from a base class
EMPTY = SPARE           # an empty (NULL) slot
FALLBACK = "#e0e0e0"    # identity fallback of == / !=
CELL = "#e9ddf5"        # a cell
SHARED = svg.SHARED     # a cell more than one reference points at
TUPLE = "#eef3e2"       # a tuple the function points at (closure, defaults)
LEFT = "#cde7e4"        # the left operand
RIGHT = "#f9d9bf"       # the right operand
STATE_ON = "#f2b134"    # the generator's current state
KIND_FILL = {"local": "#e8f0fb", "cell": CELL, "free": "#f9d9bf", "hidden": SPARE}

BOX_ROW = 20.0
GAP_X = 64.0


def _short(s: str, n: int = 40) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def _hex(a: Optional[int]) -> str:
    return "NULL" if a is None else f"{a:#x}"


# ---- boxes --------------------------------------------------------------------------------


class Box:
    """Where a drawn box is, and where arrows leave its pointer rows."""

    __slots__ = ("x", "y", "w", "h", "anchors")

    def __init__(self, x: float, y: float, w: float, h: float) -> None:
        self.x, self.y, self.w, self.h = x, y, w, h
        self.anchors: dict[str, tuple[float, float]] = {}

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def entry(self) -> tuple[float, float]:
        """Where an arrow into the box arrives: the middle of its title row."""
        return self.x, self.y + 11


def struct_box(d: Drawing, x: float, y: float, kind: str, title: str,
               rows: Sequence[tuple[str, str, Optional[str]]], fill: str = OBJECT, cls: str = "struct",
               min_w: float = 0, **data: Any) -> Box:
    """A struct as a box: a title row (``kind`` small, ``title`` bold), then
    one row per field ``(name, value, key)``.  A row with a ``key`` is a
    pointer: it ends in a dot whose position is ``box.anchors[key]``."""
    name_w = max([text_width(n, SMALL) for n, _v, _k in rows] + [0]) + 14
    val_w = max([text_width(v) for _n, v, _k in rows] + [0]) + 26
    w = max(text_width(kind, SMALL) + text_width(title) + 24, name_w + val_w, min_w)
    h = 22 + BOX_ROW * len(rows) + (4 if rows else 0)
    box = Box(x, y, w, h)
    d.begin(cls, **data)
    d.rect(x, y, w, h, fill=fill, rx=5, cls=f"{cls.split()[0]}-frame")
    d.text(x + 6, y + 15, kind, size=SMALL, fill=DIM, cls="box-kind")
    d.text(x + 12 + text_width(kind, SMALL), y + 15, title, bold=True, cls="box-title")
    ry = y + 22
    if rows:
        d.line(x, ry, x + w, ry, cls="box-rule")
    for name, value, key in rows:
        d.begin("box-row", data_field=name)
        d.text(x + 6, ry + 14, name, size=SMALL, fill=DIM, cls="row-name")
        d.text(x + name_w, ry + 14, value, cls="row-value")
        if key is not None:
            d.text(x + w - 10, ry + 14, "●", size=SMALL, anchor="middle", cls="pointer")
            box.anchors[key] = (x + w - 10, ry + 10)
        d.end()
        ry += BOX_ROW
    d.end()
    return box


def value_box(d: Drawing, x: float, y: float, s: Optional[ItemSummary], cls: str = "value-box") -> Box:
    """An object a pointer reaches: its type and its value (builtin scalars)
    or address."""
    if s is None:
        label, tname, addr = "NULL", "", None
    else:
        label = _short(s.value, 36) if s.value is not None else f"at {s.address:#x}"
        tname, addr = s.type_name, s.address
    w = max(text_width(label), text_width(tname, SMALL)) + 16
    box = Box(x, y, w, 38)
    d.rect(x, y, w, 38, fill=OBJECT if s is not None else GAP, rx=5, cls=cls, dash=s is None,
           data_address=_hex(addr), data_type=tname, title=f"{tname} at {addr:#x}" if addr is not None else None)
    d.text(x + 8, y + 13, tname, size=SMALL, fill=DIM, cls="target-type")
    d.text(x + 8, y + 30, label, bold=s is not None and s.value is not None, cls="target-label")
    return box


def link(d: Drawing, src: tuple[float, float], dst: tuple[float, float], cls: str, **data: Any) -> None:
    """An arrow from a pointer dot to the title row of a box on its right."""
    d.arrow(src[0] + 5, src[1], dst[0], dst[1], cls=f"arrow {cls}", **data)


def chips(d: Drawing, x: float, y: float, label: str, items: Sequence[tuple[str, str, str]],
          max_w: float = 760, empty: str = "()") -> float:
    """A labelled line of small boxes ``(text, fill, class)``, wrapped;
    returns the y below."""
    d.text(x, y + 14, label, size=SMALL, fill=DIM, cls="chips-label")
    cx0 = x + max(text_width(label, SMALL) + 10, 130)
    cx, cy = cx0, y
    if not items:
        d.text(cx, y + 14, empty, fill=DIM, cls="chips-empty")
        return y + 24
    for text, fill, cls in items:
        w = text_width(text, SMALL) + 12
        if cx + w > x + max_w and cx > cx0:
            cx, cy = cx0, cy + 22
        d.rect(cx, cy + 2, w, 18, fill=fill, rx=3, cls=cls)
        d.text(cx + w / 2, cy + 15, text, size=SMALL, anchor="middle", cls="chip-text")
        cx += w + 4
    return cy + 24


def _wrap(s: str, width: int = 84) -> list[str]:
    return textwrap.wrap(s, width) or [""]


# ---- functions and closures ----------------------------------------------------------------


def _code_where(code: Optional[CodeLayout]) -> str:
    if code is None:
        return ""
    return f"{code.filename}:{code.firstlineno}"


def _cell_box(d: Drawing, x: float, y: float, c: CellRef) -> Box:
    shared = c.refcnt is not None and c.refcnt > 1
    refs = "?" if c.refcnt is None else str(c.refcnt)
    rows = [("ob_ref", "NULL (empty)" if c.contents_address is None else _hex(c.contents_address),
             None if c.contents_address is None else "ob_ref")]
    title = f"{_hex(c.address)}  refcnt {refs}"
    box = struct_box(d, x, y, "cell", title, rows, fill=SHARED if shared else CELL,
                     cls="cell-box shared" if shared else "cell-box", data_address=_hex(c.address),
                     data_refcnt=refs, data_name=c.name or "")
    if shared:
        d.text(x + 4, box.bottom + 12, f"shared: {c.refcnt} references to this one cell (closures, frames)",
               size=SMALL, fill=INK, italic=True, cls="shared-note")
        box.h += 14
    return box


def _shown(n: int, rows: int) -> list[Optional[int]]:
    """Positions of ``n`` items to draw in about ``rows`` rows (head and
    tail), ``None`` where the rest are left out."""
    return _elide(n, n, 0, max(rows, 2))


def _gap_row(positions: list[Optional[int]], n: int) -> tuple[str, str, None]:
    return ("…", f"{n - sum(p is not None for p in positions)} more", None)


def _values_box(d: Drawing, fn: Box, key: str, x: float, y: float, kind: str, title: str,
                labels: Sequence[tuple[str, str]], values: Sequence[Optional[ItemSummary]], rows: int,
                cls: str, address: Optional[int]) -> float:
    """A tuple/dict box the function points at (``key``), one row per value
    (``labels``: row name, row text), each → a box of the value.  Returns
    the y below."""
    pos = _shown(len(labels), rows)
    box_rows = [(labels[p][0], labels[p][1], f"v{p}") if p is not None else _gap_row(pos, len(labels))
                for p in pos]
    box = struct_box(d, x, y, kind, title, box_rows, fill=TUPLE, cls=cls, data_address=_hex(address))
    link(d, fn.anchors[key], box.entry, "defaults-arrow")
    vx = box.right + GAP_X
    vy = y
    for p in pos:
        if p is None or p >= len(values):
            continue
        vb = value_box(d, vx, vy, values[p], cls="default-value")
        link(d, box.anchors[f"v{p}"], vb.entry, "default-arrow", data_index=str(p))
        vy = vb.bottom + 8
    return max(box.bottom, vy) + 18


def closure_picture(d: Drawing, lay: FunctionLayout, x: float, y: float, rows: int = svg.DEFAULT_ROWS) -> float:
    """function → ``func_closure`` tuple → cells → contents, and the
    ``func_defaults`` tuple (and ``func_kwdefaults`` dict) drawn apart with
    their values, each at most about ``rows`` items.  Returns the y below."""
    code = lay.code
    fn_rows: list[tuple[str, str, Optional[str]]] = [
        ("func_code", f"{_hex(lay.code_address)}  {_code_where(code)}".rstrip(), None),
        ("func_globals", _hex(lay.globals_address), None),
        # drawn in the order of the boxes on the right: closure, defaults, kwdefaults
        ("func_closure", _hex(lay.closure_address), "closure" if lay.closure_address is not None else None),
        ("func_defaults", _hex(lay.defaults_address), "defaults" if lay.defaults_address is not None else None),
        ("func_kwdefaults", _hex(lay.kwdefaults_address),
         "kwdefaults" if lay.kwdefaults_address is not None else None),
        ("func_doc", "None" if lay.doc_type == "NoneType" else _short(repr(lay.doc), 30)
         if lay.doc is not None else _hex(lay.doc_address), None),
        ("func_dict", "not created" if lay.dict_address is None else _hex(lay.dict_address), None),
    ]
    fn = struct_box(d, x, y, "function", lay.qualname or lay.name or "?", fn_rows, cls="fn-box",
                    data_address=_hex(lay.address), data_qualname=lay.qualname or "")
    c1 = fn.right + GAP_X
    col_y = y
    # the closure: tuple -> cells -> contents
    if lay.closure_address is not None:
        pos = _shown(len(lay.cells), rows)
        tup_rows = [(f"[{lay.cells[p].index}]", lay.cells[p].name or "?", f"cell{p}") if p is not None
                    else _gap_row(pos, len(lay.cells)) for p in pos]
        n = len(lay.cells)
        tup = struct_box(d, c1, col_y, "tuple", f"func_closure, {n} cell" + ("s" if n != 1 else ""), tup_rows,
                         fill=TUPLE, cls="closure-tuple", data_address=_hex(lay.closure_address))
        link(d, fn.anchors["closure"], tup.entry, "closure-arrow")
        c2 = tup.right + GAP_X
        cy = col_y
        cells: list[tuple[CellRef, Box]] = []
        for p in pos:
            if p is None:
                continue
            c = lay.cells[p]
            cb = _cell_box(d, c2, cy, c)
            link(d, tup.anchors[f"cell{p}"], cb.entry, "cell-arrow", data_index=str(c.index),
                 data_to=_hex(c.address))
            cells.append((c, cb))
            cy = cb.bottom + 12
        c3 = max((cb.right for _c, cb in cells), default=c2) + GAP_X
        for c, cb in cells:
            if c.contents_address is None:
                continue
            vb = value_box(d, c3, cb.y, c.contents, cls="cell-contents")
            link(d, cb.anchors["ob_ref"], vb.entry, "contents-arrow", data_index=str(c.index))
        col_y = max(tup.bottom, cy) + 18
    # the defaults, drawn apart: each function made by `lambda t=t: t` has its own tuple
    if lay.defaults_address is not None:
        names = _default_names(lay)
        n = len(lay.default_summaries)
        title = f"func_defaults, {n} value" + ("s" if n != 1 else "")
        col_y = _values_box(d, fn, "defaults", c1, col_y, "tuple", title, [(f"[{k}]", names[k]) for k in range(n)],
                            lay.default_summaries, rows, "defaults-tuple", lay.defaults_address)
    if lay.kwdefaults_address is not None:
        kw = lay.kwdefaults or ()
        col_y = _values_box(d, fn, "kwdefaults", c1, col_y, "dict", "func_kwdefaults",
                            [(f"{k}=", "") for k, _a in kw], lay.kwdefault_summaries, rows,
                            "kwdefaults-dict", lay.kwdefaults_address)
    return max(fn.bottom, col_y) + 6


def _default_names(lay: FunctionLayout) -> list[str]:
    """The parameter each default belongs to: the last ones of ``co_argcount``."""
    n = len(lay.default_summaries)
    code = lay.code
    out = []
    for k in range(n):
        p = (code.argcount - n + k) if code is not None else -1
        name = code.varnames[p] if code is not None and 0 <= p < len(code.varnames) else "?"
        out.append(f"{name}=")
    return out


@renders(FunctionLayout)
def _function(lay: FunctionLayout, d: Drawing, x: float, y: float, rows: int) -> float:
    code = lay.code
    ncells = len(lay.cells)
    parts = [f"{lay.qualname or lay.name}: made by def at run time"]
    if code is not None:
        parts.append(f"code from {_code_where(code)}")
    parts.append(f"{ncells} closure cell{'s' if ncells != 1 else ''}" if ncells else "no closure")
    parts.append(f"{len(lay.default_summaries)} default{'s' if len(lay.default_summaries) != 1 else ''}"
                 if lay.defaults_address is not None else "no defaults")
    y = note(d, x, y, "; ".join(parts))
    if any(c.refcnt is not None and c.refcnt > 1 for c in lay.cells):
        y = note(d, x, y, "a cell with more than one reference: every function closing over the variable reads "
                          "its current value (late binding); a default (t=t) stores the value at def time")
    y = closure_picture(d, lay, x, y + 6, rows)
    if code is not None:
        y = section(d, x, y + 4, f"func_code → code object at {code.address:#x}")
        y = code_panel(d, code, x, y, rows)
    return y


@renders(CellLayout)
def _cell(lay: CellLayout, d: Drawing, x: float, y: float, rows: int) -> float:
    y = note(d, x, y, f"one pointer, ob_ref, at offset {lay.ob_ref_offset}; closures share variables through it")
    ref = CellRef(index=0, name=None, address=lay.address, refcnt=lay.refcnt, contents_address=lay.contents_address,
                  contents=lay.contents)
    cb = _cell_box(d, x, y, ref)
    if lay.contents_address is not None:
        vb = value_box(d, cb.right + GAP_X, y, lay.contents, cls="cell-contents")
        link(d, cb.anchors["ob_ref"], vb.entry, "contents-arrow")
        return max(cb.bottom, vb.bottom) + 10
    return note(d, x, cb.bottom + 4, "empty: the variable is not bound yet (or was deleted)")


# ---- code objects ---------------------------------------------------------------------------


def code_panel(d: Drawing, code: CodeLayout, x: float, y: float, rows: int) -> float:
    """A code object's essentials: counts, names by kind, flags, bytecode."""
    counts = [
        ("co_argcount", str(code.argcount)),
        ("co_posonlyargcount", str(code.posonlyargcount)),
        ("co_kwonlyargcount", str(code.kwonlyargcount)),
        ("co_nlocals", str(code.nlocals)),
        ("co_stacksize", str(code.stacksize)),
        ("co_firstlineno", str(code.firstlineno)),
        ("bytecode", f"{code.bytecode_size} B"),
    ]
    if code.framesize is not None:
        counts.insert(5, ("co_framesize", str(code.framesize)))
    cx = x
    d.begin("code-counts")
    for label, value in counts:
        w = max(text_width(label, SMALL), text_width(value)) + 14
        cell(d, cx, y, w, 38, label, value, fill=HEADER, cls="code-count", data_field=label, data_value=value)
        cx += w
    d.end()
    y += 46
    where = (f"inline in co_code_adaptive at offset {code.bytecode_offset}" if code.bytecode_offset is not None
             else "in a separate co_code bytes object")
    y = note(d, x, y, f"{code.qualname or code.name} in {code.filename}, line {code.firstlineno}: "
                      f"{code.bytecode_size} bytes of bytecode ({code.bytecode_size // 2} code units) {where}")
    y = chips(d, x, y, f"co_flags {code.co_flags:#x}", [(f, HEADER, "flag") for f in code.flags], empty="0")
    if code.localsplus is not None:
        slots = []
        for i, (name, kinds) in enumerate(code.localsplus):
            main = next((k for k in ("free", "cell", "hidden", "local") if k in kinds), "local")
            slots.append((f"{i}:{name}", KIND_FILL[main], f"name-chip {main}"))
        shown = slots[: max(rows, 4) * 2]
        if len(slots) > len(shown):
            shown.append((f"… {len(slots) - len(shown)} more", GAP, "name-chip more"))
        y = chips(d, x, y, "localsplus", shown)
    for label, names, fill, kind in (("co_varnames", code.varnames, KIND_FILL["local"], "local"),
                                     ("co_cellvars", code.cellvars, KIND_FILL["cell"], "cell"),
                                     ("co_freevars", code.freevars, KIND_FILL["free"], "free"),
                                     ("co_names", code.names, FIELD, "global")):
        items = [(n, fill, f"name-chip {kind}") for n in names[: max(rows, 4) * 2]]
        if len(names) > len(items):
            items.append((f"… {len(names) - len(items)} more", GAP, "name-chip more"))
        y = chips(d, x, y, label, items)
    consts = [(_short(s.label, 28), OBJECT, "const") for s in code.const_summaries[:rows]]
    more = len(code.const_summaries) - len(consts) + code.consts_omitted
    if more:
        consts.append((f"… {more} more", GAP, "const more"))
    y = chips(d, x, y, "co_consts", consts)
    return note(d, x, y, "local: a frame slot; cell: a variable inner functions capture (the slot holds a "
                         "cell); free: captured from an enclosing function (read through func_closure)")


@renders(CodeLayout)
def _code(lay: CodeLayout, d: Drawing, x: float, y: float, rows: int) -> float:
    return code_panel(d, lay, x, y, rows)


# ---- bound methods ---------------------------------------------------------------------------


@renders(MethodLayout)
def _method(lay: MethodLayout, d: Drawing, x: float, y: float, rows: int) -> float:
    y = note(d, x, y, f"obj.method made a bound method: calling it calls "
                      f"{lay.func_qualname or '__func__'}(__self__, *args)")
    rows_ = [("im_func", _hex(lay.func_address), "func" if lay.func_address is not None else None),
             ("im_self", _hex(lay.self_address), "self" if lay.self_address is not None else None),
             ("vectorcall", _hex(lay.vectorcall), None)]
    mb = struct_box(d, x, y + 4, "method", lay.func_qualname or "?", rows_, cls="method-box",
                    data_address=_hex(lay.address))
    tx = mb.right + GAP_X
    bottom = mb.bottom
    if lay.func_address is not None:
        fs = ItemSummary(lay.func_address, lay.func_type or "?", lay.func_qualname)
        fb = value_box(d, tx, y + 4, fs, cls="method-func")
        d.text(fb.right + 8, fb.y + 24, "__func__", size=SMALL, fill=DIM, cls="role")
        link(d, mb.anchors["func"], fb.entry, "func-arrow")
        bottom = max(bottom, fb.bottom)
    if lay.self_address is not None:
        sb = value_box(d, tx, y + 54, lay.self_summary, cls="method-self")
        d.text(sb.right + 8, sb.y + 24, "__self__", size=SMALL, fill=DIM, cls="role")
        link(d, mb.anchors["self"], sb.entry, "self-arrow")
        bottom = max(bottom, sb.bottom)
    return bottom + 10


# ---- types -------------------------------------------------------------------------------------

_TABLES = (("tp", "PyTypeObject (tp_*)"), ("am", "tp_as_async (am_*)"), ("nb", "tp_as_number (nb_*)"),
           ("sq", "tp_as_sequence (sq_*)"), ("mp", "tp_as_mapping (mp_*)"), ("bf", "tp_as_buffer (bf_*)"))
_STATE_FILL = {"c": C_SLOT, "python": PYTHON, "inherited": INHERITED, "empty": EMPTY}


def _state_text(s: SlotInfo) -> str:
    if s.state == "python":
        return "Python"
    if s.state == "c":
        return "C"
    if s.state == "inherited":
        return "inherited (Python)" if s.via == "python" else "inherited (C)"
    return "empty"


def _owner_text(s: SlotInfo) -> str:
    return ("from " if s.state == "inherited" else "") + (s.owner or "")


def mro_chain(d: Drawing, lay: TypeLayout, x: float, y: float) -> float:
    """The MRO as boxes joined by arrows, the type itself first."""
    cx, cy = x, y
    d.begin("mro", data_count=str(len(lay.mro)))
    prev: Optional[tuple[float, float]] = None
    for i, r in enumerate(lay.mro):
        label = r.name
        w = text_width(label) + 18
        if cx + w > x + 760 and i:
            cx, cy = x, cy + 46
            prev = None
        is_base = lay.base is not None and r.address == lay.base.address
        d.rect(cx, cy, w, 26, fill=HEADER if i == 0 else OBJECT, rx=5, cls="mro-entry" + (" self" if i == 0 else ""),
               data_index=str(i), data_name=r.name, data_address=_hex(r.address))
        d.text(cx + w / 2, cy + 17, label, anchor="middle", bold=i == 0, cls="mro-name")
        if is_base:
            d.text(cx + w / 2, cy + 38, "tp_base", size=SMALL - 1, fill=DIM, anchor="middle", cls="tp-base")
        if prev is not None:
            d.arrow(prev[0], prev[1], cx, cy + 13, cls="arrow mro-arrow", bend=0.3)
        prev = (cx + w, cy + 13)
        cx += w + 34
    d.end()
    return cy + 46


def instance_bar(d: Drawing, lay: TypeLayout, x: float, y: float) -> float:
    """An instance's ``tp_basicsize`` bytes as 8-byte words, the header first,
    with the ``__dict__`` and weakref pointers marked where
    ``tp_dictoffset``/``tp_weaklistoffset`` put them."""
    word = 8
    size = lay.tp_basicsize
    free_threaded = "ob_tid" in lay.header.refcnt_fields
    head_bytes = 32 if free_threaded else 16
    nwords = (size + word - 1) // word
    shown = min(nwords, 16)
    cw = 58.0
    cx = x
    marks = {}
    if lay.tp_dictoffset > 0:
        marks[lay.tp_dictoffset // word] = "__dict__"
    if lay.tp_weaklistoffset > 0:
        marks[lay.tp_weaklistoffset // word] = "__weakref__"
    d.begin("instance", data_basicsize=str(size), data_itemsize=str(lay.tp_itemsize),
            data_dictoffset=str(lay.tp_dictoffset), data_weaklistoffset=str(lay.tp_weaklistoffset))
    managed = [(n, off) for n, off in (("__dict__", lay.tp_dictoffset), ("__weakref__", lay.tp_weaklistoffset))
               if off < 0]
    for name, off in managed:  # pointers kept in front of the object (3.11+/3.12+)
        w = max(text_width(name, SMALL), 40) + 14
        cell(d, cx, y, w, 38, f"{off}", name, fill=SPARE, cls="word managed", dash=True, data_role=name)
        cx += w
    if managed:
        cx += 6
    for i in range(shown):
        off = i * word
        if off < head_bytes:
            label, fill, role = "header", HEADER, "header"
        elif i in marks:
            label, fill, role = marks[i], PYTHON, marks[i]
        else:
            label, fill, role = "", FIELD, "field"
        cell(d, cx, y, cw, 38, f"+{off}", label or None, fill=fill, cls="word", data_role=role,
             data_offset=str(off))
        cx += cw
    if nwords > shown:
        cell(d, cx, y, 40, 38, "", "…", fill=GAP, cls="gap", dash=True)
        cx += 40
    if lay.tp_itemsize:
        d.text(cx + 8, y + 24, f"+ n × {lay.tp_itemsize} B items", cls="itemsize")
    d.end()
    y += 44
    notes = []
    for name, off in (("__dict__", lay.tp_dictoffset), ("weakref list", lay.tp_weaklistoffset)):
        if off == 0:
            notes.append(f"no {name} pointer")
        elif off < 0:
            notes.append(f"{name}: managed, in front of the object ({off})")
        else:
            notes.append(f"{name} at +{off}")
    return note(d, x, y, f"an instance: tp_basicsize {size} B" + (f" + {lay.tp_itemsize} B per item"
                                                                   if lay.tp_itemsize else "")
                + "; " + ", ".join(notes))


def slot_rows(d: Drawing, lay: TypeLayout, x: float, y: float) -> float:
    """The filled slots, grouped by the table that holds them, each with
    what it holds and from whom; then the empty ones."""
    filled = [s for s in lay.slots if not s.empty]
    name_w = max([text_width(s.name) for s in filled] + [80]) + 14
    state_w = max([text_width(_state_text(s), SMALL) for s in filled] + [40]) + 16
    owner_w = max([text_width(_owner_text(s), SMALL) for s in filled] + [40]) + 16
    d.begin("slots", data_filled=str(len(filled)), data_empty=str(len(lay.slots) - len(filled)))
    for table, caption in _TABLES:
        group = [s for s in filled if s.table == table]
        if not group:
            continue
        d.text(x, y + 13, caption, size=SMALL, fill=DIM, bold=True, cls="slot-table")
        y += 18
        for s in group:
            d.begin("slot-row", data_slot=s.name, data_state=s.state, data_owner=s.owner or "",
                    data_via=s.via or "")
            d.rect(x, y, name_w, ROW, fill=FIELD, cls="slot-name")
            d.text(x + 6, y + 13, s.name, cls="slot-name-text")
            fill = _STATE_FILL.get(s.state, FIELD)
            d.rect(x + name_w, y, state_w, ROW, fill=fill, cls=f"slot-state {s.state}")
            d.text(x + name_w + state_w / 2, y + 13, _state_text(s), size=SMALL, anchor="middle",
                   cls="slot-state-text")
            ox = x + name_w + state_w
            d.rect(ox, y, owner_w, ROW, fill=FIELD, cls="slot-owner")
            d.text(ox + 6, y + 13, _owner_text(s), size=SMALL, cls="slot-owner-text")
            what = ", ".join(s.dunders)
            if s.function:
                what += ("  " if what else "") + s.function
            if s.note:
                what += ("  — " if what else "") + s.note
            d.text(ox + owner_w + 8, y + 13, _short(what, 110), size=SMALL, fill=INK, cls="slot-what")
            d.end()
            y += ROW + 2
        y += 6
    empty = [(s.name, EMPTY, "slot-empty") for s in lay.slots if s.empty]
    y = chips(d, x, y, f"empty ({len(empty)})", empty, max_w=900, empty="none")
    d.end()
    return note(d, x, y, "C: a C function of the type; Python: CPython's generic slot_* function, which "
                         "looks the dunder up and calls it; inherited: copied from the class named")


@renders(TypeLayout)
def _type(lay: TypeLayout, d: Drawing, x: float, y: float, rows: int) -> float:
    kind = "heap type (PyHeapTypeObject, made at run time)" if lay.heap else "static type (a C global)"
    y = note(d, x, y, f"class {lay.qualname or lay.name} of module {lay.module or '?'}: {kind}; "
                      f"metaclass {lay.metaclass}")
    counts = [
        ("tp_basicsize", str(lay.tp_basicsize)), ("tp_itemsize", str(lay.tp_itemsize)),
        ("tp_dictoffset", str(lay.tp_dictoffset)), ("tp_weaklistoffset", str(lay.tp_weaklistoffset)),
        ("tp_vectorcall_offset", str(lay.vectorcall_offset)), ("tp_version_tag", str(lay.version_tag)),
        ("tp_dict entries", str(lay.dict_entries)),
    ]
    cx = x
    d.begin("type-counts")
    for label, value in counts:
        w = max(text_width(label, SMALL), text_width(value)) + 14
        cell(d, cx, y, w, 38, label, value, fill=HEADER, cls="type-count", data_field=label, data_value=value)
        cx += w
    d.end()
    y = chips(d, x, y + 46, f"tp_flags {lay.tp_flags:#x}", [(f, HEADER, "flag") for f in lay.flags], max_w=900)
    if lay.ht_slots is not None:
        y = chips(d, x, y, "__slots__", [(n, FIELD, "ht-slot") for n in lay.ht_slots])
    y = section(d, x, y + 6, "tp_mro: where attribute lookup searches, in order")
    y = mro_chain(d, lay, x, y)
    y = section(d, x, y + 2, "an instance in memory")
    y = instance_bar(d, lay, x, y)
    y = section(d, x, y + 6, "slots: what the interpreter calls for each operation")
    return slot_rows(d, lay, x, y)


# ---- generators --------------------------------------------------------------------------------

_STATES = ("created", "suspended", "running", "closed")


@renders(GeneratorLayout)
def _generator(lay: GeneratorLayout, d: Drawing, x: float, y: float, rows: int) -> float:
    y = note(d, x, y, f"{lay.kind} {lay.qualname or lay.name}: {lay.inspect_state}"
                      + (" inside yield from / await" if lay.suspended_yield_from else ""))
    cx = x
    d.begin("states", data_state=lay.state)
    for i, st in enumerate(_STATES):
        on = st == lay.state
        w = text_width(st) + 24
        d.rect(cx, y, w, 26, fill=STATE_ON if on else SPARE, rx=13, cls="state current" if on else "state",
               data_state=st)
        d.text(cx + w / 2, y + 17, st, anchor="middle", bold=on, cls="state-name")
        if i < len(_STATES) - 1:
            d.arrow(cx + w + 2, y + 13, cx + w + 28, y + 13, cls="arrow state-arrow", bend=0.2)
        cx += w + 30
    d.end()
    y += 36
    if lay.state == "suspended":
        text = f"suspended at line {lay.line} of {lay.filename} (f_lasti {lay.lasti}): next() resumes there"
        d.begin("suspended", data_line=str(lay.line))
        d.rect(x, y, text_width(text) + 16, 24, fill=STATE_ON, rx=4, cls="suspended-line")
        d.text(x + 8, y + 16, text, bold=True, cls="suspended-text")
        d.end()
        y += 30
    elif lay.line is not None:
        y = note(d, x, y, f"at line {lay.line} (f_lasti {lay.lasti})")
    y = note(d, x, y, f"code {_hex(lay.code_address)}: defined at {lay.filename}:{lay.firstlineno}")
    if lay.frame_address is None:
        return note(d, x, y, "the frame is released: nothing is left to resume")
    if lay.frame_offset is not None:
        where = f"_PyInterpreterFrame embedded in the generator at offset {lay.frame_offset}"
        if lay.frame_object_address:
            where += f"; frame object {lay.frame_object_address:#x}"
    else:
        where = "a PyFrameObject the generator keeps alive (gi_frame)"
    y = note(d, x, y, f"frame {lay.frame_address:#x}: {where}")
    y = section(d, x, y + 6, "the frame's local variables, kept alive while suspended")
    return locals_table(d, lay, x, y, rows)


def locals_table(d: Drawing, lay: GeneratorLayout, x: float, y: float, rows: int) -> float:
    cols = (("slot", 40), ("name", max([text_width(s.name) for s in lay.locals] + [40]) + 16),
            ("kind", max([text_width("+".join(s.kinds), SMALL) for s in lay.locals] + [40]) + 16),
            ("holds", 130))
    cx = x
    for name, w in cols:
        d.text(cx + 4, y + 12, name, size=SMALL, fill=DIM, bold=True, cls="column")
        cx += w
    d.text(cx + 4, y + 12, "value", size=SMALL, fill=DIM, bold=True, cls="column")
    y += 18
    shown = lay.locals if len(lay.locals) <= rows else lay.locals[:rows]
    d.begin("locals", data_count=str(len(lay.locals)))
    for s in shown:
        main = next((k for k in ("free", "cell", "hidden", "local") if k in s.kinds), "local")
        if s.tagged_int is not None:
            held, value, bold = "tagged int", str(s.tagged_int), True
        elif s.address is None:
            held, value, bold = "NULL", "unbound", False
        else:
            held = f"{s.address:#x}"
            value = s.summary.label if s.summary is not None else "?"
            bold = s.summary is not None and s.summary.value is not None
        d.begin("local", data_name=s.name, data_kind=main, data_bound=str(s.address is not None or
                                                                            s.tagged_int is not None).lower())
        cx = x
        d.text(cx + 4, y + 14, str(s.index), fill=DIM, cls="slot-index")
        cx += cols[0][1]
        d.rect(cx, y, cols[1][1] - 4, ROW, fill=KIND_FILL[main], rx=3, cls="local-name")
        d.text(cx + 6, y + 14, s.name, bold=True, cls="local-name-text")
        cx += cols[1][1]
        d.text(cx + 4, y + 14, "+".join(s.kinds), size=SMALL, fill=DIM, cls="local-kind")
        cx += cols[2][1]
        d.text(cx + 4, y + 14, held, size=SMALL, fill=ADDRESS, cls="local-address")
        cx += cols[3][1]
        if s.summary is not None and s.summary.value is None and s.address is not None:
            value = f"<{s.summary.type_name}>"
        d.text(cx + 4, y + 14, _short(value, 48), bold=bold, fill=INK if s.address is not None else DIM,
               cls="local-value")
        d.end()
        y += ROW + 4
    d.end()
    if len(lay.locals) > len(shown):
        y = note(d, x, y, f"… {len(lay.locals) - len(shown)} more slots")
    return y + 4


# ---- operator dispatch -------------------------------------------------------------------------

_KIND_FILL = {"python": PYTHON, "c": C_SLOT, "fallback": FALLBACK}
_KIND_TEXT = {"python": "Python", "c": "C slot", "fallback": "fallback"}


def _first_reflected(plan: DispatchPlan) -> bool:
    """The right operand's method comes before any of the left's: the
    subclass rule put it first."""
    for s in plan:
        if s.operand == "left":
            return False
        if s.operand == "right":
            return True
    return False


def dispatch_picture(plan: DispatchPlan, d: Drawing, rows: int) -> str:
    """The methods Python tries for ``a op b``, top to bottom, each one
    reached only when the one above returned ``NotImplemented``."""
    x, y = 8.0, 8.0
    title = f"a {plan.op} b"
    d.begin("figure dispatch", data_op=plan.op, data_left=plan.left_type, data_right=plan.right_type)
    y = title_bar(d, x, y, f"{title}   with a: {plan.left_type}, b: {plan.right_type}",
                  "operator dispatch, from the types' slots")
    # the operands
    cx = x
    for role, tname, fill in (("a", plan.left_type, LEFT), ("b", plan.right_type, RIGHT)):
        label = f"{role}: {tname}"
        w = text_width(label) + 20
        d.rect(cx, y, w, 26, fill=fill, rx=5, cls=f"operand {'left' if role == 'a' else 'right'}",
               data_type=tname)
        d.text(cx + w / 2, y + 17, label, anchor="middle", bold=True, cls="operand-name")
        cx += w + 16
    d.text(cx + 4, y + 17, "each step is drawn in the colour of the operand whose method it is", size=SMALL,
           fill=DIM, cls="legend")
    y += 38
    if _first_reflected(plan):
        rule = "b goes first: type(b) is a proper subclass of type(a), so its method is tried before a's"
        d.rect(x, y, text_width(rule, SMALL) + 16, 22, fill=RIGHT, rx=4, cls="rule reflected-first")
        d.text(x + 8, y + 15, rule, size=SMALL, bold=True, cls="rule-text")
        y += 30
    step_w = 640.0
    d.begin("steps", data_count=str(len(plan)))
    for i, s in enumerate(plan, 1):
        lines = _wrap(s.reason, 92)
        h = 30 + 14 * len(lines) + 6
        fill = LEFT if s.operand == "left" else RIGHT if s.operand == "right" else FALLBACK
        d.begin("step", data_index=str(i), data_method=s.method, data_type=s.type_name,
                data_operand=s.operand or "", data_kind=s.kind, data_call=str(s))
        d.rect(x, y, step_w, h, fill=fill, rx=6, cls="step-box")
        d.rect(x + 6, y + 6, 22, 20, fill="#ffffff", rx=10, cls="step-number")
        d.text(x + 17, y + 20, str(i), anchor="middle", bold=True, cls="step-number-text")
        d.text(x + 36, y + 21, str(s), bold=True, cls="step-call")
        kind = _KIND_TEXT.get(s.kind, s.kind)
        kw = text_width(kind, SMALL) + 14
        d.rect(x + step_w - kw - 8, y + 6, kw, 18, fill=_KIND_FILL.get(s.kind, FIELD), rx=3,
               cls=f"step-kind {s.kind}")
        d.text(x + step_w - kw / 2 - 8, y + 19, kind, size=SMALL, anchor="middle", cls="step-kind-text")
        ly = y + 40
        for line in lines:
            d.text(x + 36, ly, line, size=SMALL, fill=INK, cls="step-reason")
            ly += 14
        d.end()
        y += h
        d.arrow(x + 40, y + 2, x + 40, y + 26, vertical=True, cls="arrow step-arrow")
        d.text(x + 52, y + 18, "returned NotImplemented (or no such method)" if i < len(plan)
               else "every step returned NotImplemented", size=SMALL, fill=DIM, italic=True, cls="between")
        y += 28
    d.end()
    lines = _wrap(plan.otherwise, 92)
    h = 22 + 14 * len(lines)
    d.rect(x, y, step_w, h, fill=SPARE, rx=6, dash=True, cls="otherwise")
    d.text(x + 10, y + 15, "then:", size=SMALL, bold=True, cls="otherwise-label")
    ly = y + 15
    for line in lines:
        d.text(x + 50, ly, line, size=SMALL, cls="otherwise-text")
        ly += 14
    y += h + 8
    if not len(plan):
        y = note(d, x, y, "no method to try")
    for n in plan.notes:
        y = note(d, x, y, n)
    d.end()
    return f"{title} with a: {plan.left_type}, b: {plan.right_type}"


pictures(DispatchPlan)(dispatch_picture)

