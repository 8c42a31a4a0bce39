"""set / frozenset slots read from memory, against hash(), id(), set_lookkey's
probe sequence (tests/table_oracle.py) and the dossier's resize points."""

from __future__ import annotations

import pytest
from table_oracle import behaviour, histogram, set_path, set_probe_lengths

import pyinspect
from pyinspect._native import _inspect
from pyinspect.model import FrozenSetLayout, SetLayout


@pytest.mark.parametrize("kind", ["int", "str", "tuple", "float"])
@pytest.mark.parametrize("n", [0, 1, 4, 5, 18, 19, 300, 5000, 40000])
def test_every_key_on_set_probe_sequence(kind, n):
    make = {"int": lambda i: i * 1000003, "str": lambda i: f"m{i}", "tuple": lambda i: (i, -i),
            "float": lambda i: i / 7}[kind]
    keys = [make(i) for i in range(n)]
    s = set()
    for k in keys:
        s.add(k)
    lay = pyinspect.layout(s)
    assert type(lay) is SetLayout
    assert lay.used == n == lay.fill
    assert len(lay.table) == lay.capacity == lay.mask + 1
    live = {row[1]: row[0] for row in lay.table if type(row) is tuple}
    assert live == {id(k): hash(k) for k in keys}
    for k in keys:
        for slot in set_path(hash(k), lay.mask):
            row = lay.table[slot]
            assert row is not None, f"{k!r} not reached"
            if type(row) is tuple and row[1] == id(k):
                break
    lengths = set_probe_lengths(lay.table, lay.mask)
    st = lay.stats
    assert st.measured == n and st.probe_sum == sum(lengths)
    assert st.probe_max == max(lengths, default=0)
    assert st.histogram == histogram(lengths)
    assert st.empty == lay.table.count(None)
    shown = [p for p, row in zip(lay.probes, lay.table) if type(row) is tuple]
    assert shown == lengths


def test_small_table_is_inside_the_object():
    s = {1, 2}
    lay = pyinspect.layout(s)
    assert lay.smalltable and lay.capacity == 8
    assert lay.table_address == id(s) + lay.smalltable_offset


def test_discard_leaves_dummies():
    s = set(range(10))
    s.discard(3)
    s.discard(7)
    lay = pyinspect.layout(s)
    assert lay.used == 8 and lay.fill == 10
    assert lay.table.count("dummy") == 2 == lay.stats.dummies
    assert lay.table[3] == "dummy" and lay.table[7] == "dummy"
    assert pyinspect.probe(s, 3).found is False
    assert pyinspect.probe(s, 3).steps[0].status == "dummy"
    for k in s:
        assert pyinspect.probe(s, k).found


def test_resize_points_match_dossier():
    rows = next((v for k, v in behaviour().items() if k.startswith("set_resize_points")), None)
    if rows is None:
        pytest.skip("no set resize points in the dossier for this version")
    s = set()
    n = 0
    for row in rows[:6]:
        n_added, size = row[0], row[1]
        while n < n_added - 1:
            s.add(n)
            n += 1
        before = pyinspect.layout(s, limit=2).capacity
        s.add(n)
        n += 1
        after = pyinspect.layout(s, limit=2)
        assert after.capacity == size and before < size, (n_added, before, after.capacity)


def test_frozenset_hash_cached_after_hash():
    f = frozenset({"a", "b", "c"})
    lay = pyinspect.layout(f)
    assert type(lay) is FrozenSetLayout and lay.family == "frozenset"
    h = hash(f)
    assert pyinspect.layout(f).hash == h


def test_bounded_set_read():
    s = set(range(100000))
    lay = pyinspect.layout(s, limit=8)
    assert len(lay.table) + lay.table_omitted == lay.capacity
    assert lay.stats.live == 100000
    assert _inspect.set_stats(s)["probe_sum"] == lay.stats.probe_sum
    assert len(_inspect.set_table(s)) == 16 * lay.capacity
