"""Checks of the values a caller passes to pyinspect (ARCHITECTURE rule 3).

Every public function and the command line check their options here, before
any arithmetic and before anything reaches the C readers, so that a wrong
value gets one clear exception naming the parameter:

* ``TypeError`` for a value of the wrong type (``limit="3"``, ``limit=2.0``;
  ``True``/``False`` are not accepted where a count is expected, nor ``1``
  where a flag is),
* ``ValueError`` for a value outside the allowed set or below the allowed
  range (``limit=0``, ``width=-1``, ``op="?"``, a path with a NUL byte),
* ``OverflowError`` for a number above the range (``limit=2**63``): sizes end
  up in C ``Py_ssize_t`` arithmetic, so nothing above ``sys.maxsize`` is
  meaningful.

Only the caller's own option values are checked here; the object being
inspected is never touched (no ``__index__``, ``__bool__`` or ``__len__`` of
it runs).  Options are the caller's own values, so an ``int`` subclass such
as ``numpy.int64`` is converted with ``operator.index``; whatever its
``__index__`` raises becomes the ``TypeError`` naming the parameter, and the
result is always an exact ``int``/``str``/``bytes``/``float`` (no method of
a subclass runs afterwards).  Messages never print a huge number or text in
full (``str()`` of an int of 10**6 digits is slow, and refused from 3.11,
gh-95778).

The command line uses the same checks through :func:`cli_type`, so
``python -m pyinspect show 1 --limit 0`` fails with the same message as
``pyinspect.show(1, limit=0)``.
"""

from __future__ import annotations

import argparse
import operator
import os
import sys
from collections.abc import Collection
from typing import Any, Callable, Optional

__all__ = [
    "MAX_SIZE", "MIN_WIDTH", "MAX_WIDTH", "cli_type", "count", "flag", "function", "text", "choice", "real",
    "data", "path", "strings", "stream", "width", "shown",
]

#: the largest size any option may have: ``PY_SSIZE_T_MAX`` of this interpreter
MAX_SIZE = sys.maxsize

#: the narrowest console (``width=``) pyinspect draws in.  A picture is a
#: panel (2 border columns and 2 of padding) around tables of a field name
#: and its value; below 24 columns the names themselves are cut
#: (``ob_re…``), and below 40 the values fold over several lines each, so
#: an int's picture takes twice the lines.  40 is a narrow phone terminal.
MIN_WIDTH = 40
#: the widest console: more than any terminal.  rich pads some lines to the
#: full width (the tour's rules), so a larger width only costs blank memory
#: (``width=2**40`` would allocate terabytes).
MAX_WIDTH = 10_000

#: characters of a caller's value quoted in a message
_QUOTE = 40


def shown(value: Any) -> str:
    """A short text for ``value`` in a message: a number of more than 128 bits
    as its size, any other value as its type name (its ``repr`` may be huge,
    fail or run code)."""
    if type(value) is int:
        if value.bit_length() > 128:
            return f"{'a negative' if value < 0 else 'an'} int of {value.bit_length()} bits"
        return str(value)
    if type(value) is str:
        return repr(value) if len(value) <= _QUOTE else repr(value[:_QUOTE]) + "…"
    return type(value).__name__


def _wrong(name: str, what: str, value: Any) -> TypeError:
    return TypeError(f"{name} must be {what}, not {type(value).__name__}")


def count(value: Any, name: str, *, minimum: int = 0, maximum: int = MAX_SIZE,
          none: bool = False) -> Optional[int]:
    """``value`` as an exact int in ``[minimum, maximum]`` (or None when ``none``).

    Args:
        value: the caller's value.
        name: the parameter's name, used in the error message.
        minimum, maximum: the inclusive range.
        none: whether ``None`` is allowed (and returned as is).

    Raises:
        TypeError: not an integer (bools and floats included; an
            ``__index__`` that raises), or None when not allowed.
        ValueError: below ``minimum``.
        OverflowError: above ``maximum``.
    """
    what = "an int or None" if none else "an int"
    if value is None:
        if none:
            return None
        raise _wrong(name, what, value)
    t = type(value)
    if t is not int:
        if t is bool or issubclass(t, float):
            raise _wrong(name, what, value)
        try:
            value = operator.index(value)
        except TypeError:
            raise _wrong(name, what, value) from None
        except Exception as exc:  # the value's own __index__ failed: the caller's mistake
            raise TypeError(f"{name} must be {what}, not {t.__name__} "
                            f"(its __index__ raised {type(exc).__name__})") from None
        if type(value) is not int:  # 3.9 lets __index__ return an int subclass
            value = int.__index__(value)
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, not {shown(value)}")
    if value > maximum:
        raise OverflowError(f"{name} must be at most {maximum}, not {shown(value)}")
    return value


