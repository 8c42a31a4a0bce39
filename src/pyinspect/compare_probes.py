"""The fixed probe set of ``python -m pyinspect compare``.

``compare`` sends this file's source to each interpreter (``python -c``), so
the probe of this checkout runs against the pyinspect installed there, using
only its public API, and prints one JSON object of readings on stdout.
Families whose Layouts an installed pyinspect does not have yet (dict and
set tables) are read where present and otherwise left out.  Growth points
are read twice: from the flat sizes (``sizeof``, which counts a dict's or
set's table only in versions that read the table's size) and from the tables themselves (slots per
insertion, from the dict and set Layouts).

Values are made at run time (``int("257")``, ``"".join(...)``) so that
constants folded by the compiler do not change what is measured.
"""

from __future__ import annotations

import json
import sys
from typing import Any, Optional

#: ints whose tag (``lv_tag`` 3.12+, ``ob_size`` before) is read
INT_VALUES = ("0", "1", "5", "-1", "-5", "-6", "256", "257", "1024", "1025", "1073741823", "1073741824",
              "1152921504606846976", "-1152921504606846976")
#: runtime-built strings: name -> code points
STR_VALUES = {
    "empty": [],
    "ascii": [104, 101, 108, 108, 111],          # hello
    "latin1": [99, 97, 102, 233, 33],            # café!
    "ucs2": [8364, 117, 114, 111, 115],          # €uros
    "ucs4": [128512, 97, 98, 99, 100],           # 😀abcd
}
LIST_APPENDS = 130
LIST_FROM_RANGE = (0, 1, 2, 3, 4, 5, 8, 9, 10, 16, 17, 100)
DICT_INSERTS = 1500
SET_ADDS = 5000
TUPLE_SIZES = (0, 1, 2, 10)


def _points(sizes: list[int]) -> Optional[list[list[int]]]:
    """[n, size] where the size after n insertions differs from after n-1;
    ``None`` when the size never changed: this pyinspect does not count the
    container's table yet (the dict and set tables are not counted in its sizes)."""
    points = [[n, sizes[n]] for n in range(1, len(sizes)) if sizes[n] != sizes[n - 1]]
    return points or None


def _dict_table(lay: Any) -> Optional[list[int]]:
    """[dk_size, usable entries (USABLE_FRACTION), bytes per index] of a dict
    Layout, or ``None`` when this pyinspect has no dict Layouts."""
    if not hasattr(lay, "capacity"):
        return None
    return [lay.capacity, lay.entries_capacity, lay.index_width]


def _keys_object(lay: Any) -> Optional[dict[str, Any]]:
    """The keys-object fields the layouts file documents for a dict."""
    if not hasattr(lay, "capacity"):
        return None
    out = {"dk_size": lay.capacity, "dk_usable": lay.usable, "dk_nentries": lay.nentries,
           "dk_kind": lay.dk_kind, "split": int(lay.keys_kind == "split" or lay.empty_values),
           "index_bytes": 1 << lay.log2_index_bytes}
    if not lay.empty_keys:  # the shared empty keys' count is a sentinel or counts every {} alive
        out["dk_refcnt"] = lay.dk_refcnt
    return out


