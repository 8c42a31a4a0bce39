"""A short tour of ``show``: one object per lesson of the chapter."""

from __future__ import annotations

import sys
from typing import IO, Optional

from rich.rule import Rule

from pyinspect.output import show
from pyinspect.render import console

__all__ = ["tour", "STOPS"]

#: (title, expression, what to notice)
STOPS: tuple[tuple[str, str, str], ...] = (
    ("A small int", "5", "5 is the interpreter's cached small int: everyone shares one object."),
    ("A big int", "2**100", "Python ints are arrays of 30-bit digits, least significant first."),
    ("A float", "0.1", "0.1 is not exact: the 52 mantissa bits round it; float16 rounds harder."),
    ("A float16 overflow", "1e5", "float16's largest finite value is 65504: 1e5 overflows to inf."),
    ("A str", "'café'", "'é' needs one latin-1 byte as stored, but two bytes in UTF-8."),
    ("A wider str", "'€ and 😀'", "One code point outside latin-1 makes every code unit wider."),
    ("A list", "[1, 2, 3]", "A list is an array of pointers with spare slots for appends."),
    ("A tuple", "(1, 'two', 3.0)", "A tuple holds its pointers inline: no spare capacity."),
    ("bytes", "b'hello'", "bytes keep their data inline, NUL-terminated."),
    ("A dict", "{'lr': 0.01, 'epochs': 10}",
     "A sparse index table points into dense entries kept in insertion order."),
    ("A set", "set(range(6))", "A set is one table of (hash, key) slots; ints hash to themselves."),
    ("A closure", "(lambda threshold: (lambda score: score >= threshold))(0.85)",
     "The inner function keeps threshold in a cell of its closure tuple."),
)


def tour(file: Optional[IO[str]] = None, color: Optional[bool] = None, width: Optional[int] = None) -> None:
    """Print the tour: each stop's expression, what to notice, and its picture."""
    out = console(file, color=color, width=width)
    out.print(Rule(f"pyinspect tour - CPython {sys.version.split()[0]}"))
    for title, expr, note in STOPS:
        out.print(Rule(f"{title}: {expr}", style="dim"))
        out.print(note, style="italic")
        # bound to one name, as in a user's module, so refcnt reads 1
        namespace: dict = {"__name__": "__main__"}
        code = compile(f"x = {expr}", "<tour>", "exec", dont_inherit=True)  # not this module's __future__
        exec(code, namespace)  # noqa: S102 - fixed literals above
        show(namespace["x"], color=color, width=width, file=file)
