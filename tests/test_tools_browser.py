"""The tool pages in headless Chromium, against the built site: the validator and the planner run
the package on the self-hosted Pyodide, in the page's language, and keep what the reader types on
the device.

Covers issue 5's list: the public vectors typed through the page (full-width too) in en, ja and ko;
error messages in the page's language; a timeline through the page equals the package's own
result; the .ics parses with the right dates; the shareable link fills the form; no request to
another origin and none carrying the typed number; nothing in storage, the URL or the console; the
tools work offline once loaded; a failed Pyodide load shows a localised message and a retry that
works; content pages transfer no Pyodide bytes; the noscript text.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import icalendar
import pytest

import csv_fixtures
from mynumber_guide import api
from site_info import ROOT, english_pages
from tools_fixtures import (CHECK_PAGE, PLAN_PAGE, headers_site_url, open_tool, planned_tasks,  # noqa: F401
                            request_log, squash, text, tool_url, type_number, wait_ready)

pytestmark = pytest.mark.browser

VECTORS = json.loads((ROOT / "tests" / "data" / "checkdigit-public.json").read_text(encoding="utf-8"))
FULL_WIDTH = str.maketrans("0123456789- ", "０１２３４５６７８９－\u3000")
PYODIDE_PATHS = ("/assets/pyodide/", "/assets/wheels/", "/assets/javascripts/tools/")
SAMPLE = "1234 5678 9018"  # synthetic (JPMyNumber's README)


def full_width(value: str) -> str:
    return value.translate(FULL_WIDTH)


def expected_message(locale: str, answer: dict) -> str | None:
    """The sentence the page must show for *answer* (the package's result), in *locale*."""
    error = answer["error"]
    if error == "invalid_character":
        return text(locale, "number.errors.invalid_character")
    if error == "wrong_length":
        count = len(answer["normalized"] or "")
        return text(locale, f"number.errors.{'too_short' if count < 12 else 'too_long'}",
                    count=count, individual=12, corporate=13)
    if error == "check_digit":
        return text(locale, f"number.errors.check_digit_{answer['kind']}", digit=answer["expected_check_digit"])
    return None


# --- The validator -------------------------------------------------------------------------------

@pytest.mark.parametrize("locale", ["en", "ja", "ko"])
def test_public_vectors_typed_through_the_page(open_tool, locale):
    page = open_tool(locale, CHECK_PAGE)
    assert page.evaluate("document.documentElement.lang") == locale
    cases = [vector["input"] for vector in VECTORS]
    cases += [full_width(value) for value in cases if full_width(value) != value]
    cases += ["２６３３ー４８２９ー１１５８", "  6214\u30009832\u30000257  ", "５－８３５６－７８２５－６２４６"]
    # Pasted from web pages and Word: no-break, thin and zero-width spaces, a horizontal bar, a small hyphen.
    cases += ["2388\u00a04969\u00a06536", "4738\u20092997\u20093761", "\u200b6214\u20159832\ufe630257\u202f"]
    for value in cases:
        answer = api.check_number(value)
        shown = type_number(page, value)
        assert shown["valid"] == ("true" if answer["valid"] else "false"), value
        assert shown["error"] == (answer["error"] or ""), value
        message = expected_message(locale, answer)
        if message:
            assert message in squash(shown["text"]), (value, shown["text"])
        if answer["valid"]:
            assert squash(text(locale, "number.valid")) in squash(shown["text"])
    for vector in VECTORS:  # the vectors' own expectations, not only the package's
        shown = type_number(page, vector["input"])
        assert shown["valid"] == ("true" if vector["valid"] else "false"), vector
        assert shown["error"] == (vector["error"] or ""), vector


def test_typing_key_by_key_gives_the_result_as_one_types(open_tool):
    page = open_tool("ko", CHECK_PAGE)
    shown = type_number(page, "１２３４－５６７８－９０１", keyboard=True)
    assert shown["error"] == "wrong_length"
    assert text("ko", "number.errors.too_short", count=11, individual=12, corporate=13) in squash(shown["text"])
    page.locator('input[name="number"]').press_sequentially("８")
    page.wait_for_function("() => document.getElementById('number-result').dataset.valid === 'true'")
    assert page.get_attribute("#number-result", "data-error") == ""


@pytest.mark.parametrize("locale", ["en", "ja", "ko"])
def test_error_messages_are_in_the_page_language(open_tool, locale):
    page = open_tool(locale, CHECK_PAGE)
    cases = {
        "12345": text(locale, "number.errors.too_short", count=5, individual=12, corporate=13),
        "12345678901234": text(locale, "number.errors.too_long", count=14, individual=12, corporate=13),
        "12345678901X": text(locale, "number.errors.invalid_character"),
        "123456789019": text(locale, "number.errors.check_digit_individual", digit=8),
        "2835678256246": text(locale, "number.errors.check_digit_corporate", digit=5),
    }
    for value, message in cases.items():
        assert message in squash(type_number(page, value)["text"]), (locale, value)
    # The reminders are always there, in the same language.
    body = squash(page.inner_text("[data-tool='check-number']"))
    assert text(locale, "number.reminder_not_issued") in body
    assert "在留カード" in body
    english = text("en", "number.reminder_not_issued")
    assert locale == "en" or english not in body


def test_the_result_is_announced_and_usable_by_keyboard(open_tool):
    page = open_tool("en", CHECK_PAGE)
    result = page.locator("#number-result")
    announce = page.locator("#number-announce")
    # The visible result changes with every digit and is no live region; the hidden copy is.
    assert result.get_attribute("aria-live") is None and result.get_attribute("role") is None
    assert announce.get_attribute("role") == "status" and announce.get_attribute("aria-live") == "polite"
    page.evaluate("""() => {
        window.announcements = [];
        new MutationObserver(() => window.announcements.push(document.getElementById('number-announce').textContent))
            .observe(document.getElementById('number-announce'), {childList: true, characterData: true, subtree: true});
    }""")
    box = page.locator('input[name="number"]')
    label = page.locator(f"label[for='{box.get_attribute('id')}']")
    assert label.inner_text().strip() == text("en", "number.label")
    page.locator("body").click()
    page.keyboard.press("Tab")
    for _ in range(40):  # tab through the page's links until the input has focus
        if page.evaluate("document.activeElement.name") == "number":
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "number"
    page.keyboard.type("5835678256246", delay=60)  # 13 results while typing…
    page.wait_for_function("() => document.getElementById('number-result').dataset.valid === 'true'")
    assert "Corporate Number" in page.inner_text("#number-result")
    page.wait_for_function("() => window.announcements.length > 0")
    page.wait_for_timeout(1500)
    announced = page.evaluate("window.announcements")
    assert len(announced) == 1, announced  # …one announcement, the final verdict
    assert announced[0].startswith("✓ " + text("en", "number.valid")) and "Corporate Number" in announced[0]


def test_csv_batch_counts_rows_and_the_report_has_no_number(open_tool):
    page = open_tool("ja", CHECK_PAGE)
    data = ("社員,マイナンバー\nA,１２３４－５６７８－９０１８\nB,123456789019\nC,\nD,5835678256246\nE,12a\n").encode("cp932")
    expected = api.check_csv(data, "マイナンバー")
    page.fill("#guide-csv-column", "マイナンバー")
    page.set_input_files("#guide-csv-file", files=[{"name": "staff.csv", "mimeType": "text/csv", "buffer": data}])
    page.wait_for_selector("#csv-result [data-count='valid']")
    shown = squash(page.inner_text("#csv-result"))
    assert text("ja", "csv.valid", count=expected["valid"], individual=expected["valid_individual"],
                corporate=expected["valid_corporate"]) in shown
    assert text("ja", "csv.invalid", count=expected["invalid"]) in shown
    rows = page.eval_on_selector_all("#csv-result tr[data-row]", "rows => rows.map(r => [+r.dataset.row, r.dataset.error])")
    assert rows == [[item["row"], item["error"]] for item in expected["invalid_rows"]]
    with page.expect_download() as download_info:
        page.click("[data-csv-report]")
    report = download_info.value.path().read_bytes().decode("utf-8-sig")
    assert not re.search(r"\d{6,}", report), report
    assert report.splitlines()[1].startswith(f"{expected['invalid_rows'][0]['row']},{expected['invalid_rows'][0]['error']},")
    assert "123456789018" not in page.content() and "5835678256246" not in page.content()


def test_csv_batch_checks_the_first_column_when_none_is_given(open_tool):
    page = open_tool("en", CHECK_PAGE)
    data = "number,name\n123456789018,A\n123456789019,B\n\n5835678256246,C\n".encode("utf-8")
    expected = api.check_csv(data, None)
    page.set_input_files("#guide-csv-file", files=[{"name": "n.csv", "mimeType": "text/csv", "buffer": data}])
    page.wait_for_selector("#csv-result [data-count='valid']")
    shown = squash(page.inner_text("#csv-result"))
    assert text("en", "csv.summary", rows=expected["rows"], column=1, encoding="UTF-8") in shown
    assert text("en", "csv.header_skipped") in shown
    assert page.eval_on_selector_all("#csv-result tr[data-row]", "rows => rows.map(r => +r.dataset.row)") == \
        [item["row"] for item in expected["invalid_rows"]]


def test_csv_batch_finds_the_my_number_column_by_its_header_and_says_which(open_tool):
    # A typical HR export (the review's M6): the numbers in column C under マイナンバー, no column given.
    page = open_tool("ja", CHECK_PAGE)
    data = ("社員番号,氏名,マイナンバー\nE001,田中,6214\u00a09832\u00a00257\nE002,鈴木,123456789019\n"
            "E003,佐藤,１２３４－５６７８－９０１８\n").encode("utf-8")
    expected = api.check_csv(data, None)
    assert (expected["column"], expected["column_from_header"], expected["valid"]) == (3, True, 2)
    page.set_input_files("#guide-csv-file", files=[{"name": "staff.csv", "mimeType": "text/csv", "buffer": data}])
    page.wait_for_selector("#csv-result [data-column-picked]")
    shown = squash(page.inner_text("#csv-result"))
    assert text("ja", "csv.column_picked", letter="C", name="マイナンバー") in shown
    assert text("ja", "csv.valid", count=2, individual=2, corporate=0) in shown
    assert page.eval_on_selector_all("#csv-result tr[data-row]", "rows => rows.map(r => +r.dataset.row)") == [3]

    page.fill("#guide-csv-column", "b")  # an Excel letter: the reader's choice wins over the header
    page.click("[data-csv-check]")
    page.wait_for_function("() => !document.querySelector('#csv-result [data-column-picked]')"
                           " && document.querySelector(\"#csv-result [data-count='invalid']\")")
    shown = squash(page.inner_text("#csv-result"))
    assert text("ja", "csv.invalid", count=3) in shown


def test_csv_file_error_is_explained(open_tool):
    page = open_tool("ko", CHECK_PAGE)
    page.set_input_files("#guide-csv-file", files=[{"name": "x.csv", "mimeType": "text/csv",
                                                     "buffer": "number\n123\n".encode("utf-16")}])
    page.wait_for_selector("#csv-result[data-error='unknown_encoding']")
    assert text("ko", "csv.file_errors.unknown_encoding") in squash(page.inner_text("#csv-result"))


@pytest.mark.parametrize(("locale", "name", "column", "code", "line"), [
    ("ja", "stray_quote.csv", "My Number", "invalid_csv", 5),
    ("en", "stray_quote_closed_later.csv", "My Number", "invalid_csv", 5),
    ("pt-BR", "cp932_header_utf8_body.csv", "3", "mixed_encoding", 2),
    ("vi", "empty.csv", "5", "empty_file", None),
    ("ko", "duplicate_headers.csv", "id", "ambiguous_column", None),
])
def test_csv_malformed_file_is_explained_and_never_summarised(open_tool, locale, name, column, code, line):
    # The probe's HIGH finding: a stray quote made the page say every number passed.
    page = open_tool(locale, CHECK_PAGE)
    page.fill("#guide-csv-column", column)
    page.set_input_files("#guide-csv-file", files=[{"name": name, "mimeType": "text/csv",
                                                     "buffer": csv_fixtures.build(name)}])
    page.wait_for_selector(f"#csv-result[data-error='{code}']")
    shown = squash(page.inner_text("#csv-result"))
    assert text(locale, f"csv.file_errors.{code}") in shown
    if line is not None:
        assert text(locale, "csv.error_line", line=line) in shown
    assert text(locale, "csv.all_valid") not in shown
    assert page.query_selector("#csv-result [data-count]") is None


def test_csv_invalid_row_list_is_capped_with_the_total_shown(open_tool):
    page = open_tool("en", CHECK_PAGE)
    page.set_input_files("#guide-csv-file", files=[{"name": "many.csv", "mimeType": "text/csv",
                                                     "buffer": csv_fixtures.many_invalid()}])
    page.wait_for_selector("#csv-result [data-rows-capped]")
    shown = squash(page.inner_text("#csv-result"))
    assert text("en", "csv.invalid", count="3,000") in shown
    assert text("en", "csv.rows_capped", listed="1,000", count="3,000") in shown
    assert text("en", "csv.more_rows", count="800") in shown
    assert len(page.query_selector_all("#csv-result tr[data-row]")) == 200
    with page.expect_download() as download_info:
        page.click("[data-csv-report]")
    report = download_info.value.path().read_bytes().decode("utf-8-sig").splitlines()
    assert len(report) == 1 + 1000
    assert report[1].startswith("2,check_digit,") and report[-1].startswith("1001,check_digit,")
    assert not any(re.search(r"\d{6,}", line) for line in report)


# --- Privacy ----------------------------------------------------------------------------------

def test_the_typed_number_goes_nowhere_and_nothing_is_stored(open_tool, context, request_log, site_url):
    page = open_tool("en", CHECK_PAGE)
    url_before = page.url
    history_before = page.evaluate("history.length")
    storage = "[Object.entries(localStorage), Object.entries(sessionStorage)]"
    storage_before = page.evaluate(storage)
    requests_before = len(request_log.entries)
    typed = ["１２３４－５６７８－９０１８", "1234 5678 9018", "123456789019", "5-8356-7825-6246"]
    for value in typed:
        type_number(page, value)
    page.locator('input[name="number"]').press("Enter")  # no form: nothing is submitted
    page.wait_for_timeout(500)

    assert len(request_log.entries) == requests_before, "typing made requests: " + \
        ", ".join(entry["url"] for entry in request_log.entries[requests_before:])
    needles = ["123456789018", "1234 5678 9018", "1234+5678+9018", "1234%205678", "123456789019",
               "5835678256246", "１２３４"]
    assert request_log.carrying(needles) == []
    assert context.foreign_requests == []
    assert all(entry["url"].startswith(site_url) for entry in request_log.entries)

    assert page.url == url_before and "?" not in page.url and "#" not in page.url
    assert page.evaluate("history.length") == history_before and page.evaluate("history.state") is None
    # Only Material's own colour-scheme preference may be in storage, and typing changes nothing.
    assert page.evaluate(storage) == storage_before
    assert {key.rsplit(".", 1)[-1] for key, _ in storage_before[0]} <= {"__palette"}
    assert storage_before[1] == []
    assert not any(needle in json.dumps(storage_before) for needle in needles)
    assert page.evaluate("document.cookie") == ""
    assert page.evaluate("indexedDB.databases().then(list => list.length)") == 0
    # Cache Storage holds only the runtime's own files (kept for offline use), at their plain addresses.
    cached = page.evaluate("""async () => {
      const found = {};
      for (const name of await caches.keys()) {
        found[name] = (await (await caches.open(name)).keys()).map(request => request.url);
      }
      return found;
    }""")
    assert set(cached) <= {"guide-runtime"}, cached
    for url in cached.get("guide-runtime", []):
        assert url.startswith(f"{site_url}assets/") and "?" not in url and "#" not in url, url
        assert not any(needle in url for needle in needles), url
    logged = "\n".join(context.console_messages)
    for needle in needles + ["9018", "6246"]:
        assert needle not in logged, "a number reached the console"


def test_leaving_the_page_clears_the_number(open_tool, site_url):
    page = open_tool("en", CHECK_PAGE)
    type_number(page, SAMPLE)
    page.goto(site_url)
    page.go_back()
    page.wait_for_selector('input[name="number"]')
    assert page.input_value('input[name="number"]') == ""
    assert page.inner_text("#number-result").strip() == ""


def test_tools_keep_working_offline_once_loaded(open_tool, context):
    page = open_tool("ja", CHECK_PAGE)
    context.set_offline(True)
    assert type_number(page, "１２３４５６７８９０１８")["valid"] == "true"
    assert type_number(page, "123456789019")["error"] == "check_digit"
    context.set_offline(False)

    planner = open_tool("ko", PLAN_PAGE)
    context.set_offline(True)
    planner.fill('input[name="arrival"]', "2026-12-25")
    planner.locator('form[data-plan="arrival"] button[type="submit"]').click()
    planner.wait_for_selector("[data-task]")
    assert [task["id"] for task in planned_tasks(planner)] == \
        [task["id"] for task in api.timeline({"arrival": "2026-12-25"})["tasks"]]
    context.set_offline(False)


@pytest.mark.parametrize("locale", ["ja"])
def test_a_failed_load_says_so_in_the_page_language_and_retry_works(open_tool, context, locale):
    failures = []

    def fail_once(route):
        if not failures:
            failures.append(route.request.url)
            route.abort("failed")
        else:
            route.fallback()

    context.route("**/pyodide.asm.wasm", fail_once)
    page = open_tool(locale, CHECK_PAGE, ready=False)
    status = page.locator("[data-python-status]")
    page.wait_for_function("() => document.querySelector('[data-python-status]').dataset.state === 'failed'", timeout=120_000)
    assert failures, "the wasm request was not intercepted"
    assert squash(status.inner_text()).startswith(text(locale, "runtime.failed"))
    retry = page.locator("[data-python-retry]")
    assert retry.is_visible() and retry.inner_text().strip() == text(locale, "runtime.retry")
    page.fill('input[name="number"]', "123456789018")  # typed while broken: shown once ready
    retry.click()
    wait_ready(page)
    page.wait_for_function("() => document.getElementById('number-result').dataset.valid === 'true'")
    assert squash(status.inner_text()) == text(locale, "runtime.ready")
    assert not retry.is_visible()


def _config(page) -> dict:
    return json.loads(page.locator("#guide-python-config").text_content())


@pytest.mark.parametrize("locale", ["ru"])
def test_a_slow_download_shows_bytes_of_total_and_never_times_out(open_tool, context, locale):
    """On a slow line the status says how much of how much has arrived, in the page's language,
    the bar follows it, and the download runs to the end (no fixed time limit)."""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {  # about 16 Mbit/s: the runtime takes several seconds
        "offline": False, "latency": 40, "downloadThroughput": 2_000_000, "uploadThroughput": 200_000})
    open_tool(locale, CHECK_PAGE, ready=False, page=page)
    config = _config(page)
    total = sum(config["fileBytes"])
    assert total == config["downloadBytes"] and len(config["files"]) == len(config["fileBytes"]) >= 6
    seen = []
    for _ in range(600):
        state = page.evaluate("""() => {
            const root = document.querySelector('[data-python-status]');
            const bar = root.querySelector('progress');
            return {state: root.dataset.state, detail: root.querySelector('[data-status-detail]').textContent,
                    live: root.querySelector('[data-status-text]').textContent,
                    value: bar.hasAttribute('value') ? bar.value : null, max: bar.max};
        }""")
        if state["state"] != "loading":
            break
        if state["detail"]:
            seen.append(state)
        page.wait_for_timeout(100)
    cdp.send("Network.emulateNetworkConditions", {
        "offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    wait_ready(page)
    assert len({s["detail"] for s in seen}) >= 3, seen[:3]
    template = re.escape(text(locale, "runtime.progress", loaded="LOADED", total="TOTAL"))
    pattern = template.replace("LOADED", "(.+?)").replace("TOTAL", "(.+?)") + "(?: · (.+))?"
    for state in seen:
        match = re.fullmatch(pattern, state["detail"])
        assert match, (pattern, state["detail"])
        assert "МБ" in match.group(2) and "," in match.group(2), match.group(2)  # Russian MB, decimal comma
        assert state["max"] == total and 0 <= state["value"] <= total
    # The stage sentence (the live region) is said once: it does not change while the bytes do.
    assert len({state["live"] for state in seen}) == 1
    values = [state["value"] for state in seen]
    assert values == sorted(values) and values[-1] > values[0]
    assert any(state["detail"].count(" · ") == 1 for state in seen), "no time left was ever shown"


@pytest.mark.parametrize("locale", ["uk"])
def test_a_stalled_download_is_noticed_and_retry_finishes_it(open_tool, context, site_url, locale):
    """A file that stops arriving ends the load with the stalled message (not a generic time-out),
    and the reader's retry completes it."""
    held = []

    def hold_first(route):
        if not held:
            held.append(route)  # never answered: the download gets no byte
        else:
            route.fallback()

    def quick_stall(route):  # the page as the host serves it, with a 3-second stall limit
        response = route.fetch()
        body = response.text().replace('"stallSeconds": 30', '"stallSeconds": 3')
        route.fulfill(response=response, body=body)

    page_url = tool_url(site_url, locale, CHECK_PAGE)
    context.route(page_url, quick_stall)
    context.route("**/stdlib.*.zip", hold_first)
    page = open_tool(locale, CHECK_PAGE, ready=False)
    assert _config(page)["stallSeconds"] == 3
    page.wait_for_function("() => document.querySelector('[data-python-status]').dataset.state === 'failed'",
                           timeout=60_000)
    assert held, "the runtime's standard library was not requested"
    status = page.locator("[data-python-status]")
    assert squash(status.inner_text()).startswith(text(locale, "runtime.stalled", seconds=3))
    assert page.evaluate("() => window.guidePython.reason") == "stalled"
    retry = page.locator("[data-python-retry]")
    retry.click()
    wait_ready(page)
    assert squash(status.inner_text()) == text(locale, "runtime.ready")
    assert type_number(page, "123456789018")["valid"] == "true"
    context.unroute(page_url, quick_stall)


# --- The planner ------------------------------------------------------------------------------

def test_a_departure_through_the_form_matches_the_package(open_tool):
    page = open_tool("en", PLAN_PAGE)
    form = page.locator('form[data-plan="departure"]')
    form.locator('input[name="departure"]').fill("2027-12-28")
    form.locator('input[name="returning"][value="no"]').check()
    form.locator('input[name="insurance"][value="nhi"]').check()
    form.locator('input[name="tax-agent"]').check()
    form.locator('input[name="pension-months"]').fill("30")
    form.locator('input[name="notice-months"]').fill("2")
    form.locator('button[type="submit"]').click()
    page.wait_for_selector("[data-task]")
    params = {"departure": "2027-12-28", "returning": "no", "insurance": "nhi", "tax-agent": "yes",
              "pension-months": "30", "notice-months": "2"}
    expected = api.timeline(params)["tasks"]
    shown = planned_tasks(page)
    assert [(t["id"], t["due"], t["earliest"], t["kind"]) for t in shown] == \
        [(t["id"], t["due"], t.get("earliest"), t["kind"]) for t in expected]
    for task in shown:
        group = "before" if task["due"] < "2027-12-28" else "on" if task["due"] == "2027-12-28" else "after"
        assert task["group"] == group, task
    assert page.evaluate("document.activeElement.id") == "your-plan"
    item = page.locator('[data-task="moving-out-notification"]')
    assert item.locator("a[lang='ja']").inner_text() == "転出届"
    assert item.locator("a", has_text=text("en", "plan.guidance")).get_attribute("href").endswith("leaving/#moving-out-notification")


@pytest.mark.parametrize("locale", ["vi"])
def test_a_plan_survives_a_reload_and_opens_its_dated_checklist(open_tool, site_url, locale):
    """The form's answers go into the address bar (dates and choices only), so a reload keeps the
    plan; a link under the plan opens the leaving checklist with the same answers and its dates."""
    page = open_tool(locale, PLAN_PAGE)
    form = page.locator('form[data-plan="departure"]')
    form.locator('input[name="departure"]').fill("2027-12-28")
    form.locator('input[name="returning"][value="no"]').check()
    form.locator('input[name="insurance"][value="nhi"]').check()
    form.locator('button[type="submit"]').click()
    page.wait_for_selector("[data-task]")
    before = [task["id"] for task in planned_tasks(page)]
    query = dict(re.findall(r"([a-z-]+)=([^&]+)", page.url.split("?", 1)[1]))
    assert query == {"departure": "2027-12-28", "returning": "no", "insurance": "nhi"}
    page.reload()
    wait_ready(page)
    page.wait_for_selector("[data-task]")
    assert [task["id"] for task in planned_tasks(page)] == before
    link = page.locator("[data-plan-checklist]")
    assert squash(link.inner_text()) == text(locale, "plan.checklist_link_departure")
    link.click()
    page.wait_for_url(re.compile(r"/vi/checklists/leaving/\?departure=2027-12-28&returning=no&insurance=nhi$"))
    page.wait_for_selector(".guide-checklist[data-dates='shown']", timeout=180_000)
    assert page.locator(".guide-checklist time[datetime]").count() > 3


@pytest.mark.parametrize(("locale", "params"), [
    ("ja", {"departure": "2026-05-06", "returning": "special-reentry", "leaving-home": "no",
            "stay-expiry": "2026-12-31", "insurance": "employer"}),
    ("ko", {"departure": "2028-01-02", "returning": "reentry-permit", "leaving-home": "yes",
            "reentry-permit-expiry": "2029-06-30", "special-permanent-resident": "yes", "insurance": "nhi",
            "notice-months": "0", "left-job": "2027-12-20"}),
    ("en", {"arrival": "2025-12-27", "insurance": "employer"}),
])
def test_the_shareable_link_fills_the_form_and_shows_the_plan(open_tool, locale, params):
    query = "?" + "&".join(f"{name}={value}" for name, value in params.items())
    page = open_tool(locale, PLAN_PAGE, query)
    page.wait_for_selector("[data-task]")
    kind = "arrival" if "arrival" in params else "departure"
    form = page.locator(f'form[data-plan="{kind}"]')
    for name, value in params.items():
        control = form.locator(f'[name="{name}"]')
        kind_of_input = control.first.get_attribute("type")
        if kind_of_input == "radio":
            assert form.locator(f'[name="{name}"][value="{value}"]').is_checked(), name
        elif kind_of_input == "checkbox":
            assert control.is_checked() == (value == "yes"), name
        else:
            assert control.input_value() == value, name
    expected = api.timeline(params)["tasks"]
    assert [(t["id"], t["due"]) for t in planned_tasks(page)] == [(t["id"], t["due"]) for t in expected]
    share = page.get_attribute("[data-plan-link]", "href")
    assert share.split("?")[0] == page.url.split("?")[0]
    assert dict(re.findall(r"([a-z-]+)=([^&]+)", share.split("?")[1])) == params
    assert page.evaluate("document.documentElement.lang") == locale
    heading = page.locator("#your-plan").inner_text()
    assert heading.strip() == text(locale, "plan.result_title")


def test_a_bad_link_or_date_is_explained_in_the_page_language(open_tool):
    page = open_tool("ja", PLAN_PAGE, "?departure=2026-02-30")
    page.wait_for_selector('form[data-plan="departure"] [data-form-error]:not([hidden])')
    message = page.inner_text('form[data-plan="departure"] [data-form-error]')
    assert message.strip() == text("ja", "plan.errors.impossible_date", field=text("ja", "plan.field_names.departure"))
    assert page.get_attribute('input[name="departure"]', "aria-invalid") == "true"
    assert page.locator("[data-task]").count() == 0


def test_new_questions_their_hints_and_a_missing_answer_shown_next_to_the_field(open_tool):
    page = open_tool("en", PLAN_PAGE)
    form = page.locator('form[data-plan="departure"]')
    leaving_home = form.locator('fieldset:has(input[name="leaving-home"])')
    assert not leaving_home.is_visible()  # not asked when not coming back: moving out is implied
    form.locator('input[name="departure"]').fill("2027-05-21")
    form.locator('input[name="returning"][value="special-reentry"]').check()
    assert leaving_home.is_visible()
    assert squash(leaving_home.locator("legend").inner_text()) == text("en", "plan.leaving_home_legend")
    assert squash(leaving_home.locator(".guide-field__help").inner_text()) == text("en", "plan.leaving_home_help")
    for name in ("stay-expiry", "left-job"):
        control = form.locator(f'input[name="{name}"]')
        assert control.is_visible()
        label = page.locator(f'label[for="{control.get_attribute("id")}"]').inner_text()
        assert squash(label) == text("en", f"plan.{name.replace('-', '_')}_label")
        described = control.get_attribute("aria-describedby").split()
        assert f"guide-{name}-help" in described and f"guide-{name}-error" in described
    assert form.locator('input[name="permanent-resident"]').is_visible()
    assert "guide-permanent-resident-help" in form.locator('input[name="permanent-resident"]').get_attribute("aria-describedby")
    form.locator('button[type="submit"]').click()
    beside = form.locator('[data-field-error="leaving-home"]')
    beside.wait_for(state="visible")
    expected = text("en", "plan.errors.missing_choice", field=text("en", "plan.field_names.leaving-home"))
    assert squash(beside.inner_text()) == expected
    assert page.evaluate("document.activeElement.name") == "leaving-home"  # focus moves to the question
    assert page.locator("[data-task]").count() == 0
    # Answer by keyboard: focus is on the first answer; Space chooses it.
    assert page.evaluate("document.activeElement.value") == "yes"
    page.keyboard.press("Space")
    assert form.locator('input[name="leaving-home"][value="yes"]').is_checked()
    form.locator('input[name="left-job"]').fill("2027-04-20")
    form.locator('input[name="left-job"]').press("Enter")
    page.wait_for_selector("[data-task]")
    assert not beside.is_visible()
    params = {"departure": "2027-05-21", "returning": "special-reentry", "leaving-home": "yes",
              "left-job": "2027-04-20", "insurance": "nhi"}
    expected_tasks = api.timeline(params)["tasks"]
    assert [(t["id"], t["due"]) for t in planned_tasks(page)] == [(t["id"], t["due"]) for t in expected_tasks]
    assert {"moving-out-notification", "immigration-affiliation-notice"} <= {t["id"] for t in expected_tasks}


def test_without_the_period_of_stay_there_is_no_return_date_but_a_line_saying_what_to_enter(open_tool):
    params = {"departure": "2027-06-15", "returning": "special-reentry", "leaving-home": "no"}
    page = open_tool("en", PLAN_PAGE, "?" + "&".join(f"{k}={v}" for k, v in params.items()))
    page.wait_for_selector("[data-task]")
    assert api.timeline(params)["notices"] == [{"id": "stay-expiry-needed", "field": "stay-expiry"}]
    assert page.locator('[data-task="reentry-deadline"]').count() == 0
    notice = page.locator('[data-notice="stay-expiry-needed"]')
    assert notice.is_visible()
    assert squash(notice.inner_text()).startswith(text("en", "plan.notices.stay-expiry-needed"))
    notice.get_by_role("link", name=text("en", "plan.notice_fix")).click()
    assert page.evaluate("document.activeElement.name") == "stay-expiry"
    page.fill('input[name="stay-expiry"]', "2028-01-31")
    page.locator('form[data-plan="departure"] button[type="submit"]').click()
    page.wait_for_selector('[data-task="reentry-deadline"]')
    assert page.locator("[data-notice]").count() == 0
    assert page.get_attribute('[data-task="reentry-deadline"] time', "datetime") == "2028-01-31"
    # The calendar follows the plan: no event for a date the plan does not show.
    page.goto(page.url.split("?")[0] + "?" + "&".join(f"{k}={v}" for k, v in params.items()))
    wait_ready(page)
    page.wait_for_selector("[data-task]")
    with page.expect_download() as download_info:
        page.click("[data-plan-calendar]")
    events = list(icalendar.Calendar.from_ical(download_info.value.path().read_bytes()).walk("VEVENT"))
    assert len(events) == len(api.timeline(params)["tasks"])
    assert not any(str(event["UID"]).startswith("reentry-deadline-") for event in events)


def test_dates_before_the_readers_today_are_marked_as_passed(open_tool, context):
    page = context.new_page()
    page.clock.set_fixed_time(dt.datetime(2027, 5, 8, 10, 0))
    params = {"departure": "2027-05-21", "left-job": "2027-04-20", "insurance": "employer"}
    open_tool("en", PLAN_PAGE, "?" + "&".join(f"{k}={v}" for k, v in params.items()), page=page)
    page.wait_for_selector("[data-task]")
    shown = page.eval_on_selector_all("[data-task]", "items => items.map(i => [i.dataset.task, i.dataset.passed])")
    expected = {t["id"]: t["due"] < "2027-05-08" for t in api.timeline(params)["tasks"]}
    assert {task: passed == "true" for task, passed in shown} == expected
    assert {task for task, passed in expected.items() if passed} == {
        "landlord-notice", "shipping", "immigration-affiliation-notice", "join-nhi-after-job",
        "join-pension-after-job", "bulky-waste"}
    item = page.locator('[data-task="immigration-affiliation-notice"]')
    line = item.locator(".guide-task__passed")
    assert text("en", "plan.passed") in line.inner_text()  # said in words, not by colour alone
    assert "/leaving/" in line.get_by_role("link", name=text("en", "plan.if_late")).get_attribute("href")
    assert page.locator('[data-task="moving-out-notification"] .guide-task__passed').count() == 0
    assert "2027-05-08" not in page.get_attribute("[data-plan-link]", "href")  # today stays on the device


@pytest.mark.parametrize("padded", ["%202026-12-05%20", "2026-12-05%09", "%0A2026-12-05"])
def test_a_link_with_spaces_around_the_date_is_read_as_python_reads_it(open_tool, padded):
    page = open_tool("en", PLAN_PAGE, f"?departure={padded}&pension-months=%2012")
    page.wait_for_selector("[data-task]")
    assert page.input_value('input[name="departure"]') == "2026-12-05"
    params = {"departure": "2026-12-05", "pension-months": "12"}
    expected = api.timeline(params)["tasks"]
    shown = planned_tasks(page)
    assert [(t["id"], t["due"]) for t in shown] == [(t["id"], t["due"]) for t in expected]
    for task in shown:
        group = "before" if task["due"] < "2026-12-05" else "on" if task["due"] == "2026-12-05" else "after"
        assert task["group"] == group, task
    datetimes = page.eval_on_selector_all("[data-plan-result] time", "ts => ts.map(t => t.getAttribute('datetime'))")
    assert datetimes and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) for value in datetimes)
    assert "departure=2026-12-05&" in page.get_attribute("[data-plan-link]", "href")


