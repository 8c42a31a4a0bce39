"""why_alive(): the paths that keep an object alive, checked against
gc.get_referrers for every step and against evaluating each path's
expression from its root; reference counts against the references the test
made."""

from __future__ import annotations

import ctypes
import gc
import sys
import threading
import types
import weakref

import pytest
from alive_oracle import check_path, evaluate, objects_by_id

import pyinspect
from pyinspect.model import AlivePaths

from conftest import FT, PY, fresh


class Rec:
    def __init__(self, i: int = 0) -> None:
        self.i = i


class Slotted:
    __slots__ = ("peer", "other")


class Holder:
    cache: list = []


@pytest.fixture
def appmod():
    mod = types.ModuleType("appmod_alive")
    sys.modules[mod.__name__] = mod
    yield mod
    del sys.modules[mod.__name__]
    mod.__dict__.clear()
    Holder.cache.clear()


def by_expression(r: AlivePaths) -> dict:
    return {p.expression: p for p in r.paths}


def check_all(r: AlivePaths, target: object) -> None:
    by_id = objects_by_id(target)
    for p in r.paths:
        check_path(p, target, by_id)


def test_module_path_as_code_writes_it(appmod):
    rec = Rec()
    appmod.registry = {"cache": {"k": [rec]}}
    del rec
    r = pyinspect.why_alive(appmod.registry["cache"]["k"][0])
    assert [str(p) for p in r.paths] == ["appmod_alive.registry['cache']['k'][0]"]
    p = r.paths[0]
    assert p.root == "module appmod_alive" and p.root_kind == "module" and p.root_address == id(appmod)
    assert [s.edge for s in p.steps] == [".registry", "['cache']", "['k']", "[0]"]
    assert p.steps[0].via == (id(appmod.__dict__),) and p.steps[0].kind == "attr"
    assert [s.target_type for s in p.steps] == ["dict", "dict", "list", f"{__name__}.Rec"]
    assert r.refcnt == 1 and r.found == 1 and r.unseen_refs == 0 and r.unseen_note is None
    assert r.referrers == 1 and r.type_name == f"{__name__}.Rec" and r.tracked
    check_all(r, appmod.registry["cache"]["k"][0])


def test_every_reference_gets_a_path(appmod):
    rec = Rec()
    appmod.registry = {"cache": {"k": [rec]}, 3: (rec,)}
    holder = Rec()
    holder.peer = rec
    appmod.holder = holder
    slotted = Slotted()
    slotted.peer = rec
    appmod.slotted = slotted
    Holder.cache.append(rec)

    def make():
        kept = rec

        def get():
            return kept
        return get

    appmod.getter = make()
    del holder, slotted
    r = pyinspect.why_alive(rec, max_paths=8)
    got = set(by_expression(r))
    assert {"appmod_alive.registry['cache']['k'][0]", "appmod_alive.registry[3][0]", "appmod_alive.holder.peer",
            "appmod_alive.slotted.peer", f"{__name__}.Holder.cache[0]",
            "appmod_alive.getter.__closure__[0].cell_contents", "rec"} <= got
    frame = by_expression(r)["rec"]
    assert frame.root_kind == "frame" and frame.function == "test_every_reference_gets_a_path"
    assert frame.thread == "MainThread" and frame.variable in ("local", "cell") and frame.steps == ()
    assert frame.thread_id == threading.get_ident() and frame.filename == __file__
    cell = by_expression(r)["appmod_alive.getter.__closure__[0].cell_contents"].steps[-1]
    assert cell.note == "cell 'kept' of test_every_reference_gets_a_path.<locals>.make.<locals>.get"
    assert cell.kind == "cell" and len(cell.via) == 2
    cls = by_expression(r)[f"{__name__}.Holder.cache[0]"]
    assert cls.root_kind == "class" and cls.root_address == id(Holder)
    # 8 references: the frame's (a cell: rec is a closure variable), the registry's list and tuple,
    # holder.peer, slotted.peer, Holder.cache, the closure's cell... counted from what the test made
    assert r.unseen_refs == 0 and r.found == r.refcnt
    check_all(r, rec)


def test_max_paths_limits_and_orders(appmod):
    rec = Rec()
    appmod.a = rec
    appmod.b = [rec]
    appmod.c = {"x": [rec]}
    r1 = pyinspect.why_alive(rec, max_paths=1)
    assert len(r1.paths) == 1
    r = pyinspect.why_alive(rec, max_paths=4)
    lengths = [len(p.steps) for p in r.paths]
    assert lengths == sorted(lengths)
    assert set(by_expression(r)) == {"rec", "appmod_alive.a", "appmod_alive.b[0]", "appmod_alive.c['x'][0]"}


