"""The terminal picture of a SizeReport, from hand-built reports (never live
objects), and the report as plain data."""

from __future__ import annotations

import dataclasses
import io
import json

import pytest

import pyinspect
from pyinspect.model import Header, SizeReport, SkippedRow, TypeRow
from pyinspect.model.base import frozen_mapping
from pyinspect.render import console
from pyinspect.render.text import render
from pyinspect.render.text_size import bar, human_bytes, render_report


def header(type_name="list", refcnt=1):
    return Header(address=0x1000, type_name=type_name, type_address=0x2000, refcnt=refcnt,
                  refcnt_raw=refcnt, refcnt_fields=frozen_mapping({"ob_refcnt": refcnt}),
                  refcnt_stored=refcnt, transient_refs=0, immortal=False, basicsize=40, itemsize=0,
                  ob_size=3, tp_flags=0, gc_head_bytes=16, gc_tracked=True, preheader_bytes=0,
                  object_bytes=40, buffer_bytes=24, allocated_bytes=64)


def row(name, count, nbytes, slack=0, retained=None, mirrored=True, owner=None):
    return TypeRow(type_name=name, type_address=hash(name) & 0xFFFF, count=count, bytes=nbytes, slack=slack,
                   retained_count=None if retained is None else count,
                   retained_bytes=retained, sizeof_owner=owner or name, sizeof_mirrored=mirrored)


def report(rows, *, retained=None, stop="complete", skipped=(), options=None, refcnt=1, inside=0, keys=0):
    total = sum(r.bytes for r in rows)
    opts = {"retained": True, "max_objects": None, "max_bytes": None}
    opts.update(options or {})
    return SizeReport(header=header(refcnt=refcnt), flat=80, total=total, count=sum(r.count for r in rows),
                      retained=retained, retained_count=None if retained is None else 3,
                      rows=tuple(rows), skipped=tuple(skipped), stop_reason=stop, edges=42, keys_not_followed=keys,
                      root_refs_inside=inside, walk_bytes=131072, seconds=0.002,
                      options=frozen_mapping(opts))


def text(r, rows=16, width=120):
    buf = io.StringIO()
    console(buf, color=False, width=width).print(render_report(r, rows))
    return buf.getvalue()


def test_human_bytes_and_bars():
    assert human_bytes(512) == "512 B"
    assert human_bytes(2048) == "2,048 B (2.0 KiB)"
    assert human_bytes(3 * 1024**3) == "3,221,225,472 B (3.0 GiB)"
    assert bar(1.0, 4) == "████"
    assert bar(0.0, 4) == "    "
    assert bar(0.5, 4) == "██  "
    assert bar(1 / 8, 4) == "▌   "  # an eighth of four cells is half a cell
    assert bar(1 / 32, 4) == "▏   "


def test_table_rows_percent_slack_retained_and_bars():
    r = report([row("dict", 200, 36_800, slack=3_200, retained=36_800), row("str", 100, 9_200, retained=9_200),
                row("list", 1, 0 + 4000, slack=8, retained=4000)], retained=50_000)
    out = text(r)
    lines = out.splitlines()
    dict_line = next(line for line in lines if " dict " in line)
    assert "200" in dict_line and "36,800" in dict_line and "73.6%" in dict_line and "3,200" in dict_line
    assert "█" * 20 in dict_line  # the largest type gets the full bar
    str_line = next(line for line in lines if " str " in line)
    assert "█" * 5 in str_line and "█" * 6 not in str_line  # 9,200 / 36,800 of 20 cells
    assert "retained    50,000 B (48.8 KiB)" in out
    assert "memory of list at 0x1000" in out
    assert "walk: 2.0 ms" in out and "42 references followed" in out


def test_long_breakdowns_are_elided():
    rows = [row(f"T{i}", 1, 1000 - i) for i in range(30)]
    out = text(report(rows), rows=5)
    assert "T4 " in out and "T5 " not in out
    assert "… 25 more types" in out


