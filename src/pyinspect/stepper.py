"""``steps(source)``: run a snippet line by line and record memory after each line.

**steps() runs the code.**  The snippet is the caller's own code and does
whatever it does (prints, writes files, imports); pyinspect only watches.
Nothing else of the objects it makes runs: every snapshot is read by the C
readers, the same way :func:`pyinspect.names` reads a frame.

Recording:

* 3.12+: :mod:`sys.monitoring` under a free tool id (``"pyinspect.steps"``).
  The local events ``LINE``, ``JUMP`` (a backward jump within one line, such
  as ``while True: pass``, gives no ``LINE``), ``PY_START``, ``PY_RESUME``,
  ``PY_RETURN`` and ``PY_YIELD`` are turned on for the snippet's own code
  objects only (the compiled code and every code object nested in its
  ``co_consts``: functions, lambdas, comprehensions, classes); ``RAISE``,
  ``RERAISE``, ``PY_UNWIND`` and ``PY_THROW`` can only be global (CPython
  refuses them as local events) and are filtered by code object.  The tool id
  is freed in ``finally``.
* before 3.12: :func:`sys.settrace`, tracing only frames of the snippet's
  code objects; the previous trace function is restored afterwards.

A line's snapshot is taken when its frame moves on: at the next line of the
frame (``LINE``), or when the frame returns, yields or is left by an
exception.  So a call's own snapshots come before the snapshot of the line
that made the call.  Events of other threads are ignored.

Reference counts are as the program holds them (ARCHITECTURE rule 5): the
recorder's frames are pyinspect's own, so their references are not counted;
before 3.11, calling a trace function copies an optimized frame's locals into
its ``f_locals`` dict (``PyFrame_FastToLocalsWithError`` in
``call_trampoline``), and those copies are not counted either.
"""

from __future__ import annotations

import bisect
import builtins
import linecache
import sys
import threading
import types
from typing import Any, Callable, Optional, Union

from pyinspect._native import _inspect
from pyinspect.model import Layout, NamesLayout
from pyinspect.model.steps import Snapshot, Steps
from pyinspect.namespaces import DEFAULT_NAMES, MAX_OBJECTS, _collect, _Walk
from pyinspect.read import layout
from pyinspect.step_changes import ChangeTracker

__all__ = ["steps", "MAX_STEPS", "TOOL_NAME", "TABLE_FAMILIES"]

#: the most ``max_steps`` may ask for: each snapshot is kept in memory
MAX_STEPS = 100_000
#: the name this recorder registers with ``sys.monitoring.use_tool_id``
TOOL_NAME = "pyinspect.steps"
#: families whose whole Layout (not only the names picture's node) each
#: snapshot keeps, for the changes: capacity, table size, DUMMY slots
TABLE_FAMILIES = ("list", "dict", "set", "frozenset")
#: slots read per container in each snapshot (head and tail), as names()
LIMIT = 16
#: tool ids tried, the ones CPython reserves for no one first
_TOOL_IDS = (3, 4, 0, 1, 2, 5)
#: code flags of generator-like code (CO_GENERATOR, CO_COROUTINE, CO_ASYNC_GENERATOR)
_GENERATOR_FLAGS = 0x20 | 0x80 | 0x200
_CO_OPTIMIZED = 0x1
#: threads recording now (steps() inside a stepped snippet would fight over the trace hooks)
_RECORDING: set[int] = set()
_LOCK = threading.Lock()
#: thread -> how to turn the trace back on while a settrace run is stopping
_REARM: dict[int, Callable[[], None]] = {}


class _Stop(BaseException):
    """Raised into the snippet to end the run (max_steps, or a recorder error).
    A BaseException, so the snippet's ``except Exception:`` lets it pass.

    Before 3.12 a trace function that raises is switched off
    (``trace_trampoline`` calls ``_PyEval_SetTrace(tstate, NULL, NULL)``), so
    a snippet that swallows the stop (a bare ``except:`` in an endless loop)
    would run on untraced.  When such a caught stop is dropped, its
    ``__del__`` turns the trace back on, and the next line stops again.
    """

    def __del__(self) -> None:
        rearm = _REARM.get(threading.get_ident())
        if rearm is not None:
            rearm()


