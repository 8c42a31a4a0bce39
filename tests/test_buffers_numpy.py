"""numpy arrays: flat sizes with their data, views followed to the owner, each
buffer counted once; against numpy's own answers (``sys.getsizeof``,
``nbytes``, ``base``, ``np.shares_memory``) and numpy's C headers."""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
import sys
import sysconfig

import pytest

np = pytest.importorskip("numpy")

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from sizeof_oracle import deep  # noqa: E402

import pyinspect  # noqa: E402
from pyinspect import buffer_types  # noqa: E402
from pyinspect._native import _inspect  # noqa: E402

FT = bool(sysconfig.get_config_var("Py_GIL_DISABLED"))
DTYPES = ["u1", "i2", "<i4", ">i4", "f8", "c16", "U7", "S3", "?", "O", [("a", "i4"), ("b", "f8")]]


def owner_of(a):
    """numpy's answer: the array at the end of the base chain that owns data."""
    while isinstance(a, np.ndarray) and not a.flags.owndata and a.base is not None:
        a = a.base
    return a


def row_of(report, owner):
    rows = [b for b in report.buffers if b.owner_address == id(owner)]
    assert len(rows) == 1, report.buffers
    return rows[0]


# ---- flat sizes: numpy's __sizeof__ ------------------------------------------------------------


@pytest.mark.parametrize("dtype", DTYPES, ids=str)
@pytest.mark.parametrize("shape", [(), (0,), (1,), (7,), (3, 4), (2, 3, 5), (1, 1, 1, 1, 1, 1, 1, 1)])
def test_flat_size_is_getsizeof_for_owners_and_views(dtype, shape):
    a = np.zeros(shape, dtype=dtype)
    assert pyinspect.sizeof(a) == sys.getsizeof(a)
    for view in (a.T, a[...], a.reshape(-1)[::2], a.view()):
        assert pyinspect.sizeof(view) == sys.getsizeof(view), (view.shape, view.strides)


@settings(max_examples=60, deadline=None)
@given(shape=st.lists(st.integers(0, 6), min_size=0, max_size=4), dtype=st.sampled_from(DTYPES[:-1]),
       step=st.integers(-3, 3).filter(bool), order=st.sampled_from("CF"))
def test_flat_size_property(shape, dtype, step, order):
    a = np.zeros(shape, dtype=dtype, order=order)
    assert pyinspect.sizeof(a) == sys.getsizeof(a)
    assert pyinspect.sizeof(a) >= a.nbytes
    if a.ndim:
        v = a[::step]
        assert pyinspect.sizeof(v) == sys.getsizeof(v)
        assert not v.flags.owndata and pyinspect.sizeof(v) == pyinspect.sizeof(a) - a.nbytes


def test_flat_size_of_a_subclass_and_of_a_matrix_like_subclass():
    class Sub(np.ndarray):
        pass

    class Slotted(np.ndarray):
        __slots__ = ("x",)

    for a in (np.arange(10.0).view(Sub), np.zeros(4).view(Slotted), np.ones(3).view(Sub).copy()):
        assert pyinspect.sizeof(a) == sys.getsizeof(a)


def test_the_header_reports_the_data_buffer():
    a = np.zeros(1000)
    h = pyinspect.layout(a).header
    assert h.buffer_bytes == a.nbytes
    assert h.object_bytes == type(a).__basicsize__ + 2 * 8 * a.ndim


def test_info_names_numpys_formula():
    info = _inspect.flat_info(np.zeros(3))
    assert info["formula"] == "ndarray" and info["mirrored"] and info["buffers"] == 24


def test_the_unmirrored_note_is_gone_for_numpy():
    report = pyinspect.memory([np.zeros(10)])
    assert report.by_type()["numpy.ndarray"].sizeof_mirrored


def test_an_overriding_sizeof_keeps_numpys_struct_formula():
    class Odd(np.ndarray):
        def __sizeof__(self):
            return 1

    a = np.zeros(100).view(Odd).copy()
    info = _inspect.flat_info(a)
    assert not info["mirrored"] and info["formula"] == "ndarray"
    assert pyinspect.sizeof(a) == np.ndarray.__sizeof__(a) + sys.getsizeof(a) - a.__sizeof__()


