"""The link builder on "For agencies and employers": the link it shows, its QR code, and where it leads.

The QR code is read back with a real decoder (zxing-cpp) from a screenshot of the element, as a
phone camera would read it, and must hold exactly the link shown.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
import zxingcpp
from PIL import Image

from conftest import guarded_context
from site_info import languages

BUILDER = "agencies/"


@pytest.fixture
def builder(browser, site_url):
    ctx = guarded_context(browser, site_url)
    page = ctx.new_page()
    page.goto(site_url + BUILDER)
    page.wait_for_selector("[data-link-builder][data-ready='true']")
    yield page
    assert ctx.foreign_requests == [], "the link builder made a request to another origin"
    ctx.close()


def decode_qr(page) -> str:
    """The text of the QR code in #built-qr, read from a screenshot."""
    svg = page.locator("#built-qr svg")
    assert svg.count() == 1
    image = Image.open(io.BytesIO(svg.screenshot()))
    results = zxingcpp.read_barcodes(image)
    assert results, "the QR code could not be decoded"
    return results[0].text


def choose(page, language: str, path: str, anchor: str = "") -> str:
    page.select_option("#lb-language", language)
    page.select_option("#lb-page", path)
    page.select_option("#lb-section", anchor)
    return page.locator("#built-link").inner_text()


@pytest.mark.parametrize(("language", "prefix", "path", "anchor"), [
    ("en", "", "arriving/", ""),
    ("zh", "zh/", "leaving/", "moving-out-notification"),
    ("ko", "ko/", "checklists/leaving/", "decide-reentry"),
    ("ja", "ja/", "pension-lump-sum/", "lump-sum-claim"),
    ("pt-BR", "pt-BR/", "checklists/moving-in/", ""),
])
def test_a_link_to_a_page_section_or_checklist_item(builder, browser, site_url, language, prefix, path, anchor):
    link = choose(builder, language, path, anchor)
    expected = f"{site_url}{prefix}{path}" + (f"#{anchor}" if anchor else "")
    assert link == expected
    assert builder.locator("[data-lb-open]").get_attribute("href") == expected
    assert decode_qr(builder) == expected

    ctx = guarded_context(browser, site_url)
    target = ctx.new_page()
    response = target.goto(link)
    assert response is not None and response.ok
    assert target.locator("html").get_attribute("lang").lower().startswith(language.split("-")[0].lower())
    if anchor:
        assert target.locator(f"[id='{anchor}']").count() == 1
    ctx.close()


def test_section_titles_are_in_the_chosen_language(builder):
    builder.select_option("#lb-page", "leaving/")
    english = builder.locator("#lb-section option[value='moving-out-notification']").inner_text()
    builder.select_option("#lb-language", "ja")
    japanese = builder.locator("#lb-section option[value='moving-out-notification']").inner_text()
    assert english != japanese
    assert "転出" in japanese


def test_a_planner_link_with_answers_opens_the_plan(builder, browser, site_url):
    departure = (dt.date.today() + dt.timedelta(days=75)).isoformat()
    builder.select_option("#lb-language", "es")
    builder.select_option("#lb-page", "tools/plan-your-move/")
    assert builder.locator("[data-lb-planner]").is_visible()
    builder.fill("#lb-p-departure", departure)
    builder.select_option("#lb-p-returning", "no")
    builder.select_option("#lb-p-insurance", "nhi")
    builder.select_option("#lb-p-tax-agent", "yes")
    link = builder.locator("#built-link").inner_text()
    expected = f"{site_url}es/tools/plan-your-move/?departure={departure}&returning=no&tax-agent=yes&insurance=nhi"
    assert link == expected
    assert decode_qr(builder) == expected

    ctx = guarded_context(browser, site_url)
    target = ctx.new_page()
    target.goto(link)
    target.wait_for_selector("[data-task]", timeout=120_000)
    assert target.locator("form [name='departure']").first.input_value() == departure
    assert target.locator("[data-task='tax-agent']").count() >= 1
    ctx.close()


