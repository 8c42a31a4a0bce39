"""``struct_info()``: the offsets and sizes this build reads."""

from __future__ import annotations

from typing import Any

from pyinspect._native import _inspect

__all__ = ["struct_info"]


def struct_info() -> dict[str, Any]:
    """What this build of pyinspect reads, from ``offsetof``/``sizeof`` at compile time.

    Returns:
        ``{struct: {field: (offset, size)}}`` keyed by CPython's own struct and
        field names (``"PyListObject": {"allocated": (32, 8), ...}``; the
        struct's size is under ``"__sizeof__"`` as ``(0, size)``), plus
        ``"bitfields"`` (``{"PyASCIIObject.state.kind": {"byte_offset",
        "bit", "width"}}``), ``"python_version_hex"`` and ``"gil_disabled"``.
    """
    return _inspect.struct_info()
