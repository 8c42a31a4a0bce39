"""``python -m pyinspect compare``: the same objects read under several CPythons.

Finds the interpreters installed (pyenv's versions, ``PATH``, or the ones
named with ``--python``), runs a fixed probe set in each (the source of
:mod:`pyinspect.compare_probes`, sent with ``python -c``, so the probe of this
checkout runs against the pyinspect installed there), and prints one table
per family of what differs: struct sizes, field offsets, header words, int
tags, str sizes, dict keys layouts, growth points (from the flat sizes and
from the dict and set tables).

An interpreter without pyinspect can have it built on the spot (``--build``):
this checkout is pip-installed into a directory for it, kept by interpreter
and source hash, so the next run reuses it until the source changes
(``--no-cache`` builds into a temporary directory instead).  With
``--check FILE`` every reading is also compared with the documented layouts
(the format of ``tests/data/cpython-layouts.json``) and any contradiction
makes the command fail with exit status 1.
"""

from __future__ import annotations

import argparse
import glob
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from typing import IO, Any, Optional

from pyinspect.arguments import MAX_WIDTH, MIN_WIDTH, cli_type
from pyinspect.render.xml_text import escape

__all__ = ["Interpreter", "discover", "probe", "tables", "check", "main", "add_arguments", "run"]

PROBE_TIMEOUT = 300
#: seconds an interpreter gets to say which version it is
IDENTIFY_TIMEOUT = 60
BUILD_TIMEOUT = 1200
_PY_NAME = re.compile(r"^python3\.(\d+)(t?)(\.exe)?$", re.IGNORECASE)
#: a path in the output of the Windows launcher's ``py -0p``
_LAUNCHER_PATH = re.compile(r"([A-Za-z]:\\.*\.exe)\s*$", re.IGNORECASE)
_IDENTITY = ("import json, sys; print(json.dumps([list(sys.version_info[:3]), sys.prefix, "
             "sys.implementation.name, bool(__import__('sysconfig').get_config_var('Py_GIL_DISABLED')), "
             "sys.base_prefix, hasattr(sys, 'gettotalrefcount')]))")


class Interpreter:
    """One interpreter to probe: its path, identity and what it read.

    Attributes:
        path: the executable.
        version: ``(major, minor, micro)``, or ``None`` if it could not run.
        free_threaded: a ``Py_GIL_DISABLED`` build.
        explicit: named on the command line (a failure to probe it is an error).
        readings: the probe's JSON, or ``None``.
        status: ``"ok"``, or why there are no readings.
        pythonpath: a directory prepended to ``PYTHONPATH`` (a ``--build``).
    """

    def __init__(self, path: str, explicit: bool = False) -> None:
        self.path = path
        self.explicit = explicit
        self.version: Optional[tuple[int, int, int]] = None
        self.prefix: Optional[str] = None
        self.base_prefix: Optional[str] = None
        self.debug = False
        self.free_threaded = False
        self.implementation = "?"
        self.readings: Optional[dict[str, Any]] = None
        self.status = "not probed"
        self.pythonpath: Optional[str] = None

    @property
    def label(self) -> str:
        if self.readings is not None:
            r = self.readings
            return r["python"] + ("t" if r.get("gil_disabled") else "") + ("d" if r.get("debug_build") else "")
        if self.version is not None:
            return ".".join(map(str, self.version)) + ("t" if self.free_threaded else "")
        return os.path.basename(self.path)

    def _env(self) -> dict[str, str]:
        # each interpreter imports its own pyinspect: this process's PYTHONPATH
        # (a build for another version, perhaps) is passed on only to this
        # very interpreter, which imports pyinspect with it right now
        env = dict(os.environ)
        if os.path.abspath(self.path) != os.path.abspath(sys.executable):
            env.pop("PYTHONPATH", None)
            env.pop("PYTHONHOME", None)
        if self.free_threaded:
            env.setdefault("PYTHON_GIL", "0")
        if self.pythonpath:
            env["PYTHONPATH"] = self.pythonpath
        return env

    def identify(self) -> bool:
        """Ask the interpreter who it is (version, prefix, build); on failure
        ``status`` says how it failed (exit status or signal, what it printed)."""
        try:
            r = subprocess.run([self.path, "-c", _IDENTITY], capture_output=True, text=True, errors="replace",
                               timeout=IDENTIFY_TIMEOUT, env=self._env())
        except subprocess.TimeoutExpired:
            self.status = f"could not run: it did not answer within {IDENTIFY_TIMEOUT} s"
            return False
        except (OSError, subprocess.SubprocessError) as exc:
            self.status = f"could not run: {exc}"
            return False
        if r.returncode != 0:
            self.status = f"the interpreter failed: {_exit_status(r.returncode)}{_last_words(r)}"
            return False
        try:
            version, prefix, impl, ft, base, debug = json.loads(r.stdout.strip().splitlines()[-1])
            if not (isinstance(version, list) and len(version) == 3 and all(type(v) is int for v in version)):
                raise ValueError("not a version")
        except (ValueError, TypeError, IndexError):
            self.status = ("the interpreter failed: it exited with status 0 but did not print its version "
                           f"(not a CPython 3 interpreter?){_last_words(r)}")
            return False
        self.version = tuple(version)  # type: ignore[assignment]
        self.prefix, self.implementation, self.free_threaded = prefix, impl, bool(ft)
        self.base_prefix, self.debug = base, bool(debug)
        return True

    @property
    def build_key(self) -> tuple[Any, ...]:
        """What makes two interpreters read the same structs: a venv and the
        interpreter it was made from are one build (one column)."""
        base = os.path.realpath(self.base_prefix or self.prefix or self.path)
        return (base, self.version, self.free_threaded, self.debug)

    def run_probe(self) -> bool:
        """Run the probe set; fills ``readings`` or ``status``."""
        with tempfile.TemporaryDirectory(prefix="pyinspect-probe-") as cwd:
            try:
                r = subprocess.run([self.path, "-c", probe_source()], capture_output=True, text=True,
                                   timeout=PROBE_TIMEOUT, env=self._env(), cwd=cwd)
            except (OSError, subprocess.SubprocessError) as exc:
                self.status = f"probe failed: {exc}"
                return False
        if r.returncode != 0:
            err = r.stderr.strip().splitlines()
            errors = [line for line in err if re.match(r"^\w+(Error|Exception): ", line)]
            last = errors[0] if errors else err[-1] if err else f"exit status {r.returncode}"
            if "No module named 'pyinspect'" in r.stderr or "pyinspect._inspect" in r.stderr:
                self.status = f"pyinspect not importable ({last})"
            else:
                self.status = f"probe failed: {last}"
            return False
        try:
            self.readings = json.loads(r.stdout.strip().splitlines()[-1])
        except (ValueError, IndexError) as exc:
            self.status = f"probe printed no readings: {exc}"
            return False
        self.status = "ok"
        return True


