"""An instance's attribute slots named: the class's shared keys beside the
values, read without creating ``__dict__`` (oracle: ``id()`` of each
attribute, read by name)."""

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
    named = {name: address for name, address in zip(lay.attribute_names, lay.values) if name is not None}
    assert named == {"x": id(p.x), "y": id(p.y), "label": id(p.label)}  # each name beside its own value
    labels = {name: v.label for name, v in zip(lay.attribute_names, lay.attribute_values) if v is not None}
    assert labels == {"x": "1", "y": f"<list at {id(p.y):#x}>", "label": "'three'"}
    buf = io.StringIO()
    pyinspect.show(p, color=False, width=100, file=buf)
    text = buf.getvalue()
    assert "3 set of" in text and all(name in text for name in ("x", "y", "label"))
    assert lay.dict_address is None and pyinspect.layout(p).dict_address is None  # still no dict


@pytest.mark.skipif(sys.version_info < (3, 11), reason="values without a dict are 3.11+")
def test_a_deleted_attribute_is_an_empty_named_slot():
    p = Point(1, 2, 3)
    del p.y
    lay = pyinspect.layout(p)
    k = lay.attribute_names.index("y")
    assert lay.values[k] is None and lay.attribute_values[k] is None


def test_an_instance_with_a_dict_has_no_slots():
    p = Point(1, 2, 3)
    p.__dict__  # noqa: B018 - materialize it
    lay = pyinspect.layout(p)
    assert lay.dict_address == id(p.__dict__)
    assert lay.attribute_names == () and lay.attribute_values == ()
