"""Pictures of why_alive() results, from hand-built results (no live objects):
the terminal text names every step, the SVG draws one box per object and one
labelled arrow per reference."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pyinspect
from pyinspect.model import AlivePath, AlivePaths, PathStep
from pyinspect.render import to_svg

SVG = "{http://www.w3.org/2000/svg}"


def _result(paths: tuple[AlivePath, ...], **kw) -> AlivePaths:
    fields = dict(address=0x1000, type_name="appmod.Rec", paths=paths, refcnt=3, found=2, unseen_refs=1,
                  referrers=2, frame_refs=0, immortal=False, tracked=True, garbage=False, truncated=False,
                  max_paths=3, max_depth=20, passes=5, objects=600_123, frozen=0, seconds=0.0123)
    fields.update(kw)
    return AlivePaths(**fields)


MODULE_PATH = AlivePath(
    root="module appmod", root_kind="module", root_address=0x10, root_expression="appmod", root_type="module",
    steps=(PathStep(0x10, "module", ".registry", 0x20, "dict", "attr", (0x11,)),
           PathStep(0x20, "dict", "['cache']", 0x30, "dict", "key"),
           PathStep(0x30, "dict", "['k']", 0x40, "list", "key"),
           PathStep(0x40, "list", "[0]", 0x1000, "appmod.Rec", "index")))
CELL_PATH = AlivePath(
    root="module appmod", root_kind="module", root_address=0x10, root_expression="appmod", root_type="module",
    steps=(PathStep(0x10, "module", ".get", 0x50, "function", "attr", (0x11,)),
           PathStep(0x50, "function", ".__closure__[0].cell_contents", 0x1000, "appmod.Rec", "cell", (0x51, 0x52),
                    "cell 'kept' of make.<locals>.get")))
FRAME_PATH = AlivePath(
    root="frame train (train.py:42), thread MainThread", root_kind="frame", root_address=0x1000,
    root_expression="batch", root_type="appmod.Rec", steps=(), function="train", filename="/x/train.py",
    lineno=42, thread="MainThread", thread_id=1, variable="local")


def test_expressions_and_str():
    assert str(MODULE_PATH) == "appmod.registry['cache']['k'][0]" == MODULE_PATH.expression
    assert CELL_PATH.expression == "appmod.get.__closure__[0].cell_contents"
    assert FRAME_PATH.expression == "batch" and FRAME_PATH.target_address == 0x1000
    assert MODULE_PATH.target_address == 0x1000 and len(MODULE_PATH) == 4


def test_text_names_every_step_at_80_columns():
    r = _result((FRAME_PATH, MODULE_PATH, CELL_PATH))
    buf = io.StringIO()
    r.show(width=80, color=False, file=buf)
    text = buf.getvalue()
    assert max(len(line) for line in text.splitlines()) <= 80
    words = " ".join(text.replace("│", " ").split())  # wrapped lines joined
    for needle in ("1. batch", "2. appmod.registry['cache']['k'][0]", "from module appmod", ".registry",
                   "['cache']", "[0]", "cell 'kept' of", "3 references held by the program",
                   "1 reference held where the collector cannot see (C code, an extension, the interpreter)",
                   "frame train (train.py:42), thread MainThread", "5 passes over 600,123 objects"):
        assert needle in words, needle
    assert "why is appmod.Rec at 0x1000 alive" in text


def test_text_without_paths_says_why():
    buf = io.StringIO()
    _result((), garbage=True, unseen_refs=0).show(width=100, color=False, file=buf)
    assert "garbage in a reference cycle" in buf.getvalue()
    buf = io.StringIO()
    _result((), immortal=True, refcnt=None, unseen_refs=None).show(width=100, color=False, file=buf)
    assert "immortal (PEP 683)" in buf.getvalue()


def test_svg_draws_a_chain_of_boxes_per_path():
    r = _result((FRAME_PATH, MODULE_PATH, CELL_PATH))
    root = ET.fromstring(to_svg(r))
    groups = [g for g in root.iter(f"{SVG}g") if "alive-path" in (g.get("class") or "")]
    assert [int(g.get("data-steps")) for g in groups] == [0, 4, 2]
    for g, p in zip(groups, r.paths):
        boxes = [e for e in g.iter(f"{SVG}rect") if "path-box" in (e.get("class") or "")]
        assert [int(b.get("data-address")) for b in boxes] == [p.root_address, *(s.address for s in p.steps)]
        labels = [e.text for e in g.iter(f"{SVG}text") if e.get("class") == "edge-label"]
        assert labels == [s.edge for s in p.steps]
        assert "target" in (boxes[-1].get("class") or "")
    titles = [e.text for e in root.iter(f"{SVG}text") if e.get("class") == "path-expression"]
    assert titles == ["1. batch", "2. appmod.registry['cache']['k'][0]", "3. appmod.get.__closure__[0].cell_contents"]


def test_a_long_path_wraps_onto_more_rows():
    steps = tuple(PathStep(0x100 + i, "list", "[0]", 0x101 + i, "list", "index") for i in range(12))
    steps = steps[:-1] + (PathStep(0x10B, "list", "[0]", 0x1000, "appmod.Rec", "index"),)
    long_path = AlivePath(root="module m", root_kind="module", root_address=0x100, root_expression="m",
                          root_type="module", steps=steps)
    root = ET.fromstring(to_svg(_result((long_path,))))
    ys = {float(e.get("y")) for e in root.iter(f"{SVG}rect") if "path-box" in (e.get("class") or "")}
    assert len(ys) >= 2  # more than one row of boxes
    assert float(root.get("width")) < 1000


def test_save_and_html(tmp_path):
    r = _result((MODULE_PATH,))
    pyinspect.save(r, tmp_path / "alive.svg")
    pyinspect.save(r, tmp_path / "alive.html")
    ET.parse(tmp_path / "alive.svg")
    assert "alive-path" in (tmp_path / "alive.html").read_text()
    assert "<svg" in r._repr_html_()
