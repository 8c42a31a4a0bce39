"""Terminal pictures of Layouts, as rich renderables.

Input: Layouts only (never live objects).  One function per Layout family,
registered with :func:`renders`; :func:`render` picks it and wraps the result
in a panel titled with the object's type and address.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any, Callable, Optional, TypeVar

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.text import Text

from pyinspect import bits
from pyinspect.model import (
    ByteArrayLayout,
    BytesLayout,
    ComplexLayout,
    FloatLayout,
    Header,
    IntLayout,
    ItemSummary,
    Layout,
    ListLayout,
    ObjectLayout,
    StrLayout,
    TupleLayout,
    WeakrefLayout,
)
from pyinspect.render.common import elided
from pyinspect.render.table import Table

__all__ = ["render", "renders", "header_table", "bit_fields", "DEFAULT_ROWS"]

#: rows shown per table before eliding the middle
DEFAULT_ROWS = 16

# colours of the float fields and of UTF-8 framing bits
SIGN_STYLE = "bold red"
EXPONENT_STYLE = "bold green"
MANTISSA_STYLE = "bold blue"
FRAMING_STYLE = "dim"
PAYLOAD_STYLE = "bold magenta"
ADDRESS_STYLE = "cyan"
NOTE_STYLE = "italic dim"

L = TypeVar("L", bound=Layout)
Renderer = Callable[[Any, int], RenderableType]
_RENDERERS: dict[type, Renderer] = {}


def renders(cls: type[L]) -> Callable[[Callable[[L, int], RenderableType]], Callable[[L, int], RenderableType]]:
    """Register the body renderer of a Layout class."""

    def deco(fn: Callable[[L, int], RenderableType]) -> Callable[[L, int], RenderableType]:
        _RENDERERS[cls] = fn
        return fn

    return deco


def render(layout: Layout, rows: int = DEFAULT_ROWS) -> RenderableType:
    """The picture of ``layout``: a panel with the header and the family's fields.

    Args:
        layout: any Layout.
        rows: table rows shown before the middle of long tables is elided.
    """
    body = None
    for cls in type(layout).__mro__:
        if cls in _RENDERERS:
            body = _RENDERERS[cls](layout, rows)
            break
    parts: list[RenderableType] = []
    if layout.show_header:
        parts += [section("PyObject header", first=True), header_table(layout.header)]
    if body is not None:
        parts += [section(layout.struct, first=not parts), body]
    return Panel(
        Group(*parts),
        title=Text.assemble((layout.type_name, "bold"), " at ", (hex(layout.address), ADDRESS_STYLE)),
        title_align="left",
        subtitle=Text(f"{layout.family} layout, {layout.header.sizeof} bytes", style=NOTE_STYLE),
        subtitle_align="right",
        box=box.ROUNDED,
        expand=False,
    )


# ---- shared pieces ---------------------------------------------------------------


def kv_table(rows: Iterable[tuple[str, Any]], title: Optional[str] = None) -> Table:
    """A two-column key/value grid."""
    t = Table.grid(padding=(0, 2))
    t.add_column(style="bold")
    t.add_column()
    if title:
        t.title = title
    for k, v in rows:
        t.add_row(k, v if isinstance(v, (Text, Table)) else Text(str(v)))
    return t


def addr(a: Optional[int]) -> Text:
    """An address in the address colour, or NULL."""
    return Text("NULL", style="dim") if a is None else Text(hex(a), style=ADDRESS_STYLE)


def section(title: str, first: bool = False) -> Text:
    """A section heading inside a panel."""
    return Text(title if first else f"\n{title}", style="bold underline")


def header_table(h: Header) -> Table:
    """The PyObject header and the object's memory footprint."""
    if h.immortal:
        refs = Text.assemble(("immortal", "bold yellow"), f"  (stored {h.refcnt_stored:#x})")
    else:
        refs = Text(str(h.refcnt))
        if h.refcnt == 0:
            refs.append("  a temporary: no name or container holds it", style=NOTE_STYLE)
        if h.transient_refs:
            refs.append(f"  (stored {h.refcnt_stored}: {h.transient_refs} held while inspecting)",
                        style=NOTE_STYLE)
    raw = h.refcnt_raw
    raw_text = (f"{raw:#018x}" if isinstance(raw, int) and raw >= 0 else str(raw))
    fields = ", ".join(f"{k}={v}" for k, v in h.refcnt_fields.items())
    size = Text(f"{h.sizeof} B")
    parts = [f"object {h.object_bytes}"]
    if h.buffer_bytes:
        parts.append(f"buffers {h.buffer_bytes}")
    if h.preheader_bytes:
        parts.append(f"pre-header {h.preheader_bytes}")
    if h.gc_head_bytes:
        parts.append(f"GC head {h.gc_head_bytes}")
    size.append("  = " + " + ".join(parts), style=NOTE_STYLE)
    rows: list[tuple[str, Any]] = [
        ("ob_refcnt", refs),
        ("  stored words", Text(f"{raw_text}  {fields}", style=NOTE_STYLE)),
        ("ob_type", Text.assemble(addr(h.type_address), f"  {h.type_name}")),
    ]
    if h.ob_size is not None:
        rows.append(("ob_size", h.ob_size))
    rows.append(("memory", size))
    rows.append(("tp_basicsize", f"{h.basicsize}" + (f"  tp_itemsize {h.itemsize}" if h.itemsize else "")))
    rows.append(("GC", "tracked" if h.gc_tracked else ("untracked" if h.gc_head_bytes else "not a GC object")))
    return kv_table(rows)




