"""What every example shares: its command line, printing a lesson, checking facts.

Uses only pyinspect's public API.  The examples hand Layouts to
:meth:`Lesson.show` (``L.show(pyinspect.layout(x), "x")``) rather than the
objects themselves: a Layout is read where the object is named, so its
refcnt is the one the lesson talks about, not one more for this helper's
argument.
"""

from __future__ import annotations

import argparse
import os
import sys
import textwrap
from typing import Any, Optional

import pyinspect


class Lesson:
    """One section of the chapter: ``--save DIR`` also draws each picture."""

    def __init__(self, title: str, about: str) -> None:
        p = argparse.ArgumentParser(description=f"{title}: {about}")
        p.add_argument("--save", metavar="DIR", default=None, help="also write each picture as .svg and .html")
        p.add_argument("--no-color", action="store_true", help="plain text")
        p.add_argument("--width", type=int, default=None, help="output width in characters")
        self.args = p.parse_args()
        self.color: Optional[bool] = False if self.args.no_color else None
        self.width = self.args.width
        self.failed: list[str] = []
        self.saved: list[str] = []
        if self.args.save:
            os.makedirs(self.args.save, exist_ok=True)
        rule = "=" * min(len(title) + 4, 78)
        print(f"{rule}\n  {title}\n{rule}")
        self.say(about)

    def say(self, text: str) -> None:
        """A paragraph of the lesson."""
        print()
        for para in text.strip().split("\n\n"):
            print(textwrap.fill(" ".join(para.split()), width=min(self.width or 88, 88)))

    def step(self, title: str) -> None:
        print(f"\n--- {title} ---")

    def code(self, text: str) -> None:
        """Code the reader should look at."""
        print(textwrap.indent(textwrap.dedent(text).strip(), "    >>> "))

    def show(self, picture: Any, name: str, limit: int = 16) -> None:
        """Print a Layout (``pyinspect.layout(x)``, ``pyinspect.names(...)``)
        and, with ``--save``, draw it to NAME.svg and NAME.html."""
        pyinspect.show(picture, limit=limit, color=self.color, width=self.width)
        if self.args.save:
            for ext in (".svg", ".html"):
                path = os.path.join(self.args.save, name + ext)
                pyinspect.save(picture, path, limit=limit)
                self.saved.append(path)

    def stepper(self, run: Any, name: str) -> None:
        """Print the steps of a ``pyinspect.steps()`` run as a table and, with
        ``--save``, write the stepper page NAME.html (open it in a browser:
        ← → step through the code)."""
        pyinspect.show(run, color=self.color, width=self.width)
        if self.args.save:
            path = os.path.join(self.args.save, name + ".html")
            pyinspect.save(run, path)
            self.saved.append(path)

    def fact(self, ok: bool, text: str) -> None:
        """A fact the lesson states, checked against the real objects."""
        print(f"  {'✓' if ok else '✗ FALSE:'} {text}")
        if not ok:
            self.failed.append(text)

    def later(self, feature: str, what: str) -> None:
        """Say that a picture needs a pyinspect feature this install lacks."""
        print(f"  (this pyinspect has no {feature} yet: {what})")

    def done(self) -> int:
        """Print the summary; the exit status is 1 if a fact was false."""
        print()
        if self.saved:
            print(f"saved {len(self.saved)} pictures in {self.args.save}")
        if self.failed:
            print(f"{len(self.failed)} facts did not hold on Python {sys.version.split()[0]}:")
            for f in self.failed:
                print(f"  - {f}")
            return 1
        print(f"all facts hold on Python {sys.version.split()[0]}")
        return 0
