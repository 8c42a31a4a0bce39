"""``probe(container, key)``: the slots a lookup of ``key`` visits, in order.

Replays CPython's own lookup (``Objects/dictobject.c`` do_lookup/lookdict,
``Objects/setobject.c`` set_lookkey) on the tables as they sit in memory.  The
probe key is hashed once with ``PyObject_Hash``, as the lookup itself does;
stored keys are compared by identity only (exact str keys also by their
text, which CPython compares with ``unicode_eq`` without calling any
``__eq__``).  No ``__eq__`` or ``__hash__`` of a stored key ever runs.
"""

from __future__ import annotations

from typing import Any, Optional

from pyinspect._native import _inspect
from pyinspect.model import ItemSummary, ProbeResult, ProbeStep
from pyinspect.read import summarize

__all__ = ["probe"]


def probe(container: object, key: Any) -> ProbeResult:
    """The path of ``key in container`` (or ``container[key]``), slot by slot.

    Args:
        container: a dict (or subclass), a set or frozenset, or an object
            with instance attributes (its attribute table is searched, even
            while it has no ``__dict__``: then the keys are the class's
            shared keys).
        key: the key to look for; it is hashed once, as Python does.

    Returns:
        A :class:`~pyinspect.model.ProbeResult`; ``pyinspect.show(result)``
        or printing it in a rich console draws the path.

    Raises:
        TypeError: ``key`` is unhashable, or ``container`` has no hash table.
    """
    _inspect.read_header(container)  # first, for the refcount correction (read.py)
    family = _inspect.family(container)
    if family in ("set", "frozenset"):
        raw = _inspect.probe_set(container, key)
        table_address = id(container)
    else:
        raw = _inspect.probe_dict(container, key)
        table_address = raw["table_address"]
    return _result(container, key, raw, table_address)


def _result(container: object, key: Any, raw: dict[str, Any], table_address: int) -> ProbeResult:
    steps = []
    value: Optional[ItemSummary] = None
    for slot, index, status, stored, perturb, kobj, vobj in raw["steps"]:
        h = key_address = value_address = None
        if stored is not None:
            h = stored[0]
            key_address = stored[1]
            value_address = stored[2] if len(stored) > 2 else None
        steps.append(ProbeStep(
            slot=slot, status=status, index=index, perturb=perturb,
            hash=None if status == "dummy" else h, key_address=key_address,
            value_address=value_address,
            key=summarize(kobj) if key_address is not None else None,
        ))
        if raw["result"] == "found" and status in ("identical", "str equal") and value_address is not None:
            value = summarize(vobj)
    found = raw["result"] == "found"
    return ProbeResult(
        container_address=id(container), container_type=_inspect.type_name(container),
        table_address=table_address, scheme=raw["scheme"], key=summarize(key), hash=raw["hash"],
        mask=raw["mask"], capacity=raw["capacity"], used=raw["used"],
        keys_kind=raw.get("keys_kind"), linear_probes=raw.get("linear_probes", 0),
        steps=tuple(steps), result=raw["result"],
        entry_index=raw["entry_index"] if found else None, value=value,
    )
