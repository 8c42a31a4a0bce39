"""Layouts of dict, set and frozenset (issue 3)."""

from __future__ import annotations

__all__: list[str] = []
