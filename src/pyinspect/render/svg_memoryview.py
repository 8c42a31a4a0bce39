"""SVG picture of a memoryview (:class:`~pyinspect.model.MemoryViewLayout`):
the exporter's buffer as a bar, the stretch this view covers marked on it,
then the view's fields."""

from __future__ import annotations

from pyinspect.model.memoryview import MemoryViewLayout
from pyinspect.render.svg import SPARE, USED, Drawing, field_table, note, renders

#: width of the exporter's buffer bar
_BAR = 480.0


@renders(MemoryViewLayout)
def _memoryview(lay: MemoryViewLayout, d: Drawing, x: float, y: float, rows: int) -> float:
    if lay.released:
        y = note(d, x, y, "released: the view's fields keep their last values; the exporter may be gone")
    elif lay.buf_offset is not None and lay.len >= 0:
        y = note(d, x, y, f"view.buf = the exporter's buffer + {lay.buf_offset}: a window on it, no copy")
        end = lay.buf_offset + max(lay.len, 1)
        total = max(end, 1)
        d.begin("memoryview-buffer", data_offset=str(lay.buf_offset), data_len=str(lay.len))
        d.rect(x, y + 2, _BAR, 20, fill=SPARE, cls="exporter-buffer", title="the exporter's buffer (mbuf->master)")
        lo = x + _BAR * lay.buf_offset / total
        d.rect(lo, y + 2, max(_BAR * lay.len / total, 2), 20, fill=USED, cls="view-window",
               title=f"{lay.len} bytes viewed, from offset {lay.buf_offset}")
        d.text(lo + 4, y + 16, f"+{lay.buf_offset}", size=10, cls="offset")
        d.end()
        y += 30
    return field_table(d, lay, x, y, rows)
