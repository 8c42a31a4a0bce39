"""How long pictures take: pyinspect's SVG against rich's text and rich's own
SVG export of the same terminal picture, measured in the same run.

    python bench/bench_pictures.py

Prints seconds per picture and the ratios; the work is bounded by ``limit``
(head ... tail), so a million-item list costs the rows shown.
"""

from __future__ import annotations

import io
import sys
import time

import pyinspect
from pyinspect.render import console, render
from pyinspect.render.svg import to_svg


def best(fn, n: int = 5) -> float:
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    cases = {
        "list of 1,000,000 ints": list(range(1_000_000)),
        "str of 100,000 code points": "é" * 100_000,
        "float 0.1": 0.1,
        "int 2**10000": 2**10000,
        "dict of 1,000,000 int keys": {i: i for i in range(1_000_000)},
        "set of 1,000,000 ints": set(range(1_000_000)),
    }
    print(f"Python {sys.version.split()[0]}")
    print(f"{'object':30} {'layout':>9} {'svg':>9} {'rich text':>10} {'rich svg':>10}  svg/rich-svg")
    for name, obj in cases.items():
        lay = pyinspect.layout(obj, limit=16)
        t_layout = best(lambda: pyinspect.layout(obj, limit=16))  # noqa: B023
        t_svg = best(lambda: to_svg(lay, 16))  # noqa: B023

        def text() -> None:
            console(io.StringIO(), color=False, width=100).print(render(lay, 16))  # noqa: B023

        def rich_svg() -> None:
            c = console(io.StringIO(), color=True, width=100, record=True)
            c.print(render(lay, 16))  # noqa: B023
            c.export_svg()

        t_text, t_rich_svg = best(text), best(rich_svg)
        print(f"{name:30} {t_layout * 1e3:8.2f}ms {t_svg * 1e3:8.2f}ms {t_text * 1e3:9.2f}ms "
              f"{t_rich_svg * 1e3:9.2f}ms  {t_svg / t_rich_svg:10.2f}x")
    big = cases["dict of 1,000,000 int keys"]
    t_probe = best(lambda: pyinspect.probe(big, 999_999))
    p = pyinspect.probe(big, 999_999)
    t_probe_svg = best(lambda: to_svg(p))
    print(f"probe() of a 1,000,000-key dict: {t_probe * 1e3:.2f}ms to replay, {t_probe_svg * 1e3:.2f}ms to draw")
    nested = {f"k{i}": {"a": [i], "b": {i}} for i in range(2000)}
    t_nd = best(lambda: pyinspect.names(nested, max_names=2000, depth=2), 3)
    print(f"names() of 2,000 dicts of a list and a set, depth 2: {t_nd * 1e3:.1f}ms to read")
    ns = {f"name{i}": [i, str(i)] for i in range(2000)}
    t_names = best(lambda: pyinspect.names(ns, max_names=2000), 3)
    pic = pyinspect.names(ns, max_names=2000)
    t_names_svg = best(lambda: to_svg(pic), 3)
    print(f"names() of 2,000 names → {len(pic.objects)} objects: {t_names * 1e3:.1f}ms to read, "
          f"{t_names_svg * 1e3:.1f}ms to draw")


if __name__ == "__main__":
    main()