# ---- the struct, against numpy -------------------------------------------------------------------


@pytest.mark.parametrize("dtype", DTYPES, ids=str)
def test_read_ndarray_against_numpys_api(dtype):
    buffer_types.note()
    a = np.zeros((3, 4, 5), dtype=dtype)
    for x in (a, a[::2, 1:, ::-1], a.T, a[1], np.asfortranarray(a)):
        raw = _inspect.read_ndarray(x)
        assert raw["data"] == x.__array_interface__["data"][0]
        assert raw["shape"] == x.shape and raw["strides"] == x.strides and raw["nd"] == x.ndim
        assert raw["elsize"] == x.itemsize and raw["type_num"] == x.dtype.num
        assert raw["owndata"] == x.flags.owndata
        assert raw["base"] == (0 if x.base is None else id(x.base))
        assert raw["descr"] == id(x.dtype)
        assert raw["nbytes"] == x.nbytes and raw["sizeof"] == x.__sizeof__()
        assert raw["numpy_major"] == int(np.__version__.split(".")[0])
        lo, hi = np.lib.array_utils.byte_bounds(x) if hasattr(np.lib, "array_utils") else np.byte_bounds(x)
        assert raw["extent"] == ((lo, hi) if x.size else None)


def test_read_ndarray_refuses_other_objects():
    with pytest.raises(TypeError, match="numpy.ndarray"):
        _inspect.read_ndarray([1, 2])


PROBE = r"""
#define NPY_NO_DEPRECATED_API NPY_1_7_API_VERSION
#include <Python.h>
#include <numpy/ndarraytypes.h>
#include <stddef.h>
#include <stdio.h>
int main(void) {
    printf("data %zu\n", offsetof(PyArrayObject_fields, data));
    printf("nd %zu\n", offsetof(PyArrayObject_fields, nd));
    printf("dimensions %zu\n", offsetof(PyArrayObject_fields, dimensions));
    printf("strides %zu\n", offsetof(PyArrayObject_fields, strides));
    printf("base %zu\n", offsetof(PyArrayObject_fields, base));
    printf("descr %zu\n", offsetof(PyArrayObject_fields, descr));
    printf("flags %zu\n", offsetof(PyArrayObject_fields, flags));
    printf("weakreflist %zu\n", offsetof(PyArrayObject_fields, weakreflist));
    printf("type_num %zu\n", offsetof(PyArray_Descr, type_num));
    printf("elsize %zu\n", offsetof(PyArray_Descr, elsize));
    printf("elsize_size %zu\n", sizeof(((PyArray_Descr *)0)->elsize));
    printf("owndata %d\n", (int)NPY_ARRAY_OWNDATA);
    printf("object %d\n", (int)NPY_OBJECT);
    return 0;
}
"""


def _working_compiler(tmp_path) -> str:
    """$CC (or cc, or gcc) if it compiles an empty program; skips otherwise (CI's
    wheel stage runs with CC=/bin/false and no compiler on PATH on purpose)."""
    cc = shutil.which(os.environ.get("CC", "cc")) or shutil.which("gcc")
    if cc is None:
        pytest.skip("no C compiler to build the probe against numpy's headers")
    empty = tmp_path / "empty.c"
    empty.write_text("int main(void) { return 0; }\n")
    proc = subprocess.run([cc, str(empty), "-o", str(tmp_path / "empty")], capture_output=True, text=True)
    if proc.returncode != 0:
        pytest.skip(f"the C compiler {cc} does not compile an empty program: {proc.stderr.strip()[:200]}")
    return cc


