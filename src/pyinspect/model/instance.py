"""The Layout of any other object: its header and where it keeps attributes."""

from __future__ import annotations

from typing import ClassVar, Optional

from pyinspect._dataclass import frozen
from pyinspect.model.base import ItemSummary, Layout


@frozen
class ObjectLayout(Layout):
    """An object of a family pyinspect has no reader for: the header, plus
    where the instance keeps its ``__dict__``, attribute values and weakrefs.
    Read without creating ``__dict__`` (which ``obj.__dict__`` would do on
    3.11+).

    Attributes:
        managed_dict: the type uses a managed dict (``Py_TPFLAGS_MANAGED_DICT``,
            3.11+): the dict pointer lives in front of the object.
        dict_offset: byte offset of the ``__dict__`` pointer from the object's
            start (negative in front of it), 0 when there is none.
        dict_address: the materialized ``__dict__``, or ``None``.
        values_address: 3.11+: the ``PyDictValues`` holding attribute values
            while no dict exists (in the pre-header on 3.11/3.12, inline at
            ``obj + tp_basicsize`` from 3.13).
        values_inline: 3.13+: the values are embedded in the object.
        values_capacity, values_size, values_valid: 3.13+ ``PyDictValues``
            fields (-1 before).
        values: addresses of the attribute values (``None`` for an empty slot).
        weakref_offset: byte offset of the weakref list pointer, 0 = none.
        weakrefs_address: head of the weakref list, or ``None``.
        tp_dictoffset, tp_weaklistoffset: the type's fields as stored.
        attribute_names: the attribute name of each slot of ``values`` (the
            class's shared keys, ``ht_cached_keys``, in slot order); ``None``
            where not read; empty when the object keeps no such values.
        attribute_values: what each slot of ``values`` holds (``None`` for an
            empty slot or one not read).
    """

    family: ClassVar[str] = "object"
    struct: ClassVar[str] = "instance attributes"
    managed_dict: bool
    dict_offset: int
    dict_address: Optional[int]
    values_address: Optional[int]
    values_inline: bool
    values_capacity: int
    values_size: int
    values_valid: int
    values: tuple[Optional[int], ...]
    weakref_offset: int
    weakrefs_address: Optional[int]
    tp_dictoffset: int
    tp_weaklistoffset: int
    attribute_names: tuple[Optional[str], ...] = ()
    attribute_values: tuple[Optional[ItemSummary], ...] = ()
