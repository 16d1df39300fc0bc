"""The Easy Japanese furigana switch in headless Chromium: on by default, off and on again with a
click or the keyboard, remembered on the device, printed anyway, and furigana without JavaScript."""

from __future__ import annotations

import pytest

from site_info import page_url

pytestmark = pytest.mark.browser

KEY = "guide-furigana"
SWITCH = ".guide-furigana__toggle"


def easy(site_url: str, relative: str = "leaving.md") -> str:
    return f"{site_url}ja-easy/{page_url(relative)}"


def reading_display(page) -> str:
    """The computed display of the first reading in the page's text."""
    return page.eval_on_selector("article ruby rt", "rt => getComputedStyle(rt).display")


def reading_height(page) -> float:
    return page.eval_on_selector("article ruby rt", "rt => rt.getBoundingClientRect().height")


def test_furigana_shows_by_default_and_the_switch_says_so(page, site_url):
    page.goto(easy(site_url))
    switch = page.locator(SWITCH)
    switch.wait_for(state="visible")
    assert switch.get_attribute("aria-pressed") == "true"
    assert "ふりがな" in switch.inner_text() and "あり" in switch.inner_text()
    assert reading_display(page) != "none" and reading_height(page) > 0


def test_a_click_hides_the_readings_and_the_choice_survives_a_reload(page, site_url):
    page.goto(easy(site_url))
    page.locator(SWITCH).click()
    assert page.locator(SWITCH).get_attribute("aria-pressed") == "false"
    assert "なし" in page.locator(SWITCH).inner_text()
    assert reading_display(page) == "none"
    assert page.evaluate("key => localStorage.getItem(key)", KEY) == "off"

    page.goto(easy(site_url, "glossary.md"))  # another page of the same site
    page.locator(SWITCH).wait_for(state="visible")
    assert page.locator(SWITCH).get_attribute("aria-pressed") == "false"
    assert reading_display(page) == "none"

    page.reload()
    page.locator(SWITCH).click()
    assert page.locator(SWITCH).get_attribute("aria-pressed") == "true"
    assert reading_display(page) != "none"
    assert page.evaluate("key => localStorage.getItem(key)", KEY) == "on"


def test_the_keyboard_reaches_the_switch_and_space_and_enter_work_it(page, site_url):
    page.goto(easy(site_url))
    switch = page.locator(SWITCH)
    switch.wait_for(state="visible")
    for _ in range(300):  # past the header, the language list and the site navigation
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement?.classList.contains('guide-furigana__toggle')"):
            break
    else:
        pytest.fail("Tab never reached the furigana switch")
    page.keyboard.press("Space")
    assert switch.get_attribute("aria-pressed") == "false" and reading_display(page) == "none"
    page.keyboard.press("Enter")
    assert switch.get_attribute("aria-pressed") == "true" and reading_display(page) != "none"


def test_print_shows_the_readings_even_when_switched_off(page, site_url):
    page.goto(easy(site_url))
    page.locator(SWITCH).click()
    assert reading_display(page) == "none"
    page.emulate_media(media="print")
    assert reading_display(page) != "none"
    assert page.eval_on_selector(".guide-furigana", "box => getComputedStyle(box).display") == "none"


def test_a_refused_storage_still_lets_the_switch_work_on_the_page(context, site_url):
    context.add_init_script(
        "Object.defineProperty(window, 'localStorage', {get() { throw new DOMException('no', 'SecurityError'); }});")
    page = context.new_page()
    page.goto(easy(site_url))
    page.locator(SWITCH).click()  # the module read no choice (furigana on) and shows the switch
    assert page.locator(SWITCH).get_attribute("aria-pressed") == "false"
    assert reading_display(page) == "none"


def test_without_javascript_furigana_shows_and_there_is_no_dead_switch(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(easy(site_url))
        assert reading_display(page) != "none" and reading_height(page) > 0
        assert not page.locator(SWITCH).is_visible()
    finally:
        context.close()


def test_other_languages_have_no_switch(page, site_url):
    page.goto(f"{site_url}ja/{page_url('leaving.md')}")
    page.wait_for_load_state("load")
    assert page.locator(SWITCH).count() == 0
