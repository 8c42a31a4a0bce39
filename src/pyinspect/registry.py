"""Where every family's pieces are registered: the modules are imported here,
in this listed order, by :func:`load` (which ``pyinspect/__init__`` calls).
No module registers its siblings by importing them at its bottom.

A family is one name :func:`pyinspect._inspect.family` returns.  For each one:

* a Layout builder: ``@register("<family>")`` in a module of :data:`READERS`
  (``pyinspect.read.register``);
* a terminal picture: ``@renders(LayoutClass)`` in a module of :data:`TEXT`;
* an SVG picture: ``@svg.renders(LayoutClass)`` in a module of :data:`SVG`, or
  the family is listed in ``pyinspect.render.svg.FIELD_TABLE_FAMILIES`` (drawn
  as the table of its fields);
* the names walk: ``@expands("<family>")`` in :mod:`pyinspect.namespaces`
  (the picture follows its slots), or the family is listed in
  ``pyinspect.namespaces.NOT_FOLLOWED``.

``tests/test_registry.py`` checks each of these against the family list.
A new family adds its modules to these tuples.
"""

from __future__ import annotations

import importlib

__all__ = ["READERS", "TEXT", "SVG", "HTML", "WALKS", "VIEWS", "MODULES", "load"]

#: Layout builders (``@register``)
READERS = ("pyinspect.read", "pyinspect.read_code", "pyinspect.read_containers", "pyinspect.read_range",
           "pyinspect.read_memoryview")
#: terminal pictures (``@renders``)
TEXT = ("pyinspect.render.text", "pyinspect.render.text_code", "pyinspect.render.text_containers",
        "pyinspect.render.text_names", "pyinspect.render.text_size", "pyinspect.render.text_alive",
        "pyinspect.render.text_census", "pyinspect.render.text_steps", "pyinspect.render.text_range",
        "pyinspect.render.text_memoryview")
#: SVG pictures (``@svg.renders``, ``@svg.pictures``)
SVG = ("pyinspect.render.svg", "pyinspect.render.svg_code", "pyinspect.render.svg_containers",
       "pyinspect.render.svg_size", "pyinspect.render.svg_alive", "pyinspect.render.svg_census",
       "pyinspect.render.svg_range", "pyinspect.render.svg_memoryview")
#: HTML below the pictures (``@html.renders``) and the stepper page
HTML = ("pyinspect.render.html", "pyinspect.render.html_code", "pyinspect.render.html_steps")
#: how ``names()`` follows a container's slots (``@expands``, ``@describes``)
WALKS = ("pyinspect.namespaces",)
#: the display hooks of the results (``pyinspect.model.views``): the render
#: layer's tables, then the notebook display of the output layer
VIEWS = ("pyinspect.render.views", "pyinspect.output")
#: every registering module, in import order
MODULES = READERS + TEXT + SVG + HTML + WALKS + VIEWS


def load() -> None:
    """Import every registering module (idempotent: imported modules are cached)."""
    for name in MODULES:
        importlib.import_module(name)