def test_stopped_walk_and_missing_retained_say_so():
    r = report([row("dict", 10, 1000)], stop="max_objects", options={"max_objects": 10})
    out = text(r)
    assert "at max_objects=10" in out
    assert "the walk stopped early" in out


def test_skipped_unmirrored_and_outside_references_are_explained():
    r = report([row("numpy.ndarray", 2, 224, mirrored=False, owner="numpy.ndarray"), row("list", 1, 72)],
               skipped=[SkippedRow("types", 2, 2000), SkippedRow("modules", 0, 0), SkippedRow("immortal", 5, 140)],
               refcnt=3, inside=1, keys=1234)
    out = text(r)
    assert "the str keys of 1,234 dict entries were not followed" in out
    assert "numpy.ndarray *" in out
    assert "__sizeof__ not mirrored by pyinspect: numpy.ndarray (numpy.ndarray.__sizeof__)" in out
    assert "2 types (2,000 B" in out and "5 immortal (140 B)" in out and "modules" not in out
    assert "3 held by the program, 1 from inside the walk" in out


def test_render_registers_the_body_for_the_panel_with_the_header():
    buf = io.StringIO()
    console(buf, color=False, width=120).print(render(report([row("dict", 1, 64)])))
    out = buf.getvalue()
    assert "PyObject header" in out and "deep walk" in out and "dict" in out


def test_report_is_plain_data():
    r = report([row("dict", 2, 128, slack=16, retained=128)], retained=128,
               skipped=[SkippedRow("immortal", 1, 28)])
    d = r.to_dict()
    json.dumps(d)
    assert d["family"] == "memory"
    assert d["rows"][0] == {"type_name": "dict", "type_address": r.rows[0].type_address, "count": 2, "bytes": 128,
                            "slack": 16, "retained_count": 2, "retained_bytes": 128, "sizeof_owner": "dict",
                            "sizeof_mirrored": True}
    assert d["skipped"] == [{"reason": "immortal", "count": 1, "bytes": 28}]
    assert r.slack == 16
    assert r.by_type()["dict"] is r.rows[0]
    assert "total=128 bytes in 2 objects" in repr(r)
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.total = 5  # type: ignore[misc]


def test_show_of_a_live_report():
    buf = io.StringIO()
    data = [{"lr": float(i), "name": str(i)} for i in range(100)]
    rep = pyinspect.memory(data)
    rep.show(file=buf, color=False, width=120)
    out = buf.getvalue()
    assert "dict" in out and "float" in out and f"{rep.total:,}" in out


def test_tensor_rows_are_the_torch_tensor_types():
    with_tensor = report([row("torch.Tensor", 1, 80), row("list", 1, 64)])
    assert [r.type_name for r in with_tensor.tensor_rows] == ["torch.Tensor"]
    params = report([row("torch.nn.parameter.Parameter", 2, 160)])
    assert params.tensor_rows
    plain = report([row("list", 1, 64), row("mytorch.Tensor", 1, 32)])
    assert not plain.tensor_rows


def test_bars_give_way_before_numbers_at_80_columns():
    big = report([row("dict", 20_000, 3_680_000, slack=320_000, retained=3_680_000),
                  row("str", 20_000, 1_148_890, retained=1_148_890)], retained=5_961_906)
    out = text(big, width=80)
    assert "3,680,000" in out and "1,148,890" in out and "…" not in out
    assert "█" in out and max(len(line) for line in out.splitlines()) <= 80


def test_a_live_tensor_report_shows_its_storage_as_a_buffer():
    torch = pytest.importorskip("torch")
    t = torch.zeros(1000)
    r = pyinspect.memory([t, t[::2]])
    assert [row.type_name for row in r.tensor_rows] == ["torch.Tensor"]
    nbytes = t.untyped_storage().nbytes()
    assert [(b.device, b.nbytes) for b in r.buffers] == [("cpu", nbytes)]  # one storage, two views
    assert r.total >= nbytes  # the 4,000 data bytes are in the total, once
    shown = " ".join(text(r, width=80).split())
    assert "data buffer" in shown and f"{nbytes:,}" in shown
