"""Layouts of functions, cells, code objects, bound methods, types and
generators (issue 4)."""

from __future__ import annotations

__all__: list[str] = []
