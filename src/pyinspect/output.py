"""``show(obj)``: print the picture of what CPython stores for ``obj``;
``save(obj, path)``: write it as SVG or HTML."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import IO, Any, Optional, Union

from pyinspect import arguments
from pyinspect._native import _inspect
from pyinspect.model import Layout, views
from pyinspect.model.steps import Steps
from pyinspect.read import layout
from pyinspect.render import DEFAULT_ROWS, console, render
from pyinspect.render.views import DRAWN_AS_IS, drawn_as_is

__all__ = ["show", "save", "in_jupyter_kernel", "display_html", "drawn_as_is", "FOLLOWED"]

#: result types pyinspect itself makes that are not Layouts (probe(),
#: dispatch(), ...): show() prints them through their ``__rich__`` instead of
#: inspecting them; :func:`drawn_as_is` (in :mod:`pyinspect.render.views`) adds one
_RESULTS = DRAWN_AS_IS


def _as_layout(obj: Any, limit: Optional[int], use_repr: bool = False) -> Layout:
    """``obj``'s Layout, or ``obj`` itself when it already is one (a Layout
    from :func:`pyinspect.layout`, a names picture...): pyinspect's own
    pictures draw themselves.  Decided in C, without calling ``__class__``."""
    if _inspect.is_instance(obj, Layout):
        return obj
    return layout(obj, limit=limit, use_repr=use_repr)


def _result(obj: Any) -> bool:
    return any(_inspect.is_instance(obj, cls) for cls in _RESULTS)


def in_jupyter_kernel() -> bool:
    """Whether this runs inside a Jupyter kernel (IPython loaded, with a kernel).

    IPython is never imported here: only a module the program already
    loaded is looked at, so a plain ``python`` process pays nothing.
    """
    ipython = sys.modules.get("IPython")
    if ipython is None:
        return False
    get_ipython = getattr(ipython, "get_ipython", None)
    if get_ipython is None:
        return False
    try:
        shell = get_ipython()
    except Exception:  # a half-initialised IPython: behave as a terminal
        return False
    return shell is not None and getattr(shell, "kernel", None) is not None


#: families whose HTML picture (notebook, ``save(.html)``) is followed by the
#: objects they point at: their tables show only a label per value
FOLLOWED = ("dict", "frozendict")


def _followed(obj: Any, lay: Layout, limit: int) -> list[Layout]:
    """[the picture of what ``obj`` points at] for the FOLLOWED families, else []."""
    if lay is obj or lay.family not in FOLLOWED:
        return []
    from pyinspect.namespaces import reach

    return [reach(obj, depth=2, limit=limit)]


def display_html(lay: Any, rows: int, more: Sequence[Layout] = ()) -> None:
    """Display one output in the notebook: the HTML picture of ``lay`` (and
    of ``more`` below it), with its terminal picture as the plain-text
    fallback."""
    from IPython.display import display  # IPython is loaded: in_jupyter_kernel() said so

    from pyinspect.render import to_text
    from pyinspect.render.html import fragment

    if _inspect.is_instance(lay, Layout):
        plain = to_text(lay, rows)
    else:  # a result (probe(), a torch map): its own rich picture as text
        import io

        buf = io.StringIO()
        console(buf, color=False, width=100).print(lay)
        plain = buf.getvalue()
    html = fragment(lay, rows)
    if more:  # one root element, so the output stays well-formed XML
        html = '<div class="pyinspect-figures">' + html + "".join(fragment(m, rows) for m in more) + "</div>"
    display({"text/html": html, "text/plain": plain}, raw=True)


def _has_picture(obj: Any) -> bool:
    """A pyinspect result with an SVG picture of its own (decided without
    running code of ``obj``: only pyinspect's result types are looked up)."""
    if not _result(obj):
        return False
    from pyinspect.render.svg import picture_for

    return picture_for(obj) is not None


def show(obj: Any, *, limit: int = DEFAULT_ROWS, color: Optional[bool] = None,
         width: Optional[int] = None, file: Optional[IO[str]] = None, html: Optional[bool] = None,
         use_repr: bool = False) -> None:
    """Print the struct of ``obj``: its header and its family's fields.

    Reads at most about ``limit`` items, code units or digits of a large
    object (its head and tail, with the count of what is between), so
    showing a huge list costs the rows shown, not the items held.  Inside a
    Jupyter kernel the picture is displayed as HTML (an SVG drawing) instead
    of terminal text; a dict's picture is followed there by the objects its
    values point at (``{"a": [1, 2]}``: the two tables, then the list and its
    ints).  A Layout (``pyinspect.layout(x)``,
    ``pyinspect.names(globals())``) is drawn as it is, and so are
    pyinspect's other results (the :class:`~pyinspect.model.ProbeResult` of
    :func:`pyinspect.probe`, ...).

    Args:
        obj: any object; none of its Python code runs.
        limit: rows per table (head ... tail), at least 1.
        color: ``False`` for plain text, ``True`` to force colour, ``None`` to
            let the terminal decide.
        width: console width in characters (default: the terminal's), from
            :data:`~pyinspect.arguments.MIN_WIDTH` (40: narrower, field names
            are cut and values fold) to
            :data:`~pyinspect.arguments.MAX_WIDTH` (10000).
        file: where to print: a text stream (default: standard output;
            giving a file always prints text).
        html: ``True`` to display HTML through IPython, ``False`` for text,
            ``None`` (default) for HTML exactly when running in a Jupyter kernel.
        use_repr: label the objects a container points at with their
            ``repr()`` (runs their code; off by default, when only builtin
            scalars get values and the rest ``<type at 0x...>``).

    Raises:
        TypeError, ValueError, OverflowError: an option of the wrong type or
            out of its range (the message names it).
    """
    limit = arguments.count(limit, "limit", minimum=1)
    color = arguments.flag(color, "color", none=True)
    width = arguments.width(width)
    file = arguments.stream(file, "file")
    html = arguments.flag(html, "html", none=True)
    use_repr = arguments.flag(use_repr, "use_repr")
    if _inspect.is_instance(obj, Steps) and file is None and (html is True or (html is None and in_jupyter_kernel())):
        from IPython.display import display  # IPython is loaded: in_jupyter_kernel() said so

        display(obj._repr_mimebundle_(), raw=True)  # one output: the stepper, text as fallback
        return
    if _result(obj):
        if file is None and _has_picture(obj) and (html is True or (html is None and in_jupyter_kernel())):
            display_html(obj, limit)
            return
        console(file, color=color, width=width).print(obj)
        return
    lay = _as_layout(obj, limit, use_repr)
    if file is None and (html is True or (html is None and in_jupyter_kernel())):
        display_html(lay, limit, _followed(obj, lay, limit))
        return
    console(file, color=color, width=width).print(render(lay, limit))


def save(obj: Any, path: Union[str, os.PathLike[str]], *, limit: int = DEFAULT_ROWS,
         title: Optional[str] = None) -> str:
    """Write the picture of ``obj`` to ``path``: ``.svg`` (the drawing) or
    ``.html`` (a page with the drawing and the fields).

    Args:
        obj: any object, or a Layout (drawn as it is), or a pyinspect result
            with a picture (:func:`pyinspect.probe`'s, a torch storage map
            or DataLoader trace, a :func:`pyinspect.dispatch` plan), or the
            :class:`~pyinspect.model.Steps` of :func:`pyinspect.steps`
            (an ``.html`` stepper page).
        path: the file to write (str, bytes or os.PathLike); its suffix
            picks the format.  An HTML page of a dict also draws the objects
            its values point at.
        limit: rows per table (head ... tail), at least 1.
        title: the HTML page's title (a str; default: the type and address).

    Returns:
        The path written, as a string.

    Raises:
        TypeError, ValueError, OverflowError: an option of the wrong type or
            out of its range, or a path that is not ``.svg``/``.html``.
        OSError: the file cannot be written.
    """
    target = arguments.path(path)
    limit = arguments.count(limit, "limit", minimum=1)
    title = arguments.text(title, "title", none=True)
    suffix = os.path.splitext(target)[1].lower()
    if suffix not in (".svg", ".html", ".htm"):
        raise ValueError(f"path must end in .svg or .html (save() writes those), not {suffix or 'no suffix'!r}")
    if _inspect.is_instance(obj, Steps):
        if suffix not in (".html", ".htm"):
            raise ValueError(f"save() writes the steps of a run as an .html stepper page, not {suffix or 'a file'!r}")
        from pyinspect.render.html_steps import page as steps_page

        with open(target, "w", encoding="utf-8") as f:
            f.write(steps_page(obj, title=title))
        return target
    lay = obj if _has_picture(obj) else _as_layout(obj, limit)
    if suffix == ".svg":
        from pyinspect.render.svg import to_svg

        text = to_svg(lay, limit)
    elif suffix in (".html", ".htm"):
        from pyinspect.render.html import page

        text = page([lay, *_followed(obj, lay, limit)], title=title, rows=limit)
    with open(target, "w", encoding="utf-8") as f:
        f.write(text)
    return target


# a report's show() (pyinspect.model.views) displays itself in a notebook through these
views.install(in_jupyter_kernel=in_jupyter_kernel, display_html=display_html)
