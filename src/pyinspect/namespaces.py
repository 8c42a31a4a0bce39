"""``names(namespace)``: which names point at which objects.

The picture the chapter draws for names and mutability: names are labels,
objects live on the heap, ``b = a`` adds a second label to the same list.
Every object is read from its own struct (its header for the reference count,
its layout for a builtin scalar's value); no code of any object runs.

Within ``depth``, objects are followed to the objects in their slots: list
and tuple items; a function's closure cells (labelled with the free
variable), default values (``name=``) and keyword-only defaults; a cell's
contents (``ob_ref``); a bound method's ``__func__`` and ``__self__``.  So
lambdas made in a loop point at one cell, drawn once.

What is read, per kind of namespace:

* a ``dict`` (``globals()``, ``vars(module)``, any dict of names): its keys
  and values through dict's own C iterators (``dict.keys``/``dict.values``
  called on the dict, never an override of a subclass).  Only ``str`` keys
  are names; other keys are skipped.
* a module: its ``md_dict``, as above.
* a frame object (``sys._getframe()``, a generator's ``gi_frame``): an
  optimized (function) frame's fast-local slots are read in place by the C
  extension (``_inspect.frame_vars``), including cell and free variables
  (their cells' contents).  ``frame.f_locals`` is never touched: on
  3.9-3.12 it would copy every local into a dict kept on the frame (one more
  reference to each object), and from 3.13 it is a ``FrameLocalsProxy``
  (PEP 667).  A module or class-body frame's names are its ``f_locals``
  dict, read as above.

Reference counts are as the program holds them (ARCHITECTURE rule 5): the
references in pyinspect's own frames are not counted, nor those in the
temporary tuples of items pyinspect reads while expanding containers.
"""

from __future__ import annotations

import types
from collections.abc import Iterable
from typing import Any, Callable, Optional

from pyinspect import arguments
from pyinspect._native import _inspect
from pyinspect.model import Header, NameRef, NamesLayout, ObjectNode, SlotRef
from pyinspect.read import summarize, window

__all__ = ["names", "reach", "expands", "describes", "NOT_FOLLOWED", "DEFAULT_NAMES", "DEFAULT_DEPTH", "MAX_OBJECTS"]

#: names shown before the rest are counted as omitted
DEFAULT_NAMES = 24
#: objects drawn at most in one picture
MAX_OBJECTS = 96
#: container levels followed by default: a name -> a list of lambdas -> their
#: closure cells -> what the cells hold, so the one cell that lambdas made in
#: a loop share shows (each object is drawn once, at most MAX_OBJECTS)
DEFAULT_DEPTH = 3

#: (size, allocated, item objects (head + tail), omitted, head), optionally
#: followed by ((index, label), ...) for each item when the slots are not
#: simply positions (a dict's entries skip deleted ones, a set's keys sit in
#: scattered slots): then ``head`` counts the items from the start
Expansion = tuple
Expander = Callable[[Any, Optional[int], Optional[int]], Expansion]
_EXPANDERS: dict[str, Expander] = {}
#: families whose slots the names picture does not follow: values drawn in
#: their node (numbers, strings, bytes), or objects whose references are
#: not slots of a container (a type's MRO and dict, a code object's
#: constants, a frame of a generator, an instance's or module's attributes);
#: a range stores four ints, not its items (its bounds label its node)
NOT_FOLLOWED = ("int", "float", "complex", "str", "bytes", "bytearray", "type", "code", "generator", "module",
                "object", "range")
#: family -> a short text naming an object without a scalar value (``detail``)
_DETAILS: dict[str, Callable[[Any], Optional[str]]] = {}


def expands(family: str) -> Callable[[Expander], Expander]:
    """Register how the names picture reads the slots of a container family.

    The function gets ``(obj, head, tail)`` and returns ``(size, allocated,
    items, omitted, head)`` where ``items`` is a tuple of the item objects
    read (head and tail), optionally with a sixth element: one ``(index,
    label)`` per item (a dict's entry index and key).  The function must
    keep no other reference to the items once it returns.
    """

    def deco(fn: Expander) -> Expander:
        _EXPANDERS[family] = fn
        return fn

    return deco


