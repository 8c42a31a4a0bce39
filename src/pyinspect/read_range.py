"""The builder of :class:`~pyinspect.model.RangeLayout`: one ``read_range`` call."""

from __future__ import annotations

from typing import Optional

from pyinspect._native import _inspect
from pyinspect.model import Header
from pyinspect.model.range import RangeLayout, short_int
from pyinspect.namespaces import describes
from pyinspect.read import register

__all__: list[str] = []


@register("range")
def _build_range(obj: object, header: Header, limit: Optional[int]) -> RangeLayout:
    """The four int objects read from the struct (``limit`` does not apply:
    a range stores no items)."""
    return RangeLayout(header=header, **_inspect.read_range(obj))


# names(): a range holds only its three ints and length, none of them a name's
# target worth a box of its own, so no @expands("range") follows them; the
# picture labels the range with its bounds instead.
@describes("range")
def _range_detail(obj: object) -> Optional[str]:
    raw = _inspect.read_range(obj)
    step = f", {raw['step']}" if raw["step"] != 1 else ""
    text = f"range({raw['start']}, {raw['stop']}{step})"
    return text if len(text) <= 24 else f"{short_int(raw['length'])} items"
