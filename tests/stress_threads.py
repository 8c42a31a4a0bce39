"""Stress pyinspect with threads: mutators change containers while inspectors read them.

    python tests/stress_threads.py --seconds 60 --threads 4 --seed 1
    PYTHON_GIL=0 python3.14t tests/stress_threads.py --seconds 60     # free-threaded build

Each mutator thread owns one list, dict, set, instance, bytearray and deque and
changes them as fast as it can (append/clear/resize, insert/delete keys,
add/discard, set/del attributes, extend/clear, append/pop): only one thread
writes each object, so every race is between CPython's own writer and a
pyinspect reader.  Each inspector thread calls every public API on random
targets and checks every Layout it gets against the invariants its fields must
satisfy when they come from one moment of the object (ARCHITECTURE rule 3):
a list with ``size > allocated``, a window whose lengths do not add up, a
set whose ``fill - used`` is not its dummy count, ...

Reported: calls per API, exceptions by type (``InspectError`` is expected when
a struct was caught mid-change; anything else is an error), and each kind of
inconsistency with one example.  Exit status: 0 clean, 1 errors or
inconsistencies, 3 a thread hung (watchdog); a crash kills the process with
its signal (faulthandler prints every thread's stack first).

Kept in ``tests/`` beside ``test_stress_threads.py``, which runs a short
version in a subprocess on every CI interpreter (a crash fails that test, not
the run); it is not named ``test_*`` so pytest does not collect it.
"""

from __future__ import annotations

import argparse
import faulthandler
import io
import os
import random
import re
import sys
import sysconfig
import tempfile
import threading
import time
import traceback
from collections import Counter, deque
from typing import Any, Callable, Optional

import pyinspect
from pyinspect.model import ByteArrayLayout, DictLayout, ListLayout, SetLayout
from pyinspect.render import to_text

PTR = 8 if sys.maxsize > 2**32 else 4
FREE_THREADED = bool(sysconfig.get_config_var("Py_GIL_DISABLED"))


class Attrs:
    """Instances whose attributes a mutator sets and deletes."""


NAMES = [f"a{i}" for i in range(12)]


class Targets:
    """The objects one mutator owns and changes."""

    def __init__(self, rng: random.Random) -> None:
        self.lst: list[Any] = list(range(rng.randrange(20)))
        self.dct: dict[Any, Any] = {f"k{i}": i for i in range(rng.randrange(20))}
        self.gdict: dict[Any, Any] = {i: str(i) for i in range(rng.randrange(20))}
        self.st: set[Any] = set(range(rng.randrange(20)))
        self.obj = Attrs()
        for name in NAMES[: rng.randrange(len(NAMES))]:
            setattr(self.obj, name, name)
        self.ba = bytearray(b"x" * rng.randrange(64))
        self.dq: deque[Any] = deque(range(rng.randrange(20)))

    def all(self) -> list[Any]:
        return [self.lst, self.dct, self.gdict, self.st, self.obj, self.ba, self.dq]


def mutate(t: Targets, rng: random.Random) -> None:
    """One random change to one of ``t``'s objects."""
    op = rng.randrange(24)
    n = rng.randrange(1, 200)
    if op == 0:
        t.lst.append(n)
    elif op == 1:
        t.lst.clear()
    elif op == 2:
        t.lst[:] = range(n)  # resize to n
    elif op == 3:
        del t.lst[: rng.randrange(len(t.lst) + 1)]
    elif op == 4:
        if t.lst:
            t.lst.pop()
    elif op == 5:
        t.dct[f"k{n}"] = n
    elif op == 6:
        t.dct.pop(f"k{n}", None)
    elif op == 7:
        t.dct.clear() if n < 20 else t.dct.update({f"k{i}": i for i in range(n)})
    elif op == 8:
        t.gdict[n] = n
    elif op == 9:
        t.gdict.pop(rng.randrange(200), None)
    elif op == 10:
        t.st.add(n)
    elif op == 11:
        t.st.discard(rng.randrange(200))
    elif op == 12:
        t.st.clear() if n < 20 else t.st.update(range(n))
    elif op == 13:
        setattr(t.obj, rng.choice(NAMES), n)
    elif op == 14:
        name = rng.choice(NAMES)
        if name in vars(t.obj):  # vars() materializes __dict__: the split-table path too
            delattr(t.obj, name)
    elif op == 15:
        fresh = Attrs()  # a fresh instance with inline values again (3.11+);
        fresh.a0 = 0     # with one attribute: before 3.11 an instance without any has no table at all
        t.obj = fresh
    elif op == 16:
        t.ba.extend(b"y" * n)
    elif op == 17:
        t.ba.clear()
    elif op == 18:
        del t.ba[: rng.randrange(len(t.ba) + 1)]  # moves ob_start inside the buffer
    elif op == 19:
        t.dq.append(n)
    elif op == 20:
        if t.dq:
            t.dq.pop()
    elif op == 21:
        t.dq.extendleft(range(n))
    elif op == 22:
        t.dq.clear()
    else:
        t.lst.extend(range(n))


