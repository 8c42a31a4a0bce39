"""The one registry of display hooks: which picture draws each result class.

Model classes never import a renderer: their ``__rich__``, ``_repr_html_``
and ``_repr_mimebundle_`` call the hooks of :mod:`pyinspect.model.views`,
which this module installs.  Each hook looks the result's class (then its
bases) up in a table filled here, or by a package that adds result types
(``pyinspect.torch``) through :func:`text_picture`, :func:`html_picture`
and :func:`drawn_as_is`.
"""

from __future__ import annotations

import io
from typing import Any, Callable, Optional, TypeVar

from pyinspect.model import views as _views

__all__ = ["text_picture", "html_picture", "plain_text", "drawn_as_is", "DRAWN_AS_IS", "TEXT", "HTML", "PLAIN",
           "text", "html", "plain"]

T = TypeVar("T", bound=type)

#: terminal picture of a result class: ``fn(obj, *args) -> rich renderable``
TEXT: dict[type, Callable[..., Any]] = {}
#: HTML fragment of a result class (default: :func:`pyinspect.render.html.fragment`)
HTML: dict[type, Callable[[Any], str]] = {}
#: plain-text picture of a result class (default: the terminal picture, uncoloured)
PLAIN: dict[type, Callable[[Any], str]] = {}
#: result types that are not Layouts, drawn as they are by ``show()`` and ``save()``
DRAWN_AS_IS: list[type] = []


def _adder(table: dict[type, Callable[..., Any]], classes: tuple[type, ...]) -> Callable[[Any], Any]:
    def add(fn: Any) -> Any:
        for cls in classes:
            table[cls] = fn
        return fn
    return add


def text_picture(*classes: type) -> Callable[[Any], Any]:
    """Register ``fn(obj, *args)`` as the terminal picture of ``classes``."""
    return _adder(TEXT, classes)


def html_picture(*classes: type) -> Callable[[Any], Any]:
    """Register ``fn(obj) -> str`` as the HTML fragment of ``classes``."""
    return _adder(HTML, classes)


def plain_text(*classes: type) -> Callable[[Any], Any]:
    """Register ``fn(obj) -> str`` as the plain-text picture of ``classes``."""
    return _adder(PLAIN, classes)


def drawn_as_is(cls: T) -> T:
    """Register a pyinspect result type that ``show()`` prints as itself."""
    if cls not in DRAWN_AS_IS:
        DRAWN_AS_IS.append(cls)
    return cls


def _lookup(table: dict[type, Callable[..., Any]], obj: Any) -> Optional[Callable[..., Any]]:
    for cls in type(obj).__mro__:
        fn = table.get(cls)
        if fn is not None:
            return fn
    return None


def text(obj: Any, *args: Any) -> Any:
    """The terminal picture of a result (``__rich__``)."""
    fn = _lookup(TEXT, obj)
    if fn is None:
        raise TypeError(f"no terminal picture is registered for {type(obj).__name__}")
    return fn(obj, *args)


def html(obj: Any) -> str:
    """The HTML fragment of a result (``_repr_html_``)."""
    fn = _lookup(HTML, obj)
    if fn is None:
        from pyinspect.render.html import fragment

        return fragment(obj)
    return fn(obj)


def plain(obj: Any, width: int = 100) -> str:
    """The plain-text picture of a result (Jupyter's ``text/plain``)."""
    fn = _lookup(PLAIN, obj)
    if fn is not None:
        return fn(obj)
    from pyinspect.render import console

    buf = io.StringIO()
    console(buf, color=False, width=width).print(obj)
    return buf.getvalue()


def _register_core() -> None:
    """The result classes of pyinspect's core and their pictures."""
    from pyinspect.model import (
        AlivePaths,
        Census,
        CensusDiff,
        DispatchPlan,
        Layout,
        ProbeResult,
        SizeReport,
        Steps,
    )
    from pyinspect.render import html_steps, text_alive, text_census, text_code, text_containers, text_size, text_steps
    from pyinspect.render import text as text_layouts

    text_picture(Layout)(text_layouts.render)
    text_picture(AlivePaths)(text_alive.render_alive)
    text_picture(Census)(text_census.render_census)
    text_picture(CensusDiff)(text_census.render_diff)
    text_picture(SizeReport)(text_size.render_report)
    text_picture(Steps)(text_steps.render_steps)
    text_picture(DispatchPlan)(text_code.render_dispatch)
    text_picture(ProbeResult)(text_containers.probe_picture)
    html_picture(Steps)(html_steps.fragment)
    plain_text(Steps)(text_steps.to_text)
    for cls in (ProbeResult, DispatchPlan, Steps, AlivePaths, Census, CensusDiff):
        drawn_as_is(cls)


def _install() -> None:
    from pyinspect.render import console

    _register_core()
    _views.install(console=console, text=text, html=html, plain=plain)


_install()
