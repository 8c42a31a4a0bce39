"""census() and Census.diff(): counts against the objects the test made,
bytes against sys.getsizeof sums, growth against objgraph.typestats."""

from __future__ import annotations

import gc
import json
import sys
import weakref
import xml.etree.ElementTree as ET

import pytest
from reentrancy import run_isolated

import pyinspect
from pyinspect.model import Census, CensusDiff, CensusDiffRow, CensusRow
from pyinspect.render import to_svg

from conftest import fresh


class Plain:
    def __init__(self, i: int) -> None:
        self.i = i


class Slotted:
    __slots__ = ("a", "b")


class MyList(list):
    pass


class MyDict(dict):
    pass


def name(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def test_counts_and_bytes_of_the_tests_own_types():
    keep = [Plain(i) for i in range(300)] + [Slotted() for _ in range(40)]
    keep += [MyList(range(i)) for i in range(50)] + [MyDict((j, j) for j in range(i)) for i in range(30)]
    c = pyinspect.census()
    rows = c.by_type()
    for cls, n in ((Plain, 300), (Slotted, 40), (MyList, 50), (MyDict, 30)):
        objs = [o for o in keep if type(o) is cls]
        row = rows[name(cls)]
        assert row.count == n == len(objs)
        assert row.bytes == sum(sys.getsizeof(o) for o in objs), cls
        assert row.sizeof_mirrored and row.untracked_count == 0
    assert c.count == sum(r.count for r in c.rows) and c.bytes == sum(r.bytes for r in c.rows)
    assert [r.bytes for r in c.rows] == sorted((r.bytes for r in c.rows), reverse=True)
    del keep


def test_diff_of_builtin_types_against_getsizeof():
    """In a quiet interpreter (pytest's own objects come and go during a
    test): the dicts and lists made between two censuses, to the byte."""
    out = run_isolated("""
        import sys
        import pyinspect

        def run():  # in a function: no global is added (that would grow the module's dict)
            before = pyinspect.census()
            # dicts holding lists: the collector tracks them (a dict of atomic values it may untrack)
            made = [{str(j): [j] for j in range(i)} for i in range(1, 200)]
            d = pyinspect.census().diff(before, min_count=1)
            grew = d.by_type()
            assert grew["dict"].count_delta == len(made), grew["dict"]
            assert grew["dict"].bytes_delta == sum(sys.getsizeof(x) for x in made), grew["dict"]
            lists = [v for x in made for v in x.values()] + [made]
            assert grew["list"].count_delta == len(lists), grew["list"]
            assert grew["list"].bytes_delta == sum(map(sys.getsizeof, lists)), grew["list"]
            sizes = [r.bytes_delta for r in d.rows]
            assert sizes == sorted(sizes, reverse=True)
            print("ok", len(d.rows))

        import gc
        gc.collect()
        gc.disable()  # garbage left by imports would be freed by a collection in between
        run()
    """)
    assert out.startswith("ok")


def test_untracked_objects_are_counted_once():
    before = pyinspect.census(untracked=True)
    texts = [fresh(f"text number {i}") for i in range(500)]
    floats = [float(i) + 0.5 for i in range(300)]
    pair = (texts, floats, texts)  # the same lists twice: counted once
    d = pyinspect.census(untracked=True).diff(before)
    grew = d.by_type()
    assert grew["str"].count_delta == 500 and grew["str"].bytes_delta == sum(sys.getsizeof(t) for t in texts)
    assert grew["float"].count_delta == 300 and grew["float"].bytes_delta == 300 * sys.getsizeof(0.5)
    after = pyinspect.census(untracked=True)
    row = after.by_type()["str"]
    assert row.untracked_count == row.count  # no str is tracked
    del pair


def test_nothing_grew_is_falsy():
    before = pyinspect.census()
    after = pyinspect.census()
    d = after.diff(before)
    assert not d, d.rows  # the first census itself is not taken for growth


def test_nothing_grew_is_falsy_with_untracked_objects():
    pyinspect.census(untracked=True)  # the first call may cache an object or two
    before = pyinspect.census(untracked=True)
    after = pyinspect.census(untracked=True)
    # the first census's names (one str) and numbers (one bytes) are not taken for growth either
    assert not after.diff(before), after.diff(before).rows


def test_leak_test_reads_as_intended():
    before = pyinspect.census()
    leaked = [Plain(i) for i in range(250)]
    d = pyinspect.census().diff(before, min_count=100)
    assert d and [r.type_name for r in d.rows] == [name(Plain)]
    (row,) = d.rows
    type_name, count, nbytes = row  # unpacks as (type_name, count_delta, bytes_delta)
    assert count == 250 and nbytes == sum(sys.getsizeof(o) for o in leaked)
    del leaked


def test_min_bytes_catches_growth_in_place():
    big = []
    before = pyinspect.census()
    big.extend(range(10_000))
    assert not pyinspect.census().diff(before, min_count=1).by_type().get("list")
    grew = pyinspect.census().diff(before, min_count=10**6, min_bytes=1000).by_type()
    assert grew["list"].count_delta == 0 and grew["list"].bytes_delta >= 80_000


def test_diff_against_objgraph_typestats():
    objgraph = pytest.importorskip("objgraph", reason="the growth oracle needs objgraph (pip install objgraph)")
    gc.collect()
    stats0 = objgraph.typestats(shortnames=False)
    before = pyinspect.census()
    keep = [Plain(i) for i in range(123)] + [MyDict() for _ in range(45)] + [Slotted() for _ in range(6)]
    stats1 = objgraph.typestats(shortnames=False)
    grew = pyinspect.census().diff(before).by_type()
    for cls in (Plain, MyDict, Slotted):
        key = f"{cls.__module__}.{cls.__name__}"
        assert grew[name(cls)].count_delta == stats1.get(key, 0) - stats0.get(key, 0)
    del keep


def test_untracked_flags_must_match():
    with pytest.raises(ValueError, match="untracked"):
        pyinspect.census(untracked=True).diff(pyinspect.census())
    with pytest.raises(TypeError, match="before"):
        pyinspect.census().diff({})


def test_frozen_objects_are_reported_not_counted():
    gc.collect()
    gc.freeze()
    try:
        c = pyinspect.census()
        assert c.frozen == gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_nothing_is_kept_alive():
    x = Plain(1)
    w = weakref.ref(x)
    c = pyinspect.census(untracked=True)
    del x
    gc.collect()
    assert w() is None and c.by_type()[name(Plain)].count >= 1


def test_to_dict_is_json():
    c = pyinspect.census()
    d = c.to_dict()
    json.dumps(d)
    assert d["count"] == c.count and d["rows"][0]["type_name"] == c.rows[0].type_name
    json.dumps(pyinspect.census().diff(c).to_dict())


# ---- pictures of hand-built results -------------------------------------------------------

LONG = "some_package.with_a_long_module_name.and_a_nested.ClassNameThatIsLong"


def _hand_built() -> Census:
    return Census.build([("dict", 123_456_789, 9_876_543_210, 0, 0, True),
                         (LONG, 7, 12_345, 0, 0, True),
                         ("numpy.ndarray", 3, 336, 0, 0, False)], False, 0, 0.25)


def test_census_text_fits_80_columns_and_cuts_no_number():
    import io

    buf = io.StringIO()
    _hand_built().show(width=80, color=False, file=buf)
    text = buf.getvalue()
    assert max(len(line) for line in text.splitlines()) <= 80
    for number in ("123,456,789", "9,876,543,210", "12,345", "336"):
        assert number in text
    # the long name folds over lines but is not cut: its pieces start the lines
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if "some_package" in line)
    end = next(i for i, line in enumerate(lines) if "numpy.ndarray" in line)
    assert "".join(line.strip("│ ").split()[0] for line in lines[start:end]) == LONG
    assert "*" in text  # the unmirrored __sizeof__ is marked


