"""``census()``: how many objects of each type exist, and their bytes.

Counted in C (``csrc/census.c``) in one pass over the objects the collector
tracks (``gc.get_objects()``), each one's flat size computed from its struct
as :func:`pyinspect.sizeof` does (no ``__sizeof__`` runs).  Two censuses
compare with :meth:`~pyinspect.model.Census.diff`, which makes a leak test
of a few lines::

    before = pyinspect.census()
    run_the_code_under_test()
    assert not pyinspect.census().diff(before, min_count=100)
"""

from __future__ import annotations

import time
from typing import Any

from pyinspect import arguments
from pyinspect._native import _inspect
from pyinspect.model.census import Census

__all__ = ["census"]


def census(*, untracked: bool = False) -> Census:
    """Objects by type, with their bytes, for every object the collector tracks.

    Args:
        untracked: also count, each once, the objects those reach that the
            collector does not track: str, int, float, bytes, tuples and
            dicts it untracked (they hold only such objects), static types,
            and the str keys ``dict`` does not report to it.

    Returns:
        A :class:`~pyinspect.model.Census`: ``rows`` of
        :class:`~pyinspect.model.CensusRow` (most bytes first), ``show()``
        for a table with bars, ``diff(before)`` for what grew.

    Raises:
        TypeError: ``untracked`` is not True or False.
    """
    untracked = arguments.flag(untracked, "untracked")
    start = time.perf_counter()
    raw = _inspect.census(untracked)
    seconds = time.perf_counter() - start
    return _build(raw, untracked, seconds)


def _build(raw: dict[str, Any], untracked: bool, seconds: float) -> Census:
    # types of one name (a class defined twice, two modules' "Config") are one row
    merged: dict[str, list[Any]] = {}
    for name, _address, count, nbytes, ucount, ubytes, mirrored in raw["rows"]:
        row = merged.get(name)
        if row is None:
            merged[name] = [name, count + ucount, nbytes + ubytes, ucount, ubytes, bool(mirrored)]
        else:
            row[1] += count + ucount
            row[2] += nbytes + ubytes
            row[3] += ucount
            row[4] += ubytes
            row[5] = row[5] and bool(mirrored)
    rows = [tuple(r) for r in merged.values() if r[1]]
    return Census.build(rows, untracked, raw["frozen"], seconds)  # type: ignore[arg-type]

