"""SVG picture of a range (:class:`~pyinspect.model.RangeLayout`): the four
pointer fields as cells, each with the int it points at."""

from __future__ import annotations

from pyinspect.model.range import RangeLayout, range_fields
from pyinspect.render.svg import DIGIT, Drawing, cell, note, renders, text_width

#: digits of a value drawn in full; longer ones keep their ends
_DIGITS = 24


def _short(v: int) -> str:
    s = str(v)
    if len(s) <= _DIGITS:
        return s
    return f"{s[:10]}…{s[-10:]} ({len(s.lstrip('-'))} digits)"


@renders(RangeLayout)
def _range(lay: RangeLayout, d: Drawing, x: float, y: float, rows: int) -> float:
    y = note(d, x, y, f"rangeobject: {lay.struct_size} bytes whatever the length; no item is stored")
    cx = x
    d.begin("range-fields")
    for name, offset, value, address in range_fields(lay):
        shown = _short(value)
        w = max(text_width(shown), text_width(f"{address:#x}"), text_width(f"{name} +{offset}")) + 16
        cell(d, cx, y + 4, w, 40, f"{name} +{offset}", shown, fill=DIGIT, cls="range-field",
             title=f"{name}: int object at {address:#x}")
        d.text(cx + w / 2, y + 58, f"{address:#x}", size=10, fill="#1f7a8c", anchor="middle", cls="address")
        cx += w + 6
    d.end()
    return note(d, x, y + 66, "item i = start + i*step, computed when asked for")
