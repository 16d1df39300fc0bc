"""The planner's client packet, printed to PDF in Chromium on A4 and on Letter.

A plan made from a shared link; the "client packet" button prints the plan, then the counter
sheet of each counter task in the plan, each on a page of its own, with a QR code that leads
back to the sheet's live page. Nothing on a sheet may be cut off by the page.
"""

from __future__ import annotations

import io
import re
import unicodedata

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from conftest import guarded_context

PLAN = "tools/plan-your-move/?departure=2031-03-14&insurance=nhi&tax-agent=yes&pension-months=24"
# The printable height and width of each paper (the page minus the @page margins of 14mm), in CSS px.
MM = 96 / 25.4
PAPERS = {"A4": (210 * MM, 297 * MM), "Letter": (8.5 * 96, 11 * 96)}
MARGIN = 14 * MM


def _squash(text: str) -> str:
    """*text* without spaces, comparable with text read back from a PDF.

    A PDF's text can give ligatures (ﬁ) and, for some kanji, CJK radical code points (⺠ for 民):
    NFKC undoes the first; every kanji or radical becomes one "?" on both sides.
    """
    text = unicodedata.normalize("NFKC", re.sub(r"\s+", "", text))
    return re.sub(r"[\u2e80-\u2fdf\u3400-\u9fff\uf900-\ufaff]", "?", text)


@pytest.fixture
def packet(browser, site_url):
    ctx = guarded_context(browser, site_url, device_scale_factor=2)
    page = ctx.new_page()
    page.add_init_script("window.print = () => { window.__printed = (window.__printed || 0) + 1; };")
    page.goto(site_url + PLAN)
    page.wait_for_selector("[data-plan-result]:not([hidden]) [data-task]", timeout=180_000)
    page.click("[data-plan-packet]")
    page.wait_for_function("() => window.__printed === 1")
    yield page
    assert ctx.foreign_requests == [], "the client packet made a request to another origin"
    ctx.close()


def _sheets(page) -> list[dict]:
    return page.evaluate("""() => [...document.querySelectorAll('[data-client-packet] [data-counter-sheet]:not([hidden])')]
      .map((s) => ({ id: s.dataset.counterSheet, title: s.querySelector('.guide-sheet__title').innerText,
                     reader: [...s.querySelectorAll('[data-side="reader"] .guide-sheet__want, [data-side="reader"] li')]
                       .map((e) => e.innerText),
                     clerk: s.querySelector('[data-side="clerk"] .guide-sheet__want').innerText,
                     href: s.querySelector('a.guide-sheet__link').href }))""")


def test_the_packet_holds_the_sheets_of_the_plan_in_its_order(packet):
    planned = packet.eval_on_selector_all("[data-plan-result] [data-task]", "els => els.map((e) => e.dataset.task)")
    shown = [sheet["id"] for sheet in _sheets(packet)]
    counter_tasks = [task for task in dict.fromkeys(planned) if packet.locator(
        f'[data-client-packet] [data-counter-sheet="{task}"]').count()]
    assert shown == counter_tasks
    for task in ("moving-out-notification", "health-insurance-withdrawal", "pension-withdrawal",
                 "my-number-card", "tax-agent", "lump-sum-claim"):
        assert task in shown


def test_each_qr_code_leads_to_the_sheets_live_page(packet, site_url):
    sheets = _sheets(packet)
    codes = packet.locator("[data-client-packet] [data-counter-sheet]:not([hidden]) [data-sheet-qr] svg")
    assert codes.count() == len(sheets)
    for index, sheet in enumerate(sheets):
        image = Image.open(io.BytesIO(codes.nth(index).screenshot()))
        results = zxingcpp.read_barcodes(image)
        assert results, f"{sheet['id']}: the QR code could not be decoded"
        assert results[0].text == sheet["href"]
        assert sheet["href"].startswith(site_url)


@pytest.mark.parametrize("paper", sorted(PAPERS))
def test_printed_one_sheet_per_page_with_nothing_cut(packet, paper):
    width, height = PAPERS[paper]
    packet.set_viewport_size({"width": round(width - 2 * MARGIN), "height": round(height - 2 * MARGIN)})
    packet.emulate_media(media="print")
    heights = packet.eval_on_selector_all("[data-client-packet] [data-counter-sheet]:not([hidden])",
                                          "els => els.map((e) => e.getBoundingClientRect().height)")
    assert heights and max(heights) <= height - 2 * MARGIN, f"a sheet is taller than the {paper} page: {heights}"
    assert packet.is_visible("[data-plan-result]")
    assert not packet.is_visible("[data-plan-packet]"), "the buttons are printed"
    sheets = _sheets(packet)
    pdf = PdfReader(io.BytesIO(packet.pdf(format=paper, print_background=True)))
    texts = [_squash(p.extract_text() or "") for p in pdf.pages]
    title = _squash(sheets[0]["title"])  # with its Japanese name: the plan names the task too
    first = next((i for i, text in enumerate(texts) if title in text), None)
    assert first is not None, f"{title} not in {[t[:300] for t in texts]}"
    assert first >= 1, "the first sheet shares a page with the plan"
    assert len(pdf.pages) == first + len(sheets), "not one page per sheet"
    for offset, sheet in enumerate(sheets):
        text = texts[first + offset]
        assert text.startswith(_squash(sheet["title"])), f"{sheet['id']} does not start its page"
        for line in sheet["reader"] + [sheet["clerk"]]:
            assert _squash(line) in text, f"{paper}: {sheet['id']}: missing or cut: {line}"
    # The plan is on the pages before the sheets.
    plan_text = "".join(texts[:first])
    assert "2031" in plan_text
