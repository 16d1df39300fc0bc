"""Dated plans for leaving Japan and for arriving, computed from the facts file.

Every number comes from :func:`mynumber_guide.facts.load_facts` (the rule table below names the
facts each rule reads) and every source URL from the facts file's ``[source.*]`` tables.

Each task is one of three kinds:

``deadline``  a date set by law, by an office or by a contract
``info``      something to know, dated (when the notice arrives, which tax year you owe)
``advice``    a suggested date for the rest of the checklist; not a legal deadline

Which dates move on closed office days (Saturday, Sunday, national holidays, 29 Dec–3 Jan):

* moved **forward** to the next open day (Local Autonomy Act Art. 4-2(4); National Tax General
  Act Art. 10(2)): the moving-in notification and the National Health Insurance and National
  Pension registrations (A + 14 days); the income tax returns filed through a tax agent (15 March);
  the first day the moving-out notification is accepted (D − 14 days); and joining National Health
  Insurance and the National Pension after leaving a job (14 days counting the day employee
  insurance ends, L + 1, as day 1) — but never past the last open day before D.
* counted **backwards** to the last open day before the departure D, because they must be done at
  an office before the flight: the moving-out notification, the NHI and pension withdrawals and
  the My Number Card at the same visit, the tax agent decision, settling the resident tax,
  and (advice) the bank.
* **not moved** (conservative: moving them would only make them later): the residence card and
  the income tax returns without a tax agent (all due on D itself: the port is open every day,
  and a return can be filed electronically or posted), the re-entry deadline, the lump-sum claim
  (D + 2 years), the notification to the Immigration Services Agency after leaving a job or
  school (L + 14 days; it can be filed online), the voluntary continuation of employee health
  insurance (L + 20 days), the landlord notice (a contract date), the My Number notice window,
  the express card application (A + 30 days) and every advice date.

Plan-level notices (:class:`Notice`) say what the plan could not work out, e.g. the re-entry
deadline of a special re-entry without the period-of-stay expiry (never guessed: the plan then
shows no date for it).

:data:`RULES` lists, for each rule key, the facts it reads, its source and how it moves.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Final, Literal, Mapping

from .calendar import (OfficeCalendar, days_after, days_before, default_calendar, months_before,
                       years_after)
from .facts import Facts, load_facts
from .params import ArrivalInput, DepartureInput

TaskKind = Literal["deadline", "info", "advice"]
Move = Literal["next_open_day", "last_open_day_before", "none"]


@dataclass(frozen=True)
class Rule:
    """How a task's dates are found: the facts it reads, its source and how closed days move it."""

    source: str
    facts: tuple[str, ...]
    move: Move
    description: str


