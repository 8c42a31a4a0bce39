"""Every family ``_inspect.family()`` names has its pieces registered
(pyinspect/registry.py): a Layout builder, a terminal picture, an SVG picture
(or an explicit place in the field-table fallback), and a decision whether
``names()`` follows its slots."""

from __future__ import annotations

import typing

import pytest

import pyinspect  # noqa: F401  (loads every registry)
from pyinspect import namespaces, read, registry
from pyinspect.model import Layout
from pyinspect.render import svg, text

from conftest import families

FAMILIES = families()


def _layout_class(family: str) -> type:
    """The Layout class the family's builder returns (its return annotation)."""
    builder = read._BUILDERS[family]
    cls = typing.get_type_hints(builder)["return"]
    assert isinstance(cls, type) and issubclass(cls, Layout), (family, cls)
    return cls


def _registered(table: dict, cls: type) -> bool:
    """Whether ``cls`` or a base below Layout has an entry in a renderer table."""
    return any(c in table for c in cls.__mro__ if c is not Layout and issubclass(c, Layout))


def test_family_list() -> None:
    assert FAMILIES and FAMILIES[-1] == "object" and len(set(FAMILIES)) == len(FAMILIES)


def test_registering_modules_are_loaded() -> None:
    import sys

    assert all(name in sys.modules for name in registry.MODULES)
    assert len(set(registry.MODULES)) == len(registry.MODULES)


@pytest.mark.parametrize("family", FAMILIES)
def test_builder(family: str) -> None:
    assert family in read._BUILDERS, f"no @register({family!r}) builder"
    _layout_class(family)


@pytest.mark.parametrize("family", FAMILIES)
def test_text_renderer(family: str) -> None:
    cls = _layout_class(family)
    assert _registered(text._RENDERERS, cls), f"no @renders({cls.__name__}) terminal picture for {family!r}"


@pytest.mark.parametrize("family", FAMILIES)
def test_svg_renderer(family: str) -> None:
    cls = _layout_class(family)
    has_own = _registered(svg._RENDERERS, cls)
    listed = family in svg.FIELD_TABLE_FAMILIES
    assert has_own != listed, (f"{family!r}: an SVG renderer ({has_own}) or a place in FIELD_TABLE_FAMILIES "
                               f"({listed}), exactly one")


@pytest.mark.parametrize("family", FAMILIES)
def test_names_knows_whether_to_follow(family: str) -> None:
    followed = family in namespaces._EXPANDERS
    assert followed != (family in namespaces.NOT_FOLLOWED), (
        f"{family!r}: @expands ({followed}) or NOT_FOLLOWED, exactly one")


def test_no_stale_names() -> None:
    """Every family named by a registry is one family() can return."""
    known = set(FAMILIES)
    assert set(read._BUILDERS) <= known
    assert set(namespaces._EXPANDERS) <= known
    assert set(namespaces.NOT_FOLLOWED) <= known
    assert set(svg.FIELD_TABLE_FAMILIES) <= known


@pytest.mark.parametrize("family", FAMILIES)
def test_c_reader(family: str) -> None:
    """families.h names each family's reader (the import fails when a method
    table lacks it); the reader is typed in the stub's raw contract, and its
    Layout builder calls it."""
    import inspect

    from pyinspect import _raw
    from pyinspect._native import _inspect

    reader = _inspect.FAMILY_READERS[family]
    assert callable(getattr(_inspect, reader)), reader
    assert reader in _raw.READERS, f"{reader} has no TypedDict in pyinspect._raw"
    source = inspect.getsource(inspect.getmodule(read._BUILDERS[family]))
    assert f"_inspect.{reader}(" in source, f"the {family!r} builder's module never calls _inspect.{reader}"


def test_family_readers_cover_the_list() -> None:
    from pyinspect._native import _inspect

    assert list(_inspect.FAMILY_READERS) == list(FAMILIES)
