"""The pictures of a SizeReport's data buffers (text and SVG), from hand-built
reports (never live objects), and the buffers as plain data."""

from __future__ import annotations

import dataclasses
import json
import xml.etree.ElementTree as ET

from test_sizeof_render import report, row, text

from pyinspect.model import BufferRow
from pyinspect.model.base import frozen_mapping
from pyinspect.render import svg_size
from pyinspect.render.svg import to_svg

SVG = "{http://www.w3.org/2000/svg}"


def with_buffers(rep, buffers, device_bytes=None):
    extra = sum(b.nbytes for b in buffers if b.counted)
    return dataclasses.replace(rep, total=rep.total + extra, buffers=tuple(buffers),
                               device_bytes=frozen_mapping(device_bytes or {}))


BUFS = [
    BufferRow(0x7F0000001000, "numpy.ndarray", "cpu", 8_000_000, 2, 0x7F0000100000),
    BufferRow(0x55000000A000, "torch.UntypedStorage", "cuda:0", 4 << 20, 3, 0x7E0000000000),
    BufferRow(0x7F0000002000, "mmap.mmap", "mapped", 65_536, 1, 0x7F0000200000),
    BufferRow(0x7F0000003000, "bytearray", "cpu", 3_001, 0),
]


def sample():
    return with_buffers(report([row("numpy.ndarray", 3, 336), row("list", 1, 80)]), BUFS,
                        {"cuda:0": 4 << 20, "mapped": 65_536})


def test_a_row_per_buffer_at_80_columns():
    out = text(sample(), width=80)
    assert all(len(line) <= 80 for line in out.splitlines())
    lines = out.splitlines()
    nd = next(line for line in lines if "numpy.ndarray 0x7f0000001000" in line)
    assert "cpu" in nd and "8,000,000" in nd and nd.rstrip(" │").endswith("2")
    cuda = next(line for line in lines if "torch.UntypedStorage 0x55000000a000" in line)
    assert "cuda:0" in cuda and "4,194,304" in cuda
    assert "mapped" in next(line for line in lines if "mmap.mmap" in line)


def test_the_summary_says_what_is_in_the_total_and_what_is_not():
    out = text(sample(), width=120)
    assert "8,003,001 B (7.6 MiB)  host memory in 4 data buffers, each counted once (in total)" in out
    assert "cuda:0 4,194,304 B (4.0 MiB), mapped 65,536 B (64.0 KiB)  not in total" in out


def test_buffer_rows_are_bounded():
    many = [BufferRow(0x1000 + 16 * i, "bytearray", "cpu", 1000 - i, 0) for i in range(30)]
    out = text(with_buffers(report([row("bytearray", 30, 40_000)]), many), rows=8, width=100)
    assert "… 22 more buffers" in out
    assert out.count("bytearray 0x") == 8


def test_no_buffer_section_without_buffers():
    out = text(report([row("list", 1, 80)]), width=100)
    assert "data buffer" not in out and "buffers" not in out


def test_narrow_terminals_shrink_the_bars_not_the_numbers():
    rep = report([row("numpy.ndarray", 3, 8_000_336), row("str", 30_000, 1_608_890), row("list", 1, 246_488)])
    out = text(rep, width=80)
    assert "8,000,336" in out and "1,608,890" in out and "246,488" in out
    assert "numpy.ndarray" in out  # not folded
    glyphs = "█▉▊▋▌▍▎▏"
    bars = [sum(line.count(g) * (8 - i) for i, g in enumerate(glyphs)) for line in out.splitlines()
            if any(g in line for g in glyphs)]  # in eighths of a cell
    assert len(bars) == 3 and bars[0] > bars[1] > bars[2] > 0
    assert bars[0] < 20 * 8  # narrower than the full 20 cells, and still proportional
    assert abs(bars[1] / bars[0] - 1_608_890 / 8_000_336) < 0.1


def test_svg_draws_one_bar_per_buffer():
    svg = to_svg(sample())
    root = ET.fromstring(svg)
    groups = [g for g in root.iter(f"{SVG}g") if g.get("class") == "buffer-row"]
    assert [g.get("data-type") for g in groups] == [b.owner_type for b in BUFS]
    assert [int(g.get("data-bytes")) for g in groups] == [b.nbytes for b in BUFS]
    assert [g.get("data-device") for g in groups] == ["cpu", "cuda:0", "mapped", "cpu"]
    bars = [next(r for r in g.iter(f"{SVG}rect")) for g in groups]
    assert float(bars[0].get("width")) == svg_size.BAR_WIDTH
    assert abs(float(bars[1].get("width")) - svg_size.BAR_WIDTH * (4 << 20) / 8_000_000) < 0.2
    assert "elsewhere" in bars[1].get("class") and "elsewhere" not in bars[0].get("class")
    assert "not in it: cuda:0 4.0 MiB, mapped 64.0 KiB" in svg


def test_buffers_are_plain_data():
    d = sample().to_dict()
    json.dumps(d)
    assert d["buffers"][0] == {"owner_address": 0x7F0000001000, "owner_type": "numpy.ndarray", "device": "cpu",
                               "nbytes": 8_000_000, "views": 2, "data_address": 0x7F0000100000}
    assert d["device_bytes"] == {"cuda:0": 4 << 20, "mapped": 65_536}
    assert sample().buffer_bytes == 8_003_001
    assert [b.counted for b in BUFS] == [True, False, False, True]
