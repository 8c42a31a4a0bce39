"""The names picture: names in a namespace as labels pointing at objects.

Built by :func:`pyinspect.names`.  Each object appears once however many
names (or container slots) refer to it, with its reference count as the
program holds it, so ``b = a`` shows two labels on one list with refcnt 2.
"""

from __future__ import annotations

from typing import Any, ClassVar, Optional

from pyinspect._dataclass import frozen
from pyinspect.model.base import Layout

__all__ = ["NameRef", "SlotRef", "ObjectNode", "NamesLayout"]


@frozen
class NameRef:
    """One name bound in the namespace.

    Attributes:
        name: the name (a key of the namespace dict, or a frame variable).
        target: address of the object it is bound to.
        kind: where the binding lives: ``"key"`` (a dict namespace),
            ``"local"``, ``"cell"`` or ``"free"`` (a frame's fast-local slot;
            for cell and free variables the target is the cell's contents).
    """

    name: str
    target: int
    kind: str

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "target": self.target, "kind": self.kind}


@frozen
class SlotRef:
    """One slot of a container object pointing at another object.

    Attributes:
        index: the slot's index (``ob_item[index]``; a dict's entry index in
            ``dk_entries``; a set's slot in its table).
        target: address of the object in the slot (``None`` for NULL).
        label: what names the slot besides its index: a dict's key (short
            text read from the key's layout), else ``None``.
    """

    index: int
    target: Optional[int]
    label: Optional[str] = None

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index, "target": self.target, "label": self.label}


@frozen
class ObjectNode:
    """One object of the picture, drawn once however many arrows reach it.

    Attributes:
        address: the object's address (``id``).
        type_name: ``tp_name`` of its type.
        family: the reader family (``"list"``, ``"int"``, ... ``"object"``).
        refcnt: references the program holds (ARCHITECTURE rule 5; the
            references of pyinspect's own temporaries are not counted).
        immortal: an immortal object (3.12+): ``refcnt`` is its sentinel.
        value: a short text of the value for builtin scalars, read from the
            object's own layout; ``None`` for everything else (no ``repr``).
        names: the names bound to it in the namespace, in namespace order.
        depth: 0 for objects a name points at, 1 for the objects their slots
            point at, and so on (the smallest way it was reached).
        size: items of a container (``ob_size``), else ``None``.
        allocated: slots of a list's ``ob_item`` array, else ``None``.
        slots: the container slots read (head and tail when
            ``slots_omitted``), each pointing at another node or beyond the
            picture's depth: a list's or tuple's items, a dict's values
            (labelled with their keys), a set's keys.
        slots_omitted: slots between head and tail not read.
        slots_head: how many of ``slots`` come from the start.
        sizeof: the object's flat size in bytes, GC head included.
        detail: what names an object that has no scalar value, read from its
            own struct: a function's ``func_qualname``, a bound method's
            function, a class's ``tp_name``, ``"empty"`` for an empty cell;
            else ``None``.
    """

    address: int
    type_name: str
    family: str
    refcnt: int
    immortal: bool
    value: Optional[str]
    names: tuple[str, ...]
    depth: int
    size: Optional[int]
    allocated: Optional[int]
    slots: tuple[SlotRef, ...]
    slots_omitted: int
    slots_head: int
    sizeof: int
    detail: Optional[str] = None

    @property
    def label(self) -> str:
        """The value when known, else ``<type_name detail at 0x...>``."""
        if self.value is not None:
            return self.value
        if self.detail is not None:
            return f"<{self.type_name} {self.detail} at {self.address:#x}>"
        return f"<{self.type_name} at {self.address:#x}>"

    @property
    def expanded(self) -> bool:
        """Whether the node's slots were read (containers within the depth)."""
        return bool(self.slots) or self.size == 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "address": self.address, "type_name": self.type_name, "family": self.family,
            "refcnt": self.refcnt, "immortal": self.immortal, "value": self.value,
            "names": list(self.names), "depth": self.depth, "size": self.size,
            "allocated": self.allocated, "slots": [s.to_dict() for s in self.slots],
            "slots_omitted": self.slots_omitted, "slots_head": self.slots_head, "sizeof": self.sizeof,
            "detail": self.detail,
        }


@frozen
class NamesLayout(Layout):
    """Names pointing at objects, and the objects their slots point at.

    The ``header`` is the namespace's own (the dict, or the frame object).

    Attributes:
        source: what the names come from: ``"dict"``, ``"module <name>"`` or
            ``"frame <code name> line N"``; for :func:`pyinspect.names.reach`
            (no names, one root object) ``"what the <type> points at"``.
        names: the bindings shown, in namespace order.
        objects: every object reached, once each: first the named ones (in
            the order of their first name), then deeper ones.
        names_omitted: bindings not shown (past ``limit``, or filtered out:
            see ``hidden``).
        hidden: names left out by the filters (dunder names, modules).
        objects_omitted: objects reached but not drawn (the object cap).
    """

    family: ClassVar[str] = "names"
    struct: ClassVar[str] = "names → objects"
    show_header: ClassVar[bool] = False
    source: str
    names: tuple[NameRef, ...]
    objects: tuple[ObjectNode, ...]
    names_omitted: int
    hidden: tuple[str, ...]
    objects_omitted: int

    def _repr_facts(self) -> str:
        source = "" if self.source == "dict" else f"{self.source}, "
        return f"{source}{len(self.names)} names, {len(self.objects)} objects"

    def node(self, address: int) -> Optional[ObjectNode]:
        """The node of the object at ``address``, or ``None``."""
        for n in self.objects:
            if n.address == address:
                return n
        return None

    def target(self, name: str) -> Optional[ObjectNode]:
        """The node a name is bound to, or ``None`` when the name is not shown."""
        for ref in self.names:
            if ref.name == name:
                return self.node(ref.target)
        return None

    @property
    def shared(self) -> tuple[ObjectNode, ...]:
        """Objects that more than one name points at."""
        return tuple(n for n in self.objects if len(n.names) > 1)

    @property
    def shared_cells(self) -> dict[int, list[str]]:
        """Cells that the closures of more than one function point at (the
        loop variable of lambdas made in a loop): cell address -> one
        ``function.variable`` text per closure slot, in drawing order."""
        by_address = {n.address: n for n in self.objects}
        holders: dict[int, list[str]] = {}
        for n in self.objects:
            if n.family != "function":
                continue
            for s in n.slots:
                target = by_address.get(s.target) if s.target is not None else None
                if target is not None and target.family == "cell":
                    holders.setdefault(target.address, []).append(
                        f"{n.detail or n.type_name}.{s.label if s.label is not None else s.index}")
        return {a: h for a, h in holders.items() if len(h) > 1}
