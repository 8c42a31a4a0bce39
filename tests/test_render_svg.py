"""SVG pictures from hand-built Layouts: structure, labels and colours."""

from __future__ import annotations

import dataclasses
import struct
import xml.etree.ElementTree as ET
from typing import ClassVar

import pytest
from layout_factory import (
    SVG_NS,
    bytes_layout,
    find,
    float_layout,
    header,
    int_layout,
    list_layout,
    names_layout,
    str_layout,
    texts,
    tuple_layout,
)

from pyinspect import bits
from pyinspect._dataclass import frozen
from pyinspect.model import Layout
from pyinspect.render import svg


def parse(layout: Layout, rows: int = 16) -> ET.Element:
    doc = svg.to_svg(layout, rows)
    root = ET.fromstring(doc)
    assert root.tag == SVG_NS + "svg"
    assert int(root.get("width")) > 0 and int(root.get("height")) > 0
    return root


# ---- list and tuple ----------------------------------------------------------------


def test_list_slots_used_and_spare():
    # GIVEN a list of 3 items in 5 slots
    root = parse(list_layout(["10", "20", "30"], allocated=5))
    # THEN 3 used slots, 2 spare, one arrow and one target per used slot
    used = find(root, "rect", "slot used")
    spare = find(root, "rect", "slot spare")
    assert [r.get("data-index") for r in used] == ["0", "1", "2"]
    assert [r.get("data-index") for r in spare] == ["3", "4"]
    assert {r.get("fill") for r in used} == {svg.USED}
    assert {r.get("fill") for r in spare} == {svg.SPARE}
    assert len(find(root, "path", "slot-arrow")) == 3
    labels = [t.text for t in find(root, "text", "target-label")]
    assert labels == ["10", "20", "30"]
    assert {"[0]", "[1]", "[2]", "[3]", "[4]"} <= set(texts(root))


def test_list_many_spare_slots_are_summarized():
    root = parse(list_layout(["1"], allocated=40))
    assert len(find(root, "rect", "slot spare")) == 4
    assert any(t == "+35 spare" for t in texts(root))


def test_list_head_and_tail_with_gap():
    # GIVEN 100 items of which the middle 96 were not read (2 head, 2 tail)
    lay = list_layout(["a", "b", "y", "z"], allocated=100, omitted=96, head=2)
    root = parse(lay)
    used = find(root, "rect", "slot used")
    assert [r.get("data-index") for r in used] == ["0", "1", "98", "99"]
    assert len(find(root, "rect", "gap")) == 1
    assert find(root, "rect", "slot spare") == []


def test_long_list_is_elided_to_rows():
    lay = list_layout([str(i) for i in range(40)], allocated=40)
    root = parse(lay, rows=8)
    used = find(root, "rect", "slot used")
    assert len(used) == 8
    assert used[-1].get("data-index") == "39"


def test_tuple_has_no_spare_slots():
    root = parse(tuple_layout(["'a'", "'b'"]))
    assert len(find(root, "rect", "slot used")) == 2
    assert find(root, "rect", "slot spare") == []
    assert [t.text for t in find(root, "text", "target-label")] == ["'a'", "'b'"]


# ---- float -------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [0.1, -2.5, 1e5, 65504.0, 5e-324, float("inf")])
def test_float_bits_in_four_formats(value):
    root = parse(float_layout(value))
    rows = {g.get("data-format"): g for g in root.iter(SVG_NS + "g") if g.get("class") == "float-bits"}
    assert list(rows) == ["float64", "float32", "float16", "bfloat16"]
    expected = {
        "float64": format(struct.unpack(">Q", struct.pack(">d", value))[0], "064b"),
        "float32": format(struct.unpack(">I", struct.pack(">f", value))[0], "032b") if abs(value) < 3.4e38
        or value != value or value in (float("inf"), float("-inf")) else None,
        "float16": format(bits.encode(value, "float16"), "016b"),
        "bfloat16": format(bits.encode(value, "bfloat16"), "016b"),
    }
    widths = {"float64": (11, 52), "float32": (8, 23), "float16": (5, 10), "bfloat16": (8, 7)}
    for fmt, g in rows.items():
        sign = find(g, "rect", "bit sign")
        exp = find(g, "rect", "bit exponent")
        man = find(g, "rect", "bit mantissa")
        assert (len(sign), len(exp), len(man)) == (1, *widths[fmt])
        assert {r.get("fill") for r in sign} == {svg.SIGN}
        assert {r.get("fill") for r in exp} == {svg.EXPONENT}
        assert {r.get("fill") for r in man} == {svg.MANTISSA}
        drawn = "".join(r.get("data-bit") for r in sign + exp + man)
        if expected[fmt] is not None:
            assert drawn == expected[fmt], fmt


