"""Terminal pictures of dicts and sets: the two tables, slots and probe paths (issue 3)."""

from __future__ import annotations