def width(value: Any, name: str = "width") -> Optional[int]:
    """A console width: None (the terminal's) or an int in
    ``[MIN_WIDTH, MAX_WIDTH]`` (see those constants for why)."""
    return count(value, name, minimum=MIN_WIDTH, maximum=MAX_WIDTH, none=True)


def flag(value: Any, name: str, *, none: bool = False) -> Optional[bool]:
    """``value`` as a bool: only ``True`` and ``False`` are accepted (and
    ``None`` when ``none``: "let pyinspect decide").

    Raises:
        TypeError: anything else (``1``, ``"yes"``, ``numpy.bool_``).
    """
    if value is True or value is False or (value is None and none):
        return value
    raise _wrong(name, "True, False or None" if none else "True or False", value)


def function(value: Any, name: str, *, none: bool = True) -> Optional[Callable[..., Any]]:
    """``value`` when it is callable (or None when ``none``).

    Raises:
        TypeError: not callable.
    """
    if value is None and none:
        return None
    if not callable(value):
        raise _wrong(name, "callable or None" if none else "callable", value)
    return value


def text(value: Any, name: str, *, none: bool = False) -> Optional[str]:
    """``value`` as an exact str (a str subclass is copied without running
    its methods), or None when ``none``.

    Lone surrogates are accepted: pictures show them escaped.

    Raises:
        TypeError: not a str.
    """
    if value is None and none:
        return None
    if not issubclass(type(value), str):
        raise _wrong(name, "a str or None" if none else "a str", value)
    return str.__str__(value)


def choice(value: Any, name: str, choices: Collection[str], *, none: bool = False,
           what: str = "one of") -> Optional[str]:
    """``value`` when it is one of ``choices`` (exact str comparison).

    ``what`` words the message: ``op must be one of the operators '+', ...``.

    Raises:
        TypeError: not a str.
        ValueError: a str that is not one of ``choices``.
    """
    if value is None and none:
        return None
    got = text(value, name)
    assert got is not None
    if got not in choices:
        raise ValueError(f"{name} must be {what} {', '.join(map(repr, choices))}, not {shown(got)}")
    return got


def real(value: Any, name: str) -> float:
    """``value`` as a float: a float or an int (an int too large for a
    float64 is an ``OverflowError``); bools are refused.

    Raises:
        TypeError: not a float or int.
        OverflowError: an int beyond the float64 range.
    """
    t = type(value)
    if t is bool or not (issubclass(t, float) or issubclass(t, int)):
        raise _wrong(name, "a float", value)
    try:
        return float.__float__(value) if issubclass(t, float) else float(int.__index__(value))
    except OverflowError:
        raise OverflowError(f"{name} is too large for a float64: {shown(int.__index__(value))}") from None


def data(value: Any, name: str, *, size: Optional[int] = None) -> bytes:
    """``value`` as bytes: a bytes-like object (bytes, bytearray, memoryview,
    array...).  An int or a str is refused, not turned into zero bytes or
    encoded.

    Args:
        size: the exact length required, if any.

    Raises:
        TypeError: not a bytes-like object.
        ValueError: not ``size`` bytes long.
    """
    if issubclass(type(value), (int, str)):
        raise _wrong(name, "a bytes-like object", value)
    try:
        with memoryview(value) as view:
            raw = view.tobytes()
    except TypeError:
        raise _wrong(name, "a bytes-like object", value) from None
    if size is not None and len(raw) != size:
        raise ValueError(f"{name} must be {size} bytes long, not {len(raw)}")
    return raw


