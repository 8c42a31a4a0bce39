"""SVG pictures of tensors, storage maps, modes and DataLoader traces, from
hand-built Layouts (no torch needed: the pictures never import it); one test
draws live torch objects and skips cleanly without torch."""

from __future__ import annotations

import io
import math
import re
import struct
import xml.etree.ElementTree as ET

import pytest
from layout_factory import SVG_NS, find, header, texts

import pyinspect
from pyinspect.render import html, svg
from pyinspect.torch import svg as st
from pyinspect.torch.dtypes import decode, dtype_info
from pyinspect.torch.model import (
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


def tensor_layout(dtype, raws, shape, stride, offset=0, storage_elements=None, positions=None, offsets=None,
                  head=None, omitted=0, **kw):
    info = dtype_info(dtype)
    elements = []
    for i, raw in enumerate(raws):
        dec = decode(info, raw)
        off = offsets[i] if offsets else offset + i * stride[-1]
        pos = positions[i] if positions else (i,)
        index = i if head is None or i < head else i + omitted
        elements.append(TensorElement(index, pos, off, 0x5000 + off * info.itemsize, raw, dec.value, dec.kind,
                                      dec.fields))
    n = storage_elements if storage_elements is not None else len(raws)
    fields = dict(
        header=header(type_name="Tensor", basicsize=48), shape=shape, stride=stride, storage_offset=offset,
        dtype=dtype, itemsize=info.itemsize, device="cpu", layout="strided", numel=math.prod(shape),
        contiguous=stride == (1,), memory_format=None, is_pinned=False, pinning="unavailable",
        pinning_note="pinning is unavailable: no accelerator", data_ptr=0x5000 + offset * info.itemsize,
        storage_data_ptr=0x5000, storage_nbytes=n * info.itemsize, storage_address=0x6000, storage_shared=False,
        requires_grad=False, grad_fn=None, is_leaf=True, has_grad=False, version=0, is_conj=False, is_neg=False,
        elements=tuple(elements), elements_head=len(elements) if head is None else head,
        elements_omitted=omitted, data_note=None, read_via="host memory", byteorder="little")
    fields.update(kw)
    return TensorLayout(**fields)


def parse(obj, rows=16):
    root = ET.fromstring(svg.to_svg(obj, rows))
    assert root.tag == SVG_NS + "svg"
    return root


def groups(root, cls):
    want = set(cls.split())
    return [g for g in root.iter(SVG_NS + "g") if want <= set((g.get("class") or "").split())]


def f32_bits(v):
    return format(struct.unpack(">I", struct.pack(">f", v))[0], "032b")


# ---- tensors ----------------------------------------------------------------------------------


def test_strided_view_on_its_storage_strip():
    # x[::2] of a 10-element float32 storage: elements at offsets 0, 2, 4, 6, 8
    raws = [struct.pack("<f", float(v)) for v in (0, 2, 4, 6, 8)]
    root = parse(tensor_layout("float32", raws, (5,), (2,), storage_elements=10))
    strip, = groups(root, "storage-strip")
    cells = find(strip, "rect", "storage-cell")
    assert [c.get("data-state") for c in cells] == ["1", "0"] * 5
    assert {c.get("fill") for c in cells if c.get("data-state") == "1"} == {svg.USED}
    marks = [(t.text) for t in find(strip, "text", "element-mark")]
    assert marks == ["0", "1", "2", "3", "4"]
    # the marks sit in cells 0, 2, 4, ...
    xs = [float(c.get("x")) + float(c.get("width")) / 2 for c in cells]
    assert [float(t.get("x")) for t in find(strip, "text", "element-mark")] == xs[0::2]
    span, = find(root, "path", "view-span")
    assert (span.get("data-first"), span.get("data-last")) == ("0", "8")
    dim, = groups(root, "dim")
    assert (dim.get("data-size"), dim.get("data-stride")) == ("5", "2")
    assert any("a view: it reaches elements 0..8" in t for t in texts(root))


def test_element_bits_coloured_like_the_float_picture():
    values = (1.0, -2.5, 0.1)
    raws = [struct.pack("<f", v) for v in values]
    root = parse(tensor_layout("float32", raws, (3,), (1,)))
    rows = groups(root, "element")
    assert [g.get("data-index") for g in rows] == ["0", "1", "2"]
    for g, v in zip(rows, values):
        fields = groups(g, "bit-field")
        assert [f.get("data-role") for f in fields] == ["sign", "exponent", "mantissa"]
        drawn = "".join(r.get("data-bit") for r in find(g, "rect", "bit"))
        assert drawn == f32_bits(v)
        for f, colour, n in zip(fields, (svg.SIGN, svg.EXPONENT, svg.MANTISSA), (1, 8, 23)):
            bits = find(f, "rect", "bit")
            assert len(bits) == n and {b.get("fill") for b in bits} == {colour}
        assert [t.text for t in find(g, "text", "byte-hex")] == [f"{b:02x}" for b in struct.pack("<f", v)]
    stored = [repr(struct.unpack("<f", struct.pack("<f", v))[0]) for v in values]
    assert [t.text for t in find(root, "text", "el-value")] == stored


def test_float16_inf_is_explained():
    root = parse(tensor_layout("float16", [struct.pack("<e", math.inf)], (1,), (1,)))
    g, = groups(root, "element")
    assert "".join(r.get("data-bit") for r in find(g, "rect", "bit")) == "0" + "11111" + "0" * 10
    assert find(root, "text", "el-value")[0].text == "inf (inf)"
    assert any("65504" in t for t in texts(root))


def test_expanded_tensor_shares_one_storage_slot():
    raw = struct.pack("<f", 1.0)
    lay = tensor_layout("float32", [raw] * 4, (4,), (0,), storage_elements=1, offsets=[0, 0, 0, 0])
    root = parse(lay)
    cells = find(root, "rect", "storage-cell")
    assert [c.get("data-state") for c in cells] == ["2"] and cells[0].get("fill") == st.STATE_FILL[2]
    assert [t.text for t in find(root, "text", "element-mark")] == ["0+"]
    assert any("stride 0" in t for t in texts(root))


def test_int_elements_and_bounded_rows():
    raws = [struct.pack("<i", v) for v in range(40)]
    lay = tensor_layout("int32", raws[:6] + raws[-2:], (40,), (1,), head=6, omitted=32, storage_elements=40,
                        offsets=[0, 1, 2, 3, 4, 5, 38, 39])
    root = parse(lay, rows=6)
    rows = groups(root, "element")
    assert len(rows) <= 6 and rows[-1].get("data-index") == "39"
    assert any("more elements not shown" in t for t in texts(root))
    bits = find(rows[0], "rect", "bit")
    assert len(bits) == 32 and {b.get("fill") for b in bits} == {st.ROLE_FILL["integer"]}


def test_big_storage_is_scaled_to_a_bounded_strip():
    lay = tensor_layout("float32", [struct.pack("<f", 0.0)], (1000,), (1,), storage_elements=1000,
                        head=1, omitted=999)
    root = parse(lay)
    assert len(find(root, "rect", "storage-cell")) == st.STRIP_CELLS
    assert "one cell ≈ 62.5 B" in texts(root)


def test_tensor_without_data():
    lay = tensor_layout("float32", [], (3,), (1,), device="meta", data_ptr=None, storage_data_ptr=None,
                        storage_nbytes=None, data_note="a meta tensor has no data", read_via="none")
    root = parse(lay)
    assert not find(root, "rect", "storage-cell")
    assert any("a meta tensor has no data" in t for t in texts(root))


# ---- storages --------------------------------------------------------------------------------


def storage_map():
    views = (TensorView(("x",), 1, (4,), (1,), 0, "float32", 4, True, 0, 16),
             TensorView(("y", "z"), 2, (2,), (2,), 1, "float32", 4, False, 4, 16))
    other = (TensorView(("w",), 3, (2,), (1,), 0, "int64", 8, True, 0, 16),)
    return StorageMap("dict", (StorageGroup(0x6000, 0x5000, 16, "cpu", views),
                               StorageGroup(0x7000, 0x8000, 16, "cpu", other)), 3)


def test_storage_map_lines_up_views_of_one_storage():
    root = parse(storage_map())
    shared, alone = groups(root, "storage-group")
    assert (shared.get("data-shared"), shared.get("data-views")) == ("true", "2")
    assert (alone.get("data-shared"), alone.get("data-views")) == ("false", "1")
    views = groups(shared, "view")
    assert [(v.get("data-names"), v.get("data-offset"), v.get("data-bytes")) for v in views] == [
        ("x", "0", "0-16"), ("y, z", "1", "4-16")]
    strips = [find(v, "rect", "storage-cell") for v in views]
    assert [[c.get("data-state") for c in s] for s in strips] == [["1", "1", "1", "1"], ["0", "1", "0", "1"]]
    assert [c.get("x") for c in strips[0]] == [c.get("x") for c in strips[1]]  # one column per storage byte range
    assert [r.get("data-name") for r in find(root, "rect", "name")] == ["x", "y, z", "w"]
    assert any("shared by 2 tensors" in t for t in texts(root))


# ---- modes -----------------------------------------------------------------------------------


def test_modes_picture():
    mods = (ModuleMode("", "Net", 0, False, False, 0, 0), ModuleMode("drop", "Dropout", 1, True, True, 0, 0))
    m = ModesLayout("Net", mods, True, False, (AutocastState("cpu", False, "bfloat16"),), False, False,
                    ("eval() without no_grad()",))
    root = parse(m)
    assert [(g.get("data-name"), g.get("data-training")) for g in groups(root, "module")] == [
        ("", "false"), ("drop", "true")]
    assert [t.text for t in find(root, "text", "mode-text")] == ["eval", "train"]


# ---- DataLoader traces --------------------------------------------------------------------------


def loader_trace(workers=2):
    leaf = BatchLeaf("[0]", "Tensor", (2, 3), "float32", "cpu", False, True)
    b0 = BatchRecord(0, 0, (0, 2), (5, 3), 0 if workers else None, 4242 if workers else None, (leaf,), False,
                     0.001, 0.02, 0.019)
    b1 = BatchRecord(1, 1, (2, 4), (1, 0), 1 if workers else None, 4243 if workers else None, (leaf,), False,
                     0.002, 0.03, 0.01)
    return LoaderTrace("DS", "map", 5, "RandomSampler", True, "BatchSampler", 2, True, "default_collate", workers,
                       2 if workers else None, True, False, "pin_memory=True, but pinning is unavailable", False,
                       True, 0.0, "fork" if workers else None, 7, (5, 3, 1, 0, 4), (b0, b1), (4,), (),
                       (4242, 4243) if workers else ())


def test_trace_four_stages():
    root = parse(loader_trace())
    stages = groups(root, "stage")
    assert [(g.get("data-stage"), g.get("data-name")) for g in stages] == [
        ("1", "sampler"), ("2", "batch sampler"), ("3", "fetch"), ("4", "collate"), ("5", "pin memory")]
    assert stages[-1].get("data-used") == "false"
    arrows = find(root, "path", "stage-arrow")
    assert len(arrows) == 4
    boxes = [find(g, "rect", "stage-box")[0] for g in stages]
    for a, left, right in zip(arrows, boxes, boxes[1:]):  # each arrow joins a stage to the next
        nums = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", a.get("d"))]
        assert nums[0] == float(left.get("x")) + float(left.get("width"))
        assert nums[-2] == float(right.get("x"))
    assert [r.get("data-worker") for r in find(root, "rect", "worker")] == ["0", "1"]


def test_trace_indices_coloured_by_batch_and_workers():
    root = parse(loader_trace())
    chips = find(root, "rect", "index-chip")
    assert [(c.get("data-index"), c.get("data-batch")) for c in chips] == [
        ("5", "0"), ("3", "0"), ("1", "1"), ("0", "1"), ("4", None)]
    assert "dropped" in chips[-1].get("class")
    assert chips[0].get("fill") == st.BATCH_FILLS[0] and chips[2].get("fill") == st.BATCH_FILLS[1]
    batches = groups(root, "batch")
    assert [(g.get("data-position"), g.get("data-worker")) for g in batches] == [("0", "0"), ("1", "1")]
    assert [find(g, "rect", "batch-badge")[0].get("fill") for g in batches] == list(st.BATCH_FILLS[:2])
    assert [t.text for t in find(root, "text", "batch-leaves")] == ["[0] float32[2, 3] shm"] * 2
    joined = " ".join(texts(root))
    assert "dropped by drop_last=True: [4]" in joined and "base seed 7" in joined


def test_trace_in_the_main_process():
    root = parse(loader_trace(workers=0))
    main, = find(root, "rect", "worker main")
    assert main.get("data-worker") == "main"
    assert [g.get("data-worker") for g in groups(root, "batch")] == ["main", "main"]


# ---- Jupyter, show(), save() -----------------------------------------------------------------


@pytest.mark.parametrize("make", [storage_map, loader_trace, lambda: ModesLayout(None, (), True, False, (), False,
                                                                                  False, ())])
def test_results_draw_in_html_and_save(make, tmp_path, capsys):
    obj = make()
    frag = obj._repr_html_()
    root = ET.fromstring(frag)
    assert root.get("data-type") == type(obj).__name__ and list(root.iter(SVG_NS + "svg"))
    ET.fromstring(html.page(obj))
    path = pyinspect.save(obj, tmp_path / "r.svg")
    assert ET.parse(path).getroot().tag == SVG_NS + "svg"
    pyinspect.show(obj, color=False, width=150)  # printed as itself, not as an instance's struct
    out = capsys.readouterr().out
    assert "instance attributes" not in out and "ob_refcnt" not in out


def test_tensor_layout_html_has_the_picture():
    lay = tensor_layout("float32", [struct.pack("<f", 1.0)], (1,), (1,))
    root = ET.fromstring(html.fragment(lay))
    assert root.get("data-family") == "tensor" and find(root, "rect", "storage-cell")


def test_live_torch_objects_draw(tmp_path):
    torch = pytest.importorskip("torch")
    import pyinspect.torch as pt

    x = torch.arange(10.0)
    y = x[1::3]
    m = pt.storages({"x": x, "y": y})
    root = ET.parse(pyinspect.save(m, tmp_path / "m.svg")).getroot()
    views = groups(root, "view")
    assert [v.get("data-offset") for v in views] == ["0", "1"]
    states = [c.get("data-state") for c in find(views[1], "rect", "storage-cell")]
    assert states == ["0", "1", "0", "0", "1", "0", "0", "1", "0", "0"]
    root = ET.parse(pyinspect.save(y, tmp_path / "y.svg")).getroot()
    assert [t.text for t in find(root, "text", "element-mark")] == ["0", "1", "2"]
    values = [t.text for t in find(root, "text", "el-value")]
    assert values == ["1.0", "4.0", "7.0"]
    loader = torch.utils.data.DataLoader(list(range(6)), batch_size=2)
    tr = pt.trace(loader, batches=2)
    root = ET.parse(pyinspect.save(tr, tmp_path / "t.svg")).getroot()
    assert len(groups(root, "batch")) == 2
    buf = io.StringIO()
    pyinspect.show(tr, file=buf, color=False, width=150)
    assert "① sampler" in buf.getvalue()


def test_torch_show_in_a_notebook_displays_the_picture(monkeypatch):
    torch = pytest.importorskip("torch")
    import sys
    import types

    import pyinspect.torch as pt

    shown = []
    ipython = types.ModuleType("IPython")
    display_mod = types.ModuleType("IPython.display")
    display_mod.display = lambda obj, raw=False: shown.append(obj)
    ipython.get_ipython = lambda: types.SimpleNamespace(kernel=object())
    monkeypatch.setitem(sys.modules, "IPython", ipython)
    monkeypatch.setitem(sys.modules, "IPython.display", display_mod)
    x = torch.arange(6.0)
    pt.show(pt.storages({"x": x, "y": x[::2]}))
    pt.show(x[1:])
    assert len(shown) == 2
    maps, tensor = (ET.fromstring(b["text/html"]) for b in shown)
    assert maps.get("data-type") == "StorageMap" and find(maps, "rect", "storage-cell")
    assert tensor.get("data-family") == "tensor" and find(tensor, "text", "element-mark")
