"""The four containers: list, tuple, dict, set, as they sit in memory.

    python examples/06_containers.py [--save DIR]
"""

import builtins
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

L.step("range: three ints and a length, not its items")
lay_r = pyinspect.layout(range(10**9))
L.show(lay_r, "range")
L.fact(lay_r.header.sizeof == sys.getsizeof(range(10)) == lay_r.struct_size,
       f"a range stores three ints, not its items: sizeof(range(10**9)) is {lay_r.header.sizeof}, as for range(10)")
L.fact((lay_r.start, lay_r.stop, lay_r.step, lay_r.length) == (0, 10**9, 1, 10**9),
       "start, stop, step, and the length computed once when the range was made")

L.step("a list holds references, not values")
shared = [1, 2]
outer = [shared, shared]
pic = pyinspect.names(globals(), only=["shared", "outer"])
L.show(pic, "list_of_references")
L.fact(pic.target("shared").refcnt == 3, "shared is referenced by its name and by two slots of outer")

L.step("a dict holds references too: one list behind two keys")
config = {"weights": shared, "backup": shared}
pic = pyinspect.names(globals(), only=["shared", "config"])
L.show(pic, "dict_of_references")
L.fact({s.target for s in pic.target("config").slots} == {pic.target("shared").address},
       "both of config's slots point at the one list shared, drawn once")
L.fact(pic.target("shared").refcnt == 5, "shared: its name, two slots of outer, two values of config")

L.step("dict: a sparse index table pointing into dense entries")
d = {"lr": 0.01, "epochs": 10, "batch": 32}
lay_d = pyinspect.layout(d)
L.show(lay_d, "dict")
L.fact(lay_d.used == 3, "ma_used: 3 keys")
L.fact([k.value for k in lay_d.keys] == ["'lr'", "'epochs'", "'batch'"], "dk_entries keep insertion order")
L.fact(all(lay_d.indices[slot] == pos for pos, (slot, _) in enumerate(lay_d.entry_slots)),
       "each used index slot holds the number of its entry: the arrows of the picture")
L.fact(all(slot == hash(key) & lay_d.mask for key, (slot, probes) in zip(d, lay_d.entry_slots) if probes == 1),
       f"a key that met no collision sits in its home slot hash(key) & {lay_d.mask}")
L.fact(lay_d.entries_capacity == 2 * lay_d.capacity // 3 and lay_d.usable == lay_d.entries_capacity - 3,
       f"{lay_d.capacity} index slots but only {lay_d.entries_capacity} entries (2/3): the rest is slack")

L.step("deleting a key leaves a DUMMY, and its entry stays until a resize")
del d["epochs"]
lay_del = pyinspect.layout(d)
L.show(lay_del, "dict_deleted")
L.fact(lay_del.indices.count(-2) == 1, "the deleted key's index slot now holds DUMMY (-2)")
L.fact(lay_del.entries[1][1] is None and lay_del.nentries == 3, "its entry is emptied but still counted")
L.fact(lay_del.usable == lay_d.usable, "deleting gives no insertion back: dk_usable is unchanged")

L.step("a lookup, slot by slot (pyinspect.probe)")
hit = pyinspect.probe(d, "batch")
L.show(hit, "dict_probe")
L.fact(hit.found is True and hit.steps[0].slot == hash("batch") & lay_del.mask, "the lookup starts at hash & mask")
L.fact(hit.value is not None and hit.value.value == "32", "and finds the value 32")
miss = pyinspect.probe(d, "momentum")
L.show(miss, "dict_probe_missing")
L.fact(miss.found is False and miss.steps[-1].status == "empty", "a missing key ends at an EMPTY slot")

L.step("growth: the table doubles when its entries are used up")
g = {}
points = []
prev = pyinspect.layout(g, limit=1).capacity
for i in range(50):
    g[i] = i
    cap = pyinspect.layout(g, limit=1).capacity
    if cap != prev:
        points.append((i + 1, prev, cap))
    prev = cap