def gap_row(n: int) -> Text:
    return Text(f"… {n} more …", style=NOTE_STYLE)


# ---- bit pictures ------------------------------------------------------------------


def bit_fields(fb: bits.FloatBits, separator: str = " ") -> Text:
    """sign | exponent | mantissa, coloured (and separated for no-colour output)."""
    return Text.assemble(
        (fb.sign_bits, SIGN_STYLE), separator, (fb.exponent_bits, EXPONENT_STYLE), separator,
        (fb.mantissa_bits, MANTISSA_STYLE),
    )


def float_picture(fb: bits.FloatBits) -> Table:
    f = bits.FORMATS[fb.format]
    t = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    t.add_column("sign", style=SIGN_STYLE, justify="center")
    t.add_column(f"exponent ({f.exponent_bits} bits, bias {f.bias})", style=EXPONENT_STYLE, justify="center")
    t.add_column(f"mantissa ({f.mantissa_bits} bits)", style=MANTISSA_STYLE)
    t.add_row(fb.sign_bits, fb.exponent_bits, fb.mantissa_bits)
    unb = "" if fb.unbiased_exponent is None else f" -> 2^{fb.unbiased_exponent}"
    t.add_row("-" if fb.sign else "+", f"{fb.exponent}{unb}", f"{fb.mantissa:#x} ({fb.kind})")
    return t


def byte_row(data: bytes, byteorder: str) -> Table:
    view = bits.byte_order(data, byteorder)  # type: ignore[arg-type]
    return kv_table([
        ("in memory", " ".join(view.memory_hex) + f"   (address order, {byteorder}-endian)"),
        ("MSB first", " ".join(view.msb_hex)),
    ])


# ---- families ------------------------------------------------------------------------


@renders(IntLayout)
def _int(lay: IntLayout, rows: int) -> RenderableType:
    value = str(lay.value) if lay.value.bit_length() <= 256 else f"<{lay.value.bit_length()} bits>"
    info: list[tuple[str, Any]] = [("value", Text(value, style="bold"))]
    if lay.lv_tag is not None:
        f = lay.lv_tag_fields or {}
        sign_name = {0: "positive", 1: "zero", 2: "negative"}.get(f.get("sign_bits", 0), "?")
        tag = Text(f"{lay.lv_tag} = {lay.lv_tag:#b}")
        tag.append(f"  ndigits {f['ndigits']} << 3 | sign {f['sign_bits']} ({sign_name})", style=NOTE_STYLE)
        if f.get("immortal_bit"):
            tag.append(" | bit 2: cached small int", style=NOTE_STYLE)
        info.append(("lv_tag", tag))
    if lay.ob_size is not None:
        info.append(("ob_size", Text(f"{lay.ob_size}", style="bold")
                     .append("  = sign × ndigits", style=NOTE_STYLE)))
    info.append(("digits", f"{lay.ndigits} × {lay.digit_bits}-bit digits, least significant first"))
    if lay.small_int_cached:
        info.append(("cache", Text("this is the interpreter's cached small int", style="yellow")))
    t = Table(box=box.SIMPLE_HEAD, show_edge=False)
    t.add_column("i", justify="right")
    t.add_column("ob_digit[i]", justify="right")
    t.add_column("hex", justify="right", style=ADDRESS_STYLE)
    t.add_column("weight")
    for i, d in elided(lay.digits, len(lay.digits), 0, rows):
        if i is None:
            t.add_row("", gap_row(d), "", "")
        else:
            t.add_row(str(i), str(d), f"{d:#010x}", f"× 2^{lay.digit_bits * i}")
    sign = "-" if lay.sign < 0 else ""
    formula = Text(f"value = {sign}Σ ob_digit[i] × 2^({lay.digit_bits}·i)", style=NOTE_STYLE)
    return Group(kv_table(info), t if lay.digits else Text("(no digits: zero)", style=NOTE_STYLE), formula)


