"""Builders of function, cell, code, method, type and generator Layouts (issue 4)."""

from __future__ import annotations
