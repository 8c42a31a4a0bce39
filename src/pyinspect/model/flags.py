"""Names of the ``tp_flags`` bits, per CPython version.

Values are CPython's (``Include/object.h``); a bit is named only on the
versions whose headers define it, so a 3.9 type never shows 3.12 flags.
"""

from __future__ import annotations

import sys

# (bit, name, first version that defines it)
_TPFLAGS: tuple[tuple[int, str, tuple[int, int]], ...] = (
    (1 << 0, "HAVE_FINALIZE", (3, 8)),
    (1 << 1, "_STATIC_BUILTIN", (3, 12)),
    (1 << 2, "INLINE_VALUES", (3, 13)),
    (1 << 3, "MANAGED_WEAKREF", (3, 12)),
    (1 << 4, "MANAGED_DICT", (3, 11)),
    (1 << 5, "SEQUENCE", (3, 10)),
    (1 << 6, "MAPPING", (3, 10)),
    (1 << 7, "DISALLOW_INSTANTIATION", (3, 10)),
    (1 << 8, "IMMUTABLETYPE", (3, 10)),
    (1 << 9, "HEAPTYPE", (3, 8)),
    (1 << 10, "BASETYPE", (3, 8)),
    (1 << 11, "HAVE_VECTORCALL", (3, 8)),
    (1 << 12, "READY", (3, 8)),
    (1 << 13, "READYING", (3, 8)),
    (1 << 14, "HAVE_GC", (3, 8)),
    (1 << 17, "METHOD_DESCRIPTOR", (3, 8)),
    (1 << 18, "HAVE_VERSION_TAG", (3, 8)),
    (1 << 19, "VALID_VERSION_TAG", (3, 8)),
    (1 << 20, "IS_ABSTRACT", (3, 8)),
    (1 << 22, "_MATCH_SELF", (3, 10)),
    (1 << 23, "ITEMS_AT_END", (3, 12)),
    (1 << 24, "LONG_SUBCLASS", (3, 8)),
    (1 << 25, "LIST_SUBCLASS", (3, 8)),
    (1 << 26, "TUPLE_SUBCLASS", (3, 8)),
    (1 << 27, "BYTES_SUBCLASS", (3, 8)),
    (1 << 28, "UNICODE_SUBCLASS", (3, 8)),
    (1 << 29, "DICT_SUBCLASS", (3, 8)),
    (1 << 30, "BASE_EXC_SUBCLASS", (3, 8)),
    (1 << 31, "TYPE_SUBCLASS", (3, 8)),
)


def tpflag_names(flags: int, version: tuple[int, int] = sys.version_info[:2]) -> tuple[str, ...]:
    """Names (without ``Py_TPFLAGS_``) of the bits set in ``flags``; unknown
    bits appear as ``"bit<N>"``."""
    names = []
    known = 0
    for bit, name, since in _TPFLAGS:
        if version >= since:
            known |= bit
            if flags & bit:
                names.append(name)
    rest = flags & ~known
    n = 0
    while rest:
        if rest & 1:
            names.append(f"bit{n}")
        rest >>= 1
        n += 1
    return tuple(names)


def tpflag_value(name: str) -> int:
    """The bit of a flag name (``"HEAPTYPE"`` or ``"Py_TPFLAGS_HEAPTYPE"``)."""
    name = name.removeprefix("Py_TPFLAGS_")
    for bit, known, _since in _TPFLAGS:
        if known == name:
            return bit
    raise KeyError(name)