@renders(FloatLayout)
def _float(lay: FloatLayout, rows: int) -> RenderableType:
    fb = lay.bits
    parts: list[RenderableType] = [
        kv_table([("value", Text(repr(lay.value), style="bold")),
                  ("ob_fval", Text(f"at offset {lay.offset}, 8 bytes IEEE-754 binary64"))]),
        Text("\nbits: sign | exponent | mantissa", style="bold"),
        bit_fields(fb, " | "),
        float_picture(fb),
        Text(fb.formula, style=NOTE_STYLE),
        Text("\nbytes", style="bold"),
        byte_row(lay.raw, lay.byteorder),
        Text("\nthe same value stored in narrower formats", style="bold"),
        _rounding_table(lay.value),
    ]
    return Group(*parts)


def _rounding_table(value: float) -> Table:
    t = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    t.add_column("format", no_wrap=True)
    t.add_column("bits")
    t.add_column("stored value", justify="right", no_wrap=True)
    t.add_column("error", justify="right", no_wrap=True)
    t.add_column("relative", justify="right", no_wrap=True)
    for r in bits.rounding_table(value, ("float32", "float16", "bfloat16")):
        if r.overflow:
            err, rel = Text("overflow -> inf", style="bold red"), Text("")
        elif r.underflow:
            err, rel = Text("underflow to zero", style="bold red"), Text("")
        elif math.isnan(r.abs_error):
            err, rel = Text("n/a"), Text("")
        else:
            err = Text(f"{r.abs_error:+.3g}")
            rel = Text("" if math.isnan(r.rel_error) else f"{r.rel_error:+.1e}")
        t.add_row(r.format, bit_fields(r.bits), repr(r.stored), err, rel)
    t.caption = "error = stored - value;  relative = error / value"
    t.caption_justify = "left"
    t.caption_style = NOTE_STYLE
    return t


@renders(ComplexLayout)
def _complex(lay: ComplexLayout, rows: int) -> RenderableType:
    parts: list[RenderableType] = [kv_table([("value", Text(f"{lay.real!r} + {lay.imag!r}j", style="bold"))])]
    for name, raw in (("cval.real", lay.real_raw), ("cval.imag", lay.imag_raw)):
        fb = bits.float_bits(raw, "float64", lay.byteorder)  # type: ignore[arg-type]
        parts += [Text(f"\n{name}", style="bold"), bit_fields(fb, " | "), byte_row(raw, lay.byteorder)]
    return Group(*parts)


@renders(StrLayout)
def _str(lay: StrLayout, rows: int) -> RenderableType:
    kind_name = {1: "1 byte per code point (latin-1)", 2: "2 bytes (UCS-2)", 4: "4 bytes (UCS-4)"}
    info: list[tuple[str, Any]] = [
        ("length", f"{lay.length} code points"),
        ("kind", f"{lay.kind}: {kind_name.get(lay.kind, 'not ready')}"),
        ("ascii / compact", f"{lay.ascii} / {lay.compact}"),
        ("interned", lay.interned),
        ("hash", "not computed yet (-1)" if lay.hash is None else str(lay.hash)),
    ]
    if lay.statically_allocated is not None:
        info.append(("static", str(lay.statically_allocated)))
    if lay.utf8_is_data:
        info.append(("utf8", "the ASCII data is its own UTF-8"))
    elif lay.utf8 is None:
        info.append(("utf8", Text("not cached (made on first PyUnicode_AsUTF8)", style=NOTE_STYLE)))
    else:
        info.append(("utf8", Text.assemble(f"{lay.utf8_length} bytes cached at ", addr(lay.utf8_address))))
    t = Table(box=box.SIMPLE_HEAD, show_edge=False)
    t.add_column("i", justify="right")
    t.add_column("char")
    t.add_column("code point")
    t.add_column(f"stored ({lay.kind} B)", style=ADDRESS_STYLE)
    t.add_column("UTF-8: framing | payload")
    framing = bits.utf8_framing(lay.value)
    for i, fr in elided(framing, lay.data_head, lay.data_omitted, rows):
        if i is None:
            t.add_row("", gap_row(fr), "", "", "")
            continue
        fits = lay.kind in (1, 2, 4) and fr.code_point < (1 << (8 * lay.kind))
        unit = fr.code_point.to_bytes(lay.kind, "little") if fits else b""
        utf8 = Text()
        for b in fr.bytes:
            utf8.append(b.framing, style=FRAMING_STYLE)
            utf8.append(b.payload, style=PAYLOAD_STYLE)
            utf8.append(" ")
        char = fr.char if fr.char.isprintable() else repr(fr.char)[1:-1]
        t.add_row(str(i), char, f"U+{fr.code_point:04X}", unit.hex(" "), utf8)
    return Group(kv_table(info), t)


