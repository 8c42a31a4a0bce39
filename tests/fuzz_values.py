"""Values a hostile or careless caller passes as options, and what the one
validation helper must answer for each (the oracle of the fuzz tests).

The oracle is written from the documented rules of ``pyinspect.arguments``
(a count is an exact int or an ``__index__``; bools and floats are refused;
below the range is a ValueError, above an OverflowError), not by calling the
helper, so a change of the helper that breaks a rule fails a test.
"""

from __future__ import annotations

import sys
from typing import Any, Optional

MAX = sys.maxsize

#: the ints that break size arithmetic: Py_ssize_t/size_t edges and beyond
SPECIAL_INTS = [
    0, 1, 2, 3, 7, 8, 16, -1, -2, 2**31 - 1, 2**31, 2**32 - 1, 2**32, 2**62, MAX // 8, MAX // 8 + 1,
    MAX - 1, MAX, MAX + 1, MAX + 8, 2**63 - 8, 2**63 + 7, 2**64 - 1, 2**64, 2**64 + 1, 2**127, -(2**63),
    -(2**63) - 1, -MAX, 10**100, -(10**100), 1 << 2000,
]


class Index:
    """An option with ``__index__`` (numpy.int64 and friends); it may lie or raise."""

    def __init__(self, value: Any) -> None:
        self.value = value

    def __index__(self) -> Any:
        if isinstance(self.value, BaseException):
            raise self.value
        return self.value

    def __repr__(self) -> str:
        return f"Index({self.value!r})"


class IntOnly:
    """``__int__`` but no ``__index__``: not an integer for an option."""

    def __int__(self) -> int:
        return 3

    def __repr__(self) -> str:
        return "IntOnly()"


class Hostile:
    """Every dunder a careless check might call raises."""

    def _boom(self, *args: Any) -> Any:
        raise RuntimeError("hostile dunder ran")

    __eq__ = __ne__ = __lt__ = __gt__ = __le__ = __ge__ = __hash__ = _boom  # type: ignore[assignment]
    __bool__ = __len__ = __iter__ = __str__ = __fspath__ = _boom  # type: ignore[assignment]

    def __repr__(self) -> str:
        return "Hostile()"


class LyingInt(int):
    """An int subclass whose comparisons and str raise: only its value counts."""

    def _boom(self, *args: Any) -> Any:
        raise RuntimeError("a method of the int subclass ran")

    __eq__ = __ne__ = __lt__ = __gt__ = __le__ = __ge__ = __str__ = _boom  # type: ignore[assignment]
    __hash__ = int.__hash__

    def __repr__(self) -> str:
        return f"LyingInt({int.__repr__(self)})"


class LyingFloat(float):
    def __repr__(self) -> str:
        return f"LyingFloat({float.__repr__(self)})"


class LyingStr(str):
    """A str subclass whose comparisons and hash raise."""

    def _boom(self, *args: Any) -> Any:
        raise RuntimeError("a method of the str subclass ran")

    __eq__ = __ne__ = __hash__ = __str__ = __len__ = __iter__ = _boom  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"LyingStr({str.__repr__(self)})"


HOSTILE = [
    Index(5), Index(0), Index(-1), Index(MAX + 1), Index(2**64), Index(RuntimeError("index boom")),
    Index(ValueError("index boom")), Index(OverflowError("index boom")), Index(2.5), Index("3"), Index(None),
    IntOnly(), Hostile(), LyingInt(5), LyingInt(MAX + 1), LyingInt(-3), LyingFloat(2.0), LyingStr("little"),
    LyingStr("+"), object(), [], [1], (), {}, set(), 1j, type, len, ..., NotImplemented, b"", bytearray(b"\x00"),
    memoryview(b"12345678"),
]


def index_value(value: Any) -> Any:
    """What a count check sees: the int, or the exception class it must raise."""
    t = type(value)
    if value is None:
        return None
    if t is bool or issubclass(t, float):
        return TypeError
    if issubclass(t, int):
        return int.__index__(value)
    if t is Index:
        inner = value.value
        if isinstance(inner, BaseException):
            return TypeError
        if type(inner) is int:
            return inner
        return TypeError
    return TypeError


def expect_count(value: Any, minimum: int = 0, maximum: int = MAX, none: bool = False) -> Optional[type]:
    """The exception a count option must raise for ``value``, or None when accepted."""
    got = index_value(value)
    if got is None:
        return None if none else TypeError
    if isinstance(got, type):
        return got
    if got < minimum:
        return ValueError
    if got > maximum:
        return OverflowError
    return None


def expect_flag(value: Any, none: bool = False) -> Optional[type]:
    if value is True or value is False or (value is None and none):
        return None
    return TypeError


def expect_text(value: Any, none: bool = False) -> Optional[type]:
    if value is None and none:
        return None
    return None if issubclass(type(value), str) else TypeError


def expect_choice(value: Any, choices: tuple[str, ...]) -> Optional[type]:
    if not issubclass(type(value), str):
        return TypeError
    return None if str.__str__(value) in choices else ValueError
