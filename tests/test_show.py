"""show() and the text renderer.

Renderer tests build Layouts by hand (fixed inputs, exact facts checked); the
live checks assert facts from oracles (struct.pack, str.encode), never
snapshots of live output.
"""

from __future__ import annotations

import builtins
import io
import struct
import types
from types import MappingProxyType

import pyinspect
from pyinspect.model import FloatLayout, Header, IntLayout, ItemSummary, ListLayout, StrLayout
from pyinspect.render import to_html, to_text

from conftest import families


def _header(**kw) -> Header:
    base = dict(address=0x1000, type_name="thing", type_address=0x2000, refcnt=1, refcnt_raw=3,
                refcnt_fields=MappingProxyType({"ob_refcnt": 3}), refcnt_stored=3, transient_refs=2,
                immortal=False, basicsize=24, itemsize=0, ob_size=None, tp_flags=0, gc_head_bytes=0,
                gc_tracked=False, preheader_bytes=0, object_bytes=24, buffer_bytes=0, allocated_bytes=24)
    base.update(kw)
    return Header(**base)


def _text(obj, **kw) -> str:
    out = io.StringIO()
    pyinspect.show(obj, color=False, file=out, width=120, **kw)
    return out.getvalue()


def test_hand_built_list_picture():
    lay = ListLayout(
        header=_header(type_name="list", gc_head_bytes=16, gc_tracked=True, object_bytes=40,
                       buffer_bytes=64, allocated_bytes=104, ob_size=3),
        size=3, allocated=8, ob_item=0xABC0, items=(0x10, 0x20, 0x30), items_omitted=0, items_head=3,
        summaries=(ItemSummary(0x10, "int", "1"), ItemSummary(0x20, "str", "'a'"),
                   ItemSummary(0x30, "Foo", None)),
    )
    text = to_text(lay, width=100)
    assert "list at 0x1000" in text
    assert "3 in use" in text and "8 slots, 5 spare" in text
    assert "■■■□□□□□" in text
    assert text.count("(spare)") == 2 and "… 3 more …" in text
    assert "<Foo at 0x30>" in text and "'a'" in text
    assert "120 B" in text and "object 40 + buffers 64 + GC head 16" in text
    assert "(stored 3: 2 held while inspecting)" in text


def test_hand_built_int_digits_are_elided():
    lay = IntLayout(header=_header(type_name="int"), digits=tuple(range(40)), digit_bits=30, sign=-1,
                    ndigits=40, lv_tag=(40 << 3) | 2, ob_size=None, small_int_cached=False,
                    digits_offset=24, value=-(2**1000))
    text = to_text(lay, rows=8, width=100)
    assert "more" in text
    assert "ndigits 40 << 3 | sign 2 (negative)" in text
    assert "× 2^1170" in text  # the last digit's weight, 30 * 39


def test_hand_built_float_and_str():
    raw = struct.pack("<d", -2.5)
    f = FloatLayout(header=_header(type_name="float"), value=-2.5, raw=raw, byteorder="little",
                    sign=1, exponent=1024, mantissa=1 << 50, offset=16)
    text = to_text(f, width=120)
    assert "1 | 10000000000 | 01" in text
    assert " ".join(f"{b:02x}" for b in raw) in text
    assert " ".join(f"{b:02x}" for b in raw[::-1]) in text
    s = StrLayout(header=_header(type_name="str"), length=2, kind=1, ascii=False, compact=True,
                  interned="not interned", interned_state=0, ready=None, statically_allocated=False,
                  data=b"a\xe9", data_omitted=0, data_head=2, data_address=0x40, utf8=None,
                  utf8_length=None, utf8_is_data=False, utf8_address=None, utf8_omitted=0, hash=None,
                  wstr_address=None, wstr_length=None, value="aé")
    text = to_text(s, width=120)
    assert "U+00E9" in text and "11000011 10101001" in text
    assert "not computed yet" in text


def test_html_export_is_a_fragment():
    html = to_html(pyinspect.layout([1, 2]))
    assert html.lstrip().startswith("<") and ">list<" in html


