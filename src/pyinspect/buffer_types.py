"""Which imported modules define objects with data buffers, told to the C walk.

pyinspect never imports numpy, mmap or torch: a program that has none of
their objects need not pay for them, and importing them is code that runs.
When the program has imported one, it is in ``sys.modules``, and its type
(``numpy.ndarray``, ``mmap.mmap``, ``torch._C.TensorBase``) is handed to the
C extension, which checks it before reading any struct (a static type named
``numpy.ndarray`` at least as large as ``PyArrayObject_fields``, ...) and
from then on recognises its instances with ``PyType_IsSubtype`` (the MRO, in
C: no ``__class__`` or ``isinstance`` runs).

numpy's array struct is read directly; only its descriptor's item size moved
between numpy 1.x and 2.x, so the major version is read from the loaded
module's ``__version__``.
"""

from __future__ import annotations

import sys
import types
from typing import Any, Optional

from pyinspect._native import _inspect

__all__ = ["note", "numpy_major", "told"]

#: the ``sys.modules`` entries of numpy, mmap and torch as last told to the
#: C side (a module that had not finished importing is not remembered, so it
#: is looked at again next time); ``told[0] is sys.modules.get("numpy")``
#: is all a flat size needs to check
told: list[Any] = [None, None, None]
#: the types last told (kept when a module leaves sys.modules: its objects may not)
_types: list[Any] = [None, 0, None, None]


def _module(name: str) -> Optional[types.ModuleType]:
    """``sys.modules[name]`` when it is a plain module (a lazy-import proxy's
    attribute access would run its code)."""
    mod = sys.modules.get(name)
    return mod if type(mod) is types.ModuleType else None


def _attr(mod: Optional[types.ModuleType], name: str) -> Any:
    """A plain module's attribute, or None (a module's getattr runs no code of
    its own unless the name is missing and the module defines ``__getattr__``;
    the names asked for exist once the import finished)."""
    if mod is None:
        return None
    value = mod.__dict__.get(name)
    return value if _inspect.is_instance(value, type) else None


def numpy_major(np: Optional[types.ModuleType]) -> int:
    """The major version of a loaded numpy from its ``__version__``, 0 when unknown."""
    version = np.__dict__.get("__version__") if np is not None else None
    if type(version) is not str:
        return 0
    head = version.split(".", 1)[0]
    return int(head) if head.isdigit() else 0


def note() -> None:
    """Tell the C extension the buffer types of the modules the program has
    imported so far (cheap when nothing changed: three dict lookups)."""
    get = sys.modules.get
    seen = (get("numpy"), get("mmap"), get("torch"))
    if seen[0] is told[0] and seen[1] is told[1] and seen[2] is told[2]:
        return
    np, mm, th = _module("numpy"), _module("mmap"), _module("torch")
    ndarray = _attr(np, "ndarray")
    mmap_type = _attr(mm, "mmap")
    torch_c = th.__dict__.get("_C") if th is not None else None
    torch_c = torch_c if type(torch_c) is types.ModuleType else None
    tensor = _attr(torch_c, "TensorBase") or _attr(torch_c, "_TensorBase")
    if ndarray is not None:
        _types[0], _types[1] = ndarray, numpy_major(np)
    if mmap_type is not None:
        _types[2] = mmap_type
    if tensor is not None:
        _types[3] = tensor
    _inspect.note_buffer_types(*_types)
    # a module still importing has not set its names yet: look again next time
    told[:] = [seen[0] if ndarray is not None or seen[0] is None else _STILL_IMPORTING,
               seen[1] if mmap_type is not None or seen[1] is None else _STILL_IMPORTING,
               seen[2] if tensor is not None or seen[2] is None else _STILL_IMPORTING]


#: never a module: makes the next note() look again
_STILL_IMPORTING = object()
