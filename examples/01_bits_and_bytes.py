"""Bits and bytes: how an int and a few raw bytes really sit in memory.

    python examples/01_bits_and_bytes.py [--save DIR]
"""

import sys

from _lesson import Lesson

import pyinspect
from pyinspect import bits

L = Lesson("Bits and bytes", """
A byte is 8 bits; everything in memory is bytes.  A Python int is not one machine
word but an object: a header plus an array of 30-bit "digits", least significant
first, so it can grow without limit.""")

L.step("a small int: one digit")
n = 1000
lay = pyinspect.layout(n)
L.show(lay, "int_1000")
L.fact(lay.digits == (1000,), "1000 fits in one 30-bit digit: ob_digit[0] = 1000")
L.fact(lay.header.sizeof == sys.getsizeof(n), f"it costs {lay.header.sizeof} bytes, as sys.getsizeof says")

L.step("a big int: digits in base 2**30")
big = 2**100 + 12345
lay = pyinspect.layout(big)
L.show(lay, "int_2_100")
rebuilt = sum(d << (lay.digit_bits * i) for i, d in enumerate(lay.digits))
L.fact(rebuilt == big, f"Σ digit[i]·2^(30·i) over its {lay.ndigits} digits rebuilds 2**100 + 12345")
L.fact(lay.ndigits == -(-big.bit_length() // lay.digit_bits), "101 bits need 4 digits of 30 bits")

L.step("negative ints keep a sign, not two's complement")
neg = -big
lay_neg = pyinspect.layout(neg)
L.fact(lay_neg.digits == lay.digits and lay_neg.sign == -1, "-x stores the same digits with sign -1")

L.step("byte order: the same 4 bytes, two ways to read them")
raw = (1000).to_bytes(4, sys.byteorder)
view = bits.byte_order(raw, sys.byteorder)
print(f"  1000 as a 4-byte int in memory ({sys.byteorder}-endian): {' '.join(view.memory_hex)}")
print(f"  the same, most significant byte first:      {' '.join(view.msb_hex)}")
L.fact(view.msb_first == (1000).to_bytes(4, "big"), "MSB-first is what int.to_bytes(..., 'big') gives")

L.step("bytes: the data inline after the header, NUL-terminated")
b = bytes([0, 1, 2, 0x41, 0x42, 0xFF])
lay_b = pyinspect.layout(b)
L.show(lay_b, "bytes")
L.fact(lay_b.data == b and lay_b.terminator == 0, "ob_sval holds the 6 bytes, then a 0 byte")

L.step("bytearray: a resizable buffer with spare room")
ba = bytearray(b"abc")
for ch in b"defgh":
    ba.append(ch)
lay_ba = pyinspect.layout(ba)
L.show(lay_ba, "bytearray")
L.fact(lay_ba.alloc >= lay_ba.size and lay_ba.data == bytes(ba), f"{lay_ba.size} bytes used, {lay_ba.alloc} allocated")

L.step("memoryview: a window on another object's bytes, no copy")
frame = bytearray(b"header--payload!")
whole = memoryview(frame)
payload = whole[8:]
lay_w, lay_p = pyinspect.layout(whole), pyinspect.layout(payload)
L.show(lay_p, "memoryview")
L.fact(lay_p.buf_address == lay_w.buf_address + 8 and lay_p.len == 8,
       "a slice of a memoryview shares the buffer: buf_address moves by the offset, 8; no byte is copied")
L.fact(lay_p.obj_address == lay_w.obj_address == id(frame), "both views point at the one bytearray, frame")
L.fact(lay_w.buf_address == pyinspect.layout(frame).start_address, "the whole view starts at frame's ob_start")
payload[0] = ord("P")
L.fact(frame[8:9] == b"P", "writing through the slice writes into frame")
payload.release()
whole.release()
L.fact(pyinspect.layout(payload).released, "after release() the view keeps its fields but refuses every access")

sys.exit(L.done())