def test_show_big_int():
    text = _text(2**100)
    assert "1267650600228229401496703205376" in text
    assert "1024" in text and "× 2^90" in text  # 2**100 = 1024 * 2**90


def test_show_float():
    text = _text(0.1)
    (bits,) = struct.unpack("<Q", struct.pack("<d", 0.1))
    pattern = format(bits, "064b")
    assert f"{pattern[0]} | {pattern[1:12]} | {pattern[12:]}" in text
    assert "9a 99 99 99 99 99 b9 3f" in text
    assert "float16" in text and "bfloat16" in text


def test_show_str():
    text = _text("café")
    assert "U+00E9" in text
    assert "e9" in text  # the stored latin-1 code unit
    assert "11000011 10101001" in text  # its UTF-8 bytes c3 a9, framing and payload


def test_show_list():
    x = [1, 2, 3]
    text = _text(x)
    lay = pyinspect.layout(x)
    assert f"{lay.allocated} slots, {lay.spare} spare" in text
    assert hex(lay.ob_item) in text
    for item in x:
        assert hex(id(item)) in text


def test_show_is_bounded():
    big = list(range(100_000))
    text = _text(big, limit=10)
    assert text.count("\n") < 60
    assert "more" in text


def test_no_color_has_no_escape_codes():
    assert "\x1b[" not in _text([1, "a", 2.5])


def _family_samples() -> dict:
    """One object per family ``_inspect.family()`` names (frozendict only where it exists)."""
    def gen():
        yield 1

    def outer():
        x = 1

        def inner():
            return x
        return inner

    class C:
        def m(self):
            return None

    samples = {"int": 1, "float": 1.5, "complex": 2j, "str": "s", "bytes": b"b", "bytearray": bytearray(b"x"),
               "list": [1], "tuple": (1,), "dict": {"a": 1}, "frozenset": frozenset({1}), "set": {1},
               "type": int, "function": _family_samples, "cell": outer().__closure__[0],
               "code": _family_samples.__code__, "method": C().m, "generator": gen(),
               "module": types.ModuleType("sample"), "object": C(), "range": range(3, 30, 3),
               "memoryview": memoryview(b"abc")}
    frozendict = getattr(builtins, "frozendict", None)
    if frozendict is not None:
        samples["frozendict"] = frozendict(a=1)
    return samples


def test_every_family_renders():
    """Each family's picture has its own body: the struct section its
    renderer adds below the header (absent when no renderer is registered)."""
    samples = _family_samples()
    expected = set(families()) - ({"frozendict"} if not hasattr(builtins, "frozendict") else set())
    assert set(samples) == expected, "a family without a sample here"
    for family, obj in samples.items():
        lay = pyinspect.layout(obj)
        assert lay.family == family or (family == "module" and lay.family == "object"), (family, lay.family)
        picture = _text(obj)
        assert "PyObject header" in picture, family
        assert lay.struct in picture, f"{family}: no {lay.struct} section (no terminal renderer)"


def test_refcnt_zero_says_temporary():
    """refcnt 0 is a temporary that no name holds (ARCHITECTURE rule 5):
    the pictures say so, and only then."""
    from pyinspect.render import to_svg

    lay = ListLayout(header=_header(type_name="list", refcnt=0, refcnt_stored=2, transient_refs=2),
                     size=0, allocated=0, ob_item=0, items=(), items_omitted=0, items_head=0, summaries=())
    assert "a temporary" in to_text(lay, width=100)
    assert "a temporary" in to_svg(lay)
    held = ListLayout(header=_header(type_name="list", refcnt=1), size=0, allocated=0, ob_item=0, items=(),
                      items_omitted=0, items_head=0, summaries=())
    assert "temporary" not in to_text(held, width=100) and "temporary" not in to_svg(held)
    out = io.StringIO()
    pyinspect.show(2 ** int("100"), color=False, file=out, width=120)  # only the call holds it
    assert "a temporary" in out.getvalue()
