"""sizeof, sizeof(deep=True) and memory() while Python code changes what they read.

Python code can run in the middle of a size computation in three ways: the
progress callback of the deep walk (documented as "may do anything"), a
signal handler run by the walk's Ctrl-C check, and, before 3.12, the cyclic
collector inside any GC allocation made from C (with it any ``__del__`` and
``gc.callbacks`` function).  Each test makes that code clear the root, mutate
the containers being walked, rebase or free classes, collect, raise, or call
pyinspect again; pass = no crash and a report consistent with an oracle, or a
clean exception.  Tests that crashed the interpreter before their fix run in a
subprocess (``run_isolated``).

Also: no code stored in a class dict runs while the size is computed.  The
``__sizeof__`` that ``sys.getsizeof`` would call is found by a lookup over the
MRO, and a dict lookup compares a key of the same hash with ``__eq__``: a class
dict holding such a key (``type("T", (), {Key(): 1})``) must not see it called.
"""

from __future__ import annotations

import gc
import sys
import warnings

import pytest
from reentrancy import run_isolated, sweep

import pyinspect
from pyinspect._native import _inspect

pytestmark = pytest.mark.filterwarnings("ignore:non-string key in the __dict__ of class:RuntimeWarning")

def fresh_classes():
    """Base <- A (defines __sizeof__) <- B: a new set each call, so that
    nothing but B (through its MRO) and the caller holds A."""
    ns: dict = {}
    exec("class Base:\n    pass\n"
         "class A(Base):\n    def __sizeof__(self):\n        return 1\n"
         "class B(A):\n    pass\n", ns)
    return ns["Base"], ns["A"], ns["B"]

# ---- crash class: a borrowed class pointer across the progress callback -----------------------

@pytest.mark.parametrize("reuse", [False, True])
def test_progress_rebases_the_class_defining_sizeof_and_collects_it(reuse):
    """The row of B remembers the class whose __sizeof__ B uses (A).  A callback
    that rebases B away from A and collects A left the walk reading the freed
    A when it built the report (heap-use-after-free under ASan, a segfault on
    3.11-dbg and 3.13; when new classes take A's memory, their name)."""
    out = run_isolated(f"""
        REUSE = {reuse}
        import gc, pyinspect
        from test_sizeof_reentrancy import fresh_classes

        Base, A, B = fresh_classes()
        objs = [B() for _ in range(300)]
        a_name = A.__qualname__
        fired = []

        def rebase(n, b):
            global A
            if fired:
                return
            fired.append(n)
            B.__bases__ = (Base,)
            A = None
            gc.collect()
            if REUSE:  # classes that may take the freed class's memory
                fired.append([type("Junk" + str(i), (Base,), {{}}) for i in range(64)])

        rep = pyinspect.memory(objs, progress=rebase, progress_every=10)
        row = rep.by_type()["B"]
        assert fired and row.count == 300, (fired, row)
        # the class found when the row was made, alive until the report is built
        assert row.sizeof_owner == a_name, row.sizeof_owner
        assert B.__mro__[1] is Base
        print("ok")
    """)
    assert out.strip() == "ok"

def test_progress_assigns_class_of_walked_objects_and_collects_the_old_one():
    out = run_isolated("""
        import gc, pyinspect
        from test_sizeof_reentrancy import fresh_classes

        Base, A, B = fresh_classes()
        objs = [B() for _ in range(300)]
        fired = []

        def reclass(n, b):
            global A, B
            if fired:
                return
            fired.append(n)
            for o in objs:
                o.__class__ = Base
            A = B = None
            gc.collect()
            fired.append([type(f"Junk{i}", (Base,), {}) for i in range(64)])

        rep = pyinspect.memory(objs, progress=reclass, progress_every=10)
        rows = rep.by_type()
        # objects counted before the callback are B's, the rest Base's
        assert rows["B"].count + rows["Base"].count == 300, rows
        assert rows["B"].sizeof_owner == "A" and rows["Base"].sizeof_owner == "object"
        print("ok")
    """)
    assert out.strip() == "ok"

def test_progress_deletes_every_class_and_instance():
    out = run_isolated("""
        import gc, pyinspect
        from test_sizeof_reentrancy import fresh_classes

        Base, A, B = fresh_classes()

        def wipe(n, b):
            global Base, A, B
            for sub in data:
                sub.clear()
            data.clear()
            Base = A = B = None
            gc.collect()

        for deep in (False, True):
            data = [[B(), A(), Base()] for _ in range(200)]
            if deep:
                assert pyinspect.sizeof(data, deep=True, progress=wipe) > 0
            else:
                rep = pyinspect.memory(data, progress=wipe, progress_every=5)
                assert sum(r.count for r in rep.rows) == rep.count > 0
            assert data == []
            Base, A, B = fresh_classes()
        print("ok")
    """)
    assert out.strip() == "ok"

