"""``sizeof(obj)`` and ``memory(obj)``: bytes an object occupies, from its struct.

Flat size: an object's own allocation, the buffers it owns and its GC head,
i.e. what ``sys.getsizeof`` reports for builtins, computed by the C extension
from the struct with the formula of the ``__sizeof__`` that ``sys.getsizeof``
would call (never calling it).

Like ``sys.getsizeof``, the flat size adds the GC head (and, from 3.11, the
managed ``__dict__``/weakref pointers in front of the object) to
``__sizeof__``; on 3.11 and 3.12 ``sys.getsizeof`` also adds a GC head for
static types such as ``int``, which have none, and pyinspect reports the same
number (``pyinspect.layout(int).header.gc_head_bytes`` says 0).  Allocator
rounding (pymalloc's 16-byte size classes) is never included.

The ``__sizeof__`` methods mirrored from CPython's sources, version by
version: ``object`` (``tp_basicsize + tp_itemsize * ob_size``, what most types
use), ``int``, ``str`` (with its UTF-8 and, on 3.9-3.11, wchar_t copies),
``bytearray``, ``list``, ``dict`` (and 3.15's ``frozendict``), ``set``,
``frozenset``, ``type``, ``code``, ``frame``, generators, coroutines and async
generators (3.11+), ``collections.OrderedDict``, ``collections.deque``,
``array.array`` and ``io.BytesIO``; and ``numpy.ndarray``'s from numpy's
source (the struct, its shape and strides, and the data when the array owns
it: ``OWNDATA``), once the program has imported numpy.  Types whose own
``__sizeof__`` is not mirrored (``io.BufferedReader``/``Writer``/``Random``,
``decimal.Decimal``, ``struct.Struct``, ``pickle.Pickler``/``Unpickler``,
``itertools.product`` and ``combinations``/``permutations``,
``xml.etree.ElementTree.Element``, ctypes types, other third-party types, and
any ``__sizeof__`` written in Python) get the formula of their struct family
(usually ``object``'s), and :func:`memory` marks them
``sizeof_mirrored=False``: for them ``sys.getsizeof`` may report more
(buffers they manage themselves).

Deep size: a walk in C of every object reachable through the references the
garbage collector sees (each type's ``tp_traverse``, what ``gc.get_referents``
returns), each object counted once.  By default three kinds of objects are
left out (neither counted nor followed), so that the answer is about the data
and not about the interpreter around it:

* type objects (a class is shared by all its instances, and following it
  would pull in its methods, its module's globals and so on);
* modules (for the same reason);
* immortal objects (PEP 683, 3.12+: ``None``, ``True``, small ints, interned
  strings, static types), which are never freed.

``include_types``, ``include_modules`` and ``include_immortal`` put them back.
A hand-written ``gc.get_referents`` walk summing ``sys.getsizeof`` that skips
the same objects gets the same total (``bench/bench_sizeof.py``,
``tests/test_sizeof_deep.py``).

Data buffers: a view (a numpy array without ``OWNDATA``, a ``memoryview``, a
tensor) points into a buffer another object owns.  The walk follows it to
that owner (numpy's ``base`` chain, the memoryview's managed buffer and its
exporter, the tensor's storage) and counts each buffer once however many
views reach it; a numpy object array (``dtype=object``) is walked into its
items (ndarray has no ``tp_traverse``; not on free-threaded builds, where
numpy takes no lock).  :attr:`SizeReport.buffers` lists every buffer with
its owner, device, bytes and views.  ``total`` is host memory: the objects,
and host buffers (pageable or pinned) once; a mapped file (``mmap``) is
listed but not counted as resident, and device memory (CUDA, ``meta``) is
reported per device in :attr:`SizeReport.device_bytes`.  Everything is read
from the structs (``PyArrayObject_fields``, ``PyMemoryViewObject``,
``mmap_object``): the buffer protocol is never called, so no
``__buffer__`` runs.  numpy, mmap and torch are never imported: their types
are taken from ``sys.modules`` when the program has imported them
(:mod:`pyinspect.buffer_types`).  A tensor's storage is a C++ object, read
after the walk through torch's accessors with torch-function dispatch
disabled, so a ``Tensor`` subclass's ``__torch_function__`` never runs;
tensors sharing a storage (and arrays made with ``torch.from_numpy``) share
one buffer.

One gap of the collector's view: ``dict``'s ``tp_traverse`` does not report
the keys of tables whose keys are all str (str cannot form cycles, so the
collector need not see them), although the dict owns them.  Literal keys are
usually shared and, from 3.12, immortal, but keys built at run time
(``{f"user-{i}": ...}``) can be much of a dict's memory: ``dict_keys=True``
follows them too, and :func:`memory` reports how many were not followed.

Nothing of the inspected objects runs: no ``__sizeof__``, ``__getattr__``,
``__len__`` or ``__iter__``.  The walk is iterative (a 10,000,000-deep chain
is fine) and handles cycles.  While no Python code can run it only records
addresses; before a progress callback or a Ctrl-C check (walks longer than
0.2 s) it takes a reference to everything it found, so the callback may even
empty the containers being walked, change their classes or free classes.
Which ``__sizeof__`` a type uses is found by reading the dicts along its MRO,
comparing keys by their text: a class-dict key's ``__eq__`` never runs.

Free-threaded builds (3.13t+): extensions cannot stop the world, so the walk
reads each container inside its critical section and takes a reference to
what it finds there before leaving it; objects that other threads change
during the walk are seen as they were when read (a consistent view of each
object, not an atomic snapshot of all of them).  Deferred and biased
reference counts make ``retained`` approximate for functions, code objects
and objects shared between threads.
"""

