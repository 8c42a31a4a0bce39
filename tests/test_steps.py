"""pyinspect.steps(): what each snapshot reads, checked against oracles: the
list growth sequence of the layouts dossier, refcounts the snippet measures
itself (sys.getrefcount where it is exact), cell identity, the DUMMY slot a
lookup oracle predicts; and bounded runs, exceptions, and nothing kept alive."""

from __future__ import annotations

import ast
import gc
import sys
import weakref

import pytest
from table_oracle import dict_path

import pyinspect
from pyinspect.model import DICT_DUMMY, Change, DictLayout, ListLayout, Snapshot, Steps

PY = sys.version_info[:2]


def after(run: Steps, line: int, function: str = "<module>") -> list[Snapshot]:
    """The snapshots taken after ``line`` ran in ``function``."""
    return [s for s in run if s.line == line and s.function == function]


def value(snap: Snapshot, name: str) -> str:
    node = snap.names.target(name)
    assert node is not None, (name, [r.name for r in snap.names.names])
    return node.value


# ---- what a snapshot is --------------------------------------------------------------------


def test_one_snapshot_per_line_with_its_text():
    run = pyinspect.steps("a = [0]\nb = a\nc = 1\n")
    assert isinstance(run, Steps) and len(run) == 3 and not run.truncated and run.ended == "return"
    assert [s.line for s in run] == [1, 2, 3]
    assert [s.code for s in run] == ["a = [0]", "b = a", "c = 1"]
    assert all(s.function == "<module>" and s.exception is None for s in run)
    assert [s.step for s in run] == [0, 1, 2]
    assert run[0].next_line == 2 and run[-1].event == "return"
    assert run.source.startswith("a = [0]") and run.lines[1] == "b = a"


def test_names_are_read_at_that_moment():
    run = pyinspect.steps("a = [0]\nb = a\na = None\n")
    first, second, third = run
    assert [r.name for r in first.names.names] == ["a"]
    lst = second.names.target("a")
    assert second.names.target("b") is lst and lst.allocated == 1 and lst.size == 1
    assert third.names.target("a").type_name == "NoneType" and third.names.target("b").address == lst.address


# ---- refcounts as the program holds them ---------------------------------------------------


def test_alias_reads_two_at_module_level():
    run = pyinspect.steps("a = [0]\nb = a\n")
    assert run[0].names.target("a").refcnt == 1
    assert run[1].names.target("a").refcnt == 2  # the step after b = a


def test_alias_reads_two_inside_a_function():
    def snippet():
        a = [0]
        b = a  # noqa: F841 - read through the frame
        return None

    run = pyinspect.steps(snippet)
    first, second = run[0], run[1]
    assert first.function == "snippet" and first.names.target("a").refcnt == 1
    assert second.names.target("a").refcnt == 2


def test_refcounts_in_a_called_function_and_its_caller():
    src = "def f(x):\n    y = x\n    return 0\na = [1]\nf(a)\nb = a\n"
    run = pyinspect.steps(src)
    (inside,) = after(run, 2, "f")
    # the list: a (module), x and y (f's locals); the caller's stack before 3.11 copies the argument
    assert inside.names.target("y").refcnt == inside.names.target("x").refcnt
    assert inside.names.target("y").refcnt == (4 if PY < (3, 11) else 3)
    (last,) = after(run, 6)
    assert last.names.target("a").refcnt == 2  # a and b; f's locals are gone


@pytest.mark.skipif(PY >= (3, 14), reason="from 3.14 locals are often lent without a reference: "
                                          "sys.getrefcount - 1 is not the program's count")
def test_refcounts_agree_with_getrefcount_measured_by_the_snippet():
    src = ("import sys\na = [1, 2]\nb = a\nt = (a, a)\nm = {'k': a}\n"
           "rc = sys.getrefcount(a) - 1\n")
    run = pyinspect.steps(src)
    last = run[-1]
    assert int(value(last, "rc")) == last.names.target("a").refcnt == 5


