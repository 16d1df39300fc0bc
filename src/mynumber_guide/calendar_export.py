"""A plan as an iCalendar file (RFC 5545): one all-day event per task.

The planner page (``Download calendar (.ics)``) and anyone with a plan from
:func:`mynumber_guide.api.timeline` can turn the tasks into a file that Google Calendar, Apple
Calendar and Outlook import. Calendar logic lives here, in Python, so that it is tested under
CPython and runs unchanged in the browser on Pyodide. Standard library only.

What the file looks like:

* ``VCALENDAR`` with ``VERSION:2.0``, a ``PRODID``, ``CALSCALE:GREGORIAN`` and ``METHOD:PUBLISH``;
* per task one ``VEVENT``: ``DTSTART;VALUE=DATE`` on the task's due date and ``DTEND`` the day after
  (an all-day event, "floating": the same calendar day in every time zone), ``SUMMARY``,
  ``DESCRIPTION`` (the page supplies both in the reader's language; the task id otherwise), ``URL``
  (the guidance section), ``CATEGORIES`` (the task's kind), ``TRANSP:TRANSPARENT`` (the day is not
  shown as busy) and, for deadlines, a display alarm the day before at 09:00;
* a stable ``UID`` made from the task id and the due date, so importing the same plan twice updates
  the events instead of duplicating them, and a changed date is a new event;
* ``DTSTAMP`` (required by RFC 5545) is injectable so that output is reproducible; it defaults to
  the current time in UTC.

Lines end with CRLF and are folded at 75 octets without splitting a UTF-8 character; text values
are escaped (backslash, semicolon, comma, newline).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any, Final

PRODID: Final = "-//mynumber-guide//Plan your move//EN"
UID_DOMAIN: Final = "mynumber-guide"
ALARM_TRIGGER: Final = "-PT15H"  # 09:00 on the day before an all-day event that starts at 00:00
KINDS: Final = frozenset({"deadline", "info", "advice"})
MAX_OCTETS: Final = 75

_TASK_ID: Final = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_LANGUAGE: Final = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")
_SAFE_URL: Final = re.compile(r"https?://[^\s\x00-\x1f\x7f\"<>\\^`{|}]+")


class CalendarError(ValueError):
    """A task list that cannot become a calendar (a bad id, date or kind)."""


def escape_text(value: str) -> str:
    """Escape *value* as an RFC 5545 TEXT value (§3.3.11)."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\n", "\\n"))


def fold(line: str) -> str:
    """Fold one content line at :data:`MAX_OCTETS` octets (§3.1), never inside a UTF-8 character.

    Continuation lines start with a single space, which counts towards their 75 octets.
    """
    encoded = line.encode("utf-8")
    if len(encoded) <= MAX_OCTETS:
        return line
    parts: list[str] = []
    current: list[str] = []
    size, limit = 0, MAX_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, MAX_OCTETS - 1
        current.append(char)
        size += width
    parts.append("".join(current))
    return "\r\n ".join(parts)


def _date(value: Any, what: str) -> dt.date:
    if isinstance(value, dt.datetime):
        raise CalendarError(f"{what} must be a date, not a date and time")
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise CalendarError(f"{what} is not a YYYY-MM-DD date") from None


def _stamp(value: dt.datetime | str | None) -> str:
    if value is None:
        moment = dt.datetime.now(dt.timezone.utc)
    elif isinstance(value, dt.datetime):
        moment = value
    else:
        text = str(value).strip()
        try:
            moment = dt.datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
        except ValueError:
            raise CalendarError("dtstamp is not an ISO 8601 date and time") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def event_uid(task_id: str, due: dt.date, domain: str = UID_DOMAIN) -> str:
    """The stable ``UID`` of a task's event: its id and due date, e.g. ``residence-card-20270331@mynumber-guide``."""
    return f"{task_id}-{due:%Y%m%d}@{domain}"


def _default_summary(task_id: str) -> str:
    return task_id.replace("-", " ").capitalize()


def _property(name: str, value: str, params: str = "") -> str:
    return fold(f"{name}{params}:{value}")


def plan_to_ics(
    tasks: Iterable[Mapping[str, Any]],
    *,
    texts: Mapping[str, Mapping[str, str]] | None = None,
    dtstamp: dt.datetime | str | None = None,
    calendar_name: str | None = None,
    language: str | None = None,
    uid_domain: str = UID_DOMAIN,
    alarms: bool = True,
) -> str:
    """Return the iCalendar text for *tasks* (as in ``timeline(...)["tasks"]``).

    *texts* maps a task id to ``{"summary": ..., "description": ..., "url": ...}`` in the reader's
    language (any key may be missing: the summary then comes from the id; a URL must be http(s)).
    *language* (e.g. ``"ja"``) is added as the ``LANGUAGE`` parameter of the texts, and
    *calendar_name* as ``X-WR-CALNAME`` / ``NAME``. Raises :class:`CalendarError` for a task
    without a valid ``id``, ``due`` date or ``kind``.
    """
    texts = texts or {}
    if language is not None and not _LANGUAGE.fullmatch(language):
        raise CalendarError("language must be a language tag such as 'en' or 'pt-BR'")
    lang = f";LANGUAGE={language}" if language else ""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    if calendar_name:
        lines.append(_property("NAME", escape_text(calendar_name)))
        lines.append(_property("X-WR-CALNAME", escape_text(calendar_name)))
    stamp = _stamp(dtstamp)
    for task in tasks:
        task_id = str(task.get("id", ""))
        if not _TASK_ID.fullmatch(task_id):
            raise CalendarError("every task needs an id of lower-case letters, digits and hyphens")
        due = _date(task.get("due"), f"task {task_id}: due")
        kind = task.get("kind", "deadline")
        if kind not in KINDS:
            raise CalendarError(f"task {task_id}: kind must be one of {', '.join(sorted(KINDS))}")
        text = texts.get(task_id) or {}
        summary = str(text.get("summary") or _default_summary(task_id))
        description = text.get("description")
        url = next((str(u) for u in (text.get("url"), task.get("source")) if u and _SAFE_URL.fullmatch(str(u))), None)
        lines += [
            "BEGIN:VEVENT",
            _property("UID", event_uid(task_id, due, uid_domain)),
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{due:%Y%m%d}",
            f"DTEND;VALUE=DATE:{due + dt.timedelta(days=1):%Y%m%d}",
            _property("SUMMARY", escape_text(summary), lang),
        ]
        if description:
            lines.append(_property("DESCRIPTION", escape_text(str(description)), lang))
        if url:
            lines.append(_property("URL", url, ";VALUE=URI"))
        lines += [f"CATEGORIES:{kind.upper()}", "TRANSP:TRANSPARENT"]
        if alarms and kind == "deadline":
            lines += [
                "BEGIN:VALARM",
                "ACTION:DISPLAY",
                _property("DESCRIPTION", escape_text(summary), lang),
                f"TRIGGER;RELATED=START:{ALARM_TRIGGER}",
                "END:VALARM",
            ]
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"
