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
    # exactly 1: a crash (-11) or a sanitizer's exit code (CI's sanitizer stage) must not pass
    assert r.returncode == 1, (r.returncode, r.stderr[-2000:])


def test_discover_this_interpreter():
    (it,) = compare.discover([sys.executable], search=False)
    assert it.version == tuple(sys.version_info[:3]) and it.explicit


# ---- dict and set tables (read from their Layouts) -------------------------------------------------

POINTS_DOC = {"3.12": {"behaviour": {
    "dict_resize_points_int_keys[n_inserted, dk_size, usable=USABLE_FRACTION, index_bytes, sys.getsizeof]":
        [[1, 8, 5, 1, 224], [6, 16, 10, 1, 352], [11, 32, 21, 1, 632]],
    "set_resize_points[n_added, table_size, sys.getsizeof]": [[5, 32, 728], [19, 128, 2264]],
    "empty_dict": {"dk_size": 1, "dk_usable": 0, "dk_nentries": 0, "dk_kind": 1, "split": 0,
                   "dk_refcnt": 4294967295, "getsizeof": 64, "index_bytes": 1, "dk_version": 1},
    "instance_dict(3 attrs, 2 instances)": {"dk_size": 64, "dk_usable": 25, "dk_nentries": 3, "dk_kind": 2,
                                            "split": 1, "dk_refcnt": 2},
}}}


def table_readings(**over):
    r = fake("3.12.1", dict_table_points_int_keys=[[1, 8, 5, 1], [6, 16, 10, 1]],
             set_table_points=[[5, 32], [19, 128]],
             empty_dict_table={"dk_size": 1, "dk_usable": 0, "dk_nentries": 0, "dk_kind": 1, "split": 0,
                               "index_bytes": 1},
             instance_dict_table={"dk_size": 64, "dk_usable": 25, "dk_nentries": 3, "dk_kind": 2, "split": 1,
                                  "dk_refcnt": 2, "index_bytes": 64}).readings
    r.update(over)
    return r


def test_table_growth_points_and_keys_objects_agree():
    bad, notes = compare.check(table_readings(), POINTS_DOC)
    assert bad == []
    # the installed pyinspect reads no resize points: noted, not contradicted
    assert any("dict_resize_points_int_keys not read" in n for n in notes)
    assert not any("table points" in n or "keys object" in n for n in notes)


def test_table_growth_points_contradicted():
    r = table_readings(dict_table_points_int_keys=[[1, 8, 5, 1], [7, 16, 10, 1]], set_table_points=[[5, 64]])
    r["instance_dict_table"] = dict(r["instance_dict_table"], dk_usable=23, dk_refcnt=3)
    r["empty_dict_table"] = dict(r["empty_dict_table"], dk_size=8)
    bad, _ = compare.check(r, POINTS_DOC)
    assert any(b.startswith("3.12: dict table points int keys reads") for b in bad)
    assert any(b.startswith("3.12: set table points reads [[5, 64]]") for b in bad)
    assert "3.12: instance __dict__ keys.dk_usable reads 23, documented 25" in bad
    assert "3.12: instance __dict__ keys.dk_refcnt reads 3, documented 2" in bad
    assert "3.12: {} keys object.dk_size reads 8, documented 1" in bad
    assert len(bad) == 5


def test_table_readings_missing_are_notes():
    r = table_readings()
    for k in ("dict_table_points_int_keys", "set_table_points", "empty_dict_table", "instance_dict_table"):
        del r[k]
    bad, notes = compare.check(r, POINTS_DOC)
    assert bad == []
    for what in ("dict_table_points_int_keys not read", "set_table_points not read",
                 "{} keys object not read", "instance __dict__ keys not read"):
        assert any(what in n for n in notes), what


def test_table_growth_rows():
    a = fake("3.12.1", dict_table_points_int_keys=[[1, 8, 5, 1], [6, 16, 10, 1]], set_table_points=[[5, 32]],
             instance_dict_table={"dk_size": 64, "dk_usable": 25})
    b = fake("3.9.18", dict_table_points_int_keys=[[1, 8, 5, 1], [6, 16, 10, 1]], set_table_points=[[5, 32]],
             instance_dict_table={"dk_size": 8, "dk_usable": 2})
    t = compare.tables([a, b], show_all=True)
    rows = {r[0]: r[1:] for r in t["growth points"]["rows"]}
    assert rows["dict int keys: n→slots"] == ["1→8 6→16", "1→8 6→16"]
    assert rows["set: n→slots"] == ["5→32", "5→32"]
    keys = {r[0]: r[1:] for r in compare.tables([a, b])["dict keys layouts"]["rows"]}
    assert keys["instance __dict__ keys (3 attrs, 2 instances)"] == ["dk_size=64, dk_usable=25",
                                                                     "dk_size=8, dk_usable=2"]
    assert "dict int keys: n→slots" not in {r[0] for r in compare.tables([a, b])["growth points"]["rows"]}