def test_recorder_frames_are_not_counted_for_a_returned_value():
    def snippet():
        t = [1, 2]
        return t

    run = pyinspect.steps(snippet)
    ret = [s for s in run if s.event == "return"]
    # t, and the value being returned (from 3.14 it may be lent without a reference); the
    # recorder's own reference to the returned value is not counted
    assert ret and ret[-1].names.target("t").refcnt in ((1, 2) if PY >= (3, 14) else (2,))


# ---- list growth, dict DUMMY, shared cells ---------------------------------------------------


def test_list_growth_follows_the_dossier(behaviour):
    expected = behaviour["list_append_allocated[n]"]
    n = min(40, len(expected) - 1)
    run = pyinspect.steps(f"a = []\nfor i in range({n}):\n    a.append(i)\n", max_steps=1000)
    grown = [s.table(s.names.target("a").address) for s in after(run, 3)]
    assert all(type(t) is ListLayout for t in grown)
    assert [t.size for t in grown] == list(range(1, n + 1))
    assert [t.allocated for t in grown] == expected[1:n + 1]
    assert after(run, 1)[0].table(after(run, 1)[0].names.target("a").address).allocated == expected[0]
    # a "resized" change exactly where allocated moved
    resized = [s.table(s.names.target("a").address).size for s in after(run, 3) if s.changed("resized")]
    assert resized == [k for k in range(1, n + 1) if expected[k] != expected[k - 1]]
    for s in after(run, 3):
        (mutated,) = [c for c in s.changed("mutated") if c.name == "a"]
        assert f"ob_size {s.table(mutated.address).size - 1} → " in mutated.detail


def test_del_leaves_a_dummy_where_the_lookup_oracle_says():
    src = "d = {'lr': 0.1, 'epochs': 10, 'layers': 3}\ndel d['epochs']\n"
    run = pyinspect.steps(src)
    before, after_del = run[0], run[1]
    address = before.names.target("d").address
    t0, t1 = before.table(address), after_del.table(address)
    assert isinstance(t0, DictLayout) and isinstance(t1, DictLayout)
    # the slot the key sat in: the first slot of its probe path whose index names entry 1
    slot = next(s for s in dict_path(hash("epochs"), t0.capacity - 1) if t0.indices[s] == 1)
    assert t1.indices[slot] == DICT_DUMMY and t0.indices[slot] == 1
    assert t1.entries[1][1] is None and t1.used == 2
    (change,) = after_del.changed("mutated")
    assert change.name == "d" and "'epochs'" in change.detail and f"dk_indices[{slot}] = DUMMY" in change.detail


def test_loop_lambdas_share_one_cell():
    src = ("fs = [lambda: i for i in range(3)]\n"
           "cell = id(fs[0].__closure__[0])\n"
           "same = fs[0].__closure__[0] is fs[2].__closure__[0]\n"
           "gs = [lambda i=i: i for i in range(3)]\n")
    run = pyinspect.steps(src, depth=3)
    last = run[-1]
    assert value(last, "same") == "True"
    shared = last.names.shared_cells
    assert list(shared) == [int(value(last, "cell"))] and len(shared[int(value(last, "cell"))]) == 3
    # the default-argument fix: three functions, no cell, three different defaults
    gs = last.names.target("gs")
    funcs = [last.names.node(s.target) for s in gs.slots]
    assert len({f.address for f in funcs}) == 3
    defaults = [last.names.node(f.slots[0].target).value for f in funcs]
    assert [f.slots[0].label for f in funcs] == ["i="] * 3 and defaults == ["0", "1", "2"]


def test_a_loop_variable_cell_is_mutated_as_the_loop_runs():
    def snippet():
        fs = []
        for i in range(3):
            fs.append(lambda: i)  # noqa: B023 - late binding is the point
        return fs

    run = pyinspect.steps(snippet, depth=3)
    cell_changes = [c for _, c in run.changes("mutated") if c.type_name == "cell"]
    assert len(cell_changes) >= 2 and all("ob_ref" in c.detail for c in cell_changes)
    last = [s for s in run if s.function == "snippet"][-1]
    (cell,) = last.names.shared_cells
    node = last.names.node(cell)
    assert last.names.node(node.slots[0].target).value == "2"  # late binding: every lambda sees 2


