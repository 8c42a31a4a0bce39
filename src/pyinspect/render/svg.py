"""SVG pictures of Layouts, drawn by pyinspect itself (no Graphviz).

Input: Layouts only (never live objects).  One function per Layout class,
registered with :func:`renders`, draws the family's body onto a
:class:`Drawing`; :func:`figure` adds the title and the object header and
picks the renderer by the Layout's MRO.  A Layout class without a renderer
(a family added later) still draws: its dataclass fields as a table.

Every element carries a ``class`` naming what it is (``slot used``,
``slot spare``, ``bit sign``, ``utf8-bit framing``, ``name``, ``arrow``, ...)
so pictures can be styled, and tested by structure rather than by pixels.
Colours are explicit ``fill`` attributes from the constants below.
"""

from __future__ import annotations

import dataclasses
import math
import unicodedata
from collections.abc import Sequence
from typing import Any, Callable, Optional, TypeVar

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
    NamesLayout,
    StrLayout,
    TupleLayout,
)
from pyinspect.render.xml_text import NEEDS_ESCAPE, NEEDS_QUOTING, escape, quoteattr

__all__ = [
    "Drawing", "renders", "figure", "to_svg", "field_table", "FIELD_TABLE_FAMILIES", "DEFAULT_ROWS", "pictures",
    "picture_for",
    "title_bar", "NamesPlacement", "names_picture", "node_size", "name_width", "names_note",
    "SIGN", "EXPONENT", "MANTISSA", "FRAMING", "PAYLOAD", "USED", "SPARE", "HEADER", "NAME", "SHARED",
]

DEFAULT_ROWS = 16

# ---- colours (fill attributes) ----------------------------------------------------------
SIGN = "#e15759"        # float sign bit
EXPONENT = "#59a14f"    # float exponent bits
MANTISSA = "#4e79a7"    # float mantissa bits
FRAMING = "#c9c3bd"     # UTF-8 framing (prefix) bits
PAYLOAD = "#b07aa1"     # UTF-8 payload bits
USED = "#a0d9a0"        # a slot in use
SPARE = "#eeeeee"       # a spare (allocated, unused) slot
HEADER = "#f6e3b4"      # object header fields
FIELD = "#ffffff"       # plain fields
NAME = "#fde9a9"        # a name label
OBJECT = "#e8f0fb"      # an object box (names picture)
IMMORTAL = "#fff3c4"    # an immortal object
SHARED = "#f4b6c2"      # a cell more than one closure points at (late binding)
DIGIT = "#d4e4f7"       # an int digit
BYTE = "#e6ecef"        # a byte
GAP = "#ffffff"         # an elided stretch
INK = "#222222"
DIM = "#777777"
ADDRESS = "#1f7a8c"
LINE = "#555555"
TITLE_BG = "#34495e"

FONT = "DejaVu Sans Mono, Menlo, Consolas, monospace"
SIZE = 12
SMALL = 10
CHAR = 0.6  # width of a monospace character, in font sizes
ROW = 18    # line height of 12-px text


def text_width(s: str, size: float = SIZE) -> float:
    """Width of ``s`` in the monospace font (wide characters count double)."""
    if s.isascii():
        return len(s) * CHAR * size
    n = 0
    for ch in s:
        n += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return n * CHAR * size


#: keyword argument -> attribute name (``stroke_width`` -> ``stroke-width``)
_ATTR_NAMES: dict[str, str] = {}


def _num(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".") if v != int(v) else str(int(v))


