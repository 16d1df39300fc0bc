"""Offline after one visit, and installable: the service worker, the web app manifests and
"Save for offline use", in headless Chromium against the built site.

Each test opens pages online in a fresh profile with the service worker allowed, clears the
browser's HTTP cache (so only what the guide kept for offline use can answer), goes offline and
reloads or navigates, as a reader at an airport without a SIM would.
"""

from __future__ import annotations

import json

import pytest

from site_info import english_pages, languages, page_url
from tools_fixtures import CHECK_PAGE, PLAN_PAGE, squash, text, tool_url, type_number, wait_ready  # noqa: F401

pytestmark = pytest.mark.browser

BY_LOCALE = {language.locale: language for language in languages()}


@pytest.fixture
def sw_context(browser, site_url):
    """A fresh profile with the site's service worker allowed; records requests to other sites."""
    ctx = browser.new_context(service_workers="allow")
    ctx.foreign = []
    ctx.on("request", lambda request: None if request.url.startswith((site_url, "data:", "blob:"))
           else ctx.foreign.append(request.url))
    yield ctx
    assert not ctx.foreign, ctx.foreign
    ctx.close()


def url_of(site_url: str, locale: str, relative_md: str) -> str:
    return f"{site_url}{BY_LOCALE[locale].prefix}{page_url(relative_md)}"


def open_and_keep(context, address: str):
    page = context.new_page()
    page.goto(address)
    page.wait_for_function("() => document.documentElement.dataset.offlineReady === 'true'", timeout=60_000)
    assert page.evaluate("() => !!navigator.serviceWorker.controller"), "the service worker does not control the page"
    return page


def go_offline(context, page) -> None:
    session = context.new_cdp_session(page)
    session.send("Network.enable")
    session.send("Network.clearBrowserCache")
    context.set_offline(True)


@pytest.mark.parametrize(("locale", "relative"), [
    ("vi", "leaving.md"), ("ur", "checklists/leaving.md"), ("ja-easy", "arriving.md"), ("en", "index.md")])
def test_a_page_reloads_offline_after_one_visit(sw_context, site_url, locale, relative):
    page = open_and_keep(sw_context, url_of(site_url, locale, relative))
    heading = page.locator("h1").first.inner_text()
    stylesheet = page.evaluate("() => getComputedStyle(document.body).fontFamily")
    go_offline(sw_context, page)
    page.reload()
    assert page.locator("h1").first.inner_text() == heading
    assert page.evaluate("() => getComputedStyle(document.body).fontFamily") == stylesheet, "styles were not kept"
    assert page.evaluate("() => document.documentElement.lang") == BY_LOCALE[locale].html_lang
    sw_context.set_offline(False)


def test_the_checker_reloads_and_works_offline_after_one_visit(sw_context, site_url):
    page = sw_context.new_page()
    page.goto(tool_url(site_url, "ja", CHECK_PAGE))
    wait_ready(page)
    page.wait_for_function("() => document.documentElement.dataset.offlineReady === 'true'", timeout=60_000)
    page.reload()  # now controlled by the service worker from the start
    wait_ready(page)
    go_offline(sw_context, page)
    page.reload()
    wait_ready(page)
    assert type_number(page, "123456789018")["valid"] == "true"
    assert type_number(page, "123456789019")["error"] == "check_digit"
    sw_context.set_offline(False)


def test_save_for_offline_use_makes_every_page_of_the_language_work_offline(sw_context, site_url, site_dir):
    locale = "ko"
    page = open_and_keep(sw_context, tool_url(site_url, locale, PLAN_PAGE))
    box = page.locator("[data-offline-save]")
    box.wait_for(state="visible")
    listing = json.loads((site_dir / "assets" / "offline" / f"{locale}.json").read_text(encoding="utf-8"))
    button = box.locator("button")
    assert button.inner_text().startswith(text(locale, "offline.save", size="X").split("X")[0].strip())
    assert "MB" in button.inner_text() or "МБ" in button.inner_text()
    assert set(listing["pages"]) == {f"ko/{page_url(relative)}" for relative in english_pages()}
    assert listing["bytes"] > 1_000_000
    button.click()
    page.wait_for_function("() => document.querySelector('[data-offline-save]').dataset.saved", timeout=300_000)
    assert box.get_attribute("data-saved") == "true"
    assert squash(box.locator("[data-offline-status]").inner_text()) == text(locale, "offline.saved")
    go_offline(sw_context, page)
    for relative in ("arriving.md", "checklists/moving-in.md", "glossary.md"):  # never opened before
        page.goto(url_of(site_url, locale, relative))
        assert page.evaluate("() => document.documentElement.lang") == "ko"
        assert page.locator("h1").first.is_visible()
    page.goto(tool_url(site_url, locale, CHECK_PAGE))  # a tool never opened: its runtime was saved
    wait_ready(page)
    assert type_number(page, "123456789018")["valid"] == "true"
    sw_context.set_offline(False)


def test_the_service_worker_never_keeps_a_planner_query(sw_context, site_url):
    page = open_and_keep(sw_context, tool_url(site_url, "en", PLAN_PAGE, "?departure=2027-03-31&returning=no"))
    keys = page.evaluate("""async () => {
        const keys = [];
        for (const name of await caches.keys()) {
            for (const request of await (await caches.open(name)).keys()) keys.push(request.url);
        }
        return keys;
    }""")
    assert keys and not [key for key in keys if "?" in key or "2027" in key]


@pytest.mark.parametrize("locale", [language.locale for language in languages()])
def test_every_language_has_an_installable_manifest_in_its_language(page, site_url, site_dir, locale):
    language = BY_LOCALE[locale]
    page.goto(f"{site_url}{language.prefix}")
    href = page.locator('link[rel="manifest"]').get_attribute("href")
    manifest_url = page.evaluate("(href) => new URL(href, document.baseURI).href", href)
    assert manifest_url == f"{site_url}{language.prefix}manifest.webmanifest"
    data = json.loads((site_dir / language.prefix / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert data["lang"] == language.html_lang
    assert data["dir"] == ("rtl" if locale == "ur" else "ltr")
    assert data["start_url"] == "./" and data["display"] == "standalone"
    assert data["name"] == page.evaluate("() => document.querySelector('.md-header__topic .md-ellipsis').textContent.trim()")
    icon = data["icons"][0]["src"]
    assert (site_dir / language.prefix / icon).resolve().is_file()