def test_frame_local_in_a_function():
    def train():
        batch = Rec(7)
        return pyinspect.why_alive(batch)
    r = train()
    assert r.refcnt == 1 and r.found == 1 and r.unseen_refs == 0 and r.frame_refs == 1
    (p,) = r.paths
    # the function's qualified name (co_qualname, 3.11+) or its name
    assert p.root.startswith(("frame test_frame_local_in_a_function.<locals>.train (test_why_alive.py:",
                              "frame train (test_why_alive.py:"))
    assert p.root.endswith("thread MainThread") and p.expression == "batch" and p.variable == "local"


def test_refcnt_counts_what_the_program_holds(appmod):
    x = Rec()
    assert pyinspect.why_alive(x).refcnt == 1
    y = x
    r = pyinspect.why_alive(x)
    assert r.refcnt == 2 and r.found == 2 and {p.expression for p in r.paths} == {"x", "y"}
    appmod.z = x
    assert pyinspect.why_alive(y).refcnt == 3
    del y


def test_instance_dict_and_inline_values(appmod):
    o = Rec()
    o.payload = [1, 2]
    appmod.o = o
    payload = o.payload
    del o
    r = pyinspect.why_alive(payload, max_paths=2)
    p = by_expression(r)["appmod_alive.o.payload"]
    step = p.steps[-1]
    assert step.edge == ".payload" and step.kind == "attr"
    if PY >= (3, 11):
        # no __dict__ was made: the instance refers to the list from its inline values
        assert step.via == ()
    check_all(r, payload)
    appmod.o.__dict__  # noqa: B018 - materialize it: then the path goes through the dict
    r = pyinspect.why_alive(payload, max_paths=2)
    step = by_expression(r)["appmod_alive.o.payload"].steps[-1]
    # through the dict, or (3.13+, where the dict keeps its values in the object) from the object still
    assert step.via in ((id(appmod.o.__dict__),), ())
    check_all(r, payload)


def test_untracked_objects_are_found_through_untracked_tuples(appmod):
    s = fresh("a string nobody else has")
    appmod.t = (1, ("x", s))
    appmod.d = {s: 1}
    appmod.e = {"k": s}
    del s
    gc.collect()  # untracks the tuples: they hold only untracked objects (the inner one first)
    gc.collect()
    assert not gc.is_tracked(appmod.t[1])
    target = appmod.t[1][1]
    r = pyinspect.why_alive(target, max_paths=5)
    got = by_expression(r)
    assert "appmod_alive.t[1][1]" in got and "appmod_alive.e['k']" in got
    assert "appmod_alive.d<key #0>" in got
    assert not r.tracked and r.unseen_refs == 0
    by_id = objects_by_id(target, appmod.t, appmod.t[1], appmod.d, appmod.e)
    for p in r.paths:
        check_path(p, target, by_id)


def test_suspended_generator_and_traceback_frames(appmod):
    def gen():
        inside = Rec(1)
        yield inside

    appmod.g = gen()
    next(appmod.g)
    inside = next(o for o in gc.get_referents(appmod.g) if type(o) is Rec) if PY >= (3, 11) else \
        next(o for o in gc.get_referents(appmod.g.gi_frame) if type(o) is Rec)
    r = pyinspect.why_alive(inside, max_paths=3)
    p = by_expression(r)["appmod_alive.g.gi_frame.f_locals['inside']"]
    assert p.steps[-1].kind in ("local", "attr", "key")
    check_all(r, inside)

    def fails():
        doomed = Rec(2)  # noqa: F841 - kept by the traceback's frame
        raise ValueError("x")

    try:
        fails()
    except ValueError as exc:
        appmod.err = exc
    doomed = appmod.err.__traceback__.tb_next.tb_frame.f_locals["doomed"]
    r = pyinspect.why_alive(doomed, max_paths=3)
    assert "appmod_alive.err.__traceback__.tb_next.tb_frame.f_locals['doomed']" in by_expression(r)
    check_all(r, doomed)
    del inside, doomed
    appmod.err = None
    appmod.g.close()


def test_unseen_reference_is_counted_and_named():
    """A reference nobody visible holds (a leaked Py_INCREF, as a C extension would keep)."""
    x = Rec()
    ctypes.pythonapi.Py_IncRef(ctypes.py_object(x))
    try:
        r = pyinspect.why_alive(x)
        assert r.unseen_refs == 1 and r.refcnt == 2 and r.found == 1
        assert r.unseen_note == ("1 reference held where the collector cannot see "
                                 "(C code, an extension, the interpreter)")
        assert [p.expression for p in r.paths] == ["x"]
    finally:
        ctypes.pythonapi.Py_DecRef(ctypes.py_object(x))


