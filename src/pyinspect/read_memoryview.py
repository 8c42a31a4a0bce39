"""The builder of :class:`~pyinspect.model.MemoryViewLayout`: one
``read_memoryview`` call."""

from __future__ import annotations

from typing import Optional

from pyinspect._native import _inspect
from pyinspect.model import Header
from pyinspect.model.memoryview import MemoryViewLayout
from pyinspect.read import register

__all__: list[str] = []


@register("memoryview")
def _build_memoryview(obj: object, header: Header, limit: Optional[int]) -> MemoryViewLayout:
    """The view's fields as read (``limit`` does not apply: the viewed bytes
    are not read, only where they are)."""
    raw = _inspect.read_memoryview(obj)
    del raw["objects"]  # the exporter itself: for names(), not for a Layout
    return MemoryViewLayout(header=header, **raw)