RULES: Final[Mapping[str, Rule]] = {
    # Departure
    "moving_out.before_departure": Rule(
        "town_aichi_togo_moving_out", ("moving_out.earliest_days_before",), "last_open_day_before",
        "Accepted from D − 14 days (moved to the next open day); due the last open day before D."),
    "moving_out.nhi_withdrawal": Rule(
        "town_nakanoto_nhi", ("moving_out.earliest_days_before",), "last_open_day_before",
        "Withdraw from National Health Insurance at the moving-out visit."),
    "moving_out.pension_withdrawal": Rule(
        "town_nakanoto_pension", ("moving_out.earliest_days_before",), "last_open_day_before",
        "National Pension (category 1) ends with the moving-out notification; same visit."),
    "moving_out.my_number_card": Rule(
        "city_asahikawa_abroad", ("moving_out.earliest_days_before",), "last_open_day_before",
        "A foreign national's My Number Card stops being valid on moving out; hand it in at the visit."),
    "tax.agent_before_departure": Rule(
        "nta_tax_agent", (), "last_open_day_before",
        "Notify the tax office of a tax agent before leaving."),
    "tax.agent_decision": Rule(
        "nta_tax_agent", (), "last_open_day_before",
        "Without a tax agent yet: decide before leaving to appoint one, or to file and pay everything first."),
    "tax.return_at_departure": Rule(
        "nta_leaving", (), "none",
        "Without a tax agent, file and pay the final return by the time you leave (D)."),
    "tax.return_by_agent": Rule(
        "nta_leaving", ("tax.final_return_deadline",), "next_open_day",
        "With a tax agent, the return is due on 15 March of the year after D."),
    "tax.previous_year_at_departure": Rule(
        "nta_leaving", ("tax.final_return_deadline",), "none",
        "Leaving before 15 March without a tax agent: last year's return is also due by D."),
    "tax.previous_year_by_agent": Rule(
        "nta_leaving", ("tax.final_return_deadline",), "next_open_day",
        "Leaving before 15 March with a tax agent: last year's return is due on 15 March of the year of D."),
    "tax.resident_tax_reference_day": Rule(
        "city_higashiosaka_tax", ("tax.resident_tax_reference_day",), "last_open_day_before",
        "Resident tax is owed for each fiscal year that follows a 1 January on which you were registered."),
    "residence_card.surrender_at_departure": Rule(
        "isa_card_return", (), "none",
        "Hand the residence card to the immigration officer at the port when leaving for good."),
    "reentry.special": Rule(
        "isa_special_reentry", ("reentry.special_years",), "none",
        "Special re-entry permission: come back within 1 year of D."),
    "reentry.special_spr": Rule(
        "town_onagawa_spr", ("reentry.special_years_spr",), "none",
        "Special permanent residents: come back within 2 years of D."),
    "reentry.stay_expiry": Rule(
        "isa_special_reentry", ("reentry.special_years",), "none",
        "Special re-entry permission never runs past the period-of-stay expiry."),
    "reentry.special_pr": Rule(
        "isa_special_reentry", ("reentry.special_years",), "none",
        "Permanent residents (no period of stay): come back within 1 year of D."),
    "reentry.permit": Rule(
        "isa_special_reentry", (), "none",
        "With a re-entry permit, come back before the permit expires."),
    "pension.lump_sum_claim": Rule(
        "jps_faq_eligibility", ("pension.lump_sum_claim_years", "pension.lump_sum_min_months"), "none",
        "Claim the Lump-sum Withdrawal Payment within 2 years of moving out (also on re-entry permission)."),
    "moving_out.landlord_notice": Rule(
        "hokudai_departure", ("moving_out.landlord_notice_months_default",), "none",
        "Give the landlord notice the contract asks for (default 1 month) before D."),
    "after_job.affiliation_notice": Rule(
        "isa_affiliation_notice", ("immigration.affiliation_notice_days",), "none",
        "Notify the Immigration Services Agency within 14 days of leaving the employer or school (L)."),
    "after_job.nhi": Rule(
        "city_hidaka_nhi", ("after_job.nhi_days", "after_job.voluntary_continuation_days"), "next_open_day",
        "Join National Health Insurance within 14 days of losing employee insurance (L + 1), "
        "but before D; or apply for voluntary continuation within 20 days."),
    "after_job.pension": Rule(
        "city_asakuchi_pension", ("after_job.pension_days",), "next_open_day",
        "Register for the National Pension within 14 days of leaving the employees' pension, but before D."),
    "advice.utilities": Rule(
        "saitama_u_leaving", ("advice.utilities_days_before",), "none",
        "Tell the electricity, gas and water companies when to stop service and settle the bills."),
    "advice.phone": Rule(
        "saitama_u_leaving", ("advice.phone_days_before",), "none",
        "Cancel phone and internet contracts and pay the last bills."),
    "advice.post": Rule(
        "japanpost_forwarding", ("advice.post_days_before",), "none",
        "File the mail forwarding form at a post office."),
    "advice.shipping": Rule(
        "iwate_u_leaving", ("advice.shipping_days_before",), "none",
        "Ship belongings by surface mail early enough."),
    "advice.bulky_waste": Rule(
        "u_fukui_returning", ("advice.bulky_waste_days_before",), "none",
        "Book bulky-waste collection and appliance recycling."),
    "advice.bank": Rule(
        "jasso_after", (), "last_open_day_before",
        "Close the bank account (or confirm you can keep it) only after the last bills are paid."),
    # Arrival
    "moving_in.notification": Rule(
        "isa_residence_notification", ("moving_in.notification_days",), "next_open_day",
        "Moving-in notification within 14 days of settling the address (moved to the next open day)."),
    "moving_in.nhi": Rule(
        "city_hidaka_nhi", ("moving_in.nhi_days",), "next_open_day",
        "Join National Health Insurance within 14 days unless insured through an employer."),
    "moving_in.pension": Rule(
        "city_asakuchi_pension", ("moving_in.pension_days",), "next_open_day",
        "Register for the National Pension within 14 days unless in the employees' pension."),
    "notice.arrival_weeks": Rule(
        "jlis_notice", ("notice.weeks_min", "notice.weeks_max", "moving_in.notification_days"), "none",
        "The Individual Number Notification Form comes by registered mail 2 to 3 weeks after registration."),
    "card.express_apply_within_days": Rule(
        "city_hashimoto_express", ("card.express_apply_within_days",), "none",
        "Free express card issuance for new mid-to-long-term residents who apply within 30 days."),
}

