"""range: the four int objects a rangeobject stores, read from its struct,
against ``range.__reduce__()`` (start, stop, step), ``len()`` and the items
themselves (length), the ``start``/``stop``/``step`` members (the very
objects stored) and ``__basicsize__``/``__sizeof__`` (the mirrored struct)."""

from __future__ import annotations

import io
import os
import struct
import sys

import pytest
from reentrancy import run_isolated

import pyinspect
from pyinspect._native import _inspect
from pyinspect.model import RangeLayout
from pyinspect.render.svg import to_svg

HERE = os.path.dirname(os.path.abspath(__file__))
RANGES = [range(0), range(10), range(3, 100, 7), range(10, -10, -3), range(5, 5), range(7, 3),
          range(-(2**63), 2**63), range(0, 2**64, 2**62), range(10**40, -(10**40), -(10**39 + 1)),
          range(2**100, 2**100 + 5)]


def _oracle_length(r: range) -> int:
    """The number of items, counted from the items themselves (r[0], r[-1])
    where len() overflows (past sys.maxsize)."""
    try:
        return len(r)
    except OverflowError:
        return (r[-1] - r[0]) // r.step + 1


@pytest.mark.parametrize("r", RANGES, ids=repr)
def test_fields_are_the_stored_ints(r):
    lay = pyinspect.layout(r)
    assert isinstance(lay, RangeLayout) and lay.family == "range"
    _, (start, stop, step) = r.__reduce__()
    assert (lay.start, lay.stop, lay.step) == (start, stop, step)
    assert lay.length == _oracle_length(r)
    # the members return the objects the struct points at
    assert lay.start_address == id(r.start) and lay.stop_address == id(r.stop)
    assert lay.step_address == id(r.step)
    assert all(type(v) is int for v in (lay.start, lay.stop, lay.step, lay.length))


def test_length_is_exact_past_2_63():
    r = range(0, 2**70, 3)
    with pytest.raises(OverflowError):
        len(r)
    lay = pyinspect.layout(r)
    assert lay.length == -(-(2**70) // 3) == (r[-1] - r[0]) // 3 + 1


def test_the_mirrored_struct_is_the_real_one():
    lay = pyinspect.layout(range(10**9))
    # PyObject_HEAD + four pointers, as tp_basicsize and __sizeof__ say
    assert lay.struct_size == range.__basicsize__ == range(10**9).__sizeof__() == lay.header.basicsize
    assert lay.struct_size - 4 * struct.calcsize("P") == object.__basicsize__


def test_the_values_outlive_the_range():
    r = range(2**80, 2**81, 2**70)
    raw = _inspect.read_range(r)
    del r
    assert raw["start"] == 2**80 and raw["stop"] == 2**81 and raw["step"] == 2**70 and raw["length"] == 1024


def test_family_and_type_checks():
    assert _inspect.family(range(3)) == "range"
    with pytest.raises(TypeError):
        _inspect.read_range([1, 2, 3])


def test_show_and_svg_name_the_fields():
    buf = io.StringIO()
    pyinspect.show(range(-(10**45), 10**45, 3), color=False, width=80, file=buf)
    out = buf.getvalue()
    assert "start" in out and "length" in out and "(46 digits)" in out
    svg = to_svg(pyinspect.layout(range(3, 100, 7)))
    assert svg.count('class="range-field"') == 4 and ">14<" in svg and ">100<" in svg  # length, stop


def test_a_hostile_collector_cannot_break_the_read():
    out = run_isolated(f"""
        import sys
        sys.path.insert(0, {HERE!r})
        import gc
        from reentrancy import sweep
        import pyinspect
        holder = [range(2**70, 2**71, 3)]
        r = holder[0]
        def hostile():
            holder.clear()  # the range's other reference goes
            gc.collect()
        def check(lay):
            assert lay.start == 2**70 and lay.stop == 2**71 and lay.step == 3  # noqa
        print(sweep(lambda: pyinspect.layout(r), hostile, check))
    """)
    points = int(out.split()[-1])
    assert points > 1 if sys.version_info < (3, 12) else points >= 1, out  # before 3.12 the collector ran inside


def test_names_labels_a_range_with_its_bounds_and_does_not_follow_it():
    r = range(3, 100, 7)
    big = range(10**50)
    pic = pyinspect.names({"r": r, "big": big})
    assert pic.target("r").detail == "range(3, 100, 7)" and not pic.target("r").slots
    assert pic.target("big").detail == "100…000 (51 digits) items"