def _exit_status(code: int) -> str:
    """``exit status 1`` or ``killed by signal 11 (SIGSEGV)``."""
    if code < 0:
        try:
            name = f" ({signal.Signals(-code).name})"
        except ValueError:
            name = ""
        return f"killed by signal {-code}{name}"
    return f"exit status {code}"


def _last_words(r: subprocess.CompletedProcess) -> str:
    """``; it printed: <its last line>`` (stderr first), or ``, no output``."""
    for stream in (r.stderr, r.stdout):
        lines = (stream or "").strip().splitlines()
        if lines:
            line = lines[-1]
            return f"; it printed: {line[:200]}{'…' if len(line) > 200 else ''}"
    return ", no output"


def probe_source() -> str:
    """The probe set's source, sent to each interpreter."""
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "compare_probes.py"), encoding="utf-8") as f:
        return f.read()


# ---- discovery ------------------------------------------------------------------------


def _launcher_candidates() -> list[str]:
    """On Windows, the interpreters the Python launcher knows (``py -0p``):
    installs there are all named python.exe, so PATH names tell nothing."""
    if os.name != "nt":
        return []
    try:
        r = subprocess.run(["py", "-0p"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return []
    return [m.group(1) for line in r.stdout.splitlines() if (m := _LAUNCHER_PATH.search(line))]


def _candidates() -> list[str]:
    """Executables named python3.N[t] in pyenv's versions and on PATH (and
    on Windows those the py launcher lists), plus this one."""
    found = [sys.executable]
    root = os.environ.get("PYENV_ROOT") or os.path.expanduser("~/.pyenv")
    for exe in sorted(glob.glob(os.path.join(root, "versions", "*", "bin", "python3*"))):
        if _PY_NAME.match(os.path.basename(exe)):
            found.append(exe)
    found += _launcher_candidates()
    for d in os.environ.get("PATH", "").split(os.pathsep):
        if not d or d.rstrip(os.sep).endswith("shims") or not os.path.isdir(d):
            continue  # pyenv's shims are scripts: its versions were listed above
        try:
            names = sorted(os.listdir(d))
        except OSError:
            continue
        for name in names:
            exe = os.path.join(d, name)
            if _PY_NAME.match(name) and os.access(exe, os.X_OK):
                found.append(exe)
    return found


def discover(paths: Sequence[str] = (), search: bool = True, log: Optional[IO[str]] = None) -> list[Interpreter]:
    """The interpreters to compare: ``paths`` (named explicitly) and, when
    ``search``, those found installed.  An interpreter found installed is
    left out when one already listed is the same build (a venv and its base
    interpreter read the same structs: one column, the venv first, since it
    is the one that has pyinspect); interpreters named explicitly are all
    kept, but for the same path twice.  CPython 3.9+ only; others are left
    out with a note on ``log``."""
    out: list[Interpreter] = []
    seen: set[tuple] = set()
    builds: set[tuple] = set()
    todo = [(p, True) for p in paths] + ([(p, False) for p in _candidates()] if search else [])
    for path, explicit in todo:
        exe = shutil.which(path) if os.path.sep not in path else path
        if exe is None or not os.path.exists(exe):
            if explicit:
                it = Interpreter(path, explicit=True)
                it.status = "not found"
                out.append(it)
            continue
        it = Interpreter(os.path.abspath(exe), explicit=explicit)
        if not it.identify():
            if explicit:
                out.append(it)
            continue
        key = (it.prefix, it.version, it.free_threaded, it.debug)
        if key in seen or (not explicit and it.build_key in builds):
            continue
        seen.add(key)
        builds.add(it.build_key)
        if it.implementation != "cpython" or (it.version or (0, 0))[:2] < (3, 9):
            if log is not None and explicit:
                print(f"skipping {it.path}: {it.implementation} {it.label} (pyinspect reads CPython 3.9+)", file=log)
            if explicit:
                it.status = "unsupported interpreter"
                out.append(it)
            continue
        out.append(it)
    out.sort(key=lambda i: (i.version or (0, 0, 0), i.free_threaded, i.debug, not i.explicit))
    return out


# ---- building -----------------------------------------------------------------------------


def project_root() -> Optional[str]:
    """This checkout's root (where pyproject.toml names pyinspect), if it is one."""
    here = os.path.dirname(os.path.realpath(__file__))
    for cand in (os.path.dirname(os.path.dirname(here)), os.getcwd()):
        pp = os.path.join(cand, "pyproject.toml")
        if os.path.exists(pp):
            with open(pp, encoding="utf-8") as f:
                if "pyinspect" in f.read():
                    return cand
    return None


#: what a build of pyinspect is made from (everything else in a checkout is not compiled or installed)
_SOURCE_PARTS = ("pyproject.toml", "CMakeLists.txt", "csrc", "src")


def source_hash(source: str) -> str:
    """A hash of the files a build of ``source`` is made from."""
    h = hashlib.sha256()
    for part in _SOURCE_PARTS:
        top = os.path.join(source, part)
        files = [top] if os.path.isfile(top) else sorted(
            os.path.join(d, f) for d, dirs, fs in os.walk(top) for f in fs if "__pycache__" not in d)
        for path in files:
            h.update(os.path.relpath(path, source).replace(os.sep, "/").encode() + b"\0")
            with open(path, "rb") as f:
                h.update(hashlib.sha256(f.read()).digest())
    return h.hexdigest()


def cache_dir() -> str:
    """Where ``--build`` keeps its builds: ``$PYINSPECT_CACHE``, else
    ``$XDG_CACHE_HOME/pyinspect/builds`` (``~/.cache`` by default)."""
    if os.environ.get("PYINSPECT_CACHE"):
        return os.environ["PYINSPECT_CACHE"]
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "pyinspect", "builds")


def _interpreter_id(it: Interpreter) -> str:
    build = f"{it.path}|{it.version}|{it.free_threaded}|{it.debug}"
    return re.sub(r"[^A-Za-z0-9.]+", "_", it.label) + "-" + hashlib.sha256(build.encode()).hexdigest()[:12]


_DONE = ".pyinspect-build-complete"


def build_for(it: Interpreter, source: str, workdir: str, log: IO[str], source_digest: Optional[str] = None) -> bool:
    """pip-install ``source`` for ``it`` into a directory under ``workdir``.

    With ``source_digest`` (:func:`source_hash`) the build is kept: one
    directory per interpreter and source hash, reused while neither changes
    (older builds for the same interpreter are removed)."""
    ident = _interpreter_id(it)
    name = ident + ("-" + source_digest[:16] if source_digest else "")
    target = os.path.join(workdir, name)
    if source_digest and os.path.exists(os.path.join(target, _DONE)):
        print(f"  {it.label}: using the build in {target} (same interpreter, same source)", file=log, flush=True)
        it.pythonpath = target
        return True
    print(f"  building pyinspect for {it.label} ({it.path}) into {target} ...", file=log, flush=True)
    t0 = time.monotonic()
    os.makedirs(workdir, exist_ok=True)
    partial = tempfile.mkdtemp(prefix=name + ".partial-", dir=workdir)
    cmd = [it.path, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--target", partial, source]
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=BUILD_TIMEOUT, env=it._env())
    except (OSError, subprocess.SubprocessError) as exc:
        shutil.rmtree(partial, ignore_errors=True)
        it.status = f"build failed: {exc}"
        return False
    if r.returncode != 0:
        shutil.rmtree(partial, ignore_errors=True)
        tail = (r.stderr or r.stdout).strip().splitlines()[-3:]
        it.status = "build failed: " + " | ".join(tail)
        print(f"  build failed for {it.label} after {time.monotonic() - t0:.0f} s", file=log, flush=True)
        return False
    with open(os.path.join(partial, _DONE), "w", encoding="utf-8") as f:
        f.write(f"{it.path}\n{source}\n{source_digest or ''}\n")
    shutil.rmtree(target, ignore_errors=True)
    os.replace(partial, target)
    if source_digest:  # the builds of older sources for this interpreter are stale
        for old in glob.glob(os.path.join(workdir, ident + "-*")):
            if os.path.basename(old) != name and ".partial-" not in old:
                shutil.rmtree(old, ignore_errors=True)
    print(f"  built for {it.label} in {time.monotonic() - t0:.0f} s", file=log, flush=True)
    it.pythonpath = target
    return True


def probe(interpreters: Sequence[Interpreter], build: bool = False, source: Optional[str] = None,
          log: Optional[IO[str]] = None, cache: bool = True) -> None:
    """Run the probe set in each interpreter (building pyinspect where asked:
    kept in :func:`cache_dir` by interpreter and source hash unless
    ``cache`` is false)."""
    log = log if log is not None else sys.stderr
    workdir: Optional[str] = None
    digest: Optional[str] = None
    try:
        total = len(interpreters)
        for k, it in enumerate(interpreters, 1):
            if it.version is None or it.status in ("not found", "unsupported interpreter"):
                continue
            print(f"[{k}/{total}] probing {it.label} ({it.path})", file=log, flush=True)
            if it.run_probe():
                continue
            if build and it.status.startswith("pyinspect not importable"):
                if source is None:
                    it.status += "; --build needs --source (no checkout found)"
                    continue
                if workdir is None:
                    if cache:
                        workdir, digest = cache_dir(), source_hash(source)
                    else:
                        workdir = tempfile.mkdtemp(prefix="pyinspect-build-")
                if build_for(it, source, workdir, log, digest):
                    it.run_probe()
            if it.status != "ok":
                print(f"  {it.label}: {it.status}", file=log, flush=True)
    finally:
        if workdir is not None and not cache:
            shutil.rmtree(workdir, ignore_errors=True)


# ---- tables ----------------------------------------------------------------------------------


def _fmt(v: Any) -> str:
    if v is None:
        return "-"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, (list, tuple)) and len(v) == 2 and all(isinstance(x, int) for x in v):
        return f"{v[0]}/{v[1]}"
    if isinstance(v, (list, tuple)):
        return " ".join(_fmt(x) for x in v)
    if isinstance(v, dict):
        return ", ".join(f"{k}={_fmt(x)}" for k, x in v.items())
    return str(v)