def test_struct_offsets_agree_with_numpys_headers(tmp_path):
    """The fields read here sit where numpy's own headers put them (numpy 1.x
    keeps elsize an int after type_num; numpy 2 an npy_intp after a 64-bit flags)."""
    cc = _working_compiler(tmp_path)
    src = tmp_path / "probe.c"
    src.write_text(PROBE)
    exe = tmp_path / "probe"
    inc = [sysconfig.get_path("include"), np.get_include()]
    major = int(np.__version__.split(".")[0])
    # numpy 2's headers declare the full PyArray_Descr only for code targeting numpy 2 (NPY_2_0_API_VERSION)
    target = ["-DNPY_TARGET_VERSION=0x00000012"] if major >= 2 else []
    proc = subprocess.run([cc, *target, *(f"-I{d}" for d in inc), str(src), "-o", str(exe)], capture_output=True,
                          text=True)
    assert proc.returncode == 0, proc.stderr
    facts = dict(line.split() for line in subprocess.run([str(exe)], capture_output=True, text=True,
                                                           check=True).stdout.splitlines())
    ours = _inspect.ndarray_offsets()
    for name in ("data", "nd", "dimensions", "strides", "base", "descr", "flags", "weakreflist"):
        assert ours[name] == int(facts[name]), name
    prefix = f"descr{major}_"
    assert ours[prefix + "type_num"] == int(facts["type_num"])
    assert ours[prefix + "elsize"] == int(facts["elsize"])
    if major == 2:
        assert ours["descr2_elsize_size"] == int(facts["elsize_size"]) == 8
    else:
        assert int(facts["elsize_size"]) == 4
    assert int(facts["owndata"]) == 4 and int(facts["object"]) == 17


# ---- deep: each buffer once --------------------------------------------------------------------


def test_the_issue_example():
    a = np.zeros(1_000_000)
    assert pyinspect.sizeof(a, deep=True) == sys.getsizeof(a)
    views = [a, a[::2], a.T]
    report = pyinspect.memory(views)
    assert report.total == sys.getsizeof(views) + sys.getsizeof(a) + sys.getsizeof(views[1]) + sys.getsizeof(views[2])
    row = row_of(report, a)
    assert (row.owner_type, row.device, row.nbytes, row.views) == ("numpy.ndarray", "cpu", a.nbytes, 2)
    assert row.data_address == a.__array_interface__["data"][0]
    assert report.buffer_bytes == a.nbytes and not report.device_bytes


def test_a_view_alone_reaches_its_owner():
    a = np.arange(100.0)
    v = a[10:20]
    report = pyinspect.memory(v)
    assert report.total == sys.getsizeof(v) + sys.getsizeof(a)
    assert row_of(report, a).views == 1
    assert pyinspect.sizeof(v, deep=True) == report.total


def test_views_of_views_collapse_to_one_owner():
    a = np.zeros((10, 10))
    chain = [a[1:], a[1:][:, ::2], a[1:][:, ::2].T, a.reshape(100)[::3]]
    assert all(np.shares_memory(a, c) and owner_of(c) is a for c in chain)
    report = pyinspect.memory(chain)
    assert len(report.buffers) == 1 and row_of(report, a).views == len(chain)
    assert report.total == sum(sys.getsizeof(x) for x in (chain, a, *chain))


def test_many_owners_and_views_agree_with_the_oracle():
    rng = np.random.default_rng(1)
    owners = [np.zeros(int(n)) for n in rng.integers(1, 500, 30)]
    d = {}
    for i, a in enumerate(owners):
        d[f"a{i}"] = a
        d[f"v{i}"] = a[:: int(rng.integers(1, 4))]
        d[f"t{i}"] = a.reshape(-1, 1).T
    report = pyinspect.memory(d)
    total, count = deep(d)
    assert (report.total, report.count) == (total, count)
    assert sum(b.nbytes for b in report.buffers) == sum(a.nbytes for a in owners)
    assert all(b.views == 2 for b in report.buffers)


@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 60), picks=st.lists(st.tuples(st.integers(0, 59), st.integers(1, 5)), max_size=12))
def test_views_property(n, picks):
    owners = [np.arange(n + i, dtype="f4") for i in range(3)]
    views = [owners[i % 3][j % n:: s] for i, (j, s) in enumerate(picks)]
    report = pyinspect.memory([owners, views])
    assert report.total == deep([owners, views])[0]
    for a in owners:
        expect = sum(1 for v in views if owner_of(v) is a)
        assert row_of(report, a).views == expect
    assert len(report.buffers) == 3


