"""refcnt counts the references the program holds (ARCHITECTURE rule 5).

A fresh object bound to one name reports 1 and ``b = a`` makes it 2, at module
level and inside functions, through every public entry point, on every
version; on 3.9-3.13 sys.getrefcount(x) - 1 is a second oracle.
"""

from __future__ import annotations

import io
import sys

import pyinspect

from conftest import PY


def _module_level(code: str) -> dict:
    ns: dict = {"pyinspect": pyinspect, "io": io, "sys": sys}
    exec(compile(code, "<module>", "exec"), ns)
    return ns


def test_module_level_one_name():
    ns = _module_level("x = [1, 2]\nr = pyinspect.layout(x).refcnt")
    assert ns["r"] == 1


def test_module_level_two_names():
    ns = _module_level("x = [1, 2]\nb = x\nr = pyinspect.layout(x).refcnt\nrb = pyinspect.layout(b).refcnt")
    assert ns["r"] == 2 and ns["rb"] == 2


def test_function_one_name():
    x = [1, 2]
    assert pyinspect.layout(x).refcnt == 1


def test_function_two_names():
    x = [1, 2]
    b = x
    assert pyinspect.layout(x).refcnt == 2
    assert pyinspect.layout(b).refcnt == 2
    del b
    assert pyinspect.layout(x).refcnt == 1


def test_held_by_a_container():
    x = object()
    holder = [x, x, x]
    assert pyinspect.layout(x).refcnt == 4
    assert len(holder) == 3


def test_temporary_has_no_program_reference():
    # computed outside the assert: pytest's assertion rewriting binds
    # sub-expressions to hidden locals
    r = pyinspect.layout([1, 2]).refcnt
    assert r == 0


def test_keyword_argument():
    x = {"k": 1}
    assert pyinspect.layout(obj=x).refcnt == 1


def test_through_show():
    x = [1, 2, 3]
    out = io.StringIO()
    pyinspect.show(x, color=False, file=out, width=120)
    assert "ob_refcnt       1" in out.getvalue()


def test_through_show_at_module_level():
    ns = _module_level("x = [1]\nb = x\nout = io.StringIO()\npyinspect.show(x, color=False, file=out, width=120)")
    assert "ob_refcnt       2" in ns["out"].getvalue()


def test_matches_getrefcount_before_314():
    if PY >= (3, 14):
        return  # 3.14 lends locals as borrowed stack references
    objs = [object(), [1], {"a": 1}, "".join(["x"] * 100), int("9" * 40), float("1.5")]
    shared = objs[2]
    for o in objs:
        assert pyinspect.layout(o).refcnt == sys.getrefcount(o) - 1
    assert pyinspect.layout(shared).refcnt == sys.getrefcount(shared) - 1


def _expected_through_a_call() -> int:
    """References to x while the program runs ``helper(x)`` and helper inspects
    its parameter: x itself, plus helper's parameter, plus (before 3.11) the
    argument still on the caller's value stack (CALL_FUNCTION keeps it there
    while function_code_fastcall copies it).  3.11 moves the argument into the
    callee's frame; 3.14 lends a local as a borrowed stack reference, so the
    parameter owns no count at all (LOAD_FAST_BORROW, gh-130704)."""
    if PY < (3, 11):
        return 3
    if PY < (3, 14):
        return 2
    return 1


def test_nested_calls_in_user_code():
    def helper(value):
        return pyinspect.layout(value).refcnt

    x = [0]
    assert helper(x) == _expected_through_a_call()


def test_generator_local():
    def gen():
        y = [1]
        yield pyinspect.layout(y).refcnt

    assert next(gen()) == 1


def test_lambda_and_comprehension():
    x = [5]
    assert (lambda v: pyinspect.layout(v).refcnt)(x) == _expected_through_a_call()
    # x, the one-item list, and the loop variable v (stored, so strong)
    assert [pyinspect.layout(v).refcnt for v in [x]][0] == 3
