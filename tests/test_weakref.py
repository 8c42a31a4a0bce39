"""Weak references: wr_object read from the struct, against the public
API as oracle (calling the reference, ``weakref.getweakrefs``)."""

from __future__ import annotations

import gc
import io
import struct
import weakref

import pyinspect
from pyinspect.model import WeakrefLayout

from conftest import FT


class Target:
    def method(self):
        return self


def test_a_live_reference_points_at_its_object():
    t = Target()
    r = weakref.ref(t)
    lay = pyinspect.layout(r)
    assert isinstance(lay, WeakrefLayout) and not lay.dead and not lay.proxy
    assert lay.referent_address == id(r())
    assert lay.referent_type == (None if FT else "Target")
    assert lay.wr_object_offset == struct.calcsize("nP") if not FT else lay.wr_object_offset > 0
    assert lay.callback_address is None and lay.hash is None
    hash(r)  # noqa: B018 - hash(ref) caches the referent's hash in the reference
    assert pyinspect.layout(r).hash == hash(t)


def test_a_dead_reference_says_so():
    t = Target()
    r = weakref.ref(t, lambda ref: None)
    assert pyinspect.layout(r).callback_address is not None
    del t
    gc.collect()
    assert r() is None  # the oracle
    lay = pyinspect.layout(r)
    assert lay.dead and lay.referent_address is None and lay.callback_address is None
    assert "dead" in repr(lay)
    buf = io.StringIO()
    pyinspect.show(r, color=False, width=80, file=buf)
    assert "Py_None" in buf.getvalue() and "freed" in buf.getvalue()


def test_proxies_and_subclasses_are_weakrefs():
    t = Target()
    p = weakref.proxy(t)
    lay = pyinspect.layout(p)  # a proxy forwards attribute access: none of it may run
    assert lay.proxy and lay.referent_address == id(t)
    m = weakref.WeakMethod(t.method)  # a subclass of weakref.ref
    assert isinstance(pyinspect.layout(m), WeakrefLayout)


def test_two_references_are_linked_in_the_objects_list():
    t = Target()
    a = weakref.ref(t, lambda ref: None)  # a callback keeps CPython from sharing one ref
    b = weakref.ref(t, lambda ref: None)
    assert len(weakref.getweakrefs(t)) == 2
    la, lb = pyinspect.layout(a), pyinspect.layout(b)
    assert {la.prev_address, la.next_address, lb.prev_address, lb.next_address} - {None} == {id(a), id(b)}
