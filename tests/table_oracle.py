"""Independent pure-Python models of CPython's dict and set lookups, used as
test oracles for pyinspect's tables (Objects/dictobject.c, Objects/setobject.c)."""

from __future__ import annotations

import json
import pathlib
import sys

MASK64 = (1 << 64) - 1
PERTURB_SHIFT = 5
LINEAR_PROBES = 9

_DATA = pathlib.Path(__file__).parent / "data" / "cpython-layouts.json"


def version_key() -> str:
    from pyinspect._native import _inspect

    return f"{sys.version_info[0]}.{sys.version_info[1]}" + ("t" if _inspect.GIL_DISABLED else "")


def behaviour() -> dict:
    data = json.loads(_DATA.read_text())
    return data.get(version_key(), {}).get("behaviour", {})


def dict_path(h: int, mask: int):
    """Slots a dict lookup of hash h visits (infinite generator)."""
    perturb = h & MASK64
    i = h & mask
    while True:
        yield i
        perturb >>= PERTURB_SHIFT
        i = (i * 5 + perturb + 1) & mask


def set_path(h: int, mask: int):
    """Slots set_lookkey visits for hash h (infinite generator)."""
    perturb = h & MASK64
    i = h & mask
    while True:
        probes = LINEAR_PROBES if i + LINEAR_PROBES <= mask else 0
        for j in range(probes + 1):
            yield i + j
        perturb >>= PERTURB_SHIFT
        i = (i * 5 + 1 + perturb) & mask


def dict_probe_lengths(indices, entries, mask):
    """Probe length of every live key, from the raw tables only."""
    out = []
    for slot, ix in enumerate(indices):
        if ix < 0:
            continue
        h = entries[ix][0]
        for n, s in enumerate(dict_path(h, mask), 1):
            if s == slot:
                out.append(n)
                break
    return out


def set_probe_lengths(table, mask):
    out = []
    for slot, row in enumerate(table):
        if row is None or row == "dummy":
            continue
        for n, s in enumerate(set_path(row[0], mask), 1):
            if s == slot:
                out.append(n)
                break
    return out


def histogram(lengths, cap=32):
    hist = [0] * cap
    for n in lengths:
        hist[min(n, cap) - 1] += 1
    while hist and hist[-1] == 0:
        hist.pop()
    return tuple(hist)
