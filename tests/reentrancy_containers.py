"""Re-entrancy scenarios of the container families, run by
``test_reentrancy_containers.py`` each in its own interpreter.

A scenario is a victim (a container holding objects that die when the
container lets go of them), calls that read it (``layout``, ``show``,
``save``, ``probe``, ``names``, ``attributes``) and hostile actions run from
the collector in the middle of each call (``reentrancy.sweep``): clear it,
grow it past a resize, shrink it, replace its items, rebind an instance's
class.  Every result must be a consistent Layout (the invariants below,
which hold for any one moment of the object) or an ``InspectError``.

Under AddressSanitizer (``PYTHONMALLOC=malloc``) or a debug build (freed
memory filled with 0xDD) a reader that keeps a pointer into the container
across an allocation reads freed memory and the process dies: the test
running the scenario fails with the sanitizer's report.
"""

from __future__ import annotations

import builtins
import gc
import io
import os
import sys
import tempfile
from typing import Any, Callable

import reentrancy

import pyinspect
from pyinspect import InspectError
from pyinspect.model import (
    ByteArrayLayout,
    DictLayout,
    ListLayout,
    NamesLayout,
    ObjectLayout,
    ProbeResult,
    SetLayout,
    StrLayout,
    TupleLayout,
)

#: collection points tried for calls that also render (the reads come first)
RENDER_POINTS = 50
#: calls that render: run with the first hostile action only (their reads
#: are layout()'s, swept with every action)
RENDERING = ("show", "save")


class Item:
    """An object that exists only while a container holds it."""

    __slots__ = ("n", "__weakref__")

    def __init__(self, n: int) -> None:
        self.n = n


def items(n: int, start: int = 0) -> list[Item]:
    return [Item(i) for i in range(start, start + n)]


# ---- invariants of one moment -------------------------------------------------------------


def check(result: Any) -> None:
    """Assert what any one moment of the object satisfies."""
    if isinstance(result, ListLayout):
        assert 0 <= result.size <= result.allocated or (result.size == 0 and result.allocated == 0), result
        assert len(result.items) + result.items_omitted == result.size
        assert len(result.summaries) == len(result.items)
        assert 0 <= result.items_head <= len(result.items)
        assert [s.address for s in result.summaries] == list(result.items), \
            "the item summaries describe other objects than the items read (two reads of the list)"
    elif isinstance(result, TupleLayout):
        assert len(result.items) + result.items_omitted == result.size
        assert [s.address for s in result.summaries] == list(result.items), \
            "the item summaries describe other objects than the items read"
    elif isinstance(result, DictLayout):
        assert result.capacity == 1 << result.log2_size
        assert 0 <= result.used <= result.nentries or result.keys_kind == "split"
        assert result.nentries + result.usable <= result.entries_capacity, result
        assert len(result.indices) + result.indices_omitted == result.capacity
        assert len(result.entries) + result.entries_omitted == result.nentries
        assert len(result.keys) == len(result.entries) == len(result.values_shown)
        assert all(-2 <= ix < result.nentries for ix in result.indices), result.indices
        if result.values is not None:
            assert sum(v is not None for v in result.values) <= len(result.values)
    elif isinstance(result, SetLayout):
        assert 0 <= result.used <= result.fill <= result.mask + 1
        assert (result.mask + 1) & result.mask == 0
        assert len(result.table) + result.table_omitted == result.mask + 1
        assert len(result.keys) == len(result.table)
        assert sum(type(r) is tuple for r in result.table) <= result.used, \
            "more live slots in the table than used: fields and table from two moments"
    elif isinstance(result, ByteArrayLayout):
        assert 0 <= result.size <= result.alloc or (result.size == 0 and result.alloc == 0)
        assert len(result.data) + result.data_omitted == result.size
    elif isinstance(result, StrLayout):
        assert len(result.data or b"") == (result.length - result.data_omitted) * result.kind
    elif isinstance(result, ObjectLayout):
        if result.values_capacity >= 0 and result.values_size >= 0:
            assert result.values_size <= result.values_capacity
    elif isinstance(result, NamesLayout):
        addresses = {o.address for o in result.objects}
        assert all(r.target in addresses for r in result.names)
        for o in result.objects:
            if o.family in ("list", "tuple", "set", "frozenset") and o.size is not None:
                assert len(o.slots) + o.slots_omitted == o.size, o
            elif o.family in ("dict", "frozendict") and o.size is not None:
                # a dict's omitted entries include deleted ones: the live ones
                # (ma_used) are the values shown plus some of those
                assert len(o.slots) <= o.size <= len(o.slots) + o.slots_omitted, o
            if result.objects_omitted == 0 and o.depth < 2:
                assert all(slot.target is None or slot.target in addresses for slot in o.slots)
    elif isinstance(result, ProbeResult):
        assert result.result in ("found", "missing", "undecided")
        assert 0 <= result.used <= result.capacity
        assert (result.result == "found") == (result.entry_index is not None)
    elif isinstance(result, str):  # a picture
        assert result
    elif result is not None:
        raise AssertionError(f"unexpected result {type(result).__name__}")


