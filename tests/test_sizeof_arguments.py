"""Caller-given options of sizeof() and memory(), and of the C walk they call:
range-checked before any arithmetic, with an exception naming the parameter.

``pyinspect._inspect.walk`` is reachable by anyone, so it checks its own
arguments too (exact ints only, no ``__index__`` runs there)."""

from __future__ import annotations

import sys

import pytest

import pyinspect
from pyinspect._native import _inspect

DATA = [[float(i)] for i in range(50)]
N = 101  # the list, its 50 lists and their 50 floats

EDGES = [0, -1, 1, 2**31, 2**32, sys.maxsize - 1, sys.maxsize, sys.maxsize + 1, 2**63 + 8, 2**64, -(2**63),
         10**100, None, True, False, 1.0, "3", b"3", [3]]


class Index:
    """An int-like option (numpy.int64 behaves the same)."""

    def __init__(self, value):
        self.value = value

    def __index__(self):
        return self.value


# ---- memory() and sizeof() ------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["max_objects", "max_bytes"])
def test_limits_are_counts_or_none(name):
    with pytest.raises(ValueError, match=name):
        pyinspect.memory(DATA, **{name: -1})
    with pytest.raises(OverflowError, match=name):
        pyinspect.memory(DATA, **{name: sys.maxsize + 1})
    with pytest.raises(OverflowError, match=name):
        pyinspect.memory(DATA, **{name: 2**64})
    for wrong in (True, 1.0, "3", [3]):
        with pytest.raises(TypeError, match=name):
            pyinspect.memory(DATA, **{name: wrong})
    # the largest size is no limit at all
    rep = pyinspect.memory(DATA, **{name: sys.maxsize})
    assert rep.complete and rep.count == N
    assert pyinspect.memory(DATA, **{name: sys.maxsize - 1}).complete
    assert pyinspect.memory(DATA, **{name: None}).complete


def test_limits_accept_int_like_options():
    rep = pyinspect.memory(DATA, max_objects=Index(7))
    assert (rep.count, rep.stop_reason) == (7, "max_objects")
    assert rep.options["max_objects"] == 7 and type(rep.options["max_objects"]) is int
    assert pyinspect.memory(DATA, max_objects=0).count == 0
    rep = pyinspect.memory(DATA, max_bytes=0)
    assert (rep.count, rep.stop_reason) == (0, "max_bytes")


def test_progress_every():
    with pytest.raises(ValueError, match="progress_every"):
        pyinspect.memory(DATA, progress_every=0)
    with pytest.raises(ValueError, match="progress_every"):
        pyinspect.memory(DATA, progress_every=-5)
    with pytest.raises(OverflowError, match="progress_every"):
        pyinspect.memory(DATA, progress_every=2**63)
    with pytest.raises(TypeError, match="progress_every"):
        pyinspect.memory(DATA, progress_every=None)
    for every in (sys.maxsize, sys.maxsize - 1, N, N + 1):
        calls = []
        rep = pyinspect.memory(DATA, progress=lambda n, b, calls=calls: calls.append(n), progress_every=every)
        # only the last report (at N, one more when `every` is reached exactly)
        assert calls == [N] * (2 if every == N else 1) and rep.count == N
    calls = []
    pyinspect.memory(DATA, progress=lambda n, b: calls.append(n), progress_every=1)
    assert calls == list(range(1, N + 1)) + [N]


@pytest.mark.parametrize("name", ["include_types", "include_modules", "include_immortal", "dict_keys"])
def test_flags_are_bools(name):
    for wrong in (1, 0, None, "yes", 1.0):
        with pytest.raises(TypeError, match=name):
            pyinspect.memory(DATA, **{name: wrong})
        with pytest.raises(TypeError, match=name):
            pyinspect.sizeof(DATA, deep=True, **{name: wrong})
        with pytest.raises(TypeError, match=name):
            pyinspect.sizeof(DATA, **{name: wrong})
    assert pyinspect.memory(DATA, **{name: True}).count >= N


def test_deep_report_retained_are_bools():
    for wrong in (1, None, "yes"):
        with pytest.raises(TypeError, match="deep"):
            pyinspect.sizeof(DATA, deep=wrong)
        with pytest.raises(TypeError, match="report"):
            pyinspect.sizeof(DATA, report=wrong)
        with pytest.raises(TypeError, match="retained"):
            pyinspect.memory(DATA, retained=wrong)
    assert pyinspect.sizeof(DATA, True) == pyinspect.memory(DATA).total
    assert pyinspect.memory(DATA, retained=False).retained is None


def test_progress_is_none_bool_or_callable():
    for wrong in (3, "x", 1.5):
        with pytest.raises(TypeError, match="progress"):
            pyinspect.memory(DATA, progress=wrong)
        with pytest.raises(TypeError, match="progress"):
            pyinspect.sizeof(DATA, deep=True, progress=wrong)
    assert pyinspect.memory(DATA, progress=False).count == N
    assert pyinspect.memory(DATA, progress=None).count == N


# ---- the C walk itself ----------------------------------------------------------------------------


def walk(flags=0, max_objects=None, max_bytes=None, progress=None, every=1 << 16):
    return _inspect.walk(DATA, flags, max_objects, max_bytes, progress, every)


def test_walk_checks_flags():
    assert walk(0)["count"] == N and walk(0x1F)["count"] >= N
    for bad, exc in ((0x20, OverflowError), (-1, ValueError), (2**64, OverflowError), (True, TypeError),
                     (1.0, TypeError), (None, TypeError), (Index(1), TypeError)):
        with pytest.raises(exc, match="flags"):
            walk(bad)


@pytest.mark.parametrize("name", ["max_objects", "max_bytes"])
def test_walk_checks_limits(name):
    for bad, exc in ((-1, ValueError), (-(2**63), ValueError), (-(2**70), ValueError),
                     (sys.maxsize + 1, OverflowError), (2**64, OverflowError), (True, TypeError),
                     (1.0, TypeError), ("3", TypeError), (Index(3), TypeError)):
        with pytest.raises(exc, match=name):
            walk(**{name: bad})
    assert walk(**{name: sys.maxsize})["stop"] == "complete"
    assert walk(**{name: 0})["count"] == 0


def test_walk_checks_progress_and_every():
    for bad, exc in ((0, ValueError), (-1, ValueError), (sys.maxsize + 1, OverflowError), (None, TypeError),
                     (True, TypeError), (Index(5), TypeError)):
        with pytest.raises(exc, match="every"):
            walk(every=bad)
    with pytest.raises(TypeError, match="progress"):
        walk(progress=3)
    calls = []
    assert walk(progress=lambda n, b: calls.append(n), every=sys.maxsize)["count"] == N
    assert calls == [N]


def test_walk_edges_give_a_result_or_a_clean_error():
    """Every combination of edge values: a dict or TypeError/ValueError/OverflowError."""
    outcomes = set()
    for flags in (0, 0x10, -1, 2**63, None):
        for a in EDGES:
            for b in (None, 0, sys.maxsize, -1, 2**64, 1.5):
                for every in (1, 0, sys.maxsize, 2**63, None):
                    try:
                        r = _inspect.walk(DATA, flags, a, b, None, every)
                    except (TypeError, ValueError, OverflowError) as exc:
                        outcomes.add(type(exc).__name__)
                    else:
                        assert r["count"] <= N and r["bytes"] >= 0
                        outcomes.add("ok")
    assert outcomes == {"ok", "TypeError", "ValueError", "OverflowError"}
    with pytest.raises(TypeError):
        _inspect.walk(DATA, 0, None, None, None)
