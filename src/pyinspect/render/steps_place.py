"""Where the stepper page draws each object, so that what did not change
stays in place from one step to the next.

Input: the snapshots of a :class:`~pyinspect.model.Steps` (Layouts only).
Snapshots of one code object (same function, same first line) share one
arrangement:

* a name keeps the row it got when it was first bound;
* an object keeps its place (a row in the column of the depth at which it
  was first drawn) for as long as it is drawn in consecutive snapshots of
  that code; a place left free is reused by the next new object;
* a column is as wide, and a row as tall, as the largest object ever drawn
  there, so nothing overlaps and nothing moves when a list grows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Optional

from pyinspect.model.steps import Snapshot
from pyinspect.render.svg import NamesPlacement, name_width, node_size

__all__ = ["place", "NAME_ROW", "ROW_GAP", "COLUMN_GAP"]

#: vertical distance between two name labels
NAME_ROW = 30.0
#: space between two object boxes of a column
ROW_GAP = 14.0
#: space between two columns (room for the arrows)
COLUMN_GAP = 110.0
#: space between the name labels and the first column
NAMES_GAP = 90.0


class _Group:
    """The arrangement shared by the snapshots of one code object."""

    def __init__(self) -> None:
        self.name_rows: dict[str, int] = {}
        #: column -> row -> address of the object there now (None: free)
        self.columns: dict[int, list[Optional[int]]] = {}
        #: address -> (column, row, type name) of the objects drawn last time
        self.where: dict[int, tuple[int, int, str]] = {}
        self.col_w: dict[int, float] = {}
        self.row_h: dict[tuple[int, int], float] = {}
        self.names: set[str] = set()

    def add(self, snap: Snapshot) -> dict[int, tuple[int, int]]:
        lay = snap.names
        nodes = {n.address: n for n in lay.objects}
        # free the places of objects no longer drawn (or whose address now
        # holds an object of another type: a new object)
        for address, (col, row, tname) in list(self.where.items()):
            node = nodes.get(address)
            if node is None or node.type_name != tname:
                self.columns[col][row] = None
                del self.where[address]
        cells: dict[int, tuple[int, int]] = {}
        for n in lay.objects:
            if n.address not in self.where:
                rows = self.columns.setdefault(n.depth, [])
                row = next((r for r, who in enumerate(rows) if who is None), len(rows))
                if row == len(rows):
                    rows.append(None)
                rows[row] = n.address
                self.where[n.address] = (n.depth, row, n.type_name)
            col, row, _ = self.where[n.address]
            w, h = node_size(n)
            self.col_w[col] = max(self.col_w.get(col, 0.0), w)
            self.row_h[(col, row)] = max(self.row_h.get((col, row), 0.0), h)
            cells[n.address] = (col, row)
        for ref in lay.names:
            self.names.add(ref.name)
            if ref.name not in self.name_rows:
                self.name_rows[ref.name] = len(self.name_rows)
        return cells


def place(snapshots: Sequence[Snapshot]) -> list[NamesPlacement]:
    """One :class:`~pyinspect.render.svg.NamesPlacement` per snapshot."""
    groups: dict[tuple[str, int], _Group] = {}
    cells: list[tuple[_Group, dict[int, tuple[int, int]]]] = []
    for snap in snapshots:
        g = groups.setdefault((snap.function, snap.first_line), _Group())
        cells.append((g, g.add(snap)))
    # second pass: coordinates from the final column widths and row heights
    geometry: dict[int, tuple[float, dict[int, float], dict[tuple[int, int], float], float, float]] = {}
    for g in groups.values():
        name_w = name_width(sorted(g.names))
        x = name_w + NAMES_GAP if g.names else 0.0
        col_x: dict[int, float] = {}
        for col in sorted(g.col_w):
            col_x[col] = x
            x += g.col_w[col] + COLUMN_GAP
        row_y: dict[tuple[int, int], float] = {}
        height = len(g.name_rows) * NAME_ROW
        for col, rows in g.columns.items():
            y = 0.0
            for row in range(len(rows)):
                row_y[(col, row)] = y
                y += g.row_h.get((col, row), 40.0) + ROW_GAP
            height = max(height, y)
        width = max(x - COLUMN_GAP, name_w)
        geometry[id(g)] = (name_w, col_x, row_y, width, height)
    out: list[NamesPlacement] = []
    for g, where in cells:
        name_w, col_x, row_y, width, height = geometry[id(g)]
        out.append(NamesPlacement(
            objects={a: (col_x[col], row_y[(col, row)]) for a, (col, row) in where.items()},
            names={name: row * NAME_ROW for name, row in g.name_rows.items()},
            name_w=name_w, width=width, height=height))
    return out
