"""The plan as an iCalendar file: RFC 5545 structure, all-day dates, stable UIDs, folding, escaping,
and the JSON bridge the browser's worker calls (mynumber_guide.browser)."""

from __future__ import annotations

import datetime as dt
import json

import icalendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mynumber_guide import api, browser
from mynumber_guide.calendar_export import CalendarError, escape_text, event_uid, fold, plan_to_ics

STAMP = "2026-11-26T09:30:00Z"
DEPARTURE = {"departure": "2027-03-31", "returning": "no", "insurance": "nhi", "pension-months": "24",
             "tax-agent": "yes"}


def departure_tasks() -> list[dict]:
    return api.timeline(DEPARTURE)["tasks"]


def events(ics: str) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(ics).walk("VEVENT"))


def test_one_all_day_event_per_task_on_its_due_date():
    tasks = departure_tasks()
    parsed = events(plan_to_ics(tasks, dtstamp=STAMP))
    assert len(parsed) == len(tasks)
    for task, event in zip(tasks, parsed):
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert type(start) is dt.date and type(end) is dt.date, "all-day events carry dates, not times"
        assert start.isoformat() == task["due"]
        assert end - start == dt.timedelta(days=1)
        assert event["CATEGORIES"].to_ical().decode() == task["kind"].upper()
        assert str(event["TRANSP"]) == "TRANSPARENT"


def test_calendar_header_and_required_properties():
    calendar = icalendar.Calendar.from_ical(plan_to_ics(departure_tasks(), dtstamp=STAMP, calendar_name="My move"))
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]).startswith("-//")
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(calendar["X-WR-CALNAME"]) == "My move"
    for event in calendar.walk("VEVENT"):
        assert event.decoded("DTSTAMP") == dt.datetime(2026, 11, 26, 9, 30, tzinfo=dt.timezone.utc)
        assert event["UID"] and event["SUMMARY"]


def test_uids_are_stable_and_derived_from_task_id_and_date():
    tasks = departure_tasks()
    first = [str(e["UID"]) for e in events(plan_to_ics(tasks, dtstamp=STAMP))]
    again = [str(e["UID"]) for e in events(plan_to_ics(tasks, dtstamp="2030-01-01T00:00:00Z"))]
    assert first == again
    assert len(set(first)) == len(first)
    assert first == [event_uid(t["id"], dt.date.fromisoformat(t["due"])) for t in tasks]
    assert event_uid("residence-card", dt.date(2027, 3, 31)) == "residence-card-20270331@mynumber-guide"


def test_output_is_deterministic_with_an_injected_stamp():
    tasks = departure_tasks()
    assert plan_to_ics(tasks, dtstamp=STAMP) == plan_to_ics(tasks, dtstamp=STAMP)
    aware = dt.datetime(2026, 11, 26, 18, 30, tzinfo=dt.timezone(dt.timedelta(hours=9)))
    assert plan_to_ics(tasks, dtstamp=aware) == plan_to_ics(tasks, dtstamp=STAMP)


def test_default_stamp_is_now_in_utc():
    ics = plan_to_ics(departure_tasks()[:1])
    stamp = events(ics)[0].decoded("DTSTAMP")
    assert abs(dt.datetime.now(dt.timezone.utc) - stamp) < dt.timedelta(minutes=5)


