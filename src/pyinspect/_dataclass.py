"""The one dataclass style of pyinspect: frozen, and slotted where Python allows."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Callable, TypeVar

T = TypeVar("T")

if sys.version_info >= (3, 10):
    frozen: Callable[[type[T]], type[T]] = dataclass(frozen=True, slots=True)
else:  # dataclass(slots=...) is 3.10+
    frozen = dataclass(frozen=True)
