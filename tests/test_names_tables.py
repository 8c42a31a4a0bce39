"""names() follows dict and set slots: shared objects drawn once, dict slots
labelled with their keys, no code of any key or value run, nothing left behind."""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET

import pyinspect
from pyinspect.namespaces import reach


def test_shared_list_through_a_dict_is_one_object():
    a = [1, 2]
    ns = {"a": a, "d": {"x": a, "y": "hi", "z": a}}
    pic = pyinspect.names(ns)
    node = pic.target("a")
    d = pic.target("d")
    assert [o.address for o in pic.objects].count(id(a)) == 1
    # ns['a'], d['x'], d['z'] and this function's local a
    assert node.refcnt == 4
    if sys.version_info < (3, 14):
        assert node.refcnt == sys.getrefcount(a) - 1
    assert d.size == 3 and d.allocated is None
    assert [(s.index, s.label, s.target) for s in d.slots] == [
        (0, "'x'", id(a)), (1, "'y'", id(ns["d"]["y"])), (2, "'z'", id(a))]
    assert pic.node(d.slots[1].target).value == "'hi'"


def test_deleted_entries_are_skipped_and_indices_are_entry_indices():
    inner = {"p": [0], "q": [1], "r": [2]}
    del inner["q"]
    pic = pyinspect.names({"inner": inner})
    slots = pic.target("inner").slots
    assert [(s.index, s.label) for s in slots] == [(0, "'p'"), (2, "'r'")]
    assert [pic.node(s.target).type_name for s in slots] == ["list", "list"]


def test_non_str_keys_label_their_slots():
    t = (1, 2)
    pic = pyinspect.names({"m": {t: "pair", 7: None}})
    assert [s.label for s in pic.target("m").slots] == [f"<tuple at {id(t):#x}>", "7"]


def test_set_slots_are_table_slots():
    v = tuple(["a", 1])  # built at run time: no constant holds it
    s = {v, 5}
    pic = pyinspect.names({"s": s, "v": v})
    node = pic.target("s")
    assert node.size == 2 and {x.target for x in node.slots} == {id(v), id(5)}
    table = pyinspect.layout(s).table
    for slot in node.slots:  # each slot index is where the key sits in the table
        assert table[slot.index][1] == slot.target
    assert pic.target("v").refcnt == 3  # ns['v'], the set, this function's local


def test_frozenset_is_followed():
    f = frozenset({"k"})
    pic = pyinspect.names({"f": f})
    assert [pic.node(s.target).value for s in pic.target("f").slots] == ["'k'"]


def test_big_dict_and_set_are_bounded():
    big = {i: [i] for i in range(1000)}
    pic = pyinspect.names({"big": big}, limit=8)
    node = pic.target("big")
    assert len(node.slots) <= 8 and node.slots_omitted == 1000 - len(node.slots)
    assert node.slots[-1].index == 999 and node.slots[0].index == 0
    st = set(range(5000))
    node = pyinspect.names({"st": st}, limit=8).target("st")
    assert len(node.slots) <= 8 and node.slots_omitted == 5000 - len(node.slots)


class Loud:
    """Every dunder a careless reader might call raises."""

    calls: list = []

    def __hash__(self):
        Loud.calls.append("hash")
        return 1

    def __eq__(self, other):
        Loud.calls.append("eq")
        return self is other

    def __repr__(self):
        Loud.calls.append("repr")
        return "Loud()"

    def __getattribute__(self, name):
        Loud.calls.append(name)
        return object.__getattribute__(self, name)


def test_no_code_of_keys_or_values_runs_and_nothing_is_kept():
    k, v = Loud(), Loud()
    d = {k: v}
    s = {k}
    Loud.calls.clear()
    before = [sys.getrefcount(x) for x in (k, v, d, s)]
    pic = pyinspect.names({"d": d, "s": s})
    assert Loud.calls == []
    assert [sys.getrefcount(x) for x in (k, v, d, s)] == before
    assert pic.target("d").slots[0].label == f"<Loud at {id(k):#x}>"


def test_reach_draws_what_a_dict_points_at():
    a = [1, 2]
    d = {"a": a}
    pic = reach(d)
    assert pic.names == () and pic.objects[0].address == id(d)
    assert [o.type_name for o in pic.objects] == ["dict", "list", "int", "int"]
    assert pic.node(id(a)).refcnt == 2  # d['a'] and this function's local
    root = ET.fromstring(pyinspect.render.to_svg(pic))
    types = [g.get("data-type") for g in root.iter("{http://www.w3.org/2000/svg}g") if g.get("class") == "object"]
    assert types == ["dict", "list", "int", "int"]
