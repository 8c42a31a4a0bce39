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


def test_output_options_after_the_command():
    proc = subprocess.run([sys.executable, "-m", "pyinspect", "show", "[1, 2]", "--no-color", "--width", "70"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "\x1b[" not in proc.stdout and "list at 0x" in proc.stdout
    assert max(len(line) for line in proc.stdout.splitlines()) <= 70


def test_help_is_plain_words():
    for args in ([], ["compare"], ["show"]):
        proc = subprocess.run([sys.executable, "-m", "pyinspect", *args, "--help"], capture_output=True,
                              text=True, timeout=300)
        assert proc.returncode == 0
        assert "``" not in proc.stdout and ":func:" not in proc.stdout and "chapter" not in proc.stdout


def test_a_closed_pipe_ends_quietly():
    """python -m pyinspect struct-info | head: no BrokenPipeError traceback."""
    for args in (["struct-info"], ["--no-color"], ["--no-color", "show", "list(range(1000))"]):
        proc = subprocess.Popen([sys.executable, "-m", "pyinspect", *args], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)
        proc.stdout.close()  # the reader goes away (as head does) before the first line is written
        err = proc.stderr.read().decode()
        proc.stderr.close()
        proc.wait(timeout=300)
        assert "Traceback" not in err and "BrokenPipeError" not in err, err