# ---- names and objects changing ----------------------------------------------------------------


def kinds(snap: Snapshot) -> dict[str, list[Change]]:
    out: dict[str, list[Change]] = {}
    for c in snap.changes:
        out.setdefault(c.kind, []).append(c)
    return out


def test_bound_rebound_unbound_and_refcnt():
    run = pyinspect.steps("a = [1]\nb = a\nb = [2]\ndel a\n")
    k0, k1, k2, k3 = (kinds(s) for s in run)
    assert [c.name for c in k0["bound"]] == ["a"] and [c.kind for c in k0["new"]] == ["new"]
    assert [c.name for c in k1["bound"]] == ["b"] and "refcnt 1 → 2" in k1["refcnt"][0].detail
    assert [c.name for c in k2["rebound"]] == ["b"] and "refcnt 2 → 1" in k2["refcnt"][0].detail
    assert [c.name for c in k3["unbound"]] == ["a"]
    assert [c.address for c in k3["freed"]] == [run[0].names.target("a").address]


def test_freed_agrees_with_a_finalizer():
    src = ("import weakref\nclass Box:\n    pass\ngone = []\nb = Box()\nweakref.finalize(b, gone.append, 1)\n"
           "c = [b]\nb = None\nc = None\nn = len(gone)\n")
    run = pyinspect.steps(src)
    box = after(run, 5)[0].names.target("b").address
    (still,) = after(run, 8)  # the list still holds it
    assert not [c for c in still.changes if c.kind == "freed" and c.address == box]
    (gone,) = after(run, 9)
    assert [c.address for c in gone.changed("freed") if c.type_name == "Box"] == [box]
    assert value(run[-1], "n") == "1"  # the finalizer ran: it really was freed


def test_locals_of_a_returned_frame_are_freed():
    src = "def f():\n    x = [1, 2]\n    return 0\nf()\ny = 1\n"
    run = pyinspect.steps(src)
    x = after(run, 2, "f")[0].names.target("x").address
    (call,) = after(run, 4)
    assert [c.address for c in call.changed("freed")] == [x]


# ---- bounded runs ------------------------------------------------------------------------------


@pytest.mark.parametrize("src", [
    "while True:\n    x = 1\n",
    "while True: pass\n",
    "i = 0\nwhile True:\n    i += 1\n",
    "while True:\n    try:\n        x = 1\n    except:\n        pass\n",  # swallows the stop
    "def f():\n    while True:\n        try:\n            x = 1\n        except BaseException:\n"
    "            pass\nf()\n",
])
def test_max_steps_ends_an_endless_loop(src):
    run = pyinspect.steps(src, max_steps=25)
    assert run.truncated and len(run) <= 25 and run.ended == "max_steps"
    if src != "while True: pass\n" or PY >= (3, 12):
        assert len(run) == 25
    else:  # before 3.12 a line that jumps to itself gives one line event: the run ends when it is reached
        assert len(run) == 0


def test_max_steps_counts_exactly_and_not_truncated_when_it_fits():
    src = "for i in range(3):\n    pass\n"
    full = pyinspect.steps(src)
    assert not full.truncated
    cut = pyinspect.steps(src, max_steps=len(full) - 1)
    assert cut.truncated and len(cut) == len(full) - 1
    assert [s.line for s in cut] == [s.line for s in full][:-1]