def describes(family: str) -> Callable[[Callable[[Any], Optional[str]]], Callable[[Any], Optional[str]]]:
    """Register how the names picture names an object of a family that has
    no scalar value (a function by its qualname, ...): the function gets the
    object and returns a short text read from its struct, or ``None``."""

    def deco(fn: Callable[[Any], Optional[str]]) -> Callable[[Any], Optional[str]]:
        _DETAILS[family] = fn
        return fn

    return deco


@expands("list")
def _list_slots(obj: Any, head: Optional[int], tail: Optional[int]) -> Expansion:
    raw = _inspect.read_list(obj, head, tail)  # one read: sizes and the item objects
    return raw["size"], raw["allocated"], raw["objects"], raw["items_omitted"], raw["items_head"]


@expands("tuple")
def _tuple_slots(obj: Any, head: Optional[int], tail: Optional[int]) -> Expansion:
    raw = _inspect.read_tuple(obj, head, tail)
    return raw["size"], None, raw["objects"], raw["items_omitted"], raw["items_head"]


@expands("dict")
@expands("frozendict")
def _dict_slots(obj: Any, head: Optional[int], tail: Optional[int]) -> Expansion:
    """A dict's values, each slot labelled with its key (keys themselves are
    not followed: they are the labels).  Deleted entries and a split table's
    absent values are left out; the index is the entry's in ``dk_entries``."""
    raw = _inspect.read_dict(obj, head, tail, 1, 0)  # one index slot: only the entries are wanted
    pairs = raw.pop("objects")
    entries = raw["entries"]
    n, ehead, omitted = len(pairs), raw["entries_head"], raw["entries_omitted"]
    values: list = []
    slots: list[tuple[int, Optional[str]]] = []
    kept_head = 0
    for j in range(n):
        if entries[j][1] is None or entries[j][2] is None:
            continue  # deleted, or no value in this dict
        pair = pairs[j]
        values.append(pair[1])
        slots.append((j if j < ehead else n + omitted - (n - j), summarize(pair[0]).label))
        kept_head += j < ehead
        del pair
    size = raw["used"]
    del pairs, raw, entries
    return size, None, tuple(values), omitted, kept_head, tuple(slots)


@expands("set")
@expands("frozenset")
def _set_slots(obj: Any, head: Optional[int], tail: Optional[int]) -> Expansion:
    """A set's keys, each at its slot in the table: the first ``head`` and
    last ``tail`` keys of a window of the table."""
    from pyinspect.read_containers import slots_for

    raw = _inspect.read_set(obj, slots_for(head), slots_for(tail))
    objs = raw.pop("objects")
    table = raw["table"]
    n, thead, tomitted = len(objs), raw["table_head"], raw["table_omitted"]
    active = [j for j in range(n) if type(table[j]) is tuple]
    if head is not None and len(active) > head + (tail or 0):
        active = active[:head] + (active[len(active) - tail:] if tail else [])
    keys = tuple(objs[j] for j in active)
    slots = tuple((j if j < thead else n + tomitted - (n - j), None) for j in active)
    kept_head = sum(1 for j in active if j < thead) if head is None or len(keys) <= head else head
    size = raw["used"]
    del objs, raw, table
    return size, None, keys, size - len(keys), kept_head, slots


def _count_in(t: tuple, obj: object) -> int:
    """How many references the tuple ``t`` holds to ``obj`` (by identity)."""
    n = 0
    for x in t:
        if x is obj:
            n += 1
    return n


