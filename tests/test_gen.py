"""Generators, coroutines and async generators, read from their structs.

Oracles: inspect.getgeneratorstate / getcoroutinestate, gen.gi_frame.f_lineno,
gen.gi_frame.f_lasti, gen.gi_frame.f_locals, sys.getsizeof and id().  The
oracles are consulted after pyinspect has read the object (gi_frame creates a
frame object on 3.11+).
"""

from __future__ import annotations

import contextlib
import inspect
import io
import json
import sys

import pytest

import pyinspect
from pyinspect.model import GeneratorLayout, Header, ItemSummary, LocalSlot
from pyinspect.render import to_text

PY = sys.version_info[:2]

STATES = {"created": inspect.GEN_CREATED, "suspended": inspect.GEN_SUSPENDED,
          "running": inspect.GEN_RUNNING, "closed": inspect.GEN_CLOSED}


def counter(n):
    total = 0
    for i in range(n):
        total += i
        yield total
    label = "done"  # noqa: F841


def test_reading_creates_no_frame_object() -> None:
    g = counter(3)
    next(g)
    lay = pyinspect.layout(g)
    if PY >= (3, 11):
        # the frame lives inside the generator; gi_frame would create a
        # PyFrameObject for it, pyinspect reads it in place
        assert lay.frame_object_address is None
        assert lay.frame_offset is not None and lay.frame_address == id(g) + lay.frame_offset
        assert pyinspect.layout(g).frame_object_address is None
    frame = g.gi_frame
    assert pyinspect.layout(g).frame_object_address == id(frame)


def test_generator_lifecycle() -> None:
    g = counter(3)
    lay = pyinspect.layout(g)
    assert isinstance(lay, GeneratorLayout) and lay.kind == "generator"
    assert STATES[lay.state] == inspect.getgeneratorstate(g) == inspect.GEN_CREATED
    assert lay.suspended_line is None
    assert lay.qualname == "counter" and lay.name == "counter"
    assert lay.code_address == id(g.gi_code)
    next(g)
    lay = pyinspect.layout(g)
    assert STATES[lay.state] == inspect.getgeneratorstate(g) == inspect.GEN_SUSPENDED
    assert lay.inspect_state == inspect.getgeneratorstate(g)
    assert lay.suspended_line == g.gi_frame.f_lineno == counter.__code__.co_firstlineno + 4
    assert lay.lasti == g.gi_frame.f_lasti
    assert pyinspect.layout(g).frame_object_address == id(g.gi_frame)
    f_locals = g.gi_frame.f_locals
    for name in ("n", "total", "i"):
        assert lay.local(name).address == lay.local_addresses[name] == id(f_locals[name])
    assert lay.local("n").summary.value == "3" and lay.local("total").summary.value == "0"
    assert lay.local("label").address is None  # not bound yet
    assert lay.header.sizeof == sys.getsizeof(g)
    json.dumps(lay.to_dict())
    list(g)
    lay = pyinspect.layout(g)
    assert STATES[lay.state] == inspect.getgeneratorstate(g) == inspect.GEN_CLOSED
    assert lay.locals == () and lay.frame_address is None and lay.line is None
    assert lay.code_address == id(g.gi_code)


def test_running_generator_sees_itself() -> None:
    seen = []

    def watcher():
        seen.append(pyinspect.layout(me[0]))
        seen.append(inspect.getgeneratorstate(me[0]))
        yield 1

    me = [watcher()]
    next(me[0])
    lay, oracle = seen
    assert lay.state == "running" and oracle == inspect.GEN_RUNNING
    assert lay.line == watcher.__code__.co_firstlineno + 1


def test_closed_by_close_and_by_exception() -> None:
    g = counter(5)
    next(g)
    g.close()
    assert pyinspect.layout(g).state == "closed" == inspect.getgeneratorstate(g).split("_")[1].lower()

    def raiser():
        yield 1
        raise ValueError

    r = raiser()
    next(r)
    with pytest.raises(ValueError):
        next(r)
    assert pyinspect.layout(r).state == "closed"


class Awaitable:
    def __await__(self):
        yield "tick"


async def worker(x):
    y = x * 2
    await Awaitable()
    return y


def test_coroutine() -> None:
    c = worker(21)
    lay = pyinspect.layout(c)
    assert lay.kind == "coroutine" and lay.state == "created"
    assert inspect.getcoroutinestate(c) == inspect.CORO_CREATED
    c.send(None)
    lay = pyinspect.layout(c)
    assert lay.state == "suspended" and inspect.getcoroutinestate(c) == inspect.CORO_SUSPENDED
    assert lay.inspect_state == inspect.getcoroutinestate(c)
    assert lay.suspended_line == c.cr_frame.f_lineno == worker.__code__.co_firstlineno + 2
    assert lay.local("y").summary.value == "42"
    if PY >= (3, 13):
        assert lay.suspended_yield_from is True
    assert lay.header.sizeof == sys.getsizeof(c)
    with pytest.raises(StopIteration):
        c.send(None)
    assert pyinspect.layout(c).state == "closed"


async def agen(n):
    for i in range(n):
        yield i


