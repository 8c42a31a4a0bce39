"""The model's door to the pictures: the display hooks by name.

A model class draws itself (``__rich__``, ``_repr_html_``,
``_repr_mimebundle_``, the ``show()`` of a report) by calling a hook looked
up here; :mod:`pyinspect.render.views` installs them when
:mod:`pyinspect.render` is imported (``import pyinspect`` does), and
:mod:`pyinspect.output` adds the notebook display.  So no model module
imports a renderer.

Hooks: ``console(file, color=, width=)`` a rich Console; ``text(obj, *args)``
the terminal picture of a result; ``html(obj)`` its HTML fragment;
``plain(obj)`` its plain-text picture; ``in_jupyter_kernel()`` and
``display_html(obj, rows)`` for a report's ``show()`` in a notebook.
"""

from __future__ import annotations

from typing import Any, Callable

__all__ = ["install", "hook"]

_HOOKS: dict[str, Callable[..., Any]] = {}


def install(**hooks: Callable[..., Any]) -> None:
    """Set display hooks by name (called by the render and output layers)."""
    _HOOKS.update(hooks)


def hook(name: str) -> Callable[..., Any]:
    """The display hook ``name``; RuntimeError naming it when none is installed."""
    try:
        return _HOOKS[name]
    except KeyError:
        raise RuntimeError(f"no display hook {name!r} is installed: import pyinspect "
                           "(pyinspect.render installs the pictures)") from None