def test_object_arrays_are_walked_into_their_items():
    items = ["".join(["x"] * 1000), [1, 2, 3], {"k": float(sys.version_info[1])}]
    o = np.array(items + [None], dtype=object)
    report = pyinspect.memory(o)
    total, count = deep(o)
    if FT:
        pytest.skip("free-threaded builds do not read object arrays' items (numpy takes no lock)")
    assert (report.total, report.count) == (total, count)
    assert {"str", "list", "dict", "float"} <= set(report.by_type())
    v = o[::2]
    assert pyinspect.memory(v).total == deep(v)[0]


def test_an_empty_object_array_and_unset_items():
    assert pyinspect.memory(np.empty(0, dtype=object)).total == sys.getsizeof(np.empty(0, dtype=object))
    o = np.empty(5, dtype=object)  # numpy fills with None
    assert pyinspect.memory(o).total == deep(o)[0]


def test_structured_arrays_count_their_data():
    a = np.zeros(10, dtype=[("a", "i4"), ("b", "f8")])
    report = pyinspect.memory([a, a["b"]])
    assert row_of(report, a).nbytes == a.nbytes and row_of(report, a).views == 1


def test_retained_includes_the_data_of_a_private_owner():
    a = np.zeros(10_000)
    holder = [a[::2]]
    del a
    report = pyinspect.memory(holder)
    assert report.retained == report.total  # the owner is reached only through the view


def test_a_view_on_a_bytearray_counts_the_bytearray_once():
    b = bytearray(b"x" * 4096)
    v = np.frombuffer(b, dtype=np.uint8)
    w = v[::2].reshape(32, 64)
    report = pyinspect.memory([b, v, w])
    assert len(report.buffers) == 1
    row = report.buffers[0]
    assert (row.owner_address, row.owner_type, row.device) == (id(b), "bytearray", "cpu")
    assert row.views == 3  # v, w, and the memoryview numpy took from the bytearray (v.base)
    assert report.total == deep([b, v, w])[0]


def test_a_view_on_bytes_is_inside_the_bytes_object():
    data = bytes(range(256)) * 16
    v = np.frombuffer(data, dtype=np.uint16)
    report = pyinspect.memory(v)
    row = row_of(report, data)
    assert (row.owner_type, row.device, row.nbytes) == ("bytes", "cpu", len(data))
    assert report.total == deep(v)[0]


def test_memmap_is_mapped_not_resident(tmp_path):
    path = tmp_path / "m.bin"
    m = np.memmap(path, dtype="f8", mode="w+", shape=(1000,))
    v = m[::10]
    report = pyinspect.memory([m, v])
    mapped = [b for b in report.buffers if b.device == "mapped"]
    assert len(mapped) == 1 and mapped[0].owner_type == "mmap.mmap" and mapped[0].nbytes >= m.nbytes
    assert mapped[0].views >= 2
    assert report.device_bytes["mapped"] == mapped[0].nbytes
    assert report.total == deep([m, v])[0]  # sys.getsizeof of an mmap leaves the mapping out
    del m, v, mapped, report
    gc.collect()


def test_a_buffer_an_extension_object_exports_is_counted_once():
    ctypes = pytest.importorskip("ctypes")
    buf = (ctypes.c_double * 100)()
    a = np.ctypeslib.as_array(buf)
    report = pyinspect.memory(a)
    # the ctypes array exported 800 bytes it allocated apart from its struct
    # (sys.getsizeof leaves them out): host memory, counted once
    rows = [b for b in report.buffers if b.owner_address == id(buf)]
    assert len(rows) == 1 and (rows[0].device, rows[0].nbytes, rows[0].views) == ("cpu", 800, 2)
    assert rows[0].data_address == ctypes.addressof(buf)
    assert report.total == deep(a)[0] + 800
    assert pyinspect.sizeof(a, deep=True) == report.total


def test_array_interface_owner_runs_nothing_and_is_external():
    calls = []

    class Foreign:
        def __init__(self, arr):
            self.arr = arr
            self.__array_interface__ = arr.__array_interface__

        def __getattribute__(self, name):
            calls.append(name)
            return object.__getattribute__(self, name)

    backing = np.zeros(50)
    f = Foreign(backing)
    a = np.asarray(f)
    assert a.base is f
    calls.clear()
    report = pyinspect.memory([a])
    assert calls == []
    assert report.total == deep([a])[0] + 0  # the backing array is reached through f's __dict__
    assert any(b.owner_address == id(backing) for b in report.buffers)


