"""How a source is named to a reader: publisher in the reader's language, original title, marker.

Used by ``facts.py`` for the list under every page (``overrides/partials/page-sources.html``)
and for ``{{ list:sources }}`` on the sources page, so that both read the same way:

* the **publisher** in the reader's language, from ``publishers:`` in ``i18n/<locale>.yml``
  (keyed by the source's ``publisher_key``); Japanese and Easy Japanese pages show the
  official Japanese name (``publisher_ja``). Other languages add that Japanese name beside
  their own (except Chinese, which writes the names in kanji already), because it is what the
  reader will see on the page and at the office;
* the **title the page itself shows**: the Japanese title of a Japanese page, with the English
  title after it as a hint for readers outside Japanese; the English title of an English page;
* the ``page.source_secondary`` marker, in the reader's language, after an unofficial
  (``secondary = true``) source.

This module is imported by the hooks; it is not a hook itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from i18n_data import load_language_data, ui_string
from ruby import as_html
from mynumber_guide.facts import Source

JAPANESE = {"ja", "ja-easy"}
NO_JAPANESE_BESIDE = JAPANESE | {"zh"}

_publishers: dict[str, dict[str, str]] = {}


def publisher_names(locale: str) -> dict[str, str]:
    """The ``publishers:`` mapping of *locale*, over the English one."""
    if not _publishers:
        for name, entry in load_language_data().items():
            _publishers[name] = dict(entry.get("publishers") or {})
    return {**_publishers.get("en", {}), **_publishers.get(locale, {})}


def publisher_name(source: Source, locale: str) -> str:
    """The publisher of *source* as a reader of *locale* should read it (plain text)."""
    if locale in JAPANESE and source.publisher_ja:
        return source.publisher_ja
    return publisher_names(locale).get(source.publisher_key or "", source.publisher)


@dataclass(frozen=True)
class SourceTitle:
    """The title to link, its language, and an optional English hint."""

    text: str
    lang: str
    hint: str | None = None


def source_title(source: Source, locale: str) -> SourceTitle:
    """The title a reader of *locale* sees for *source*."""
    if locale in JAPANESE:
        if source.title_ja:
            return SourceTitle(source.title_ja, "ja")
        return SourceTitle(source.title, "en")
    if source.original_title != source.title:  # a Japanese page with a known Japanese title
        return SourceTitle(source.original_title, "ja", source.title)
    return SourceTitle(source.title, "en")


def _lang_attribute(lang: str, locale: str) -> str:
    page_lang = "ja" if locale in JAPANESE else locale
    return "" if lang == page_lang else f' lang="{lang}"'


def title_html(source: Source, locale: str) -> str:
    """The link to *source*, with the English hint after a Japanese title."""
    title = source_title(source, locale)
    html = (f'<a href="{escape(source.url)}" rel="noopener noreferrer"{_lang_attribute(title.lang, locale)}>'
            f"{escape(title.text)}</a>")
    if title.hint:
        html += (f' <span class="guide-source__hint"{_lang_attribute("en", locale)}>'
                 f"({escape(title.hint)})</span>")
    return html


def publisher_html(source: Source, locale: str) -> str:
    """The publisher of *source* in the reader's language, with its Japanese name beside it."""
    name = publisher_name(source, locale)
    html = f'<span class="guide-source__publisher">{escape(name)}</span>'
    if locale not in NO_JAPANESE_BESIDE and source.publisher_ja and source.publisher_ja != name:
        html += f' <span class="guide-source__publisher-ja" lang="ja">({escape(source.publisher_ja)})</span>'
    return html


def marker_html(source: Source, locale: str) -> str:
    """The translated "not official" marker for a secondary source, or nothing."""
    if not source.secondary:
        return ""
    # Easy Japanese writes readings as {漢字|かんじ}: ruby here, like the rest of the page.
    text = as_html(escape(ui_string(locale, "page.source_secondary", markup=True)))
    return f' <span class="guide-source__secondary">{text}</span>'


def source_item_html(source: Source, locale: str) -> str:
    """One entry of a page's source list: title, publisher, marker."""
    return f"{title_html(source, locale)} — {publisher_html(source, locale)}{marker_html(source, locale)}"


MUNICIPAL = ("_city", "_town", "_village")


def _rank(source: Source) -> int:
    """National bodies first, then municipalities, then unofficial sources."""
    if source.secondary:
        return 2
    return 1 if (source.publisher_key or "").endswith(MUNICIPAL) else 0


def all_sources_markdown(sources: list[Source], locale: str) -> str:
    """A Markdown list of *sources* grouped by publisher: national bodies, municipalities, unofficial."""
    groups: dict[tuple[int, str], list[Source]] = {}
    for source in sources:
        groups.setdefault((_rank(source), publisher_name(source, locale)), []).append(source)
    lines: list[str] = []
    for rank, name in sorted(groups, key=lambda group: (group[0], group[1].casefold())):
        first = groups[(rank, name)][0]
        lines.append(f"- **{publisher_html(first, locale)}**{marker_html(first, locale)}")
        for source in groups[(rank, name)]:
            lines.append(f"    - {title_html(source, locale)}")
    return "\n".join(lines)
