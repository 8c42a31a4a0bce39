"""Results of :func:`pyinspect.why_alive`: the reference paths that keep an
object alive, from a root the program names down to the object.

A path is what the program would write to reach the object
(``appmod.registry['cache']['k'][0]``): a root (a module, a class, a variable
of a running frame, or an object held where the collector cannot see) and
steps, each one reference from a holder to the next object, named as code
names it (``.registry``, ``['cache']``, ``[0]``, ``.__closure__[0].cell_contents``).
Every step is a reference the collector sees (``gc.get_referrers(target)``
lists the holder, or the dict between them when ``via`` is set).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar, Optional

from pyinspect._dataclass import frozen
from pyinspect.model.base import to_jsonable
from pyinspect.model.views import hook

__all__ = ["PathStep", "AlivePath", "AlivePaths", "ROOT_KINDS", "EDGE_KINDS", "unseen_words"]

#: what a path starts from
ROOT_KINDS = ("module", "class", "frame", "unseen", "immortal")
#: how a step's holder refers to the next object
EDGE_KINDS = ("attr", "key", "index", "field", "local", "cell", "class", "dict_key", "set_item", "referent")


def unseen_words(n: int) -> str:
    """``"1 reference held where the collector cannot see (C code, an extension, the interpreter)"``."""
    refs = "reference" if n == 1 else "references"
    return f"{n} {refs} held where the collector cannot see (C code, an extension, the interpreter)"


@frozen
class PathStep:
    """One reference on a path: ``holder`` refers to the object at ``address``.

    Attributes:
        holder_address: the object holding the reference.
        holder_type: its type (``module.qualname`` for classes, ``tp_name``
            for builtin types).
        edge: the reference as code writes it after an expression for the
            holder: ``.registry`` (a module global, a class or instance
            attribute, a ``__slots__`` member), ``['cache']`` (a dict value
            under that key), ``[0]`` (a list or tuple item),
            ``.__closure__[0].cell_contents`` (a closure variable),
            ``.f_locals['x']`` (a variable of a finished frame kept by a
            traceback), ``.gi_frame.f_locals['x']`` (a suspended generator's
            variable).  References code cannot name are in angle brackets:
            ``<key #2>`` (the key object of a dict entry), ``<in set>``,
            ``<referent>`` (a reference the holder's ``tp_traverse`` reports
            whose place pyinspect does not know).
        address: the object referred to.
        target_type: its type.
        kind: how: one of :data:`EDGE_KINDS`.
        via: the objects between the holder and the target that the edge
            passes through, outermost first: the module's, class's or
            instance's ``__dict__`` for ``.name``; the ``__closure__`` tuple
            and the cell for a closure variable.  Empty when the holder
            refers to the target directly (an instance's inline values on
            3.11+, a list item, ...).
        note: words for an edge code cannot say by itself:
            ``"cell 'x' of make_counter"``.
    """

    holder_address: int
    holder_type: str
    edge: str
    address: int
    target_type: str = "object"
    kind: str = "referent"
    via: tuple[int, ...] = ()
    note: Optional[str] = None

    def to_dict(self) -> dict[str, Any]:
        return {name: to_jsonable(getattr(self, name)) for name in self.__dataclass_fields__}


@frozen
class AlivePath:
    """A chain of references from a root to the object.

    Attributes:
        root: what holds the first object, in words: ``"module appmod"``,
            ``"class appmod.Foo"``, ``"frame train (train.py:42), thread
            MainThread"``, ``"list at 0x7f...: 1 reference held where the
            collector cannot see (C code, an extension, the interpreter)"``.
        steps: the references from the root's object to the target, in order.
        root_kind: one of :data:`ROOT_KINDS`.
        root_address: the object the root expression evaluates to: the
            module, the class, the frame variable's value, or the object
            whose references nobody visible holds.
        root_expression: how code names that object: ``appmod``,
            ``appmod.Foo``, ``x`` (a frame variable), ``locals()`` (a class
            body's namespace), ``<list at 0x7f...>`` (no name).
        root_type: the type of the root's object.
        function, filename, lineno, thread, thread_id: for a frame root, the
            running function (its qualified name), where it is, and which
            thread runs it; ``None`` otherwise.
        variable: for a frame root, ``"local"``, ``"cell"`` (a variable
            closures share: the frame holds its cell, ``root_via``),
            ``"free"`` (a closure variable of the running function) or
            ``"locals"`` (the frame's namespace dict); ``None`` otherwise.
        root_via: the cell between a frame and a cell or free variable's
            value, else ``None``.
        unseen: for an ``"unseen"`` root, its references nobody visible holds.
    """

    root: str
    steps: tuple[PathStep, ...]
    root_kind: str
    root_address: int
    root_expression: str
    root_type: str
    function: Optional[str] = None
    filename: Optional[str] = None
    lineno: Optional[int] = None
    thread: Optional[str] = None
    thread_id: Optional[int] = None
    variable: Optional[str] = None
    root_via: Optional[int] = None
    unseen: int = 0

    @property
    def expression(self) -> str:
        """The whole path as one expression: ``appmod.registry['cache']['k'][0]``."""
        return self.root_expression + "".join(s.edge for s in self.steps)

    @property
    def target_address(self) -> int:
        """The object the path ends at."""
        return self.steps[-1].address if self.steps else self.root_address

    def __str__(self) -> str:
        return self.expression

    def __len__(self) -> int:
        return len(self.steps)

    def to_dict(self) -> dict[str, Any]:
        d = {name: to_jsonable(getattr(self, name)) for name in self.__dataclass_fields__}
        d["expression"] = self.expression
        return d


@frozen
class AlivePaths:
    """Why an object is alive: the reference paths from roots to it, and how
    many of its references nobody visible holds.

    Attributes:
        address: the object asked about.
        type_name: its type.
        paths: up to ``max_paths`` paths, shortest first; each reference into
            the object gets its shortest path before a second path to the
            same reference is shown.
        refcnt: references the program holds (ARCHITECTURE rule 5: not
            pyinspect's own, nor the call's argument); ``None`` for an
            immortal object.
        found: references to it that were found: from objects the collector
            tracks (what ``gc.get_referrers`` returns) and from variables of
            running frames.
        unseen_refs: ``refcnt - found``: references held where the collector
            cannot see (C code, an extension module, the interpreter, a
            temporary on a running frame's value stack); ``None`` when the
            count says nothing (immortal objects; free-threaded builds'
            deferred reference counts).
        referrers: distinct objects found referring to it directly.
        frame_refs: references to it from variables of running frames.
        immortal: an immortal object (PEP 683, 3.12+; on 3.11 a statically
            allocated one, whose count starts at 999,999,999): never freed, so
            not searched.
        tracked: whether the collector tracks it (str, int and tuples of
            those usually are not; they are found through their holders).
        garbage: nothing reaches it from a root and every reference is
            accounted for: it is in a reference cycle the collector will
            free (``gc.collect()``).
        truncated: ``max_depth`` stopped the search before every reference
            had a root.
        max_paths, max_depth: the limits asked for.
        passes: passes over the heap (one per level of the longest path found).
        objects: objects searched per pass (tracked ones, plus untracked
            containers when the search needed them).
        frozen: objects ``gc.freeze()`` moved out of the collector's view
            (not searched: their references count as unseen).
        seconds: time taken.
    """

    family: ClassVar[str] = "why_alive"

    address: int
    type_name: str
    paths: tuple[AlivePath, ...]
    refcnt: Optional[int]
    found: int
    unseen_refs: Optional[int]
    referrers: int
    frame_refs: int
    immortal: bool
    tracked: bool
    garbage: bool
    truncated: bool
    max_paths: int
    max_depth: int
    passes: int
    objects: int
    frozen: int
    seconds: float

    @property
    def unseen_note(self) -> Optional[str]:
        """``unseen_refs`` in words, or ``None`` when there are none."""
        if self.immortal:
            return "immortal (PEP 683): never freed, whatever holds it"
        if not self.unseen_refs:
            return None
        return unseen_words(self.unseen_refs)

    @property
    def expressions(self) -> tuple[str, ...]:
        """Each path as one expression."""
        return tuple(p.expression for p in self.paths)

    def __iter__(self) -> Iterator[AlivePath]:
        return iter(self.paths)

    def __len__(self) -> int:
        return len(self.paths)

    def to_dict(self) -> dict[str, Any]:
        d = {name: to_jsonable(getattr(self, name)) for name in self.__dataclass_fields__}
        d["unseen_note"] = self.unseen_note
        return d

    def show(self, *, color: Optional[bool] = None, width: Optional[int] = None, file: Any = None) -> None:
        """Print the paths (a rich panel)."""
        from pyinspect import arguments

        color = arguments.flag(color, "color", none=True)
        width = arguments.width(width)
        file = arguments.stream(file, "file")
        hook("console")(file, color=color, width=width).print(self)

    def __rich__(self) -> Any:
        return hook("text")(self)

    def _repr_html_(self) -> str:
        """Jupyter: the SVG picture of the paths."""
        return hook("html")(self)

    def __repr__(self) -> str:
        paths = "; ".join(self.expressions) or "no path from a root"
        unseen = f", {self.unseen_refs} unseen" if self.unseen_refs else ""
        return f"<AlivePaths {self.type_name} at {self.address:#x}: {paths}{unseen}>"