class Drawing:
    """An SVG picture under construction: elements at absolute coordinates.

    The canvas grows to fit what is drawn; :meth:`svg` writes it out.
    """

    def __init__(self, margin: float = 8) -> None:
        self.parts: list[str] = []
        self.width = 0.0
        self.height = 0.0
        self.margin = margin
        self._open = 0

    def _extend(self, x: float, y: float) -> None:
        self.width = max(self.width, x)
        self.height = max(self.height, y)

    @staticmethod
    def _attrs(attrs: dict[str, Any]) -> str:
        out = []
        for k, v in attrs.items():
            if v is None:
                continue
            name = _ATTR_NAMES.get(k)
            if name is None:
                name = _ATTR_NAMES[k] = k.rstrip("_").replace("_", "-")
            text = _num(v) if isinstance(v, float) else str(v)
            # quoteattr's own result when nothing needs escaping, without its cost
            out.append(f'{name}="{text}"' if NEEDS_QUOTING.search(text) is None else f"{name}={quoteattr(text)}")
        return " ".join(out)

    def begin(self, cls: str, **attrs: Any) -> None:
        """Open a ``<g>`` group (close it with :meth:`end`)."""
        self.parts.append(f"<g {self._attrs({'class': cls, **attrs})}>")
        self._open += 1

    def end(self) -> None:
        self.parts.append("</g>")
        self._open -= 1

    def rect(self, x: float, y: float, w: float, h: float, fill: str = FIELD, cls: Optional[str] = None,
             stroke: str = LINE, rx: float = 0, dash: bool = False, title: Optional[str] = None,
             **data: Any) -> None:
        attrs = {"x": float(x), "y": float(y), "width": float(w), "height": float(h), "fill": fill,
                 "stroke": stroke, "stroke_width": "1", "rx": float(rx) if rx else None,
                 "stroke_dasharray": "4 3" if dash else None, "class": cls}
        attrs.update(data)
        body = f"<title>{escape(title)}</title>" if title else ""
        if body:
            self.parts.append(f"<rect {self._attrs(attrs)}>{body}</rect>")
        else:
            self.parts.append(f"<rect {self._attrs(attrs)}/>")
        self._extend(x + w, y + h)

    def text(self, x: float, y: float, s: str, size: float = SIZE, fill: str = INK, anchor: str = "start",
             bold: bool = False, italic: bool = False, cls: Optional[str] = None) -> float:
        """Text with its baseline at ``y``; returns its width."""
        w = text_width(s, size)
        attrs = {"x": float(x), "y": float(y), "font_size": _num(size), "fill": fill,
                 "text_anchor": anchor if anchor != "start" else None,
                 "font_weight": "bold" if bold else None, "font_style": "italic" if italic else None,
                 "class": cls}
        body = s if NEEDS_ESCAPE.search(s) is None else escape(s)
        self.parts.append(f"<text {self._attrs(attrs)}>{body}</text>")
        left = x - (w if anchor == "end" else w / 2 if anchor == "middle" else 0)
        self._extend(left + w, y + size * 0.3)
        return w

    def line(self, x1: float, y1: float, x2: float, y2: float, stroke: str = LINE, dash: bool = False,
             cls: Optional[str] = None) -> None:
        attrs = {"x1": float(x1), "y1": float(y1), "x2": float(x2), "y2": float(y2), "stroke": stroke,
                 "stroke_dasharray": "3 3" if dash else None, "class": cls}
        self.parts.append(f"<line {self._attrs(attrs)}/>")
        self._extend(max(x1, x2), max(y1, y2))

    def arrow(self, x1: float, y1: float, x2: float, y2: float, cls: str = "arrow", bend: float = 0.5,
              vertical: bool = False, back: bool = False, **data: Any) -> None:
        """A curved arrow from (x1, y1) to (x2, y2), head at the end.

        ``vertical`` leaves downwards and arrives from above; ``back`` arrives
        at a right-hand edge from the right (a target left of the start)."""
        if vertical:
            dy = (y2 - y1) * bend
            d = f"M{_num(x1)},{_num(y1)} C{_num(x1)},{_num(y1 + dy)} {_num(x2)},{_num(y2 - dy)} {_num(x2)},{_num(y2)}"
        elif back:
            dx = 40.0 + abs(y2 - y1) * 0.25
            out = max(x1, x2) + dx
            d = f"M{_num(x1)},{_num(y1)} C{_num(out)},{_num(y1)} {_num(out)},{_num(y2)} {_num(x2)},{_num(y2)}"
            self._extend(out, max(y1, y2))
        else:
            dx = max(30.0, abs(x2 - x1) * bend)
            d = f"M{_num(x1)},{_num(y1)} C{_num(x1 + dx)},{_num(y1)} {_num(x2 - dx)},{_num(y2)} {_num(x2)},{_num(y2)}"
        attrs = {"d": d, "fill": "none", "stroke": LINE, "stroke_width": "1.3",
                 "marker_end": "url(#pyi-arrowhead)", "class": cls}
        attrs.update(data)
        self.parts.append(f"<path {self._attrs(attrs)}/>")
        self._extend(max(x1, x2), max(y1, y2))

    def path(self, d: str, cls: str = "arrow", stroke: str = LINE, head: bool = True, dash: bool = False,
             extent: Optional[tuple[float, float]] = None, **data: Any) -> None:
        """A free-form path ``d`` (with an arrowhead at its end unless
        ``head`` is False); ``extent`` is the lowest-rightmost point it reaches."""
        attrs = {"d": d, "fill": "none", "stroke": stroke, "stroke_width": "1.3",
                 "stroke_dasharray": "4 3" if dash else None,
                 "marker_end": "url(#pyi-arrowhead)" if head else None, "class": cls}
        attrs.update(data)
        self.parts.append(f"<path {self._attrs(attrs)}/>")
        if extent is not None:
            self._extend(*extent)

    def svg(self, title: Optional[str] = None) -> str:
        """The finished ``<svg>`` element (standalone-ready, with xmlns)."""
        while self._open:
            self.end()
        w = math.ceil(self.width + self.margin)
        h = math.ceil(self.height + self.margin)
        head = (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="pyinspect" width="{w}" height="{h}" '
            f'viewBox="0 0 {w} {h}" font-family={quoteattr(FONT)} font-size="{SIZE}">'
        )
        defs = (
            '<defs><marker id="pyi-arrowhead" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
            f'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{LINE}"/>'
            "</marker></defs>"
        )
        t = f"<title>{escape(title)}</title>" if title else ""
        bg = f'<rect class="background" x="0" y="0" width="{w}" height="{h}" fill="#ffffff"/>'
        return head + t + defs + bg + "".join(self.parts) + "</svg>"


# ---- registry ------------------------------------------------------------------------------

L = TypeVar("L", bound=Layout)
#: draws a Layout's body at (x, y) and returns the y below it
Renderer = Callable[[Any, Drawing, float, float, int], float]
_RENDERERS: dict[type, Renderer] = {}

#: families with no SVG renderer of their own, drawn as the table of their
#: fields (:func:`field_table`): an instance's (or module's) attributes
FIELD_TABLE_FAMILIES = ("object", "module")


def renders(cls: type[L]) -> Callable[[Callable[[L, Drawing, float, float, int], float]],
                                     Callable[[L, Drawing, float, float, int], float]]:
    """Register the SVG body renderer of a Layout class.

    The function gets ``(layout, drawing, x, y, rows)``, draws the family's
    picture with its top-left corner at (x, y) and returns the y coordinate
    below what it drew.
    """

    def deco(fn: Callable[[L, Drawing, float, float, int], float]) -> Callable[[L, Drawing, float, float, int], float]:
        _RENDERERS[cls] = fn
        return fn

    return deco


def renderer_for(layout: Layout) -> Optional[Renderer]:
    """The renderer registered for the Layout's class or its nearest base."""
    for cls in type(layout).__mro__:
        if cls in _RENDERERS:
            return _RENDERERS[cls]
    return None


def figure(layout: Layout, rows: int = DEFAULT_ROWS) -> Drawing:
    """The whole picture of ``layout``: title, header, and the family's body."""
    d = Drawing()
    x, y = 8.0, 8.0
    title = f"{layout.type_name} at {layout.address:#x}"
    if layout.show_header:
        sub = f"{layout.family} layout, {layout.header.sizeof} bytes"
    else:  # a picture of several objects: the header is the container's (a namespace)
        sub = layout.struct
    d.begin("figure", data_family=layout.family, data_type=layout.type_name)
    y = title_bar(d, x, y, title, sub)
    if layout.show_header:
        y = section(d, x, y, "PyObject header")
        y = header_strip(d, layout.header, x, y)
        y += 10
    fn = renderer_for(layout)
    y = section(d, x, y, layout.struct)
    if fn is not None:
        y = fn(layout, d, x, y, rows)
    else:
        y = field_table(d, layout, x, y, rows)
    d.end()
    return d


