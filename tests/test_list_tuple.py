"""list and tuple against id() and the dossier's growth sequences."""

from __future__ import annotations

import sys

import pytest

import pyinspect

from conftest import PY


def test_list_fields():
    items = [object(), "x", 3]
    lst = list(items)
    lay = pyinspect.layout(lst)
    assert lay.family == "list"
    assert lay.size == 3
    assert lay.items == tuple(id(i) for i in items)
    assert lay.allocated >= lay.size
    assert lay.header.sizeof == sys.getsizeof(lst)
    assert sys.getsizeof(lst) - sys.getsizeof([]) == 8 * lay.allocated


def test_append_growth_matches_dossier(behaviour):
    expected = behaviour["list_append_allocated[n]"]
    lst: list = []
    for n, alloc in enumerate(expected):
        assert pyinspect.layout(lst).allocated == alloc, n
        lst.append(n)


def test_literal_and_range_capacity(behaviour):
    assert pyinspect.layout([1, 2, 3]).allocated == behaviour["list_literal_[1,2,3]_allocated"]
    for n, alloc in behaviour["list_from_range_allocated"].items():
        assert pyinspect.layout(list(range(int(n)))).allocated == alloc, n


def test_empty_list_has_no_array():
    lay = pyinspect.layout([])
    assert lay.allocated == 0 and lay.ob_item is None and lay.items == ()


def test_bounded_list_read():
    lst = list(range(1000))
    lay = pyinspect.layout(lst, limit=20)
    assert lay.size == 1000
    assert len(lay.items) + lay.items_omitted == 1000
    assert lay.items[: lay.items_head] == tuple(id(x) for x in lst[: lay.items_head])
    tail = len(lay.items) - lay.items_head
    assert lay.items[lay.items_head:] == tuple(id(x) for x in lst[1000 - tail:])
    assert [s.value for s in lay.summaries[:3]] == ["0", "1", "2"]


def test_list_subclass():
    class L(list):
        pass

    lay = pyinspect.layout(L([1, 2]))
    assert lay.family == "list" and lay.size == 2


def test_summaries_are_read_not_repred():
    lay = pyinspect.layout([None, True, 1.5, "s", b"b", 2**200, object()])
    values = [s.value for s in lay.summaries]
    assert values[:5] == ["None", "True", "1.5", "'s'", "b'b'"]
    assert values[5] == "<int of 201 bits>"
    assert values[6] is None and lay.summaries[6].label.startswith("<object at 0x")


def test_tuple_fields():
    items = (object(), 1, "two")
    lay = pyinspect.layout(items)
    assert lay.family == "tuple"
    assert lay.items == tuple(id(i) for i in items)
    assert lay.size == 3
    assert lay.header.sizeof == sys.getsizeof(items)
    assert lay.items_offset == pyinspect.struct_info()["PyTupleObject"]["ob_item"][0]


@pytest.mark.skipif(PY < (3, 14), reason="tuples cache their hash from 3.14 (gh-131525)")
def test_tuple_hash_cached_314():
    t = tuple([1, "a", 2.5])
    assert pyinspect.layout(t).hash is None
    h = hash(t)
    assert pyinspect.layout(t).hash == h


@pytest.mark.skipif(PY >= (3, 14), reason="before 3.14 tuples store no hash")
def test_tuple_hash_absent_before_314():
    t = tuple([1, 2])
    hash(t)
    assert pyinspect.layout(t).hash is None


def test_repr_only_when_asked():
    class Named:
        def __repr__(self):
            return "Named()"

    lst = [Named()]
    assert pyinspect.layout(lst).summaries[0].value is None
    assert pyinspect.layout(lst, use_repr=True).summaries[0].value == "Named()"
