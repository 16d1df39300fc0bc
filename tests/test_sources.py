"""Sources in the reader's language: every source names its publisher in Japanese and by a key
that every language translates; the built source lists show those names, the page's own title
and, for unofficial sources, a marker in the reader's language."""

from __future__ import annotations

import re
import sys
import unicodedata

import pytest
from bs4 import BeautifulSoup

from site_info import ROOT, built_file, english_pages, languages, ui_data

sys.path.insert(0, str(ROOT / "scripts" / "hooks"))
from ruby import as_plain, strip_ruby_html  # noqa: E402
from source_names import source_item_html  # noqa: E402

from mynumber_guide.facts import load_facts  # noqa: E402

SOURCES = load_facts().sources
LOCALES = [language.locale for language in languages()]
JAPANESE = {"ja", "ja-easy"}
# The script each non-Latin language writes its publisher names in.
SCRIPTS = {"ja": "CJK|HIRAGANA|KATAKANA", "ja-easy": "CJK|HIRAGANA|KATAKANA", "zh": "CJK",
           "zh-Hant": "CJK", "ko": "HANGUL", "th": "THAI", "my": "MYANMAR", "ne": "DEVANAGARI",
           "si": "SINHALA", "bn": "BENGALI", "km": "KHMER", "mn": "CYRILLIC", "uk": "CYRILLIC",
           "ru": "CYRILLIC", "ur": "ARABIC"}
JAPANESE_TEXT = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def publishers(locale: str) -> dict[str, str]:
    return ui_data(locale).get("publishers") or {}


def marker(locale: str) -> str:
    """The marker as a reader reads it (Easy Japanese without its readings, which are ruby)."""
    return as_plain(ui_data(locale)["ui"]["page.source_secondary"])


def expected_publisher(source, locale: str) -> str:
    if locale in JAPANESE and source.publisher_ja:
        return source.publisher_ja
    return publishers(locale)[source.publisher_key]


def written_in(text: str, script: str) -> bool:
    return any(re.match(script, unicodedata.name(char, "")) for char in text)


# --- the facts file and the i18n files -----------------------------------------------------


def test_every_source_has_a_publisher_key_and_a_japanese_name_or_is_foreign():
    problems = []
    for key, source in SOURCES.items():
        if not source.publisher_key:
            problems.append(f"{key}: no publisher_key")
        if source.foreign == bool(source.publisher_ja):
            problems.append(f"{key}: needs publisher_ja, or foreign = true (and then no publisher_ja)")
        elif source.publisher_ja and not JAPANESE_TEXT.search(source.publisher_ja):
            problems.append(f"{key}: publisher_ja {source.publisher_ja!r} is not Japanese")
        if source.lang not in {"ja", "en"}:
            problems.append(f"{key}: lang must be 'ja' or 'en', not {source.lang!r}")
        if source.title_ja is not None and not JAPANESE_TEXT.search(source.title_ja):
            problems.append(f"{key}: title_ja {source.title_ja!r} is not Japanese")
    assert not problems, "[source.*] in facts.toml:\n" + "\n".join(problems)


def test_unofficial_is_a_flag_not_english_words_in_the_title_or_publisher():
    # Titles and publisher names reach every language; "(secondary)" in them would stay English.
    offenders = [key for key, source in SOURCES.items()
                 if re.search(r"\bsecondary\b", f"{source.title} {source.publisher}", re.IGNORECASE)]
    assert not offenders, f"use secondary = true instead of the word in title/publisher: {offenders}"


@pytest.mark.parametrize("locale", LOCALES)
def test_every_publisher_has_a_name_in_every_language(locale):
    used = {source.publisher_key for source in SOURCES.values()}
    names = publishers(locale)
    assert not sorted(used - set(names)), f"i18n/{locale}.yml publishers: lacks {sorted(used - set(names))}"
    assert not sorted(set(names) - used), f"i18n/{locale}.yml publishers: unused {sorted(set(names) - used)}"
    assert all(isinstance(name, str) and name.strip() for name in names.values())
    assert marker(locale).strip()


@pytest.mark.parametrize("locale", [locale for locale in LOCALES if locale != "en"])
def test_publisher_names_are_translated(locale):
    english, names = publishers("en"), publishers(locale)
    foreign = {source.publisher_key for source in SOURCES.values() if source.foreign}
    untranslated = [key for key in names if key not in foreign and names[key] == english.get(key)]
    assert not untranslated, f"i18n/{locale}.yml: publisher names still in English: {untranslated}"
    assert marker(locale) != marker("en")
    script = SCRIPTS.get(locale)
    if script:
        wrong_script = [name for name in names.values() if not written_in(name, script)]
        assert not wrong_script, f"i18n/{locale}.yml: names not written in the language's script: {wrong_script}"


