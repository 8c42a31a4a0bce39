"""pyinspect.arguments: the one check of caller-given options (Python and CLI)."""

from __future__ import annotations

import argparse
import array
import os
import pathlib
import sys

import pytest

from pyinspect import arguments as a


class Index:
    """An option value with an ``__index__`` (numpy.int64 and friends)."""

    def __init__(self, value: object) -> None:
        self.value = value

    def __index__(self) -> object:
        if isinstance(self.value, BaseException):
            raise self.value
        return self.value


class SneakyInt(int):
    """An int subclass whose comparisons lie: count() must not use them."""

    def __lt__(self, other: object) -> bool:
        raise AssertionError("__lt__ of the caller's int subclass ran")

    __gt__ = __le__ = __ge__ = __lt__


@pytest.mark.filterwarnings("ignore:__index__ returned non-int:DeprecationWarning")  # 3.9
def test_count_accepts_exact_ints_in_range_and_returns_exact_ints():
    assert a.count(0, "n") == 0
    assert a.count(sys.maxsize, "n") == sys.maxsize
    assert a.count(None, "n", none=True) is None
    assert a.count(Index(5), "n") == 5
    got = a.count(SneakyInt(7), "n")
    assert got == 7 and type(got) is int
    got = a.count(Index(SneakyInt(3)), "n") if sys.version_info < (3, 10) else a.count(SneakyInt(3), "n")
    assert type(got) is int


@pytest.mark.parametrize("value, error, message", [
    (-1, ValueError, "n must be at least 0, not -1"),
    (sys.maxsize + 1, OverflowError, f"n must be at most {sys.maxsize}, not {sys.maxsize + 1}"),
    (2**64, OverflowError, "not 18446744073709551616"),
    (10**100, OverflowError, "not an int of 333 bits"),
    (-(10**100), ValueError, "not a negative int of 333 bits"),
    (True, TypeError, "n must be an int, not bool"),
    (1.0, TypeError, "n must be an int, not float"),
    ("3", TypeError, "n must be an int, not str"),
    (b"3", TypeError, "n must be an int, not bytes"),
    (None, TypeError, "n must be an int, not NoneType"),
    (Index(RuntimeError("boom")), TypeError, "its __index__ raised RuntimeError"),
    (Index(2.5), TypeError, "n must be an int, not Index"),
    (Index(2**70), OverflowError, "n must be at most"),
])
def test_count_errors_name_the_parameter(value, error, message):
    with pytest.raises(error) as info:
        a.count(value, "n")
    assert message in str(info.value)
    assert type(info.value) is error


def test_count_message_of_a_huge_int_is_short_and_fast():
    with pytest.raises(OverflowError) as info:
        a.count(1 << 1_000_000, "limit")  # str() of it is refused from 3.11 (gh-95778)
    assert len(str(info.value)) < 80


def test_flag_function_text_choice():
    assert a.flag(True, "f") is True and a.flag(None, "f", none=True) is None
    for bad in (1, 0, "yes", None):
        with pytest.raises(TypeError, match="f must be True or False"):
            a.flag(bad, "f")
    assert a.function(len, "fn") is len and a.function(None, "fn") is None
    with pytest.raises(TypeError, match="fn must be callable"):
        a.function(3, "fn")

    class S(str):
        def __str__(self) -> str:
            raise AssertionError("__str__ of the caller's str subclass ran")

    got = a.text(S("x"), "t")
    assert got == "x" and type(got) is str
    with pytest.raises(TypeError, match="t must be a str, not bytes"):
        a.text(b"x", "t")
    assert a.choice("big", "byteorder", ("little", "big")) == "big"
    with pytest.raises(ValueError, match="byteorder must be one of 'little', 'big', not 'middle'"):
        a.choice("middle", "byteorder", ("little", "big"))
    with pytest.raises(TypeError):
        a.choice(["big"], "byteorder", ("little", "big"))


def test_real_data_path_strings_stream(tmp_path):
    assert a.real(2, "v") == 2.0 and a.real(0.5, "v") == 0.5
    with pytest.raises(OverflowError, match="v is too large for a float64"):
        a.real(10**400, "v")
    with pytest.raises(TypeError):
        a.real(True, "v")
    assert a.data(bytearray(b"ab"), "d") == b"ab"
    assert a.data(array.array("H", [1]), "d") == array.array("H", [1]).tobytes()
    for bad in (10**10, 3, "ab"):  # bytes(10**10) would allocate 10 GB of zeroes
        with pytest.raises(TypeError, match="d must be a bytes-like object"):
            a.data(bad, "d")
    with pytest.raises(ValueError, match="d must be 8 bytes long, not 2"):
        a.data(b"ab", "d", size=8)
    assert a.path(tmp_path / "x.svg") == os.fspath(tmp_path / "x.svg")
    assert a.path(b"x.svg") == "x.svg"
    with pytest.raises(ValueError, match="NUL"):
        a.path("x\0.svg")
    with pytest.raises(TypeError, match="path must be a str, bytes or os.PathLike"):
        a.path(3)
    if sys.getfilesystemencoding().lower() in ("utf-8", "utf8") and os.name == "posix":
        with pytest.raises(ValueError, match="cannot be encoded"):
            a.path("\ud800.svg")  # not a surrogateescape'd byte: no file name holds it
        assert a.path(os.fsdecode(b"\xff.svg")) == os.fsdecode(b"\xff.svg")
    assert a.strings(["a", "b"], "only") == frozenset({"a", "b"})
    with pytest.raises(TypeError, match="only must be a collection of str, not one str"):
        a.strings("ab", "only")
    with pytest.raises(TypeError, match="each item of only must be a str"):
        a.strings(["a", 1], "only")
    assert a.stream(None, "file") is None
    with pytest.raises(TypeError, match="file must be a text stream"):
        a.stream(pathlib.Path("x"), "file")


def test_width_range():
    assert a.width(None) is None
    assert a.width(a.MIN_WIDTH) == a.MIN_WIDTH and a.width(a.MAX_WIDTH) == a.MAX_WIDTH
    with pytest.raises(ValueError, match=f"width must be at least {a.MIN_WIDTH}, not 0"):
        a.width(0)
    with pytest.raises(OverflowError, match=f"width must be at most {a.MAX_WIDTH}"):
        a.width(2**40)


@pytest.mark.parametrize("text, result", [("1", 1), (" 12 ", 12), ("1_000", 1000), ("+5", 5),
                                          ("0" * 100 + "7", 7), (str(sys.maxsize), sys.maxsize)])
def test_cli_type_reads_integers(text, result):
    assert a.cli_type("limit", minimum=1)(text) == result


@pytest.mark.parametrize("text, message", [
    ("0", "limit must be at least 1, not 0"),
    ("-3", "limit must be at least 1, not -3"),
    (str(2**63), f"limit must be at most {sys.maxsize}, not {2**63}"),
    ("9" * 100_000, "limit must be at most"),  # int() of it: slow before 3.12, refused from 3.11
    ("-" + "9" * 100_000, "limit must be at least 1, not a 100000-digit negative number"),
    ("x" * 100_000, "limit must be an integer"),
    ("1.5", "limit must be an integer, not '1.5'"),
    ("", "limit must be an integer"),
    ("0x10", "limit must be an integer"),
])
def test_cli_type_refuses_with_the_same_message(text, message):
    with pytest.raises(argparse.ArgumentTypeError) as info:
        a.cli_type("limit", minimum=1)(text)
    assert message in str(info.value)
    assert len(str(info.value)) < 200
