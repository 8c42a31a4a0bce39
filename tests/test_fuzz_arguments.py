"""Argument fuzzing: every public function's options, the CLI and the raw C
readers' windows, over the ints that break size arithmetic (0, -1, 2**31,
2**63±k, 2**64, 10**100, ...), floats, bools, None, str, bytes and objects
whose ``__index__``/``__eq__``/``__hash__`` lie or raise.

The oracle is :mod:`fuzz_values`: for each value it says whether the option
must be accepted or which of TypeError/ValueError/OverflowError it must
raise, with the parameter named in the message.  Accepted values must give
a result whose window agrees with the object (``len(items) == min(size,
limit)``, the addresses of the items read, ...).  The raw readers run in a
subprocess (``run_isolated``): a crash there fails one test, not the run.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import sys
import tempfile
from typing import Any, Callable, Optional

import pytest

hypothesis = pytest.importorskip("hypothesis", reason="argument fuzzing needs hypothesis (the test extra)")

from fuzz_values import (  # noqa: E402
    HOSTILE,
    MAX,
    SPECIAL_INTS,
    Hostile,
    LyingStr,
    expect_choice,
    expect_count,
    expect_flag,
    expect_text,
    index_value,
)
from hypothesis import HealthCheck, example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from reentrancy import run_isolated  # noqa: E402

import pyinspect  # noqa: E402
from pyinspect import bits  # noqa: E402
from pyinspect.arguments import MAX_WIDTH, MIN_WIDTH  # noqa: E402

FUZZ = settings(max_examples=60, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])

def pick(values: list) -> st.SearchStrategy:
    """One of ``values``, drawn by position: hypothesis hashes the elements
    of ``sampled_from``, and some of these values raise from ``__hash__``."""
    return st.integers(0, len(values) - 1).map(values.__getitem__)


#: any option value: mostly the dangerous ints, then everything else
INTS = st.one_of(st.sampled_from(SPECIAL_INTS), st.integers(),
                 st.integers(min_value=2**63 - 16, max_value=2**64 + 16).map(lambda n: n if n % 3 else -n))
VALUES = st.one_of(
    INTS, INTS, st.none(), st.booleans(), st.floats(), st.text(max_size=12), st.binary(max_size=12),
    pick(HOSTILE),
)


class Instance:
    def __init__(self) -> None:
        self.a = 1
        self.b = "two"
        self.c = [3]


def function(x: int, y: int = 2, *, z: int = 3) -> int:
    return x + y + z


#: inspected objects: str of each kind, containers, numbers, an instance, a function
OBJECTS = [
    "ascii text " * 5, "latin-1 é" * 7, "\u0100bmp \u4e00" * 9, "astral \U0001f600" * 11, "",
    list(range(50)), [], tuple(range(33)), (1,), {str(i): i for i in range(20)}, {1: 2, "a": None},
    set(range(40)), frozenset({"x", "y"}), bytes(range(60)), bytearray(b"abc" * 10), 7, 2**1000, -(2**70),
    Instance(), function, 1.5, None,
]
SIZED = {id(o): len(o) for o in OBJECTS if type(o) in (list, tuple)}
NAMESPACE = {f"v{i}": o for i, o in enumerate(OBJECTS)}

_TMP = tempfile.mkdtemp(prefix="pyinspect-fuzz-")


def teardown_module() -> None:
    shutil.rmtree(_TMP, ignore_errors=True)


def outcome(call: Callable[[], Any], expected: Optional[type], name: str,
            also: tuple[type[BaseException], ...] = ()) -> Any:
    """Run ``call``; it must raise ``expected`` naming ``name``, or succeed
    when ``expected`` is None.  ``also`` lists other acceptable outcomes
    (OSError for a path the file system refuses)."""
    try:
        result = call()
    except (TypeError, ValueError, OverflowError) as exc:
        if expected is None:
            raise AssertionError(f"an accepted value was refused: {type(exc).__name__}: {exc}") from exc
        assert type(exc) is expected, f"{type(exc).__name__} ({exc}), expected {expected.__name__}"
        assert name in str(exc), f"the message does not name {name!r}: {exc}"
        return None
    except also:
        return None
    assert expected is None, f"{expected.__name__} was expected, the call returned"
    return result


# ---- layout / show / save -------------------------------------------------------------------


def _check_window(obj: Any, lay: Any, limit: Optional[int]) -> None:
    """The items a bounded read keeps: all of them, or head + tail == limit."""
    if id(obj) in SIZED:
        size = SIZED[id(obj)]
        assert lay.size == size
        want = size if limit is None else min(size, limit)
        assert len(lay.items) == want == len(lay.summaries)
        assert lay.items_omitted == size - want
        shown = list(obj) if want == size else list(obj[:lay.items_head]) + list(obj[size - (want - lay.items_head):])
        assert list(lay.items) == [id(x) for x in shown]
    elif type(obj) is str:
        assert lay.length == len(obj)
        kept = len(obj) if limit is None else min(len(obj), limit)
        assert lay.data_omitted == len(obj) - kept
        assert len(lay.data) == kept * lay.kind
    elif type(obj) in (bytes, bytearray):
        kept = len(obj) if limit is None else min(len(obj), limit)
        assert lay.size == len(obj) and len(lay.data) == kept and lay.data_omitted == len(obj) - kept


@FUZZ
@given(obj=st.sampled_from(OBJECTS), value=VALUES)
def test_layout_limit(obj, value):
    lay = outcome(lambda: pyinspect.layout(obj, limit=value), expect_count(value, 1, none=True), "limit")
    if lay is not None:
        _check_window(obj, lay, None if value is None else int.__index__(value) if isinstance(value, int)
                      else value.__index__())


@FUZZ
@given(obj=st.sampled_from(OBJECTS), value=VALUES)
def test_layout_use_repr(obj, value):
    outcome(lambda: pyinspect.layout(obj, use_repr=value), expect_flag(value), "use_repr")


SHOW_OPTIONS = {
    "limit": lambda v: expect_count(v, 1),
    "width": lambda v: expect_count(v, MIN_WIDTH, MAX_WIDTH, none=True),
    "color": lambda v: expect_flag(v, none=True),
    "html": lambda v: expect_flag(v, none=True),
    "use_repr": expect_flag,
}


@pytest.mark.parametrize("option", sorted(SHOW_OPTIONS))
@FUZZ
@given(obj=st.sampled_from(OBJECTS), value=VALUES)
def test_show_options(option, obj, value):
    buf = io.StringIO()
    outcome(lambda: pyinspect.show(obj, file=buf, **{option: value}), SHOW_OPTIONS[option](value), option)


def _expect_file(value: Any) -> Optional[type]:
    return None if value is None or callable(getattr(type(value), "write", None)) else TypeError


@FUZZ
@given(value=VALUES)
def test_show_file(value):
    with contextlib.redirect_stdout(io.StringIO()):
        outcome(lambda: pyinspect.show([1, "x"], file=value), _expect_file(value), "file")


def _in_tmp(value: Any) -> Any:
    """A fuzzed path made relative to the fuzz folder (never written elsewhere)."""
    if issubclass(type(value), str):
        return os.path.join(_TMP, str.__str__(value).replace("/", "_").replace(os.sep, "_").lstrip(".") or "_")
    if issubclass(type(value), bytes):
        return os.path.join(os.fsencode(_TMP), bytes(value).replace(b"/", b"_").lstrip(b".") or b"_")
    return value


def _expect_path(value: Any) -> Optional[type]:
    if issubclass(type(value), bytes):
        value = os.fsdecode(value)
    if not issubclass(type(value), str):
        return TypeError
    text = str.__str__(value)
    if "\0" in text:
        return ValueError
    try:
        os.fsencode(text)
    except UnicodeError:
        return ValueError
    suffix = os.path.splitext(text)[1].lower()
    return None if suffix in (".svg", ".html", ".htm") else ValueError


@FUZZ
@given(obj=st.sampled_from(OBJECTS), stem=VALUES, suffix=st.sampled_from(["", ".svg", ".html", ".HTM", ".png"]))
def test_save_path(obj, stem, suffix):
    if issubclass(type(stem), str):
        stem = str.__str__(stem) + suffix
    elif issubclass(type(stem), bytes):
        stem = bytes(stem) + suffix.encode()
    path = _in_tmp(stem)
    written = outcome(lambda: pyinspect.save(obj, path, limit=4), _expect_path(path), "path", also=(OSError,))
    if written is not None:
        assert os.path.exists(written)
        os.unlink(written)


@pytest.mark.parametrize("option", ["limit", "title"])
@FUZZ
@given(obj=st.sampled_from(OBJECTS), value=VALUES)
def test_save_options(option, obj, value):
    path = os.path.join(_TMP, "options.html")
    expected = expect_count(value, 1) if option == "limit" else expect_text(value, none=True)
    outcome(lambda: pyinspect.save(obj, path, **{option: value}), expected, option)


# ---- names / attributes / probe / dispatch ------------------------------------------------------


NAMES_OPTIONS = {
    "depth": lambda v: expect_count(v, 0),
    "limit": lambda v: expect_count(v, 1, none=True),
    "max_names": lambda v: expect_count(v, 0),
    "max_objects": lambda v: expect_count(v, 0),
    "dunder": expect_flag,
    "modules": expect_flag,
}


@pytest.mark.parametrize("option", sorted(NAMES_OPTIONS))
@FUZZ
@given(value=VALUES)
def test_names_options(option, value):
    expected = NAMES_OPTIONS[option](value)
    pic = outcome(lambda: pyinspect.names(NAMESPACE, **{option: value}), expected, option)
    if pic is not None and option == "max_names":
        n = index_of(value)
        assert len(pic.names) == min(n, len(NAMESPACE))
        assert pic.names_omitted == len(NAMESPACE) - len(pic.names)


def index_of(value: Any) -> int:
    return int.__index__(value) if isinstance(value, int) else value.__index__()


def _expect_only(value: Any) -> Optional[type]:
    if value is None:
        return None
    if issubclass(type(value), (str, bytes, bytearray)):
        return TypeError
    try:
        items = list(value)
    except Exception:
        return TypeError
    return None if all(issubclass(type(x), str) for x in items) else TypeError


@FUZZ
@given(value=st.one_of(VALUES, st.lists(st.one_of(st.sampled_from(list(NAMESPACE)), st.text(max_size=4))),
                       st.lists(VALUES, max_size=3), st.frozensets(st.text(max_size=3), max_size=3)))
def test_names_only(value):
    pic = outcome(lambda: pyinspect.names(NAMESPACE, only=value), _expect_only(value), "only")
    if pic is not None and value is not None:
        wanted = {str.__str__(x) for x in value}
        assert {r.name for r in pic.names} == wanted & set(NAMESPACE)


@FUZZ
@given(value=VALUES)
def test_attributes_limit(value):
    obj = Instance()
    lay = outcome(lambda: pyinspect.attributes(obj, limit=value), expect_count(value, 1, none=True), "limit")
    if lay is not None:
        assert lay.used == 3
        assert len(lay.entries) + lay.entries_omitted == lay.nentries


#: a small target for why_alive(): every search over the test heap stops at once (the module holds it)
ALIVE_TARGET = Instance()
#: a search costs a pass over the heap per level: fewer examples than the other options
ALIVE_FUZZ = settings(FUZZ, max_examples=25)


@pytest.mark.parametrize("option", ["max_paths", "max_depth"])
@ALIVE_FUZZ
@given(value=VALUES)
def test_why_alive_options(option, value):
    from pyinspect.alive_paths import MAX_DEPTH, MAX_PATHS

    maximum = MAX_PATHS if option == "max_paths" else MAX_DEPTH
    r = outcome(lambda: pyinspect.why_alive(ALIVE_TARGET, **{option: value}), expect_count(value, 1, maximum),
                option)
    if r is not None:
        assert getattr(r, option) == index_value(value) and type(getattr(r, option)) is int
        assert len(r.paths) <= r.max_paths


@ALIVE_FUZZ
@given(untracked=VALUES)
def test_census_untracked(untracked):
    c = outcome(lambda: pyinspect.census(untracked=untracked), expect_flag(untracked), "untracked")
    if c is not None:
        assert c.untracked is untracked and c.count > 0


@pytest.mark.parametrize("option", ["min_count", "min_bytes"])
@FUZZ
@given(value=VALUES)
def test_census_diff_thresholds(option, value):
    d = outcome(lambda: CENSUS_AFTER.diff(CENSUS_BEFORE, **{option: value}),
                expect_count(value, 1, none=option == "min_bytes"), option)
    if d is not None:
        assert getattr(d, option) == (None if value is None else index_value(value))


CENSUS_BEFORE = pyinspect.census()
CENSUS_AFTER = pyinspect.census()


class EqSpy:
    """A hashable key whose ``__eq__`` records that it ran."""

    calls = 0

    def __init__(self, h: int) -> None:
        self.h = h

    def __hash__(self) -> int:
        return self.h

    def __eq__(self, other: object) -> bool:
        EqSpy.calls += 1
        return True


PROBE_KEYS = st.one_of(VALUES, st.sampled_from(["a", "b", "0", "19", 1, 5, 39]),
                       st.integers(-(2**70), 2**70).map(EqSpy))


@FUZZ
@given(container=st.sampled_from([{str(i): i for i in range(20)}, set(range(40)), frozenset({"x", "y"}),
                                  Instance(), {1: 2, "a": None}, {}]),
       key=PROBE_KEYS)
def test_probe_keys(container, key):
    before = EqSpy.calls
    try:
        hash(key)
    except Exception as exc:  # an unhashable key fails the probe as it fails `key in d`
        with pytest.raises(type(exc)):
            pyinspect.probe(container, key)
        return
    result = pyinspect.probe(container, key)
    assert EqSpy.calls == before, "probe() ran the __eq__ of a key"
    assert result.result in ("found", "missing", "undecided")
    if type(container) is not Instance and type(key) in (int, str):
        # stored keys are compared by identity (and exact str by text): an
        # equal int that is another object is 'undecided', never 'found'
        # ('undecided' also when a different key has the same hash: 2**61 + 4 and 5)
        present = key in (container if type(container) is not dict else container.keys())
        assert result.result == ("found" if present else "missing") or result.result == "undecided"


@FUZZ
@given(op=st.one_of(VALUES, st.sampled_from(["+", "-", "==", "<", "**", "@", "+=", "is", "", "not"])),
       a=st.sampled_from([1, 1.5, "s", [1], Instance(), None]))
def test_dispatch_op(op, a):
    from pyinspect.operators import BINARY_OPS, COMPARISONS

    plan = outcome(lambda: pyinspect.dispatch(a, op, 2), expect_choice(op, (*BINARY_OPS, *COMPARISONS)), "op")
    if plan is not None:
        assert plan.op == str.__str__(op) and type(plan.op) is str


def test_struct_info_takes_no_options():
    with pytest.raises(TypeError):
        pyinspect.struct_info(1)  # type: ignore[call-arg]


# ---- pyinspect.bits --------------------------------------------------------------------------


FORMAT_VALUES = st.one_of(pick([*bits.FORMATS, "float12", "", "FLOAT32", LyingStr("float16")]),
                          st.sampled_from(list(bits.FORMATS.values())), VALUES)


def _expect_format(fmt: Any) -> Optional[type]:
    if isinstance(fmt, bits.FloatFormat):
        return None
    return expect_choice(fmt, tuple(bits.FORMATS))


@FUZZ
@given(pattern=VALUES, fmt=FORMAT_VALUES)
def test_bits_decode(pattern, fmt):
    fexp = _expect_format(fmt)
    if fexp is not None:
        outcome(lambda: bits.decode(0, fmt), fexp, "fmt")
        return
    f = bits.FORMATS[str.__str__(fmt)] if not isinstance(fmt, bits.FloatFormat) else fmt
    got = outcome(lambda: bits.decode(pattern, fmt), expect_count(pattern, 0, (1 << f.total_bits) - 1), "pattern")
    if got is not None:
        assert got.pattern == index_of(pattern)
        # the fields put back together are the pattern
        assert (got.sign << (f.total_bits - 1)) | (got.exponent << f.mantissa_bits) | got.mantissa == got.pattern


def _expect_real(value: Any) -> Optional[type]:
    t = type(value)
    if t is bool or not (issubclass(t, float) or issubclass(t, int)):
        return TypeError
    if issubclass(t, int):
        try:
            float(int.__index__(value))
        except OverflowError:
            return OverflowError
    return None


@FUZZ
@given(value=VALUES, fmt=st.sampled_from(list(bits.FORMATS)))
def test_bits_encode_and_round(value, fmt):
    got = outcome(lambda: bits.encode(value, fmt), _expect_real(value), "value")
    if got is not None:
        assert 0 <= got < (1 << bits.FORMATS[fmt].total_bits)
        outcome(lambda: bits.round_to(value, fmt), None, "value")
    outcome(lambda: bits.rounding_table(value), _expect_real(value), "value")


@FUZZ
@given(data=st.one_of(VALUES, st.binary(min_size=0, max_size=9)), byteorder=st.one_of(
    pick(["little", "big", "middle", LyingStr("big")]), VALUES), fmt=st.sampled_from(list(bits.FORMATS)))
def test_bits_float_bits_and_byte_order(data, byteorder, fmt):
    oexp = expect_choice(byteorder, ("little", "big"))
    if oexp is not None:
        outcome(lambda: bits.float_bits(b"\0" * bits.FORMATS[fmt].nbytes, fmt, byteorder), oexp, "byteorder")
        outcome(lambda: bits.byte_order(b"ab", byteorder), oexp, "byteorder")
        outcome(lambda: bits.float64_from_memory(b"\0" * 8, byteorder), oexp, "byteorder")
        return
    t = type(data)
    if t is not bool and (issubclass(t, float) or issubclass(t, int)):
        outcome(lambda: bits.float_bits(data, fmt, byteorder), _expect_real(data), "data")
        return
    try:
        raw = memoryview(data).tobytes() if not issubclass(t, (int, str)) else None
    except TypeError:
        raw = None
    if raw is None:
        outcome(lambda: bits.float_bits(data, fmt, byteorder), TypeError, "data")
        outcome(lambda: bits.byte_order(data, byteorder), TypeError, "memory")
        outcome(lambda: bits.float64_from_memory(data, byteorder), TypeError, "raw")
        return
    n = bits.FORMATS[fmt].nbytes
    fb = outcome(lambda: bits.float_bits(data, fmt, byteorder), None if len(raw) == n else ValueError, "data")
    if fb is not None:
        assert fb.pattern == int.from_bytes(raw, byteorder)
    view = bits.byte_order(data, byteorder)
    assert view.memory == raw and sorted(view.msb_first) == sorted(raw)
    outcome(lambda: bits.float64_from_memory(data, byteorder), None if len(raw) == 8 else ValueError, "raw")


@FUZZ
@given(text=st.one_of(VALUES, st.text(max_size=8), pick(["\ud800", "a\udfffb", LyingStr("xy")])))
def test_bits_utf8_framing(text):
    got = outcome(lambda: bits.utf8_framing(text), expect_text(text), "text")
    if got is not None:
        assert "".join(f.char for f in got) == str.__str__(text)
        assert b"".join(f.utf8 for f in got) == str.__str__(text).encode("utf-8", "surrogatepass")


def test_bits_rounding_table_refuses_one_format():
    with pytest.raises(TypeError, match="formats must be a collection"):
        bits.rounding_table(1.0, "float16")
    with pytest.raises(ValueError, match="each item of formats: unknown float format"):
        bits.rounding_table(1.0, ["float16", "float12"])


# ---- the command line ------------------------------------------------------------------------

#: expressions a user types: values, failures, exits, syntax errors, odd text
EXPRESSIONS = [
    "1", "2**100", "'é' * 3", "'\\ud800'", "[1, 2]", "{'a': [1]}", "{1, 2}", "b'xy'", "bytearray(3)", "None",
    "1/0", "exit(3)", "exit()", "exit('bye')", "__import__('sys').exit(0)", "raise", "(", "", "   ", "lambda: 0",
    "type('T', (), {})()", "undefined_name", "'\\x00'", "1 if 0 else 2", "[][0]", "int('x')",
]
CLI_NUMBERS = st.one_of(st.sampled_from([str(n) for n in SPECIAL_INTS]), st.integers().map(str),
                        st.sampled_from(["", " ", "1.5", "1e3", "0x10", "1_0", "-", "--", "inf", "nan", "٣",
                                         "9" * 5000, "-" + "9" * 5000, "+40", " 80 ", "\ud800", "40\x00"]),
                        st.text(max_size=6))


def _cli(argv: list[str]) -> tuple[Any, str, str]:
    from pyinspect.__main__ import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            rc = main(argv)
        except SystemExit as exc:  # argparse's error exit (or --help)
            rc = exc.code
    return rc, out.getvalue(), err.getvalue()


def _cli_ok(text: str, minimum: int, maximum: int) -> Optional[bool]:
    """Whether the CLI must accept a number's text (int() of it within the
    range), must refuse it, or None for a text too long to decide here."""
    if len(text.strip().replace("_", "")) > 64:
        return None
    try:
        return minimum <= int(text, 10) <= maximum
    except ValueError:
        return False


#: expressions whose value shows (exit status 0 with good options)
GOOD = ("1", "2**100", "'é' * 3", "[1, 2]", "{'a': [1]}", "{1, 2}", "b'xy'", "None")


def _expected(option_ok: Optional[bool], expr: str) -> Optional[bool]:
    """A bad option fails whatever the expression; a good one passes with a good expression."""
    if option_ok is False:
        return False
    return True if option_ok and expr in GOOD else None


def _check_cli(argv: list[str], must_pass: Optional[bool]) -> None:
    """Exit status 0 or 2, never a traceback; 0 when ``must_pass``, 2 when it is False."""
    rc, out, err = _cli(argv)
    assert rc in (0, 2), (argv, rc, err)
    assert "Traceback" not in err and "Traceback" not in out, (argv, err)
    if must_pass is not None:
        assert rc == (0 if must_pass else 2), (argv, err)
    if rc == 2:
        assert err.strip(), f"exit status 2 without a word: {argv}"


@FUZZ
@given(width=CLI_NUMBERS, expr=st.sampled_from(EXPRESSIONS))
def test_cli_width(width, expr):
    # argparse takes "-5" for an option only when it is not a negative number
    _check_cli(["--no-color", "--width", width, "show", expr],
               must_pass=_expected(_cli_ok(width, MIN_WIDTH, MAX_WIDTH), expr))


@FUZZ
@given(limit=CLI_NUMBERS, expr=st.sampled_from(EXPRESSIONS))
def test_cli_limit(limit, expr):
    _check_cli(["--no-color", "--width", "100", "show", expr, "--limit", limit],
               must_pass=_expected(_cli_ok(limit, 1, MAX), expr))


@FUZZ
@given(expr=st.one_of(st.sampled_from(EXPRESSIONS),
                      st.text(alphabet=st.sampled_from(list("ab1_()[]{}'\",.:+- \\\ud800")), max_size=10)))
def test_cli_expressions(expr):
    _check_cli(["--no-color", "show", expr], must_pass=True if expr in ("1", "[1, 2]", "None") else None)


@settings(max_examples=25, deadline=None, database=None)
@given(width=CLI_NUMBERS, extra=st.lists(st.sampled_from(["--json", "--html", "--all", "--check", "--no-color", "-o",
                                                          "/nonexistent/dir/x.json"]), max_size=3))
def test_cli_compare_options(width, extra):
    # an interpreter that is not there: nothing is probed, every path ends in a
    # clear message (the files named are in a folder that does not exist)
    rc, out, err = _cli(["compare", "--width", width, "--python", "/nonexistent/python3", *extra])
    assert rc == 2 and "Traceback" not in err
    assert err.strip()


@pytest.mark.parametrize("argv", [["--width"], ["show"], ["show", "1", "--limit"], ["frobnicate"], ["--limit", "3"],
                                  ["show", "1", "--width", "0"], ["struct-info", "extra"]])
def test_cli_malformed_command_lines(argv):
    rc, _out, err = _cli(argv)
    assert rc == 2 and "Traceback" not in err and "usage:" in err


# ---- the raw C readers' windows, each in its own interpreter --------------------------------------

READERS = {
    # reader: (objects expression, number of window arguments)
    "read_list": ("[list(range(n)) for n in (0, 1, 5, 40)]", 2),
    "read_tuple": ("[tuple(range(n)) for n in (0, 1, 5, 40)]", 2),
    "seq_items": ("[list(range(9)), tuple(range(9)), []]", 2),
    "read_unicode": ("['', 'a', 'abc' * 9, '\\u0100' * 13, '\\U0001f600' * 7]", 2),
    "read_bytes": ("[b'', b'x', bytes(range(50))]", 2),
    "read_bytearray": ("[bytearray(), bytearray(b'x'), bytearray(range(50))]", 2),
    "read_dict": ("[{}, {1: 2}, {str(i): i for i in range(30)}, dict.fromkeys(range(9))]", 4),
    "dict_objects": ("[{}, {1: 2}, {str(i): i for i in range(30)}]", 2),
    "read_set": ("[set(), {1}, set(range(30)), frozenset('abcdef')]", 2),
    "set_objects": ("[set(), {1}, set(range(30))]", 2),
    "read_instance_dict": ("[Instance(), Wide()]", 4),
}

_READER_FUZZ = r'''
import sys
from hypothesis import given, settings, strategies as st, HealthCheck
from fuzz_values import SPECIAL_INTS, HOSTILE
from pyinspect._native import _inspect

class Instance:
    def __init__(self):
        self.a, self.b = 1, 2

class Wide:
    def __init__(self):
        for i in range(40):
            setattr(self, f"x{{i}}", i)

NAME, NARGS = {name!r}, {nargs}
reader = getattr(_inspect, NAME)
OBJECTS = {objects}
WINDOW = st.one_of(st.none(), st.sampled_from(SPECIAL_INTS), st.integers(-3, 60), st.integers(),
                   st.integers(0, len(HOSTILE) - 1).map(HOSTILE.__getitem__), st.floats(), st.booleans(),
                   st.text(max_size=2))
calls = {{"ok": 0, "refused": 0}}

def window(n, head, tail):
    """The positions a window keeps: everything, or [0, head) + [n - tail, n)."""
    if head is None:
        return list(range(n))
    tail = tail or 0
    if head >= n or tail >= n - head:
        return list(range(n))
    return list(range(head)) + list(range(n - tail, n))

def valid(v):
    """None, or an int (a subclass too: its value, read without its methods) in [0, sys.maxsize]."""
    return v is None or (isinstance(v, int) and type(v) is not bool and 0 <= int.__index__(v) <= sys.maxsize)

@settings(max_examples={examples}, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(obj=st.sampled_from(OBJECTS), args=st.lists(WINDOW, min_size=0, max_size=NARGS))
def fuzz(obj, args):
    try:
        got = reader(obj, *args)
    except (TypeError, ValueError, OverflowError) as exc:
        calls["refused"] += 1
        assert not all(valid(a) for a in args), (args, exc)
        return
    calls["ok"] += 1
    assert all(valid(a) for a in args), f"accepted {{args!r}}"
    args = [None if a is None else int.__index__(a) for a in args]
    head = args[0] if args else None
    tail = args[1] if len(args) > 1 else None
    if NAME in ("read_list", "read_tuple"):
        want = [id(obj[i]) for i in window(len(obj), head, tail)]
        assert list(got["items"]) == want, (args, got["items"], want)
        assert got["size"] == len(obj) and got["items_omitted"] == len(obj) - len(want)
    elif NAME == "seq_items":
        want = [obj[i] for i in window(len(obj), head, tail)]
        assert len(got) == len(want) and all(a is b for a, b in zip(got, want))
    elif NAME == "read_unicode":
        keep = window(len(obj), head, tail)
        assert got["length"] == len(obj) and len(got["data"] or b"") == len(keep) * got["kind"]
        assert got["data_omitted"] == len(obj) - len(keep)
    elif NAME in ("read_bytes", "read_bytearray"):
        keep = window(len(obj), head, tail)
        assert got["data"] == bytes(obj[i] for i in keep)
    elif NAME == "read_dict":
        n = got["nentries"]
        assert len(got["entries"]) + got["entries_omitted"] == n
        assert len(got["entries"]) == len(window(n, head, tail))
    elif NAME == "dict_objects":
        pairs = list(dict.items(obj))
        keep = window(len(pairs), head, tail)
        assert len(got) == len(keep)
        assert all(k is pairs[i][0] and v is pairs[i][1] for (k, v), i in zip(got, keep))
    elif NAME == "read_set":
        assert len(got["table"]) + got["table_omitted"] == got["mask"] + 1
    elif NAME == "set_objects":
        found = [x for x in got if x is not None]
        assert all(x in obj for x in found)

fuzz()
print(calls["ok"], calls["refused"])
'''


@pytest.mark.parametrize("reader", sorted(READERS))
def test_raw_reader_windows(reader):
    objects, nargs = READERS[reader]
    here = os.path.dirname(os.path.abspath(__file__))
    source = f"import sys; sys.path.insert(0, {here!r})\n" + _READER_FUZZ.format(
        name=reader, nargs=nargs, objects=objects, examples=150)
    ok, refused = map(int, run_isolated(source, timeout=240).split())
    assert ok > 0 and refused > 0  # both sides of the check were reached


def test_hostile_option_values_are_type_errors():
    # whatever its dunders raise, a Hostile option is the TypeError naming the parameter
    h = Hostile()
    for call in (lambda: pyinspect.layout([1], limit=h), lambda: pyinspect.show([1], width=h, file=io.StringIO()),
                 lambda: pyinspect.names({}, depth=h), lambda: pyinspect.names({}, only=h),
                 lambda: pyinspect.save([1], h), lambda: pyinspect.dispatch(1, h, 2)):
        with pytest.raises(TypeError):
            call()


# ---- pyinspect.torch (CI's 3.11 has torch; skipped elsewhere) --------------------------------------


def _torch():
    return pytest.importorskip("torch", reason="pyinspect.torch's options need torch (the torch extra)")


@settings(max_examples=40, deadline=None, database=None)
@given(value=VALUES)
def test_torch_layout_and_show_limit(value):
    torch = _torch()
    import pyinspect.torch as pt

    t = torch.arange(40, dtype=torch.float32)
    lay = outcome(lambda: pt.layout(t, limit=value), expect_count(value, 1, none=True), "limit")
    if lay is not None:
        want = 40 if value is None else min(40, index_of(value))
        assert len(lay.elements) == want and lay.elements_omitted == 40 - want
    outcome(lambda: pt.show(t, limit=value, file=io.StringIO()), expect_count(value, 1), "limit")


@pytest.mark.parametrize("option", ["width", "color"])
@settings(max_examples=30, deadline=None, database=None)
@given(value=VALUES)
def test_torch_show_options(option, value):
    torch = _torch()
    import pyinspect.torch as pt

    expected = SHOW_OPTIONS[option](value)
    outcome(lambda: pt.show(torch.ones(3), file=io.StringIO(), **{option: value}), expected, option)


@settings(max_examples=60, deadline=None, database=None)
@given(value=VALUES)
def test_torch_element_bytes_index(value):
    torch = _torch()
    import struct

    import pyinspect.torch as pt

    t = torch.arange(12, dtype=torch.float32)
    expected = expect_count(value, -MAX, MAX)
    try:
        got = outcome(lambda: pt.element_bytes(t, value), expected, "i")
    except IndexError:  # an int out of the tensor's range: the documented error
        assert expected is None and not -12 <= index_of(value) < 12
        return
    if got is not None:
        i = index_of(value)
        assert -12 <= i < 12
        assert got == struct.pack("=f", float(i % 12))  # float32 in memory order


@settings(max_examples=40, deadline=None, database=None)
@given(name=st.one_of(VALUES, st.sampled_from(["float16", "torch.bfloat16", "uint3", "int4", "bits8", "qint8"])),
       itemsize=VALUES)
def test_torch_dtype_info(name, itemsize):
    _torch()
    import pyinspect.torch as pt

    nexp = expect_text(name)
    if nexp is not None:
        outcome(lambda: pt.dtype_info(name, 1), nexp, "name")
        return
    info = outcome(lambda: pt.dtype_info(name, itemsize), expect_count(itemsize, 1, none=True), "itemsize")
    if info is not None:
        assert info.itemsize >= 1


@settings(max_examples=15, deadline=None, database=None)
@given(batches=VALUES, keep=VALUES)
@example(batches=2, keep=True)
@example(batches=sys.maxsize, keep=False)
def test_torch_trace_options(batches, keep):
    torch = _torch()
    import pyinspect.torch as pt

    loader = torch.utils.data.DataLoader(list(range(6)), batch_size=2)
    expected = expect_count(batches, 0) or expect_flag(keep)
    name = "batches" if expect_count(batches, 0) is not None else "keep"
    got = outcome(lambda: pt.trace(loader, batches=batches, keep=keep), expected, name)
    if got is not None:
        assert len(got.batches) == min(3, index_of(batches))
        assert (got.outputs is not None) == keep