def test_arguments_are_checked():
    with pytest.raises(ValueError):
        pyinspect.steps("x = 1", max_steps=0)
    with pytest.raises(ValueError):
        pyinspect.steps("x = 1", depth=-1)
    with pytest.raises(TypeError):
        pyinspect.steps(42)
    with pytest.raises(TypeError):
        pyinspect.steps(lambda x: x)
    with pytest.raises(TypeError):
        pyinspect.steps("x = 1", globals=[])
    with pytest.raises(TypeError):
        pyinspect.steps(lambda: 1, globals={})
    with pytest.raises(SyntaxError):
        pyinspect.steps("x = (")


def test_nested_steps_is_refused():
    src = "import pyinspect\ninner = pyinspect.steps('x = 1')\n"
    run = pyinspect.steps(src)
    assert run[-1].exception.startswith("RuntimeError: steps() is already recording")


# ---- exceptions -----------------------------------------------------------------------------------


def test_an_uncaught_exception_is_the_last_snapshot():
    run = pyinspect.steps("x = 1\ny = x / 0\nz = 2\n")
    assert len(run) == 2 and run[-1].line == 2 and run[-1].event == "exception"
    try:
        eval("1 / 0")
    except ZeroDivisionError as e:
        expected = f"ZeroDivisionError: {e}"
    assert run[-1].exception == expected == run.exception and run.ended == "exception"
    assert run[-1].names.target("x").value == "1"


def test_an_exception_leaving_a_function_is_recorded_in_each_frame():
    src = "def f(d):\n    return d['missing']\nd = {}\nf(d)\n"
    run = pyinspect.steps(src)
    inner, outer = run[-2], run[-1]
    assert (inner.function, inner.line, outer.function, outer.line) == ("f", 2, "<module>", 4)
    assert inner.exception == outer.exception == "KeyError: 'missing'"


def test_a_caught_exception_is_shown_and_the_run_goes_on():
    run = pyinspect.steps("try:\n    x = int('seven')\nexcept ValueError:\n    x = 7\ny = x\n")
    raised = after(run, 2)[0]
    assert raised.exception.startswith("ValueError: invalid literal")
    assert run[-1].line == 5 and run[-1].exception is None and not run.truncated


def test_endless_recursion_ends_with_the_recursion_error():
    run = pyinspect.steps("x = 1\ndef f(n):\n    return f(n + 1)\nf(0)\n", max_steps=100_000)
    assert run.exception.startswith("RecursionError") and not run.truncated
    if PY >= (3, 12):
        assert run.ended == "exception"
        assert run[-1].function == "<module>" and run[-2].function == "f"
        assert run[-1].exception == run.exception
        assert max(s.call_depth for s in run) > 100  # each frame drawn as the recursion unwinds
    else:  # calling the trace function is what fails at the limit, and CPython switches it off
        assert run.ended == "untraced" and [s.line for s in run] == [1, 2]
    assert sys.gettrace() is None


def test_user_exception_code_does_not_run():
    src = ("class Loud(Exception):\n    def __str__(self):\n        raise SystemExit('ran')\n"
           "raise Loud(object())\n")
    run = pyinspect.steps(src)
    assert run[-1].exception == "Loud"

    class Meta(type):
        def __getattribute__(cls, name):
            raise SystemExit("ran")

    class Odd(Exception, metaclass=Meta):
        pass

    def snippet():
        raise Odd("x")

    assert pyinspect.steps(snippet)[-1].exception == "Odd"


# ---- nothing kept alive; the interpreter left as it was --------------------------------------------


class Box:
    pass


def test_no_object_of_a_function_snippet_is_kept_alive():
    refs = []

    def snippet():
        b = Box()
        refs.append(weakref.ref(b))
        c = [b, Box()]
        refs.append(weakref.ref(c[1]))
        return c

    run = pyinspect.steps(snippet)
    assert len(run) >= 4
    assert [r() for r in refs] == [None, None]  # no gc needed: nothing of ours refers to them


def test_no_object_of_a_str_snippet_is_kept_alive():
    refs = []
    src = "b = Box()\nrefs.append(weakref.ref(b))\ndef f():\n    return b\nx = 1 / 0\n"
    run = pyinspect.steps(src, globals={"Box": Box, "refs": refs, "weakref": weakref})
    assert run.exception.startswith("ZeroDivisionError")
    gc.collect()  # the snippet's function and its globals form a cycle
    assert refs[0]() is None


