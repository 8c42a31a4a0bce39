"""``layout(obj)``: pick the reader for an object's C layout and build its Layout.

The C extension reads raw fields; this module interprets them (joins digits,
names flags, decodes code units).  It never touches an object's Python-level
API: no ``isinstance`` (which may call ``__class__``), no ``repr``, no
attribute access on the object.  The family is decided in C from ``tp_flags``.

Every public entry point reads the root object's header *first* and passes
the object down as a plain positional argument: the refcount correction
(ARCHITECTURE rule 5) depends on it.
"""

from __future__ import annotations

import contextvars
import reprlib
import sys
import weakref
from typing import Any, Callable, Optional

from pyinspect import buffer_types
from pyinspect._native import _inspect
from pyinspect.arguments import count, flag
from pyinspect.bits import float64_from_memory, float_bits
from pyinspect.model import (
    INTERNED_NAMES,
    ByteArrayLayout,
    BytesLayout,
    ComplexLayout,
    FloatLayout,
    Header,
    IntLayout,
    ItemSummary,
    Layout,
    ListLayout,
    ObjectLayout,
    StrLayout,
    TupleLayout,
    WeakrefLayout,
)
from pyinspect.model.text import decode_units

__all__ = ["layout", "register", "summarize", "window"]

Builder = Callable[[Any, Header, Optional[int]], Layout]
_BUILDERS: dict[str, Builder] = {}

#: rows a bounded read keeps from the end, per ``limit`` rows from the start
TAIL_FRACTION = 4


def register(family: str) -> Callable[[Builder], Builder]:
    """Register the Layout builder for a family name returned by ``_inspect.family``."""

    def deco(fn: Builder) -> Builder:
        _BUILDERS[family] = fn
        return fn

    return deco


