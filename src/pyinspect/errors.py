"""pyinspect's exception."""

from __future__ import annotations

from pyinspect._native import _inspect

#: Raised when an object's struct holds values pyinspect cannot read safely
#: (a RuntimeError subclass).  Wrong argument types raise TypeError and bad
#: options ValueError, as usual.
InspectError = _inspect.InspectError

__all__ = ["InspectError"]
