"""probe(container, key): the slots CPython's lookup visits, replayed from
stored hashes and identity; no __eq__/__hash__ of a stored key runs."""

from __future__ import annotations

import io
import sys

import pytest
from table_oracle import dict_path, set_path

import pyinspect
from pyinspect.model import ProbeResult


@pytest.mark.parametrize("n", [1, 5, 6, 100, 3000])
@pytest.mark.parametrize("kind", ["int", "str", "tuple"])
def test_dict_probe_follows_cpython_sequence(kind, n):
    make = {"int": lambda i: i * 31, "str": lambda i: f"p{i}", "tuple": lambda i: (i, "x")}[kind]
    d = {make(i): i for i in range(n)}
    lay = pyinspect.layout(d)
    for k in list(d)[:: max(1, n // 50)]:
        p = pyinspect.probe(d, k)
        assert p.found is True and p.hash == hash(k)
        path = dict_path(hash(k), lay.mask)
        assert list(p.slots) == [next(path) for _ in p.steps]
        assert p.steps[-1].status in ("identical", "str equal")
        assert lay.entries[p.entry_index][1] == id(k)
        assert p.value.address == id(d[k])
    miss = make(n + 12345)
    p = pyinspect.probe(d, miss)
    assert p.found is False and p.steps[-1].status == "empty"
    assert all(s.status in ("hash differs", "dummy", "str differs") for s in p.steps[:-1])


def test_equal_str_not_identical_is_found_by_text():
    d = {"".join(["l", "r"]): 1}
    key = "".join(["l", "r"])
    assert key is not next(iter(d))
    p = pyinspect.probe(d, key)
    assert p.found and p.steps[-1].status in ("str equal", "identical")


@pytest.mark.parametrize("n", [1, 10, 200, 5000])
def test_set_probe_follows_linear_then_perturb(n):
    s = {f"s{i}" for i in range(n)} | {i * 1000 for i in range(n)}
    lay = pyinspect.layout(s)
    for k in list(s)[:: max(1, len(s) // 40)]:
        p = pyinspect.probe(s, k)
        assert p.found and p.scheme == "set"
        path = set_path(hash(k), lay.mask)
        assert list(p.slots) == [next(path) for _ in p.steps]
    p = pyinspect.probe(s, "absent-key")
    assert p.found is False and p.steps[-1].status == "empty"


class Recorder:
    """A key whose __hash__ and __eq__ record every call (all collide)."""

    calls: list = []

    def __init__(self, name):
        self.name = name

    def __hash__(self):
        Recorder.calls.append(("hash", self.name))
        return 42

    def __eq__(self, other):
        Recorder.calls.append(("eq", self.name))
        return self is other


def test_inspecting_and_probing_call_no_eq_or_hash_of_stored_keys():
    keys = [Recorder(i) for i in range(12)]
    d = {k: i for i, k in enumerate(keys)}
    s = set(keys)
    Recorder.calls.clear()
    pyinspect.layout(d)
    pyinspect.layout(s)
    pyinspect.show(d, file=io.StringIO(), color=False)
    pyinspect.show(s, file=io.StringIO(), color=False)
    assert Recorder.calls == []
    p = pyinspect.probe(d, keys[5])
    assert p.found and Recorder.calls == [("hash", 5)]
    Recorder.calls.clear()
    stranger = Recorder("x")
    p = pyinspect.probe(d, stranger)
    assert Recorder.calls == [("hash", "x")]
    assert p.result == "undecided" and any(st.status == "eq needed" for st in p.steps)
    Recorder.calls.clear()
    q = pyinspect.probe(s, stranger)
    assert Recorder.calls == [("hash", "x")] and q.result == "undecided"
    Recorder.calls.clear()
    pyinspect.show(p, file=io.StringIO(), color=False)
    pyinspect.show(q, file=io.StringIO(), color=False)
    assert Recorder.calls == []


def test_probe_keeps_no_references():
    d = {"a": 1, "b": 2}
    key = "zz" + str(len(d))
    before = (sys.getrefcount(d), sys.getrefcount(key))
    for _ in range(50):
        pyinspect.probe(d, key)
        pyinspect.layout(d)
    assert (sys.getrefcount(d), sys.getrefcount(key)) == before


def test_probe_refcnt_of_container_as_the_program_holds_it():
    d = {"lr": 0.01}
    p = pyinspect.probe(d, "lr")
    assert p.container_address == id(d) == p.table_address


def test_probe_errors():
    with pytest.raises(TypeError):
        pyinspect.probe({}, [])  # unhashable probe key
    with pytest.raises(TypeError):
        pyinspect.probe(5, "a")


def test_probe_result_to_dict_and_show():
    d = {"lr": 0.01, "epochs": 10}
    p = pyinspect.probe(d, "lr")
    assert type(p) is ProbeResult
    js = p.to_dict()
    assert js["found"] is True and js["key"]["value"] == "'lr'"
    buf = io.StringIO()
    pyinspect.show(p, file=buf, color=False, width=120)
    text = buf.getvalue()
    assert "found" in text and "'lr'" in text and "0.01" in text


def test_show_of_instance_attribute_table():
    class P:
        def __init__(self):
            self.lr = 0.01
            self.epochs = 10

    p = P()
    buf = io.StringIO()
    pyinspect.show(pyinspect.attributes(p), file=buf, color=False, width=120)
    text = buf.getvalue()
    assert "'lr'" in text and "0.01" in text and "'epochs'" in text
    if sys.version_info >= (3, 11):
        assert "no __dict__ yet" in text
