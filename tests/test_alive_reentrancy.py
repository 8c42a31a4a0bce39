"""why_alive() and census() while Python code changes the heap they read, and
with hostile objects in it.

Before 3.12 the collector runs inside any GC allocation made from C (with it
any ``__del__`` and ``gc.callbacks`` function): gc.get_objects() itself and
the building of the result allocate.  ``sweep`` makes each of those
allocations, in turn, the one that collects, and the collection empties the
containers on the path, rebinds classes and frees them.  Pass: no crash, a
result whose paths are consistent, or a clean exception.  The crash-prone
ones run in a subprocess (``run_isolated``).

Hostile objects (every dunder recording that it ran) as dict keys, holders,
targets and instances being counted: none of their code may run.
"""

from __future__ import annotations

import gc
import sys
import threading
import types

import pytest
from reentrancy import run_isolated, sweep

import pyinspect

from conftest import FT

pytestmark = pytest.mark.filterwarnings("ignore:non-string key in the __dict__ of class:RuntimeWarning")

CALLS: list[str] = []


def _record(name):
    def method(self, *args, **kwargs):
        CALLS.append(name)
        raise AssertionError(f"pyinspect called {name}")
    return method


_DUNDERS = ["__repr__", "__str__", "__eq__", "__ne__", "__hash__", "__len__", "__sizeof__", "__getattr__",
            "__bool__", "__iter__", "__format__", "__dir__", "__lt__", "__index__", "__reduce__", "__del__"]


def hostile_class(base=object):
    ns = {name: _record(name) for name in _DUNDERS if name not in ("__hash__", "__del__")}

    def getattribute(self, name):
        CALLS.append(f"__getattribute__({name})")
        return object.__getattribute__(self, name)

    def hash_(self):
        CALLS.append("__hash__")
        return 42  # usable as a dict key, but recorded

    ns["__getattribute__"] = getattribute
    ns["__hash__"] = hash_
    ns["__class__"] = property(lambda self: CALLS.append("__class__") or int)
    return type(f"Hostile{base.__name__}", (base,), ns)


class Rec:
    pass


def test_hostile_keys_holders_and_targets_run_nothing():
    H = hostile_class()
    HL = hostile_class(list)
    mod = types.ModuleType("hostile_alive")
    sys.modules[mod.__name__] = mod
    try:
        target = H()
        key = H()
        holder = HL([target])
        mod.__dict__[key] = holder          # a non-str key of a module's dict
        mod.table = {key: [target], "k": H()}
        inst = H()
        object.__setattr__(inst, "peer", target)
        mod.inst = inst
        CALLS.clear()
        r = pyinspect.why_alive(target, max_paths=6)
        c = pyinspect.census(untracked=True)
        d = pyinspect.census().diff(pyinspect.census())
        text = str(r) + repr(r) + str(r.to_dict()) + repr(c) + repr(d)
        assert CALLS == [], CALLS
        got = {p.expression for p in r.paths}
        assert "hostile_alive.inst.peer" in got
        key_label = f"<{__name__}.Hostileobject at {id(key):#x}>"
        assert f"hostile_alive.table[{key_label}][0]" in got
        assert f"hostile_alive.__dict__[{key_label}][0]" in got or any(key_label in e for e in got)
        assert c.by_type()[f"{__name__}.Hostileobject"].count >= 4 and text
    finally:
        del sys.modules[mod.__name__]
        mod.__dict__.clear()


def test_hostile_type_as_root_and_census_sizeof_not_called():
    H = hostile_class(bytearray)
    H.registry = [Rec()]
    objs = [H(b"x" * i) for i in range(3)]  # noqa: F841 - counted by the census
    CALLS.clear()
    r = pyinspect.why_alive(H.registry[0])
    c = pyinspect.census()
    assert CALLS == []
    assert any(p.root_kind == "class" and p.expression.endswith("Hostilebytearray.registry[0]") for p in r.paths)
    row = c.by_type()[f"{__name__}.Hostilebytearray"]
    # its __sizeof__ (Python code) is not called: the bytearray formula is used and marked
    assert row.count == 3 and not row.sizeof_mirrored
    twin = type("Twin", (bytearray,), {})  # the same layout, bytearray's own __sizeof__
    assert row.bytes == sum(sys.getsizeof(twin(b"x" * i)) for i in range(3))


# ---- the collector running inside the call -----------------------------------------------------


def test_sweep_why_alive_while_the_path_is_emptied():
    mod = types.ModuleType("sweep_alive")
    sys.modules[mod.__name__] = mod
    try:
        def setup():
            rec = Rec()
            mod.registry = {"cache": {"k": [rec, Rec()]}, "t": (rec,)}
            mod.other = [rec]
            return rec

        state = {"rec": setup()}

        def hostile():
            mod.registry.clear()
            mod.other = None
            Rec.extra = [Rec() for _ in range(20)]

        def call():
            return pyinspect.why_alive(state["rec"], max_paths=4)

        def check(r):
            for p in r.paths:
                assert p.expression and p.root
            assert r.found <= r.refcnt + 10
            state["rec"] = setup()

        points = sweep(call, hostile, check)
        assert points >= 1
    finally:
        del sys.modules[mod.__name__]
        mod.__dict__.clear()


