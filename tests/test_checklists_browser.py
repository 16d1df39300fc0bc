"""The checklists in headless Chromium: ticks that survive a reload, progress, reset and undo,
"hide done", a link per item, printing, the keyboard, the page without JavaScript, and the
planner's dates (and no Pyodide at all without them)."""

from __future__ import annotations

import re

import pytest

from checklist_info import load
from site_info import DOCS, default_language, languages, page_url, ui_data

from mynumber_guide.api import timeline

pytestmark = pytest.mark.browser

BY_LOCALE = {language.locale: language for language in languages()}
LEAVING = "checklists/leaving.md"
MOVING_IN = "checklists/moving-in.md"
ENGLISH = DOCS / default_language().locale
LEAVING_ITEMS = [item.id for item in load(ENGLISH / LEAVING).items()]
STRINGS = ui_data("en")["checklist"]


def address(site_url: str, relative: str, locale: str = "en", query: str = "") -> str:
    return f"{site_url}{BY_LOCALE[locale].prefix}{page_url(relative)}{query}"


def open_checklist(page, site_url: str, relative: str = LEAVING, locale: str = "en", query: str = ""):
    page.goto(address(site_url, relative, locale, query))
    page.wait_for_selector(".guide-checklist[data-mounted] .guide-checklist__box")
    return page


def stored(page, checklist_id: str = "leaving"):
    return page.evaluate("key => JSON.parse(localStorage.getItem(key))", f"guide-checklist:{checklist_id}")


def squash(value: str) -> str:
    return " ".join(value.split())


def box(page, item_id: str):
    return page.locator(f"#{item_id}--box")


def progress(page) -> tuple[int, str]:
    return (page.eval_on_selector(".guide-checklist__toolbar progress", "p => p.value"),
            page.locator(".guide-checklist__progress-text").inner_text())


def test_a_tick_survives_a_reload_and_only_item_ids_are_stored(page, site_url):
    open_checklist(page, site_url)
    box(page, "landlord-notice").check()
    page.reload()
    page.wait_for_selector(".guide-checklist[data-mounted]")
    assert box(page, "landlord-notice").is_checked()
    assert not box(page, "tax-agent").is_checked()
    assert stored(page) == {"version": 1, "done": ["landlord-notice"], "hideDone": False}
    assert page.locator("#landlord-notice").evaluate("li => li.classList.contains('guide-checklist__item--done')")


def test_the_progress_bar_follows_the_ticks(page, site_url):
    open_checklist(page, site_url)
    total = len(LEAVING_ITEMS)
    assert progress(page) == (0, f"0 of {total} done")
    box(page, "decide-reentry").check()
    box(page, "residence-card").check()
    assert progress(page) == (2, f"2 of {total} done")
    box(page, "decide-reentry").uncheck()
    assert progress(page) == (1, f"1 of {total} done")
    bar = page.locator(".guide-checklist__toolbar progress")
    assert bar.get_attribute("max") == str(total)
    # The bar is named by its text, so a screen reader says "1 of 24 done".
    assert page.evaluate("id => document.getElementById(id).textContent", bar.get_attribute("aria-labelledby")) \
        == f"1 of {total} done"


def test_clear_all_ticks_clears_and_undo_brings_them_back(page, site_url):
    open_checklist(page, site_url)
    for item in ("landlord-notice", "shipping", "post"):
        box(page, item).check()
    page.get_by_role("button", name=STRINGS["reset"]).click()
    assert page.locator(".guide-checklist__box:checked").count() == 0
    assert progress(page)[0] == 0
    assert stored(page) is None
    assert page.locator(".guide-checklist__status").inner_text().startswith(STRINGS["reset_done"])
    page.get_by_role("button", name=STRINGS["undo"]).click()
    assert page.locator(".guide-checklist__box:checked").count() == 3
    assert sorted(stored(page)["done"]) == ["landlord-notice", "post", "shipping"]


def test_hide_done_items_hides_them_and_is_remembered(page, site_url):
    open_checklist(page, site_url)
    box(page, "landlord-notice").check()
    page.get_by_label(STRINGS["hide_done"]).check()
    assert page.locator("#landlord-notice").is_hidden()
    assert page.locator("#tax-agent").is_visible()
    # Ticking an item while done items are hidden moves the focus on to the next item.
    box(page, "tax-agent").focus()
    page.keyboard.press("Space")
    assert page.locator("#tax-agent").is_hidden()
    assert page.evaluate("document.activeElement.id") == "shipping--box"
    page.reload()
    page.wait_for_selector(".guide-checklist[data-mounted]")
    assert page.locator("#landlord-notice").is_hidden()
    assert page.get_by_label(STRINGS["hide_done"]).is_checked()
    page.get_by_label(STRINGS["hide_done"]).uncheck()
    assert page.locator("#landlord-notice").is_visible()


