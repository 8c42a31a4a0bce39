"""Pure arithmetic on bytes: IEEE-754 fields, rounding to narrower floats,
endianness and UTF-8 framing.

Nothing here reads memory; the bytes come from pyinspect's readers (or from
the caller).  Every function is exact: floats are decomposed with integer
arithmetic, so the rounding error of storing a float64 in float16 is the true
error, not one computed in floating point.

Formats: ``float64``, ``float32``, ``float16``, ``bfloat16`` and the OCP 8-bit
formats ``float8_e4m3fn`` and ``float8_e5m2`` (as in PyTorch).
"""

from __future__ import annotations

import math
import struct
import sys
from collections.abc import Iterable
from fractions import Fraction
from typing import Literal, Optional, Union

from pyinspect import arguments
from pyinspect._dataclass import frozen

__all__ = [
    "FloatFormat",
    "FORMATS",
    "FloatBits",
    "Rounding",
    "ByteOrderView",
    "CodePointFraming",
    "Utf8Byte",
    "decode",
    "encode",
    "float_bits",
    "round_to",
    "rounding_table",
    "byte_order",
    "utf8_framing",
]


@frozen
class FloatFormat:
    """An IEEE-754-style binary floating-point format.

    Attributes:
        name: the format's name (``"float16"``).
        exponent_bits: width of the biased exponent field.
        mantissa_bits: width of the stored fraction (the implicit leading 1 is
            not stored).
        bias: exponent bias (``2**(exponent_bits-1) - 1``).
        has_inf: whether the all-ones exponent encodes inf/NaN (``False`` for
            ``float8_e4m3fn``, whose only NaN is the all-ones pattern and
            which has no infinity).
    """

    name: str
    exponent_bits: int
    mantissa_bits: int
    bias: int
    has_inf: bool = True

    @property
    def total_bits(self) -> int:
        """Sign + exponent + mantissa bits."""
        return 1 + self.exponent_bits + self.mantissa_bits

    @property
    def nbytes(self) -> int:
        """Bytes one value occupies."""
        return self.total_bits // 8

    @property
    def max_exponent_field(self) -> int:
        return (1 << self.exponent_bits) - 1

    @property
    def max_finite(self) -> float:
        """The largest finite value."""
        if self.has_inf:
            e = self.max_exponent_field - 1 - self.bias
            frac = Fraction(2) - Fraction(1, 1 << self.mantissa_bits)
        else:  # e4m3fn: exponent all ones is finite except mantissa all ones
            e = self.max_exponent_field - self.bias
            frac = Fraction(2) - Fraction(2, 1 << self.mantissa_bits)
        return float(frac * Fraction(2) ** e)

    @property
    def min_normal(self) -> float:
        return math.ldexp(1.0, 1 - self.bias)

    @property
    def min_subnormal(self) -> float:
        return math.ldexp(1.0, 1 - self.bias - self.mantissa_bits)

    @property
    def epsilon(self) -> float:
        """Gap between 1.0 and the next representable value."""
        return math.ldexp(1.0, -self.mantissa_bits)


FORMATS: dict[str, FloatFormat] = {
    f.name: f
    for f in (
        FloatFormat("float64", 11, 52, 1023),
        FloatFormat("float32", 8, 23, 127),
        FloatFormat("float16", 5, 10, 15),
        FloatFormat("bfloat16", 8, 7, 127),
        FloatFormat("float8_e4m3fn", 4, 3, 7, has_inf=False),
        FloatFormat("float8_e5m2", 5, 2, 15),
    )
}

FormatLike = Union[str, FloatFormat]
ByteOrder = Literal["little", "big"]


def _fmt(fmt: FormatLike, name: str = "fmt") -> FloatFormat:
    """The FloatFormat named by ``fmt`` (a name or a FloatFormat)."""
    if isinstance(fmt, FloatFormat):
        return fmt
    if not issubclass(type(fmt), str):
        raise TypeError(f"{name} must be a float format name or a FloatFormat, not {type(fmt).__name__}")
    got = FORMATS.get(str.__str__(fmt))
    if got is None:
        raise ValueError(f"{name}: unknown float format {arguments.shown(str.__str__(fmt))}; "
                         f"known: {', '.join(FORMATS)}")
    return got


_BYTEORDERS = ("little", "big")


