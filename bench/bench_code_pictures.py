"""How long the pictures of functions, types, generators and dispatch plans
take: pyinspect's SVG against rich's text and rich's own SVG export of the
same terminal picture, measured in the same run; and names() following
closures against following lists only.

    python bench/bench_code_pictures.py

Prints milliseconds per picture and the ratios.
"""

from __future__ import annotations

import contextlib
import io
import sys
import time

import pyinspect
from pyinspect.render import console, render
from pyinspect.render.svg import to_svg
from pyinspect.render.text_code import render_dispatch


def best(fn, n: int = 5) -> float:
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


class Vector:
    def __add__(self, other):
        return NotImplemented

    def __radd__(self, other):
        return NotImplemented


class Vector3(Vector):
    def __radd__(self, other):
        return NotImplemented


@contextlib.contextmanager
def opened(name):
    resource = [name]
    yield resource


def make(threshold, scale):
    def keep(x, y=1.5, *, z=2):
        return x * scale >= threshold * y * z

    return keep


def main() -> None:
    cm = opened("data.csv")
    cm.__enter__()
    cases = {
        "closure keep()": pyinspect.layout(make(0.85, 3)),
        "class Vector3": pyinspect.layout(Vector3),
        "class list": pyinspect.layout(list),
        "suspended generator": pyinspect.layout(cm.gen),
        "dispatch Vector + Vector3": pyinspect.dispatch(Vector(), "+", Vector3()),
    }
    print(f"Python {sys.version.split()[0]}")
    print(f"{'picture':28} {'svg':>9} {'rich text':>10} {'rich svg':>10}  svg/rich-svg")
    for name, lay in cases.items():
        thing = render_dispatch(lay) if type(lay) is pyinspect.model.DispatchPlan else render(lay, 16)
        t_svg = best(lambda: to_svg(lay, 16))  # noqa: B023

        def text() -> None:
            console(io.StringIO(), color=False, width=100).print(thing)  # noqa: B023

        def rich_svg() -> None:
            c = console(io.StringIO(), color=True, width=100, record=True)
            c.print(thing)  # noqa: B023
            c.export_svg()

        t_text, t_rich_svg = best(text), best(rich_svg)
        print(f"{name:28} {t_svg * 1e3:8.2f}ms {t_text * 1e3:9.2f}ms {t_rich_svg * 1e3:9.2f}ms  "
              f"{t_svg / t_rich_svg:10.2f}x")
    late = {f"late{k}": [lambda: i for i in range(20)] for k in range(4)}  # noqa: B023
    lists = {f"list{k}": [[i] for i in range(20)] for k in range(4)}
    t_late = best(lambda: pyinspect.names(late, depth=3, limit=None), 3)
    t_lists = best(lambda: pyinspect.names(lists, depth=3, limit=None), 3)
    pic = pyinspect.names(late, depth=3, limit=None)
    t_draw = best(lambda: to_svg(pic), 3)
    print(f"names() of 4 lists of 20 closures ({len(pic.objects)} objects): {t_late * 1e3:.2f}ms to read "
          f"({t_late / t_lists:.2f}x 4 lists of 20 one-item lists), {t_draw * 1e3:.1f}ms to draw")


if __name__ == "__main__":
    main()
