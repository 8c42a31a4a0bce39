"""Every terminal picture at 80 columns: no number or label is cut.

rich fits text to a width in two places, both watched here while a picture
is printed: ``Text.truncate`` (which cuts with "…" or crops) and the line
divider, which folds a word longer than its column onto the next line.  A
picture passes when nothing is truncated and no word holding a digit (a
number, an address, a key like ``'run-7'``) is folded; decoration such as
bars gives way first, and text wraps between words.
"""

from __future__ import annotations

import io
import re

import gallery
import pytest
import rich.text
from rich.cells import cell_len

import pyinspect
from pyinspect.output import _as_layout, _result

WIDTH = 80


class Cuts:
    """What rich cut or folded while printing."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.truncated: list[str] = []
        self.folded: list[str] = []
        truncate = rich.text.Text.truncate
        divide = rich.text.divide_line

        def watched_truncate(text: rich.text.Text, max_width: int, *, overflow=None, pad: bool = False) -> None:
            how = overflow or text.overflow or "fold"
            # a rule or a bar (no letter, no digit) may be cut: it is decoration
            if how != "ignore" and cell_len(text.plain.rstrip()) > max_width and re.search(r"\w", text.plain):
                self.truncated.append(text.plain)
            truncate(text, max_width, overflow=overflow, pad=pad)

        def watched_divide(text: str, width: int, fold: bool = True) -> list[int]:
            if fold:
                self.folded += [w for w in re.findall(r"\S+", text) if cell_len(w) > width]
            return divide(text, width, fold=fold)

        monkeypatch.setattr(rich.text.Text, "truncate", watched_truncate)
        monkeypatch.setattr(rich.text, "divide_line", watched_divide)

    def problems(self) -> list[str]:
        cut = [f"cut: {t!r}" for t in self.truncated]
        folded = [f"folded: {w!r}" for w in self.folded if re.search(r"\d", w)]
        return cut + folded


def _print(obj, monkeypatch) -> tuple[str, Cuts]:
    cuts = Cuts(monkeypatch)
    buf = io.StringIO()
    pyinspect.show(obj, color=False, width=WIDTH, file=buf)
    return buf.getvalue(), cuts


def _check(obj, monkeypatch) -> None:
    text, cuts = _print(obj, monkeypatch)
    assert text.strip()
    assert max(cell_len(line) for line in text.splitlines()) <= WIDTH
    assert not cuts.problems(), "\n" + text


OBJECTS = gallery.objects()
RESULTS = gallery.results()


@pytest.mark.parametrize("k", range(len(OBJECTS)), ids=[label for label, _ in OBJECTS])
def test_object_pictures_fit_80_columns(k, monkeypatch):
    obj = OBJECTS[k][1]
    lay = obj if _result(obj) else _as_layout(obj, 16)
    _check(lay, monkeypatch)


@pytest.mark.parametrize("k", range(len(RESULTS)), ids=[label for label, _ in RESULTS])
def test_result_pictures_fit_80_columns(k, monkeypatch):
    _check(RESULTS[k][1], monkeypatch)


TORCH = ["tensor", "tensor view", "tensor int64", "tensor bfloat16", "storages", "modes", "trace"]


@pytest.fixture(scope="module")
def torch_results():
    pytest.importorskip("torch")
    return dict(gallery.torch_results())


@pytest.mark.parametrize("label", TORCH)
def test_torch_pictures_fit_80_columns(label, torch_results, monkeypatch):
    _check(torch_results[label], monkeypatch)


def test_tour_fits_80_columns(monkeypatch):
    from pyinspect.tour import tour

    cuts = Cuts(monkeypatch)
    buf = io.StringIO()
    tour(file=buf, color=False, width=WIDTH)
    assert not cuts.problems(), "\n" + buf.getvalue()


def test_the_watch_sees_a_cut_number(monkeypatch):
    """The check itself: a number in a column too narrow for it is reported."""
    from rich.console import Console
    from rich.table import Table

    cuts = Cuts(monkeypatch)
    t = Table()
    t.add_column("bytes", max_width=5)
    t.add_row("36,800,000")
    Console(file=io.StringIO(), width=WIDTH).print(t)
    assert cuts.problems()