def test_holder_nobody_visible_holds_is_an_unseen_root():
    x = Rec()
    box = [x]
    ctypes.pythonapi.Py_IncRef(ctypes.py_object(box))
    box_id = id(box)
    del box
    try:
        r = pyinspect.why_alive(x, max_paths=3)
        unseen = [p for p in r.paths if p.root_kind == "unseen"]
        assert len(unseen) == 1 and unseen[0].root_address == box_id and unseen[0].unseen == 1
        assert unseen[0].expression == f"<list at {box_id:#x}>[0]"
        assert "1 reference held where the collector cannot see" in unseen[0].root
    finally:
        box = ctypes.cast(box_id, ctypes.py_object).value
        ctypes.pythonapi.Py_DecRef(ctypes.py_object(box))
        del box


def test_garbage_cycle_has_no_path():
    gc.disable()
    try:
        a = Rec()
        a.me = a
        w = weakref.ref(a)
        del a
        r = pyinspect.why_alive(w())
        assert r.paths == () and r.garbage and r.refcnt == 1 and r.unseen_refs == 0
    finally:
        gc.enable()
        gc.collect()
    assert w() is None


def test_max_depth_truncates(appmod):
    node = Rec()
    deep = node
    for _ in range(30):
        deep = [deep]
    appmod.deep = deep
    del deep
    r = pyinspect.why_alive(node, max_paths=2, max_depth=5)
    assert r.truncated and all(p.root_kind == "frame" for p in r.paths)
    r = pyinspect.why_alive(node, max_paths=2, max_depth=40)
    assert not r.truncated and "appmod_alive.deep" + "[0]" * 30 in by_expression(r)


def test_immortal_objects_are_not_searched():
    r = pyinspect.why_alive(None)
    if PY >= (3, 12):
        assert r.immortal and r.refcnt is None and r.unseen_refs is None and r.paths == ()
        assert "immortal" in r.unseen_note
    else:
        assert not r.immortal and r.refcnt > 100


@pytest.mark.skipif(FT, reason="free-threaded builds read only the calling thread's frames")
def test_a_local_of_another_thread():
    ready = threading.Event()
    release = threading.Event()
    box = {}

    def worker():
        mine = Rec(5)
        box["id"] = id(mine)
        box["obj"] = weakref.ref(mine)
        ready.set()
        release.wait(10)

    t = threading.Thread(target=worker, name="loader-1")
    t.start()
    try:
        ready.wait(10)
        target = box["obj"]()
        r = pyinspect.why_alive(target)
        frames = [p for p in r.paths if p.root_kind == "frame" and p.expression == "mine"]
        assert frames and frames[0].thread == "loader-1" and frames[0].function.endswith("worker")
        assert frames[0].thread_id == t.ident
        assert r.unseen_refs == 0
        del target
    finally:
        release.set()
        t.join()


def test_to_dict_and_repr_are_plain_data(appmod):
    import json

    appmod.x = [Rec()]
    r = pyinspect.why_alive(appmod.x[0])
    d = r.to_dict()
    json.dumps(d)
    assert d["paths"][0]["expression"] == "appmod_alive.x[0]"
    assert "appmod_alive.x[0]" in repr(r)


def test_nothing_is_kept_alive(appmod):
    x = Rec()
    holder = Rec()
    holder.items = [x]
    appmod.h = holder
    wx, wh = weakref.ref(x), weakref.ref(holder)
    r = pyinspect.why_alive(x)
    pyinspect.render.to_svg(r)
    del x, holder
    appmod.h = None
    gc.collect()
    assert wx() is None and wh() is None
    assert r.paths  # the result is data: addresses and names, no references


def test_evaluating_expressions_from_roots(appmod):
    rec = Rec()
    appmod.nested = {"a": [{"b": (None, rec)}]}
    Holder.cache.append({"k": rec})
    r = pyinspect.why_alive(rec, max_paths=3)
    for p in r.paths:
        if p.root_kind == "module":
            assert evaluate(p, sys.modules[p.root_expression]) is rec
        elif p.root_kind == "class":
            assert evaluate(p, Holder) is rec
        else:
            assert p.expression == "rec"


def test_a_numpy_view_keeps_its_base(appmod):
    """numpy arrays are not GC objects: the view's reference to its base is
    invisible to gc.get_referrers; why_alive reads it from the array struct."""
    np = pytest.importorskip("numpy", reason="needs numpy")
    big = np.zeros(100_000)
    appmod.small = big[:10]
    appmod.copy = big[:10].copy()
    del big
    base = appmod.small.base
    r = pyinspect.why_alive(base)
    assert [str(p) for p in r.paths] == ["base", "appmod_alive.small.base"]  # shortest first
    step = r.paths[1].steps[-1]
    assert step.edge == ".base" and step.kind == "field" and step.holder_type == "numpy.ndarray"
    assert evaluate(r.paths[1], appmod) is base
    assert r.refcnt == 2 and r.unseen_refs == 0 and not r.tracked
    assert appmod.copy.base is None
