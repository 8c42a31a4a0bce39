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


# ---- bad command lines and failing expressions: one clear line, never a traceback --------------


def _main(capsys, *argv: str) -> tuple[int, str, str]:
    """Run the CLI in this process; (exit status, stdout, stderr)."""
    from pyinspect.__main__ import main

    try:
        rc = main(["--no-color", *argv])
    except SystemExit as exc:  # argparse's error exit
        rc = exc.code
    out, err = capsys.readouterr()
    return rc, out, err


def test_width_below_the_minimum_is_an_argparse_error(capsys):
    from pyinspect.arguments import MIN_WIDTH

    for width in ("0", "-1", "-80", str(MIN_WIDTH - 1)):
        rc, out, err = _main(capsys, "--width", width, "show", "1")
        assert rc == 2 and out == ""
        assert f"argument --width: width must be at least {MIN_WIDTH}, not {int(width)}" in err
        assert "Traceback" not in err
    rc, out, _ = _main(capsys, "--width", str(MIN_WIDTH), "show", "1")
    assert rc == 0 and "ob_refcnt" in out


def test_width_above_the_maximum_and_garbage_are_argparse_errors(capsys):
    from pyinspect.arguments import MAX_WIDTH

    for width, message in ((str(MAX_WIDTH + 1), f"width must be at most {MAX_WIDTH}"),
                           ("9" * 5000, "not a 5000-digit number"),
                           ("wide", "width must be an integer, not 'wide'"), ("1.5", "must be an integer")):
        rc, out, err = _main(capsys, "--width", width, "show", "1")
        assert (rc, out) == (2, ""), width
        assert message in err and "Traceback" not in err


def test_compare_width_is_checked_the_same_way(capsys):
    rc, _out, err = _main(capsys, "compare", "--width", "0", "--python", sys.executable)
    assert rc == 2 and "width must be at least" in err


def test_limit_zero_is_an_argparse_error(capsys):
    rc, out, err = _main(capsys, "show", "(1,2)", "--limit", "0")
    assert (rc, out) == (2, "")
    assert "argument --limit: limit must be at least 1, not 0" in err and "Traceback" not in err
    rc, out, err = _main(capsys, "show", "(1,2)", "--limit", str(2**63))
    assert (rc, out) == (2, "") and f"limit must be at most {sys.maxsize}" in err


def test_a_huge_limit_reads_everything(capsys):
    rc, out, _ = _main(capsys, "show", "tuple(range(40))", "--limit", str(sys.maxsize))
    assert rc == 0 and "39" in out and "omitted" not in out


def test_exit_in_the_expression_is_reported_not_obeyed(capsys):
    for expr, shown in (("exit(3)", "SystemExit(3)"), ("__import__('sys').exit()", "SystemExit()"),
                        ("__import__('sys').exit('bye')", "SystemExit('bye')")):
        rc, out, err = _main(capsys, "show", expr)
        assert (rc, out) == (2, ""), expr
        assert f"could not evaluate {expr!r}: it raised {shown}" in err and "Traceback" not in err


def test_interrupt_in_the_expression_exits_130(capsys):
    rc, out, err = _main(capsys, "show", "(_ for _ in ()).throw(KeyboardInterrupt)")
    assert (rc, out) == (130, "") and "interrupted while evaluating" in err


def test_exception_with_a_failing_str_is_still_one_line(capsys):
    expr = "(_ for _ in ()).throw(type('E', (Exception,), {'__str__': lambda s: 1 / 0})())"
    rc, out, err = _main(capsys, "show", expr)
    assert (rc, out) == (2, "") and "could not evaluate" in err and "ZeroDivisionError" in err
    assert "Traceback" not in err


def test_exit_in_the_expression_end_to_end():
    proc = _run("show", "exit(3)")
    assert proc.returncode == 2 and proc.stdout == ""
    assert "SystemExit(3)" in proc.stderr and "Traceback" not in proc.stderr


def test_compare_with_an_interpreter_that_fails_says_how(capsys, tmp_path):
    import os

    import pytest

    if os.name != "posix":
        pytest.skip("shell scripts as interpreters")
    fails = tmp_path / "fails"
    fails.write_text("#!/bin/sh\necho 'no such thing' >&2\nexit 7\n")
    fails.chmod(0o755)
    quiet = tmp_path / "quiet"
    quiet.write_text("#!/bin/sh\nexit 0\n")
    quiet.chmod(0o755)
    rc, out, err = _main(capsys, "--width", "1000", "compare", "--python", str(fails), str(quiet))
    assert rc == 2
    assert f"{fails}: the interpreter failed" in out  # the table's list of interpreters without readings
    assert f"{fails}: the interpreter failed: exit status 7; it printed: no such thing" in err
    assert f"{quiet}: the interpreter failed: it exited with status 0 but did not print its version" in err
    assert "list index out of range" not in err and "Traceback" not in err
    if os.path.exists("/bin/false"):
        rc, _out, err = _main(capsys, "compare", "--python", "/bin/false")
        assert rc == 2 and "/bin/false: the interpreter failed: exit status 1, no output" in err


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