def test_the_calendar_file_parses_with_the_right_dates(open_tool):
    params = {"departure": "2027-03-31", "returning": "no", "insurance": "nhi", "pension-months": "24", "tax-agent": "yes"}
    page = open_tool("ja", PLAN_PAGE, "?" + "&".join(f"{k}={v}" for k, v in params.items()))
    page.wait_for_selector("[data-task]")
    with page.expect_download() as download_info:
        page.click("[data-plan-calendar]")
    download = download_info.value
    assert download.suggested_filename.endswith("-2027-03-31.ics")
    raw = download.path().read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    calendar = icalendar.Calendar.from_ical(raw)
    events = list(calendar.walk("VEVENT"))
    expected = api.timeline(params)["tasks"]
    assert len(events) == len(expected)
    for event, task in zip(events, expected):
        assert event.decoded("DTSTART") == dt.date.fromisoformat(task["due"])
        assert event.decoded("DTEND") == dt.date.fromisoformat(task["due"]) + dt.timedelta(days=1)
        assert str(event["UID"]) == f"{task['id']}-{task['due'].replace('-', '')}@mynumber-guide"
        assert str(event["SUMMARY"]) == text("ja", f"tasks.{task['id']}.title")
    assert str(calendar["X-WR-CALNAME"]) == text("ja", "plan.calendar_name")
    moving_out = next(e for e in events if str(e["UID"]).startswith("moving-out-notification-"))
    assert str(moving_out["URL"]).endswith("/ja/leaving/#moving-out-notification")