def _hexdump(data: bytes, head: int, omitted: int, rows: int) -> Table:
    t = Table(box=box.SIMPLE_HEAD, show_edge=False)
    t.add_column("offset", justify="right")
    t.add_column("bytes", style=ADDRESS_STYLE)
    t.add_column("ascii")
    lines = [data[i:i + 16] for i in range(0, head, 16)]
    tail_lines = [data[i:i + 16] for i in range(head, len(data), 16)]
    shown = 0
    for i, chunk in enumerate(lines):
        if shown >= rows:
            break
        t.add_row(f"{i * 16:#06x}", chunk.hex(" "), "".join(chr(c) if 32 <= c < 127 else "." for c in chunk))
        shown += 1
    if omitted or len(lines) > shown:
        t.add_row("", gap_row(omitted + sum(len(c) for c in lines[shown:])), "")
    for chunk in tail_lines:
        t.add_row("", chunk.hex(" "), "".join(chr(c) if 32 <= c < 127 else "." for c in chunk))
    return t


@renders(BytesLayout)
def _bytes(lay: BytesLayout, rows: int) -> RenderableType:
    info = kv_table([
        ("size", f"{lay.size} bytes inline in ob_sval (offset {lay.data_offset}), then a NUL"),
        ("hash", "not computed yet (-1)" if lay.hash is None else str(lay.hash)),
    ])
    return Group(info, _hexdump(lay.data, lay.data_head, lay.data_omitted, rows))


@renders(ByteArrayLayout)
def _bytearray(lay: ByteArrayLayout, rows: int) -> RenderableType:
    info = kv_table([
        ("size / alloc", f"{lay.size} used of {lay.alloc} allocated"),
        ("ob_bytes", addr(lay.buffer_address)),
        ("ob_start", addr(lay.start_address)),
        ("exports", str(lay.exports)),
    ])
    return Group(info, _hexdump(lay.data, lay.data_head, lay.data_omitted, rows))


def _items_table(items: Sequence[Optional[int]], summaries: Sequence[ItemSummary], head: int,
                 omitted: int, rows: int, spare: int = 0) -> Table:
    t = Table(box=box.SIMPLE_HEAD, show_edge=False)
    t.add_column("slot", justify="right")
    t.add_column("pointer", style=ADDRESS_STYLE)
    t.add_column("points to")
    pairs = list(zip(items, summaries)) if len(summaries) == len(items) else [(a, None) for a in items]
    for i, pair in elided(pairs, head, omitted, rows):
        if i is None:
            t.add_row("", gap_row(pair), "")
            continue
        a, s = pair
        t.add_row(f"[{i}]", hex(a) if a is not None else "NULL",
                  Text(s.label, style="bold") if s is not None and s.value is not None
                  else Text(s.label if s else "", style="dim"))
    if spare:
        size = len(items) + omitted
        shown = min(spare, 2)
        for k in range(shown):
            t.add_row(f"[{size + k}]", Text("(spare)", style="dim"), Text("not in use", style="dim"))
        if spare > shown:
            t.add_row("", gap_row(spare - shown), Text("spare slots", style="dim"))
    return t


@renders(ListLayout)
def _list(lay: ListLayout, rows: int) -> RenderableType:
    bar = Text()
    for k in range(min(lay.allocated, 32)):
        bar.append("■" if k < lay.size else "□", style="bold green" if k < lay.size else "dim")
    if lay.allocated > 32:
        bar.append(" …")
    info = kv_table([
        ("size", f"{lay.size} in use (ob_size)"),
        ("allocated", f"{lay.allocated} slots, {lay.spare} spare"),
        ("ob_item", Text.assemble(addr(lay.ob_item), f"  → array of {lay.allocated} pointers ({8 * lay.allocated} B)")),
        ("capacity", bar),
    ])
    return Group(info, _items_table(lay.items, lay.summaries, lay.items_head, lay.items_omitted,
                                    rows, lay.spare))


