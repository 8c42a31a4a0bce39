"""SVG pictures of dicts, sets and lookups.

A dict is drawn as the chapter draws it: the sparse ``dk_indices`` on the
left (each slot EMPTY, DUMMY or the number of an entry), the dense
``dk_entries`` on the right in insertion order, an arrow from every used
index slot to its entry, the deleted entries and the free (slack) entries
kept until the next resize, then the whole-table statistics computed in C.
A set is its one table of slots.  A key that is not in its home slot
(``hash & mask``) gets a curved arrow from the home slot: the collision the
probe sequence walked around.  The path of one lookup
(:func:`pyinspect.probe`) is drawn over the table's slots, step by step.

Big tables are bounded like the terminal pictures: runs of empty slots are
one row, and only the head ... tail of what was read is drawn, with counts.
Input: Layouts and ProbeResults only.
"""

from __future__ import annotations

from typing import Optional

from pyinspect.model import (
    DICT_DUMMY,
    DICT_EMPTY,
    DictLayout,
    FrozenDictLayout,
    ItemSummary,
    ProbeResult,
    ProbeStep,
    SetLayout,
    TableStats,
)
from pyinspect.render import svg
from pyinspect.render.common import VERDICT, elided, rows_with_gaps, short_hash, slot_index
from pyinspect.render.svg import (
    ADDRESS,
    DIM,
    GAP,
    INK,
    OBJECT,
    SMALL,
    SPARE,
    USED,
    Drawing,
    note,
    text_width,
    title_bar,
)

__all__ = ["DUMMY", "FREE", "VISITED", "FOUND", "MISSING", "UNDECIDED", "HOME", "stats_block", "RH"]

DUMMY = "#f4b6b6"      # a DUMMY index / dummy set slot / deleted entry
FREE = "#f7f7f7"       # an entry allocated but not used yet (slack)
VISITED = "#fde9a9"    # a slot a lookup looked at and went past
FOUND = "#7fc97f"      # the slot a lookup stopped at, found
MISSING = "#f08080"    # the EMPTY slot that ended a lookup: not present
UNDECIDED = "#ffd966"  # same hash, other object: CPython would call __eq__
HOME = "#b07aa1"       # arrows from a key's home slot to where it sits

RH = 22.0      # row height of the tables
GUTTER = 34.0  # room on the left for the home-slot arrows
LABEL_W = 58.0  # slot numbers, right-aligned
CELL_W = 78.0  # an index slot / a set slot's state
LABEL_CHARS = 26


def _short(s: Optional[ItemSummary]) -> str:
    if s is None:
        return ""
    text = s.label
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


def _column_width(labels: list[str], caption: str, minimum: float = 60) -> float:
    return max([text_width(t) for t in labels] + [text_width(caption, SMALL), minimum]) + 14


def _home_arrow(d: Drawing, x: float, y1: float, y2: float, slot: int, home: int, probes: int) -> None:
    """A curve on the left from a key's home slot (y1) to its slot (y2)."""
    out = x - 8 - min(22.0, 6 + abs(y2 - y1) * 0.08)
    path = f"M{x:.1f},{y1:.1f} C{out:.1f},{y1:.1f} {out:.1f},{y2:.1f} {x:.1f},{y2:.1f}"
    d.path(path, cls="arrow home-arrow", stroke=HOME, data_slot=str(slot), data_home=str(home),
           data_probes=str(probes))


def _slot_label(d: Drawing, x: float, y: float, text: str) -> None:
    d.text(x + GUTTER + LABEL_W - 6, y + 15, text, size=SMALL, fill=DIM, anchor="end", cls="slot-index")


