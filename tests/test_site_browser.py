"""The site in a real headless Chromium: language switching, home links, per-language 404 pages,
search that stays in the reader's language, and no request to any other origin."""

from __future__ import annotations

import pytest

from site_info import english_pages, languages, page_url, ui_data

pytestmark = pytest.mark.browser

BY_LOCALE = {language.locale: language for language in languages()}
# A page that is not the home page, so that "keeps the page" means something.
SAMPLE = next(page for page in english_pages() if page != "index.md" and "/" not in page)


def url_of(site_url: str, locale: str, relative_md: str) -> str:
    return f"{site_url}{BY_LOCALE[locale].prefix}{page_url(relative_md)}"


def choose_language(page, hreflang: str) -> None:
    page.locator(".md-header__option .md-select > button").first.click()
    page.locator(f'.md-select__list a[hreflang="{hreflang}"]').first.click()
    page.wait_for_load_state("load")


@pytest.mark.parametrize(("start", "target"), [("ja", "ko"), ("en", "ne"), ("ko", "ja-easy"), ("pt-BR", "en")])
def test_language_selector_keeps_the_page(page, site_url, start, target):
    page.goto(url_of(site_url, start, SAMPLE))
    choose_language(page, BY_LOCALE[target].hreflang)
    assert page.url == url_of(site_url, target, SAMPLE)
    assert page.evaluate("document.documentElement.lang") == BY_LOCALE[target].html_lang


@pytest.mark.parametrize("locale", ["ja", "th", "en"])
def test_logo_and_home_link_lead_to_the_home_of_the_current_language(page, site_url, locale):
    page.goto(url_of(site_url, locale, SAMPLE))
    home = url_of(site_url, locale, "index.md")
    nav_home = page.eval_on_selector(".md-nav--primary .md-nav__list .md-nav__link", "a => a.href")
    assert nav_home == home
    page.locator(".md-header__button.md-logo").click()
    page.wait_for_load_state("load")
    assert page.url == home


@pytest.mark.parametrize("locale", [language.locale for language in languages()])
def test_a_missing_page_gets_the_not_found_page_of_its_language(page, site_url, locale):
    response = page.goto(f"{site_url}{BY_LOCALE[locale].prefix}no-such-page/")
    assert response.status == 404
    assert page.evaluate("document.documentElement.lang") == BY_LOCALE[locale].html_lang
    assert page.locator("h1").first.inner_text() == ui_data(locale)["ui"]["not_found.title"]


def search(page, query: str) -> list[str]:
    """Type *query* into the search box; return the result links (absolute URLs), or [] if none."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")  # Material reads the query on keyup, as after a real keyboard or IME input
    try:
        page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
    except PlaywrightTimeout:
        return []
    page.wait_for_timeout(300)  # let the last results render
    return page.eval_on_selector_all(".md-search-result__link", "links => links.map(a => a.href)")


@pytest.mark.parametrize("locale", ["ko", "en", "vi", "my"])
def test_search_results_stay_in_the_reader_language(page, site_url, locale):
    # Every language shows the Japanese term マイナンバー beside its own name for the number.
    page.goto(url_of(site_url, locale, "index.md"))
    results = search(page, "マイナンバー")
    assert results, f"no results for マイナンバー on the {locale} site"
    root = url_of(site_url, locale, "index.md")
    others = [BY_LOCALE[other].prefix for other in BY_LOCALE if other != locale and not BY_LOCALE[other].default]
    for link in results:
        assert link.startswith(root), link
        assert not any(link.startswith(f"{site_url}{prefix}") for prefix in others if prefix != BY_LOCALE[locale].prefix), link


def test_a_japanese_query_of_several_characters_finds_the_japanese_page(page, site_url):
    page.goto(url_of(site_url, "ja", "index.md"))
    results = search(page, "マイナンバーカード")
    assert results, "no results for マイナンバーカード on the Japanese site"
    assert all(link.startswith(f"{site_url}ja/") for link in results)
    card_page = url_of(site_url, "ja", "my-number-card.md")
    # Result links carry the query for highlighting (?h=...) and a section anchor.
    assert any(link.split("?")[0].split("#")[0] == card_page for link in results)


def test_chinese_text_is_segmented_and_found(page, site_url, site_dir):
    import json

    index = json.loads((site_dir / "zh" / "search" / "search_index.json").read_text("utf-8"))
    assert any("\u200b" in doc["text"] for doc in index["docs"]), "Chinese text was not segmented (jieba)"
    page.goto(url_of(site_url, "zh", "index.md"))
    results = search(page, "个人编号卡")
    assert results and all(link.startswith(f"{site_url}zh/") for link in results)


def test_no_page_requests_anything_from_another_origin(context, site_url, site_dir):
    page = context.new_page()
    failures = []
    def failed(request) -> None:
        # Leaving a page aborts what it was still loading (a tool page's runtime): not a failure.
        if request.url.startswith(site_url) and request.failure != "net::ERR_ABORTED":
            failures.append(f"{request.url} ({request.failure})")

    page.on("requestfailed", failed)
    visited = 0
    for language in languages():
        for relative in english_pages():
            page.goto(url_of(site_url, language.locale, relative), wait_until="load")
            visited += 1
        page.goto(f"{site_url}{language.prefix}no-such-page/", wait_until="load")
    page.goto(url_of(site_url, "ja", "index.md"))
    search(page, "マイナンバー")  # the search worker and its language files load too
    assert visited == len(languages()) * len(english_pages())
    assert context.foreign_requests == [], f"requests to other origins: {context.foreign_requests[:20]}"
    assert not failures, f"failed requests on the site itself: {failures[:20]}"
