"""What changed between two snapshots of :func:`pyinspect.steps`.

Computed from Layouts only (the names picture and the container tables of
each snapshot), never from live objects, so it can be tested with Layouts
built by hand.

* Objects are compared with the state they had when last drawn (in any
  frame): refcnt, a list's ``ob_item`` pointers and ``allocated``, a dict's
  ``dk_entries`` and ``dk_indices``, a set's table, a cell's ``ob_ref``.
* Names are compared with the previous snapshot of the same frame.
* An object is *freed* when it left the picture and its last count is fully
  explained by references that are gone: the names and drawn slots that
  pointed at it then, none of which points at it now (their holders freed in
  turn, or drawn again without it).  An address that reappears with another
  type, or an immutable scalar with another value, was freed and reused.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Optional

from pyinspect.model import DictLayout, Layout, ListLayout, NamesLayout, ObjectNode, SetLayout
from pyinspect.model.steps import CHANGE_KINDS, Change

__all__ = ["ChangeTracker", "same_object", "SHARED_TYPES"]

#: objects the whole interpreter shares: their first drawing is not "new" and
#: their count moves with code far from the snippet (before 3.12 they are not
#: immortal)
SHARED_TYPES = ("NoneType", "bool", "ellipsis", "NotImplementedType")
#: families whose value never changes while the object lives
_IMMUTABLE = ("int", "float", "complex", "str", "bytes", "tuple", "frozenset", "range")
#: the small ints CPython caches (NSMALLNEGINTS, NSMALLPOSINTS)
_SMALL_INTS = range(-5, 257)
_ORDER = {k: i for i, k in enumerate(CHANGE_KINDS)}


def shared(node: ObjectNode) -> bool:
    """An interpreter-wide object: a singleton, a cached small int, an immortal."""
    if node.immortal or node.type_name in SHARED_TYPES:
        return True
    if node.type_name == "int" and node.value is not None:
        try:
            return int(node.value) in _SMALL_INTS
        except ValueError:
            return False
    return False


def same_object(old: ObjectNode, new: ObjectNode) -> bool:
    """Whether two drawings at one address are one object (not a freed one
    whose memory was reused): same type, and for immutables the same value."""
    if old.type_name != new.type_name:
        return False
    if old.family in _IMMUTABLE and old.value is not None and new.value is not None:
        return old.value == new.value
    return True


def _short(label: Optional[str], n: int = 24) -> str:
    if label is None:
        return "?"
    return label if len(label) <= n else label[:n - 1] + "…"


def _node_label(node: Optional[ObjectNode], address: Optional[int]) -> str:
    if address is None:
        return "NULL"
    if node is None:
        return f"{address:#x}"
    if node.value is not None:
        return f"{node.type_name} {_short(node.value)}"
    return f"{node.type_name} at {address:#x}"


class _View:
    """One snapshot's picture, indexed for comparing."""

    def __init__(self, names: NamesLayout, tables: Mapping[int, Layout]) -> None:
        self.layout = names
        self.nodes: dict[int, ObjectNode] = {n.address: n for n in names.objects}
        self.bindings: dict[str, int] = {r.name: r.target for r in names.names}
        self.tables = dict(tables)
        #: the picture left names or objects out (caps): absence proves nothing
        self.capped = names.objects_omitted > 0 or names.names_omitted > len(names.hidden)

    def holders(self) -> dict[int, list[int]]:
        """address -> addresses of the drawn containers whose read slots point at it."""
        out: dict[int, list[int]] = {}
        for n in self.layout.objects:
            for s in n.slots:
                if s.target is not None:
                    out.setdefault(s.target, []).append(n.address)
        return out

    def visible_refs(self) -> dict[int, int]:
        """address -> names and drawn slots pointing at it."""
        out: dict[int, int] = {}
        for r in self.layout.names:
            if r.kind in ("local", "key", "cell", "free"):
                out[r.target] = out.get(r.target, 0) + 1
        for n in self.layout.objects:
            for s in n.slots:
                if s.target is not None:
                    out[s.target] = out.get(s.target, 0) + 1
        return out


