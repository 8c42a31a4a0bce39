"""What the bytes of one tensor element mean, per torch dtype.

Pure arithmetic on bytes, like :mod:`pyinspect.bits`: nothing here imports
torch or reads memory.  Every dtype torch 2.x has is described by name
(``"float16"``, ``"float8_e4m3fnuz"``, ``"complex64"``, ``"qint8"``, ...):
its element size, its kind, and how to split an element's bytes into labelled
bit fields (sign / exponent / mantissa for floats, the two's-complement word
for ints, real and imaginary halves for complex).

The IEEE-style formats that :data:`pyinspect.bits.FORMATS` knows (float64,
float32, float16, bfloat16, float8_e4m3fn, float8_e5m2) are decoded there; the
"fnuz" float8 variants, ``float8_e8m0fnu`` and the packed ``float4_e2m1fn_x2``
have different special values and are decoded here.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Optional, Union

from pyinspect import arguments, bits
from pyinspect._dataclass import frozen

__all__ = ["DtypeInfo", "BitField", "Decoded", "DTYPES", "dtype_info", "decode"]

Number = Union[int, float, bool, complex, tuple]


@frozen
class DtypeInfo:
    """How one torch dtype stores an element.

    Attributes:
        name: the dtype's name without ``torch.`` (``"bfloat16"``).
        itemsize: bytes per element (what ``Tensor.element_size()`` reports).
        kind: ``"float"`` (IEEE-style, in :data:`pyinspect.bits.FORMATS`),
            ``"float8fnuz"`` (no inf, no -0, NaN is ``0x80``), ``"e8m0"``
            (exponent only), ``"fp4x2"`` (two 4-bit floats per byte),
            ``"complex"``, ``"int"``, ``"uint"``, ``"bool"``, ``"quantized"``
            (the stored integer before scale/zero point) or ``"bits"`` (no
            arithmetic meaning).
        format: the :mod:`pyinspect.bits` format of a float element or of each
            half of a complex element, else ``None``.
        exponent_bits, mantissa_bits, bias: the float layout (0 for non-floats).
        max_finite: the largest finite value (floats), ``None`` otherwise.
        min_normal: the smallest positive normal value (floats).
        epsilon: the gap between 1.0 and the next value (floats).
        has_inf: the format can store infinity.
        description: one line in words.
        per_byte: logical elements packed into one byte (2 for ``quint4x2``,
            4 for ``quint2x4``, whose strides and offsets count those), else 1.
    """

    name: str
    itemsize: int
    kind: str
    format: Optional[str] = None
    exponent_bits: int = 0
    mantissa_bits: int = 0
    bias: int = 0
    max_finite: Optional[float] = None
    min_normal: Optional[float] = None
    epsilon: Optional[float] = None
    has_inf: bool = False
    description: str = ""
    per_byte: int = 1

    @property
    def is_floating(self) -> bool:
        return self.kind in ("float", "float8fnuz", "e8m0", "fp4x2")

    @property
    def decimal_digits(self) -> Optional[float]:
        """About how many significant decimal digits the mantissa keeps."""
        if not (self.is_floating or self.kind == "complex") or self.kind == "e8m0":
            return None
        return round((self.mantissa_bits + 1) * math.log10(2), 1)


@frozen
class BitField:
    """One labelled run of bits of an element, most significant bit first.

    Attributes:
        name: ``"sign"``, ``"exponent"``, ``"mantissa"``, ``"two's complement"``,
            ``"unsigned"``, ``"bool"``, ``"bits"``; complex halves and packed
            nibbles are prefixed (``"real.sign"``, ``"high.exponent"``).
        bits: the bits as a string of 0/1.
        value: the field as an unsigned integer.
        role: what the field is for colouring: ``"sign"``, ``"exponent"``,
            ``"mantissa"``, ``"integer"`` or ``"bits"``.
    """

    name: str
    bits: str
    value: int
    role: str


@frozen
class Decoded:
    """An element's bytes interpreted.

    Attributes:
        value: the number the bytes encode (a float, int, bool or complex; a
            pair of floats for ``float4_e2m1fn_x2``; ``None`` for ``bits*``).
        kind: for floats ``"zero"``, ``"subnormal"``, ``"normal"``, ``"inf"``
            or ``"nan"`` (complex: the worse of its halves); ``None`` otherwise.
        fields: the bit fields, most significant first.
    """

    value: Optional[Number]
    kind: Optional[str]
    fields: tuple[BitField, ...]


def _ieee(name: str, itemsize: int, fmt: str) -> DtypeInfo:
    f = bits.FORMATS[fmt]
    desc = (f"IEEE-754-style: 1 sign | {f.exponent_bits} exponent (bias {f.bias}) | "
            f"{f.mantissa_bits} mantissa bits" + ("" if f.has_inf else "; no inf, 0x7f/0xff are NaN"))
    return DtypeInfo(name, itemsize, "float", fmt, f.exponent_bits, f.mantissa_bits, f.bias,
                     f.max_finite, f.min_normal, f.epsilon, f.has_inf, desc)


def _fnuz(name: str, ebits: int, mbits: int, bias: int) -> DtypeInfo:
    top_e = (1 << ebits) - 1 - bias
    max_finite = float((Fraction(2) - Fraction(1, 1 << mbits)) * Fraction(2) ** top_e)
    return DtypeInfo(name, 1, "float8fnuz", None, ebits, mbits, bias, max_finite,
                     math.ldexp(1.0, 1 - bias), math.ldexp(1.0, -mbits), False,
                     f"8-bit float: 1 sign | {ebits} exponent (bias {bias}) | {mbits} mantissa bits; "
                     "finite and unsigned zero only (fnuz): 0x80 is the one NaN")


def _complex(name: str, itemsize: int, fmt: str) -> DtypeInfo:
    f = bits.FORMATS[fmt]
    return DtypeInfo(name, itemsize, "complex", fmt, f.exponent_bits, f.mantissa_bits, f.bias,
                     f.max_finite, f.min_normal, f.epsilon, True,
                     f"two {fmt} values: real part first in memory, then imaginary")


def _ints(signed: bool, size: int, name: Optional[str] = None) -> DtypeInfo:
    n = name or f"{'int' if signed else 'uint'}{8 * size}"
    what = "two's complement" if signed else "unsigned binary"
    return DtypeInfo(n, size, "int" if signed else "uint", description=f"{8 * size}-bit {what} integer")


DTYPES: dict[str, DtypeInfo] = {d.name: d for d in (
    _ieee("float64", 8, "float64"),
    _ieee("float32", 4, "float32"),
    _ieee("float16", 2, "float16"),
    _ieee("bfloat16", 2, "bfloat16"),
    _ieee("float8_e4m3fn", 1, "float8_e4m3fn"),
    _ieee("float8_e5m2", 1, "float8_e5m2"),
    _fnuz("float8_e4m3fnuz", 4, 3, 8),
    _fnuz("float8_e5m2fnuz", 5, 2, 16),
    DtypeInfo("float8_e8m0fnu", 1, "e8m0", None, 8, 0, 127, math.ldexp(1.0, 127), math.ldexp(1.0, -127),
              None, False, "8-bit exponent only (bias 127), no sign, no mantissa: 2^(e-127); 0xff is NaN"),
    DtypeInfo("float4_e2m1fn_x2", 1, "fp4x2", None, 2, 1, 1, 6.0, 1.0, 0.5, False,
              "two 4-bit floats per byte, each 1 sign | 2 exponent (bias 1) | 1 mantissa bit"),
    _complex("complex128", 16, "float64"),
    _complex("complex64", 8, "float32"),
    _complex("complex32", 4, "float16"),
    _ints(True, 1), _ints(True, 2), _ints(True, 4), _ints(True, 8),
    _ints(False, 1), _ints(False, 2), _ints(False, 4), _ints(False, 8),
    DtypeInfo("bool", 1, "bool", description="one byte per element: 0x00 False, 0x01 True"),
    DtypeInfo("qint8", 1, "quantized", description="quantized: int8 q, real value = (q - zero_point) * scale"),
    DtypeInfo("quint8", 1, "quantized", description="quantized: uint8 q, real value = (q - zero_point) * scale"),
    DtypeInfo("qint32", 4, "quantized", description="quantized: int32 q, real value = (q - zero_point) * scale"),
    DtypeInfo("quint4x2", 1, "quantized", description="quantized: two uint4 values per byte, low bits first",
              per_byte=2),
    DtypeInfo("quint2x4", 1, "quantized", description="quantized: four uint2 values per byte, low bits first",
              per_byte=4),
)}

_SIGNED_QUANT = {"qint8", "qint32"}


def dtype_info(name: str, itemsize: Optional[int] = None) -> DtypeInfo:
    """The :class:`DtypeInfo` of a dtype name (``"torch.float16"`` or ``"float16"``).

    Dtypes this table does not list (``bits8``, the sub-byte shells
    ``uint1``..``uint7``/``int1``..``int7``, dtypes of a newer torch) get kind
    ``"int"``/``"uint"`` for the sub-byte shells and ``"bits"`` otherwise, with
    ``itemsize`` as torch reports it.
    """
    name = arguments.text(name, "name")
    itemsize = arguments.count(itemsize, "itemsize", minimum=1, none=True)
    if name.startswith("torch."):
        name = name[len("torch."):]
    info = DTYPES.get(name)
    if info is not None:
        return info
    size = itemsize or 1
    for prefix, kind in (("uint", "uint"), ("int", "int")):
        if name.startswith(prefix) and name[len(prefix):].isdigit() and int(name[len(prefix):]) < 8:
            return DtypeInfo(name, size, kind, description=f"{name[len(prefix):]}-bit "
                             f"{'signed' if kind == 'int' else 'unsigned'} values, one per byte as stored")
    return DtypeInfo(name, size, "bits", description="raw bits with no arithmetic meaning in torch")


def _int_field(name: str, pattern: int, width: int, role: str) -> BitField:
    return BitField(name, format(pattern, f"0{width}b") if width else "", pattern, role)


def _float_fields(fb: bits.FloatBits, prefix: str = "") -> tuple[BitField, ...]:
    return (
        _int_field(prefix + "sign", fb.sign, 1, "sign"),
        _int_field(prefix + "exponent", fb.exponent, len(fb.exponent_bits), "exponent"),
        _int_field(prefix + "mantissa", fb.mantissa, len(fb.mantissa_bits), "mantissa"),
    )


def _minifloat(pattern: int, ebits: int, mbits: int, bias: int, nan_pattern: Optional[int],
               prefix: str = "") -> tuple[float, str, tuple[BitField, ...]]:
    """Decode a small float with no infinity and (optionally) a single NaN pattern."""
    total = 1 + ebits + mbits
    sign = pattern >> (total - 1)
    exponent = (pattern >> mbits) & ((1 << ebits) - 1)
    mantissa = pattern & ((1 << mbits) - 1)
    fields = (
        _int_field(prefix + "sign", sign, 1, "sign"),
        _int_field(prefix + "exponent", exponent, ebits, "exponent"),
        _int_field(prefix + "mantissa", mantissa, mbits, "mantissa"),
    )
    if nan_pattern is not None and pattern == nan_pattern:
        return math.nan, "nan", fields
    s = -1.0 if sign else 1.0
    if exponent == 0:
        value = s * math.ldexp(mantissa, 1 - bias - mbits)
        return value, "zero" if mantissa == 0 else "subnormal", fields
    return s * math.ldexp((1 << mbits) | mantissa, exponent - bias - mbits), "normal", fields


_KIND_RANK = {None: 0, "zero": 1, "normal": 2, "subnormal": 3, "inf": 4, "nan": 5}


def decode(info: DtypeInfo, raw: bytes, byteorder: str = "little") -> Decoded:
    """Interpret the bytes of one element (``len(raw) == info.itemsize``).

    Args:
        info: the dtype.
        raw: the element's bytes in memory order.
        byteorder: the machine's byte order (``"little"`` on x86-64 and ARM).
    """
    raw = bytes(raw)
    if len(raw) != info.itemsize:
        raise ValueError(f"{info.name} elements are {info.itemsize} bytes, got {len(raw)}")
    pattern = int.from_bytes(raw, byteorder)  # type: ignore[arg-type]
    width = 8 * info.itemsize
    if info.kind == "float":
        fb = bits.float_bits(raw, info.format, byteorder)  # type: ignore[arg-type]
        return Decoded(fb.value, fb.kind, _float_fields(fb))
    if info.kind == "complex":
        half = info.itemsize // 2
        lo, hi = raw[:half], raw[half:]  # std::complex<T>: real first in memory
        re = bits.float_bits(lo, info.format, byteorder)  # type: ignore[arg-type]
        im = bits.float_bits(hi, info.format, byteorder)  # type: ignore[arg-type]
        kind = max((re.kind, im.kind), key=lambda k: _KIND_RANK.get(k, 0))
        return Decoded(complex(re.value, im.value), kind, _float_fields(re, "real.") + _float_fields(im, "imag."))
    if info.kind == "float8fnuz":
        value, kind, fields = _minifloat(pattern, info.exponent_bits, info.mantissa_bits, info.bias, 0x80)
        return Decoded(value, kind, fields)
    if info.kind == "e8m0":
        field = (_int_field("exponent", pattern, 8, "exponent"),)
        if pattern == 0xFF:
            return Decoded(math.nan, "nan", field)
        return Decoded(math.ldexp(1.0, pattern - info.bias), "normal", field)
    if info.kind == "fp4x2":
        hi_v, hi_k, hi_f = _minifloat(pattern >> 4, 2, 1, 1, None, "high.")
        lo_v, lo_k, lo_f = _minifloat(pattern & 0xF, 2, 1, 1, None, "low.")
        kind = max((hi_k, lo_k), key=lambda k: _KIND_RANK.get(k, 0))
        return Decoded((lo_v, hi_v), kind, hi_f + lo_f)
    if info.kind == "bool":
        return Decoded(pattern != 0, None, (_int_field("bool", pattern, width, "integer"),))
    if info.kind in ("int", "uint") or (info.kind == "quantized" and info.itemsize in (1, 4)
                                         and info.name in ("qint8", "quint8", "qint32")):
        signed = info.kind == "int" or info.name in _SIGNED_QUANT
        value = int.from_bytes(raw, byteorder, signed=signed)  # type: ignore[arg-type]
        name = "two's complement" if signed else "unsigned"
        return Decoded(value, None, (_int_field(name, pattern, width, "integer"),))
    if info.kind == "quantized":  # packed sub-byte quantized values
        step = 4 if info.name == "quint4x2" else 2
        parts = tuple((pattern >> s) & ((1 << step) - 1) for s in range(0, 8, step))
        fields = tuple(_int_field(f"q[{k}]", p, step, "integer") for k, p in reversed(list(enumerate(parts))))
        return Decoded(parts, None, fields)
    return Decoded(None, None, (_int_field("bits", pattern, width, "bits"),))
