"""names() follows functions' closure cells and defaults, cells' contents and
bound methods: checked against the public attributes as oracles
(``__closure__``, ``__defaults__``, ``__func__``, ``id``)."""

from __future__ import annotations

import sys

import pytest

import pyinspect

from conftest import DEBUG_BUILD

GETREFCOUNT_ORACLE = sys.version_info < (3, 14)  # see ARCHITECTURE rule 5


def slots_of(pic, node):
    return [(s.label, s.target) for s in node.slots]


def test_late_binding_three_functions_one_cell():
    late = [lambda: i for i in range(3)]  # noqa: B023 - the lesson's point
    cell_address = id(late[0].__closure__[0])
    pic = pyinspect.names({"late": late}, depth=3)
    lst = pic.target("late")
    fns = [pic.node(s.target) for s in lst.slots]
    assert [f.address for f in fns] == [id(f) for f in late]
    assert [f.detail for f in fns] == [f.__qualname__ for f in late]  # <listcomp> in it before 3.12
    assert [slots_of(pic, f) for f in fns] == [[("i", cell_address)]] * 3
    cell = pic.node(cell_address)
    assert cell.type_name == "cell" and cell.family == "cell"
    assert cell.refcnt == 3  # the three closure tuples
    if GETREFCOUNT_ORACLE:
        c = late[0].__closure__[0]
        assert cell.refcnt == sys.getrefcount(c) - 2  # less this local and the call's argument
        del c
    assert slots_of(pic, cell) == [("ob_ref", id(2))]
    assert pic.node(id(2)).value == "2"
    assert pic.shared_cells == {cell_address: [f"{fns[0].detail}.i"] * 3}


def test_default_depth_shows_the_shared_cell_of_loop_lambdas():
    """What the README promises of names(globals()), with no options."""
    ns = {"fs": [lambda: i for i in range(3)]}  # noqa: B023 - the lesson's point
    cell = ns["fs"][0].__closure__[0]
    pic = pyinspect.names(ns)
    assert list(pic.shared_cells) == [id(cell)]
    assert pic.node(id(cell)).slots[0].target == id(cell.cell_contents)
    del cell


def test_defaults_are_separate_values():
    early = [lambda t=t: t for t in range(3)]
    pic = pyinspect.names({"early": early}, depth=2)
    fns = [pic.node(s.target) for s in pic.target("early").slots]
    assert [slots_of(pic, f) for f in fns] == [[("t=", id(0))], [("t=", id(1))], [("t=", id(2))]]
    assert not [n for n in pic.objects if n.family == "cell"]
    assert pic.shared_cells == {}


def test_closure_defaults_and_kwdefaults_in_order():
    def make(threshold, scale):
        def keep(x, y=10.5, *, z="z"):
            return x * scale >= threshold * y

        return keep

    keep = make(0.85, 3)
    pic = pyinspect.names({"keep": keep}, depth=1)
    node = pic.target("keep")
    closure = keep.__closure__
    assert [s.label for s in node.slots] == ["scale", "threshold", "y=", "z="]
    assert [s.target for s in node.slots] == [id(closure[0]), id(closure[1]), id(keep.__defaults__[0]),
                                              id(keep.__kwdefaults__["z"])]
    assert [s.index for s in node.slots] == [0, 1, 2, 3] and node.size == 4
    assert pic.node(id(keep.__defaults__[0])).value == "10.5"
    del closure


def test_a_fresh_default_has_one_reference():
    def f(a=[1, 2]):  # noqa: B006 - the lesson's point: one list, stored once
        return a

    pic = pyinspect.names({"f": f}, depth=2)
    default = pic.node(pic.target("f").slots[0].target)
    assert default.type_name == "list" and default.refcnt == 1
    if GETREFCOUNT_ORACLE:
        d = f.__defaults__[0]
        assert default.refcnt == sys.getrefcount(d) - 2
        del d
    assert [pic.node(s.target).value for s in default.slots] == ["1", "2"]


def test_a_function_without_closure_or_defaults_has_no_slots():
    def plain():
        return 1

    pic = pyinspect.names({"plain": plain})
    node = pic.target("plain")
    assert node.slots == () and node.size is None and not node.expanded
    assert node.detail == "test_a_function_without_closure_or_defaults_has_no_slots.<locals>.plain"
    assert len(pic.objects) == 1


