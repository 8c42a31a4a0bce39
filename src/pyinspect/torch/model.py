"""Layouts of the torch side of pyinspect: tensors, storages, modes, DataLoader traces.

Plain frozen dataclasses, like :mod:`pyinspect.model`; nothing here imports
torch, so they can be built by hand (renderer tests) and turned into JSON
with ``to_dict()``.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any, ClassVar, Optional

from pyinspect import bits
from pyinspect._dataclass import frozen
from pyinspect.model.base import Layout, to_jsonable
from pyinspect.model.display import Displayed
from pyinspect.model.views import hook
from pyinspect.torch.dtypes import BitField, DtypeInfo, dtype_info

__all__ = [
    "TensorElement",
    "TensorLayout",
    "TensorView",
    "StorageGroup",
    "StorageMap",
    "ModuleMode",
    "AutocastState",
    "ModesLayout",
    "BatchLeaf",
    "BatchRecord",
    "LoaderTrace",
    "coverage",
    "element_offsets",
]

#: elements whose storage offsets :func:`coverage` enumerates one by one
EXACT_COVERAGE = 1 << 15


def _json_number(v: Any) -> Any:
    if isinstance(v, complex):
        return [_json_number(v.real), _json_number(v.imag)]
    if isinstance(v, float) and not math.isfinite(v):
        return "nan" if math.isnan(v) else ("inf" if v > 0 else "-inf")
    if isinstance(v, tuple):
        return [_json_number(x) for x in v]
    return v


class _Picture(Displayed):
    """``__rich__``/``_repr_html_``/``to_dict`` for the torch results that are
    not Python-object Layouts (they have no PyObject header); a short
    ``repr`` (:class:`~pyinspect.model.display.Displayed`)."""

    __slots__ = ()
    #: fields left out of ``to_dict`` (live objects kept on request)
    _not_json: ClassVar[tuple[str, ...]] = ()

    def to_dict(self) -> dict[str, Any]:
        """All fields as JSON-able data."""
        return {f.name: to_jsonable(getattr(self, f.name)) for f in dataclasses.fields(self)  # type: ignore[arg-type]
                if f.name not in self._not_json}

    def __rich__(self) -> Any:
        return hook("text")(self)

    def _repr_html_(self) -> str:
        """Jupyter's HTML view: the SVG picture (see :mod:`pyinspect.torch.svg`)."""
        return hook("html")(self)


# ---- tensors ------------------------------------------------------------------------


@frozen
class TensorElement:
    """One element of a tensor, read from its storage.

    Attributes:
        index: the element's position in the tensor's logical (row-major)
            order: ``t.flatten()[index]``.
        position: the multi-index (``t[position]``).
        offset: where it sits in the storage, in elements:
            ``storage_offset + sum(position[d] * stride[d])``.
        address: its first byte: ``storage_data_ptr + offset * itemsize``
            (a device address for CUDA tensors; for the packed quantized
            dtypes the byte holding it, ``offset // per_byte``).
        raw: its ``itemsize`` bytes in memory order (packed dtypes: the
            whole byte its value shares with its neighbours).
        value: the number the bytes encode (see :mod:`pyinspect.torch.dtypes`).
        kind: for floats ``"zero"``, ``"subnormal"``, ``"normal"``, ``"inf"``,
            ``"nan"``; ``None`` otherwise.
        fields: the bit fields (sign / exponent / mantissa, ...), most
            significant first.
    """

    index: int
    position: tuple[int, ...]
    offset: int
    address: int
    raw: bytes
    value: Any
    kind: Optional[str]
    fields: tuple[BitField, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index, "position": list(self.position), "offset": self.offset,
            "address": self.address, "raw": self.raw.hex(), "value": _json_number(self.value),
            "kind": self.kind, "fields": [to_jsonable(f) for f in self.fields],
        }


