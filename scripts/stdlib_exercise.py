"""What the tool pages ask of Python, run under Pyodide to find the standard library they need.

``scripts/pyodide_stdlib.mjs`` runs this file inside Pyodide (with our wheels loaded) and prints
``ANSWERS``; ``scripts/stdlib_trim.py`` runs it once with Pyodide's whole standard library, to see
which of its files the tools import, and once with the trimmed copy, which must give the same
answers. Every request the worker sends is here: each warm-up step, the checker's numbers
(full-width, hyphenated, corporate, malformed), departure and arrival plans (and an impossible
date), a calendar export, CSV files in each encoding the checker reads or rejects, a column given
by name and by Excel letter, and requests the bridge refuses. Not a command: run through the build.
"""

from __future__ import annotations

import json

from mynumber_guide import browser


def _call(name: str, args: object) -> object:
    return json.loads(browser.call(name, json.dumps(args, ensure_ascii=False)))


def _csv(text: str, encoding: str, column: str | int | None = None) -> object:
    return json.loads(browser.check_csv(text.encode(encoding), column))


def exercise() -> dict[str, object]:
    """Run every kind of request once; return the answers (JSON-ready)."""
    browser.warm_up()
    answers: dict[str, object] = {}
    answers["check"] = [_call("check_number", {"text": text}) for text in (
        "123456789018", "１２３４－５６７８－９０１８", "1234\u00a05678\u20139018", "5835678256246",
        "123456789019", "12345", "abc", "",
    )]
    departure = {"departure": "2030-03-29", "pension-months": "24", "tax-agent": "yes", "insurance": "nhi"}
    plans = [departure, {"arrival": "2030-04-01"}, {"departure": "2030-02-30"}, {"arrival": "tomorrow"}]
    answers["timeline"] = [_call("timeline", {"params": params}) for params in plans]
    tasks = [task for task in answers["timeline"][0].get("tasks", []) if isinstance(task, dict)]
    answers["calendar"] = _call("calendar", {
        "tasks": tasks, "texts": {}, "dtstamp": "2030-01-01T00:00:00Z", "calendar_name": "出国の予定", "language": "ja",
    })
    answers["bad_calendar"] = _call("calendar", {"tasks": "none"})
    answers["refused"] = [json.loads(browser.call("no_such_request", "{}")), json.loads(browser.call("timeline", "not json"))]
    answers["version"] = _call("version", {})
    rows = "社員番号,氏名,マイナンバー\nE1,田中,6214 9832 0257\nE2,鈴木,123456789019\n"
    answers["csv"] = [
        _csv(rows, "utf-8"),
        _csv(rows, "utf-8-sig"),
        _csv(rows, "cp932"),
        _csv(rows, "cp932", "C"),
        _csv(rows, "utf-8", "マイナンバー"),
        _csv(rows, "utf-8", 2),
        _csv("number\n123\n", "utf-16"),
        _csv('a,b\n1,"2\n', "utf-8"),
        _csv("", "utf-8"),
        json.loads(browser.check_csv("社員\n".encode("cp932") + "番号\n".encode("utf-8"))),
    ]
    return answers


ANSWERS = json.dumps(exercise(), ensure_ascii=False, sort_keys=True)
