"""Layouts of int (bool, int subclasses), float and complex."""

from __future__ import annotations

import sys
from typing import ClassVar, Optional

from pyinspect import bits
from pyinspect._dataclass import frozen
from pyinspect.model.base import Layout


@frozen
class IntLayout(Layout):
    """A ``PyLongObject``: sign and magnitude in base ``2**digit_bits``.

    Attributes:
        digits: the stored digits, least significant first (``ob_digit``).
        digit_bits: bits per digit (``PyLong_SHIFT``, 30 on 64-bit builds).
        sign: -1, 0 or 1.
        ndigits: how many digits the value uses (0 for zero).
        lv_tag: 3.12+: the stored ``long_value.lv_tag`` =
            ``ndigits << 3 | sign bits`` (0 positive, 1 zero, 2 negative; bit 2
            marks the cached small ints from 3.14); ``None`` before 3.12.
        ob_size: before 3.12, the stored ``ob_size`` = ``sign * ndigits``;
            ``None`` from 3.12.
        small_int_cached: this object is the interpreter's cached small int
            (the one every ``n`` in the cache range refers to).
        digits_offset: byte offset of ``ob_digit`` from the object's start.
        value: the number rebuilt from the digits and sign.
    """

    family: ClassVar[str] = "int"
    struct: ClassVar[str] = "PyLongObject"
    digits: tuple[int, ...]
    digit_bits: int
    sign: int
    ndigits: int
    lv_tag: Optional[int]
    ob_size: Optional[int]
    small_int_cached: bool
    digits_offset: int
    value: int

    def _repr_facts(self) -> str:
        return f"ndigits={self.ndigits}, sign={self.sign}, refcnt={self.refcnt}"

    @property
    def is_bool(self) -> bool:
        return self.header.type_name == "bool"

    @property
    def compact(self) -> bool:
        """Fits in one digit (CPython's fast path for small ints)."""
        return self.ndigits <= 1

    @property
    def lv_tag_fields(self) -> Optional[dict[str, int]]:
        """``lv_tag`` split into ``ndigits``, ``sign_bits`` and ``immortal_bit`` (3.12+)."""
        if self.lv_tag is None:
            return None
        return {"ndigits": self.lv_tag >> 3, "sign_bits": self.lv_tag & 3,
                "immortal_bit": (self.lv_tag >> 2) & 1}


@frozen
class FloatLayout(Layout):
    """A ``PyFloatObject``: one IEEE-754 double, ``ob_fval``.

    Attributes:
        value: the double the 8 bytes encode.
        raw: the 8 bytes of ``ob_fval`` in memory order.
        byteorder: ``"little"`` or ``"big"``, the machine's byte order.
        sign: the sign bit.
        exponent: the biased 11-bit exponent field.
        mantissa: the 52-bit fraction field.
        offset: byte offset of ``ob_fval`` from the object's start.
    """

    family: ClassVar[str] = "float"
    struct: ClassVar[str] = "PyFloatObject"
    value: float
    raw: bytes
    byteorder: str
    sign: int
    exponent: int
    mantissa: int
    offset: int

    def _repr_facts(self) -> str:
        return f"value={self.value!r}, refcnt={self.refcnt}"

    @property
    def bits(self) -> bits.FloatBits:
        """The decoded fields (see :mod:`pyinspect.bits`)."""
        return bits.float_bits(self.raw, "float64", self.byteorder)  # type: ignore[arg-type]

    @property
    def msb_first(self) -> bytes:
        """The 8 bytes most significant first."""
        return self.raw[::-1] if self.byteorder == "little" else self.raw

    @property
    def rounding(self) -> list[bits.Rounding]:
        """What float32, float16 and bfloat16 would store instead."""
        return bits.rounding_table(self.value)


@frozen
class ComplexLayout(Layout):
    """A ``PyComplexObject``: two doubles, ``cval.real`` and ``cval.imag``.

    Attributes:
        real: the real part.
        imag: the imaginary part.
        real_raw, imag_raw: their 8 bytes each, in memory order.
        byteorder: the machine's byte order.
        offset: byte offset of ``cval``.
    """

    family: ClassVar[str] = "complex"
    struct: ClassVar[str] = "PyComplexObject"
    real: float
    imag: float
    real_raw: bytes
    imag_raw: bytes
    byteorder: str
    offset: int

    def _repr_facts(self) -> str:
        return f"real={self.real!r}, imag={self.imag!r}, refcnt={self.refcnt}"


BYTEORDER = sys.byteorder
