"""The Layout of a ``memoryview``: a ``Py_buffer`` describing memory another
object exports, and the managed buffer that holds the exporter."""

from __future__ import annotations

from typing import ClassVar, Optional

from pyinspect._dataclass import frozen
from pyinspect.model.base import Layout

__all__ = ["MemoryViewLayout"]


@frozen
class MemoryViewLayout(Layout):
    """A ``PyMemoryViewObject`` (``Include/cpython/memoryobject.h``; until
    3.11 ``Include/memoryobject.h``): its own copy of the exporter's
    ``Py_buffer`` (``view``), narrowed by slicing and reshaped by ``cast()``,
    and a pointer to the ``_PyManagedBufferObject`` (``mbuf``) that holds
    the exporter's buffer once for every view made from it.  No data is
    copied: a slice moves ``view.buf`` and changes ``shape``/``strides``.

    Attributes:
        obj_address: ``view.obj``, the object exporting the memory (a
            ``bytearray``, ``bytes``, numpy array...); ``None`` for memory no
            object exports.  After release the stored pointer is stale (the
            exporter may be freed): an address, never followed.
        obj_type: the exporter's ``tp_name`` (``None`` without one, and
            once released).
        buf_address: ``view.buf``, the address of the first byte viewed.
        len: ``view.len``, bytes viewed (``nbytes``: the product of the shape
            times ``itemsize``).
        itemsize: ``view.itemsize``, bytes per item.
        format: ``view.format``, the struct-module format of one item
            (``'B'``: unsigned bytes); ``None`` once released (the string may
            belong to the exporter, which may be gone).
        format_truncated: the format string was longer than pyinspect copies
            (128 bytes) and is cut.
        ndim: ``view.ndim``, number of dimensions (0 for a scalar view).
        shape: ``view.shape``, items per dimension (``()`` when ``ndim`` is 0).
        strides: ``view.strides``, bytes to step to the next item of each
            dimension (negative for a reversed slice).
        readonly: ``view.readonly``: the exporter gave read-only memory.
        released: ``release()`` ran (``_Py_MEMORYVIEW_RELEASED`` in
            ``flags``) or the managed buffer was released: every access
            raises ``ValueError``; the ``view`` fields keep their last values.
        exports: ``exports``, buffers exported *from this memoryview* still
            held (``pickle.PickleBuffer(m)``, any ``PyObject_GetBuffer(m)``);
            ``release()`` refuses while it is not 0.  ``memoryview(m)``,
            slices, casts and ``numpy.frombuffer(m)`` (whose base is a new
            memoryview) are not exports: they register with the managed
            buffer (``mbuf_exports``).
        c_contiguous, f_contiguous: ``_Py_MEMORYVIEW_C`` /
            ``_Py_MEMORYVIEW_FORTRAN`` (or ``_Py_MEMORYVIEW_SCALAR``) in
            ``flags``: the items are adjacent in C / Fortran order.
        hash: ``hash``, cached by ``hash(m)`` on a read-only view; ``None``
            when not computed (-1).
        mbuf_address: ``mbuf``, the managed buffer (``None`` after the
            collector cleared it).
        mbuf_exports: ``mbuf->exports``, the memoryviews registered with the
            managed buffer (this one, its slices, casts and copies), still
            not released; ``None`` without a managed buffer.
        master_buf_address: ``mbuf->master.buf``, the start of the
            exporter's whole buffer (``None`` once released).
        struct_size: ``offsetof(PyMemoryViewObject, ob_array)``, the fixed
            part (``tp_basicsize``); ``shape``, ``strides`` and
            ``suboffsets`` follow in ``ob_array``, ``ndim`` words each.
        view_field_offset: byte offset of ``view`` in the struct.
    """

    family: ClassVar[str] = "memoryview"
    struct: ClassVar[str] = "PyMemoryViewObject"
    obj_address: Optional[int]
    obj_type: Optional[str]
    buf_address: Optional[int]
    len: int
    itemsize: int
    format: Optional[str]
    format_truncated: bool
    ndim: int
    shape: tuple[int, ...]
    strides: tuple[int, ...]
    readonly: bool
    released: bool
    exports: int
    c_contiguous: bool
    f_contiguous: bool
    hash: Optional[int]
    mbuf_address: Optional[int]
    mbuf_exports: Optional[int]
    master_buf_address: Optional[int]
    struct_size: int
    view_field_offset: int

    @property
    def buf_offset(self) -> Optional[int]:
        """``view.buf - mbuf->master.buf``: where this view starts in the
        exporter's buffer (a slice's offset); ``None`` once released."""
        if self.buf_address is None or self.master_buf_address is None:
            return None
        return self.buf_address - self.master_buf_address

    def _repr_facts(self) -> str:
        if self.released:
            return "released"
        shape = "×".join(map(str, self.shape)) or "scalar"
        return f"format={self.format!r} shape={shape} nbytes={self.len}"
