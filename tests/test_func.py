"""Functions, cells, code objects and bound methods, read from their structs.

Oracles: f.__code__, f.__closure__, f.__defaults__, f.__kwdefaults__,
f.__globals__, f.__code__.co_*, cell.cell_contents, m.__self__/__func__,
dis.COMPILER_FLAG_NAMES and id().
"""

from __future__ import annotations

import dis
import io
import json
import sys
import types

import pytest

import pyinspect
from pyinspect.model import (
    CellLayout,
    CellRef,
    CodeLayout,
    FunctionLayout,
    Header,
    ItemSummary,
    MethodLayout,
    co_flag_names,
)
from pyinspect.render import to_text

PY = sys.version_info[:2]


def make_threshold_filter(threshold):
    def keep(score):
        return score >= threshold
    return keep


def loop_lambdas():
    fs = []
    for i in range(3):
        fs.append(lambda: i)  # noqa: B023 (late binding is the point)
    return fs


def loop_defaults():
    return [lambda t=t: t for t in range(3)]


def everything(a, b=2, /, c=3, *args, d, e=5, **kw):
    """Doc of everything."""
    x = a + b

    def inner():
        return x + c
    return inner


async def coro(n):
    return n


def gen(n):
    yield n


# ---- functions ---------------------------------------------------------------------


FUNCS = [make_threshold_filter(0.85), everything, loop_lambdas()[0], loop_defaults()[1], coro, gen,
         lambda: None, make_threshold_filter, pyinspect.layout]


@pytest.mark.parametrize("f", FUNCS, ids=lambda f: f.__qualname__)
def test_function_fields_match_oracles(f) -> None:
    lay = pyinspect.layout(f)
    assert isinstance(lay, FunctionLayout) and lay.family == "function"
    assert lay.code_address == id(f.__code__)
    assert lay.globals_address == id(f.__globals__)
    assert lay.qualname == f.__qualname__ and lay.name == f.__name__
    assert lay.module == f.__module__
    assert lay.defaults_address == (id(f.__defaults__) if f.__defaults__ is not None else None)
    if f.__defaults__ is not None:
        assert lay.defaults == tuple(id(v) for v in f.__defaults__)
    if f.__kwdefaults__ is not None:
        assert lay.kwdefaults_address == id(f.__kwdefaults__)
        assert dict(lay.kwdefaults) == {k: id(v) for k, v in f.__kwdefaults__.items()}
    else:
        assert lay.kwdefaults_address is None and lay.kwdefaults is None
    if f.__closure__ is None:
        assert lay.closure is None and lay.closure_address is None and lay.cells == ()
    else:
        assert lay.closure_address == id(f.__closure__)
        assert lay.closure == tuple(id(c) for c in f.__closure__)
        assert [c.contents_address for c in lay.cells] == [id(c.cell_contents) for c in f.__closure__]
    assert lay.freevars == f.__code__.co_freevars
    assert lay.cellvars == f.__code__.co_cellvars
    assert lay.doc == (f.__doc__[:200] if f.__doc__ is not None else None)
    assert lay.doc_type == type(f.__doc__).__name__
    if PY >= (3, 10):
        assert lay.builtins_address == id(f.__builtins__)
    else:
        assert lay.builtins_address is None
    assert lay.vectorcall_name == "_PyFunction_Vectorcall"
    assert (lay.version is None) == (PY < (3, 11))
    assert lay.code is not None and lay.code.address == id(f.__code__)
    json.dumps(lay.to_dict())


def test_threshold_filter_closure_picture() -> None:
    keep = make_threshold_filter(0.85)
    lay = pyinspect.layout(keep)
    (cell,) = lay.cells
    assert isinstance(cell, CellRef)
    assert cell.name == "threshold" and cell.address == id(keep.__closure__[0])
    assert cell.contents is not None and cell.contents.value == "0.85"
    assert cell.refcnt == 1  # only keep's closure tuple holds it once the factory returned
    text = to_text(lay, width=110)
    assert "func_closure → tuple" in text and "[0] threshold → cell" in text and "0.85" in text
    assert "make_threshold_filter.<locals>.keep" in text