class _TableWalk(_Walk):
    """The names walk that also keeps the Layout of each container it draws,
    and leaves out references known to be the recorder's."""

    def __init__(self, depth: int, extra_refs: dict[int, int]) -> None:
        super().__init__(depth, LIMIT, MAX_OBJECTS)
        self.extra_refs = extra_refs
        self.tables: list[Layout] = []

    def visit(self, obj: object, depth: int) -> Optional[int]:
        new = id(obj) not in self.nodes
        address = super().visit(obj, depth)
        if new and address is not None:
            node = self.nodes[address]
            extra = self.extra_refs.get(address, 0)
            if extra and not node["immortal"]:
                node["refcnt"] = max(0, node["refcnt"] - extra)
            if node["family"] in TABLE_FAMILIES:
                self.tables.append(layout(obj, limit=LIMIT))
        return address


class _Frame:
    """One activation of a snippet code object while it runs."""

    __slots__ = ("code", "number", "pending", "exc", "depth")

    def __init__(self, code: types.CodeType, number: int, depth: int) -> None:
        self.code = code
        self.number = number
        self.depth = depth
        #: the line that ran last and has no snapshot yet
        self.pending: Optional[int] = None
        #: "Type: message" of the exception that line raised
        self.exc: Optional[str] = None


def _describe(exc: BaseException) -> str:
    """``"TypeName: message"`` without running the exception's own Python code:
    the message is read only when its args are builtin scalars and no class
    of its type defines ``__str__`` in Python."""
    tp = type(exc)
    name = _inspect.type_name(exc).rsplit(".", 1)[-1]
    if type(tp) is not type:
        return name  # a metaclass: leave the class alone
    try:
        args = BaseException.__dict__["args"].__get__(exc)
    except Exception:
        return name
    if type(args) is not tuple or not all(type(a) in (str, int, float, bool, bytes, type(None)) for a in args):
        return name
    if _defines_str(tp):
        return name
    try:
        text = str(exc)  # the tp_str of a builtin exception type, on builtin scalars
    except Exception:
        return name
    if len(text) > 200:
        text = text[:199] + "…"
    return f"{name}: {text}" if text else name


def _defines_str(tp: type) -> bool:
    """Whether a class statement gave ``tp`` or a base its own ``__str__``,
    found by scanning the classes' dicts for the exact str key (never a
    lookup through the type, which a metaclass could intercept)."""
    mro = type.__dict__["__mro__"].__get__(tp)
    for klass in mro:
        if not type.__dict__["__flags__"].__get__(klass) & (1 << 9):  # Py_TPFLAGS_HEAPTYPE
            continue  # a builtin type: its __str__ is C
        for key in type.__dict__["__dict__"].__get__(klass):
            if type(key) is str and key == "__str__":
                return True
    return False


def _codes(root: types.CodeType) -> list[types.CodeType]:
    """``root`` and every code object nested in its constants (iteratively)."""
    out: list[types.CodeType] = []
    seen: set[int] = set()
    stack = [root]
    while stack:
        c = stack.pop()
        if id(c) in seen:
            continue
        seen.add(id(c))
        out.append(c)
        for k in c.co_consts:
            if type(k) is types.CodeType:
                stack.append(k)
    return out


