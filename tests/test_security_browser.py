"""The tightened policies in headless Chromium, served as a host that applies ``_headers``: no
Content-Security-Policy violation and no unknown Permissions-Policy feature on a sample of pages
at phone and desktop width, with search, the palette, the drawer, both tools, a CSV check,
checklist ticks and the planner's dates on a checklist; the tools still reach a result without
``'wasm-unsafe-eval'`` in the page; and a page in a frame is refused."""

from __future__ import annotations

import pytest

from conftest import guarded_context
from tools_fixtures import (CHECK_PAGE, PLAN_PAGE, headers_site_url, tool_url, type_number,  # noqa: F401
                            wait_ready)

pytestmark = pytest.mark.browser

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
SAMPLE = "1234 5678 9018"  # synthetic (JPMyNumber's README)
PLAN = "?departure=2027-03-31&returning=no&insurance=nhi&pension-months=30"

# Registered before any page script: every violation the document sees, with what it blocked.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.effectiveDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
});
"""


def _sitemap_probe(entry: str) -> bool:
    """Material's language selector fetches the sitemap of the address the site was built for; the
    test host runs on another port, so that fetch is cross-origin and refused (not a style or
    WebAssembly matter, and not what this test is about)."""
    return entry.startswith("connect-src ") and entry.split(" ")[1].endswith("/sitemap.xml")


@pytest.fixture
def strict_context(browser, headers_site_url, request):
    viewport = VIEWPORTS[request.param]
    context = guarded_context(browser, headers_site_url, viewport=viewport, is_mobile=request.param == "phone",
                              has_touch=request.param == "phone")
    context.add_init_script(RECORD_VIOLATIONS)
    context.console_problems = []
    context.viewport_name = request.param
    yield context
    context.close()


def _watch(context, page) -> None:
    def console(message) -> None:
        words = message.text
        if ("Content Security Policy" in words and "sitemap.xml" not in words) or "Permissions-Policy" in words \
                or "Permissions policy" in words:
            context.console_problems.append(words)

    page.on("console", console)
    page.on("pageerror", lambda error: context.console_problems.append(f"page error: {error}"))


def _violations(page) -> list[str]:
    return [entry for entry in page.evaluate("window.__violations") if not _sitemap_probe(entry)]


def _search(page, query: str) -> None:
    """Open the search (the header's button on a phone), type *query*, wait for results."""
    button = page.locator("label.md-header__button[for='__search']")
    if button.is_visible():
        button.click()
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")  # Material reads the query on keyup
    page.locator(".md-search-result__item").first.wait_for(timeout=30_000)


def _toggle_palette(page) -> None:
    before = page.evaluate("document.body.dataset.mdColorScheme")
    page.locator("form[data-md-component='palette'] label:not([hidden])").first.click()
    page.wait_for_function("before => document.body.dataset.mdColorScheme !== before", arg=before)


@pytest.mark.parametrize("strict_context", list(VIEWPORTS), indirect=True)
def test_sample_pages_and_tools_run_without_any_policy_violation(strict_context, headers_site_url):
    context = strict_context
    base = headers_site_url
    seen: dict[str, list[str]] = {}
    page = context.new_page()
    _watch(context, page)

    # Content pages: search, palette, drawer (phone), in three scripts.
    for address in (base, f"{base}ja/my-number-card/", f"{base}zh/glossary/"):
        page.goto(address)
        _toggle_palette(page)
        _search(page, "個人番号カード" if "/zh/" in address else "マイナンバー")
        page.keyboard.press("Escape")
        if context.viewport_name == "phone":
            page.locator("label.md-header__button[for='__drawer']").click()
            page.wait_for_function("() => document.getElementById('__drawer').checked")
        seen[address] = _violations(page)

    # The check tool: a typed number and a CSV file.
    page.goto(tool_url(base, "en", CHECK_PAGE))
    wait_ready(page)
    assert type_number(page, SAMPLE)["valid"] == "true"
    page.set_input_files("#guide-csv-file", files=[{"name": "n.csv", "mimeType": "text/csv",
                                                     "buffer": b"number\n123456789018\n123456789019\n"}])
    page.wait_for_selector("#csv-result [data-count='valid']")
    seen["check"] = _violations(page)

    # The planner from a shared link, in Korean.
    page.goto(tool_url(base, "ko", PLAN_PAGE, PLAN))
    wait_ready(page)
    page.wait_for_selector("[data-task]")
    seen["plan"] = _violations(page)

    # A checklist: ticks, and the planner's dates (Pyodide in the worker, from a content page).
    page.goto(f"{base}checklists/leaving/{PLAN}")
    page.wait_for_selector(".guide-checklist[data-mounted] .guide-checklist__box")
    page.locator("#bank--box").check()
    page.wait_for_selector(".guide-checklist[data-dates='shown']", timeout=180_000)
    assert page.locator(".guide-checklist__date time").count() > 3
    _toggle_palette(page)
    seen["checklist"] = _violations(page)
    page.goto(f"{base}th/checklists/moving-in/")
    page.wait_for_selector(".guide-checklist[data-mounted] .guide-checklist__box")
    page.locator(".guide-checklist__box").first.check()
    seen["checklist-th"] = _violations(page)

    assert {where: found for where, found in seen.items() if found} == {}
    assert context.console_problems == []


def test_violations_would_be_seen(browser, headers_site_url):
    """Control: an inline style and WebAssembly compiled in the page are reported by the listener."""
    context = browser.new_context()
    context.add_init_script(RECORD_VIOLATIONS)
    try:
        page = context.new_page()
        page.goto(tool_url(headers_site_url, "en", CHECK_PAGE))
        page.evaluate("""() => {
            const style = document.createElement('style'); style.textContent = 'body { color: red }';
            document.head.append(style);
            const span = document.createElement('span'); span.setAttribute('style', 'color: red'); document.body.append(span);
        }""")
        compiled = page.evaluate("""async () => {
            try { await WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])); return true; }
            catch { return false; }
        }""")
        page.wait_for_timeout(200)
        directives = {entry.split(" ")[0] for entry in _violations(page)}
        assert {"style-src-elem", "style-src-attr"} <= directives
        assert compiled is False and "script-src" in directives
    finally:
        context.close()


@pytest.mark.parametrize("path", ["", "tools/check-number/"])
def test_a_page_in_a_frame_is_refused(browser, headers_site_url, site_url, path):
    context = browser.new_context()
    try:
        page = context.new_page()
        for base, expect_loaded in ((site_url, True), (headers_site_url, False)):  # the plain server is the control
            page.set_content(f'<iframe src="{base}{path}" width="600" height="400"></iframe>')
            page.wait_for_timeout(1500)
            frame = page.frames[1]
            try:
                loaded = frame.evaluate("document.querySelector('.md-header') !== null")
            except Exception:  # noqa: BLE001 - a refused frame is an error page of another origin
                loaded = False
            assert loaded is expect_loaded, base
    finally:
        context.close()
