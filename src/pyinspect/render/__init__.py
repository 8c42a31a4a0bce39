"""Renderers: Layouts in, pictures out.  They never read objects."""

from __future__ import annotations

import io
from typing import IO, Optional

from rich.console import Console

from pyinspect.model import Layout
from pyinspect.render.text import DEFAULT_ROWS, render

__all__ = ["render", "to_text", "to_html", "to_svg", "console", "DEFAULT_ROWS"]


def console(file: Optional[IO[str]] = None, color: Optional[bool] = None,
            width: Optional[int] = None, record: bool = False) -> Console:
    """A rich Console: ``color=False`` gives plain text (no ANSI codes).

    Given a ``file``, the console writes there even inside a Jupyter kernel
    (rich would otherwise display its output in the notebook instead of
    writing to the file: a second, stray output of the cell).
    """
    kwargs: dict = {"file": file, "width": width, "record": record}
    if file is not None:
        kwargs["force_jupyter"] = False
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
    """The picture as a self-contained HTML fragment (for Jupyter): the SVG
    drawing inline plus the Layout's fields (see :mod:`pyinspect.render.html`).
    ``width`` is accepted for compatibility; the SVG sizes itself."""
    from pyinspect.render import html

    return html.fragment(layout, rows)


def to_svg(layout: Layout, rows: int = DEFAULT_ROWS) -> str:
    """The picture as a standalone SVG document (see :mod:`pyinspect.render.svg`)."""
    from pyinspect.render import svg

    return svg.to_svg(layout, rows)

