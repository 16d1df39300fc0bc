"""The command line: ``python -m mynumber_guide check ...`` and ``... timeline ...``.

A thin layer over :mod:`mynumber_guide.api`: it turns options into the same parameters the
browser sends and prints the same JSON. Exit status: 0 when everything checked is valid (or a plan
was printed), 1 when ``check`` found an invalid number, 2 for bad input (an impossible date, an
unknown option, an unreadable file, a file in an unknown encoding, a malformed CSV file, a full
disk or a closed standard output); a failure prints one line to standard error and never a
traceback. A broken pipe (``... | head``) ends the command quietly with status 2.

Error lines never repeat what was typed verbatim: a run of 12 or more digits (a My Number or a
Corporate Number, perhaps) is replaced by ``[number hidden]``, control characters and line breaks
are escaped, and echoed values are cut to about 80 characters.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import unicodedata
from typing import IO, Any, BinaryIO, NoReturn, Sequence

from .api import check_number, timeline_result
from .csvcheck import check_stream
from .errors import InputError
from .params import DEPARTURE_OPTIONS, INSURANCE_CHOICES, RETURNING_CHOICES, parse_date

PROG = "mynumber-guide"
EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A command-line usage problem (reported in one line, exit status 2)."""


class OutputError(Exception):
    """Standard output cannot be written (a full disk, a closed descriptor)."""


_NUMBER_RUN = re.compile(r"\d(?:[ \u3000\-\u2010-\u2015\u2212\u30fc\uff0d\uff70]?\d){11,}")
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"})
SHOWN_VALUE = 80
SHOWN_MESSAGE = 240


def safe_text(text: str, limit: int = SHOWN_VALUE) -> str:
    """*text* fit for one line of standard error: numbers hidden, control characters escaped, cut."""
    masked = _NUMBER_RUN.sub("[number hidden]", text)
    escaped = "".join(char.encode("unicode_escape", "backslashreplace").decode("ascii")
                      if unicodedata.category(char) in _UNSAFE_CATEGORIES else char for char in masked)
    return escaped if len(escaped) <= limit else escaped[:limit - 1] + "…"


