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
