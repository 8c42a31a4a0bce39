"""names(namespace): names as labels on objects, read without running object code."""

from __future__ import annotations

import sys
import types

import pytest

import pyinspect
from pyinspect.model import NamesLayout


def test_alias_is_one_object_with_two_labels():
    a = [1, 2, 3]
    ns = {"a": a, "b": a, "n": None}
    pic = pyinspect.names(ns)
    assert type(pic) is NamesLayout
    assert [r.name for r in pic.names] == ["a", "b", "n"]
    node = pic.target("a")
    assert node is pic.target("b") and node.address == id(a)
    assert node.names == ("a", "b")
    # the dict's two entries and this function's local a
    assert node.refcnt == 3
    if sys.version_info < (3, 14):  # the oracle holds only while the call site owns its arguments
        assert node.refcnt == sys.getrefcount(a) - 1
    assert pic.shared == (node,)
    assert node.size == 3 and node.allocated >= 3 and [s.index for s in node.slots] == [0, 1, 2]
    assert [pic.node(s.target).value for s in node.slots] == ["1", "2", "3"]


def test_fresh_objects_report_one_reference():
    ns = {"x": [object()], "y": "".join(["ab", "c"])}
    pic = pyinspect.names(ns)
    assert pic.target("x").refcnt == 1
    assert pic.target("y").refcnt == 1 and pic.target("y").value == "'abc'"
    inner = pic.node(pic.target("x").slots[0].target)
    assert inner.refcnt == 1 and inner.value is None and inner.type_name == "object"


def test_container_slots_pointing_at_named_objects():
    row = [0, 0]
    grid = [row, row, row]
    pic = pyinspect.names({"grid": grid, "row": row})
    g, r = pic.target("grid"), pic.target("row")
    assert {s.target for s in g.slots} == {id(row)}
    assert r.depth == 0 and r.names == ("row",)
    assert r.refcnt == 1 + 3 + 1  # the dict, grid's three slots, this function's local


def test_depth_and_limits():
    big = list(range(100, 200))
    pic = pyinspect.names({"big": big}, depth=0)
    assert pic.target("big").slots == () and len(pic.objects) == 1
    pic = pyinspect.names({"big": big}, limit=8)
    node = pic.target("big")
    assert node.slots_omitted == 100 - len(node.slots)
    assert [s.index for s in node.slots][-1] == 99
    ns = {f"v{i}": i for i in range(30)}
    pic = pyinspect.names(ns, max_names=5)
    assert len(pic.names) == 5 and pic.names_omitted == 25
    pic = pyinspect.names({"deep": [[[1]]]}, depth=2)
    assert max(n.depth for n in pic.objects) == 2


def test_dunders_and_modules_hidden_unless_asked():
    ns = {"__name__": "m", "sys": sys, "x": 1}
    pic = pyinspect.names(ns)
    assert [r.name for r in pic.names] == ["x"] and set(pic.hidden) == {"__name__", "sys"}
    pic = pyinspect.names(ns, dunder=True, modules=True)
    assert [r.name for r in pic.names] == ["__name__", "sys", "x"]
    assert pyinspect.names(ns, only=["x", "nope"]).target("x").value == "1"


def test_module_namespace():
    m = types.ModuleType("m")
    m.lst = [1]
    m.alias = m.lst
    pic = pyinspect.names(m)
    assert pic.source == "module"
    assert pic.target("lst") is pic.target("alias")


def test_non_str_keys_are_skipped():
    pic = pyinspect.names({1: "one", "two": 2})
    assert [r.name for r in pic.names] == ["two"]


def test_bad_namespace():
    with pytest.raises(TypeError, match="dict, a module or a frame"):
        pyinspect.names([1, 2])
    with pytest.raises(ValueError):
        pyinspect.names({}, depth=-1)


# ---- frames -------------------------------------------------------------------------------------


def test_function_frame_locals_and_cells():
    def outer():
        captured = [1]

        def inner(arg):
            local = [arg]
            alias = local  # noqa: F841 - read through the frame
            unused = captured  # noqa: F841
            return pyinspect.names(sys._getframe())

        return inner("x"), captured

    pic, captured = outer()
    assert pic.source.startswith("frame inner line ")
    kinds = {r.name: r.kind for r in pic.names}
    assert kinds == {"arg": "local", "local": "local", "alias": "local", "unused": "local", "captured": "free"}
    assert pic.target("local") is pic.target("alias")
    assert pic.target("local").refcnt == 2
    assert pic.target("captured").address == id(captured)
    assert pic.target("arg").value == "'x'"


