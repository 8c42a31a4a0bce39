"""``why_alive(obj)``: the reference paths that keep an object alive.

The search runs in C (``csrc/why_alive.c``) over the objects the collector
tracks: one pass over them per level, backwards from the object, until each
reference into it has a root (a module, a class, a variable of a running
frame in any thread, or an object whose references nobody visible holds).
Each step is named from the holder's struct (a dict entry's key, a list
index, an attribute of the instance's dict or inline values, a ``__slots__``
member, a closure cell); no ``__repr__``, ``__eq__``, ``__hash__`` or
``__getattr__`` of any object runs, and nothing is kept alive after the
call returns.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any, Optional

from pyinspect import arguments
from pyinspect._native import _inspect
from pyinspect.model.alive import AlivePath, AlivePaths, PathStep, unseen_words
from pyinspect.read import summarize

__all__ = ["why_alive", "MAX_PATHS", "MAX_DEPTH"]

#: the most paths one call returns, and the deepest search
MAX_PATHS = 1000
MAX_DEPTH = 1000

#: dict keys longer than this are shown cut (``['aaaa…']``)
KEY_CHARS = 40


def why_alive(obj: object, *, max_paths: int = 3, max_depth: int = 20) -> AlivePaths:
    """The reference paths that keep ``obj`` alive, each from a root.

    ``pyinspect.why_alive(rec)`` answers "which names keep this alive?" as
    code would write them (``appmod.registry['cache']['k'][0]``), and says
    how many references nobody visible holds (a C extension, the
    interpreter).  ``show()`` prints the paths; the result's ``paths`` are
    data (:class:`~pyinspect.model.AlivePath`, with ``str(path)`` the
    expression).

    Args:
        obj: any object; none of its code (nor of anything holding it) runs.
        max_paths: paths to return (1 to 1000): each reference into ``obj``
            gets its shortest path first, then further roots.
        max_depth: the longest path searched (1 to 1000 references); each
            level costs one pass over the objects the collector tracks.

    Returns:
        An :class:`~pyinspect.model.AlivePaths`.

    Raises:
        TypeError, ValueError, OverflowError: an option of the wrong type or
            out of range.
    """
    max_paths = arguments.count(max_paths, "max_paths", minimum=1, maximum=MAX_PATHS)
    max_depth = arguments.count(max_depth, "max_depth", minimum=1, maximum=MAX_DEPTH)
    address = id(obj)
    start = time.perf_counter()
    raw = _inspect.why_alive(obj, max_paths, max_depth)
    seconds = time.perf_counter() - start
    return _build(address, raw, max_paths, max_depth, seconds)


# ---- building the result ---------------------------------------------------------------


def _short_hex(address: int) -> str:
    return f"{address:#x}"


def _object_label(type_name: str, address: int) -> str:
    return f"<{type_name} at {address:#x}>"


def _scalar_text(value: Any, depth: int = 0) -> Optional[str]:
    """The text of a builtin scalar key, from its own layout; None for other objects."""
    t = type(value)
    if t is tuple and depth < 2 and len(value) <= 8:
        parts = [_scalar_text(v, depth + 1) for v in value]
        if any(p is None for p in parts):
            return None
        return "(" + ", ".join(parts) + ("," if len(parts) == 1 else "") + ")"
    if t is int and value.bit_length() > 128:
        return f"<int of {value.bit_length()} bits>"
    if t is str and len(value) > KEY_CHARS:
        return repr(value[:KEY_CHARS])[:-1] + "…" + repr(value)[0]
    if value is None or t in (bool, int, float, str, bytes):
        return summarize(value).value
    return None


def _key_text(value: Any) -> str:
    """``'cache'``, ``3``, ``(1, 'a')``, or ``<Key at 0x...>`` for any other key."""
    if type(value) is tuple and len(value) == 2 and type(value[0]) is str and type(value[1]) is int:
        return _object_label(value[0], value[1])  # (type label, address) from C: an object key
    if type(value) is tuple and len(value) == 1:
        text = _scalar_text(value[0])
        if text is not None:
            return text
        return _object_label(_inspect.type_name(value[0]), id(value[0]))
    return "<key>"


def _attr_edge(name: Any) -> str:
    if type(name) is str and name.isidentifier():
        return "." + name
    return f".__dict__[{_key_text((name,))}]"


def _local_edge(name: Any, owner: Optional[str]) -> str:
    frame = {"coroutine": ".cr_frame", "async_generator": ".ag_frame", "generator": ".gi_frame"}.get(owner or "", "")
    label = _key_text((name,)) if type(name) is str else "<local>"
    return f"{frame}.f_locals[{label}]"


def _edge(kind: str, value: Any, extra: Any) -> tuple[str, Optional[str]]:
    """(edge text, note) of one raw step."""
    if kind == "index":
        return f"[{value}]", None
    if kind == "key":
        return f"[{_key_text(value)}]", None
    if kind == "attr":
        return _attr_edge(value), None
    if kind == "field":
        if type(value) is str and value.startswith("<"):
            return value, f"the holder's {value[1:-1]} field"
        return f".{value}", None
    if kind == "local":
        return _local_edge(value, extra), None
    if kind == "class":
        return ".__class__", None
    if kind == "dict_key":
        return f"<key #{value}>", "the key object of a dict entry (in iteration order)"
    if kind == "set_item":
        return "<in set>", "an element of the set"
    return "<referent>", "a reference tp_traverse reports whose place pyinspect does not know"


def _steps(raw_steps: list[tuple[Any, ...]], target_type: str) -> tuple[PathStep, ...]:
    """The raw steps (one per reference), with ``.__dict__['name']`` joined
    into ``.name`` and a closure's tuple and cell into one step."""
    out: list[PathStep] = []
    n = len(raw_steps)
    # the type of the object each raw step reaches: the next step's holder
    types = [raw_steps[j + 1][1] if j + 1 < n else target_type for j in range(n)]
    i = 0
    while i < n:
        holder, holder_type, target, kind, value, extra, _holder_kind = raw_steps[i]
        edge, note = _edge(kind, value, extra)
        nxt = raw_steps[i + 1] if i + 1 < n else None
        if (kind == "field" and value == "__dict__" and nxt is not None and nxt[3] == "key"
                and type(nxt[4]) is tuple and len(nxt[4]) == 1 and type(nxt[4][0]) is str
                and nxt[4][0].isidentifier()):
            # holder.__dict__['name'] is holder.name
            out.append(PathStep(holder, holder_type, "." + nxt[4][0], nxt[2], types[i + 1], "attr", (target,)))
            i += 2
            continue
        if (kind == "field" and value == "__closure__" and i + 2 < n and raw_steps[i + 1][3] == "index"
                and raw_steps[i + 2][3] == "field" and raw_steps[i + 2][4] == "cell_contents"):
            index = raw_steps[i + 1][4]
            names, qualname = extra if type(extra) is tuple else ((), None)
            var = names[index] if type(names) is tuple and 0 <= index < len(names) else None
            note = (f"cell {var!r} of {qualname}" if type(var) is str and type(qualname) is str
                    else "a closure cell")
            out.append(PathStep(holder, holder_type, f".__closure__[{index}].cell_contents", raw_steps[i + 2][2],
                                types[i + 2], "cell", (target, raw_steps[i + 1][2]), note))
            i += 3
            continue
        if kind == "field" and value == "cell_contents":
            out.append(PathStep(holder, holder_type, edge, target, types[i], "cell", (), "the cell's contents"))
            i += 1
            continue
        out.append(PathStep(holder, holder_type, edge, target, types[i], kind, (), note))
        i += 1
    return tuple(out)