# ---- calls ------------------------------------------------------------------------------------

_TMP = tempfile.mkdtemp(prefix="pyinspect-reentrancy-")


def _show(obj: Any) -> str:
    buf = io.StringIO()
    pyinspect.show(obj, file=buf, color=False, width=100)
    return buf.getvalue()


def _save(obj: Any, suffix: str) -> str:
    path = pyinspect.save(obj, os.path.join(_TMP, "picture" + suffix))
    with open(path, encoding="utf-8") as f:
        return f.read()


def reading_calls(get: Callable[[], Any]) -> dict[str, Callable[[], Any]]:
    """The calls every family gets: layout whole and windowed, show, save."""
    return {
        "layout": lambda: pyinspect.layout(get()),
        "layout(limit=8)": lambda: pyinspect.layout(get(), limit=8),
        "show": lambda: _show(get()),
        "save(.svg)": lambda: _save(get(), ".svg"),
        "save(.html)": lambda: _save(get(), ".html"),
    }


# ---- scenarios ----------------------------------------------------------------------------------


class Scenario:
    """A victim factory, its calls and its hostile actions."""

    def __init__(self, make: Callable[[], Any], calls: Callable[[Callable[[], Any]], dict[str, Callable[[], Any]]],
                 hostile: dict[str, Callable[[Any], None]]) -> None:
        self.make = make
        self.calls = calls
        self.hostile = hostile


#: items a growing action adds: from 40, enough to cross two resizes of a
#: list, dict or set; small enough that a whole read stays cheap to sweep
GROW = 100


def _toggle_size(grow: Callable[[Any], None], shrink: Callable[[Any], None], size: Callable[[Any], int],
                 big: int = GROW + 40) -> Callable[[Any], None]:
    """Grow the victim past a resize when it is small, shrink it into a new
    allocation when big: each action frees the storage a reader may point
    into, and the victim stays bounded over a sweep."""

    def act(v: Any) -> None:
        if size(v) < big:
            grow(v)
        else:
            shrink(v)

    return act


def _list_hostiles() -> dict[str, Callable[[Any], None]]:
    return {
        "clear": lambda v: v.clear(),
        "resize": _toggle_size(lambda v: v.extend(items(GROW)), lambda v: v.__delitem__(slice(3, None)), len),
        "replace items": lambda v: v.__setitem__(slice(None), items(len(v) or 40)),
    }


def _dict_hostiles(key: Callable[[int], Any]) -> dict[str, Callable[[Any], None]]:
    def grow(d: Any) -> None:
        base = len(d) + 10_000
        for i in range(GROW):
            d[key(base + i)] = Item(i)

    def shrink(d: Any) -> None:
        # deleting keeps the table; clear() frees it: keep 3 entries in a new one
        kept = list(dict.items(d))[:3]
        d.clear()
        d.update(kept)

    def replace(d: Any) -> None:
        for k in list(d):
            d[k] = Item(0)

    return {"clear": lambda d: d.clear(), "resize": _toggle_size(grow, shrink, len), "replace values": replace}


def _set_hostiles() -> dict[str, Callable[[Any], None]]:
    def shrink(s: set) -> None:
        # discard() keeps the table; clear() frees it: keep 3 keys in a new one
        kept = list(s)[:3]
        s.clear()
        s.update(kept)

    return {
        "clear": lambda s: s.clear(),
        "resize": _toggle_size(lambda s: s.update(items(GROW)), shrink, len),
        "replace keys": lambda s: (s.clear(), s.update(items(40))),
    }


