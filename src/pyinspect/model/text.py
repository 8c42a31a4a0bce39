"""Layouts of str, bytes and bytearray."""

from __future__ import annotations

from typing import ClassVar, Optional

from pyinspect import bits
from pyinspect._dataclass import frozen
from pyinspect.model.base import Layout

INTERNED_NAMES = {
    0: "not interned",       # SSTATE_NOT_INTERNED
    1: "interned mortal",    # SSTATE_INTERNED_MORTAL
    2: "interned immortal",  # SSTATE_INTERNED_IMMORTAL
    3: "interned immortal static",  # SSTATE_INTERNED_IMMORTAL_STATIC (3.12+)
}

_CODECS = {1: "latin-1", 2: "utf-16-le", 4: "utf-32-le"}


def decode_units(data: bytes, kind: int) -> str:
    """The text stored as ``kind``-byte code units (little-endian machine)."""
    if kind not in _CODECS:
        return ""
    return data.decode(_CODECS[kind], "surrogatepass")


@frozen
class StrLayout(Layout):
    """A ``PyASCIIObject`` / ``PyCompactUnicodeObject`` / ``PyUnicodeObject`` (PEP 393).

    Attributes:
        length: number of code points (``length``).
        kind: bytes per stored code unit: 1 (latin-1), 2 (UCS-2) or 4 (UCS-4).
        ascii: all code points < 128 (``state.ascii``).
        compact: the data follows the struct in the same allocation.
        interned: the interning state as a name (``"not interned"``,
            ``"interned mortal"``, ``"interned immortal"``,
            ``"interned immortal static"``).
        interned_state: the raw ``state.interned`` value (``SSTATE_*``).
        ready: ``state.ready`` (3.9-3.11), ``None`` from 3.12 where it is gone.
        statically_allocated: ``state.statically_allocated`` (3.12+), else ``None``.
        data: the stored code units, ``kind`` bytes each, as bytes (the shown
            part when ``data_omitted``; ``None`` for a not-ready legacy string).
        data_omitted: code units between the head and the tail not read.
        data_head: how many code units the head part of ``data`` holds.
        data_address: address of the code units.
        utf8: the cached UTF-8 buffer, or ``None`` while it has not been made;
            for compact ASCII strings it is the data itself.
        utf8_length: length of the UTF-8 buffer, ``None`` when absent.
        utf8_is_data: the UTF-8 buffer is the string's own data (ASCII).
        utf8_address: where the UTF-8 buffer is, or ``None``.
        utf8_omitted: UTF-8 bytes not read (bounded reads).
        hash: the cached hash, or ``None`` while it is unset (-1 stored).
        wstr_address, wstr_length: 3.9-3.11's optional ``wchar_t`` copy.
        value: the text the code units spell (the shown part when bounded).
    """

    family: ClassVar[str] = "str"
    struct: ClassVar[str] = "PyASCIIObject / PyCompactUnicodeObject"
    length: int
    kind: int
    ascii: bool
    compact: bool
    interned: str
    interned_state: int
    ready: Optional[bool]
    statically_allocated: Optional[bool]
    data: Optional[bytes]
    data_omitted: int
    data_head: int
    data_address: Optional[int]
    utf8: Optional[bytes]
    utf8_length: Optional[int]
    utf8_is_data: bool
    utf8_address: Optional[int]
    utf8_omitted: int
    hash: Optional[int]
    wstr_address: Optional[int]
    wstr_length: Optional[int]
    value: str

    def _repr_facts(self) -> str:
        return f"length={self.length}, kind={self.kind}, {self.interned}, refcnt={self.refcnt}"

    @property
    def code_units(self) -> list[int]:
        """The stored code units as ints (of the shown part)."""
        if not self.data:
            return []
        k = self.kind
        return [int.from_bytes(self.data[i:i + k], "little") for i in range(0, len(self.data), k)]

    @property
    def framing(self) -> list[bits.CodePointFraming]:
        """UTF-8 framing of each (shown) code point."""
        return bits.utf8_framing(self.value)


@frozen
class BytesLayout(Layout):
    """A ``PyBytesObject``: ``ob_size`` bytes inline in ``ob_sval``, NUL-terminated.

    Attributes:
        size: number of bytes (``ob_size``).
        data: the stored bytes (head + tail when ``data_omitted``).
        data_omitted: bytes between head and tail not read.
        data_head: bytes in the head part of ``data``.
        hash: the cached hash (``ob_shash``), ``None`` while unset.
        data_offset: offset of ``ob_sval`` from the object's start.
        terminator: the byte after the data (always 0).
    """

    family: ClassVar[str] = "bytes"
    struct: ClassVar[str] = "PyBytesObject"
    size: int
    data: bytes
    data_omitted: int
    data_head: int
    hash: Optional[int]
    data_offset: int
    terminator: int

    def _repr_facts(self) -> str:
        return f"size={self.size}, refcnt={self.refcnt}"


@frozen
class ByteArrayLayout(Layout):
    """A ``PyByteArrayObject``: a resizable buffer.

    Attributes:
        size: bytes in use (``ob_size``).
        alloc: bytes allocated (``ob_alloc``).
        data: the bytes from ``ob_start`` (head + tail when bounded).
        data_omitted, data_head: as for bytes.
        buffer_address: ``ob_bytes``, start of the allocation.
        start_address: ``ob_start``, where the logical data begins (moves
            forward on ``del b[:k]``).
        bytes_object_address: 3.15+: the bytes object holding the buffer
            (``ob_bytes_object``); ``None`` before 3.15.
        exports: buffer exports in progress (``ob_exports``).
    """

    family: ClassVar[str] = "bytearray"
    struct: ClassVar[str] = "PyByteArrayObject"
    size: int
    alloc: int
    data: bytes
    data_omitted: int
    data_head: int
    buffer_address: Optional[int]
    start_address: Optional[int]
    bytes_object_address: Optional[int]
    exports: int

    def _repr_facts(self) -> str:
        return f"size={self.size}, alloc={self.alloc}, refcnt={self.refcnt}"
