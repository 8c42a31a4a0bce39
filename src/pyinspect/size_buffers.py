"""The data buffers of a deep walk, each counted once: :class:`BufferRow`\\ s
from the walk's records, with tensor storages resolved through torch.

The C walk (``csrc/walk.c``, ``csrc/buffers.c``) keeps one record per buffer
owner: a numpy array with ``OWNDATA``, a bytearray, an ``array.array``, an
``mmap``, the exporter at the end of a ``memoryview``, and every tensor it
met (held, since a storage is a C++ object only torch's accessors read).
Here the records become rows:

* a tensor's record becomes its storage's, read with torch-function dispatch
  disabled (``pyinspect.torch.read.TensorMeta``), so a ``Tensor`` subclass's
  ``__torch_function__`` never runs; tensors sharing a storage share a row;
* a buffer whose owner pyinspect cannot read (a storage, memory a foreign
  exporter handed out, a numpy array on foreign memory) that lies inside a
  buffer whose owner it can read (``torch.from_numpy``, a storage or an
  array over an ``mmap``) is that buffer: its views join the owner's row;
* host bytes that no object's flat size holds (a storage, an exporter's
  buffer) are added to the total once; device memory is summed by device.

torch is looked at only when the program has imported it.
"""

from __future__ import annotations

import bisect
import sys
from typing import Any, Optional

from pyinspect.model import BufferRow
from pyinspect.model.size import HOST_DEVICES

__all__ = ["assemble", "host_extra"]

#: device codes of csrc/buffers.h (pyi_device_t); 3 is a tensor, resolved here
_DEVICES = {0: "cpu", 1: "mapped", 2: "external"}
_TENSOR = 3


class _Buffer:
    """A buffer while rows are assembled (mutable)."""

    __slots__ = ("owner", "type_name", "lo", "nbytes", "device", "in_flat", "views")

    def __init__(self, owner: int, type_name: str, lo: int, nbytes: int, device: str, in_flat: bool,
                 views: int) -> None:
        self.owner, self.type_name, self.lo, self.nbytes = owner, type_name, lo, nbytes
        self.device, self.in_flat, self.views = device, in_flat, views

    def row(self) -> BufferRow:
        return BufferRow(owner_address=self.owner, owner_type=self.type_name, device=self.device,
                         nbytes=self.nbytes, views=self.views, data_address=self.lo)


def _storages(tensors: list[tuple[Any, ...]]) -> list[_Buffer]:
    """One buffer per storage of the tensors met (the records of csrc/walk.c)."""
    if "torch" not in sys.modules:  # pragma: no cover - a tensor implies torch
        return []
    from pyinspect.torch.read import TensorMeta, _Storage, accelerator_available

    pinning: Optional[bool] = None
    found: dict[Any, _Buffer] = {}
    for (_owner, _type, _lo, _nbytes, _device, _in_flat, views, counted, tensor) in tensors:
        m = TensorMeta(tensor)
        storage = _Storage(m)
        if storage.obj is None or storage.nbytes is None:
            continue  # a wrapper subclass, a sparse or nested tensor: no one storage to count
        try:
            device = str(storage.obj.device)
        except (RuntimeError, AttributeError):  # pragma: no cover - every storage has a device
            continue
        key = storage.address if storage.address is not None else (device, storage.data_ptr)
        buf = found.get(key)
        if buf is None:
            if device == "cpu":
                if pinning is None:
                    pinning = accelerator_available()
                if pinning and m.call("is_pinned"):
                    device = "cpu-pinned"
            buf = found[key] = _Buffer(storage.address or 0, "torch.UntypedStorage", storage.data_ptr or 0,
                                       storage.nbytes, device, False, 0)
        buf.views += views + (1 if counted else 0)
    return list(found.values())


def _merge(buffers: list[_Buffer]) -> list[_Buffer]:
    """Buffers lying inside a buffer whose owner is known (its bytes in the
    owner's flat size, or a mapping) join that buffer's row."""
    anchors = sorted((b for b in buffers if (b.in_flat or b.device == "mapped") and b.nbytes > 0 and b.lo),
                     key=lambda b: b.lo)
    starts = [b.lo for b in anchors]
    kept: list[_Buffer] = []
    for b in buffers:
        if not b.in_flat and b.device != "mapped" and b.lo and b.nbytes > 0 and b.device in (
                *HOST_DEVICES, "external"):
            i = bisect.bisect_right(starts, b.lo) - 1
            # the anchor starting at or before b with the furthest end (anchors rarely overlap)
            while i >= 0 and anchors[i].lo + anchors[i].nbytes < b.lo + b.nbytes:
                i -= 1
            if i >= 0 and anchors[i] is not b:
                anchors[i].views += b.views
                continue
        kept.append(b)
    return kept


def host_extra(records: list[tuple[Any, ...]], unsettled: int) -> int:
    """Only the host bytes that no counted object's flat size holds (what
    ``sizeof(deep=True)`` adds): nothing to assemble when the walk settled
    every record."""
    return assemble(records, unsettled)[1] if unsettled else 0


def assemble(records: list[tuple[Any, ...]], unsettled: int) -> tuple[tuple[BufferRow, ...], int, dict[str, int]]:
    """From the walk's buffer records (largest first) and how many of them it
    left unsettled (tensors, buffers outside their owner's flat size,
    foreign memory): the rows (largest first), the host bytes that no
    counted object's flat size holds (to add to the total once), and the
    bytes per non-host device."""
    if not records:
        return (), 0, {}
    if not unsettled:
        # every buffer inside its owner's flat size or a mapping: rows as they are
        mapped = sum(rec[3] for rec in records if rec[4] == 1)
        return (tuple(BufferRow(owner, type_name, _DEVICES[device], nbytes, views, lo)
                      for (owner, type_name, lo, nbytes, device, _f, views, _c, _h) in records),
                0, {"mapped": mapped} if mapped else {})
    buffers: list[_Buffer] = []
    tensors: list[tuple[Any, ...]] = []
    for rec in records:
        owner, type_name, lo, nbytes, device, in_flat, views, _counted, _held = rec
        if device == _TENSOR:
            tensors.append(rec)
        else:
            buffers.append(_Buffer(owner, type_name, lo, nbytes, _DEVICES.get(device, "external"), bool(in_flat),
                                   views))
    if tensors:
        buffers.extend(_storages(tensors))
    del tensors, records  # the tensors: nothing of the walk stays alive
    kept = _merge(buffers)
    extra = sum(b.nbytes for b in kept if not b.in_flat and b.device in HOST_DEVICES)
    device_bytes: dict[str, int] = {}
    for b in kept:
        if b.device not in HOST_DEVICES:
            device_bytes[b.device] = device_bytes.get(b.device, 0) + b.nbytes
    kept.sort(key=lambda b: (-b.nbytes, b.owner))
    return tuple(b.row() for b in kept), extra, device_bytes