def test_empty_cell():
    def outer():
        def inner():
            return x

        pic = pyinspect.names({"inner": inner}, depth=2)
        x = 1
        return pic, inner

    pic, inner = outer()
    cell = pic.node(pic.target("inner").slots[0].target)
    assert cell.address == id(inner.__closure__[0])
    assert cell.detail == "empty" and cell.slots == () and not cell.expanded


def test_bound_method_func_and_self():
    class Vector:
        def norm(self):
            return 0

    v = Vector()
    m = v.norm
    ns = {"m": m, "v": v}
    pic = pyinspect.names(ns, depth=1)
    node = pic.target("m")
    assert node.family == "method" and node.detail.endswith("Vector.norm")
    assert slots_of(pic, node) == [("__func__", id(Vector.__dict__["norm"])), ("__self__", id(v))]
    me = pic.target("v")
    assert me.refcnt == 3  # this frame's v, the dict's v and the method's __self__
    if GETREFCOUNT_ORACLE:
        assert me.refcnt == sys.getrefcount(v) - 1
    func = pic.node(id(Vector.__dict__["norm"]))
    assert func.detail.endswith("Vector.norm")


def test_classes_are_named_by_tp_name():
    class Money:
        pass

    pic = pyinspect.names({"Money": Money, "n": int})
    assert pic.target("Money").detail == "Money" and pic.target("n").detail == "int"


def test_many_defaults_are_bounded():
    ns: dict = {}
    params = ", ".join(f"p{i}={i + 1000}" for i in range(100))
    exec(f"def f({params}): pass", ns)
    pic = pyinspect.names({"f": ns["f"]}, limit=8)
    node = pic.target("f")
    assert node.size == 100 and len(node.slots) == 8 and node.slots_omitted == 92
    assert [s.label for s in node.slots] == ["p0=", "p1=", "p2=", "p3=", "p4=", "p5=", "p98=", "p99="]
    assert [s.index for s in node.slots] == [0, 1, 2, 3, 4, 5, 98, 99]


def test_following_a_function_runs_no_code():
    calls = []

    class Loud:
        def __repr__(self):
            calls.append("repr")
            return "loud"

        def __eq__(self, other):
            calls.append("eq")
            return False

        __hash__ = object.__hash__

        def __getattribute__(self, name):
            calls.append(name)
            return object.__getattribute__(self, name)

    loud = Loud()

    def f(a=loud):
        return a

    def g():
        return loud

    bound = Loud.__repr__.__get__(loud)
    pic = pyinspect.names({"f": f, "g": g, "m": bound}, depth=3)
    assert pic.node(id(loud)).type_name.endswith("Loud")
    assert calls == []


def test_frame_with_a_closure():
    def outer():
        n = [0]

        def bump():
            n[0] += 1

        return pyinspect.names(sys._getframe(), depth=2), bump

    pic, bump = outer()
    node = pic.target("bump")
    (s,) = node.slots
    assert s.label == "n" and s.target == id(bump.__closure__[0])
    # the frame's own n is the cell's contents; the cell holds the list
    contents = id(bump.__closure__[0].cell_contents)
    assert [(t.label, t.target) for t in pic.node(s.target).slots] == [("ob_ref", contents)]
    assert pic.target("n").address == contents


def test_class_body_frame_with_a_mapping_namespace_is_refused():
    """A metaclass __prepare__ may run the class body in any mapping: reading
    its names would run its code, so names() says so instead."""
    calls = []

    class Namespace:
        def __init__(self):
            self.d = {}

        def __setitem__(self, k, v):
            self.d[k] = v

        def __getitem__(self, k):
            return self.d[k]

        def keys(self):
            calls.append("keys")
            return self.d.keys()

    class Meta(type):
        @classmethod
        def __prepare__(mcls, name, bases):
            return Namespace()

        def __new__(mcls, name, bases, ns):
            return super().__new__(mcls, name, bases, ns.d)

    frames = []

    class C(metaclass=Meta):
        x = 1
        frames.append(sys._getframe())

    with pytest.raises(TypeError, match="f_locals is a .*Namespace, not a dict"):
        pyinspect.names(frames[0])
    assert calls == []


@pytest.mark.skipif(not DEBUG_BUILD, reason="needs a debug build (sys.gettotalrefcount)")
def test_following_functions_does_not_leak():
    from test_leaks import _check

    late = [lambda: i for i in range(3)]  # noqa: B023
    early = [lambda t=t, *, k=[1]: t for t in range(3)]  # noqa: B006

    class C:
        def m(self):
            return self

    ns = {"late": late, "early": early, "m": C().m, "C": C}

    def once():
        pyinspect.names(ns, depth=3)

    _check(once)
