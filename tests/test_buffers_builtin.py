"""Data buffers of the standard library's objects: bytearray, array.array,
memoryview (its exporter), mmap; each counted once, against ``sys.getsizeof``
and the buffer addresses the objects themselves report."""

from __future__ import annotations

import array
import ctypes
import mmap
import sys

import pytest
from sizeof_oracle import deep

import pyinspect


def rows_of(report, owner):
    return [b for b in report.buffers if b.owner_address == id(owner)]


def address_of(buf) -> int:
    """The buffer's address, from ctypes (a writable exporter)."""
    return ctypes.addressof(ctypes.c_char.from_buffer(buf))


def test_a_bytearray_owns_its_buffer():
    b = bytearray(b"abc" * 1000)
    report = pyinspect.memory(b)
    (row,) = report.buffers
    assert (row.owner_address, row.owner_type, row.device, row.views) == (id(b), "bytearray", "cpu", 0)
    # what bytearray.__sizeof__ counts for the buffer: sys.getsizeof minus the struct's
    assert row.nbytes == sys.getsizeof(b) - sys.getsizeof(bytearray()) >= len(b)
    assert report.total == sys.getsizeof(b) and report.buffer_bytes == row.nbytes


def test_an_empty_bytearray_has_no_buffer():
    assert pyinspect.memory(bytearray()).buffers == ()


def test_array_array_owns_its_buffer():
    a = array.array("d", range(1000))
    report = pyinspect.memory(a)
    (row,) = report.buffers
    assert (row.owner_type, row.device) == ("array.array", "cpu")
    # allocated * itemsize, what array.__sizeof__ counts for the buffer
    assert row.nbytes == sys.getsizeof(a) - sys.getsizeof(array.array("d")) >= len(a) * a.itemsize
    assert row.data_address == a.buffer_info()[0]
    assert report.total == sys.getsizeof(a)


def test_memoryviews_of_one_bytearray_count_it_once():
    b = bytearray(4096)
    m = memoryview(b)
    views = [b, m, m[10:], m[::2], memoryview(b).cast("I")]
    report = pyinspect.memory(views)
    (row,) = report.buffers
    assert row.owner_address == id(b) and row.views == 4
    assert row.data_address == address_of(b)
    assert report.total == deep(views)[0]


def test_a_memoryview_alone_reaches_its_exporter():
    a = array.array("i", range(256))
    m = memoryview(a)[5:50]
    report = pyinspect.memory(m)
    (row,) = rows_of(report, a)
    assert row.views == 1 and row.owner_type == "array.array"
    assert report.total == deep(m)[0]


def test_a_memoryview_of_bytes_is_inside_the_bytes_object():
    data = bytes(5000)
    m = memoryview(data)[100:]
    report = pyinspect.memory(m)
    (row,) = rows_of(report, data)
    assert (row.owner_type, row.device, row.nbytes, row.views) == ("bytes", "cpu", len(data), 1)
    assert report.total == deep(m)[0]


def test_a_released_memoryview_views_nothing():
    b = bytearray(100)
    m = memoryview(b)
    m.release()
    report = pyinspect.memory([m])
    assert rows_of(report, b) == [] and report.buffers == ()


def test_memory_no_object_owns_is_external():
    raw = (ctypes.c_char * 64)()
    from_memory = ctypes.pythonapi.PyMemoryView_FromMemory
    from_memory.restype = ctypes.py_object
    from_memory.argtypes = [ctypes.c_void_p, ctypes.c_ssize_t, ctypes.c_int]
    m = from_memory(ctypes.addressof(raw), 64, 0x100)  # PyBUF_READ
    report = pyinspect.memory(m)
    (row,) = report.buffers
    assert (row.owner_type, row.device, row.nbytes, row.views) == ("managedbuffer", "external", 64, 1)
    assert report.device_bytes == {"external": 64} and report.total == deep(m)[0]


def test_mmap_is_listed_not_counted():
    m = mmap.mmap(-1, 1 << 16)
    views = [m, memoryview(m)[4096:], memoryview(m)]
    report = pyinspect.memory(views)
    (row,) = report.buffers
    assert (row.owner_address, row.owner_type, row.device, row.nbytes, row.views) == (
        id(m), "mmap.mmap", "mapped", 1 << 16, 2)
    assert row.data_address == address_of(m)
    assert report.device_bytes == {"mapped": 1 << 16}
    assert report.total == deep(views)[0]  # sys.getsizeof(m) leaves the mapping out
    del views, report
    m.close()


def test_a_closed_mmap_has_no_buffer():
    m = mmap.mmap(-1, 4096)
    m.close()
    assert pyinspect.memory(m).buffers == ()


def test_flat_sizes_are_unchanged_for_stdlib_owners():
    for obj in (bytearray(100), array.array("b", b"xy" * 50), memoryview(b"abc"), b"x" * 100):
        assert pyinspect.sizeof(obj) == sys.getsizeof(obj)


def test_a_python_buffer_exporter_runs_nothing():
    if sys.version_info < (3, 12):
        pytest.skip("__buffer__ is 3.12+")
    calls = []

    class Exporter:
        def __init__(self):
            self.data = bytearray(128)

        def __buffer__(self, flags):
            calls.append("__buffer__")
            return memoryview(self.data)

        def __release_buffer__(self, view):
            calls.append("__release_buffer__")

        def __getattribute__(self, name):
            calls.append(name)
            return object.__getattribute__(self, name)

    e = Exporter()
    m = memoryview(e)
    calls.clear()
    report = pyinspect.memory([m, e])
    assert calls == []
    assert sum(b.nbytes for b in report.buffers) >= 128
    del m


@pytest.mark.skipif(not hasattr(sys, "gettotalrefcount"), reason="needs a debug build (sys.gettotalrefcount)")
def test_no_reference_leaks():
    import gc

    b = bytearray(100)
    m = mmap.mmap(-1, 4096)
    root = [b, memoryview(b)[1:], array.array("i", range(10)), m, memoryview(m), memoryview(bytes(50))]
    try:
        import numpy as np
    except ImportError:
        np = None
    if np is not None:
        a = np.zeros(10)
        root += [a, a[::2], np.array([1, "x", None], dtype=object), np.frombuffer(b, np.uint8)]

    def delta(fn, rounds=2000):
        gc.collect()
        before = sys.gettotalrefcount()
        for _ in range(rounds):
            fn()
        gc.collect()
        return sys.gettotalrefcount() - before

    for _ in range(20):
        pyinspect.memory(root)
    baseline = delta(lambda: None)
    assert abs(delta(lambda: pyinspect.memory(root)) - baseline) <= 8
    assert abs(delta(lambda: pyinspect.sizeof(root, deep=True)) - baseline) <= 8
    root.clear()
    m.close()


def test_buffers_are_listed_largest_first():
    blobs = [bytearray(n) for n in (10, 5000, 300, 5000, 70_000, 1)]
    report = pyinspect.memory(blobs)
    sizes = [b.nbytes for b in report.buffers]
    assert sizes == sorted(sizes, reverse=True) and len(sizes) == len(blobs)
    assert {b.owner_address for b in report.buffers} == {id(b) for b in blobs}
    assert report.total == pyinspect.sizeof(blobs, deep=True) == deep(blobs)[0]
