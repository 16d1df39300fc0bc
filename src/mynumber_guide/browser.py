"""The bridge between the tool pages' Web Worker and the package: JSON text in, JSON text out.

``overrides/assets/javascripts/tools/pyodide-worker.mjs`` imports this module in Pyodide and calls
:func:`call` with a request name and its arguments as JSON; the page never sends code. Every
answer is a JSON object. Nothing here raises and nothing is printed or logged: an unexpected
failure becomes ``{"error": {"code": "internal", "field": null}}`` without the exception's text,
which could contain what the reader typed.

Requests (arguments as a JSON object):

``check_number``  ``{"text": ...}`` → :func:`mynumber_guide.api.check_number`
``timeline``      ``{"params": {...}}`` → :func:`mynumber_guide.api.timeline`
``calendar``      ``{"tasks": [...], "texts": {...}, "dtstamp": ..., "calendar_name": ..., "language": ...}``
                  → ``{"ics": "BEGIN:VCALENDAR..."}`` (:func:`mynumber_guide.calendar_export.plan_to_ics`)
``version``       ``{}`` → ``{"version": ..., "python": ..., "platform": ...}``

A payload that is not a JSON object, or an unknown request, gives ``invalid_params``; calendar
tasks or texts of the wrong shape give ``invalid_calendar``; ``internal`` is left for real bugs.

CSV files arrive as bytes, not JSON: :func:`check_csv` takes them directly.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Mapping
from typing import Any

from . import __version__

# Imports are deferred so that the validator answers first: importing this module loads nothing
# but the standard library; ``check_number`` needs only ``checkdigit``; the planner's modules
# (``api``, ``timeline``, jpholiday, the facts file) load on first use or during :func:`warm_up`.

INTERNAL = {"error": {"code": "internal", "field": None}}
BAD_REQUEST = {"error": {"code": "invalid_params", "field": None}}
BAD_CALENDAR = {"error": {"code": "invalid_calendar", "field": None}}
TOO_LARGE = {"error": {"code": "too_large", "field": "file"}}
_OPTIONAL_TEXTS = ("dtstamp", "calendar_name", "language")


def _check_number(args: Mapping[str, Any]) -> dict[str, Any]:
    """What :func:`mynumber_guide.api.check_number` returns (the same call), without importing ``api``."""
    from .checkdigit import check

    text = args.get("text")
    return check("" if text is None else str(text)).to_dict()


def _timeline(args: Mapping[str, Any]) -> dict[str, Any]:
    from . import api

    return api.timeline(args.get("params"))


def _calendar(args: Mapping[str, Any]) -> dict[str, Any]:
    from .calendar_export import CalendarError, plan_to_ics

    tasks = args.get("tasks")
    texts = args.get("texts") or {}
    if not isinstance(tasks, list) or not isinstance(texts, Mapping):
        return BAD_REQUEST
    # The shapes plan_to_ics expects: anything else is the page's mistake, not an internal error.
    if not all(isinstance(task, Mapping) for task in tasks) or \
            not all(value is None or isinstance(value, Mapping) for value in texts.values()) or \
            any(args.get(name) is not None and not isinstance(args.get(name), str) for name in _OPTIONAL_TEXTS):
        return BAD_CALENDAR
    try:
        ics = plan_to_ics(
            tasks,
            texts=texts,
            dtstamp=args.get("dtstamp"),
            calendar_name=args.get("calendar_name"),
            language=args.get("language"),
        )
    except (CalendarError, TypeError, ValueError, KeyError, AttributeError):
        return BAD_CALENDAR
    return {"ics": ics}


def _version(args: Mapping[str, Any]) -> dict[str, Any]:
    return {"version": __version__, "python": sys.version.split()[0], "platform": sys.platform}


HANDLERS: dict[str, Callable[[Mapping[str, Any]], dict[str, Any]]] = {
    "check_number": _check_number,
    "timeline": _timeline,
    "calendar": _calendar,
    "version": _version,
}


def call(name: str, payload: str) -> str:
    """Run request *name* with the JSON object *payload*; return the answer as JSON text."""
    try:
        handler = HANDLERS.get(name) if isinstance(name, str) else None
        try:
            args = json.loads(payload) if payload else {}
        except (TypeError, ValueError, RecursionError):  # not JSON text, or absurdly nested
            return json.dumps(BAD_REQUEST)
        if handler is None or not isinstance(args, Mapping):
            return json.dumps(BAD_REQUEST)
        return json.dumps(handler(args), ensure_ascii=False)
    except MemoryError:
        return json.dumps(INTERNAL)
    except Exception:  # noqa: BLE001 - the worker must get an answer, never a traceback
        return json.dumps(INTERNAL)


def check_csv(data: Any, column: str | int | None = None) -> str:
    """Check a CSV file's bytes (a ``bytes`` object, or a JavaScript ``Uint8Array`` in Pyodide)."""
    from . import api

    try:
        raw = data.to_bytes() if hasattr(data, "to_bytes") else bytes(data)
        # JavaScript's null arrives as pyodide.ffi.jsnull, not None: anything but a name, an
        # index or a letter means "no column given" (the numbers' header, else the first column).
        if isinstance(column, bool) or not isinstance(column, (str, int)) or \
                (isinstance(column, str) and not column.strip()):
            column = None
        return json.dumps(api.check_csv(raw, column), ensure_ascii=False)
    except MemoryError:
        return json.dumps(TOO_LARGE)
    except Exception:  # noqa: BLE001
        return json.dumps(INTERNAL)


WARM_UP_STEPS = ("checker", "planner", "departure", "arrival", "calendar")


def warm_up(step: str | None = None) -> None:
    """Import and run one part (or, without *step*, all of :data:`WARM_UP_STEPS`) with synthetic input.

    The worker runs ``"checker"`` before it reports ready and the other steps one by one after,
    so that a request can be answered between two steps.
    """
    for name in WARM_UP_STEPS if step is None else (step,):
        if name == "checker":
            _check_number({"text": "123456789018"})
        elif name == "planner":
            from . import api  # noqa: F401 - the import is the point
        elif name == "departure":
            _timeline({"params": {"departure": "2030-01-31", "pension-months": "12", "tax-agent": "yes"}})
        elif name == "arrival":
            _timeline({"params": {"arrival": "2030-01-31"}})
        elif name == "calendar":
            _calendar({"tasks": [{"id": "warm-up", "due": "2030-01-31", "kind": "deadline"}],
                       "dtstamp": "2030-01-01T00:00:00Z"})
        else:
            raise ValueError(f"unknown warm-up step {name!r}")
