"""Loads the compiled reader, ``pyinspect._inspect``, and says why when it cannot.

pyinspect has no pure-Python fallback: the extension *is* the reader.
"""

from __future__ import annotations

import os
import sys

_HELP = """\
pyinspect's C extension (pyinspect._inspect) could not be imported: {error}

pyinspect reads CPython's structs with an extension compiled for the exact
interpreter running it ({version}).  Install it for this interpreter:

    {executable} -m pip install .            (from a checkout)

It supports CPython 3.9-3.15 on 64-bit platforms (other implementations such
as PyPy have no CPython structs to read)."""

try:
    from pyinspect import _inspect
except ImportError as exc:  # pragma: no cover - exercised only on broken installs
    raise ImportError(
        _HELP.format(error=exc, version=sys.version.split()[0], executable=sys.executable)
    ) from exc

if _inspect.BUILT_PY_VERSION_HEX >> 16 != sys.hexversion >> 16:  # pragma: no cover
    raise ImportError(
        f"pyinspect._inspect was built for CPython {_inspect.BUILT_PY_VERSION_HEX >> 24}."
        f"{(_inspect.BUILT_PY_VERSION_HEX >> 16) & 0xFF} but runs under {sys.version.split()[0]}"
    )

#: frames whose code lives under this directory are pyinspect's own; their
#: references to an inspected object are not counted in its refcnt.
PACKAGE_DIR = os.path.dirname(__file__) + os.sep
_inspect._set_own_prefix(PACKAGE_DIR)

__all__ = ["_inspect", "PACKAGE_DIR"]
