"""float and complex against struct.pack."""

from __future__ import annotations

import math
import struct
import sys

import pytest

import pyinspect

VALUES = [0.0, -0.0, 0.1, 1.0, -2.5, 1e308, 5e-324, 2.2250738585072014e-308, math.inf, -math.inf,
          math.nan, 65504.0, 1e38, 3.141592653589793]


@pytest.mark.parametrize("x", VALUES)
def test_raw_bytes_and_fields(x):
    x = float(repr(x))
    lay = pyinspect.layout(x)
    assert lay.family == "float"
    native = "<" if sys.byteorder == "little" else ">"
    assert lay.raw == struct.pack(native + "d", x)
    assert lay.byteorder == sys.byteorder
    (bits,) = struct.unpack("<Q", struct.pack("<d", x))
    assert lay.sign == bits >> 63
    assert lay.exponent == (bits >> 52) & 0x7FF
    assert lay.mantissa == bits & ((1 << 52) - 1)
    if math.isnan(x):
        assert math.isnan(lay.value)
    else:
        assert lay.value == x and math.copysign(1, lay.value) == math.copysign(1, x)
    assert lay.msb_first == struct.pack(">d", x)


def test_offset_is_struct_info():
    assert pyinspect.layout(1.5).offset == pyinspect.struct_info()["PyFloatObject"]["ob_fval"][0]


def test_float_subclass():
    class F(float):
        pass

    assert pyinspect.layout(F(0.25)).value == 0.25


def test_rounding_of_float16_overflow():
    rows = {r.format: r for r in pyinspect.layout(1e5).rounding}
    assert rows["float16"].overflow and math.isinf(rows["float16"].stored)
    assert rows["float32"].stored == struct.unpack("<f", struct.pack("<f", 1e5))[0]


def test_complex():
    z = complex(1.5, -0.1)
    lay = pyinspect.layout(z)
    assert lay.family == "complex"
    assert lay.real_raw == struct.pack("<d", 1.5)
    assert lay.imag_raw == struct.pack("<d", -0.1)
    assert (lay.real, lay.imag) == (1.5, -0.1)
