"""3.15's frozendict: a PyDictObject prefix plus a cached hash, not a dict subclass."""

from __future__ import annotations

import pytest

import pyinspect

from conftest import PY

pytestmark = pytest.mark.skipif(PY < (3, 15), reason="frozendict is new in 3.15")


def test_frozendict_tables_and_hash():
    fd = frozendict({"lr": 0.01, "epochs": 10})  # noqa: F821 - a 3.15 builtin
    lay = pyinspect.layout(fd)
    assert lay.family == "frozendict"
    assert lay.used == 2 and lay.keys_kind == "unicode"
    assert lay.hash is None
    h = hash(fd)
    assert pyinspect.layout(fd).hash == h
    assert pyinspect.probe(fd, "lr").found


def test_frozendict_entries_in_insertion_order():
    keys = [f"k{i}" for i in range(20)]
    fd = frozendict((k, i) for i, k in enumerate(keys))  # noqa: F821
    lay = pyinspect.layout(fd)
    assert [e[1] for e in lay.entries] == [id(k) for k in fd]
