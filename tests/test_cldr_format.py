"""The tools write dates and numbers exactly as Babel writes them on the pages, in every language.

The tools (planner, dated checklists, calendar texts) format with cldr-format.mjs from the CLDR
data the build embeds (scripts/hooks/cldr_formats.py), never with the browser's Intl, whose
locale data is incomplete. Here Node runs that module on the data of each of the 13 languages for
a sample of dates and numbers, and every result must equal Babel's. Missing Node is a failure,
not a skip.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from functools import cache

import pytest
from babel import Locale
from babel.units import format_unit

from site_info import ROOT, languages, ui_data

sys.path.insert(0, str(ROOT / "scripts" / "hooks"))
from cldr_formats import _names, client_formats, format_date, format_number  # noqa: E402

RUNNER = ROOT / "tests" / "js" / "cldr_format.mjs"
JAVASCRIPTS = ROOT / "overrides" / "assets" / "javascripts"


def sample_dates() -> list[dt.date]:
    """Every month's first and last day in 2026–2028 (leap day included) and one week of weekdays."""
    days: set[dt.date] = set()
    for year in (2026, 2027, 2028):
        for month in range(1, 13):
            first = dt.date(year, month, 1)
            days.add(first)
            days.add((first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1))
    days.update(dt.date(2027, 1, 18) + dt.timedelta(days=offset) for offset in range(7))  # Monday … Sunday
    return sorted(days)


NUMBERS = [0, 6, 14, 100, 999, 1000, 2000, 12345, 200000, 1000000, 20000000, 1234.5, -42]


def babel_locales() -> dict[str, str]:
    """Site locale -> the Babel locale its pages are formatted with."""
    return {language.locale: str(ui_data(language.locale)["babel_locale"]) for language in languages()}


def own_patterns(locale: str) -> dict[str, str]:
    """The date patterns a language writes instead of CLDR's (i18n/<locale>.yml), for pages and tools."""
    return dict(ui_data(locale).get("date_patterns") or {})


@cache
def javascript_results() -> dict[str, dict]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not installed: this test runs the tools' formatter in Node.js", pytrace=False)
    locales = babel_locales()
    dates = [day.isoformat() for day in sample_dates()]
    cases = [{"formats": client_formats(cldr, own_patterns(locale)), "dates": dates, "numbers": NUMBERS}
             for locale, cldr in locales.items()]
    done = subprocess.run([node, str(RUNNER)], input=json.dumps({"cases": cases}), capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return dict(zip(locales, json.loads(done.stdout)))


def test_every_published_language_has_its_formats() -> None:
    assert len(babel_locales()) == len(languages()) == 21


@pytest.mark.parametrize("style", ["full", "long"])
@pytest.mark.parametrize("locale", sorted(babel_locales()))
def test_tool_dates_are_babels(locale: str, style: str) -> None:
    cldr = babel_locales()[locale]
    expected = [format_date(day, style, cldr, own_patterns(locale)) for day in sample_dates()]
    assert javascript_results()[locale][style] == expected


@pytest.mark.parametrize("locale", sorted(babel_locales()))
def test_tool_numbers_are_babels(locale: str) -> None:
    cldr = babel_locales()[locale]
    result = javascript_results()[locale]
    assert result["numbers"] == [format_number(value, cldr) for value in NUMBERS]
    assert result["megabytes"] == format_unit(12, "digital-megabyte", "short", locale=cldr)


@pytest.mark.parametrize(("locale", "written"), [
    ("en", "200,000"), ("es", "200.000"), ("pt-BR", "200.000"), ("id", "200.000"), ("vi", "200.000"),
    ("ja", "200,000"), ("th", "200,000"), ("my", "200,000"), ("ne", "2,00,000"),
])
def test_two_hundred_thousand_is_grouped_the_readers_way(locale: str, written: str) -> None:
    numbers = javascript_results()[locale]["numbers"]
    assert numbers[NUMBERS.index(200000)] == written


def test_the_dates_readers_reported_read_in_their_language() -> None:
    """Nepali and Burmese months in their script (Burmese marking year, month and day as its prose does),
    Thai with ค.ศ. and a single วัน, reference dates without a weekday."""
    index = [day.isoformat() for day in sample_dates()].index("2027-01-22")
    results = javascript_results()
    assert results["ne"]["full"][index] == "2027 जनवरी 22, शुक्रबार"
    assert results["my"]["full"][index] == "2027 ခုနှစ် ဇန်နဝါရီလ 22 ရက် (သောကြာနေ့)"
    assert results["my"]["long"][index] == "2027 ခုနှစ် ဇန်နဝါရီလ 22 ရက်"
    assert results["th"]["full"][index] == "วันศุกร์ที่ 22 มกราคม ค.ศ. 2027"
    assert results["en"]["long"][index] == "22 January 2027"
    assert results["vi"]["full"][index] == "Thứ Sáu, ngày 22 tháng 1 năm 2027"
    assert results["pt-BR"]["full"][index] == "sexta-feira, 22 de janeiro de 2027"
    for locale, result in results.items():
        for text in result["full"] + result["long"]:
            assert not re.search(r"M\d\d|[٠-٩०-९၀-၉๐-๙]", text), (locale, text)


def test_a_date_that_cannot_be_written_stays_iso_never_another_language() -> None:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not installed", pytrace=False)
    script = (
        f"import {{ CldrFormat }} from {json.dumps((JAVASCRIPTS / 'cldr-format.mjs').as_uri())};"
        "const ne = new CldrFormat(JSON.parse(process.argv[1]));"
        "console.log(JSON.stringify([ne.date('2027-02-30'), ne.date('tomorrow'), new CldrFormat(null).date('2027-01-22'),"
        "new CldrFormat({date: {full: 'y QQQ d'}}).date('2027-01-22')]));"
    )
    done = subprocess.run([node, "--input-type=module", "-e", script, json.dumps(client_formats("ne"))],
                          capture_output=True, text=True, timeout=30, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == ["2027-02-30", "tomorrow", "2027-01-22", "2027-01-22"]


def test_an_unknown_pattern_letter_fails_the_build() -> None:
    """A CLDR pattern with a letter cldr-format.mjs does not interpret stops the build."""
    with pytest.raises(ValueError, match="QQQQ"):
        _names(Locale.parse("en_GB"), "Q", 4)


def test_a_language_can_only_replace_the_patterns_the_site_uses() -> None:
    with pytest.raises(ValueError, match="medium"):
        client_formats("my", {"medium": "y"})
    assert format_date(dt.date(2021, 4, 1), "month_year", "th", own_patterns("th")) == "เมษายน ค.ศ. 2021"


@pytest.mark.parametrize("module", ["cldr-format.mjs", "checklist.mjs", "tools/i18n.mjs", "tools/plan-your-move.mjs",
                                    "tools/main.mjs", "tools/check-csv.mjs", "tools/check-number.mjs"])
def test_no_tool_asks_the_browser_for_locale_data(module: str) -> None:
    source = (JAVASCRIPTS / module).read_text("utf-8")
    code = re.sub(r"//[^\n]*", "", source)
    assert not re.search(r"\bIntl\.|toLocale\w*String", code), module