class _Recorder:
    """Keeps the activations of the snippet's frames and takes the snapshots."""

    def __init__(self, codes: list[types.CodeType], lines: list[str], first_line: int, max_steps: int,
                 depth: int) -> None:
        self.codes = codes
        self.code_ids = {id(c) for c in codes}
        self.lines = lines
        self.first_line = first_line
        self.max_steps = max_steps
        self.depth = depth
        self.stack: list[_Frame] = []
        #: (id of a suspended generator's frame, id of its code) -> its activation number
        self.suspended: dict[tuple[int, int], int] = {}
        self.started = 0
        self.snapshots: list[Snapshot] = []
        self.tracker = ChangeTracker()
        self.truncated = False
        self.stopped = False
        #: snapshots not taken for want of stack (RecursionError while reading)
        self.skipped = 0
        #: the trace function was switched off before the snippet ended (before 3.12)
        self.trace_lost = False
        self.failure: Optional[BaseException] = None
        self.thread = threading.get_ident()
        self._line_tables: dict[int, tuple[list[int], list[Optional[int]]]] = {}

    # ---- activations --------------------------------------------------------------------

    def push(self, code: types.CodeType) -> _Frame:
        act = _Frame(code, self.started, len(self.stack))
        self.started += 1
        self.stack.append(act)
        return act

    def start(self, code: types.CodeType, frame: Optional[types.FrameType] = None) -> None:
        """A frame of ``code`` starts, or a generator's frame resumes (then it
        keeps the activation number it had)."""
        number = self.suspended.pop((id(frame), id(code)), None) if frame is not None else None
        if number is None:
            self.push(code)
        else:
            self.stack.append(_Frame(code, number, len(self.stack)))

    def top(self, code: types.CodeType) -> _Frame:
        """The activation running ``code`` (normally the top of the stack)."""
        if self.stack and self.stack[-1].code is code:
            return self.stack[-1]
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i].code is code:
                del self.stack[i + 1:]
                return self.stack[i]
        return self.push(code)

    def text(self, line: int) -> str:
        i = line - self.first_line
        return self.lines[i].strip() if 0 <= i < len(self.lines) else ""

    # ---- events (both backends) ---------------------------------------------------------

    def line(self, frame: types.FrameType, code: types.CodeType, line: Optional[int]) -> None:
        if line is None or line < 1:
            return  # code the compiler gave no line (an empty module's return, 3.12+)
        act = self.top(code)
        if act.pending is not None:
            if act.exc is not None and act.exc.startswith("StopIteration"):
                act.exc = None  # a for loop ending its iterator, not an error of the line
            self.snap(frame, act, "line", line)
        act.pending = line

    def leave(self, frame: types.FrameType, code: types.CodeType, event: str) -> None:
        act = self.top(code)
        if act.pending is not None:
            self.snap(frame, act, "exception" if event != "yield" and act.exc is not None else event, None)
        self.stack.pop()
        if event == "yield":
            self.suspended[(id(frame), id(code))] = act.number
        else:
            self.tracker.end(act.number)

    def raised(self, code: types.CodeType, exc: BaseException) -> None:
        if self.stack and self.stack[-1].code is code and type(exc) is not _Stop:
            self.stack[-1].exc = _describe(exc)

    def snap(self, frame: types.FrameType, act: _Frame, event: str, next_line: Optional[int]) -> None:
        if len(self.snapshots) >= self.max_steps:
            self.truncated = True
            self.stopped = True
            raise _Stop
        try:
            names, tables = self.read(frame)
            changes = self.tracker.step(act.number, names, tables)
        except RecursionError:
            # the snippet recursed to the limit: no room left to read its
            # frame; the frames nearer the bottom are drawn as it unwinds
            self.skipped += 1
            act.pending = act.exc = None
            return
        line = act.pending if act.pending is not None else 0
        code = act.code
        self.snapshots.append(Snapshot(
            step=len(self.snapshots), line=line, code=self.text(line), function=code.co_name, names=names,
            changes=changes, exception=act.exc, event=event, next_line=next_line, frame=act.number,
            call_depth=act.depth, first_line=code.co_firstlineno, tables=tuple(tables)))
        act.pending = None
        act.exc = None

    def read(self, frame: types.FrameType) -> tuple[NamesLayout, list[Layout]]:
        """The names picture of ``frame`` and its containers' Layouts, now."""
        extra: dict[int, int] = {}
        if sys.version_info < (3, 11) and frame.f_code.co_flags & _CO_OPTIMIZED:
            # call_trampoline copied the fast locals into f_locals for the
            # trace function (PyFrame_FastToLocalsWithError, before 3.11):
            # those references are the recorder's, not the program's
            v = None
            for v in dict.values(frame.f_locals):
                extra[id(v)] = extra.get(id(v), 0) + 1
            del v
        walk = _TableWalk(self.depth, extra)
        names = _collect(frame, _inspect.read_header(frame), walk, max_names=DEFAULT_NAMES)
        return names, walk.tables

    # ---- guard ----------------------------------------------------------------------------

    def guard(self, fn: Callable[..., None], *args: Any) -> None:
        """Run one event's work; a failure of the recorder stops the snippet
        and is raised by steps() afterwards (never blamed on the snippet)."""
        try:
            fn(*args)
        except _Stop:
            raise
        except RecursionError:
            # the snippet recursed to the limit and left the recorder no
            # room: this event is lost, the snippet goes on (and meets the
            # limit itself)
            self.skipped += 1
        except BaseException as exc:  # KeyboardInterrupt in the recorder included
            self.failure = exc
            self.stopped = True
            raise _Stop from None

    # ---- offsets to lines (sys.monitoring's JUMP gives offsets) ---------------------------

    def line_of(self, code: types.CodeType, offset: int) -> Optional[int]:
        table = self._line_tables.get(id(code))
        if table is None:
            starts: list[int] = []
            lines: list[Optional[int]] = []
            for start, _end, line in code.co_lines():
                starts.append(start)
                lines.append(line)
            table = self._line_tables[id(code)] = (starts, lines)
        i = bisect.bisect_right(table[0], offset) - 1
        return table[1][i] if i >= 0 else None