class ChangeTracker:
    """Turns a run's snapshots, in order, into their changes."""

    def __init__(self) -> None:
        #: address -> (node, table) as last drawn
        self.seen: dict[int, tuple[ObjectNode, Optional[Layout]]] = {}
        #: frame activation -> its last view
        self.frames: dict[int, _View] = {}
        #: views of frames that ended since the last snapshot
        self.ended: list[_View] = []

    def end(self, frame: int) -> None:
        """The activation ``frame`` left (returned or unwound): its last
        picture's objects may be freed by the next snapshot."""
        view = self.frames.pop(frame, None)
        if view is not None:
            self.ended.append(view)

    def step(self, frame: int, names: NamesLayout, tables: Iterable[Layout] = ()) -> tuple[Change, ...]:
        """The changes shown by a new snapshot of activation ``frame``."""
        now = _View(names, {t.address: t for t in tables})
        out: list[Change] = []
        prev = self.frames.get(frame)
        for old in ([prev] if prev is not None else []) + self.ended:
            out += self._freed(old, now)
        self.ended = []
        out += self._names(prev, now)
        out += self._objects(now)
        self.frames[frame] = now
        out.sort(key=lambda c: _ORDER.get(c.kind, len(_ORDER)))
        return tuple(out)

    # ---- names ---------------------------------------------------------------------------

    def _names(self, prev: Optional[_View], now: _View) -> list[Change]:
        out: list[Change] = []
        before = prev.bindings if prev is not None else {}
        for name, target in now.bindings.items():
            node = now.nodes.get(target)
            tname = node.type_name if node is not None else None
            if name not in before:
                out.append(Change("bound", name, target, tname, f"→ {_node_label(node, target)}"))
            elif before[name] != target:
                old = prev.nodes.get(before[name]) if prev is not None else None
                out.append(Change("rebound", name, target, tname,
                                  f"{_node_label(old, before[name])} → {_node_label(node, target)}"))
        if prev is not None and not now.capped:
            for name, target in before.items():
                if name not in now.bindings:
                    old = prev.nodes.get(target)
                    out.append(Change("unbound", name, None, None,
                                      f"no longer points at {_node_label(old, target)}"))
        return out

    # ---- objects -------------------------------------------------------------------------

    def _objects(self, now: _View) -> list[Change]:
        out: list[Change] = []
        for node in now.layout.objects:
            name = node.names[0] if node.names else None
            table = now.tables.get(node.address)
            last = self.seen.get(node.address)
            if last is not None and not same_object(last[0], node):
                out.append(Change("freed", None, node.address, last[0].type_name,
                                  f"its memory now holds {_node_label(node, node.address)}"))
                last = None
            if last is None:
                if not shared(node):
                    out.append(Change("new", name, node.address, node.type_name, _new_detail(node, table)))
            else:
                old, old_table = last
                out += _compare(old, old_table, node, table, name, now.nodes)
            self.seen[node.address] = (node, table)
        return out

    # ---- freed ---------------------------------------------------------------------------

    def _freed(self, old: _View, now: _View) -> list[Change]:
        """Objects of ``old`` that are gone by ``now``."""
        if now.capped or old.capped:
            return []
        absent = [a for a in old.nodes if a not in now.nodes]
        if not absent:
            return []
        refs = old.visible_refs()
        holders = old.holders()
        freed = {a for a in absent
                 if not old.nodes[a].immortal and not shared(old.nodes[a]) and old.nodes[a].refcnt == refs.get(a, 0)}
        changed = True
        while changed:  # a holder that lives on keeps what it points at
            changed = False
            for a in list(freed):
                for h in holders.get(a, ()):
                    if h in freed:
                        continue
                    held_now = now.nodes.get(h)
                    if held_now is not None and held_now.expanded and not held_now.slots_omitted and \
                            all(s.target != a for s in held_now.slots) and same_object(old.nodes[h], held_now):
                        continue  # drawn again, fully read, without it
                    freed.discard(a)
                    changed = True
                    break
        out = []
        for a in absent:
            if a in freed:
                n = old.nodes[a]
                self.seen.pop(a, None)
                was = f" (was {', '.join(n.names)})" if n.names else ""
                out.append(Change("freed", n.names[0] if n.names else None, a, n.type_name,
                                  f"refcnt {n.refcnt} → 0: {_node_label(n, a)}{was}"))
        return out


