"""Trace a DataLoader through its four stages, batch by batch.

A ``torch.utils.data.DataLoader`` is a pipeline:

1. the **sampler** yields dataset indices (``SequentialSampler``, or
   ``RandomSampler`` for ``shuffle=True``);
2. the **batch sampler** groups them into lists of ``batch_size``
   (``drop_last`` drops a short last group);
3. **fetch**: ``dataset[i]`` for each index of a group, in the main process
   (``num_workers=0``) or in worker ``send_idx % num_workers``, which keeps up
   to ``prefetch_factor`` groups in flight;
4. **collate**: ``collate_fn`` turns the samples into one batch (stacking
   tensors), then, with ``pin_memory=True`` and an accelerator, a thread in
   the main process copies it into page-locked memory.

:func:`trace` iterates a shallow copy of the loader whose (batch) sampler is
wrapped by recorders that pass every index through unchanged, so the batches,
the random numbers drawn and the workers' seeds are exactly those of
iterating the loader itself.  Worker assignment is read from the iterator's
own bookkeeping (the task table it keeps for in-order delivery).
"""

from __future__ import annotations

import copy
import multiprocessing
import time
from collections.abc import Iterator, Mapping
from typing import Any, Callable, Optional

from torch.utils.data import BatchSampler, DataLoader, IterableDataset, RandomSampler

from pyinspect import arguments
from pyinspect.torch.model import BatchLeaf, BatchRecord, LoaderTrace
from pyinspect.torch.read import TensorMeta, _dtype_name, _Storage, accelerator_available, is_tensor, kind_of

__all__ = ["trace", "MAX_LEAVES"]

#: tensors (and other leaves) recorded per batch
MAX_LEAVES = 32
_MAX_DEPTH = 6


class _Recorder:
    """What the main process drew, in order, with the time it drew it."""

    def __init__(self) -> None:
        self.t0 = time.perf_counter()
        self.stream: list[Any] = []
        #: per drawn group: (stream start, stream stop or None, indices, time)
        self.groups: list[tuple[Optional[int], Optional[int], Any, float]] = []
        self.stream_recorded = False
        #: the batch sampler ran to its end (the epoch's last group was drawn)
        self.finished = False
        self.last_stop = 0

    def now(self) -> float:
        return time.perf_counter() - self.t0


class _RecordingSampler:
    """Passes a sampler's indices through unchanged, noting each."""

    def __init__(self, inner: Any, rec: _Recorder, groups: bool) -> None:
        self.inner = inner
        self.rec = rec
        self.groups = groups  # batch_size=None: every index is its own "batch"

    def __iter__(self) -> Iterator[Any]:
        for i in self.inner:
            self.rec.stream.append(i)
            if self.groups:
                n = len(self.rec.stream)
                self.rec.groups.append((n - 1, n, i, self.rec.now()))
            yield i

    def __len__(self) -> int:
        return len(self.inner)


class _RecordingBatchSampler:
    """Passes a batch sampler's groups through unchanged, noting each."""

    def __init__(self, inner: Any, rec: _Recorder) -> None:
        self.inner = inner
        self.rec = rec

    def __iter__(self) -> Iterator[Any]:
        stop = 0
        for group in self.inner:
            if self.rec.stream_recorded:
                start, stop = stop, len(self.rec.stream)
                self.rec.groups.append((start, stop, group, self.rec.now()))
                self.rec.last_stop = stop
            else:
                self.rec.stream.extend(group)
                self.rec.groups.append((None, None, group, self.rec.now()))
            yield group
        self.rec.finished = True

    def __len__(self) -> int:
        return len(self.inner)


class _TaskTable(dict):  # type: ignore[type-arg]
    """The multiprocessing iterator's ``_task_info`` {task: (worker, [data])},
    also noting which drawn group each task is and which task was taken last."""

    def __init__(self, existing: dict, drawn: Callable[[], int]) -> None:  # type: ignore[type-arg]
        super().__init__(existing)
        self.drawn = drawn
        self.group_of: dict[int, int] = {k: k for k in existing}
        self.last_popped: Optional[int] = None

    def __setitem__(self, key: Any, value: Any) -> None:
        if key not in self:
            self.group_of[key] = self.drawn() - 1
        super().__setitem__(key, value)

    def pop(self, key: Any, *default: Any) -> Any:
        self.last_popped = key
        return super().pop(key, *default)