# ---- progress callbacks that do anything --------------------------------------------------------

def test_progress_clears_the_root_and_its_containers():
    data = [[[float(i)], {str(i): [float(i)]}, {float(i)}] for i in range(500)]
    total = pyinspect.memory(data).total

    def vandal(n, b):
        for sub in data:
            for c in sub:
                c.clear()
            sub.clear()
        data.clear()
        gc.collect()

    rep = pyinspect.memory(data, progress=vandal, progress_every=7)
    assert 0 < rep.count and sum(r.count for r in rep.rows) == rep.count
    assert sum(r.bytes for r in rep.rows) == rep.total <= total
    assert data == []

def test_progress_grows_the_containers_being_walked():
    data = [[float(i)] for i in range(200)]

    def grow(n, b):
        for sub in data:
            sub.extend([1.5] * 50)  # reallocates every item array
        data.extend([[2.5]] * 100)

    rep = pyinspect.memory(data, progress=grow, progress_every=50)
    assert sum(r.count for r in rep.rows) == rep.count
    assert sum(r.bytes for r in rep.rows) == rep.total

def test_progress_raises_and_everything_is_released():
    data = [[float(i)] for i in range(300)]
    before = [sys.getrefcount(x) for x in data]

    class Stop(Exception):
        pass

    def fail(n, b):
        raise Stop

    for call in (lambda: pyinspect.memory(data, progress=fail, progress_every=3),
                 lambda: pyinspect.sizeof(data, deep=True, progress=fail)):
        with pytest.raises(Stop):
            call()
    assert [sys.getrefcount(x) for x in data] == before

def test_progress_calls_pyinspect_again():
    data = [[float(i), str(i)] for i in range(400)]
    inner = []

    def recurse(n, b):
        inner.append(pyinspect.memory(data, progress=lambda n, b: None, progress_every=3))
        inner.append(pyinspect.sizeof(data, deep=True))
        inner.append(pyinspect.sizeof(data))
        pyinspect.layout(data)

    rep = pyinspect.memory(data, progress=recurse, progress_every=100)
    assert rep.total == pyinspect.memory(data).total
    assert inner and all(r.total == rep.total for r in inner[::3])
    assert all(x == rep.total for x in inner[1::3])

def test_progress_drops_its_own_references():
    data = [[float(i)] for i in range(300)]
    holder = {}

    def make():
        def progress(n, b):
            holder.clear()  # the walk holds the function while it runs
            gc.collect()
        return progress

    holder["p"] = make()
    rep = pyinspect.memory(data, progress=holder["p"], progress_every=10)
    assert rep.count == 601

def test_signal_handler_during_a_long_walk_may_do_anything():
    """A walk longer than 0.2 s checks for signals every 65,536 objects, and
    Python signal handlers run there: the walk holds what it found by then.
    A handler that empties everything and collects must leave a consistent
    report (a timer fires it, so whether it lands mid-walk varies; the
    output says)."""
    out = run_isolated("""
        import gc, signal, pyinspect

        data = [[float(i)] for i in range(2_000_000)]
        full = 1 + 2 * len(data)
        fired = []

        def handler(signum, frame):
            if not fired:
                fired.append(len(data))
                for sub in data:
                    sub.clear()
                data.clear()
                gc.collect()

        signal.signal(signal.SIGPROF, handler)
        signal.setitimer(signal.ITIMER_PROF, 0.3, 0.01)
        try:
            rep = pyinspect.memory(data)
        finally:
            signal.setitimer(signal.ITIMER_PROF, 0)
        assert sum(r.count for r in rep.rows) == rep.count <= full
        assert sum(r.bytes for r in rep.rows) == rep.total
        print("ok", "mid-walk" if rep.count < full else "after", rep.count)
    """)
    assert out.startswith("ok")


# ---- the collector inside the walk's own allocations (3.9-3.11) ---------------------------------

def _victims():
    Base, A, B = fresh_classes()
    data = [[B(), [float(i)], {str(i): float(i)}] for i in range(20)]
    return Base, A, B, data

def test_sweep_clears_the_root_inside_each_allocation():
    _, _, _, data = _victims()
    for call in (lambda: pyinspect.memory(data), lambda: pyinspect.sizeof(data, deep=True),
                 lambda: pyinspect.sizeof(data), lambda: pyinspect.memory(data, retained=False)):
        data[:] = _victims()[3]

        def hostile():
            for sub in data:
                sub.clear()
            data.clear()

        sweep(call, hostile)

