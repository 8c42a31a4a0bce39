"""Terminal pictures of functions, closures, code, types, dispatch and generators (issue 4)."""

from __future__ import annotations
