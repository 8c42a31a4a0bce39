"""The SVG bar chart of a SizeReport, from hand-built reports."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from test_sizeof_render import report, row

from pyinspect.render import svg_size
from pyinspect.render.svg import to_svg

NS = {"s": "http://www.w3.org/2000/svg"}


def _rows(svg: str) -> list[ET.Element]:
    root = ET.fromstring(svg)
    return [g for g in root.iter("{http://www.w3.org/2000/svg}g") if g.get("class") == "size-row"]


def test_one_bar_per_type_proportional_to_bytes():
    rep = report([row("dict", 10, 4000, slack=1000, retained=3000), row("str", 20, 2000), row("float", 5, 120)],
                 retained=3500)
    svg = to_svg(rep)
    groups = _rows(svg)
    assert [g.get("data-type") for g in groups] == ["dict", "str", "float"]
    bars = [next(r for r in g.findall("s:rect", NS) if r.get("class") == "bar") for g in groups]
    widths = [float(b.get("width")) for b in bars]
    assert widths[0] == svg_size.BAR_WIDTH
    assert abs(widths[1] - svg_size.BAR_WIDTH / 2) < 0.2
    slack = [r for r in groups[0].findall("s:rect", NS) if r.get("class") == "bar slack"]
    assert len(slack) == 1 and abs(float(slack[0].get("width")) - widths[0] / 4) < 0.2
    ticks = [ln for ln in groups[0].findall("s:line", NS) if ln.get("class") == "retained-tick"]
    assert len(ticks) == 1
    assert not any(r.get("class") == "bar slack" for r in groups[1].findall("s:rect", NS))


def test_rows_are_bounded():
    rep = report([row(f"T{i}", 1, 1000 - i) for i in range(40)])
    svg = to_svg(rep, rows=8)
    assert len(_rows(svg)) == 8
    assert "32 more types" in svg


def test_report_html_for_jupyter():
    html = report([row("list", 2, 200)])._repr_html_()
    assert "size-row" in html and "<svg" in html
