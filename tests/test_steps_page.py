"""The stepper page, Jupyter display and the command line of pyinspect.steps():
structure, not pixels (the browser test drives the page for real)."""

from __future__ import annotations

import base64
import gzip
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

import pyinspect
from pyinspect.model import Steps
from pyinspect.render.html_steps import delta, page, step_data, undelta

XHTML = "{http://www.w3.org/1999/xhtml}"
LOOP = "a = []\nb = a\nfor i in range(100000):\n    a.append(i)\n"


@pytest.fixture(scope="module")
def run():
    return pyinspect.steps("a = []\nb = a\nfor i in range(6):\n    a.append(i)\nd = {'x': 1, 'y': 2}\ndel d['x']\n")


def data_of(html: str) -> dict:
    m = re.search(r'<script type="application/json" class="pyi-steps-data">(.*?)</script>', html, re.S)
    if m is not None:
        return json.loads(m.group(1))
    m = re.search(r'<script type="application/octet-stream" class="pyi-steps-data" data-encoding="gzip\+base64" '
                  r'data-bytes="(\d+)">(.*?)</script>', html, re.S)
    assert m is not None
    raw = gzip.decompress(base64.b64decode("".join(m.group(2).split())))
    assert len(raw) == int(m.group(1))
    return json.loads(raw)


def pieces(data: dict) -> list[list[int]]:
    out, prev = [], []
    for s in data["steps"]:
        prev = undelta(prev, s["p"])
        out.append(prev)
    return out


def test_page_is_well_formed_and_self_contained(run, tmp_path):
    path = tmp_path / "steps.html"
    assert pyinspect.save(run, path) == str(path)
    html = path.read_text(encoding="utf-8")
    root = ET.fromstring(html.split("\n", 1)[1])  # after the doctype
    assert root.tag == XHTML + "html"
    # nothing is fetched: no external resources of any kind
    urls = set(re.findall(r"https?://[^\s\"'<>)\\]+", html))
    assert urls <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xhtml"}, urls
    assert not re.search(r"<(link|img|iframe)\b|\bsrc=|@import|fetch\(|XMLHttpRequest", html)
    # the controls, the source with one line per row, the static first picture
    ids = {e.get("data-act") for e in root.iter(XHTML + "button")}
    assert ids == {"first", "prev", "next", "last"}
    assert [e.get("type") for e in root.iter(XHTML + "input")] == ["range"]
    lines = [e for e in root.iter(XHTML + "span") if "ln" in (e.get("class") or "").split()]
    assert [int(e.get("data-line")) for e in lines] == list(range(1, 7))
    assert root.find(f".//{XHTML}div[@class='pyi-picture']/{{http://www.w3.org/2000/svg}}svg") is not None


def test_page_data_describes_every_step(run):
    data = step_data(run)
    assert len(data["steps"]) == len(run)
    for s, snap in zip(data["steps"], run):
        assert s["l"] == snap.line and (s["nl"] or None) == snap.next_line
        assert [data["strs"][c[0]] for c in s["c"]] == [c.kind for c in snap.changes]
    for ids in pieces(data):
        assert all(0 <= i < len(data["parts"]) for i in ids)
        svg = "".join(data["parts"][i] for i in ids)
        ET.fromstring(f'<svg xmlns="http://www.w3.org/2000/svg">{svg}</svg>')  # each picture is well-formed
    # the DUMMY step draws the dict's two tables below the picture
    (k,) = [k for k, snap in enumerate(run) if any("DUMMY" in c.detail for c in snap.changes)]
    tables = undelta([], data["steps"][k]["t"])
    assert 'class="index-slot dummy"' in "".join(data["parts"][i] for i in tables) or \
        "DUMMY" in "".join(data["parts"][i] for i in tables)


def test_unchanged_objects_keep_their_place(run):
    data = step_data(run)
    where: dict[str, set] = {}
    for ids in pieces(data):
        svg = "".join(data["parts"][i] for i in ids)
        for m in re.finditer(r'<g class="object" data-address="(0x[0-9a-f]+)"[^>]*><rect x="([\d.]+)" y="([\d.]+)"',
                             svg):
            where.setdefault(m.group(1), set()).add((m.group(2), m.group(3)))
    lst = f"{run[0].names.target('a').address:#x}"
    assert len(where[lst]) == 1  # drawn at every step, always in the same place
    assert all(len(places) == 1 for places in where.values()), where


