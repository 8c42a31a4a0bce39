"""bytes and bytearray."""

from __future__ import annotations

import sys

import pyinspect


def test_bytes_fields():
    b = bytes(range(256)) * 2
    lay = pyinspect.layout(b)
    assert lay.family == "bytes"
    assert lay.size == len(b) and lay.data == b
    assert lay.terminator == 0
    assert lay.data_offset == pyinspect.struct_info()["PyBytesObject"]["ob_sval"][0]
    assert lay.header.sizeof == sys.getsizeof(b)


def test_bytes_hash_cached_after_hash():
    b = bytes(bytearray(b"never hashed"))
    assert pyinspect.layout(b).hash is None
    h = hash(b)
    assert pyinspect.layout(b).hash == h


def test_bytes_bounded():
    b = b"x" * 10_000
    lay = pyinspect.layout(b, limit=64)
    assert lay.size == 10_000
    assert lay.data_omitted == 10_000 - len(lay.data)


def test_bytearray():
    ba = bytearray(b"0123456789" * 10)
    del ba[:10]  # O(1): the logical start moves forward (the buffer is kept)
    lay = pyinspect.layout(ba)
    assert lay.family == "bytearray"
    assert lay.data == bytes(ba) and lay.size == 90
    assert lay.alloc >= 100
    assert lay.start_address - lay.buffer_address == 10
    assert lay.header.sizeof == sys.getsizeof(ba)