def test_float_bytes_in_memory_order():
    root = parse(float_layout(0.1))
    hexes = [t.text for t in find(root, "text", "byte-hex")]
    assert hexes[:8] == [f"{b:02x}" for b in struct.pack("<d", 0.1)]
    assert hexes[8:16] == [f"{b:02x}" for b in struct.pack(">d", 0.1)]


# ---- str -----------------------------------------------------------------------------------


def test_str_code_units_beside_utf8_framing():
    text = "aé€😀"
    root = parse(str_layout(text, 4))
    points = [g for g in root.iter(SVG_NS + "g") if g.get("class") == "code-point"]
    assert len(points) == 4
    # stored code units: 4 bytes each, little-endian
    units = [t.text for t in find(root, "text", "byte-hex")]
    assert units == [f"{b:02x}" for b in text.encode("utf-32-le")]
    utf8 = [g for g in root.iter(SVG_NS + "g") if g.get("class") == "utf8-byte"]
    assert [g.get("data-value") for g in utf8] == [f"{b:02x}" for b in text.encode("utf-8")]
    framing = find(root, "rect", "utf8-bit framing")
    payload = find(root, "rect", "utf8-bit payload")
    # framing prefixes: a=0; é=110,10; €=1110,10,10; 😀=11110,10,10,10
    assert len(framing) == 1 + (3 + 2) + (4 + 2 + 2) + (5 + 2 + 2 + 2)
    assert len(framing) + len(payload) == 8 * len(text.encode("utf-8"))
    assert {r.get("fill") for r in framing} == {svg.FRAMING}
    assert {r.get("fill") for r in payload} == {svg.PAYLOAD}
    assert [t.text for t in find(root, "text", "code-point-text")] == ["U+0061", "U+00E9", "U+20AC", "U+1F600"]


def test_latin1_str_has_one_byte_units():
    root = parse(str_layout("café", 1))
    assert [t.text for t in find(root, "text", "byte-hex")] == ["63", "61", "66", "e9"]


# ---- int and bytes ---------------------------------------------------------------------------


def test_int_digits():
    value = 2**100 + 5
    lay = int_layout(value)
    root = parse(lay)
    digits = find(root, "rect", "digit")
    assert len(digits) == lay.ndigits == 4
    shown = [int(t.text) for t in find(root, "text", "digit-value")]
    assert sum(d << (30 * i) for i, d in enumerate(shown)) == value
    assert [t.text for t in find(root, "text", "weight")] == ["× 2^0", "× 2^30", "× 2^60", "× 2^90"]


def test_zero_has_no_digits():
    root = parse(int_layout(0))
    assert find(root, "rect", "digit") == []


def test_bytes_cells_and_terminator():
    root = parse(bytes_layout(b"AB\x00\xff"))
    cells = find(root, "rect", "byte")
    assert len([c for c in cells if "terminator" not in c.get("class")]) == 4
    assert len(find(root, "rect", "terminator")) == 1
    assert [t.text for t in find(root, "text", "byte-hex")] == ["41", "42", "00", "ff", "00"]


# ---- header --------------------------------------------------------------------------------------


