"""Tensors: each storage counted once however many tensors view it, against
``untyped_storage().nbytes()`` and ``data_ptr()``; no ``__torch_function__``
runs; device memory apart from the host total."""

from __future__ import annotations

import gc
import weakref

import pytest

torch = pytest.importorskip("torch")

import pyinspect  # noqa: E402
from pyinspect.torch.read import accelerator_available  # noqa: E402


def storage_rows(report):
    return [b for b in report.buffers if b.owner_type == "torch.UntypedStorage"]


def objects_total(report):
    """The bytes of the objects counted (the rows), without buffers outside them."""
    return sum(r.bytes for r in report.rows)


def test_one_storage_many_views():
    t = torch.arange(1000, dtype=torch.float32)
    views = {"t": t, "half": t[::2], "grid": t.view(10, 100), "tail": t[900:], "T": t.view(10, 100).T}
    report = pyinspect.memory(views)
    (row,) = storage_rows(report)
    st = t.untyped_storage()
    assert (row.nbytes, row.data_address, row.device) == (st.nbytes(), st.data_ptr(), "cpu")
    assert row.owner_address == st._cdata
    assert row.views == len(views)
    assert report.total == objects_total(report) + st.nbytes()
    assert pyinspect.sizeof(views, deep=True) == report.total


def test_distinct_storages_count_separately():
    a, b = torch.zeros(100), torch.ones(300, dtype=torch.float64)
    report = pyinspect.memory([a, b, a.clone()])
    assert sorted(r.nbytes for r in storage_rows(report)) == [400, 400, 2400]
    assert report.total == objects_total(report) + 3200


def test_from_numpy_shares_the_arrays_buffer():
    np = pytest.importorskip("numpy")
    a = np.zeros(500)
    t = torch.from_numpy(a)
    report = pyinspect.memory([a, t])
    assert t.untyped_storage().data_ptr() == a.__array_interface__["data"][0]
    (row,) = report.buffers
    assert (row.owner_address, row.owner_type, row.views) == (id(a), "numpy.ndarray", 1)
    assert report.total == objects_total(report)  # the data is in the array's flat size, once


def test_tensor_numpy_is_a_view_of_the_storage():
    np = pytest.importorskip("numpy")
    t = torch.arange(64, dtype=torch.int32)
    n = t.numpy()
    assert isinstance(n.base, torch.Tensor)
    report = pyinspect.memory([n])
    (row,) = report.buffers
    assert row.owner_type == "torch.UntypedStorage" and row.views == 2  # the array and the tensor
    assert report.total == objects_total(report) + 256
    del np


def test_meta_tensors_have_no_memory_in_the_total():
    m = torch.zeros(10, 10, device="meta")
    report = pyinspect.memory([m])
    (row,) = report.buffers
    assert row.device == "meta" and row.nbytes == m.untyped_storage().nbytes()
    assert report.device_bytes == {"meta": row.nbytes}
    assert report.total == objects_total(report)


def test_no_torch_function_runs():
    calls = []

    class Logged(torch.Tensor):
        @classmethod
        def __torch_function__(cls, func, types, args=(), kwargs=None):
            calls.append(getattr(func, "__name__", str(func)))
            return super().__torch_function__(func, types, args, kwargs or {})

    x = torch.zeros(256).as_subclass(Logged)
    y = x[::4]
    calls.clear()
    report = pyinspect.memory([x, y])
    pyinspect.sizeof(x, deep=True)
    assert calls == []
    (row,) = storage_rows(report)
    assert row.views == 2 and row.nbytes == 1024


def test_nothing_is_kept_alive():
    t = torch.zeros(1000)
    ref = weakref.ref(t)
    report = pyinspect.memory({"t": t, "v": t[1:]})
    assert storage_rows(report)[0].views == 2
    del t
    gc.collect()
    assert ref() is None


def test_retained_is_unchanged_by_holding_tensors():
    """The walk holds the tensors it met (for their storages): that reference
    is its own, not one that keeps the tensor alive."""
    kept = torch.zeros(10)
    report = pyinspect.memory([torch.zeros(10), kept])
    assert report.retained_count == report.count - 1  # all but `kept`, held by a name


@pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA device")
def test_cuda_storage_is_device_memory():
    t = torch.zeros(1 << 20, device="cuda")
    report = pyinspect.memory([t, t[::2]])
    (row,) = storage_rows(report)
    assert row.device == str(t.device) and row.nbytes == t.untyped_storage().nbytes() and row.views == 2
    assert report.device_bytes == {str(t.device): 4 << 20}
    assert report.total == objects_total(report)


@pytest.mark.skipif(not accelerator_available(), reason="no accelerator: host memory cannot be pinned")
def test_pinned_host_memory_is_counted_as_host():
    t = torch.zeros(1 << 16).pin_memory()
    report = pyinspect.memory(t)
    (row,) = storage_rows(report)
    assert row.device == "cpu-pinned" and row.counted
    assert report.total == objects_total(report) + (4 << 16)
