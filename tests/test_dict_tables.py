"""dict tables read from memory, checked against hash(), id(), insertion
order, CPython's probe sequence (tests/table_oracle.py) and the dossier."""

from __future__ import annotations

import sys

import pytest
from table_oracle import behaviour, dict_path, dict_probe_lengths, histogram

import pyinspect
from pyinspect._native import _inspect

PY311 = sys.version_info >= (3, 11)
PY312 = sys.version_info >= (3, 12)
PY313 = sys.version_info >= (3, 13)
PY314 = sys.version_info >= (3, 14)


def make_keys(kind: str, n: int) -> list:
    if kind == "int":
        return [i * 7 - 3 for i in range(n)]
    if kind == "str":
        return [f"k{i}" for i in range(n)]
    return [(i, f"t{i % 13}") for i in range(n)]


SIZES = [0, 1, 5, 6, 11, 22, 86, 171, 1000, 5462, 21846, 40000]


@pytest.mark.parametrize("kind", ["int", "str", "tuple"])
@pytest.mark.parametrize("n", SIZES)
def test_every_key_on_its_probe_sequence(kind, n):
    keys = make_keys(kind, n)
    d = {}
    for i, k in enumerate(keys):
        d[k] = i
    lay = pyinspect.layout(d)
    assert lay.used == n
    assert lay.capacity == 1 << lay.log2_size
    assert len(lay.indices) == lay.capacity
    assert lay.nentries == n
    # dense entries are in insertion order, with hash(key) stored/cached
    assert [e[1] for e in lay.entries] == [id(k) for k in keys]
    assert [e[0] for e in lay.entries] == [hash(k) for k in keys]
    assert [e[2] for e in lay.entries] == [id(d[k]) for k in keys]
    assert lay.keys_kind == ("unicode" if kind == "str" and PY311 and n else
                             "general" if n or not PY311 else "unicode")
    # every key is reached along CPython's probe sequence before an EMPTY slot
    mask = lay.capacity - 1
    pos = {id(k): ix for ix, k in enumerate(keys)}
    for k in keys:
        for s in dict_path(hash(k), mask):
            ix = lay.indices[s]
            assert ix != -1, f"{k!r} not reached"
            if ix >= 0 and lay.entries[ix][1] == id(k):
                assert ix == pos[id(k)]
                break
    # C statistics equal a pure-Python computation from the raw tables
    lengths = dict_probe_lengths(lay.indices, lay.entries, mask)
    st = lay.stats
    assert st.live == st.measured == n
    assert st.probe_sum == sum(lengths)
    assert st.probe_max == max(lengths, default=0)
    assert st.histogram == histogram(lengths)
    assert st.collisions == sum(1 for x in lengths if x > 1)
    assert st.empty == lay.indices.count(-1)
    assert st.dummies == 0 and st.bad == 0 and st.unreachable == 0
    # each entry's reported slot points back at it, reached after `probes` slots
    for ix, (slot, probes) in enumerate(lay.entry_slots):
        assert lay.indices[slot] == ix
        path = dict_path(lay.entries[ix][0], mask)
        assert [next(path) for _ in range(probes)][-1] == slot


def _resize_rows(name: str):
    beh = behaviour()
    for key, rows in beh.items():
        if key.startswith(name):
            return rows
    for key, rows in beh.items():  # 3.13t: one derived sequence for any keys
        if key.startswith("dict_resize_points["):
            return rows
    pytest.skip(f"no {name} in the dossier for this version")


@pytest.mark.parametrize("name, make", [("dict_resize_points_int_keys", lambda i: i),
                                        ("dict_resize_points_str_keys", lambda i: f"s{i}")])
def test_growth_points_match_dossier(name, make):
    rows = [r for r in _resize_rows(name) if r[0] <= 43691]
    d = {}
    n = 0
    for row in rows:
        n_inserted, size, usable, index_bytes = row[:4]
        while n < n_inserted - 1:
            d[make(n)] = n
            n += 1
        before = pyinspect.layout(d, limit=4)
        d[make(n)] = n
        n += 1
        after = pyinspect.layout(d, limit=4)
        assert after.capacity == size, (n_inserted, after.capacity)
        assert before.capacity < size or n_inserted == 1
        assert after.entries_capacity == usable
        assert after.index_width == index_bytes
        assert after.usable == usable - n_inserted


def test_empty_dict_shares_the_empty_keys():
    d = {}
    lay = pyinspect.layout(d)
    assert lay.empty_keys and lay.shared_keys
    assert lay.capacity == 1 and lay.usable == 0 and lay.nentries == 0 and lay.used == 0
    assert lay.indices == (-1,)
    assert lay.entries == ()
    exp = behaviour().get("empty_dict")
    if exp:
        assert lay.index_bytes == exp["index_bytes"]
        assert lay.usable == exp["dk_usable"]
        if PY311:
            assert lay.dk_version == exp["dk_version"]
            assert lay.dk_kind == exp["dk_kind"]
    if PY314:
        assert lay.dk_refcnt == -(2 ** 63) and lay.immortal_keys
    elif PY312:
        assert lay.dk_refcnt == 0xFFFFFFFF and lay.immortal_keys
    if not PY311:
        # 3.9/3.10: {} has the static empty_values, yet it is not split
        assert lay.empty_values and lay.values_address is not None
        assert lay.keys_kind == "general"
    else:
        assert lay.values_address is None
    # every {} shares the same keys object
    assert pyinspect.layout({}).keys_address == lay.keys_address


