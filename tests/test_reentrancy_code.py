"""Re-entrancy of the function, cell, code, method, type, generator and frame
readers (ARCHITECTURE rule 3, "Snapshot, then build").

Each test sweeps one public entry (``layout``, ``names``, ``dispatch``,
``show``) over every GC allocation it makes (``tests/reentrancy.py``), with a
hostile action run by the collector at that point: what a ``__del__`` or a
``gc.callbacks`` function could do to the object being read.  Before 3.12 the
collector runs inside allocations made from C, so a reader that still holds
a pointer it took out of the object (a function's defaults tuple, a cell's
contents, a type's dict or bases, a generator's locals) would read freed
memory.  From 3.12 the sweeps are plain calls.

Pass: no crash, and either a Layout consistent with itself (the addresses
agree with the summaries made from the same read) or ``InspectError``.  Each
test runs in its own interpreter (``run_isolated``): a segfault fails that
test only.  A freed-memory read seldom crashes a release build; run under
ASan with PYTHONMALLOC=malloc, or on a debug build (freed memory is filled
with 0xDD), to see it.
"""

from __future__ import annotations

from reentrancy import run_isolated

PRELUDE = r'''
import gc
import io
import sys

import pyinspect
from pyinspect import InspectError
import reentrancy
from reentrancy import sweep

PY = sys.version_info[:2]
#: collection points tried for show(): its readers run within the first ones
SHOW_POINTS = 120


class Fresh:
    """A GC object made anew by each hostile action, so that the one it
    replaces is freed at once."""

    def __init__(self, n=0):
        self.n = n
        self.items = [n, str(n) * 3]


def fresh_str(n):
    # built at run time: not interned, freed with its last reference
    return "".join(["name_", str(n), "_" * (n % 7)])


counter = [0]


def tick():
    counter[0] += 1
    return counter[0]


def swept(call, hostile, check=lambda r: None, points=None):
    """sweep(); ``points`` caps the collection points tried (show() renders
    after the readers ran: its later allocations only cost time)."""
    saved = reentrancy.MAX_POINTS
    reentrancy.MAX_POINTS = points or saved
    try:
        n = sweep(call, hostile, check, (InspectError,))
    finally:
        reentrancy.MAX_POINTS = saved
    assert n >= 1
    return n


def same_summaries(addresses, summaries):
    addresses = tuple(addresses or ())
    assert len(addresses) == len(summaries), (addresses, summaries)
    for a, s in zip(addresses, summaries):
        assert s.address == a, (a, s)
'''

FUNCTION = r'''
def make(seed):
    captured = Fresh(seed)
    other = Fresh(seed + 1)

    def f(a, b=Fresh(1), c=[1, 2], *, k=Fresh(2), j="kw"):
        "a docstring"
        return captured, other

    return f


def make_other(seed):
    x = Fresh(seed)
    y = Fresh(seed)

    def g(p, q=3, *, r=4):
        return x, y

    return g


victim = make(0)
donor_codes = [make_other(0).__code__, victim.__code__]


def hostile():
    n = tick()
    victim.__defaults__ = (Fresh(n), [n], fresh_str(n)) if n % 3 else None
    victim.__kwdefaults__ = {fresh_str(n): Fresh(n), "k": Fresh(n + 1)} if n % 2 else None
    victim.__code__ = donor_codes[n % 2]
    victim.__name__ = fresh_str(n)
    victim.__qualname__ = fresh_str(n + 1)
    victim.__doc__ = fresh_str(n + 2)
    victim.__module__ = fresh_str(n + 3)
    victim.__annotations__ = {fresh_str(n): Fresh(n)}
    for cell in victim.__closure__:
        cell.cell_contents = Fresh(n)


def check(lay):
    assert lay.address == id(victim)
    same_summaries(lay.defaults, lay.default_summaries)
    same_summaries([v for _k, v in lay.kwdefaults or ()], lay.kwdefault_summaries)
    assert lay.code is None or lay.code.address == lay.code_address
    assert len(lay.cells) == len(lay.closure or ())
    for cell in lay.cells:
        assert (cell.contents is None) == (cell.contents_address is None)
        assert cell.contents is None or cell.contents.address == cell.contents_address
'''


def test_layout_of_a_function_whose_fields_are_replaced_mid_read():
    run_isolated(PRELUDE + FUNCTION + r'''
swept(lambda: pyinspect.layout(victim), hostile, check)
swept(lambda: pyinspect.layout(victim, limit=1), hostile, check)
''')