def stats_block(d: Drawing, st: TableStats, x: float, y: float, what: str = "keys") -> float:
    """Load, dummies and probe lengths of a whole table, with the histogram
    of probe lengths as bars; returns the y below."""
    d.begin("table-stats", data_slots=str(st.slots), data_used=str(st.used), data_dummies=str(st.dummies))
    y = svg.section(d, x, y, "the whole table (statistics computed in C from the stored hashes)")
    y = note(d, x, y, f"load: {st.used} {what} in {st.slots} slots = {st.load_factor:.0%}; "
                      f"{st.empty} empty, {st.dummies} dummy")
    if st.measured:
        y = note(d, x, y, f"probe length: mean {st.probe_mean:.2f}, max {st.probe_max}; {st.collisions} of "
                          f"{st.measured} {what} not in their home slot (collisions)")
        peak = max(st.histogram) if st.histogram else 0
        for k, n in enumerate(st.histogram):
            if not n:
                continue
            last = k == st.histogram_cap - 1
            label = f"{k + 1}{'+' if last else ''} probe{'s' if k else ''}"
            d.text(x + 70, y + 13, label, size=SMALL, fill=DIM, anchor="end", cls="histogram-label")
            w = max(2.0, 220.0 * n / peak) if peak else 2.0
            d.rect(x + 76, y + 3, w, 12, fill=USED, stroke=USED, cls="histogram-bar",
                   data_probes=str(k + 1), data_count=str(n))
            d.text(x + 82 + w, y + 13, str(n), size=SMALL, cls="histogram-count")
            y += 16
    if st.deleted:
        y = note(d, x, y, f"{st.deleted} deleted entries keep their dense slots until the next resize")
    if st.absent:
        y = note(d, x, y, f"{st.absent} shared keys have no value in this dict")
    if st.bad or st.unreachable:
        d.text(x, y + 12, f"inconsistent: {st.bad} bad slots, {st.unreachable} unreachable keys", size=SMALL + 1,
               fill="#c0392b", bold=True, cls="inconsistent")
        y += 17
    d.end()
    return y


# ---- dict ---------------------------------------------------------------------------------------


def _dict_notes(lay: DictLayout, d: Drawing, x: float, y: float) -> float:
    kinds = {
        "general": f"general keys: PyDictKeyEntry {{hash, key, value}}, {lay.entry_size} B each",
        "unicode": f"str-only keys: PyDictUnicodeEntry {{key, value}}, {lay.entry_size} B each "
                   "(the hash is the one cached in each str)",
        "split": f"split table: the keys are shared (entries {lay.entry_size} B), the values stored apart",
    }
    if lay.source == "instance":
        where = "inline after the object" if lay.values_embedded else "in the object's pre-header"
        y = note(d, x, y, f"no __dict__ yet: the class's shared keys + the values {where}")
    elif lay.source == "__dict__":
        y = note(d, x, y, f"the instance's materialized __dict__ at {lay.dict_address or 0:#x}")
    if isinstance(lay, FrozenDictLayout):
        y = note(d, x, y, "frozendict (3.15): a PyDictObject plus ma_hash, "
                          + ("hash not computed yet" if lay.hash is None else f"hash {lay.hash} cached"))
    y = note(d, x, y, f"ma_used {lay.used} key{'s' if lay.used != 1 else ''}; ma_keys → {lay.keys_address:#x}: "
                      + kinds.get(lay.keys_kind, lay.keys_kind))
    if lay.empty_keys:
        y = note(d, x, y, "the interpreter's shared empty keys (Py_EMPTY_KEYS): {} allocates no table")
    refs = f"dk_refcnt {lay.dk_refcnt}"
    if lay.immortal_keys:
        refs = "dk_refcnt: immortal"
    elif lay.dk_refcnt > 1:
        refs += f" (keys shared by {lay.dk_refcnt} owners)"
    y = note(d, x, y, f"dk_indices: {lay.capacity} slots × {lay.index_width} B; dk_entries: {lay.nentries} of "
                      f"{lay.entries_capacity} used ({lay.stats.deleted} deleted); dk_usable {lay.usable} "
                      f"insertions left before a resize; {refs}")
    if lay.values is not None and lay.values_address is not None and not lay.empty_values:
        extra = ""
        if lay.values_capacity is not None:
            extra = (f", PyDictValues capacity {lay.values_capacity}"
                     f"{', embedded in the object' if lay.values_embedded else ''}")
        order = f"; insertion order {', '.join(map(str, lay.order))}" if lay.order else ""
        y = note(d, x, y, f"ma_values → {lay.values_address:#x}: values[i] belongs to entry i{extra}{order}")
    return y


