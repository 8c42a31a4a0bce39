"""Terminal pictures of dicts and sets: the two tables, slots and probe paths.

A dict is drawn as a teacher draws it: the sparse index table on the left
(each slot EMPTY, DUMMY or the number of an entry), the dense entries on the
right in insertion order (hash, key, value, and the slot that points back at
each), then the C statistics of the whole table.  Runs of empty slots are
drawn as one row, so small tables fit a screen whole and big ones show their
head … tail.  Input is Layouts only.
"""

from __future__ import annotations

from typing import Any, Optional

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.text import Text

from pyinspect.model import (
    DICT_DUMMY,
    DICT_EMPTY,
    DictLayout,
    ItemSummary,
    ProbeResult,
    SetLayout,
    TableStats,
)
from pyinspect.render.common import (
    DUMMY_STYLE,
    FOUND_STYLE,
    MISS_STYLE,
    VERDICT,
    rows_with_gaps,
    short_hash,
    slot_index,
)
from pyinspect.render.table import Fitting, Table
from pyinspect.render.text import ADDRESS_STYLE, NOTE_STYLE, addr, gap_row, kv_table, renders

__all__ = ["probe_picture", "stats_table", "short_hash"]

EMPTY_STYLE = "dim"
LIVE_STYLE = "bold green"
KEY_STYLE = "bold"




def _label(s: Optional[ItemSummary]) -> Text:
    if s is None:
        return Text("")
    return Text(s.label, style=KEY_STYLE if s.value is not None else "dim")






def stats_table(st: TableStats, what: str = "keys") -> Table:
    """Load, dummies and probe lengths of a whole table."""
    rows: list[tuple[str, Any]] = [
        ("load", f"{st.used} {what} in {st.slots} slots = {st.load_factor:.0%}"
                 f"   ({st.empty} empty, {st.dummies} dummy)"),
    ]
    if st.measured:
        probe = Text(f"mean {st.probe_mean:.2f}, max {st.probe_max}   ")
        probe.append(f"{st.collisions} of {st.measured} {what} not in their home slot (collisions)",
                     style=NOTE_STYLE)
        rows.append(("probe length", probe))
        rows.append(("histogram", _histogram(st)))
    if st.deleted:
        rows.append(("deleted entries", f"{st.deleted} (dense slots kept until the next resize)"))
    if st.absent:
        rows.append(("absent", f"{st.absent} shared keys without a value here"))
    if st.bad or st.unreachable:
        rows.append(("inconsistent", Text(f"{st.bad} bad slots, {st.unreachable} unreachable keys",
                                          style="bold red")))
    return kv_table(rows)


def _histogram(st: TableStats) -> Text:
    t = Text()
    peak = max(st.histogram) if st.histogram else 0
    for k, n in enumerate(st.histogram):
        if not n:
            continue
        last = k == st.histogram_cap - 1
        label = f"{k + 1}{'+' if last else ''}"
        bar = "█" * max(1, round(20 * n / peak)) if peak else ""
        t.append(f"{label:>3} probe{'s' if k else ' '} ")
        t.append(bar, style=LIVE_STYLE)
        t.append(f" {n}\n")
    t.rstrip()
    return t


# ---- dict --------------------------------------------------------------------------