@pytest.mark.parametrize("locale", LOCALES)
def test_a_secondary_source_carries_the_marker_and_an_official_one_does_not(locale):
    secondary = next(source for source in SOURCES.values() if source.secondary)
    official = next(source for source in SOURCES.values() if not source.secondary)
    assert marker(locale) in strip_ruby_html(source_item_html(secondary, locale))
    assert marker(locale) not in strip_ruby_html(source_item_html(official, locale))


@pytest.mark.parametrize("locale", [locale for locale in LOCALES if locale != "en"])
def test_the_sources_page_explains_the_marker_in_its_own_words(locale):
    text = as_plain((ROOT / "docs" / locale / "sources.md").read_text(encoding="utf-8"))
    words = marker(locale).strip("()（） ")
    assert words in text, f"docs/{locale}/sources.md should quote the marker {words!r}"
    assert '"secondary"' not in text and "「secondary」" not in text and "“secondary”" not in text


# --- the built pages ---------------------------------------------------------------------------


def source_lists(site_dir, language):
    """(page, list item, sources that have the item's address) for every source list item."""
    by_url: dict[str, list] = {}
    for source in SOURCES.values():
        by_url.setdefault(source.url, []).append(source)
    for relative in english_pages():
        document = BeautifulSoup(built_file(site_dir, language, relative).read_text("utf-8"), "html.parser")
        for item in document.select(".guide-sources li"):
            link = item.find("a")
            yield relative, item, by_url.get(link["href"], [])


@pytest.mark.parametrize("language", languages(), ids=lambda language: language.locale)
def test_source_lists_show_publisher_title_and_marker_in_the_readers_language(site_dir, language):
    locale = language.locale
    english = publishers("en")
    problems, seen_secondary = [], 0
    for relative, item, candidates in source_lists(site_dir, language):
        where = f"{locale}/{relative}: {item.get_text(' ', strip=True)[:80]}"
        if not candidates:
            problems.append(f"{where}: links to no source of the facts file")
            continue
        publisher = item.select_one(".guide-source__publisher").get_text(strip=True)
        expected = {expected_publisher(source, locale) for source in candidates}
        if publisher not in expected:
            problems.append(f"{where}: publisher {publisher!r}, expected one of {sorted(expected)}")
        if locale != "en" and publisher in english.values() and not any(s.foreign for s in candidates):
            problems.append(f"{where}: English publisher name {publisher!r}")
        shown = item.select_one(".guide-source__secondary")
        if any(source.secondary for source in candidates):
            seen_secondary += 1
            if shown is None or strip_ruby_html(str(shown)).strip() != marker(locale):
                problems.append(f"{where}: unofficial source without the marker {marker(locale)!r}")
        elif shown is not None:
            problems.append(f"{where}: official source marked as unofficial")
        if locale != "en" and "(secondary)" in item.get_text():
            problems.append(f"{where}: English marker")
        title = item.find("a").get_text(strip=True)
        japanese_title = {s.title_ja for s in candidates if s.title_ja and (s.lang == "ja" or locale in JAPANESE)}
        if japanese_title and title not in japanese_title:
            problems.append(f"{where}: shows {title!r} instead of the page's Japanese title")
    assert not problems, "\n".join(problems[:40])
    assert seen_secondary, f"{locale}: no page lists an unofficial source, so the marker was never checked"


def test_japanese_source_lists_name_the_agencies_in_japanese(site_dir):
    for language in (lang for lang in languages() if lang.locale in JAPANESE):
        text = " ".join(item.get_text(" ", strip=True) for _, item, _ in source_lists(site_dir, language))
        for name in ("デジタル庁", "出入国在留管理庁", "日本年金機構", "国税庁", "旭川市"):
            assert name in text, f"{language.locale}: {name} missing from the source lists"
        for name in ("Digital Agency", "Immigration Services Agency", "Japan Pension Service", "Asahikawa City"):
            assert name not in text, f"{language.locale}: English publisher {name!r} in the source lists"


@pytest.mark.parametrize("language", languages(), ids=lambda language: language.locale)
def test_the_sources_page_lists_every_source_under_its_translated_publisher(site_dir, language):
    locale = language.locale
    document = BeautifulSoup(built_file(site_dir, language, "sources.md").read_text("utf-8"), "html.parser")
    article = document.select_one("article")
    groups = {}
    for publisher in article.select("li > strong > .guide-source__publisher"):
        group = publisher.find_parent("li")
        groups[publisher.get_text(strip=True)] = group
    missing, unmarked = [], []
    for key, source in SOURCES.items():
        group = groups.get(expected_publisher(source, locale))
        if group is None or not group.select_one(f'a[href="{source.url}"]'):
            missing.append(key)
        elif source.secondary and marker(locale) not in strip_ruby_html(str(group)):
            unmarked.append(key)
    assert not missing, f"{locale}/sources: not listed under their publisher: {missing}"
    assert not unmarked, f"{locale}/sources: unofficial but not marked: {unmarked}"
    if locale != "en":
        assert "(secondary)" not in article.get_text()