def test_async_generator() -> None:
    ag = agen(2)
    lay = pyinspect.layout(ag)
    assert lay.kind == "async_generator" and lay.state == "created"
    assert lay.header.sizeof == sys.getsizeof(ag)
    assert inspect.getasyncgenstate(ag) == inspect.AGEN_CREATED if PY >= (3, 12) else True
    step = ag.__anext__()
    with pytest.raises(StopIteration):
        step.send(None)
    lay = pyinspect.layout(ag)
    assert lay.state == "suspended"
    assert lay.suspended_line == ag.ag_frame.f_lineno
    ag.aclose().close()


# ---- what @contextmanager keeps between __enter__ and __exit__ ---------------------------


@contextlib.contextmanager
def opened(path):
    handle = {"path": path, "lines": []}
    try:
        yield handle
    finally:
        handle.clear()


def test_contextmanager_generator_between_enter_and_exit() -> None:
    cm = opened("data.txt")
    h = cm.__enter__()
    lay = pyinspect.layout(cm.gen)
    assert lay.state == "suspended" and lay.qualname == "opened"
    # co_firstlineno is the decorator's line
    assert lay.suspended_line == cm.gen.gi_frame.f_lineno == opened.__wrapped__.__code__.co_firstlineno + 4
    assert lay.local("handle").address == id(h)
    assert lay.local("path").summary.value == "'data.txt'"
    text = to_text(lay, width=110)
    assert "suspended at" in text and "handle" in text and "'data.txt'" in text
    cm.__exit__(None, None, None)
    assert pyinspect.layout(cm.gen).state == "closed" and h == {}


# ---- nothing of the inspected objects runs ---------------------------------------------------


class Hostile:
    def __repr__(self):
        raise AssertionError("repr")

    def __eq__(self, other):
        raise AssertionError("eq")

    __hash__ = None

    def __getattr__(self, name):
        raise AssertionError("getattr")


def test_no_user_code_runs() -> None:
    def holder():
        h = Hostile()
        yield h

    g = holder()
    next(g)
    lay = pyinspect.layout(g)
    assert lay.local("h").summary.type_name == "Hostile" and lay.local("h").summary.value is None
    to_text(lay)


def test_rejects_non_generators() -> None:
    from pyinspect._native import _inspect

    with pytest.raises(TypeError, match="generator"):
        _inspect.read_generator(iter([1]))


# ---- renderer, from a hand-built layout --------------------------------------------------------


def test_render_hand_built_generator() -> None:
    h = Header(address=0x1000, type_name="generator", type_address=0x2000, refcnt=1, refcnt_raw=1,
               refcnt_fields={"ob_refcnt": 1}, refcnt_stored=1, transient_refs=0, immortal=False,
               basicsize=112, itemsize=8, ob_size=0, tp_flags=0, gc_head_bytes=16, gc_tracked=True,
               preheader_bytes=0, object_bytes=160, buffer_bytes=0, allocated_bytes=160)
    lay = GeneratorLayout(
        header=h, kind="generator", state="suspended", frame_state=-2, suspended_yield_from=False,
        name="opened", qualname="opened", code_address=0x3000, filename="cm.py", firstlineno=10,
        line=13, lasti=24, frame_address=0x1048, frame_object_address=None, frame_offset=72,
        locals=(LocalSlot(0, "path", ("local",), 0x4000, ItemSummary(0x4000, "str", "'data.txt'"), None),
                LocalSlot(1, "handle", ("local",), 0x5000, ItemSummary(0x5000, "dict", None), None),
                LocalSlot(2, "later", ("local",), None, None, None)),
        globals_address=0x6000, builtins_address=0x7000, running_async=None, hooks_inited=None,
        closed_flag=None, origin_or_finalizer=None, weakreflist_address=None)
    text = to_text(lay, width=110)
    assert "suspended at  line 13 of cm.py" in text
    assert "embedded at offset 72" in text and "not created" in text
    assert "'data.txt'" in text and "<dict at 0x5000>" in text and "unbound" in text


def test_show_generator_prints() -> None:
    g = counter(2)
    next(g)
    buf = io.StringIO()
    pyinspect.show(g, color=False, width=110, file=buf)
    assert "PyGenObject" in buf.getvalue() and "suspended" in buf.getvalue()


def test_delegating_generator() -> None:
    def inner():
        yield 1
        yield 2

    def outer():
        sub = inner()
        yield from sub

    o = outer()
    next(o)
    lay = pyinspect.layout(o)
    assert lay.state == "suspended" and lay.suspended_line == o.gi_frame.f_lineno
    assert lay.local("sub").address == id(o.gi_yieldfrom)
    if PY >= (3, 13):
        assert lay.suspended_yield_from is True
    else:
        assert lay.suspended_yield_from is None


def test_many_locals_are_bounded_in_the_picture() -> None:
    src = "def many():\n" + "".join(f"    v{i} = {i}\n" for i in range(40)) + "    yield 0\n"
    ns: dict = {}
    exec(src, ns)
    g = ns["many"]()
    next(g)
    lay = pyinspect.layout(g)
    assert len(lay.locals) == 40 and lay.local("v39").summary.value == "39"
    assert "more" in to_text(lay, rows=8, width=100)