@frozen
class FloatBits:
    """The fields of one stored floating-point value.

    Attributes:
        format: the format's name.
        pattern: the value's bits as an unsigned int (sign in the top bit).
        sign: the sign bit (1 = negative).
        exponent: the biased exponent field as stored.
        mantissa: the stored fraction field (no implicit bit).
        kind: ``"zero"``, ``"subnormal"``, ``"normal"``, ``"inf"`` or ``"nan"``.
        value: the value the bits encode, as a Python float (exact for every
            format up to float64).
        unbiased_exponent: ``exponent - bias`` for normals, ``1 - bias`` for
            subnormals and zero, ``None`` for inf/NaN.
    """

    format: str
    pattern: int
    sign: int
    exponent: int
    mantissa: int
    kind: str
    value: float
    unbiased_exponent: Optional[int]

    @property
    def bits(self) -> str:
        """All bits, most significant first, as a string of 0/1."""
        f = FORMATS[self.format]
        return format(self.pattern, f"0{f.total_bits}b")

    @property
    def sign_bits(self) -> str:
        return self.bits[0]

    @property
    def exponent_bits(self) -> str:
        f = FORMATS[self.format]
        return self.bits[1 : 1 + f.exponent_bits]

    @property
    def mantissa_bits(self) -> str:
        f = FORMATS[self.format]
        return self.bits[1 + f.exponent_bits :]

    @property
    def formula(self) -> str:
        """How the fields make the value, e.g.
        ``(-1)^0 x 1.1001100110011001100110011001100110011001100110011010b x 2^(1019-1023)``."""
        f = FORMATS[self.format]
        if self.kind == "nan":
            return "NaN (exponent all ones, mantissa != 0)"
        if self.kind == "inf":
            return f"(-1)^{self.sign} x inf (exponent all ones, mantissa 0)"
        lead = "1" if self.kind == "normal" else "0"
        e = self.exponent if self.kind == "normal" else 1
        return (
            f"(-1)^{self.sign} x {lead}.{self.mantissa_bits}b x 2^({e}-{f.bias})"
            f" = {self.value!r}"
        )

    def to_dict(self) -> dict:
        return {
            "format": self.format,
            "pattern": self.pattern,
            "bits": self.bits,
            "sign": self.sign,
            "exponent": self.exponent,
            "mantissa": self.mantissa,
            "kind": self.kind,
            "value": _json_float(self.value),
            "unbiased_exponent": self.unbiased_exponent,
        }


def _json_float(v: float) -> Union[float, str]:
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return v


def decode(pattern: int, fmt: FormatLike) -> FloatBits:
    """Split a bit pattern (an unsigned int) of format ``fmt`` into its fields.

    Raises:
        TypeError: ``pattern`` is not an int, ``fmt`` not a format.
        ValueError: ``pattern`` is negative, or ``fmt`` an unknown name.
        OverflowError: ``pattern`` does not fit in the format's bits.
    """
    f = _fmt(fmt)
    pattern = arguments.count(pattern, "pattern", maximum=(1 << f.total_bits) - 1)
    assert pattern is not None
    mbits = f.mantissa_bits
    mantissa = pattern & ((1 << mbits) - 1)
    exponent = (pattern >> mbits) & f.max_exponent_field
    sign = pattern >> (f.total_bits - 1)
    s = -1.0 if sign else 1.0
    if exponent == f.max_exponent_field and f.has_inf:
        kind = "nan" if mantissa else "inf"
        value = math.nan if mantissa else s * math.inf
        unbiased: Optional[int] = None
    elif exponent == f.max_exponent_field and mantissa == (1 << mbits) - 1:
        kind, value, unbiased = "nan", math.nan, None  # e4m3fn's only NaN
    elif exponent == 0:
        kind = "zero" if mantissa == 0 else "subnormal"
        unbiased = 1 - f.bias
        value = s * math.ldexp(mantissa, unbiased - mbits)
    else:
        kind = "normal"
        unbiased = exponent - f.bias
        value = s * math.ldexp((1 << mbits) | mantissa, unbiased - mbits)
    return FloatBits(f.name, pattern, sign, exponent, mantissa, kind, value, unbiased)