@svg.renders(DictLayout)
def _dict(lay: DictLayout, d: Drawing, x: float, y: float, rows: int) -> float:
    y = _dict_notes(lay, d, x, y)
    y = _two_tables(lay, d, x, y + 8, rows)
    y = note(d, x, y + 2, f"lookup: slot = hash & mask (mask {lay.mask}); on a miss perturb >>= 5, "
                          "slot = (slot*5 + perturb + 1) & mask; an EMPTY slot ends it, a DUMMY does not")
    return stats_block(d, lay.stats, x, y + 6)


def _two_tables(lay: DictLayout, d: Drawing, x: float, y: float, rows: int) -> float:
    cx = x + GUTTER + LABEL_W
    ex = cx + CELL_W + 120
    split = lay.values is not None and not lay.empty_values
    n_e = len(lay.entries)
    plan_e = rows_with_gaps(n_e, lay.entries_head, lay.entries_omitted, lambda k: False, rows)
    shown = [v for kind, v in plan_e if kind == "slot"]
    hash_caption = "hash (the str's)" if lay.keys_kind != "general" else "me_hash"
    key_w = _column_width([_short(lay.keys[k]) if lay.entries[k][1] is not None else "NULL (deleted)"
                           for k in shown], "me_key")
    val_w = _column_width([_short(lay.values_shown[k]) for k in shown], "values[i]" if split else "me_value")
    cols = (("#", 34.0), (hash_caption, 108.0), ("me_key", key_w), ("ma_values[i]" if split else "me_value", val_w))
    #: a split table's values live apart from its keys: drawn as a column of their own
    apart = 18.0 if split else 0.0
    # titles
    d.text(cx, y + 12, "dk_indices", bold=True, cls="table-title")
    d.text(cx, y + 25, f"sparse: {lay.capacity} × int{8 * lay.index_width}", size=SMALL, fill=DIM, cls="table-sub")
    d.text(ex, y + 12, "dk_entries", bold=True, cls="table-title")
    d.text(ex, y + 25, f"dense, insertion order: {lay.nentries} of {lay.entries_capacity} used", size=SMALL,
           fill=DIM, cls="table-sub")
    y += 32
    px = ex
    for k, (name, w) in enumerate(cols):
        px += apart if k == 3 else 0
        d.text(px + 4, y + 12, name, size=SMALL, fill=DIM, bold=True, cls="column")
        px += w
    y += 18
    top = y
    slot_y: dict[int, float] = {}
    slot_entry: dict[int, int] = {}
    entry_y: dict[int, float] = {}
    # ---- dk_indices
    n_i = len(lay.indices)
    d.begin("dk-indices", data_capacity=str(lay.capacity), data_width=str(lay.index_width))
    yy = top
    for kind, v in rows_with_gaps(n_i, lay.indices_head, lay.indices_omitted,
                                   lambda k: lay.indices[k] == DICT_EMPTY, 2 * rows):
        if kind == "gap":
            d.rect(cx, yy, CELL_W, RH, fill=GAP, dash=True, cls="gap", data_count=str(v))
            d.text(cx + CELL_W / 2, yy + 15, f"… {v} …", size=SMALL, fill=DIM, anchor="middle", cls="gap-label")
        elif kind == "empty":
            a, b = v
            _slot_label(d, x, yy, f"[{a}–{b}]")
            d.rect(cx, yy, CELL_W, RH, fill=SPARE, cls="index-slot empty run", data_first=str(a),
                   data_last=str(b), data_count=str(b - a + 1),
                   title=f"slots {a} to {b}: DKIX_EMPTY (-1), never used")
            d.text(cx + CELL_W / 2, yy + 15, f"EMPTY ×{b - a + 1}", size=SMALL, fill=DIM, anchor="middle",
                   cls="slot-text")
        else:
            slot = slot_index(n_i, lay.indices_head, lay.indices_omitted, v)
            ix = lay.indices[v]
            _slot_label(d, x, yy, f"[{slot}]")
            if ix == DICT_EMPTY:
                d.rect(cx, yy, CELL_W, RH, fill=SPARE, cls="index-slot empty", data_slot=str(slot),
                       title=f"slot {slot}: DKIX_EMPTY (-1), never used")
                d.text(cx + CELL_W / 2, yy + 15, "EMPTY", size=SMALL, fill=DIM, anchor="middle", cls="slot-text")
            elif ix == DICT_DUMMY:
                d.rect(cx, yy, CELL_W, RH, fill=DUMMY, cls="index-slot dummy", data_slot=str(slot),
                       title=f"slot {slot}: DKIX_DUMMY (-2), a deleted key: lookups go on past it")
                d.text(cx + CELL_W / 2, yy + 15, "DUMMY ✕", size=SMALL, anchor="middle", cls="slot-text dummy-mark")
            elif ix >= 0:
                d.rect(cx, yy, CELL_W, RH, fill=USED, cls="index-slot live", data_slot=str(slot),
                       data_entry=str(ix), title=f"dk_indices[{slot}] = {ix}: entry {ix}")
                d.text(cx + CELL_W / 2, yy + 15, str(ix), bold=True, anchor="middle", cls="slot-text")
                slot_entry[slot] = ix
            else:
                d.rect(cx, yy, CELL_W, RH, fill=MISSING, cls="index-slot bad", data_slot=str(slot))
                d.text(cx + CELL_W / 2, yy + 15, f"bad {ix}", size=SMALL, anchor="middle", cls="slot-text")
            slot_y[slot] = yy + RH / 2
        yy += RH + 2
    d.end()
    bottom = yy
    # ---- dk_entries
    d.begin("dk-entries", data_nentries=str(lay.nentries), data_capacity=str(lay.entries_capacity))
    yy = top
    width = max(sum(w for _, w in cols) + apart, 360.0)
    for kind, v in plan_e:
        if kind == "gap":
            d.rect(ex, yy, width, RH, fill=GAP, dash=True, cls="gap", data_count=str(v))
            d.text(ex + width / 2, yy + 15, f"… {v} entries …", size=SMALL, fill=DIM, anchor="middle",
                   cls="gap-label")
            yy += RH + 2
            continue
        i = slot_index(n_e, lay.entries_head, lay.entries_omitted, v)
        h, key_address, value_address = lay.entries[v]
        deleted = key_address is None
        fill = DUMMY if deleted else "#ffffff"
        d.begin("entry deleted" if deleted else "entry live", data_index=str(i))
        px = ex
        if deleted:
            texts = [str(i), short_hash(h), "NULL (deleted)", "NULL"]
        else:
            value = _short(lay.values_shown[v]) if value_address is not None else "(no value)"
            texts = [str(i), short_hash(h), _short(lay.keys[v]), value]
        for k, ((_name, w), t) in enumerate(zip(cols, texts)):
            cls = ("entry-index", "entry-hash", "entry-key", "entry-value")[k]
            px += apart if k == 3 else 0
            cell_fill = USED if (k == 0 and not deleted) else OBJECT if (k == 3 and split and not deleted) else fill
            d.rect(px, yy, w, RH, fill=cell_fill, cls=f"cell {cls}" + (" apart" if k == 3 and split else ""))
            colour = DIM if deleted or (k == 1 and lay.keys_kind != "general") else ADDRESS if k == 1 else INK
            d.text(px + 5, yy + 15, t, size=SMALL if k < 2 else 12, fill=colour,
                   italic=k == 1 and lay.keys_kind != "general", cls=f"{cls}-text")
            px += w
        d.end()
        if not deleted:
            entry_y[i] = yy + RH / 2
        yy += RH + 2
    free = 0 if lay.empty_keys else max(0, lay.entries_capacity - lay.nentries)
    drawn_free = free if free <= 3 else 2
    for k in range(drawn_free):
        d.rect(ex, yy, width, RH, fill=FREE, dash=True, cls="entry free", data_index=str(lay.nentries + k))
        d.text(ex + 5, yy + 15, str(lay.nentries + k), size=SMALL, fill=DIM, cls="entry-index-text")
        d.text(ex + 39, yy + 15, "free: usable by the next insertion", size=SMALL, fill=DIM, cls="free-text")
        yy += RH + 2
    if free > drawn_free:
        d.rect(ex, yy, width, RH, fill=GAP, dash=True, cls="entry free-more", data_count=str(free - drawn_free))
        d.text(ex + 5, yy + 15, f"+{free - drawn_free} more free entries (slack until the next resize)", size=SMALL,
               fill=DIM, cls="free-text")
        yy += RH + 2
    d.end()
    bottom = max(bottom, yy)
    # ---- arrows: index slot → entry; home slot → slot for collided keys
    d.begin("index-arrows")
    for slot, k in slot_entry.items():
        if k in entry_y:
            d.arrow(cx + CELL_W, slot_y[slot], ex, entry_y[k], cls="arrow index-arrow", data_slot=str(slot),
                    data_entry=str(k))
    d.end()
    d.begin("home-arrows")
    for v in shown:
        where = lay.entry_slots[v] if v < len(lay.entry_slots) else None
        h = lay.entries[v][0]
        if where is None or h is None or where[1] <= 1:
            continue
        slot, probes = where
        home = h & lay.mask
        if home in slot_y and slot in slot_y:
            _home_arrow(d, x + GUTTER, slot_y[home], slot_y[slot], slot, home, probes)
    d.end()
    return bottom + 4