def test_lines_end_with_crlf_and_are_folded_at_75_octets_without_splitting_characters():
    long_text = "転出届（てんしゅつとどけ）を市区町村役場に出します。" * 6 + " and, also; a backslash \\ here"
    tasks = [{"id": "moving-out-notification", "due": "2027-03-30", "kind": "deadline"}]
    texts = {"moving-out-notification": {"summary": "Moving-out notification (転出届)", "description": long_text,
                                         "url": "https://example.org/leaving/#moving-out-notification"}}
    ics = plan_to_ics(tasks, texts=texts, dtstamp=STAMP, language="ja")
    raw = ics.encode("utf-8")
    assert raw.endswith(b"\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75, line
        line.decode("utf-8")  # no character cut in two
    event = events(ics)[0]
    assert str(event["DESCRIPTION"]) == long_text
    assert str(event["SUMMARY"]) == "Moving-out notification (転出届)"
    assert event["SUMMARY"].params["LANGUAGE"] == "ja"
    assert str(event["URL"]) == "https://example.org/leaving/#moving-out-notification"


def test_deadlines_get_a_reminder_the_day_before_and_advice_does_not():
    parsed = events(plan_to_ics(departure_tasks(), dtstamp=STAMP))
    for event in parsed:
        alarms = list(event.walk("VALARM"))
        if str(event["CATEGORIES"].to_ical().decode()) == "DEADLINE":
            assert len(alarms) == 1
            assert alarms[0].decoded("TRIGGER") == -dt.timedelta(hours=15)
        else:
            assert alarms == []
    assert all(not list(e.walk("VALARM")) for e in events(plan_to_ics(departure_tasks(), dtstamp=STAMP, alarms=False)))


def test_source_url_is_the_fallback_link_and_unsafe_urls_are_dropped():
    task = {"id": "residence-card", "due": "2027-03-31", "kind": "deadline", "source": "https://www.moj.go.jp/x"}
    assert str(events(plan_to_ics([task], dtstamp=STAMP))[0]["URL"]) == "https://www.moj.go.jp/x"
    bad = {"residence-card": {"url": "javascript:alert(1)"}}
    assert "URL" in events(plan_to_ics([task], texts=bad, dtstamp=STAMP))[0]  # falls back to the source
    task_without_source = {k: v for k, v in task.items() if k != "source"}
    assert "URL" not in events(plan_to_ics([task_without_source], texts=bad, dtstamp=STAMP))[0]


@pytest.mark.parametrize("task", [
    {"id": "Bad Id", "due": "2027-03-31"},
    {"id": "ok", "due": "2027-02-30"},
    {"id": "ok", "due": "not a date"},
    {"id": "ok", "due": "2027-03-31", "kind": "party"},
    {"due": "2027-03-31"},
])
def test_bad_tasks_are_rejected(task):
    with pytest.raises(CalendarError):
        plan_to_ics([task], dtstamp=STAMP)


def test_bad_language_and_stamp_are_rejected():
    tasks = departure_tasks()[:1]
    with pytest.raises(CalendarError):
        plan_to_ics(tasks, dtstamp=STAMP, language="en\r\nX-EVIL:1")
    with pytest.raises(CalendarError):
        plan_to_ics(tasks, dtstamp="yesterday")


@given(st.text(max_size=300))
def test_any_text_survives_escaping_folding_and_parsing(text):
    tasks = [{"id": "phone", "due": "2027-03-28", "kind": "advice"}]
    summary = text.replace("\r", "") or "x"
    ics = plan_to_ics(tasks, texts={"phone": {"summary": summary, "description": text}}, dtstamp=STAMP)
    for line in ics.encode("utf-8").split(b"\r\n"):
        assert len(line) <= 75
    event = events(ics)[0]
    assert str(event["SUMMARY"]) == summary
    if text:
        assert str(event["DESCRIPTION"]) == text.replace("\r\n", "\n").replace("\r", "\n")


def test_escape_and_fold_helpers():
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    line = "X:" + "あ" * 40
    folded = fold(line)
    assert folded.replace("\r\n ", "") == line
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))


def test_arrival_plan_calendar_dates_match_the_plan():
    tasks = api.timeline({"arrival": "2026-12-25"})["tasks"]
    parsed = events(plan_to_ics(tasks, dtstamp=STAMP))
    assert [e.decoded("DTSTART").isoformat() for e in parsed] == [t["due"] for t in tasks]


# The JSON bridge that pyodide-worker.mjs calls.

