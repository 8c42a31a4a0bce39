"""The container families under a collector that runs inside every GC
allocation of each call, with a ``__del__`` and a ``gc.callbacks`` hook that
clear, resize or replace the inspected container, or rebind an instance's
class (ARCHITECTURE rule 3, "Snapshot, then build").

Pass = no crash, and each result a consistent Layout (list ``size <=
allocated``, ``len(items) + omitted == size``; dict indices within
``nentries``; set ``used <= fill <= mask + 1``, ...) or an ``InspectError``.
The scenarios are in ``reentrancy_containers.py``; each family runs in its
own interpreter, so a crash fails one test.  The collector runs inside
allocations only before 3.12: there the sweeps are real; from 3.12 each call
runs once.  A freed-memory read is seen as a crash under AddressSanitizer
with ``PYTHONMALLOC=malloc`` (the sanitizer stage of CI) or on a debug build,
which fills freed memory with 0xDD; a release build usually reads the stale
memory without crashing.
"""

from __future__ import annotations

import os
import sys

import pytest
from reentrancy import run_isolated

FAMILIES = ["list", "tuple", "dict (general keys)", "dict (unicode keys)", "dict (split keys)", "set", "frozenset",
            "bytearray", "str", "instance", "names", "frozendict"]
HERE = os.path.dirname(os.path.abspath(__file__))


@pytest.mark.parametrize("family", FAMILIES)
def test_container_family_survives_a_hostile_collector(family):
    if family == "frozendict" and sys.version_info < (3, 15):
        pytest.skip("frozendict is new in 3.15")
    out = run_isolated(f"""
        import sys
        sys.path.insert(0, {HERE!r})
        from reentrancy_containers import run
        run({family!r})
    """, timeout=600)
    lines = out.splitlines()
    assert lines and all(line.startswith(family + " | ") for line in lines), out
    if sys.version_info < (3, 12):  # the collector really ran inside the calls
        assert any(int(line.split(" | ")[3].split()[0]) > 1 for line in lines), out
