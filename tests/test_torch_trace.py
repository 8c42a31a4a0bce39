"""trace(loader): the DataLoader's four stages, checked against the samplers run
alone and against what the batches themselves say (each sample carries its
index and the id of the worker that fetched it)."""

from __future__ import annotations

import io
import itertools

import pytest

torch = pytest.importorskip("torch")

from torch.utils.data import (  # noqa: E402
    BatchSampler,
    DataLoader,
    Dataset,
    IterableDataset,
    RandomSampler,
    get_worker_info,
)

import pyinspect.torch as pt  # noqa: E402
from pyinspect.torch.read import accelerator_available  # noqa: E402

TIMEOUT = 60  # seconds a worker may take per batch before the DataLoader raises


class Numbers(Dataset):
    """Sample i: (i, the fetching worker's id or -1, a random number from the fetching process)."""

    def __init__(self, n=10):
        self.n = n

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        info = get_worker_info()
        return {"index": torch.tensor(i), "worker": torch.tensor(-1 if info is None else info.id),
                "noise": torch.rand(2)}


class Stream(IterableDataset):
    def __iter__(self):
        info = get_worker_info()
        wid = -1 if info is None else info.id
        start, step = (0, 1) if info is None else (info.id, info.num_workers)
        for i in range(start, 12, step):
            yield {"index": torch.tensor(i), "worker": torch.tensor(wid)}


def loader(**kw):
    kw.setdefault("batch_size", 3)
    if kw.get("num_workers"):
        kw.setdefault("timeout", TIMEOUT)
    return DataLoader(kw.pop("dataset", Numbers()), **kw)


