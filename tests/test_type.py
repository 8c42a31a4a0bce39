"""Type objects: sizes, flags, MRO, offsets and the slot table.

Oracles: __basicsize__, __itemsize__, __flags__, __mro__, __bases__,
__base__, __dictoffset__, __weakrefoffset__, __slots__, vars(), and, for the
slot table, where each dunder resolves in the MRO (a Python function makes
the slot CPython's generic slot_* function; a slot wrapper means C).
"""

from __future__ import annotations

import collections
import io
import json
import sys

import pytest

import pyinspect
from pyinspect.model import SlotInfo, TypeLayout, tpflag_names
from pyinspect.read_code import GENERIC, SLOT_DUNDERS
from pyinspect.render import to_text

PY = sys.version_info[:2]


class Base:
    def __add__(self, other):
        return NotImplemented

    def __len__(self):
        return 0

    def __repr__(self):
        return "Base()"


class Model(Base):
    def __radd__(self, other):
        return NotImplemented

    def __call__(self, x):
        return x

    def __eq__(self, other):
        return NotImplemented


class Leaf(Model):
    pass


class Slotted:
    __slots__ = ("a", "b")


class WithWeak:
    __slots__ = ("a", "__weakref__")


class MyInt(int):
    pass


class MyList(list):
    def __getitem__(self, i):
        return 0


class Meta(type):
    pass


class WithMeta(metaclass=Meta):
    pass


TYPES = [int, bool, str, list, dict, tuple, float, object, type, bytes, set, Base, Model, Leaf, Slotted,
         WithWeak, MyInt, MyList, Meta, WithMeta, collections.OrderedDict, Exception, KeyError]


@pytest.mark.parametrize("tp", TYPES, ids=lambda t: t.__name__)
def test_type_fields_match_oracles(tp: type) -> None:
    lay = pyinspect.layout(tp)
    assert isinstance(lay, TypeLayout) and lay.family == "type"
    assert lay.basicsize == tp.__basicsize__ == lay.tp_basicsize
    assert lay.itemsize == tp.__itemsize__
    assert lay.tp_flags == tp.__flags__
    assert lay.flags == tpflag_names(tp.__flags__)
    assert [r.address for r in lay.mro] == [id(t) for t in tp.__mro__]
    assert [r.name for r in lay.mro] == [t.__name__ if t.__flags__ & (1 << 9) else
                                         (t.__module__ + "." + t.__qualname__ if t.__module__ != "builtins"
                                          else t.__qualname__) for t in tp.__mro__]
    assert [r.address for r in lay.bases] == [id(t) for t in tp.__bases__]
    assert lay.base == (None if tp.__base__ is None else lay.base) and \
        (lay.base is None or lay.base.address == id(tp.__base__))
    assert lay.tp_dictoffset == lay.dict_offset == tp.__dictoffset__
    assert lay.tp_weaklistoffset == lay.weakref_offset == tp.__weakrefoffset__
    assert lay.heap == bool(tp.__flags__ & (1 << 9))
    assert lay.dict_entries == len(vars(tp))
    assert lay.metaclass == type(tp).__name__
    assert lay.module == tp.__module__
    if lay.heap:
        assert lay.qualname == tp.__qualname__
    assert lay.header.address == id(tp)
    assert len(lay.slots) == len({s.name for s in lay.slots})
    json.dumps(lay.to_dict())


def test_slots_names() -> None:
    assert pyinspect.layout(Slotted).ht_slots == ("a", "b")
    assert pyinspect.layout(Model).ht_slots is None


def python_defined(tp: type, dunder: str):
    """The class in tp's MRO whose __dict__ defines dunder, and the value."""
    for klass in tp.__mro__:
        if dunder in vars(klass):
            return klass, vars(klass)[dunder]
    return None, None


@pytest.mark.parametrize("tp", TYPES, ids=lambda t: t.__name__)
def test_slot_states_against_mro(tp: type) -> None:
    lay = pyinspect.layout(tp)
    for s in lay.slots:
        assert isinstance(s, SlotInfo)
        dunders = SLOT_DUNDERS.get(s.name, ())
        hits = [python_defined(tp, d) for d in dunders]
        py = [k for k, v in hits
              if k is not None and type(v).__name__ in ("function", "staticmethod", "classmethod", "NoneType")]
        if s.state in ("python",) or (s.state == "inherited" and s.via == "python"):
            # the generic slot function: some dunder of it is Python code in the MRO
            assert py, s
            owner = next(k for k in tp.__mro__ if any(d in vars(k) for d in dunders))
            assert s.owner_address == id(owner), s
            assert (s.state == "python") == (owner is tp), s
        elif s.state == "empty":
            assert s.pointer is None and s.owner is None
        else:
            assert s.via == "c" and s.pointer is not None
            assert not (py and s.pointer == GENERIC.get(s.name)), s
            assert (s.state == "c") == (s.owner_address == id(tp)), s


