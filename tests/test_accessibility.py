"""WCAG 2.2 A/AA checks with axe-core (pinned in package-lock.json) in headless Chromium, on a
phone-sized screen, in the light and dark colour schemes, including the tools and checklists
in use. axe finds what a machine can (contrast, names, labels, lang, structure); keyboard use
is tested in the tools' and checklists' own browser tests."""

from __future__ import annotations

import pytest

from site_info import ROOT, languages, page_url

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PHONE = {"width": 390, "height": 844}
PREFIX = {language.locale: language.prefix for language in languages()}


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.is_file():
        pytest.fail("node_modules/axe-core is missing: run scripts/setup (npm ci installs it)", pytrace=False)
    return AXE.read_text(encoding="utf-8")


def violations(page, axe_source: str) -> list[str]:
    """Run axe on the page once its transitions have ended; return one line per violated rule."""
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")
    page.evaluate(axe_source)  # evaluated by the browser's debugger, not an inline script: the CSP stays strict
    found = page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
            return result.violations.map(v => `${v.id} (${v.nodes.length}×): ${v.help} — ${v.nodes[0].html.slice(0, 160)}`);
        }""",
        WCAG_TAGS,
    )
    return found


@pytest.fixture
def phone_page(browser, site_url, request):
    scheme = getattr(request, "param", "light")
    context = browser.new_context(viewport=PHONE, color_scheme=scheme)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("relative", ["index.md", "leaving.md", "glossary.md"])
@pytest.mark.parametrize("locale", [language.locale for language in languages()])
def test_content_pages_meet_wcag_aa(phone_page, site_url, axe_source, locale, relative):
    phone_page.goto(f"{site_url}{PREFIX[locale]}{page_url(relative)}")
    assert violations(phone_page, axe_source) == []


@pytest.mark.parametrize("phone_page", ["light", "dark"], indirect=True)
@pytest.mark.parametrize("locale", ["en", "ja", "th"])
def test_the_tools_in_use_meet_wcag_aa(phone_page, site_url, axe_source, locale):
    checker = f"{site_url}{PREFIX[locale]}tools/check-number/"
    phone_page.goto(checker)
    phone_page.fill('input[name="number"]', "123456789019")  # a wrong check digit: the error state
    phone_page.locator('#number-result[data-valid="false"]').wait_for(timeout=60_000)
    assert violations(phone_page, axe_source) == []

    planner = f"{site_url}{PREFIX[locale]}tools/plan-your-move/?departure=2027-03-31&returning=no&insurance=nhi&pension-months=24"
    phone_page.goto(planner)
    phone_page.locator("[data-task] time[datetime]").first.wait_for(timeout=60_000)
    assert violations(phone_page, axe_source) == []

    # The new questions open, a notice instead of a return date, and dates already passed.
    planner = (f"{site_url}{PREFIX[locale]}tools/plan-your-move/?departure=2026-11-20&returning=special-reentry"
               "&leaving-home=yes&left-job=2026-10-30&insurance=employer&pension-months=24")
    phone_page.goto(planner)
    phone_page.locator('[data-notice="stay-expiry-needed"]').wait_for(timeout=60_000)
    assert phone_page.locator('[data-passed="true"]').count() > 0
    assert violations(phone_page, axe_source) == []


@pytest.mark.parametrize("phone_page", ["light", "dark"], indirect=True)
@pytest.mark.parametrize("locale", ["en", "ko", "my"])
def test_the_checklists_in_use_meet_wcag_aa(phone_page, site_url, axe_source, locale):
    phone_page.goto(f"{site_url}{PREFIX[locale]}checklists/leaving/?departure=2027-03-31")
    phone_page.locator(".guide-checklist [data-task] time[datetime]").first.wait_for(timeout=60_000)
    phone_page.locator('.guide-checklist input[type="checkbox"]').first.check()
    assert violations(phone_page, axe_source) == []


def serious_violations(page, axe_source: str) -> list[str]:
    """Every axe rule (best practices too, such as aria-dialog-name), serious or critical only."""
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")
    page.evaluate(axe_source)
    return page.evaluate(
        """async () => {
            const result = await axe.run(document);
            return result.violations.filter(v => ["serious", "critical"].includes(v.impact))
              .map(v => `${v.id} (${v.nodes.length}×, ${v.impact}): ${v.help} — ${v.nodes[0].html.slice(0, 160)}`);
        }""")


@pytest.mark.parametrize("width", ["phone", "desktop"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_problem_on_any_page_at_phone_and_desktop_width(browser, site_url, axe_source, scheme, width):
    """Every page, with the tools' download status and offline button as a first visit shows them.
    (Material's search dialog had no accessible name, aria-dialog-name, serious, on every page.)"""
    from site_info import english_pages

    viewport = PHONE if width == "phone" else {"width": 1280, "height": 900}
    context = browser.new_context(viewport=viewport, color_scheme=scheme)
    try:
        page = context.new_page()
        problems = {}
        for relative in english_pages():
            page.goto(f"{site_url}{page_url(relative)}")
            found = serious_violations(page, axe_source)
            if found:
                problems[relative] = found
        assert problems == {}
    finally:
        context.close()


@pytest.mark.parametrize("locale", [language.locale for language in languages()])
def test_the_search_dialog_is_named_in_the_page_language(site_dir, locale):
    import re

    html = (site_dir / PREFIX[locale] / "index.html").read_text(encoding="utf-8")
    dialog = re.search(r'<div class="md-search"[^>]*role="dialog"[^>]*>', html).group(0)
    label = re.search(r'aria-label="([^"]+)"', dialog)
    search_box = re.search(r'class="md-search__input"[^>]*aria-label="([^"]+)"', html).group(1)
    assert label and label.group(1) == search_box
