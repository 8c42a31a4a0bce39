"""_inspect.FAMILIES, the one list of families (csrc/families.h), against the
names _inspect.family() returns for a wide sample of objects."""

from __future__ import annotations

import array
import asyncio
import builtins
import collections
import pathlib
import re
import sys
import types
import weakref

import pytest

from pyinspect import _inspect

CSRC = pathlib.Path(__file__).resolve().parent.parent / "csrc"


class Plain:
    pass


class Slotted:
    __slots__ = ("a",)


class IntSub(int):
    pass


class StrSub(str):
    pass


class DictSub(dict):
    pass


class ListSub(list):
    pass


class SetSub(set):
    pass


class Meta(type):
    pass


def _gen():
    yield 1


async def _coro():
    return 1


async def _agen():
    yield 1


def _cell():
    x = 1

    def inner():
        return x

    return inner.__closure__[0]


def _samples() -> list[tuple[object, str | None]]:
    """(object, the family CPython's type-check macros put it in, or None when
    only membership in FAMILIES is asserted)."""
    coro = _coro()
    agen = _agen()
    frame = sys._getframe()
    out: list[tuple[object, str | None]] = [
        (0, "int"), (2**100, "int"), (True, "int"), (IntSub(3), "int"),
        (0.5, "float"), (1 + 2j, "complex"),
        ("abc", "str"), (StrSub("x"), "str"),
        (b"xy", "bytes"), (bytearray(b"ab"), "bytearray"),
        ([1], "list"), (ListSub(), "list"), ((1, 2), "tuple"),
        (collections.namedtuple("P", "x")(1), "tuple"),
        ({"a": 1}, "dict"), (DictSub(), "dict"), (collections.OrderedDict(), "dict"),
        ({1}, "set"), (SetSub(), "set"), (frozenset({1}), "frozenset"),
        (int, "type"), (Plain, "type"), (Meta("M", (), {}), "type"),
        (_gen, "function"), (lambda: 0, "function"),
        (_cell(), "cell"), (_gen.__code__, "code"),
        (Plain().__init__, None), (types.MethodType(_gen, Plain()), "method"),
        (_gen(), "generator"), (coro, "generator"), (agen, "generator"),
        (sys, "module"), (types.ModuleType("m"), "module"),
        (Plain(), "object"), (Slotted(), "object"), (object(), "object"),
        (None, "object"), (Ellipsis, "object"), (NotImplemented, "object"),
        (frame, None), (weakref.ref(Plain), None), (weakref.proxy(Plain), None),
        (range(3), None), (memoryview(b"a"), None), (slice(1, 2), None),
        (array.array("i", [1]), None), (iter([]), None), (len, None),
        (str.join, None), (ValueError("x"), None), (property(), None),
        (types.SimpleNamespace(), None), (type.__dict__["__name__"], None),
        (Plain.__dict__, None), (asyncio, "module"),
    ]
    try:
        import numpy  # noqa: PLC0415
    except ImportError:
        pass
    else:
        out += [(numpy.zeros(3), None), (numpy.float64(1.0), None), (numpy.int64(1), None)]
    frozendict = getattr(builtins, "frozendict", None)  # 3.15
    if frozendict is not None:
        out.append((frozendict({"a": 1}), "frozendict"))
    coro.close()
    return out


def test_families_is_a_tuple_of_str_ending_with_object():
    assert type(_inspect.FAMILIES) is tuple
    assert all(type(name) is str for name in _inspect.FAMILIES)
    assert _inspect.FAMILIES[-1] == "object"
    assert len(set(_inspect.FAMILIES)) == len(_inspect.FAMILIES)


@pytest.mark.parametrize("obj,expected", _samples(), ids=lambda v: type(v).__name__)
def test_family_returns_a_listed_name(obj, expected):
    name = _inspect.family(obj)
    assert name in _inspect.FAMILIES
    if expected is not None:
        assert name == expected


def test_family_order_puts_subclass_checks_first():
    # family() tests in FAMILIES order: bool is an int subclass, so "int" is
    # tested (and listed) before anything a bool could otherwise match, and a
    # frozenset is caught before the set test (PyFrozenSet_Check vs PySet_Check)
    fam = _inspect.FAMILIES
    assert fam.index("frozenset") < fam.index("set")
    assert fam.index("int") < fam.index("object")


def test_families_h_is_the_list():
    header = CSRC / "families.h"
    if not header.is_file():
        pytest.skip("csrc/ is not next to tests/")
    body = header.read_text().split("#define PYI_FAMILIES(X)", 1)[1]
    # the macro's lines end with a backslash; the first line without one ends it
    lines = body.splitlines()
    end = next(i for i, line in enumerate(lines) if not line.rstrip().endswith("\\"))
    names = re.findall(r"X\((\w+),", "\n".join(lines[: end + 1]))
    assert tuple(names) == _inspect.FAMILIES


def test_family_names_come_only_from_the_list():
    # no reader in csrc/ spells a family name of its own: family() is generated
    # from PYI_FAMILIES, so read_object.c holds no `name = "..."` assignment
    src = CSRC / "read_object.c"
    if not src.is_file():
        pytest.skip("csrc/ is not next to tests/")
    text = src.read_text()
    assert "PYI_FAMILIES(" in text
    assert re.search(r'name\s*=\s*"\w+"', text) is None
