"""Floating point: sign, exponent and mantissa, and what narrower formats keep.

    python examples/03_floating_point.py [--save DIR]
"""

import math
import struct
import sys

from _lesson import Lesson

import pyinspect
from pyinspect import bits

L = Lesson("Floating point", """
A float is 64 bits: 1 sign bit, 11 exponent bits and 52 mantissa bits (IEEE-754
binary64).  Most decimal fractions have no exact binary form, so 0.1 is rounded.
float32, float16 and bfloat16 (used to train neural networks) keep fewer bits:
float16 overflows above 65504, bfloat16 keeps float32's range with 8 bits of precision.""")

L.step("0.1 is not exactly 0.1")
x = float("0.1")
lay = pyinspect.layout(x)
L.show(lay, "float_0_1")
L.fact(lay.raw == struct.pack("=d", x), "ob_fval holds the same 8 bytes struct.pack('d') gives")
L.fact(0.1 + 0.2 != 0.3, "so 0.1 + 0.2 != 0.3")
a, b = pyinspect.layout(0.1 + 0.2), pyinspect.layout(0.3)
L.fact(a.mantissa - b.mantissa == 1, "0.1 + 0.2 and 0.3 differ in the last mantissa bit")

L.step("float16 overflow")
big = float("1e5")
rows = {r.format: r for r in bits.rounding_table(big)}
L.show(pyinspect.layout(big), "float_1e5")
L.fact(rows["float16"].overflow, "1e5 is beyond float16's largest finite value (65504): it becomes inf")
L.fact(not rows["bfloat16"].overflow, f"bfloat16 keeps it, rounded to {rows['bfloat16'].stored!r}")
L.fact(bits.FORMATS["float16"].max_finite == 65504.0, "float16's largest finite value is 65504")

L.step("precision: the gap after 1.0")
for name in ("float64", "float32", "float16", "bfloat16"):
    f = bits.FORMATS[name]
    print(f"  {name:9}  {f.mantissa_bits:2} mantissa bits  epsilon {f.epsilon:.3g}  max {f.max_finite:.4g}")
L.fact(bits.round_to(1 + 2**-9, "bfloat16") == 1.0, "bfloat16 cannot tell 1 from 1 + 2**-9")
L.fact(bits.round_to(1 + 2**-9, "float16") != 1.0, "float16 can")

L.step("special values")
for v in (0.0, -0.0, math.inf, math.nan, 5e-324):
    fb = bits.float_bits(v)
    print(f"  {v!r:>8}  {fb.sign_bits} {fb.exponent_bits} {fb.mantissa_bits[:12]}…  {fb.kind}")
L.fact(bits.float_bits(-0.0).sign == 1, "-0.0 differs from 0.0 only in the sign bit")
L.fact(bits.float_bits(5e-324).kind == "subnormal", "the smallest float is subnormal: exponent field 0")

sys.exit(L.done())
