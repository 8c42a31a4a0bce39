"""Pictures of hand-built dict/set/probe Layouts (no live objects)."""

from __future__ import annotations

import io

from pyinspect.model import (
    DictLayout,
    Header,
    ItemSummary,
    ProbeResult,
    ProbeStep,
    SetLayout,
    TableStats,
)
from pyinspect.render import console, to_text


def header(type_name="dict"):
    return Header(
        address=0x1000, type_name=type_name, type_address=0x2000, refcnt=1, refcnt_raw=1,
        refcnt_fields={"ob_refcnt": 1}, refcnt_stored=1, transient_refs=0, immortal=False,
        basicsize=48, itemsize=0, ob_size=None, tp_flags=0, gc_head_bytes=16, gc_tracked=False,
        preheader_bytes=0, object_bytes=48, buffer_bytes=0, allocated_bytes=48,
    )


def stats(slots, used, dummies=0, hist=(2,)):
    return TableStats(
        slots=slots, used=used, live=used, dummies=dummies, empty=slots - used - dummies, absent=0,
        deleted=dummies, bad=0, measured=used, unreachable=0, collisions=sum(hist[1:]),
        probe_sum=sum((k + 1) * n for k, n in enumerate(hist)), probe_max=len(hist),
        histogram=hist, histogram_cap=32, load_factor=used / slots, probe_mean=1.0,
    )


def lr_dict(**over):
    s = lambda v: ItemSummary(0x3000, "str", v)  # noqa: E731
    f = ItemSummary(0x4000, "float", "0.01")
    i = ItemSummary(0x5000, "int", "10")
    kw = dict(
        header=header(), used=2, keys_kind="unicode", log2_size=3, capacity=8, index_width=1,
        usable=2, nentries=3, indices=(-1, 2, -1, 0, -2, -1, -1, -1),
        entries=((123, 0x3000, 0x4000), (None, None, None), (456, 0x3100, 0x5000)), values=None,
        source="dict", dict_address=None, version_tag=0, keys_address=0x6000, values_address=None,
        dk_kind=1, dk_refcnt=1, immortal_keys=False, log2_index_bytes=3, dk_version=0, dk_lookup=None,
        entries_capacity=5, entry_size=16, indices_address=0x6020, entries_address=0x6028,
        empty_keys=False, empty_values=False, values_capacity=None, values_size=None,
        values_embedded=None, values_valid=None, order=None, indices_head=8, indices_omitted=0,
        entries_head=3, entries_omitted=0, entry_slots=((3, 1), None, (1, 2)),
        keys=(s("'lr'"), None, s("'epochs'")), values_shown=(f, None, i), stats=stats(8, 2, 1, (1, 1)),
    )
    kw.update(over)
    return DictLayout(**kw)


def test_dict_picture_shows_both_tables_slack_and_dummies():
    text = to_text(lr_dict(), width=120)
    assert "dk_indices: 8 slots × 1 B" in text
    assert "dk_entries: 3 of 5 used" in text
    assert "DUMMY" in text and "deleted" in text
    assert "→" in text
    assert "DUMMY" in text and "(deleted)" in text
    assert "[5–7]" in text  # a run of empty slots folded into one row
    assert "'lr'" in text and "0.01" in text and "'epochs'" in text
    assert "2 free" in text
    assert "load" in text and "25%" in text and "collisions" in text


def test_big_dict_picture_is_head_gap_tail():
    n = 40
    lay = lr_dict(
        capacity=1 << 20, log2_size=20, index_width=4, indices=tuple(range(n)) + tuple(range(10)),
        indices_head=n, indices_omitted=(1 << 20) - n - 10, nentries=700000, used=700000,
        entries=tuple((i, 0x10 + i, 0x20 + i) for i in range(12)), entries_head=8,
        entries_omitted=700000 - 12, entry_slots=tuple((i, 1) for i in range(12)),
        keys=(None,) * 12, values_shown=(None,) * 12, entries_capacity=699050,
        stats=stats(1 << 20, 700000, 0, (500000, 150000, 50000)),
    )
    text = to_text(lay, rows=16, width=140)
    assert "more …" in text
    assert "[1048575]" in text  # the last slot, from the tail
    assert "700000 keys in 1048576 slots" in text
    assert len(text.splitlines()) < 80


def test_set_picture():
    lay = SetLayout(
        header=header("set"), fill=4, used=3, mask=7, table=((0, 0x10), (1, 0x20), "dummy", None, None, None,
                                                               (6, 0x30), None),
        finger=0, table_address=0x1040, smalltable=True, smalltable_offset=64, hash=None,
        weakreflist=None, table_head=8, table_omitted=0, probes=(1, 1, None, None, None, None, 1, None),
        keys=(ItemSummary(0x10, "int", "0"), ItemSummary(0x20, "int", "1"), None, None, None, None,
              ItemSummary(0x30, "int", "6"), None),
        stats=stats(8, 3, 1, (3,)),
    )
    text = to_text(lay, width=120)
    assert "smalltable" in text and "<dummy>" in text and "[3–5]" in text
    assert "fill" in text and "3 active + 1 dummy" in text


def test_probe_picture():
    key = ItemSummary(0x3000, "str", "'lr'")
    p = ProbeResult(
        container_address=0x1000, container_type="dict", table_address=0x1000, scheme="dict", key=key,
        hash=-5, mask=7, capacity=8, used=2, keys_kind="unicode", linear_probes=0,
        steps=(ProbeStep(slot=3, status="hash differs", index=1, perturb=2**64 - 5, hash=99,
                         key_address=0x3100, value_address=0x5000, key=ItemSummary(0x3100, "str", "'x'")),
               ProbeStep(slot=1, status="identical", index=0, perturb=(2**64 - 5) >> 5, hash=-5,
                         key_address=0x3000, value_address=0x4000, key=key)),
        result="found", entry_index=0, value=ItemSummary(0x4000, "float", "0.01"),
    )
    buf = io.StringIO()
    console(buf, color=False, width=130).print(p)
    text = buf.getvalue()
    assert "lookup of 'lr' in dict" in text
    assert "hash & mask" in text and "(3*5 + perturb + 1) & 7" in text
    assert "found after 2 probes" in text and "0.01" in text
    assert p.home_slot == 3 and p.probes == 2 and p.found