def float_bits(data: Union[bytes, float], fmt: FormatLike = "float64",
               byteorder: ByteOrder = sys.byteorder) -> FloatBits:  # type: ignore[assignment]
    """Fields of a stored value.

    Args:
        data: the value's bytes in memory order (``len == format bytes``), or a
            Python float to be stored in ``fmt`` first (rounded to nearest even).
        fmt: the format name or :class:`FloatFormat`.
        byteorder: the order of ``data`` (``"little"`` on x86-64 and ARM).

    Raises:
        TypeError: ``data`` is neither bytes-like nor a number.
        ValueError: ``data`` has the wrong length, ``fmt`` or ``byteorder``
            is unknown.
    """
    f = _fmt(fmt)
    order = arguments.choice(byteorder, "byteorder", _BYTEORDERS)
    t = type(data)
    if t is not bool and (issubclass(t, float) or issubclass(t, int)):
        return decode(encode(arguments.real(data, "data"), f), f)
    raw = arguments.data(data, "data")
    if len(raw) != f.nbytes:
        raise ValueError(f"data: {f.name} needs {f.nbytes} bytes, got {len(raw)}")
    return decode(int.from_bytes(raw, order), f)  # type: ignore[arg-type]


def encode(value: float, fmt: FormatLike) -> int:
    """The bit pattern of ``value`` stored in ``fmt``, rounding to nearest even.

    Values too large for the format become inf.  A format without inf
    (``float8_e4m3fn``) saturates to its largest finite value instead, for
    infinities too, as PyTorch's conversion does (checked with torch 2.13:
    ``torch.tensor([1e6]).to(torch.float8_e4m3fn)`` is 448); NaN stays NaN.

    Raises:
        TypeError: ``value`` is not a float or int.
        OverflowError: ``value`` is an int beyond the float64 range.
    """
    f = _fmt(fmt)
    value = arguments.real(value, "value")
    sign = 1 if math.copysign(1.0, value) < 0 else 0
    top = sign << (f.total_bits - 1)
    if math.isnan(value):
        if f.has_inf:
            return top | (f.max_exponent_field << f.mantissa_bits) | (1 << (f.mantissa_bits - 1))
        return top | (f.max_exponent_field << f.mantissa_bits) | ((1 << f.mantissa_bits) - 1)
    overflow = (
        top | (f.max_exponent_field << f.mantissa_bits)
        if f.has_inf
        # saturate: exponent all ones, mantissa all ones but the last (the NaN)
        else top | (f.max_exponent_field << f.mantissa_bits) | ((1 << f.mantissa_bits) - 2)
    )
    if math.isinf(value):
        return overflow
    if value == 0.0:
        return top
    exact = Fraction(abs(value))
    mbits = f.mantissa_bits
    emin = 1 - f.bias  # exponent of the smallest normal
    # scale: the integer count of units-in-last-place for the value's binade
    e = math.frexp(abs(value))[1] - 1  # abs(value) in [2^e, 2^(e+1))
    e = max(e, emin)
    q = exact / Fraction(2) ** (e - mbits)  # significand in ulps of that binade
    n = _round_half_even(q)
    if n >= (2 << mbits):  # rounding carried into the next binade
        n >>= 1
        e += 1
    if n < (1 << mbits):  # subnormal (only when e == emin)
        return top | n
    exponent_field = e + f.bias
    pattern = top | (exponent_field << mbits) | (n - (1 << mbits))
    if f.has_inf and exponent_field >= f.max_exponent_field:
        return overflow
    if not f.has_inf and (
        exponent_field > f.max_exponent_field
        or (exponent_field == f.max_exponent_field and (n - (1 << mbits)) == (1 << mbits) - 1)
    ):
        return overflow
    return pattern


def _round_half_even(q: Fraction) -> int:
    n, rem = divmod(q.numerator, q.denominator)
    twice = 2 * rem
    if twice > q.denominator or (twice == q.denominator and n % 2 == 1):
        n += 1
    return n


def round_to(value: float, fmt: FormatLike) -> float:
    """``value`` as it comes back after being stored in ``fmt``."""
    return decode(encode(value, fmt), fmt).value


@frozen
class Rounding:
    """What storing a float64 in a narrower format does to it.

    Attributes:
        format: the narrower format's name.
        original: the float64 value.
        stored: the value the format keeps.
        abs_error: ``stored - original`` (exact, as a float), ``nan`` when
            one side is inf/NaN.
        rel_error: ``abs_error / original`` (``nan`` for 0 and non-finite).
        overflow: the value was finite but became inf in the format (or, for
            a format without inf, was clamped to its largest finite value).
        underflow: a nonzero value became zero.
        bits: the stored fields.
    """

    format: str
    original: float
    stored: float
    abs_error: float
    rel_error: float
    overflow: bool
    underflow: bool
    bits: FloatBits


