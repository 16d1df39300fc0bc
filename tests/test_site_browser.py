"""The site in a real headless Chromium: language switching, home links, per-language 404 pages,
search that stays in the reader's language, and no request to any other origin."""

from __future__ import annotations

import pytest

from site_info import english_pages, is_rtl, languages, page_url, ui_data

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
        # A cache-only lookup that finds nothing (the tools' worker asking whether the browser
        # kept a runtime file) sends nothing: not a failure either.
        if request.url.startswith(site_url) and request.failure not in ("net::ERR_ABORTED", "net::ERR_CACHE_MISS"):
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


def segmented_here(locale: str) -> bool:
    """Whether the site splits this language into words itself (a lunr language file of ours)."""
    from site_info import ROOT

    ours = ROOT / "overrides" / "assets" / "javascripts" / "lunr" / "min"
    return any((ours / f"lunr.{lang}.min.js").is_file() for lang in ui_data(locale)["search"]["lang"])


def glossary_name(locale: str, anchor: str) -> str:
    """A key term as the language's glossary names it in bold, as a reader would type it."""
    from test_glossary_terms import glossary

    return glossary(locale)[anchor][0].strip().rstrip(".。։।။។۔")


@pytest.mark.parametrize("locale", [language.locale for language in languages()])
def test_search_finds_key_terms_typed_as_the_pages_write_them(page, site_url, locale):
    """Khmer writes no space between words: the index and the query are segmented into words
    (overrides/assets/javascripts/lunr/min/lunr.km.min.js), so a term typed as one string finds
    its pages. Every language is checked with the names of its own glossary."""
    page.goto(url_of(site_url, locale, "index.md"))
    for anchor in ("zairyu-kado", "tenshutsu-todoke"):
        term = glossary_name(locale, anchor) if locale not in {"ja", "ja-easy"} else None
        if not term:
            continue
        words = page.evaluate("([text, lang]) => [...new Intl.Segmenter(lang, {granularity: 'word'})"
                              ".segment(text)].filter(s => s.isWordLike).length",
                              [term, BY_LOCALE[locale].html_lang])
        results = search(page, term)
        assert results, f"{locale}: no result for {term!r} ({words} words)"
        assert all(link.startswith(url_of(site_url, locale, "index.md")) for link in results), results[:3]
        page.locator("input.md-search__input").fill("")
        if words > 1 and " " not in term and segmented_here(locale):
            # Written without spaces: the last word alone, which never starts a phrase of the
            # text, is found only if the pages were split into words.
            last = page.evaluate("([text, lang]) => [...new Intl.Segmenter(lang, {granularity: 'word'})"
                                 ".segment(text)].filter(s => s.isWordLike).at(-1).segment",
                                 [term, BY_LOCALE[locale].html_lang])
            assert search(page, last), f"{locale}: no result for {last!r}, the last word of {term!r}"
            page.locator("input.md-search__input").fill("")


@pytest.mark.parametrize("locale", [languages()[0].locale] + [language.locale for language in languages() if is_rtl(language.locale)])
def test_the_language_menu_is_usable_on_a_small_phone(browser, site_url, locale):
    """All languages fit the menu on a 320 px screen: each can be scrolled to, lies inside the
    screen, and the last one can be chosen."""
    from conftest import guarded_context

    context = guarded_context(browser, site_url, viewport={"width": 320, "height": 568}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(url_of(site_url, locale, "leaving.md"))
        page.locator(".md-header__option .md-select > button").first.click()
        entries = page.locator(".md-header__option .md-select__list a")
        assert entries.count() == len(languages())
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        for index in range(entries.count()):
            entry = entries.nth(index)
            entry.scroll_into_view_if_needed()
            box = entry.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= 320, (index, box)
            assert 0 <= box["y"] and box["y"] + box["height"] <= 568, (index, box)
        last = languages()[-1]
        entries.nth(entries.count() - 1).click()
        page.wait_for_load_state("load")
        assert page.evaluate("document.documentElement.lang") == last.html_lang
    finally:
        context.close()


@pytest.mark.parametrize(("start", "target", "relative", "state"), [
    ("zh", "en", "tools/plan-your-move.md", "?departure=2027-03-31&returning=no&insurance=nhi&pension-months=24"),
    ("en", "ur", "checklists/leaving.md", "?departure=2027-03-31#moving-out-notification"),
    ("ko", "ja", "leaving.md", "#pension-withdrawal"),
])
def test_the_language_switch_keeps_the_plan_and_the_section(page, site_url, start, target, relative, state):
    page.goto(url_of(site_url, start, relative) + state)
    choose_language(page, BY_LOCALE[target].hreflang)
    assert page.url == url_of(site_url, target, relative) + state
    if "?departure=" in state and relative.startswith("tools/"):
        assert page.locator('input[name="departure"]').input_value() == "2027-03-31"