def test_show_of_a_function_whose_fields_are_replaced_mid_read():
    run_isolated(PRELUDE + FUNCTION + r'''
swept(lambda: pyinspect.show(victim, file=io.StringIO(), color=False), hostile, points=SHOW_POINTS)
''')


def test_names_follows_a_function_whose_fields_are_replaced_mid_read():
    run_isolated(PRELUDE + FUNCTION + r'''
def check_names(lay):
    for node in lay.objects:
        for slot in node.slots:
            assert slot.target is None or lay.node(slot.target) is not None or lay.objects_omitted

swept(lambda: pyinspect.names({"f": victim}, depth=3), hostile, check_names)
from pyinspect.namespaces import reach

swept(lambda: reach(victim, depth=3), hostile, check_names)
''')


CELL = r'''
def make_cell():
    x = Fresh(0)

    def inner():
        return x

    return inner.__closure__[0]


victim = make_cell()


def hostile():
    n = tick()
    if n % 4 == 0:
        del victim.cell_contents
    else:
        victim.cell_contents = Fresh(n) if n % 2 else fresh_str(n)


def check(lay):
    assert lay.address == id(victim)
    assert (lay.contents is None) == (lay.contents_address is None)
    assert lay.contents is None or lay.contents.address == lay.contents_address
'''


def test_layout_of_a_cell_whose_contents_are_replaced_mid_read():
    run_isolated(PRELUDE + CELL + r'''
victim.cell_contents = Fresh(0)
swept(lambda: pyinspect.layout(victim), hostile, check)
swept(lambda: pyinspect.show(victim, file=io.StringIO(), color=False), hostile, points=SHOW_POINTS)
swept(lambda: pyinspect.names({"c": victim}, depth=2), hostile)
''')


def test_layout_of_code_and_methods_mid_mutation():
    run_isolated(PRELUDE + r'''
class Owner:
    def meth(self, a=Fresh(0)):
        return a


obj = Owner()
method = obj.meth
code = Owner.meth.__code__


class Other:
    pass


def hostile():
    n = tick()
    Owner.meth.__qualname__ = fresh_str(n)
    Owner.meth.__defaults__ = (Fresh(n),)
    Owner.meth.__name__ = fresh_str(n + 1)
    obj.__class__ = Other if n % 2 else Owner
    obj.attr = Fresh(n)


def check_method(lay):
    assert lay.func_address == id(Owner.meth) and lay.self_address == id(obj)
    assert lay.self_summary.address == id(obj)


swept(lambda: pyinspect.layout(method), hostile, check_method)
swept(lambda: pyinspect.show(method, file=io.StringIO(), color=False), hostile, points=SHOW_POINTS)
swept(lambda: pyinspect.names({"m": method}, depth=3), hostile)
swept(lambda: pyinspect.layout(code), hostile, lambda lay: None)
swept(lambda: pyinspect.show(code, file=io.StringIO(), color=False), hostile, points=SHOW_POINTS)
''')


TYPE = r'''
class Base1:
    def __add__(self, o):
        return NotImplemented

    def __eq__(self, o):
        return NotImplemented


class Base2:
    def __radd__(self, o):
        return NotImplemented

    def __lt__(self, o):
        return NotImplemented


def make_base(n):
    # a fresh class: freed (with its dict and mro) once nothing refers to it
    return type(fresh_str(n), (Base1 if n % 2 else Base2,), {"__mul__": lambda s, o: 0, "__doc__": fresh_str(n)})


class Victim(Base1):
    "victim doc"

    def __add__(self, o):
        return NotImplemented

    def __repr__(self):
        return "v"

    def __lt__(self, o):
        return NotImplemented


victim = Victim


def hostile():
    n = tick()
    victim.__bases__ = (make_base(n),)
    victim.__name__ = fresh_str(n)
    victim.__qualname__ = fresh_str(n + 1)
    victim.__doc__ = fresh_str(n + 2)
    if n % 2:
        setattr(victim, "__add__", lambda s, o: NotImplemented)
        setattr(victim, "__repr__", lambda s: "r")
    else:
        for name in ("__add__", "__repr__"):
            if name in victim.__dict__:
                delattr(victim, name)
    for i in range(16):  # grow the type's dict past a resize, then empty it again
        setattr(victim, f"__extra{i}__", Fresh(i))
    for i in range(16):
        delattr(victim, f"__extra{i}__")
    gc.collect(0)


def check(lay):
    assert lay.address == id(victim)
    mro = {t.address for t in lay.tp_mro}
    assert lay.tp_mro[0].address == id(victim)
    assert {b.address for b in lay.bases} <= mro, (lay.bases, lay.tp_mro)
    assert lay.base is None or lay.base.address in mro
'''


