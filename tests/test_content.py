"""The pages themselves: every number comes from the facts file, every translation keeps the
English page's facts, anchors and links, every page is dated and sourced, and every link works."""

from __future__ import annotations

import collections
import datetime as dt
import re
import sys
import unicodedata
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from site_info import DOCS, ROOT, built_file, default_language, english_pages, languages, page_url

sys.path.insert(0, str(ROOT / "scripts" / "hooks"))
from facts import PLACEHOLDER  # noqa: E402
from page_status import front_matter  # noqa: E402

from mynumber_guide.facts import load_facts  # noqa: E402

TRANSLATED = [language for language in languages() if not language.default]
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
ANCHOR = re.compile(r"\{\s*#([A-Za-z0-9_-]+)[^}]*\}")
HEADING = re.compile(r"^(#{1,6})\s+(.*)$", re.MULTILINE)
MARKERS = re.compile(r"<!--\s*[a-z-]+\s*-->|<div data-guide-[a-z-]+(?:=\"[a-z-]+\")?></div>")
LINK_TARGET = re.compile(r"\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


def markdown_pages(language) -> list[tuple[str, Path]]:
    folder = DOCS / language.locale
    return [(relative, folder / relative) for relative in english_pages() if (folder / relative).is_file()]


def body(path: Path) -> str:
    return FRONT_MATTER.sub("", path.read_text(encoding="utf-8"), count=1)


def prose(text: str) -> str:
    """What a reader reads: the Markdown without placeholders, addresses, anchors, attributes and markup."""
    text = re.sub(r"```.*?```", " ", text, flags=re.DOTALL)       # fenced blocks
    text = re.sub(r"`[^`]*`", " ", text)                            # code spans
    text = PLACEHOLDER.sub(" ", text)                               # {{ fact }} and {{ src:... }}
    text = re.sub(r"\]\([^)]*\)", "] ", text)                       # link targets
    text = re.sub(r"\{[^{}]*\}", " ", text)                         # attribute lists { #id lang=ja }
    text = re.sub(r"<[^>]+>", " ", text)                            # HTML tags and their attributes
    text = re.sub(r"https?://\S+", " ", text)                       # bare addresses
    text = re.sub(r"^\s*\d+\.\s", " ", text, flags=re.MULTILINE)    # ordered-list markers
    text = re.sub(r"^\s*\[\^?[^\]]*\]:", " ", text, flags=re.MULTILINE)  # link/footnote definitions
    text = re.sub(r"\[\^[^\]]+\]", " ", text)                       # footnote references
    return text


def fact_keys(text: str) -> collections.Counter:
    return collections.Counter(
        f"{m.group('kind') + ':' if m.group('kind') else ''}{m.group('key')}" for m in PLACEHOLDER.finditer(text)
    )


@pytest.mark.parametrize("language", languages(), ids=lambda language: language.locale)
def test_pages_type_no_number_themselves(language):
    offenders = []
    for relative, path in markdown_pages(language):
        for number, line in enumerate(prose(body(path)).splitlines(), 1):
            digits = [ch for ch in line if unicodedata.category(ch) == "Nd"]
            if digits:
                offenders.append(f"docs/{language.locale}/{relative}: {line.strip()[:120]}")
    assert not offenders, "numbers must come from the facts file ({{ key }}):\n" + "\n".join(offenders)


@pytest.mark.parametrize("language", TRANSLATED, ids=lambda language: language.locale)
def test_translations_keep_every_fact_of_the_english_page(language):
    english = DOCS / default_language().locale
    problems = []
    for relative, path in markdown_pages(language):
        expected, actual = fact_keys(body(english / relative)), fact_keys(body(path))
        if expected != actual:
            missing, extra = expected - actual, actual - expected
            problems.append(f"{relative}: missing {dict(missing)} extra {dict(extra)}")
    assert not problems, "\n".join(problems)


def anchors(text: str) -> list[str]:
    return [m.group(1) for line in HEADING.findall(text) for m in [ANCHOR.search(line[1])] if m]


def test_every_english_heading_has_an_explicit_anchor():
    missing = []
    for relative, path in markdown_pages(default_language()):
        for level, heading in HEADING.findall(body(path)):
            if not ANCHOR.search(heading):
                missing.append(f"{relative}: {level} {heading.strip()}")
    assert not missing, "headings without { #anchor }:\n" + "\n".join(missing)


@pytest.mark.parametrize("language", TRANSLATED, ids=lambda language: language.locale)
def test_translations_keep_the_anchors_and_links_of_the_english_page(language):
    english = DOCS / default_language().locale
    problems = []
    for relative, path in markdown_pages(language):
        source, translation = body(english / relative), body(path)
        if anchors(source) != anchors(translation):
            problems.append(f"{relative}: heading anchors differ: {anchors(source)} vs {anchors(translation)}")
        # Build markers (<!-- counter-sheets -->, <div data-guide-link-builder>) that a hook replaces:
        # without one, the translated page silently lacks the sheets or the builder.
        if MARKERS.findall(source) != MARKERS.findall(translation):
            problems.append(f"{relative}: build markers differ: {MARKERS.findall(source)} vs {MARKERS.findall(translation)}")
        source_links, translated_links = set(LINK_TARGET.findall(source)), set(LINK_TARGET.findall(translation))
        if source_links != translated_links:
            problems.append(f"{relative}: links only in English: {sorted(source_links - translated_links)}; "
                            f"only in the translation: {sorted(translated_links - source_links)}")
    assert not problems, "\n".join(problems)


def test_english_pages_are_dated_and_sourced():
    facts = load_facts()
    for relative, path in markdown_pages(default_language()):
        meta = front_matter(path)
        reviewed = meta.get("reviewed")
        assert isinstance(reviewed, dt.date), f"{relative}: needs reviewed: YYYY-MM-DD"
        assert reviewed <= dt.date.today(), f"{relative}: reviewed in the future"
        assert meta.get("description"), f"{relative}: needs a description"
        for key in meta.get("sources") or []:
            assert key in facts.sources, f"{relative}: unknown source {key}"


@pytest.mark.parametrize("language", TRANSLATED, ids=lambda language: language.locale)
def test_translations_say_how_they_were_made(language):
    for relative, path in markdown_pages(language):
        meta = front_matter(path).get("translation") or {}
        assert meta.get("method") in {"human", "machine-reviewed", "machine-assisted"}, f"{language.locale}/{relative}"
        assert isinstance(meta.get("source_reviewed"), dt.date), f"{language.locale}/{relative}"


@pytest.mark.parametrize("language", languages(), ids=lambda language: language.locale)
def test_text_is_normalised_unicode(language):
    for relative, path in markdown_pages(language):
        text = path.read_text(encoding="utf-8")
        assert unicodedata.is_normalized("NFC", text), f"docs/{language.locale}/{relative} is not NFC"


def test_every_built_page_shows_its_review_date_and_an_official_source(site_dir):
    for language in languages():
        for relative in english_pages():
            document = BeautifulSoup(built_file(site_dir, language, relative).read_text("utf-8"), "html.parser")
            reviewed = document.select_one(".guide-reviewed time[datetime]")
            assert reviewed is not None, f"{language.locale}/{relative}: no last-reviewed date"
            sources = document.select(".guide-sources li")
            assert sources, f"{language.locale}/{relative}: no sources listed"
            assert any(item.select_one(".guide-source__secondary") is None for item in sources), \
                f"{language.locale}/{relative}: no official source"


def test_every_internal_link_and_anchor_resolves(site_dir, site_url):
    ids_cache: dict[Path, set[str]] = {}

    def ids(path: Path) -> set[str]:
        if path not in ids_cache:
            document = BeautifulSoup(path.read_text("utf-8"), "html.parser")
            ids_cache[path] = {tag["id"] for tag in document.find_all(id=True)}
        return ids_cache[path]

    broken = []
    for language in languages():
        for relative in english_pages():
            page_file = built_file(site_dir, language, relative)
            page_address = f"{site_url}{language.prefix}{page_url(relative)}"
            document = BeautifulSoup(page_file.read_text("utf-8"), "html.parser")
            for link in document.select("article a[href]"):
                href = link["href"]
                if href.startswith(("mailto:", "tel:", "javascript:")):
                    continue
                target = urljoin(page_address, href)
                if not target.startswith(site_url):
                    continue
                parts = urlsplit(target)
                path = site_dir / unquote(parts.path[len(urlsplit(site_url).path):])
                if path.is_dir() or parts.path.endswith("/"):
                    path = path / "index.html"
                if not path.exists():
                    broken.append(f"{language.locale}/{relative}: {href}")
                elif parts.fragment and path.suffix == ".html" and parts.fragment not in ids(path):
                    broken.append(f"{language.locale}/{relative}: {href} (no such anchor)")
    assert not broken, "broken links:\n" + "\n".join(broken[:50])


def test_japanese_terms_are_marked_as_japanese(site_dir):
    """Glossary links show a Japanese term; the browser must pick a Japanese font and voice for it."""
    for language in languages():
        for relative in english_pages():
            document = BeautifulSoup(built_file(site_dir, language, relative).read_text("utf-8"), "html.parser")
            for link in document.select('article a[href*="glossary/#"]'):
                text = link.get_text()
                if re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", text) and language.html_lang != "ja":
                    assert link.get("lang") == "ja", f"{language.locale}/{relative}: {text} lacks lang=ja"
