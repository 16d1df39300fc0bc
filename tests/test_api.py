"""The browser API: JSON in, JSON out, stable error codes, never an exception."""

from __future__ import annotations

import json

import pytest

from mynumber_guide import api


def test_check_number_fields():
    assert api.check_number("6214 9832 0257") == {"input": "6214 9832 0257", "normalized": "621498320257",
                                                   "kind": "individual", "valid": True, "error": None,
                                                   "expected_check_digit": None}
    assert api.check_number(None)["error"] == "empty"


def test_form_values_empty_strings_mean_not_given():
    form = {"departure": "2026-05-07", "returning": "", "stay-expiry": "", "special-permanent-resident": "",
            "reentry-permit-expiry": "", "tax-agent": "", "insurance": "", "pension-months": "",
            "notice-months": ""}
    assert api.timeline(form) == api.timeline({"departure": "2026-05-07"})


def test_javascript_values_are_accepted():
    as_strings = api.timeline({"departure": "2026-05-07", "tax-agent": "true", "pension-months": "24"})
    assert api.timeline({"departure": "2026-05-07", "tax-agent": True, "pension-months": 24}) == as_strings
    assert api.timeline({"departure": "2026-05-07", "tax-agent": False}) == api.timeline({"departure": "2026-05-07"})


def test_flags_accept_yes_no_words():
    for appointed, words in ((True, ("true", "TRUE", "yes", "on", "1")), (False, ("false", "no", "off", "0"))):
        for word in words:
            tasks = {t["id"]: t for t in api.timeline({"departure": "2026-05-07", "tax-agent": word})["tasks"]}
            assert tasks["tax-agent"]["details"] == {"appointed": appointed}


@pytest.mark.parametrize("params", [None, [], "departure=2026-05-07", 42])
def test_non_objects_are_an_error_not_an_exception(params):
    assert api.timeline(params) == {"error": {"code": "invalid_params", "field": None}}


def test_unknown_option_names_the_field():
    assert api.timeline({"departure": "2026-05-07", "--json": "1"}) == {
        "error": {"code": "unknown_option", "field": "--json"}}


def test_every_task_has_the_documented_keys():
    result = api.timeline({"departure": "2026-01-17", "returning": "reentry-permit", "leaving-home": "yes",
                           "reentry-permit-expiry": "2029-01-16", "tax-agent": "yes", "pension-months": "10"})
    assert set(result) == {"tasks", "notices"} and result["notices"] == []
    for task in result["tasks"]:
        assert set(task) <= {"id", "kind", "earliest", "due", "rule", "source", "details"}
        assert {"id", "kind", "due", "rule", "source"} <= set(task)
        assert task["source"].startswith("https://")
    assert json.loads(json.dumps(result)) == result


def test_check_csv_counts_and_errors():
    data = "番号\n123456789018\n123456789019\n\n5835678256246\n".encode("cp932")
    result = api.check_csv(data, None)
    assert result["invalid_rows"] == [{"row": 3, "error": "check_digit"}]
    assert (result["rows"], result["valid"], result["invalid"], result["blank"]) == (3, 2, 1, 1)
    assert (result["valid_individual"], result["valid_corporate"]) == (1, 1)
    assert api.check_csv(bytearray(data), 1) == result
    assert api.check_csv(memoryview(data), "番号") == result
    assert api.check_csv(data, "name") == {"error": {"code": "invalid_column", "field": "column"}}


@pytest.mark.parametrize(("name", "payload", "code"), [
    ("timeline", "{", "invalid_params"),
    ("timeline", "[1, 2]", "invalid_params"),
    ("timeline", '{"params": 5}', "invalid_params"),
    ("version", "[" * 100_000, "invalid_params"),
    ("nothing", "{}", "invalid_params"),
    ("calendar", '{"tasks": [1]}', "invalid_calendar"),
    ("calendar", '{"tasks": [{"id": "a", "due": "2026-01-01", "kind": []}]}', "invalid_calendar"),
    ("calendar", '{"tasks": [{"id": "a", "due": "2026-01-01"}], "texts": {"a": "text"}}', "invalid_calendar"),
    ("calendar", '{"tasks": [], "calendar_name": 5}', "invalid_calendar"),
    ("calendar", '{"tasks": [], "language": ["en"]}', "invalid_calendar"),
])
def test_the_bridge_answers_malformed_requests_with_a_code_not_internal(name, payload, code):
    from mynumber_guide.browser import call

    assert json.loads(call(name, payload)) == {"error": {"code": code, "field": None}}


def test_the_bridge_gives_too_large_when_memory_runs_out(monkeypatch):
    from mynumber_guide import browser, csvcheck

    def exhausted(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(csvcheck, "check_stream", exhausted)
    assert json.loads(browser.check_csv(b"number\n123456789018\n")) == {"error": {"code": "too_large", "field": "file"}}
