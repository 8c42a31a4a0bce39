"""No reference leaks: sys.gettotalrefcount() is unchanged across 10,000
layout() and show() calls (debug builds, which have sys.gettotalrefcount).

The measurement itself moves the total by a few references (the loop, the
saved total), so each call is compared with an empty loop measured the same
way; a leak of one reference per call would show up as >= 10,000.  rich keeps
LRU caches of rendered strings (they contain addresses, so they grow until
full); they are cleared before each reading so that only leaks remain.
"""

from __future__ import annotations

import functools
import gc
import io
import sys

import pytest

import pyinspect

from conftest import DEBUG_BUILD

pytestmark = pytest.mark.skipif(not DEBUG_BUILD, reason="needs a debug build (sys.gettotalrefcount)")

OBJECTS = [2**100, 0.1, "café", "€😀", b"bytes", bytearray(b"ba"), [1, 2, 3], (1, "a"), {"a": 1},
           {1, 2}, object(), 1j, None, True, -5, list(range(100))]
CALLS = 10_000
NOISE = 8


def _clear_caches() -> None:
    for obj in gc.get_objects():
        if type(obj) is functools._lru_cache_wrapper:  # type: ignore[attr-defined]
            obj.cache_clear()
    gc.collect()


def _delta(fn, rounds: int) -> int:
    _clear_caches()
    before = sys.gettotalrefcount()
    for _ in range(rounds):
        fn()
    _clear_caches()
    return sys.gettotalrefcount() - before


def _check(fn) -> None:
    def noop():
        for _o in OBJECTS:
            pass

    rounds = CALLS // len(OBJECTS)
    for _ in range(20):  # warm up: imports, interned names, type caches
        fn()
    baseline = _delta(noop, rounds)
    assert abs(_delta(fn, rounds) - baseline) <= NOISE


def test_layout_does_not_leak():
    def once():
        for o in OBJECTS:
            pyinspect.layout(o)

    _check(once)


def test_bounded_layout_does_not_leak():
    def once():
        for o in OBJECTS:
            pyinspect.layout(o, limit=4)

    _check(once)


def test_show_does_not_leak():
    out = io.StringIO()

    def once():
        for o in OBJECTS:
            pyinspect.show(o, color=False, file=out)
        out.seek(0)
        out.truncate()

    _check(once)


def test_readers_do_not_leak():
    from pyinspect._native import _inspect

    def once():
        for o in OBJECTS:
            _inspect.read_header(o)
            _inspect.read_instance(o)
        _inspect.read_long(2**100)
        _inspect.read_unicode("café", 1, 1)
        _inspect.read_list([1, 2], 1, 0)
        _inspect.seq_items((1, 2, 3), 1, 1)
        _inspect.struct_info()

    _check(once)