# ---- set -------------------------------------------------------------------------------------------


@svg.renders(SetLayout)
def _set(lay: SetLayout, d: Drawing, x: float, y: float, rows: int) -> float:
    where = (f"the {lay.capacity}-slot smalltable inside the object (offset {lay.smalltable_offset})"
             if lay.smalltable else f"{lay.capacity} slots on the heap at {lay.table_address:#x}")
    y = note(d, x, y, f"used {lay.used} keys; fill {lay.fill} = {lay.used} active + {lay.fill - lay.used} dummy "
                      "(a resize comes when an insert makes fill×5 ≥ mask×3)")
    y = note(d, x, y, f"mask {lay.mask}: {where}; finger {lay.finger} (where pop() looks first)")
    if lay.family == "frozenset":
        y = note(d, x, y, "frozenset: hash " + ("not computed yet (-1)" if lay.hash is None else f"{lay.hash} cached"))
    y += 8
    cx = x + GUTTER + LABEL_W
    n = len(lay.table)
    plan = rows_with_gaps(n, lay.table_head, lay.table_omitted, lambda k: lay.table[k] is None, 2 * rows)
    keys = [_short(lay.keys[v]) for kind, v in plan if kind == "slot" and isinstance(lay.table[v], tuple)]
    cols = (("hash", 108.0), ("key", _column_width(keys, "key")), ("probes", 56.0))
    d.text(cx, y + 12, "setentry table {key, hash}", bold=True, cls="table-title")
    y += 20
    px = cx
    for name, w in cols:
        d.text(px + 4, y + 12, name, size=SMALL, fill=DIM, bold=True, cls="column")
        px += w
    y += 18
    width = sum(w for _, w in cols)
    slot_y: dict[int, float] = {}
    placed: list[tuple[int, int, int]] = []  # (slot, home, probes)
    d.begin("set-table", data_capacity=str(lay.capacity))
    for kind, v in plan:
        if kind == "gap":
            d.rect(cx, y, width, RH, fill=GAP, dash=True, cls="gap", data_count=str(v))
            d.text(cx + width / 2, y + 15, f"… {v} slots …", size=SMALL, fill=DIM, anchor="middle", cls="gap-label")
        elif kind == "empty":
            a, b = v
            _slot_label(d, x, y, f"[{a}–{b}]")
            d.rect(cx, y, width, RH, fill=SPARE, cls="set-slot empty run", data_first=str(a), data_last=str(b),
                   data_count=str(b - a + 1), title=f"slots {a} to {b}: key NULL, never used")
            d.text(cx + 5, y + 15, f"unused ×{b - a + 1}  (key NULL)", size=SMALL, fill=DIM, cls="slot-text")
        else:
            slot = slot_index(n, lay.table_head, lay.table_omitted, v)
            row = lay.table[v]
            _slot_label(d, x, y, f"[{slot}]")
            if row is None:
                d.rect(cx, y, width, RH, fill=SPARE, cls="set-slot empty", data_slot=str(slot))
                d.text(cx + 5, y + 15, "unused  (key NULL)", size=SMALL, fill=DIM, cls="slot-text")
            elif row == "dummy":
                d.rect(cx, y, width, RH, fill=DUMMY, cls="set-slot dummy", data_slot=str(slot),
                       title=f"slot {slot}: a deleted key (the dummy object, hash -1): lookups go on past it")
                d.text(cx + 5, y + 15, "-1", size=SMALL, fill=ADDRESS, cls="slot-hash")
                d.text(cx + cols[0][1] + 5, y + 15, "<dummy> ✕ deleted", size=SMALL, cls="slot-text dummy-mark")
            else:
                h = row[0]
                probes = lay.probes[v] if v < len(lay.probes) else None
                d.rect(cx, y, width, RH, fill=USED, cls="set-slot active", data_slot=str(slot),
                       data_probes=str(probes) if probes is not None else None)
                d.text(cx + 5, y + 15, short_hash(h), size=SMALL, fill=ADDRESS, cls="slot-hash")
                d.text(cx + cols[0][1] + 5, y + 15, _short(lay.keys[v]), cls="slot-key")
                if probes is not None:
                    d.text(cx + cols[0][1] + cols[1][1] + 5, y + 15, str(probes), size=SMALL, cls="slot-probes")
                    if probes > 1:
                        placed.append((slot, h & lay.mask, probes))
            slot_y[slot] = y + RH / 2
        y += RH + 2
    d.end()
    d.begin("home-arrows")
    for slot, home, probes in placed:
        if home in slot_y and slot in slot_y:
            _home_arrow(d, x + GUTTER, slot_y[home], slot_y[slot], slot, home, probes)
    d.end()
    y = note(d, x, y + 4, f"lookup: slot = hash & mask (mask {lay.mask}), then the next 9 slots (LINEAR_PROBES) "
                          "while they fit; then perturb >>= 5, slot = (slot*5 + 1 + perturb) & mask")
    y = note(d, x, y, "curved arrows: from a key's home slot (hash & mask) to where the probe sequence put it")
    return stats_block(d, lay.stats, x, y + 6)


