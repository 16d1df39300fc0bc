"""The CLDR data the tools need to write dates and numbers exactly as Babel writes the pages.

Browsers ship incomplete locale data: Chromium has no Burmese or Nepali dates, so
``Intl.DateTimeFormat`` writes "2027 M01 22, Fri" or falls back to English or to the browser's
own language. The tools therefore never ask the browser: the build embeds, for the page's own
language only, the two date patterns the tools use, the names those patterns need, and the
number symbols, and ``overrides/assets/javascripts/cldr-format.mjs`` interprets them. Babel
formats the pages' own dates and numbers (``facts.py``) from the same CLDR data, so a date in a
tool reads like a date on the page around it.

* ``full``: a due date, with its weekday ("Friday, 22 January 2027");
* ``long``: a reference date and a checklist date, without a weekday ("22 January 2027"), as
  the pages write dates.

A language may replace a CLDR pattern in ``i18n/<locale>.yml``, for the pages and the tools
alike, where CLDR's is too terse for prose: Burmese writes ``2026 ခုနှစ် နိုဝင်ဘာလ 26 ရက်``
("year 2026, month November, day 26") where CLDR has ``2026 နိုဝင်ဘာ 26``::

    date_patterns:
      full: "y 'ခုနှစ်' MMMM'လ' d 'ရက်' (EEEE'နေ့')"
      long: "y 'ခုနှစ်' MMMM'လ' d 'ရက်'"
      month_year: "y 'ခုနှစ်' MMMM'လ'"        (pages only: "from April 2021")

Digits are Latin in every language (as on the pages: the style guide's "Arabic numerals"), and
years Gregorian (Thai counts Buddhist-era years otherwise; its patterns name the era, ค.ศ.).

This module is a library for ``tool_pages.py`` and ``checklists.py``, not a hook.
"""

from __future__ import annotations

from typing import Any, Mapping

from babel import Locale
from babel.dates import format_date as babel_format_date, format_skeleton, tokenize_pattern
from babel.numbers import format_decimal, parse_pattern

# The date styles the tools use, and what each is for (see the module's docstring).
STYLES = ("full", "long")
# The patterns a language may replace (``date_patterns`` in i18n/<locale>.yml).
OVERRIDABLE = (*STYLES, "month_year")

# The pattern letters cldr-format.mjs understands. Numeric fields: y (year), M/L (month 1–2
# letters), d (day). Named fields: G (era), M/L (3+ letters), E (weekday).
NUMERIC = {"y", "d"}
NAMED_WIDTHS = {1: "abbreviated", 2: "abbreviated", 3: "abbreviated", 4: "wide", 5: "narrow"}
DAY_WIDTHS = {1: "abbreviated", 2: "abbreviated", 3: "abbreviated", 4: "wide", 5: "narrow", 6: "short"}


def _names(locale: Locale, letter: str, count: int) -> list[str]:
    """The names a named field prints, in the order cldr-format.mjs indexes them."""
    if letter == "G":  # [before the common era, common era]
        eras = locale.eras[NAMED_WIDTHS[count]]
        return [eras[0], eras[1]]
    if letter in ("M", "L"):  # January … December
        context = "format" if letter == "M" else "stand-alone"
        months = locale.months[context][NAMED_WIDTHS[count]]
        return [months[month] for month in range(1, 13)]
    if letter == "E":  # Monday … Sunday (CLDR's order in Babel: 0 is Monday)
        days = locale.days["format"][DAY_WIDTHS[count]]
        return [days[day] for day in range(7)]
    raise ValueError(f"unsupported date pattern letter {letter * count!r}")


def _checked(overrides: Mapping[str, str] | None) -> Mapping[str, str]:
    unknown = set(overrides or {}) - set(OVERRIDABLE)
    if unknown:
        raise ValueError(f"date_patterns: unknown style(s) {sorted(unknown)}; known: {', '.join(OVERRIDABLE)}")
    return overrides or {}


def date_patterns(cldr: str, overrides: Mapping[str, str] | None = None) -> dict[str, str]:
    """The date pattern of each style in :data:`STYLES` for the Babel locale *cldr*.

    *overrides* is the language's ``date_patterns`` (``i18n/<locale>.yml``); CLDR's otherwise.
    """
    locale, own = Locale.parse(cldr), _checked(overrides)
    return {style: str(own.get(style) or locale.date_formats[style].pattern) for style in STYLES}


def client_formats(cldr: str, overrides: Mapping[str, str] | None = None) -> dict[str, Any]:
    """What cldr-format.mjs needs for the Babel locale *cldr* (and nothing more: it is in every tool page).

    Raises ``ValueError`` for a pattern letter the module does not interpret, so that a new
    CLDR release cannot make the tools print a date the build has not checked.
    """
    locale = Locale.parse(cldr)
    patterns = date_patterns(cldr, overrides)
    names: dict[str, list[str]] = {}
    for pattern in patterns.values():
        for kind, value in tokenize_pattern(pattern):
            if kind != "field":
                continue
            letter, count = value
            if letter in NUMERIC or (letter in ("M", "L") and count <= 2):
                continue
            names[f"{letter}{count}"] = _names(locale, letter, count)
    symbols = locale.number_symbols["latn"]
    number = parse_pattern(locale.decimal_formats[None].pattern)
    primary, secondary = number.grouping
    unit = locale._data["unit_patterns"]["digital-megabyte"]["short"]
    return {
        "date": patterns,
        "names": names,
        "number": {
            "group": symbols["group"],
            "decimal": symbols["decimal"],
            # The pattern's own negative prefix, as Babel writes the pages (Urdu's symbol table has
            # U+200E before the sign; Babel's text does not).
            "minus": number.prefix[1] or symbols["minusSign"],
            "grouping": [primary, secondary],
            "maxFraction": number.frac_prec[1],
        },
        "megabytes": unit.get("other") or "{0} MB",
    }


def format_date(day: Any, style: str, cldr: str, overrides: Mapping[str, str] | None = None) -> str:
    """A date in *style* (``full``, ``long`` or ``month_year``) as Babel writes it for the pages.

    The tests compare the tools' dates with this.
    """
    if style == "month_year":
        own = _checked(overrides).get("month_year")
        return babel_format_date(day, own, locale=cldr) if own else format_skeleton("yMMMM", day, locale=cldr)
    return babel_format_date(day, date_patterns(cldr, overrides)[style], locale=cldr)


def format_number(value: Any, cldr: str) -> str:
    """A number as the pages write it: Latin digits, the language's grouping."""
    return format_decimal(value, locale=cldr, numbering_system="latn")