class _Walk:
    """Reads objects once each; never keeps a reference after a visit."""

    def __init__(self, depth: int, limit: Optional[int], max_objects: int) -> None:
        self.depth = depth
        self.head, self.tail = window(limit)
        self.max_objects = max_objects
        self.nodes: dict[int, dict[str, Any]] = {}
        self.omitted = 0
        #: item tuples alive while their items are visited: their references
        #: are pyinspect's, not the program's
        self.held: list[tuple] = []

    def visit(self, obj: object, depth: int) -> Optional[int]:
        """Add ``obj`` (reached at ``depth``) and, within the depth, its slots.
        Returns its address, or ``None`` when the object cap was reached."""
        address = id(obj)
        node = self.nodes.get(address)
        if node is None:
            # named objects are bounded by max_names; the objects in their
            # slots by max_objects, so a big container cannot crowd out names
            if depth > 0 and len(self.nodes) >= self.max_objects:
                self.omitted += 1
                return None
            # first thing: the header, before anything else refers to obj
            raw = _inspect.read_header(obj)
            extra = 0
            for t in self.held:
                extra += _count_in(t, obj)
            s = summarize(obj)
            family = _inspect.family(obj)
            describe = _DETAILS.get(family) if s.value is None else None
            node = {
                "address": address, "type_name": raw["type_name"], "family": family,
                "refcnt": raw["refcnt"] if raw["immortal"] else max(0, raw["refcnt"] - extra),
                "immortal": raw["immortal"], "value": s.value, "names": [], "depth": depth,
                "size": None, "allocated": None, "slots": (), "slots_omitted": 0, "slots_head": 0,
                "expanded": False, "sizeof": raw["allocated_bytes"] + raw["gc_head_bytes"],
                "detail": describe(obj) if describe is not None else None,
            }
            self.nodes[address] = node
        else:
            node["depth"] = min(node["depth"], depth)
        if not node["expanded"] and depth < self.depth and node["family"] in _EXPANDERS:
            self.expand(obj, node, depth)
        return address

    def expand(self, obj: object, node: dict[str, Any], depth: int) -> None:
        node["expanded"] = True
        got = _EXPANDERS[node["family"]](obj, self.head, self.tail)
        size, allocated, items, omitted, head = got[:5]
        where = got[5] if len(got) > 5 else None
        del got
        node["size"], node["allocated"] = size, allocated
        node["slots_omitted"], node["slots_head"] = omitted, head
        self.held.append(items)
        try:
            slots = []
            total = len(items) + omitted
            # an index loop: enumerate()'s reused result tuple would hold one
            # more reference to the item while it is read
            for j in range(len(items)):
                item = items[j]
                if where is not None:
                    index, label = where[j]
                else:
                    index, label = (j if j < head else total - (len(items) - j)), None
                self.visit(item, depth + 1)
                slots.append(SlotRef(index, id(item), label))
                del item
            node["slots"] = tuple(slots)
        finally:
            self.held.pop()

    def objects(self) -> tuple[ObjectNode, ...]:
        ordered = sorted(self.nodes.values(), key=lambda n: n["depth"])  # stable: first reached first
        return tuple(
            ObjectNode(
                address=n["address"], type_name=n["type_name"], family=n["family"], refcnt=n["refcnt"],
                immortal=n["immortal"], value=n["value"], names=tuple(n["names"]), depth=n["depth"],
                size=n["size"], allocated=n["allocated"], slots=n["slots"],
                slots_omitted=n["slots_omitted"], slots_head=n["slots_head"], sizeof=n["sizeof"],
                detail=n["detail"],
            )
            for n in ordered
        )


def _hidden(name: str, family: str, dunder: bool, modules: bool) -> bool:
    if name.startswith("."):
        return True  # the compiler's own argument of a comprehension's frame (".0", before 3.12)
    if not dunder and len(name) > 4 and name.startswith("__") and name.endswith("__"):
        return True
    return not modules and family == "module"