def test_diff_text_and_rows():
    d = CensusDiff(rows=(CensusDiffRow(LONG, 1_000_000, 64_000_000), CensusDiffRow("list", 2, -16)),
                   min_count=1, min_bytes=None, count_delta=1_000_002, bytes_delta=63_999_984, untracked=False)
    import io

    buf = io.StringIO()
    d.show(width=80, color=False, file=buf)
    text = buf.getvalue()
    assert max(len(line) for line in text.splitlines()) <= 80
    for number in ("+1,000,000", "+64,000,000", "-16", "+1,000,002"):
        assert number in text
    empty = CensusDiff(rows=(), min_count=100, min_bytes=None, count_delta=0, bytes_delta=0, untracked=False)
    assert not empty
    buf = io.StringIO()
    empty.show(width=80, color=False, file=buf)
    assert "nothing grew (min_count=100)" in buf.getvalue()


def test_svg_pictures_are_well_formed():
    c = _hand_built()
    root = ET.fromstring(to_svg(c))
    rows = [e for e in root.iter() if "census-row" in (e.get("class") or "")]
    assert [e.get("data-type") for e in rows] == ["dict", LONG, "numpy.ndarray"]
    d = CensusDiff(rows=(CensusDiffRow("list", 2, 100),), min_count=1, min_bytes=None, count_delta=2,
                   bytes_delta=100, untracked=False)
    root = ET.fromstring(to_svg(d))
    assert [e.get("data-type") for e in root.iter() if "diff-row" in (e.get("class") or "")] == ["list"]


def test_census_rows_are_computed_from_its_data():
    c = _hand_built()
    assert c.rows[0] == CensusRow("dict", 123_456_789, 9_876_543_210, 0, 0, True)
    assert c["absent"] == CensusRow("absent", 0, 0) and len(c) == 3 and c.seconds == 0.25
    assert c.count == 123_456_799