def _bytearray_hostiles() -> dict[str, Callable[[Any], None]]:
    return {
        "clear": lambda b: b.clear(),
        "resize": _toggle_size(lambda b: b.extend(b"x" * 70_000), lambda b: b.__delitem__(slice(3, None)), len,
                               big=60_000),
        "replace": lambda b: b.__setitem__(slice(None), bytes(range(256)) * 3),
    }


def _churn(_v: Any) -> None:
    """Allocate and free containers: all a hostile can do to an immutable victim."""
    junk = [items(50) for _ in range(20)]
    del junk


class Base:
    pass


def _retype(o: Any) -> None:
    """Rebind ``o``'s class to a fresh class: the old one, if young, is freed
    by the collection that runs next (a heap type lives in cycles)."""
    o.__class__ = type("Other", (Base,), {})


def _instance_hostiles() -> dict[str, Callable[[Any], None]]:
    def grow(o: Any) -> None:
        # past the shared keys' capacity: the values array (3.11+) is
        # reallocated or the instance gets a dict; the second time, removed
        if hasattr(o, "extra0"):
            for i in range(40):
                delattr(o, f"extra{i}")
        else:
            for i in range(40):
                setattr(o, f"extra{i}", Item(i))

    def strip(o: Any) -> None:
        for name in "abcdefgh":
            if hasattr(o, name):
                delattr(o, name)
            else:
                setattr(o, name, Item(0))

    return {
        "set attributes": grow,
        "delete attributes": strip,
        "materialize __dict__": lambda o: vars(o).update({"z": Item(1)}),
        "rebind class": _retype,
        "replace values": lambda o: [setattr(o, n, Item(2)) for n in "abcdefgh"],
    }


def _new_instance() -> Any:
    o = type("T", (Base,), {})()
    for i, n in enumerate("abcdefgh"):
        setattr(o, n, Item(i))
    return o


def _instance_calls(get: Callable[[], Any]) -> dict[str, Callable[[], Any]]:
    def retyped(call: Callable[[Any], Any]) -> Callable[[], Any]:
        # a young class that the hostile rebinding leaves to the collector
        def run() -> Any:
            o = get()
            _retype(o)
            return call(o)
        return run

    calls = reading_calls(get)
    calls.update({
        "attributes": lambda: pyinspect.attributes(get()),
        "attributes(limit=2)": lambda: pyinspect.attributes(get(), limit=2),
        "probe(instance, 'c')": lambda: pyinspect.probe(get(), "c"),
        "layout after a rebind": retyped(pyinspect.layout),
        "attributes after a rebind": retyped(pyinspect.attributes),
        "probe after a rebind": retyped(lambda o: pyinspect.probe(o, "a")),
    })
    return calls


def _table_calls(probe_key: Callable[[Any], Any]) -> Callable[[Callable[[], Any]], dict[str, Callable[[], Any]]]:
    def calls(get: Callable[[], Any]) -> dict[str, Callable[[], Any]]:
        out = reading_calls(get)
        out["probe"] = lambda: pyinspect.probe(get(), probe_key(get()))
        out["names(depth=2)"] = lambda: pyinspect.names({"victim": get()}, depth=2)
        return out
    return calls


def _list_calls(get: Callable[[], Any]) -> dict[str, Callable[[], Any]]:
    out = reading_calls(get)
    out["names(depth=2)"] = lambda: pyinspect.names({"victim": get()}, depth=2)
    return out


def _first_key(c: Any) -> Any:
    for k in c:
        return k
    return "missing"


def _split_dict() -> dict:
    o = _new_instance()
    return vars(o)  # the materialized __dict__: a split table sharing the class's keys (3.11+)


def _names_victim() -> dict:
    return {"a_list": items(30), "a_dict": {f"k{i}": Item(i) for i in range(30)}, "a_set": set(items(30)),
            "nested": [items(5), {"x": items(5)}], "an_instance": _new_instance()}


def _names_hostiles() -> dict[str, Callable[[Any], None]]:
    def clear_all(ns: dict) -> None:
        ns["a_list"].clear()
        ns["a_dict"].clear()
        ns["a_set"].clear()
        ns["nested"][0].clear()
        ns["nested"][1].clear()

    def grow_all(ns: dict) -> None:
        if len(ns["a_list"]) > GROW:
            ns["a_list"][5:] = []
            ns["a_set"].clear()
            ns["a_dict"].clear()
            return
        ns["a_list"].extend(items(GROW))
        ns["a_set"].update(items(GROW))
        ns["a_dict"].update({f"g{i}": Item(i) for i in range(GROW)})

    def rebind(ns: dict) -> None:
        ns["a_list"] = items(3)
        ns["a_dict"] = {}
        _retype(ns["an_instance"])

    return {"clear containers": clear_all, "resize containers": grow_all, "rebind names": rebind}