def test_a_revised_list_keeps_the_ticks_that_still_apply_and_forgets_the_others(page, site_url):
    open_checklist(page, site_url)
    removed = [f"an-item-that-was-removed-{number}" for number in range(2000)]
    page.evaluate("""([key, removed]) => localStorage.setItem(key, JSON.stringify(
        {version: 1, done: ["landlord-notice", ...removed], hideDone: false}))""",
                  ["guide-checklist:leaving", removed])
    page.reload()
    page.wait_for_selector(".guide-checklist[data-mounted]")
    assert box(page, "landlord-notice").is_checked()
    assert progress(page)[0] == 1
    # Ids that no list on the page has any more are not carried along with every tick.
    box(page, "bank").check()
    assert stored(page) == {"version": 1, "done": ["bank", "landlord-notice"], "hideDone": False}
    page.get_by_role("button", name=STRINGS["reset"]).click()
    assert stored(page) is None


@pytest.mark.parametrize("locale", ["en", "ja"])
def test_a_tick_the_browser_refuses_to_store_is_kept_on_the_page_and_said_so(page, site_url, locale):
    strings = ui_data(locale)["checklist"]
    open_checklist(page, site_url, locale=locale)
    saved_note = page.locator(".guide-checklist__saved")
    assert squash(saved_note.inner_text()) == squash(strings["saved_here"])
    box(page, "bank").check()
    # Storage full from now on: every write throws, as a browser over its quota does.
    page.evaluate("""() => {
        window.__realSetItem = Storage.prototype.setItem;
        Storage.prototype.setItem = function () { throw new DOMException("The quota has been exceeded.", "QuotaExceededError"); };
    }""")
    box(page, "landlord-notice").check()
    box(page, "post").check()
    for item in ("bank", "landlord-notice", "post"):
        assert box(page, item).is_checked()
        assert page.locator(f"#{item}").evaluate("li => li.classList.contains('guide-checklist__item--done')")
    assert progress(page)[0] == 3
    # Said where the "saved in this browser" line was, and announced politely.
    assert squash(saved_note.inner_text()) == squash(strings["save_failed"])
    assert saved_note.is_visible()
    status = page.locator(".guide-checklist__toolbar [role=status]")
    assert status.get_attribute("aria-live") == "polite"
    assert squash(status.inner_text()) == squash(strings["save_failed"])
    assert stored(page)["done"] == ["bank"]
    # Room again: the next change stores every tick the page shows, and the note says so again.
    page.evaluate("() => { Storage.prototype.setItem = window.__realSetItem; }")
    box(page, "shipping").check()
    assert stored(page)["done"] == ["bank", "landlord-notice", "post", "shipping"]
    assert squash(saved_note.inner_text()) == squash(strings["saved_here"])


def test_broken_storage_gives_an_empty_list_not_an_error(page, site_url):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    open_checklist(page, site_url)
    page.evaluate("key => localStorage.setItem(key, '{not json')", "guide-checklist:leaving")
    page.reload()
    page.wait_for_selector(".guide-checklist[data-mounted] .guide-checklist__box")
    assert page.locator(".guide-checklist__box:checked").count() == 0
    box(page, "bank").check()
    assert stored(page)["done"] == ["bank"]
    assert not errors


def test_each_checklist_has_its_own_ticks_and_they_follow_the_reader_across_languages(page, site_url):
    open_checklist(page, site_url, LEAVING)
    box(page, "residence-card").check()           # the moving-in list has an item with this id too
    open_checklist(page, site_url, MOVING_IN)
    assert not box(page, "residence-card").is_checked()
    open_checklist(page, site_url, LEAVING, locale="ja")
    assert box(page, "residence-card").is_checked()