def test_the_planner_fields_only_show_for_the_planner(builder):
    builder.select_option("#lb-page", "leaving/")
    assert builder.locator("[data-lb-planner]").is_hidden()
    builder.select_option("#lb-page", "tools/plan-your-move/")
    assert builder.locator("[data-lb-planner]").is_visible()
    builder.select_option("#lb-page", "arriving/")
    assert "?" not in builder.locator("#built-link").inner_text()


def test_every_language_is_offered_and_every_control_is_labelled(builder):
    values = builder.locator("#lb-language option").evaluate_all("options => options.map(o => o.value)")
    assert len(values) == 21 and "en" in values and "ur" in values
    for control in builder.locator("[data-link-builder] select, [data-link-builder] input").all():
        control_id = control.get_attribute("id")
        assert control_id and builder.locator(f"label[for='{control_id}']").count() == 1, control_id
    svg = builder.locator("#built-qr svg")
    assert svg.get_attribute("role") == "img"
    assert builder.locator("#built-link").inner_text() in svg.get_attribute("aria-label")


def test_keyboard_alone_builds_a_link(builder, site_url):
    builder.focus("#lb-language")
    builder.keyboard.press("Tab")
    assert builder.evaluate("document.activeElement.id") == "lb-page"
    builder.keyboard.press("End")
    builder.keyboard.press("Tab")
    assert builder.evaluate("document.activeElement.id") == "lb-section"
    link = builder.locator("#built-link").inner_text()
    chosen = builder.locator("#lb-page").input_value()
    assert link.endswith(chosen) and link.startswith(site_url)


def test_the_copy_button_copies_the_link(browser, site_url):
    ctx = guarded_context(browser, site_url, permissions=["clipboard-read", "clipboard-write"])
    page = ctx.new_page()
    page.goto(site_url + BUILDER)
    page.wait_for_selector("[data-link-builder][data-ready='true']")
    choose(page, "vi", "leaving/", "moving-out-notification")
    page.click("[data-lb-copy]")
    assert page.evaluate("navigator.clipboard.readText()") == page.locator("#built-link").inner_text()
    assert page.locator("[data-lb-copied]").inner_text().strip()
    ctx.close()


@pytest.mark.parametrize("locale", [language.locale for language in languages()])
def test_every_language_builds_a_link_with_a_qr_code_and_shows_its_counter_sheets(browser, site_url, locale):
    """In each language: the agencies page's builder, in that language, makes the planner link in
    the language chosen, and its QR code holds it; the counter sheets page shows every sheet with
    the reader's side in that language and the clerk's side in Japanese."""
    language = next(item for item in languages() if item.locale == locale)
    ctx = guarded_context(browser, site_url)
    try:
        page = ctx.new_page()
        page.goto(f"{site_url}{language.prefix}{BUILDER}")
        page.wait_for_selector("[data-link-builder][data-ready='true']")
        assert page.locator("html").get_attribute("lang") == language.html_lang
        link = choose(page, locale, "leaving/", "moving-out-notification")
        expected = f"{site_url}{language.prefix}leaving/#moving-out-notification"
        assert link == expected and decode_qr(page) == expected

        page.goto(f"{site_url}{language.prefix}counter-sheets/")
        sheets = page.locator("[data-counter-sheet]")
        assert sheets.count() == 9
        for index in range(sheets.count()):
            sheet = sheets.nth(index)
            assert sheet.locator("[data-side='reader']").get_attribute("lang") == language.html_lang
            if locale == "ja":  # the two sides would be the same: one column
                assert sheet.locator("[data-side='clerk']").count() == 0
            else:
                assert sheet.locator("[data-side='clerk']").get_attribute("lang") == "ja"
        assert ctx.foreign_requests == []
    finally:
        ctx.close()
