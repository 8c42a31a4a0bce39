"""SVG/HTML pictures of functions, closures, code, methods, types, generators
and dispatch plans, from hand-built Layouts: exact structure checked with
xml.etree, never pixels or live output."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pytest
from code_factory import (
    CELL,
    ONE,
    TWO,
    ZERO,
    cell_layout,
    closures_names,
    code_layout,
    early_binding,
    function_layout,
    generator_layout,
    late_binding,
    method_layout,
    plain_plan,
    subclass_plan,
    type_layout,
)
from layout_factory import SVG_NS, classes, find, texts
from test_render_html import well_formed_html

import pyinspect
from pyinspect.model import DispatchPlan, ItemSummary
from pyinspect.render import html, svg, svg_code


def parse(obj, rows: int = 16) -> ET.Element:
    doc = svg.to_svg(obj, rows)
    root = ET.fromstring(doc)
    assert root.tag == SVG_NS + "svg"
    assert int(root.get("width")) > 0 and int(root.get("height")) > 0
    return root


def groups(root: ET.Element, cls: str) -> list[ET.Element]:
    return find(root, "g", cls)


def group_texts(g: ET.Element, cls: str) -> list[str]:
    return [t.text or "" for t in find(g, "text", cls)]


# ---- closures -------------------------------------------------------------------------


def test_closure_picture_function_tuple_cell_contents():
    # GIVEN one of three lambdas made in a loop: its cell is shared (refcnt 3)
    f0 = late_binding()[0]
    root = parse(f0)
    # THEN function -> closure tuple -> one cell -> 2, and no defaults tuple
    (fn,) = groups(root, "fn-box")
    assert fn.get("data-qualname") == "<lambda>" and fn.get("data-address") == hex(f0.address)
    (tup,) = groups(root, "closure-tuple")
    assert tup.get("data-address") == hex(f0.closure_address)
    assert [g.get("data-field") for g in groups(tup, "box-row")] == ["[0]"]
    assert group_texts(tup, "row-value") == ["i"]
    (cellg,) = groups(root, "cell-box")
    assert "shared" in classes(cellg)
    assert cellg.get("data-address") == hex(CELL) and cellg.get("data-refcnt") == "3"
    assert find(cellg, "rect", "cell-box-frame")[0].get("fill") == svg_code.SHARED
    assert len(find(root, "path", "closure-arrow")) == 1
    (arrow,) = find(root, "path", "cell-arrow")
    assert arrow.get("data-to") == hex(CELL)
    (contents,) = find(root, "rect", "cell-contents")
    assert contents.get("data-address") == hex(TWO)
    assert len(find(root, "path", "contents-arrow")) == 1
    assert "2" in [t.text for t in find(root, "text", "target-label")]
    assert any("shared: 3 references" in t for t in texts(root))
    assert groups(root, "defaults-tuple") == []


def test_defaults_are_drawn_apart_from_the_closure():
    # GIVEN lambda t=t: t (the second of three)
    f1 = early_binding()[1]
    root = parse(f1)
    # THEN no closure, a defaults tuple of one value t= -> 1
    assert groups(root, "closure-tuple") == [] and groups(root, "cell-box") == []
    (dt,) = groups(root, "defaults-tuple")
    assert dt.get("data-address") == hex(f1.defaults_address)
    assert group_texts(dt, "row-value") == ["t="]
    (value,) = find(root, "rect", "default-value")
    assert value.get("data-address") == hex(ONE)
    assert len(find(root, "path", "defaults-arrow")) == 1 and len(find(root, "path", "default-arrow")) == 1


def test_unshared_cell_and_kwdefaults():
    s = ItemSummary(0x5000, "float", "0.85")
    f = function_layout(0xA000, "make.<locals>.keep", cells=(("threshold", 0xCE22000, 1, s),),
                        defaults=(ItemSummary(ONE, "int", "1"),), kwdefaults=(("z", ItemSummary(0x3000, "int", "3")),),
                        code=code_layout("keep", argcount=2, varnames=("x", "y", "z"), freevars=("threshold",)))
    root = parse(f)
    (cellg,) = groups(root, "cell-box")
    assert "shared" not in classes(cellg) and cellg.get("data-name") == "threshold"
    assert find(cellg, "rect", "cell-box-frame")[0].get("fill") == svg_code.CELL
    (dt,) = groups(root, "defaults-tuple")
    assert group_texts(dt, "row-value") == ["y="]  # the last of co_argcount's parameters
    (kw,) = groups(root, "kwdefaults-dict")
    assert [g.get("data-field") for g in groups(kw, "box-row")] == ["z="]
    assert [r.get("data-address") for r in find(root, "rect", "default-value")] == [hex(ONE), "0x3000"]


def test_function_picture_has_the_code_essentials():
    root = parse(late_binding()[0])
    counts = {g.get("data-field"): g.get("data-value") for g in find(root, "rect", "code-count")}
    assert counts["co_argcount"] == "0" and counts["co_firstlineno"] == "7" and counts["bytecode"] == "8 B"
    free = find(root, "rect", "name-chip free")
    assert len(free) == 2  # localsplus and co_freevars
    assert {t.text for t in find(root, "text", "chip-text")} >= {"OPTIMIZED", "NESTED", "i", "0:i"}


def test_empty_cell():
    root = parse(cell_layout(None))
    (cellg,) = groups(root, "cell-box")
    assert group_texts(cellg, "row-value") == ["NULL (empty)"]
    assert find(root, "rect", "cell-contents") == []
    root = parse(cell_layout(ItemSummary(TWO, "int", "2")))
    (contents,) = find(root, "rect", "cell-contents")
    assert contents.get("data-address") == hex(TWO)


# ---- the names picture: who shares a cell ---------------------------------------------


def object_groups(root: ET.Element) -> dict[str, ET.Element]:
    return {g.get("data-address"): g for g in groups(root, "object")}


def test_names_three_functions_one_shared_cell():
    # GIVEN f0, f1, f2 = [lambda: i for i in range(3)]
    root = parse(closures_names(shared=True))
    objs = object_groups(root)
    fns = [a for a, g in objs.items() if g.get("data-type") == "function"]
    cells = [a for a, g in objs.items() if g.get("data-type") == "cell"]
    # THEN three function nodes with arrows into one cell, drawn once and as shared
    assert len(fns) == 3 and cells == [hex(CELL)]
    into_cell = [p for p in find(root, "path", "slot-arrow") if p.get("data-to") == hex(CELL)]
    assert sorted(p.get("data-from") for p in into_cell) == sorted(fns)
    assert {r.get("data-key") for r in find(root, "rect", "slot used") if r.get("data-key")} >= {"i", "ob_ref"}
    box = find(objs[hex(CELL)], "rect", "object-box")[0]
    assert "shared" in classes(box) and box.get("fill") == svg.SHARED
    assert [objs[a].get("data-detail") for a in fns] == ["<lambda>"] * 3
    assert any("in 3 closures" in t for t in texts(root))


def test_names_defaults_three_separate_values():
    # GIVEN g0, g1, g2 = [lambda t=t: t for t in range(3)]
    root = parse(closures_names(shared=False))
    objs = object_groups(root)
    assert not [g for g in objs.values() if g.get("data-type") == "cell"]
    arrows = find(root, "path", "slot-arrow")
    assert sorted(p.get("data-to") for p in arrows) == sorted([hex(ZERO), hex(ONE), hex(TWO)])
    assert len({p.get("data-from") for p in arrows}) == 3
    assert not [r for r in find(root, "rect", "object-box") if "shared" in classes(r)]
    assert not any("closures" in t for t in texts(root))


def test_names_text_marks_the_shared_cell():
    buf = io.StringIO()
    pyinspect.show(closures_names(shared=True), file=buf, color=False, width=140)
    out = buf.getvalue()
    assert "in 3 closures" in out and out.count("i→#4") == 3 and "<lambda>" in out


def test_shared_cells_property():
    assert list(closures_names(shared=True).shared_cells.items()) == [(CELL, ["<lambda>.i"] * 3)]
    assert closures_names(shared=False).shared_cells == {}


# ---- code, method -------------------------------------------------------------------------


def test_code_picture():
    code = code_layout("keep", argcount=2, varnames=("x", "y"), cellvars=("c",), freevars=("threshold",))
    root = parse(code)
    counts = {g.get("data-field"): g.get("data-value") for g in find(root, "rect", "code-count")}
    assert list(counts) == ["co_argcount", "co_posonlyargcount", "co_kwonlyargcount", "co_nlocals",
                            "co_stacksize", "co_framesize", "co_firstlineno", "bytecode"]
    assert counts["co_argcount"] == "2" and counts["co_nlocals"] == "2"
    kinds = {r.get("class").split()[-1] for r in find(root, "rect", "name-chip")}
    assert kinds == {"local", "cell", "free", "global"}
    assert [t.text for t in find(root, "text", "chip-text")][:3] == ["OPTIMIZED", "NEWLOCALS", "NESTED"]
    assert any("8 bytes of bytecode (4 code units)" in t for t in texts(root))


def test_method_picture():
    root = parse(method_layout())
    (mb,) = groups(root, "method-box")
    assert [g.get("data-field") for g in groups(mb, "box-row")] == ["im_func", "im_self", "vectorcall"]
    (f,) = find(root, "rect", "method-func")
    (s,) = find(root, "rect", "method-self")
    assert f.get("data-address") == "0xf000" and s.get("data-type") == "Vector"
    assert len(find(root, "path", "func-arrow")) == 1 and len(find(root, "path", "self-arrow")) == 1
    assert {"__func__", "__self__", "Vector.norm"} <= set(texts(root))


# ---- types ------------------------------------------------------------------------------


def test_type_mro_chain():
    root = parse(type_layout())
    entries = find(root, "rect", "mro-entry")
    assert [r.get("data-name") for r in entries] == ["Vector3", "Vector", "object"]
    assert "self" in classes(entries[0])
    assert len(find(root, "path", "mro-arrow")) == 2
    assert [t.text for t in find(root, "text", "tp-base")] == ["tp_base"]


def test_type_slot_table():
    root = parse(type_layout())
    rows = {g.get("data-slot"): g for g in groups(root, "slot-row")}
    assert list(rows) == ["tp_dealloc", "tp_repr", "tp_init", "tp_hash", "nb_add"]
    assert {k: (g.get("data-state"), g.get("data-owner"), g.get("data-via")) for k, g in rows.items()} == {
        "tp_dealloc": ("c", "Vector3", "c"), "tp_repr": ("inherited", "object", "c"),
        "tp_init": ("inherited", "Vector", "python"), "tp_hash": ("inherited", "object", "c"),
        "nb_add": ("python", "Vector3", "python")}
    fills = {k: find(g, "rect", "slot-state")[0].get("fill") for k, g in rows.items()}
    assert fills == {"tp_dealloc": svg_code.C_SLOT, "tp_repr": svg_code.INHERITED, "tp_init": svg_code.INHERITED,
                     "tp_hash": svg_code.INHERITED, "nb_add": svg_code.PYTHON}
    assert group_texts(rows["tp_init"], "slot-state-text") == ["inherited (Python)"]
    assert group_texts(rows["tp_init"], "slot-owner-text") == ["from Vector"]
    assert "Vector.__add__, Vector3.__radd__  slot_nb_add" in group_texts(rows["nb_add"], "slot-what")
    assert [t.text for t in find(root, "text", "slot-table")] == ["PyTypeObject (tp_*)", "tp_as_number (nb_*)"]
    empty = find(root, "rect", "slot-empty")
    assert len(empty) == 2
    (sl,) = groups(root, "slots")
    assert (sl.get("data-filled"), sl.get("data-empty")) == ("5", "2")


@pytest.mark.parametrize("dictoffset, weaklistoffset, roles", [
    (0, 0, ["header", "header", "field", "field"]),
    (32, 40, ["header", "header", "field", "field", "__dict__", "__weakref__"]),
])
def test_type_instance_words(dictoffset, weaklistoffset, roles):
    size = 48 if dictoffset else 32
    root = parse(type_layout(dictoffset, weaklistoffset, basicsize=size))
    (inst,) = groups(root, "instance")
    assert inst.get("data-basicsize") == str(size) and inst.get("data-dictoffset") == str(dictoffset)
    words = find(inst, "rect", "word")
    assert [w.get("data-role") for w in words] == roles
    assert [w.get("data-offset") for w in words] == [str(8 * i) for i in range(len(roles))]


def test_type_managed_dict_in_front_of_the_object():
    root = parse(type_layout(-1, -32, basicsize=16))
    managed = find(root, "rect", "word managed")
    assert [m.get("data-role") for m in managed] == ["__dict__", "__weakref__"]
    assert any("in front of the object (-1)" in t for t in texts(root))


# ---- generators ---------------------------------------------------------------------------


def test_suspended_generator():
    root = parse(generator_layout("suspended"))
    states = find(root, "rect", "state")
    assert [s.get("data-state") for s in states] == ["created", "suspended", "running", "closed"]
    assert [s.get("data-state") for s in states if "current" in classes(s)] == ["suspended"]
    (sus,) = groups(root, "suspended")
    assert sus.get("data-line") == "44"
    assert any("suspended at line 44 of lesson.py" in t for t in texts(root))
    locs = groups(root, "local")
    assert [(g.get("data-name"), g.get("data-kind"), g.get("data-bound")) for g in locs] == [
        ("name", "local", "true"), ("resource", "local", "true"), ("later", "local", "false")]
    assert [group_texts(g, "local-value")[0] for g in locs] == ["'data.csv'", "<list>", "unbound"]


def test_closed_generator_has_no_frame():
    root = parse(generator_layout("closed"))
    assert [s.get("data-state") for s in find(root, "rect", "state current")] == ["closed"]
    assert groups(root, "local") == [] and groups(root, "suspended") == []
    assert any("released" in t for t in texts(root))


def test_locals_are_bounded_by_rows():
    root = parse(generator_layout("suspended"), rows=2)
    assert len(groups(root, "local")) == 2
    assert any("1 more slots" in t for t in texts(root))


# ---- dispatch ------------------------------------------------------------------------------


def test_dispatch_steps_in_order():
    root = parse(subclass_plan())
    (fig,) = groups(root, "dispatch")
    assert (fig.get("data-op"), fig.get("data-left"), fig.get("data-right")) == ("+", "Vector", "Vector3")
    steps = groups(root, "step")
    assert [(s.get("data-index"), s.get("data-call"), s.get("data-operand"), s.get("data-kind"))
            for s in steps] == [("1", "Vector3.__radd__(b, a)", "right", "python"),
                                ("2", "Vector.__add__(a, b)", "left", "python")]
    fills = [find(s, "rect", "step-box")[0].get("fill") for s in steps]
    assert fills == [svg_code.RIGHT, svg_code.LEFT]
    # the subclass rule is spelled out: b goes first
    assert len(find(root, "rect", "reflected-first")) == 1
    assert len(find(root, "path", "step-arrow")) == 2
    (other,) = find(root, "text", "otherwise-text")
    assert "unsupported operand" in other.text
    assert [o.get("data-type") for o in find(root, "rect", "operand")] == ["Vector", "Vector3"]


def test_dispatch_left_first_has_no_subclass_rule():
    root = parse(plain_plan())
    assert find(root, "rect", "reflected-first") == []
    assert [s.get("data-kind") for s in groups(root, "step")] == ["c", "python"]
    assert [t.text for t in find(root, "text", "step-kind-text")] == ["C slot", "Python"]
    assert "a note" in texts(root)


def test_dispatch_html_and_jupyter():
    plan = subclass_plan()
    frag = html.fragment(plan)
    root = ET.fromstring(frag)
    assert root.get("data-family") == "DispatchPlan"
    assert len(list(root.iter(SVG_NS + "svg"))) == 1
    cells = [[td.text for td in tr.iter("td")] for tr in root.iter("tr")][1:]
    assert [c[1] for c in cells] == ["Vector3.__radd__(b, a)", "Vector.__add__(a, b)"]
    well_formed_html(frag)
    assert "<svg" in plan._repr_html_()
    bundle = plan._repr_mimebundle_()
    assert "Vector3.__radd__(b, a)" in bundle["text/plain"] and "<svg" in bundle["text/html"]


def test_save_and_show_a_dispatch_plan(tmp_path, capsys):
    plan = plain_plan()
    root = ET.parse(pyinspect.save(plan, tmp_path / "plan.svg")).getroot()
    assert len(groups(root, "step")) == 2
    page = ET.parse(pyinspect.save(plan, tmp_path / "plan.html")).getroot()
    assert len(list(page.iter(SVG_NS + "svg"))) == 1
    pyinspect.show(plan, color=False, html=False)
    assert "int.__mul__(a, b)" in capsys.readouterr().out


def test_show_a_dispatch_plan_in_a_kernel(monkeypatch, capsys):
    import sys
    import types

    shown = []
    ipython = types.ModuleType("IPython")
    display_mod = types.ModuleType("IPython.display")
    display_mod.display = lambda obj, raw=False: shown.append(obj)
    ipython.get_ipython = lambda: types.SimpleNamespace(kernel=object())
    monkeypatch.setitem(sys.modules, "IPython", ipython)
    monkeypatch.setitem(sys.modules, "IPython.display", display_mod)
    pyinspect.show(subclass_plan())
    assert capsys.readouterr().out == ""
    (bundle,) = shown
    ET.fromstring(bundle["text/html"])
    assert "step" in bundle["text/html"] and "Vector3.__radd__(b, a)" in bundle["text/plain"]


# ---- every picture is well-formed ----------------------------------------------------------


@pytest.mark.parametrize("make", [
    lambda: late_binding()[0], lambda: early_binding()[0], lambda: cell_layout(None), code_layout, method_layout,
    type_layout, generator_layout, lambda: generator_layout("closed"), subclass_plan, plain_plan,
    lambda: closures_names(True), lambda: DispatchPlan([], "@", "int", "int", "TypeError: unsupported"),
], ids=["closure", "defaults", "cell", "code", "method", "type", "generator", "closed", "plan", "plan2", "names",
        "empty-plan"])
def test_pictures_are_well_formed(make):
    obj = make()
    parse(obj)
    frag = html.fragment(obj)
    ET.fromstring(frag)
    well_formed_html(frag)
    doc = html.page(obj)
    ET.fromstring(doc)


def test_long_closures_and_defaults_are_elided():
    cells = tuple((f"v{k}", 0xCE00000 + 0x100 * k, 1, ItemSummary(0x100 + k, "int", str(k))) for k in range(40))
    defaults = tuple(ItemSummary(0x9000 + k, "int", str(k)) for k in range(50))
    code = code_layout("big", argcount=50, varnames=tuple(f"p{k}" for k in range(50)),
                       freevars=tuple(c[0] for c in cells))
    root = parse(function_layout(0xB000, "big", cells=cells, defaults=defaults, code=code), rows=8)
    assert len(groups(root, "cell-box")) == 8 and len(find(root, "rect", "cell-contents")) == 8
    (tup,) = groups(root, "closure-tuple")
    assert [g.get("data-field") for g in groups(tup, "box-row")][-3:] == ["…", "[38]", "[39]"]
    assert "32 more" in group_texts(tup, "row-value")
    (dt,) = groups(root, "defaults-tuple")
    assert group_texts(dt, "row-value")[-1] == "p49=" and "42 more" in group_texts(dt, "row-value")
    assert len(find(root, "rect", "default-value")) == 8
    local = find(root, "rect", "name-chip local")
    assert len(local) == 16 + 16  # localsplus and co_varnames: rows * 2 names each
    more = [t.text for t in find(root, "text", "chip-text") if t.text.startswith("…")]
    assert more == ["… 74 more", "… 34 more", "… 24 more"]  # 90 slots, 50 varnames, 40 freevars