def test_sweep_census_while_classes_are_freed(monkeypatch):
    import reentrancy

    # the first 60 collection points: the row tuples built from the held types
    # (each census costs tens of ms; every point of ~1,500 rows would take minutes)
    monkeypatch.setattr(reentrancy, "MAX_POINTS", 60)
    keep = {"objs": None}

    def setup():
        ns: dict = {}
        exec("class Doomed:\n    pass\n", ns)
        keep["objs"] = [ns["Doomed"]() for _ in range(50)]

    setup()

    def hostile():
        objs = keep["objs"] or []
        for o in objs:
            o.__class__ = Rec  # the class loses its instances...
        keep["objs"] = None  # ...and its last holder
        gc.collect()

    def check(c):
        assert c.count > 0 and all(r.count >= 0 for r in c.rows)
        setup()

    assert sweep(lambda: pyinspect.census(untracked=True), hostile, check) >= 1


def test_sweep_in_a_subprocess_rebinding_the_target_class():
    out = run_isolated("""
        import gc, sys, types
        import pyinspect
        from reentrancy import sweep

        mod = types.ModuleType("m")
        sys.modules["m"] = mod
        ns = {}

        def make():
            exec("class Victim:\\n    pass\\n", ns)
            v = ns["Victim"]()
            mod.box = [v, {"k": v}]
            return v

        state = {"v": make()}

        class Other:
            pass

        def hostile():
            v = state["v"]
            if type(v) is not Other:
                v.__class__ = Other
            ns.clear()
            mod.box = None
            gc.collect()

        def check(r):
            state["v"] = make()

        n = sweep(lambda: pyinspect.why_alive(state["v"], max_paths=3), hostile, check)
        print("ok", n)
    """)
    assert out.startswith("ok")


# ---- other threads ----------------------------------------------------------------------------


def test_threads_mutating_while_searching_and_counting():
    """Mutator threads reshape containers holding the target while why_alive
    and census run (on free-threaded builds they truly run at the same time)."""
    target = Rec()
    shared = {"lists": [[target] for _ in range(50)], "dicts": [{"t": target} for _ in range(50)]}
    stop = threading.Event()
    errors: list[BaseException] = []

    def mutate(seed: int) -> None:
        i = seed
        try:
            while not stop.is_set():
                i += 1
                lst = shared["lists"][i % 50]
                lst.append(target) if i % 3 else lst.clear()
                d = shared["dicts"][i % 50]
                d[f"k{i % 7}"] = target if i % 2 else None
                if i % 11 == 0:
                    d.clear()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=mutate, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    try:
        for _ in range(15):
            r = pyinspect.why_alive(target, max_paths=4)
            assert r.paths and all(p.expression for p in r.paths)
            c = pyinspect.census(untracked=True)
            assert c.count > 0
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert not errors, errors


@pytest.mark.skipif(not FT, reason="free-threaded builds only")
def test_free_threaded_reads_only_the_calling_threads_frames():
    ready, release = threading.Event(), threading.Event()
    box = {}

    def worker():
        mine = Rec()
        box["obj"] = mine
        ready.set()
        release.wait(10)
        del mine

    t = threading.Thread(target=worker)
    t.start()
    try:
        ready.wait(10)
        obj = box.pop("obj")
        r = pyinspect.why_alive(obj)
        frames = [p for p in r.paths if p.root_kind == "frame"]
        # the worker's local is a reference nobody visible holds here
        assert all(p.thread_id == threading.get_ident() for p in frames)
        assert r.unseen_refs is None or r.unseen_refs >= 1
        del obj
    finally:
        release.set()
        t.join()


# ---- reference leaks (debug builds) ----------------------------------------------------------


@pytest.mark.skipif(not hasattr(sys, "gettotalrefcount"), reason="needs a debug build (sys.gettotalrefcount)")
def test_no_reference_leaks():
    """sys.gettotalrefcount() is unchanged across 200 calls of each (a leak of
    one reference per call, or of one per object searched, shows)."""
    mod = types.ModuleType("leak_alive")
    sys.modules[mod.__name__] = mod
    try:
        mod.registry = {"k": [Rec()], ("t", 1): (Rec(),)}
        target = mod.registry["k"][0]
        calls = [lambda: pyinspect.why_alive(target, max_paths=4),
                 lambda: pyinspect.why_alive(mod.registry[("t", 1)][0]),
                 lambda: pyinspect.census(untracked=True).diff(pyinspect.census(untracked=True))]
        for fn in calls:
            for _ in range(5):
                fn()
            gc.collect()
            before = sys.gettotalrefcount()
            for _ in range(200):
                fn()
            gc.collect()
            assert abs(sys.gettotalrefcount() - before) <= 20, fn
    finally:
        del sys.modules[mod.__name__]