def test_this_interpreter_reads_its_tables():
    r = run_cli("--python", sys.executable, "--json")
    assert r.returncode == 0, r.stderr
    readings = json.loads(r.stdout)["interpreters"][0]["readings"]
    # oracle: USABLE_FRACTION, and a resize on the insert after the entries are used up
    points = readings["dict_table_points_str_keys"]
    assert points[0][:2] == [1, 8]
    for (n, size, usable, width), (_, prev, prev_usable, _) in zip(points[1:], points):
        assert size == 2 * prev and usable == (2 * size) // 3 and n == prev_usable + 1
        assert width == (1 if size <= 128 else 2 if size <= 1 << 15 else 4)
    assert [p[1] for p in readings["set_table_points"]][:2] == [32, 128]
    assert readings["instance_dict_table"]["split"] == 1


# ---- output at 80 columns, discovery, build cache -------------------------------------------------


def _seven() -> list[compare.Interpreter]:
    labels = ["3.9.18", "3.10.13", "3.11.7", "3.11.7d", "3.12.1", "3.13.0", "3.14.0t"]
    sizes = [40, 40, 32, 32, 32, 32, 48]
    return [fake(label, structs={"PyDictKeysObject": {"__sizeof__": [0, n], "dk_size": [8, 1 if n == 32 else 8]}},
                 executable=f"/root/.pyenv/versions/{label}/bin/python")
            for label, n in zip(labels, sizes)]


def test_seven_interpreters_read_at_80_columns():
    """Too many interpreters for a column each: per row, the runs of
    interpreters that agree, one line each; nothing cut or folded."""
    import io

    buf = io.StringIO()
    its = _seven()
    compare._print_text(compare.tables(its), its, False, buf, False, 80)
    text = buf.getvalue()
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "3.9.18–3.10.13" in text and "3.11.7–3.13.0" in text and "3.14.0t" in text
    for label in ("3.9.18", "3.11.7d", "3.14.0t"):  # one row per interpreter in the first table
        assert f"/root/.pyenv/versions/{label}/bin/python" in text
    wide = io.StringIO()
    compare._print_text(compare.tables(its), its, False, wide, False, 200)
    assert "3.9.18–3.10.13" not in wide.getvalue()  # wide enough: a column per interpreter


def test_runs_of_interpreters_that_agree():
    assert compare._runs(["a", "b", "c", "d"], ["1", "1", "2", "1"]) == [("a–b", "1"), ("c", "2"), ("d", "1")]


def test_a_venv_and_its_base_interpreter_are_one_column(monkeypatch):
    base = os.path.realpath(sys.executable)  # a venv's python links to the interpreter it was made from
    if sys.prefix == sys.base_prefix or base == os.path.abspath(sys.executable):
        pytest.skip("needs a venv whose python links to its base interpreter")
    monkeypatch.setattr(compare, "_candidates", lambda: [sys.executable, base])
    found = compare.discover([], search=True)
    assert [i.path for i in found] == [os.path.abspath(sys.executable)]
    both = compare.discover([sys.executable, base], search=False)  # named: both kept
    assert len(both) == 2


def test_build_cache_is_kept_by_interpreter_and_source(tmp_path, monkeypatch):
    src = tmp_path / "src-tree"
    (src / "csrc").mkdir(parents=True)
    (src / "pyproject.toml").write_text("[project]\nname = 'pyinspect-structs'\n")
    (src / "csrc" / "a.c").write_text("int a;\n")
    first = compare.source_hash(str(src))
    (src / "csrc" / "__pycache__").mkdir()
    assert compare.source_hash(str(src)) == first
    (src / "csrc" / "a.c").write_text("int b;\n")
    assert compare.source_hash(str(src)) != first

    it = compare.Interpreter("/no/such/python3.12")  # running it would fail: a cache hit runs nothing
    it.version = (3, 12, 1)
    cache = tmp_path / "cache"
    digest = compare.source_hash(str(src))
    name = compare._interpreter_id(it) + "-" + digest[:16]
    (cache / name).mkdir(parents=True)
    (cache / name / compare._DONE).write_text("")
    assert compare.build_for(it, str(src), str(cache), sys.stderr, digest)
    assert it.pythonpath == str(cache / name)
    other = compare.Interpreter("/no/such/python3.12")
    other.version = (3, 12, 1)
    assert not compare.build_for(other, str(src), str(cache), sys.stderr, "0" * 64)  # a miss builds, and fails
    assert other.status.startswith("build failed") and not list(cache.glob("*partial*"))


def test_windows_launcher_list_is_read(monkeypatch):
    out = (" -V:3.13t         C:\\Python313\\python3.13t.exe\n"
           " -V:3.12 *        C:\\Program Files\\Python312\\python.exe\n")

    def fake_run(cmd, **kw):
        assert cmd == ["py", "-0p"]
        return subprocess.CompletedProcess(cmd, 0, out, "")

    monkeypatch.setattr(compare.subprocess, "run", fake_run)
    with monkeypatch.context() as m:
        m.setattr(compare.os, "name", "nt")
        found = compare._launcher_candidates()
    assert found == ["C:\\Python313\\python3.13t.exe", "C:\\Program Files\\Python312\\python.exe"]
    assert compare._launcher_candidates() == []  # elsewhere the launcher is not asked
    assert compare._PY_NAME.match("python3.13t.exe") and compare._PY_NAME.match("python3.12")
