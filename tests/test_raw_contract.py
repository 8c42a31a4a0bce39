"""The contract between the C readers and Python: ``_inspect.pyi`` types every
function the extension has, and each reader's dict has exactly the keys of
its TypedDict in :mod:`pyinspect._raw` (the same on every CPython version)."""

from __future__ import annotations

import ast
import types
import weakref
from pathlib import Path

import pytest

import pyinspect
from pyinspect import _raw
from pyinspect._native import _inspect

STUB = Path(__file__).resolve().parents[1] / "src" / "pyinspect" / "_inspect.pyi"


def _stub_names() -> set[str]:
    tree = ast.parse(STUB.read_text(encoding="utf-8"))
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


def test_stub_types_every_function() -> None:
    ours = {n for n in dir(_inspect) if not (n.startswith("__") and n.endswith("__"))}
    stub = _stub_names()
    assert ours - stub == set(), "functions of _inspect the stub does not type"
    assert stub - ours == set(), "names the stub types that _inspect lacks"
    assert "__getattr__" not in stub


def _gen():
    yield 1


def _outer():
    x = 1

    def inner():
        return x
    return inner


class _C:
    def m(self):
        return None


def _samples() -> dict:
    c = _C()
    c.v = 1
    return {
        "read_header": ([1],), "read_long": (2 ** 100,), "read_float": (1.5,), "read_complex": (1j,),
        "read_unicode": ("é€",), "read_bytes": (b"xy",), "read_bytearray": (bytearray(b"xy"),),
        "read_list": ([1, "a"],), "read_tuple": ((1, 2),), "read_dict": ({"a": 1},), "read_set": ({1},),
        "read_cell": (_outer().__closure__[0],), "read_code": (_outer.__code__,), "read_function": (_outer,),
        "read_method": (c.m,), "read_type": (_C,), "read_generator": (_gen(),), "read_instance": (c,),
        "read_weakref": (weakref.ref(_C),), "dict_stats": ({"a": 1},), "set_stats": ({1},),
        "probe_dict": ({"a": 1}, "a"), "probe_set": ({1}, 2), "read_instance_dict": (c,),
        "flat_info": ([1],), "census": (False,),
        "read_range": (range(1, 10, 2),), "read_memoryview": (memoryview(bytearray(b"xy")),),
    }


def test_every_typed_reader_has_a_sample() -> None:
    assert set(_raw.READERS) == set(_samples())


@pytest.mark.parametrize("reader", sorted(_raw.READERS))
def test_reader_keys_match_typeddict(reader: str) -> None:
    typed = _raw.READERS[reader]
    required, optional = set(typed.__required_keys__), set(typed.__optional_keys__)
    result = getattr(_inspect, reader)(*_samples()[reader])
    assert type(result) is dict
    got = set(result)
    assert got - optional == required, f"{reader}: missing from the TypedDict {sorted(got - required - optional)}, " \
                                       f"not returned {sorted(required - got)}"


def test_stub_imports_the_typeddicts() -> None:
    tree = ast.parse(STUB.read_text(encoding="utf-8"))
    imported = {a.name for n in tree.body if isinstance(n, ast.ImportFrom) and n.module == "pyinspect._raw"
                for a in n.names}
    assert imported == {cls.__name__ for cls in _raw.READERS.values()}
    assert type(pyinspect) is types.ModuleType


def test_from_raw_rejects_unknown_and_missing_keys() -> None:
    from pyinspect.model import CellLayout, Header

    header = Header.from_raw(_inspect.read_header(1))
    lay = CellLayout.from_raw({"contents_address": None, "ob_ref_offset": 16}, header=header, contents=None)
    assert lay.contents_address is None and lay.ob_ref_offset == 16
    with pytest.raises(TypeError, match=r"unknown raw keys \['surprise'\]"):
        CellLayout.from_raw({"contents_address": None, "ob_ref_offset": 16, "surprise": 1},
                            header=header, contents=None)
    with pytest.raises(TypeError, match=r"missing fields \['ob_ref_offset'\]"):
        CellLayout.from_raw({"contents_address": None}, header=header, contents=None)
    with pytest.raises(TypeError, match=r"missing fields \['header'\]"):
        CellLayout.from_raw({"contents_address": None, "ob_ref_offset": 16}, contents=None)


@pytest.mark.parametrize("obj", [b"xy", bytearray(b"ab"), weakref.ref(_C), _C(), _outer().__closure__[0]],
                         ids=["bytes", "bytearray", "weakref", "object", "cell"])
def test_builders_from_raw_agree_with_readers(obj: object) -> None:
    """The builders that take their raw dict 1:1 (through Layout.from_raw) build."""
    lay = pyinspect.layout(obj)
    assert lay.address == id(obj)