def test_copy_link_puts_the_address_of_the_item_on_the_clipboard(context, site_url):
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    page = context.new_page()
    open_checklist(page, site_url, query="?from=agency")
    item = page.locator("#moving-out-notification")
    item.get_by_role("button", name=STRINGS["copy_link"]).click()
    page.wait_for_function("() => document.querySelector('.guide-checklist__status').textContent.length > 0")
    copied = page.evaluate("navigator.clipboard.readText()")
    # The page address and the item's anchor, and nothing else: no query, nothing personal.
    assert copied == f"{address(site_url, LEAVING)}#moving-out-notification"
    assert page.locator(".guide-checklist__status").inner_text() == STRINGS["copied"]
    page.goto(copied)
    assert page.evaluate("location.hash") == "#moving-out-notification"
    assert page.locator("#moving-out-notification").evaluate("li => li.matches(':target')")


def test_copy_link_without_a_clipboard_shows_the_address_to_copy(context, site_url):
    context.add_init_script("Object.defineProperty(Navigator.prototype, 'clipboard', {get: () => undefined});")
    page = context.new_page()
    open_checklist(page, site_url)
    page.locator("#bank").get_by_role("button", name=STRINGS["copy_link"]).click()
    field = page.get_by_label(STRINGS["copy_manual"])
    assert field.input_value() == f"{address(site_url, LEAVING)}#bank"
    assert page.evaluate("document.activeElement.id") == "bank--link"


def test_every_checkbox_is_labelled_by_its_item_title(page, site_url):
    open_checklist(page, site_url)
    checklist = load(ENGLISH / LEAVING)
    for item in checklist.items():
        assert page.get_by_role("checkbox", name=item.title, exact=True).count() == 1, item.title
    copy = page.locator("#bank .guide-checklist__copy")
    assert page.evaluate("id => document.getElementById(id).textContent", copy.get_attribute("aria-describedby")) \
        == next(item.title for item in checklist.items() if item.id == "bank")


def test_tab_reaches_a_checkbox_and_space_ticks_it(page, site_url):
    open_checklist(page, site_url)
    page.locator("h1").click()
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('guide-checklist__box')"):
            break
    first = page.evaluate("document.activeElement.id")
    assert first == f"{LEAVING_ITEMS[0]}--box"
    page.keyboard.press("Space")
    assert box(page, LEAVING_ITEMS[0]).is_checked()
    assert stored(page)["done"] == [LEAVING_ITEMS[0]]
    # Clicking the title (the label) ticks too.
    page.locator(f"label[for='{LEAVING_ITEMS[1]}--box']").click()
    assert box(page, LEAVING_ITEMS[1]).is_checked()


def test_print_shows_only_the_checklist_with_empty_boxes(page, site_url):
    page.add_init_script("window.print = () => { window.__printed = (window.__printed || 0) + 1; };")
    open_checklist(page, site_url)
    box(page, "landlord-notice").check()
    page.get_by_label(STRINGS["hide_done"]).check()
    page.get_by_role("button", name=STRINGS["print"]).click()
    assert page.evaluate("window.__printed") == 1
    page.emulate_media(media="print")

    def display(selector: str) -> str:
        return page.eval_on_selector(selector, "e => getComputedStyle(e).display")

    for chrome in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer",
                   ".guide-sources", ".guide-checklist__toolbar", ".guide-checklist__copy",
                   ".guide-checklist__box", ".guide-checklist__more", ".headerlink"):
        assert display(chrome) == "none", chrome
    # Every item prints, the done ones too, each with an empty drawn box before its title.
    assert display("#landlord-notice") != "none"
    before = page.eval_on_selector("#landlord-notice .guide-checklist__title",
                                   "e => { const s = getComputedStyle(e, '::before'); return [s.borderTopStyle, s.width, s.content]; }")
    assert before[0] == "solid" and before[1] != "0px"
    assert page.eval_on_selector("#landlord-notice .guide-checklist__title",
                                 "e => getComputedStyle(e).textDecorationLine") == "none"
    assert page.locator(".guide-checklist__item").count() == len(LEAVING_ITEMS)


def test_print_is_in_the_readers_language(page, site_url):
    open_checklist(page, site_url, locale="ja")
    page.emulate_media(media="print")
    ja = ui_data("ja")["checklist"]
    assert page.evaluate("document.documentElement.lang") == "ja"
    kinds = page.locator("#moving-out-notification .guide-checklist__kind").inner_text()
    assert kinds == ja["kind_legal"]
    assert page.locator("#moving-out-notification dt").first.inner_text() == ja["where"]