def test_deletions_leave_dummies_and_dead_entries():
    d = {f"key{i}": i for i in range(5)}
    del d["key2"]
    del d["key4"]
    lay = pyinspect.layout(d)
    assert lay.used == 3 and lay.nentries == 5
    assert lay.indices.count(-2) == 2
    assert lay.entries[2][1] is None and lay.entries[4][1] is None
    assert lay.entries[2][2] is None
    assert lay.stats.dummies == 2 and lay.stats.deleted == 2 and lay.stats.live == 3
    assert lay.entry_slots[2] is None
    # the survivors are still reached through the dummies
    for k in d:
        assert pyinspect.probe(d, k).found


def test_int_keys_general_table_stores_hashes():
    d = {10: "a", -1: "b", 2 ** 70: "c"}
    lay = pyinspect.layout(d)
    assert lay.keys_kind == "general" and lay.entry_size == 24
    assert [e[0] for e in lay.entries] == [hash(k) for k in d]


def test_bounded_read_costs_the_rows_shown():
    d = {f"w{i}": i for i in range(50000)}
    lay = pyinspect.layout(d, limit=8)
    assert len(lay.entries) == 8 and lay.entries_omitted == 50000 - 8
    assert lay.entries_head == 6
    assert [e[1] for e in lay.entries[:6]] == [id(k) for k in list(d)[:6]]
    assert [e[1] for e in lay.entries[6:]] == [id(k) for k in list(d)[-2:]]
    assert len(lay.indices) + lay.indices_omitted == lay.capacity
    assert lay.indices_omitted > 0
    full = pyinspect.layout(d)
    assert lay.indices[:lay.indices_head] == full.indices[:lay.indices_head]
    assert lay.indices[lay.indices_head:] == full.indices[lay.capacity - (len(lay.indices) - lay.indices_head):]
    # the statistics always cover the whole table
    assert lay.stats == full.stats and lay.stats.live == 50000


def test_dict_subclass_and_raw_index_table():
    class D(dict):
        pass

    d = D(a=1, b=2)
    lay = pyinspect.layout(d)
    assert lay.used == 2 and lay.type_name == "D"
    raw, width = _inspect.dict_indices(d)
    assert len(raw) == lay.capacity * width
    assert width == lay.index_width


def test_mirror_and_struct_self_check():
    """dict.__sizeof__ of dicts made here equals the size implied by the
    fields this build reads (on 3.9/3.10: the dict-common.h mirror)."""
    rows = _inspect.dict_selfcheck()
    assert rows and all(expected == reported for _n, expected, reported in rows), rows


@pytest.mark.skipif(PY311, reason="3.9/3.10 mirror only")
def test_mirror_layout_3_9_3_10():
    d = {"a": 1}
    lay = pyinspect.layout(d)
    assert lay.dk_lookup is not None and lay.dk_kind is None and lay.dk_version is None
    assert lay.entries_address - lay.indices_address == lay.capacity * lay.index_width
    assert lay.indices_address - lay.keys_address == 40  # sizeof the mirrored PyDictKeysObject
    assert sys.getsizeof(d) - lay.header.gc_head_bytes == d.__sizeof__()


@pytest.mark.skipif(not PY311, reason="3.11+ keys layout")
def test_keys_layout_3_11():
    d = {"a": 1}
    lay = pyinspect.layout(d)
    assert lay.indices_address - lay.keys_address == 32
    assert lay.entries_address - lay.indices_address == lay.index_bytes
    assert lay.entry_size == 16


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y


def test_instance_attributes_without_materializing_dict():
    p = Point(10, 20)
    q = Point(30, 40)
    lay = pyinspect.attributes(p)
    assert _inspect.read_instance(p)["dict_address"] is None or not PY311
    if PY311:
        assert lay.source == "instance" and lay.keys_kind == "split"
        assert lay.header.address == id(p)
        assert lay.keys_address == pyinspect.attributes(q).keys_address  # ht_cached_keys
        if PY313:
            assert lay.values_embedded is True and lay.values_valid is True
            assert lay.values_capacity >= 2
    else:
        assert lay.source == "__dict__" and lay.keys_kind == "split"
    assert lay.used == 2
    live = [e for e in lay.entries if e[2] is not None]
    assert [e[2] for e in live] == [id(10), id(20)]
    assert [e[0] for e in live] == [hash("x"), hash("y")]
    assert pyinspect.probe(p, "y").found and pyinspect.probe(p, "y").value.value == "20"
    assert pyinspect.probe(p, "z").found is False


@pytest.mark.skipif(not PY311, reason="split dicts by materializing are 3.11+")
def test_materialized_split_dict():
    p = Point(1, 2)
    d = p.__dict__
    lay = pyinspect.layout(d)
    assert lay.keys_kind == "split" and lay.values is not None
    assert lay.values[:2] == (id(1), id(2))
    assert lay.dk_refcnt >= 1
    att = pyinspect.attributes(p)
    assert att.source == "__dict__" and att.dict_address == id(d)


def test_attributes_of_object_without_table():
    with pytest.raises(TypeError):
        pyinspect.attributes(5)


def test_reading_while_another_thread_mutates():
    """Reads hold the dict's critical section (free-threaded builds); on any
    build they must never crash nor report an inconsistent table."""
    import threading

    d = {i: i for i in range(2000)}
    stop = threading.Event()

    def churn():
        i = 0
        while not stop.is_set():
            d[i % 5000 + 2000] = i
            d.pop((i * 7) % 5000 + 2000, None)
            i += 1

    t = threading.Thread(target=churn)
    t.start()
    try:
        for _ in range(40):
            lay = pyinspect.layout(d, limit=8)
            assert lay.stats.bad == 0 and lay.stats.unreachable == 0
            pyinspect.probe(d, 5)
    finally:
        stop.set()
        t.join()
