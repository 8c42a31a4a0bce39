"""UTF-8: a str stores fixed-width code units; UTF-8 frames each code point in 1-4 bytes.

    python examples/02_utf8.py [--save DIR]
"""

import sys

from _lesson import Lesson

import pyinspect
from pyinspect import bits

L = Lesson("UTF-8 and str", """
CPython stores a str as code points of one fixed width (PEP 393): 1 byte if every
character is below 256, 2 if below 65536, else 4.  UTF-8, the encoding on disk and
on the wire, uses 1 to 4 bytes per code point: the leading bits of each byte say
how many bytes follow (framing); the rest carry the code point (payload).""")

for text, name, kind in (("hello", "ascii", 1), ("café", "latin1", 1), ("€uro", "ucs2", 2), ("hi 😀", "ucs4", 4)):
    L.step(f"{text!r}")
    s = "".join([text])  # made at run time, as user data would be
    lay = pyinspect.layout(s)
    L.show(lay, f"str_{name}")
    L.fact(lay.kind == kind, f"{text!r} is stored with {kind} byte(s) per code point")
    L.fact(lay.value == text, "the stored code units spell the text")
    utf8 = text.encode("utf-8")
    framing = bits.utf8_framing(text)
    L.fact(b"".join(f.utf8 for f in framing) == utf8,
           f"UTF-8 needs {len(utf8)} bytes for {len(text)} code points")

L.step("framing bits")
for f in bits.utf8_framing("aé€😀"):
    parts = " ".join(f"[{b.framing}|{b.payload}]" for b in f.bytes)
    print(f"  {f.char}  U+{f.code_point:04X}  {parts}")
    L.fact(int(f.payload_bits, 2) == f.code_point, f"U+{f.code_point:04X}: the payload bits are the code point")

L.step("one wide character widens the whole string")
narrow = "".join(["a"] * 100)
wide = narrow + "😀"
ln, lw = pyinspect.layout(narrow, limit=4), pyinspect.layout(wide, limit=4)
L.fact(lw.kind == 4 and ln.kind == 1, "100 ASCII letters + one emoji: every code unit becomes 4 bytes")
L.fact(lw.header.sizeof > 4 * 100, f"{ln.header.sizeof} bytes become {lw.header.sizeof}")

sys.exit(L.done())
