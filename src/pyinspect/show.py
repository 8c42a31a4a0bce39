"""``show(obj)``: print the picture of what CPython stores for ``obj``."""

from __future__ import annotations

from typing import IO, Any, Optional

from pyinspect.model import DispatchPlan
from pyinspect.read import layout
from pyinspect.render import DEFAULT_ROWS, console, render

__all__ = ["show"]


def show(obj: Any, *, limit: int = DEFAULT_ROWS, color: Optional[bool] = None,
         width: Optional[int] = None, file: Optional[IO[str]] = None) -> None:
    """Print the struct of ``obj``: its header and its family's fields.

    Reads at most about ``limit`` items, code units or digits of a large
    object (its head and tail, with the count of what is between), so
    showing a huge list costs the rows shown, not the items held.

    Args:
        obj: any object; none of its Python code runs.
        limit: rows per table (head ... tail).
        color: ``False`` for plain text, ``True`` to force colour, ``None`` to
            let the terminal decide.
        width: console width in characters (default: the terminal's).
        file: where to print (default: standard output).
    """
    if type(obj) is DispatchPlan:  # pyinspect.dispatch(a, op, b): a plan, not an object to read
        from pyinspect.render.text_code import render_dispatch

        console(file, color=color, width=width).print(render_dispatch(obj))
        return
    lay = layout(obj, limit=limit)
    console(file, color=color, width=width).print(render(lay, limit))