def _dict_info(lay: DictLayout) -> Table:
    kinds = {
        "general": f"general keys: PyDictKeyEntry {{hash, key, value}}, {lay.entry_size} B each",
        "unicode": f"str-only keys: PyDictUnicodeEntry {{key, value}}, {lay.entry_size} B each; "
                   "the hash is the one cached in each str",
        "split": f"split table: keys shared (entries {lay.entry_size} B), values stored apart",
    }
    rows: list[tuple[str, Any]] = []
    if lay.source == "instance":
        where = "inline after the object" if lay.values_embedded else "in the object's pre-header"
        rows.append(("attributes", Text(f"no __dict__ yet: the class's shared keys + values {where}",
                                        style="bold")))
    elif lay.source == "__dict__":
        rows.append(("attributes", Text.assemble("in the instance's __dict__ at ", addr(lay.dict_address))))
    rows.append(("ma_used", f"{lay.used} key{'s' if lay.used != 1 else ''}"))
    keys = Text.assemble(addr(lay.keys_address), f"  {lay.capacity}-slot table, {kinds[lay.keys_kind]}")
    rows.append(("ma_keys", keys))
    if lay.empty_keys:
        rows.append(("", Text("the interpreter's shared empty keys (Py_EMPTY_KEYS): {} allocates no table",
                              style=NOTE_STYLE)))
    refs = f"{lay.dk_refcnt}"
    if lay.immortal_keys:
        refs += " (immortal)"
    elif lay.dk_refcnt > 1:
        refs += f" (shared by {lay.dk_refcnt - 1 if lay.split else lay.dk_refcnt} dicts)"
    rows.append(("dk_refcnt", refs))
    rows.append(("dk_indices", f"{lay.capacity} slots × {lay.index_width} B"
                               f"  (log2 size {lay.log2_size}, {lay.index_bytes} B)"))
    rows.append(("dk_entries", f"{lay.nentries} used of {lay.entries_capacity}"
                               f"  (dk_usable {lay.usable}: insertions left before the table is rebuilt)"))
    if lay.dk_version is not None:
        rows.append(("dk_version", f"{lay.dk_version}" + ("  (none assigned)" if lay.dk_version == 0 else "")))
    if lay.values_address is not None and not lay.empty_values:
        v = Text.assemble(addr(lay.values_address))
        if lay.values_capacity is not None:
            v.append(f"  PyDictValues capacity {lay.values_capacity}, size {lay.values_size}, "
                     f"{'embedded in the object' if lay.values_embedded else 'separate'}, "
                     f"{'valid' if lay.values_valid else 'copied out'}", style=NOTE_STYLE)
        rows.append(("ma_values", v))
        if lay.order is not None:
            rows.append(("order", "insertion order of the values: " + ", ".join(map(str, lay.order))))
    elif lay.empty_values:
        rows.append(("ma_values", Text("static empty_values of {} (not a split table)", style=NOTE_STYLE)))
    else:
        rows.append(("ma_values", Text("NULL: a combined table, values live in the entries", style=NOTE_STYLE)))
    return kv_table(rows)


def _indices_rows(lay: DictLayout, rows: int) -> list[tuple[Any, Any]]:
    out: list[tuple[Any, Any]] = []
    n = len(lay.indices)

    def empty(k: int) -> bool:
        return lay.indices[k] == DICT_EMPTY

    for kind, v in rows_with_gaps(n, lay.indices_head, lay.indices_omitted, empty, rows):
        if kind == "gap":
            out.append(("", gap_row(v)))
        elif kind == "empty":
            out.append((f"[{v[0]}–{v[1]}]", Text("EMPTY", style=EMPTY_STYLE)))
        else:
            k = v
            ix = lay.indices[k]
            slot = f"[{slot_index(n, lay.indices_head, lay.indices_omitted, k)}]"
            if ix == DICT_EMPTY:
                out.append((slot, Text("EMPTY", style=EMPTY_STYLE)))
            elif ix == DICT_DUMMY:
                out.append((slot, Text("DUMMY", style=DUMMY_STYLE)))
            else:  # the arrow names its target: entry ix, not the entry drawn beside it
                out.append((slot, Text(f"→ {ix}", style=LIVE_STYLE)))
    return out


def _entries_rows(lay: DictLayout, rows: int) -> list[tuple[Any, ...]]:
    out: list[tuple[Any, ...]] = []
    n = len(lay.entries)
    for kind, v in rows_with_gaps(n, lay.entries_head, lay.entries_omitted, lambda k: False, rows):
        if kind == "gap":
            out.append(("", gap_row(v), "", "", ""))
            continue
        k = v
        i = slot_index(n, lay.entries_head, lay.entries_omitted, k)
        h, key_address, value_address = lay.entries[k]
        if key_address is None:
            out.append((str(i), short_hash(h), Text("(deleted)", style=DUMMY_STYLE),
                        Text("NULL", style=EMPTY_STYLE), ""))
            continue
        slot = lay.entry_slots[k]
        where = "" if slot is None else f"{slot[0]}" + ("" if slot[1] == 1 else f" ({slot[1]} probes)")
        value = _label(lay.values_shown[k]) if value_address is not None else Text("(no value)", style=EMPTY_STYLE)
        out.append((str(i), short_hash(h), _label(lay.keys[k]), value, where))
    free = lay.entries_capacity - lay.nentries
    if free > 0 and not lay.empty_keys:
        out.append(("", Text(f"{free} free", style=EMPTY_STYLE), "", "", ""))
    return out


