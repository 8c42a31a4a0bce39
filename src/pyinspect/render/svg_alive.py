"""SVG picture of :class:`~pyinspect.model.AlivePaths`: each path as a chain of
boxes, the root first, joined by arrows labelled with the reference as code
writes it (``.registry``, ``['cache']``, ``[0]``).  Input: the result only."""

from __future__ import annotations

from pyinspect.model.alive import AlivePath, AlivePaths
from pyinspect.render import svg
from pyinspect.render.svg import ADDRESS, DIM, INK, NAME, OBJECT, SHARED, SMALL, Drawing, note, text_width, title_bar

__all__ = ["ROW_WIDTH", "BOX_H"]

#: a path's row wraps past this width
ROW_WIDTH = 880.0
BOX_H = 36.0
ROOT_FILL = NAME          # the root's object
TARGET_FILL = SHARED      # the object asked about
UNSEEN_FILL = "#fff3c4"   # a root nobody visible holds


def _box(d: Drawing, x: float, y: float, top: str, bottom: str, fill: str, cls: str, dash: bool = False,
         **data: object) -> float:
    """A two-line box; returns its width."""
    w = max(text_width(top, 12), text_width(bottom, SMALL)) + 16
    d.rect(x, y, w, BOX_H, fill=fill, cls=cls, rx=4, dash=dash, **data)
    d.text(x + 8, y + 15, top, bold=True, cls="box-type")
    d.text(x + 8, y + 29, bottom, size=SMALL, fill=ADDRESS, cls="box-address")
    return w


def _path(d: Drawing, p: AlivePath, n: int, target_address: int, x0: float, y: float) -> float:
    """One path: its expression, where it starts, and the chain of boxes."""
    d.begin("alive-path", data_index=n, data_root_kind=p.root_kind, data_steps=len(p.steps))
    d.text(x0, y + 12, f"{n}. {p.expression}", bold=True, cls="path-expression")
    y = note(d, x0, y + 16, f"from {p.root}")
    y += 6
    # the root's object, then one box per reference
    boxes = [(p.root_expression, f"{p.root_type} at {p.root_address:#x}", p.root_address, None, None)]
    for s in p.steps:
        boxes.append((s.target_type, f"{s.address:#x}", s.address, s.edge, s.note))
    x = x0
    prev: tuple[float, float, float] = (0.0, 0.0, 0.0)  # x, y, width of the box before
    for i, (top, bottom, address, edge, edge_note) in enumerate(boxes):
        width = max(text_width(top, 12), text_width(bottom, SMALL)) + 16
        gap = max(56.0, text_width(edge or "", SMALL) + 24) if i else 0.0
        if i and x + gap + width > x0 + ROW_WIDTH:
            # wrap: the arrow goes down to the start of the next row
            px, py, pw = prev
            y += BOX_H + 34
            x = x0 + 24
            d.arrow(px + pw / 2, py + BOX_H, x + width / 2, y, vertical=True, cls="path-arrow")
            d.text(px + pw / 2 + 6, py + BOX_H + 16, edge or "", size=SMALL, fill=INK, cls="edge-label")
        elif i:
            px, py, pw = prev
            d.arrow(px + pw, py + BOX_H / 2, x + gap, y + BOX_H / 2, cls="path-arrow")
            d.text(px + pw + 6, py + BOX_H / 2 - 5, edge or "", size=SMALL, fill=INK, cls="edge-label")
            x += gap
        if i == 0:
            fill, cls = (UNSEEN_FILL if p.root_kind == "unseen" else ROOT_FILL), "path-box root"
            if address == target_address:
                cls += " target"  # a frame variable naming the object itself
        elif address == target_address:
            fill, cls = TARGET_FILL, "path-box target"
        else:
            fill, cls = OBJECT, "path-box"
        w = _box(d, x, y, top, bottom, fill, cls, dash=(i == 0 and p.root_kind == "unseen"), data_address=address)
        if edge_note:
            # under the arrow it explains (or under the box, after a wrap)
            nx = prev[0] + prev[2] + 6 if prev[1] == y else x
            d.text(nx, y + BOX_H + 11, edge_note, size=SMALL - 1, fill=DIM, italic=True, cls="edge-note")
        prev = (x, y, w)
        x += w
    d.end()
    return y + BOX_H + (22 if any(b[4] for b in boxes) else 12)


@svg.pictures(AlivePaths)
def _alive(r: AlivePaths, d: Drawing, rows: int) -> str:
    """The paths that keep the object alive, one chain of boxes each."""
    x, y = 8.0, 8.0
    title = f"why is {r.type_name} at {r.address:#x} alive"
    if r.immortal:
        sub = "immortal"
    else:
        sub = f"{len(r.paths)} path{'s' if len(r.paths) != 1 else ''}; refcnt {r.refcnt}, {r.found} found"
    d.begin("figure why-alive", data_family="why_alive", data_paths=len(r.paths))
    y = title_bar(d, x, y, title, sub)
    if r.unseen_note:
        d.text(x, y + 12, r.unseen_note, bold=True, fill="#b7950b", cls="unseen")
        y += 20
    if not r.paths:
        why = ("garbage in a reference cycle: nothing reaches it from a root (gc.collect() frees it)" if r.garbage
               else "no path from a root was found")
        y = note(d, x, y, why)
    for n, p in enumerate(r.paths[:rows], 1):
        y = _path(d, p, n, r.address, x, y + 6)
    if len(r.paths) > rows:
        y = note(d, x, y, f"… {len(r.paths) - rows} more paths")
    note(d, x, y + 4, f"{r.passes} passes over {r.objects:,} objects, {r.seconds * 1e3:,.1f} ms")
    d.end()
    return title
