"""int, bool and int subclasses against int.to_bytes and the dossier."""

from __future__ import annotations

import pytest

import pyinspect

from conftest import PY

VALUES = [0, 1, -1, 5, 255, 256, 257, 1023, 1024, 1025, -5, -6, 2**29, 2**30 - 1, 2**30,
          -(2**30), 2**60, 2**64 - 1, -(2**100) + 7, 10**50, 3**500]


def digits_oracle(n: int, bits: int = 30) -> list[int]:
    """Base 2**bits digits of |n| from int.to_bytes, least significant first."""
    m = abs(n)
    raw = int.from_bytes(m.to_bytes((m.bit_length() + 7) // 8 or 1, "little"), "little")
    out = []
    while raw:
        out.append(raw & ((1 << bits) - 1))
        raw >>= bits
    return out


@pytest.mark.parametrize("n", VALUES)
def test_digits_sign_and_value(n):
    n = int(str(n))  # a runtime int, like a program's
    lay = pyinspect.layout(n)
    assert lay.family == "int"
    assert lay.digit_bits == 30
    assert list(lay.digits) == digits_oracle(n)
    assert lay.ndigits == len(digits_oracle(n))
    assert lay.sign == (n > 0) - (n < 0)
    assert lay.value == n


@pytest.mark.parametrize("n", VALUES)
def test_tag_or_size(n):
    lay = pyinspect.layout(int(str(n)))
    sign_bits = {1: 0, 0: 1, -1: 2}[lay.sign]
    if PY >= (3, 12):
        assert lay.ob_size is None
        assert lay.lv_tag >> 3 == lay.ndigits
        assert lay.lv_tag & 3 == sign_bits
    else:
        assert lay.lv_tag is None
        assert lay.ob_size == lay.sign * lay.ndigits


def test_tags_match_dossier(behaviour):
    for text, expected in behaviour["lv_tag_of"].items():
        lay = pyinspect.layout(int(text))
        assert (lay.lv_tag if PY >= (3, 12) else lay.ob_size) == expected, text


def test_small_int_cache(behaviour):
    lo, hi = behaviour["small_int_cache_range"]
    for n in (lo, -1, 0, 1, hi):
        assert pyinspect.layout(int(str(n))).small_int_cached, n
    for n in (lo - 1, hi + 1, 10**6):
        assert not pyinspect.layout(int(str(n))).small_int_cached, n


@pytest.mark.skipif(PY < (3, 14), reason="lv_tag bit 2 marks cached ints from 3.14")
def test_small_int_bit_314():
    assert pyinspect.layout(int("5")).lv_tag_fields["immortal_bit"] == 1
    assert pyinspect.layout(int("100000")).lv_tag_fields["immortal_bit"] == 0


def test_bool_is_an_int_layout():
    t = pyinspect.layout(True)
    f = pyinspect.layout(False)
    assert t.family == "int" and t.is_bool and t.value == 1 and f.value == 0
    assert not t.small_int_cached  # True is its own object, not the cached 1


def test_int_subclass():
    class Big(int):
        pass

    b = Big(2**70)
    lay = pyinspect.layout(b)
    assert lay.family == "int"
    assert lay.value == 2**70
    assert lay.type_name == "Big"


def test_digits_offset_is_struct_info():
    info = pyinspect.struct_info()
    lay = pyinspect.layout(int("12345"))
    if PY >= (3, 12):
        assert lay.digits_offset == info["PyLongObject"]["long_value"][0] + info["_PyLongValue"]["ob_digit"][0]
    else:
        assert lay.digits_offset == info["PyLongObject"]["ob_digit"][0]