def test_late_binding_shares_one_cell() -> None:
    fs = loop_lambdas()
    lays = [pyinspect.layout(f) for f in fs]
    cells = {lay.closure[0] for lay in lays}
    assert cells == {id(fs[0].__closure__[0])}  # one cell for all three
    assert len({lay.closure_address for lay in lays}) == 3  # but three closure tuples
    for lay in lays:
        assert lay.cells[0].refcnt == 3
        assert lay.cells[0].contents.value == "2"
    assert "shared: 3 references" in to_text(lays[0], width=120)


def test_default_arguments_do_not_share() -> None:
    fs = loop_defaults()
    lays = [pyinspect.layout(f) for f in fs]
    assert all(lay.closure is None for lay in lays)
    assert [lay.default_summaries[0].value for lay in lays] == ["0", "1", "2"]
    assert len({lay.defaults_address for lay in lays}) == 3


def test_annotations_presence() -> None:
    def annotated(x: int) -> str:
        return str(x)

    def plain(x):
        return x

    a, p = pyinspect.layout(annotated), pyinspect.layout(plain)
    assert a.has_annotations and not p.has_annotations
    # this module uses `from __future__ import annotations`: stored eagerly
    # as strings (3.10+ as a flat (name, value, ...) tuple until first read)
    assert a.annotations_count == 2 or a.annotate_address is not None
    if (3, 10) <= PY < (3, 14):
        assert a.annotations_type == "tuple"  # pyinspect did not materialize the dict
    assert len(annotated.__annotations__) == 2
    assert pyinspect.layout(annotated).annotations_type == "dict"  # reading it made the dict
    ns: dict = {}
    exec("def lazy(x: int) -> str: return str(x)", ns)
    lazy = pyinspect.layout(ns["lazy"])
    assert lazy.has_annotations
    if PY >= (3, 14):
        assert lazy.annotate_address is not None and lazy.annotations_address is None  # PEP 649


def test_empty_closure_cell_and_kwdefaults() -> None:
    def outer():
        def inner():
            return later  # noqa: F821
        lay = pyinspect.layout(inner)
        later = 1  # noqa: F841
        return lay

    lay = outer()
    assert lay.cells[0].contents_address is None and lay.cells[0].contents is None
    assert "empty cell" in to_text(lay, width=110)


def test_refcount_as_held() -> None:
    f = make_threshold_filter(1)
    assert pyinspect.layout(f).refcnt == 1
    g = f
    assert pyinspect.layout(f).refcnt == 2
    del g


# ---- cells ------------------------------------------------------------------------------


def test_cell_layout() -> None:
    cell = make_threshold_filter(2.5).__closure__[0]
    lay = pyinspect.layout(cell)
    assert isinstance(lay, CellLayout)
    assert lay.contents_address == id(cell.cell_contents) and lay.contents.value == "2.5"
    assert lay.ob_ref_offset == pyinspect.struct_info()["PyCellObject"]["ob_ref"][0]
    empty = types.CellType()
    e = pyinspect.layout(empty)
    assert e.contents_address is None and e.empty and e.contents is None
    assert "empty cell" in to_text(e)


# ---- code objects -----------------------------------------------------------------------


CODES = [f.__code__ for f in FUNCS] + [everything(1, d=4).__code__,
                                       compile("x = 1\ny = x + 2\n", "<mod>", "exec"),
                                       (lambda *a, **k: [v for v in a]).__code__]


def co_nlocalsplus(co) -> int:
    cells_not_args = [c for c in co.co_cellvars if c not in co.co_varnames]
    return len(co.co_varnames) + len(cells_not_args) + len(co.co_freevars)