def _leaves(batch: Any) -> list[BatchLeaf]:
    out: list[BatchLeaf] = []
    pin_ok = accelerator_available()
    stack: list[tuple[str, Any, int]] = [("", batch, 0)]
    while stack and len(out) < MAX_LEAVES:
        path, obj, depth = stack.pop()
        if is_tensor(obj):
            m = TensorMeta(obj)
            strided = kind_of(m) == "strided"
            st = _Storage(m) if strided else None
            device = m.get("device")
            out.append(BatchLeaf(
                path, type(obj).__name__, tuple(int(n) for n in m.get("shape")) if strided else (),
                _dtype_name(m.get("dtype")),
                str(device), bool(m.call("is_pinned")) if pin_ok and getattr(device, "type", "") == "cpu" else False,
                None if st is None else st.shared,
            ))
        elif depth < _MAX_DEPTH and isinstance(obj, Mapping):
            items = list(obj.items())
            stack.extend((f"{path}[{k!r}]", v, depth + 1) for k, v in reversed(items))
        elif depth < _MAX_DEPTH and isinstance(obj, (list, tuple)):
            stack.extend((f"{path}[{i}]", v, depth + 1) for i, v in reversed(list(enumerate(obj))))
        else:
            out.append(BatchLeaf(path, type(obj).__name__, None, None, None, None, None))
    return out


def _name(fn: Any) -> str:
    if fn is None:
        return "None"
    mod = getattr(fn, "__module__", None) or ""
    qual = getattr(fn, "__qualname__", None) or type(fn).__name__
    if mod.startswith("torch.utils.data"):
        return qual
    return f"{mod}.{qual}" if mod and mod != "__main__" else qual


def _start_method(loader: DataLoader) -> Optional[str]:
    if loader.num_workers == 0:
        return None
    ctx = loader.multiprocessing_context
    if ctx is not None:
        return str(ctx.get_start_method())
    method = multiprocessing.get_start_method(allow_none=True)
    return None if method is None else str(method)


def _pin_note(asked: bool, used: bool) -> str:
    if used:
        return "pin_memory=True: a thread in the main process copies each batch into page-locked memory"
    if asked:
        return ("pin_memory=True, but pinning is unavailable: this torch sees no accelerator (CPU-only build "
                "or no GPU), so batches arrive in ordinary pageable memory")
    return "pin_memory=False: batches arrive in ordinary pageable memory"