def test_cell_variable_reports_contents():
    def f():
        x = [5]

        def g():
            return x

        return pyinspect.names(sys._getframe()), x

    pic, x = f()
    ref = next(r for r in pic.names if r.name == "x")
    assert ref.kind == "cell" and ref.target == id(x)


def test_module_frame_reads_its_dict():
    code = compile("import sys, pyinspect\nq = [1]\nr = q\npic = pyinspect.names(sys._getframe())", "<m>", "exec")
    ns: dict = {}
    exec(code, ns)
    pic = ns["pic"]
    assert pic.target("q") is pic.target("r") and pic.target("q").refcnt == 2


def test_suspended_generator_frame():
    def gen():
        held = [1, 2]
        yield held

    g = gen()
    held = next(g)
    pic = pyinspect.names(g.gi_frame)
    assert pic.target("held").address == id(held)
    assert pic.target("held").refcnt == 2  # the generator's frame and this function's local


def test_frame_locals_are_not_materialized():
    def f():
        obj = object()
        before = sys.getrefcount(obj)
        pyinspect.names(sys._getframe())
        after = sys.getrefcount(obj)
        return before, after

    before, after = f()
    # frame.f_locals on 3.9-3.12 would have copied obj into a dict kept on the frame
    assert before == after


# ---- never run code of the objects, leave nothing behind ------------------------------------------


class Spy:
    calls: list = []

    def __repr__(self):
        Spy.calls.append("repr")
        return "spy"

    def __eq__(self, other):
        Spy.calls.append("eq")
        return False

    def __hash__(self):
        Spy.calls.append("hash")
        return 1

    def __getattribute__(self, name):
        Spy.calls.append(f"getattr {name}")
        return object.__getattribute__(self, name)

    def __len__(self):
        Spy.calls.append("len")
        return 0


class SpyDict(dict):
    def __iter__(self):
        Spy.calls.append("dict iter")
        return super().__iter__()

    def keys(self):
        Spy.calls.append("dict keys")
        return super().keys()

    def values(self):
        Spy.calls.append("dict values")
        return super().values()

    def __getitem__(self, k):
        Spy.calls.append("dict getitem")
        return super().__getitem__(k)


class SpyList(list):
    def __len__(self):
        Spy.calls.append("list len")
        return super().__len__()

    def __iter__(self):
        Spy.calls.append("list iter")
        return super().__iter__()


def test_no_code_of_any_object_runs():
    Spy.calls.clear()
    s = Spy()
    ns = SpyDict(s=s, lst=SpyList([s, s]), t=(s,))
    pic = pyinspect.names(ns, depth=2)
    assert Spy.calls == []
    assert pic.target("s").refcnt == 1 + 1 + 2 + 1  # ns, local s, two list slots, the tuple
    assert pic.target("s").value is None and pic.target("s").type_name == "Spy"


def test_no_references_left_behind():
    a = [object(), "x"]
    ns = {"a": a, "b": a}
    before = (sys.getrefcount(a), sys.getrefcount(a[0]), sys.getrefcount(ns))
    for _ in range(3):
        pyinspect.names(ns, depth=2)
    assert (sys.getrefcount(a), sys.getrefcount(a[0]), sys.getrefcount(ns)) == before


def test_to_dict_is_jsonable():
    import json

    pic = pyinspect.names({"a": [1, 2], "b": 2.5})
    d = json.loads(json.dumps(pic.to_dict()))
    assert d["family"] == "names" and [n["name"] for n in d["names"]] == ["a", "b"]
    assert d["objects"][0]["slots"][0]["index"] == 0


def test_text_picture():
    import io

    buf = io.StringIO()
    a = [1]
    pyinspect.show(pyinspect.names({"a": a, "b": a}), color=False, width=100, file=buf)
    out = buf.getvalue()
    assert "a, b" in out and "#1" in out and "one object" in out


def test_object_cap_never_drops_names():
    ns = {"big": list(range(1000, 1100))}
    ns.update({f"n{i}": [i] for i in range(20)})
    pic = pyinspect.names(ns, max_objects=10, depth=1, limit=None)
    assert len(pic.names) == 21 and pic.names_omitted == 0
    assert pic.objects_omitted > 0
    assert all(pic.target(r.name) is not None for r in pic.names)
