"""Read a tensor: torch's metadata accessors, then the bytes of the shown elements.

The metadata (sizes, strides, storage offset, storage pointer and size, the
autograd fields) lives in C++ objects (``c10::TensorImpl``,
``c10::StorageImpl``) whose layout only libtorch knows; pyinspect's C
extension never links libtorch, so these come from torch's own accessors,
called as ``torch._C.TensorBase.<accessor>(t)`` with ``__torch_function__``
disabled: a tensor subclass's Python overrides never run.

The element bytes are read from memory: for host tensors at
``storage_data_ptr + offset * itemsize``, one element at a time, after
checking the element lies inside the storage's allocation; for device tensors
only the shown elements' bytes are gathered and copied to the host.  Neither
path copies the storage, so showing a 10 GB tensor costs the rows shown.
"""

from __future__ import annotations

import ctypes
import math
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, Callable, Optional

import torch

from pyinspect._native import _inspect
from pyinspect.model import Header
from pyinspect.read import window
from pyinspect.torch.dtypes import decode, dtype_info
from pyinspect.torch.model import TensorElement, TensorLayout

__all__ = ["read_tensor", "read_element_bytes", "is_tensor", "accelerator_available", "ELEMENT_CAP",
           "TensorMeta", "kind_of"]

#: most elements one layout reads when ``limit=None`` (head and tail beyond it)
ELEMENT_CAP = 1 << 16

# torch >= 2.1 names; the fallbacks are older spellings
_TB: Any = getattr(torch._C, "TensorBase", None) or torch._C._TensorBase
_NO_TF: Callable[[], Any] = (getattr(torch._C, "DisableTorchFunctionSubclass", None)
                             or torch._C.DisableTorchFunction)


def is_tensor(obj: object) -> bool:
    """``obj`` is a ``torch.Tensor`` (or subclass), decided by the C type's MRO."""
    return bool(_inspect.is_instance(obj, torch.Tensor))


def accelerator_available() -> bool:
    """Whether torch has an accelerator to pin host memory for."""
    acc = getattr(torch, "accelerator", None)
    if acc is not None and hasattr(acc, "is_available"):
        return bool(acc.is_available())
    return bool(torch.cuda.is_available())


@contextmanager
def _plain() -> Iterator[None]:
    with _NO_TF():
        yield


class TensorMeta:
    """torch's accessors on one tensor, bypassing subclass overrides.

    Every accessor returns ``None`` instead of raising when the tensor kind
    has no such thing (strides of a sparse tensor, the data of a meta or
    wrapper-subclass tensor).
    """

    def __init__(self, t: Any) -> None:
        self.t = t

    def get(self, name: str) -> Any:
        """A property (``shape``, ``dtype``, ``grad_fn``, ...)."""
        try:
            with _plain():
                return getattr(_TB, name).__get__(self.t, _TB)
        except (RuntimeError, NotImplementedError, AttributeError, TypeError):
            return None

    def call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        """A method (``stride``, ``data_ptr``, ...)."""
        try:
            with _plain():
                return getattr(_TB, name)(self.t, *args, **kwargs)
        except (RuntimeError, NotImplementedError, AttributeError, TypeError, ValueError):
            return None


def kind_of(m: TensorMeta) -> str:
    """``"strided"`` for a plain tensor with sizes, strides and one storage;
    else what it is instead (``"nested"``, ``"sparse_coo"``, ``"no sizes"``)."""
    if m.get("is_nested"):
        return "nested"
    layout = str(m.get("layout")).removeprefix("torch.")
    if layout != "strided":
        return layout
    if m.get("shape") is None or m.call("stride") is None:
        return "no sizes"
    return "strided"


def _dtype_name(dtype: Any) -> str:
    return str(dtype).removeprefix("torch.")


def _unravel(i: int, shape: tuple[int, ...]) -> tuple[int, ...]:
    pos = []
    for n in reversed(shape):
        pos.append(i % n)
        i //= n
    return tuple(reversed(pos))


def _pinning(m: TensorMeta, device_type: str, device: str, has_data: bool) -> tuple[bool, str, str]:
    if device_type == "meta":
        return False, "no data", "a meta tensor has no memory to pin"
    if device_type != "cpu":
        return False, "device memory", (f"the bytes are in {device} memory; pinning (page-locking) is about host "
                                        "memory that an accelerator copies from")
    if not has_data:
        return False, "no data", "no host bytes to pin"
    if not accelerator_available():
        return False, "unavailable", ("pinning is unavailable: this torch sees no accelerator (a CPU-only build, "
                                      "or no GPU), so host memory cannot be page-locked and "
                                      "tensor.pin_memory() would raise")
    pinned = bool(m.call("is_pinned"))
    if pinned:
        return True, "pinned", ("page-locked host memory: the accelerator can copy it by DMA, and "
                                ".to(device, non_blocking=True) returns before the copy ends")
    return False, "not pinned", ("pageable host memory: a copy to the accelerator first goes through a "
                                 "pinned staging buffer; .pin_memory() makes a pinned copy")