# ---- one lookup ------------------------------------------------------------------------------------

PROBE_W = 34.0
PROBE_H = 30.0
#: tables up to this many slots are drawn whole in the lookup picture
WHOLE_TABLE = 32

_STEP_FILL = {"empty": MISSING, "no value": MISSING, "dummy": DUMMY, "deleted entry": DUMMY,
              "identical": FOUND, "str equal": FOUND, "eq needed": UNDECIDED, "bad index": MISSING}


def _how(p: ProbeResult, n: int, slot: int, index: int, prev_slot: Optional[int], prev_block: Optional[int]) -> str:
    if n == 1:
        return "hash & mask"
    if p.scheme == "set" and index > 0:
        return f"linear +{index}"
    if p.scheme == "set":
        return f"({prev_block}*5 + 1 + perturb) & {p.mask}"
    return f"({prev_slot}*5 + perturb + 1) & {p.mask}"


@svg.pictures(ProbeResult)
def _probe(p: ProbeResult, d: Drawing, rows: int) -> str:
    """The slots one lookup visits, drawn over the table, then step by step."""
    x, y = 8.0, 8.0
    title = f"lookup of {_short(p.key)} in {p.container_type} at {p.container_address:#x}"
    verdict = {"found": "found", "missing": "not present", "undecided": "undecided"}.get(p.result, p.result)
    d.begin("figure probe", data_family="probe", data_result=p.result, data_scheme=p.scheme)
    y = title_bar(d, x, y, title, f"{p.probes} probe{'s' if p.probes != 1 else ''}: {verdict}")
    y = note(d, x, y, f"hash({p.key.label}) = {p.hash}; as the unsigned perturb "
                      f"{p.hash & 0xFFFF_FFFF_FFFF_FFFF:#x}")
    y = note(d, x, y, f"first slot = hash & mask = hash & {p.mask} = {p.home_slot}; table of {p.capacity} slots, "
                      f"{p.used} keys" + (f", {p.keys_kind} keys" if p.keys_kind else ""))
    shown = elided(p.steps, len(p.steps), 0, rows)
    steps_shown = [(i, s) for i, s in shown if i is not None]
    y = _probe_strip(p, d, x, y + 14, steps_shown)
    y = _probe_steps(p, d, x, y + 6, shown)
    if p.result == "found":
        what = f"entry {p.entry_index}" if p.scheme == "dict" else f"slot {p.entry_index}"
        line = f"found after {p.probes} probe{'s' if p.probes != 1 else ''}: {what}"
        if p.value is not None:
            line += f" → value {p.value.label}"
        colour = "#2e7d32"
    elif p.result == "missing":
        line = f"not present: an EMPTY slot ended the search after {p.probes} probe{'s' if p.probes != 1 else ''}"
        colour = "#c0392b"
    else:
        line = "undecided: an equal-hash key would need __eq__, which pyinspect never calls"
        colour = "#b7950b"
    d.text(x, y + 14, line, bold=True, fill=colour, cls="outcome")
    y += 20
    rule = ("next slot: perturb >>= 5; slot = (slot*5 + perturb + 1) & mask   (perturb starts as the hash)"
            if p.scheme == "dict" else
            f"from each chosen slot the next {p.linear_probes} slots are tried (if they fit), then "
            "perturb >>= 5; slot = (slot*5 + 1 + perturb) & mask")
    note(d, x, y, rule)
    d.end()
    return title


