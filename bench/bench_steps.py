"""What recording with pyinspect.steps() costs, beside running the same
snippet untraced, measured in one run:

* time per recorded step for a frame holding about 10 and about 100 objects
  (a loop that changes one of them per line), against the untraced loop's
  time per line;
* the stepper page for 100 and 1,000 steps: its size (shared pieces, aim
  <= 2 MB at 1,000) and the time to write it.

    python bench/bench_steps.py

Prints milliseconds, bytes and ratios.
"""

from __future__ import annotations

import time

import pyinspect
from pyinspect.render.html_steps import page

#: a frame holding ``lists`` lists of ``items`` ints each (drawn with depth=1:
#: lists + their ints + i + t objects), and a loop that rebinds t and stores
#: into a list on every line
SNIPPET = """\
{lists}
for i in range(100000):
    t = i * 3 + 1000
    l0[i % {items}] = t
"""
#: objects in the frame -> (lists, ints per list)
SIZES = {10: (2, 3), 100: (6, 15)}


def snippet(n: int) -> str:
    lists, items = SIZES[n]
    body = "\n".join(f"l{k} = [1000 + {k} * 100 + j for j in range({items})]" for k in range(lists))
    return SNIPPET.format(lists=body, items=items)


def untraced_per_line(src: str, lines: int) -> float:
    """Seconds per line of ``src`` run with exec, stopped after about ``lines`` lines."""
    body = src.replace("range(100000)", f"range({lines // 3})")
    code = compile(body, "<untraced>", "exec")
    best = float("inf")
    for _ in range(5):
        ns: dict = {}
        t0 = time.perf_counter()
        exec(code, ns)  # noqa: S102 - the benchmark's own snippet
        best = min(best, time.perf_counter() - t0)
    return best / lines


def main() -> None:
    print("recording: time per step (snapshot, names picture, tables, changes)")
    print(f"{'objects':>8} {'steps':>6} {'per step':>10} {'untraced/line':>14} {'ratio':>9}")
    for n in (10, 100):
        src = snippet(n)
        run = None
        best = float("inf")
        for _ in range(3):
            t0 = time.perf_counter()
            run = pyinspect.steps(src, max_steps=400, depth=1)
            best = min(best, time.perf_counter() - t0)
        assert run is not None and run.truncated
        drawn = max(len(s.names.objects) for s in run)
        assert drawn >= n - 2, (drawn, n)
        per_step = best / len(run)
        plain = untraced_per_line(src, 4000)
        print(f"{drawn:>8} {len(run):>6} {per_step * 1e3:>8.3f}ms {plain * 1e6:>12.3f}us {per_step / plain:>8.0f}x")

    print("\nthe stepper page (steps recorded with depth=3)")
    print("  shared: pieces stored once, steps as lists of pieces (no gzip); page: as save() writes it")
    print(f"{'steps':>6} {'shared':>10} {'page':>10} {'per step':>9} {'write':>8} {'full SVG each step':>19} "
          f"{'shared/full':>12}")
    for count in (100, 1000):
        run = pyinspect.steps(snippet(10), max_steps=count)
        t0 = time.perf_counter()
        html = page(run)
        write = time.perf_counter() - t0
        size = len(html.encode())
        shared = len(page(run, compress=False).encode())
        # what the page would weigh with every step's whole picture inline
        full = sum(len(pyinspect.render.svg.to_svg(s.names).encode()) for s in run)
        print(f"{len(run):>6} {shared:>10,} {size:>10,} {size / len(run):>8.0f}B {write:>7.2f}s {full:>19,} "
              f"{shared / full:>12.2f}")
        assert count < 1000 or shared <= 2_000_000, "a page of 1,000 steps should stay under 2 MB unzipped"


if __name__ == "__main__":
    main()
