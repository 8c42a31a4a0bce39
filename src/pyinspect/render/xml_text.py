"""Text and attribute values for SVG/HTML output that any XML parser and any
UTF-8 file accept.

XML 1.0 allows neither lone surrogates (U+D800-U+DFFF), which a Python str
may hold and UTF-8 cannot encode (``save()`` of such a str used to fail with
``UnicodeEncodeError`` when writing the file), nor C0 control characters
other than tab, newline and carriage return, nor U+FFFE/U+FFFF.  Each of
those is written as its Python escape (``\\ud800``, ``\\x00``), so a picture
shows which code unit is there; then ``&``, ``<``, ``>`` (and quotes in
attributes) are escaped as usual.
"""

from __future__ import annotations

import re
from xml.sax import saxutils

__all__ = ["NEEDS_ESCAPE", "NEEDS_QUOTING", "escape", "quoteattr", "visible"]

_NOT_XML_CLASS = "\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff"
#: code points XML 1.0 cannot hold (its ``Char`` production)
_NOT_XML = re.compile(f"[{_NOT_XML_CLASS}]")
#: text that :func:`escape` would change (fast paths test this first)
NEEDS_ESCAPE = re.compile(f"[&<>{_NOT_XML_CLASS}]")
#: text that :func:`quoteattr` would change beyond adding double quotes
NEEDS_QUOTING = re.compile(f"[&<>\"'\n\r\t{_NOT_XML_CLASS}]")


def _python_escape(m: re.Match) -> str:
    c = ord(m.group())
    return f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"


def visible(text: str) -> str:
    """``text`` with every code point XML cannot hold written as its Python escape."""
    return _NOT_XML.sub(_python_escape, text)


def escape(text: str) -> str:
    """``text`` as XML character data."""
    return saxutils.escape(visible(text))


def quoteattr(text: str) -> str:
    """``text`` as a quoted XML attribute value."""
    return saxutils.quoteattr(visible(text))