@frozen
class TensorLayout(Layout):
    """A ``torch.Tensor``: the Python object (``THPVariable``) and the
    ``c10::TensorImpl`` metadata and ``c10::StorageImpl`` bytes behind it.

    The header is the Python object's, read like any other object's.  The
    tensor metadata comes from torch's own C++ accessors, called on
    ``torch._C.TensorBase`` with ``__torch_function__`` disabled, so no
    Python override of a subclass runs.  The element bytes are read from the
    storage at ``data_ptr`` (host memory) or copied for the shown elements
    only (device memory): never the whole storage.

    Attributes:
        shape: ``sizes()``.
        stride: ``strides()`` in elements (empty for non-strided layouts).
        storage_offset: where element ``[0, ..., 0]`` sits in the storage, in
            elements.
        dtype: the dtype's name without ``torch.`` (``"float16"``).
        itemsize: bytes per element (``element_size()``).
        device: ``"cpu"``, ``"cuda:0"``, ``"meta"``, ...
        layout: ``"strided"``, ``"sparse_coo"``, ...
        numel: number of elements.
        contiguous: ``is_contiguous()``: row-major with no gaps.
        memory_format: ``"contiguous"``, ``"channels_last"``,
            ``"channels_last_3d"`` or ``None`` (neither).
        is_pinned: the host memory is page-locked (pinned) for fast,
            asynchronous copies to an accelerator.
        pinning: ``"pinned"``, ``"not pinned"``, ``"unavailable"`` (no
            accelerator, so torch cannot pin), ``"device memory"`` or
            ``"no data"``.
        pinning_note: the same in a sentence.
        data_ptr: address of element ``[0, ..., 0]`` (``data_ptr()``);
            ``None`` without storage.
        storage_data_ptr: start of the storage's allocation.
        storage_nbytes: bytes in the storage (``untyped_storage().nbytes()``).
        storage_address: address of the ``c10::StorageImpl``: tensors with
            the same one share their bytes.
        storage_shared: the storage lives in shared memory
            (``is_shared()``), as DataLoader workers send tensors.
        requires_grad: autograd records operations on it.
        grad_fn: the autograd node that made it (``"MulBackward0"``), or
            ``None`` for leaves.
        is_leaf: made by the user, not by a recorded operation.
        has_grad: a leaf whose ``.grad`` is set.
        version: the version counter (``_version``), bumped by in-place
            writes and shared by views.
        is_conj, is_neg: lazy conjugate / negation bits: reads apply them,
            the stored bytes do not.
        elements: the elements read, in logical order: the first
            ``elements_head`` and then the last ones.
        elements_head: how many of ``elements`` are from the start.
        elements_omitted: elements between head and tail not read.
        data_note: why no element bytes were read, if none were.
        read_via: ``"host memory"`` (read at the element addresses),
            ``"device copy"`` (only the shown elements copied to the host) or
            ``"none"``.
        byteorder: the machine's byte order.
    """

    family: ClassVar[str] = "tensor"
    struct: ClassVar[str] = "torch.Tensor: c10::TensorImpl and its c10::StorageImpl"
    shape: tuple[int, ...]
    stride: tuple[int, ...]
    storage_offset: int
    dtype: str
    itemsize: int
    device: str
    layout: str
    numel: int
    contiguous: bool
    memory_format: Optional[str]
    is_pinned: bool
    pinning: str
    pinning_note: str
    data_ptr: Optional[int]
    storage_data_ptr: Optional[int]
    storage_nbytes: Optional[int]
    storage_address: Optional[int]
    storage_shared: Optional[bool]
    requires_grad: bool
    grad_fn: Optional[str]
    is_leaf: bool
    has_grad: bool
    version: Optional[int]
    is_conj: bool
    is_neg: bool
    elements: tuple[TensorElement, ...]
    elements_head: int
    elements_omitted: int
    data_note: Optional[str]
    read_via: str
    byteorder: str

    def _repr_facts(self) -> str:
        return f"shape={tuple(self.shape)}, dtype={self.dtype}, device={self.device}"

    @property
    def info(self) -> DtypeInfo:
        """How the dtype stores an element."""
        return dtype_info(self.dtype, self.itemsize)

    @property
    def ndim(self) -> int:
        return len(self.shape)

    def element(self, i: int) -> TensorElement:
        """The element at logical index ``i`` (negative counts from the end),
        if it was read (see ``elements_omitted``)."""
        n = i + self.numel if i < 0 else i
        lo, hi = 0, len(self.elements)  # elements are in increasing index order
        while lo < hi:
            mid = (lo + hi) // 2
            if self.elements[mid].index < n:
                lo = mid + 1
            else:
                hi = mid
        if lo < len(self.elements) and self.elements[lo].index == n:
            return self.elements[lo]
        if not 0 <= n < self.numel:
            raise IndexError(f"element {i} is out of range for a tensor of {self.numel} elements")
        raise KeyError(f"element {i} was not read (the layout holds elements "
                       f"{self._read_ranges()}); use pyinspect.torch.layout(t, limit=None) "
                       "or pyinspect.torch.element_bytes(t, i)")

    def element_bytes(self, i: int) -> bytes:
        """Raw bytes of element ``i`` (logical row-major index) in memory order."""
        return self.element(i).raw

    def element_bits(self, i: int) -> Optional[bits.FloatBits]:
        """The :class:`pyinspect.bits.FloatBits` of a float element (IEEE-style
        dtypes), else ``None``."""
        info = self.info
        if info.kind != "float":
            return None
        return bits.float_bits(self.element(i).raw, info.format, self.byteorder)  # type: ignore[arg-type]

    def _read_ranges(self) -> str:
        if not self.elements:
            return "none"
        head = self.elements[:self.elements_head]
        tail = self.elements[self.elements_head:]
        parts = [f"{head[0].index}..{head[-1].index}"] if head else []
        if tail:
            parts.append(f"{tail[0].index}..{tail[-1].index}")
        return " and ".join(parts)

    @property
    def storage_elements(self) -> Optional[int]:
        """Elements of this dtype the storage could hold."""
        if self.storage_nbytes is None or not self.itemsize:
            return None
        return self.storage_nbytes // self.itemsize

    @property
    def byte_strides(self) -> tuple[int, ...]:
        """Strides in bytes: how far apart neighbours along each dimension sit."""
        return tuple(s * self.itemsize for s in self.stride)

    @property
    def span(self) -> Optional[tuple[int, int]]:
        """``(first, last)`` storage offsets (in elements) this tensor reaches,
        or ``None`` when it has no elements or no strides."""
        if self.numel == 0 or len(self.stride) != len(self.shape):
            return None
        last = self.storage_offset + sum((n - 1) * s for n, s in zip(self.shape, self.stride))
        return self.storage_offset, last

    @property
    def fills_storage(self) -> bool:
        """The tensor is its storage's only occupant layout-wise: contiguous,
        from offset 0, and exactly as many bytes as the storage holds.  A
        slice, a strided view or an expanded tensor does not fill it."""
        return (self.storage_nbytes is not None and self.contiguous and self.storage_offset == 0
                and self.numel * self.itemsize == self.storage_nbytes)

    def coverage(self, cells: int = 64) -> tuple[tuple[int, ...], bool]:
        """Which cells of the storage the tensor's elements occupy: see :func:`coverage`."""
        return coverage(self.shape, self.stride, self.storage_offset, self.itemsize,
                        self.storage_nbytes or 0, cells)