def test_print_view_shows_the_plan_without_forms_or_buttons(open_tool):
    page = open_tool("en", PLAN_PAGE, "?arrival=2026-04-01&insurance=nhi")
    page.wait_for_selector("[data-task]")
    page.emulate_media(media="print")
    assert page.locator("[data-task]").first.is_visible()
    assert not page.locator('form[data-plan="departure"]').is_visible()
    assert not page.locator("[data-plan-calendar]").is_visible()
    assert not page.locator(".md-header").is_visible()
    assert not page.locator("#how-dates-are-worked-out").is_visible()


def test_planner_works_by_keyboard(open_tool):
    page = open_tool("en", PLAN_PAGE)
    page.focus('input[name="arrival"]')
    page.keyboard.type("01022027")  # the date field takes digits from the keyboard (mm/dd/yyyy in en-US)
    if page.input_value('input[name="arrival"]') != "2027-01-02":
        page.fill('input[name="arrival"]', "2027-01-02")
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-task]")
    assert page.evaluate("document.activeElement.id") == "your-plan"


# --- Pages without tools, and without JavaScript ------------------------------------------------

def test_content_pages_transfer_no_pyodide_bytes(context, site_url, request_log):
    page = context.new_page()
    workers = []
    page.on("worker", lambda worker: workers.append(worker.url))
    for locale in ("en", "ja", "ko"):
        for relative in english_pages():
            if relative.startswith("tools/"):
                continue
            page.goto(tool_url(site_url, locale, relative), wait_until="load")
    offending = [entry["url"] for entry in request_log.entries if any(path in entry["url"] for path in PYODIDE_PATHS)]
    assert offending == []
    assert [url for url in workers if "tools/" in url] == []


