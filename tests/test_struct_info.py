"""struct_info() against the documented layouts of the running version."""

from __future__ import annotations

import sys

import pyinspect

from conftest import FT


def test_every_documented_field_matches(dossier):
    info = pyinspect.struct_info()
    skip = {"bitfields", "_meta", "constants", "behaviour"}
    checked = 0
    for struct, fields in dossier.items():
        if struct in skip:
            continue
        assert struct in info, f"struct_info() lacks {struct}"
        for field, (offset, size) in fields.items():
            assert field in info[struct], f"struct_info() lacks {struct}.{field}"
            assert info[struct][field] == (offset, size), f"{struct}.{field}"
            checked += 1
    assert checked > 200


def test_bitfields_match(dossier):
    assert pyinspect.struct_info()["bitfields"] == dossier["bitfields"]


def test_version_and_build_flags():
    info = pyinspect.struct_info()
    assert info["python_version_hex"] >> 16 == sys.hexversion >> 16
    assert info["gil_disabled"] is FT


def test_built_for_this_kind_of_interpreter():
    """A debug interpreter needs a Py_DEBUG build of the extension (or
    sys.gettotalrefcount drifts); a free-threaded one a Py_GIL_DISABLED one."""
    from pyinspect._native import _inspect

    assert bool(_inspect.DEBUG_BUILD) == hasattr(sys, "gettotalrefcount")
    assert bool(_inspect.GIL_DISABLED) == FT


def test_fields_are_inside_their_struct():
    info = pyinspect.struct_info()
    for struct, fields in info.items():
        if not isinstance(fields, dict) or "__sizeof__" not in fields:
            continue
        total = fields["__sizeof__"][1]
        for name, (offset, size) in fields.items():
            assert 0 <= offset and offset + size <= total, (struct, name)
