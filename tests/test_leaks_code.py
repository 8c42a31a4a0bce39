"""No reference leaks in the function, cell, code, method, type, generator and
frame readers: sys.gettotalrefcount() is unchanged across thousands of calls
(debug builds).  The readers hold strong references while they build
(ARCHITECTURE rule 3); each must be released on every path, the error paths
included.  Measured as in test_leaks.py: against an empty loop."""

from __future__ import annotations

import io
import sys

import pytest
from test_leaks import _check

import pyinspect
from pyinspect._native import _inspect

from conftest import DEBUG_BUILD

pytestmark = pytest.mark.skipif(not DEBUG_BUILD, reason="needs a debug build (sys.gettotalrefcount)")


def _factory():
    captured = [1.5]

    def f(a, b=[2], *, k={"x": 1}, j="kw"):  # noqa: B006 (the defaults are what is read)
        "doc"
        return captured, a

    return f


class Base:
    def __add__(self, o):
        return NotImplemented


class Cls(Base):
    "a class"

    def __radd__(self, o):
        return NotImplemented

    def method(self):
        return self


def _gen():
    x = [1]
    for i in range(10**9):
        cellvar = i

        def use():
            return cellvar  # noqa: B023 (a cell variable of the generator's frame)

        yield x, use


FUNC = _factory()
CELL = FUNC.__closure__[0]
CODE = FUNC.__code__
METHOD = Cls().method
GEN = _gen()
next(GEN)
DONE = _gen()
DONE.close()
OBJECTS = [FUNC, CELL, CODE, METHOD, Cls, int, GEN, DONE]


def test_layouts_do_not_leak():
    def once():
        for o in OBJECTS:
            pyinspect.layout(o)
        pyinspect.layout(FUNC, limit=1)

    _check(once)


def test_names_and_dispatch_do_not_leak():
    out = io.StringIO()

    def once():
        frame = sys._getframe()
        pyinspect.names(frame, depth=2)
        pyinspect.names(GEN.gi_frame, depth=2)
        pyinspect.names({"f": FUNC, "m": METHOD, "c": CELL}, depth=3)
        pyinspect.dispatch(Cls(), "+", Base())
        pyinspect.dispatch(Base(), "<", Cls())
        pyinspect.show(METHOD, color=False, file=out)
        out.seek(0)
        out.truncate()
        del frame

    _check(once)


def test_reader_errors_do_not_leak():
    def once():
        for fn in (_inspect.read_function, _inspect.read_cell, _inspect.cell_contents, _inspect.read_method,
                   _inspect.method_refs, _inspect.read_type, _inspect.type_slots, _inspect.read_generator,
                   _inspect.frame_vars, _inspect.read_code):
            try:
                fn(1)
            except TypeError:
                pass

    _check(once)