def _new_detail(node: ObjectNode, table: Optional[Layout]) -> str:
    if type(table) is ListLayout:
        return f"ob_size {table.size}, allocated {table.allocated}, refcnt {node.refcnt}"
    if isinstance(table, DictLayout):
        return f"ma_used {table.used}, {table.capacity} index slots, refcnt {node.refcnt}"
    if isinstance(table, SetLayout):
        return f"used {table.used}, {table.mask + 1} slots, refcnt {node.refcnt}"
    return f"{_short(node.value or node.detail or node.type_name, 40)}, refcnt {node.refcnt}"


def _compare(old: ObjectNode, old_table: Optional[Layout], node: ObjectNode, table: Optional[Layout],
             name: Optional[str], nodes: Mapping[int, ObjectNode]) -> list[Change]:
    """Changes of one object between two drawings."""
    out: list[Change] = []
    here = (name, node.address, node.type_name)
    if not shared(node) and old.refcnt != node.refcnt:
        out.append(Change("refcnt", *here, f"refcnt {old.refcnt} → {node.refcnt}"))
    if type(old_table) is ListLayout and type(table) is ListLayout:
        out += _list_changes(old_table, table, here, nodes)
    elif isinstance(old_table, DictLayout) and isinstance(table, DictLayout):
        out += _dict_changes(old_table, table, here)
    elif isinstance(old_table, SetLayout) and isinstance(table, SetLayout):
        out += _set_changes(old_table, table, here)
    elif node.family == "cell":
        before = old.slots[0].target if old.slots else None
        after = node.slots[0].target if node.slots else None
        if before != after and (old.expanded or node.expanded):
            out.append(Change("mutated", *here, f"ob_ref: {_node_label(None, before)} → "
                                                f"{_node_label(nodes.get(after), after)}"))
    return out


def _list_changes(old: ListLayout, new: ListLayout, here: tuple[Any, ...],
                  nodes: Mapping[int, ObjectNode]) -> list[Change]:
    out: list[Change] = []
    if old.allocated != new.allocated:
        moved = f"; ob_item {old.ob_item or 0:#x} → {new.ob_item or 0:#x}" if old.ob_item != new.ob_item else ""
        out.append(Change("resized", *here, f"allocated {old.allocated} → {new.allocated}{moved}"))
    parts: list[str] = []
    if old.size != new.size:
        parts.append(f"ob_size {old.size} → {new.size}")
    old_items = _positions(old.items, old.items_head, old.items_omitted)
    new_items = _positions(new.items, new.items_head, new.items_omitted)
    diff = [i for i in sorted(set(old_items) | set(new_items)) if old_items.get(i) != new_items.get(i)]
    for i in diff[:3]:
        a = new_items.get(i)
        summary = next((s for s, x in zip(new.summaries, new.items) if x == a), None) if a is not None else None
        label = summary.label if summary is not None else _node_label(nodes.get(a) if a else None, a)
        parts.append(f"ob_item[{i}] = {_short(label)}" if a is not None else f"ob_item[{i}] cleared")
    if len(diff) > 3:
        parts.append(f"{len(diff) - 3} more slots")
    if parts:
        out.append(Change("mutated", *here, "; ".join(parts)))
    return out


def _positions(items: tuple[Optional[int], ...], head: int, omitted: int) -> dict[int, Optional[int]]:
    """slot index -> address for a head + tail read."""
    n = len(items)
    return {(j if j < head else j + omitted): items[j] for j in range(n)}