# ---- 3.12+: sys.monitoring -----------------------------------------------------------------


def _run_monitored(rec: _Recorder, run: Callable[[], None]) -> None:
    mon = sys.monitoring  # type: ignore[attr-defined]
    E = mon.events
    tool = None
    for i in _TOOL_IDS:
        try:
            mon.use_tool_id(i, TOOL_NAME)
        except ValueError:
            continue
        tool = i
        break
    if tool is None:
        users = ", ".join(f"{i}: {mon.get_tool(i)!r}" for i in range(6))
        raise RuntimeError(f"steps() needs a sys.monitoring tool id, and all six are in use ({users})")
    ids = rec.code_ids
    thread = rec.thread
    get_ident = threading.get_ident
    getframe = sys._getframe

    def mine(code: types.CodeType) -> bool:
        """An event of the snippet's code in the recording thread (raises
        _Stop again once stopped: the snippet may have caught the first)."""
        if id(code) not in ids or get_ident() != thread:
            return False
        if rec.stopped:
            raise _Stop
        return True

    def frame_of(code: types.CodeType) -> types.FrameType:
        """The frame running ``code``: the callback's caller."""
        f = getframe(2)
        while f is not None and f.f_code is not code:
            f = f.f_back
        return f if f is not None else getframe(2)

    def on_line(code: types.CodeType, line: int) -> Any:
        if mine(code):
            frame = frame_of(code)
            rec.guard(rec.line, frame, code, line)

    def on_jump(code: types.CodeType, src: int, dest: int) -> Any:
        # LINE fires on a new line only: a loop within one line jumps back
        # to the same line without one, so count that iteration here
        if dest <= src and mine(code):
            line = rec.line_of(code, dest)
            if line is not None and line == rec.line_of(code, src):
                frame = frame_of(code)
                rec.guard(rec.line, frame, code, line)

    def on_start(code: types.CodeType, offset: int) -> Any:
        if mine(code):
            rec.guard(rec.start, code)

    def on_resume(code: types.CodeType, offset: int) -> Any:
        if mine(code):
            rec.guard(rec.start, code, frame_of(code))

    def on_throw(code: types.CodeType, offset: int, exc: BaseException) -> Any:
        del exc
        if mine(code):
            rec.guard(rec.start, code, frame_of(code))

    def on_return(code: types.CodeType, offset: int, value: object) -> Any:
        del value  # the recorder keeps no reference to the returned object
        if mine(code):
            frame = frame_of(code)
            rec.guard(rec.leave, frame, code, "return")

    def on_yield(code: types.CodeType, offset: int, value: object) -> Any:
        del value
        if mine(code):
            frame = frame_of(code)
            rec.guard(rec.leave, frame, code, "yield")

    def on_raise(code: types.CodeType, offset: int, exc: BaseException) -> Any:
        if id(code) in ids and get_ident() == thread and not rec.stopped:
            rec.guard(rec.raised, code, exc)
        del exc

    def on_unwind(code: types.CodeType, offset: int, exc: BaseException) -> Any:
        del exc
        if id(code) in ids and get_ident() == thread and not rec.stopped:
            frame = frame_of(code)
            rec.guard(rec.leave, frame, code, "exception")

    local = E.LINE | E.JUMP | E.PY_START | E.PY_RESUME | E.PY_RETURN | E.PY_YIELD
    callbacks = {E.LINE: on_line, E.JUMP: on_jump, E.PY_START: on_start, E.PY_RESUME: on_resume,
                 E.PY_THROW: on_throw, E.PY_RETURN: on_return, E.PY_YIELD: on_yield, E.RAISE: on_raise,
                 E.RERAISE: on_raise, E.PY_UNWIND: on_unwind}
    try:
        for ev, fn in callbacks.items():
            mon.register_callback(tool, ev, fn)
        mon.set_events(tool, E.RAISE | E.RERAISE | E.PY_UNWIND | E.PY_THROW)
        for c in rec.codes:
            mon.set_local_events(tool, c, local)
        run()
    finally:
        mon.set_events(tool, 0)
        for c in rec.codes:
            mon.set_local_events(tool, c, 0)
        for ev in callbacks:
            mon.register_callback(tool, ev, None)
        mon.free_tool_id(tool)


