"""Oracles for why_alive() paths: every step is a reference the collector
reports (``gc.get_referrers``), and the path's expression, evaluated from
the root's object, is the object asked about."""

from __future__ import annotations

import gc
import sys
from typing import Any, Optional

from pyinspect.model import AlivePath

__all__ = ["objects_by_id", "check_step_referrers", "check_path", "evaluate"]


def objects_by_id(*extra: Any) -> dict[int, Any]:
    """Every object the collector tracks (and ``extra``), by address."""
    by_id = {id(o): o for o in gc.get_objects()}
    by_id.update({id(m): m for m in list(sys.modules.values())})
    by_id.update({id(o): o for o in extra})
    return by_id


def _refers(holder: Any, target: Any) -> bool:
    """gc.get_referrers(target) lists holder.  It scans only tracked objects
    and sees what their tp_traverse reports: an untracked holder (a tuple or
    dict the collector untracked) is checked with gc.get_referents instead,
    and a str key of a dict (which dict_traverse skips) by identity."""
    if gc.is_tracked(holder) and any(r is holder for r in gc.get_referrers(target)):
        return True
    if not gc.is_tracked(holder) and any(r is target for r in gc.get_referents(holder)):
        return True
    return type(holder) is dict and any(k is target for k in list(holder))


def check_step_referrers(path: AlivePath, target: Any, by_id: dict[int, Any]) -> None:
    """For every step: holder -> via... -> the next object, each link found by
    gc.get_referrers.  The objects are taken from ``by_id``, the last one is
    ``target`` (it may not be tracked)."""
    prev = path.root_address
    for step in path.steps:
        assert step.holder_address == prev, f"step {step.edge!r} does not start where the last one ended"
        chain = [by_id[step.holder_address], *(by_id[v] for v in step.via)]
        chain.append(target if step.address == id(target) else by_id[step.address])
        for h, t in zip(chain, chain[1:]):
            assert _refers(h, t), f"{type(h).__name__} at {id(h):#x} does not refer to {type(t).__name__} " \
                                  f"(step {step.edge!r} of {path.expression!r})"
        prev = step.address
    assert prev == id(target), f"{path.expression!r} does not end at the target"


def evaluate(path: AlivePath, root: Any) -> Any:
    """The path's steps applied to ``root`` (the object the root names), as
    Python evaluates them."""
    edges = "".join(s.edge for s in path.steps)
    return eval("__root__" + edges, {"__root__": root})  # noqa: S307 - the test's own expression


def check_path(path: AlivePath, target: Any, by_id: Optional[dict[int, Any]] = None) -> None:
    """Both oracles: referrers for every step, and the expression from the root."""
    by_id = by_id if by_id is not None else objects_by_id(target)
    check_step_referrers(path, target, by_id)
    root = by_id.get(path.root_address)
    if root is None and path.root_address == id(target):
        root = target
    if root is not None and all(not s.edge.startswith("<") for s in path.steps):
        assert evaluate(path, root) is target, path.expression