def _key_label(lay: DictLayout, j: int) -> str:
    k = lay.keys[j] if j < len(lay.keys) else None
    return _short(k.label if k is not None else None)


def _dict_changes(old: DictLayout, new: DictLayout, here: tuple[Any, ...]) -> list[Change]:
    out: list[Change] = []
    if old.log2_size != new.log2_size:
        out.append(Change("resized", *here, f"dk_log2_size {old.log2_size} → {new.log2_size}: "
                                            f"{old.capacity} → {new.capacity} index slots, "
                                            f"dk_usable {new.usable}; ma_used {new.used}"))
        return out  # a new keys table: its entries are repacked, compared as a whole
    if old.keys_address != new.keys_address:
        out.append(Change("resized", *here, f"a new keys object of {new.capacity} index slots "
                                            f"(entries repacked, DUMMY slots dropped); ma_used {new.used}"))
        return out
    parts: list[str] = []
    old_e = _positions(old.entries, old.entries_head, old.entries_omitted)  # type: ignore[arg-type]
    new_e = _positions(new.entries, new.entries_head, new.entries_omitted)  # type: ignore[arg-type]
    old_pos = {p: j for j, p in enumerate(sorted(old_e))}
    new_pos = {p: j for j, p in enumerate(sorted(new_e))}
    for p in sorted(set(old_e) | set(new_e)):
        a, b = old_e.get(p), new_e.get(p)
        if a == b:
            continue
        if b is None:
            continue  # an entry no longer read (windowed)
        _, key_b, val_b = b  # type: ignore[misc]
        if a is None:
            if key_b is not None:
                slot = new.slot_of_entry(new_pos[p])
                at = f", dk_indices[{slot}]" if slot is not None else ""
                parts.append(f"entry {p} added: key {_key_label(new, new_pos[p])}{at}")
            continue
        _, key_a, val_a = a  # type: ignore[misc]
        if key_a is not None and key_b is None:
            slot = old.slot_of_entry(old_pos[p])
            dummy = ""
            if slot is not None:
                shown = _positions(new.indices, new.indices_head, new.indices_omitted)
                if shown.get(slot) == -2:
                    dummy = f": dk_indices[{slot}] = DUMMY"
            parts.append(f"entry {p} (key {_key_label(old, old_pos[p])}) deleted{dummy}")
        elif key_a == key_b and val_a != val_b:
            parts.append(f"entry {p} (key {_key_label(new, new_pos[p])}) value replaced")
        elif key_a != key_b:
            parts.append(f"entry {p} now key {_key_label(new, new_pos[p])}")
    if old.used != new.used:
        parts.insert(0, f"ma_used {old.used} → {new.used}")
    if parts:
        out.append(Change("mutated", *here, "; ".join(parts[:4]) + (f"; {len(parts) - 4} more" if len(parts) > 4
                                                                     else "")))
    return out


def _set_changes(old: SetLayout, new: SetLayout, here: tuple[Any, ...]) -> list[Change]:
    out: list[Change] = []
    if old.mask != new.mask:
        out.append(Change("resized", *here, f"mask {old.mask} → {new.mask}: {old.mask + 1} → {new.mask + 1} slots"))
        return out
    parts: list[str] = []
    old_t = _positions(old.table, old.table_head, old.table_omitted)  # type: ignore[arg-type]
    new_t = _positions(new.table, new.table_head, new.table_omitted)  # type: ignore[arg-type]
    for i in sorted(set(old_t) & set(new_t)):
        a, b = old_t[i], new_t[i]
        if a == b:
            continue
        if b == "dummy":
            parts.append(f"slot {i} = dummy (key removed)")
        elif b is None:
            parts.append(f"slot {i} emptied")
        else:
            parts.append(f"slot {i} = key at {b[1]:#x}")  # type: ignore[index]
    if old.used != new.used:
        parts.insert(0, f"used {old.used} → {new.used}")
    if parts:
        out.append(Change("mutated", *here, "; ".join(parts[:4]) + (f"; {len(parts) - 4} more" if len(parts) > 4
                                                                     else "")))
    return out