def names(namespace: Any, *, only: Optional[Iterable[str]] = None, depth: int = DEFAULT_DEPTH,
          limit: Optional[int] = 16, max_names: int = DEFAULT_NAMES, dunder: bool = False,
          modules: bool = False, max_objects: int = MAX_OBJECTS) -> NamesLayout:
    """Names of ``namespace`` as labels pointing at the objects they are bound to.

    Args:
        namespace: a dict of names (``globals()``, ``vars(module)``), a module,
            or a frame object (``sys._getframe()``; see the module docstring
            for what is read).
        only: show just these names (in namespace order): a collection of
            str (a single str is refused, not read as its characters).
        depth: container levels to follow: 0 draws only the named objects, 1
            also the objects in their slots (list and tuple items, dict
            values labelled with their keys, set keys; a function's
            closure cells and default values; a cell's contents; a bound
            method's ``__func__`` and ``__self__``), and so on.  The
            default, 3, reaches from a list of lambdas to the cell they
            share and the value in it.
        limit: slots read per container (head and tail), at least 1;
            ``None`` for all.
        max_names: bindings shown (0 or more); the rest are counted in
            ``names_omitted``.
        dunder: also show ``__dunder__`` names (hidden by default).
        modules: also show names bound to modules (hidden by default).
        max_objects: objects reached through slots are drawn only while
            fewer than this many objects are drawn (bounded output; 0 or more).

    Returns:
        A :class:`~pyinspect.model.NamesLayout`: ``show()`` it, ``save()``
        it, or let Jupyter display it.

    Raises:
        TypeError: ``namespace`` is not a dict, module or frame, or an
            option has the wrong type (the message names it).
        ValueError, OverflowError: an option is out of range.
    """
    wanted = arguments.strings(only, "only")
    depth, limit, max_objects = _walk_options(depth, limit, max_objects)
    max_names = arguments.count(max_names, "max_names")
    dunder = arguments.flag(dunder, "dunder")
    modules = arguments.flag(modules, "modules")
    raw_header = _inspect.read_header(namespace)  # the namespace's own header first
    return _collect(namespace, raw_header, _Walk(depth, limit, max_objects), wanted=wanted, max_names=max_names,
                    dunder=dunder, modules=modules)


def _collect(namespace: Any, raw_header: dict[str, Any], walk: _Walk, *, wanted: Optional[frozenset[str]] = None,
             max_names: int = DEFAULT_NAMES, dunder: bool = False, modules: bool = False) -> NamesLayout:
    """The names picture of ``namespace`` drawn with ``walk`` (a :class:`_Walk`,
    or a subclass that also keeps what it reads, as :func:`pyinspect.steps`
    does); ``raw_header`` is the namespace's header, read first; the options
    are checked already (:func:`names`)."""
    refs: list[NameRef] = []
    hidden: list[str] = []
    skipped = 0

    def bind(name: str, kind: str, value: object) -> None:
        nonlocal skipped
        if wanted is not None and name not in wanted:
            return
        if _hidden(name, _inspect.family(value), dunder, modules):
            hidden.append(name)
            return
        if len(refs) >= max_names:
            skipped += 1
            return
        address = walk.visit(value, 0)
        if address is None:
            skipped += 1
            return
        walk.nodes[address]["names"].append(name)
        refs.append(NameRef(name, address, kind))

    tp = type(namespace)
    if tp is types.FrameType:
        info = _inspect.frame_vars(namespace)  # every slot's name, kind and value: one read
        source = f"frame {info['code_name']} line {info['lineno']}"
        values = info.pop("values")
        if info["optimized"]:
            # the values tuple's references are pyinspect's, not the program's
            walk.held.append(values)
            try:
                for i in range(len(values)):
                    name, kind = info["names"][i], info["kinds"][i]
                    if kind == "hidden" or not info["bound"][i]:
                        continue
                    value = values[i]
                    bind(name, kind, value)
                    del value
            finally:
                walk.held.pop()
        elif info["locals"] is not None:
            if not _inspect.is_instance(info["locals"], dict):
                # a class body run in the mapping a metaclass __prepare__ returned
                raise TypeError(f"names(): the frame's f_locals is a {_inspect.type_name(info['locals'])}, "
                                "not a dict: its names cannot be read without running its code")
            _bind_dict(info["locals"], bind)
        del info, values
    elif tp is types.ModuleType:
        md_dict = types.ModuleType.__dict__["__dict__"].__get__(namespace)
        source = "module"
        _bind_dict(md_dict, bind)
        del md_dict
    elif _inspect.is_instance(namespace, dict):
        source = "dict"
        _bind_dict(namespace, bind)
    else:
        raise TypeError(f"names() needs a dict, a module or a frame, not {_inspect.type_name(namespace)}")

    return NamesLayout(
        header=Header.from_raw(raw_header), source=source, names=tuple(refs), objects=walk.objects(),
        names_omitted=skipped + len(hidden), hidden=tuple(hidden), objects_omitted=walk.omitted,
    )