@pytest.mark.parametrize("relative", [CHECK_PAGE, PLAN_PAGE])
def test_without_javascript_the_page_says_the_tools_need_it(browser, site_url, relative):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(tool_url(site_url, "ko", relative))
        note = page.locator(".guide-tool-noscript")
        assert note.is_visible()
        assert squash(note.inner_text()) == text("ko", "runtime.noscript")
    finally:
        context.close()


@pytest.mark.parametrize("locale", ["zh", "pt-BR"])
def test_other_languages_show_their_tool_strings_with_english_filling_gaps(open_tool, locale):
    """Whatever a translator has done so far: each string in the language, English for the rest."""
    page = open_tool(locale, CHECK_PAGE)
    shown = type_number(page, "123456789019")
    assert shown["error"] == "check_digit"
    assert text(locale, "number.errors.check_digit_individual", digit=8) in squash(shown["text"])


def test_the_worker_runs_under_the_policy_the_headers_file_gives_it(browser, headers_site_url):
    """On a host that applies _headers, pyodide-worker.mjs gets its own strict policy; Pyodide still runs."""
    context = browser.new_context()
    try:
        page = context.new_page()
        violations = []
        page.on("console", lambda message: violations.append(message.text) if "Content Security Policy" in message.text
                and "sitemap.xml" not in message.text else None)
        response = page.request.get(headers_site_url + "assets/javascripts/tools/pyodide-worker.mjs")
        assert "'wasm-unsafe-eval'" in response.headers["content-security-policy"]
        page.goto(tool_url(headers_site_url, "en", CHECK_PAGE))
        wait_ready(page)
        assert type_number(page, SAMPLE)["valid"] == "true"
        assert violations == []
    finally:
        context.close()


