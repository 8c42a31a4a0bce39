"""The four containers: list, tuple, dict, set, as they sit in memory.

    python examples/06_containers.py [--save DIR]
"""

import sys

from _lesson import Lesson

import pyinspect

L = Lesson("The four containers", """
A list is an array of pointers with spare slots, so append is usually O(1).  A
tuple keeps its pointers inline and has no spare room.  A dict is two tables: a
sparse index table pointing into dense entries (hash, key, value).  A set is one
table of (hash, key) slots.  In all four, the items are references to objects.""")

L.step("list: over-allocation")
lst = []
seen = []
for i in range(20):
    lst.append(i)
    cap = pyinspect.layout(lst, limit=1).allocated
    if not seen or seen[-1][1] != cap:
        seen.append((i + 1, cap))
print("  appends → allocated: " + ", ".join(f"{n}→{c}" for n, c in seen))
L.fact(all(c >= n for n, c in seen), "allocated is never below len")
L.fact(len(seen) < 10, f"20 appends, only {len(seen)} reallocations")
lst = [10, 20, 30]
lst.append(40)
L.show(pyinspect.layout(lst), "list")

L.step("tuple: pointers inline, no spare capacity")
tup = (10, 20, 30, 40)
lay_t = pyinspect.layout(tup)
L.show(lay_t, "tuple")
L.fact(lay_t.header.sizeof < pyinspect.layout(lst).header.sizeof, "a 4-tuple is smaller than a 4-item list")
L.fact(list(lay_t.items) == [id(v) for v in tup], "its slots hold the items' addresses")

L.step("a list holds references, not values")
shared = [1, 2]
outer = [shared, shared]
pic = pyinspect.names(globals(), only=["shared", "outer"])
L.show(pic, "list_of_references")
L.fact(pic.target("shared").refcnt == 3, "shared is referenced by its name and by two slots of outer")

L.step("dict: indices → entries")
d = {"lr": 0.01, "epochs": 10}
lay_d = pyinspect.layout(d)
L.show(lay_d, "dict")
if hasattr(lay_d, "indices"):
    L.fact(lay_d.used == 2, "ma_used: 2 entries")
    L.fact(len(lay_d.entries) >= 2, "the dense entries keep insertion order")
else:
    L.later("dict table reader", "the indices and entries tables are drawn once it lands")
if hasattr(pyinspect, "probe"):
    L.show(pyinspect.probe(d, "lr"), "dict_probe")
else:
    L.later("pyinspect.probe", "the slots a lookup of 'lr' visits")

L.step("set: one table of slots")
s = set(range(5))
lay_s = pyinspect.layout(s)
L.show(lay_s, "set")
if hasattr(lay_s, "table"):
    used = sum(1 for slot in lay_s.table if slot not in (None, "dummy"))
    L.fact(used == 5, "5 of the slots hold (hash, key)")
else:
    L.later("set table reader", "each slot of the hash table is drawn once it lands")

sys.exit(L.done())
