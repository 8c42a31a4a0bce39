"""``sizeof(obj)``: bytes an object occupies, from its struct."""

from __future__ import annotations

from pyinspect._native import _inspect

__all__ = ["sizeof"]


def sizeof(obj: object, deep: bool = False) -> int:
    """Bytes ``obj`` occupies, computed from its struct (``__sizeof__`` is never called).

    Args:
        obj: any object.
        deep: also count every object reachable from it (see
            :func:`pyinspect.sizeof` with ``deep=True`` once the deep walker
            is available).

    Returns:
        The flat size: the object's own allocation, the buffers it owns and
        its GC head, i.e. what ``sys.getsizeof`` reports for builtins.
    """
    if deep:
        raise NotImplementedError("deep sizes come with the C walker (issue 7)")
    raw = _inspect.read_header(obj)
    return raw["allocated_bytes"] + raw["gc_head_bytes"]