def reach(obj: Any, *, depth: int = 2, limit: Optional[int] = 16, max_objects: int = MAX_OBJECTS) -> NamesLayout:
    """The objects ``obj`` points at, as the names picture draws them: ``obj``
    first, then what its slots point at (a dict's values labelled with their
    keys, a list's items, ...), each object once, to ``depth`` levels.

    ``pyinspect.show({"a": [1, 2]})`` in a notebook draws this below the
    dict's tables: the dict, the list its ``'a'`` slot points at, and the
    list's two ints.

    Args:
        obj: any object; none of its Python code runs.
        depth: container levels to follow from ``obj`` (0: ``obj`` alone).
        limit: slots read per container (head and tail); ``None`` for all.
        max_objects: objects drawn at most.
    """
    depth, limit, max_objects = _walk_options(depth, limit, max_objects)
    raw_header = _inspect.read_header(obj)  # the root's header first
    walk = _Walk(depth, limit, max_objects)
    walk.visit(obj, 0)
    return NamesLayout(
        header=Header.from_raw(raw_header), source=f"what the {raw_header['type_name']} points at", names=(),
        objects=walk.objects(), names_omitted=0, hidden=(), objects_omitted=walk.omitted,
    )


def _walk_options(depth: Any, limit: Any, max_objects: Any) -> tuple[int, Optional[int], int]:
    """``depth`` (0 or more), ``limit`` (1 or more, or None) and
    ``max_objects`` (0 or more), checked."""
    checked_depth = arguments.count(depth, "depth")
    checked_max = arguments.count(max_objects, "max_objects")
    assert checked_depth is not None and checked_max is not None
    return checked_depth, arguments.count(limit, "limit", minimum=1, none=True), checked_max


def _bind_dict(d: dict, bind: Callable[[str, str, object], None]) -> None:
    """Bind every str key of ``d`` using dict's own C iterators: the keys
    first (strs), then the values one at a time, so no container of values is
    ever held."""
    keys = list(dict.keys(d))
    values = iter(dict.values(d))
    for key in keys:
        try:
            value = next(values)
        except StopIteration:
            raise RuntimeError("the namespace changed while it was read") from None
        if type(key) is str:
            bind(key, "key", value)
        del value


# ---- functions, cells, bound methods -------------------------------------------------


def _windowed(n: int, head: Optional[int], tail: Optional[int]) -> list[int]:
    """Positions of a head + tail read of ``n`` slots."""
    if head is None or n <= head + (tail or 0):
        return list(range(n))
    return list(range(head)) + list(range(n - (tail or 0), n))


