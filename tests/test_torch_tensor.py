"""pyinspect.torch tensor layouts against torch's own accessors and struct oracles."""

from __future__ import annotations

import json
import math
import os
import struct
import subprocess
import sys

import pytest

torch = pytest.importorskip("torch")

# torch's own notices about the dtypes and layouts these tests build on purpose
pytestmark = [
    pytest.mark.filterwarnings("ignore:ComplexHalf support is experimental:UserWarning"),
    pytest.mark.filterwarnings("ignore:.*quantize_per_tensor.*deprecated:UserWarning"),
    pytest.mark.filterwarnings("ignore:Sparse invariant checks:UserWarning"),
    pytest.mark.filterwarnings("ignore:The PyTorch API of nested tensors is in prototype:UserWarning"),
]

import pyinspect  # noqa: E402
import pyinspect.torch as pt  # noqa: E402
from pyinspect import bits  # noqa: E402
from pyinspect.torch.dtypes import DTYPES, decode, dtype_info  # noqa: E402


def _accelerator() -> bool:
    from pyinspect.torch.read import accelerator_available

    return accelerator_available()


def oracle_bytes(t):
    """Each element's bytes in logical order, from torch: t.contiguous().view(torch.uint8)."""
    n, size = t.numel(), t.element_size()
    if n == 0:
        return []
    src = t.detach()
    if src.is_conj():  # undo the lazy bit: the oracle must see the stored values
        src = src.conj()
    flat = src.contiguous().reshape(-1)
    u8 = flat.view(torch.uint8).reshape(n, size).tolist()
    return [bytes(row) for row in u8]


def check_accessors(t, lay):
    assert lay.shape == tuple(t.shape)
    assert lay.stride == tuple(t.stride())
    assert lay.storage_offset == t.storage_offset()
    assert lay.dtype == str(t.dtype).removeprefix("torch.")
    assert lay.itemsize == t.element_size()
    assert lay.device == str(t.device)
    assert lay.numel == t.numel()
    assert lay.data_ptr == t.data_ptr()
    assert lay.storage_data_ptr == t.untyped_storage().data_ptr()
    assert lay.storage_nbytes == t.untyped_storage().nbytes()
    assert lay.contiguous == t.is_contiguous()
    assert lay.requires_grad == t.requires_grad
    assert lay.is_leaf == t.is_leaf
    assert lay.grad_fn == (None if t.grad_fn is None else type(t.grad_fn).__name__)
    assert lay.version == t._version
    assert lay.is_conj == t.is_conj()
    assert lay.address == id(t)
    assert lay.type_name == type(t).__name__
    assert lay.data_ptr == lay.storage_data_ptr + lay.storage_offset * lay.itemsize


# ---- import isolation --------------------------------------------------------------------


def test_import_pyinspect_never_imports_torch():
    code = ("import sys, pyinspect; pyinspect.layout([1, 2.5, 'x']); pyinspect.sizeof({1: 2}); "
            "import io; pyinspect.show(2**70, file=io.StringIO()); print('torch' in sys.modules)")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


def test_render_text_does_not_import_torch():
    code = "import sys, pyinspect.render.text; print('torch' in sys.modules)"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


# ---- fields against torch's accessors -----------------------------------------------------


def _tensors():
    x = torch.arange(24, dtype=torch.float32).reshape(4, 6)
    leaf = torch.ones(3, requires_grad=True)
    with_grad = torch.ones(2, requires_grad=True)
    (with_grad * 2).sum().backward()
    bumped = torch.zeros(3)
    bumped.add_(1)
    bumped.mul_(2)
    return {
        "contiguous": x,
        "transposed": x.t(),
        "sliced": x[1:, 1::2],
        "every_other": torch.arange(10.0)[::2],
        "expanded": torch.ones(1, 3).expand(4, 3),
        "scalar": torch.tensor(3.5),
        "empty": torch.empty(0, 3),
        "channels_last": torch.arange(2 * 3 * 2 * 2.0).reshape(2, 3, 2, 2).to(memory_format=torch.channels_last),
        "overlapping": torch.arange(6.0).as_strided((3, 3), (1, 1)),
        "reinterpreted": torch.arange(4.0).view(torch.int32),
        "leaf": leaf,
        "nonleaf": leaf * 3,
        "with_grad": with_grad,
        "bumped": bumped,
        "conj": torch.tensor([1 + 2j, 3 - 4j]).conj(),
        "narrow_offset": torch.arange(100, dtype=torch.int16)[37:41],
    }


