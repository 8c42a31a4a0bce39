"""python -m pyinspect compare: tables of what differs, and --check against the layouts file."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
import sysconfig
import xml.etree.ElementTree as ET

import pytest

from pyinspect import compare

LAYOUTS = os.path.join(os.path.dirname(__file__), "data", "cpython-layouts.json")


def fake(label: str, **readings) -> compare.Interpreter:
    it = compare.Interpreter(f"/opt/{label}/bin/python")
    base = {"python": label, "version_key": label.rsplit(".", 1)[0], "gil_disabled": False, "pyinspect": "0",
            "executable": it.path, "structs": {}, "int": {}, "str": {}, "sizes": {}}
    base.update(readings)
    it.readings = base
    it.status = "ok"
    return it


def test_tables_keep_only_rows_that_differ():
    a = fake("3.12.1", structs={"PyTupleObject": {"__sizeof__": [0, 32], "ob_item": [24, 8]},
                                "PyListObject": {"__sizeof__": [0, 40], "allocated": [32, 8]}},
             tuple_ob_hash_cached=False)
    b = fake("3.14.7", structs={"PyTupleObject": {"__sizeof__": [0, 40], "ob_item": [32, 8]},
                                "PyListObject": {"__sizeof__": [0, 40], "allocated": [32, 8]}},
             tuple_ob_hash_cached=True)
    t = compare.tables([a, b])
    assert t["struct sizes"]["columns"] == ["", "3.12.1", "3.14.7"]
    assert t["struct sizes"]["rows"] == [["PyTupleObject", "32", "40"]]
    assert t["offsets"]["rows"] == [["PyTupleObject.ob_item", "24/8", "32/8"]]
    assert ["tuple caches its hash", "no", "yes"] in t["growth points"]["rows"]
    full = compare.tables([a, b], show_all=True)
    assert ["PyListObject.allocated", "32/8", "32/8"] in full["offsets"]["rows"]
    assert [r[0] for r in t["interpreter"]["rows"]] == ["version", "build", "pyinspect", "executable"]


def test_unread_interpreters_have_no_column():
    a = fake("3.12.1")
    b = compare.Interpreter("/nowhere/python3.11")
    b.status = "pyinspect not importable"
    assert compare.tables([a, b])["interpreter"]["columns"] == ["", "3.12.1"]


def doc_for(key: str) -> dict:
    with open(LAYOUTS, encoding="utf-8") as f:
        return {key: json.load(f)[key]}


def test_check_finds_contradictions():
    doc = {"3.12": {"PyListObject": {"allocated": [32, 8]}, "constants": {"PyLong_SHIFT": 30},
                    "behaviour": {"small_int_cache_range": [-5, 256], "tuple_ob_hash_cached": False,
                                  "lv_tag_of": {"0": 1, "-6": 10},
                                  "list_append_allocated[n]": [0, 4, 4, 4, 4, 8],
                                  "sys_getsizeof": {"float": 24, "tuple_n": {"1": 48}}}}}
    good = fake("3.12.1", structs={"PyListObject": {"allocated": [32, 8]}},
                int={"0": {"lv_tag": 1, "ob_size": None, "digit_bits": 30},
                     "-6": {"lv_tag": 10, "ob_size": None, "digit_bits": 30}},
                small_int_cache_range=[-5, 256], tuple_ob_hash_cached=False,
                list_append_allocated=[0, 4, 4, 4, 4, 8, 8], sizes={"float": 24, "tuple_1": 48})
    bad, notes = compare.check(good.readings, doc)
    assert bad == []
    wrong = copy.deepcopy(good.readings)
    wrong["structs"]["PyListObject"]["allocated"] = [40, 8]
    wrong["int"]["-6"]["lv_tag"] = 2
    wrong["small_int_cache_range"] = [-5, 1024]
    wrong["list_append_allocated"] = [0, 4, 4, 4, 4, 6]
    wrong["sizes"]["tuple_1"] = 56
    bad, _ = compare.check(wrong, doc)
    assert len(bad) == 5
    assert any("PyListObject.allocated is 40/8" in b and "documented 32/8" in b for b in bad)
    assert any("list allocated after 5 appends reads 6, documented 8" in b for b in bad)


def test_check_notes_undocumented_versions():
    bad, notes = compare.check(fake("3.99.0", version_key="3.99").readings, {"3.12": {}})
    assert bad == [] and notes == ["3.99: no documented layouts for this version"]


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pyinspect", "--no-color", "compare", *args],
                          capture_output=True, text=True, timeout=300)


def test_this_interpreter_agrees_with_the_layouts_file():
    r = run_cli("--python", sys.executable, "--json", "--check", LAYOUTS)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    (it,) = out["interpreters"]
    assert it["status"] == "ok"
    readings = it["readings"]
    assert readings["python"] == sys.version.split()[0]
    assert readings["small_int_cache_range"][0] == -5
    assert out["check"] == []
    assert set(out["tables"]) >= {"struct sizes", "offsets", "header words", "int tags", "str sizes",
                                  "dict keys layouts", "growth points", "sizes"}


def test_a_wrong_layouts_file_fails(tmp_path):
    with open(LAYOUTS, encoding="utf-8") as f:
        doc = json.load(f)
    free_threaded = bool(sysconfig.get_config_var("Py_GIL_DISABLED"))
    key = f"{sys.version_info[0]}.{sys.version_info[1]}" + ("t" if free_threaded else "")
    if key not in doc:
        pytest.skip(f"{key} is not documented")
    off, size = doc[key]["PyListObject"]["allocated"]
    doc[key]["PyListObject"]["allocated"] = [off + 8, size]
    bad_file = tmp_path / "layouts.json"
    bad_file.write_text(json.dumps(doc))
    r = run_cli("--python", sys.executable, "--check", str(bad_file))
    assert r.returncode == 1
    assert "CONTRADICTION" in r.stderr and "PyListObject.allocated" in r.stderr


def test_html_and_text_output():
    r = run_cli("--python", sys.executable, "--html", "--all")
    assert r.returncode == 0, r.stderr
    root = ET.fromstring(r.stdout)
    families = [t.get("data-family") for t in root.iter("{http://www.w3.org/1999/xhtml}table")]
    assert "struct sizes" in families and "int tags" in families
    r = run_cli("--python", sys.executable)
    assert r.returncode == 0 and "interpreter" in r.stdout and "probing" in r.stderr


def test_missing_interpreter_is_reported():
    r = run_cli("--python", "/nonexistent/python3.12", "--check", LAYOUTS)
    assert r.returncode != 0


def test_discover_this_interpreter():
    (it,) = compare.discover([sys.executable], search=False)
    assert it.version == tuple(sys.version_info[:3]) and it.explicit