def test_header_strip_gil_build():
    root = parse(list_layout(["1"], allocated=1))
    assert len(find(root, "rect", "gc-head")) == 1
    words = [r for r in root.iter(SVG_NS + "rect") if "header-word" in (r.get("class") or "")]
    assert len(words) == 3  # ob_refcnt, ob_type, ob_size
    assert {"ob_refcnt", "ob_type", "ob_size"} <= set(texts(root))


def test_header_strip_free_threaded_and_immortal():
    h = header(immortal=True, refcnt=3221225472, refcnt_stored=3221225472, gc_head_bytes=0, ob_size=None,
               refcnt_fields={"ob_tid": 0, "ob_ref_local": 4294967295, "ob_ref_shared": 0})
    lay = dataclasses.replace(int_layout(7), header=h)
    root = parse(lay)
    assert {"ob_tid", "ob_ref_local", "ob_ref_shared"} <= set(texts(root))
    assert find(root, "rect", "gc-head") == []
    assert any("immortal" in t for t in texts(root))


# ---- names picture ---------------------------------------------------------------------------------


def test_names_picture_draws_shared_objects_once():
    lay = names_layout()
    root = parse(lay)
    names = find(root, "rect", "name")
    assert [r.get("data-name") for r in names] == ["a", "b", "c"]
    objects = [g for g in root.iter(SVG_NS + "g") if g.get("class") == "object"]
    assert len(objects) == len(lay.objects) == 5
    by_addr = {g.get("data-address"): g for g in objects}
    shared = by_addr[hex(0xA000)]
    assert shared.get("data-names") == "a,b" and shared.get("data-refcnt") == "3"
    assert len(find(root, "path", "name-arrow")) == 3
    # c's slot 0 points back at the shared list (same column), slot 1 at 'x'; the shared list's two slots
    assert len(find(root, "path", "slot-arrow")) == 4
    assert len(find(root, "path", "back")) == 1
    assert any(t == "'x'" for t in texts(root))
    immortal = [g for g in objects if g.get("data-type") == "int"]
    assert all(find(g, "rect", "object-box")[0].get("fill") == svg.IMMORTAL for g in immortal)


# ---- registry and fallback -----------------------------------------------------------------------


@frozen
class FutureLayout(Layout):
    """A family added later: it has no picture of its own yet."""

    family: ClassVar[str] = "future"
    struct: ClassVar[str] = "PyFutureObject"
    used: int
    indices: tuple
    entries: tuple


def test_unregistered_layout_draws_its_fields():
    lay = FutureLayout(header=header(type_name="future"), used=2, indices=(0, -1, 1), entries=((1, 2), (3, 4)))
    root = parse(lay)
    table = [g for g in root.iter(SVG_NS + "g") if g.get("class") == "field-table"]
    assert len(table) == 1 and table[0].get("data-fields") == "3"
    assert [t.text for t in find(root, "text", "field-label")] == ["used", "indices", "entries"]
    assert "PyFutureObject" in texts(root)


def test_registered_renderer_is_used(monkeypatch):
    monkeypatch.setitem(svg._RENDERERS, FutureLayout, svg._RENDERERS.get(FutureLayout))
    del svg._RENDERERS[FutureLayout]

    @svg.renders(FutureLayout)
    def draw(lay, d, x, y, rows):
        d.rect(x, y, 10, 10, cls="future-slot")
        return y + 12

    lay = FutureLayout(header=header(type_name="future"), used=0, indices=(), entries=())
    root = parse(lay)
    assert len(find(root, "rect", "future-slot")) == 1
    assert not [g for g in root.iter(SVG_NS + "g") if g.get("class") == "field-table"]


def test_text_is_escaped():
    lay = dataclasses.replace(str_layout("<&>\"'", 1), header=header(type_name="a<b>&c"))
    doc = svg.to_svg(lay)
    root = ET.fromstring(doc)  # well-formed
    assert "a<b>&c at 0x7f0000001000" in texts(root)
    assert "a&lt;b&gt;&amp;c" in doc
    assert [t.text for t in find(root, "text", "char-text")] == ["<", "&", ">", '"', "'"]
