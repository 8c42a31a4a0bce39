"""A real notebook: cells run in an ipykernel by nbclient, outputs checked.

Each cell that shows something must leave exactly one rich output: the HTML
picture (an inline SVG) with the terminal picture as a non-empty, colourless
``text/plain`` fallback.  Nothing else: no second copy drawn by rich, no
stray stream output.
"""

from __future__ import annotations

import json
import os
import re
import sys

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

SETUP = """\
import pyinspect

class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

fs = [lambda: i for i in range(3)]
"""

#: (cell source, how its picture is shown, type name in the plain text)
CELLS = [
    ("pyinspect.show(5)", "display_data", "int at 0x"),
    ("pyinspect.show(2**100)", "display_data", "int at 0x"),
    ("pyinspect.layout([1, 2])", "execute_result", "list at 0x"),
    ("pyinspect.memory([1, 'a', (2, 3)])", "execute_result", "list at 0x"),
    ("pyinspect.memory([1, 'a']).show()", "display_data", "list at 0x"),
    ("pyinspect.probe({1: 2, 'x': 3}, 'x')", "execute_result", "dict at 0x"),
    ("pyinspect.dispatch(1, '+', 2.0)", "execute_result", "int"),
    ("pyinspect.show({'a': [1, 2]})", "display_data", "dict at 0x"),
    ("pyinspect.attributes(Point(1, 2))", "execute_result", "Point at 0x"),
    ("pyinspect.names(globals(), only=['fs'])", "execute_result", "function"),
    ("pyinspect.layout(Point)", "execute_result", "type at 0x"),
]

ANSI = re.compile(r"\x1b\[")


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """The notebook, executed by a kernel running this very interpreter."""
    kernels = tmp_path_factory.mktemp("jupyter") / "kernels" / "pyinspect-test"
    kernels.mkdir(parents=True)
    (kernels / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "pyinspect test", "language": "python"}))
    old = os.environ.get("JUPYTER_PATH")
    os.environ["JUPYTER_PATH"] = str(kernels.parent.parent) + (os.pathsep + old if old else "")
    try:
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell(SETUP)] + [nbformat.v4.new_code_cell(c) for c, _, _ in CELLS]
        client = nbclient.NotebookClient(nb, timeout=120, kernel_name="pyinspect-test",
                                         resources={"metadata": {"path": str(kernels)}})
        client.execute()
    finally:
        if old is None:
            os.environ.pop("JUPYTER_PATH", None)
        else:
            os.environ["JUPYTER_PATH"] = old
    return nb


def test_setup_cell_prints_nothing(executed):
    assert executed.cells[0].outputs == []


@pytest.mark.parametrize("k", range(len(CELLS)), ids=[c for c, _, _ in CELLS])
def test_one_picture_per_cell_with_a_text_fallback(executed, k):
    source, kind, label = CELLS[k]
    outputs = executed.cells[k + 1].outputs
    assert [o.output_type for o in outputs] == [kind], outputs
    data = outputs[0].data
    html, plain = data.get("text/html", ""), data.get("text/plain", "")
    assert "<svg" in html and 'class="pyinspect-figure' in html
    assert plain.strip() and label in plain
    assert not ANSI.search(plain), "colour codes in the plain-text fallback"
    assert "\n" in plain.strip(), "the fallback is the picture, not a one-line repr"
