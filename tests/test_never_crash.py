"""Every object the collector knows gets a Layout or a clear exception, never a crash.

Runs in a subprocess so that a crash fails this test instead of the run.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

SCRIPT = textwrap.dedent("""
    import gc, io, importlib, sys
    MODULES = ["asyncio", "collections", "concurrent.futures", "contextlib", "dataclasses",
               "datetime", "decimal", "email.message", "enum", "fractions", "functools", "http.client",
               "inspect", "io", "ipaddress", "itertools", "json", "logging", "multiprocessing", "pathlib",
               "pickle", "random", "re", "socket", "sqlite3", "statistics", "string", "struct",
               "tempfile", "threading", "typing", "unittest", "urllib.request", "uuid", "weakref",
               "xml.etree.ElementTree", "zipfile", "array", "ctypes", "mmap", "types", "abc"]
    for name in MODULES:
        try:
            importlib.import_module(name)
        except ImportError:
            pass
    import pyinspect
    from pyinspect.render import to_text
    objs = gc.get_objects()
    ok = errors = 0
    for i, o in enumerate(objs):
        try:
            lay = pyinspect.layout(o, limit=8)
            if i % 7 == 0:
                to_text(lay, rows=4)
            ok += 1
        except (pyinspect.InspectError, TypeError, ValueError, NotImplementedError):
            errors += 1
    print(len(objs), ok, errors)
""")


@pytest.mark.slow  # one to five minutes: every object of ~40 stdlib modules
def test_every_gc_object():
    proc = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    total, ok, errors = map(int, proc.stdout.split())
    assert total > 10_000
    assert ok + errors == total
    assert errors < total // 100, proc.stdout
