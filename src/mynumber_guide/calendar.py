"""Office calendar and period arithmetic for the timelines.

Open and closed days
    Municipal offices and tax offices are closed on the weekdays named by the fact
    ``offices.closed_weekdays`` (Saturday and Sunday), on national holidays under the Act on
    National Holidays (computed by ``jpholiday``, which includes substitute holidays, Art. 3(2), and
    the "citizens' holiday" between two holidays, Art. 3(3)), and during the year-end closure from
    ``offices.year_end_closure_start`` to ``offices.year_end_closure_end`` (29 December to
    3 January). Local special days (Okinawa's 23 June, Hiroshima City's 6 August) are not modelled.

    Equinox days are fixed by the National Astronomical Observatory only for the next year;
    ``jpholiday`` computes later years by formula, so dates more than about a year ahead can change
    if the published equinox differs.

Periods (Civil Code)
    * Art. 140: the first day is not counted, so "within N days of X" ends on X + N days
      (:func:`days_after`).
    * Periods in months and years end on the same calendar date, or on the last day of that month
      where the date does not exist (29 February → 28 February) (:func:`years_after`,
      :func:`months_after`, and :func:`months_before` for counting back).

      Strict Art. 143(2) reckons from the day after the event and ends the period the day before
      the corresponding day, which differs from the rule above only at month ends (an event on
      28 February 2027 plus one year gives 29 February 2028 under Art. 143(2), 28 February 2028 here).
      The rule used here never gives a later date, so it is the conservative choice.

Which deadlines move is decided by :mod:`mynumber_guide.timeline`; this module only provides
:meth:`OfficeCalendar.next_open_day` (Local Autonomy Act Art. 4-2(4): a notification deadline on
a closed day moves to the next open day) and :meth:`OfficeCalendar.last_open_day_before` (a
"before departure" task must be done on an open day before the flight).
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from typing import Callable, Final, Literal

import jpholiday

from .facts import Facts, load_facts

Closure = Literal["weekend", "national_holiday", "year_end_closure"]

_WEEKDAY_NAMES: Final = {name.lower(): number for number, name in enumerate(_stdlib_calendar.day_name)}
_ONE_DAY: Final = dt.timedelta(days=1)
# No run of closed days comes anywhere near this long; it only guards against an endless loop if
# the facts ever declared every day closed.
_MAX_CLOSED_RUN: Final = 60


def parse_weekdays(text: str) -> frozenset[int]:
    """Parse a fact such as ``"Saturday, Sunday"`` into ``datetime.weekday()`` numbers."""
    names = [part.strip().lower() for part in text.split(",") if part.strip()]
    try:
        return frozenset(_WEEKDAY_NAMES[name] for name in names)
    except KeyError as exc:
        raise ValueError(f"unknown weekday name in {text!r}") from exc


@dataclass(frozen=True)
class OfficeCalendar:
    """Which days Japanese municipal and tax offices are open (see the module docstring)."""

    closed_weekdays: frozenset[int]
    year_end_start: tuple[int, int]
    year_end_end: tuple[int, int]
    is_national_holiday: Callable[[dt.date], bool] = field(default=jpholiday.is_holiday)

    @classmethod
    def from_facts(cls, facts: Facts) -> "OfficeCalendar":
        """Build the calendar from the facts file's ``offices.*`` facts."""
        return cls(
            closed_weekdays=parse_weekdays(str(facts.value("offices.closed_weekdays"))),
            year_end_start=facts.month_day("offices.year_end_closure_start"),
            year_end_end=facts.month_day("offices.year_end_closure_end"),
        )

    def in_year_end_closure(self, day: dt.date) -> bool:
        """True from ``year_end_start`` to ``year_end_end`` inclusive (the range may span New Year)."""
        md = (day.month, day.day)
        if self.year_end_start <= self.year_end_end:
            return self.year_end_start <= md <= self.year_end_end
        return md >= self.year_end_start or md <= self.year_end_end

    def closure(self, day: dt.date) -> Closure | None:
        """Why offices are closed on *day*, or ``None`` if they are open."""
        if day.weekday() in self.closed_weekdays:
            return "weekend"
        if self.in_year_end_closure(day):
            return "year_end_closure"
        if self.is_national_holiday(day):
            return "national_holiday"
        return None

    def is_open(self, day: dt.date) -> bool:
        """True if municipal and tax offices are open on *day*."""
        return self.closure(day) is None

    def next_open_day(self, day: dt.date) -> dt.date:
        """*day* itself if open, else the first open day after it (deadline roll-forward)."""
        for _ in range(_MAX_CLOSED_RUN):
            if self.is_open(day):
                return day
            day += _ONE_DAY
        raise ValueError("no open office day found")

    def last_open_day_before(self, day: dt.date) -> dt.date:
        """The last open day strictly before *day* (for tasks that must be done before leaving)."""
        for _ in range(_MAX_CLOSED_RUN):
            day -= _ONE_DAY
            if self.is_open(day):
                return day
        raise ValueError("no open office day found")


@cache
def default_calendar() -> OfficeCalendar:
    """The office calendar built from the packaged facts file (immutable, built once)."""
    return OfficeCalendar.from_facts(load_facts())


def days_after(event: dt.date, days: int) -> dt.date:
    """Last day of a period of *days* days after *event* (first day not counted: event + days)."""
    return event + dt.timedelta(days=days)


def days_before(day: dt.date, days: int) -> dt.date:
    """The date *days* days before *day*."""
    return day - dt.timedelta(days=days)


def _shift_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + (day.month - 1) + months
    year, month0 = divmod(index, 12)
    last = _stdlib_calendar.monthrange(year, month0 + 1)[1]
    return dt.date(year, month0 + 1, min(day.day, last))


def months_after(event: dt.date, months: int) -> dt.date:
    """Same calendar date *months* months later, or that month's last day if the date is missing."""
    return _shift_months(event, months)


def months_before(day: dt.date, months: int) -> dt.date:
    """Same calendar date *months* months earlier, or that month's last day if the date is missing.

    31 March minus one month is 28 (or 29) February: never later than the true month boundary.
    """
    return _shift_months(day, -months)


def years_after(event: dt.date, years: int) -> dt.date:
    """Same calendar date *years* years later; 29 February becomes 28 February in a common year."""
    return _shift_months(event, 12 * years)