def _probe_strip(p: ProbeResult, d: Drawing, x: float, y: float, steps: list[tuple[int, ProbeStep]]) -> float:
    """The table as a strip of slots, the visited ones numbered and joined by arcs."""
    visits: dict[int, list[int]] = {}
    last: dict[int, ProbeStep] = {}
    for i, s in steps:
        visits.setdefault(s.slot, []).append(i + 1)
        last[s.slot] = s
    cells: list[tuple[str, int]] = []  # ("slot", n) or ("gap", slots between)
    if p.capacity <= WHOLE_TABLE:
        cells = [("slot", s) for s in range(p.capacity)]
    else:
        keep = sorted(set(visits) | {0, p.capacity - 1})
        for k, s in enumerate(keep):
            if k and s - keep[k - 1] > 1:
                cells.append(("gap", s - keep[k - 1] - 1))
            cells.append(("slot", s))
    arc_room = 16.0 + min(60.0, 10.0 * len(steps))
    top = y + arc_room + 14
    cx = x
    centre: dict[int, float] = {}
    d.begin("probe-table", data_capacity=str(p.capacity))
    for kind, s in cells:
        if kind == "gap":
            d.rect(cx, top, 40, PROBE_H, fill=GAP, dash=True, cls="gap", data_count=str(s))
            d.text(cx + 20, top + 19, f"…{s}…", size=SMALL - 1, fill=DIM, anchor="middle", cls="gap-label")
            cx += 40
            continue
        nums = visits.get(s)
        status = last[s].status if nums else None
        fill = _STEP_FILL.get(status or "", VISITED) if nums else "#ffffff"
        d.rect(cx, top, PROBE_W, PROBE_H, fill=fill, cls="probe-slot visited" if nums else "probe-slot",
               data_slot=str(s), data_steps=",".join(map(str, nums)) if nums else None, data_status=status)
        d.text(cx + PROBE_W / 2, top + PROBE_H + 12, str(s), size=SMALL - 1, fill=DIM, anchor="middle",
               cls="slot-index")
        if nums:
            d.text(cx + PROBE_W / 2, top + 19, ",".join(map(str, nums)), size=SMALL, bold=True, anchor="middle",
                   cls="step-number")
        centre[s] = cx + PROBE_W / 2
        cx += PROBE_W
    d.end()
    d.begin("probe-arrows")
    for (i, a), (j, b) in zip(steps, steps[1:]):
        if j != i + 1:
            continue
        x1, x2 = centre[a.slot], centre[b.slot]
        if x1 == x2:
            x2 += 6
        h = min(arc_room - 4, 14 + abs(x2 - x1) * 0.25)
        path = f"M{x1:.1f},{top:.1f} C{x1:.1f},{top - h:.1f} {x2:.1f},{top - h:.1f} {x2:.1f},{top:.1f}"
        linear = p.scheme == "set" and b.index > 0
        d.path(path, cls="arrow probe-arrow" + (" linear" if linear else ""), data_step=str(j + 1),
               data_from=str(a.slot), data_to=str(b.slot), dash=linear)
    d.end()
    return top + PROBE_H + 18


