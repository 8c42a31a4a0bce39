"""python -m pyinspect: see what CPython stores for an object, from the shell.

    python -m pyinspect                 a tour: a dozen objects and what to notice in each
    python -m pyinspect show EXPR       show() the value of a Python expression
    python -m pyinspect struct-info     the struct offsets this build reads, as JSON
    python -m pyinspect compare         the same objects read under every CPython installed
                                        (--python PATH..., --build, --json, --html, --check FILE)

--no-color and --width go before or after the command.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Sequence
from typing import Optional


def plain_help(doc: Optional[str]) -> str:
    """A docstring as --help shows it: ``code`` and :func:`role` markup
    turned into plain words."""
    text = re.sub(r":\w+:`~?([^`]+)`", r"\1", doc or "")
    return re.sub(r"``([^`]+)``", r"\1", text)


def _output_options(p: argparse.ArgumentParser, here: bool) -> None:
    """--no-color and --width, on the main parser (``here``) and again on each
    command, so they may come after it (``show EXPR --no-color``)."""
    default = {} if here else {"default": argparse.SUPPRESS}
    p.add_argument("--no-color", action="store_true", help="plain text output", **default)
    p.add_argument("--width", type=int, help="output width in characters", **default)


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run the command line; a reader that goes away (``| head``) ends it quietly."""
    try:
        return _main(argv)
    except BrokenPipeError:
        # the reader of our output closed it: stop without a traceback, and
        # keep the interpreter's final flush from raising again
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141  # what a shell reports for a process ended by SIGPIPE


def _main(argv: Optional[Sequence[str]]) -> int:
    parser = argparse.ArgumentParser(prog="python -m pyinspect", description=plain_help(__doc__),
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    _output_options(parser, here=True)
    sub = parser.add_subparsers(dest="command")
    p_tour = sub.add_parser("tour", help="a short tour of show() (the default)")
    _output_options(p_tour, here=False)
    p_show = sub.add_parser("show", help="show() the value of an expression")
    p_show.add_argument("expression", help="a Python expression, e.g. '2**100'")
    p_show.add_argument("--limit", type=int, default=16, help="rows per table")
    _output_options(p_show, here=False)
    sub.add_parser("struct-info", help="print struct_info() as JSON")
    from pyinspect import compare as _compare

    p_compare = sub.add_parser("compare", help="compare internals across the CPython interpreters installed",
                               description=plain_help(_compare.__doc__),
                               formatter_class=argparse.RawDescriptionHelpFormatter)
    _compare.add_arguments(p_compare)
    args = parser.parse_args(argv)
    color = False if args.no_color else None

    if args.command in (None, "tour"):
        from pyinspect.tour import tour

        tour(color=color, width=args.width)
        return 0
    if args.command == "show":
        from pyinspect.show import show

        try:
            value = eval(args.expression, {"__name__": "__pyinspect_cli__"})  # noqa: S307 - the user's own expression
        except Exception as exc:  # the user's expression failed: say so, not a traceback
            print(f"could not evaluate {args.expression!r}: {type(exc).__name__}: {exc}", file=sys.stderr)
            return 2
        show(value, limit=args.limit, color=color, width=args.width)
        return 0
    if args.command == "struct-info":
        from pyinspect.structs import struct_info

        print(json.dumps(struct_info(), indent=1, sort_keys=True), flush=True)
        return 0
    if args.command == "compare":
        return _compare.run(args, color=color, width=args.width)
    parser.error(f"unknown command {args.command!r}")
    return 2


if __name__ == "__main__":
    sys.exit(main())
