"""Read timeline parameters as they come from a URL query, a form or the command line.

Keys are the command line's option names without the leading dashes (``"departure"``,
``"stay-expiry"``, ...); values are strings. ``None`` and empty strings mean "not given", so a form
can send every field. Booleans and integers are accepted too (a JavaScript caller may send them).
Every problem raises :class:`~mynumber_guide.errors.InputError` with a stable code.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Final, Literal, Mapping

from .errors import InputError

Returning = Literal["no", "special-reentry", "reentry-permit"]
Insurance = Literal["nhi", "employer"]

RETURNING_CHOICES: Final[tuple[str, ...]] = ("no", "special-reentry", "reentry-permit")
INSURANCE_CHOICES: Final[tuple[str, ...]] = ("nhi", "employer")
DEPARTURE_OPTIONS: Final[tuple[str, ...]] = (
    "departure", "returning", "leaving-home", "stay-expiry", "permanent-resident",
    "special-permanent-resident", "reentry-permit-expiry", "left-job", "tax-agent", "insurance",
    "pension-months", "notice-months",
)
ARRIVAL_OPTIONS: Final[tuple[str, ...]] = ("arrival", "insurance")
KNOWN_OPTIONS: Final = frozenset(DEPARTURE_OPTIONS) | frozenset(ARRIVAL_OPTIONS)

# The years the calculator accepts: national-holiday rules are only meaningful from 1948, and the
# equinox formula behind future holidays is only an estimate; this window is wide enough for any
# real plan.
MIN_YEAR: Final = 2000
MAX_YEAR: Final = 2099
MAX_PENSION_MONTHS: Final = 1200
MAX_NOTICE_MONTHS: Final = 24

_DATE_RE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_NUMBER_RE: Final = re.compile(r"[0-9]{1,6}")
_TRUE: Final = frozenset({"true", "yes", "on", "1"})
_FALSE: Final = frozenset({"false", "no", "off", "0"})


@dataclass(frozen=True)
class DepartureInput:
    """A departure from Japan on ``departure`` (D) and what the leaver told us."""

    departure: dt.date
    returning: Returning = "no"
    stay_expiry: dt.date | None = None
    special_permanent_resident: bool = False
    reentry_permit_expiry: dt.date | None = None
    tax_agent: bool = False
    insurance: Insurance = "nhi"
    pension_months: int | None = None
    notice_months: int | None = None
    leaving_home: bool | None = None
    permanent_resident: bool = False
    left_job: dt.date | None = None

    @property
    def moving_out(self) -> bool:
        """Whether the moving-out steps apply: the home in Japan is given up (always when not returning)."""
        return self.returning == "no" or bool(self.leaving_home)


@dataclass(frozen=True)
class ArrivalInput:
    """An arrival: ``arrival`` (A) is the day the new address in Japan was settled."""

    arrival: dt.date
    insurance: Insurance = "nhi"


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value).strip()
    return text or None


def parse_date(text: str, field: str) -> dt.date:
    """Parse ``YYYY-MM-DD`` (ASCII digits) into a date in the supported years."""
    if not _DATE_RE.fullmatch(text):
        raise InputError("invalid_date", field, f"--{field}: expected a date as YYYY-MM-DD, got {text!r}")
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise InputError("impossible_date", field, f"--{field}: {text} is not a date in the calendar") from None
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise InputError("out_of_range", field, f"--{field}: only years {MIN_YEAR} to {MAX_YEAR} are supported")
    return day


def parse_number(text: str, field: str, maximum: int) -> int:
    """Parse a whole number from 0 to *maximum*."""
    if not _NUMBER_RE.fullmatch(text) or int(text) > maximum:
        raise InputError("invalid_number", field, f"--{field}: expected a whole number from 0 to {maximum}, got {text!r}")
    return int(text)


def parse_flag(text: str, field: str) -> bool:
    """Parse a yes/no value (true/false, yes/no, on/off, 1/0; any case)."""
    lowered = text.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise InputError("invalid_choice", field, f"--{field}: expected true or false, got {text!r}")


def parse_choice(text: str, field: str, choices: tuple[str, ...]) -> str:
    """Return *text* if it is one of *choices*."""
    if text not in choices:
        raise InputError("invalid_choice", field, f"--{field}: expected one of {', '.join(choices)}, got {text!r}")
    return text


def parse_params(params: Mapping[str, Any]) -> DepartureInput | ArrivalInput:
    """Validate *params* and return the input of a departure or an arrival plan.

    Checks, in this order: unknown names; exactly one of ``departure``/``arrival``; options that do
    not apply to an arrival; each value in the order of :data:`DEPARTURE_OPTIONS`; then the
    cross-field rules:

    * a re-entry permit needs its expiry, which must come after the departure;
    * a period-of-stay expiry used to cap a special re-entry must come after the departure (it is
      ignored for permanent and special permanent residents, who have no period of stay);
    * ``leaving-home`` (yes/no: give up the home in Japan, or live abroad for 1 year or more) is
      required when coming back on special re-entry or a re-entry permit; when not coming back it is
      implied yes, and ``no`` is a contradiction (``not_leaving_home``);
    * ``left-job`` (the last day at the employer or school) must be on or before the departure.
    """
    values: dict[str, str] = {}
    for name, raw in params.items():
        if name not in KNOWN_OPTIONS:
            raise InputError("unknown_option", str(name), f"unknown option {str(name)!r}")
        text = _text(raw)
        if text is not None:
            values[name] = text

    if "departure" in values and "arrival" in values:
        raise InputError("conflicting_options", "arrival", "give either --departure or --arrival, not both")
    if "arrival" in values:
        for name in values:
            if name not in ARRIVAL_OPTIONS:
                raise InputError("not_applicable", name, f"--{name} applies to a departure, not an arrival")
        return ArrivalInput(
            arrival=parse_date(values["arrival"], "arrival"),
            insurance=parse_choice(values.get("insurance", "nhi"), "insurance", INSURANCE_CHOICES),  # type: ignore[arg-type]
        )
    if "departure" not in values:
        raise InputError("missing_date", "departure", "give --departure DATE or --arrival DATE")

    departure = parse_date(values["departure"], "departure")
    returning = parse_choice(values.get("returning", "no"), "returning", RETURNING_CHOICES)
    stay_expiry = parse_date(values["stay-expiry"], "stay-expiry") if "stay-expiry" in values else None
    spr = parse_flag(values["special-permanent-resident"], "special-permanent-resident") \
        if "special-permanent-resident" in values else False
    permit_expiry = parse_date(values["reentry-permit-expiry"], "reentry-permit-expiry") \
        if "reentry-permit-expiry" in values else None
    leaving_home = parse_flag(values["leaving-home"], "leaving-home") if "leaving-home" in values else None
    permanent = parse_flag(values["permanent-resident"], "permanent-resident") \
        if "permanent-resident" in values else False
    left_job = parse_date(values["left-job"], "left-job") if "left-job" in values else None
    tax_agent = parse_flag(values["tax-agent"], "tax-agent") if "tax-agent" in values else False
    insurance = parse_choice(values.get("insurance", "nhi"), "insurance", INSURANCE_CHOICES)
    pension_months = parse_number(values["pension-months"], "pension-months", MAX_PENSION_MONTHS) \
        if "pension-months" in values else None
    notice_months = parse_number(values["notice-months"], "notice-months", MAX_NOTICE_MONTHS) \
        if "notice-months" in values else None

    if returning == "reentry-permit":
        if permit_expiry is None:
            raise InputError("missing_date", "reentry-permit-expiry",
                             "--returning reentry-permit needs --reentry-permit-expiry DATE")
        if permit_expiry <= departure:
            raise InputError("date_order", "reentry-permit-expiry",
                             "--reentry-permit-expiry must be after the departure date")
    if returning == "special-reentry" and not (spr or permanent) and stay_expiry is not None \
            and stay_expiry <= departure:
        raise InputError("date_order", "stay-expiry",
                         "--stay-expiry must be after the departure date to leave on a special re-entry permit")
    if returning == "no":
        if leaving_home is False:
            raise InputError("not_leaving_home", "leaving-home",
                             "--leaving-home no needs --returning special-reentry or reentry-permit: "
                             "without re-entry permission your registration in Japan ends when you leave")
        leaving_home = True
    elif leaving_home is None:
        raise InputError("missing_choice", "leaving-home",
                         f"--returning {returning} needs --leaving-home yes or no (will you give up your "
                         "home in Japan, or live abroad for 1 year or more?)")
    if left_job is not None and left_job > departure:
        raise InputError("after_departure", "left-job", "--left-job must be on or before the departure date")

    return DepartureInput(
        departure=departure,
        returning=returning,  # type: ignore[arg-type]
        stay_expiry=stay_expiry,
        special_permanent_resident=spr,
        reentry_permit_expiry=permit_expiry,
        tax_agent=tax_agent,
        insurance=insurance,  # type: ignore[arg-type]
        pension_months=pension_months,
        notice_months=notice_months,
        leaving_home=leaving_home,
        permanent_resident=permanent,
        left_job=left_job,
    )
