"""MkDocs hook: furigana for Easy Japanese, written by hand as ``{漢字|かんじ}``.

In ``docs/ja-easy/`` (page text, front matter rendered into the page such as checklist items,
and ``i18n/ja-easy.yml``) every kanji run carries its reading in a light markup::

    {日本|にほん}に {来|き}た とき        {在留|ざいりゅう}カード

The markup cannot be confused with real parentheses (which Easy Japanese writes full-width,
（ ）), and it survives Markdown tables because this hook replaces it before Markdown runs.

For ``ja-easy`` pages the hook

* turns the markup in the page's Markdown into
  ``<ruby>日本<rp>（</rp><rt>にほん</rt><rp>）</rp></ruby>``. It runs last among the Markdown
  steps: after ``checklists.py`` (which writes the checklist items into the Markdown),
  ``facts.py`` (whose law citations carry readings, ``format_keeping_markup``) and the i18n
  plugin (which writes the translated admonition titles). ``<rt>`` and
  ``<rp>`` carry ``data-search-exclude``, which Material's search indexer honours, so the
  search index holds each word once, without its reading;
* gives the page a title without readings (``<title>``, navigation, the page's search
  entry) and a TOC without readings, taken from the rendered headings with ``<rt>``/``<rp>``
  removed;
* drops the readings from the meta description.

``overrides/assets/javascripts/furigana.mjs`` lets the reader switch the readings off (CSS
hides ``rt``/``rp`` on screen; print and pages without JavaScript always show them).

Interface strings from ``i18n/ja-easy.yml`` that templates or scripts insert as plain text
cannot carry ruby: ``i18n_data.py`` gives them as ``漢字（かんじ）`` (``as_text``), and the site
name and navigation sections without readings (they make up ``<title>``). Strings that go
through a page's Markdown (the checklists' labels, admonition titles, law citations) and the
templates' ``ui_ruby(key)`` become ruby.

In any other language the markup is left alone (no page uses it).
"""

from __future__ import annotations

import re
from html import escape, unescape
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

LOCALES = frozenset({"ja-easy"})
MARKUP = re.compile(r"\{(?P<base>[^{}|\s]+)\|(?P<reading>[^{}|\s]+)\}")
# Code is left as written: fenced blocks and inline code spans.
CODE = re.compile(r"^(?P<fence>```|~~~).*?^(?P=fence)[ \t]*$|`[^`\n]+`", re.MULTILINE | re.DOTALL)
HEADING = re.compile(r"<h(?P<level>[1-6])\b(?P<attrs>[^>]*)>(?P<body>.*?)</h(?P=level)>", re.DOTALL)
HEADING_ID = re.compile(r'\bid="(?P<id>[^"]+)"')
READING_HTML = re.compile(r"<(?P<tag>rt|rp)\b[^>]*>.*?</(?P=tag)>", re.DOTALL)
PERMALINK = re.compile(r'<a\b[^>]*class="headerlink"[^>]*>.*?</a>', re.DOTALL)
TAG = re.compile(r"<[^>]+>")


def ruby_html(base: str, reading: str) -> str:
    """One word with its reading as ruby; the parentheses show only where ruby is unsupported."""
    return (f"<ruby>{base}<rp data-search-exclude>（</rp>"
            f"<rt data-search-exclude>{reading}</rt><rp data-search-exclude>）</rp></ruby>")


def as_html(text: str) -> str:
    """Replace every ``{base|reading}`` in *text* (outside code) with ruby HTML."""
    def convert(part: str) -> str:
        return MARKUP.sub(lambda match: ruby_html(match["base"], match["reading"]), part)

    pieces: list[str] = []
    position = 0
    for code in CODE.finditer(text):
        pieces += [convert(text[position:code.start()]), code.group(0)]
        position = code.end()
    pieces.append(convert(text[position:]))
    return "".join(pieces)


def as_plain(text: str) -> str:
    """*text* without readings: ``{日本|にほん}`` becomes ``日本``."""
    return MARKUP.sub(lambda match: match["base"], text)


def as_text(text: str) -> str:
    """*text* with readings in full-width parentheses, for places that take no markup."""
    return MARKUP.sub(lambda match: f"{match['base']}（{match['reading']}）", text)


def format_keeping_markup(template: str, **fields: str) -> str:
    """``str.format`` for a string that may hold ``{漢字|かんじ}``: the markup stays as it is."""
    return MARKUP.sub(lambda match: "{" + match.group(0) + "}", template).format(**fields)


def strip_ruby_html(html: str) -> str:
    """Rendered HTML as plain text without readings (``<rt>``/``<rp>``), tags or permalinks."""
    text = PERMALINK.sub("", html)
    text = READING_HTML.sub("", text)
    return " ".join(unescape(TAG.sub("", text)).split())


def heading_texts(html: str) -> dict[str, str]:
    """Plain text of every heading with an ``id`` in rendered *html*, by id."""
    texts: dict[str, str] = {}
    for match in HEADING.finditer(html):
        found = HEADING_ID.search(match["attrs"])
        if found:
            texts[unescape(found["id"])] = strip_ruby_html(match["body"])
    return texts


def first_h1(html: str) -> str | None:
    """Plain text of the page's first ``<h1>``, if any."""
    for match in HEADING.finditer(html):
        if match["level"] == "1":
            return strip_ruby_html(match["body"])
    return None


def _applies(config: MkDocsConfig) -> bool:
    return config.theme["language"] in LOCALES


@event_priority(40)  # after checklists.py (110), facts.py (100) and the i18n plugin (50)
def on_page_markdown(markdown: str, page, config: MkDocsConfig, files) -> str:
    if not _applies(config):
        return markdown
    description = page.meta.get("description")
    if isinstance(description, str):
        page.meta["description"] = as_plain(description)
    return as_html(markdown)


def _retitle(items: Any, texts: dict[str, str]) -> None:
    for item in items:
        if item.id in texts:
            item.title = escape(texts[item.id], quote=False)
        _retitle(item.children, texts)


def on_page_content(html: str, page, config: MkDocsConfig, files) -> str:
    if not _applies(config):
        return html
    title = first_h1(html)
    if title and "title" not in page.meta:
        page.meta["title"] = title
    _retitle(page.toc, heading_texts(html))
    return html


def on_env(env, config: MkDocsConfig, files):
    """In Easy Japanese, ``ui(key)`` in templates gives the string with ruby (HTML).

    Every template uses ``ui()`` in element content; an attribute needs ``ui_text(key)``
    (readings in full-width parentheses).
    """
    from i18n_data import ui_string  # i18n_data imports this module

    locale = config.theme["language"]
    env.globals["ui_text"] = lambda key: ui_string(locale, key)
    if locale in LOCALES:
        env.globals["ui"] = lambda key: as_html(ui_string(locale, key, markup=True))
    return env
