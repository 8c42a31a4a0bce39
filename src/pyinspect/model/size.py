"""Reports of :func:`pyinspect.memory`: deep and retained sizes with a
per-type breakdown (issue 7).

Every number is in bytes as ``sys.getsizeof`` counts them for builtins: an
object's own allocation, the buffers it owns (a list's item array, a dict's
keys table, a str's UTF-8 cache) and its GC head, read from the struct by
the C walker; allocator rounding (pymalloc's 16-byte size classes) and the
memory the allocator keeps for reuse are not included.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Optional

from pyinspect._dataclass import frozen
from pyinspect.model.base import Layout

__all__ = ["SizeReport", "SkippedRow", "TypeRow", "TENSOR_TYPES", "TENSOR_NOTE"]

#: class names of torch's tensor types (``tp_name`` ``torch.<name>``, ``torch.nn.parameter.<name>``)
TENSOR_TYPES = ("Tensor", "Parameter", "Buffer")
#: said with every report that counted tensors
TENSOR_NOTE = ("tensors: only their Python objects are counted; the element data in each tensor's storage "
               "is outside the walk (pyinspect.torch.layout(t).storage_nbytes gives its size)")


@frozen
class TypeRow:
    """One type's share of a deep walk.

    Attributes:
        type_name: ``module.qualname`` for classes, ``tp_name`` for builtin
            and extension types (``"dict"``, ``"collections.deque"``).
        type_address: address of the type object.
        count: objects of this type that were counted.
        bytes: the sum of their flat sizes.
        slack: the part of ``bytes`` that is item capacity holding no item:
            spare list slots (``allocated - ob_size``), dict entry slots never
            used or deleted (and unused value slots of split tables), set
            slots that are empty or dummy, spare bytearray, deque and array
            room.  The sparse index array of a dict is overhead by design and
            is not counted.
        retained_count: how many of them would be freed with the root;
            ``None`` when the retained size was not computed.
        retained_bytes: their bytes; ``None`` when not computed.
        sizeof_owner: the type that defines the ``__sizeof__`` the type uses
            (``"list"`` for a list subclass, ``"object"`` for a plain class).
        sizeof_mirrored: ``True`` when pyinspect mirrors that ``__sizeof__``
            from CPython's source, so ``bytes`` equals what ``sys.getsizeof``
            reports.  ``False`` for one it does not mirror (a Python override,
            ``numpy.ndarray``, ``decimal.Decimal``, ``io.BufferedReader``, ...):
            ``bytes`` is then the struct's size (``tp_basicsize`` plus items,
            or the builtin base's formula) and buffers such an object manages
            itself are not seen.
    """

    type_name: str
    type_address: int
    count: int
    bytes: int
    slack: int
    retained_count: Optional[int]
    retained_bytes: Optional[int]
    sizeof_owner: Optional[str]
    sizeof_mirrored: bool

    def to_dict(self) -> dict[str, Any]:
        return {f: getattr(self, f) for f in self.__dataclass_fields__}


@frozen
class SkippedRow:
    """Objects the walk found but left out of the totals (and did not follow).

    Attributes:
        reason: ``"types"`` (type objects), ``"modules"`` or ``"immortal"``
            (PEP 683 immortal objects, 3.12+: ``None``, small ints, interned
            strings, static types).
        count: distinct objects left out.
        bytes: their flat sizes, for scale; not part of ``total``.
    """

    reason: str
    count: int
    bytes: int

    def to_dict(self) -> dict[str, Any]:
        return {"reason": self.reason, "count": self.count, "bytes": self.bytes}


@frozen
class SizeReport(Layout):
    """Where an object's memory is: a walk of everything it references.

    ``header`` is the root object's header, read before the walk (its
    ``refcnt`` is as the program holds it).

    Attributes:
        flat: the root's own size (``sys.getsizeof(obj)`` for builtins).
        total: the deep size: every object reachable through the references
            the collector sees (``tp_traverse``, as ``gc.get_referents``), each
            counted once; types, modules and immortal objects are left out
            unless asked for, and the str keys of dicts unless
            ``dict_keys=True`` (see ``keys_not_followed``).
        count: objects counted in ``total``.
        retained: the part of ``total`` that freeing the root would free:
            the root, and every object whose references all come from inside
            the walk and that nothing kept alive from outside reaches without
            passing through the root.  ``None`` when not asked for or when the
            walk stopped early.
        retained_count: objects in ``retained``.
        rows: the breakdown by type, largest ``bytes`` first.
        skipped: what was found but left out, by reason.
        stop_reason: ``"complete"``, or ``"max_objects"`` / ``"max_bytes"``
            when a limit stopped the walk (``total`` then covers the objects
            counted so far).
        edges: references followed.
        keys_not_followed: dict entries whose str key was not followed,
            because ``dict``'s ``tp_traverse`` does not report the keys of
            str-only tables (0 with ``dict_keys=True``).  Many distinct keys
            built at run time are memory this ``total`` does not include.
        root_refs_inside: references to the root from objects inside the walk
            (cycles back to it).
        walk_bytes: peak memory of the walk's own tables (visited set, stack,
            type rows).
        seconds: wall time of the walk.
        options: the walk's parameters (``include_types``, ...).
    """

    family: ClassVar[str] = "memory"
    struct: ClassVar[str] = "deep walk"

    flat: int
    total: int
    count: int
    retained: Optional[int]
    retained_count: Optional[int]
    rows: tuple[TypeRow, ...]
    skipped: tuple[SkippedRow, ...]
    stop_reason: str
    edges: int
    keys_not_followed: int
    root_refs_inside: int
    walk_bytes: int
    seconds: float
    options: Mapping[str, Any]

    @property
    def complete(self) -> bool:
        """The walk reached every object (no limit stopped it)."""
        return self.stop_reason == "complete"

    @property
    def breakdown(self) -> tuple[TypeRow, ...]:
        """The per-type breakdown (``rows``), largest first."""
        return self.rows

    @property
    def slack(self) -> int:
        """Spare capacity in the containers counted (see :attr:`TypeRow.slack`)."""
        return sum(r.slack for r in self.rows)

    @property
    def root_refs_outside(self) -> int:
        """References to the root from outside the walk (the program's names
        and containers): when more than zero, dropping one name does not
        free the root."""
        return max(0, self.header.refcnt - self.root_refs_inside)

    @property
    def tensor_rows(self) -> tuple[TypeRow, ...]:
        """Rows of torch tensors (``torch.Tensor``, ``torch.nn.Parameter``, ...):
        the walk counts their Python objects; their element data lives in a
        c10 ``StorageImpl`` that no Python reference reaches, so it is not in
        ``total``."""
        return tuple(r for r in self.rows if r.type_name.startswith("torch.")
                     and r.type_name.rsplit(".", 1)[-1] in TENSOR_TYPES)

    @property
    def unmirrored(self) -> tuple[TypeRow, ...]:
        """Rows whose ``__sizeof__`` pyinspect does not mirror."""
        return tuple(r for r in self.rows if not r.sizeof_mirrored)

    def by_type(self) -> dict[str, TypeRow]:
        """The rows keyed by type name (the first row wins on a name clash)."""
        out: dict[str, TypeRow] = {}
        for r in self.rows:
            out.setdefault(r.type_name, r)
        return out

    def show(self, *, limit: int = 16, color: Optional[bool] = None, width: Optional[int] = None,
             file: Any = None) -> None:
        """Print the breakdown as a table with bars (the largest ``limit``
        types); inside a Jupyter kernel, display the picture (as
        ``pyinspect.show(report)`` does)."""
        from pyinspect.render import console
        from pyinspect.render.text_size import render_report
        from pyinspect.show import display_html, in_jupyter_kernel

        if file is None and in_jupyter_kernel():
            display_html(self, limit)
            return
        console(file, color=color, width=width).print(render_report(self, limit))

    def __rich__(self) -> Any:
        from pyinspect.render.text_size import render_report

        return render_report(self)

    def _repr_facts(self) -> str:
        retained = "not computed" if self.retained is None else f"{self.retained:,}"
        stop = "" if self.complete else f", stopped at {self.stop_reason}"
        return (f"total={self.total:,} bytes in {self.count:,} objects, retained={retained}, "
                f"{len(self.rows)} types{stop}")