@pytest.mark.parametrize("co", CODES, ids=lambda c: c.co_name)
def test_code_fields_match_oracles(co) -> None:
    lay = pyinspect.layout(co)
    assert isinstance(lay, CodeLayout)
    assert lay.argcount == co.co_argcount
    assert lay.posonlyargcount == co.co_posonlyargcount
    assert lay.kwonlyargcount == co.co_kwonlyargcount
    assert lay.nlocals == co.co_nlocals
    assert lay.stacksize == co.co_stacksize
    assert lay.co_flags == co.co_flags
    assert lay.firstlineno == co.co_firstlineno
    assert lay.varnames == co.co_varnames
    assert lay.cellvars == co.co_cellvars
    assert lay.freevars == co.co_freevars
    assert lay.names == co.co_names
    assert lay.consts == tuple(id(c) for c in co.co_consts)
    assert lay.consts_address == id(co.co_consts)
    assert lay.filename == co.co_filename and lay.name == co.co_name
    assert lay.bytecode_size == len(co.co_code)
    named = {name for bit, name in dis.COMPILER_FLAG_NAMES.items() if co.co_flags & bit}
    assert named <= set(lay.flags)
    if PY >= (3, 11):
        assert lay.qualname == co.co_qualname
        assert lay.nlocalsplus == co_nlocalsplus(co)
        assert [n for n, _k in lay.localsplus] == list(dict.fromkeys(
            [*co.co_varnames, *co.co_cellvars, *co.co_freevars]))
        assert lay.bytecode_offset is not None and lay.exceptiontable_size == len(co.co_exceptiontable)
        assert lay.linetable_size == len(co.co_linetable)
    else:
        assert lay.qualname is None and lay.localsplus is None and lay.bytecode_offset is None
    if PY >= (3, 12):
        assert lay.framesize is not None and lay.framesize >= lay.nlocalsplus + lay.stacksize
    json.dumps(lay.to_dict())


def test_code_flag_names() -> None:
    assert co_flag_names(0x13) == ("OPTIMIZED", "NEWLOCALS", "NESTED")
    assert co_flag_names(0x23 | 0x1000000) == ("OPTIMIZED", "NEWLOCALS", "GENERATOR", "FUTURE_ANNOTATIONS")
    assert co_flag_names(1 << 30) == ("bit30",)
    lay = pyinspect.layout(coro.__code__)
    assert "COROUTINE" in lay.flags and "GENERATOR" not in lay.flags


def test_code_consts_bounded() -> None:
    src = "x = (" + ", ".join(f"'c{i}'" for i in range(200)) + ")\n" + \
          "\n".join(f"y{i} = {i * 1000}" for i in range(100))
    co = compile(src, "<big>", "exec")
    lay = pyinspect.layout(co, limit=8)
    assert len(lay.consts) == 8 and lay.consts_omitted == len(co.co_consts) - 8
    assert lay.consts[:lay.consts_head] == tuple(id(c) for c in co.co_consts[:lay.consts_head])


# ---- bound methods ------------------------------------------------------------------------


class Thing:
    def method(self):
        return self

    @classmethod
    def cm(cls):
        return cls


def test_bound_method() -> None:
    t = Thing()
    m = t.method
    lay = pyinspect.layout(m)
    assert isinstance(lay, MethodLayout)
    assert lay.self_address == lay.im_self == id(m.__self__) == id(t)
    assert lay.func_address == id(m.__func__)
    assert lay.func_qualname == "Thing.method" and lay.func_type == "function"
    assert lay.self_summary.type_name == "Thing"
    c = pyinspect.layout(Thing.cm)
    assert c.self_address == id(Thing)
    assert "__self__" in to_text(lay)


# ---- nothing of the inspected objects runs --------------------------------------------------


class Hostile:
    def __repr__(self):
        raise AssertionError("repr")

    def __eq__(self, other):
        raise AssertionError("eq")

    def __hash__(self):
        raise AssertionError("hash")

    def __getattr__(self, name):
        raise AssertionError("getattr")

    def __format__(self, spec):
        raise AssertionError("format")


class SneakyStr(str):
    def __format__(self, spec):
        raise AssertionError("format")

    def __str__(self):
        raise AssertionError("str")

    def __repr__(self):
        raise AssertionError("repr")


def test_no_code_of_the_function_runs() -> None:
    h = Hostile()

    def f(a=h, *, b=h):
        return h

    f.__module__ = Hostile()
    f.__doc__ = Hostile()
    f.__qualname__ = SneakyStr("sneaky")
    lay = pyinspect.layout(f)
    assert lay.module is None and lay.module_address == id(f.__module__)
    assert lay.qualname == "sneaky" and type(lay.qualname) is str
    assert lay.doc is None
    assert lay.default_summaries[0].value is None and lay.default_summaries[0].type_name == "Hostile"
    assert lay.kwdefault_summaries[0].type_name == "Hostile"
    to_text(lay)  # drawing it runs nothing either
    m = types.MethodType(f, h)
    to_text(pyinspect.layout(m))


