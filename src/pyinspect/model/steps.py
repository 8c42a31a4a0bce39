"""Stepping through code: what :func:`pyinspect.steps` records.

A :class:`Steps` is a sequence of :class:`Snapshot`, one after each line of
the snippet ran.  A snapshot holds data only (Layouts, ints, strs), never a
live object of the snippet: keeping a run costs no reference to anything it
made.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, ClassVar, Optional, Union, overload

from pyinspect._dataclass import frozen
from pyinspect.model.base import Layout, to_jsonable
from pyinspect.model.names import NamesLayout
from pyinspect.model.views import hook

__all__ = ["Change", "Snapshot", "Steps", "CHANGE_KINDS"]

#: the kinds of :class:`Change`, in the order a step lists them
CHANGE_KINDS = ("new", "bound", "rebound", "unbound", "mutated", "resized", "refcnt", "freed")


@frozen
class Change:
    """One thing that changed in memory between two snapshots.

    Attributes:
        kind: what happened:

            * ``"new"``: an object drawn for the first time in the run (made
              by this line, or first reached by a name or a slot);
            * ``"bound"``: a name of the frame got its first value;
            * ``"rebound"``: a name now points at another object;
            * ``"unbound"``: a name of the frame lost its value (``del``);
            * ``"mutated"``: a container's slots changed: a list's
              ``ob_item`` pointers or ``ob_size``, a dict's ``dk_entries``
              (an entry added, a value replaced, an entry deleted leaving
              DUMMY in ``dk_indices``), a set's table;
            * ``"resized"``: a container's storage changed size: a list's
              ``allocated``, a dict's ``dk_log2_size``, a set's ``mask``;
            * ``"refcnt"``: the references the program holds changed;
            * ``"freed"``: the object is gone: every reference its last
              count was made of (names and slots drawn) went away, so its
              count reached zero.
        name: the name involved: the rebound name, or a name bound to the
            object; ``None`` when no name points at it.
        address: the object's address (the new target for a rebound name;
            ``None`` for an unbound name).
        type_name: ``tp_name`` of that object (``None`` without one).
        detail: what changed, in CPython's terms (``"allocated 4 → 8"``,
            ``"dk_indices[5] = DUMMY (entry 1, key 'b', deleted)"``).
    """

    kind: str
    name: Optional[str]
    address: Optional[int]
    type_name: Optional[str]
    detail: str

    def __str__(self) -> str:
        who = self.name if self.name is not None else ""
        what = f"{self.type_name} at {self.address:#x}" if self.address is not None else ""
        return " ".join(p for p in (self.kind, who, what, self.detail) if p)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "name": self.name, "address": self.address, "type_name": self.type_name,
                "detail": self.detail}


@frozen
class Snapshot:
    """Memory right after one line of the snippet ran.

    Attributes:
        step: position in the run (0-based).
        line: the line that just ran (1-based, in the file for a function;
            in ``Steps.source`` for a str).
        code: the text of that line (stripped).
        function: ``co_name`` of the code that ran it (``"<module>"`` at top
            level).
        names: the names picture of that frame at that moment (as
            :func:`pyinspect.names` draws a frame, with the run's ``depth``):
            real addresses, refcounts as the program holds them, list
            capacity, dict slots.
        changes: what changed since the objects and names were last drawn.
        exception: ``"TypeName: message"`` of the exception the line raised,
            else ``None``.  When the snippet does not catch it, this is the
            last snapshot (of each frame it leaves).
        event: why the snapshot was taken: ``"line"`` (the next line is
            about to run), ``"return"`` (the frame returns), ``"yield"``
            (a generator suspends), ``"exception"`` (the frame is left by
            an exception).
        next_line: the line the frame runs next (``event == "line"``), else
            ``None``.
        frame: which activation of a function ran the line: 0 for the first
            frame of the run, counting up as frames start.
        call_depth: frames of the snippet below this one (0: the outermost).
        first_line: ``co_firstlineno`` of the code that ran the line (with
            ``function``, tells which code it was).
        tables: Layouts of the containers in the picture (lists, dicts,
            sets), read in the same moment as ``names``, bounded like it;
            :meth:`table` finds one by address.
    """

    step: int
    line: int
    code: str
    function: str
    names: NamesLayout
    changes: tuple[Change, ...]
    exception: Optional[str]
    event: str = "line"
    next_line: Optional[int] = None
    frame: int = 0
    call_depth: int = 0
    first_line: int = 1
    tables: tuple[Layout, ...] = ()

    def table(self, address: int) -> Optional[Layout]:
        """The container Layout read at ``address`` in this snapshot, or ``None``."""
        for t in self.tables:
            if t.address == address:
                return t
        return None

    def changed(self, kind: str) -> tuple[Change, ...]:
        """This step's changes of one kind."""
        return tuple(c for c in self.changes if c.kind == kind)

    def to_dict(self) -> dict[str, Any]:
        return {
            "step": self.step, "line": self.line, "code": self.code, "function": self.function,
            "names": self.names.to_dict(), "changes": [c.to_dict() for c in self.changes],
            "exception": self.exception, "event": self.event, "next_line": self.next_line,
            "frame": self.frame, "call_depth": self.call_depth, "first_line": self.first_line,
            "tables": [t.to_dict() for t in self.tables],
        }


@frozen
class Steps(Sequence):
    """What :func:`pyinspect.steps` recorded: a sequence of :class:`Snapshot`.

    ``save(steps, "x.html")`` writes the stepper page; Jupyter shows it inline.

    Attributes:
        snapshots: one per line run, in order.
        source: the snippet's text (a function's source lines as in its file).
        first_line: the line number of ``source``'s first line (1 for a str).
        filename: ``co_filename`` of the snippet's code.
        truncated: ``max_steps`` ended the run before the snippet did.
        max_steps: the bound the run had.
        depth: container levels followed in each names picture.
        skipped: events lost because the snippet had recursed so deep that
            no stack was left to read its frame (the recursion limit); its
            frames are drawn again as the recursion unwinds.
        exception: ``"TypeName: message"`` of the exception the snippet did
            not catch (the last snapshot's, unless the run was untraced by
            then), else ``None``.
        ended: how the run ended: ``"return"`` (the snippet ran to its end),
            ``"exception"``, ``"max_steps"`` (``truncated``), or
            ``"untraced"``: the trace was switched off before the end (before
            3.12 CPython switches a trace function off when calling it fails,
            as at the recursion limit; or the snippet called
            ``sys.settrace`` itself), so the last lines were not recorded.
    """

    family: ClassVar[str] = "steps"
    snapshots: tuple[Snapshot, ...]
    source: str
    first_line: int = 1
    filename: str = "<steps>"
    truncated: bool = False
    max_steps: int = 1000
    depth: int = 3
    skipped: int = 0
    exception: Optional[str] = None
    ended: str = "return"

    def __len__(self) -> int:
        return len(self.snapshots)

    @overload
    def __getitem__(self, i: int) -> Snapshot: ...

    @overload
    def __getitem__(self, i: slice) -> tuple[Snapshot, ...]: ...

    def __getitem__(self, i: Union[int, slice]) -> Union[Snapshot, tuple[Snapshot, ...]]:
        return self.snapshots[i]

    def __iter__(self) -> Iterator[Snapshot]:
        return iter(self.snapshots)

    @property
    def lines(self) -> tuple[str, ...]:
        """The source's lines; line ``n`` is ``lines[n - first_line]``."""
        return tuple(self.source.splitlines())

    def changes(self, kind: Optional[str] = None) -> tuple[tuple[int, Change], ...]:
        """``(step, change)`` for every change of the run (of one kind)."""
        return tuple((s.step, c) for s in self.snapshots for c in s.changes if kind is None or c.kind == kind)

    def to_dict(self) -> dict[str, Any]:
        return {"family": self.family, "source": self.source, "first_line": self.first_line,
                "filename": self.filename, "truncated": self.truncated, "max_steps": self.max_steps,
                "depth": self.depth, "skipped": self.skipped, "exception": self.exception,
                "ended": self.ended, "snapshots": [to_jsonable(s) for s in self.snapshots]}

    def __repr__(self) -> str:
        end = ", truncated" if self.truncated else (f", {self.exception}" if self.exception else "")
        end += ", untraced at the end" if self.ended == "untraced" else ""
        return f"<Steps: {len(self.snapshots)} snapshots{end}>"

    def __rich__(self) -> Any:
        return hook("text")(self)

    def _repr_html_(self) -> str:
        """Jupyter's HTML view: the stepper, inline."""
        return hook("html")(self)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        """Jupyter's rich display: the stepper, with a text table as fallback."""
        return {"text/plain": hook("plain")(self), "text/html": hook("html")(self)}