def _probe_steps(p: ProbeResult, d: Drawing, x: float, y: float, shown: list) -> float:
    cols = [("step", 40.0), ("slot", 44.0), ("how", 200.0), ("perturb", 80.0)]
    if p.scheme == "dict":
        cols.append(("index", 60.0))
    cols += [("stored hash", 90.0), ("key", 150.0), ("verdict", 300.0)]
    px = x
    for name, w in cols:
        d.text(px + 4, y + 12, name, size=SMALL, fill=DIM, bold=True, cls="column")
        px += w
    y += 18
    prev_slot: Optional[int] = None
    prev_block: Optional[int] = None
    d.begin("probe-steps", data_count=str(len(p.steps)))
    for i, s in shown:
        if i is None:
            d.text(x + 4, y + 14, f"… {s} more steps …", size=SMALL, fill=DIM, italic=True, cls="gap-label")
            y += RH
            prev_slot = prev_block = None
            continue
        n = i + 1
        if p.scheme == "set" and s.index == 0:
            block_before = prev_block
            prev_block = s.slot
        else:
            block_before = prev_block
        how = _how(p, n, s.slot, s.index, prev_slot, block_before)
        prev_slot = s.slot
        text, _style = VERDICT.get(s.status, (s.status, ""))
        cells = [str(n), str(s.slot), how, short_hash(s.perturb)]
        if p.scheme == "dict":
            cells.append("EMPTY" if s.index == DICT_EMPTY else "DUMMY" if s.index == DICT_DUMMY else str(s.index))
        cells += [short_hash(s.hash) if s.status not in ("empty", "dummy") else "", _short(s.key), text]
        d.begin("probe-step", data_step=str(n), data_slot=str(s.slot), data_status=s.status)
        d.rect(x, y, sum(w for _, w in cols), RH, fill=_STEP_FILL.get(s.status, VISITED), stroke="#ffffff",
               cls="step-row")
        px = x
        for (name, w), t in zip(cols, cells):
            d.text(px + 4, y + 15, t, size=SMALL if name not in ("key", "verdict") else 12,
                   fill=ADDRESS if name in ("perturb", "stored hash") else INK, cls=f"step-{name.replace(' ', '-')}")
            px += w
        d.end()
        y += RH + 1
    d.end()
    return y + 4