def _names_calls(get: Callable[[], Any]) -> dict[str, Callable[[], Any]]:
    return {
        "names(depth=2)": lambda: pyinspect.names(get(), depth=2),
        "names(depth=3, limit=4)": lambda: pyinspect.names(get(), depth=3, limit=4),
        "show(names)": lambda: _show(pyinspect.names(get(), depth=2)),
        "save(names)": lambda: _save(pyinspect.names(get(), depth=2), ".svg"),
    }


SCENARIOS: dict[str, Scenario] = {
    "list": Scenario(lambda: items(40), _list_calls, _list_hostiles()),
    "tuple": Scenario(lambda: tuple(items(3) for _ in range(12)), reading_calls,
                      {"clear the lists inside": lambda t: [x.clear() for x in t], "churn": _churn}),
    "dict (general keys)": Scenario(lambda: {i + 1000: Item(i) for i in range(40)},
                                    _table_calls(_first_key), _dict_hostiles(lambda i: i)),
    "dict (unicode keys)": Scenario(lambda: {f"key{i}": Item(i) for i in range(40)},
                                    _table_calls(_first_key), _dict_hostiles(lambda i: f"key{i}")),
    "dict (split keys)": Scenario(_split_dict, _table_calls(_first_key), _dict_hostiles(lambda i: f"attr{i}")),
    "set": Scenario(lambda: set(items(40)), _table_calls(_first_key), _set_hostiles()),
    "frozenset": Scenario(lambda: frozenset(items(40)), _table_calls(_first_key), {"churn": _churn}),
    "bytearray": Scenario(lambda: bytearray(b"abc" * 100), reading_calls, _bytearray_hostiles()),
    "str": Scenario(lambda: "".join(["\u0100text"] * 50), reading_calls, {"churn": _churn}),
    "instance": Scenario(_new_instance, _instance_calls, _instance_hostiles()),
    "names": Scenario(_names_victim, _names_calls, _names_hostiles()),
}
_frozendict = getattr(builtins, "frozendict", None)
if _frozendict is not None:  # 3.15
    SCENARIOS["frozendict"] = Scenario(lambda: _frozendict({f"k{i}": items(2) for i in range(40)}),
                                       _table_calls(_first_key),
                                       {"clear the lists inside": lambda d: [v.clear() for v in d.values()],
                                        "churn": _churn})


def run(family: str, only_call: str = "", only_hostile: str = "") -> None:
    """Sweep every (call, hostile) pair of ``family``; print one line per
    pair: points run, results checked, InspectErrors."""
    scenario = SCENARIOS[family]
    for hname, act in scenario.hostile.items():
        if only_hostile and hname != only_hostile:
            continue
        for cname in scenario.calls(lambda: None):
            if only_call and cname != only_call:
                continue
            if cname.startswith(RENDERING) and hname != next(iter(scenario.hostile)) and not only_call:
                continue
            stats = _sweep_pair(scenario, cname, act)
            print(f"{family} | {cname} | {hname} | {stats['points']} points | {stats['ok']} ok | "
                  f"{stats['refused']} InspectError", flush=True)
            gc.collect()


def _sweep_pair(scenario: Scenario, cname: str, act: Callable[[Any], None]) -> dict[str, int]:
    victim = [scenario.make()]
    read = scenario.calls(lambda: victim[0])[cname]
    stats = {"ok": 0, "refused": 0, "points": 0}

    def checked(result: Any) -> None:
        check(result)
        stats["ok"] += 1

    def call() -> Any:
        try:
            return read()
        except InspectError:
            stats["refused"] += 1
            return None

    saved = reentrancy.MAX_POINTS
    if cname.startswith(RENDERING):
        reentrancy.MAX_POINTS = RENDER_POINTS
    try:
        stats["points"] = reentrancy.sweep(call, lambda: act(victim[0]), checked)
    finally:
        reentrancy.MAX_POINTS = saved
    assert stats["ok"] + stats["refused"] == stats["points"], (cname, stats)
    return stats


if __name__ == "__main__":
    run(*sys.argv[1:])