def _memory_format(m: TensorMeta, ndim: int, contiguous: bool) -> Optional[str]:
    if contiguous:
        return "contiguous"
    if ndim == 4 and m.call("is_contiguous", memory_format=torch.channels_last):
        return "channels_last"
    if ndim == 5 and m.call("is_contiguous", memory_format=torch.channels_last_3d):
        return "channels_last_3d"
    return None


def _indices(numel: int, limit: Optional[int]) -> tuple[list[int], int, int]:
    """Logical indices to read: (indices, head count, omitted)."""
    if limit is None:
        if numel <= ELEMENT_CAP:
            return list(range(numel)), numel, 0
        limit = ELEMENT_CAP
    head, tail = window(limit)
    assert head is not None and tail is not None
    if numel <= head + tail:
        return list(range(numel)), numel, 0
    return list(range(head)) + list(range(numel - tail, numel)), head, numel - head - tail


class _Storage:
    """The facts of a tensor's storage that reading needs."""

    def __init__(self, m: TensorMeta) -> None:
        self.obj = m.call("untyped_storage")
        st = self.obj
        self.data_ptr: Optional[int] = None
        self.nbytes: Optional[int] = None
        self.address: Optional[int] = None
        self.shared: Optional[bool] = None
        if st is None:
            return
        try:
            self.nbytes = int(st.nbytes())
            self.address = int(st._cdata)
            self.data_ptr = int(st.data_ptr())
        except (RuntimeError, NotImplementedError, AttributeError):
            self.data_ptr = None
        try:
            self.shared = bool(st.is_shared()) if st.device.type == "cpu" else None
        except (RuntimeError, NotImplementedError, AttributeError):
            self.shared = None


def _read_bytes(storage: _Storage, device_type: str, byte_offsets: list[int], itemsize: int,
                force_copy: bool = False) -> list[bytes]:
    """The ``itemsize`` bytes at each storage byte offset (already bounds-checked)."""
    assert storage.data_ptr is not None
    if device_type == "cpu" and not force_copy:
        base = storage.data_ptr
        return [ctypes.string_at(base + off, itemsize) for off in byte_offsets]
    # device memory: gather only these bytes on the device, then copy them over
    want = [off + k for off in byte_offsets for k in range(itemsize)]
    with torch.no_grad():
        u = torch.empty(0, dtype=torch.uint8, device=storage.obj.device)
        u.set_(storage.obj)
        idx = torch.tensor(want, dtype=torch.int64, device=storage.obj.device)
        host = u.index_select(0, idx).cpu()
        flat = ctypes.string_at(host.data_ptr(), host.numel()) if host.numel() else b""
    return [flat[i * itemsize:(i + 1) * itemsize] for i in range(len(byte_offsets))]


def _no_data_reason(kind: str, device_type: str, storage: _Storage, numel: int) -> Optional[str]:
    if kind == "nested":
        return ("a nested tensor packs its components into one buffer with per-component sizes and "
                "offsets; show its components (t.unbind()) or its packed values (t.values())")
    if kind == "no sizes":
        return "torch reports no sizes or strides for this tensor (a wrapper subclass or symbolic shapes)"
    if kind != "strided":
        return (f"a {kind} tensor keeps its values in separate dense tensors "
                "(for sparse COO: t._values() and t._indices()); show those")
    if numel == 0:
        return "the tensor has no elements"
    if device_type == "meta":
        return "a meta tensor has shape, strides and dtype but no data"
    if storage.obj is None or storage.data_ptr is None:
        return "this tensor has no storage pyinspect can read (a wrapper subclass or a functional/fake tensor)"
    if storage.data_ptr == 0:
        return "the storage has no allocation (data pointer 0)"
    return None


