"""Every result's ``repr`` is one short line (type, address, key facts);
the whole picture is for show(), rich, IPython and Jupyter."""

from __future__ import annotations

import dataclasses
import io
import sys

import gallery
import pytest
from rich.console import Console

import pyinspect
from pyinspect.model import Layout
from pyinspect.model.display import Displayed
from pyinspect.output import _as_layout, _result

#: longer than this is not "short" (a dataclass repr of a dict Layout runs to thousands)
MAX_REPR = 160

ITEMS = [(label, obj if _result(obj) else _as_layout(obj, 16)) for label, obj in gallery.objects()] + gallery.results()


def _subclasses(cls: type) -> set[type]:
    out = set()
    for sub in cls.__subclasses__():
        out |= {sub} | _subclasses(sub)
    return out


@pytest.mark.parametrize("k", range(len(ITEMS)), ids=[label for label, _ in ITEMS])
def test_repr_is_one_short_line(k):
    label, result = ITEMS[k]
    text = repr(result)
    assert "\n" not in text and len(text) <= MAX_REPR, text
    assert text.startswith(f"<{type(result).__name__} ") and text.endswith(">")
    if isinstance(result, Layout):
        assert f"{result.address:#x}" in text and result.type_name in text


def test_repr_states_facts_of_the_object():
    big = 2**100
    assert f"ndigits={-(-big.bit_length() // 30)}" in repr(pyinspect.layout(big))
    xs = [1, 2, 3]
    xs.append(4)
    lay = pyinspect.layout(xs)
    assert f"size={len(xs)}" in repr(lay) and f"allocated={lay.allocated}" in repr(lay)
    assert f"{id(xs):#x}" in repr(lay)
    d = {"a": 1, "b": 2}
    assert f"used={len(d)}" in repr(pyinspect.layout(d))
    s = "héllo"
    assert f"length={len(s)}" in repr(pyinspect.layout(s))
    assert f"value={0.1!r}" in repr(pyinspect.layout(0.1))
    assert "found" in repr(pyinspect.probe({"k": 1}, "k"))
    assert "'int + float'" in repr(pyinspect.dispatch(1, "+", 2.0))


def test_no_result_class_prints_every_field():
    """Every Layout (and every result mixing in Displayed) keeps the short
    repr: the dataclass-generated one is not added back by a subclass."""
    import pyinspect.model  # noqa: F401  (every family registered)

    classes = _subclasses(Displayed)
    assert Layout in classes and len(classes) > 20
    for cls in classes:
        assert cls.__repr__ is Displayed.__repr__, cls


def test_to_dict_keeps_every_field():
    lay = pyinspect.layout({"a": 1})
    d = lay.to_dict()
    assert d["family"] == "dict"
    assert {f.name for f in dataclasses.fields(lay)} <= set(d)
    assert d["used"] == 1 and d["header"]["address"] == lay.address


def test_rich_and_ipython_draw_the_whole_picture():
    lay = pyinspect.layout([1, 2])
    buf = io.StringIO()
    Console(file=buf, width=100, color_system=None).print(lay)
    assert "PyObject header" in buf.getvalue() and buf.getvalue().count("\n") > 5
    pretty = pytest.importorskip("IPython.lib.pretty")
    text = pretty.pretty(lay)
    assert "PyObject header" in text and text.count("\n") > 5
    assert "\x1b[" not in text


def test_jupyter_bundle_has_both_and_no_colour():
    bundle = pyinspect.layout((1, "a"))._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "text/html"}
    assert "tuple at 0x" in bundle["text/plain"] and "\x1b[" not in bundle["text/plain"]
    assert "<svg" in bundle["text/html"]
    only_text = pyinspect.layout((1, "a"))._repr_mimebundle_(include=["text/plain"])
    assert set(only_text) == {"text/plain"}


def test_dispatch_plan_is_still_a_list():
    plan = pyinspect.dispatch(1, "+", 2.0)
    assert list(plan) == list(plan.steps) and plan == list(plan)
    assert len(repr(plan)) <= MAX_REPR


@pytest.mark.skipif(sys.version_info < (3, 10), reason="dataclass slots are 3.10+")
def test_layouts_stay_slotted():
    lay = pyinspect.layout(1.5)
    assert not hasattr(lay, "__dict__")
