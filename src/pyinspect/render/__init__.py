"""Renderers: Layouts in, pictures out.  They never read objects."""

from __future__ import annotations

import io
from typing import IO, Optional

from rich.console import Console

from pyinspect.model import Layout
from pyinspect.render.text import DEFAULT_ROWS, render

__all__ = ["render", "to_text", "to_html", "console", "DEFAULT_ROWS"]


def console(file: Optional[IO[str]] = None, color: Optional[bool] = None,
            width: Optional[int] = None, record: bool = False) -> Console:
    """A rich Console: ``color=False`` gives plain text (no ANSI codes)."""
    kwargs: dict = {"file": file, "width": width, "record": record}
    if color is False:
        kwargs.update(color_system=None, no_color=True)
    elif color is True:
        kwargs.update(force_terminal=True)
    return Console(**kwargs)


def to_text(layout: Layout, rows: int = DEFAULT_ROWS, width: int = 100) -> str:
    """The picture as plain text."""
    buf = io.StringIO()
    console(buf, color=False, width=width).print(render(layout, rows))
    return buf.getvalue()


def to_html(layout: Layout, rows: int = DEFAULT_ROWS, width: int = 100) -> str:
    """The terminal picture as a self-contained HTML fragment (for Jupyter)."""
    c = console(io.StringIO(), color=True, width=width, record=True)
    c.print(render(layout, rows))
    return c.export_html(inline_styles=True, code_format="<pre style=\"font-family:monospace\">{code}</pre>")
