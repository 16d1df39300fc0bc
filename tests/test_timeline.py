"""Timelines: hand-computed scenarios, the office calendar, period arithmetic and properties."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mynumber_guide import api
from mynumber_guide.calendar import (OfficeCalendar, default_calendar, months_after, months_before, parse_weekdays,
                                     years_after)
from mynumber_guide.facts import load_facts
from mynumber_guide.params import ArrivalInput, DepartureInput
from mynumber_guide.timeline import RULES, TASK_ORDER, arrival_plan, departure_notices, departure_plan

SCENARIOS = json.loads((Path(__file__).parent / "data" / "timeline_scenarios.json").read_text(encoding="utf-8"))
D = dt.date.fromisoformat

# National holidays as published by the Cabinet Office (facts.md F10.2 and F10.3), typed in
# independently of jpholiday: the calendar must agree on every day of both years.
PUBLISHED_HOLIDAYS = {
    2026: ["01-01", "01-12", "02-11", "02-23", "03-20", "04-29", "05-03", "05-04", "05-05", "05-06", "07-20",
           "08-11", "09-21", "09-22", "09-23", "10-12", "11-03", "11-23"],
    2027: ["01-01", "01-11", "02-11", "02-23", "03-21", "03-22", "04-29", "05-03", "05-04", "05-05", "07-19",
           "08-11", "09-20", "09-23", "10-11", "11-03", "11-23"],
}


# --- hand-computed scenarios ----------------------------------------------------------------------

@pytest.mark.parametrize("scenario", SCENARIOS["scenarios"], ids=[s["name"] for s in SCENARIOS["scenarios"]])
def test_scenario(scenario):
    result = api.timeline(scenario["params"])
    expected = scenario["expected"]
    if "error" in expected:
        assert result == expected
        return
    assert "error" not in result, result
    assert result["notices"] == expected.get("notices", [])
    tasks = {task["id"]: task for task in result["tasks"]}
    assert len(tasks) == len(result["tasks"]), "task ids must be unique"
    assert sorted(tasks) == sorted(expected["tasks"])
    for task_id, want in expected["tasks"].items():
        got = tasks[task_id]
        assert got["due"] == want["due"], task_id
        assert got.get("earliest") == want.get("earliest"), task_id
        for key in ("rule", "details"):
            if key in want:
                assert got[key] == want[key], (task_id, key)


def test_scenarios_cover_the_edge_cases():
    names = {s["name"] for s in SCENARIOS["scenarios"]}
    for needed in ("golden-week-2026", "silver-week-2026-citizens-holiday", "year-end-closure-2026",
                   "leap-day-special-reentry", "leap-day-lump-sum", "arrival-substitute-equinox-2027",
                   "arrival-year-end-2026", "tax-agent-march-15-on-sunday"):
        assert needed in names
    years = {s["params"].get("departure", s["params"].get("arrival", ""))[:4] for s in SCENARIOS["scenarios"]}
    assert {"2025", "2026", "2027", "2028"} <= years


def test_every_task_id_and_rule_appears_in_some_scenario():
    seen_ids, seen_rules = set(), set()
    for scenario in SCENARIOS["scenarios"]:
        result = api.timeline(scenario["params"])
        for task in result.get("tasks", []):
            seen_ids.add(task["id"])
            seen_rules.add(task["rule"])
    assert seen_ids == set(TASK_ORDER)
    assert seen_rules == set(RULES)


# --- new questions: the home, the last day at work, the tax decisions -------------------------------

def _ids(**kwargs):
    return {t.id: t for t in departure_plan(DepartureInput(**kwargs))}


def test_previous_year_return_only_before_15_march():
    # 14 March 2028 is a Tuesday: last year's return is due on the departure day without an agent.
    assert _ids(departure=D("2028-03-14"))["previous-year-tax-return"].due == D("2028-03-14")
    # With an agent: 15 March 2028 (Wednesday, open).
    with_agent = _ids(departure=D("2028-03-14"), tax_agent=True)["previous-year-tax-return"]
    assert (with_agent.due, with_agent.rule) == (D("2028-03-15"), "tax.previous_year_by_agent")
    # Leaving on 15 March itself: last year's return is due that day too.
    assert _ids(departure=D("2028-03-15"))["previous-year-tax-return"].due == D("2028-03-15")
    # 15 March 2026 is a Sunday: the deadline is Monday 16 March, so leaving that Monday still needs it.
    assert _ids(departure=D("2026-03-16"))["previous-year-tax-return"].due == D("2026-03-16")
    assert "previous-year-tax-return" not in _ids(departure=D("2026-03-17"))
    assert "previous-year-tax-return" not in _ids(departure=D("2028-03-16"))
    assert "previous-year-tax-return" not in _ids(departure=D("2028-12-01"))


def test_keeping_the_home_means_no_home_contract_or_departure_tax_steps():
    # A permanent resident's three-month trip on a re-entry permit, keeping the home (review M1).
    tasks = _ids(departure=D("2027-06-01"), returning="reentry-permit", reentry_permit_expiry=D("2030-05-01"),
                 leaving_home=False, permanent_resident=True)
    for absent in ("landlord-notice", "utilities", "phone", "post", "shipping", "bulky-waste", "bank",
                   "tax-agent", "income-tax-return", "moving-out-notification", "my-number-card"):
        assert absent not in tasks, absent
    assert tasks["reentry-deadline"].due == D("2030-05-01")
    assert dict(tasks["resident-tax"].details)["registered_on_next_reference_day"] is True


def test_leaving_a_job_on_the_last_open_day_leaves_no_insurance_gap_to_fill():
    # L = Fri 2026-12-25, D = Mon 2026-12-28: employee insurance ends Sat 26 December and no
    # office opens before D, so only the notice to immigration (L + 14 = 8 January) appears.
    tasks = _ids(departure=D("2026-12-28"), left_job=D("2026-12-25"), insurance="employer")
    assert tasks["immigration-affiliation-notice"].due == D("2027-01-08")
    assert "join-nhi-after-job" not in tasks and "join-pension-after-job" not in tasks
    assert "health-insurance-withdrawal" not in tasks  # still in the employer's insurance until L
    # On National Health Insurance already: nothing to join.
    tasks = _ids(departure=D("2027-05-21"), left_job=D("2027-04-20"), insurance="nhi")
    assert "join-nhi-after-job" not in tasks and "health-insurance-withdrawal" in tasks


def test_keeping_the_home_on_a_trip_keeps_the_registration():
    tasks = _ids(departure=D("2027-08-10"), returning="reentry-permit", reentry_permit_expiry=D("2031-04-30"),
                 leaving_home=False, pension_months=120, left_job=D("2027-07-30"), insurance="employer")
    assert "moving-out-notification" not in tasks and "lump-sum-claim" not in tasks
    assert dict(tasks["resident-tax"].details)["registered_on_next_reference_day"] is True
    # Still living in Japan after the job (30 July; loss on Sat 31 July): NHI and pension by
    # L + 14 = Fri 13 August, capped at the last open day before D, Mon 9 August.
    assert tasks["join-nhi-after-job"].due == tasks["join-pension-after-job"].due == D("2027-08-09")
    assert tasks["join-nhi-after-job"].earliest == D("2027-08-02")


# --- the office calendar --------------------------------------------------------------------------

@pytest.mark.parametrize("year", sorted(PUBLISHED_HOLIDAYS))
def test_calendar_matches_the_published_holidays(year):
    cal = default_calendar()
    published = {D(f"{year}-{md}") for md in PUBLISHED_HOLIDAYS[year]}
    day = dt.date(year, 1, 1)
    while day.year == year:
        assert cal.is_national_holiday(day) == (day in published), day
        day += dt.timedelta(days=1)


@pytest.mark.parametrize(("day", "closure"), [
    ("2026-09-22", "national_holiday"),   # citizens' holiday
    ("2026-05-06", "national_holiday"),   # substitute holiday
    ("2027-03-22", "national_holiday"),   # substitute for the equinox on a Sunday
    ("2025-11-24", "national_holiday"),   # substitute for Labour Thanksgiving Day
    ("2028-01-10", "national_holiday"),   # Coming of Age Day, second Monday
    ("2026-12-29", "year_end_closure"),
    ("2026-12-31", "year_end_closure"),
    ("2027-01-01", "year_end_closure"),   # also a holiday, but inside the closure
    ("2027-01-03", "weekend"),            # Sunday
    ("2025-12-30", "year_end_closure"),
    ("2026-01-02", "year_end_closure"),
    ("2026-05-02", "weekend"),
    ("2026-12-28", None),
    ("2027-01-04", None),
    ("2028-02-29", None),
])
def test_closure_reasons(day, closure):
    assert default_calendar().closure(D(day)) == closure


def test_next_and_last_open_day():
    cal = default_calendar()
    assert cal.next_open_day(D("2026-12-29")) == D("2027-01-04")
    assert cal.next_open_day(D("2026-12-28")) == D("2026-12-28")
    assert cal.last_open_day_before(D("2026-12-28")) == D("2026-12-25")
    assert cal.last_open_day_before(D("2027-01-05")) == D("2027-01-04")
    assert cal.last_open_day_before(D("2026-05-07")) == D("2026-05-01")


def test_calendar_reads_the_facts_file():
    facts = load_facts()
    cal = OfficeCalendar.from_facts(facts)
    assert cal.closed_weekdays == frozenset({5, 6})
    assert cal.year_end_start == facts.month_day("offices.year_end_closure_start") == (12, 29)
    assert cal.year_end_end == facts.month_day("offices.year_end_closure_end") == (1, 3)
    with pytest.raises(ValueError):
        parse_weekdays("Saturday, Caturday")


# --- period arithmetic ----------------------------------------------------------------------------

@pytest.mark.parametrize(("start", "years", "end"), [
    ("2026-05-07", 1, "2027-05-07"),
    ("2024-02-29", 1, "2025-02-28"),
    ("2028-02-29", 2, "2030-02-28"),
    ("2028-02-29", 4, "2032-02-29"),
    ("2027-02-28", 1, "2028-02-28"),
])
def test_years_after(start, years, end):
    assert years_after(D(start), years) == D(end)


@pytest.mark.parametrize(("day", "months", "expected"), [
    ("2026-03-31", 1, "2026-02-28"),
    ("2028-03-31", 1, "2028-02-29"),
    ("2026-05-07", 1, "2026-04-07"),
    ("2027-01-04", 2, "2026-11-04"),
    ("2026-01-15", 13, "2024-12-15"),
])
def test_months_before(day, months, expected):
    assert months_before(D(day), months) == D(expected)


def test_months_after():
    assert months_after(D("2026-01-31"), 1) == D("2026-02-28")
    assert months_after(D("2026-12-15"), 1) == D("2027-01-15")


# --- the facts file drives every constant ---------------------------------------------------------

def _with(facts, **changes):
    values = dict(facts.facts)
    for dotted, value in changes.items():
        key = dotted.replace("__", ".")
        values[key] = dataclasses.replace(values[key], value=value)
    return dataclasses.replace(facts, facts=values)


def test_changing_a_fact_changes_the_plan():
    facts = load_facts()
    changed = _with(facts, moving_in__notification_days=7, card__express_apply_within_days=10,
                    reentry__special_years=2, moving_out__earliest_days_before=10,
                    pension__lump_sum_min_months=12, moving_out__landlord_notice_months_default=3,
                    advice__utilities_days_before=5)
    arrival = {t.id: t for t in arrival_plan(ArrivalInput(D("2026-04-22")), changed)}
    assert arrival["moving-in-notification"].due == D("2026-04-30")   # A + 7, open
    assert arrival["my-number-card-express"].due == D("2026-05-02")
    departure = {t.id: t for t in departure_plan(
        DepartureInput(D("2026-05-07"), returning="special-reentry", leaving_home=True,
                       stay_expiry=D("2029-01-01")), changed)}
    assert departure["reentry-deadline"].due == D("2028-05-07")
    assert departure["landlord-notice"].due == D("2026-02-07")
    assert departure["utilities"].due == D("2026-05-02")
    leaving = {t.id: t for t in departure_plan(DepartureInput(D("2026-05-07"), pension_months=6), changed)}
    assert leaving["moving-out-notification"].earliest == D("2026-04-27")
    assert "lump-sum-claim" not in leaving


def test_changing_the_closed_days_changes_the_plan():
    facts = _with(load_facts(), offices__closed_weekdays="Sunday")
    cal = OfficeCalendar.from_facts(facts)
    tasks = {t.id: t for t in departure_plan(DepartureInput(D("2026-05-11")), facts, cal)}
    assert tasks["moving-out-notification"].due == D("2026-05-09")  # a Saturday is open now


def test_rules_name_existing_facts_and_sources():
    facts = load_facts()
    for key, rule in RULES.items():
        assert rule.source in facts.sources, key
        assert facts.sources[rule.source].url.startswith("https://"), key
        for fact_key in rule.facts:
            assert fact_key in facts, (key, fact_key)
    for fact_key in ("advice.utilities_days_before", "advice.phone_days_before", "advice.post_days_before",
                     "advice.shipping_days_before", "advice.bulky_waste_days_before",
                     "moving_out.landlord_notice_months_default", "offices.closed_weekdays"):
        assert facts[fact_key].sources and facts[fact_key].confidence in ("verified", "secondary", "unverified")


# --- properties -------------------------------------------------------------------------------------

dates = st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2028, 12, 31))


@st.composite
def departures(draw):
    d = draw(dates)
    returning = draw(st.sampled_from(["no", "special-reentry", "reentry-permit"]))
    permit = d + dt.timedelta(days=draw(st.integers(1, 2000))) if returning == "reentry-permit" else None
    stay = d + dt.timedelta(days=draw(st.integers(1, 1500))) if draw(st.booleans()) else None
    left = d - dt.timedelta(days=draw(st.integers(0, 60))) if draw(st.booleans()) else None
    return DepartureInput(
        departure=d, returning=returning, stay_expiry=stay,
        special_permanent_resident=draw(st.booleans()), reentry_permit_expiry=permit,
        tax_agent=draw(st.booleans()), insurance=draw(st.sampled_from(["nhi", "employer"])),
        pension_months=draw(st.none() | st.integers(0, 120)), notice_months=draw(st.none() | st.integers(0, 6)),
        leaving_home=True if returning == "no" else draw(st.booleans()),
        permanent_resident=draw(st.booleans()), left_job=left)


@given(departures())
@settings(max_examples=400)
def test_departure_properties(inp):
    cal = default_calendar()
    tasks = departure_plan(inp)
    assert tasks == departure_plan(inp)  # deterministic
    assert [t.due for t in tasks] == sorted(t.due for t in tasks)
    assert len({t.id for t in tasks}) == len(tasks)
    for task in tasks:
        assert task.rule in RULES and task.kind in ("deadline", "info", "advice")
        if task.earliest is not None:
            assert task.earliest <= task.due
        move = RULES[task.rule].move
        if move == "last_open_day_before":
            assert cal.is_open(task.due) and task.due < inp.departure
            assert all(not cal.is_open(task.due + dt.timedelta(days=k))
                       for k in range(1, (inp.departure - task.due).days))
        elif move == "next_open_day":
            assert cal.is_open(task.due)
    ids = {t.id for t in tasks}
    by_id = {t.id: t for t in tasks}
    assert ("moving-out-notification" in ids) == inp.leaving_home
    assert ("residence-card" in ids) == (inp.returning == "no")
    date_unknown = (inp.returning == "special-reentry" and inp.stay_expiry is None
                    and not inp.permanent_resident and not inp.special_permanent_resident)
    assert ("reentry-deadline" in ids) == (inp.returning != "no" and not date_unknown)
    assert [n.id for n in departure_notices(inp)] == (["stay-expiry-needed"] if date_unknown else [])
    assert ("lump-sum-claim" in ids) == (inp.leaving_home and (inp.pension_months or 0) >= 6)
    gap = "join-nhi-after-job" in ids
    assert ("health-insurance-withdrawal" in ids) == (inp.leaving_home and (inp.insurance == "nhi" or gap))
    assert ("tax-agent" in ids) == ("bank" in ids) == inp.leaving_home
    if inp.leaving_home:
        assert by_id["tax-agent"].details == (("appointed", inp.tax_agent),)
    assert ("immigration-affiliation-notice" in ids) == (inp.left_job is not None)
    assert ("previous-year-tax-return" in ids) == (
        inp.leaving_home and inp.departure <= cal.next_open_day(dt.date(inp.departure.year, 3, 15)))
    if gap:
        assert inp.insurance == "employer" and inp.left_job is not None
        for task_id in ("join-nhi-after-job", "join-pension-after-job"):
            task = by_id[task_id]
            assert inp.left_job < task.earliest <= task.due < inp.departure
            assert task.due <= inp.left_job + dt.timedelta(days=14) or \
                all(not cal.is_open(inp.left_job + dt.timedelta(days=k))
                    for k in range(14, (task.due - inp.left_job).days))
    elif inp.insurance == "employer" and inp.left_job is not None:
        # No office day between the end of employee insurance and the departure.
        assert all(not cal.is_open(inp.left_job + dt.timedelta(days=k))
                   for k in range(1, (inp.departure - inp.left_job).days))
    for task in tasks:
        if task.id == "moving-out-notification":
            assert cal.is_open(task.earliest)
            assert inp.departure - dt.timedelta(days=14) <= task.earliest
        if task.id == "reentry-deadline" and task.rule in ("reentry.special", "reentry.stay_expiry"):
            assert inp.stay_expiry is not None and inp.stay_expiry >= task.due


@given(dates, st.sampled_from(["nhi", "employer"]))
@settings(max_examples=300)
def test_arrival_properties(a, insurance):
    cal = default_calendar()
    tasks = arrival_plan(ArrivalInput(a, insurance))
    assert tasks == arrival_plan(ArrivalInput(a, insurance))
    by_id = {t.id: t for t in tasks}
    due = by_id["moving-in-notification"].due
    assert cal.is_open(due)
    assert a + dt.timedelta(days=14) <= due
    assert all(not cal.is_open(a + dt.timedelta(days=k)) for k in range(14, (due - a).days))
    assert ("national-pension" in by_id) == (insurance == "nhi")
    for task in tasks:
        if task.earliest is not None:
            assert task.earliest <= task.due


@given(departures())
@settings(max_examples=100)
def test_json_output_is_stable(inp):
    first = json.dumps([t.to_dict() for t in departure_plan(inp)])
    assert first == json.dumps([t.to_dict() for t in departure_plan(inp)])
