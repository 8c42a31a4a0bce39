"""Terminal pictures of :class:`~pyinspect.model.Census` and
:class:`~pyinspect.model.CensusDiff`: types as rows with bars, readable at 80
columns (numbers never cut; a long type name folds onto a second line).
Input: the results only."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from pyinspect.model.census import Census, CensusDiff
from pyinspect.render.common import BAR_STYLE, bar, human_bytes
from pyinspect.render.text import NOTE_STYLE

__all__ = ["render_census", "render_diff", "CENSUS_BAR", "DEFAULT_LIMIT"]

#: characters of the widest bar
CENSUS_BAR = 12
DEFAULT_LIMIT = 20
GREW_STYLE = "bold red"


def _table(*numbers: str) -> Table:
    t = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    t.add_column("type", style="bold", overflow="fold", ratio=1)
    for name in numbers:
        t.add_column(name, justify="right", no_wrap=True)
    t.add_column("", no_wrap=True, width=CENSUS_BAR)
    return t


def render_census(c: Census, limit: int = DEFAULT_LIMIT) -> RenderableType:
    """The largest types of a census, one row each, with a bar of their bytes."""
    rows = c.rows
    t = _table("objects", "bytes")
    biggest = max((r.bytes for r in rows), default=0)
    shown = rows[:limit]
    for r in shown:
        name = Text(r.type_name)
        if not r.sizeof_mirrored:
            name.append(" *", style="bold yellow")
        t.add_row(name, f"{r.count:,}", f"{r.bytes:,}",
                  Text(bar(r.bytes / biggest if biggest else 0.0, CENSUS_BAR), style=BAR_STYLE))
    rest = rows[len(shown):]
    if rest:
        t.add_row(Text(f"… {len(rest):,} more types", style=NOTE_STYLE), f"{sum(r.count for r in rest):,}",
                  f"{sum(r.bytes for r in rest):,}", "")
    notes = []
    what = "objects the collector tracks" + (" and the untracked objects they reach" if c.untracked else "")
    notes.append(Text(f"{what}; bytes as sys.getsizeof counts them; {c.seconds * 1e3:,.1f} ms", style=NOTE_STYLE))
    if any(not r.sizeof_mirrored for r in shown):
        notes.append(Text("* __sizeof__ not mirrored by pyinspect: the struct's size, buffers it manages not counted",
                          style=NOTE_STYLE))
    if c.frozen:
        notes.append(Text(f"{c.frozen:,} objects frozen by gc.freeze() are not counted", style=NOTE_STYLE))
    return Panel(Group(t, *notes),
                 title=Text.assemble(("census", "bold"), f": {c.count:,} objects, {human_bytes(c.bytes)}"),
                 title_align="left", box=box.ROUNDED, expand=False)


def _signed(n: int) -> str:
    return f"+{n:,}" if n > 0 else f"{n:,}"


def render_diff(d: CensusDiff, limit: int = DEFAULT_LIMIT) -> RenderableType:
    """The types that grew, one row each, with a bar of their new objects."""
    title = Text.assemble(("what grew", "bold"), f": {_signed(d.count_delta)} objects, "
                          f"{_signed(d.bytes_delta)} bytes in all")
    if not d.rows:
        threshold = f"min_count={d.min_count:,}" + (f", min_bytes={d.min_bytes:,}" if d.min_bytes else "")
        body: RenderableType = Text(f"nothing grew ({threshold})", style=NOTE_STYLE)
        return Panel(body, title=title, title_align="left", box=box.ROUNDED, expand=False)
    t = _table("objects", "bytes")
    biggest = max((max(r.count_delta, 0) for r in d.rows), default=0)
    shown = d.rows[:limit]
    for r in shown:
        t.add_row(r.type_name, Text(_signed(r.count_delta), style=GREW_STYLE if r.count_delta > 0 else ""),
                  _signed(r.bytes_delta),
                  Text(bar(max(r.count_delta, 0) / biggest if biggest else 0.0, CENSUS_BAR), style=BAR_STYLE))
    rest = d.rows[len(shown):]
    if rest:
        t.add_row(Text(f"… {len(rest):,} more types", style=NOTE_STYLE), _signed(sum(r.count_delta for r in rest)),
                  _signed(sum(r.bytes_delta for r in rest)), "")
    return Panel(Group(t, Text("most bytes first; the bar is the new objects", style=NOTE_STYLE)),
                 title=title, title_align="left", box=box.ROUNDED, expand=False)