def test_delta_round_trips():
    prev = [0, 1, 2, 3, 4, 5, 2]
    for cur in ([0, 1, 2, 3, 4, 5, 2], [0, 1, 9, 3, 4, 5], [], [7], [5, 4, 3, 2, 1, 0], [0, 1, 2, 0, 1, 2]):
        ops = delta(prev, cur)
        assert undelta(prev, ops) == cur
    assert delta(prev, prev) == [-7, 0]


def test_a_thousand_steps_stay_small():
    run = pyinspect.steps(LOOP, max_steps=1000)
    assert len(run) == 1000 and run.truncated
    html = page(run)
    assert len(html.encode()) <= 2_000_000
    data = data_of(html)
    assert len(data["steps"]) == 1000 and data["end"].startswith("stopped: max_steps=1000")


def test_compressed_data_is_the_same_data(run):
    plain, packed = page(run, compress=False), page(run, compress=True)
    assert 'data-encoding="gzip+base64"' in packed and 'data-encoding="gzip' not in plain
    ET.fromstring(packed.split("\n", 1)[1])
    a, b = data_of(plain), data_of(packed)
    assert a["strs"] == b["strs"] and a["steps"] == b["steps"] and a["parts"] == b["parts"]


def test_save_refuses_svg(run, tmp_path):
    with pytest.raises(ValueError, match="html"):
        pyinspect.save(run, tmp_path / "steps.svg")


def test_empty_and_failing_runs_still_draw():
    assert len(pyinspect.steps("")) <= 1  # 3.9/3.10 report line 1 for an empty module's return
    empty = Steps(snapshots=(), source="")
    assert "no line of the snippet ran" in page(empty)
    failed = pyinspect.steps("x = [1]\nx.missing\n")
    html = page(failed)
    assert "AttributeError" in html and data_of(html)["steps"][-1]["x"] >= 0


# ---- Jupyter ----------------------------------------------------------------------------------


def test_mimebundle_has_plain_text_and_the_stepper(run):
    bundle = run._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "text/html"}
    assert bundle["text/plain"].strip() and "steps()" in bundle["text/plain"]
    html = bundle["text/html"]
    ET.fromstring(html)  # one well-formed element
    assert html.startswith('<div class="pyi-steps"') and 'data-standalone="0"' in html
    assert run._repr_html_().startswith('<div class="pyi-steps"')
    # two displays of one run do not share element ids
    assert re.search(r'id="([^"]+)"', html).group(1) != re.search(r'id="([^"]+)"', run._repr_html_()).group(1)


def test_show_in_a_kernel_displays_one_output(run, monkeypatch, capsys):
    import types

    shown = []
    ipython = types.ModuleType("IPython")
    display_mod = types.ModuleType("IPython.display")
    display_mod.display = lambda obj, raw=False: shown.append((obj, raw))
    ipython.get_ipython = lambda: types.SimpleNamespace(kernel=object())
    ipython.display = display_mod
    monkeypatch.setitem(sys.modules, "IPython", ipython)
    monkeypatch.setitem(sys.modules, "IPython.display", display_mod)
    pyinspect.show(run)
    assert capsys.readouterr().out == ""
    (bundle, raw), = shown
    assert raw is True and bundle["text/plain"].strip() and "pyi-steps" in bundle["text/html"]


def test_show_in_a_terminal_prints_the_table(run):
    import io

    buf = io.StringIO()
    pyinspect.show(run, file=buf, color=False, width=160)
    text = buf.getvalue()
    assert "steps():" in text and "a.append(i)" in text and "DUMMY" in text


# ---- the command line ---------------------------------------------------------------------------


def test_cli_writes_the_page(tmp_path):
    script = tmp_path / "prog.py"
    script.write_text("import sys\nxs = [1, 2]\nys = xs\nprint('ran', __name__)\n", encoding="utf-8")
    out = tmp_path / "steps.html"
    r = subprocess.run([sys.executable, "-m", "pyinspect", "--no-color", "steps", str(script), "-o", str(out)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "ran __main__" in r.stdout and f"wrote {out}: 4 steps" in r.stdout
    data = data_of(out.read_text(encoding="utf-8"))
    assert [s["l"] for s in data["steps"]] == [1, 2, 3, 4]


def test_cli_reports_a_bad_file(tmp_path):
    r = subprocess.run([sys.executable, "-m", "pyinspect", "steps", str(tmp_path / "missing.py")],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and "cannot read" in r.stderr
    bad = tmp_path / "bad.py"
    bad.write_text("x = (\n", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "pyinspect", "steps", str(bad)], capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 2 and "SyntaxError" in r.stderr
