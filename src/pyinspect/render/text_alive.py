"""Terminal picture of :class:`~pyinspect.model.AlivePaths`: each path as its
expression, then its chain of references, one line per step.  Input: the
result only (never objects)."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from pyinspect.model.alive import AlivePath, AlivePaths
from pyinspect.render.text import ADDRESS_STYLE, NOTE_STYLE

__all__ = ["render_alive", "path_lines"]

EXPR_STYLE = "bold"
EDGE_STYLE = "bold magenta"
ROOT_STYLE = "bold green"
UNSEEN_STYLE = "bold yellow"


def _summary(r: AlivePaths) -> Text:
    t = Text()
    if r.immortal:
        t.append("immortal (PEP 683)", style=UNSEEN_STYLE)
        t.append(": never freed, whatever holds it", style=NOTE_STYLE)
        return t
    t.append(f"{r.refcnt} reference{'s' if r.refcnt != 1 else ''} held by the program")
    t.append(f", {r.found} found", style=NOTE_STYLE)
    parts = []
    if r.referrers:
        parts.append(f"{r.referrers} object{'s' if r.referrers != 1 else ''} refer{'s' if r.referrers == 1 else ''} "
                     "to it")
    if r.frame_refs:
        parts.append(f"{r.frame_refs} from variables of running frames")
    if parts:
        t.append(" (" + ", ".join(parts) + ")", style=NOTE_STYLE)
    if r.unseen_refs:
        t.append("\n")
        t.append(r.unseen_note or "", style=UNSEEN_STYLE)
    elif r.unseen_refs is None:
        t.append("\nits reference count is approximate here (deferred reference counting)", style=NOTE_STYLE)
    return t


def path_lines(p: AlivePath) -> Table:
    """One path: the root, then a line per reference (edge, the object reached)."""
    t = Table(box=None, show_header=False, pad_edge=False, padding=(0, 1))
    t.add_column("edge", style=EDGE_STYLE, overflow="fold")
    t.add_column("object", overflow="fold")
    root = Text(p.root_expression, style=ROOT_STYLE)
    t.add_row(root, Text.assemble((p.root_type, "bold"), " at ", (hex(p.root_address), ADDRESS_STYLE)))
    for s in p.steps:
        obj = Text.assemble("→ ", f"{s.target_type} at ", (hex(s.address), ADDRESS_STYLE))
        if s.note:
            obj.append(f"  ({s.note})", style=NOTE_STYLE)
        t.add_row(Text("  " + s.edge), obj)
    return t


def render_alive(r: AlivePaths) -> RenderableType:
    """The whole picture: a summary line, then each path."""
    parts: list[RenderableType] = [_summary(r)]
    if not r.paths:
        if r.garbage:
            why = ("no root reaches it and every reference is accounted for: it is garbage in a reference cycle, "
                   "freed at the next collection (gc.collect())")
        elif r.immortal:
            why = "immortal objects are not searched"
        else:
            why = "no path from a root was found"
            if r.truncated:
                why += f" within max_depth={r.max_depth}"
        parts.append(Text(why, style=NOTE_STYLE))
    for n, p in enumerate(r.paths, 1):
        parts.append(Text(""))
        parts.append(Text.assemble((f"{n}. ", "bold"), (p.expression, EXPR_STYLE)))
        parts.append(Text(f"   from {p.root}", style=NOTE_STYLE))
        parts.append(path_lines(p))
    notes = []
    if r.truncated:
        notes.append(f"max_depth={r.max_depth} stopped the search")
    if r.frozen:
        notes.append(f"{r.frozen:,} objects frozen by gc.freeze() were not searched")
    notes.append(f"{r.passes} pass{'es' if r.passes != 1 else ''} over {r.objects:,} objects, "
                 f"{r.seconds * 1e3:,.1f} ms")
    parts.append(Text(""))
    parts.append(Text("; ".join(notes), style=NOTE_STYLE))
    return Panel(
        Group(*parts),
        title=Text.assemble("why is ", (r.type_name, "bold"), " at ", (hex(r.address), ADDRESS_STYLE), " alive"),
        title_align="left", box=box.ROUNDED, expand=False,
    )