def _indices_columns(t: Table) -> None:
    t.add_column("slot", justify="right", no_wrap=True)
    t.add_column("dk_indices", no_wrap=True)


def _entries_columns(t: Table) -> None:
    t.add_column("dk_entries", justify="right", no_wrap=True)
    t.add_column("hash", style=ADDRESS_STYLE, no_wrap=True)
    t.add_column("key")
    t.add_column("value")
    t.add_column("its slot", justify="right")


def _side_by_side(lay: DictLayout, rows: int) -> Table:
    """dk_indices and dk_entries side by side, as one flat table (nesting
    tables makes rich measure every cell many times)."""
    t = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    _indices_columns(t)
    t.add_column("│", style="dim")
    _entries_columns(t)
    left = _indices_rows(lay, 2 * rows)  # runs of empty slots are one row each: the sparse table gets more
    right = _entries_rows(lay, rows)
    for k in range(max(len(left), len(right))):
        a = left[k] if k < len(left) else ("", "")
        b = right[k] if k < len(right) else ("", "", "", "", "")
        t.add_row(*a, "│", *b)
    return t


def _stacked(lay: DictLayout, rows: int) -> Group:
    """dk_indices above dk_entries (when side by side does not fit)."""
    left = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    _indices_columns(left)
    for a in _indices_rows(lay, rows):
        left.add_row(*a)
    right = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    _entries_columns(right)
    for b in _entries_rows(lay, rows):
        right.add_row(*b)
    return Group(left, Text(""), right)


def _two_tables(lay: DictLayout, rows: int) -> RenderableType:
    sizes = Text(f"dk_indices: {lay.capacity} slots × {lay.index_width} B, sparse (hash order);   "
                 f"dk_entries: {lay.nentries} of {lay.entries_capacity} used, dense (insertion order)",
                 style=NOTE_STYLE)
    return Group(Fitting(lambda: _side_by_side(lay, rows), lambda: _stacked(lay, rows)), sizes)


@renders(DictLayout)
def _dict(lay: DictLayout, rows: int) -> RenderableType:
    note = Text("lookup: slot = hash & mask (mask = "
                f"{lay.mask}); on a miss perturb >>= 5; slot = (slot*5 + perturb + 1) & mask",
                style=NOTE_STYLE)
    return Group(_dict_info(lay), Text(""), _two_tables(lay, rows), note, Text(""), stats_table(lay.stats))


# ---- set ----------------------------------------------------------------------------


@renders(SetLayout)
def _set(lay: SetLayout, rows: int) -> RenderableType:
    where = (f"the {lay.capacity}-slot smalltable inside the object (offset {lay.smalltable_offset})"
             if lay.smalltable else f"{lay.capacity} slots on the heap")
    info_rows: list[tuple[str, Any]] = [
        ("used", f"{lay.used} keys"),
        ("fill", f"{lay.fill} = {lay.used} active + {lay.fill - lay.used} dummy"
                 f"  (resize when an insert makes fill×5 ≥ mask×3)"),
        ("mask", f"{lay.mask}  (table of {lay.capacity} slots)"),
        ("table", Text.assemble(addr(lay.table_address), f"  {where}")),
        ("finger", f"{lay.finger}  (where pop() looks first)"),
    ]
    if lay.family == "frozenset":
        info_rows.append(("hash", "not computed yet (-1)" if lay.hash is None else str(lay.hash)))
    t = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, title="setentry table", title_style="bold")
    t.add_column("slot", justify="right")
    t.add_column("hash", style=ADDRESS_STYLE)
    t.add_column("key")
    t.add_column("probes", justify="right")
    n = len(lay.table)

    def empty(k: int) -> bool:
        return lay.table[k] is None

    for kind, v in rows_with_gaps(n, lay.table_head, lay.table_omitted, empty, 2 * rows):
        if kind == "gap":
            t.add_row("", gap_row(v), "", "")
        elif kind == "empty":
            t.add_row(f"[{v[0]}–{v[1]}]", Text("unused", style=EMPTY_STYLE), Text("NULL", style=EMPTY_STYLE), "")
        else:
            k = v
            row = lay.table[k]
            slot = f"[{slot_index(n, lay.table_head, lay.table_omitted, k)}]"
            if row is None:
                t.add_row(slot, Text("unused", style=EMPTY_STYLE), Text("NULL", style=EMPTY_STYLE), "")
            elif row == "dummy":
                t.add_row(slot, Text("-1", style=DUMMY_STYLE), Text("<dummy>  (deleted)", style=DUMMY_STYLE), "")
            else:
                p = lay.probes[k]
                t.add_row(slot, short_hash(row[0]), _label(lay.keys[k]), "" if p is None else str(p))
    note = Text(f"lookup: slot = hash & mask (mask = {lay.mask}), then the next 9 slots (LINEAR_PROBES),"
                " then perturb >>= 5; slot = (slot*5 + 1 + perturb) & mask", style=NOTE_STYLE)
    return Group(kv_table(info_rows), Text(""), t, note, Text(""), stats_table(lay.stats))


