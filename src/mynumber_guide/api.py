"""JSON-in, JSON-out functions for the in-browser tools (called through Pyodide in a Web Worker).

Every function takes plain values and returns a ``dict`` that ``json.dumps`` can write; none of
them raises for bad input. Bad input gives ``{"error": {"code": ..., "field": ...}}`` with a
stable code (listed in :mod:`mynumber_guide.errors`) so the page can show a message in the
reader's language. The command line is a thin layer over the same functions, so a browser result
and ``python -m mynumber_guide ... --json`` are identical.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from .checkdigit import check
from .csvcheck import ColumnSpec, check_bytes
from .errors import InputError
from .params import parse_params
from .timeline import mark_passed, notices, plan


def check_number(text: str) -> dict[str, Any]:
    """Check one number: the same object that ``check NUMBER`` prints on its own line.

    Keys: ``input``, ``normalized``, ``kind``, ``valid``, ``error``, ``expected_check_digit``.
    """
    return check("" if text is None else str(text)).to_dict()


def check_csv(data: bytes, column: ColumnSpec = None) -> dict[str, Any]:
    """Check a CSV file's column; counts and invalid rows as ``{"row", "error"}``, never a number.

    *column* is a header name, a 1-based index (an int or a string of digits) or an Excel column
    letter; ``None`` checks the column headed like a number column (マイナンバー, My Number, ...;
    then ``column_from_header`` is true and ``column_name`` names it), else the first one. See :mod:`mynumber_guide.csvcheck` for the encoding and header rules.
    ``invalid_rows`` lists the first ``invalid_rows_limit`` invalid rows; ``invalid`` counts all.
    A file that does not fit in memory gives the error ``too_large``.
    """
    try:
        return check_bytes(bytes(data), column).to_dict()
    except InputError as exc:
        return exc.to_dict()
    except MemoryError:
        return InputError("too_large", "file", "the file is too large to check here").to_dict()


def timeline_tasks(params: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The task list for *params*; raises :class:`InputError`."""
    return [task.to_dict() for task in plan(parse_params(params))]


def timeline_result(params: Mapping[str, Any], today: dt.date | None = None) -> dict[str, Any]:
    """``{"tasks": [...], "notices": [...]}`` for *params*; raises :class:`InputError` (used by the command line).

    ``notices`` (``[{"id", "field"}]``) says what the plan could not work out, e.g.
    ``stay-expiry-needed``. With *today*, tasks due before it carry ``"passed": true`` (the page
    marks them itself, from the reader's own date, so the browser never sends *today*).
    """
    inp = parse_params(params)
    tasks = [task.to_dict() for task in plan(inp)]
    if today is not None:
        tasks = mark_passed(tasks, today)
    return {"tasks": tasks, "notices": [notice.to_dict() for notice in notices(inp)]}


def timeline(params: Mapping[str, Any]) -> dict[str, Any]:
    """``{"tasks": [...], "notices": [...]}`` exactly as ``timeline --json`` prints it, or ``{"error": {...}}``.

    *params* uses the command line's option names as keys (``"departure"`` or ``"arrival"``,
    ``"returning"``, ``"stay-expiry"``, ``"special-permanent-resident"``,
    ``"reentry-permit-expiry"``, ``"leaving-home"``, ``"permanent-resident"``, ``"left-job"``,
    ``"tax-agent"``, ``"insurance"``, ``"pension-months"``, ``"notice-months"``) and strings as values, as they come from a URL query or a form; empty
    strings count as not given.
    """
    if not isinstance(params, Mapping):
        return InputError("invalid_params", None, "parameters must be an object").to_dict()
    try:
        return timeline_result(params)
    except InputError as exc:
        return exc.to_dict()
