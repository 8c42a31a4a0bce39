"""Buffers counted while Python code changes them: the collector inside each
GC allocation of the call (3.9-3.11, tests/reentrancy.py ``sweep``) and the
progress callback, each emptying containers, releasing memoryviews, resizing
and freeing the owners of data buffers, rebinding array classes.  Pass = no
crash (the tests run in a subprocess) and reports that agree with themselves.
Run them under the sanitizer build too (CONTRIBUTING.md)."""

from __future__ import annotations

import pytest
from reentrancy import run_isolated

np = pytest.importorskip("numpy")

CHECK = """
def check(report):
    assert report.total >= 0 and report.count >= 1
    for b in report.buffers:
        assert b.nbytes >= 0 and b.views >= 0, b
        assert b.device in ("cpu", "cpu-pinned", "mapped", "external", "meta") or b.device.startswith("cuda"), b
    host = sum(b.nbytes for b in report.buffers if b.counted)
    in_rows = sum(r.bytes for r in report.rows)
    assert report.total >= in_rows, (report.total, in_rows)
    assert sum(report.device_bytes.values()) == sum(b.nbytes for b in report.buffers if not b.counted)
    assert host >= 0
"""


def test_sweep_frees_owners_and_views_inside_each_allocation():
    out = run_isolated(CHECK + """
import gc, mmap, numpy as np, pyinspect
from reentrancy import sweep

def case(call):
    def make():
        owners = [np.arange(50.0 + i) for i in range(20)]
        objs = [np.array([str(i) * 3, [i], None], dtype=object) for i in range(5)]
        blobs = [bytearray(b"y" * (100 + i)) for i in range(10)]
        return {"owners": owners, "views": [a[::2] for a in owners] + [o[1:] for o in objs],
                "mv": [memoryview(b)[1:] for b in blobs], "frombuf": [np.frombuffer(b, np.uint8) for b in blobs],
                "objs": objs, "blobs": blobs, "map": mmap.mmap(-1, 4096)}
    state = {"data": make()}

    def hostile():
        d = state["data"]
        for o in d.get("objs", ()):
            o[:] = None
        for m in d.get("mv", ()):
            m.release()
        d.clear()
        gc.collect()
        state["data"] = make()

    return sweep(lambda: call(state["data"]), hostile, lambda r: check(r) if hasattr(r, "buffers") else None)

points = [case(lambda d: pyinspect.memory(d)), case(lambda d: pyinspect.sizeof(d, deep=True)),
          case(lambda d: pyinspect.memory(d.get("views", [None])[0]))]
print("ok", points)
""")
    assert out.startswith("ok")


def test_progress_callback_resizes_frees_and_reclasses():
    out = run_isolated(CHECK + """
import gc, numpy as np, pyinspect

class A(np.ndarray):
    pass

class B(np.ndarray):
    pass

for every in (1, 3, 17):
    owners = [np.arange(100.0 + i).view(A) for i in range(40)]
    objs = [np.array([object(), "".join(["s"] * 50), i], dtype=object) for i in range(10)]
    root = {"views": [a[::3] for a in owners], "owners": owners, "objs": objs,
            "mv": [memoryview(bytearray(64)) for _ in range(10)]}
    fired = []

    def progress(n, nbytes):
        fired.append(n)
        if len(fired) == 2:
            for a in root["owners"]:
                a.__class__ = B                      # rebind the class of walked arrays
            for o in root["objs"]:
                o.resize(1000, refcheck=False)       # reallocate an object array's items
                o[:] = None
            for m in root["mv"]:
                m.release()
            root["owners"].clear()
            del root["views"][::2]
            gc.collect()

    report = pyinspect.memory(root, progress=progress, progress_every=every)
    check(report)
    assert fired
print("ok")
""")
    assert out.startswith("ok")


def test_progress_callback_frees_tensors():
    pytest.importorskip("torch")
    out = run_isolated(CHECK + """
import gc, torch, weakref, pyinspect

ts = [torch.zeros(100 + i) for i in range(30)]
root = [ts, [t[::2] for t in ts], [t.numpy() for t in ts[:5]]]
refs = [weakref.ref(t) for t in ts]

def progress(n, nbytes):
    root[0] = None
    root[1].clear()
    root[2].clear()
    gc.collect()

report = pyinspect.memory(root, progress=progress, progress_every=2)
check(report)
del report
ts.clear()
gc.collect()
assert all(r() is None for r in refs)   # what the walk held was released
print("ok")
""")
    assert out.startswith("ok")
