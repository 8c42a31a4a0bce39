"""pyinspect.bits rounds like torch's own dtype conversions."""

from __future__ import annotations

import math
import random
import struct

import pytest

from pyinspect import bits

torch = pytest.importorskip("torch")

RNG = random.Random(7)
# float32-exact inputs, so torch's float32 tensor holds exactly the value bits sees
VALUES = [struct.unpack("<f", struct.pack("<f", v))[0] for v in (
    [0.0, -0.0, 0.1, 1 / 3, 448.0, 464.0, 480.0, 500.0, 57344.0, 61440.0, 65504.0, 65520.0, 1e5, 1e-3,
     6e-8, 1e-9, 3e38, -7.25]
    + [RNG.uniform(-600, 600) for _ in range(200)]
    + [RNG.uniform(-1, 1) * 10 ** RNG.randint(-12, 6) for _ in range(200)]
)] + [math.inf, -math.inf]

DTYPES = {
    "float16": "float16",
    "bfloat16": "bfloat16",
    "float8_e4m3fn": "float8_e4m3fn",
    "float8_e5m2": "float8_e5m2",
}


@pytest.mark.parametrize("fmt", list(DTYPES))
def test_encode_matches_torch(fmt):
    dtype = getattr(torch, DTYPES[fmt], None)
    if dtype is None:
        pytest.skip(f"this torch has no {fmt}")
    nbytes = bits.FORMATS[fmt].nbytes
    stored = torch.tensor(VALUES, dtype=torch.float32).to(dtype)
    raw = stored.view(torch.uint8).reshape(-1, nbytes) if nbytes > 1 else stored.view(torch.uint8).reshape(-1, 1)
    for value, row in zip(VALUES, raw.tolist()):
        expected = int.from_bytes(bytes(row), "little")
        assert bits.encode(value, fmt) == expected, (fmt, value)