def to_svg(layout: Layout, rows: int = DEFAULT_ROWS) -> str:
    """The picture of ``layout`` as a standalone SVG document (or of a
    pyinspect result with a registered :func:`pictures` function)."""
    fn = picture_for(layout)
    if fn is not None:
        d = Drawing()
        title = fn(layout, d, rows)
        return d.svg(title=title)
    return figure(layout, rows).svg(title=f"{layout.type_name} at {layout.address:#x}")


def title_bar(d: Drawing, x: float, y: float, title: str, sub: str) -> float:
    """The dark title bar of a figure; returns the y below it."""
    tw = max(text_width(title, 13) + text_width(sub, SMALL) + 40, 300)
    d.rect(x, y, tw, 24, fill=TITLE_BG, stroke=TITLE_BG, rx=4, cls="title-bar")
    d.text(x + 8, y + 16.5, title, size=13, fill="#ffffff", bold=True, cls="title")
    d.text(x + tw - 8, y + 16, sub, size=SMALL, fill="#dddddd", anchor="end", cls="subtitle")
    return y + 36


# ---- pictures of results that are not Layouts ----------------------------------------------

#: draws a whole picture (title bar included) of a result and returns its title
Picture = Callable[[Any, Drawing, int], str]
_PICTURES: dict[type, Picture] = {}


def pictures(cls: type) -> Callable[[Picture], Picture]:
    """Register the SVG picture of a pyinspect result that is not a Layout
    (a :class:`~pyinspect.model.ProbeResult`, a torch ``StorageMap``...).

    The function gets ``(result, drawing, rows)``, draws the whole picture
    from the top-left corner (starting with :func:`title_bar`) and returns
    the picture's title.
    """

    def deco(fn: Picture) -> Picture:
        _PICTURES[cls] = fn
        return fn

    return deco


def picture_for(obj: Any) -> Optional[Picture]:
    """The picture function registered for ``obj``'s class or a base, if any
    (pyinspect's own result types only: ``type()`` runs no code of ``obj``)."""
    for cls in type(obj).__mro__:
        if cls in _PICTURES:
            return _PICTURES[cls]
    return None


# ---- shared pieces -------------------------------------------------------------------------


def section(d: Drawing, x: float, y: float, title: str) -> float:
    """A section heading; returns the y below it."""
    d.text(x, y + 12, title, bold=True, cls="section")
    d.line(x, y + 16, x + text_width(title) + 4, y + 16, stroke=INK)
    return y + 24


def note(d: Drawing, x: float, y: float, s: str) -> float:
    """An italic grey note line; returns the y below it."""
    d.text(x, y + 12, s, size=SMALL + 1, fill=DIM, italic=True, cls="note")
    return y + 17


def cell(d: Drawing, x: float, y: float, w: float, h: float, top: str, bottom: Optional[str] = None,
         fill: str = FIELD, cls: str = "field", title: Optional[str] = None, dash: bool = False,
         top_fill: str = DIM, **data: Any) -> None:
    """A box with a small label on top and a value inside."""
    d.rect(x, y, w, h, fill=fill, cls=cls, title=title, dash=dash, **data)
    d.text(x + w / 2, y + 12, top, size=SMALL, fill=top_fill, anchor="middle", cls="label")
    if bottom is not None:
        d.text(x + w / 2, y + h - 8, bottom, anchor="middle", cls="value")


#: what refcnt 0 means (ARCHITECTURE rule 5): said beside every such header
TEMPORARY = "no name or container holds it: a temporary, freed once the expression is done"


def header_strip(d: Drawing, h: Header, x: float, y: float) -> float:
    """The object's header words as a strip of boxes, plus its memory footprint."""
    free_threaded = "ob_tid" in h.refcnt_fields
    boxes: list[tuple[str, str, str, bool, str]] = []  # (label, value, fill, dashed, cls)
    if h.gc_head_bytes:
        boxes.append((f"PyGC_Head {h.gc_head_bytes} B", "tracked" if h.gc_tracked else "untracked",
                      SPARE, True, "gc-head"))
    if h.preheader_bytes:
        boxes.append((f"pre-header {h.preheader_bytes} B", "dict/weakref", SPARE, True, "preheader"))
    refs = "immortal" if h.immortal else str(h.refcnt)
    if free_threaded:
        boxes.append(("ob_tid", f"{h.refcnt_fields.get('ob_tid', 0):#x}", HEADER, False, "header-word"))
        local = str(h.refcnt_fields.get("ob_ref_local", ""))
        boxes.append(("ob_ref_local", local, HEADER, False, "header-word refcnt"))
        boxes.append(("ob_ref_shared", str(h.refcnt_fields.get("ob_ref_shared", "")), HEADER, False, "header-word"))
    else:
        boxes.append(("ob_refcnt", refs, HEADER, False, "header-word refcnt"))
    boxes.append(("ob_type", h.type_name, HEADER, False, "header-word type"))
    if h.ob_size is not None:
        boxes.append(("ob_size", str(h.ob_size), HEADER, False, "header-word size"))
    cx = x
    for label, value, fill, dash, cls in boxes:
        w = max(text_width(label, SMALL), text_width(value)) + 16
        cell(d, cx, y, w, 38, label, value, fill=fill, cls=cls, dash=dash)
        cx += w
    d.text(cx + 6, y + 24, "…", fill=DIM)
    y += 44
    if h.immortal:
        y = note(d, x, y, f"immortal: the stored count {h.refcnt_stored:#x} never changes")
    else:
        extra = f" (stored {h.refcnt_stored}: {h.transient_refs} held while inspecting)" if h.transient_refs else ""
        y = note(d, x, y, f"refcnt {h.refcnt} as the program holds it{extra}")
        if h.refcnt == 0:
            y = note(d, x, y, TEMPORARY)
    parts = [f"object {h.object_bytes}"]
    if h.buffer_bytes:
        parts.append(f"buffers {h.buffer_bytes}")
    if h.preheader_bytes:
        parts.append(f"pre-header {h.preheader_bytes}")
    if h.gc_head_bytes:
        parts.append(f"GC head {h.gc_head_bytes}")
    return note(d, x, y, f"memory {h.sizeof} B = " + " + ".join(parts) + f"; tp_basicsize {h.basicsize}")


