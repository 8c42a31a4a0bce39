"""Objects on a type's free list (reference count 0) that a tp_traverse still
reports must be left alone by every heap pass: _asyncio's module_traverse
visits its FutureIter free list (3.12, free list in the module state).  A
pass that took a reference to one and dropped it deallocated it a second
time, so CPython handed the same iterator out twice (or aborted in
PyObject_GC_Track).  Each call runs in its own interpreter: the damage
corrupts the free list for the rest of the process."""

from __future__ import annotations

import pytest
from reentrancy import run_isolated

SCRIPT = """
    import asyncio, gc, sys
    import pyinspect
    loop = asyncio.new_event_loop()
    fut = loop.create_future()
    it = fut.__await__()
    del it  # to the free list, refcnt 0
    target = "a str no one else has".replace("a", "b")
    holder = (1, ("x", target))
    gc.collect(); gc.collect()
    {call}
    first, second = fut.__await__(), fut.__await__()
    assert first is not second, "one FutureIter handed out twice: a dead object was freed again"
    assert sys.getrefcount(first) == sys.getrefcount(second)
    loop.close()
    print("ok")
"""

CALLS = {
    "why_alive through untracked containers": "pyinspect.why_alive(target, max_paths=3)",
    "census": "pyinspect.census()",
    "memory with a progress callback": "pyinspect.memory(sys.modules['_asyncio'], progress=lambda *a: None)",
    "deep sizeof of the module": "pyinspect.sizeof(sys.modules['_asyncio'], deep=True)",
    "memory of every module": "pyinspect.memory(list(sys.modules.values()))",
}


@pytest.mark.parametrize("call", list(CALLS.values()), ids=list(CALLS))
def test_dead_objects_on_free_lists_are_not_touched(call: str) -> None:
    assert run_isolated(SCRIPT.format(call=call), timeout=120).strip() == "ok"
