"""The counter sheets, as built: one per counter procedure of the planner, both sides present.

The reader's side is in the page's language, the clerk's side in Japanese (from ``i18n/ja.yml``);
the Japanese page has one column. No sheet types a digit, and each links to a live section.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from mynumber_guide.timeline import TASK_ORDER

EXPECTED = {
    "moving-in-notification", "moving-out-notification", "national-health-insurance",
    "health-insurance-withdrawal", "national-pension", "pension-withdrawal", "my-number-card",
    "lump-sum-claim", "tax-agent",
}
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
DIGIT = re.compile(r"[0-9\uff10-\uff19]")


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _page(site_dir: Path, locale: str) -> Path:
    path = site_dir / ("" if locale == "en" else locale) / "counter-sheets" / "index.html"
    if not path.exists():
        pytest.skip(f"{locale} is not in this build")
    return path


def test_every_sheet_is_a_planner_task_done_at_a_counter(site_dir):
    sheets = _soup(_page(site_dir, "en")).select("[data-counter-sheet]")
    ids = [sheet["data-counter-sheet"] for sheet in sheets]
    assert len(ids) == len(set(ids)), "a sheet appears twice"
    assert set(ids) <= set(TASK_ORDER), "a sheet is not a planner task"
    assert set(ids) == EXPECTED


def test_each_sheet_has_the_reader_side_and_the_clerk_side_in_japanese(site_dir):
    for sheet in _soup(_page(site_dir, "en")).select("[data-counter-sheet]"):
        task = sheet["data-counter-sheet"]
        reader = sheet.select_one("[data-side='reader']")
        clerk = sheet.select_one("[data-side='clerk']")
        assert reader is not None and clerk is not None, task
        assert reader["lang"] == "en" and clerk["lang"] == "ja", task
        # Both say what the reader wants, name the procedure and list what to bring.
        for side in (reader, clerk):
            assert side.select_one(".guide-sheet__want").get_text(strip=True), task
            assert side.select(".guide-sheet__bring li"), task
        want = clerk.select_one(".guide-sheet__want").get_text(strip=True)
        assert "です。" in want or "ます。" in want, f"{task}: the clerk's side is not a polite sentence: {want}"
        clerk_text = clerk.get_text(" ", strip=True)
        assert not re.search(r"[A-Za-z]{2,}", clerk_text), f"{task}: English on the clerk's side: {clerk_text}"
        assert JAPANESE.search(clerk_text), task
        assert not JAPANESE.search(reader.select_one(".guide-sheet__want").get_text()), task
        # The procedure's Japanese name carries its reading for the clerk side.
        assert clerk.select_one("dd ruby rt"), f"{task}: the procedure's reading is missing"


def test_no_sheet_types_a_digit(site_dir):
    for locale in ("en", "ja"):
        path = site_dir / ("" if locale == "en" else locale) / "counter-sheets" / "index.html"
        if not path.exists():
            continue
        for sheet in _soup(path).select("[data-counter-sheet]"):
            text = sheet.get_text(" ", strip=True)
            assert not DIGIT.search(text), f"{locale} {sheet['data-counter-sheet']}: {text}"


def test_each_sheet_links_to_a_live_section(site_dir):
    path = _page(site_dir, "en")
    for sheet in _soup(path).select("[data-counter-sheet]"):
        href = sheet.select_one("a.guide-sheet__link")["href"]
        target, _, anchor = href.partition("#")
        page = (path.parent / target / "index.html").resolve()
        assert page.exists(), href
        assert _soup(page).find(id=anchor) is not None, href


def test_the_japanese_page_has_one_column(site_dir):
    sheets = _soup(_page(site_dir, "ja")).select("[data-counter-sheet]")
    assert {sheet["data-counter-sheet"] for sheet in sheets} == EXPECTED
    for sheet in sheets:
        sides = sheet.select("[data-side]")
        assert len(sides) == 1 and sides[0]["lang"] == "ja", sheet["data-counter-sheet"]


def test_the_planner_page_carries_the_sheets_for_its_packet(site_dir):
    planner = _soup(site_dir / "tools" / "plan-your-move" / "index.html")
    packet = planner.select_one("[data-client-packet]")
    assert packet is not None and packet.has_attr("hidden")
    assert {s["data-counter-sheet"] for s in packet.select("[data-counter-sheet]")} == EXPECTED


def test_the_sheets_are_linked_from_the_checklists_and_the_guides(site_dir):
    for page in ("leaving", "arriving", "checklists/leaving", "checklists/moving-in"):
        links = [a["href"] for a in _soup(site_dir / page / "index.html").select("article a[href]")]
        assert any(re.search(r"(^|/)counter-sheets/$", href) for href in links), page