# Tie-break order for tasks due on the same day (stable output).
TASK_ORDER: Final[tuple[str, ...]] = (
    "shipping", "landlord-notice", "bulky-waste", "utilities", "post", "phone",
    "immigration-affiliation-notice", "join-nhi-after-job", "join-pension-after-job",
    "tax-agent", "moving-out-notification", "health-insurance-withdrawal", "pension-withdrawal",
    "my-number-card", "resident-tax", "bank", "previous-year-tax-return", "income-tax-return",
    "residence-card",
    "moving-in-notification", "national-health-insurance", "national-pension", "my-number-card-express",
    "my-number-notice", "reentry-deadline", "lump-sum-claim",
)
_ORDER_INDEX: Final = {task_id: index for index, task_id in enumerate(TASK_ORDER)}

# Plan-level notices: what the plan could not work out, and the field that would let it.
NOTICES: Final[Mapping[str, str]] = {
    "stay-expiry-needed": "stay-expiry",
}


@dataclass(frozen=True)
class Notice:
    """Something the plan could not work out; ``field`` names the input that would let it."""

    id: str
    field: str

    def to_dict(self) -> dict[str, str]:
        """``{"id", "field"}``."""
        return {"id": self.id, "field": self.field}


@dataclass(frozen=True)
class Task:
    """One dated task of a plan; :meth:`to_dict` is its JSON form."""

    id: str
    kind: TaskKind
    due: dt.date
    rule: str
    source: str
    earliest: dt.date | None = None
    details: tuple[tuple[str, Any], ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """``{"id", "kind", ["earliest"], "due", "rule", "source", ["details"]}`` with ISO dates."""
        out: dict[str, Any] = {"id": self.id, "kind": self.kind}
        if self.earliest is not None:
            out["earliest"] = self.earliest.isoformat()
        out["due"] = self.due.isoformat()
        out["rule"] = self.rule
        out["source"] = self.source
        if self.details:
            out["details"] = dict(self.details)
        return out


class _Builder:
    """Collects tasks for one plan, looking up facts and sources."""

    def __init__(self, facts: Facts) -> None:
        self.facts = facts
        self.tasks: list[Task] = []
        self.notices: list[Notice] = []

    def number(self, key: str) -> int:
        value = self.facts.value(key)
        if not isinstance(value, int) or isinstance(value, bool):
            raise TypeError(f"fact {key!r} must be an integer")
        return value

    def add(self, task_id: str, kind: TaskKind, rule: str, due: dt.date,
            earliest: dt.date | None = None, **details: Any) -> None:
        if earliest is not None and earliest > due:
            earliest = None  # a window that closed before it opened is no window
        source = self.facts.sources[RULES[rule].source].url
        self.tasks.append(Task(task_id, kind, due, rule, source, earliest, tuple(details.items())))

    def sorted(self) -> list[Task]:
        return sorted(self.tasks, key=lambda t: (t.due, t.earliest or t.due, _ORDER_INDEX.get(t.id, 99), t.id))


def departure_plan(inp: DepartureInput, facts: Facts | None = None,
                   calendar: OfficeCalendar | None = None) -> list[Task]:
    """The tasks for leaving Japan on ``inp.departure`` (D), sorted by due date.

    When each task appears ("moving out" = the home in Japan is given up, :attr:`DepartureInput.moving_out`:
    always when not returning, else the ``leaving-home`` answer):

    * ``moving-out-notification``, ``my-number-card``: when moving out.
    * ``health-insurance-withdrawal``, ``pension-withdrawal``: when moving out and on National Health
      Insurance (``insurance="nhi"``), or insured through an employer but left the job (L) with
      an open office day between L + 1 and D (then the leaver is in NHI and the National Pension).
    * ``immigration-affiliation-notice``: when ``left_job`` (L) is given.
    * ``join-nhi-after-job``, ``join-pension-after-job``: ``insurance="employer"``, L given and an
      open office day between L + 1 and the day before D.
    * ``tax-agent``, ``income-tax-return``: when moving out (details ``appointed``: with
      ``tax_agent`` a deadline to notify the tax office; without, the decision to appoint one or
      file and pay everything before leaving); ``previous-year-tax-return``: as well, when D is on
      or before 15 March (moved to the next open day). Someone who keeps the home stays resident
      and files as usual.
    * ``resident-tax``: always (``registered_on_next_reference_day`` when not moving out).
    * ``residence-card``: only when not returning.
    * ``reentry-deadline``: when returning, except a special re-entry without the period-of-stay
      expiry by someone who is not a (special) permanent resident: then the notice
      ``stay-expiry-needed`` instead (see :func:`departure_notices`).
    * ``lump-sum-claim``: when moving out and ``pension_months`` ≥ the minimum (6), from D (a claim
      can be sent from inside Japan from the moving-out date once the moving-out notification is
      filed); details ``while_reentry_permission`` when leaving on (special) re-entry permission.
    * ``landlord-notice`` (unless ``notice_months`` is 0) and advice ``utilities``, ``phone``,
      ``post``, ``shipping``, ``bulky-waste``, ``bank``: when moving out.
    """
    return _departure(inp, facts, calendar).sorted()


def departure_notices(inp: DepartureInput, facts: Facts | None = None,
                      calendar: OfficeCalendar | None = None) -> list[Notice]:
    """The plan-level notices of a departure (``stay-expiry-needed``: see :func:`departure_plan`)."""
    return list(_departure(inp, facts, calendar).notices)


def _departure(inp: DepartureInput, facts: Facts | None, calendar: OfficeCalendar | None) -> _Builder:
    facts = facts or load_facts()
    cal = calendar or default_calendar()
    b = _Builder(facts)
    d = inp.departure
    last_open = cal.last_open_day_before(d)
    moving_out = inp.moving_out
    returning = inp.returning != "no"

    # Leaving a job or school on L: the notice to immigration, and the gap in insurance when the
    # leaver still lives in Japan after employee insurance ends (on L + 1).
    job_gap = False
    if inp.left_job is not None:
        left = inp.left_job
        b.add("immigration-affiliation-notice", "deadline", "after_job.affiliation_notice",
              days_after(left, b.number("immigration.affiliation_notice_days")))
        loss = days_after(left, 1)
        first_open = cal.next_open_day(loss)
        job_gap = inp.insurance == "employer" and loss < d and first_open <= last_open
        if job_gap:
            # The loss date counts as day 1 (conservative): due L + 14, on the next open day,
            # but before leaving.
            nhi_due = min(cal.next_open_day(days_after(left, b.number("after_job.nhi_days"))), last_open)
            pension_due = min(cal.next_open_day(days_after(left, b.number("after_job.pension_days"))), last_open)
            b.add("join-nhi-after-job", "deadline", "after_job.nhi", nhi_due, first_open,
                  employee_insurance_ended=loss.isoformat(),
                  voluntary_continuation_by=days_after(left, b.number("after_job.voluntary_continuation_days")).isoformat())
            b.add("join-pension-after-job", "deadline", "after_job.pension", pension_due, first_open,
                  employee_insurance_ended=loss.isoformat())

    if moving_out:
        earliest = cal.next_open_day(days_before(d, b.number("moving_out.earliest_days_before")))
        b.add("moving-out-notification", "deadline", "moving_out.before_departure", last_open, earliest)
        if inp.insurance == "nhi" or job_gap:
            b.add("health-insurance-withdrawal", "deadline", "moving_out.nhi_withdrawal", last_open, earliest)
            b.add("pension-withdrawal", "deadline", "moving_out.pension_withdrawal", last_open, earliest)
        b.add("my-number-card", "deadline", "moving_out.my_number_card", last_open, earliest)

    # The departure tax steps concern leavers who stop living in Japan; someone who keeps the home
    # for a short trip stays resident and files and pays as usual.
    month, day = facts.month_day("tax.final_return_deadline")
    # Last year's return is due on 15 March, or the next open day when that is a closed day.
    previous_year_due = cal.next_open_day(dt.date(d.year, month, day))
    if moving_out and inp.tax_agent:
        b.add("tax-agent", "deadline", "tax.agent_before_departure", last_open, appointed=True)
        b.add("income-tax-return", "deadline", "tax.return_by_agent",
              cal.next_open_day(dt.date(d.year + 1, month, day)), if_required=True)
        if d <= previous_year_due:
            b.add("previous-year-tax-return", "deadline", "tax.previous_year_by_agent",
                  previous_year_due, if_required=True, tax_year=d.year - 1)
    elif moving_out:
        b.add("tax-agent", "deadline", "tax.agent_decision", last_open, appointed=False)
        b.add("income-tax-return", "deadline", "tax.return_at_departure", d, if_required=True)
        if d <= previous_year_due:
            b.add("previous-year-tax-return", "deadline", "tax.previous_year_at_departure", d,
                  if_required=True, tax_year=d.year - 1)

    ref_month, ref_day = facts.month_day("tax.resident_tax_reference_day")
    reference = dt.date(d.year, ref_month, ref_day)
    if reference > d:
        reference = dt.date(d.year - 1, ref_month, ref_day)
    next_reference = dt.date(reference.year + 1, ref_month, ref_day)
    b.add("resident-tax", "info", "tax.resident_tax_reference_day", last_open,
          reference_day=reference.isoformat(), next_reference_day=next_reference.isoformat(),
          registered_on_next_reference_day=not moving_out)

    if inp.returning == "no":
        b.add("residence-card", "deadline", "residence_card.surrender_at_departure", d)
    elif inp.returning == "reentry-permit":
        assert inp.reentry_permit_expiry is not None  # enforced by parse_params
        b.add("reentry-deadline", "deadline", "reentry.permit", inp.reentry_permit_expiry)
    elif inp.special_permanent_resident:
        b.add("reentry-deadline", "deadline", "reentry.special_spr",
              years_after(d, b.number("reentry.special_years_spr")))
    elif inp.permanent_resident:
        b.add("reentry-deadline", "deadline", "reentry.special_pr",
              years_after(d, b.number("reentry.special_years")))
    elif inp.stay_expiry is None:
        # Never guess: the year from D may run past the period of stay.
        b.notices.append(Notice("stay-expiry-needed", NOTICES["stay-expiry-needed"]))
    else:
        limit = years_after(d, b.number("reentry.special_years"))
        if inp.stay_expiry < limit:
            b.add("reentry-deadline", "deadline", "reentry.stay_expiry", inp.stay_expiry)
        else:
            b.add("reentry-deadline", "deadline", "reentry.special", limit)

    if (moving_out and inp.pension_months is not None
            and inp.pension_months >= b.number("pension.lump_sum_min_months")):
        b.add("lump-sum-claim", "deadline", "pension.lump_sum_claim",
              years_after(d, b.number("pension.lump_sum_claim_years")), d,
              while_reentry_permission=returning)

    if not moving_out:
        return b  # the home, the contracts and the bank stay as they are

    notice = inp.notice_months if inp.notice_months is not None \
        else b.number("moving_out.landlord_notice_months_default")
    if notice > 0:
        b.add("landlord-notice", "deadline", "moving_out.landlord_notice", months_before(d, notice))

    for task_id, rule, key in (
        ("utilities", "advice.utilities", "advice.utilities_days_before"),
        ("phone", "advice.phone", "advice.phone_days_before"),
        ("post", "advice.post", "advice.post_days_before"),
        ("shipping", "advice.shipping", "advice.shipping_days_before"),
        ("bulky-waste", "advice.bulky_waste", "advice.bulky_waste_days_before"),
    ):
        b.add(task_id, "advice", rule, days_before(d, b.number(key)))
    b.add("bank", "advice", "advice.bank", last_open)
    return b


def arrival_plan(inp: ArrivalInput, facts: Facts | None = None,
                 calendar: OfficeCalendar | None = None) -> list[Task]:
    """The tasks after settling an address in Japan on ``inp.arrival`` (A), sorted by due date.

    ``moving-in-notification``, ``my-number-notice`` and ``my-number-card-express`` always;
    ``national-health-insurance`` and ``national-pension`` only when not insured through an
    employer (``insurance="nhi"``).
    """
    facts = facts or load_facts()
    cal = calendar or default_calendar()
    b = _Builder(facts)
    a = inp.arrival
    notification_due = cal.next_open_day(days_after(a, b.number("moving_in.notification_days")))
    b.add("moving-in-notification", "deadline", "moving_in.notification", notification_due)
    if inp.insurance == "nhi":
        b.add("national-health-insurance", "deadline", "moving_in.nhi",
              cal.next_open_day(days_after(a, b.number("moving_in.nhi_days"))))
        b.add("national-pension", "deadline", "moving_in.pension",
              cal.next_open_day(days_after(a, b.number("moving_in.pension_days"))))
    b.add("my-number-notice", "info", "notice.arrival_weeks",
          days_after(notification_due, 7 * b.number("notice.weeks_max")),
          days_after(a, 7 * b.number("notice.weeks_min")))
    b.add("my-number-card-express", "deadline", "card.express_apply_within_days",
          days_after(a, b.number("card.express_apply_within_days")))
    return b.sorted()


def plan(inp: DepartureInput | ArrivalInput, facts: Facts | None = None,
         calendar: OfficeCalendar | None = None) -> list[Task]:
    """Dispatch to :func:`departure_plan` or :func:`arrival_plan`."""
    if isinstance(inp, ArrivalInput):
        return arrival_plan(inp, facts, calendar)
    return departure_plan(inp, facts, calendar)


def notices(inp: DepartureInput | ArrivalInput, facts: Facts | None = None,
            calendar: OfficeCalendar | None = None) -> list[Notice]:
    """The plan-level notices for *inp* (an arrival has none)."""
    if isinstance(inp, ArrivalInput):
        return []
    return departure_notices(inp, facts, calendar)


def mark_passed(tasks: list[dict[str, Any]], today: dt.date) -> list[dict[str, Any]]:
    """*tasks* (as :meth:`Task.to_dict` gives them) with ``"passed": true`` on those due before *today*."""
    return [{**task, "passed": True} if task["due"] < today.isoformat() else task for task in tasks]
