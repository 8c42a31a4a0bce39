"""``pyinspect.torch``: tensors down to their storage bytes (issue 5).

torch is an optional extra and is imported lazily: ``import pyinspect`` never
imports it.
"""

from __future__ import annotations

from typing import Any, Optional

from pyinspect.model import Header, Layout

__all__ = ["build"]


def build(obj: Any, header: Header, limit: Optional[int]) -> Layout:
    """The Layout of a tensor (called by ``pyinspect.layout``)."""
    raise NotImplementedError("tensor layouts come with issue 5")
