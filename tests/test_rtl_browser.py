"""Right-to-left languages (Urdu) in headless Chromium: the whole page mirrors, and no Japanese
term, Latin name, number or date inside the right-to-left text is reordered.

Which languages are right-to-left comes from CLDR (Babel's ``character_order`` for the
language's ``babel_locale``), so a new right-to-left language is tested without a change here;
left-to-right languages are checked not to mirror.
"""

from __future__ import annotations

import pytest

from conftest import guarded_context
from site_info import is_rtl, languages, page_url

pytestmark = pytest.mark.browser

BY_LOCALE = {language.locale: language for language in languages()}


RTL = [language.locale for language in languages() if is_rtl(language.locale)]
PLAN_PAGE = "tools/plan-your-move.md"
PLAN_QUERY = "?departure=2027-01-22&returning=no&insurance=nhi&pension-months=30"
TIMEOUT = 180_000  # a cold Pyodide start on a busy 2-core machine

# For every run of left-to-right characters (Latin letters, digits, Japanese) inside the given
# elements, the characters of one line must stand left to right in their logical order. Returns
# the runs that do not, with the page text around them.
REORDERED_RUNS = """(selector) => {
  const RUN = /[A-Za-z0-9\\u3040-\\u30ff\\u3400-\\u9fff¥][A-Za-z0-9\\u3040-\\u30ff\\u3400-\\u9fff¥.,:\\/\\-@ー]*[A-Za-z0-9\\u3040-\\u30ff\\u3400-\\u9fff]/g;
  const bad = [];
  let checked = 0;
  for (const root of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.parentElement || node.parentElement.closest("[hidden], script, style, template")) continue;
      for (const match of node.data.matchAll(RUN)) {
        const rects = [];
        for (let i = 0; i < match[0].length; i += 1) {
          const range = document.createRange();
          range.setStart(node, match.index + i);
          range.setEnd(node, match.index + i + 1);
          const rect = range.getBoundingClientRect();
          if (rect.width > 0) rects.push(rect);
        }
        if (rects.length < 2) continue;
        checked += 1;
        for (let i = 1; i < rects.length; i += 1) {
          const sameLine = Math.abs(rects[i].top - rects[i - 1].top) < rects[i].height / 2;
          if (sameLine && rects[i].left < rects[i - 1].left - 0.5) {
            bad.push(match[0] + "  in  " + node.data.slice(Math.max(0, match.index - 20), match.index + match[0].length + 20));
            break;
          }
        }
      }
    }
  }
  return {checked, bad};
}"""


def url_of(site_url: str, locale: str, relative: str, query: str = "") -> str:
    return f"{site_url}{BY_LOCALE[locale].prefix}{page_url(relative)}{query}"


@pytest.fixture(scope="module")
def desktop(browser, site_url):
    context = guarded_context(browser, site_url, viewport={"width": 1280, "height": 900})
    yield context
    context.close()


def test_a_right_to_left_language_is_configured():
    """Without one, the tests below would check nothing."""
    assert RTL, "no right-to-left language in mkdocs.yml"


@pytest.mark.parametrize("locale", RTL)
def test_right_to_left_pages_mirror_navigation_content_and_lists(desktop, site_url, locale):
    page = desktop.new_page()
    page.goto(url_of(site_url, locale, "leaving.md"))
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert page.evaluate("document.documentElement.lang") == BY_LOCALE[locale].html_lang
    content = page.locator("article").bounding_box()
    navigation = page.locator(".md-sidebar--primary").bounding_box()
    toc = page.locator(".md-sidebar--secondary").bounding_box()
    # Mirrored: the site navigation on the right, the table of contents on the left.
    assert navigation["x"] > content["x"] > toc["x"], (navigation, content, toc)
    # A list's numbers and an admonition's icon stand on the right of their text.
    item = page.locator("article ol > li").first
    assert item.evaluate("li => getComputedStyle(li).direction") == "rtl"
    # Its first letter starts at the right edge of the item.
    first_letter = item.evaluate("""li => {
        const text = document.createTreeWalker(li, NodeFilter.SHOW_TEXT, {acceptNode: n => n.data.trim() ? 1 : 3}).nextNode();
        const range = document.createRange();
        const at = text.data.search(/\\S/);
        range.setStart(text, at); range.setEnd(text, at + 1);
        return range.getBoundingClientRect().right; }""")
    box = item.bounding_box()
    assert abs(first_letter - (box["x"] + box["width"])) < 4, (first_letter, box)
    title = page.locator("article .admonition-title").first
    padding = title.evaluate("t => [parseFloat(getComputedStyle(t).paddingRight), parseFloat(getComputedStyle(t).paddingLeft)]")
    assert padding[0] > 2 * padding[1], padding  # room for the icon on the right
    page.close()