def test_objects_of_the_caller_keep_their_refcount():
    shared = [1, 2, 3]
    before = sys.getrefcount(shared)
    pyinspect.steps("y = x\ny.append(4)\n", globals={"x": shared})
    assert sys.getrefcount(shared) == before and shared == [1, 2, 3, 4]


def test_trace_hooks_are_restored():
    def tracer(frame, event, arg):
        return None

    old = sys.gettrace()
    sys.settrace(tracer)
    try:
        pyinspect.steps("x = 1\n")
        assert sys.gettrace() is tracer
    finally:
        sys.settrace(old)
    if PY >= (3, 12):
        assert all(sys.monitoring.get_tool(i) != "pyinspect.steps" for i in range(6))


@pytest.mark.skipif(PY < (3, 12), reason="sys.monitoring is 3.12+")
def test_all_monitoring_tool_ids_taken_is_a_clear_error():
    taken = []
    try:
        for i in range(6):
            if sys.monitoring.get_tool(i) is None:
                sys.monitoring.use_tool_id(i, "test")
                taken.append(i)
        with pytest.raises(RuntimeError, match="tool id"):
            pyinspect.steps("x = 1\n")
    finally:
        for i in taken:
            sys.monitoring.free_tool_id(i)
    assert len(pyinspect.steps("x = 1\n")) == 1


def test_only_the_snippets_own_lines_are_recorded():
    import json

    run = pyinspect.steps("import json\ns = json.dumps([1, 2])\nd = json.loads(s)\n")
    assert {s.function for s in run} == {"<module>"} and len(run) == 3
    assert json.loads(ast.literal_eval(value(run[-2], "s"))) == [1, 2]


def test_generator_frames_yield_and_resume():
    src = "def gen():\n    yield 1\n    yield 2\nt = 0\nfor v in gen():\n    t += v\n"
    run = pyinspect.steps(src)
    events = [(s.function, s.line, s.event) for s in run if s.function == "gen"]
    assert ("gen", 2, "yield") in events and ("gen", 3, "yield") in events
    assert value(run[-1], "t") == "3"
    frames = {s.frame for s in run if s.function == "gen"}
    assert len(frames) == 1  # one generator, resumed: one activation number


def test_function_source_lines_are_the_files():
    def snippet():
        first = 1
        second = first + 1
        return second

    run = pyinspect.steps(snippet)
    lines = run.lines
    for s in run:
        assert s.code == lines[s.line - run.first_line].strip()
    assert run[0].code == "first = 1" and run.first_line == snippet.__code__.co_firstlineno


def test_to_dict_is_jsonable():
    import json

    run = pyinspect.steps("a = [0]\nd = {'k': a}\ndel d['k']\n")
    json.dumps(run.to_dict())
    assert run.to_dict()["snapshots"][2]["changes"][0]["kind"] in ("mutated", "refcnt")


@pytest.mark.skipif(not hasattr(sys, "gettotalrefcount"), reason="needs a debug build (sys.gettotalrefcount)")
def test_steps_does_not_leak():
    import functools

    src = ("a = [0]\nb = a\nd = {'k': a}\ndel d['k']\ndef f():\n    return 1 / 0\n"
           "try:\n    f()\nexcept ZeroDivisionError:\n    pass\n")

    def total() -> int:
        for obj in gc.get_objects():
            if type(obj) is functools._lru_cache_wrapper:  # type: ignore[attr-defined]
                obj.cache_clear()
        gc.collect()
        return sys.gettotalrefcount()

    for _ in range(20):  # warm up: imports, interned names, type caches
        pyinspect.steps(src)
    rounds = 300
    before = total()
    for _ in range(rounds):
        pyinspect.steps(src)
    assert abs(total() - before) < rounds // 2  # one leaked reference per run would be >= 300