def batches_equal(a, b):
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(batches_equal(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(batches_equal(x, y) for x, y in zip(a, b))
    return torch.equal(a, b)


def check_against_batches(tr):
    """Each batch's own contents confirm the trace's indices and workers."""
    assert tr.outputs is not None
    for rec, batch in zip(tr.batches, tr.outputs):
        assert list(rec.indices) == batch["index"].tolist()
        expect = -1 if rec.worker is None else rec.worker
        assert set(batch["worker"].tolist()) == {expect}


@pytest.mark.parametrize("workers", [0, 2])
def test_traced_batches_equal_an_untraced_run(workers):
    dl = loader(shuffle=True, num_workers=workers)
    torch.manual_seed(1234)
    tr = pt.trace(dl, batches=3, keep=True)
    torch.manual_seed(1234)
    plain = list(itertools.islice(iter(dl), 3))
    assert len(tr.outputs) == 3
    for a, b in zip(tr.outputs, plain):  # same indices, same per-worker random numbers
        assert batches_equal(a, b)
    check_against_batches(tr)


@pytest.mark.parametrize("workers", [0, 2])
def test_indices_against_the_samplers_run_alone(workers):
    ds = Numbers(11)
    sampler = RandomSampler(ds, generator=torch.Generator().manual_seed(7))
    dl = loader(dataset=ds, sampler=sampler, batch_size=4, num_workers=workers)
    tr = pt.trace(dl, batches=10, keep=True)
    alone = list(RandomSampler(ds, generator=torch.Generator().manual_seed(7)))
    assert list(tr.sampler_stream) == alone
    groups = list(BatchSampler(alone, 4, False))
    assert [list(b.indices) for b in tr.batches] == groups
    assert [b.sampler_span for b in tr.batches] == [(0, 4), (4, 8), (8, 11)]
    assert tr.sampler_type == "RandomSampler" and tr.shuffle and tr.batch_sampler_type == "BatchSampler"
    check_against_batches(tr)


def test_workers_round_robin_and_collated_shapes():
    dl = loader(num_workers=2, batch_size=2, prefetch_factor=2)
    tr = pt.trace(dl, batches=4, keep=True)
    check_against_batches(tr)
    assert tr.workers == [0, 1, 0, 1]
    assert [b.task for b in tr.batches] == [0, 1, 2, 3]
    assert len(set(tr.worker_pids)) == 2 and tr.batches[0].worker_pid == tr.worker_pids[0]
    leaf = {x.path: x for x in tr.batches[0].leaves}
    assert leaf["['noise']"].shape == (2, 2) and leaf["['noise']"].dtype == "float32"
    assert leaf["['index']"].shape == (2,) and leaf["['index']"].dtype == "int64"
    assert all(x.shared for x in tr.batches[0].leaves)  # sent through shared memory
    assert tr.start_method in ("fork", "spawn", "forkserver")
    assert tr.prefetch_factor == 2 and tr.num_workers == 2 and tr.base_seed is not None
    for b in tr.batches:
        assert b.drawn_at is not None and b.drawn_at <= b.arrived_at
        assert b.waited >= 0


def test_prefetch_keeps_tasks_in_flight():
    dl = loader(dataset=Numbers(30), num_workers=2, batch_size=2, prefetch_factor=3)
    tr = pt.trace(dl, batches=1)
    # after batch 0 is yielded its worker gets a new task: 2 workers x 3 stay outstanding
    assert tr.in_flight == (1, 2, 3, 4, 5, 6)
    assert len(tr.sampler_stream) == 2 * 7  # seven groups drawn for one batch yielded


def test_single_process_draws_as_it_goes():
    tr = pt.trace(loader(num_workers=0, batch_size=2), batches=2)
    assert tr.in_flight == () and tr.workers == [None, None]
    assert list(tr.sampler_stream) == [0, 1, 2, 3]
    assert tr.prefetch_factor is None and tr.start_method is None


def test_drop_last_shows_the_dropped_indices():
    tr = pt.trace(loader(dataset=Numbers(8), batch_size=3, drop_last=True), batches=10)
    assert [list(b.indices) for b in tr.batches] == [[0, 1, 2], [3, 4, 5]]
    assert tr.dropped == (6, 7)


def test_batch_size_none_fetches_single_samples():
    tr = pt.trace(loader(dataset=Numbers(4), batch_size=None), batches=3, keep=True)
    assert tr.batch_sampler_type is None and tr.batch_size is None
    assert [b.indices for b in tr.batches] == [(0,), (1,), (2,)]
    assert [b.sampler_span for b in tr.batches] == [(0, 1), (1, 2), (2, 3)]
    assert tr.outputs[1]["index"].item() == 1


def test_iterable_dataset_with_workers():
    tr = pt.trace(loader(dataset=Stream(), batch_size=2, num_workers=2), batches=4, keep=True)
    assert tr.dataset_kind == "iterable" and tr.sampler_stream == ()
    assert all(b.indices is None for b in tr.batches)
    for rec, batch in zip(tr.batches, tr.outputs):
        assert set(batch["worker"].tolist()) == {rec.worker}


def test_out_of_order_delivery_still_attributes_batches():
    if "in_order" not in DataLoader.__init__.__code__.co_varnames:
        pytest.skip("this torch has no in_order")
    dl = loader(dataset=Numbers(12), batch_size=2, num_workers=2, in_order=False)
    tr = pt.trace(dl, batches=6, keep=True)
    check_against_batches(tr)
    assert sorted(b.task for b in tr.batches) == list(range(6))


def test_trace_leaves_the_loader_alone():
    dl = loader(num_workers=2, persistent_workers=True, shuffle=True)
    sampler, batch_sampler = dl.sampler, dl.batch_sampler
    pt.trace(dl, batches=2)
    assert dl.sampler is sampler and dl.batch_sampler is batch_sampler
    assert dl._iterator is None
    assert type(dl.batch_sampler.sampler) is RandomSampler
    assert sorted(i for b in dl for i in b["index"].tolist()) == list(range(10))


@pytest.mark.skipif(accelerator_available(), reason="an accelerator can pin")
def test_pin_memory_without_an_accelerator():
    with pytest.warns(UserWarning, match="pin_memory"):
        tr = pt.trace(loader(pin_memory=True), batches=1)
    assert tr.pin_memory and not tr.pin_memory_used and "unavailable" in tr.pin_note
    assert tr.batches[0].pinned is False


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
@pytest.mark.parametrize("workers", [0, 2])
def test_pin_memory_batches_arrive_pinned(workers):
    tr = pt.trace(loader(pin_memory=True, num_workers=workers), batches=2, keep=True)
    assert tr.pin_memory_used and all(b.pinned for b in tr.batches)
    assert all(t.is_pinned() for b in tr.outputs for t in b.values())


def test_picture_reads_as_four_stages():
    tr = pt.trace(loader(shuffle=True, num_workers=2), batches=2)
    buf = io.StringIO()
    pt.show(tr, file=buf, color=False, width=160)
    text = buf.getvalue()
    stages = ["① sampler", "② batch sampler", "③ fetch", "④ collate"]
    assert all(s in text for s in stages)
    assert [text.index(s) for s in stages] == sorted(text.index(s) for s in stages)
    assert "RandomSampler" in text and "worker" in text


def test_rejects_bad_arguments():
    with pytest.raises(TypeError):
        pt.trace([1, 2, 3])
    with pytest.raises(ValueError):
        pt.trace(loader(), batches=-1)
