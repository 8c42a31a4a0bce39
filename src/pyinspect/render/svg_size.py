"""SVG picture of a :class:`~pyinspect.model.SizeReport`: where the memory is,
as a bar chart by type (Jupyter shows it for ``pyinspect.memory(obj)``).

Each type gets one bar whose length is its share of the deep total; the
part of the bar that is spare container capacity (slack) is drawn lighter,
and a tick marks the bytes that would be freed with the root (retained).
Below, one bar per data buffer (a numpy array's data, a tensor's storage, a
mapping), each drawn once however many views reach it: host memory in the
bar colour, memory not in the total (a device's, a mapped file's) hatched
grey, with its owner, device and views.
"""

from __future__ import annotations

from pyinspect.model import SizeReport
from pyinspect.render.svg import DIM, INK, SMALL, Drawing, note, renders, section, text_width

__all__ = ["BAR", "SLACK", "RETAINED", "ELSEWHERE", "BAR_WIDTH"]

BAR = "#4e79a7"       # bytes in use
SLACK = "#b6cde6"     # spare capacity inside those bytes
RETAINED = "#e15759"  # the retained-bytes tick
ELSEWHERE = "#c9c9c9"  # a buffer not in the host total (device memory, a mapped file)
BAR_WIDTH = 360.0     # the longest bar, in pixels


def _human(n: int) -> str:
    for unit, size in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n} B"


@renders(SizeReport)
def _report(rep: SizeReport, d: Drawing, x: float, y: float, rows: int) -> float:
    retained = "not computed" if rep.retained is None else f"{_human(rep.retained)} ({rep.retained:,} B)"
    y = note(d, x, y, f"deep total {_human(rep.total)} ({rep.total:,} B) in {rep.count:,} objects; "
                      f"retained {retained}; flat {rep.flat:,} B")
    if not rep.complete:
        y = note(d, x, y, f"stopped early: {rep.stop_reason}")
    shown = rep.rows[:rows]
    label_w = max([text_width(r.type_name, SMALL) for r in shown] + [60.0]) + 12
    top = max([r.bytes for r in shown] + [1])
    y += 6
    for r in shown:
        d.begin("size-row", data_type=r.type_name, data_bytes=r.bytes, data_count=r.count, data_slack=r.slack)
        d.text(x + label_w - 6, y + 12, r.type_name, size=SMALL, anchor="end", cls="type-name")
        w = max(1.0, BAR_WIDTH * r.bytes / top)
        d.rect(x + label_w, y + 2, w, 14, fill=BAR, stroke=BAR, cls="bar")
        if r.slack:
            sw = w * r.slack / r.bytes if r.bytes else 0.0
            d.rect(x + label_w + w - sw, y + 2, sw, 14, fill=SLACK, stroke=BAR, cls="bar slack",
                   title=f"{r.slack:,} B of spare capacity")
        if r.retained_bytes:
            rx = x + label_w + BAR_WIDTH * r.retained_bytes / top
            d.line(rx, y, rx, y + 18, stroke=RETAINED, cls="retained-tick")
        share = 100.0 * r.bytes / rep.total if rep.total else 0.0
        d.text(x + label_w + w + 6, y + 13, f"{_human(r.bytes)}  {r.count:,} objects  {share:.1f}%",
               size=SMALL, fill=INK, cls="bar-label")
        d.end()
        y += 20
    if len(rep.rows) > len(shown):
        rest = rep.rows[len(shown):]
        y = note(d, x, y, f"… {len(rest)} more types, {_human(sum(r.bytes for r in rest))}")
    y += 4
    d.rect(x, y + 2, 12, 10, fill=BAR, stroke=BAR, cls="legend")
    d.text(x + 16, y + 11, "bytes", size=SMALL, fill=DIM)
    d.rect(x + 70, y + 2, 12, 10, fill=SLACK, stroke=BAR, cls="legend")
    d.text(x + 86, y + 11, "spare capacity (slack)", size=SMALL, fill=DIM)
    d.line(x + 250, y, x + 250, y + 14, stroke=RETAINED)
    d.text(x + 256, y + 11, "retained with the root", size=SMALL, fill=DIM)
    y += 20
    if rep.buffers:
        y = _buffers(rep, d, x, y + 6, rows)
    return y


def _buffers(rep: SizeReport, d: Drawing, x: float, y: float, rows: int) -> float:
    """One bar per data buffer, scaled to the largest."""
    y = section(d, x, y, "data buffers, each counted once")
    elsewhere = ", ".join(f"{dev} {_human(n)}" for dev, n in sorted(rep.device_bytes.items()))
    y = note(d, x, y, f"host {_human(rep.buffer_bytes)} in the total" + (f"; not in it: {elsewhere}" if elsewhere
                                                                          else ""))
    shown = rep.buffers[:rows]
    labels = [f"{b.owner_type} {b.owner_address:#x}" for b in shown]
    label_w = max([text_width(t, SMALL) for t in labels] + [60.0]) + 12
    top = max([b.nbytes for b in shown] + [1])
    y += 4
    for b, label in zip(shown, labels):
        d.begin("buffer-row", data_owner=f"{b.owner_address:#x}", data_type=b.owner_type, data_device=b.device,
                data_bytes=b.nbytes, data_views=b.views)
        d.text(x + label_w - 6, y + 12, label, size=SMALL, anchor="end", cls="buffer-owner")
        w = max(1.0, BAR_WIDTH * b.nbytes / top)
        fill = BAR if b.counted else ELSEWHERE
        d.rect(x + label_w, y + 2, w, 14, fill=fill, stroke=BAR if b.counted else DIM, dash=not b.counted,
               cls="bar buffer" if b.counted else "bar buffer elsewhere",
               title=f"{b.nbytes:,} B at {b.data_address:#x}" if b.data_address else f"{b.nbytes:,} B")
        views = f"{b.views:,} view{'s' if b.views != 1 else ''}"
        d.text(x + label_w + w + 6, y + 13, f"{_human(b.nbytes)}  {b.device}  {views}", size=SMALL, fill=INK,
               cls="bar-label")
        d.end()
        y += 20
    if len(rep.buffers) > len(shown):
        rest = rep.buffers[len(shown):]
        y = note(d, x, y, f"… {len(rest)} more buffers, {_human(sum(b.nbytes for b in rest))}")
    return y + 4
