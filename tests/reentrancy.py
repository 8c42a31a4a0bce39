"""Run a call with the cyclic collector forced to run inside it, at each of its
GC allocations in turn, and something hostile happening in that collection.

Before 3.12 the collector runs inside any allocation of a GC object (a tuple,
list or dict) made from C once generation 0's count passes its threshold; a
reader that holds a pointer into a container across such an allocation then
reads freed memory when a ``__del__`` or a ``gc.callbacks`` function empties
the container (ARCHITECTURE rule 3, "Snapshot, then build").  From 3.12 the
collector only runs between bytecodes, so these sweeps pass trivially there;
they still run everywhere as ordinary calls.

:func:`sweep` sets the threshold to "the current count + j" just before the
call, for j = 1, 2, ... until a call ends without the collector having run
inside it, so every GC allocation of the call is, once, the one that
collects.  In that collection ``hostile()`` runs twice over: from a
``gc.callbacks`` hook and from the ``__del__`` of a cycle left for the
collector to find.

Use it in a subprocess when the code under test may crash (see
:func:`run_isolated`): a segfault then fails one test instead of the run.
"""

from __future__ import annotations

import gc
import subprocess
import sys
import textwrap
from typing import Any, Callable

__all__ = ["sweep", "run_isolated", "MAX_POINTS"]

#: the most collection points tried per call (readers allocate far fewer)
MAX_POINTS = 400


class _Bomb:
    """A cycle whose ``__del__`` runs ``hostile`` when the collector frees it."""

    def __init__(self, hostile: Callable[[], None]) -> None:
        self.hostile = hostile
        self.me = self

    def __del__(self) -> None:
        self.hostile()


def sweep(call: Callable[[], Any], hostile: Callable[[], None],
          check: Callable[[Any], None] = lambda result: None,
          expected: tuple[type[BaseException], ...] = ()) -> int:
    """Call ``call()`` once per collection point; return how many points ran.

    Args:
        call: the call under test (e.g. ``lambda: pyinspect.layout(victim)``).
        hostile: what the collection does (``victim.clear()``, rebinding a
            class, ...).  It runs from a gc callback and from a ``__del__``.
        check: called with each result (assert consistency there).
        expected: exceptions that are an acceptable answer (``InspectError``).
    """
    old_threshold = gc.get_threshold()
    was_enabled = gc.isenabled()
    points = 0
    try:
        for j in range(1, MAX_POINTS + 1):
            state = {"armed": False, "fired": False}

            def callback(phase: str, info: dict, state: dict = state) -> None:
                if phase == "start" and state["armed"] and not state["fired"]:
                    state["fired"] = True
                    hostile()

            gc.collect()
            _Bomb(hostile)  # garbage: a cycle only the collector frees
            gc.callbacks.append(callback)
            try:
                gc.enable()
                state["armed"] = True
                gc.set_threshold(gc.get_count()[0] + j)
                try:
                    result = call()
                except expected:
                    result = None
                finally:
                    gc.set_threshold(*old_threshold)
                    state["armed"] = False
            finally:
                gc.callbacks.remove(callback)
            points += 1
            if result is not None:
                check(result)
            del result
            if not state["fired"]:
                break  # the call made fewer than j GC allocations: every point was tried
    finally:
        gc.set_threshold(*old_threshold)
        if not was_enabled:
            gc.disable()
        gc.collect()
    return points


def run_isolated(source: str, timeout: float = 300) -> str:
    """Run ``source`` in a fresh interpreter (with this one's sys.path) and
    return its stdout; fail with its stderr if it does not exit with 0 (a
    segfault is rc -11)."""
    prelude = f"import sys; sys.path[:0] = {sys.path!r}\n"
    proc = subprocess.run([sys.executable, "-X", "faulthandler", "-c", prelude + textwrap.dedent(source)],
                          capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, f"rc={proc.returncode}\n{proc.stderr[-4000:]}"
    return proc.stdout
