"""The Layout base class and the object header every Layout carries."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, ClassVar, Optional, TypeVar, Union

from pyinspect._dataclass import frozen
from pyinspect.model.display import Displayed
from pyinspect.model.flags import tpflag_names

#: a Layout class (the result type of :meth:`Layout.from_raw`)
L = TypeVar("L", bound="Layout")


def to_jsonable(value: Any) -> Any:
    """Turn Layout field values into JSON-able data.

    bytes become lowercase hex strings, tuples lists, mappings dicts, nested
    Layouts their ``to_dict()``, and non-finite floats the strings ``"nan"``,
    ``"inf"``, ``"-inf"``.
    """
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).hex()
    if hasattr(value, "to_dict") and dataclasses.is_dataclass(value):
        return value.to_dict()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    return value


def frozen_mapping(d: Optional[Mapping[str, Any]]) -> Mapping[str, Any]:
    """A read-only view of ``d`` for storing in a frozen Layout."""
    return MappingProxyType(dict(d or {}))


@frozen
class Header:
    """The ``PyObject`` header and the memory an object occupies.

    Attributes:
        address: where the object starts (``id(obj)`` on CPython).
        type_name: ``ob_type->tp_name``.
        type_address: address of the type object (``ob_type``).
        refcnt: references the program holds: the stored count minus the
            temporary references pyinspect's own frames and the calling
            expression hold while inspecting (ARCHITECTURE rule 5).
        refcnt_raw: the stored word: the 8-byte ``ob_refcnt``
            (``ob_refcnt_full`` on 3.14+) on GIL builds, or
            ``(ob_ref_local, ob_ref_shared)`` on free-threaded builds.
        refcnt_fields: every refcount-related field by its CPython name
            (``ob_refcnt_split[0]``, ``ob_flags``, ``ob_tid``, ...).
        refcnt_stored: what ``Py_REFCNT`` returns right now (includes
            pyinspect's own references).
        transient_refs: ``refcnt_stored - refcnt``.
        immortal: the object is immortal (PEP 683, 3.12+): its count never
            changes and ``refcnt`` is the stored sentinel.
        basicsize: ``tp_basicsize``.
        itemsize: ``tp_itemsize``.
        ob_size: ``ob_size`` for variable-size objects, else ``None``.
        tp_flags: the type's flags word; ``flags`` names its bits.
        gc_head_bytes: size of the ``PyGC_Head`` in front of the object
            (0 when untracked types or free-threaded builds have none).
        gc_tracked: the collector currently tracks the object.
        preheader_bytes: managed ``__dict__``/weakref pointers stored in front
            of the object (3.11+), not counting the GC head.
        object_bytes: the struct with its inline items.
        buffer_bytes: separately allocated buffers the object owns (a list's
            item array, a str's UTF-8 cache, ...).
        allocated_bytes: ``object_bytes + buffer_bytes + preheader_bytes``:
            what ``sys.getsizeof`` reports minus the GC head.
    """

    address: int
    type_name: str
    type_address: int
    refcnt: int
    refcnt_raw: Union[int, tuple[int, int]]
    refcnt_fields: Mapping[str, int]
    refcnt_stored: int
    transient_refs: int
    immortal: bool
    basicsize: int
    itemsize: int
    ob_size: Optional[int]
    tp_flags: int
    gc_head_bytes: int
    gc_tracked: bool
    preheader_bytes: int
    object_bytes: int
    buffer_bytes: int
    allocated_bytes: int

    @classmethod
    def from_raw(cls, raw: Mapping[str, Any]) -> Header:
        """Build from ``_inspect.read_header``'s dict."""
        values = {f.name: raw[f.name] for f in dataclasses.fields(cls)}
        values["refcnt_fields"] = frozen_mapping(raw["refcnt_fields"])
        return cls(**values)

    def with_sizes(self, sizes: Optional[Mapping[str, Any]]) -> Header:
        """This header with ``ob_size`` and the byte counts replaced by the ones
        a family reader took in the same moment as its own fields (the
        ``"sizes"`` of ``read_list``/``read_dict``/``read_set``/
        ``read_bytearray``): a container another thread or a ``__del__``
        resized between the two reads then still describes one moment."""
        if not sizes:
            return self
        return dataclasses.replace(self, **{k: sizes[k] for k in (
            "ob_size", "object_bytes", "buffer_bytes", "preheader_bytes", "allocated_bytes")})

    @property
    def flags(self) -> tuple[str, ...]:
        """Names of the set ``tp_flags`` bits (without ``Py_TPFLAGS_``)."""
        return tpflag_names(self.tp_flags)

    @property
    def sizeof(self) -> int:
        """Bytes including the GC head: what ``sys.getsizeof`` reports for builtins."""
        return self.allocated_bytes + self.gc_head_bytes

    def to_dict(self) -> dict[str, Any]:
        d = {f.name: to_jsonable(getattr(self, f.name)) for f in dataclasses.fields(self)}
        d["flags"] = list(self.flags)
        return d


@frozen
class ItemSummary:
    """A short description of an object a container points at.

    Attributes:
        address: the object's address.
        type_name: its ``tp_name``.
        value: for builtin scalars (None, bool, int, float, str, bytes) a short
            text of the value read from the object's own layout; ``None`` for
            anything else (pyinspect never calls ``repr`` of user objects).
    """

    address: int
    type_name: str
    value: Optional[str]

    @property
    def label(self) -> str:
        """``value`` when known, else ``<type_name at 0x...>``."""
        if self.value is not None:
            return self.value
        return f"<{self.type_name} at {self.address:#x}>"

    def to_dict(self) -> dict[str, Any]:
        return {"address": self.address, "type_name": self.type_name, "value": self.value}


@frozen
class Layout(Displayed):
    """Base of every Layout: the object's header plus its family's fields.

    The header fields are also available directly on the Layout
    (``layout(x).refcnt == layout(x).header.refcnt``).  Its ``repr`` is one
    short line (type, address, key facts); ``show()``, rich, IPython and
    Jupyter draw the whole picture.
    """

    family: ClassVar[str] = "object"
    #: the CPython struct(s) the family's fields come from
    struct: ClassVar[str] = "PyObject"
    #: whether pictures start with the object header (pictures of several
    #: objects, such as the names picture, leave it out)
    show_header: ClassVar[bool] = True
    header: Header

    @classmethod
    def from_raw(cls: type[L], raw: Mapping[str, Any], **given: Any) -> L:
        """The Layout of a reader's raw dict whose keys are the Layout's fields.

        ``given`` supplies the fields the builder computes (``header`` at
        least) or replaces a raw value by its interpretation; every other
        field comes from ``raw`` under its own name.  A key of ``raw`` that
        is no field, or a field that neither gives, raises TypeError naming
        them: the reader and the Layout disagree.
        """
        fields = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
        unknown = sorted(set(raw) - set(fields))
        required = {n for n, f in fields.items()
                    if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING}
        missing = sorted(required - set(raw) - set(given))
        bad_given = sorted(set(given) - set(fields))
        if unknown or missing or bad_given:
            parts = []
            if unknown:
                parts.append(f"unknown raw keys {unknown}")
            if missing:
                parts.append(f"missing fields {missing}")
            if bad_given:
                parts.append(f"unknown fields given {bad_given}")
            raise TypeError(f"{cls.__name__}.from_raw: " + "; ".join(parts))
        return cls(**{**raw, **given})

    @property
    def address(self) -> int:
        return self.header.address

    @property
    def type_name(self) -> str:
        return self.header.type_name

    @property
    def type_address(self) -> int:
        return self.header.type_address

    @property
    def refcnt(self) -> int:
        return self.header.refcnt

    @property
    def refcnt_raw(self) -> Union[int, tuple[int, int]]:
        return self.header.refcnt_raw

    @property
    def immortal(self) -> bool:
        return self.header.immortal

    @property
    def basicsize(self) -> int:
        return self.header.basicsize

    @property
    def allocated_bytes(self) -> int:
        return self.header.allocated_bytes

    def to_dict(self) -> dict[str, Any]:
        """All fields as JSON-able data (bytes as hex strings, tuples as lists,
        the header nested under ``"header"``), plus ``"family"``."""
        d: dict[str, Any] = {"family": self.family}
        for f in dataclasses.fields(self):
            d[f.name] = to_jsonable(getattr(self, f.name))
        return d

    def __rich__(self) -> Any:
        from pyinspect.model.views import hook

        return hook("text")(self)

    def _repr_subject(self) -> str:
        return f"{self.type_name} at {self.address:#x}"

    def _repr_facts(self) -> str:
        """The family's key facts; by default the refcount and the bytes."""
        return f"refcnt={self.refcnt}, allocated_bytes={self.allocated_bytes}"