# ---- before 3.12: sys.settrace ---------------------------------------------------------------

_YIELDS: frozenset[int] = frozenset()


def _yields() -> frozenset[int]:
    global _YIELDS
    if not _YIELDS:
        import dis

        _YIELDS = frozenset(dis.opmap[n] for n in ("YIELD_VALUE", "YIELD_FROM") if n in dis.opmap)
    return _YIELDS


def _endless_lines(code: types.CodeType) -> frozenset[int]:
    """Lines made of a jump back to the line's own start with nothing but
    NOP/EXTENDED_ARG between (``while True: pass``): before 3.12 such a loop
    gives no line event after the first."""
    import dis

    out: set[int] = set()
    instrs = list(dis.get_instructions(code))
    at = {ins.offset: k for k, ins in enumerate(instrs)}
    line = None
    for k, ins in enumerate(instrs):
        if ins.starts_line is not None:  # the line number itself before 3.13
            line = ins.starts_line
        if ins.opname in ("JUMP_ABSOLUTE", "JUMP_BACKWARD", "JUMP_BACKWARD_NO_INTERRUPT") and \
                type(ins.argval) is int and ins.argval <= ins.offset and ins.argval in at:
            between = instrs[at[ins.argval]:k]
            if all(i.opname in ("NOP", "EXTENDED_ARG") for i in between) and line is not None:
                out.add(line)
    return frozenset(out)


def _run_traced(rec: _Recorder, run: Callable[[], None]) -> None:
    ids = rec.code_ids
    yields = _yields()

    endless: dict[int, frozenset[int]] = {}

    def local(frame: types.FrameType, event: str, arg: Any) -> Any:
        if rec.stopped:
            raise _Stop
        code = frame.f_code
        if event == "line":
            line = frame.f_lineno
            rec.guard(rec.line, frame, code, line)
            lines = endless.get(id(code))
            if lines is None:
                lines = endless[id(code)] = _endless_lines(code)
            if line in lines:
                # this line jumps to itself for ever and gives no line event
                # again (no backward jump across instructions): it would
                # never end, so the run ends here as at max_steps
                rec.truncated = rec.stopped = True
                raise _Stop
        elif event == "return":
            del arg  # the recorder keeps no reference to the returned object
            kind = "return"
            if code.co_flags & _GENERATOR_FLAGS:
                lasti = frame.f_lasti
                if 0 <= lasti < len(code.co_code) and code.co_code[lasti] in yields:
                    kind = "yield"
            rec.guard(rec.leave, frame, code, kind)
        elif event == "exception":
            exc = arg[1]
            del arg
            rec.guard(rec.raised, code, exc)
            del exc
        return local

    def on_call(frame: types.FrameType, event: str, arg: Any) -> Any:
        if event != "call" or id(frame.f_code) not in ids or rec.stopped:
            return None
        code = frame.f_code
        rec.guard(rec.start, code, frame)
        return local

    def rearm() -> None:
        if not rec.stopped:
            return
        sys.settrace(on_call)
        f: Optional[types.FrameType] = sys._getframe(1)
        while f is not None:
            if id(f.f_code) in ids:
                f.f_trace = local
            f = f.f_back

    previous = sys.gettrace()
    _REARM[rec.thread] = rearm
    sys.settrace(on_call)
    try:
        run()
    finally:
        _REARM.pop(rec.thread, None)
        # trace_trampoline switches a trace function off when calling it
        # fails (at the recursion limit, calling it is what fails)
        rec.trace_lost = not rec.stopped and sys.gettrace() is not on_call
        sys.settrace(previous)


# ---- the public function ----------------------------------------------------------------------


def _function_source(fn: types.FunctionType, code: types.CodeType) -> tuple[str, int]:
    """The lines of ``fn``'s definition as in its file (read through
    linecache: nothing of ``fn`` runs), and the first one's number."""
    import inspect

    lines = linecache.getlines(code.co_filename)
    start = code.co_firstlineno
    if not lines or start < 1 or start > len(lines):
        return "", start
    try:
        block = inspect.getblock(lines[start - 1:])
    except Exception:
        block = lines[start - 1:start]
    return "".join(block), start


