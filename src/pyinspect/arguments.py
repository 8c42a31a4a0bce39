"""Checks of the values a caller passes to pyinspect (ARCHITECTURE rule 3).

Every public function and the command line check their numeric, boolean and
callable options here, before any arithmetic and before anything reaches the C
readers, so that a wrong value gets one clear exception naming the parameter:

* ``TypeError`` for a value of the wrong type (``limit="3"``, ``limit=2.0``;
  ``True``/``False`` are not accepted where a count is expected),
* ``ValueError`` for a value below the allowed range (``limit=0``,
  ``width=-1``),
* ``OverflowError`` for a value above it (``limit=2**63``): sizes end up in
  C ``Py_ssize_t`` arithmetic, so nothing above ``sys.maxsize`` is meaningful.

Only the caller's own option values are checked here; the object being
inspected is never touched (no ``__index__``, ``__bool__`` or ``__len__`` of
it runs).  Options are the caller's own values, so an ``int`` subclass such
as ``numpy.int64`` is converted with ``operator.index``.

The command line uses the same checks through :func:`cli_type`, so
``python -m pyinspect show 1 --limit 0`` fails with the same message as
``pyinspect.show(1, limit=0)``.
"""

from __future__ import annotations

import argparse
import operator
import sys
from typing import Any, Callable, Optional

__all__ = ["MAX_SIZE", "cli_type", "count", "flag", "function"]

#: the largest size any option may have: ``PY_SSIZE_T_MAX`` of this interpreter
MAX_SIZE = sys.maxsize


def count(value: Any, name: str, *, minimum: int = 0, maximum: int = MAX_SIZE,
          none: bool = False) -> Optional[int]:
    """``value`` as an int in ``[minimum, maximum]`` (or None when ``none``).

    Args:
        value: the caller's value.
        name: the parameter's name, used in the error message.
        minimum, maximum: the inclusive range.
        none: whether ``None`` is allowed (and returned as is).

    Raises:
        TypeError: not an integer (bools and floats included), or None when not allowed.
        ValueError: below ``minimum``.
        OverflowError: above ``maximum``.
    """
    if value is None:
        if none:
            return None
        raise TypeError(f"{name} must be an int, not None")
    if isinstance(value, bool) or isinstance(value, float):
        raise TypeError(f"{name} must be an int{' or None' if none else ''}, not {type(value).__name__}")
    try:
        number = operator.index(value)
    except TypeError:
        raise TypeError(f"{name} must be an int{' or None' if none else ''}, "
                        f"not {type(value).__name__}") from None
    if number < minimum:
        raise ValueError(f"{name} must be at least {minimum}, not {number}")
    if number > maximum:
        raise OverflowError(f"{name} must be at most {maximum}, not {number}")
    return number


def flag(value: Any, name: str) -> bool:
    """``value`` as a bool: only ``True`` and ``False`` are accepted.

    Raises:
        TypeError: anything else (``1``, ``"yes"``, ``None``).
    """
    if value is True or value is False:
        return value
    raise TypeError(f"{name} must be True or False, not {type(value).__name__}")


def function(value: Any, name: str, *, none: bool = True) -> Optional[Callable[..., Any]]:
    """``value`` when it is callable (or None when ``none``).

    Raises:
        TypeError: not callable.
    """
    if value is None and none:
        return None
    if not callable(value):
        raise TypeError(f"{name} must be callable{' or None' if none else ''}, not {type(value).__name__}")
    return value


def cli_type(name: str, *, minimum: int = 0, maximum: int = MAX_SIZE) -> Callable[[str], int]:
    """An argparse ``type=`` converter applying :func:`count` to an option's text.

    argparse reports the message of the ``argparse.ArgumentTypeError`` raised
    here as ``argument --limit: limit must be at least 1, not 0``.
    """

    def convert(text: str) -> int:
        try:
            number = int(text, 10)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name} must be an integer, not {text!r}") from None
        try:
            result = count(number, name, minimum=minimum, maximum=maximum)
        except (TypeError, ValueError, OverflowError) as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None
        assert result is not None
        return result

    convert.__name__ = name
    return convert
