"""``show(obj)``: print the picture of what CPython stores for ``obj``."""

from __future__ import annotations

from typing import IO, Any, Optional

from pyinspect._native import _inspect
from pyinspect.model import Layout, ProbeResult
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
        obj: any object; none of its Python code runs.  A
            :class:`~pyinspect.model.ProbeResult` from :func:`pyinspect.probe`
            is drawn as the path of its lookup, and a Layout (from
            :func:`pyinspect.layout` or :func:`pyinspect.attributes`) as itself.
        limit: rows per table (head ... tail).
        color: ``False`` for plain text, ``True`` to force colour, ``None`` to
            let the terminal decide.
        width: console width in characters (default: the terminal's).
        file: where to print (default: standard output).
    """
    if _inspect.is_instance(obj, ProbeResult):
        # a picture pyinspect already made (probe()): draw it, not its memory
        console(file, color=color, width=width).print(obj)
        return
    if _inspect.is_instance(obj, Layout):
        # a Layout already read (layout(x), attributes(obj)): draw it
        console(file, color=color, width=width).print(render(obj, limit))
        return
    lay = layout(obj, limit=limit)
    console(file, color=color, width=width).print(render(lay, limit))