@pytest.mark.parametrize("name", list(_tensors()))
def test_fields_match_torch_accessors(name):
    t = _tensors()[name]
    lay = pt.layout(t)
    check_accessors(t, lay)
    assert [e.raw for e in lay.elements] == oracle_bytes(t)
    for e in lay.elements:
        assert e.address == lay.storage_data_ptr + e.offset * lay.itemsize
        if t.numel():
            assert e.position == tuple(torch.unravel_index(torch.tensor(e.index), t.shape)[k].item()
                                       for k in range(t.dim()))


def test_grad_fields():
    t = _tensors()
    assert pt.layout(t["nonleaf"]).grad_fn == "MulBackward0"
    assert pt.layout(t["with_grad"]).has_grad is True
    assert pt.layout(t["leaf"]).has_grad is False
    assert pt.layout(t["bumped"]).version == 2


def test_memory_format_and_pyinspect_dispatch():
    t = _tensors()["channels_last"]
    lay = pyinspect.layout(t)
    assert isinstance(lay, pt.TensorLayout)
    assert lay.memory_format == "channels_last" and not lay.contiguous


def test_refcount_as_the_program_holds_it():
    x = torch.arange(3.0)
    assert pt.layout(x).refcnt == sys.getrefcount(x) - 1 == 1
    y = x  # noqa: F841
    assert pt.layout(x).refcnt == 2


def test_storage_identity_and_view_facts():
    x = torch.arange(10.0)
    a, b = pt.layout(x), pt.layout(x[::2])
    assert a.storage_address == b.storage_address == x.untyped_storage()._cdata
    assert a.fills_storage and not b.fills_storage
    assert b.span == (0, 8)
    counts, exact = b.coverage(64)
    assert exact and counts == (1, 0, 1, 0, 1, 0, 1, 0, 1, 0)
    e = pt.layout(torch.ones(1).expand(5))
    assert e.coverage(64) == ((2,), True)  # five elements share one slot's bytes
    rows = pt.layout(torch.zeros(1000, 1000, dtype=torch.int8)[::3, 5:], limit=4)  # too many to place one by one
    states, exact = rows.coverage(50)  # one cell = 20000 B: rows 3000 B apart are dense at this scale
    assert exact and states == (1,) * 50
    fine = pt.layout(torch.zeros(400, 400, dtype=torch.int8)[::200, :])  # rows 0 and 200 only
    states, exact = fine.coverage(400)
    assert exact and states[0] == 1 and states[1] == 0 and states[200] == 1 and sum(states) == 2


# ---- every dtype: bytes, values, bit fields ----------------------------------------------

FLOAT_SAMPLES = [0.0, -0.0, 1.0, -2.5, 0.1, 3.0e-6, 1e-7, 65504.0, 1e38, math.inf, -math.inf, math.nan, 448.0, 2.0**-9]


def _torch_dtypes():
    names = []
    for name in DTYPES:
        if isinstance(getattr(torch, name, None), torch.dtype):
            names.append(name)
    return names


