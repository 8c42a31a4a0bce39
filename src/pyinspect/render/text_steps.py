"""A :class:`~pyinspect.model.Steps` as terminal text: one row per step
(head ... tail for long runs), with the changes of each step."""

from __future__ import annotations

import io
from typing import Any

from rich.table import Table
from rich.text import Text

from pyinspect.model.steps import Snapshot, Steps
from pyinspect.render import console

__all__ = ["render_steps", "to_text", "ROWS"]

#: steps listed before the middle of a long run is elided
ROWS = 16
#: changes listed per step
CHANGES = 4


def _changes(snap: Snapshot) -> Text:
    out = Text()
    for k, c in enumerate(snap.changes[:CHANGES]):
        if k:
            out.append("\n")
        out.append(c.kind, style="bold")
        who = c.name or c.type_name
        out.append(f" {who} " if who else " ")
        out.append(c.detail)
    if len(snap.changes) > CHANGES:
        out.append(f"\n… {len(snap.changes) - CHANGES} more", style="dim")
    if snap.exception:
        out.append(("\n" if snap.changes else "") + snap.exception, style="bold red")
    return out


def render_steps(steps: Steps, rows: int = ROWS) -> Any:
    """A rich Table of the run."""
    end = ("stopped at max_steps" if steps.truncated
           else f"ended by {steps.exception}" if steps.exception else "ran to the end")
    if steps.ended == "untraced":
        end += " (the trace was switched off before the end: the last lines are not recorded)"
    table = Table(title=f"steps(): {len(steps)} snapshots of {steps.filename}, {end}", title_justify="left",
                  show_lines=False)
    table.add_column("step", justify="right")
    table.add_column("line", justify="right")
    table.add_column("function")
    table.add_column("code")
    table.add_column("names → objects", justify="right")
    table.add_column("changes")
    n = len(steps)
    head = n if n <= rows else rows - rows // 4
    tail = 0 if n <= rows else rows // 4
    for i in list(range(head)) + list(range(n - tail, n)):
        if tail and i == n - tail:
            table.add_row("…", "", "", f"{n - head - tail} steps not shown", "", "")
        s = steps[i]
        table.add_row(str(s.step), str(s.line), Text(s.function), Text(s.code[:40]),
                      f"{len(s.names.names)} → {len(s.names.objects)}", _changes(s))
    return table


def to_text(steps: Steps, width: int = 120) -> str:
    """The table as plain text (Jupyter's ``text/plain``)."""
    buf = io.StringIO()
    console(buf, color=False, width=width).print(render_steps(steps))
    return buf.getvalue()