print("  inserts → index slots: " + ", ".join(f"{n}→{c}" for n, _, c in points))
L.fact(all(n - 1 == 2 * old // 3 for n, old, _ in points[1:]),
       "each resize comes on the insert after 2/3 of the slots (USABLE_FRACTION) hold entries")

L.step("an instance's attributes: keys shared by the class, values apart")


class Point:
    pass


p, q = Point(), Point()
p.x, p.y = 1, 2
q.x, q.y = 3, 4
lay_p = pyinspect.attributes(p)  # read without making p.__dict__ (3.11+ keep none until asked)
L.show(lay_p, "instance_attributes")
L.fact(lay_p.keys_kind == "split", "a split table: the values are stored apart from the keys")
L.fact(pyinspect.attributes(q).keys_address == lay_p.keys_address, "p and q use one keys object, Point's")

if type(getattr(builtins, "frozendict", None)) is type:  # CPython 3.15+
    L.step("3.15: frozendict, a dict table with a cached hash")
    fd = builtins.frozendict(lr=0.01, epochs=10)
    before = pyinspect.layout(fd)
    h = hash(fd)
    after = pyinspect.layout(fd)
    L.show(after, "frozendict")
    L.fact(before.hash is None and after.hash == h, "ma_hash is computed on the first hash() and kept")
    L.fact(after.used == 2 and after.keys_kind == "unicode", "its keys live in the same two tables as a dict's")

L.step("set: one table of (hash, key) slots")
s = set()
for key in (0, 8, 16, 3):  # added in this order (a set display may add its items in another)
    s.add(key)
lay_s = pyinspect.layout(s)
L.show(lay_s, "set")
L.fact(lay_s.smalltable and lay_s.capacity == 8, "a small set keeps its 8 slots inside the object (smalltable)")


def probe_sequence(h, mask):
    """The slots set_add_entry tries for hash h when the table is too small
    for its 9 linear probes (they run only where i + 9 <= mask)."""
    i, perturb = h & mask, h
    while True:
        yield i
        perturb >>= 5
        i = (i * 5 + 1 + perturb) & mask


expected, taken = {}, set()
for key in (0, 8, 16, 3):
    expected[key] = next(i for i in probe_sequence(hash(key), lay_s.mask) if i not in taken)
    taken.add(expected[key])
where = {row[1]: k for k, row in enumerate(lay_s.table) if type(row) is tuple}  # key address -> slot
where = {key: where[id(key)] for key in (0, 8, 16, 3)}
print(f"  slots: {where}")
L.fact(where == expected, "0, 8 and 16 share home slot 0 (hash & 7); 8 and 16 take the next free slots of "
                          "slot = (slot*5 + 1 + perturb) & 7")
s.discard(8)
lay_s2 = pyinspect.layout(s)
L.fact(lay_s2.table[1] == "dummy", "discarding 8 leaves a dummy in slot 1")
walk = pyinspect.probe(s, 16)
L.show(walk, "set_probe")
L.fact([st.status for st in walk.steps] == ["hash differs", "dummy", "identical"],
       "a lookup of 16 passes 0, then the dummy, then finds 16: dummies keep probe chains intact")

L.step("step through it: a list growing, a dict entry deleted, line by line")
STEPPED = """\
xs = []
for i in range(17):
    xs.append(i)
d = {"lr": 0.01, "epochs": 10, "layers": 3}
del d["epochs"]
d["dropout"] = 0.5
"""
L.code(STEPPED)
run = pyinspect.steps(STEPPED)
L.stepper(run, "steps_containers")
grown = [s.table(s.names.target("xs").address).allocated for s in run if s.line == 3]
print(f"  allocated after each append: {grown}")
built = []
sizes = []
for i in range(17):
    built.append(i)
    sizes.append((sys.getsizeof(built) - sys.getsizeof([])) // 8)
L.fact(grown == sizes, "allocated after each append matches sys.getsizeof of a list grown the same way")
L.fact(sorted(set(grown)) == [4, 8, 16, 24], "the capacity jumps 0 → 4 → 8 → 16 → 24, not one slot per append")
deleted = next(s for s in run if s.line == 5)
table = deleted.table(deleted.names.target("d").address)
L.fact(-2 in table.indices and any("DUMMY" in c.detail for c in deleted.changed("mutated")),
       "`del d['epochs']` leaves a DUMMY in dk_indices (drawn below the picture at that step)")

L.step("where did my memory go: what keeps an object alive")
L.say("""
An object stays alive while anything refers to it.  Containers make that easy
to forget: a list of results, a cache dict, a slice of a big array.
pyinspect.why_alive(obj) walks the references backwards, from the object to the
names the program has (a module global, a class attribute, a variable of a
running frame), and writes each path as code would: which key, which index,
which attribute.  pyinspect.census() counts objects by type, and
census().diff(before) says which types grew.""")


class Run:
    def __init__(self, i):
        self.epoch = i
        self.metrics = {"loss": 1.0 / (i + 1)}


history = []
cache = {"best": None}
before = pyinspect.census()
for i in range(300):
    run_i = Run(i)
    history.append(run_i)
    if cache["best"] is None or run_i.metrics["loss"] < cache["best"].metrics["loss"]:
        cache["best"] = run_i
del run_i
grew = pyinspect.census().diff(before, min_count=100)
L.show(grew, "census_growth")
grown = {r.type_name for r in grew.rows}
L.fact(grew.by_type()["__main__.Run"].count_delta == 300 and grown <= {"__main__.Run", "dict"},
       "census().diff(before, min_count=100): 300 Run objects appeared; only dicts besides (each instance's "
       "__dict__ before 3.11, and the metrics dicts where the collector tracks them)")
best = cache["best"]
why = pyinspect.why_alive(best)
L.show(why, "alive_registry")
L.fact({str(p) for p in why.paths} == {"__main__.best", "__main__.history[299]", "__main__.cache['best']"},
       "the best run is alive through three globals: best, history[299] and cache['best']")
L.fact(why.refcnt == 3 and why.unseen_refs == 0, "its reference count is 3, and every reference was found")
del best
history.clear()
why = pyinspect.why_alive(cache["best"])
L.fact([str(p) for p in why.paths] == ["__main__.cache['best']"],
       "after history.clear() only the cache holds it: the other 299 runs are freed")

L.step("where did my memory go: views and copies of an array")
try:
    import numpy as np
except ImportError:
    np = None
if np is None:
    print("  numpy is not installed: this part needs it (pip install numpy). Skipping.")
else:
    big = np.zeros(1_000_000)            # 8,000,000 bytes of float64
    head = big[:10]                      # a view: the same buffer
    first = big[:10].copy()              # a copy: 80 bytes of its own
    del big
    L.fact(head.base is not None and head.base.nbytes == 8_000_000 and np.shares_memory(head, head.base),
           "head = big[:10] is a view: after `del big` the 8 MB buffer lives on as head.base")
    L.fact(first.base is None and first.nbytes == 80, "big[:10].copy() owns 80 bytes and keeps nothing else")
    why = pyinspect.why_alive(head.base)
    L.show(why, "alive_view_base")
    L.fact("__main__.head.base" in {str(p) for p in why.paths},
           "why_alive(head.base): __main__.head.base (arrays are not GC objects; pyinspect reads the view's "
           "base from its struct)")
    report = pyinspect.memory(head)
    if hasattr(report, "buffers"):
        L.fact(report.total >= 8_000_000 and sum(b.nbytes for b in report.buffers) == 8_000_000,
               "memory(head) follows the view to the array owning the buffer and counts its 8 MB once")
        L.fact(pyinspect.memory(first).total < 1_000, "memory(first): the copy's own 80 bytes and its struct")
    else:
        L.later("array buffers in memory()", "memory(head) will count the 8 MB buffer head.base owns")
    head = head.copy()                   # keep the 10 numbers, drop the view
    L.fact(head.base is None, "head = head.copy(): the view is gone, and with it the last reference to 8 MB")

sys.exit(L.done())