def trace(loader: DataLoader, batches: int = 3, *, keep: bool = False) -> LoaderTrace:
    """Iterate ``loader`` for up to ``batches`` batches and record, per
    batch, the sampler's indices, the batch sampler's grouping, which worker
    fetched and collated it, the collated shapes and dtypes, whether it
    arrived pinned, and when.

    The loader yields exactly what it would untraced: a shallow copy is
    iterated whose sampler and batch sampler are wrapped by pass-through
    recorders; random numbers are drawn in the same order (so ``shuffle``
    with a seed gives the same batches), and the workers get the same seeds.
    Like any iteration it advances the RNG that ``shuffle`` and the workers'
    base seed draw from.  Worker processes are shut down at the end.

    Args:
        loader: a ``torch.utils.data.DataLoader``.
        batches: how many batches to trace (the loader may end sooner).
        keep: also keep the batches as yielded (``.outputs``).

    Returns:
        A :class:`~pyinspect.torch.model.LoaderTrace`; ``show()`` draws the
        four stages and one row per batch.
    """
    if not isinstance(loader, DataLoader):
        raise TypeError(f"trace() needs a torch.utils.data.DataLoader, not {type(loader).__name__}")
    batches = arguments.count(batches, "batches")
    keep = arguments.flag(keep, "keep")
    rec = _Recorder()
    iterable = isinstance(loader.dataset, IterableDataset)
    shadow = copy.copy(loader)
    object.__setattr__(shadow, "_iterator", None)
    bs = loader.batch_sampler
    if bs is not None:
        inner = bs
        if type(bs) is BatchSampler:
            inner = copy.copy(bs)
            inner.sampler = _RecordingSampler(bs.sampler, rec, groups=False)
            rec.stream_recorded = True
        object.__setattr__(shadow, "batch_sampler", _RecordingBatchSampler(inner, rec))
    else:
        object.__setattr__(shadow, "sampler", _RecordingSampler(loader.sampler, rec, groups=True))
        rec.stream_recorded = True

    records: list[BatchRecord] = []
    outputs: list[Any] = []
    in_flight: tuple[int, ...] = ()
    worker_pids: tuple[int, ...] = ()
    base_seed: Optional[int] = None
    pin_used = False
    start_method: Optional[str] = None
    rec.t0 = time.perf_counter()
    it = iter(shadow)
    try:
        base_seed = getattr(it, "_base_seed", None)
        pin_used = bool(getattr(it, "_pin_memory", False))
        worker_pids = tuple(int(w.pid) for w in getattr(it, "_workers", ()) if w.pid is not None)
        start_method = _start_method(loader)
        table: Optional[_TaskTable] = None
        last: dict[str, Any] = {}
        if isinstance(getattr(it, "_task_info", None), dict) and hasattr(it, "_process_data"):
            table = _TaskTable(it._task_info, lambda: len(rec.groups))
            it._task_info = table
            process = it._process_data

            def _process(data: Any, worker_idx: int) -> Any:
                last["worker"] = worker_idx
                last["task"] = table.last_popped if table is not None else None
                return process(data, worker_idx)

            it._process_data = _process
        for k in range(batches):
            last.clear()
            before = time.perf_counter()
            try:
                batch = next(it)
            except StopIteration:
                break
            after = time.perf_counter()
            if table is not None:
                task = last.get("task", k)
                worker: Optional[int] = last.get("worker")
                group = table.group_of.get(task, task)
            else:
                task, worker, group = k, None, k
            start, stop, indices, drawn = rec.groups[group] if 0 <= group < len(rec.groups) else (
                None, None, None, None)
            leaves = _leaves(batch)
            tensors = [leaf for leaf in leaves if leaf.shape is not None]
            records.append(BatchRecord(
                position=k, task=task,
                sampler_span=None if start is None or stop is None else (start, stop),
                indices=None if iterable or indices is None else (
                    tuple(indices) if isinstance(indices, (list, tuple)) else (indices,)),
                worker=worker,
                worker_pid=worker_pids[worker] if worker is not None and worker < len(worker_pids) else None,
                leaves=tuple(leaves), pinned=bool(tensors) and all(leaf.pinned for leaf in tensors),
                drawn_at=drawn, arrived_at=after - rec.t0, waited=after - before,
            ))
            if keep:
                outputs.append(batch)
        if table is not None:
            in_flight = tuple(sorted(table))
    finally:
        shutdown = getattr(it, "_shutdown_workers", None)
        if shutdown is not None:
            shutdown()
        del it

    sampler = loader.sampler
    return LoaderTrace(
        dataset_type=type(loader.dataset).__name__,
        dataset_kind="iterable" if iterable else "map",
        dataset_len=_length(loader.dataset) if not iterable else None,
        sampler_type=type(sampler).__name__,
        shuffle=isinstance(sampler, RandomSampler),
        batch_sampler_type=None if bs is None else type(bs).__name__,
        batch_size=loader.batch_size,
        drop_last=bool(loader.drop_last),
        collate_fn=_name(loader.collate_fn),
        num_workers=int(loader.num_workers),
        prefetch_factor=loader.prefetch_factor if loader.num_workers else None,
        pin_memory=bool(loader.pin_memory),
        pin_memory_used=pin_used,
        pin_note=_pin_note(bool(loader.pin_memory), pin_used),
        persistent_workers=bool(loader.persistent_workers),
        in_order=bool(getattr(loader, "in_order", True)),
        timeout=float(loader.timeout),
        start_method=start_method,
        base_seed=None if base_seed is None else int(base_seed),
        sampler_stream=() if iterable else tuple(rec.stream),
        batches=tuple(records),
        dropped=tuple(rec.stream[rec.last_stop:]) if rec.finished and rec.stream_recorded and bs is not None
        and not iterable else (),
        in_flight=in_flight,
        worker_pids=worker_pids,
        outputs=tuple(outputs) if keep else None,
    )


def _length(dataset: Any) -> Optional[int]:
    try:
        return int(len(dataset))
    except TypeError:
        return None

