"""``show(obj)``: print the picture of what CPython stores for ``obj``."""

from __future__ import annotations

from typing import IO, Any, Optional, TypeVar

from pyinspect._native import _inspect
from pyinspect.model import Layout, ProbeResult
from pyinspect.read import layout
from pyinspect.render import DEFAULT_ROWS, console, render

__all__ = ["show", "drawn_as_is"]

T = TypeVar("T", bound=type)

#: result types pyinspect itself makes (probe(), ...): show() draws them as
#: they are, through their ``__rich__``, instead of inspecting their memory
_RESULTS: list[type] = [ProbeResult]


def drawn_as_is(cls: T) -> T:
    """Register a pyinspect result type that ``show()`` draws as itself."""
    _RESULTS.append(cls)
    return cls


def show(obj: Any, *, limit: int = DEFAULT_ROWS, color: Optional[bool] = None,
         width: Optional[int] = None, file: Optional[IO[str]] = None, use_repr: bool = False) -> None:
    """Print the struct of ``obj``: its header and its family's fields.

    Reads at most about ``limit`` items, code units or digits of a large
    object (its head and tail, with the count of what is between), so
    showing a huge list costs the rows shown, not the items held.

    Args:
        obj: any object; none of its Python code runs.  A Layout (from
            :func:`pyinspect.layout` or :func:`pyinspect.attributes`) is drawn
            as itself, and so are pyinspect's own results such as the
            :class:`~pyinspect.model.ProbeResult` of :func:`pyinspect.probe`.
        limit: rows per table (head ... tail).
        color: ``False`` for plain text, ``True`` to force colour, ``None`` to
            let the terminal decide.
        width: console width in characters (default: the terminal's).
        file: where to print (default: standard output).
        use_repr: label the objects a container points at with their
            ``repr()`` (runs their code; off by default, when only builtin
            scalars get values and the rest ``<type at 0x...>``).
    """
    out = console(file, color=color, width=width)
    if _inspect.is_instance(obj, Layout):
        out.print(render(obj, limit))
        return
    for cls in _RESULTS:
        if _inspect.is_instance(obj, cls):
            out.print(obj)
            return
    lay = layout(obj, limit=limit, use_repr=use_repr)
    out.print(render(lay, limit))
