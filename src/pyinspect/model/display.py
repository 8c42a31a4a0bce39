"""How pyinspect's results show themselves: a short ``repr``, the whole
picture for rich, IPython and Jupyter.

A result (every Layout, a probe path, a dispatch plan, a torch map...) holds
hundreds of facts; its ``repr`` names the type, the object and two or three
key facts on one line, so a REPL echo stays readable.  The picture is drawn
by ``pyinspect.show()``, by rich (``__rich__``), by IPython's pretty printer
(``_repr_pretty_``) and by Jupyter (``_repr_mimebundle_``: one output with
the HTML picture and its text as plain-text fallback).

The renderers are reached through the display hooks of
:mod:`pyinspect.model.views` (installed by :mod:`pyinspect.render.views`), so
a model module imports no renderer.
"""

from __future__ import annotations

import io
from typing import Any, ClassVar

from pyinspect.model.views import hook

__all__ = ["Displayed", "TEXT_WIDTH"]

#: width of the plain-text picture in IPython and in Jupyter's text/plain
TEXT_WIDTH = 100


class Displayed:
    """Mixin of pyinspect's results: short ``repr``, full pictures elsewhere.

    Subclasses give ``__rich__`` (the terminal picture), and override
    ``_repr_subject`` (what the result is about) and ``_repr_facts`` (two or
    three ``name=value`` facts).  :func:`pyinspect._dataclass.frozen` leaves
    the dataclass-generated ``__repr__`` out for them (``_short_repr``).
    """

    __slots__ = ()
    #: read by ``pyinspect._dataclass.frozen``: keep this short ``__repr__``
    _short_repr: ClassVar[bool] = True

    def _repr_subject(self) -> str:
        """What the result is about (``"int at 0x7f..."``)."""
        return ""

    def _repr_facts(self) -> str:
        """Two or three key facts, ``name=value`` separated by commas."""
        return ""

    def __repr__(self) -> str:
        subject = self._repr_subject()
        facts = self._repr_facts()
        text = type(self).__name__ + (f" {subject}" if subject else "") + (f": {facts}" if facts else "")
        return f"<{text}>"

    def picture_text(self, width: int = TEXT_WIDTH) -> str:
        """The terminal picture as plain text (no colour codes)."""
        buf = io.StringIO()
        hook("console")(buf, color=False, width=width).print(self)
        return buf.getvalue()

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        """IPython's pretty printer: the whole picture as text."""
        p.text(repr(self) if cycle else self.picture_text().rstrip("\n"))

    def _repr_html_(self) -> str:
        """Jupyter's HTML view: the SVG picture (see :mod:`pyinspect.render.html`)."""
        return hook("html")(self)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        """Jupyter's rich display: one output, the HTML picture with its text
        as the plain-text fallback."""
        bundle = {"text/plain": self.picture_text()}
        if (include is None or "text/html" in include) and not (exclude and "text/html" in exclude):
            bundle["text/html"] = self._repr_html_()
        return bundle
