"""str (PEP 393) against str.encode, hash() and the dossier."""

from __future__ import annotations

import ctypes
import sys

import pytest

import pyinspect

from conftest import PY, fresh

CODECS = {1: "latin-1", 2: "utf-16-le", 4: "utf-32-le"}
TEXTS = ["", "a", "hello", "café", "h\xe9llo wörld", "€", "a€b", "😀", "a😀€é", "x" * 300]


def expected_kind(s: str) -> int:
    m = max(map(ord, s), default=0)
    return 1 if m < 256 else (2 if m < 65536 else 4)


@pytest.mark.parametrize("text", TEXTS)
def test_kind_flags_and_code_units(text):
    s = fresh(text)
    lay = pyinspect.layout(s)
    assert lay.family == "str"
    assert lay.length == len(s)
    assert lay.kind == expected_kind(s)
    assert lay.ascii == s.isascii()
    assert lay.compact
    assert lay.data == s.encode(CODECS[lay.kind], "surrogatepass")
    assert lay.value == s
    assert lay.code_units == [ord(c) for c in s]


@pytest.mark.parametrize("text", TEXTS)
def test_size(text):
    s = fresh(text)
    assert pyinspect.layout(s).header.sizeof == sys.getsizeof(s)


def test_hash_cached_only_after_hash():
    s = fresh("not hashed yet")
    assert pyinspect.layout(s).hash is None
    h = hash(s)
    assert pyinspect.layout(s).hash == h


def _as_utf8(s: str) -> bytes:
    """PyUnicode_AsUTF8 caches the UTF-8 form inside the str."""
    f = ctypes.pythonapi.PyUnicode_AsUTF8
    f.restype = ctypes.c_char_p
    f.argtypes = [ctypes.py_object]
    return f(s)


@pytest.mark.parametrize("text", ["café", "€uro", "😀"])
def test_utf8_cache(text):
    s = fresh(text)
    lay = pyinspect.layout(s)
    assert lay.utf8 is None and lay.utf8_address is None
    _as_utf8(s)
    lay = pyinspect.layout(s)
    assert lay.utf8 == s.encode("utf-8")
    assert lay.utf8_length == len(s.encode("utf-8"))
    assert not lay.utf8_is_data
    assert lay.header.sizeof == sys.getsizeof(s)  # the cache is counted


def test_ascii_utf8_is_its_data():
    s = fresh("plain ascii")
    lay = pyinspect.layout(s)
    assert lay.utf8 == s.encode() and lay.utf8_is_data
    assert lay.utf8_address == lay.data_address


def test_interning_states(behaviour):
    states = behaviour["str_state"]
    runtime = pyinspect.layout(fresh("abcd"))
    assert runtime.interned_state == states["runtime_built"]["interned"] == 0
    assert runtime.interned == "not interned"
    interned = sys.intern(fresh("zqxw"))
    assert pyinspect.layout(interned).interned_state == states["interned_runtime"]["interned"]


def test_state_flags_match_dossier(behaviour):
    expected = behaviour["str_state"]["runtime_built"]
    lay = pyinspect.layout(fresh("abcd"))
    assert (lay.kind, lay.compact, lay.ascii) == (expected["kind"], bool(expected["compact"]), bool(expected["ascii"]))
    if PY >= (3, 12):
        assert lay.ready is None and lay.statically_allocated is False
    else:
        assert lay.ready is True and lay.statically_allocated is None


def test_str_subclass_is_not_compact():
    class S(str):
        pass

    s = S("h\xe9llo")
    lay = pyinspect.layout(s)
    assert not lay.compact
    assert lay.data == "h\xe9llo".encode("latin-1")
    assert lay.header.sizeof == sys.getsizeof(s)


def test_bounded_read():
    s = fresh("0123456789" * 100)
    lay = pyinspect.layout(s, limit=20)
    assert lay.length == 1000
    assert lay.data_omitted == 1000 - len(lay.value)
    assert lay.value == s[:lay.data_head] + s[len(s) - (len(lay.value) - lay.data_head):]