def test_hierarchy_with_overridden_dunders() -> None:
    lay = pyinspect.layout(Model)
    nb_add = lay.slot("nb_add")
    assert nb_add.state == "python" and nb_add.owner == "Model" and nb_add.function == "slot_nb_add"
    assert nb_add.dunders == ("Base.__add__", "Model.__radd__")
    assert lay.slot("sq_length").state == "inherited" and lay.slot("sq_length").owner == "Base"
    assert lay.slot("sq_length").via == "python"
    assert lay.slot("tp_repr").state == "inherited" and lay.slot("tp_repr").owner == "Base"
    assert lay.slot("tp_call").state == "python"
    # __eq__ without __hash__: class creation sets __hash__ = None
    h = lay.slot("tp_hash")
    assert h.function == "PyObject_HashNotImplemented" and h.owner == "Model" and "unhashable" in h.note
    assert lay.slot("tp_richcompare").state == "python"
    assert lay.slot("nb_subtract").state == "empty"
    leaf = pyinspect.layout(Leaf)
    assert leaf.slot("nb_add").state == "inherited" and leaf.slot("nb_add").owner == "Model"
    assert leaf.slot("tp_hash").state == "inherited" and leaf.slot("tp_hash").owner == "Model"
    assert leaf.slot("tp_str").state == "inherited" and leaf.slot("tp_str").owner == "object"
    text = to_text(lay, width=140)
    for needle in ("nb_add", "Python", "Base.__add__, Model.__radd__", "from Base", "PyObject_HashNotImplemented"):
        assert needle in text


def test_builtin_slots() -> None:
    assert pyinspect.layout(int).slot("nb_add").state == "c"
    b = pyinspect.layout(bool)
    assert b.slot("nb_add").state == "inherited" and b.slot("nb_add").owner == "int"
    assert b.slot("nb_and").state == "c" and b.slot("nb_and").owner == "bool"
    assert pyinspect.layout(object).slot("nb_add").state == "empty"
    o = pyinspect.layout(object)
    assert o.slot("tp_getattro").function == "PyObject_GenericGetAttr" and o.slot("tp_getattro").state == "c"
    mi = pyinspect.layout(MyInt)
    assert mi.slot("nb_add").state == "inherited" and mi.slot("nb_add").owner == "int"
    assert mi.slot("tp_dealloc").state == "c" and mi.slot("tp_dealloc").function == "subtype_dealloc"
    ml = pyinspect.layout(MyList)
    assert ml.slot("sq_concat").owner == "list" and ml.slot("mp_subscript").state == "python"
    assert ml.slot("sq_item").state == "python"
    lst = pyinspect.layout(list)
    assert lst.slot("sq_concat").state == "c" and lst.slot("nb_add").state == "empty"


def test_static_builtin_dict_on_312() -> None:
    lay = pyinspect.layout(int)
    assert lay.dict_address is not None and lay.dict_entries == len(vars(int))
    if PY >= (3, 12):
        assert lay.tp_dict_address is None  # gh-94673: kept in the interpreter state
    else:
        assert lay.tp_dict_address == lay.dict_address


def test_metaclass_code_never_runs() -> None:
    class Boom(type):
        def __getattribute__(cls, name):
            raise AssertionError(f"looked up {name}")

        def __getattr__(cls, name):
            raise AssertionError(f"looked up {name}")

        def __repr__(cls):
            raise AssertionError("repr")

        def __eq__(cls, other):
            raise AssertionError("eq")

        __hash__ = type.__hash__

    class Hostile(metaclass=Boom):
        def __add__(self, other):
            raise AssertionError("called")

    lay = pyinspect.layout(Hostile)
    assert lay.metaclass == "Boom" and lay.slot("nb_add").state == "python"
    to_text(lay)


def test_read_type_rejects_non_types() -> None:
    from pyinspect._native import _inspect

    with pytest.raises(TypeError, match="needs a type"):
        _inspect.read_type(1)


def test_show_type_prints() -> None:
    buf = io.StringIO()
    pyinspect.show(Model, color=False, width=140, file=buf)
    out = buf.getvalue()
    assert "PyTypeObject" in out and "Model → Base → object" in out and "slot_nb_add" in out
