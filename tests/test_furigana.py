"""Easy Japanese furigana: every kanji run has a hand-written reading, and the build turns the
readings into ruby that titles, the description, the TOC and search do not repeat."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest
import yaml
from mkdocs.utils.yaml import get_yaml_loader

from site_info import DOCS, ROOT, built_file, languages

EASY = DOCS / "ja-easy"
PAGES = sorted(path.relative_to(EASY).as_posix() for path in EASY.rglob("*.md"))
KANJI = r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3005\u3006]"
KANA = r"[\u3041-\u3096\u309d\u309e\u30a1-\u30fa\u30fc\u30fd\u30fe]"
KANJI_RUN = re.compile(f"{KANJI}+")
RUBY_MARKUP = re.compile(r"\{[^{}|\s]+\|[^{}|\s]+\}")
# Not text a reader reads: code, placeholders, link targets, attribute lists, HTML tags, addresses.
NOT_TEXT = re.compile(
    r"```.*?```|`[^`\n]*`"          # code
    r"|\{\{.*?\}\}"                 # {{ fact }} placeholders (rendered with their own script)
    r"|\]\([^)\s]*\)"               # link targets
    r"|\{:?\s*[#.][^{}]*\}|\{\s*[a-z-]+=[^{}]*\}"  # attribute lists: { #anchor }, { lang=ja }
    r"|<[^>\n]*>"                   # HTML tags (their text between tags still counts)
    r"|https?://\S+",
    re.DOTALL,
)
# A glossary headword ("### 個人番号 { #kojin-bango lang=ja }") is the form to show at a counter;
# its reading follows on the next line in kana, so it is written without ruby.
GLOSSARY_HEADWORD = re.compile(r"^#{2,6} [^\n]*\{[^}\n]*\blang=ja\b[^}\n]*\}[ \t]*$", re.MULTILINE)
INLINE_READING = re.compile(f"{KANJI}+[(（]{KANA}+[)）]")
HALF_WIDTH_READING = re.compile(f"{KANJI}+\\({KANA}+\\)")


def split_page(path: Path) -> tuple[dict, str, int]:
    """Front matter, body and the body's first line number of a Markdown page."""
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return {}, text, 1
    end = text.index("\n---\n", 4)
    meta = yaml.load(text[4:end], Loader=get_yaml_loader()) or {}
    return meta, text[end + 5:], text[:end + 5].count("\n") + 1


def checklist_texts(meta: dict) -> list[str]:
    """The reader-facing texts of a checklist page's front matter."""
    texts: list[str] = []
    for group in (meta.get("checklist") or {}).get("groups") or []:
        texts.append(group.get("title") or "")
        for item in group.get("items") or []:
            texts += [item.get(name) or "" for name in ("title", "where", "bring", "deadline")]
    return texts


def unread_kanji(text: str) -> list[str]:
    """Kanji runs in *text* that are outside ``{漢字|かんじ}`` and outside non-text syntax."""
    text = GLOSSARY_HEADWORD.sub("", text)
    text = NOT_TEXT.sub(" ", text)
    text = RUBY_MARKUP.sub(" ", text)
    return KANJI_RUN.findall(text)


def unread_by_line(path: Path) -> list[str]:
    meta, body, first_line = split_page(path)
    problems = [f"front matter: {run} in {text!r}" for text in checklist_texts(meta)
                for run in unread_kanji(text)]
    body = GLOSSARY_HEADWORD.sub("", body)
    body = NOT_TEXT.sub(lambda match: re.sub(r"[^\n]", " ", match.group(0)), body)
    for number, line in enumerate(body.split("\n"), start=first_line):
        problems += [f"line {number}: {run}" for run in unread_kanji(line)]
    return problems


@pytest.mark.parametrize("relative", PAGES)
def test_every_kanji_run_in_an_easy_japanese_page_has_a_reading(relative):
    problems = unread_by_line(EASY / relative)
    assert not problems, (
        f"docs/ja-easy/{relative}: kanji without a reading; write them as {{漢字|かんじ}}:\n  "
        + "\n  ".join(problems[:40]) + (f"\n  ... and {len(problems) - 40} more" if len(problems) > 40 else "")
    )


@pytest.mark.parametrize("relative", PAGES)
def test_no_easy_japanese_page_writes_a_reading_in_parentheses(relative):
    meta, body, _ = split_page(EASY / relative)
    text = NOT_TEXT.sub(" ", body + "\n" + "\n".join(checklist_texts(meta)))
    assert not INLINE_READING.findall(text), (
        f"docs/ja-easy/{relative}: a reading in parentheses; write {{漢字|かんじ}} instead")


