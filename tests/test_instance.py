"""An instance's attribute slots named: the class's shared keys beside the
values, read without creating ``__dict__`` (oracle: a twin's ``__dict__``
and ``id()`` of the attributes)."""

from __future__ import annotations

import io
import sys

import pytest

import pyinspect


class Point:
    def __init__(self, x, y, label):
        self.x = x
        self.y = y
        self.label = label


@pytest.mark.skipif(sys.version_info < (3, 11), reason="values without a dict are 3.11+")
def test_value_slots_are_named():
    p = Point(1, [2], "three")
    lay = pyinspect.layout(p)
    assert lay.dict_address is None  # nothing materialized __dict__
    twin = Point(0, 0, 0)
    names = list(twin.__dict__)  # the oracle: insertion order of the shared keys
    assert list(lay.attribute_names[:3]) == names == ["x", "y", "label"]
    assert lay.values[:3] == (id(p.x), id(p.y), id(p.label))
    assert [v.label for v in lay.attribute_values[:3]] == ["1", f"<list at {id(p.y):#x}>", "'three'"]
    buf = io.StringIO()
    pyinspect.show(p, color=False, width=100, file=buf)
    text = buf.getvalue()
    assert "3 set of" in text and "x, y, label" in text
    assert lay.dict_address is None and pyinspect.layout(p).dict_address is None  # still no dict


@pytest.mark.skipif(sys.version_info < (3, 11), reason="values without a dict are 3.11+")
def test_a_deleted_attribute_is_an_empty_named_slot():
    p = Point(1, 2, 3)
    del p.y
    lay = pyinspect.layout(p)
    assert lay.attribute_names[1] == "y" and lay.values[1] is None and lay.attribute_values[1] is None


def test_an_instance_with_a_dict_has_no_slots():
    p = Point(1, 2, 3)
    p.__dict__  # noqa: B018 - materialize it
    lay = pyinspect.layout(p)
    assert lay.dict_address == id(p.__dict__)
    assert lay.attribute_names == () and lay.attribute_values == ()