@pytest.mark.parametrize("locale", RTL)
def test_no_japanese_or_latin_run_is_reordered_on_right_to_left_pages(desktop, site_url, locale):
    page = desktop.new_page()
    checked = 0
    for relative in ("index.md", "leaving.md", "glossary.md", "pension-lump-sum.md", "checklists/leaving.md"):
        page.goto(url_of(site_url, locale, relative))
        result = page.evaluate(REORDERED_RUNS, "article")
        assert not result["bad"], f"{relative}: reordered runs: {result['bad'][:5]}"
        checked += result["checked"]
        # Japanese terms are isolated left-to-right runs.
        terms = page.locator('article [lang="ja"]')
        assert terms.count() > 0, relative
        assert terms.first.evaluate("e => getComputedStyle(e).direction") == "ltr"
    assert checked > 100  # Japanese terms, dates, amounts, phone numbers and addresses were checked
    page.close()


@pytest.mark.parametrize("locale", RTL)
def test_the_planner_form_and_plan_read_right_to_left(desktop, site_url, locale):
    page = desktop.new_page()
    page.goto(url_of(site_url, locale, PLAN_PAGE, PLAN_QUERY))
    page.wait_for_selector("[data-task] time", timeout=TIMEOUT)
    form = page.locator("form").first
    assert form.evaluate("f => getComputedStyle(f).direction") == "rtl"
    # A radio button stands at the right end of its label.
    option = page.locator("form label.guide-choice__option").first
    radio, label = option.locator('input[type="radio"]').bounding_box(), option.bounding_box()
    assert radio["x"] > label["x"] + label["width"] / 2, (radio, label)
    task = page.locator("[data-task]").first
    assert task.evaluate("t => getComputedStyle(t).direction") == "rtl"
    assert task.evaluate("t => parseFloat(getComputedStyle(t).borderRightWidth)") > 0
    result = page.evaluate(REORDERED_RUNS, "[data-task]")
    assert result["checked"] > 10 and not result["bad"], result["bad"][:5]
    page.close()


@pytest.mark.parametrize("locale", RTL)
def test_the_checklist_ticks_stand_on_the_right_and_print_mirrored(desktop, site_url, locale):
    page = desktop.new_page()
    page.goto(url_of(site_url, locale, "checklists/leaving.md"))
    page.wait_for_selector(".guide-checklist--js")
    item = page.locator(".guide-checklist__item").first
    box = item.locator(".guide-checklist__box")
    title = item.locator(".guide-checklist__title")
    assert box.bounding_box()["x"] > title.bounding_box()["x"]
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert page.locator("article li").first.evaluate("li => getComputedStyle(li).direction") == "rtl"
    page.close()


@pytest.mark.parametrize("locale", ["en", "ja"])
def test_left_to_right_pages_do_not_mirror(desktop, site_url, locale):
    page = desktop.new_page()
    page.goto(url_of(site_url, locale, "leaving.md"))
    assert page.evaluate("getComputedStyle(document.body).direction") == "ltr"
    content = page.locator("article").bounding_box()
    navigation = page.locator(".md-sidebar--primary").bounding_box()
    assert navigation["x"] < content["x"]
    page.close()
