"""SVG pictures of :class:`~pyinspect.model.Census` (a bar per type, its
bytes) and :class:`~pyinspect.model.CensusDiff` (a bar per type that grew,
its new objects).  Input: the results only."""

from __future__ import annotations

from pyinspect.model.census import Census, CensusDiff
from pyinspect.render import svg
from pyinspect.render.svg import INK, SMALL, Drawing, note, text_width, title_bar

__all__ = ["BAR", "GREW", "BAR_WIDTH"]

BAR = "#4e79a7"
GREW = "#e15759"
BAR_WIDTH = 320.0


def _bars(d: Drawing, x: float, y: float, rows: list[tuple[str, float, str]], fill: str, cls: str) -> float:
    """One bar per (label, value, text) row, scaled to the largest value."""
    label_w = max([text_width(r[0], SMALL) for r in rows] + [60.0]) + 12
    top = max([r[1] for r in rows] + [1.0])
    for label, value, text in rows:
        d.begin(cls, data_type=label, data_value=int(value))
        d.text(x + label_w - 6, y + 12, label, size=SMALL, anchor="end", cls="type-name")
        w = max(1.0, BAR_WIDTH * max(value, 0.0) / top)
        d.rect(x + label_w, y + 2, w, 14, fill=fill, stroke=fill, cls="bar")
        d.text(x + label_w + w + 6, y + 13, text, size=SMALL, fill=INK, cls="bar-label")
        d.end()
        y += 20
    return y


@svg.pictures(Census)
def _census(c: Census, d: Drawing, rows: int) -> str:
    x, y = 8.0, 8.0
    title = f"census: {c.count:,} objects, {c.bytes:,} bytes"
    d.begin("figure census", data_family="census", data_types=len(c))
    y = title_bar(d, x, y, title, "untracked included" if c.untracked else "objects the collector tracks")
    shown = c.rows[:rows]
    y = _bars(d, x, y + 4, [(r.type_name, float(r.bytes), f"{r.bytes:,} B  {r.count:,} objects") for r in shown],
              BAR, "census-row")
    if len(c) > len(shown):
        y = note(d, x, y, f"… {len(c) - len(shown):,} more types")
    note(d, x, y + 2, f"{c.seconds * 1e3:,.1f} ms")
    d.end()
    return title


@svg.pictures(CensusDiff)
def _diff(df: CensusDiff, d: Drawing, rows: int) -> str:
    x, y = 8.0, 8.0
    title = f"what grew: {df.count_delta:+,} objects, {df.bytes_delta:+,} bytes"
    d.begin("figure census-diff", data_family="census_diff", data_types=len(df.rows))
    y = title_bar(d, x, y, title, f"min_count={df.min_count:,}")
    if not df.rows:
        y = note(d, x, y, "nothing grew")
    shown = df.rows[:rows]
    y = _bars(d, x, y + 4, [(r.type_name, float(r.count_delta), f"{r.count_delta:+,} objects  {r.bytes_delta:+,} B")
                            for r in shown], GREW, "diff-row")
    if len(df.rows) > len(shown):
        note(d, x, y, f"… {len(df.rows) - len(shown):,} more types")
    d.end()
    return title
