"""Terminal picture of a :class:`~pyinspect.model.SizeReport`: where the bytes
are, as a table of types with bars, then the data buffers found (one row
each, however many views reach it).  Input: the report only (never objects)."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.text import Text

from pyinspect.model import SizeReport
from pyinspect.render.common import BAR_STYLE, BAR_WIDTH, bar, human_bytes
from pyinspect.render.table import Bar, Table
from pyinspect.render.text import ADDRESS_STYLE, DEFAULT_ROWS, NOTE_STYLE, kv_table, renders

__all__ = ["render_report", "bar", "human_bytes", "BAR_WIDTH"]

RETAINED_STYLE = "green"






def _percent(part: int, whole: int) -> str:
    return f"{100.0 * part / whole:.1f}%" if whole else "-"


def _summary(r: SizeReport) -> Table:
    rows: list[tuple[str, object]] = [
        ("total", Text.assemble((human_bytes(r.total), "bold"), f" in {r.count:,} objects")),
    ]
    if r.retained is not None:
        rows.append(("retained", Text.assemble(
            (human_bytes(r.retained), f"bold {RETAINED_STYLE}"),
            f" in {r.retained_count:,} objects, {_percent(r.retained, r.total)} of total: "
            f"freed if the {r.type_name} went away")))
    else:
        why = "not computed" if not r.options.get("retained", True) else "not computed (the walk stopped early)"
        rows.append(("retained", Text(why, style=NOTE_STYLE)))
    rows.append(("flat", Text.assemble(human_bytes(r.flat), (f"  the {r.type_name} itself", NOTE_STYLE))))
    if r.slack:
        rows.append(("slack", Text.assemble(human_bytes(r.slack),
                                            (f"  {_percent(r.slack, r.total)} is spare capacity "
                                             "(list slots, dict/set slots)", NOTE_STYLE))))
    refs = f"{r.header.refcnt} held by the program"
    if r.root_refs_inside:
        refs += f", {r.root_refs_inside} from inside the walk (cycles)"
    rows.append(("references", Text(refs, style=NOTE_STYLE)))
    if r.buffers:
        n = len(r.buffers)
        rows.append(("buffers", Text.assemble(
            human_bytes(r.buffer_bytes),
            (f"  host memory in {n:,} data buffer{'s' if n != 1 else ''}, each counted once "
             "(in total)", NOTE_STYLE))))
    if r.device_bytes:
        parts = ", ".join(f"{dev} {human_bytes(b)}" for dev, b in sorted(r.device_bytes.items()))
        rows.append(("elsewhere", Text.assemble(parts, ("  not in total (device memory, mapped files, "
                                                         "memory no object seen owns)", NOTE_STYLE))))
    left = [s for s in r.skipped if s.count]
    if left:
        parts = ", ".join(f"{s.count:,} {s.reason} ({human_bytes(s.bytes)})" for s in left)
        rows.append(("left out", Text(parts + ": not counted, not followed", style=NOTE_STYLE)))
    if not r.complete:
        limit = r.options.get(r.stop_reason)
        rows.append(("stopped", Text(f"at {r.stop_reason}={limit:,}: totals cover the objects counted so far",
                                     style="bold yellow")))
    return kv_table(rows)


def _breakdown(r: SizeReport, limit: int) -> Table:
    t = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    t.add_column("type", style="bold")
    t.add_column("objects", justify="right", no_wrap=True)
    t.add_column("bytes", justify="right", no_wrap=True)
    t.add_column("%", justify="right", no_wrap=True)
    t.add_column("slack", justify="right", no_wrap=True)
    t.add_column("retained", justify="right", style=RETAINED_STYLE, no_wrap=True)
    t.add_column("", decoration=True)  # the bars give way first when the table is too wide
    biggest = max((row.bytes for row in r.rows), default=0)
    shown = r.rows[:limit] if limit > 0 else r.rows
    for row in shown:
        name = Text(row.type_name)
        if not row.sizeof_mirrored:
            name.append(" *", style="bold yellow")
        t.add_row(
            name,
            f"{row.count:,}",
            f"{row.bytes:,}",
            _percent(row.bytes, r.total),
            f"{row.slack:,}" if row.slack else "",
            "" if row.retained_bytes is None else f"{row.retained_bytes:,}",
            Bar(row.bytes / biggest if biggest else 0.0, BAR_WIDTH, BAR_STYLE),
        )
    rest = r.rows[len(shown):]
    if rest:
        t.add_row(Text(f"… {len(rest)} more types", style=NOTE_STYLE),
                  f"{sum(x.count for x in rest):,}", f"{sum(x.bytes for x in rest):,}",
                  _percent(sum(x.bytes for x in rest), r.total), "", "", "")
    return t


def _buffers(r: SizeReport, limit: int) -> Table:
    """One row per data buffer: its owner, where it is, its bytes, the views reaching it."""
    t = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    t.add_column("data buffer (owner)", style="bold", overflow="fold")
    t.add_column("device", no_wrap=True)
    t.add_column("bytes", justify="right", no_wrap=True)
    t.add_column("views", justify="right", no_wrap=True)
    shown = r.buffers[:limit] if limit > 0 else r.buffers
    for b in shown:
        owner = Text(b.owner_type)
        owner.append(f" {b.owner_address:#x}", style=ADDRESS_STYLE)
        device = Text(b.device, style="" if b.counted else "bold yellow")
        t.add_row(owner, device, f"{b.nbytes:,}", f"{b.views:,}")
    rest = r.buffers[len(shown):]
    if rest:
        t.add_row(Text(f"… {len(rest)} more buffers", style=NOTE_STYLE), "", f"{sum(b.nbytes for b in rest):,}",
                  f"{sum(b.views for b in rest):,}")
    return t


def _notes(r: SizeReport) -> list[RenderableType]:
    notes: list[RenderableType] = []
    odd = r.unmirrored
    if odd:
        names = ", ".join(sorted({f"{x.type_name} ({x.sizeof_owner}.__sizeof__)" for x in odd}))
        notes.append(Text(f"* __sizeof__ not mirrored by pyinspect: {names}; counted as the struct's size, "
                          "sys.getsizeof may differ", style=NOTE_STYLE))
    if r.keys_not_followed:
        notes.append(Text(f"the str keys of {r.keys_not_followed:,} dict entries were not followed (dict's "
                          "tp_traverse does not report them); dict_keys=True counts them", style=NOTE_STYLE))
    rate = f", {r.count / r.seconds:,.0f} objects/s" if r.seconds > 0 else ""
    notes.append(Text(f"walk: {r.seconds * 1e3:,.1f} ms{rate}, {r.edges:,} references followed, "
                      f"{human_bytes(r.walk_bytes)} of tables", style=NOTE_STYLE))
    return notes


@renders(SizeReport)
def size_body(r: SizeReport, rows: int) -> RenderableType:
    """The summary, the breakdown by type and the notes (the body inside
    :func:`pyinspect.render.text.render`'s panel)."""
    parts: list[RenderableType] = [_summary(r), Text(""), _breakdown(r, rows)]
    if r.buffers:
        parts += [Text(""), _buffers(r, rows)]
    return Group(*parts, *_notes(r))


def render_report(r: SizeReport, rows: int = DEFAULT_ROWS) -> RenderableType:
    """A standalone panel: the deep size of the root, its breakdown by type."""
    return Panel(
        size_body(r, rows),
        title=Text.assemble("memory of ", (r.type_name, "bold"), " at ", (hex(r.address), ADDRESS_STYLE)),
        title_align="left",
        subtitle=Text(f"{r.count:,} objects, {human_bytes(r.total)}", style=NOTE_STYLE),
        subtitle_align="right",
        box=box.ROUNDED,
        expand=False,
    )