# ----------------------------------------------------------------- invariants


def check_list(lay: ListLayout) -> list[str]:
    bad = []
    if not 0 <= lay.size <= lay.allocated:
        bad.append(f"list: size {lay.size} outside 0..allocated {lay.allocated}")
    if lay.size > 0 and lay.ob_item is None:
        bad.append(f"list: size {lay.size} but ob_item NULL")
    if len(lay.items) + lay.items_omitted != lay.size:
        bad.append(f"list: {len(lay.items)} items + {lay.items_omitted} omitted != size {lay.size}")
    if not 0 <= lay.items_head <= len(lay.items):
        bad.append(f"list: items_head {lay.items_head} outside 0..{len(lay.items)}")
    if None in lay.items:
        bad.append("list: a NULL item below size")
    if len(lay.summaries) != len(lay.items):
        bad.append(f"list: {len(lay.summaries)} summaries for {len(lay.items)} items")
    elif any(s.address != a for s, a in zip(lay.summaries, lay.items)):
        bad.append("list: summaries describe other objects than items")
    if lay.header.ob_size != lay.size:
        bad.append(f"list: header ob_size {lay.header.ob_size} != size {lay.size}")
    if lay.header.buffer_bytes != lay.allocated * PTR:
        bad.append(f"list: header buffer_bytes {lay.header.buffer_bytes} != allocated {lay.allocated} * {PTR}")
    return bad


def check_dict(lay: DictLayout) -> list[str]:
    bad = []
    s = lay.stats
    kind = f"dict({lay.source}, {lay.keys_kind})"
    if lay.capacity != 1 << lay.log2_size:
        bad.append(f"{kind}: capacity {lay.capacity} != 1 << log2_size {lay.log2_size}")
    if not 0 <= lay.used <= lay.nentries or lay.nentries > lay.entries_capacity:
        bad.append(f"{kind}: used {lay.used}, nentries {lay.nentries}, entries_capacity {lay.entries_capacity}")
    if not lay.split and not lay.empty_keys and lay.usable + lay.nentries != lay.entries_capacity:
        bad.append(f"{kind}: usable {lay.usable} + nentries {lay.nentries} != entries_capacity "
                   f"{lay.entries_capacity}")
    if (s.slots, s.used, s.live) != (lay.capacity, lay.used, lay.used):
        bad.append(f"{kind}: stats slots/used/live {s.slots}/{s.used}/{s.live}, "
                   f"table {lay.capacity}/{lay.used}/{lay.used}")
    if s.live + s.dummies + s.empty + s.absent != s.slots:
        bad.append(f"{kind}: live {s.live} + dummies {s.dummies} + empty {s.empty} + absent {s.absent} "
                   f"!= slots {s.slots}")
    if s.bad or s.unreachable or s.measured != lay.used:
        bad.append(f"{kind}: bad {s.bad}, unreachable {s.unreachable}, measured {s.measured} (used {lay.used})")
    if not lay.split and s.deleted != lay.nentries - lay.used:
        bad.append(f"{kind}: deleted {s.deleted} != nentries {lay.nentries} - used {lay.used}")
    if len(lay.indices) + lay.indices_omitted != lay.capacity:
        bad.append(f"{kind}: {len(lay.indices)} indices + {lay.indices_omitted} omitted != capacity {lay.capacity}")
    if len(lay.entries) + lay.entries_omitted != lay.nentries:
        bad.append(f"{kind}: {len(lay.entries)} entries + {lay.entries_omitted} omitted != nentries {lay.nentries}")
    if not len(lay.entry_slots) == len(lay.keys) == len(lay.values_shown) == len(lay.entries):
        bad.append(f"{kind}: entry_slots/keys/values_shown/entries lengths {len(lay.entry_slots)}/"
                   f"{len(lay.keys)}/{len(lay.values_shown)}/{len(lay.entries)}")
    if any(not -2 <= i < max(lay.nentries, 1) for i in lay.indices):
        bad.append(f"{kind}: an index outside -2..nentries {lay.nentries}")
    if not lay.split and lay.entries_omitted == 0:
        deleted = sum(1 for e in lay.entries if e[1] is None)
        if deleted != lay.nentries - lay.used:
            bad.append(f"{kind}: {deleted} deleted entries shown, nentries - used = {lay.nentries - lay.used}")
    return bad