def test_easy_japanese_interface_strings_write_readings_as_markup():
    """Strings of i18n/ja-easy.yml carry readings as {漢字|かんじ}: the build makes them ruby in
    pages and templates, and 漢字（かんじ） where a script inserts them as plain text."""
    def strings(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from strings(item)
        elif isinstance(value, list):
            for item in value:
                yield from strings(item)

    data = yaml.safe_load((ROOT / "i18n" / "ja-easy.yml").read_text(encoding="utf-8"))
    inline = [text for text in strings(data) if INLINE_READING.search(text)]
    assert not inline, "readings in parentheses in i18n/ja-easy.yml:\n" + "\n".join(inline[:20])


def test_unread_kanji_are_found_and_marked_ones_are_not():
    assert unread_kanji("{日本|にほん}に 来た") == ["来"]
    assert unread_kanji("[{転出届|てんしゅつとどけ}](glossary.md#x){ lang=ja } {{ fees.card }}") == []
    assert unread_kanji("<span lang=\"ja\">在留カード</span>") == ["在留"]
    assert unread_kanji("### 住民票 { #juminhyo lang=ja }") == []


# --- the built site -------------------------------------------------------------------------

EASY_LANGUAGE = next(language for language in languages() if language.locale == "ja-easy")
TITLE = re.compile(r"<title>(.*?)</title>", re.DOTALL)
DESCRIPTION = re.compile(r'<meta name="description" content="([^"]*)"')
ARTICLE = re.compile(r'<article\b.*?</article>', re.DOTALL)
TOC_LINK = re.compile(r'<a href="#[^"]*" class="md-nav__link">\s*<span class="md-ellipsis">(.*?)</span>', re.DOTALL)
RUBY = re.compile(r"<ruby>(?P<base>[^<]+)<rp[^>]*>（</rp><rt[^>]*>(?P<reading>[^<]+)</rt><rp[^>]*>）</rp></ruby>")


def built(site: Path, relative: str) -> str:
    return built_file(site, EASY_LANGUAGE, relative).read_text(encoding="utf-8")


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.DOTALL)
    return unescape(re.sub(r"<[^>]+>", "", html))


@pytest.mark.parametrize("relative", PAGES)
def test_every_built_easy_japanese_page_has_ruby_and_no_inline_reading(site_dir, relative):
    html = built(site_dir, relative)
    article = ARTICLE.search(html)
    assert article and RUBY.search(article.group(0)), f"ja-easy/{relative}: no <ruby> in the page text"
    assert not HALF_WIDTH_READING.findall(visible_text(html)), (
        f"ja-easy/{relative}: readings written inline as 漢字(かな): "
        f"{HALF_WIDTH_READING.findall(visible_text(html))[:5]}")


@pytest.mark.parametrize("relative", PAGES)
def test_title_description_and_contents_of_a_built_page_carry_no_reading(site_dir, relative):
    html = built(site_dir, relative)
    title = unescape(TITLE.search(html).group(1))
    assert not INLINE_READING.search(title) and "<" not in title, f"ja-easy/{relative}: <title> {title!r}"
    description = DESCRIPTION.search(html)
    assert description and not INLINE_READING.search(description.group(1)) \
        and "{" not in description.group(1), f"ja-easy/{relative}: description {description.group(1)!r}"
    readings = {match["base"] + match["reading"] for match in RUBY.finditer(html)}
    for entry in TOC_LINK.findall(html):
        text = visible_text(entry)
        assert not INLINE_READING.search(text), f"ja-easy/{relative}: TOC {text!r}"
        assert not any(word in text for word in readings), f"ja-easy/{relative}: TOC entry {text!r} repeats a reading"


def test_the_heading_shows_ruby_but_the_title_is_plain(site_dir):
    html = built(site_dir, "leaving.md")
    h1 = re.search(r"<h1\b[^>]*>(.*?)</h1>", html, re.DOTALL).group(1)
    assert RUBY.search(h1)
    title = unescape(TITLE.search(html).group(1))
    assert title.startswith("日本を 出る とき")
    assert "(" not in title and "（" not in title
    contents = [" ".join(visible_text(entry).split()) for entry in TOC_LINK.findall(html)]
    assert "大家さんに 伝える" in contents, contents


def test_the_easy_japanese_search_index_holds_each_word_once(site_dir):
    index = json.loads((site_dir / "ja-easy" / "search" / "search_index.json").read_text(encoding="utf-8"))
    pairs = set()
    for relative in PAGES:
        pairs |= {(match["base"], match["reading"]) for match in RUBY.finditer(built(site_dir, relative))}
    assert pairs
    doubled = {f"{base}{reading}" for base, reading in pairs if len(reading) > 1}
    for doc in index["docs"]:
        text = doc["title"] + " " + doc["text"]
        found = [word for word in doubled if word in text]
        assert not found, f"search entry {doc['location']!r} repeats readings: {found[:5]}"
        assert "（" + "）" not in text


def test_other_languages_have_no_ruby(site_dir):
    for language in languages():
        if language.locale in {"ja-easy"}:
            continue
        html = built_file(site_dir, language, "index.md").read_text(encoding="utf-8")
        assert "<ruby>" not in html, language.locale
