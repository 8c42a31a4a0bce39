"""Reports of :func:`pyinspect.memory`: deep and retained sizes with a
per-type breakdown, and the data buffers found, each once.

Every number is in bytes as ``sys.getsizeof`` counts them for builtins: an
object's own allocation, the buffers it owns (a list's item array, a dict's
keys table, a str's UTF-8 cache, a numpy array's data) and its GC head, read
from the struct by the C walker; allocator rounding (pymalloc's 16-byte size
classes) and the memory the allocator keeps for reuse are not included.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field
from types import MappingProxyType
from typing import Any, ClassVar, Optional

from pyinspect._dataclass import frozen
from pyinspect.model.base import Layout
from pyinspect.model.views import hook

__all__ = ["BufferRow", "SizeReport", "SkippedRow", "TypeRow", "HOST_DEVICES", "TENSOR_TYPES"]

#: devices whose buffers are host memory, counted in ``SizeReport.total``
HOST_DEVICES = ("cpu", "cpu-pinned")
#: class names of torch's tensor types (``tp_name`` ``torch.<name>``, ``torch.nn.parameter.<name>``)
TENSOR_TYPES = ("Tensor", "Parameter", "Buffer")


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
            from CPython's source (``numpy.ndarray``'s from numpy's), so
            ``bytes`` equals what ``sys.getsizeof`` reports.  ``False`` for one
            it does not mirror (a Python override, ``decimal.Decimal``,
            ``io.BufferedReader``, ...):
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
class BufferRow:
    """One data buffer found by a deep walk, counted once however many views reach it.

    A data buffer is memory apart from an object's struct that holds its
    elements: a numpy array's ``data`` (owned when the array has
    ``OWNDATA``), a ``bytearray``'s ``ob_bytes``, an ``array.array``'s
    ``ob_item``, an ``mmap``'s mapping, a tensor's storage.  A view (a numpy
    array without ``OWNDATA``, a ``memoryview``, a tensor) points into one;
    the walk follows it (numpy's ``base``, the memoryview's managed buffer
    and its exporter, the tensor's storage) to the buffer's owner.

    Attributes:
        owner_address: address of the owner: the object whose data it is
            (the numpy array with ``OWNDATA``, the ``bytearray``, the
            exporter of a ``memoryview``), or torch's ``c10::StorageImpl``
            for a tensor storage.
        owner_type: the owner's type (``"numpy.ndarray"``, ``"bytearray"``,
            ``"mmap.mmap"``, ``"torch.UntypedStorage"``, ...).
        device: where the bytes are: ``"cpu"`` (pageable host memory),
            ``"cpu-pinned"`` (page-locked host memory), ``"cuda:0"`` and
            other accelerators, ``"meta"`` (no memory at all), ``"mapped"``
            (a mapped file: not counted as resident), ``"external"`` (memory
            that no object the walk saw owns, e.g. a numpy array made on a
            C library's pointer).
        nbytes: the buffer's bytes: what its owner's ``__sizeof__`` counts
            for it (numpy's ``nbytes`` for an ``OWNDATA`` array, a
            bytearray's ``ob_alloc``), the storage's ``nbytes()``, the
            mapping's length; for an owner pyinspect cannot read, the span
            its views show.
        views: objects counted by the walk whose data lies in this buffer,
            the owner not included (a numpy view and the ``memoryview`` it
            was made from are two; every tensor of a storage is one).
        data_address: where the buffer starts (numpy's ``data``, the
            storage's ``data_ptr()``), 0 when unknown.
    """

    owner_address: int
    owner_type: str
    device: str
    nbytes: int
    views: int
    data_address: int = 0

    @property
    def counted(self) -> bool:
        """Whether these bytes are host memory, and so part of ``SizeReport.total``."""
        return self.device in HOST_DEVICES

    def to_dict(self) -> dict[str, Any]:
        return {f: getattr(self, f) for f in self.__dataclass_fields__}


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
            type rows, buffer records).
        seconds: wall time of the walk.
        options: the walk's parameters (``include_types``, ...).
        buffers: the data buffers found, one :class:`BufferRow` each
            however many views reach it, largest first.  Host buffers are in
            ``total`` once: the ones inside an owner's flat size (a numpy
            array with ``OWNDATA``, a bytearray) through that owner's row,
            the others (a tensor's storage, a buffer exported by an object
            pyinspect cannot read) added to ``total`` but to no row.
        device_bytes: bytes of the buffers that are not host memory, by
            ``device`` (``"cuda:0"``, ``"mapped"``, ``"meta"``,
            ``"external"``); never part of ``total``.
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
    buffers: tuple[BufferRow, ...] = ()
    device_bytes: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))

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
        the walk counts their Python objects here; each storage they view is
        one row of :attr:`buffers` (on the host it is in ``total``)."""
        return tuple(r for r in self.rows if r.type_name.startswith("torch.")
                     and r.type_name.rsplit(".", 1)[-1] in TENSOR_TYPES)

    @property
    def buffer_bytes(self) -> int:
        """Bytes of the host buffers found (each counted once; part of ``total``)."""
        return sum(b.nbytes for b in self.buffers if b.counted)

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
        if file is None and hook("in_jupyter_kernel")():
            hook("display_html")(self, limit)
            return
        hook("console")(file, color=color, width=width).print(hook("text")(self, limit))

    def __rich__(self) -> Any:
        return hook("text")(self)

    def _repr_facts(self) -> str:
        retained = "not computed" if self.retained is None else f"{self.retained:,}"
        stop = "" if self.complete else f", stopped at {self.stop_reason}"
        return (f"total={self.total:,} bytes in {self.count:,} objects, retained={retained}, "
                f"{len(self.rows)} types{stop}")
