"""Independent oracles for the size tests: ``sys.getsizeof`` summed over a
``gc.get_referents`` walk written in Python (plus a numpy array's ``base``
and object items, which ndarray's type does not traverse), leaving out what
``pyinspect.memory`` leaves out by default (types, modules, immortal objects),
and with ``dict_keys=True`` adding the keys of str-keyed dicts that the
collector does not report."""

from __future__ import annotations

import ctypes
import gc
import sys
import sysconfig
import types
from collections.abc import Iterable
from typing import Any

PY = sys.version_info[:2]
#: free-threaded build (PEP 703)
FT = bool(sysconfig.get_config_var("Py_GIL_DISABLED"))
#: bytes of the GC head in front of GC objects (none on free-threaded builds)
GC_HEAD = 0 if FT else 16

_FROZENDICT = getattr(__import__("builtins"), "frozendict", None)


def is_immortal(obj: Any) -> bool:
    """PEP 683 immortality (3.12+), from the public API."""
    if hasattr(sys, "_is_immortal"):
        return sys._is_immortal(obj)
    return PY >= (3, 12) and sys.getrefcount(obj) >= 2**31


def left_out(obj: Any, include_types: bool = False, include_modules: bool = False,
             include_immortal: bool = False) -> bool:
    """What pyinspect.memory leaves out by default (its docstring's rules)."""
    t = type(obj)
    if issubclass(t, type) and not include_types:
        return True
    if issubclass(t, types.ModuleType) and not include_modules:
        return True
    return not include_immortal and is_immortal(obj)


#: offsetof(PyDictObject, ma_values): the header, ma_used, the version tag, ma_keys
_MA_VALUES = object.__basicsize__ + 3 * 8


def is_split(d: Any) -> bool:
    """The dict has a split table (ma_values != NULL): its keys belong to a
    class's shared keys.  Read with ctypes at the documented offset; on
    3.9/3.10 an empty dict also points at the static empty values."""
    return len(d) > 0 and ctypes.c_void_p.from_address(id(d) + _MA_VALUES).value is not None


def referents(obj: Any, dict_keys: bool = False, split: Iterable[int] = ()) -> list[Any]:
    """gc.get_referents(obj), plus a combined dict's keys (dict_traverse skips
    the keys of str-only tables).  Split tables' keys belong to their class;
    ``split`` may name more dicts (by id) to treat as split."""
    refs = gc.get_referents(obj)
    np = sys.modules.get("numpy")
    if np is not None and isinstance(obj, np.ndarray):
        # ndarray has no tp_traverse; pyinspect follows its base, and the
        # items of an object array that owns its data
        if obj.base is not None:
            refs.append(obj.base)
        if obj.dtype == object and obj.flags.owndata:
            refs.extend(obj.reshape(-1, order="A").tolist() if obj.size else [])
    is_dict = issubclass(type(obj), dict) or (_FROZENDICT is not None and issubclass(type(obj), _FROZENDICT))
    if dict_keys and is_dict and id(obj) not in set(split) and not is_split(obj):
        refs.extend(dict.keys(obj) if issubclass(type(obj), dict) else _FROZENDICT.keys(obj))
    return refs


def deep(root: Any, *, include_types: bool = False, include_modules: bool = False,
         include_immortal: bool = False, dict_keys: bool = False, split: Iterable[int] = ()) -> tuple[int, int]:
    """(total bytes, object count) of the referents walk from ``root``.

    The root always counts; every other object is left out (not counted, not
    followed) by the rules of :func:`left_out`."""
    split = set(split)
    seen = {id(root)}
    keep = [root]  # ids stay valid while the objects are held here
    stack = [root]
    total = count = 0
    while stack:
        obj = stack.pop()
        total += sys.getsizeof(obj)
        count += 1
        for ref in referents(obj, dict_keys, split):
            if id(ref) in seen:
                continue
            seen.add(id(ref))
            keep.append(ref)
            if left_out(ref, include_types, include_modules, include_immortal):
                continue
            stack.append(ref)
    return total, count


def counted(root: Any, **kw: Any) -> list[Any]:
    """The objects :func:`deep` counts (for retained-size expectations)."""
    split = set(kw.pop("split", ()))
    seen = {id(root)}
    out = [root]
    stack = [root]
    while stack:
        obj = stack.pop()
        for ref in referents(obj, kw.get("dict_keys", False), split):
            if id(ref) in seen:
                continue
            seen.add(id(ref))
            if left_out(ref, kw.get("include_types", False), kw.get("include_modules", False),
                        kw.get("include_immortal", False)):
                continue
            out.append(ref)
            stack.append(ref)
    return out