def check_set(lay: SetLayout) -> list[str]:
    bad = []
    s = lay.stats
    slots = lay.mask + 1
    if slots & lay.mask or not 0 <= lay.used <= lay.fill < slots:
        bad.append(f"set: used {lay.used}, fill {lay.fill}, mask {lay.mask}")
    if (s.slots, s.used, s.live, s.dummies) != (slots, lay.used, lay.used, lay.fill - lay.used):
        bad.append(f"set: stats slots/used/live/dummies {s.slots}/{s.used}/{s.live}/{s.dummies}, "
                   f"table {slots}/{lay.used}/{lay.used}/{lay.fill - lay.used}")
    if s.live + s.dummies + s.empty != s.slots or s.bad or s.unreachable or s.measured != lay.used:
        bad.append(f"set: live {s.live} dummies {s.dummies} empty {s.empty} slots {s.slots} bad {s.bad} "
                   f"unreachable {s.unreachable} measured {s.measured} used {lay.used}")
    if len(lay.table) + lay.table_omitted != slots:
        bad.append(f"set: {len(lay.table)} rows + {lay.table_omitted} omitted != slots {slots}")
    if lay.table_omitted == 0:
        active = sum(1 for r in lay.table if isinstance(r, tuple))
        dummies = sum(1 for r in lay.table if r == "dummy")
        if (active, dummies) != (lay.used, lay.fill - lay.used):
            bad.append(f"set: table shows {active} keys, {dummies} dummies; used {lay.used}, fill {lay.fill}")
    if lay.smalltable != (lay.table_address == lay.address + lay.smalltable_offset):
        bad.append(f"set: smalltable {lay.smalltable} but table at {lay.table_address:#x}")
    if not len(lay.probes) == len(lay.keys) == len(lay.table):
        bad.append(f"set: probes/keys/table lengths {len(lay.probes)}/{len(lay.keys)}/{len(lay.table)}")
    return bad


#: bytes a bytearray's ob_alloc must leave for the trailing NUL: 1 before 3.15;
#: from 3.15 the buffer is a bytes object (ob_bytes_object), ob_alloc is its
#: Py_SIZE and its NUL lies past ob_alloc, so size may reach alloc
BYTEARRAY_NUL = 0 if sys.version_info >= (3, 15) else 1


def check_bytearray(lay: ByteArrayLayout) -> list[str]:
    bad = []
    if lay.alloc and not 0 <= lay.size <= lay.alloc - BYTEARRAY_NUL or not lay.alloc and lay.size:
        bad.append(f"bytearray: size {lay.size}, alloc {lay.alloc}")
    if len(lay.data) + lay.data_omitted != lay.size:
        bad.append(f"bytearray: {len(lay.data)} bytes + {lay.data_omitted} omitted != size {lay.size}")
    if lay.buffer_address is not None and lay.start_address is not None:
        offset = lay.start_address - lay.buffer_address
        if not 0 <= offset or offset + lay.size > max(lay.alloc - BYTEARRAY_NUL, 0):
            bad.append(f"bytearray: start {offset} + size {lay.size} past alloc {lay.alloc}")
    if lay.header.ob_size != lay.size:
        bad.append(f"bytearray: header ob_size {lay.header.ob_size} != size {lay.size}")
    return bad


CHECKS: dict[type, Callable[[Any], list[str]]] = {
    ListLayout: check_list, DictLayout: check_dict, SetLayout: check_set, ByteArrayLayout: check_bytearray,
}


def check(lay: Any) -> list[str]:
    """The invariants ``lay`` breaks (empty when consistent)."""
    for cls in type(lay).__mro__:
        if cls in CHECKS:
            return CHECKS[cls](lay)
    return []


# ------------------------------------------------------------------ the run