@renders(TupleLayout)
def _tuple(lay: TupleLayout, rows: int) -> RenderableType:
    info: list[tuple[str, Any]] = [("size", f"{lay.size} items inline from offset {lay.items_offset}")]
    if lay.hash is not None:
        info.append(("ob_hash", f"{lay.hash} (cached, 3.14+)"))
    return Group(kv_table(info), _items_table(lay.items, lay.summaries, lay.items_head,
                                              lay.items_omitted, rows))


@renders(ObjectLayout)
def _object(lay: ObjectLayout, rows: int) -> RenderableType:
    info: list[tuple[str, Any]] = []
    if lay.dict_offset:
        where = "managed, in front of the object" if lay.managed_dict else "tp_dictoffset slot"
        info.append(("__dict__", Text.assemble(addr(lay.dict_address) if lay.dict_address else
                                               Text("not created", style="dim"),
                                               f"  (pointer at offset {lay.dict_offset}: {where})")))
    slots = None
    if lay.values_address is not None:
        where = "inline at obj + tp_basicsize" if lay.values_inline else "PyDictValues"
        n = sum(v is not None for v in lay.values)
        named = ", ".join(name for name, v in zip(lay.attribute_names, lay.values) if name and v is not None)
        info.append(("values", Text.assemble(addr(lay.values_address), f"  {where}, {n} set of {len(lay.values)}"
                                             f" slots" + (f": {named}" if named else ""))))
        if lay.attribute_names:
            slots = _attribute_slots(lay, rows)
    if lay.weakref_offset:
        info.append(("weakrefs", Text.assemble(addr(lay.weakrefs_address) if lay.weakrefs_address
                                               else Text("none", style="dim"),
                                               f"  (list head at offset {lay.weakref_offset})")))
    if not info:
        info.append(("attributes", Text("no __dict__ and no weakref slot", style=NOTE_STYLE)))
    if slots is None:
        return kv_table(info)
    return Group(kv_table(info), Text(""), slots)


def _attribute_slots(lay: ObjectLayout, rows: int) -> Table:
    """The value slots: the shared key's name beside what the slot holds."""
    t = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    t.add_column("slot", justify="right", no_wrap=True)
    t.add_column("attribute", style="bold")
    t.add_column("value")
    t.add_column("address", style=ADDRESS_STYLE, no_wrap=True)
    plan: list[tuple[int, int]] = []  # runs (first, last) of empty slots drawn as one row, else (i, i)
    for i, address in enumerate(lay.values):
        if address is None and plan and plan[-1][1] == i - 1 and lay.values[plan[-1][0]] is None:
            plan[-1] = (plan[-1][0], i)
        else:
            plan.append((i, i))
    for k, run in elided(plan, len(plan), 0, rows):
        if k is None:
            t.add_row("", gap_row(run), "", "")
            continue
        first, last = run
        address = lay.values[first]
        name = lay.attribute_names[first] if first < len(lay.attribute_names) else None
        summary = lay.attribute_values[first] if first < len(lay.attribute_values) else None
        if address is None:
            where = f"[{first}]" if first == last else f"[{first}–{last}]"
            t.add_row(where, name or "", Text("NULL (not set)", style="dim"), "")
        else:
            value = Text(summary.label, style="bold" if summary.value is not None else "dim") if summary else ""
            t.add_row(f"[{first}]", name or "?", value, hex(address))
    return t


@renders(WeakrefLayout)
def _weakref(lay: WeakrefLayout, rows: int) -> RenderableType:
    kind = "weakref.proxy: attribute access goes to the object" if lay.proxy else "call it to get the object"
    if lay.dead:
        target = Text.assemble(("Py_None", "bold red"), "  dead: the object it referred to was freed; "
                               + ("using the proxy raises ReferenceError" if lay.proxy else "calling it returns None"))
    else:
        target = Text.assemble(addr(lay.referent_address), f"  {lay.referent_type or 'the object'}",
                               ("  (a weak pointer: not counted in its refcnt)", NOTE_STYLE))
    callback = (Text.assemble(addr(lay.callback_address), ("  called with the reference when the object dies",
                                                           NOTE_STYLE))
                if lay.callback_address is not None else Text("NULL (none, or already called)", style="dim"))
    rows_: list[tuple[str, Any]] = [
        ("kind", kind),
        ("wr_object", target),
        ("wr_callback", callback),
        ("hash", Text("-1 (not computed)", style="dim") if lay.hash is None else Text(str(lay.hash))),
    ]
    if not lay.dead:
        rows_.append(("wr_prev/next", Text.assemble(addr(lay.prev_address), " / ", addr(lay.next_address),
                                                    ("  the object's other weak references", NOTE_STYLE))))
    return kv_table(rows_)