def path(value: Any, name: str = "path") -> str:
    """A file-system path as str: a str, bytes or ``os.PathLike``.

    Raises:
        TypeError: anything else.
        ValueError: a NUL character, or a name this file system cannot
            encode (a lone surrogate that is not a ``surrogateescape`` byte).
    """
    try:
        got = os.fspath(value)
    except Exception:  # no path, or its own __fspath__ failed
        raise _wrong(name, "a str, bytes or os.PathLike", value) from None
    if isinstance(got, bytes):
        got = os.fsdecode(bytes(got))
    got = str.__str__(got)
    if "\0" in got:
        raise ValueError(f"{name} must not contain a NUL character")
    if not got:
        raise ValueError(f"{name} must not be empty")
    try:
        os.fsencode(got)
    except UnicodeError:
        raise ValueError(f"{name} cannot be encoded for this file system: {shown(got)}") from None
    return got


def strings(value: Any, name: str, *, none: bool = True) -> Optional[frozenset[str]]:
    """An iterable of str (not one str, which would be its characters) as a
    frozenset, or None when ``none``.

    Raises:
        TypeError: not iterable (or its iteration raised), a str or bytes
            itself, or an item that is not a str.
    """
    if value is None and none:
        return None
    if issubclass(type(value), (str, bytes, bytearray)):
        raise TypeError(f"{name} must be a collection of str, not one {type(value).__name__}")
    try:
        items = iter(value)
    except Exception:  # not iterable, or its own __iter__ failed
        raise _wrong(name, "a collection of str", value) from None
    out = set()
    while True:
        try:
            item = next(items)
        except StopIteration:
            break
        except Exception as exc:  # its own __next__ failed
            raise TypeError(f"{name} must be a collection of str: iterating it raised "
                            f"{type(exc).__name__}") from None
        out.add(text(item, f"each item of {name}"))
    return frozenset(out)


def stream(value: Any, name: str = "file", *, none: bool = True) -> Any:
    """A text stream (an object with a callable ``write``), or None when ``none``.

    Raises:
        TypeError: no callable ``write``.
    """
    if value is None and none:
        return None
    try:
        write = getattr(value, "write", None)
    except Exception:  # its own __getattr__ failed
        write = None
    if not callable(write):
        raise _wrong(name, "a text stream with a write() method" + (" or None" if none else ""), value)
    return value


#: characters of a command-line number accepted before it is refused unread
#: (``int()`` of a long digit string is quadratic before 3.12 and refused past
#: 4300 digits from 3.11, gh-95778); a Py_ssize_t needs 19 digits
_CLI_DIGITS = 64


def cli_type(name: str, *, minimum: int = 0, maximum: int = MAX_SIZE) -> Callable[[str], int]:
    """An argparse ``type=`` converter applying :func:`count` to an option's text.

    argparse reports the message of the ``argparse.ArgumentTypeError`` raised
    here as ``argument --limit: limit must be at least 1, not 0``, exits with
    status 2 and prints no traceback.
    """

    def convert(value: str) -> int:
        plain = value.strip().replace("_", "")
        sign = "-" if plain.startswith("-") else ""
        digits = plain[1:] if plain[:1] in "+-" else plain
        if len(plain) > _CLI_DIGITS:  # decided without int(): it may be slow or refuse
            significant = digits.lstrip("0")
            if not digits.isdecimal():
                raise argparse.ArgumentTypeError(f"{name} must be an integer, not {shown(value)}")
            if len(significant) > _CLI_DIGITS:
                bound = f"at least {minimum}" if sign else f"at most {maximum}"
                raise argparse.ArgumentTypeError(f"{name} must be {bound}, not a "
                                                 f"{len(significant)}-digit {'negative ' if sign else ''}number")
            value = sign + (significant or "0")
        try:
            number = int(value, 10)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name} must be an integer, not {shown(value)}") from None
        try:
            result = count(number, name, minimum=minimum, maximum=maximum)
        except (TypeError, ValueError, OverflowError) as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None
        assert result is not None
        return result

    convert.__name__ = name
    return convert