def test_a_wheel_that_does_not_match_the_lockfile_hash_is_refused(open_tool, context, site_dir):
    """The site-local lockfile's sha256 is checked: a valid but different wheel does not load."""
    import io
    import zipfile

    original = next((site_dir / "assets" / "wheels").rglob("mynumber_guide-*.whl")).read_bytes()
    tampered = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(original)) as source, zipfile.ZipFile(tampered, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr("mynumber_guide/extra.py", "# not from the build\n")
    served = []

    def swap(route):
        served.append(route.request.url)
        route.fulfill(status=200, content_type="application/zip", body=tampered.getvalue())

    context.route("**/mynumber_guide-*.whl", swap)
    page = open_tool("en", CHECK_PAGE, ready=False)
    page.wait_for_function("() => window.guidePython && window.guidePython.state === 'failed'", timeout=120_000)
    assert served, "the wheel request was not intercepted"
    assert page.locator("[data-python-retry]").is_visible()
    context.unroute("**/mynumber_guide-*.whl", swap)  # control: the real wheel loads
    page.click("[data-python-retry]")
    wait_ready(page)


@pytest.mark.parametrize("width", [320, 360])
@pytest.mark.parametrize("locale", ["en", "my", "ur", "km"])
def test_the_tools_fit_a_small_phone_and_the_verdict_sits_under_the_field(browser, site_url, locale, width):
    """No sideways scrolling at 320 and 360 px with a result and a plan on screen, and the
    checker's verdict right under its field (where an on-screen keyboard leaves it visible)."""
    from conftest import guarded_context

    context = guarded_context(browser, site_url, viewport={"width": width, "height": 640}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(tool_url(site_url, locale, CHECK_PAGE))
        wait_ready(page)
        type_number(page, "1234 5678 9019")  # a wrong check digit: the longest message
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        field = page.locator('input[name="number"]').bounding_box()
        verdict = page.locator("#number-result").bounding_box()
        examples = page.locator(".guide-checker__examples").bounding_box()
        assert field["y"] < verdict["y"] < examples["y"]
        assert verdict["y"] - (field["y"] + field["height"]) < 200  # only the field's help between them

        page.goto(tool_url(site_url, locale, PLAN_PAGE, "?departure=2027-03-31&returning=no&insurance=nhi&tax-agent=yes"))
        wait_ready(page)
        page.wait_for_selector("[data-task]")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        context.close()


@pytest.mark.parametrize("locale", ["en", "my"])
def test_the_verdict_shows_above_an_on_screen_keyboard(browser, site_url, locale):
    """A phone's keyboard leaves the top 260 px of a 360 × 640 screen: while the field has focus,
    the page scrolls so that the verdict under it is in view, and the field stays in view too."""
    from conftest import guarded_context

    context = guarded_context(browser, site_url, viewport={"width": 360, "height": 640}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(tool_url(site_url, locale, CHECK_PAGE))
        wait_ready(page)
        field = page.locator('input[name="number"]')
        field.focus()
        page.set_viewport_size({"width": 360, "height": 260})  # the keyboard opens
        page.keyboard.type("1234 5678 9019")  # a wrong check digit: the longest verdict
        page.wait_for_function("() => document.getElementById('number-result').dataset.error === 'check_digit'")
        page.wait_for_timeout(300)
        shown = page.evaluate("""() => {
          const view = window.visualViewport;
          const box = (selector) => document.querySelector(selector).getBoundingClientRect();
          return { top: view.offsetTop, bottom: view.offsetTop + view.height,
                   field: box('input[name="number"]').top, verdict: box('#number-result .guide-result__verdict').bottom };
        }""")
        assert shown["top"] <= shown["field"] and shown["verdict"] <= shown["bottom"], shown
    finally:
        context.close()