def _sample(name):
    dt = getattr(torch, name)
    info = DTYPES[name]
    if info.kind in ("float", "float8fnuz", "e8m0"):
        return torch.tensor(FLOAT_SAMPLES, dtype=torch.float32).to(dt)
    if info.kind == "complex":
        vals = [complex(v, -w) for v, w in zip(FLOAT_SAMPLES, reversed(FLOAT_SAMPLES))]
        return torch.tensor(vals, dtype=torch.complex128).to(dt)
    if info.kind == "fp4x2":
        return torch.arange(256, dtype=torch.uint8).view(dt)
    if info.kind == "bool":
        return torch.tensor([True, False, True])
    if info.kind in ("int", "uint"):
        lo, hi = (torch.iinfo(dt).min, torch.iinfo(dt).max)
        return torch.tensor([0, 1, lo, hi, lo // 3 if lo else 7, 42], dtype=dt)
    if name in ("qint8", "quint8", "qint32"):
        return torch.quantize_per_tensor(torch.tensor([-1.0, 0.0, 0.5, 2.0]), 0.05, 10 if name == "quint8" else 0, dt)
    if name in ("quint4x2", "quint2x4"):
        return torch.quantize_per_tensor(torch.tensor([0.0, 1.0, 2.0, 3.0, 1.0, 0.0, 3.0, 2.0]), 1.0, 0, dt)
    return None


@pytest.mark.parametrize("name", _torch_dtypes())
def test_every_dtype_bytes_and_values(name):
    t = _sample(name)
    if t is None:
        pytest.skip(f"no way to build a {name} tensor with values")
    lay = pt.layout(t)
    check_accessors(t, lay)
    info = lay.info
    assert info.itemsize == t.element_size()
    if t.is_quantized and info.per_byte > 1:  # int_repr() gives the packed bytes
        packed = t.int_repr().tolist()
        assert [e.raw[0] for e in lay.elements] == [packed[i // info.per_byte] for i in range(t.numel())]
        assert [e.value for e in lay.elements] == [round(v) for v in t.dequantize().tolist()]
        return
    if t.is_quantized:
        assert [e.raw for e in lay.elements] == oracle_bytes(t.int_repr())
        assert [e.value for e in lay.elements] == t.int_repr().tolist()
        return
    assert [e.raw for e in lay.elements] == oracle_bytes(t)
    if info.kind == "fp4x2":
        return  # torch cannot convert fp4 to other dtypes; see test_float4_e2m1_table
    expect = t.to(torch.complex128 if t.is_complex() else torch.float64).tolist() if info.kind not in (
        "int", "uint", "bool") else t.tolist()
    got = [e.value for e in lay.elements]
    for g, x in zip(got, expect):
        if isinstance(x, complex):
            assert _same(g.real, x.real) and _same(g.imag, x.imag)
        else:
            assert _same(g, x), (g, x)


@pytest.mark.parametrize("name", ["bits8", "bits16", "bits1x8", "bits2x4", "bits4x2", "uint4", "int4", "uint1",
                                  "int7"])
def test_dtypes_without_arithmetic_show_their_bytes(name):
    dt = getattr(torch, name, None)
    if not isinstance(dt, torch.dtype):
        pytest.skip(f"this torch has no {name}")
    size = torch.empty(0, dtype=dt).element_size()
    src = torch.arange(8, dtype=torch.uint8 if size == 1 else torch.int16)
    t = src.view(dt)
    lay = pt.layout(t)
    check_accessors(t, lay)
    assert [e.raw for e in lay.elements] == oracle_bytes(src)
    assert lay.info.itemsize == size


def _same(a, b):
    if isinstance(a, float) and math.isnan(a):
        return isinstance(b, float) and math.isnan(b)
    return a == b and (not isinstance(a, float) or math.copysign(1, a) == math.copysign(1, b))


@pytest.mark.parametrize("name,fmt,code", [("float64", "float64", "<d"), ("float32", "float32", "<f"),
                                           ("float16", "float16", "<e")])
def test_float_bit_fields_against_struct(name, fmt, code):
    t = torch.tensor(FLOAT_SAMPLES, dtype=getattr(torch, name))
    lay = pt.layout(t)
    f = bits.FORMATS[fmt]
    for e, v in zip(lay.elements, t.tolist()):
        packed = struct.pack(code, v)
        assert e.raw == packed
        word = int.from_bytes(packed, "little")
        sign, exponent, mantissa = (field.value for field in e.fields)
        assert sign == word >> (f.total_bits - 1)
        assert exponent == (word >> f.mantissa_bits) & ((1 << f.exponent_bits) - 1)
        assert mantissa == word & ((1 << f.mantissa_bits) - 1)
        assert "".join(field.bits for field in e.fields) == format(word, f"0{f.total_bits}b")
        fb = lay.element_bits(e.index)
        assert fb is not None and fb.pattern == word


def test_bfloat16_is_the_top_half_of_float32():
    t = torch.tensor(FLOAT_SAMPLES, dtype=torch.bfloat16)
    lay = pt.layout(t)
    for e, v in zip(lay.elements, t.to(torch.float32).tolist()):
        assert e.raw == struct.pack("<f", v)[2:]
        word = struct.unpack("<I", struct.pack("<f", v))[0]
        assert [f.value for f in e.fields] == [word >> 31, (word >> 23) & 0xFF, (word >> 16) & 0x7F]


def test_complex_halves_against_struct():
    for dt, code in ((torch.complex128, "<dd"), (torch.complex64, "<ff")):
        t = torch.tensor([1.5 - 2j, -0.1 + 3e-3j], dtype=dt)
        lay = pt.layout(t)
        for e, z in zip(lay.elements, t.tolist()):
            assert e.raw == struct.pack(code, z.real, z.imag)
            assert [f.name for f in e.fields][:3] == ["real.sign", "real.exponent", "real.mantissa"]


def test_ints_against_to_bytes():
    for dt in (torch.int8, torch.int16, torch.int32, torch.int64, torch.uint8):
        t = torch.tensor([0, 1, -1 if dt != torch.uint8 else 255, 100], dtype=dt)
        lay = pt.layout(t)
        for e, v in zip(lay.elements, t.tolist()):
            assert e.raw == v.to_bytes(t.element_size(), "little", signed=dt != torch.uint8)
            assert e.value == v


def test_float4_e2m1_table():
    table = [0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0]
    info = dtype_info("float4_e2m1fn_x2")
    for byte in range(256):
        lo, hi = byte & 0xF, byte >> 4
        d = decode(info, bytes([byte]))
        want = tuple((-1 if n & 8 else 1) * table[n & 7] for n in (lo, hi))
        assert d.value == want


def test_float8_fnuz_has_one_nan_and_no_negative_zero():
    for name in ("float8_e4m3fnuz", "float8_e5m2fnuz"):
        if not hasattr(torch, name):
            continue
        info = dtype_info(name)
        assert math.isnan(decode(info, b"\x80").value)
        nan_count = sum(math.isnan(decode(info, bytes([b])).value) for b in range(256))
        assert nan_count == 1
        t = torch.arange(256, dtype=torch.uint8).view(getattr(torch, name))
        assert info.max_finite == t.to(torch.float64).nan_to_num(0).abs().max().item()


def test_float16_overflow_is_explained():
    from pyinspect.render import to_text

    t = torch.tensor([1e38], dtype=torch.float16)
    lay = pt.layout(t)
    e = lay.elements[0]
    assert e.kind == "inf" and e.raw == struct.pack("<e", math.inf)
    text = to_text(lay, width=140)
    assert "65504" in text and "inf" in text and "1e38" in text
    assert "65520" in text  # the first value that rounds to inf: 65504 + half an ulp (16)
    assert bits.round_to(65519.0, "float16") == 65504.0 and bits.round_to(65520.0, "float16") == math.inf


def test_to_dict_is_json():
    t = torch.tensor([1 + 2j, complex(math.nan, math.inf)], dtype=torch.complex64)
    d = pt.layout(t).to_dict()
    json.dumps(d)
    assert d["family"] == "tensor" and d["elements"][0]["value"] == [1.0, 2.0]
    assert d["elements"][1]["value"] == ["nan", "inf"]


# ---- bounded reads, no copies ----------------------------------------------------------------


def test_bounded_read_of_a_huge_view_without_copying():
    # 10**12 elements over a 4-byte storage: any copy of the tensor would need 4 TB
    big = torch.ones(1).expand(10**6, 10**6)
    lay = pt.layout(big, limit=8)
    assert len(lay.elements) == 8 and lay.elements_omitted == 10**12 - 8
    assert lay.storage_nbytes == 4
    assert [e.index for e in lay.elements] == [0, 1, 2, 3, 4, 5, 10**12 - 2, 10**12 - 1]
    assert all(e.raw == struct.pack("<f", 1.0) for e in lay.elements)
    assert lay.coverage(64) == ((-1,), False)
    with pytest.raises(KeyError, match="was not read"):
        lay.element_bytes(500)
    assert pt.element_bytes(big, 123456789) == struct.pack("<f", 1.0)
    import io

    buf = io.StringIO()
    pyinspect.show(big, file=buf, color=False, width=120)
    assert "1000000" in buf.getvalue()


def test_limit_none_reads_all_then_caps():
    t = torch.arange(100, dtype=torch.int32)
    lay = pt.layout(t)
    assert len(lay.elements) == 100 and lay.elements_omitted == 0
    assert lay.element_bytes(-1) == (99).to_bytes(4, "little")
    big = torch.zeros(pt.ELEMENT_CAP + 10, dtype=torch.uint8)
    lay = pt.layout(big)
    assert len(lay.elements) == pt.ELEMENT_CAP and lay.elements_omitted == 10


def test_device_copy_path_matches_host_reads():
    from pyinspect.model import Header
    from pyinspect.torch.read import read_tensor

    for t in (torch.arange(12.0).reshape(3, 4).t(), torch.tensor([True, False]), torch.ones(1).expand(10**9)):
        header = Header.from_raw(pyinspect._native._inspect.read_header(t))
        host = read_tensor(t, header, 6)
        copied = read_tensor(t, header, 6, force_copy=True)
        assert copied.read_via == "device copy" and host.read_via == "host memory"
        assert [e.raw for e in copied.elements] == [e.raw for e in host.elements]


def test_element_bytes_function():
    t = torch.arange(20, dtype=torch.float64).reshape(4, 5)[:, 1::2]
    want = oracle_bytes(t)
    assert [pt.element_bytes(t, i) for i in range(t.numel())] == want
    assert pt.element_bytes(t, -1) == want[-1]
    with pytest.raises(IndexError):
        pt.element_bytes(t, t.numel())
    with pytest.raises(TypeError):
        pt.element_bytes([1, 2], 0)


# ---- odd tensors: never crash, never run subclass code ---------------------------------------


def test_subclass_python_overrides_never_run():
    calls = []

    class Spy(torch.Tensor):
        @classmethod
        def __torch_function__(cls, func, types, args=(), kwargs=None):
            calls.append(func)
            return super().__torch_function__(func, types, args, kwargs or {})

    s = torch.arange(4.0).as_subclass(Spy)
    calls.clear()
    lay = pt.layout(s)
    assert calls == []
    assert lay.type_name == "Spy" and [e.value for e in lay.elements] == [0.0, 1.0, 2.0, 3.0]


def test_meta_sparse_and_empty_tensors():
    meta = pt.layout(torch.empty(3, 2, device="meta"))
    assert meta.elements == () and "meta" in meta.data_note and meta.pinning == "no data"
    sp = pt.layout(torch.sparse_coo_tensor([[0, 2]], [1.0, 2.0], (4,)))
    assert sp.layout == "sparse_coo" and sp.elements == () and sp.data_ptr is None and "_values" in sp.data_note
    empty = pt.layout(torch.empty(0))
    assert empty.numel == 0 and empty.elements == ()


def test_nested_inference_and_shrunken_storage_never_crash():
    nested = torch.nested.nested_tensor([torch.arange(3.0), torch.arange(2.0)])
    lay = pt.layout(nested)
    assert lay.elements == () and "nested" in lay.data_note and lay.numel == nested.numel()
    jagged = torch.nested.nested_tensor([torch.arange(3.0), torch.arange(2.0)], layout=torch.jagged)
    lay = pt.layout(jagged)  # a Python wrapper subclass: still no override runs, nothing is read
    assert lay.elements == () and "nested" in lay.data_note
    with torch.inference_mode():
        inf = torch.ones(3)
    lay = pt.layout(inf)
    assert lay.version is None and [e.value for e in lay.elements] == [1.0, 1.0, 1.0]
    shrunk = torch.arange(4.0)
    shrunk.untyped_storage().resize_(8)  # the tensor still claims 4 floats over 8 bytes
    lay = pt.layout(shrunk)
    assert lay.storage_nbytes == 8 and lay.elements == () and "outside the storage" in lay.data_note
    with pytest.raises(ValueError, match="outside"):
        pt.element_bytes(shrunk, 3)
    assert pt.element_bytes(shrunk, 1) == struct.pack("<f", 1.0)
    gone = torch.arange(4.0)
    gone.untyped_storage().resize_(0)
    assert "no allocation" in pt.layout(gone).data_note
    assert pt.storages({"n": nested, "g": gone, "s": shrunk}).tensors == 3


def test_layout_rejects_non_tensors():
    with pytest.raises(TypeError, match="torch.Tensor"):
        pt.layout([1, 2, 3])


# ---- pinned memory ------------------------------------------------------------------------------


@pytest.mark.skipif(_accelerator(), reason="an accelerator can pin")
def test_pinning_unavailable_on_cpu_only_torch():
    lay = pt.layout(torch.ones(3))
    assert lay.is_pinned is False and lay.pinning == "unavailable"
    assert "unavailable" in lay.pinning_note and "pin_memory() would raise" in lay.pinning_note
    with pytest.raises(RuntimeError):
        torch.ones(3).pin_memory()


cuda = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")


@cuda
def test_pinned_host_tensor():
    t = torch.arange(8.0).pin_memory()
    lay = pt.layout(t)
    assert lay.is_pinned is True and lay.pinning == "pinned" and t.is_pinned()
    assert pt.layout(torch.arange(8.0)).pinning == "not pinned"


@cuda
def test_cuda_tensor_copies_only_shown_elements():
    t = torch.arange(1000.0, device="cuda")[::3]
    lay = pt.layout(t, limit=8)
    check_accessors(t, lay)
    assert lay.device.startswith("cuda") and lay.read_via == "device copy"
    assert lay.pinning == "device memory"
    cpu_bytes = oracle_bytes(t.cpu())
    for e in lay.elements:
        assert e.raw == cpu_bytes[e.index]
    assert pt.element_bytes(t, 5) == cpu_bytes[5]


def test_every_dtype_table_entry_is_consistent():
    for name, info in DTYPES.items():
        dt = getattr(torch, name, None)
        if isinstance(dt, torch.dtype):
            assert info.itemsize == torch.empty(0, dtype=dt).element_size(), name
        if info.kind == "float":
            f = bits.FORMATS[info.format]
            assert info.max_finite == f.max_finite
            if dt is not None and dt.is_floating_point and name != "float64":
                assert info.max_finite == torch.finfo(dt).max
                assert info.epsilon == torch.finfo(dt).eps
