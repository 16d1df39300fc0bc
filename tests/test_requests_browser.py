"""Every request a page makes is for one of the site's own files, and that file exists.

Pages in several languages (the home page, a page in a folder, a tool page) are loaded from the
test server in Chromium, the language selector is opened and hovered, and every request is
recorded: each must go to the site's own origin and be answered 200 or 304. Material's selector
once fetched "<page>/sitemap.xml" for every <link rel="alternate"> (404s, and cross-origin in a
build for another address); this is what stops it from coming back.
"""

from __future__ import annotations

import pytest

from site_info import languages, page_url

pytestmark = pytest.mark.browser

BY_LOCALE = {language.locale: language for language in languages()}
PAGES = ["index.md", "checklists/leaving.md", "tools/check-number.md"]
LOCALES = ["en", "ja", "vi", "ne", "my"]


def url_of(site_url: str, locale: str, relative_md: str) -> str:
    return f"{site_url}{BY_LOCALE[locale].prefix}{page_url(relative_md)}"


CACHE_ONLY_MISS = "net::ERR_CACHE_MISS"


class Recorder:
    """Every request of a page (and its workers): (url, status) or (url, error), and those in flight."""

    def __init__(self, page) -> None:
        self.seen: list[tuple[str, int | str]] = []
        self.pending: set = set()
        page.on("request", lambda request: self.pending.add(request))
        page.on("requestfinished", self._finished)
        page.on("requestfailed", self._failed)

    def _finished(self, request) -> None:
        self.pending.discard(request)
        response = request.response()
        self.seen.append((request.url, response.status if response else "no response"))

    def _failed(self, request) -> None:
        self.pending.discard(request)
        self.seen.append((request.url, request.failure or "failed"))

    def settle(self, page, quiet_ms: int = 1500, limit_ms: int = 120_000) -> None:
        """Wait until nothing is in flight and nothing new has started for *quiet_ms*."""
        waited, quiet, count = 0, 0, -1
        while waited < limit_ms and quiet < quiet_ms:
            page.wait_for_timeout(250)
            waited += 250
            busy = self.pending or len(self.seen) != count
            quiet = 0 if busy else quiet + 250
            count = len(self.seen)
        assert not self.pending, f"still loading after {limit_ms} ms: {[r.url for r in self.pending]}"

    def problems(self, site_url: str) -> list[str]:
        # ERR_CACHE_MISS is the tools' worker asking the browser's cache alone ("only-if-cached")
        # whether it kept a runtime file it has just downloaded: nothing is sent to any server.
        # (Here the cache is off, as Playwright's request routing turns it off.)
        return [f"{status} {url}" for url, status in self.seen
                if not url.startswith((site_url, "data:", "blob:"))
                or status not in (200, 304) and not (url.startswith(site_url) and status == CACHE_ONLY_MISS)]


def open_language_selector(page) -> None:
    """What a reader does before switching: hover and open the selector, hover a language."""
    button = page.locator(".md-header__option .md-select > button").first
    button.hover()
    button.click()
    page.locator(".md-select__list a").nth(2).hover()


@pytest.mark.parametrize("relative", PAGES)
@pytest.mark.parametrize("locale", LOCALES)
def test_a_page_asks_only_for_its_own_existing_files(page, context, site_url, locale, relative):
    requests = Recorder(page)
    response = page.goto(url_of(site_url, locale, relative))
    assert response.status == 200
    open_language_selector(page)
    requests.settle(page)
    assert len(requests.seen) > 1, "no request was recorded"
    assert not requests.problems(site_url), "\n".join(requests.problems(site_url))
    assert not context.foreign_requests, context.foreign_requests


@pytest.mark.parametrize(("start", "target"), [("ja", "vi"), ("my", "en")])
def test_switching_language_keeps_the_page_and_asks_for_nothing_missing(page, context, site_url, start, target):
    requests = Recorder(page)
    page.goto(url_of(site_url, start, "checklists/leaving.md"))
    open_language_selector(page)
    page.locator(f'.md-select__list a[hreflang="{BY_LOCALE[target].hreflang}"]').first.click()
    page.wait_for_load_state("load")
    assert page.url == url_of(site_url, target, "checklists/leaving.md")
    assert page.evaluate("document.documentElement.lang") == BY_LOCALE[target].html_lang
    requests.settle(page)
    assert not requests.problems(site_url), "\n".join(requests.problems(site_url))
    assert not context.foreign_requests, context.foreign_requests
