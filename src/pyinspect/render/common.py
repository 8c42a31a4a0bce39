"""Helpers shared by the text and SVG renderers (styles, slot plans, byte
counts): the one module sibling renderers import from each other's work."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Optional

from pyinspect.render.table import bar_text

__all__ = ["short_hash", "elided", "human_bytes", "bar", "rows_with_gaps", "slot_index", "VERDICT", "BAR_WIDTH",
           "BAR_STYLE", "DUMMY_STYLE", "FOUND_STYLE", "MISS_STYLE"]

DUMMY_STYLE = "bold red"
FOUND_STYLE = "bold green"
MISS_STYLE = "bold red"

#: characters of the widest bar
BAR_WIDTH = 20
BAR_STYLE = "magenta"


def elided(items: Sequence[Any], head: int, omitted: int, rows: int) -> list[tuple[Optional[int], Any]]:
    """Pairs (index, item) of a head+tail list, with ``(None, n)`` marking the
    ``n`` omitted ones; also elides further when more than ``rows`` were read."""
    total = len(items) + omitted
    indexed = [(i, it) for i, it in enumerate(items[:head])]
    indexed += [(total - (len(items) - head) + j, it) for j, it in enumerate(items[head:])]
    if len(indexed) > rows:
        keep_tail = max(1, rows // 4)
        keep_head = rows - keep_tail
        gap = len(indexed) - keep_head - keep_tail + omitted
        return indexed[:keep_head] + [(None, gap)] + indexed[-keep_tail:]
    if omitted:
        return indexed[:head] + [(None, omitted)] + indexed[head:]
    return indexed


def short_hash(h: Optional[int]) -> str:
    """A hash as hex of its 64-bit pattern, shortened to the low digits that
    pick the slot."""
    if h is None:
        return "—"
    u = h & 0xFFFF_FFFF_FFFF_FFFF
    text = f"{u:x}"
    return f"0x{text}" if len(text) <= 6 else f"…{text[-6:]}"


def rows_with_gaps(n_read: int, head: int, omitted: int, is_empty: Any,
                    max_rows: int) -> list[tuple[str, Any]]:
    """Row plan over slots read (head + tail): ('slot', i), ('empty', (a, b))
    for a run of two or more empty slots, ('gap', count) for slots not read
    or elided."""
    total = n_read + omitted
    positions = list(range(head)) + [total - (n_read - head) + j for j in range(n_read - head)]
    plan: list[tuple[str, Any]] = []
    k = 0
    while k < n_read:
        if k == head and omitted:
            plan.append(("gap", omitted))
        if is_empty(k):
            j = k
            while j + 1 < n_read and is_empty(j + 1) and not (j + 1 == head and omitted):
                j += 1
            if j > k:
                plan.append(("empty", (positions[k], positions[j])))
            else:
                plan.append(("slot", k))
            k = j + 1
            continue
        plan.append(("slot", k))
        k += 1
    if len(plan) > max_rows:
        keep_tail = max(1, max_rows // 4)
        keep_head = max_rows - keep_tail
        hidden = plan[keep_head:len(plan) - keep_tail]
        count = 0
        for kind, v in hidden:
            count += v if kind == "gap" else (v[1] - v[0] + 1 if kind == "empty" else 1)
        plan = plan[:keep_head] + [("gap", count)] + plan[len(plan) - keep_tail:]
    return plan


def slot_index(n_read: int, head: int, omitted: int, k: int) -> int:
    return k if k < head else n_read + omitted - (n_read - head) + (k - head)


VERDICT = {
    "empty": ("EMPTY → stop: not present", MISS_STYLE),
    "dummy": ("DUMMY (deleted) → next", DUMMY_STYLE),
    "hash differs": ("other hash → next", ""),
    "identical": ("same hash, same object → found", FOUND_STYLE),
    "str equal": ("same hash, equal str (unicode_eq) → found", FOUND_STYLE),
    "str differs": ("same hash, other str → next", ""),
    "eq needed": ("same hash, other object: CPython calls __eq__ here (not called)", "bold yellow"),
    "no value": ("shared key without a value here → not present", MISS_STYLE),
    "deleted entry": ("deleted entry → next", DUMMY_STYLE),
    "bad index": ("inconsistent index", "bold red"),
}


def human_bytes(n: Optional[int]) -> str:
    """``1,234,567 B (1.2 MiB)``; bytes under 1 KiB without the suffix."""
    if n is None:
        return "-"
    if abs(n) < 1024:
        return f"{n:,} B"
    value = float(n)
    for unit in ("KiB", "MiB", "GiB", "TiB"):
        value /= 1024.0
        if abs(value) < 1024 or unit == "TiB":
            return f"{n:,} B ({value:.1f} {unit})"
    return f"{n:,} B"  # pragma: no cover


def bar(fraction: float, width: int = BAR_WIDTH) -> str:
    """A horizontal bar of ``fraction`` (0..1) of ``width`` cells, in eighths."""
    return bar_text(fraction, width)