def test_sweep_rebases_renames_and_reclasses_inside_each_allocation():
    """At each GC allocation of the call in turn (3.9-3.11), the collector
    rebases B away from A, renames both (freeing their old names) and moves
    the walked objects to another class.  (A class lives in a cycle, so it
    cannot be freed inside the call's own collections: the progress tests
    above free them.)"""
    out = run_isolated("""
        import pyinspect
        from reentrancy import MAX_POINTS, sweep
        from test_sizeof_reentrancy import fresh_classes

        def case(call_of):
            pool = [fresh_classes() for _ in range(MAX_POINTS + 1)]
            state = {}

            def call():
                state["classes"] = Base, A, B = pool.pop()
                objs = state["objs"] = [B() for _ in range(5)] + [A()]
                return call_of(objs)

            def hostile():
                if "classes" in state:
                    Base, A, B = state.pop("classes")
                    B.__bases__ = (Base,)
                    A.__qualname__ = "".join(["A", "2"])
                    B.__qualname__ = "".join(["B", "2"])
                    for o in state.pop("objs"):
                        o.__class__ = Base

            def check(result):
                if hasattr(result, "rows"):
                    names = {r.type_name: r.sizeof_owner for r in result.rows}
                    assert set(names) <= {"list", "dict", "A", "A2", "B", "B2", "Base"}, names
                    assert names.get("B", names.get("B2", "A")) in ("A", "A2", "object"), names

            return sweep(call, hostile, check)

        points = [case(lambda o: pyinspect.memory(o)), case(lambda o: pyinspect.sizeof(o, deep=True)),
                  case(lambda o: pyinspect.sizeof(o[0])), case(lambda o: pyinspect.layout(o[0]))]
        print("ok", points)
    """)
    assert out.startswith("ok")


# ---- no code of a class dict runs -----------------------------------------------------------------

CALLS: list = []

class CollidingKey:
    """A class-dict key with the hash of a name pyinspect looks up."""

    def __init__(self, name, action=None):
        self.name, self.action = name, action

    def __hash__(self):
        return hash(self.name)

    def __eq__(self, other):
        CALLS.append((self.name, other))
        if self.action is not None:
            self.action()
        return False

def hostile_class(*names):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return type("T", (), {CollidingKey(n): 1 for n in names})

def test_no_eq_of_a_class_dict_key_runs():
    T = hostile_class("__sizeof__", "__module__")
    t = T()
    CALLS.clear()
    flat = pyinspect.sizeof(t)
    rep = pyinspect.memory([t, T])
    with_types = pyinspect.memory([t], include_types=True)
    deep = pyinspect.sizeof([t], deep=True)
    alone = pyinspect.memory([t])
    info = _inspect.flat_info(t)
    pyinspect.layout(t)
    assert CALLS == []
    assert flat == sys.getsizeof(t)  # runs the __eq__ (CPython's own lookup)
    (row,) = [r for r in rep.rows if r.type_name.endswith("T")]
    assert row.count == 1 and row.sizeof_owner == "object" and info["sizeof_owner"] == "object"
    assert row.type_name == f"{__name__}.T"
    assert deep == alone.total and with_types.total > alone.total

def test_sizeof_key_whose_eq_empties_the_walk():
    """The __sizeof__ lookup ran a colliding key's __eq__ while the walk held
    only borrowed pointers: an __eq__ clearing the root freed what the walk's
    stack still pointed to."""
    out = run_isolated("""
        import gc, sys, warnings, pyinspect
        from test_sizeof_reentrancy import CALLS, CollidingKey

        data = [[float(i)] * 3 for i in range(2000)]

        def vandal():
            for sub in data:
                sub.clear()
            data.clear()
            gc.collect()

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            T = type("T", (), {CollidingKey("__sizeof__", vandal): 1})
        data.append(T())  # last in, first walked after the root
        rep = pyinspect.memory(data)
        assert CALLS == [], CALLS
        assert len(data) == 2001 and rep.count == 4002, rep.count
        print("ok")
    """)
    assert out.strip() == "ok"

def test_flat_info_owner_survives_its_own_allocations():
    out = run_isolated("""
        from pyinspect._native import _inspect
        from reentrancy import sweep
        from test_sizeof_reentrancy import fresh_classes

        Base, A, B = fresh_classes()
        state = {"A": A}
        del A
        b = B()

        def hostile():
            if "A" in state:
                B.__bases__ = (Base,)
                del state["A"]

        info = []
        sweep(lambda: _inspect.flat_info(b), hostile, info.append)
        assert all(i["sizeof_owner"] in ("A", "object") for i in info), info
        print("ok")
    """)
    assert out.strip() == "ok"