def steps(source: Union[str, Callable[[], Any]], *, globals: Optional[dict[str, Any]] = None,
          max_steps: int = 1000, depth: int = 3, filename: str = "<steps>") -> Steps:
    """Run ``source`` and record memory after each line it executes.

    **This runs the code**: whatever the snippet does (printing, writing
    files, importing) happens.  Only the snippet's own lines are recorded,
    not the library code it calls.

    Args:
        source: Python code as a str (run as a module, in ``globals``), or a
            function that takes no arguments (called; its lines and those of
            the functions, lambdas and comprehensions defined in it are
            recorded).
        globals: the namespace a str runs in (default: a fresh one named
            ``__main__``); not allowed with a function.
        max_steps: snapshots at most; a run that would take more is stopped
            there (``Steps.truncated``): an endless loop ends.
        depth: container levels drawn in each snapshot, as in
            :func:`pyinspect.names`.
        filename: the ``co_filename`` a str source is compiled with.

    Returns:
        A :class:`~pyinspect.model.Steps`, a sequence of
        :class:`~pyinspect.model.Snapshot`.  An exception the snippet does
        not catch is not raised: it is the ``exception`` of the last
        snapshot.  Snapshots hold Layouts only, so no object of the snippet
        is kept alive by them.

    Raises:
        TypeError: ``source`` is neither a str nor a function without
            required arguments, or ``globals`` is not a dict.
        SyntaxError: the str does not compile.
        RuntimeError: ``steps()`` is already recording in this thread, or no
            ``sys.monitoring`` tool id is free; or the recorder itself failed
            (the cause is chained).
    """
    if type(max_steps) is not int or not 1 <= max_steps <= MAX_STEPS:
        raise ValueError(f"max_steps must be an int from 1 to {MAX_STEPS}")
    if type(depth) is not int or not 0 <= depth <= 16:
        raise ValueError("depth must be an int from 0 to 16")
    run: Callable[[], None]
    if type(source) is str:
        if globals is not None and not _inspect.is_instance(globals, dict):
            raise TypeError(f"globals must be a dict, not {_inspect.type_name(globals)}")
        if type(filename) is not str:
            raise TypeError("filename must be a str")
        code = compile(source, filename, "exec", dont_inherit=True)
        namespace = globals if globals is not None else {"__name__": "__main__", "__builtins__": builtins}
        text, first_line = source, 1

        def run() -> None:
            exec(code, namespace)  # noqa: S102 - the caller's own snippet: steps() runs the code
    elif type(source) is types.FunctionType:
        if globals is not None:
            raise TypeError("globals applies to a str source; a function runs in its own globals")
        fn = source
        code = fn.__code__
        required = code.co_argcount - len(fn.__defaults__ or ())
        kwonly = code.co_varnames[code.co_argcount:code.co_argcount + code.co_kwonlyargcount]
        if required > 0 or any(k not in (fn.__kwdefaults__ or {}) for k in kwonly):
            raise TypeError("steps() needs a function it can call without arguments")
        text, first_line = _function_source(fn, code)

        def run() -> None:
            fn()
    else:
        raise TypeError(f"steps() needs a str of code or a function, not {_inspect.type_name(source)}")

    thread = threading.get_ident()
    with _LOCK:
        if thread in _RECORDING:
            raise RuntimeError("steps() is already recording in this thread")
        _RECORDING.add(thread)
    rec = _Recorder(_codes(code), text.splitlines(), first_line, max_steps, depth)
    escaped: list[str] = []

    def guarded() -> None:
        try:
            run()
        except _Stop:
            pass
        except BaseException as exc:  # the snippet's own exception: not raised, described
            escaped.append(_describe(exc))

    try:
        backend = _run_monitored if sys.version_info >= (3, 12) else _run_traced
        backend(rec, guarded)
    finally:
        with _LOCK:
            _RECORDING.discard(thread)
    if rec.failure is not None:
        failure, rec.failure = rec.failure, None
        if type(failure) is KeyboardInterrupt:
            raise failure
        raise RuntimeError(f"steps() could not record: {type(failure).__name__}: {failure}") from failure
    ended = ("max_steps" if rec.truncated else "untraced" if rec.trace_lost
             else "exception" if escaped else "return")
    return Steps(snapshots=tuple(rec.snapshots), source=text, first_line=first_line, filename=code.co_filename,
                 truncated=rec.truncated, max_steps=max_steps, depth=depth, skipped=rec.skipped,
                 exception=escaped[0] if escaped else None, ended=ended)
