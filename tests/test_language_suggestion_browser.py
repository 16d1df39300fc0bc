"""The language suggestion in headless Chromium: offered in the reader's language, never forced,
and a dismissal is remembered on the device."""

from __future__ import annotations

import pytest

from conftest import guarded_context
from site_info import languages, page_url, ui_data

pytestmark = pytest.mark.browser

BY_LOCALE = {language.locale: language for language in languages()}
PAGE = "checklists/leaving.md"
STATE = "?departure=2027-03-31#moving-out-notification"
BANNER = "[data-language-suggestion]"


def url_of(site_url: str, locale: str, relative: str = PAGE) -> str:
    return f"{site_url}{BY_LOCALE[locale].prefix}{page_url(relative)}"


def open_as(browser, site_url, browser_locale: str):
    """A fresh browser profile whose preferred language is *browser_locale*."""
    return guarded_context(browser, site_url, locale=browser_locale)


@pytest.mark.parametrize(("browser_locale", "expected"), [("ko-KR", "ko"), ("zh-TW", "zh-Hant"), ("zh-CN", "zh"),
                                                          ("pt-PT", "pt-BR"), ("ur-PK", "ur"), ("ja-JP", "ja")])
def test_a_reader_is_offered_the_page_in_their_language_in_that_language(browser, site_url, browser_locale, expected):
    context = open_as(browser, site_url, browser_locale)
    try:
        page = context.new_page()
        page.goto(url_of(site_url, "en") + STATE)
        banner = page.locator(BANNER)
        banner.wait_for()
        strings = ui_data(expected)["ui"]
        link = banner.locator("a")
        assert link.get_attribute("hreflang") == BY_LOCALE[expected].hreflang
        assert strings["suggestion.text"] in banner.inner_text()
        assert link.inner_text() == strings["suggestion.switch"]
        assert banner.get_attribute("lang") == BY_LOCALE[expected].html_lang
        assert page.url == url_of(site_url, "en") + STATE  # offered, not switched
        link.click()
        page.wait_for_load_state("load")
        assert page.url == url_of(site_url, expected) + STATE
        assert page.locator(BANNER).count() == 0  # now in the preferred language
        assert context.foreign_requests == []
    finally:
        context.close()


def test_a_dismissal_is_remembered_across_pages_and_reloads(browser, site_url):
    context = open_as(browser, site_url, "vi-VN")
    try:
        page = context.new_page()
        page.goto(url_of(site_url, "en"))
        banner = page.locator(BANNER)
        banner.wait_for()
        dismiss = banner.locator("button")
        assert dismiss.inner_text() == ui_data("vi")["ui"]["suggestion.dismiss"]
        dismiss.focus()
        page.keyboard.press("Enter")
        assert page.locator(BANNER).count() == 0
        page.reload()
        page.goto(url_of(site_url, "en", "leaving.md"))
        page.wait_for_timeout(500)
        assert page.locator(BANNER).count() == 0
    finally:
        context.close()


@pytest.mark.parametrize(("browser_locale", "page_locale"), [("en-US", "en"), ("ko-KR", "ko"), ("de-DE", "en"),
                                                             ("en-GB", "vi")])
def test_no_offer_when_the_page_is_already_in_the_preferred_language_or_the_site_lacks_it(
        browser, site_url, browser_locale, page_locale):
    context = open_as(browser, site_url, browser_locale)
    try:
        page = context.new_page()
        page.goto(url_of(site_url, page_locale))
        page.wait_for_load_state("load")
        page.wait_for_timeout(500)
        offered = page.locator(BANNER)
        if (browser_locale, page_locale) == ("en-GB", "vi"):
            # An English reader on a Vietnamese page (an agency's link) is offered English.
            offered.wait_for()
            assert offered.locator("a").get_attribute("hreflang") == "en"
        else:
            assert offered.count() == 0
    finally:
        context.close()
