"""Layouts of list and tuple."""

from __future__ import annotations

from typing import ClassVar, Optional

from pyinspect._dataclass import frozen
from pyinspect.model.base import ItemSummary, Layout


@frozen
class ListLayout(Layout):
    """A ``PyListObject``: a pointer array ``ob_item`` with spare capacity.

    Attributes:
        size: items in use (``ob_size``, ``len``).
        allocated: slots in the array (``allocated``); ``allocated - size``
            are spare.
        ob_item: address of the pointer array (``None`` when ``allocated == 0``).
        items: addresses in ``ob_item[0:size]``; head + tail when
            ``items_omitted`` > 0 (the gap sits after ``items_head`` entries).
        items_omitted: items not read (bounded reads).
        items_head: how many of ``items`` come from the start.
        summaries: a short description of each item in ``items``.
    """

    family: ClassVar[str] = "list"
    struct: ClassVar[str] = "PyListObject"
    size: int
    allocated: int
    ob_item: Optional[int]
    items: tuple[Optional[int], ...]
    items_omitted: int
    items_head: int
    summaries: tuple[ItemSummary, ...]

    def _repr_facts(self) -> str:
        return f"size={self.size}, allocated={self.allocated}, refcnt={self.refcnt}"

    @property
    def spare(self) -> int:
        """Unused slots at the end of the array."""
        return self.allocated - self.size


@frozen
class TupleLayout(Layout):
    """A ``PyTupleObject``: the item pointers inline after the header.

    Attributes:
        size: number of items (``ob_size``).
        items: item addresses (head + tail when ``items_omitted``).
        items_omitted, items_head: as for lists.
        hash: 3.14+: the cached hash ``ob_hash`` (``None`` while it is -1);
            ``None`` before 3.14, which did not store it.
        items_offset: offset of ``ob_item`` from the object's start.
        summaries: a short description of each item in ``items``.
    """

    family: ClassVar[str] = "tuple"
    struct: ClassVar[str] = "PyTupleObject"
    size: int
    items: tuple[Optional[int], ...]
    items_omitted: int
    items_head: int
    hash: Optional[int]
    items_offset: int
    summaries: tuple[ItemSummary, ...]

    def _repr_facts(self) -> str:
        return f"size={self.size}, refcnt={self.refcnt}"