def test_layout_of_a_class_rebased_and_rewritten_mid_read():
    run_isolated(PRELUDE + TYPE + r'''
swept(lambda: pyinspect.layout(victim), hostile, check)
swept(lambda: pyinspect.show(victim, file=io.StringIO(), color=False), hostile, points=SHOW_POINTS)
swept(lambda: pyinspect.names({"cls": victim}, depth=1), hostile)
''')


def test_dispatch_with_a_class_rebased_mid_read():
    run_isolated(PRELUDE + TYPE + r'''
a, b = Victim(), Base2()


def check_plan(plan):
    assert plan.steps is not None


for op in ("+", "<"):
    swept(lambda: pyinspect.dispatch(a, op, b), hostile, check_plan)
    swept(lambda: pyinspect.dispatch(b, op, a), hostile, check_plan)
swept(lambda: pyinspect.show(pyinspect.dispatch(a, "+", b), file=io.StringIO(), color=False), hostile,
      points=SHOW_POINTS)
''')


GENERATOR = r'''
def gen_fn(seed):
    cellvar = Fresh(seed)

    def use():
        return cellvar

    for i in range(10**9):
        local = Fresh(i)
        text = fresh_str(i)
        cellvar = [i]
        yield use


victim = gen_fn(0)
next(victim)


def hostile():
    n = tick()
    victim.__name__ = fresh_str(n)
    victim.__qualname__ = fresh_str(n + 1)
    try:
        next(victim)  # rebinds every local: the old objects are freed
    except (ValueError, StopIteration):  # already running / closed
        pass


def check(lay):
    assert lay.address == id(victim)
    for slot in lay.locals:
        assert slot.summary is None or slot.summary.address == slot.address, slot
'''


def test_layout_of_a_generator_resumed_mid_read():
    run_isolated(PRELUDE + GENERATOR + r'''
swept(lambda: pyinspect.layout(victim), hostile, check)
swept(lambda: pyinspect.show(victim, file=io.StringIO(), color=False), hostile, points=SHOW_POINTS)
''')


def test_layout_of_a_generator_closed_mid_read():
    run_isolated(PRELUDE + GENERATOR + r'''
def started():
    g = gen_fn(0)
    next(g)
    return g


pool = [started() for _ in range(200)]


def closing():
    hostile()
    victim.close()


def next_victim():
    global victim
    victim = pool.pop()
    return pyinspect.layout(victim)


swept(next_victim, closing, check)
''')


def test_names_of_a_generator_frame_resumed_mid_read():
    run_isolated(PRELUDE + GENERATOR + r'''
frame = victim.gi_frame


def check_names(lay):
    for ref in lay.names:
        assert lay.node(ref.target) is not None


swept(lambda: pyinspect.names(frame, depth=2), hostile, check_names)
swept(lambda: pyinspect.show(pyinspect.names(frame), file=io.StringIO(), color=False), hostile, points=SHOW_POINTS)
''')


def test_names_of_a_running_frame_whose_locals_are_rebound_mid_read():
    run_isolated(PRELUDE + r'''
import ctypes

frames = []


def rebind():
    # what a debugger does: write a new value into a function's fast locals
    n = tick()
    f = frames[-1]
    if PY >= (3, 13):
        f.f_locals["local"] = Fresh(n)  # PEP 667: writes through to the slot
        f.f_locals["cellvar"] = Fresh(n)
    else:
        f.f_locals["local"] = Fresh(n)
        f.f_locals["cellvar"] = Fresh(n)
        ctypes.pythonapi.PyFrame_LocalsToFast(ctypes.py_object(f), ctypes.c_int(0))


def check_names(lay):
    for ref in lay.names:
        assert lay.node(ref.target) is not None


def body():
    local = Fresh(0)
    cellvar = Fresh(1)

    def use():
        return cellvar

    frames.append(sys._getframe())
    swept(lambda: pyinspect.names(frames[-1], depth=1), rebind, check_names)
    return local, use


body()
''')
