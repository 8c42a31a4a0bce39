"""Views and aliasing: which tensors are windows onto one storage.

A tensor is metadata (shape, strides, storage offset, dtype) over a
``c10::StorageImpl`` that owns the bytes.  Slicing, ``view``, ``t()``,
``expand``, ``detach`` and ``x[::2]`` make new tensor objects over the *same*
storage; writing through one changes what the others read.  Two tensors share
a storage exactly when their ``StorageImpl`` is the same object.
"""

from __future__ import annotations

import math
import sys
import types
from collections.abc import Mapping
from typing import Any, Optional, Union

from pyinspect.torch.model import StorageGroup, StorageMap, TensorView
from pyinspect.torch.read import TensorMeta, _dtype_name, _Storage, is_tensor, kind_of

__all__ = ["shares_storage", "overlaps", "storages"]


def _require_tensor(name: str, t: object) -> None:
    if not is_tensor(t):
        raise TypeError(f"{name} must be a torch.Tensor, not {type(t).__name__}")


def _storage_identity(t: Any) -> Optional[int]:
    m = TensorMeta(t)
    if kind_of(m) not in ("strided", "nested"):
        return None
    return _Storage(m).address


def shares_storage(a: Any, b: Any) -> bool:
    """Whether tensors ``a`` and ``b`` are views of one storage (the same
    ``c10::StorageImpl``), as ``x`` and ``x[::2]``, ``x.view(...)``,
    ``x.t()`` or ``x.detach()`` are.

    Two storages that merely sit over the same memory (``torch.frombuffer``
    twice on one buffer) are not one storage; :func:`overlaps` compares bytes.
    Tensors without a storage (sparse) share nothing.
    """
    _require_tensor("a", a)
    _require_tensor("b", b)
    sa, sb = _storage_identity(a), _storage_identity(b)  # nested/sparse: None, they share nothing here
    return sa is not None and sa == sb


def _byte_range(m: TensorMeta, storage: _Storage) -> Optional[tuple[int, int, str]]:
    """(first byte, one past the last byte, device) in the address space."""
    if storage.data_ptr is None or kind_of(m) != "strided":
        return None
    shape = tuple(m.get("shape"))
    if math.prod(shape) == 0:
        return None
    itemsize = int(m.call("element_size"))
    stride = tuple(m.call("stride") or ())
    offset = int(m.call("storage_offset") or 0)
    last = offset + sum((n - 1) * s for n, s in zip(shape, stride))
    return (storage.data_ptr + offset * itemsize, storage.data_ptr + (last + 1) * itemsize,
            str(m.get("device")))


def overlaps(a: Any, b: Any) -> bool:
    """Whether the bytes ``a`` and ``b`` reach (from their first to their last
    element) intersect in memory on one device, whatever storage they use.
    Views of one storage that touch disjoint bytes (``x[:2]`` and ``x[2:]``)
    do not overlap."""
    _require_tensor("a", a)
    _require_tensor("b", b)
    ma, mb = TensorMeta(a), TensorMeta(b)
    ra, rb = _byte_range(ma, _Storage(ma)), _byte_range(mb, _Storage(mb))
    if ra is None or rb is None or ra[2] != rb[2]:
        return False
    return ra[0] < rb[1] and rb[0] < ra[1]


Namespace = Union[Mapping[str, Any], types.FrameType, None]


def _namespace(ns: Namespace) -> tuple[list[tuple[str, Any]], str]:
    if ns is None:
        frame = sys._getframe(2)
        return _frame_items(frame), _frame_name(frame)
    if isinstance(ns, types.FrameType):
        return _frame_items(ns), _frame_name(ns)
    if isinstance(ns, Mapping):
        return list(ns.items()), type(ns).__name__
    raise TypeError(f"namespace must be a dict (or mapping), a frame or None, not {type(ns).__name__}")


def _frame_items(frame: types.FrameType) -> list[tuple[str, Any]]:
    items = list(frame.f_locals.items())
    if frame.f_globals is not frame.f_locals:
        seen = {k for k, _ in items}
        items += [(k, v) for k, v in frame.f_globals.items() if k not in seen]
    return items


def _frame_name(frame: types.FrameType) -> str:
    code = frame.f_code
    return f"frame {code.co_name} at {code.co_filename}:{frame.f_lineno}"


def storages(namespace: Namespace = None) -> StorageMap:
    """Group the tensors of a namespace by the storage they view.

    Args:
        namespace: a dict (``globals()``, ``locals()``, ``vars(obj)``), a
            frame (its locals, then its globals), or ``None`` for the
            caller's frame.

    Returns:
        A :class:`~pyinspect.torch.model.StorageMap`: per storage, which
        names see it with which shape, strides and storage offset, and which
        bytes each reaches.  Shared storages come first.
    """
    items, source = _namespace(namespace)
    by_object: dict[int, tuple[Any, list[str]]] = {}
    for name, value in items:
        if not isinstance(name, str) or not is_tensor(value):
            continue
        if id(value) in by_object:
            by_object[id(value)][1].append(name)
        else:
            by_object[id(value)] = (value, [name])
    groups: dict[tuple[Any, ...], list[TensorView]] = {}
    facts: dict[tuple[Any, ...], tuple[int, int, int, str]] = {}
    for t, names in by_object.values():
        m = TensorMeta(t)
        if kind_of(m) != "strided":
            continue
        st = _Storage(m)
        if st.address is None:
            continue
        shape = tuple(int(n) for n in m.get("shape"))
        stride = tuple(int(s) for s in m.call("stride"))
        offset = int(m.call("storage_offset"))
        itemsize = int(m.call("element_size"))
        if math.prod(shape):
            last = offset + sum((n - 1) * s for n, s in zip(shape, stride))
            start, end = offset * itemsize, (last + 1) * itemsize
        else:
            start = end = offset * itemsize
        view = TensorView(tuple(names), id(t), shape, stride, offset, _dtype_name(m.get("dtype")), itemsize,
                          bool(m.call("is_contiguous")), start, end)
        key = (st.address,)
        groups.setdefault(key, []).append(view)
        facts[key] = (st.address, st.data_ptr or 0, st.nbytes or 0, str(m.get("device")))
    out = [StorageGroup(*facts[k], views=tuple(v)) for k, v in groups.items()]
    out.sort(key=lambda g: not g.shared)
    return StorageMap(source=source, groups=tuple(out), tensors=len(by_object))
