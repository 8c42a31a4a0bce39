"""The Layout of a weak reference: ``weakref.ref`` (and subclasses) and the proxies."""

from __future__ import annotations

from typing import ClassVar, Optional

from pyinspect._dataclass import frozen
from pyinspect.model.base import Layout

__all__ = ["WeakrefLayout"]


@frozen
class WeakrefLayout(Layout):
    """A ``PyWeakReference``: a pointer to an object that does not count in
    its reference count, cleared when the object dies.

    Attributes:
        referent_address: ``wr_object``, the object referred to; ``None``
            once it died (CPython then stores ``Py_None`` there).
        referent_type: the referent's ``tp_name`` (``None`` when dead, and on
            free-threaded builds, where nothing keeps the referent alive
            while its type would be read).
        dead: the referent was freed: calling the reference returns ``None``.
        callback_address: ``wr_callback``, called with the reference when the
            referent dies (``None``: no callback, or already called).
        hash: ``hash``, the referent's hash cached by ``hash(ref)``; ``None``
            when not computed (-1).
        proxy: a ``weakref.proxy`` (forwards attribute access) rather than a
            reference you call.
        prev_address, next_address: ``wr_prev``/``wr_next``, the neighbours in
            the referent's doubly linked list of weak references.
        wr_object_offset: byte offset of ``wr_object`` in the struct.
    """

    family: ClassVar[str] = "weakref"
    struct: ClassVar[str] = "PyWeakReference"
    referent_address: Optional[int]
    referent_type: Optional[str]
    dead: bool
    callback_address: Optional[int]
    hash: Optional[int]
    proxy: bool
    prev_address: Optional[int]
    next_address: Optional[int]
    wr_object_offset: int

    def _repr_facts(self) -> str:
        if self.dead:
            return "dead (its object was freed)"
        target = f"{self.referent_type} at " if self.referent_type else ""
        return f"to {target}{self.referent_address:#x}"