def _fmt_value(name: str, v: Any, width: int = 72) -> str:
    """A field value as short text for the generic table."""
    if v is None:
        s = "None"
    elif isinstance(v, bool):
        s = str(v)
    elif isinstance(v, int):
        if v.bit_length() > 256:  # str() of a huge int is slow, and capped from 3.11 (gh-95778)
            s = f"<{'-' if v < 0 else ''}int of {v.bit_length()} bits>"
        else:
            s = f"{v:#x}" if ("address" in name or name in ("ob_item",)) and v > 0 else str(v)
    elif isinstance(v, (bytes, bytearray)):
        s = bytes(v[:24]).hex(" ") + (" …" if len(v) > 24 else "") + f"  ({len(v)} bytes)"
    elif isinstance(v, (tuple, list)):
        inner = ", ".join(_fmt_value(name, x, 16) for x in list(v)[:6])
        s = f"[{inner}{', …' if len(v) > 6 else ''}]  ({len(v)})"
    elif isinstance(v, ItemSummary):
        s = v.label
    elif dataclasses.is_dataclass(v) and not isinstance(v, type):
        label = getattr(v, "label", None)
        s = label if isinstance(label, str) else type(v).__name__
    elif hasattr(v, "items"):
        s = ", ".join(f"{k}={x}" for k, x in list(v.items())[:6])
    else:
        s = str(v)
    return s if len(s) <= width else s[: width - 1] + "…"


def field_table(d: Drawing, layout: Layout, x: float, y: float, rows: int) -> float:
    """The generic picture: the Layout's own dataclass fields as a table.

    Used for any Layout class without a registered renderer, so families
    added later draw before they get a picture of their own.
    """
    fields = [f for f in dataclasses.fields(layout) if f.name != "header"]
    shown = fields[: max(rows, 1) * 2]
    pairs = [(f.name, _fmt_value(f.name, getattr(layout, f.name))) for f in shown]
    kw = max([text_width(k) for k, _ in pairs] + [40]) + 16
    vw = max([text_width(v) for _, v in pairs] + [60]) + 16
    d.begin("field-table", data_fields=str(len(pairs)))
    for k, v in pairs:
        d.rect(x, y, kw, ROW + 4, fill=HEADER, cls="field-name")
        d.text(x + 6, y + 15, k, bold=True, cls="field-label")
        d.rect(x + kw, y, vw, ROW + 4, fill=FIELD, cls="field-value")
        d.text(x + kw + 6, y + 15, v, cls="field-text")
        y += ROW + 4
    d.end()
    if len(fields) > len(shown):
        y = note(d, x, y + 2, f"… {len(fields) - len(shown)} more fields")
    return y + 6


