"""A real browser draws the saved pages: headless Chromium's screenshot is not
blank, and its DOM holds the expected labels.  Skipped without Chromium
(Debian: apt-get install -y chromium)."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import zlib

import pytest

import pyinspect

BROWSER = next((shutil.which(b) for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None)
pytestmark = pytest.mark.skipif(BROWSER is None, reason="no headless Chromium installed")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
         "--no-first-run", "--disable-extensions"]


def decode_png(data: bytes) -> tuple[int, int, int, list[bytes]]:
    """(width, height, bytes per pixel, rows of raw pixels) of an 8-bit RGB/RGBA PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour in (2, 6), (depth, colour)
            bpp = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows: list[bytes] = []
    prev = bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 0xFF
            elif f == 2:
                line[i] = (line[i] + b) & 0xFF
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xFF
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[i] = (line[i] + pred) & 0xFF
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    d = tmp_path_factory.mktemp("browser")
    ns = {"a": [1, 2, 3]}
    ns["b"] = ns["a"]  # two labels, one list: refcnt 2
    pyinspect.save(pyinspect.names(ns), d / "names.html")
    pyinspect.save(0.1, d / "float.html")
    table = {"lr": 0.01, "epochs": 10, "layers": [1, 2]}
    del table["epochs"]  # a DUMMY slot and a deleted entry
    pyinspect.save(table, d / "dict.html")
    late = [lambda: i for i in range(3)]  # noqa: B023 - three lambdas, one cell
    pyinspect.save(pyinspect.names({"late": late}, depth=3), d / "closures.html")
    pyinspect.save(late[0], d / "closure.html")
    return d


def run(args: list[str]) -> subprocess.CompletedProcess:
    # the browser is not ours: a sanitizer runtime preloaded for pyinspect's extension (CI's
    # sanitizer stage) is not passed on to it
    env = {k: v for k, v in os.environ.items() if k != "LD_PRELOAD"}
    return subprocess.run([BROWSER, *FLAGS, *args], capture_output=True, text=True, timeout=120, env=env)


def test_screenshot_is_not_blank(page):
    shot = page / "names.png"
    r = run([f"--screenshot={shot}", "--window-size=900,700", (page / "names.html").as_uri()])
    assert shot.exists(), r.stderr[-2000:]
    width, height, bpp, rows = decode_png(shot.read_bytes())
    assert (width, height) == (900, 700)
    colours = set()
    ink = 0
    for row in rows:
        for x in range(0, len(row), bpp):
            px = row[x:x + 3]
            colours.add(px)
            if px != b"\xff\xff\xff":
                ink += 1
    assert len(colours) > 20, "the page looks blank"
    assert ink > 0.01 * width * height
    # the yellow of the name labels is drawn somewhere
    name_fill = bytes.fromhex(pyinspect.render.svg.NAME[1:])
    assert name_fill in colours


def test_dom_holds_the_labels(page):
    r = run(["--dump-dom", (page / "names.html").as_uri()])
    assert r.returncode == 0, r.stderr[-2000:]
    dom = r.stdout
    assert "<svg" in dom
    for label in ('data-name="a"', 'data-name="b"', "names → objects", "refcnt 2"):
        assert label in dom, label
    r = run(["--dump-dom", (page / "float.html").as_uri()])
    for label in ("float64", "float16", "bfloat16", "ob_type", "PyFloatObject"):
        assert label in r.stdout, label


def test_dict_page_draws_both_tables_and_what_they_point_at(page):
    shot = page / "dict.png"
    run([f"--screenshot={shot}", "--window-size=1100,1400", (page / "dict.html").as_uri()])
    assert shot.exists()
    width, height, bpp, rows = decode_png(shot.read_bytes())
    colours = {row[x:x + 3] for row in rows for x in range(0, len(row), bpp)}
    for fill in (pyinspect.render.svg.USED, pyinspect.render.svg_containers.DUMMY, pyinspect.render.svg.OBJECT):
        assert bytes.fromhex(fill[1:]) in colours, fill  # used slots, the DUMMY, the object boxes
    dom = run(["--dump-dom", (page / "dict.html").as_uri()]).stdout
    for label in ("dk_indices", "dk_entries", "DUMMY ✕", "NULL (deleted)", 'class="arrow index-arrow"',
                  "&#39;layers&#39;", 'data-type="list"', "what the dict points at"):
        assert label in dom or label.replace("&#39;", "'") in dom, label


def pixels(shot) -> set[bytes]:
    width, height, bpp, rows = decode_png(shot.read_bytes())
    return {row[x:x + 3] for row in rows for x in range(0, len(row), bpp)}


def test_closure_page_draws_the_shared_cell(page):
    shot = page / "closures.png"
    r = run([f"--screenshot={shot}", "--window-size=1100,800", (page / "closures.html").as_uri()])
    assert shot.exists(), r.stderr[-2000:]
    colours = pixels(shot)
    assert len(colours) > 20, "the page looks blank"
    # the pink of the shared cell and the yellow of the name label are painted
    assert bytes.fromhex(pyinspect.render.svg.SHARED[1:]) in colours
    assert bytes.fromhex(pyinspect.render.svg.NAME[1:]) in colours
    r = run(["--dump-dom", (page / "closures.html").as_uri()])
    dom = r.stdout
    assert dom.count('data-type="function"') == 3 and dom.count('data-type="cell"') == 1
    for label in ('data-name="late"', 'data-key="i"', 'data-key="ob_ref"', "in 3 closures", "late binding"):
        assert label in dom, label


def test_function_page_shows_closure_tuple_cell_and_code(page):
    r = run(["--dump-dom", (page / "closure.html").as_uri()])
    assert r.returncode == 0, r.stderr[-2000:]
    dom = r.stdout
    for label in ("PyFunctionObject", "func_closure, 1 cell", "refcnt 3", "shared: 3 references",
                  "co_freevars", "func_closure cells"):
        assert label in dom, label