def rounding_table(value: float, formats: Iterable[FormatLike] = (
        "float64", "float32", "float16", "bfloat16")) -> list[Rounding]:
    """One :class:`Rounding` row per format for a float64 ``value``."""
    value = arguments.real(value, "value")
    if issubclass(type(formats), str) or isinstance(formats, FloatFormat):
        raise TypeError("formats must be a collection of formats, not one format")
    rows = []
    for fmt in formats:
        f = _fmt(fmt, "each item of formats")
        bits = decode(encode(value, f), f)
        stored = bits.value
        finite = math.isfinite(value) and math.isfinite(stored)
        if finite:
            err = float(Fraction(stored) - Fraction(value))
            rel = err / value if value != 0 else 0.0
        elif value == stored:  # the same infinity
            err = rel = 0.0
        else:
            err = rel = math.nan
        rows.append(Rounding(
            format=f.name, original=value, stored=stored, abs_error=err, rel_error=rel,
            overflow=math.isfinite(value) and (not math.isfinite(stored) or abs(value) > f.max_finite),
            underflow=value != 0 and stored == 0,
            bits=bits,
        ))
    return rows


@frozen
class ByteOrderView:
    """The same bytes in memory order and most-significant-first.

    Attributes:
        memory: bytes as they sit at increasing addresses.
        byteorder: ``"little"`` or ``"big"``: how the machine orders them.
        msb_first: the bytes rearranged so the most significant byte is first
            (the order in which people write numbers).
    """

    memory: bytes
    byteorder: str
    msb_first: bytes

    @property
    def memory_hex(self) -> list[str]:
        return [f"{b:02x}" for b in self.memory]

    @property
    def msb_hex(self) -> list[str]:
        return [f"{b:02x}" for b in self.msb_first]


def byte_order(memory: bytes, byteorder: ByteOrder = sys.byteorder) -> ByteOrderView:  # type: ignore[assignment]
    """Show ``memory`` (bytes in address order) both ways."""
    memory = arguments.data(memory, "memory")
    order = arguments.choice(byteorder, "byteorder", _BYTEORDERS)
    assert order is not None
    msb = memory[::-1] if order == "little" else memory
    return ByteOrderView(memory, order, msb)


def float64_from_memory(raw: bytes, byteorder: ByteOrder = sys.byteorder) -> float:  # type: ignore[assignment]
    """The float whose 8 bytes in memory are ``raw``."""
    raw = arguments.data(raw, "raw", size=8)
    order = arguments.choice(byteorder, "byteorder", _BYTEORDERS)
    return struct.unpack("<d" if order == "little" else ">d", raw)[0]


@frozen
class Utf8Byte:
    """One byte of a UTF-8 sequence.

    Attributes:
        value: the byte.
        role: ``"ascii"``, ``"lead"`` or ``"continuation"``.
        framing: the fixed prefix bits (``"0"``, ``"110"``, ``"1110"``,
            ``"11110"`` or ``"10"``).
        payload: the remaining bits, which carry the code point.
    """

    value: int
    role: str
    framing: str
    payload: str

    @property
    def bits(self) -> str:
        return self.framing + self.payload


@frozen
class CodePointFraming:
    """How one code point is framed in UTF-8.

    Attributes:
        char: the character.
        code_point: its Unicode code point.
        utf8: its UTF-8 bytes.
        bytes: one :class:`Utf8Byte` per byte.
    """

    char: str
    code_point: int
    utf8: bytes
    bytes: tuple[Utf8Byte, ...]

    @property
    def payload_bits(self) -> str:
        """The payload bits joined: the code point in binary, zero-padded."""
        return "".join(b.payload for b in self.bytes)


def _frame_byte(b: int, position: int, length: int) -> Utf8Byte:
    if length == 1:
        return Utf8Byte(b, "ascii", "0", format(b, "07b"))
    if position > 0:
        return Utf8Byte(b, "continuation", "10", format(b & 0x3F, "06b"))
    prefix = "1" * length + "0"
    width = 8 - len(prefix)
    return Utf8Byte(b, "lead", prefix, format(b & ((1 << width) - 1), f"0{width}b"))


def utf8_framing(text: str) -> list[CodePointFraming]:
    """Per code point of ``text``: its UTF-8 bytes with framing and payload bits.

    Lone surrogates (which UTF-8 cannot encode) are framed as the 3-byte
    sequence ``surrogatepass`` would produce.
    """
    text = arguments.text(text, "text")
    out = []
    for ch in text:
        data = ch.encode("utf-8", "surrogatepass")
        out.append(CodePointFraming(
            ch, ord(ch), data,
            tuple(_frame_byte(b, i, len(data)) for i, b in enumerate(data)),
        ))
    return out