class _Parser(argparse.ArgumentParser):
    """ArgumentParser that raises instead of printing usage and exiting."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)

    def parse_args(self, args: Sequence[str] | None = None,  # type: ignore[override]
                   namespace: argparse.Namespace | None = None) -> argparse.Namespace:
        """Like argparse's, but unrecognized values are counted, not echoed (they may be numbers)."""
        parsed, extras = self.parse_known_args(args, namespace)
        if extras:
            options = [safe_text(arg, 40) for arg in extras if arg.startswith("--")]
            others = len(extras) - len(options)
            parts = options[:3] + (["…"] if len(options) > 3 else [])
            if others:
                parts.append(f"{others} other argument{'s' if others > 1 else ''} (not shown)")
            raise UsageError("unrecognized arguments: " + ", ".join(parts))
        return parsed


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (also used to print ``--help``)."""
    parser = _Parser(prog=PROG, allow_abbrev=False,
                     description="Check My Number / Corporate Number check digits and plan moving "
                                 "in or out of Japan.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser(
        "check", allow_abbrev=False, help="check numbers or a CSV column",
        description="Print one JSON object per NUMBER, or check a CSV column (--csv) and print "
                    "the invalid rows and a summary, never a number. Exit status 1 if any number "
                    "is invalid.")
    check.add_argument("numbers", nargs="*", metavar="NUMBER")
    check.add_argument("--csv", metavar="FILE", help="a CSV file (UTF-8, UTF-8 with BOM, Shift_JIS/CP932)")
    check.add_argument("--column", metavar="NAME|INDEX|LETTER",
                       help="header name, 1-based column index (1 = column A) or Excel column letter (A, B, ..., AA); "
                            "default: the column headed マイナンバー, 個人番号, 法人番号, My Number or Corporate Number, "
                            "else column 1")
    check.add_argument("--json", action="store_true", help="with --csv: print the summary as JSON (all counts, and the first 1 000 invalid rows)")
    check.set_defaults(handler=_run_check)

    plan = commands.add_parser(
        "timeline", allow_abbrev=False, help="dated plan for leaving or arriving",
        description="Print the dated tasks for leaving Japan (--departure) or after settling an "
                    "address in Japan (--arrival). Dates are YYYY-MM-DD.")
    plan.add_argument("--departure", metavar="DATE")
    plan.add_argument("--arrival", metavar="DATE")
    plan.add_argument("--returning", metavar="|".join(RETURNING_CHOICES), help="default: no")
    plan.add_argument("--leaving-home", metavar="yes|no",
                      help="give up your home in Japan, or live abroad for 1 year or more? "
                           "(needed with --returning special-reentry or reentry-permit)")
    plan.add_argument("--stay-expiry", metavar="DATE",
                      help="period-of-stay expiry (caps special re-entry; needed for its date unless "
                           "a (special) permanent resident)")
    plan.add_argument("--permanent-resident", action="store_true")
    plan.add_argument("--special-permanent-resident", action="store_true")
    plan.add_argument("--reentry-permit-expiry", metavar="DATE")
    plan.add_argument("--left-job", metavar="DATE", help="last day at your employer or school in Japan")
    plan.add_argument("--tax-agent", action="store_true", help="a tax agent (納税管理人) will act for you")
    plan.add_argument("--insurance", metavar="|".join(INSURANCE_CHOICES), help="default: nhi")
    plan.add_argument("--pension-months", metavar="N", help="months of pension contributions")
    plan.add_argument("--notice-months", metavar="N", help="landlord notice in months (default 1; 0 = none)")
    plan.add_argument("--today", metavar="DATE",
                      help='mark tasks due before DATE as passed ("passed": true)')
    plan.add_argument("--json", action="store_true", help="print JSON")
    plan.set_defaults(handler=_run_timeline)
    return parser


def _open_input(path: str) -> BinaryIO:
    """Open *path* (a file, ``/dev/stdin`` or a FIFO) for one pass of reading."""
    try:
        return open(path, "rb")  # noqa: SIM115 - closed by the caller
    except ValueError:  # a NUL byte in the path
        raise InputError("unreadable_file", "file", f"cannot read {safe_text(path)}: not a file name") from None
    except OSError as exc:
        raise InputError("unreadable_file", "file",
                         f"cannot read {safe_text(path)}: {exc.strerror or type(exc).__name__}") from None


def _run_check(args: argparse.Namespace, out: IO[str]) -> int:
    if args.csv is None:
        if args.column is not None or args.json:
            raise UsageError("--column and --json need --csv FILE")
        if not args.numbers:
            raise UsageError("give one or more NUMBERs or --csv FILE")
        all_valid = True
        for number in args.numbers:
            result = check_number(number)
            all_valid &= result["valid"]
            out.write(json.dumps(result) + "\n")
        return EXIT_OK if all_valid else EXIT_INVALID
    if args.numbers:
        raise UsageError("give either NUMBERs or --csv FILE, not both")

    write = out.write

    def print_row(row: int, error: str) -> None:
        write(f"row {row}: {error}\n")

    # Reading errors become InputError (csvcheck reads through its own guard); an OSError that
    # gets out of here comes from writing standard output.
    with _open_input(args.csv) as handle:
        if args.json:
            report = check_stream(handle, args.column)
            write(json.dumps(report.to_dict()) + "\n")
        else:
            report = check_stream(handle, args.column, on_invalid=print_row, keep_rows=False)
            write(report.summary_line() + "\n")
    return EXIT_OK if report.invalid == 0 else EXIT_INVALID


def _timeline_params(args: argparse.Namespace) -> dict[str, str]:
    params: dict[str, str] = {}
    for name in DEPARTURE_OPTIONS + ("arrival",):
        value: Any = getattr(args, name.replace("-", "_"))
        if value is True:
            params[name] = "true"
        elif value is not None and value is not False:
            params[name] = value
    return params


def format_tasks(tasks: list[dict[str, Any]], notices: list[dict[str, Any]] | None = None) -> str:
    """The readable list printed without ``--json`` (notices first, passed tasks marked)."""
    lines = [f"notice: {notice['id']} (give --{notice['field']})" for notice in notices or []]
    for task in tasks:
        window = f"{task['earliest']} to {task['due']}" if "earliest" in task else task["due"]
        passed = "  (passed)" if task.get("passed") else ""
        lines.append(f"{window:<24}  {task['kind']:<8}  {task['id']}  [{task['rule']}]{passed}")
        for key, value in task.get("details", {}).items():
            lines.append(f"{'':<24}  {key}: {json.dumps(value)}")
        lines.append(f"{'':<24}  {task['source']}")
    return "\n".join(lines) + "\n"


def _run_timeline(args: argparse.Namespace, out: IO[str]) -> int:
    today = parse_date(args.today.strip(), "today") if args.today is not None else None
    result = timeline_result(_timeline_params(args), today)
    if args.json:
        out.write(json.dumps(result) + "\n")
    else:
        out.write(format_tasks(result["tasks"], result["notices"]))
    return EXIT_OK


def _silence_stdout() -> None:
    """Point file descriptor 1 at /dev/null so that the interpreter's last flush cannot fail."""
    try:
        fileno = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fileno)
    os.close(devnull)


def _fail(message: str) -> int:
    if sys.stderr is not None:
        try:
            sys.stderr.write(f"{PROG}: error: {safe_text(message, SHOWN_MESSAGE)}\n")
            sys.stderr.flush()
        except (OSError, ValueError):
            pass
    return EXIT_USAGE


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (never raises, never prints a traceback)."""
    try:
        args = build_parser().parse_args(argv)
        if sys.stdout is None:
            raise OutputError("standard output is closed")
        status = args.handler(args, sys.stdout)
        sys.stdout.flush()
        return status
    except (UsageError, InputError, OutputError) as exc:
        return _fail(str(exc))
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): stop quietly, as Unix tools do.
        _silence_stdout()
        return EXIT_USAGE
    except OSError as exc:
        # Reading errors are InputErrors by now: this is standard output (a full disk, say).
        _silence_stdout()
        return _fail(f"cannot write the output: {exc.strerror or type(exc).__name__}")
    except MemoryError:
        return _fail("not enough memory to finish (is the file too large?)")
    except SystemExit as exc:  # --help
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - a bug: still one line, never a traceback
        return _fail(f"unexpected internal error ({type(exc).__name__})")