def test_bad_input_raises_clearly() -> None:
    from pyinspect._native import _inspect

    with pytest.raises(TypeError, match="needs a function"):
        _inspect.read_function(1)
    with pytest.raises(TypeError, match="needs a code object"):
        _inspect.read_code("x")
    with pytest.raises(TypeError, match="needs a cell"):
        _inspect.read_cell(None)
    with pytest.raises(TypeError, match="bound method"):
        _inspect.read_method(len)


# ---- renderer, from hand-built layouts ---------------------------------------------------------


def header(type_name: str, address: int = 0x1000) -> Header:
    return Header(address=address, type_name=type_name, type_address=0x2000, refcnt=1, refcnt_raw=1,
                  refcnt_fields={"ob_refcnt": 1}, refcnt_stored=1, transient_refs=0, immortal=False,
                  basicsize=144, itemsize=0, ob_size=None, tp_flags=0, gc_head_bytes=16, gc_tracked=True,
                  preheader_bytes=0, object_bytes=144, buffer_bytes=0, allocated_bytes=144)


def fake_function(cell_address: int, refcnt: int, value: str) -> FunctionLayout:
    cell = CellRef(index=0, name="i", address=cell_address, refcnt=refcnt, contents_address=0x5000,
                   contents=ItemSummary(0x5000, "int", value))
    return FunctionLayout(
        header=header("function"), code_address=0x3000, globals_address=0x4000, builtins_address=None,
        name="<lambda>", qualname="loop.<locals>.<lambda>", module="m", module_address=0x4100,
        defaults_address=None, defaults=None, default_summaries=(), kwdefaults_address=None, kwdefaults=None,
        kwdefault_summaries=(), closure_address=0x6000, closure=(cell_address,), cells=(cell,),
        freevars=("i",), cellvars=(), doc=None, doc_type="NoneType", doc_address=0x10, dict_address=None,
        weakreflist_address=None, annotations_address=None, annotations_type=None, annotations_count=0,
        annotate_address=None, typeparams_address=None, vectorcall=0x7000,
        vectorcall_name="_PyFunction_Vectorcall", version=None, code=None)


def test_render_closure_picture_from_hand_built_layout() -> None:
    text = to_text(fake_function(0xABC0, 3, "2"), width=120)
    assert "func_closure → tuple 0x6000" in text
    assert "[0] i → cell 0xabc0" in text and "refcnt 3" in text and "shared: 3 references" in text
    assert "ob_ref → 2" in text
    alone = to_text(fake_function(0xABC0, 1, "7"), width=120)
    assert "shared" not in alone


def test_cell_colour_depends_only_on_address() -> None:
    from pyinspect.render.text_code import cell_style

    assert cell_style(0xABC0) == cell_style(0xABC0)
    assert cell_style(None) == "dim"


def test_show_function_prints() -> None:
    buf = io.StringIO()
    pyinspect.show(make_threshold_filter(0.85), color=False, width=110, file=buf)
    out = buf.getvalue()
    assert "PyFunctionObject" in out and "threshold" in out and "0.85" in out


@pytest.mark.skipif(PY >= (3, 14), reason="sys.getrefcount does not see borrowed stack references on 3.14+")
def test_nested_code_refcount_as_held() -> None:
    f = make_threshold_filter(3)
    lay = pyinspect.layout(f)
    co = f.__code__
    if lay.code.immortal:
        # 3.13t immortalizes objects with deferred reference counts (gh-117783: code
        # objects among them) once a second thread has started (an earlier
        # test's threads)
        assert lay.code.refcnt == sys.getrefcount(co)
        return
    # held by every keep() function alive and by make_threshold_filter's
    # co_consts; `co` here and getrefcount's argument are the test's own
    assert lay.code.refcnt == sys.getrefcount(co) - 2
