"""Renderers of the torch Layouts, fed hand-built Layouts (never live tensors)."""

from __future__ import annotations

import io
import math
import struct

import pytest

pytest.importorskip("torch")

from rich.console import Console  # noqa: E402

import pyinspect.torch  # noqa: E402,F401  (registers the tensor renderer)
from pyinspect.model import Header  # noqa: E402
from pyinspect.render import to_text  # noqa: E402
from pyinspect.torch.dtypes import decode, dtype_info  # noqa: E402
from pyinspect.torch.model import (  # noqa: E402
    AutocastState,
    BatchLeaf,
    BatchRecord,
    LoaderTrace,
    ModesLayout,
    ModuleMode,
    StorageGroup,
    StorageMap,
    TensorElement,
    TensorLayout,
    TensorView,
)
from pyinspect.torch.text import coverage_bar, explain_kinds, render_picture  # noqa: E402

HEADER = Header(address=0x1000, type_name="Tensor", type_address=0x2000, refcnt=1, refcnt_raw=1,
                refcnt_fields={"ob_refcnt": 1}, refcnt_stored=1, transient_refs=0, immortal=False, basicsize=48,
                itemsize=0, ob_size=None, tp_flags=0, gc_head_bytes=16, gc_tracked=True, preheader_bytes=16,
                object_bytes=48, buffer_bytes=0, allocated_bytes=64)


def tensor_layout(dtype, raws, shape, stride, offset=0, storage_elements=None, **kw):
    info = dtype_info(dtype)
    elements = []
    for i, raw in enumerate(raws):
        d = decode(info, raw)
        off = offset + i * stride[-1]
        elements.append(TensorElement(i, (i,), off, 0x5000 + off * info.itemsize, raw, d.value, d.kind, d.fields))
    n = storage_elements if storage_elements is not None else len(raws)
    fields = dict(
        header=HEADER, shape=shape, stride=stride, storage_offset=offset, dtype=dtype, itemsize=info.itemsize,
        device="cpu", layout="strided", numel=math.prod(shape), contiguous=stride == (1,), memory_format=None,
        is_pinned=False, pinning="unavailable", pinning_note="pinning is unavailable: no accelerator",
        data_ptr=0x5000 + offset * info.itemsize, storage_data_ptr=0x5000, storage_nbytes=n * info.itemsize,
        storage_address=0x6000, storage_shared=False, requires_grad=False, grad_fn=None, is_leaf=True,
        has_grad=False, version=0, is_conj=False, is_neg=False, elements=tuple(elements),
        elements_head=len(elements), elements_omitted=0, data_note=None, read_via="host memory",
        byteorder="little")
    fields.update(kw)
    return TensorLayout(**fields)


def test_float16_inf_picture():
    lay = tensor_layout("float16", [struct.pack("<e", math.inf)], (1,), (1,))
    text = to_text(lay, width=140)
    assert "0 11111 0000000000" in text
    assert "largest finite value is 65504" in text and "65520" in text and "inf" in text
    assert "unavailable" in text


def test_strided_view_picture_shows_the_shared_storage():
    raws = [struct.pack("<f", float(v)) for v in (0, 2, 4, 6, 8)]
    lay = tensor_layout("float32", raws, (5,), (2,), storage_elements=10)
    text = to_text(lay, width=140)
    assert "■□■□■□■□■□" in text
    assert "(2,) elements = (8,) bytes" in text
    assert "a view" in text and "40 bytes" in text


def test_elided_rows_are_bounded():
    raws = [struct.pack("<i", v) for v in range(40)]
    lay = tensor_layout("int32", raws, (40,), (1,))
    text = to_text(lay, rows=8, width=140)
    assert "more" in text
    assert text.count("0x50") < 20


def test_no_data_note():
    lay = tensor_layout("float32", [], (3,), (1,), device="meta", data_ptr=None, storage_data_ptr=None,
                        storage_nbytes=None, data_note="a meta tensor has no data", read_via="none")
    assert "a meta tensor has no data" in to_text(lay, width=120)


def test_explain_kinds():
    f16 = dtype_info("float16")
    assert any("65504" in s for s in explain_kinds(f16, {"inf"}))
    assert any("subnormal" in s for s in explain_kinds(f16, {"subnormal"}))
    assert any("0x80" in s for s in explain_kinds(dtype_info("float8_e4m3fnuz"), {"nan"}))
    assert explain_kinds(f16, {"normal"}) == []


def test_coverage_bar_symbols():
    assert coverage_bar((1, 0, 2, -1), True).plain == "■□▣▒"


def plain(obj, width=140):
    buf = io.StringIO()
    Console(file=buf, width=width, color_system=None).print(render_picture(obj))
    return buf.getvalue()


def test_storage_map_picture():
    views = (TensorView(("x",), 1, (4,), (1,), 0, "float32", 4, True, 0, 16),
             TensorView(("y", "z"), 2, (2,), (2,), 1, "float32", 4, False, 4, 12))
    m = StorageMap("dict", (StorageGroup(0x6000, 0x5000, 16, "cpu", views),), 2)
    text = plain(m)
    assert "shared by 2 tensors" in text and "y, z" in text and "□■□■" in text


def test_modes_picture():
    mods = (ModuleMode("", "Net", 0, False, False, 0, 0), ModuleMode("drop", "Dropout", 1, True, True, 0, 0))
    lay = ModesLayout("Net", mods, True, False, (AutocastState("cpu", False, "bfloat16"),), False, False,
                      ("eval() without no_grad(): ...",))
    text = plain(lay)
    assert "train" in text and "eval" in text and "enabled" in text and "bfloat16" in text


def test_trace_picture():
    leaf = BatchLeaf("['x']", "Tensor", (2, 3), "float32", "cpu", False, True)
    b = BatchRecord(0, 0, (0, 2), (5, 3), 1, 4242, (leaf,), False, 0.001, 0.02, 0.019)
    tr = LoaderTrace("DS", "map", 10, "RandomSampler", True, "BatchSampler", 2, False, "default_collate", 2, 2,
                     True, False, "pin_memory=True, but pinning is unavailable", False, True, 0.0, "fork", 7,
                     (5, 3, 1, 0), (b,), (), (1, 2), (4242, 4243))
    text = plain(tr, 170)
    for s in ("① sampler", "② batch sampler", "③ fetch", "④ collate", "[5 3]", "pid 4242", "float32[2, 3]",
              "(shm)", "unavailable", "tasks [1, 2]"):
        assert s in text, s
    assert "outputs" not in tr.to_dict()


def test_pictures_for_jupyter_and_json():
    import json

    import torch

    import pyinspect.torch as pt

    x = torch.arange(4.0)
    for obj in (pt.modes(), pt.storages({"x": x, "y": x[1:]}),
                pt.trace(torch.utils.data.DataLoader(list(range(5)), batch_size=2), batches=2)):
        assert "<svg" in obj._repr_html_()
        json.dumps(obj.to_dict())
    assert "<svg" in pt.layout(x)._repr_html_()