class Tally:
    """Counts shared by the inspector threads (each keeps its own, merged at the end)."""

    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()
        self.expected: Counter[str] = Counter()
        self.errors: Counter[str] = Counter()
        self.error_examples: dict[str, str] = {}
        self.inconsistent: Counter[str] = Counter()
        self.inconsistent_examples: dict[str, str] = {}
        self.checked = 0

    def merge(self, other: Tally) -> None:
        self.calls += other.calls
        self.expected += other.expected
        self.errors += other.errors
        self.inconsistent += other.inconsistent
        self.checked += other.checked
        for k, v in other.error_examples.items():
            self.error_examples.setdefault(k, v)
        for k, v in other.inconsistent_examples.items():
            self.inconsistent_examples.setdefault(k, v)


def kind_of(problem: str) -> str:
    """A problem's kind: its text without the numbers."""
    return re.sub(r"\d+|0x[0-9a-f]+", "#", problem)


def header_problem(problem: str) -> bool:
    """The header (``read_header``) and the family's fields disagree: two reads, not one."""
    return ": header " in problem


def inspector(targets: list[Targets], namespace: dict[str, Any], rng: random.Random, stop: threading.Event,
              tally: Tally, tmpdir: str) -> None:
    def pick() -> Any:
        return rng.choice(rng.choice(targets).all())

    def layout() -> Any:
        return pyinspect.layout(pick())

    def layout_window() -> Any:
        return pyinspect.layout(pick(), limit=rng.choice([1, 2, 3, 8]))

    def show() -> None:
        pyinspect.show(pick(), file=io.StringIO(), color=False, width=100, limit=rng.choice([2, 16]))

    def text() -> str:
        return to_text(pyinspect.layout(pick()), rows=4)

    def save() -> None:
        pyinspect.save(pick(), os.path.join(tmpdir, f"{threading.get_ident()}.{rng.choice(['svg', 'html'])}"))

    def names() -> Any:
        return pyinspect.names(namespace, depth=2)

    def probe() -> Any:
        t = rng.choice(targets)
        container = rng.choice([t.dct, t.gdict, t.st, t.obj])
        key = rng.choice([f"k{rng.randrange(200)}", rng.randrange(200), rng.choice(NAMES)])
        return pyinspect.probe(container, key)

    def attributes() -> Any:
        return pyinspect.attributes(rng.choice(targets).obj)

    def sizeof() -> int:
        return pyinspect.sizeof(pick())

    def sizeof_deep() -> Any:
        return pyinspect.sizeof(pick(), deep=True)

    def memory() -> Any:
        return pyinspect.memory(rng.choice([pick(), targets[0].all()]))

    def struct_info() -> Any:
        return pyinspect.struct_info()

    def dispatch() -> Any:
        return pyinspect.dispatch(pick(), rng.choice(["+", "==", "<", "|", "-"]), pick())

    # weights: a picture (show, text, save) costs some 30 ms of rich/SVG work, a read some 50 us; drawing
    # less often leaves the threads' time to the reads that race with the mutators
    weighted: dict[Callable[[], Any], float] = {
        layout: 20, layout_window: 20, attributes: 10, probe: 10, sizeof: 10, sizeof_deep: 10, memory: 10,
        names: 5, dispatch: 5, struct_info: 1, show: 0.3, text: 0.3, save: 0.1,
    }
    apis, weights = list(weighted), list(weighted.values())
    while not stop.is_set():
        api = rng.choices(apis, weights)[0]
        name = api.__name__
        tally.calls[name] += 1
        try:
            result = api()
        except pyinspect.InspectError:
            tally.expected[name] += 1
            continue
        except Exception as exc:  # anything but InspectError is a defect to report
            key = f"{type(exc).__name__} in {name}"
            tally.errors[key] += 1
            if key not in tally.error_examples:
                tally.error_examples[key] = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
            continue
        if name in ("layout", "layout_window", "attributes"):
            tally.checked += 1
            for problem in check(result):
                kind = kind_of(problem)
                tally.inconsistent[kind] += 1
                tally.inconsistent_examples.setdefault(kind, problem)


def mutator(t: Targets, rng: random.Random, stop: threading.Event, counts: list[int], index: int) -> None:
    done = 0
    while not stop.is_set():
        for _ in range(64):
            mutate(t, rng)
        done += 64
    counts[index] = done


