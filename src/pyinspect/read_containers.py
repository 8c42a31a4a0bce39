"""Builders of dict, set and frozenset Layouts (issue 3)."""

from __future__ import annotations
