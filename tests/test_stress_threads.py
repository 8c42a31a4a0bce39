"""The thread stress script: its invariants, and a short run in a subprocess.

The long runs (60 s and more, free-threaded builds with ``PYTHON_GIL=0``) are
made by hand: ``python tests/stress_threads.py --seconds 60 --threads 4``.
"""

from __future__ import annotations

import dataclasses
import pathlib
import subprocess
import sys

import pytest

import pyinspect

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import stress_threads  # noqa: E402

SCRIPT = pathlib.Path(__file__).parent / "stress_threads.py"


class Attrs:
    pass


def samples() -> list[object]:
    """Containers in the states the mutators leave them in, read while nothing changes them."""
    popped = list(range(10))
    while popped:
        popped.pop()
    deleted = {i: i for i in range(100)}
    for i in range(60):
        del deleted[i]
    discarded = set(range(100))
    for i in range(60):
        discarded.discard(i)
    shifted = bytearray(b"x" * 50)
    del shifted[:7]
    inst = Attrs()
    inst.a, inst.b = 1, 2
    split = Attrs()
    split.a = 1
    vars(split)
    return [[], [1, 2, 3], popped, list(range(1000)), {}, {"a": 1}, deleted, dict.fromkeys("abcdefghijkl"),
            vars(split), set(), {1, 2}, discarded, frozenset("abc"), bytearray(), shifted, bytearray(b"abc")]


@pytest.mark.parametrize("limit", [None, 2])
def test_a_still_object_passes_every_check(limit):
    for obj in samples():
        lay = pyinspect.layout(obj, limit=limit)
        assert stress_threads.check(lay) == [], (obj, lay)
    inst = Attrs()
    inst.a = 1
    assert stress_threads.check(pyinspect.attributes(inst)) == []


def test_the_checks_catch_contradictions():
    """A Layout with one field changed after the read breaks the invariants."""
    lst = pyinspect.layout([1, 2, 3])
    assert stress_threads.check(dataclasses.replace(lst, size=lst.allocated + 1))
    assert stress_threads.check(dataclasses.replace(lst, items=lst.items[:-1]))
    d = pyinspect.layout({"a": 1, "b": 2})
    assert stress_threads.check(dataclasses.replace(d, used=1))
    assert stress_threads.check(dataclasses.replace(d, nentries=d.nentries + 1))
    s = pyinspect.layout({1, 2, 3})
    assert stress_threads.check(dataclasses.replace(s, fill=s.fill + 1))
    assert stress_threads.check(dataclasses.replace(s, table=s.table[:-1]))
    b = pyinspect.layout(bytearray(b"abc"))
    assert stress_threads.check(dataclasses.replace(b, size=b.alloc + 1 - stress_threads.BYTEARRAY_NUL))
    torn = stress_threads.check(dataclasses.replace(lst, header=dataclasses.replace(lst.header, ob_size=7)))
    assert torn and all(stress_threads.header_problem(p) for p in torn)


def test_short_stress_run():
    """Threads mutate containers while others call every API: no crash (the subprocess would die of
    its signal), no exception but InspectError, no Layout that contradicts itself, and no header
    whose ob_size or byte counts come from another moment than the family's fields (the mutable
    containers' readers take them in the same critical section)."""
    proc = subprocess.run([sys.executable, str(SCRIPT), "--seconds", "3", "--threads", "2", "--seed", "1"],
                          capture_output=True, text=True, timeout=180)
    report = proc.stdout[-4000:] + proc.stderr[-4000:]
    assert proc.returncode == 0, report
    assert "errors: 0" in proc.stdout and "inconsistent Layouts: 0" in proc.stdout, report
    assert "two different moments: 0" in proc.stdout, report
    calls = int(proc.stdout.split(" API calls")[0].rsplit(" ", 1)[1])
    assert calls > 100, report
