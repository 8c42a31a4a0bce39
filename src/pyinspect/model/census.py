"""Results of :func:`pyinspect.census`: objects and bytes by type, and what
grew between two censuses.

A :class:`Census` keeps its numbers in one ``bytes`` and its type names in
one ``str``: neither is an object the collector tracks, so a census kept
for a later comparison adds one object (the Census itself) to what the
later census counts, and :meth:`Census.diff` takes that one out.
"""

from __future__ import annotations

import gc
import itertools
import sys
from array import array
from collections.abc import Iterator
from typing import Any, ClassVar, Optional

from pyinspect._dataclass import frozen
from pyinspect.model.base import to_jsonable
from pyinspect.model.views import hook

__all__ = ["CensusRow", "Census", "CensusDiffRow", "CensusDiff"]

#: numbers per row in Census.data: count, bytes, untracked count, untracked bytes, sizeof mirrored
_PER_ROW = 5
#: numbers before the rows: serial, frozen, nanoseconds
_HEAD = 3
_serials = itertools.count(1)


@frozen
class CensusRow:
    """One type's objects in a census.

    Attributes:
        type_name: ``module.qualname`` for classes, ``tp_name`` for builtin
            and extension types (``"dict"``, ``"collections.OrderedDict"``);
            types of the same name are one row.
        count: objects of this type counted (the collector's, plus with
            ``untracked=True`` the untracked ones they reach).
        bytes: their flat sizes (what ``pyinspect.sizeof`` and, for builtins,
            ``sys.getsizeof`` report), summed.
        untracked_count: the part of ``count`` the collector does not track.
        untracked_bytes: their bytes.
        sizeof_mirrored: ``False`` when the type's ``__sizeof__`` is not one
            pyinspect mirrors (numpy arrays, a Python ``__sizeof__``): then
            ``bytes`` is the struct's size and misses buffers the objects
            manage themselves.
    """

    type_name: str
    count: int
    bytes: int
    untracked_count: int = 0
    untracked_bytes: int = 0
    sizeof_mirrored: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


@frozen
class CensusDiffRow:
    """A type that grew between two censuses (unpacks as
    ``type_name, count_delta, bytes_delta``).

    Attributes:
        type_name: as in :class:`CensusRow`.
        count_delta: objects now minus objects then.
        bytes_delta: bytes now minus bytes then (may be negative when fewer
            but larger objects remain, or the reverse).
    """

    type_name: str
    count_delta: int
    bytes_delta: int

    def __iter__(self) -> Iterator[Any]:
        return iter((self.type_name, self.count_delta, self.bytes_delta))

    def to_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


