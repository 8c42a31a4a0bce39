"""python -m pyinspect: see what CPython stores for an object, from the shell.

    python -m pyinspect                 a tour: a dozen objects and what to notice in each
    python -m pyinspect show EXPR       show() the value of a Python expression
    python -m pyinspect struct-info     the struct offsets this build reads, as JSON
    python -m pyinspect compare         the same objects read under every CPython installed
                                        (--python PATH..., --build, --json, --html, --check FILE)
    python -m pyinspect steps FILE.py -o steps.html
                                        run FILE.py line by line (it runs!) and write the stepper page

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

from pyinspect.arguments import MAX_WIDTH, MIN_WIDTH, cli_type

#: the exit status when the user's expression raised or exited, or when the
#: object cannot be read: argparse's status for a bad command line
FAILED = 2
#: the exit status after Ctrl-C (128 + SIGINT, as shells report it)
INTERRUPTED = 130


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
    p.add_argument("--width", type=cli_type("width", minimum=MIN_WIDTH, maximum=MAX_WIDTH),
                   help=f"output width in characters ({MIN_WIDTH} to {MAX_WIDTH})", **default)


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
    p_show.add_argument("--limit", type=cli_type("limit", minimum=1), default=16, help="rows per table (1 or more)")
    _output_options(p_show, here=False)
    sub.add_parser("struct-info", help="print struct_info() as JSON")
    p_steps = sub.add_parser("steps", help="run a Python file line by line and record memory after each line",
                             description="Run FILE (as __main__: it really runs) under pyinspect.steps(): "
                                         "print a table of the steps, and with -o write the stepper page.")
    p_steps.add_argument("file", help="the Python file to run")
    p_steps.add_argument("-o", "--output", default=None, help="write the stepper page here (.html)")
    p_steps.add_argument("--max-steps", type=cli_type("max_steps", minimum=1), default=1000,
                         help="snapshots at most (default 1000)")
    p_steps.add_argument("--depth", type=cli_type("depth"), default=3, help="container levels drawn (default 3)")
    _output_options(p_steps, here=False)
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
        return _show(args.expression, limit=args.limit, color=color, width=args.width)
    if args.command == "struct-info":
        from pyinspect.structs import struct_info

        print(json.dumps(struct_info(), indent=1, sort_keys=True), flush=True)
        return 0
    if args.command == "steps":
        return _steps(args, color)
    if args.command == "compare":
        return _compare.run(args, color=color, width=args.width)
    parser.error(f"unknown command {args.command!r}")
    return 2


def _show(expression: str, limit: int, color: Optional[bool], width: Optional[int]) -> int:
    """``show`` the value of the user's expression; its failures (an
    exception, ``exit()``, Ctrl-C) are reported in one line, not a traceback."""
    from pyinspect.errors import InspectError
    from pyinspect.output import show

    try:
        value = eval(expression, {"__name__": "__pyinspect_cli__"})  # noqa: S307 - the user's own expression
    except KeyboardInterrupt:
        print(f"interrupted while evaluating {expression!r}", file=sys.stderr)
        return INTERRUPTED
    except SystemExit as exc:  # exit(3), sys.exit(): the expression asked to stop, nothing to show
        print(f"could not evaluate {expression!r}: it raised SystemExit({_exit_code(exc)})", file=sys.stderr)
        return FAILED
    except BaseException as exc:  # the user's expression failed: say so, not a traceback
        print(f"could not evaluate {expression!r}: {type(exc).__name__}: {_message(exc)}", file=sys.stderr)
        return FAILED
    try:
        show(value, limit=limit, color=color, width=width)
    except InspectError as exc:
        print(f"could not read the value of {expression!r}: {_message(exc)}", file=sys.stderr)
        return FAILED
    return 0


def _exit_code(exc: SystemExit) -> str:
    code = exc.code
    return "" if code is None else repr(code) if type(code) in (int, str) else type(code).__name__


def _message(exc: BaseException) -> str:
    """``str(exc)``, or what it raised when even that fails (a hostile exception)."""
    try:
        return str(exc)
    except Exception as inner:  # noqa: BLE001 - any failure of the user's __str__
        return f"<str() of the exception raised {type(inner).__name__}>"


def _steps(args: argparse.Namespace, color: Optional[bool]) -> int:
    import builtins
    import os

    from pyinspect.output import save
    from pyinspect.render import console
    from pyinspect.stepper import steps

    path = os.path.abspath(args.file)
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError as exc:
        print(f"cannot read {args.file}: {exc}", file=sys.stderr)
        return 2
    namespace = {"__name__": "__main__", "__file__": path, "__builtins__": builtins}
    sys.path.insert(0, os.path.dirname(path))  # as `python FILE.py` would
    try:
        run = steps(text, globals=namespace, max_steps=args.max_steps, depth=args.depth, filename=path)
    except (SyntaxError, ValueError) as exc:
        print(f"cannot step through {args.file}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
    finally:
        del sys.path[0]
        namespace.clear()  # the file's objects die here, not at exit
    console(color=color, width=args.width).print(run)
    if args.output:
        save(run, args.output)
        print(f"wrote {args.output}: {len(run)} steps")
    return 0


if __name__ == "__main__":
    sys.exit(main())