def test_without_javascript_the_list_is_plain_readable_text(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(address(site_url, LEAVING))
        root = page.locator(".guide-checklist")
        assert root.locator("input").count() == 0
        assert root.locator(".guide-checklist__nojs").is_visible()
        assert root.locator("li.guide-checklist__item").count() == len(LEAVING_ITEMS)
        item = page.locator("#moving-out-notification")
        assert item.is_visible()
        text = item.inner_text()
        assert "File the moving-out notification" in text and "転出届" in text and STRINGS["kind_legal"] in text
        assert item.locator("a", has_text=STRINGS["more"]).get_attribute("href").endswith("/leaving/#moving-out-notification")
    finally:
        context.close()


def requests_of(context) -> list[str]:
    seen: list[str] = []
    context.on("request", lambda request: seen.append(request.url))
    return seen


@pytest.mark.parametrize(("relative", "query"), [(LEAVING, ""), (MOVING_IN, ""), (LEAVING, "?arrival=2027-04-01"),
                                                 (MOVING_IN, "?departure=2027-03-31")])
def test_without_its_date_a_checklist_never_loads_pyodide(context, site_url, relative, query):
    seen = requests_of(context)
    page = context.new_page()
    open_checklist(page, site_url, relative, query=query)
    page.wait_for_load_state("networkidle")
    box(page, load(ENGLISH / relative).items()[0].id).check()
    page.wait_for_timeout(300)
    loaded = [url for url in seen if "/assets/pyodide/" in url or "/assets/wheels/" in url
              or "checklist-dates" in url or "/javascripts/tools/" in url]
    assert not loaded, loaded
    assert page.locator(".guide-checklist__dates").count() == 0
    assert not context.foreign_requests


# --------------------------------------------------------------------------------------------
# Dates from the planner (Pyodide in the planner's worker: slow on a cold start)
# --------------------------------------------------------------------------------------------

DATES_TIMEOUT = 90_000


def dates_shown(page) -> None:
    page.wait_for_selector(".guide-checklist[data-dates]", timeout=DATES_TIMEOUT)
    assert page.eval_on_selector(".guide-checklist", "e => e.dataset.dates") == "shown", \
        page.locator(".guide-checklist__dates").inner_text()


def check_dates(page, params: dict[str, str], relative: str) -> None:
    expected = timeline(params)["tasks"]
    checklist = load(ENGLISH / relative)
    by_task = {task["id"]: task for task in expected}
    for item in checklist.items():
        if not item.task:
            assert page.locator(f"#{item.id} .guide-checklist__date").count() == 0, item.id
            continue
        times = page.locator(f"#{item.id} .guide-checklist__date time")
        task = by_task.get(item.task)
        if task is None:
            assert times.count() == 0
            assert page.locator(f"#{item.id} .guide-checklist__date").inner_text() == STRINGS["date_none"]
            continue
        datetimes = [times.nth(index).get_attribute("datetime") for index in range(times.count())]
        assert datetimes == ([task["earliest"], task["due"]] if "earliest" in task else [task["due"]]), item.id


def test_the_planners_departure_dates_appear_on_the_leaving_checklist(context, site_url):
    params = {"departure": "2027-03-31", "returning": "no", "insurance": "nhi", "pension-months": "30"}
    page = context.new_page()
    query = "?" + "&".join(f"{key}={value}" for key, value in params.items())
    open_checklist(page, site_url, LEAVING, query=query)
    dates_shown(page)
    check_dates(page, params, LEAVING)
    banner = page.locator(".guide-checklist__dates")
    assert banner.locator("time").first.get_attribute("datetime") == "2027-03-31"
    change = banner.get_by_role("link", name=STRINGS["dates_change"]).get_attribute("href")
    assert change.endswith(f"tools/plan-your-move/{query}")
    remove = banner.get_by_role("link", name=STRINGS["dates_remove"]).get_attribute("href")
    assert remove == "/" + page_url(LEAVING)
    assert not context.foreign_requests


def test_a_different_plan_gives_different_dates_and_no_date_where_the_planner_has_none(context, site_url):
    params = {"departure": "2026-12-28", "returning": "special-reentry", "leaving-home": "no",
              "stay-expiry": "2028-03-31", "tax-agent": "yes", "insurance": "employer"}
    page = context.new_page()
    open_checklist(page, site_url, LEAVING, query="?" + "&".join(f"{k}={v}" for k, v in params.items()))
    dates_shown(page)
    check_dates(page, params, LEAVING)
    assert page.locator("#residence-card .guide-checklist__date").inner_text() == STRINGS["date_none"]


def test_the_new_planner_answers_and_spaces_around_values_are_passed_on_as_the_planner_reads_them(context, site_url):
    # Leaving a job before the departure, giving up the home on a re-entry permit; values padded
    # with spaces (as a hand-edited link may be) are trimmed exactly as the planner trims them.
    params = {"departure": "2027-05-21", "returning": "reentry-permit", "reentry-permit-expiry": "2030-05-01",
              "leaving-home": "yes", "permanent-resident": "yes", "left-job": "2027-04-20",
              "insurance": "employer", "pension-months": "40"}
    page = context.new_page()
    query = "?" + "&".join(f"{key}=%20{value}%20" for key, value in params.items())
    open_checklist(page, site_url, LEAVING, query=query)
    dates_shown(page)
    check_dates(page, params, LEAVING)
    assert page.locator(".guide-checklist__dates time").first.get_attribute("datetime") == "2027-05-21"
    tasks = {task["id"]: task for task in timeline(params)["tasks"]}
    assert {"moving-out-notification", "lump-sum-claim", "immigration-affiliation-notice"} <= set(tasks)
    assert page.locator('.guide-checklist__item[data-task="moving-out-notification"] .guide-checklist__date time') \
        .last.get_attribute("datetime") == tasks["moving-out-notification"]["due"]


def test_the_planners_arrival_dates_appear_in_japanese_on_the_moving_in_checklist(context, site_url):
    params = {"arrival": "2027-04-28", "insurance": "nhi"}
    page = context.new_page()
    open_checklist(page, site_url, MOVING_IN, locale="ja", query="?arrival=2027-04-28&insurance=nhi")
    dates_shown(page)
    check_dates(page, params, MOVING_IN)
    label = page.locator("#moving-in-notification .guide-checklist__date").inner_text()
    assert re.search(r"\d{4}年\d{1,2}月\d{1,2}日", label) and label.endswith("まで"), label


@pytest.mark.parametrize("query", ["?departure=2027-02-30", "?departure=2027-03-31&returning=reentry-permit"])
def test_a_link_the_planner_rejects_is_explained_and_the_list_still_works(context, site_url, query):
    page = context.new_page()
    open_checklist(page, site_url, LEAVING, query=query)
    page.wait_for_selector(".guide-checklist[data-dates]", timeout=DATES_TIMEOUT)
    assert page.eval_on_selector(".guide-checklist", "e => e.dataset.dates") == "error"
    banner = page.locator(".guide-checklist__dates")
    assert STRINGS["dates_invalid"] in banner.inner_text()
    assert banner.get_by_role("link", name=STRINGS["dates_change"]).get_attribute("href").endswith(
        f"tools/plan-your-move/{query}")
    box(page, "bank").check()
    assert stored(page)["done"] == ["bank"]
    assert page.locator(".guide-checklist__date").count() == 0


def test_a_link_without_a_real_date_is_explained_without_loading_pyodide(context, site_url):
    seen = requests_of(context)
    page = context.new_page()
    open_checklist(page, site_url, MOVING_IN, query="?arrival=next-week")
    page.wait_for_selector(".guide-checklist[data-dates]")
    assert STRINGS["dates_invalid"] in page.locator(".guide-checklist__dates").inner_text()
    page.wait_for_load_state("networkidle")
    assert not [url for url in seen if "/assets/pyodide/" in url or "checklist-dates" in url]


def test_a_failed_runtime_load_offers_a_retry_that_works(context, site_url):
    blocked = lambda route: route.abort()  # noqa: E731
    context.route("**/assets/pyodide/**", blocked)
    page = context.new_page()
    params = {"arrival": "2027-01-04", "insurance": "employer"}
    open_checklist(page, site_url, MOVING_IN, query="?arrival=2027-01-04&insurance=employer")
    page.wait_for_selector(".guide-checklist[data-dates]", timeout=DATES_TIMEOUT)
    assert page.eval_on_selector(".guide-checklist", "e => e.dataset.dates") == "error"
    assert STRINGS["dates_error"] in page.locator(".guide-checklist__dates").inner_text()
    box(page, "moving-in-notification").check()
    context.unroute("**/assets/pyodide/**", blocked)
    page.eval_on_selector(".guide-checklist", "e => { delete e.dataset.dates; }")
    page.get_by_role("button", name=STRINGS["dates_retry"]).click()
    dates_shown(page)
    check_dates(page, params, MOVING_IN)
    assert box(page, "moving-in-notification").is_checked()
