"""Every kind of result pyinspect draws, from live objects: for the tests
that check all pictures at once (80 columns, reprs, notebooks)."""

from __future__ import annotations

import importlib.util
import weakref
from typing import Any, Callable

import pyinspect


class Point:
    def __init__(self, x: Any, y: Any) -> None:
        self.x = x
        self.y = y


class Slotted:
    __slots__ = ("a", "b", "c")

    def __init__(self) -> None:
        self.a, self.b = 1, "two"


class Vector:
    def __init__(self, xs: list) -> None:
        self.xs = xs

    def __add__(self, other: Any) -> Any:
        return NotImplemented

    def __radd__(self, other: Any) -> Any:
        return NotImplemented


def _closure() -> Callable[[], Any]:
    threshold = 0.85

    def above(score: float = 0.5) -> bool:
        return score >= threshold

    return above


def _gen() -> Any:
    total = 0
    for i in range(3):
        total += yield i


async def _coro() -> int:
    return 1


def _deleted_dict() -> dict:
    d = {f"key-number-{i}": i * 1.5 for i in range(40)}
    for i in range(0, 40, 3):
        del d[f"key-number-{i}"]
    return d


def tracker(n: int = 20_000) -> list:
    """The README's memory example, smaller."""
    return [{"lr": 0.001 * i, "epochs": i % 50, "accuracy": i / 200_000, "name": f"run-{i}"} for i in range(n)]


def _released_view() -> memoryview:
    m = memoryview(b"released")
    m.release()
    return m


def objects() -> list[tuple[str, Any]]:
    """(label, object) for every family the readers know, in a few shapes."""
    g = _gen()
    next(g)
    coro = _coro()
    dead = weakref.ref(Point(1, 2))
    out: list[tuple[str, Any]] = [
        ("small int", 5), ("big int", 2**1000 - 1), ("negative int", -(2**70)), ("bool", True),
        ("float", 0.1), ("float overflow16", 1e5), ("float nan", float("nan")), ("complex", 3 - 4.5j),
        ("ascii str", "hello world"), ("latin-1 str", "café"), ("ucs2 str", "€ and ü"), ("ucs4 str", "😀 wide"),
        ("long str", "x" * 5000 + "é"), ("bytes", b"hello\x00\xff" * 30), ("bytearray", bytearray(b"abc" * 50)),
        ("list", [1, "two", 3.0, None]), ("long list", list(range(10_000))), ("empty list", []),
        ("tuple", (1, "two", 3.0)), ("long tuple", tuple(range(500))),
        ("dict", {"lr": 0.01, "epochs": 10}), ("dict deleted", _deleted_dict()),
        ("big dict", {i: str(i) for i in range(50_000)}), ("int-keyed dict", {2**62 + i: i for i in range(6)}),
        ("set", set(range(6))), ("big set", {f"s{i}" for i in range(3000)}), ("frozenset", frozenset("abc")),
        ("instance", Point(1, "two")), ("slotted instance", Slotted()), ("dead weakref", dead),
        ("function", _closure), ("closure", _closure()), ("cell", _closure().__closure__[0]),  # type: ignore[index]
        ("code", _closure.__code__), ("class", Point), ("builtin class", dict),
        ("generator", g), ("coroutine", coro), ("method", Point(1, 2).__init__),
        ("module object", pyinspect), ("object", object()),
        ("range", range(3, 100, 7)), ("huge range", range(-(10**45), 10**45, 3)),
        ("memoryview", memoryview(bytearray(range(48))).cast("B", shape=[6, 8])[1:5]),
        ("released memoryview", _released_view()),
    ]
    coro.close()
    return out


def results() -> list[tuple[str, Any]]:
    """(label, result) for the results that are not plain Layouts of an object."""
    v = Vector([1, 2])
    d = {f"k{i}": i for i in range(20)}
    namespace = {"a": [1, 2, 3], "fs": [lambda: i for i in range(3)],  # noqa: B023 - one shared cell
                 "point": Point(1, 2), "d": {"x": 1}}
    namespace["b"] = namespace["a"]
    return [
        ("memory tracker", pyinspect.memory(tracker())),
        ("memory small", pyinspect.memory([1, "a", (2, 3)])),
        ("probe dict hit", pyinspect.probe(d, "k7")),
        ("probe dict miss", pyinspect.probe(d, "missing-key-with-a-long-name")),
        ("probe set", pyinspect.probe({1, 9, 17, 25}, 33)),
        ("probe instance", pyinspect.probe(Point(1, 2), "y")),
        ("dispatch int float", pyinspect.dispatch(1, "+", 2.0)),
        ("dispatch user types", pyinspect.dispatch(v, "+", 3)),
        ("dispatch compare", pyinspect.dispatch(1, "<", v)),
        ("names", pyinspect.names(namespace, depth=3)),
        ("attributes", pyinspect.attributes(Point(1, "two"))),
    ]


def torch_results() -> list[tuple[str, Any]]:
    """Tensors, storage maps, modes and a DataLoader trace (empty without torch)."""
    if importlib.util.find_spec("torch") is None:
        return []
    import torch
    from torch.utils.data import DataLoader, TensorDataset

    import pyinspect.torch as pt

    base = torch.arange(24, dtype=torch.float32).reshape(4, 6)
    model = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.Dropout(0.1), torch.nn.BatchNorm1d(3))
    model.eval()
    loader = DataLoader(TensorDataset(torch.arange(24, dtype=torch.float32).reshape(12, 2), torch.arange(12)),
                        batch_size=4)
    return [
        ("tensor", pt.layout(base)),
        ("tensor view", pt.layout(base[1:, ::2])),
        ("tensor int64", pt.layout(torch.arange(10**6, dtype=torch.int64))),
        ("tensor bfloat16", pt.layout(torch.randn(5).to(torch.bfloat16))),
        ("storages", pt.storages({"base": base, "row": base[1], "col": base[:, 2]})),
        ("modes", pt.modes(model)),
        ("trace", pt.trace(loader, batches=2)),
    ]
