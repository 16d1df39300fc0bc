"""Tool dates in headless Chromium read as Babel writes the pages, in every language.

Chromium ships no Burmese or Nepali date data: with the browser's Intl the planner wrote
"Friday, December 25, 2026" or "2026 M12 25, Fri" on Burmese pages and the leaving checklist
wrote the browser's own language. Here the browser is set to Japanese (as most browsers in
Japan are), and every <time> the planner and the dated leaving checklist show must be exactly
Babel's date for its datetime (due dates with the weekday, reference and checklist dates
without), with no "M01"-style fallback and no English month or weekday outside English. The
calendar file's texts use the same dates.
"""

from __future__ import annotations

import re
import sys

import icalendar
import pytest
from babel import Locale

from conftest import guarded_context
from site_info import ROOT, languages, page_url, ui_data

sys.path.insert(0, str(ROOT / "scripts" / "hooks"))
from cldr_formats import format_date  # noqa: E402

import datetime as dt  # noqa: E402

pytestmark = pytest.mark.browser

BY_LOCALE = {language.locale: language for language in languages()}
PLAN_PAGE = "tools/plan-your-move.md"
LEAVING = "checklists/leaving.md"
# A departure whose plan has due dates, windows ("from … to …") and the resident tax's reference day.
PARAMS = {"departure": "2027-01-22", "returning": "no", "insurance": "nhi", "pension-months": "30"}
QUERY = "?" + "&".join(f"{key}={value}" for key, value in PARAMS.items())
TIMEOUT = 180_000  # a cold Pyodide start on a busy 2-core machine

_english = Locale.parse("en")
ENGLISH_WORDS = re.compile(r"\b(?:%s)\b" % "|".join(
    list(_english.months["format"]["wide"].values()) + list(_english.days["format"]["wide"].values())
    + list(_english.days["format"]["abbreviated"].values())))
FALLBACK = re.compile(r"\bM\d\d\b")  # Chromium's "2027 M01 22" for a locale it lacks


def babel(iso: str, style: str, locale: str) -> str:
    """The date as the pages of *locale* write it (the build's Babel, with the language's own patterns)."""
    data = ui_data(locale)
    return format_date(dt.date.fromisoformat(iso), style, str(data["babel_locale"]), data.get("date_patterns"))


@pytest.fixture(scope="module")
def japanese_browser(browser, site_url):
    """One browser profile set to Japanese for the module, so Pyodide is downloaded once."""
    context = guarded_context(browser, site_url, locale="ja-JP", accept_downloads=True)
    yield context
    context.close()


def shown_times(page, scope: str) -> list[dict[str, str]]:
    return page.eval_on_selector_all(f"{scope} time[datetime]", """times => times.map(time => ({
        datetime: time.getAttribute('datetime'), text: time.textContent,
        reference: Boolean(time.closest('.guide-task__what')) }))""")


def assert_readable(locale: str, texts: list[str]) -> None:
    for text in texts:
        assert not FALLBACK.search(text), (locale, text)
        if locale != "en":
            assert not ENGLISH_WORDS.search(text), (locale, text)


@pytest.mark.parametrize("locale", list(BY_LOCALE))
def test_planner_dates_are_babels_in_every_language(japanese_browser, site_url, locale):
    page = japanese_browser.new_page()
    page.goto(f"{site_url}{BY_LOCALE[locale].prefix}{page_url(PLAN_PAGE)}{QUERY}")
    page.wait_for_selector("[data-task] time", timeout=TIMEOUT)
    times = shown_times(page, "[data-plan-result]")
    assert any(time["reference"] for time in times), "the plan shows the resident tax's reference day"
    assert len({time["datetime"] for time in times}) > 5
    for time in times:
        style = "long" if time["reference"] else "full"
        assert time["text"] == babel(time["datetime"], style, locale), (locale, time)
    assert_readable(locale, [time["text"] for time in times])
    assert not japanese_browser.foreign_requests
    page.close()


@pytest.mark.parametrize(("locale", "expected"), [
    ("ne", ["जनवरी", "शुक्रबार"]), ("my", ["ဇန်နဝါရီလ", "သောကြာနေ့"]), ("th", ["มกราคม", "ค.ศ."]),
])
def test_the_departure_day_reads_in_nepali_burmese_and_thai(japanese_browser, site_url, locale, expected):
    page = japanese_browser.new_page()
    page.goto(f"{site_url}{BY_LOCALE[locale].prefix}{page_url(PLAN_PAGE)}{QUERY}")
    page.wait_for_selector("[data-task] time", timeout=TIMEOUT)
    departure = page.locator('time[datetime="2027-01-22"]').first.text_content()
    for word in expected:
        assert word in departure, (locale, departure)
    if locale == "th":
        assert "วันวัน" not in page.locator("main").inner_text()
    page.close()


@pytest.mark.parametrize("locale", ["ne", "my", "th", "en"])
def test_the_dated_leaving_checklist_writes_babels_dates(japanese_browser, site_url, locale):
    page = japanese_browser.new_page()
    page.goto(f"{site_url}{BY_LOCALE[locale].prefix}{page_url(LEAVING)}{QUERY}")
    page.wait_for_selector(".guide-checklist[data-dates]", timeout=TIMEOUT)
    assert page.eval_on_selector(".guide-checklist", "e => e.dataset.dates") == "shown"
    times = shown_times(page, ".guide-checklist")
    assert len(times) > 5
    for time in times:
        assert time["text"] == babel(time["datetime"], "long", locale), (locale, time)
    assert_readable(locale, [time["text"] for time in times])
    page.close()


def test_the_calendar_file_writes_the_dates_as_the_page_does(japanese_browser, site_url):
    page = japanese_browser.new_page()
    page.goto(f"{site_url}{BY_LOCALE['my'].prefix}{page_url(PLAN_PAGE)}{QUERY}")
    page.wait_for_selector("[data-task] time", timeout=TIMEOUT)
    with page.expect_download() as download:
        page.click("[data-plan-calendar]")
    events = list(icalendar.Calendar.from_ical(download.value.path().read_bytes()).walk("VEVENT"))
    assert events
    for event in events:
        due = event.decoded("DTSTART").isoformat()
        description = str(event["DESCRIPTION"])
        assert babel(due, "full", "my") in description, description
        assert_readable("my", [description])
    page.close()