def read_tensor(t: Any, header: Header, limit: Optional[int], *, force_copy: bool = False) -> TensorLayout:
    """Build the :class:`TensorLayout` of ``t``.

    Args:
        t: a tensor (checked by the caller).
        header: its PyObject header, read first.
        limit: read about this many elements (head and tail); ``None`` reads
            all, up to :data:`ELEMENT_CAP`.
        force_copy: read host tensors through the device path too (tests).
    """
    m = TensorMeta(t)
    kind = kind_of(m)
    shape_obj = m.get("shape") if kind not in ("nested", "no sizes") else None
    shape = tuple(int(n) for n in shape_obj) if shape_obj is not None else ()
    dtype = _dtype_name(m.get("dtype"))
    itemsize = int(m.call("element_size") or 0)
    device_obj = m.get("device")
    device = str(device_obj)
    device_type = getattr(device_obj, "type", device)
    layout_name = str(m.get("layout")).removeprefix("torch.") + (" (nested)" if kind == "nested" else "")
    strided = kind == "strided"
    stride = tuple(int(s) for s in (m.call("stride") or ())) if strided else ()
    storage_offset = int(m.call("storage_offset") or 0) if strided else 0
    numel = int(m.call("numel") or 0) if kind != "strided" else math.prod(shape)
    contiguous = bool(m.call("is_contiguous")) if strided else False
    storage = _Storage(m) if strided else _Storage(TensorMeta(None))
    data_ptr = m.call("data_ptr") if strided and storage.data_ptr is not None else None
    note = _no_data_reason(kind, device_type, storage, numel)
    is_pinned, pinning, pinning_note = _pinning(m, device_type, device, note is None or numel == 0)
    grad_fn = m.get("grad_fn")
    is_leaf = bool(m.get("is_leaf"))
    info = dtype_info(dtype, itemsize)
    byteorder = sys.byteorder

    elements: list[TensorElement] = []
    head_count = omitted = 0
    read_via = "none"
    if note is None:
        indices, head_count, omitted = _indices(numel, limit)
        assert storage.nbytes is not None and storage.data_ptr is not None
        places = []
        per_byte = info.per_byte  # packed sub-byte dtypes: offsets count the packed values
        for i in indices:
            pos = _unravel(i, shape)
            off = storage_offset + sum(p * s for p, s in zip(pos, stride))
            if off < 0 or (off // per_byte + 1) * itemsize > storage.nbytes:
                note = f"element {i} would lie outside the storage ({storage.nbytes} bytes); nothing was read"
                places = []
                break
            places.append((i, pos, off))
        if places:
            raws = _read_bytes(storage, device_type, [off // per_byte * itemsize for _, _, off in places],
                               itemsize, force_copy)
            read_via = "host memory" if device_type == "cpu" and not force_copy else "device copy"
            for (i, pos, off), raw in zip(places, raws):
                d = decode(info, raw, byteorder)
                value = d.value[off % per_byte] if per_byte > 1 and isinstance(d.value, tuple) else d.value
                elements.append(TensorElement(i, pos, off, storage.data_ptr + off // per_byte * itemsize, raw,
                                              value, d.kind, d.fields))
        else:
            head_count = omitted = 0

    return TensorLayout(
        header=header, shape=shape, stride=stride, storage_offset=storage_offset, dtype=dtype,
        itemsize=itemsize, device=device, layout=layout_name, numel=numel, contiguous=contiguous,
        memory_format=_memory_format(m, len(shape), contiguous) if strided else None,
        is_pinned=is_pinned, pinning=pinning, pinning_note=pinning_note,
        data_ptr=None if data_ptr is None else int(data_ptr),
        storage_data_ptr=storage.data_ptr, storage_nbytes=storage.nbytes,
        storage_address=storage.address, storage_shared=storage.shared,
        requires_grad=bool(m.get("requires_grad")),
        grad_fn=None if grad_fn is None else type(grad_fn).__name__,
        is_leaf=is_leaf, has_grad=is_leaf and m.get("_grad") is not None,  # non-leaf .grad warns
        version=m.get("_version"), is_conj=bool(m.call("is_conj")), is_neg=bool(m.call("is_neg")),
        elements=tuple(elements), elements_head=head_count, elements_omitted=omitted,
        data_note=note, read_via=read_via, byteorder=byteorder,
    )


def read_element_bytes(t: Any, indices: Iterable[int]) -> list[bytes]:
    """Raw bytes, in memory order, of the elements at logical ``indices`` of
    a live tensor: read at their addresses (host) or gathered and copied
    (device); never the whole storage."""
    m = TensorMeta(t)
    kind = kind_of(m)
    shape = tuple(int(n) for n in m.get("shape")) if kind == "strided" else ()
    numel = math.prod(shape) if kind == "strided" else 0
    device_obj = m.get("device")
    storage = _Storage(m) if kind == "strided" else _Storage(TensorMeta(None))
    note = _no_data_reason(kind, getattr(device_obj, "type", ""), storage, numel)
    if note is not None and kind != "strided":
        raise ValueError(f"no element bytes to read: {note}")
    if note is not None and numel:
        raise ValueError(f"no element bytes to read: {note}")
    itemsize = int(m.call("element_size"))
    per_byte = dtype_info(_dtype_name(m.get("dtype")), itemsize).per_byte
    stride = tuple(int(s) for s in m.call("stride"))
    storage_offset = int(m.call("storage_offset"))
    offsets = []
    for i in indices:
        n = i + numel if i < 0 else i
        if not 0 <= n < numel:
            raise IndexError(f"element {i} is out of range for a tensor of {numel} elements")
        off = storage_offset + sum(p * s for p, s in zip(_unravel(n, shape), stride))
        assert storage.nbytes is not None
        if off < 0 or (off // per_byte + 1) * itemsize > storage.nbytes:
            raise ValueError(f"element {i} lies outside its storage")
        offsets.append(off // per_byte * itemsize)
    return _read_bytes(storage, getattr(device_obj, "type", "cpu"), offsets, itemsize) if offsets else []