# ---- probe ---------------------------------------------------------------------------



def probe_picture(p: ProbeResult) -> RenderableType:
    """The path of one lookup, step by step."""
    first = p.home_slot
    info = kv_table([
        ("key", Text(p.key.label, style=KEY_STYLE)),
        ("hash(key)", f"{p.hash}  (= {p.hash & 0xFFFF_FFFF_FFFF_FFFF:#x} as the unsigned perturb)"),
        ("first slot", f"hash & mask = hash & {p.mask} = {first}"),
        ("table", f"{p.capacity} slots, {p.used} keys" + (f", {p.keys_kind} keys" if p.keys_kind else "")),
    ])
    t = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    t.add_column("step", justify="right")
    t.add_column("slot", justify="right")
    t.add_column("how", style=NOTE_STYLE)
    t.add_column("perturb", style=NOTE_STYLE, justify="right")
    if p.scheme == "dict":
        t.add_column("index", justify="right")
    t.add_column("stored hash", style=ADDRESS_STYLE)
    t.add_column("key")
    t.add_column("verdict")
    prev_slot = prev_block = None
    for n, s in enumerate(p.steps, 1):
        if n == 1:
            how = "hash & mask"
        elif p.scheme == "set" and s.index > 0:
            how = f"linear +{s.index}"
        elif p.scheme == "set":
            how = f"({prev_block}*5 + 1 + perturb) & {p.mask}"
        else:
            how = f"({prev_slot}*5 + perturb + 1) & {p.mask}"
        if p.scheme == "set" and s.index == 0:
            prev_block = s.slot
        prev_slot = s.slot
        text, style = VERDICT.get(s.status, (s.status, ""))
        cells: list[Any] = [str(n), str(s.slot), how, short_hash(s.perturb)]
        if p.scheme == "dict":
            ix = "EMPTY" if s.index == DICT_EMPTY else "DUMMY" if s.index == DICT_DUMMY else str(s.index)
            cells.append(ix)
        cells += [short_hash(s.hash) if s.status not in ("empty", "dummy") else "",
                  _label(s.key), Text(text, style=style)]
        t.add_row(*cells)
    if p.result == "found":
        what = f"entry {p.entry_index}" if p.scheme == "dict" else f"slot {p.entry_index}"
        outcome = Text.assemble(("found", FOUND_STYLE), f" after {p.probes} probe{'s' if p.probes > 1 else ''}: {what}")
        if p.value is not None:
            outcome.append(" → value ")
            outcome.append(p.value.label, style=KEY_STYLE)
    elif p.result == "missing":
        outcome = Text.assemble(("not present", MISS_STYLE), f" after {p.probes} probe{'s' if p.probes > 1 else ''}")
    else:
        outcome = Text.assemble(("undecided", "bold yellow"),
                                ": an equal-hash key would need __eq__, which pyinspect never calls")
    rule = ("next slot: perturb >>= 5; slot = (slot*5 + perturb + 1) & mask   (perturb starts as the hash)"
            if p.scheme == "dict" else
            f"from each chosen slot the next {p.linear_probes} slots are tried (if they fit), then "
            "perturb >>= 5; slot = (slot*5 + 1 + perturb) & mask")
    return Panel(
        Group(info, Text(""), t, outcome, Text(rule, style=NOTE_STYLE)),
        title=Text.assemble(("lookup", "bold"), f" of {p.key.label} in {p.container_type} at ",
                            (hex(p.container_address), ADDRESS_STYLE)),
        title_align="left", box=box.ROUNDED, expand=False,
    )
