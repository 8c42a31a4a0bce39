"""Views and aliasing: shares_storage, overlaps and the storage map of a namespace."""

from __future__ import annotations

import sys

import pytest

torch = pytest.importorskip("torch")

import pyinspect.torch as pt  # noqa: E402
from pyinspect.torch.text import render_picture  # noqa: E402


def test_shares_storage_matches_storage_identity():
    x = torch.arange(12.0)
    views = [x[::2], x.view(3, 4), x.view(3, 4).t(), x.detach(), x[5:], x.view(torch.int32), x.expand(2, 12)]
    for v in views:
        assert pt.shares_storage(x, v)
        assert v.untyped_storage()._cdata == x.untyped_storage()._cdata
    for other in (x.clone(), x.contiguous().clone(), torch.arange(12.0), x[::2].contiguous()):
        assert not pt.shares_storage(x, other)
    assert pt.shares_storage(x, x)


def test_writes_through_a_view_are_seen_when_storage_is_shared():
    x = torch.zeros(6)
    y = x[1::2]
    assert pt.shares_storage(x, y)
    y.fill_(7.0)
    assert x.tolist() == [0.0, 7.0, 0.0, 7.0, 0.0, 7.0]


def test_overlaps_compares_bytes_not_storages():
    x = torch.arange(10.0)
    assert not pt.overlaps(x[:5], x[5:])
    assert pt.overlaps(x[:6], x[5:])
    assert pt.overlaps(x[::2], x[1::2])  # interleaved: their byte ranges intersect
    assert not pt.overlaps(x, x.clone())
    buf = bytearray(16)
    a = torch.frombuffer(buf, dtype=torch.float32)
    b = torch.frombuffer(buf, dtype=torch.int32)
    assert pt.overlaps(a, b)


def test_shares_storage_rejects_non_tensors():
    with pytest.raises(TypeError):
        pt.shares_storage(torch.zeros(1), [0.0])


def test_storage_map_of_a_dict():
    x = torch.arange(10.0)
    ns = {"x": x, "evens": x[::2], "tail": x[7:], "alias": x, "other": torch.ones(3), "n": 5, 3: "not a name"}
    m = pt.storages(ns)
    assert m.tensors == 4
    assert len(m.groups) == 2
    g = m.group_of("evens")
    assert g is m.group_of("x") is m.group_of("tail") and g.shared
    assert g.storage_address == x.untyped_storage()._cdata
    assert g.data_ptr == x.untyped_storage().data_ptr() and g.nbytes == 40
    by_name = {v.names[0]: v for v in g.views}
    assert by_name["x"].names == ("x", "alias")
    tail = by_name["tail"]
    assert tail.storage_offset == x[7:].storage_offset() == 7
    assert (tail.byte_start, tail.byte_end) == (28, 40)
    evens = by_name["evens"]
    assert evens.stride == (2,) and (evens.byte_start, evens.byte_end) == (0, 36)
    assert g.coverage(evens)[0] == (1, 0, 1, 0, 1, 0, 1, 0, 1, 0)
    assert not m.group_of("other").shared
    assert m.shared == (g,)


def test_storage_map_of_a_frame_and_of_the_caller():
    def f():
        base = torch.zeros(4, 4)
        row = base[1]  # noqa: F841  (found in the frame's locals)
        col = base[:, 2]  # noqa: F841
        return pt.storages(sys._getframe()), pt.storages()

    explicit, implicit = f()
    for m in (explicit, implicit):
        assert m.source.startswith("frame f at")
        g = m.group_of("row")
        assert g is not None and g is m.group_of("col") and {n for v in g.views for n in v.names} == {
            "base", "row", "col"}


def test_storage_map_bytes_of_mixed_dtypes():
    x = torch.zeros(4, dtype=torch.float32)
    m = pt.storages({"x": x, "b": x.view(torch.uint8)[1:3]})
    g = m.group_of("b")
    b = next(v for v in g.views if v.names == ("b",))
    assert (b.byte_start, b.byte_end) == (1, 3)
    counts, exact = g.coverage(b)  # one cell per byte (the smallest itemsize)
    assert exact and counts == (0, 1, 1) + (0,) * 13


def test_storage_map_renders():
    import io

    from rich.console import Console

    x = torch.arange(6.0)
    m = pt.storages({"x": x, "y": x[::3]})
    buf = io.StringIO()
    Console(file=buf, width=120, color_system=None).print(render_picture(m))
    text = buf.getvalue()
    assert "shared by 2 tensors" in text and "■□□■□□" in text


def test_storages_rejects_other_namespaces():
    with pytest.raises(TypeError):
        pt.storages([torch.zeros(1)])