@frozen
class CensusDiff:
    """What grew from one census to a later one.

    Falsy when nothing grew, so a leak test reads
    ``assert not pyinspect.census().diff(before, min_count=100)``.

    Attributes:
        rows: the types that grew by at least ``min_count`` objects (or by
            ``min_bytes`` bytes, when given), most bytes first.
        min_count: the threshold asked for.
        min_bytes: the byte threshold asked for, or ``None``.
        count_delta: objects now minus objects then, all types together.
        bytes_delta: the same for bytes.
        untracked: whether the censuses counted untracked objects too.
    """

    family: ClassVar[str] = "census_diff"

    rows: tuple[CensusDiffRow, ...]
    min_count: int
    min_bytes: Optional[int]
    count_delta: int
    bytes_delta: int
    untracked: bool

    def __bool__(self) -> bool:
        return bool(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[CensusDiffRow]:
        return iter(self.rows)

    def by_type(self) -> dict[str, CensusDiffRow]:
        return {r.type_name: r for r in self.rows}

    def to_dict(self) -> dict[str, Any]:
        return {name: to_jsonable(getattr(self, name)) for name in self.__dataclass_fields__}

    def show(self, *, limit: int = 20, color: Optional[bool] = None, width: Optional[int] = None,
             file: Any = None) -> None:
        """Print the types that grew, with bars (the first ``limit``)."""
        from pyinspect import arguments

        limit = arguments.count(limit, "limit", minimum=1)
        color = arguments.flag(color, "color", none=True)
        width = arguments.width(width)
        file = arguments.stream(file, "file")
        hook("console")(file, color=color, width=width).print(hook("text")(self, limit))

    def __rich__(self) -> Any:
        return hook("text")(self)

    def _repr_html_(self) -> str:
        return hook("html")(self)

    def __repr__(self) -> str:
        grew = ", ".join(f"{r.type_name} +{r.count_delta}" for r in self.rows[:5])
        more = f", … {len(self.rows) - 5} more" if len(self.rows) > 5 else ""
        return f"<CensusDiff: {grew or 'nothing grew'}{more}>"


@frozen
class Census:
    """Objects the collector tracks, by type, with their bytes.

    The rows are computed from ``names`` and ``data`` when asked for
    (:attr:`rows`): the census itself holds no tuple or list the collector
    tracks, so keeping it does not change what a later census counts.

    Attributes:
        names: the type names, ``"\\0"``-separated, one per row.
        data: the numbers, as native int64: a serial number, the frozen
            count, the nanoseconds taken, then per row ``count``, ``bytes``,
            ``untracked_count``, ``untracked_bytes``, ``sizeof_mirrored``.
        untracked: whether the objects the collector does not track but
            tracked objects reach (str, int, float, untracked tuples and
            dicts, static types, the str keys ``dict`` does not traverse) are
            counted too.
    """

    family: ClassVar[str] = "census"

    names: str
    data: bytes
    untracked: bool

    @classmethod
    def build(cls, rows: list[tuple[str, int, int, int, int, bool]], untracked: bool, frozen: int,
              seconds: float) -> Census:
        """A Census from ``(type_name, count, bytes, untracked_count,
        untracked_bytes, sizeof_mirrored)`` rows (one per type name)."""
        rows = sorted(rows, key=lambda r: (-r[2], -r[1], r[0]))
        numbers = array("q", [next(_serials), frozen, int(seconds * 1e9)])
        for _name, count, nbytes, ucount, ubytes, mirrored in rows:
            numbers.extend((count, nbytes, ucount, ubytes, 1 if mirrored else 0))
        # "\0" cannot be in a tp_name; a qualname holding one is shown escaped
        names = "\0".join(r[0].replace("\0", "\\0") for r in rows)
        return cls(names=names, data=numbers.tobytes(), untracked=untracked)

    def _numbers(self) -> array:
        a = array("q")
        a.frombytes(self.data)
        return a

    @property
    def serial(self) -> int:
        """Which census this is (they are numbered in the order taken)."""
        return self._numbers()[0]

    @property
    def frozen(self) -> int:
        """Objects ``gc.freeze()`` moved out of the collector's lists: not counted."""
        return self._numbers()[1]

    @property
    def seconds(self) -> float:
        """Time the census took."""
        return self._numbers()[2] / 1e9

    @property
    def rows(self) -> tuple[CensusRow, ...]:
        """One row per type, most bytes first."""
        nums = self._numbers()
        names = self.names.split("\0") if self.names else []
        out = []
        for i, name in enumerate(names):
            c, b, uc, ub, m = nums[_HEAD + i * _PER_ROW:_HEAD + (i + 1) * _PER_ROW]
            out.append(CensusRow(name, c, b, uc, ub, bool(m)))
        return tuple(out)

    @property
    def count(self) -> int:
        """Objects counted, all types together."""
        nums = self._numbers()
        return sum(nums[_HEAD::_PER_ROW])

    @property
    def bytes(self) -> int:
        """Their bytes."""
        nums = self._numbers()
        return sum(nums[_HEAD + 1::_PER_ROW])

    def by_type(self) -> dict[str, CensusRow]:
        """The rows keyed by type name."""
        return {r.type_name: r for r in self.rows}

    def __getitem__(self, type_name: str) -> CensusRow:
        """The row of ``type_name`` (zero counts when no such object was found)."""
        for r in self.rows:
            if r.type_name == type_name:
                return r
        return CensusRow(type_name, 0, 0)

    def __len__(self) -> int:
        return len(self.names.split("\0")) if self.names else 0

    def __iter__(self) -> Iterator[CensusRow]:
        return iter(self.rows)

    def _footprint(self, untracked: bool) -> dict[str, tuple[int, int]]:
        """The objects this census itself consists of, as a later census
        counts them: the Census (and its ``__dict__`` before 3.10, where it
        has no slots), and with ``untracked`` its names str and data bytes."""
        from pyinspect._native import _inspect

        own: dict[str, tuple[int, int]] = {}

        def add(name: str, obj: object) -> None:
            c, b = own.get(name, (0, 0))
            own[name] = (c + 1, b + _inspect.flat_size(obj))

        add(f"{type(self).__module__}.{type(self).__qualname__}", self)
        if sys.version_info < (3, 10):
            fields = object.__getattribute__(self, "__dict__")
            if untracked or gc.is_tracked(fields):  # a dict of str/bytes/bool values may be untracked
                add("dict", fields)
        if untracked:
            add("str", self.names)
            add("bytes", self.data)
        return own

    def diff(self, before: Census, *, min_count: int = 1, min_bytes: Optional[int] = None) -> CensusDiff:
        """The types that grew since ``before`` (an earlier census).

        Args:
            before: the earlier :class:`Census`; its own objects (it is alive
                while this one counts) are not taken for growth.
            min_count: list a type when its count grew by at least this (>= 1).
            min_bytes: also list a type whose bytes grew by at least this,
                whatever its count did (a list that grew in place).

        Returns:
            A :class:`CensusDiff`, falsy when nothing grew.

        Raises:
            TypeError: ``before`` is not a Census, or a threshold is not an int.
            ValueError: a threshold out of range, or one census counted
                untracked objects and the other did not.
            OverflowError: a threshold out of range.
        """
        from pyinspect import arguments

        if type(before) is not Census:
            raise TypeError(f"before must be a Census, not {type(before).__name__}")
        if before.untracked != self.untracked:
            raise ValueError("before and this census must both count untracked objects (untracked=True) or neither")
        min_count = arguments.count(min_count, "min_count", minimum=1)
        min_bytes = arguments.count(min_bytes, "min_bytes", minimum=1, none=True)
        now = {r.type_name: (r.count, r.bytes) for r in self.rows}
        then = {r.type_name: (r.count, r.bytes) for r in before.rows}
        if before.serial < self.serial:
            for name, (c, b) in before._footprint(self.untracked).items():
                if name in now:
                    now[name] = (now[name][0] - c, now[name][1] - b)
        rows = []
        total_c = total_b = 0
        for name in now.keys() | then.keys():
            c1, b1 = now.get(name, (0, 0))
            c0, b0 = then.get(name, (0, 0))
            dc, db = c1 - c0, b1 - b0
            total_c += dc
            total_b += db
            if dc >= min_count or (min_bytes is not None and db >= min_bytes):
                rows.append(CensusDiffRow(name, dc, db))
        rows.sort(key=lambda r: (-r.bytes_delta, -r.count_delta, r.type_name))
        return CensusDiff(rows=tuple(rows), min_count=min_count, min_bytes=min_bytes, count_delta=total_c,
                          bytes_delta=total_b, untracked=self.untracked)

    def to_dict(self) -> dict[str, Any]:
        return {"rows": [r.to_dict() for r in self.rows], "count": self.count, "bytes": self.bytes,
                "untracked": self.untracked, "frozen": self.frozen, "seconds": self.seconds, "serial": self.serial}

    def show(self, *, limit: int = 20, color: Optional[bool] = None, width: Optional[int] = None,
             file: Any = None) -> None:
        """Print the largest types as a table with bars (the first ``limit``)."""
        from pyinspect import arguments

        limit = arguments.count(limit, "limit", minimum=1)
        color = arguments.flag(color, "color", none=True)
        width = arguments.width(width)
        file = arguments.stream(file, "file")
        hook("console")(file, color=color, width=width).print(hook("text")(self, limit))

    def __rich__(self) -> Any:
        return hook("text")(self)

    def _repr_html_(self) -> str:
        return hook("html")(self)

    def __repr__(self) -> str:
        return (f"<Census #{self.serial}: {self.count:,} objects, {self.bytes:,} bytes in {len(self)} types"
                f"{', untracked included' if self.untracked else ''}>")
