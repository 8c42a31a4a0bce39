"""Shared test helpers: the layouts dossier for the running interpreter."""

from __future__ import annotations

import json
import pathlib
import platform
import sys
import sysconfig
from typing import Any

import pytest

DATA = pathlib.Path(__file__).parent / "data" / "cpython-layouts.json"

#: free-threaded build (PEP 703)
FT = bool(sysconfig.get_config_var("Py_GIL_DISABLED"))
#: the dossier's key for this interpreter: "3.12", "3.13t", ...
VERSION_KEY = f"{sys.version_info[0]}.{sys.version_info[1]}" + ("t" if FT else "")
#: the dossier was measured on x86-64 LP64 little-endian
DOSSIER_ABI = platform.machine().lower() in ("x86_64", "amd64") and sys.maxsize > 2**32
PY = sys.version_info[:2]
#: a debug build (Py_DEBUG) has sys.gettotalrefcount
DEBUG_BUILD = hasattr(sys, "gettotalrefcount")
#: bytes of the GC head in front of GC objects (none on free-threaded builds)
GC_HEAD = 0 if FT else 16


def families() -> tuple[str, ...]:
    """The family names ``_inspect.family()`` can return, "object" last."""
    from pyinspect._native import _inspect

    return tuple(_inspect.FAMILIES)


def load_dossier() -> dict[str, Any]:
    return json.loads(DATA.read_text())


@pytest.fixture(scope="session")
def dossier() -> dict[str, Any]:
    """The layouts dossier entry of the running interpreter."""
    data = load_dossier()
    if VERSION_KEY not in data:
        pytest.skip(f"the layouts dossier has no entry for CPython {VERSION_KEY}")
    if not DOSSIER_ABI:
        pytest.skip("the layouts dossier describes x86-64 LP64 builds")
    return data[VERSION_KEY]


class Behaviour(dict):
    """The dossier's measured behaviour; a missing measurement skips the test
    (3.13t's entries are derived from headers, not measured)."""

    def __missing__(self, key: str) -> Any:
        pytest.skip(f"the dossier has no measured {key!r} for CPython {VERSION_KEY}")


@pytest.fixture(scope="session")
def behaviour(dossier: dict[str, Any]) -> dict[str, Any]:
    """Measured behaviour (growth sequences, sizes) of the running interpreter."""
    return Behaviour(dossier["behaviour"])


def fresh(text: str) -> str:
    """A str built at run time (not a constant, not interned)."""
    return "".join(list(text))
