"""Terminal picture of a range (:class:`~pyinspect.model.RangeLayout`)."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.text import Text

from pyinspect.model.range import RangeLayout, range_fields
from pyinspect.render.table import Table
from pyinspect.render.text import ADDRESS_STYLE, NOTE_STYLE, renders

#: bytes of one pointer field


#: digits of a value printed as one word; longer ones are printed in groups
#: of this many, so that the table wraps between groups, never inside a number
_GROUP = 20


def digits_text(v: int) -> str:
    """``v`` in decimal, in space-separated groups of ``_GROUP`` digits when
    longer (counted from the right, as written numbers are grouped)."""
    s = str(abs(v))
    sign = "-" if v < 0 else ""
    if len(s) <= _GROUP:
        return sign + s
    head = len(s) % _GROUP or _GROUP
    groups = [s[:head]] + [s[i:i + _GROUP] for i in range(head, len(s), _GROUP)]
    return f"{sign}{' '.join(groups)} ({len(s)} digits)"


@renders(RangeLayout)
def _range(lay: RangeLayout, rows: int) -> RenderableType:
    t = Table(box=box.SIMPLE_HEAD, show_edge=False)
    t.add_column("field", style="bold", no_wrap=True)
    t.add_column("offset", justify="right", no_wrap=True)
    t.add_column("points at", no_wrap=True)
    t.add_column("value")  # wraps between digit groups: an int may have hundreds of digits
    for name, offset, value, address in range_fields(lay):
        t.add_row(name, str(offset), Text(f"int {address:#x}", style=ADDRESS_STYLE),
                  Text(digits_text(value), style="bold"))
    note = Text(f"{lay.struct_size} bytes whatever the length: no item is stored; "
                "item i is computed as start + i*step when asked for", style=NOTE_STYLE)
    return Group(t, note)