from __future__ import annotations

import sys
import time
from typing import Any, Callable, Literal, Optional, Union, overload

from pyinspect import arguments, buffer_types
from pyinspect._native import _inspect
from pyinspect.model import Header, SizeReport, SkippedRow, TypeRow
from pyinspect.model.base import frozen_mapping
from pyinspect.size_buffers import assemble, host_extra

__all__ = ["sizeof", "memory", "Progress"]

#: a progress callback: called with (objects counted, bytes counted)
Progress = Callable[[int, int], Any]

# walk flags, as csrc/walk.c reads them
_TYPES, _MODULES, _IMMORTAL, _DICT_KEYS, _RETAINED = 0x01, 0x02, 0x04, 0x08, 0x10

_modules_get = sys.modules.get

#: objects between two progress reports
PROGRESS_EVERY = 1 << 16


def _flags(include_types: bool, include_modules: bool, include_immortal: bool, dict_keys: bool,
           retained: bool) -> int:
    """The walk's flag bits, each option checked to be True or False."""
    return ((_TYPES if arguments.flag(include_types, "include_types") else 0)
            | (_MODULES if arguments.flag(include_modules, "include_modules") else 0)
            | (_IMMORTAL if arguments.flag(include_immortal, "include_immortal") else 0)
            | (_DICT_KEYS if arguments.flag(dict_keys, "dict_keys") else 0)
            | (_RETAINED if arguments.flag(retained, "retained") else 0))


def _progress(progress: Union[None, bool, Progress]) -> Union[None, bool, Progress]:
    """``progress`` when it is None, True, False or a callable."""
    if progress is None or progress is True or progress is False:
        return progress
    try:
        return arguments.function(progress, "progress", none=False)
    except TypeError:
        raise TypeError("progress must be None, True (a rich progress line) or a callable(objects, bytes), "
                        f"not {type(progress).__name__}") from None


