"""SVG pictures of dicts, sets and lookups from hand-built Layouts: the exact
structure (slots, arrows from index slots to entries, dummy markers, free
entries, home-slot arrows, the lookup path) parsed with xml.etree."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from layout_factory import (
    SVG_NS,
    big_dict_layout,
    dict_layout,
    find,
    frozendict_layout,
    probe_result,
    set_layout,
    step,
    texts,
)

from pyinspect.model import ItemSummary
from pyinspect.render import html, svg
from pyinspect.render import svg_containers as sc


def parse(obj, rows: int = 16) -> ET.Element:
    root = ET.fromstring(svg.to_svg(obj, rows))
    assert root.tag == SVG_NS + "svg"
    return root


def groups(root, cls):
    want = set(cls.split())
    return [g for g in root.iter(SVG_NS + "g") if want <= set((g.get("class") or "").split())]


def path_ends(el):
    """(x1, y1, x2, y2) of a path 'M x,y C ... x,y'."""
    nums = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", el.get("d"))]
    return nums[0], nums[1], nums[-2], nums[-1]


def centre_left(r):
    return float(r.get("x")), float(r.get("y")) + float(r.get("height")) / 2


# ---- dict ---------------------------------------------------------------------------------


def test_dict_index_slots():
    root = parse(dict_layout())
    live = find(root, "rect", "index-slot live")
    assert [(r.get("data-slot"), r.get("data-entry")) for r in live] == [("1", "2"), ("3", "0")]
    assert {r.get("fill") for r in live} == {svg.USED}
    dummy = find(root, "rect", "index-slot dummy")
    assert [r.get("data-slot") for r in dummy] == ["0"]
    assert dummy[0].get("fill") == sc.DUMMY
    assert "DUMMY ✕" in texts(root)
    single = find(root, "rect", "index-slot empty")
    runs = [r for r in single if "run" in r.get("class")]
    assert [r.get("data-slot") for r in single if "run" not in r.get("class")] == ["2"]
    assert [(r.get("data-first"), r.get("data-last"), r.get("data-count")) for r in runs] == [("4", "7", "4")]
    assert {"[0]", "[1]", "[2]", "[3]", "[4–7]", "EMPTY ×4"} <= set(texts(root))


def test_dict_arrows_join_index_slots_to_their_entries():
    root = parse(dict_layout())
    arrows = find(root, "path", "index-arrow")
    assert sorted((a.get("data-slot"), a.get("data-entry")) for a in arrows) == [("1", "2"), ("3", "0")]
    slots = {r.get("data-slot"): r for r in find(root, "rect", "index-slot live")}
    entries = {g.get("data-index"): g for g in groups(root, "entry live")}
    for a in arrows:
        x1, y1, x2, y2 = path_ends(a)
        r = slots[a.get("data-slot")]
        assert x1 == float(r.get("x")) + float(r.get("width"))
        assert y1 == float(r.get("y")) + float(r.get("height")) / 2
        first_cell = find(entries[a.get("data-entry")], "rect", "entry-index")[0]
        assert (x2, y2) == centre_left(first_cell)


def test_dict_entries_deleted_and_free():
    root = parse(dict_layout())
    assert [g.get("data-index") for g in groups(root, "entry live")] == ["0", "2"]
    deleted = groups(root, "entry deleted")
    assert [g.get("data-index") for g in deleted] == ["1"]
    assert "NULL (deleted)" in texts(deleted[0])
    assert {r.get("fill") for r in find(deleted[0], "rect", "cell")} == {sc.DUMMY}
    keys = [t.text for t in find(root, "text", "entry-key-text")]
    values = [t.text for t in find(root, "text", "entry-value-text")]
    assert keys == ["'lr'", "NULL (deleted)", "'x'"] and values == ["0.01", "NULL", "10"]
    # slack: 5 entries allocated, 3 used
    free = find(root, "rect", "entry free")
    assert [r.get("data-index") for r in free] == ["3", "4"]
    assert not find(root, "rect", "entry free-more")


def test_dict_many_free_entries_are_counted():
    root = parse(dict_layout(entries_capacity=42, usable=39))
    assert len(find(root, "rect", "entry free")) == 2
    more, = find(root, "rect", "entry free-more")
    assert more.get("data-count") == "37"


def test_dict_home_arrow_for_the_collided_key():
    # 'x' (hash 256, home slot 0) sits in slot 1 after 2 probes, past the DUMMY
    root = parse(dict_layout())
    arrow, = find(root, "path", "home-arrow")
    assert (arrow.get("data-home"), arrow.get("data-slot"), arrow.get("data-probes")) == ("0", "1", "2")
    slots = {r.get("data-slot"): r for r in find(root, "rect", "index-slot")}
    x1, y1, x2, y2 = path_ends(arrow)
    assert y1 == centre_left(slots["0"])[1] and y2 == centre_left(slots["1"])[1]
    assert x1 == x2 < float(slots["0"].get("x"))


def test_dict_statistics_histogram():
    root = parse(dict_layout())
    bars = find(root, "rect", "histogram-bar")
    assert [(b.get("data-probes"), b.get("data-count")) for b in bars] == [("1", "1"), ("2", "1")]
    stats, = groups(root, "table-stats")
    assert (stats.get("data-slots"), stats.get("data-used"), stats.get("data-dummies")) == ("8", "2", "1")


def test_unicode_keys_show_the_strs_hash_as_not_stored():
    root = parse(dict_layout(keys_kind="unicode", entry_size=16))
    assert "hash (the str's)" in texts(root)
    hashes = find(root, "text", "entry-hash-text")
    assert {t.get("font-style") for t in hashes} == {"italic"}


def test_split_table_values_column_apart():
    lay = dict_layout(keys_kind="split", values=(0x4000, None, 0x5000), values_address=0x9000, order=(0, 2),
                      dk_refcnt=2, source="instance", values_embedded=True)
    root = parse(lay)
    apart = find(root, "rect", "entry-value apart")  # the values column, drawn apart from the keys
    assert [r.get("fill") for r in apart] == [svg.OBJECT, sc.DUMMY, svg.OBJECT]
    keys = find(root, "rect", "entry-key")
    assert float(apart[0].get("x")) > float(keys[0].get("x")) + float(keys[0].get("width"))
    joined = " ".join(texts(root))
    assert "ma_values[i]" in joined and "values[i] belongs to entry i" in joined
    assert "no __dict__ yet" in joined and "inline after the object" in joined


def test_frozendict_notes_its_hash():
    assert "hash not computed yet" in " ".join(texts(parse(frozendict_layout())))
    assert "hash 77 cached" in " ".join(texts(parse(frozendict_layout(77))))


def test_big_dict_is_bounded_and_counts_what_it_leaves_out():
    lay = big_dict_layout()
    root = parse(lay, rows=16)
    index_rows = [r for r in root.iter(SVG_NS + "rect")
                  if r.get("class") and ({"index-slot", "gap"} & set(r.get("class").split()))
                  and r in list(groups(root, "dk-indices")[0].iter(SVG_NS + "rect"))]
    assert len(index_rows) <= 2 * 16 + 1
    covered = 0
    for r in index_rows:
        cls = r.get("class").split()
        covered += int(r.get("data-count")) if ("gap" in cls or "run" in cls) else 1
    assert covered == lay.capacity  # every slot is drawn or counted once
    entries = groups(root, "dk-entries")[0]
    drawn = len(groups(entries, "entry"))
    gaps = [int(r.get("data-count")) for r in find(entries, "rect", "gap")]
    assert drawn <= 16 and drawn + sum(gaps) == lay.nentries
    assert len(root.findall(f".//{SVG_NS}rect")) < 400


def test_empty_keys_note():
    lay = dict_layout(used=0, log2_size=0, capacity=1, nentries=0, indices=(-1,), entries=(), entry_slots=(),
                      keys=(), values_shown=(), entries_head=0, indices_head=1, empty_keys=True,
                      immortal_keys=True, entries_capacity=0, stats=dict_layout().stats)
    root = parse(lay)
    assert any("Py_EMPTY_KEYS" in t for t in texts(root))
    assert not find(root, "rect", "entry free") and not find(root, "path", "index-arrow")


# ---- set ----------------------------------------------------------------------------------


def test_set_slots_states():
    root = parse(set_layout())
    active = find(root, "rect", "set-slot active")
    assert [(r.get("data-slot"), r.get("data-probes")) for r in active] == [("1", "1"), ("2", "2"), ("6", "1")]
    dummy, = find(root, "rect", "set-slot dummy")
    assert dummy.get("data-slot") == "4" and dummy.get("fill") == sc.DUMMY
    assert "<dummy> ✕ deleted" in texts(root)
    singles = [r.get("data-slot") for r in find(root, "rect", "set-slot empty") if "run" not in r.get("class")]
    assert singles == ["0", "3", "5", "7"]
    assert [t.text for t in find(root, "text", "slot-key")] == ["1", "9", "'a'"]


def test_set_home_arrow_for_linear_probe():
    root = parse(set_layout())
    arrow, = find(root, "path", "home-arrow")
    assert (arrow.get("data-home"), arrow.get("data-slot"), arrow.get("data-probes")) == ("1", "2", "2")
    assert any("LINEAR_PROBES" in t for t in texts(root))


def test_big_set_is_bounded():
    table = tuple((k, 0x1000 + k) if k % 4 == 0 else None for k in range(96)) + tuple(None for _ in range(32))
    keys = tuple(ItemSummary(0x1000 + k, "int", str(k)) if k % 4 == 0 else None for k in range(128))
    lay = set_layout(mask=4095, table=table, keys=keys, table_head=96, table_omitted=4096 - 128,
                     probes=tuple(1 if k % 4 == 0 else None for k in range(128)), smalltable=False, used=1024,
                     fill=1024)
    root = parse(lay, rows=8)
    table_g, = groups(root, "set-table")
    rects = [r for r in table_g.iter(SVG_NS + "rect")]
    assert len(rects) <= 2 * 8 + 1
    covered = sum(int(r.get("data-count")) if ("gap" in r.get("class") or "run" in r.get("class")) else 1
                  for r in rects)
    assert covered == 4096


# ---- one lookup -------------------------------------------------------------------------------


def test_probe_path_over_the_table():
    x = ItemSummary(0x3100, "str", "'x'")
    p = probe_result(steps=(step(0, "dummy", index=-2), step(1, "identical", index=2, h=256, key=x)),
                     value=ItemSummary(0x5000, "int", "10"))
    root = parse(p)
    slots = find(root, "rect", "probe-slot")
    assert [r.get("data-slot") for r in slots] == [str(k) for k in range(8)]  # small table: whole
    visited = find(root, "rect", "probe-slot visited")
    assert [(r.get("data-slot"), r.get("data-steps"), r.get("data-status")) for r in visited] == [
        ("0", "1", "dummy"), ("1", "2", "identical")]
    assert visited[1].get("fill") == sc.FOUND and visited[0].get("fill") == sc.DUMMY
    arrow, = find(root, "path", "probe-arrow")
    assert (arrow.get("data-step"), arrow.get("data-from"), arrow.get("data-to")) == ("2", "0", "1")
    rows = groups(root, "probe-step")
    assert [(g.get("data-step"), g.get("data-slot"), g.get("data-status")) for g in rows] == [
        ("1", "0", "dummy"), ("2", "1", "identical")]
    assert [t.text for t in find(rows[1], "text", "step-how")] == ["(0*5 + perturb + 1) & 7"]
    outcome, = find(root, "text", "outcome")
    assert outcome.text == "found after 2 probes: entry 2 → value 10"


def test_probe_missing_ends_on_empty():
    p = probe_result(steps=(step(0, "hash differs", index=0, h=8), step(1, "empty", index=-1)),
                     result="missing")
    root = parse(p)
    last = [r for r in find(root, "rect", "probe-slot visited") if r.get("data-slot") == "1"][0]
    assert last.get("fill") == sc.MISSING
    assert find(root, "text", "outcome")[0].text.startswith("not present")
    assert [t.text for t in find(root, "text", "step-index")] == ["0", "EMPTY"]


def test_set_probe_marks_linear_steps():
    p = probe_result("set", steps=(step(1, "hash differs", 0, h=1), step(2, "hash differs", 1, h=9),
                                   step(3, "empty", 2)), result="missing")
    root = parse(p)
    arrows = find(root, "path", "probe-arrow")
    assert [("linear" in a.get("class"), a.get("data-to")) for a in arrows] == [(True, "2"), (True, "3")]
    assert [t.text for t in find(root, "text", "step-how")] == ["hash & mask", "linear +1", "linear +2"]
    assert not find(root, "text", "step-index")  # sets have no index column


def test_probe_in_a_big_table_draws_visited_slots_and_gaps():
    p = probe_result(steps=(step(5, "hash differs", 3, h=5), step(900, "dummy", -2), step(1000, "empty", -1)),
                     result="missing", capacity=1024)
    root = parse(p)
    drawn = [int(r.get("data-slot")) for r in find(root, "rect", "probe-slot")]
    assert drawn == [0, 5, 900, 1000, 1023]
    gaps = [int(r.get("data-count")) for r in groups(root, "probe-table")[0].iter(SVG_NS + "rect")
            if "gap" in (r.get("class") or "")]
    assert len(drawn) + sum(gaps) == 1024


def test_probe_steps_are_bounded():
    steps = tuple(step(k, "hash differs", k, h=k) for k in range(40)) + (step(40, "empty", -1),)
    root = parse(probe_result(steps=steps, result="missing", capacity=64), rows=10)
    assert len(groups(root, "probe-step")) == 10
    assert any("more steps" in t for t in texts(root))


def test_probe_html_fragment_is_xml():
    p = probe_result(steps=(step(1, "identical", 2, h=256, key=ItemSummary(0x3100, "str", "'x'")),))
    frag = html.fragment(p)
    root = ET.fromstring(frag)
    assert root.get("data-type") == "ProbeResult"
    assert len(list(root.iter(SVG_NS + "svg"))) == 1
    assert "<svg" in p._repr_html_()