@expands("function")
def _function_slots(obj: Any, head: Optional[int], tail: Optional[int]) -> Expansion:
    """A function's closure cells (labelled with their free variable's
    name), then its default values (``name=``), then its keyword-only
    defaults: what ``def`` bound to the code.  Cells are followed to their
    contents at the next depth, so functions sharing a cell (late binding)
    point at one cell drawn once."""
    from pyinspect.read_code import _code_names

    raw = _inspect.read_function(obj)
    refs = raw.pop("refs")  # the objects of the same read as the kwdefault names
    code = refs["code"]
    varnames: tuple[str, ...] = ()
    freevars: tuple[str, ...] = ()
    argcount = 0
    if code is not None and _inspect.family(code) == "code":
        code_raw = _inspect.read_code(code)
        varnames, _cellvars, freevars, _kinds = _code_names(code_raw)
        argcount = code_raw["co_argcount"]
    del code
    objs: list[Any] = []
    labels: list[str] = []
    closure = refs["closure"]
    if closure is not None:
        for i in range(len(closure)):
            objs.append(closure[i])
            labels.append(freevars[i] if i < len(freevars) else f"closure[{i}]")
    defaults = refs["defaults"]
    if defaults is not None:
        nd = len(defaults)
        for k in range(nd):
            p = argcount - nd + k
            objs.append(defaults[k])
            labels.append(f"{varnames[p]}=" if 0 <= p < len(varnames) else f"defaults[{k}]")
    kwvalues = refs["kwdefault_values"]
    kwnames = raw["kwdefaults"] or ()
    for k in range(min(len(kwvalues), len(kwnames))):
        objs.append(kwvalues[k])
        key = kwnames[k][0]
        labels.append(f"{key}=" if type(key) is str else f"kwdefaults[{k}]")  # a non-str key: not a name
    del refs, closure, defaults, kwvalues
    keep = _windowed(len(objs), head, tail)
    items = tuple(objs[j] for j in keep)
    where = tuple((j, labels[j]) for j in keep)
    n = len(objs)
    del objs
    kept_head = sum(1 for j in keep if head is None or j < head)
    return (n or None), None, items, n - len(items), kept_head, where


@describes("function")
def _function_detail(obj: Any) -> Optional[str]:
    raw = _inspect.read_function(obj)
    return raw["qualname"] or raw["name"]


@expands("cell")
def _cell_slots(obj: Any, head: Optional[int], tail: Optional[int]) -> Expansion:
    """A cell's one pointer, ``ob_ref``, to the variable's value (nothing for
    an empty cell)."""
    contents = _inspect.cell_contents(obj)
    if not contents:
        return None, None, (), 0, 0
    return 1, None, contents, 0, 1, ((0, "ob_ref"),)


@describes("cell")
def _cell_detail(obj: Any) -> Optional[str]:
    return "empty" if _inspect.read_cell(obj)["contents_address"] is None else None


@expands("method")
def _method_slots(obj: Any, head: Optional[int], tail: Optional[int]) -> Expansion:
    """A bound method's ``__func__`` (``im_func``) and ``__self__`` (``im_self``)."""
    pair = _inspect.method_refs(obj)
    return 2, None, pair, 0, 2, ((0, "__func__"), (1, "__self__"))


@describes("method")
def _method_detail(obj: Any) -> Optional[str]:
    raw = _inspect.read_method(obj)
    return raw["func_qualname"]


@expands("memoryview")
def _memoryview_slots(obj: Any, head: Optional[int], tail: Optional[int]) -> Expansion:
    """A memoryview's exporter, ``view.obj`` (nothing once released, or for
    memory no object exports): names viewing one buffer meet at it."""
    got = _inspect.read_memoryview(obj)["objects"]
    return len(got), None, got, 0, len(got), tuple((i, "obj") for i in range(len(got)))


@describes("type")
def _type_detail(obj: Any) -> Optional[str]:
    return _inspect.read_type(obj)["tp_name"]


# let ``@pyinspect.names.expands(...)`` (the function ``names``)
# and ``@pyinspect.names.describes(...)`` reach the registries through it
names.expands = expands  # type: ignore[attr-defined]
names.describes = describes  # type: ignore[attr-defined]
