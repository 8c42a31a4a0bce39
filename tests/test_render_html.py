"""HTML pictures, Jupyter display and save(): well-formed, with the expected labels."""

from __future__ import annotations

import io
import sys
import types
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from layout_factory import SVG_NS, list_layout, names_layout

import pyinspect
from pyinspect.render import html

XHTML = "{http://www.w3.org/1999/xhtml}"
VOID = {"meta", "br", "hr", "img", "input", "link"}


class Balance(HTMLParser):
    """Checks that every non-void HTML element is closed in order."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1] if self.stack else 'nothing'}")
        else:
            self.stack.pop()


def well_formed_html(doc: str) -> None:
    p = Balance()
    p.feed(doc)
    p.close()
    assert not p.errors and not p.stack, (p.errors, p.stack)


def test_fragment_is_xml_and_html():
    frag = html.fragment(list_layout(["1", "2"], allocated=4))
    root = ET.fromstring(frag)
    assert root.tag == "div" and root.get("data-family") == "list"
    assert len(list(root.iter(SVG_NS + "svg"))) == 1
    well_formed_html(frag)
    # the fields table lists the header and the family's fields
    names = [th.text for th in root.iter("th")]
    assert {"header.refcnt", "header.type_name", "size", "allocated", "items"} <= set(names)


def test_page_is_xhtml():
    doc = html.page([list_layout(["1"], allocated=1), names_layout()], title="two <pictures>",
                    notes=["a & b"])
    assert doc.startswith("<!DOCTYPE html>")
    root = ET.fromstring(doc)
    assert root.tag == XHTML + "html"
    assert root.find(f"{XHTML}head/{XHTML}title").text == "two <pictures>"
    assert len(list(root.iter(SVG_NS + "svg"))) == 2
    assert [p.text for p in root.iter(XHTML + "p")] == ["a & b"]
    well_formed_html(doc)


def test_html_extra_registry(monkeypatch):
    lay = names_layout()
    monkeypatch.setattr(html, "_EXTRAS", {})

    @html.renders(type(lay))
    def extra(layout, rows):
        return '<p class="extra">more</p>'

    root = ET.fromstring(html.fragment(lay))
    assert [p.get("class") for p in root.iter("p")] == ["extra"]
    assert not list(root.iter("details"))


def test_layout_repr_for_jupyter():
    lay = list_layout(["1", "2"], allocated=2)
    assert "<svg" in lay._repr_html_()
    bundle = lay._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "text/html"}
    ET.fromstring(bundle["text/html"])
    assert "PyListObject" in bundle["text/plain"]


# ---- show() inside and outside a Jupyter kernel ---------------------------------------------


@pytest.fixture
def fake_kernel(monkeypatch):
    """An IPython module whose shell has a kernel, recording display() calls."""
    shown = []
    ipython = types.ModuleType("IPython")
    display_mod = types.ModuleType("IPython.display")
    display_mod.display = lambda obj, raw=False: shown.append((obj, raw))
    shell = types.SimpleNamespace(kernel=object())
    ipython.get_ipython = lambda: shell
    ipython.display = display_mod
    monkeypatch.setitem(sys.modules, "IPython", ipython)
    monkeypatch.setitem(sys.modules, "IPython.display", display_mod)
    return shell, shown


def test_show_in_kernel_displays_html(fake_kernel, capsys):
    shell, shown = fake_kernel
    pyinspect.show({"a": [1, 2]})
    assert capsys.readouterr().out == ""
    (bundle, raw), = shown
    assert raw is True
    ET.fromstring(bundle["text/html"])
    assert "<svg" in bundle["text/html"] and bundle["text/plain"]


def test_show_in_terminal_ipython_prints_text(fake_kernel, capsys):
    shell, shown = fake_kernel
    del shell.kernel  # TerminalInteractiveShell has no kernel
    pyinspect.show([1, 2], color=False)
    assert not shown
    assert "PyListObject" in capsys.readouterr().out


def test_show_to_a_file_prints_text_even_in_kernel(fake_kernel):
    shell, shown = fake_kernel
    buf = io.StringIO()
    pyinspect.show([1], color=False, file=buf)
    assert not shown and "PyListObject" in buf.getvalue()


def test_show_without_ipython_never_imports_it(monkeypatch, capsys):
    for name in [m for m in sys.modules if m == "IPython" or m.startswith("IPython.")]:
        monkeypatch.delitem(sys.modules, name)
    pyinspect.show([1, 2], color=False)
    assert "PyListObject" in capsys.readouterr().out
    assert "IPython" not in sys.modules


def test_show_draws_a_layout_as_it_is(capsys):
    pyinspect.show(list_layout(["10", "20"], allocated=3), color=False, html=False)
    out = capsys.readouterr().out
    assert "10" in out and "20" in out and "0x7f0000001000" in out


# ---- save() ------------------------------------------------------------------------------------


def test_save_svg_and_html(tmp_path):
    a = [1, 2, 3]
    svg_path = pyinspect.save(a, tmp_path / "a.svg")
    html_path = pyinspect.save(a, str(tmp_path / "a.html"), title="my list")
    root = ET.parse(svg_path).getroot()
    assert root.tag == SVG_NS + "svg"
    assert len([r for r in root.iter(SVG_NS + "rect") if "used" in (r.get("class") or "")]) == 3
    page = ET.parse(html_path).getroot()
    assert page.find(f"{XHTML}head/{XHTML}title").text == "my list"


def test_save_rejects_other_suffixes(tmp_path):
    with pytest.raises(ValueError, match=r"\.svg or \.html"):
        pyinspect.save([1], tmp_path / "a.png")
    assert not (tmp_path / "a.png").exists()


def test_save_a_names_picture(tmp_path):
    ns = {"a": [1], "b": None}
    ns["c"] = ns["a"]
    path = pyinspect.save(pyinspect.names(ns), tmp_path / "names.svg")
    root = ET.parse(path).getroot()
    assert [r.get("data-name") for r in root.iter(SVG_NS + "rect") if r.get("class") == "name"] == ["a", "b", "c"]


# ---- a dict in a notebook: the two tables, then what its values point at -----------------------


def _svg_classes(root, tag, cls):
    want = set(cls.split())
    return [e for e in root.iter(SVG_NS + tag) if want <= set((e.get("class") or "").split())]


def test_notebook_cell_shows_a_dict_and_the_list_it_points_at(fake_kernel, capsys):
    shell, shown = fake_kernel
    pyinspect.show({"a": [1, 2]})
    assert capsys.readouterr().out == ""
    (bundle, raw), = shown
    root = ET.fromstring(bundle["text/html"])
    figures = [d for d in root.iter("div") if d.get("class") == "pyinspect-figure"]
    assert [(f.get("data-family"), f.get("data-type")) for f in figures] == [("dict", "dict"), ("names", "dict")]
    tables, objects = figures
    # the dict's two tables: one used index slot, an arrow to entry 0 holding 'a'
    live = _svg_classes(tables, "rect", "index-slot live")
    assert [r.get("data-entry") for r in live] == ["0"]
    arrow, = _svg_classes(tables, "path", "index-arrow")
    assert arrow.get("data-entry") == "0"
    assert [t.text for t in _svg_classes(tables, "text", "entry-key-text")] == ["'a'"]
    assert {"dk_indices", "dk_entries"} <= {t.text for t in _svg_classes(tables, "text", "table-title")}
    # then the dict, the list its 'a' slot points at, and the list's two ints
    boxes = [g for g in objects.iter(SVG_NS + "g") if g.get("class") == "object"]
    assert [g.get("data-type") for g in boxes] == ["dict", "list", "int", "int"]
    dict_box, list_box = boxes[:2]
    assert [r.get("data-key") for r in _svg_classes(dict_box, "rect", "slot used")] == ["'a'"]
    assert len(_svg_classes(list_box, "rect", "slot used")) == 2
    assert {t.text for t in _svg_classes(objects, "text", "object-label")} >= {"1", "2"}
    assert len(_svg_classes(objects, "path", "slot-arrow")) == 3
    assert "PyDictObject" in bundle["text/plain"]


def test_notebook_shows_a_lookup_as_a_picture(fake_kernel):
    shell, shown = fake_kernel
    d = {"lr": 0.01}
    pyinspect.show(pyinspect.probe(d, "lr"))
    (bundle, raw), = shown
    root = ET.fromstring(bundle["text/html"])
    assert root.get("data-type") == "ProbeResult"
    assert _svg_classes(root, "rect", "probe-slot visited")
    assert "found" in bundle["text/plain"]


def test_save_a_lookup_and_a_dict_page(tmp_path):
    d = {"lr": 0.01, "x": [1]}
    svg_path = pyinspect.save(pyinspect.probe(d, "nope"), tmp_path / "p.svg")
    root = ET.parse(svg_path).getroot()
    assert _svg_classes(root, "text", "outcome")[0].text.startswith("not present")
    page = ET.parse(pyinspect.save(d, tmp_path / "d.html")).getroot()
    assert len(list(page.iter(SVG_NS + "svg"))) == 2  # the tables, then what the values point at
    well_formed_html((tmp_path / "d.html").read_text())


# ---- code units XML cannot hold ---------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".svg", ".html"])
def test_save_a_str_with_lone_surrogates_and_controls(tmp_path, suffix):
    # a lone surrogate cannot be encoded in UTF-8 and no XML 1.0 document may
    # hold it, nor U+0000 or U+FFFE: the picture shows their escapes
    s = "a\ud800b\udfff\x00\x1f\ufffe\t"
    path = pyinspect.save(s, tmp_path / f"s{suffix}", title="t\udc80")
    text = open(path, encoding="utf-8").read()  # strict UTF-8: it would fail on a surrogate
    root = ET.parse(path).getroot()  # well-formed XML
    assert root is not None
    for escaped in ("\\ud800", "\\udfff", "\\x00", "\\x1f"):
        assert escaped in text
    if suffix == ".html":
        assert root.find(f"{XHTML}head/{XHTML}title").text == "t\\udc80"
        assert "a\\ud800b\\udfff\\x00\\x1f\\ufffe\t" in text  # the value field, code unit by code unit


def test_save_names_and_dicts_with_surrogate_keys(tmp_path):
    d = {"\ud800": 1, "x\x07": "\udc80"}
    for obj in (d, pyinspect.names(d), [*d], set(d)):
        for suffix in (".svg", ".html"):
            ET.parse(pyinspect.save(obj, tmp_path / f"o{suffix}"))


def test_xml_text_escapes_only_what_xml_cannot_hold():
    from pyinspect.render import xml_text

    allowed = "".join(map(chr, (0x09, 0x0A, 0x0D, 0x20, 0x7F, 0x85, 0xD7FF, 0xE000, 0xFFFD, 0x10000, 0x10FFFF)))
    assert xml_text.visible(allowed) == allowed
    for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xD800, 0xDBFF, 0xDC00, 0xDFFF, 0xFFFE, 0xFFFF]:
        # the escape reads back as the same code point (Python's own escape syntax)
        assert xml_text.visible(chr(c)).encode("ascii").decode("unicode_escape") == chr(c)
    assert xml_text.escape("<\ud800&>") == "&lt;\\ud800&amp;&gt;"
    assert xml_text.quoteattr('"\x00') == "'\"\\x00'"