def main() -> None:
    import pyinspect
    from pyinspect import layout, sizeof, struct_info

    out: dict[str, Any] = {}
    si = struct_info()
    gil_disabled = bool(si.get("gil_disabled"))
    v = sys.version_info
    out["python"] = sys.version.split()[0]
    out["version_key"] = f"{v[0]}.{v[1]}" + ("t" if gil_disabled else "")
    out["executable"] = sys.executable
    out["prefix"] = sys.prefix
    out["pyinspect"] = getattr(pyinspect, "__version__", "?")
    out["gil_disabled"] = gil_disabled
    out["debug_build"] = hasattr(sys, "gettotalrefcount")  # Py_DEBUG
    out["structs"] = {s: {f: list(ofs) for f, ofs in fields.items()}
                      for s, fields in si.items() if isinstance(fields, dict) and s != "bitfields"}
    out["bitfields"] = si.get("bitfields", {})

    # ---- header words ---------------------------------------------------------------------
    class Plain:
        pass

    inst = Plain()
    none_h = layout(None).header
    obj_h = layout(object()).header
    list_h = layout([]).header
    inst_lay = layout(inst)
    out["header"] = {
        "object() refcnt fields": sorted(obj_h.refcnt_fields),
        "None immortal": none_h.immortal,
        "None refcnt_raw": none_h.refcnt_raw if none_h.immortal else None,
        "None refcnt_fields": dict(none_h.refcnt_fields) if none_h.immortal else None,
        "list GC head bytes": list_h.gc_head_bytes,
        "instance pre-header bytes": inst_lay.header.preheader_bytes,
        "instance basicsize": inst_lay.header.basicsize,
        "instance tp_dictoffset": getattr(inst_lay, "tp_dictoffset", None),
        "instance tp_weaklistoffset": getattr(inst_lay, "tp_weaklistoffset", None),
        "instance values inline": getattr(inst_lay, "values_inline", None),
    }

    # ---- ints -------------------------------------------------------------------------------
    ints = {}
    for text in INT_VALUES:
        lay = layout(int(text))
        ints[text] = {"lv_tag": lay.lv_tag, "ob_size": lay.ob_size, "ndigits": lay.ndigits,
                      "small_int_cached": lay.small_int_cached, "digit_bits": lay.digit_bits,
                      "sizeof": lay.header.sizeof}
    out["int"] = ints
    lo, hi = -5, 256
    while lo > -1100 and layout(int(str(lo - 1))).small_int_cached:
        lo -= 1
    while hi < 5000 and layout(int(str(hi + 1))).small_int_cached:
        hi += 1
    out["small_int_cache_range"] = [lo, hi]

    # ---- str ---------------------------------------------------------------------------------
    strs = {}
    for name, cps in STR_VALUES.items():
        s = "".join(chr(c) for c in cps) if cps else ""
        lay = layout(s)
        strs[name] = {"kind": lay.kind, "ascii": lay.ascii, "compact": lay.compact,
                      "interned": lay.interned_state, "statically_allocated": lay.statically_allocated,
                      "utf8_cached": lay.utf8 is not None, "sizeof": lay.header.sizeof}
    out["str"] = strs

    # ---- flat sizes ----------------------------------------------------------------------------
    sizes = {
        # "empty_dict" is a display {}: on 3.9 dict() allocates an 8-slot table
        "int0": sizeof(int("0")), "int1": sizeof(int("1")), "float": sizeof(float("1.5")),
        "empty_tuple": sizeof(tuple()), "empty_list": sizeof(list()), "empty_str": sizeof(""),
        "empty_bytes": sizeof(b""), "instance_of_plain_class": sizeof(inst), "empty_dict": sizeof({}),
        "empty_set": sizeof(set()),
    }
    for n in TUPLE_SIZES:
        sizes[f"tuple_{n}"] = sizeof(tuple(range(n)))
    out["sizes"] = sizes

    # ---- tuple hash cache (3.14+) -------------------------------------------------------------
    t = tuple([int("1"), int("2")])
    hash(t)
    out["tuple_ob_hash_cached"] = layout(t).hash is not None

    # ---- growth -----------------------------------------------------------------------------------
    lst: list = []
    allocated = [layout(lst, limit=1).allocated]
    for i in range(LIST_APPENDS):
        lst.append(i)
        allocated.append(layout(lst, limit=1).allocated)
    out["list_append_allocated"] = allocated
    out["list_from_range_allocated"] = {str(n): layout(list(range(n)), limit=1).allocated for n in LIST_FROM_RANGE}
    out["list_literal_[1,2,3]_allocated"] = layout([1, 2, 3]).allocated

    for kind, make in (("int", lambda i: i), ("str", lambda i: f"k{i}")):
        d: dict = {}
        dsizes = [sizeof(d)]
        tables = []
        table_points = []  # [n, dk_size, usable entries, bytes per index] where the table changed
        last = None
        for i in range(DICT_INSERTS):
            d[make(i)] = i
            dsizes.append(sizeof(d))
            t = _dict_table(layout(d, limit=1))
            if t is not None and t != last:
                table_points.append([i + 1, *t])
                last = t
        out[f"dict_resize_points_{kind}_keys"] = _points(dsizes)
        out[f"dict_table_points_{kind}_keys"] = table_points or None
        lay = layout(d)
        if hasattr(lay, "log2_size"):  # dict Layouts (versions that read the dict's tables)
            tables.append({"keys_kind": getattr(lay, "keys_kind", None), "log2_size": lay.log2_size,
                           "capacity": getattr(lay, "capacity", None),
                           "index_width": getattr(lay, "index_width", None)})
        out[f"dict_{kind}_keys_table"] = tables[0] if tables else None

    dict_kinds = {}
    for name, obj in (("{}", {}), ("{'a': 1}", {"a": 1}), ("{1: 1}", {1: 1}), ("instance __dict__", None)):
        if obj is None:
            p = Plain()
            p.x = 1
            obj = p.__dict__
        lay = layout(obj)
        dict_kinds[name] = getattr(lay, "keys_kind", None)
    out["dict_keys_kind"] = dict_kinds if any(v is not None for v in dict_kinds.values()) else None
    empty = layout({})  # a display: on 3.9 dict() allocates an 8-slot table, {} shares the empty keys

    class Attrs:  # a fresh class: its shared keys hold exactly these three attributes
        pass

    a, b = Attrs(), Attrs()
    for o in (a, b):
        o.x, o.y, o.z = 1, 2, 3
    shared = layout(a.__dict__)  # 3.11+: only a's dict is made; 3.9/3.10: both instances have one
    out["empty_dict_table"] = _keys_object(empty)
    out["instance_dict_table"] = _keys_object(shared)

    st: set = set()
    ssizes = [sizeof(st)]
    set_points = []  # [n, table size] where the table changed
    slots = None
    for i in range(SET_ADDS):
        st.add(i)
        ssizes.append(sizeof(st))
        n_slots = getattr(layout(st, limit=1), "capacity", None)
        if n_slots is not None and n_slots != slots:
            if slots is not None:
                set_points.append([i + 1, n_slots])
            slots = n_slots
    out["set_resize_points"] = _points(ssizes)
    out["set_table_points"] = set_points or None
    slay = layout(st)
    out["set_table"] = {"mask": slay.mask, "fill": slay.fill} if hasattr(slay, "mask") else None

    json.dump(out, sys.stdout, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
