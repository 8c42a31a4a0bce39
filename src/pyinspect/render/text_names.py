"""Terminal picture of the names picture (:class:`~pyinspect.model.NamesLayout`)."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.text import Text

from pyinspect.model import NamesLayout
from pyinspect.render.table import Table
from pyinspect.render.text import ADDRESS_STYLE, NOTE_STYLE, renders


@renders(NamesLayout)
def _names(lay: NamesLayout, rows: int) -> RenderableType:
    ids = {n.address: f"#{i + 1}" for i, n in enumerate(lay.objects)}
    names_of: dict[int, list[str]] = {}
    for ref in lay.names:
        names_of.setdefault(ref.target, []).append(ref.name)
    t = Table(box=box.SIMPLE_HEAD, show_edge=False)
    t.add_column("names", style="bold yellow")
    t.add_column("")
    t.add_column("object")
    t.add_column("type")
    t.add_column("value")
    t.add_column("refcnt", justify="right")
    t.add_column("slots")
    for n in lay.objects:
        labels = names_of.get(n.address, [])
        arrow = "─→" if labels else ""
        if n.immortal:
            refs = Text("immortal", style="yellow")
        else:
            refs = Text(str(n.refcnt), style="bold" if n.refcnt > 1 else "")
        slots = Text()
        if n.expanded and n.size is not None:
            for k, s in enumerate(n.slots):
                if k:
                    slots.append(" ")
                where = f"[{s.index}]" if s.label is None else s.label
                slots.append(f"{where}→{ids.get(s.target, '…') if s.target is not None else 'NULL'}")
                if n.slots_omitted and k == n.slots_head - 1:
                    slots.append(f" … {n.slots_omitted} more")
            spare = (n.allocated or 0) - (n.size or 0)
            if n.allocated is not None and spare:
                slots.append(f"  +{spare} spare", style=NOTE_STYLE)
        if n.value is not None:
            value = Text(n.value, style="bold")
        elif n.detail is not None:
            value = Text.assemble(n.detail, "  ", (f"at {n.address:#x}", ADDRESS_STYLE))
        else:
            value = Text(f"at {n.address:#x}", style=ADDRESS_STYLE)
        t.add_row(", ".join(labels), arrow, ids[n.address], n.type_name, value, refs, slots)
    notes = [f"{lay.source}: {len(lay.names)} names → {len(lay.objects)} objects; each object once, "
             "refcnt as the program holds it"]
    shared = [n for n in lay.objects if len(n.names) > 1]
    for n in shared:
        notes.append(f"{' and '.join(n.names)} are one object ({ids[n.address]}): a change through one "
                     "name is seen through the other" if n.family in ("list", "dict", "set", "bytearray", "object")
                     else f"{' and '.join(n.names)} are one object ({ids[n.address]})")
    for address, holders in lay.shared_cells.items():
        notes.append(f"one cell ({ids[address]}) in {len(holders)} closures: each reads the variable's current "
                     "value (late binding)")
    if lay.names_omitted:
        hidden = ""
        if lay.hidden:
            hidden = f" (hidden: {', '.join(lay.hidden[:8])}{' …' if len(lay.hidden) > 8 else ''})"
        notes.append(f"{lay.names_omitted} names not shown{hidden}")
    if lay.objects_omitted:
        notes.append(f"{lay.objects_omitted} more objects not drawn")
    return Group(t, *(Text(s, style=NOTE_STYLE) for s in notes))