def _elide(n_items: int, head: int, omitted: int, rows: int) -> list[Optional[int]]:
    """Indices of a head+tail read of ``n_items`` to draw, ``None`` for a gap."""
    total = n_items + omitted
    idx: list[Optional[int]] = list(range(head)) + [total - (n_items - head) + j for j in range(n_items - head)]
    if len(idx) > rows:
        keep_tail = max(1, rows // 4)
        idx = idx[: rows - keep_tail] + [None] + idx[-keep_tail:]
    elif omitted:
        idx = idx[:head] + [None] + idx[head:]
    return idx


# ---- bit pictures ----------------------------------------------------------------------------

BIT_W = 10.0
BIT_H = 18.0


def float_row(d: Drawing, fb: bits.FloatBits, x: float, y: float, label: str) -> float:
    """One value's bits: sign | exponent | mantissa, each bit a coloured cell."""
    f = bits.FORMATS[fb.format]
    d.begin("float-bits", data_format=fb.format)
    d.text(x, y + 13, label, bold=True, cls="format")
    bx = x + 90
    groups = ((fb.sign_bits, SIGN, "sign", "sign"),
              (fb.exponent_bits, EXPONENT, "exponent", f"exponent ({f.exponent_bits} bits, bias {f.bias})"),
              (fb.mantissa_bits, MANTISSA, "mantissa", f"mantissa ({f.mantissa_bits} bits)"))
    for bitstr, colour, name, caption in groups:
        x0 = bx
        for b in bitstr:
            d.rect(bx, y, BIT_W, BIT_H, fill=colour, stroke="#ffffff", cls=f"bit {name}", data_bit=b)
            d.text(bx + BIT_W / 2, y + 13, b, size=SMALL, fill="#ffffff", anchor="middle", cls="bit-value")
            bx += BIT_W
        if len(bitstr) * BIT_W >= text_width(caption, SMALL - 1) or name == "mantissa":
            d.text(x0, y + BIT_H + 11, caption, size=SMALL - 1, fill=colour, cls="caption")
        elif name == "exponent":
            d.text(x0, y + BIT_H + 11, "exp", size=SMALL - 1, fill=colour, cls="caption")
        bx += 3
    unb = "" if fb.unbiased_exponent is None else f" → 2^{fb.unbiased_exponent}"
    d.text(bx + 8, y + 13, f"{fb.value!r}  ({fb.kind}, exponent {fb.exponent}{unb})", size=SMALL + 1, cls="float-value")
    d.end()
    return y + BIT_H + 18


@renders(FloatLayout)
def _float(lay: FloatLayout, d: Drawing, x: float, y: float, rows: int) -> float:
    fb = lay.bits
    y = note(d, x, y, f"ob_fval at offset {lay.offset}: 8 bytes, IEEE-754 binary64; value {lay.value!r}")
    y = float_row(d, fb, x, y + 4, "float64")
    y = note(d, x, y, fb.formula)
    y = _byte_cells(d, lay.raw, x, y + 6, f"in memory ({lay.byteorder}-endian, address order)")
    y = _byte_cells(d, bits.byte_order(lay.raw, lay.byteorder).msb_first, x, y, "most significant first")  # type: ignore[arg-type]
    y = section(d, x, y + 6, "the same value in narrower formats")
    for r in bits.rounding_table(lay.value, ("float32", "float16", "bfloat16")):
        y = float_row(d, r.bits, x, y, r.format)
        if r.overflow:
            msg = f"overflow: {lay.value!r} is beyond {r.format}'s largest finite value"
        elif r.underflow:
            msg = "underflow: rounds to zero"
        elif math.isnan(r.abs_error):
            msg = "not a finite number"
        else:
            msg = f"stores {r.stored!r}: error {r.abs_error:+.3g} (relative {r.rel_error:+.1e})"
        y = note(d, x + 90, y - 4, msg)
    return y


@renders(ComplexLayout)
def _complex(lay: ComplexLayout, d: Drawing, x: float, y: float, rows: int) -> float:
    y = note(d, x, y, f"value {lay.real!r} + {lay.imag!r}j: two doubles from offset {lay.offset}")
    for name, raw in (("real", lay.real_raw), ("imag", lay.imag_raw)):
        fb = bits.float_bits(raw, "float64", lay.byteorder)  # type: ignore[arg-type]
        y = float_row(d, fb, x, y + 4, f"cval.{name}")
    return y


def _byte_cells(d: Drawing, data: bytes, x: float, y: float, label: str, cls: str = "byte") -> float:
    d.text(x, y + 15, label, size=SMALL, fill=DIM, cls="label")
    bx = x + max(text_width(label, SMALL) + 10, 90)
    for b in data:
        d.rect(bx, y, 24, ROW + 2, fill=BYTE, cls=cls)
        d.text(bx + 12, y + 14, f"{b:02x}", anchor="middle", cls="byte-hex")
        bx += 24
    return y + ROW + 8


# ---- int -----------------------------------------------------------------------------------------


@renders(IntLayout)
def _int(lay: IntLayout, d: Drawing, x: float, y: float, rows: int) -> float:
    value = str(lay.value) if lay.value.bit_length() <= 200 else f"<{lay.value.bit_length()} bits>"
    y = note(d, x, y, f"value {value}: {lay.ndigits} × {lay.digit_bits}-bit digits, least significant first")
    if lay.lv_tag is not None:
        f = lay.lv_tag_fields or {}
        sign_name = {0: "positive", 1: "zero", 2: "negative"}.get(f.get("sign_bits", 0), "?")
        cx = x
        for label, val, fill in (("ndigits << 3", str(f.get("ndigits")), HEADER),
                                 ("bit 2: small int", str(f.get("immortal_bit")), SPARE),
                                 ("sign bits", f"{f.get('sign_bits')} {sign_name}", HEADER)):
            w = max(text_width(label, SMALL), text_width(val)) + 14
            cell(d, cx, y, w, 36, label, val, fill=fill, cls="lv-tag")
            cx += w
        d.text(cx + 8, y + 24, f"lv_tag = {lay.lv_tag} = {lay.lv_tag:#b}", cls="lv-tag-value")
        y += 44
    elif lay.ob_size is not None:
        y = note(d, x, y, f"ob_size = {lay.ob_size} = sign × ndigits")
    if lay.small_int_cached:
        y = note(d, x, y, "the interpreter's cached small int: every use of this value is this object")
    if not lay.digits:
        return note(d, x, y, "no digits: zero")
    cx = x
    d.begin("digits", data_count=str(len(lay.digits)))
    for i in _elide(len(lay.digits), len(lay.digits), 0, rows):
        if i is None:
            cell(d, cx, y, 40, 52, "…", "…", fill=GAP, cls="gap", dash=True)
            cx += 40
            continue
        dig = lay.digits[i]
        label = f"ob_digit[{i}]"
        w = max(text_width(label, SMALL), text_width(f"{dig:#010x}"), text_width(str(dig))) + 14
        cell(d, cx, y, w, 52, label, None, fill=DIGIT, cls="digit", data_index=str(i))
        d.text(cx + w / 2, y + 28, str(dig), anchor="middle", cls="digit-value")
        d.text(cx + w / 2, y + 44, f"{dig:#010x}", size=SMALL, fill=ADDRESS, anchor="middle", cls="digit-hex")
        d.text(cx + w / 2, y + 66, f"× 2^{lay.digit_bits * i}", size=SMALL, fill=DIM, anchor="middle", cls="weight")
        cx += w
    d.end()
    y += 74
    sign = "-" if lay.sign < 0 else ""
    return note(d, x, y, f"value = {sign}Σ ob_digit[i] × 2^({lay.digit_bits}·i)")


# ---- str -----------------------------------------------------------------------------------------


@renders(StrLayout)
def _str(lay: StrLayout, d: Drawing, x: float, y: float, rows: int) -> float:
    kind_name = {1: "1 byte per code point (latin-1)", 2: "2 bytes (UCS-2)", 4: "4 bytes (UCS-4)"}
    y = note(d, x, y, f"{lay.length} code points, kind {lay.kind}: {kind_name.get(lay.kind, 'not ready')}; "
                      f"ascii {lay.ascii}, compact {lay.compact}, {lay.interned}")
    if lay.utf8_is_data:
        y = note(d, x, y, "the ASCII data is its own UTF-8")
    elif lay.utf8 is None:
        y = note(d, x, y, "UTF-8 not cached (made on the first PyUnicode_AsUTF8)")
    else:
        y = note(d, x, y, f"UTF-8 cached: {lay.utf8_length} bytes at {lay.utf8_address:#x}")
    y = note(d, x, y, "hash not computed yet (-1)" if lay.hash is None else f"hash {lay.hash}")
    # columns: i | char | code point | stored code unit bytes | UTF-8 bytes as bits
    cols = (("i", 34), ("char", 44), ("code point", 84), (f"stored ({lay.kind} B)", 34 * max(lay.kind, 1) + 16))
    cx = x
    for name, w in cols:
        d.text(cx + 4, y + 12, name, size=SMALL, fill=DIM, bold=True, cls="column")
        cx += w
    d.text(cx + 4, y + 12, "UTF-8: framing | payload bits", size=SMALL, fill=DIM, bold=True, cls="column")
    y += 18
    framing = bits.utf8_framing(lay.value)
    d.begin("code-points", data_count=str(len(framing)))
    for i in _elide(len(framing), lay.data_head, lay.data_omitted, rows):
        if i is None:
            y = note(d, x + 34, y, "… code points not read …")
            continue
        pos = i if i < lay.data_head else i - lay.data_omitted if lay.data_omitted else i
        fr = framing[pos] if 0 <= pos < len(framing) else None
        if fr is None:
            continue
        d.begin("code-point", data_index=str(i))
        cx = x
        d.text(cx + 4, y + 15, str(i), fill=DIM, cls="index")
        cx += cols[0][1]
        char = fr.char if fr.char.isprintable() else repr(fr.char)[1:-1]
        d.rect(cx, y, 34, ROW + 4, fill=FIELD, cls="char")
        d.text(cx + 17, y + 15, char, anchor="middle", cls="char-text")
        cx += cols[1][1]
        d.text(cx + 4, y + 15, f"U+{fr.code_point:04X}", cls="code-point-text")
        cx += cols[2][1]
        fits = lay.kind in (1, 2, 4) and fr.code_point < (1 << (8 * lay.kind))
        unit = fr.code_point.to_bytes(lay.kind, "little") if fits else b""
        for b in unit:
            d.rect(cx, y, 30, ROW + 4, fill=BYTE, cls="code-unit")
            d.text(cx + 15, y + 15, f"{b:02x}", anchor="middle", cls="byte-hex")
            cx += 30
        cx = x + sum(w for _, w in cols)
        for ub in fr.bytes:
            d.begin("utf8-byte", data_role=ub.role, data_value=f"{ub.value:02x}")
            for k, bit in enumerate(ub.bits):
                framing_bit = k < len(ub.framing)
                d.rect(cx, y + 2, 9, ROW, fill=FRAMING if framing_bit else PAYLOAD, stroke="#ffffff",
                       cls="utf8-bit framing" if framing_bit else "utf8-bit payload")
                d.text(cx + 4.5, y + 15, bit, size=SMALL - 1, fill=INK if framing_bit else "#ffffff",
                       anchor="middle", cls="bit-value")
                cx += 9
            d.end()
            cx += 6
        d.text(cx + 4, y + 15, fr.utf8.hex(" "), size=SMALL, fill=ADDRESS, cls="utf8-hex")
        d.end()
        y += ROW + 6
    d.end()
    return note(d, x, y + 2, "grey: UTF-8 framing bits (0 / 110 / 1110 / 11110 lead, 10 continuation); "
                             "purple: the code point's bits")


# ---- bytes ---------------------------------------------------------------------------------------


def _byte_grid(d: Drawing, data: bytes, head: int, omitted: int, x: float, y: float, rows: int,
               spare: int = 0, terminator: Optional[int] = None) -> float:
    per_line = 16
    idx = _elide(len(data), head, omitted, rows * per_line)
    cx, line = x, 0
    d.begin("bytes", data_count=str(len(data)))
    for n, i in enumerate(idx):
        if n and n % per_line == 0:
            line += 1
            cx = x
        yy = y + line * 42
        if i is None:
            cell(d, cx, yy, 30, 36, "…", "…", fill=GAP, cls="gap", dash=True)
            cx += 30
            continue
        pos = i if i < head else i - omitted
        b = data[pos]
        d.rect(cx, yy, 30, 36, fill=BYTE, cls="byte", data_index=str(i))
        d.text(cx + 15, yy + 15, f"{b:02x}", anchor="middle", cls="byte-hex")
        d.text(cx + 15, yy + 30, chr(b) if 32 <= b < 127 else "·", size=SMALL, fill=DIM, anchor="middle",
               cls="byte-char")
        cx += 30
    if terminator is not None:
        d.rect(cx, y + line * 42, 30, 36, fill=SPARE, cls="byte terminator", dash=True)
        d.text(cx + 15, y + line * 42 + 15, f"{terminator:02x}", anchor="middle", cls="byte-hex")
        d.text(cx + 15, y + line * 42 + 30, "NUL", size=SMALL - 2, fill=DIM, anchor="middle", cls="byte-char")
        cx += 30
    for _ in range(min(spare, 8)):
        d.rect(cx, y + line * 42, 30, 36, fill=SPARE, cls="byte spare")
        cx += 30
    d.end()
    return y + (line + 1) * 42 + 4


@renders(BytesLayout)
def _bytes(lay: BytesLayout, d: Drawing, x: float, y: float, rows: int) -> float:
    y = note(d, x, y, f"{lay.size} bytes inline in ob_sval (offset {lay.data_offset}), then a NUL; "
                      + ("hash not computed yet" if lay.hash is None else f"hash {lay.hash}"))
    return _byte_grid(d, lay.data, lay.data_head, lay.data_omitted, x, y + 2, max(1, rows // 8),
                      terminator=lay.terminator)


@renders(ByteArrayLayout)
def _bytearray(lay: ByteArrayLayout, d: Drawing, x: float, y: float, rows: int) -> float:
    y = note(d, x, y, f"{lay.size} bytes used of {lay.alloc} allocated at {lay.buffer_address or 0:#x}; "
                      f"{lay.exports} buffer exports")
    return _byte_grid(d, lay.data, lay.data_head, lay.data_omitted, x, y + 2, max(1, rows // 8),
                      spare=max(0, lay.alloc - lay.size - 1))


# ---- list and tuple ------------------------------------------------------------------------------

SLOT_W = 64.0
SLOT_H = 30.0


def pointer_array(d: Drawing, x: float, y: float, items: Sequence[Optional[int]],
                  summaries: Sequence[ItemSummary], head: int, omitted: int, rows: int,
                  spare: int = 0) -> float:
    """A row of pointer slots (used, then spare), each used one with an arrow
    down to a box describing the object it points at."""
    total = len(items) + omitted
    idx = _elide(len(items), head, omitted, rows)
    pairs = list(zip(items, summaries)) if len(summaries) == len(items) else [(a, None) for a in items]
    cx = x
    boxes: list[tuple[float, str, str, Optional[int]]] = []
    d.begin("slots", data_size=str(total), data_spare=str(spare))
    for i in idx:
        if i is None:
            cell(d, cx, y, 36, SLOT_H, "", "…", fill=GAP, cls="gap", dash=True)
            cx += 36
            continue
        pos = i if i < head else i - omitted
        a, s = pairs[pos]
        d.rect(cx, y, SLOT_W, SLOT_H, fill=USED, cls="slot used", title=f"ob_item[{i}] = {a:#x}" if a else None,
               data_index=str(i))
        d.text(cx + SLOT_W / 2, y - 4, f"[{i}]", size=SMALL, fill=DIM, anchor="middle", cls="slot-index")
        d.text(cx + SLOT_W / 2, y + 19, "●", fill=INK, anchor="middle", cls="pointer")
        label = s.label if s is not None else (f"{a:#x}" if a else "NULL")
        boxes.append((cx + SLOT_W / 2, label, s.type_name if s is not None else "", a))
        cx += SLOT_W
    shown_spare = min(spare, 4)
    for k in range(shown_spare):
        d.rect(cx, y, SLOT_W, SLOT_H, fill=SPARE, cls="slot spare", dash=False, data_index=str(total + k))
        d.text(cx + SLOT_W / 2, y - 4, f"[{total + k}]", size=SMALL, fill=DIM, anchor="middle", cls="slot-index")
        d.text(cx + SLOT_W / 2, y + 19, "spare", size=SMALL - 1, fill=DIM, anchor="middle", cls="spare-label")
        cx += SLOT_W
    if spare > shown_spare:
        cell(d, cx, y, 80, SLOT_H, "", f"+{spare - shown_spare} spare", fill=GAP, cls="gap spare-more", dash=True)
        cx += 80
    d.end()
    # the objects the used slots point at, staggered so long labels do not collide
    by = y + SLOT_H + 34
    lane_end = [x - 100.0, x - 100.0]
    bottom = by
    d.begin("targets")
    for k, (ax, label, tname, a) in enumerate(boxes):
        text = label if len(label) <= 28 else label[:27] + "…"
        w = max(text_width(text), text_width(tname, SMALL)) + 14
        bx = max(ax - w / 2, x)
        lane = 0 if bx >= lane_end[0] + 6 else 1 if bx >= lane_end[1] + 6 else k % 2
        ty = by + lane * 46
        d.arrow(ax, y + SLOT_H / 2 + 4, bx + w / 2, ty, vertical=True, cls="arrow slot-arrow", data_index=str(k))
        d.rect(bx, ty, w, 38, fill=OBJECT, rx=5, cls="target", title=f"{tname} at {a:#x}" if a else None)
        d.text(bx + w / 2, ty + 12, tname, size=SMALL, fill=DIM, anchor="middle", cls="target-type")
        d.text(bx + w / 2, ty + 29, text, anchor="middle", cls="target-label")
        lane_end[lane] = bx + w
        bottom = max(bottom, ty + 38)
    d.end()
    return bottom + 10


@renders(ListLayout)
def _list(lay: ListLayout, d: Drawing, x: float, y: float, rows: int) -> float:
    y = note(d, x, y, f"ob_size {lay.size} in use, allocated {lay.allocated} slots ({lay.spare} spare); "
                      f"ob_item → {lay.ob_item or 0:#x}, {8 * lay.allocated} B of pointers")
    return pointer_array(d, x, y + 18, lay.items, lay.summaries, lay.items_head, lay.items_omitted, rows,
                         spare=lay.spare)


@renders(TupleLayout)
def _tuple(lay: TupleLayout, d: Drawing, x: float, y: float, rows: int) -> float:
    cached = f"; ob_hash {lay.hash} cached" if lay.hash is not None else ""
    y = note(d, x, y, f"{lay.size} item pointers inline from offset {lay.items_offset}, no spare capacity{cached}")
    return pointer_array(d, x, y + 18, lay.items, lay.summaries, lay.items_head, lay.items_omitted, rows)


# ---- names → objects -------------------------------------------------------------------------------


def _slot_key(s: Any) -> str:
    """A dict slot's key as drawn in the names picture (clipped)."""
    return s.label if len(s.label) <= 16 else s.label[:15] + "…"


def _slot_w(s: Any) -> float:
    """Width of a slot in the names picture: a dot, or a dict slot's key."""
    return 24.0 if s.label is None else max(24.0, text_width(_slot_key(s), SMALL) + 22)


#: families whose ``size`` in the names picture counts pointers, not items
_NOT_CONTAINERS = ("function", "method", "cell")


@dataclasses.dataclass(frozen=True)
class NamesPlacement:
    """Where the names picture puts each name and object, decided by the
    caller (the stepper keeps an object in one place from step to step).

    Offsets are from the picture's top-left corner below its note line:
    ``objects[address] = (dx, dy)`` for an object box, ``names[name] = dy``
    for a name label of width ``name_w``; ``width``/``height`` are the area
    the picture reserves whatever is drawn in it.
    """

    objects: dict[int, tuple[float, float]]
    names: dict[str, float]
    name_w: float
    width: float = 0.0
    height: float = 0.0


def _node_text(n: Any) -> tuple[str, str]:
    """(label, head line) of an object box in the names picture."""
    if n.value is not None:
        label = n.value if len(n.value) <= 30 else n.value[:29] + "…"
    elif n.detail is not None:
        label = n.detail if len(n.detail) <= 30 else n.detail[:29] + "…"
    elif n.size is not None and n.family not in _NOT_CONTAINERS:
        label = f"{n.size} items at {n.address:#x}"
    else:
        label = f"at {n.address:#x}"
    refs = "immortal" if n.immortal else f"refcnt {n.refcnt}"
    return label, f"{n.type_name}  {refs}"


def node_size(n: Any) -> tuple[float, float]:
    """Width and height of an object's box in the names picture."""
    label, head = _node_text(n)
    spare = min(4, (n.allocated or 0) - (n.size or 0)) if n.allocated is not None else 0
    slots_w = sum(_slot_w(s) + 2 for s in n.slots) + (26.0 if n.slots_omitted else 0) + max(spare, 0) * 26.0
    w = max(text_width(head, SMALL), text_width(label), slots_w, 80) + 16
    h = 40 + (34 if n.expanded and n.size is not None else 0)
    return w, h


def name_width(names: Sequence[str]) -> float:
    """Width of the name labels of the names picture."""
    return max([text_width(name) for name in names] + [40]) + 16


def names_note(lay: NamesLayout) -> str:
    """The note line above the names picture."""
    return ((f"{lay.source}: {len(lay.names)} names → {len(lay.objects)} objects" if lay.names
             else f"{lay.source}: {len(lay.objects)} objects")
            + (f"; {lay.names_omitted} names not shown" if lay.names_omitted else ""))


@renders(NamesLayout)
def _names(lay: NamesLayout, d: Drawing, x: float, y: float, rows: int) -> float:
    return names_picture(lay, d, x, y)


def names_picture(lay: NamesLayout, d: Drawing, x: float, y: float,
                  place: Optional[NamesPlacement] = None, caption: Optional[str] = None,
                  memo: Optional[dict[Any, Any]] = None) -> float:
    """Names on the left as labels, objects in columns by depth, arrows
    between; ``place`` fixes where each goes instead, ``caption`` replaces
    the note line above the picture.  ``memo`` (a dict the caller keeps
    across pictures) reuses the drawing of an object box already drawn the
    same way at the same place."""
    y = note(d, x, y, names_note(lay) if caption is None else caption)
    y += 6
    name_w = place.name_w if place is not None else name_width([r.name for r in lay.names])
    # object boxes, column per depth
    columns: dict[int, list[Any]] = {}
    for n in lay.objects:
        columns.setdefault(n.depth, []).append(n)
    geom: dict[int, tuple[float, float, float, float]] = {}  # address -> x, y, w, h
    slot_pos: dict[tuple[int, int], tuple[float, float]] = {}
    col_x = x + name_w + 90 if lay.names else x  # reach(): one root object, no names
    top = y
    shared = lay.shared_cells
    bottom = y if place is None else y + place.height
    if place is not None:
        d._extend(x + place.width, y + place.height)
    for depth in sorted(columns):
        cy = top
        widest = 0.0
        for n in columns[depth]:
            label, head = _node_text(n)
            w, h = node_size(n)
            bx, by = col_x, cy
            if place is not None and n.address in place.objects:
                dx, dy = place.objects[n.address]
                bx, by = x + dx, top + dy
            spare = min(4, (n.allocated or 0) - (n.size or 0)) if n.allocated is not None else 0
            fill = IMMORTAL if n.immortal else SHARED if n.address in shared else OBJECT
            key = (n, bx, by, fill)
            hit = memo.get(key) if memo is not None else None
            if hit is not None:
                d.parts.extend(hit[0])
                slot_pos.update(hit[1])
                d._extend(bx + w, by + h)
                geom[n.address] = (bx, by, w, h)
                widest = max(widest, w)
                cy += h + 14
                bottom = max(bottom, by + h + 14)
                continue
            first_part = len(d.parts)
            d.begin("object", data_address=f"{n.address:#x}", data_type=n.type_name,
                    data_refcnt=str(n.refcnt), data_names=",".join(n.names), data_depth=str(n.depth),
                    data_detail=n.detail)
            d.rect(bx, by, w, h, fill=fill, rx=6, cls="object-box shared" if n.address in shared else "object-box",
                   title=f"{n.type_name} at {n.address:#x}")
            d.text(bx + 8, by + 14, head, size=SMALL, fill=DIM, cls="object-head")
            d.text(bx + 8, by + 32, label, bold=n.value is not None, cls="object-label")
            if n.expanded and n.size is not None:
                sx = bx + 8
                for k, s in enumerate(n.slots):
                    sw = _slot_w(s)
                    d.rect(sx, by + 40, sw, 24, fill=USED, cls="slot used", data_index=str(s.index),
                           data_key=s.label)
                    if s.label is not None:  # a dict's slot: its key, then the pointer to the value
                        d.text(sx + 4, by + 56, _slot_key(s), size=SMALL, cls="slot-key")
                    dot = sx + sw / 2 if s.label is None else sx + sw - 8
                    d.text(dot, by + 56, "●", size=SMALL, anchor="middle", cls="pointer")
                    slot_pos[(n.address, s.index)] = (dot, by + 52)
                    sx += sw + 2
                    if n.slots_omitted and k == n.slots_head - 1:
                        d.rect(sx, by + 40, 24, 24, fill=GAP, cls="gap", dash=True)
                        d.text(sx + 12, by + 56, "…", size=SMALL, anchor="middle")
                        sx += 26
                for _ in range(max(spare, 0)):
                    d.rect(sx, by + 40, 24, 24, fill=SPARE, cls="slot spare")
                    sx += 26
            d.end()
            if memo is not None:
                memo[key] = (d.parts[first_part:], {k: v for k, v in slot_pos.items() if k[0] == n.address})
            geom[n.address] = (bx, by, w, h)
            widest = max(widest, w)
            cy += h + 14
            bottom = max(bottom, by + h + 14)
        col_x += widest + 110
    # names: each sits level with its object the first time, below the previous otherwise
    ny = top
    placed: set[int] = set()
    d.begin("names")
    for ref in lay.names:
        g = geom.get(ref.target)
        if place is not None and ref.name in place.names:
            want = top + place.names[ref.name]
        else:
            want = max(ny, g[1] + 8) if g is not None and ref.target not in placed else ny
        placed.add(ref.target)
        d.rect(x, want, name_w, 24, fill=NAME, rx=4, cls="name", data_name=ref.name, data_kind=ref.kind)
        d.text(x + name_w / 2, want + 16, ref.name, anchor="middle", bold=True, cls="name-label")
        if g is not None:
            d.arrow(x + name_w, want + 12, g[0], g[1] + 20, cls="arrow name-arrow", data_name=ref.name)
        ny = want + 30
    d.end()
    bottom = max(bottom, ny)
    # slot arrows
    d.begin("slot-arrows")
    for n in lay.objects:
        for s in n.slots:
            if s.target is None or s.target not in geom or (n.address, s.index) not in slot_pos:
                continue
            sx, sy = slot_pos[(n.address, s.index)]
            tx, ty, tw, th = geom[s.target]
            if tx > sx:
                d.arrow(sx, sy, tx, ty + th / 2, cls="arrow slot-arrow", data_index=str(s.index),
                        data_from=f"{n.address:#x}", data_to=f"{s.target:#x}")
            else:  # back to an earlier column: loop around below
                d.arrow(sx, sy, tx + tw, ty + th / 2, cls="arrow slot-arrow back", back=True,
                        data_index=str(s.index), data_from=f"{n.address:#x}", data_to=f"{s.target:#x}")
    d.end()
    y = bottom + 4
    if lay.objects_omitted:
        y = note(d, x, y, f"{lay.objects_omitted} more objects not drawn")
    for address, holders in shared.items():
        y = note(d, x, y, f"one cell at {address:#x} in {len(holders)} closures ({', '.join(holders)}): each reads "
                          "the variable's current value (late binding)")
    return note(d, x, y, "each object is drawn once; refcnt counts the references the program holds")
