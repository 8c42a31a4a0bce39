"""The one dataclass style of pyinspect: frozen, and slotted where Python allows."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


def frozen(cls: type[T]) -> type[T]:
    """``@dataclass(frozen=True, slots=True)`` (``slots`` from 3.10).

    A result class (one with ``_short_repr``, see
    :class:`pyinspect.model.display.Displayed`) keeps its inherited short
    ``__repr__``: the generated one would print every field on one line.
    """
    options = {"frozen": True, "repr": not getattr(cls, "_short_repr", False)}
    if sys.version_info >= (3, 10):  # dataclass(slots=...) is 3.10+
        options["slots"] = True
    return dataclass(**options)(cls)  # type: ignore[call-overload,no-any-return]
