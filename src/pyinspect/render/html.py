"""HTML pictures of Layouts: the SVG picture inline, then the Layout's fields.

This is what Jupyter shows (``Layout._repr_html_`` / ``_repr_mimebundle_``)
and what :func:`pyinspect.save` writes to ``.html``.  Input: Layouts only.

The output is well-formed XML as well as HTML (polyglot markup): every
element is closed and every text escaped, so it can be checked with an XML
parser and embedded anywhere.  Families may register extra HTML shown below
the picture with :func:`renders`; by default that is a table of the
Layout's dataclass fields, folded in a ``<details>``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any, Callable, Optional, TypeVar, Union

from pyinspect.model import Header, Layout
from pyinspect.render import svg
from pyinspect.render.xml_text import escape, quoteattr

__all__ = ["renders", "fragment", "page", "field_rows", "describe", "STYLE", "DEFAULT_ROWS"]

DEFAULT_ROWS = svg.DEFAULT_ROWS

STYLE = """
.pyinspect-figure { font-family: DejaVu Sans Mono, Menlo, Consolas, monospace; font-size: 12px;
  color: #222; margin: 0.5em 0 1.5em 0; }
.pyinspect-figure svg { max-width: 100%; height: auto; }
.pyinspect-figure details { margin-top: 0.3em; }
.pyinspect-figure summary { cursor: pointer; color: #555; }
.pyinspect-fields { border-collapse: collapse; margin-top: 0.3em; }
.pyinspect-fields th, .pyinspect-fields td { border: 1px solid #ccc; padding: 2px 8px; text-align: left;
  vertical-align: top; }
.pyinspect-fields th { background: #f6e3b4; font-weight: bold; }
""".strip()

L = TypeVar("L", bound=Layout)
#: extra HTML below a family's picture: (layout, rows) -> HTML fragment
Extra = Callable[[Any, int], str]
_EXTRAS: dict[type, Extra] = {}


def renders(cls: type[L]) -> Callable[[Callable[[L, int], str]], Callable[[L, int], str]]:
    """Register the HTML shown below the picture of a Layout class (instead
    of the default field table)."""

    def deco(fn: Callable[[L, int], str]) -> Callable[[L, int], str]:
        _EXTRAS[cls] = fn
        return fn

    return deco


def _cell(value: Any) -> str:
    return escape(svg._fmt_value("", value, 200))


def field_rows(obj: Any, prefix: str = "") -> list[tuple[str, str]]:
    """(field, text) pairs of a dataclass, nested header fields prefixed."""
    rows: list[tuple[str, str]] = []
    for f in dataclasses.fields(obj):
        v = getattr(obj, f.name)
        if isinstance(v, Header):
            rows += field_rows(v, prefix=f"{f.name}.")
            continue
        text = svg._fmt_value(f.name, v, 200)
        rows.append((prefix + f.name, text))
    return rows


def field_table(layout: Layout, rows: int) -> str:
    """The Layout's fields (header included) as an HTML table."""
    body = "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in field_rows(layout))
    return (f'<details><summary>{escape(describe(layout)[2])} fields</summary>'
            f'<table class="pyinspect-fields">{body}</table></details>')


def describe(obj: Any) -> tuple[str, str, str]:
    """``(family, type name, struct)`` of a Layout, or of a pyinspect result
    drawn by a :func:`pyinspect.render.svg.pictures` function."""
    if isinstance(obj, Layout):
        return obj.family, obj.type_name, obj.struct
    name = type(obj).__name__
    return getattr(type(obj), "family", name), name, name


def fragment(layout: Layout, rows: int = DEFAULT_ROWS) -> str:
    """The picture of ``layout`` as a self-contained HTML fragment (a ``<div>``
    with the SVG inline, a ``<style>`` and the field table)."""
    extra: Optional[Extra] = None
    for cls in type(layout).__mro__:
        if cls in _EXTRAS:
            extra = _EXTRAS[cls]
            break
    below = extra(layout, rows) if extra is not None else field_table(layout, rows)
    picture = svg.to_svg(layout, rows)
    family, type_name, _ = describe(layout)
    return (f'<div class="pyinspect-figure" data-family={quoteattr(family)} '
            f'data-type={quoteattr(type_name)}><style>{STYLE}</style>{picture}{below}</div>')


def page(layouts: Union[Layout, Sequence[Layout]], title: Optional[str] = None,
         rows: int = DEFAULT_ROWS, notes: Optional[Sequence[str]] = None) -> str:
    """A whole HTML document with one picture per Layout.

    Args:
        layouts: one Layout or several, drawn in order (or pyinspect
            results with a picture: a ProbeResult, a torch StorageMap...).
        title: the page title (default: the first Layout's type and address).
        rows: rows per table before long tables are elided.
        notes: paragraphs of text shown above the pictures.
    """
    single = isinstance(layouts, Layout) or svg.picture_for(layouts) is not None
    items = [layouts] if single else list(layouts)  # type: ignore[arg-type]
    if title is None:
        if items and isinstance(items[0], Layout):
            title = f"pyinspect: {items[0].type_name} at {items[0].address:#x}"
        else:
            title = f"pyinspect: {describe(items[0])[1]}" if items else "pyinspect"
    paras = "".join(f"<p>{escape(n)}</p>" for n in (notes or ()))
    body = "".join(fragment(lay, rows) for lay in items)
    return (
        '<!DOCTYPE html>\n<html xmlns="http://www.w3.org/1999/xhtml" lang="en"><head><meta charset="utf-8"/>'
        f"<title>{escape(title)}</title><style>body {{ margin: 1em; background: #ffffff; }} "
        "h1 { font-family: sans-serif; font-size: 1.2em; }</style></head>"
        f"<body><h1>{escape(title)}</h1>{paras}{body}</body></html>\n"
    )
