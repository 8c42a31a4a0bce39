"""python -m pyinspect: the tour and the show command."""

from __future__ import annotations

import json
import subprocess
import sys

import pyinspect


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pyinspect", "--no-color", "--width", "110", *args],
                          capture_output=True, text=True, timeout=300)


def test_tour():
    proc = _run()
    assert proc.returncode == 0, proc.stderr
    from pyinspect.tour import STOPS

    for title, _expr, _note in STOPS:
        assert title in proc.stdout
    assert "ob_refcnt       1" in proc.stdout  # the tour binds each value to one name
    assert "overflow" in proc.stdout


def test_show_expression():
    proc = _run("show", "2**100")
    assert proc.returncode == 0
    assert str(2**100) in proc.stdout


def test_show_bad_expression_is_a_clear_error():
    proc = _run("show", "1/0")
    assert proc.returncode == 2
    assert "ZeroDivisionError" in proc.stderr and "Traceback" not in proc.stderr


def test_struct_info_json():
    proc = _run("struct-info")
    assert proc.returncode == 0
    data = json.loads(proc.stdout)
    assert data["PyListObject"]["allocated"] == list(pyinspect.struct_info()["PyListObject"]["allocated"])


def test_import_does_not_import_torch():
    code = "import sys, pyinspect; print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == "False"


def test_bad_limit_is_a_clear_error():
    import pytest

    with pytest.raises(ValueError, match="limit"):
        pyinspect.layout([1], limit=0)
