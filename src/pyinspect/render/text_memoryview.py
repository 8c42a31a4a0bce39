"""Terminal picture of a memoryview (:class:`~pyinspect.model.MemoryViewLayout`)."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text

from pyinspect.model.memoryview import MemoryViewLayout
from pyinspect.render.text import NOTE_STYLE, addr, kv_table, renders


def _note(s: str) -> tuple[str, str]:
    return (f"  {s}", NOTE_STYLE)


@renders(MemoryViewLayout)
def _memoryview(lay: MemoryViewLayout, rows: int) -> RenderableType:
    if lay.released:
        obj = Text.assemble(addr(lay.obj_address), _note("stale: released, the exporter may be gone"))
    elif lay.obj_address is None:
        obj = Text.assemble(("NULL", "dim"), _note("memory no object exports"))
    else:
        obj = Text.assemble(addr(lay.obj_address), f"  {lay.obj_type or ''}", _note("the exporter"))
    buf = Text.assemble(addr(lay.buf_address))
    if lay.buf_offset is not None:
        buf.append_text(Text.assemble(_note(f"exporter's buffer + {lay.buf_offset}: no copy")))
    fields: list[tuple[str, Any]] = [
        ("view.obj", obj),
        ("view.buf", buf),
        ("view.len", Text.assemble(str(lay.len), _note("bytes viewed (nbytes)"))),
        ("itemsize", str(lay.itemsize)),
        ("format", Text("NULL (not read once released)", style="dim") if lay.format is None
         else Text.assemble(repr(lay.format), _note("truncated") if lay.format_truncated else "")),
        ("ndim", str(lay.ndim)),
        ("shape", str(lay.shape)),
        ("strides", Text.assemble(str(lay.strides), _note("bytes to the next item, per dimension"))),
        ("readonly", str(lay.readonly)),
    ]
    state = Text("released: every access raises ValueError", style="bold red") if lay.released else Text("live")
    contiguity = [n for n, on in (("C", lay.c_contiguous), ("Fortran", lay.f_contiguous)) if on]
    fields += [
        ("flags", Text.assemble(state, _note("contiguous: " + (", ".join(contiguity) or "no")))),
        ("exports", Text.assemble(str(lay.exports), _note("buffers taken from this view; release() waits for 0"))),
        ("mbuf", Text.assemble(addr(lay.mbuf_address),
                               _note(f"managed buffer, {lay.mbuf_exports} live views of it")
                               if lay.mbuf_exports is not None else "")),
    ]
    if lay.hash is not None:
        fields.append(("hash", str(lay.hash)))
    note = Text(f"{lay.struct_size} bytes + 3 words per dimension (shape, strides, suboffsets); "
                f"the {lay.len} bytes viewed belong to the exporter", style=NOTE_STYLE)
    return Group(kv_table(fields), note)