def run(seconds: float, threads: int, seed: int, quiet: bool = False, header_checks: bool = True) -> int:
    gil = getattr(sys, "_is_gil_enabled", lambda: True)()
    print(f"stress: {sys.version.split()[0]}{' free-threaded' if FREE_THREADED else ''}, GIL "
          f"{'enabled' if gil else 'disabled'}; {threads} mutators + {threads} inspectors for {seconds:g} s, "
          f"seed {seed}", flush=True)
    master = random.Random(seed)
    targets = [Targets(random.Random(master.random())) for _ in range(threads)]
    namespace: dict[str, Any] = {}
    for i, t in enumerate(targets):
        for j, obj in enumerate(t.all()):
            namespace[f"t{i}_{j}"] = obj
    stop = threading.Event()
    tallies = [Tally() for _ in range(threads)]
    mutations = [0] * threads
    with tempfile.TemporaryDirectory(prefix="pyinspect-stress-") as tmpdir:
        workers = [threading.Thread(target=mutator, args=(t, random.Random(master.random()), stop, mutations, i),
                                    name=f"mutator-{i}", daemon=True) for i, t in enumerate(targets)]
        workers += [threading.Thread(target=inspector, args=(targets, namespace, random.Random(master.random()), stop,
                                                              tallies[i], tmpdir), name=f"inspector-{i}", daemon=True)
                    for i in range(threads)]
        start = time.monotonic()
        for w in workers:
            w.start()
        next_report = start + 10
        while time.monotonic() - start < seconds:
            time.sleep(min(0.2, max(0.0, seconds - (time.monotonic() - start))))
            if not quiet and time.monotonic() >= next_report:
                calls = sum(sum(t.calls.values()) for t in tallies)
                print(f"  {time.monotonic() - start:5.0f} s: {calls} calls", file=sys.stderr, flush=True)
                next_report += 10
        stop.set()
        deadline = time.monotonic() + 60
        for w in workers:
            w.join(max(0.0, deadline - time.monotonic()))
        hung = [w.name for w in workers if w.is_alive()]
        if hung:
            print(f"stress: HUNG threads after stop: {', '.join(hung)}", flush=True)
            faulthandler.dump_traceback(all_threads=True)
            sys.stdout.flush()
            os._exit(3)
        elapsed = time.monotonic() - start
    total = Tally()
    for t in tallies:
        total.merge(t)
    print(f"ran {elapsed:.1f} s: {sum(mutations)} mutations, {sum(total.calls.values())} API calls, "
          f"{total.checked} Layouts checked")
    print("calls per API (InspectError caught mid-change):")
    for name, n in sorted(total.calls.items()):
        print(f"  {name:14} {n:8}" + (f"  ({total.expected[name]} InspectError)" if total.expected[name] else ""))
    print(f"errors: {sum(total.errors.values())}")
    for key, n in total.errors.most_common():
        print(f"  {n:8}  {key}")
        if not quiet:
            print("    " + total.error_examples[key].rstrip().replace("\n", "\n    "))
    failing = 0
    for title, header in (("inconsistent Layouts", False), ("header and fields from two different moments", True)):
        kinds = [(kind, n) for kind, n in total.inconsistent.most_common() if header_problem(kind) == header]
        counted = header_checks or not header
        failing += sum(n for _, n in kinds) if counted else 0
        print(f"{title}: {sum(n for _, n in kinds)}" + ("" if counted else " (not counted: --no-header-checks)"))
        for kind, n in kinds:
            print(f"  {n:8}  {total.inconsistent_examples[kind]}")
    return 1 if total.errors or failing else 0


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="how long to run (default 10)")
    parser.add_argument("--threads", type=int, default=2, help="mutator threads, and as many inspectors (default 2)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the random choices (default 0)")
    parser.add_argument("--quiet", action="store_true", help="no progress lines, no tracebacks of errors")
    parser.add_argument("--no-header-checks", dest="header_checks", action="store_false",
                        help="report, but do not fail on, a header (ob_size, buffer bytes) that disagrees with "
                             "the family's fields: layout() reads the header in a call of its own")
    args = parser.parse_args(argv)
    if args.threads < 1 or args.seconds <= 0:
        parser.error("--threads must be >= 1 and --seconds > 0")
    faulthandler.enable(all_threads=True)  # a crash prints every thread's Python stack
    # a switch interval of 1 us on GIL builds makes the threads interleave between bytecodes far more often
    sys.setswitchinterval(1e-4)
    return run(args.seconds, args.threads, args.seed, args.quiet, args.header_checks)


if __name__ == "__main__":
    sys.exit(main())
