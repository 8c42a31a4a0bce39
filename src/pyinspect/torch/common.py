"""Helpers shared by the torch text and SVG pictures (number formats, the
sentences on special values of a dtype)."""

from __future__ import annotations

import math
from typing import Any, Optional

from pyinspect.torch.dtypes import DtypeInfo

__all__ = ["explain_kinds", "fmt_num", "fmt_tuple", "fmt_g"]


def fmt_num(v: Any) -> str:
    if isinstance(v, bool) or v is None:
        return str(v)
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, complex):
        return f"({v.real!r}{'+' if v.imag >= 0 or math.isnan(v.imag) else '-'}{abs(v.imag)!r}j)"
    if isinstance(v, tuple):
        return "(" + ", ".join(fmt_num(x) for x in v) + ")"
    return str(v)


def fmt_tuple(values: tuple[int, ...]) -> str:
    return "(" + ", ".join(map(str, values)) + ("," if len(values) == 1 else "") + ")"


def fmt_g(v: Optional[float]) -> str:
    return "?" if v is None else f"{v:.6g}"


def _overflow_threshold(info: DtypeInfo) -> Optional[float]:
    """The smallest value that rounds to inf when stored (round to nearest)."""
    if info.max_finite is None or not info.has_inf:
        return None
    emax = math.frexp(info.max_finite)[1] - 1
    return info.max_finite + math.ldexp(1.0, emax - info.mantissa_bits - 1)


def explain_kinds(info: DtypeInfo, kinds: set[str]) -> list[str]:
    """Sentences explaining special values (inf, NaN, subnormal) of a dtype."""
    notes: list[str] = []
    name = info.name
    if "inf" in kinds:
        e = "1" * info.exponent_bits
        line = (f"inf: the exponent field is all ones ({e}) and the mantissa is 0. {name}'s largest finite "
                f"value is {fmt_g(info.max_finite)}")
        threshold = _overflow_threshold(info)
        if threshold is not None:
            line += f"; anything from {fmt_g(threshold)} up rounds to inf when stored"
        if name == "float16":
            line += (", so 1e38 (fine in float32, whose 8 exponent bits reach 3.4e38) overflows float16's "
                     "5 exponent bits and becomes inf. bfloat16 keeps float32's 8-bit exponent "
                     "(largest 3.39e+38) and trades mantissa bits for that range")
        elif name == "bfloat16":
            line += ": bfloat16 has float32's exponent range, so only values past float32's range overflow"
        notes.append(line + ".")
    if "nan" in kinds:
        if info.kind == "float" and info.has_inf:
            notes.append("NaN: the exponent field is all ones and the mantissa is not 0 (0/0, inf - inf, ...).")
        elif info.kind == "float":
            notes.append(f"NaN: {name} has no inf; exponent and mantissa all ones (0x7f, 0xff) is its NaN, "
                         f"and its largest finite value is {fmt_g(info.max_finite)}.")
        elif info.kind == "float8fnuz":
            notes.append(f"NaN: {name} (fnuz: finite, unsigned zero) has one NaN, 0x80 (the pattern -0 would "
                         f"have); its largest finite value is {fmt_g(info.max_finite)}.")
        else:
            notes.append("NaN: the pattern reserved for not-a-number in this format.")
    if "subnormal" in kinds and info.min_normal is not None:
        smallest = math.ldexp(info.min_normal, -info.mantissa_bits)
        notes.append(f"subnormal: the exponent field is 0, so there is no implicit leading 1; below the smallest "
                     f"normal {fmt_g(info.min_normal)} values keep fewer significant bits, down to {fmt_g(smallest)}.")
    return notes
