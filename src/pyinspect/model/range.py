"""The Layout of a ``range``: three ints and its length, never its items."""

from __future__ import annotations

import struct
from typing import ClassVar

from pyinspect._dataclass import frozen
from pyinspect.model.base import Layout

__all__ = ["RangeLayout", "short_int", "range_fields"]


@frozen
class RangeLayout(Layout):
    """A ``rangeobject`` (``Objects/rangeobject.c``): four pointers to int
    objects, whatever the range's length.  Its items are computed on demand
    (``start + i * step``); none of them is stored.

    Attributes:
        start: ``start``, the first item (the int object the range holds).
        stop: ``stop``, the bound the items never reach.
        step: ``step``, never 0.
        length: ``length``, the number of items, computed once when the range
            is made; an int object, so exact past ``2**63`` (where ``len()``
            raises OverflowError).
        start_address, stop_address, step_address, length_address: the
            addresses of those four int objects (small ints are shared,
            cached ones).
        struct_size: ``sizeof(rangeobject)``: the header and four pointers.
    """

    family: ClassVar[str] = "range"
    struct: ClassVar[str] = "rangeobject"
    start: int
    stop: int
    step: int
    length: int
    start_address: int
    stop_address: int
    step_address: int
    length_address: int
    struct_size: int

    def _repr_facts(self) -> str:
        step = f", {short_int(self.step)}" if self.step != 1 else ""
        bounds = f"range({short_int(self.start)}, {short_int(self.stop)}{step})"
        return f"{bounds}: {short_int(self.length)} items, none stored"


def short_int(v: int) -> str:
    """``v``, or its first and last digits and how many there are when long."""
    s = str(v)
    digits = len(s.lstrip("-"))
    return s if digits <= 12 else f"{s[:len(s) - digits + 3]}…{s[-3:]} ({digits} digits)"


_WORD = struct.calcsize("P")


def range_fields(lay: RangeLayout) -> list[tuple[str, int, int, int]]:
    """(field, byte offset, value, int object address) for the four fields."""
    first = lay.struct_size - 4 * _WORD
    values = ((lay.start, lay.start_address), (lay.stop, lay.stop_address),
              (lay.step, lay.step_address), (lay.length, lay.length_address))
    names = ("start", "stop", "step", "length")
    return [(n, first + i * _WORD, v, a) for i, (n, (v, a)) in enumerate(zip(names, values))]