def _thread_names() -> dict[int, str]:
    """Thread idents to names, read from threading's table without running
    code of the Thread objects (their ``name`` may be a property)."""
    threading = sys.modules.get("threading")
    if threading is None:
        return {}
    names: dict[int, str] = {}
    active = getattr(threading, "_active", None)
    if type(active) is dict:
        for ident, thread in list(active.items()):
            found, name = _inspect.attr_by_name(thread, "_name")
            if type(ident) is int and found and type(name) is str:
                names[ident] = name
    return names


def _path(raw: dict[str, Any], threads: dict[int, str], target_type: str) -> AlivePath:
    kind = raw["kind"]
    address = raw["address"]
    steps = _steps(raw["steps"], target_type)
    root_type = raw["type"]
    extra: dict[str, Any] = {}
    if kind == "module":
        name = raw["name"]
        expression = name if type(name) is str and all(p.isidentifier() for p in name.split(".")) else \
            _object_label("module", address)
        root = f"module {name if type(name) is str else hex(address)}"
    elif kind == "class":
        expression = root_type
        root = f"class {root_type}"
    elif kind == "frame":
        function, filename, lineno, thread_id, _current = raw["frame"]
        thread = threads.get(thread_id, f"thread {thread_id}")
        where = f"{os.path.basename(filename)}:{lineno}" if type(filename) is str else f"line {lineno}"
        root = f"frame {function} ({where}), thread {thread}"
        variable = raw["slot_kind"]
        name = raw["name"]
        expression = name if type(name) is str else "locals()"
        root_via = None
        if variable in ("cell", "free") and steps and steps[0].kind == "cell":
            # the frame holds the cell; its variable names the contents
            root_via = address
            address = steps[0].address
            steps = steps[1:]
            root_type = steps[0].holder_type if steps else target_type
        extra = {"function": function, "filename": filename, "lineno": lineno, "thread": thread,
                 "thread_id": thread_id, "variable": variable, "root_via": root_via}
    elif kind == "immortal":
        expression = _object_label(root_type, address)
        root = f"immortal {root_type} at {address:#x} (never freed)"
    else:
        unseen = raw["unseen"]
        expression = _object_label(root_type, address)
        root = f"{root_type} at {address:#x}: {unseen_words(unseen)}"
        extra = {"unseen": unseen}
    return AlivePath(root=root, steps=steps, root_kind=kind, root_address=address, root_expression=expression,
                     root_type=root_type, **extra)


def _build(address: int, raw: dict[str, Any], max_paths: int, max_depth: int, seconds: float) -> AlivePaths:
    type_name = raw["type"]
    threads = _thread_names() if any(p["kind"] == "frame" for p in raw["paths"]) else {}
    paths = tuple(_path(p, threads, type_name) for p in raw["paths"])
    immortal = raw["immortal"]
    unseen = raw["unseen"]
    return AlivePaths(
        address=address, type_name=type_name, paths=paths,
        refcnt=None if immortal else raw["refcnt"], found=raw["found"],
        unseen_refs=None if (immortal or unseen < 0) else unseen,
        referrers=raw["referrers"], frame_refs=raw["frame_refs"], immortal=immortal, tracked=raw["tracked"],
        garbage=raw["garbage"], truncated=raw["truncated"], max_paths=max_paths, max_depth=max_depth,
        passes=raw["passes"], objects=raw["objects"], frozen=raw["frozen"], seconds=seconds,
    )

