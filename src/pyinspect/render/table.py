"""Tables and bars for the terminal pictures: numbers and labels are never cut.

rich's columns cut what does not fit with "…" by default, so at 80 columns a
byte count could read ``36,800…``.  Here every column folds instead (the text
goes on the next line), and decoration gives way first: a :class:`Bar`
is the one cell that shrinks when a table is too wide, so the numbers beside
it keep their width.
"""

from __future__ import annotations

from typing import Any, Callable

from rich import table as _table
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style

__all__ = ["Table", "Bar", "Fitting", "bar_text", "EIGHTHS"]

#: partial blocks for bars drawn in eighths of a cell
EIGHTHS = " ▏▎▍▌▋▊▉"


class Table(_table.Table):
    """rich's Table, where what does not fit gives way in this order:

    1. decoration columns (``add_column(..., decoration=True)``: bars) shrink,
       down to nothing;
    2. the blank before each column goes (when the columns' narrowest
       widths would not fit with it);
    3. columns of text wrap between words, down to their longest word;
    4. only then, as rich does, every column narrows, and a word too long
       for its column folds onto the next line (``overflow="fold"``): it is
       never cut with "…".

    ``no_wrap`` columns (numbers, addresses, labels) keep their width until
    step 4.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._decoration: set[int] = set()

    def add_column(self, header: Any = "", footer: Any = "", *, overflow: Any = "fold",
                   decoration: bool = False, **kwargs: Any) -> None:
        if decoration:
            self._decoration.add(len(self.columns))
        super().add_column(header, footer, overflow=overflow, **kwargs)

    def _floors(self, ranges: list[Measurement], widths: list[int]) -> list[int]:
        """How narrow each column may get before anything is cut: a number
        or label column not at all, a decoration column to nothing, text to
        its longest word."""
        floors = []
        for k, (r, column) in enumerate(zip(ranges, self.columns)):
            if column.width is not None or (column.no_wrap and k not in self._decoration):
                floors.append(widths[k])
            elif k in self._decoration:
                floors.append(self._get_padding_width(k))
            else:
                floors.append(min(max(r.minimum, 1), widths[k]))
        return floors

    def _calculate_column_widths(self, console: Console, options: ConsoleOptions) -> list[int]:
        max_width = options.max_width
        columns = self.columns
        ranges = [self._measure_column(console, options, column) for column in columns]
        widths = [r.maximum or 1 for r in ranges]
        if self.expand or sum(widths) <= max_width:
            return super()._calculate_column_widths(console, options)
        floors = self._floors(ranges, widths)
        top, right, bottom, left = self.padding
        if sum(floors) > max_width and left and right:
            # spacing gives way before text wraps: one blank (and the divider) between columns
            self.padding = (top, right, bottom, 0)
            ranges = [self._measure_column(console, options, column) for column in columns]
            widths = [r.maximum or 1 for r in ranges]
            if sum(widths) <= max_width:
                return widths
            floors = self._floors(ranges, widths)
        excess = sum(widths) - max_width
        everything = set(range(len(columns)))
        wrapping = {k for k in everything if not columns[k].no_wrap}
        ones = [1] * len(columns)
        # the last phases narrow the widest columns below their floors: folding, never "…"
        for phase, floor in ((self._decoration, floors), (everything - self._decoration, floors),
                             (wrapping, ones), (everything, ones)):
            while excess > 0:
                room = [k for k in phase if widths[k] > floor[k]]
                if not room:
                    break
                k = max(room, key=lambda i: (widths[i], i))
                widths[k] -= 1
                excess -= 1
        ranges = [self._measure_column(console, options.update_width(w), column) for w, column in zip(widths, columns)]
        return [r.maximum or 0 for r in ranges]


def bar_text(fraction: float, width: int) -> str:
    """A horizontal bar of ``fraction`` (0..1) of ``width`` cells, in eighths,
    padded to ``width``."""
    fraction = min(max(fraction, 0.0), 1.0)
    eighths = round(fraction * width * 8)
    full, part = divmod(eighths, 8)
    text = "█" * full + (EIGHTHS[part] if part else "")
    return text.ljust(width)


class Bar:
    """A bar of ``fraction`` of the width it is given, at most ``width`` cells.

    It measures 0 to ``width`` cells, so a table short of room narrows its
    bar column before any column of numbers; with no room left the bar is
    not drawn at all.
    """

    def __init__(self, fraction: float, width: int = 20, style: str = "") -> None:
        self.fraction = fraction
        self.width = width
        self.style = style

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(0, min(self.width, options.max_width))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = min(self.width, options.max_width)
        if width > 0:
            yield Segment(bar_text(self.fraction, width), Style.parse(self.style) if self.style else None)


class Fitting:
    """The first of several drawings of one thing that fits the width.

    ``choices`` build the drawings, most detailed first (a table with every
    column, then one without an optional column, ...).  The first whose
    widest line fits is drawn; when none fits unwrapped, the first that fits
    once its text wraps between words; else the last.  So optional columns
    are dropped before anything wraps.
    """

    def __init__(self, *choices: Callable[[], RenderableType]) -> None:
        self.choices = choices

    def pick(self, console: Console, options: ConsoleOptions) -> RenderableType:
        built = [choice() for choice in self.choices]
        wide = options.update_width(1 << 16)
        sizes = [Measurement.get(console, wide, r) for r in built]
        for r, m in zip(built, sizes):
            if m.maximum <= options.max_width:
                return r
        for r, m in zip(built, sizes):
            if m.minimum <= options.max_width:
                return r
        return built[-1]

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.pick(console, options))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.pick(console, options)