class _RichProgress:
    """A rich progress line on stderr for walks over many objects."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import Progress as RichProgress
        from rich.progress import SpinnerColumn, TextColumn, TimeElapsedColumn

        self._bar = RichProgress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                                 console=Console(stderr=True), transient=True)
        self._task = self._bar.add_task("walking references", total=None)

    def __enter__(self) -> _RichProgress:
        self._bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._bar.stop()

    def __call__(self, objects: int, nbytes: int) -> None:
        self._bar.update(self._task, description=f"walked {objects:,} objects, {nbytes:,} bytes")


def _walk(obj: object, flags: int, max_objects: Optional[int], max_bytes: Optional[int],
          progress: Union[None, bool, Progress], every: int) -> dict[str, Any]:
    if progress is None or progress is False:
        return _inspect.walk(obj, flags, max_objects, max_bytes, None, every)
    if progress is True:
        with _RichProgress() as bar:
            return _inspect.walk(obj, flags, max_objects, max_bytes, bar, every)
    return _inspect.walk(obj, flags, max_objects, max_bytes, progress, every)


@overload
def sizeof(obj: object, deep: bool = False, *, report: Literal[False] = False, include_types: bool = False,
           include_modules: bool = False, include_immortal: bool = False, dict_keys: bool = False,
           progress: Union[None, bool, Progress] = None) -> int: ...


@overload
def sizeof(obj: object, deep: bool = False, *, report: Literal[True], include_types: bool = False,
           include_modules: bool = False, include_immortal: bool = False, dict_keys: bool = False,
           progress: Union[None, bool, Progress] = None) -> SizeReport: ...


def sizeof(obj: object, deep: bool = False, *, report: bool = False, include_types: bool = False,
           include_modules: bool = False, include_immortal: bool = False, dict_keys: bool = False,
           progress: Union[None, bool, Progress] = None) -> Union[int, SizeReport]:
    """Bytes ``obj`` occupies, computed from its struct (``__sizeof__`` is never called).

    Args:
        obj: any object; none of its Python code runs.
        deep: ``False``: the flat size, what ``sys.getsizeof(obj)`` reports
            for builtins (the object, the buffers it owns such as a list's item
            array, a dict's keys table or a numpy array's data, and its GC
            head).  ``True``: the sum of the flat sizes of every object
            reachable from ``obj``, each counted once, and of the host data
            buffers they view that no object's flat size holds (a tensor's
            storage), each once (see the module docstring for what is
            followed).
        report: return :func:`memory`'s :class:`~pyinspect.model.SizeReport`
            (deep and retained size, breakdown by type) instead of an int;
            the same as ``pyinspect.memory(obj, ...)``.
        include_types: deep only: count type objects (and follow them).
        include_modules: deep only: count modules.
        include_immortal: deep only: count immortal objects (3.12+).
        dict_keys: deep only: also follow the keys of str-keyed dicts, which
            the collector's ``tp_traverse`` does not report (by default the
            walk follows exactly what ``gc.get_referents`` returns).
        progress: deep only: ``True`` for a progress line on stderr, or a
            callable ``(objects, bytes)`` called every 65,536 objects.

    Returns:
        Bytes, as an int (a SizeReport with ``report=True``).  For limits,
        use :func:`memory`.

    Raises:
        TypeError: a flag that is not True or False, or a ``progress`` that is
            neither None, a bool nor callable.
    """
    if (deep is False and report is False and progress is None and include_types is False
            and include_modules is False and include_immortal is False and dict_keys is False):
        if _modules_get("numpy") is not buffer_types.told[0]:
            buffer_types.note()  # numpy.ndarray's __sizeof__ needs numpy's types
        return _inspect.flat_size(obj)  # the defaults, all valid: no checks to run
    buffer_types.note()
    deep = arguments.flag(deep, "deep")
    if arguments.flag(report, "report"):
        return memory(obj, include_types=include_types, include_modules=include_modules,
                      include_immortal=include_immortal, dict_keys=dict_keys, progress=progress)
    flags = _flags(include_types, include_modules, include_immortal, dict_keys, False)
    progress = _progress(progress)
    if not deep:
        return _inspect.flat_size(obj)
    raw = _walk(obj, flags, None, None, progress, PROGRESS_EVERY)
    return raw["bytes"] + host_extra(raw.pop("buffers"), raw["buffers_unsettled"])


def memory(obj: object, *, retained: bool = True, max_objects: Optional[int] = None,
           max_bytes: Optional[int] = None, include_types: bool = False, include_modules: bool = False,
           include_immortal: bool = False, dict_keys: bool = False,
           progress: Union[None, bool, Progress] = None, progress_every: int = PROGRESS_EVERY) -> SizeReport:
    """Where ``obj``'s memory is: deep and retained size with a per-type breakdown.

    ``pyinspect.memory(tracker).show()`` prints a table of types by bytes
    with bars; the returned :class:`~pyinspect.model.SizeReport` holds the
    same numbers as plain data (``.rows``, ``.total``, ``.retained``,
    ``.to_dict()``).

    Args:
        obj: any object; none of its Python code runs.
        retained: also compute what freeing ``obj`` would free: objects
            referenced only from inside the walk, found by comparing each
            object's reference count with the references the walk saw (a second
            pass over the objects found).  References from objects the walk
            does not follow (a class holding a function, a ``range`` holding
            its ints) count as outside ones, so ``retained`` errs small; on
            free-threaded builds deferred and biased reference counts make it
            approximate for functions, code objects and shared objects.
        max_objects: stop after counting this many objects.
        max_bytes: stop once this many bytes were counted.
        include_types, include_modules, include_immortal, dict_keys: as for
            :func:`sizeof`.
        progress: ``True`` for a progress line on stderr, or a callable
            ``(objects, bytes)``.  It runs while the walk holds every object
            it found, so it may do anything, including mutating them.
        progress_every: objects between two progress calls.

    Returns:
        A :class:`~pyinspect.model.SizeReport`; ``stop_reason`` says whether
        a limit stopped the walk (then ``retained`` is ``None``).  Its
        ``buffers`` list every data buffer found once (a numpy array's data,
        a bytearray's, a memoryview's exporter's, a tensor's storage, a
        mapping) with the views that reach it; ``device_bytes`` what is not
        host memory (``"cuda:0"``, ``"mapped"``, ...), never in ``total``.

    Raises:
        TypeError: a limit or ``progress_every`` that is not an int (bools and
            floats included), a flag that is not True or False, a
            ``progress`` that is neither None, a bool nor callable.
        ValueError: a negative limit, ``progress_every`` below 1.
        OverflowError: a limit or ``progress_every`` above ``sys.maxsize``.
        KeyboardInterrupt: Ctrl-C during a walk longer than 0.2 s, or during
            a progress call; and whatever the progress callable raises.  The
            walk then releases every reference it took.
    """
    # the caller's options, checked before anything is read (they never touch obj)
    flags = _flags(include_types, include_modules, include_immortal, dict_keys, retained)
    max_objects = arguments.count(max_objects, "max_objects", none=True)
    max_bytes = arguments.count(max_bytes, "max_bytes", none=True)
    progress = _progress(progress)
    progress_every = arguments.count(progress_every, "progress_every", minimum=1)
    buffer_types.note()
    # the root's header first: its refcnt as the program holds it (rule 5)
    raw_header = _inspect.read_header(obj)
    options = {"retained": retained, "max_objects": max_objects, "max_bytes": max_bytes,
               "include_types": include_types, "include_modules": include_modules,
               "include_immortal": include_immortal, "dict_keys": dict_keys}
    start = time.perf_counter()
    raw = _walk(obj, flags, max_objects, max_bytes, progress, progress_every)
    seconds = time.perf_counter() - start
    return _build(raw_header, raw, seconds, options)


def _build(raw_header: dict[str, Any], raw: dict[str, Any], seconds: float,
           options: dict[str, Any]) -> SizeReport:
    rows = [
        TypeRow(type_name=name, type_address=address, count=count, bytes=nbytes, slack=slack,
                retained_count=None if kept_count < 0 else kept_count,
                retained_bytes=None if kept_bytes < 0 else kept_bytes,
                sizeof_owner=owner, sizeof_mirrored=bool(mirrored))
        for (name, address, count, nbytes, slack, kept_count, kept_bytes, owner, mirrored) in raw["rows"]
    ]
    rows.sort(key=lambda r: (-r.bytes, -r.count, r.type_name))
    skipped = tuple(SkippedRow(reason=k, count=n, bytes=b) for k, (n, b) in raw["skipped"].items())
    buffers, extra, device_bytes = assemble(raw.pop("buffers"), raw["buffers_unsettled"])
    return SizeReport(
        header=Header.from_raw(raw_header),
        flat=raw["flat"],
        total=raw["bytes"] + extra,
        count=raw["count"],
        retained=raw["retained"],
        retained_count=raw["retained_count"],
        rows=tuple(rows),
        skipped=skipped,
        stop_reason=raw["stop"],
        edges=raw["edges"],
        keys_not_followed=raw["keys_not_followed"],
        root_refs_inside=raw["root_inrefs"],
        walk_bytes=raw["walk_bytes"],
        seconds=seconds,
        options=frozen_mapping(options),
        buffers=buffers,
        device_bytes=frozen_mapping(device_bytes),
    )
