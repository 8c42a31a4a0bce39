"""Every example runs (exit 0) and, with --save, draws well-formed SVG and HTML."""

from __future__ import annotations

import glob
import importlib.util
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

EXAMPLES = sorted(glob.glob(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                         "examples", "[0-9]*.py")))
#: pictures a lesson must draw, and an element class each must contain
DRAWS = {
    "01_bits_and_bytes.py": {"memoryview.svg": "view-window"},
    "06_containers.py": {"range.svg": "range-field",
                         "dict.svg": "index-slot live", "dict_deleted.svg": "index-slot dummy",
                         "dict_probe.svg": "probe-slot visited", "set.svg": "set-slot active",
                         "set_probe.svg": "probe-arrow", "dict_of_references.svg": "slot-key",
                         "instance_attributes.svg": "entry-value apart", "alive_registry.svg": "path-box",
                         "census_growth.svg": "diff-row"},
    "07_dataloader.py": {"dataloader_trace.svg": "stage-box", "dataloader_workers.svg": "worker",
                         "batch_tensor.svg": "storage-cell", "batch_storages.svg": "storage-cell",
                         "alive_saved_tensor.svg": "path-box"},
}
#: lessons that write a stepper page (steps_*.html) with --save
STEPPERS = ("05_names_and_mutability.py", "06_containers.py", "10_closures.py")
SECTIONS = ("bits_and_bytes", "utf8", "floating_point", "objects", "names_and_mutability", "containers",
            "dataloader", "operator_overloading", "functions", "closures", "context_managers")


def test_every_section_has_an_example():
    names = [os.path.basename(p)[3:-3] for p in EXAMPLES]
    assert names == list(SECTIONS)


@pytest.mark.parametrize("path", EXAMPLES, ids=[os.path.basename(p) for p in EXAMPLES])
def test_example_runs_and_draws(path, tmp_path):
    out = tmp_path / "pictures"
    r = subprocess.run([sys.executable, path, "--no-color", "--width", "100", "--save", str(out)],
                       capture_output=True, text=True, timeout=300, cwd=str(tmp_path))
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    needs_torch = "dataloader" in path and importlib.util.find_spec("torch") is None
    if needs_torch:
        assert "Skipping" in r.stdout
        return
    assert "all facts hold" in r.stdout and "FALSE" not in r.stdout
    svgs = sorted(out.glob("*.svg"))
    pages = sorted(p for p in out.glob("*.html") if not p.name.startswith("steps_"))
    assert svgs and len(svgs) == len(pages)
    steppers = sorted(out.glob("steps_*.html"))
    assert bool(steppers) == (os.path.basename(path) in STEPPERS), steppers
    for f in steppers:  # a stepper page: well-formed, with the stepper and its data
        root = ET.parse(f).getroot()
        assert root.tag == "{http://www.w3.org/1999/xhtml}html", f
        assert [e for e in root.iter() if e.get("class") == "pyi-steps" and int(e.get("data-steps")) > 3], f
    for f in svgs:
        root = ET.parse(f).getroot()
        assert root.tag == "{http://www.w3.org/2000/svg}svg", f
        assert list(root.iter("{http://www.w3.org/2000/svg}text")), f
    for f in pages:
        root = ET.parse(f).getroot()
        assert root.tag == "{http://www.w3.org/1999/xhtml}html", f
    for name, cls in DRAWS.get(os.path.basename(path), {}).items():
        root = ET.parse(out / name).getroot()
        found = [e for e in root.iter() if cls in (e.get("class") or "")]
        assert found, (name, cls)
