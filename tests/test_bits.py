"""pyinspect.bits: IEEE-754 fields, rounding, endianness and UTF-8 framing."""

from __future__ import annotations

import math
import random
import struct

import pytest

from pyinspect import bits

RNG = random.Random(1234)
SAMPLE = [0.0, -0.0, 0.1, 1 / 3, 65504.0, 65519.99, 65520.0, 1e5, 6.1e-5, 5.96e-8, 2.9e-8, 1e-10,
          math.inf, -math.inf, 3.4028235e38, 3.5e38, 1e-45, 1.5e-45] + [
    RNG.uniform(-1e6, 1e6) for _ in range(300)] + [RNG.uniform(-1, 1) * 10 ** RNG.randint(-40, 40) for _ in range(300)]


def _struct_pattern(value: float, code: str, fmtbytes: str):
    try:
        return struct.unpack("<" + fmtbytes, struct.pack("<" + code, value))[0]
    except OverflowError:
        return None


def test_float64_fields():
    for value in SAMPLE:
        fb = bits.float_bits(value, "float64")
        assert fb.pattern == struct.unpack("<Q", struct.pack("<d", value))[0], value
        assert fb.value == value


def test_float32_and_float16_rounding_match_struct():
    for value in SAMPLE:
        p32 = _struct_pattern(value, "f", "I")
        if p32 is not None:
            assert bits.encode(value, "float32") == p32, value
        else:  # struct refuses values beyond float32's range; IEEE rounds them to inf
            assert math.isinf(bits.round_to(value, "float32")), value
        p16 = _struct_pattern(value, "e", "H")
        if p16 is not None:
            assert bits.encode(value, "float16") == p16, value
        else:
            assert math.isinf(bits.round_to(value, "float16")), value


def _bf16_from_f32(value: float) -> int:
    """bfloat16 = float32's top half, rounded to nearest even (value exact in f32)."""
    u = struct.unpack("<I", struct.pack("<f", value))[0]
    upper, lower = u >> 16, u & 0xFFFF
    if lower > 0x8000 or (lower == 0x8000 and upper & 1):
        upper += 1
    return upper


def test_bfloat16_matches_float32_top_half():
    for value in SAMPLE:
        if not (math.isfinite(value) and abs(value) < 3e38):
            continue
        v32 = struct.unpack("<f", struct.pack("<f", value))[0]  # exactly representable in f32
        assert bits.encode(v32, "bfloat16") == _bf16_from_f32(v32), value


def test_float16_overflow_to_inf():
    assert bits.FORMATS["float16"].max_finite == 65504.0
    assert bits.round_to(65504.0, "float16") == 65504.0
    assert bits.round_to(65519.0, "float16") == 65504.0
    assert math.isinf(bits.round_to(65520.0, "float16"))
    row = {r.format: r for r in bits.rounding_table(1e38)}["float16"]
    assert row.overflow and math.isinf(row.stored)


def test_subnormals_and_underflow():
    tiny = bits.FORMATS["float16"].min_subnormal
    assert tiny == 2.0**-24
    assert bits.decode(bits.encode(tiny, "float16"), "float16").kind == "subnormal"
    row = {r.format: r for r in bits.rounding_table(1e-10)}["float16"]
    assert row.underflow and row.stored == 0.0


def test_rounding_error_is_exact():
    from fractions import Fraction

    row = {r.format: r for r in bits.rounding_table(0.1)}["float32"]
    assert row.abs_error == float(Fraction(row.stored) - Fraction(0.1))


def test_fields_and_formula():
    fb = bits.float_bits(0.1)
    assert (fb.sign, fb.exponent, fb.unbiased_exponent) == (0, 1019, -4)
    assert fb.bits == fb.sign_bits + fb.exponent_bits + fb.mantissa_bits
    assert len(fb.exponent_bits) == 11 and len(fb.mantissa_bits) == 52
    assert "2^(1019-1023)" in fb.formula
    assert bits.float_bits(math.nan).kind == "nan"
    assert bits.float_bits(-math.inf).kind == "inf"


def test_fp8_formats():
    e4 = bits.FORMATS["float8_e4m3fn"]
    assert e4.max_finite == 448.0
    assert bits.round_to(448.0, e4) == 448.0
    # no inf in e4m3fn: too large values saturate, as torch's conversion does
    assert bits.round_to(1e4, e4) == 448.0 and bits.round_to(-1e4, e4) == -448.0
    assert bits.round_to(math.inf, e4) == 448.0
    assert bits.round_to(464.0, e4) == 448.0
    assert math.isnan(bits.round_to(math.nan, e4))
    assert {r.format: r for r in bits.rounding_table(1e4, ["float8_e4m3fn"])}["float8_e4m3fn"].overflow
    e5 = bits.FORMATS["float8_e5m2"]
    assert e5.max_finite == 57344.0
    assert math.isinf(bits.round_to(1e6, e5))


def test_bytes_in_memory_order():
    raw = struct.pack("<d", 0.1)
    assert bits.float_bits(raw, "float64", "little").value == 0.1
    assert bits.float_bits(raw[::-1], "float64", "big").value == 0.1
    view = bits.byte_order(raw, "little")
    assert view.msb_first == struct.pack(">d", 0.1)


@pytest.mark.parametrize("text", ["a", "é", "€", "😀", "aé€😀", "\x7f\x80\u07ff\u0800\uffff\U00010000"])
def test_utf8_framing(text):
    frames = bits.utf8_framing(text)
    assert b"".join(f.utf8 for f in frames) == text.encode("utf-8")
    for f in frames:
        assert int(f.payload_bits, 2) == f.code_point
        n = len(f.utf8)
        roles = [b.role for b in f.bytes]
        assert roles == (["ascii"] if n == 1 else ["lead"] + ["continuation"] * (n - 1))
        for b in f.bytes:
            assert int(b.bits, 2) == b.value and len(b.bits) == 8
        if n > 1:
            assert f.bytes[0].framing == "1" * n + "0"
            assert all(b.framing == "10" for b in f.bytes[1:])


def test_unknown_format_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown float format"):
        bits.encode(1.0, "float12")
    with pytest.raises(ValueError, match="needs 2 bytes"):
        bits.float_bits(b"\x00", "float16")