def test_bridge_check_number_matches_the_api():
    for text in ["１２３４－５６７８－９０１８", "123456789019", "", "12a", "5835678256246"]:
        assert json.loads(browser.call("check_number", json.dumps({"text": text}))) == api.check_number(text)


def test_bridge_timeline_matches_the_api():
    assert json.loads(browser.call("timeline", json.dumps({"params": DEPARTURE}))) == api.timeline(DEPARTURE)
    bad = {"departure": "2026-02-30"}
    assert json.loads(browser.call("timeline", json.dumps({"params": bad}))) == api.timeline(bad)


def test_the_calendar_has_no_event_for_a_date_the_plan_does_not_show():
    # Special re-entry without the period-of-stay expiry: the plan gives no return date (only a
    # notice), so the calendar has no reminder for a guessed one; with the expiry it has one.
    params = {"departure": "2027-06-15", "returning": "special-reentry", "leaving-home": "no"}
    guessed = events(plan_to_ics(api.timeline(params)["tasks"], dtstamp=STAMP))
    assert guessed and not any(str(e["UID"]).startswith("reentry-deadline-") for e in guessed)
    known = events(plan_to_ics(api.timeline({**params, "stay-expiry": "2028-01-31"})["tasks"], dtstamp=STAMP))
    assert [str(e["UID"]) for e in known if str(e["UID"]).startswith("reentry-deadline-")] == \
        ["reentry-deadline-20280131@mynumber-guide"]


def test_bridge_calendar_returns_ics_or_a_coded_error():
    answer = json.loads(browser.call("calendar", json.dumps({"tasks": departure_tasks(), "dtstamp": STAMP,
                                                              "language": "en", "calendar_name": "Plan"})))
    assert answer["ics"].startswith("BEGIN:VCALENDAR\r\n")
    assert json.loads(browser.call("calendar", json.dumps({"tasks": [{"id": "x", "due": "nope"}]}))) == \
        {"error": {"code": "invalid_calendar", "field": None}}
    assert json.loads(browser.call("calendar", json.dumps({"tasks": "x"})))["error"]["code"] == "invalid_params"


def test_bridge_never_raises_and_never_echoes_input():
    secret = "123456789018"
    for name, payload in [("nope", "{}"), ("check_number", "not json"), ("timeline", json.dumps([secret])),
                          ("check_number", json.dumps([secret]))]:
        answer = browser.call(name, payload)
        assert secret not in answer
        assert "error" in json.loads(answer)


def test_bridge_check_csv_takes_bytes_and_never_returns_a_number():
    data = "社員,マイナンバー\nA,１２３４－５６７８－９０１８\nB,123456789019\n".encode("cp932")
    answer = browser.check_csv(data, "マイナンバー")
    assert json.loads(answer) == api.check_csv(data, "マイナンバー")
    assert "123456789" not in answer
    assert json.loads(browser.check_csv(data, "  ")) == api.check_csv(data, None)
    assert json.loads(browser.check_csv(data, object())) == api.check_csv(data, None)  # e.g. jsnull
    assert json.loads(browser.check_csv(data, 2)) == api.check_csv(data, 2)
    assert json.loads(browser.check_csv(object()))["error"]["code"] == "internal"


def test_bridge_version_and_warm_up():
    info = json.loads(browser.call("version", ""))
    assert info["version"] and info["python"]
    browser.warm_up()
    for step in browser.WARM_UP_STEPS:
        browser.warm_up(step)
    with pytest.raises(ValueError):
        browser.warm_up("nope")


def test_bridge_check_number_is_api_check_number_on_many_inputs():
    values = ["", " ", "\t１２３４ー５６７８ー９０１８\n", "0" * 12, "9" * 13, "12-34", "一二三", "١٢٣٤٥٦٧٨٩٠١٨", "x" * 70]
    values += [f"{n:012d}" for n in range(0, 10**12, 10**12 // 97)]
    for value in values:
        assert json.loads(browser.call("check_number", json.dumps({"text": value}))) == api.check_number(value)