# ---- no code of the inspected objects runs ---------------------------------------------------------


def test_no_code_of_an_ndarray_subclass_runs():
    calls = []

    class Spy(np.ndarray):
        def __array_finalize__(self, obj):
            calls.append("__array_finalize__")

        def __getattribute__(self, name):
            calls.append(name)
            return super().__getattribute__(name)

        def __sizeof__(self):
            calls.append("__sizeof__")
            return 0

        def __len__(self):
            calls.append("__len__")
            return 0

        def __array__(self, *a, **k):
            calls.append("__array__")
            return np.zeros(1)

        @property
        def __class__(self):
            calls.append("__class__")
            return np.ndarray

    base = np.arange(100.0)
    spy = base.view(Spy)
    views = [spy, spy[::2]]
    calls.clear()
    assert pyinspect.sizeof(spy) > 0
    report = pyinspect.memory(views)
    pyinspect.sizeof(views, deep=True)
    pyinspect.layout(spy)
    assert calls == []
    assert row_of(report, base).views == 2


def test_numpy_is_never_imported(tmp_path):
    code = ("import sys, pyinspect; pyinspect.sizeof([1], deep=True); pyinspect.memory(bytearray(9)); "
            "print('numpy' in sys.modules, 'torch' in sys.modules, 'mmap' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}).stdout
    assert out.split() == ["False", "False", "False"]


def test_a_fake_ndarray_type_is_refused():
    class ndarray:  # noqa: N801 - a class that is not numpy's
        pass

    ndarray.__module__ = "numpy"
    kept = _inspect.note_buffer_types(ndarray, 2, None, None)
    try:
        assert kept == (False, False, False)
        assert _inspect.note_buffer_types(np.ndarray, 3, None, None)[0] is False  # an unknown numpy
        assert _inspect.note_buffer_types(np.ndarray, 2 if np.__version__[0] == "2" else 1, None, None)[0]
    finally:
        buffer_types.told[:] = [None, None, None]
        buffer_types.note()
    assert pyinspect.sizeof(np.zeros(10)) == sys.getsizeof(np.zeros(10))


def test_note_buffer_types_arguments():
    with pytest.raises(TypeError):
        _inspect.note_buffer_types(1, 2, None, None)
    with pytest.raises(TypeError):
        _inspect.note_buffer_types(None, "2", None, None)
    with pytest.raises(TypeError):
        _inspect.note_buffer_types(None, 2, None)


def test_memory_no_object_seen_owns_is_external_and_not_counted():
    ctypes = pytest.importorskip("ctypes")
    hidden = (ctypes.c_int32 * 64)()

    class Pointer:
        __array_interface__ = {"shape": (64,), "typestr": "<i4", "version": 3,
                               "data": (ctypes.addressof(hidden), False)}

    p = Pointer()
    a = np.asarray(p)
    assert a.base is p and not a.flags.owndata
    report = pyinspect.memory(a)
    rows = [b for b in report.buffers if b.owner_address == id(p)]
    assert len(rows) == 1 and (rows[0].device, rows[0].nbytes, rows[0].views) == ("external", 256, 1)
    assert report.device_bytes == {"external": 256}
    assert report.total == deep(a)[0]  # not host memory pyinspect can attribute: listed, not counted


def test_numpy_imported_after_pyinspect_is_seen():
    code = ("import sys, pyinspect; print(pyinspect.sizeof([1])); import numpy as np; a = np.zeros(100); "
            "print(pyinspect.sizeof(a) == sys.getsizeof(a), pyinspect.memory([a, a[1:]]).buffers[0].views)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}).stdout
    assert out.split()[1:] == ["True", "1"]


def test_a_module_still_importing_is_looked_at_again():
    import types

    real = sys.modules["numpy"]
    try:
        sys.modules["numpy"] = types.ModuleType("numpy")  # as during `import numpy`: no names yet
        buffer_types.note()
        assert buffer_types.told[0] is not sys.modules["numpy"]
    finally:
        sys.modules["numpy"] = real
    buffer_types.note()
    assert buffer_types.told[0] is real
    assert pyinspect.sizeof(np.zeros(3)) == sys.getsizeof(np.zeros(3))