def window(limit: Optional[int]) -> tuple[Optional[int], Optional[int]]:
    """(head, tail) counts for a bounded read of ``limit`` rows (None: all)."""
    limit = count(limit, "limit", minimum=1, none=True)
    if limit is None:
        return None, None
    tail = max(1, limit // TAIL_FRACTION) if limit > 1 else 0
    return limit - tail if limit > 1 else 1, tail


#: whether summaries of referenced objects may call repr() (the caller's opt-in)
_USE_REPR: contextvars.ContextVar[bool] = contextvars.ContextVar("pyinspect_use_repr", default=False)


def layout(obj: object, *, limit: Optional[int] = None, use_repr: bool = False) -> Layout:
    """The Layout of ``obj``: what CPython stores for it, read from memory.

    Args:
        obj: any object.  None of its Python code runs.
        limit: read at most about this many items/code units/bytes of a
            large object (its head and tail), at least 1 and at most
            ``sys.maxsize``; ``None`` reads everything.
        use_repr: describe the objects a container points at with ``repr()``
            when they are not builtin scalars.  Off by default, because it
            runs their code; ``obj`` itself is never repr'd.

    Returns:
        A family Layout (:class:`~pyinspect.model.IntLayout`, ...,
        :class:`~pyinspect.model.ObjectLayout` for other objects).

    Raises:
        TypeError, ValueError, OverflowError: ``limit`` or ``use_repr`` of
            the wrong type or out of range (the message names it).
    """
    limit = count(limit, "limit", minimum=1, none=True)
    use_repr = flag(use_repr, "use_repr")
    buffer_types.note()  # numpy's arrays get their __sizeof__ (data included) in the header
    raw = _inspect.read_header(obj)
    if not use_repr:
        return _build(obj, raw, limit)
    token = _USE_REPR.set(True)
    try:
        return _build(obj, raw, limit)
    finally:
        _USE_REPR.reset(token)


def _build(obj: object, raw_header: dict[str, Any], limit: Optional[int]) -> Layout:
    header = Header.from_raw(raw_header)
    family = _inspect.family(obj)
    if family == "object" and _is_tensor(obj):
        from pyinspect import torch as pyi_torch

        return pyi_torch.build(obj, header, limit)
    if family == "object" and _is_weakref(obj):
        return WeakrefLayout.from_raw(_inspect.read_weakref(obj), header=header)
    builder = _BUILDERS.get(family, _build_object)
    return builder(obj, header, limit)


def _is_weakref(obj: object) -> bool:
    """A weakref.ref (or subclass) or proxy, decided in C: a proxy forwards
    attribute access, so nothing of ``obj`` is asked."""
    t = type(obj)  # compared by identity: a metaclass's __eq__ never runs
    return any(t is p for p in _PROXY_TYPES) or _inspect.is_instance(obj, weakref.ref)


_PROXY_TYPES = (weakref.ProxyType, weakref.CallableProxyType)


def _is_tensor(obj: object) -> bool:
    """A torch.Tensor (or subclass), decided in C; torch is never imported here."""
    torch = sys.modules.get("torch")
    tensor = getattr(torch, "Tensor", None) if torch is not None else None
    return isinstance(tensor, type) and _inspect.is_instance(obj, tensor)


# ---- summaries of referenced objects -----------------------------------------

SUMMARY_CHARS = 32


def summarize(obj: object) -> ItemSummary:
    """A short description of ``obj`` from its own layout, for containers.

    Builtin scalars (None, bool, exact int/float/str/bytes) get their value;
    anything else only its type name and address.
    """
    address = id(obj)
    tname = _inspect.type_name(obj)
    t = type(obj)
    value: Optional[str] = None
    if obj is None:
        value = "None"
    elif obj is True or obj is False:
        value = "True" if obj is True else "False"
    elif obj is Ellipsis:
        value = "Ellipsis"
    elif t is int:
        value = _int_text(_int_value(_inspect.read_long(obj)))
    elif t is float:
        value = repr(float64_from_memory(_inspect.read_float(obj)["raw"]))
    elif t is str:
        raw = _inspect.read_unicode(obj, SUMMARY_CHARS, 0)
        text = decode_units(raw["data"] or b"", raw["kind"])
        value = repr(text) if not raw["data_omitted"] else repr(text)[:-1] + "…'"
    elif t is bytes:
        raw = _inspect.read_bytes(obj, SUMMARY_CHARS, 0)
        value = repr(raw["data"]) if not raw["data_omitted"] else repr(raw["data"])[:-1] + "…'"
    elif _USE_REPR.get():
        value = _safe_repr(obj)
    return ItemSummary(address, tname, value)


_REPR = reprlib.Repr()
_REPR.maxstring = _REPR.maxother = SUMMARY_CHARS


def _safe_repr(obj: object) -> str:
    """repr() of an object the caller agreed to run code of, shortened."""
    try:
        return _REPR.repr(obj)
    except Exception as exc:  # the object's own __repr__ failed
        return f"<repr failed: {type(exc).__name__}>"


def _int_text(v: int) -> str:
    if v.bit_length() > 128:
        return f"<int of {v.bit_length()} bits>"
    return str(v)


def _summaries(objects: tuple[object, ...]) -> tuple[ItemSummary, ...]:
    return tuple(summarize(item) for item in objects)


# ---- builders -------------------------------------------------------------------


def _int_value(raw: dict[str, Any]) -> int:
    digits = raw["digits"]
    size = raw["digit_size"]
    value = 0
    # digits are little-endian uint32 holding digit_bits bits each
    for i in range(raw["ndigits"] - 1, -1, -1):
        value = (value << raw["digit_bits"]) | int.from_bytes(digits[i * size:(i + 1) * size], sys.byteorder)
    return value * raw["sign"] if raw["sign"] else 0


@register("int")
def _build_int(obj: object, header: Header, limit: Optional[int]) -> IntLayout:
    raw = _inspect.read_long(obj)
    size = raw["digit_size"]
    data = raw["digits"]
    digits = tuple(int.from_bytes(data[i:i + size], sys.byteorder) for i in range(0, len(data), size))
    return IntLayout(
        header=header, digits=digits, digit_bits=raw["digit_bits"], sign=raw["sign"],
        ndigits=raw["ndigits"], lv_tag=raw["lv_tag"], ob_size=raw["ob_size"],
        small_int_cached=raw["small_int_cached"], digits_offset=raw["digits_offset"],
        value=_int_value(raw),
    )


@register("float")
def _build_float(obj: object, header: Header, limit: Optional[int]) -> FloatLayout:
    raw = _inspect.read_float(obj)
    fb = float_bits(raw["raw"], "float64", sys.byteorder)  # type: ignore[arg-type]
    return FloatLayout(
        header=header, value=float64_from_memory(raw["raw"]), raw=raw["raw"],
        byteorder=sys.byteorder, sign=fb.sign, exponent=fb.exponent, mantissa=fb.mantissa,
        offset=raw["offset"],
    )


@register("complex")
def _build_complex(obj: object, header: Header, limit: Optional[int]) -> ComplexLayout:
    raw = _inspect.read_complex(obj)
    return ComplexLayout(
        header=header, real=float64_from_memory(raw["real"]), imag=float64_from_memory(raw["imag"]),
        real_raw=raw["real"], imag_raw=raw["imag"], byteorder=sys.byteorder, offset=raw["offset"],
    )


@register("str")
def _build_str(obj: object, header: Header, limit: Optional[int]) -> StrLayout:
    head, tail = window(limit)
    raw = _inspect.read_unicode(obj, head, tail)
    data = raw["data"]
    value = decode_units(data, raw["kind"]) if data is not None else ""
    return StrLayout(
        header=header, length=raw["length"], kind=raw["kind"], ascii=raw["ascii"],
        compact=raw["compact"], interned=INTERNED_NAMES.get(raw["interned"], str(raw["interned"])),
        interned_state=raw["interned"], ready=raw["ready"],
        statically_allocated=raw["statically_allocated"], data=data,
        data_omitted=raw["data_omitted"], data_head=raw["data_head"],
        data_address=raw["data_address"], utf8=raw["utf8"], utf8_length=raw["utf8_length"],
        utf8_is_data=raw["utf8_is_data"], utf8_address=raw["utf8_address"],
        utf8_omitted=raw["utf8_omitted"], hash=None if raw["hash"] == -1 else raw["hash"],
        wstr_address=raw["wstr_address"], wstr_length=raw["wstr_length"], value=value,
    )


@register("bytes")
def _build_bytes(obj: object, header: Header, limit: Optional[int]) -> BytesLayout:
    head, tail = window(limit)
    raw = _inspect.read_bytes(obj, head, tail)
    return BytesLayout.from_raw(raw, header=header, hash=None if raw["hash"] == -1 else raw["hash"])


@register("bytearray")
def _build_bytearray(obj: object, header: Header, limit: Optional[int]) -> ByteArrayLayout:
    head, tail = window(limit)
    raw = dict(_inspect.read_bytearray(obj, head, tail))
    sizes = raw.pop("sizes")  # the header's sizes of the same moment
    return ByteArrayLayout.from_raw(raw, header=header.with_sizes(sizes))


@register("list")
def _build_list(obj: object, header: Header, limit: Optional[int]) -> ListLayout:
    head, tail = window(limit)
    raw = _inspect.read_list(obj, head, tail)
    return ListLayout(
        header=header.with_sizes(raw["sizes"]), size=raw["size"], allocated=raw["allocated"], ob_item=raw["ob_item"],
        items=raw["items"], items_omitted=raw["items_omitted"], items_head=raw["items_head"],
        summaries=_summaries(raw["objects"]),
    )


@register("tuple")
def _build_tuple(obj: object, header: Header, limit: Optional[int]) -> TupleLayout:
    head, tail = window(limit)
    raw = _inspect.read_tuple(obj, head, tail)
    h = raw["hash"]
    return TupleLayout(
        header=header, size=raw["size"], items=raw["items"], items_omitted=raw["items_omitted"],
        items_head=raw["items_head"], hash=None if h is None or h == -1 else h,
        items_offset=raw["items_offset"], summaries=_summaries(raw["objects"]),
    )


def _build_object(obj: object, header: Header, limit: Optional[int]) -> ObjectLayout:
    raw = _inspect.read_instance(obj)
    if raw["values_address"] is not None and raw["dict_address"] is None:
        from pyinspect.read_containers import attribute_labels

        raw["attribute_names"], raw["attribute_values"] = attribute_labels(obj, raw["values"], limit)
    return ObjectLayout.from_raw(raw, header=header)


# an instance of a class (or a module, which has no reader of its own) is read
# through its type's slots: the instance's dict, its __slots__, its inline values
register("object")(_build_object)
register("module")(_build_object)