def element_offsets(shape: tuple[int, ...], stride: tuple[int, ...], storage_offset: int,
                    limit: int = EXACT_COVERAGE) -> Optional[list[int]]:
    """Storage offsets (in elements) of every element in logical order, or
    ``None`` when there are more than ``limit`` elements."""
    numel = math.prod(shape)
    if numel > limit:
        return None
    offsets = [storage_offset]
    for n, s in zip(shape, stride):
        offsets = [o + i * s for o in offsets for i in range(n)]
    return offsets if numel else []


def coverage(shape: tuple[int, ...], stride: tuple[int, ...], storage_offset: int, itemsize: int,
             storage_nbytes: int, cells: int = 64) -> tuple[tuple[int, ...], bool]:
    """Which parts of a storage a tensor's elements occupy.

    The storage's ``storage_nbytes`` bytes are split into ``cells`` equal
    cells (one cell per ``itemsize`` bytes when that is fewer), and each cell
    gets a state: 0 no element of the tensor has a byte there, 1 some do,
    2 some element there shares its bytes with another element of the tensor
    (stride 0 from ``expand``, or an overlapping ``as_strided``).

    Returns:
        ``(states, exact)``.  Up to :data:`EXACT_COVERAGE` elements are placed
        one by one; a bigger tensor is placed row by row (its last dimension
        as a run of bytes) while it has at most that many rows and its rows
        are dense at cell scale.  Otherwise only the span from its first to
        its last element is known, marked -1, and ``exact`` is False.
    """
    if storage_nbytes <= 0 or itemsize <= 0:
        return (), True
    ncells = max(1, min(cells, -(-storage_nbytes // itemsize)))
    states = [0] * ncells
    numel = math.prod(shape)
    if numel == 0:
        return tuple(states), True

    def cell(byte: int) -> int:
        return max(0, min(ncells - 1, byte * ncells // storage_nbytes))

    def mark(first: int, last: int, state: int) -> None:  # element offsets first..last, inclusive
        for c in range(cell(first * itemsize), cell((last + 1) * itemsize - 1) + 1):
            states[c] = max(states[c], state)

    offsets = element_offsets(shape, stride, storage_offset)
    if offsets is not None:
        seen: dict[int, int] = {}
        for o in offsets:
            seen[o] = seen.get(o, 0) + 1
        for o, n in seen.items():
            mark(o, o, 2 if n > 1 else 1)
        return tuple(states), True
    n, s = shape[-1], stride[-1]
    rows = element_offsets(shape[:-1], stride[:-1], storage_offset)
    cell_bytes = storage_nbytes / ncells
    if rows is not None and s * itemsize <= cell_bytes:
        starts: dict[int, int] = {}
        for r in rows:
            starts[r] = starts.get(r, 0) + 1
        for r, k in starts.items():
            mark(r, r + (n - 1) * s, 2 if k > 1 or (s == 0 and n > 1) else 1)
        return tuple(states), True
    last = storage_offset + sum((m - 1) * st for m, st in zip(shape, stride))
    for c in range(cell(storage_offset * itemsize), cell((last + 1) * itemsize - 1) + 1):
        states[c] = -1
    return tuple(states), False


# ---- storages and views -------------------------------------------------------------


@frozen
class TensorView:
    """One tensor found in a namespace, as a view of its storage.

    Attributes:
        names: the names bound to this tensor object.
        address: ``id()`` of the tensor object.
        shape, stride, storage_offset, dtype, itemsize, contiguous: as in
            :class:`TensorLayout`.
        byte_start: first storage byte the tensor reaches.
        byte_end: one past the last storage byte it reaches (``byte_start``
            when it has no elements).
    """

    names: tuple[str, ...]
    address: int
    shape: tuple[int, ...]
    stride: tuple[int, ...]
    storage_offset: int
    dtype: str
    itemsize: int
    contiguous: bool
    byte_start: int
    byte_end: int

    @property
    def label(self) -> str:
        return ", ".join(self.names)


@frozen
class StorageGroup:
    """A storage and the tensors of a namespace that are views of it.

    Attributes:
        storage_address: the ``c10::StorageImpl``'s address (its identity).
        data_ptr: start of its bytes.
        nbytes: its size.
        device: where the bytes are.
        views: the tensors on it, in the namespace's order.
    """

    storage_address: int
    data_ptr: int
    nbytes: int
    device: str
    views: tuple[TensorView, ...]

    @property
    def shared(self) -> bool:
        """More than one tensor object uses this storage."""
        return len(self.views) > 1

    def coverage(self, view: TensorView, cells: int = 64) -> tuple[tuple[int, ...], bool]:
        """Cells of this storage covered by ``view`` (see :func:`coverage`);
        cells are sized by the smallest itemsize of the group's views."""
        unit = min(v.itemsize for v in self.views)
        n = max(1, min(cells, -(-self.nbytes // unit))) if self.nbytes else cells
        return coverage(view.shape, view.stride, view.storage_offset, view.itemsize, self.nbytes, n)


@frozen
class StorageMap(_Picture):
    """Which tensors in a namespace are views of one storage, at which offsets.

    Attributes:
        source: where the tensors were found (``"dict"``, ``"frame f at
            file.py:12"``).
        groups: one per storage, shared storages first.
        tensors: how many tensor objects were found.
    """

    source: str
    groups: tuple[StorageGroup, ...]
    tensors: int

    def _repr_facts(self) -> str:
        return f"{self.source}, {self.tensors} tensors, {len(self.groups)} storages"

    @property
    def shared(self) -> tuple[StorageGroup, ...]:
        """The storages that more than one tensor uses."""
        return tuple(g for g in self.groups if g.shared)

    def group_of(self, name: str) -> Optional[StorageGroup]:
        """The storage the tensor bound to ``name`` is a view of."""
        for g in self.groups:
            if any(name in v.names for v in g.views):
                return g
        return None


# ---- modes ----------------------------------------------------------------------------


@frozen
class ModuleMode:
    """One submodule's mode.

    Attributes:
        name: its qualified name in the model (``""`` for the model itself).
        type_name: its class name.
        depth: nesting depth (0 for the model).
        training: ``module.training``: ``True`` after ``train()``, ``False``
            after ``eval()``.
        mode_dependent: the module computes differently in train and eval
            (dropout, batch/instance norm).
        parameters: parameters the module holds itself (not its children's).
        trainable: of those, how many have ``requires_grad``.
    """

    name: str
    type_name: str
    depth: int
    training: bool
    mode_dependent: bool
    parameters: int
    trainable: int


@frozen
class AutocastState:
    """Autocast for one device type.

    Attributes:
        device_type: ``"cpu"``, ``"cuda"``, ...
        enabled: inside an enabled ``torch.autocast(device_type)`` region.
        dtype: the lower-precision dtype autocast would use there.
    """

    device_type: str
    enabled: bool
    dtype: Optional[str]


@frozen
class ModesLayout(_Picture):
    """The modes that decide what a forward pass does: the model's
    ``training`` flags and the thread's autograd state.

    Attributes:
        model_type: the model's class name (``None`` when no model was given).
        modules: every submodule in ``named_modules()`` order.
        grad_enabled: ``torch.is_grad_enabled()``: operations are recorded for
            backward (``False`` inside ``torch.no_grad()``).
        inference_mode: ``torch.is_inference_mode_enabled()``.
        autocast: per device type.
        deterministic: ``torch.are_deterministic_algorithms_enabled()``.
        anomaly: ``torch.is_anomaly_enabled()``.
        notes: what the combination means, in sentences.
    """

    model_type: Optional[str]
    modules: tuple[ModuleMode, ...]
    grad_enabled: bool
    inference_mode: bool
    autocast: tuple[AutocastState, ...]
    deterministic: bool
    anomaly: bool
    notes: tuple[str, ...]

    def _repr_facts(self) -> str:
        model = self.model_type or "no model"
        return f"{model}, {len(self.modules)} modules, grad_enabled={self.grad_enabled}"

    @property
    def training(self) -> Optional[bool]:
        """The model's own flag (``None`` without a model)."""
        return self.modules[0].training if self.modules else None

    @property
    def mixed(self) -> bool:
        """Some submodules are in train mode and others in eval mode."""
        return len({m.training for m in self.modules}) > 1

    @property
    def in_training(self) -> tuple[str, ...]:
        return tuple(m.name for m in self.modules if m.training)

    @property
    def in_eval(self) -> tuple[str, ...]:
        return tuple(m.name for m in self.modules if not m.training)


# ---- DataLoader traces -------------------------------------------------------------


@frozen
class BatchLeaf:
    """One leaf of a collated batch (a tensor, or any other object).

    Attributes:
        path: where it sits in the batch (``"[0]"``, ``"['image']"``, ``""``
            for a bare tensor).
        type_name: its type.
        shape: tensor shape, else ``None``.
        dtype: tensor dtype name, else ``None``.
        device: tensor device, else ``None``.
        pinned: the tensor's memory is page-locked, else ``False``/``None``.
        shared: the tensor's storage is in shared memory (sent by a worker
            process), else ``False``/``None``.
    """

    path: str
    type_name: str
    shape: Optional[tuple[int, ...]]
    dtype: Optional[str]
    device: Optional[str]
    pinned: Optional[bool]
    shared: Optional[bool]


@frozen
class BatchRecord:
    """What happened to one batch on its way through the loader.

    Attributes:
        position: the batch's number in the order the loader yielded it.
        task: the batch's task number (the order its indices were drawn and
            sent out); equals ``position`` unless ``in_order=False``.
        sampler_span: ``(start, stop)`` positions in the sampler's stream
            that the batch sampler grouped into this batch, or ``None``.
        indices: the batch sampler's list of dataset indices (one index when
            ``batch_size=None``; ``None`` for an IterableDataset).
        worker: the worker process that fetched and collated it (``None``:
            the main process, ``num_workers=0``).
        worker_pid: that worker's process id.
        leaves: the collated batch's tensors (and other leaves).
        pinned: every tensor of the batch arrived in pinned memory.
        drawn_at: seconds from the start of the trace until the main process
            drew the indices (and, with workers, sent them out).
        arrived_at: seconds from the start until the loader yielded it.
        waited: seconds the main process waited in ``next()`` for it.
    """

    position: int
    task: int
    sampler_span: Optional[tuple[int, int]]
    indices: Optional[tuple[Any, ...]]
    worker: Optional[int]
    worker_pid: Optional[int]
    leaves: tuple[BatchLeaf, ...]
    pinned: bool
    drawn_at: Optional[float]
    arrived_at: float
    waited: float


@frozen
class LoaderTrace(_Picture):
    """A DataLoader's pipeline, batch by batch: sampler -> batch sampler ->
    fetch (``dataset[i]`` in a worker) -> collate (-> pin memory).

    Attributes:
        dataset_type: the dataset's class name.
        dataset_kind: ``"map"`` (``dataset[i]``) or ``"iterable"``
            (``iter(dataset)`` in each worker).
        dataset_len: ``len(dataset)`` for map-style datasets with a length.
        sampler_type: the sampler's class name.
        shuffle: the sampler is a ``RandomSampler``.
        batch_sampler_type: the batch sampler's class name, or ``None``
            (``batch_size=None``: no batching).
        batch_size, drop_last: the batch sampler's settings.
        collate_fn: the collate function's name.
        num_workers: worker processes (0: everything in the main process).
        prefetch_factor: batches each worker works ahead (``None`` with no
            workers).
        pin_memory: ``pin_memory=True`` was asked for.
        pin_memory_used: batches are actually pinned (needs an accelerator).
        pin_note: why they are or are not pinned.
        persistent_workers, in_order, timeout: the loader's settings.
        start_method: how workers are started (``"fork"``, ``"spawn"``,
            ``"forkserver"``), ``None`` with no workers.
        base_seed: the iterator's base seed (worker ``w`` seeds torch,
            ``random`` and numpy from ``base_seed + w``).
        sampler_stream: every index the sampler yielded while tracing, in
            order (more than the traced batches use, when workers prefetch).
        batches: one record per batch yielded.
        dropped: indices the sampler yielded that the batch sampler put in no
            batch (the short last group under ``drop_last=True``), when the
            trace reached the end of the epoch.
        in_flight: task numbers drawn and sent to workers but not yet
            yielded when the trace stopped (the prefetch).
        worker_pids: the workers' process ids.
        outputs: the batches as yielded, when ``trace(..., keep=True)``
            (left out of ``to_dict`` and comparisons).
    """

    _not_json: ClassVar[tuple[str, ...]] = ("outputs",)
    dataset_type: str
    dataset_kind: str
    dataset_len: Optional[int]
    sampler_type: str
    shuffle: bool
    batch_sampler_type: Optional[str]
    batch_size: Optional[int]
    drop_last: bool
    collate_fn: str
    num_workers: int
    prefetch_factor: Optional[int]
    pin_memory: bool
    pin_memory_used: bool
    pin_note: str
    persistent_workers: bool
    in_order: bool
    timeout: float
    start_method: Optional[str]
    base_seed: Optional[int]
    sampler_stream: tuple[Any, ...]
    batches: tuple[BatchRecord, ...]
    dropped: tuple[Any, ...]
    in_flight: tuple[int, ...]
    worker_pids: tuple[int, ...]
    outputs: Optional[tuple[Any, ...]] = dataclasses.field(default=None, compare=False, repr=False)

    def _repr_facts(self) -> str:
        return f"{self.dataset_type}, batch_size={self.batch_size}, {len(self.batches)} batches traced"

    @property
    def indices(self) -> list[Optional[tuple[Any, ...]]]:
        """Each batch's dataset indices, in yield order."""
        return [b.indices for b in self.batches]

    @property
    def workers(self) -> list[Optional[int]]:
        """Each batch's worker (``None`` = main process), in yield order."""
        return [b.worker for b in self.batches]

