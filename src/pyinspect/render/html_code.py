"""HTML shown below the pictures of functions, types, generators and the
dispatch plan: the facts of the SVG as searchable
tables.  Input: Layouts (and :class:`~pyinspect.model.DispatchPlan`) only."""

from __future__ import annotations

from pyinspect.model import DispatchPlan, FunctionLayout, GeneratorLayout, TypeLayout
from pyinspect.render import html
from pyinspect.render.xml_text import escape

__all__: list[str] = []


def _table(head: tuple[str, ...], rows: list[tuple[str, ...]], cls: str) -> str:
    th = "".join(f"<th>{escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in r) + "</tr>" for r in rows)
    return f'<table class="pyinspect-fields {cls}"><tr>{th}</tr>{body}</table>'


def _details(summary: str, inner: str, open_: bool = False) -> str:
    attr = ' open="open"' if open_ else ""
    return f"<details{attr}><summary>{escape(summary)}</summary>{inner}</details>"


@html.renders(DispatchPlan)  # type: ignore[type-var]
def _dispatch(plan: DispatchPlan, rows: int) -> str:
    steps = [(str(i), str(s), {"python": "Python", "c": "C slot"}.get(s.kind, s.kind), s.operand or "",
              s.reason) for i, s in enumerate(plan, 1)]
    parts = [_table(("#", "Python tries", "kind", "operand", "why"), steps, "pyinspect-steps"),
             f"<p><b>if every step returns NotImplemented:</b> {escape(plan.otherwise)}</p>"]
    parts += [f"<p>{escape(n)}</p>" for n in plan.notes]
    return _details(f"{plan.expression}: {len(plan)} steps", "".join(parts), open_=True)


@html.renders(FunctionLayout)
def _function(lay: FunctionLayout, rows: int) -> str:
    cells = [(str(c.index), c.name or "?", f"{c.address:#x}" if c.address is not None else "NULL",
              "" if c.refcnt is None else str(c.refcnt), c.contents.label if c.contents is not None else "empty")
             for c in lay.cells[: max(rows, 1) * 4]]
    out = ""
    if cells:
        out += _details("func_closure cells", _table(("#", "free variable", "cell", "refcnt", "ob_ref →"), cells,
                                                     "pyinspect-cells"), open_=True)
    return out + html.field_table(lay, rows)


@html.renders(TypeLayout)
def _type(lay: TypeLayout, rows: int) -> str:
    slots = [(s.name, s.state, s.owner or "", ", ".join(s.dunders), s.function or "", s.note or "")
             for s in lay.slots if not s.empty]
    table = _table(("slot", "holds", "from", "dunders", "C function", "note"), slots, "pyinspect-slots")
    return _details(f"{len(slots)} filled slots", table) + html.field_table(lay, rows)


@html.renders(GeneratorLayout)
def _generator(lay: GeneratorLayout, rows: int) -> str:
    locs = []
    for s in lay.locals[: max(rows, 1) * 4]:
        if s.tagged_int is not None:
            value = str(s.tagged_int)
        elif s.address is None:
            value = "unbound"
        else:
            value = s.summary.label if s.summary is not None else f"{s.address:#x}"
        locs.append((str(s.index), s.name, "+".join(s.kinds), value))
    out = _details("frame locals", _table(("slot", "name", "kind", "value"), locs, "pyinspect-locals"),
                   open_=True) if locs else ""
    return out + html.field_table(lay, rows)