def _growth_points(seq: Optional[Sequence[int]]) -> Optional[list[list[int]]]:
    if not seq:
        return None
    return [[n, seq[n]] for n in range(1, len(seq)) if seq[n] != seq[n - 1]]


def _slots_points(points: Optional[Sequence[Sequence[int]]]) -> Optional[list[list[int]]]:
    """[n, slots] of growth points read from the tables (``[n, slots, ...]``)."""
    return [[p[0], p[1]] for p in points] if points else None


def _family_rows(r: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each family's rows (label -> value) of one interpreter's readings."""
    fam: dict[str, dict[str, Any]] = {}
    fam["interpreter"] = {
        "version": r["python"],
        "build": ("free-threaded" if r.get("gil_disabled") else "GIL") + (", debug" if r.get("debug_build") else ""),
        "pyinspect": r.get("pyinspect"), "executable": r.get("executable"),
    }
    structs = r.get("structs", {})
    fam["struct sizes"] = {s: f["__sizeof__"][1] for s, f in sorted(structs.items()) if "__sizeof__" in f}
    fam["offsets"] = {f"{s}.{name}": ofs for s, f in sorted(structs.items()) for name, ofs in f.items()
                      if name != "__sizeof__"}
    for name, bf in sorted(r.get("bitfields", {}).items()):
        fam["offsets"][name] = f"byte {bf['byte_offset']} bit {bf['bit']} width {bf['width']}"
    fam["header words"] = dict(r.get("header", {}))
    fam["header words"]["PyObject size"] = structs.get("PyObject", {}).get("__sizeof__", [0, None])[1]
    fam["int tags"] = {}
    for text, d in r.get("int", {}).items():
        tag = f"lv_tag {d['lv_tag']}" if d.get("lv_tag") is not None else f"ob_size {d.get('ob_size')}"
        fam["int tags"][text] = f"{tag}{' cached' if d.get('small_int_cached') else ''}, {d.get('sizeof')} B"
    fam["int tags"]["small int cache"] = r.get("small_int_cache_range")
    fam["str sizes"] = {
        name: f"{d['sizeof']} B kind {d['kind']}{' ascii' if d['ascii'] else ''}"
              f"{'' if d['compact'] else ' legacy'} interned {d['interned']}"
        for name, d in r.get("str", {}).items()
    }
    fam["dict keys layouts"] = {f"{s}.{name}": ofs for s, f in sorted(structs.items())
                                if s.startswith("PyDictKeys") or s in ("PyDictKeyEntry", "PyDictUnicodeEntry")
                                for name, ofs in f.items()}
    for name, kind in (r.get("dict_keys_kind") or {}).items():
        fam["dict keys layouts"][f"keys kind of {name}"] = kind
    for kind in ("int", "str"):
        table = r.get(f"dict_{kind}_keys_table")
        if table:
            fam["dict keys layouts"][f"table after {kind} inserts"] = table
    for label, key in (("{} keys object", "empty_dict_table"),
                       ("instance __dict__ keys (3 attrs, 2 instances)", "instance_dict_table")):
        if r.get(key):
            fam["dict keys layouts"][label] = r[key]
    fam["growth points"] = {
        "list append: n→allocated": _growth_points(r.get("list_append_allocated")),
        "list(range(n)) allocated": r.get("list_from_range_allocated"),
        "[1, 2, 3] allocated": r.get("list_literal_[1,2,3]_allocated"),
        "dict int keys: n→bytes": r.get("dict_resize_points_int_keys"),
        "dict str keys: n→bytes": r.get("dict_resize_points_str_keys"),
        "set: n→bytes": r.get("set_resize_points"),
        "dict int keys: n→slots": _slots_points(r.get("dict_table_points_int_keys")),
        "dict str keys: n→slots": _slots_points(r.get("dict_table_points_str_keys")),
        "set: n→slots": _slots_points(r.get("set_table_points")),
        "tuple caches its hash": r.get("tuple_ob_hash_cached"),
    }
    fam["sizes"] = dict(r.get("sizes", {}))
    return fam


def _pairs_text(v: Any) -> str:
    if isinstance(v, list) and v and all(isinstance(x, list) and len(x) == 2 for x in v):
        return " ".join(f"{a}→{b}" for a, b in v)
    return _fmt(v)


def tables(interpreters: Sequence[Interpreter], show_all: bool = False) -> dict[str, dict[str, Any]]:
    """One table per family: ``{"columns": [...], "rows": [[label, v1, v2, ...]]}``.

    Only rows whose values differ between interpreters are kept, unless
    ``show_all`` (or a single interpreter was read).  The "interpreter"
    table is always complete.
    """
    read = [i for i in interpreters if i.readings is not None]
    per = [_family_rows(i.readings or {}) for i in read]
    out: dict[str, dict[str, Any]] = {}
    if not per:
        return out
    families = list(per[0])
    for fam in families:
        labels: list[str] = []
        for p in per:
            for label in p.get(fam, {}):
                if label not in labels:
                    labels.append(label)
        rows = []
        for label in labels:
            vals = [_pairs_text(p.get(fam, {}).get(label)) for p in per]
            if fam != "interpreter" and not show_all and len(per) > 1 and len(set(vals)) == 1:
                continue
            rows.append([label, *vals])
        out[fam] = {"columns": ["", *[i.label for i in read]], "rows": rows}
    return out


# ---- checking against the documented layouts ---------------------------------------------------


def _doc_for(doc: dict[str, Any], r: dict[str, Any]) -> Optional[dict[str, Any]]:
    return doc.get(r.get("version_key", ""))


def check(readings: dict[str, Any], doc: dict[str, Any]) -> tuple[list[str], list[str]]:
    """Compare one interpreter's readings with the documented layouts.

    Returns ``(contradictions, notes)``: a contradiction is a reading that
    differs from what the layouts file documents for that version; notes
    say what could not be compared (undocumented version, fields the file
    does not list, readings this pyinspect does not make yet).
    """
    bad: list[str] = []
    notes: list[str] = []
    key = readings.get("version_key", "?")
    vdoc = _doc_for(doc, readings)
    if vdoc is None:
        return bad, [f"{key}: no documented layouts for this version"]
    # structs: offset/size of every field both sides know
    undocumented = 0
    for s, fields in readings.get("structs", {}).items():
        for name, ofs in fields.items():
            want = vdoc.get(s, {}).get(name) if isinstance(vdoc.get(s), dict) else None
            if want is None:
                undocumented += 1
                continue
            if list(want) != list(ofs):
                bad.append(f"{key}: {s}.{name} is {ofs[0]}/{ofs[1]} (offset/size), documented {want[0]}/{want[1]}")
    if undocumented:
        notes.append(f"{key}: {undocumented} struct fields read are not in the layouts file")
    for name, bf in readings.get("bitfields", {}).items():
        want = vdoc.get("bitfields", {}).get(name)
        if want is not None and dict(want) != dict(bf):
            bad.append(f"{key}: bitfield {name} is {bf}, documented {want}")
    const = vdoc.get("constants", {})
    beh = vdoc.get("behaviour", {})
    ints = readings.get("int", {})
    if "PyLong_SHIFT" in const and ints:
        bits = {d["digit_bits"] for d in ints.values()}
        if bits != {const["PyLong_SHIFT"]}:
            bad.append(f"{key}: digits of {sorted(bits)} bits, documented PyLong_SHIFT {const['PyLong_SHIFT']}")

    def compare(label: str, got: Any, want: Any) -> None:
        if got is None:
            notes.append(f"{key}: {label} not read by this pyinspect")
        elif got != want:
            bad.append(f"{key}: {label} reads {got!r}, documented {want!r}")

    if "small_int_cache_range" in beh:
        compare("small int cache range", readings.get("small_int_cache_range"), list(beh["small_int_cache_range"]))
    if "tuple_ob_hash_cached" in beh:
        compare("tuple caches its hash", readings.get("tuple_ob_hash_cached"), bool(beh["tuple_ob_hash_cached"]))
    for text, want in beh.get("lv_tag_of", {}).items():
        d = ints.get(text)
        if d is None:
            continue
        got = d["lv_tag"] if d.get("lv_tag") is not None else d.get("ob_size")
        compare(f"int {text} tag (lv_tag or ob_size)", got, want)
    for bkey, want in beh.items():
        if bkey.startswith("list_append_allocated"):
            got = readings.get("list_append_allocated") or []
            n = min(len(got), len(want))
            if got[:n] != list(want[:n]):
                first = next(i for i in range(n) if got[i] != want[i])
                bad.append(f"{key}: list allocated after {first} appends reads {got[first]}, documented {want[first]}")
        elif bkey == "list_from_range_allocated":
            got_r = readings.get("list_from_range_allocated") or {}
            for n, w in want.items():
                if n in got_r:
                    compare(f"list(range({n})) allocated", got_r[n], w)
        elif bkey.startswith("list_literal_[1,2,3]"):
            compare("[1, 2, 3] allocated", readings.get("list_literal_[1,2,3]_allocated"), want)
        elif bkey.startswith("dict_resize_points") or bkey.startswith("set_resize_points"):
            _check_table_points(bkey, want, readings, compare, notes, key)
            if "sys.getsizeof" not in bkey:
                continue  # documented without sizes (derived builds): nothing to compare
            which = ("set_resize_points" if bkey.startswith("set") else
                     "dict_resize_points_str_keys" if "str_keys" in bkey else "dict_resize_points_int_keys")
            got_p = readings.get(which)
            if got_p is None:
                notes.append(f"{key}: {which} not read (this pyinspect's flat size does not count the table)")
                continue
            limit = got_p[-1][0] if got_p else 0
            want_p = [[p[0], p[-1]] for p in want if p[0] <= limit]
            compare(which.replace("_", " "), [list(p) for p in got_p if p[0] <= limit], want_p)
    sizes = readings.get("sizes", {})
    for name, want in beh.get("sys_getsizeof", {}).items():
        if isinstance(want, dict):
            if name == "tuple_n":
                for n, w in want.items():
                    if f"tuple_{n}" in sizes:
                        compare(f"size of a {n}-tuple", sizes[f"tuple_{n}"], w)
            elif name == "str":
                for sname, w in want.items():
                    if sname in readings.get("str", {}):
                        compare(f"size of the {sname} str", readings["str"][sname]["sizeof"], w)
            continue
        if name in sizes:
            compare(f"size of {name}", sizes[name], want)
    empty = beh.get("empty_dict")
    if isinstance(empty, dict) and "getsizeof" in empty and "empty_dict" in sizes:
        compare("size of {}", sizes["empty_dict"], empty["getsizeof"])
    for label, rkey, bkey in (("{} keys object", "empty_dict_table", "empty_dict"),
                              ("instance __dict__ keys", "instance_dict_table", "instance_dict")):
        want_k = next((v for k, v in beh.items() if k.startswith(bkey)), None)
        got_k = readings.get(rkey)
        if not isinstance(want_k, dict):
            continue
        if got_k is None:
            notes.append(f"{key}: {label} not read by this pyinspect")
            continue
        for fld in ("dk_size", "dk_usable", "dk_nentries", "split", "index_bytes"):
            if fld in want_k:
                compare(f"{label}.{fld}", got_k.get(fld), want_k[fld])
        if want_k.get("dk_kind", -1) != -1:  # -1: the version has no dk_kind
            compare(f"{label}.dk_kind", got_k.get("dk_kind"), want_k["dk_kind"])
        if bkey == "instance_dict" and "dk_refcnt" in want_k:  # the empty keys' count is a sentinel
            compare(f"{label}.dk_refcnt", got_k.get("dk_refcnt"), want_k["dk_refcnt"])
    plain = beh.get("plain_class")
    header = readings.get("header", {})
    if isinstance(plain, dict):
        compare("plain class basicsize", header.get("instance basicsize"), plain.get("basicsize"))
        compare("plain class tp_dictoffset", header.get("instance tp_dictoffset"), plain.get("dictoffset"))
        compare("plain class tp_weaklistoffset", header.get("instance tp_weaklistoffset"), plain.get("weaklistoffset"))
    for name, want in beh.get("str_state", {}).items():
        got_s = readings.get("str", {}).get(name)
        if got_s is None or name not in ("empty", "latin1", "ucs2", "ucs4"):
            continue  # interning of runtime ascii strings depends on history
        for fld in ("kind", "compact", "ascii"):
            if fld in want:
                compare(f"{name} str state.{fld}", int(got_s[fld]), want[fld])
        if name == "empty" and "interned" in want:
            compare("empty str state.interned", got_s["interned"], want["interned"])
    raw_none = next((v for k, v in beh.items() if k.startswith("raw_refcnt_None")), None)
    if raw_none and not readings.get("gil_disabled") and header.get("None immortal"):
        compare("None's stored refcount word", header.get("None refcnt_raw"), raw_none[0])
    return bad, notes


def _check_table_points(bkey: str, want: Any, readings: dict[str, Any], compare: Any, notes: list[str],
                        key: str) -> None:
    """Growth points read from the tables ([n, slots, usable, bytes per index]
    for dicts, [n, slots] for sets) against the documented resize points."""
    if bkey.startswith("set"):
        whichs = ["set_table_points"]
        width = 2
    else:
        kinds = ["str"] if "str_keys" in bkey else ["int"] if "int_keys" in bkey else ["int", "str"]
        whichs = [f"dict_table_points_{k}_keys" for k in kinds]
        width = 4
    for which in whichs:
        got = readings.get(which)
        if got is None:
            notes.append(f"{key}: {which} not read by this pyinspect")
            continue
        limit = got[-1][0] if got else 0
        want_p = [list(p[:width]) for p in want if p[0] <= limit]
        compare(which.replace("_", " "), [list(p[:width]) for p in got], want_p)


# ---- output --------------------------------------------------------------------------------------


def _runs(columns: Sequence[str], values: Sequence[Any]) -> list[tuple[str, str]]:
    """(interpreters, value) for each run of neighbouring interpreters that
    read the same value: ``[("3.9.18–3.10.13", "40/8"), ("3.11.7", "56/8")]``."""
    out: list[tuple[str, str]] = []
    start = 0
    for k in range(1, len(values) + 1):
        if k == len(values) or values[k] != values[start]:
            who = columns[start] if k - start == 1 else f"{columns[start]}–{columns[k - 1]}"
            out.append((who, str(values[start])))
            start = k
    return out


def _family_table(fam: str, t: dict[str, Any]) -> Any:
    """One family as a table with a column per interpreter."""
    from rich import box

    from pyinspect.render.table import Table

    table = Table(title=fam, box=box.SIMPLE_HEAD, title_justify="left", title_style="bold")
    for k, col in enumerate(t["columns"]):
        table.add_column(col, style="bold" if k == 0 else None, no_wrap=k == 0)
    for row in t["rows"]:
        vals = row[1:]
        differ = len(set(vals)) > 1
        table.add_row(row[0], *[(f"[yellow]{v}[/yellow]" if differ and fam != "interpreter" else v)
                                for v in vals])
    return table


def _family_runs(fam: str, t: dict[str, Any]) -> Any:
    """One family for a narrow terminal: per row, the runs of interpreters
    that agree, one line each (a column per interpreter would not fit)."""
    from rich import box
    from rich.text import Text

    from pyinspect.render.table import Table

    table = Table(title=fam, box=box.SIMPLE_HEAD, title_justify="left", title_style="bold")
    if fam == "interpreter":  # one row per interpreter: its version, build, pyinspect, executable
        labels = [row[0] for row in t["rows"]]
        for label in labels:
            table.add_column(label, no_wrap=label != "executable")
        for k in range(1, len(t["columns"])):
            table.add_row(*(str(row[k]) for row in t["rows"]))
        return table
    table.add_column("", style="bold")
    table.add_column("interpreters", no_wrap=True)
    table.add_column("value")
    columns = t["columns"][1:]
    for row in t["rows"]:
        runs = _runs(columns, row[1:])
        style = "yellow" if len(runs) > 1 and fam != "interpreter" else ""
        table.add_row(row[0], "\n".join(who for who, _ in runs),
                      Text("\n".join(v for _, v in runs), style=style))
    return table


def _print_text(tabs: dict[str, dict[str, Any]], interpreters: Sequence[Interpreter], show_all: bool,
                out: IO[str], color: Optional[bool], width: Optional[int]) -> None:
    from pyinspect.render import console
    from pyinspect.render.table import Fitting

    c = console(out, color=color, width=width)
    skipped = [i for i in interpreters if i.readings is None]
    for fam, t in tabs.items():
        if not t["rows"]:
            c.print(f"[bold]{fam}[/bold]: the same everywhere")
            continue
        c.print(Fitting(lambda fam=fam, t=t: _family_table(fam, t), lambda fam=fam, t=t: _family_runs(fam, t)))
    for i in skipped:
        c.print(f"[dim]{i.path}: {i.status}[/dim]")
    if not show_all and len(tabs.get("interpreter", {}).get("columns", [])) > 2:
        c.print("[dim]rows that are the same on every interpreter are left out (--all shows them)[/dim]")


def _html(tabs: dict[str, dict[str, Any]], interpreters: Sequence[Interpreter],
          problems: Optional[list[str]]) -> str:
    parts = ['<!DOCTYPE html>\n<html xmlns="http://www.w3.org/1999/xhtml" lang="en"><head><meta charset="utf-8"/>',
             "<title>pyinspect compare</title><style>body { font-family: sans-serif; margin: 1em; } "
             "table { border-collapse: collapse; margin-bottom: 1.5em; font-family: monospace; } "
             "th, td { border: 1px solid #ccc; padding: 2px 8px; text-align: left; vertical-align: top; } "
             "th { background: #f6e3b4; } td.differs { background: #fff3c4; } caption { font-weight: bold; "
             "text-align: left; padding: 4px 0; }</style></head><body><h1>CPython internals compared</h1>"]
    for fam, t in tabs.items():
        head = "".join(f"<th>{escape(str(c))}</th>" for c in t["columns"])
        rows = []
        for row in t["rows"]:
            differ = len(set(row[1:])) > 1 and fam != "interpreter"
            cls = ' class="differs"' if differ else ""
            rows.append(f"<tr><th>{escape(str(row[0]))}</th>"
                        + "".join(f"<td{cls}>{escape(str(v))}</td>" for v in row[1:]) + "</tr>")
        body = "".join(rows) or f'<tr><td colspan="{len(t["columns"])}">the same everywhere</td></tr>'
        parts.append(f'<table class="family" data-family="{escape(fam)}"><caption>{escape(fam)}</caption>'
                     f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    skipped = [i for i in interpreters if i.readings is None]
    if skipped:
        parts.append("<ul>" + "".join(f"<li>{escape(i.path)}: {escape(i.status)}</li>" for i in skipped) + "</ul>")
    if problems is not None:
        parts.append("<h2>check</h2><ul>" + "".join(f"<li>{escape(p)}</li>" for p in problems) + "</ul>"
                     if problems else "<h2>check</h2><p>every reading agrees with the documented layouts</p>")
    parts.append("</body></html>\n")
    return "".join(parts)


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The ``compare`` subcommand's options."""
    p.add_argument("--python", nargs="+", metavar="PATH", default=[],
                   help="interpreters to compare (default: the ones found installed)")
    p.add_argument("--discover", action="store_true",
                   help="with --python: also compare the interpreters found installed")
    p.add_argument("--build", action="store_true",
                   help="pip-install this checkout for interpreters without pyinspect; builds are kept "
                        "per interpreter and source hash (in $PYINSPECT_CACHE or ~/.cache/pyinspect/builds)")
    p.add_argument("--no-cache", action="store_true", help="with --build: build afresh into a temporary directory")
    p.add_argument("--source", default=None, help="the checkout --build installs (default: this one)")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print the readings and tables as JSON")
    out.add_argument("--html", action="store_true", help="print an HTML page of the tables")
    p.add_argument("--output", "-o", default=None, help="write to this file instead of standard output")
    p.add_argument("--all", action="store_true", help="also show rows that are the same everywhere")
    p.add_argument("--no-color", action="store_true", default=argparse.SUPPRESS, help="plain text output")
    p.add_argument("--width", type=cli_type("width", minimum=MIN_WIDTH, maximum=MAX_WIDTH), default=argparse.SUPPRESS,
                   help=f"output width in characters ({MIN_WIDTH} to {MAX_WIDTH})")
    p.add_argument("--check", metavar="FILE", default=None,
                   help="fail (exit 1) when a reading contradicts the layouts documented in FILE "
                        "(the format of tests/data/cpython-layouts.json)")


def run(args: argparse.Namespace, color: Optional[bool] = None, width: Optional[int] = None) -> int:
    """Run ``compare`` with parsed arguments; returns the exit status."""
    log = sys.stderr
    doc = None
    if args.check:
        try:
            with open(args.check, encoding="utf-8") as f:
                doc = json.load(f)
        except (OSError, ValueError) as exc:
            print(f"compare: cannot read the layouts file {args.check}: {exc}", file=log)
            return 2
    interpreters = discover(args.python, search=not args.python or args.discover, log=log)
    if not interpreters:
        print("compare: no CPython 3.9+ interpreter found (name some with --python)", file=log)
        return 2
    source = args.source or project_root()
    probe(interpreters, build=args.build, source=source, log=log, cache=not args.no_cache)
    read = [i for i in interpreters if i.readings is not None]
    missing = [i for i in interpreters if i.readings is None]
    if missing and not args.build and any(i.status.startswith("pyinspect not importable") for i in missing):
        print("compare: some interpreters have no pyinspect; --build installs this checkout for them", file=log)
    tabs = tables(interpreters, show_all=args.all)
    problems: Optional[list[str]] = None
    notes: list[str] = []
    if doc is not None:
        problems = []
        for i in read:
            b, n = check(i.readings or {}, doc)
            problems += b
            notes += n
        problems += [f"{i.path}: {i.status}" for i in missing if i.explicit]
    try:
        stream = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout
    except OSError as exc:
        print(f"compare: cannot write {args.output}: {exc.strerror or exc}", file=log)
        return 2
    try:
        if args.json:
            json.dump({"interpreters": [{"path": i.path, "label": i.label, "status": i.status,
                                         "readings": i.readings} for i in interpreters],
                       "tables": tabs, "check": problems, "check_notes": notes}, stream, indent=1)
            stream.write("\n")
        elif args.html:
            stream.write(_html(tabs, interpreters, problems))
        else:
            _print_text(tabs, interpreters, args.all, stream, color, width)
    finally:
        if args.output:
            stream.close()
    if problems is not None:
        grouped: dict[str, list[str]] = {}
        for n in notes:
            version, _, text = n.partition(": ")
            grouped.setdefault(text, []).append(version)
        for text, versions in grouped.items():
            print(f"note: {', '.join(sorted(set(versions), key=versions.index))}: {text}", file=log)
        for p in problems:
            print(f"CONTRADICTION: {p}", file=log)
        if problems:
            print(f"compare: {len(problems)} readings contradict {args.check}", file=log)
            return 1
        print(f"compare: {len(read)} interpreters agree with {args.check}", file=log)
    if not read:
        failed = "; ".join(f"{i.path}: {i.status}" for i in interpreters)
        print(f"compare: no interpreter gave readings ({failed})", file=log)
        return 2
    return 0


def main(argv: Optional[Iterable[str]] = None) -> int:
    """``python -m pyinspect.compare`` (same as ``python -m pyinspect compare``)."""
    p = argparse.ArgumentParser(prog="python -m pyinspect compare", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    add_arguments(p)
    return run(p.parse_args(list(argv) if argv is not None else None))


if __name__ == "__main__":
    sys.exit(main())
