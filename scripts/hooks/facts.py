"""MkDocs hook: render facts from the one facts file into pages, and cite their sources.

In a page, ``{{ moving_in.notification_days }}`` inserts that fact from
``src/mynumber_guide/facts.toml`` (the file the tools package computes with), formatted for
the page's language: numbers with Latin digits grouped as the language groups them, yen as
``¥1,000`` (``¥1.000`` in Spanish, ``1,000円`` in Japanese, and round amounts as an office
writes them, ``5万円``), times of day as the language writes them (``8:30–17:15``,
``8時30分～17時15分``, ``8:30 a.m. hanggang 5:15 p.m.``), dates as
``<time datetime="2026-06-14">14 June 2026</time>``, phone numbers as ``tel:`` links.
On Easy Japanese pages the kanji that a fact adds (円, 午前, 時…) carry their readings as ruby,
like the page text around them (``ruby.py``).
``{{ src:jps_faq_eligibility }}`` inserts the address of a source, for inline links, and
``{{ list:sources }}`` a list of every source in the facts file (both named as
``source_names.py`` names them: publisher in the reader's language, original title, marker).

Pages never type a number themselves (tests/test_content.py checks it), so every language
shows the same values as the English page and the tools. An unknown key fails the build.

For each page the hook also records the sources it rests on (those of the facts it uses and
those listed in its front matter under ``sources:``); ``overrides/partials/page-sources.html``
lists them under the page with the ``reviewed:`` date from the front matter.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from html import escape
from typing import Iterable

from babel import Locale
from babel.dates import format_skeleton
from babel.numbers import format_decimal, format_percent
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from cldr_formats import format_date
from i18n_data import load_language_data, ui_string
from mynumber_guide.facts import Fact, Facts, Source, load_facts
from ruby import format_keeping_markup
from source_names import all_sources_markdown, source_item_html

PLACEHOLDER = re.compile(r"\{\{\s*(?:(?P<kind>src|list):)?(?P<key>[a-z0-9_]+(?:\.[a-z0-9_]+)*)\s*\}\}")
JAPANESE = {"ja", "ja-easy"}
EASY_JAPANESE = "ja-easy"
TIME_RANGE = re.compile(r"^(\d{1,2}):(\d{2})[–-](\d{1,2}):(\d{2})$")

_babel_locales: dict[str, str] = {}


def babel_locale(locale: str) -> str:
    """Return the CLDR locale used to format numbers and dates for a site locale."""
    if not _babel_locales:
        for name, entry in load_language_data().items():
            _babel_locales[name] = entry.get("babel_locale", name.replace("-", "_"))
    return _babel_locales.get(locale, "en_GB")


_date_overrides: dict[str, dict[str, str]] = {}


def date_overrides(locale: str) -> dict[str, str]:
    """The language's own date patterns (``date_patterns`` in i18n/<locale>.yml, cldr_formats.py), if any."""
    if not _date_overrides:
        for name, entry in load_language_data().items():
            _date_overrides[name] = dict(entry.get("date_patterns") or {})
    return _date_overrides.get(locale, {})


def right_to_left(locale: str) -> bool:
    """Whether the language is written right to left (CLDR's character order for its locale)."""
    return Locale.parse(babel_locale(locale)).character_order == "right-to-left"


def _isolated(html: str, locale: str) -> str:
    """An amount (``¥200,000``, ``50.00%``) as its own run on a right-to-left page.

    In Urdu text the digits after an Arabic letter are an Arabic number, next to which the ``¥``
    and ``%`` signs are neutral and take the text's direction: ``¥200,000`` would show as
    ``200,000¥``. ``<bdi>`` isolates the amount, which then reads left to right.
    """
    return f"<bdi>{html}</bdi>" if right_to_left(locale) else html


def _number(value: int | str, locale: str) -> str:
    return format_decimal(Decimal(str(value)), locale=babel_locale(locale), numbering_system="latn")


def format_fact(fact: Fact, locale: str) -> str:
    """Render *fact* as HTML for a page in *locale*."""
    value, unit, cldr = fact.value, fact.unit, babel_locale(locale)
    if unit in {"days", "weeks", "months", "years", "count"}:
        return _number(value, locale)
    if unit == "yen":
        # Digits grouped as the reader's language groups them: "¥1,000" could read as ¥1 to
        # someone who writes a decimal comma, so Spanish, Portuguese... show "¥1.000".
        return _isolated(_yen(int(value), locale), locale)
    if unit == "percent":
        return _isolated(format_percent(Decimal(str(value)) / 100, format="#,##0.00%", locale=cldr,
                                        numbering_system="latn"), locale)
    if unit == "date":
        day = _as_date(fact)
        text = format_date(day, "long", cldr, date_overrides(locale))
        return f'<time datetime="{day.isoformat()}">{escape(text)}</time>'
    if unit == "month":
        day = _as_date(fact)
        text = format_date(day, "month_year", cldr, date_overrides(locale))
        return f'<time datetime="{day.strftime("%Y-%m")}">{escape(text)}</time>'
    if unit == "month_day":
        month, day_of_month = (int(part) for part in str(value).split("-"))
        return escape(format_skeleton("MMMMd", dt.date(2000, month, day_of_month), locale=cldr))
    if unit in {"law", "article"}:
        fields = {name: str(part) for name, part in dict(value).items()}
        # Easy Japanese citations carry readings as {漢字|かんじ}; ruby.py makes them ruby later.
        return escape(format_keeping_markup(ui_string(locale, f"facts.{unit}", markup=True), **fields))
    if unit == "phone":
        digits = re.sub(r"\D", "", str(value))
        return f'<a class="guide-phone" href="tel:{digits}">{escape(str(value))}</a>'
    if unit == "time":
        return _time_range(str(value), locale)
    return escape(str(value))  # text


def _ruby(base: str, reading: str) -> str:
    """A word with its reading, in the markup ``ruby.py`` gives Easy Japanese page text."""
    return (f"<ruby>{base}<rp data-search-exclude>（</rp>"
            f"<rt data-search-exclude>{reading}</rt><rp data-search-exclude>）</rp></ruby>")


def _yen(amount: int, locale: str) -> str:
    """Yen: ``¥1,000``; in Japanese ``1,000円``, and ``5万円`` for a round amount of 10,000 or more."""
    if locale not in JAPANESE:
        return f"¥{_number(amount, locale)}"
    easy = locale == EASY_JAPANESE
    if amount >= 10_000 and amount % 10_000 == 0:
        return _number(amount // 10_000, locale) + (_ruby("万円", "まんえん") if easy else "万円")
    return _number(amount, locale) + (_ruby("円", "えん") if easy else "円")


def _minutes_reading(minutes: int) -> str:
    """分 is read ぷん after 1, 3, 4, 6, 8 and 10 (いっぷん, じゅっぷん…), else ふん."""
    return "ぷん" if minutes % 10 in {0, 1, 3, 4, 6, 8} else "ふん"


def _clock(hours: int, minutes: int, locale: str) -> str:
    """One time of day, as the language writes it (24-hour ``H:MM`` unless said otherwise)."""
    if locale == "ja":  # 8時30分, 20時
        return f"{hours}時" + (f"{minutes}分" if minutes else "")
    if locale == EASY_JAPANESE:  # 午前8時30分, 午後8時 (a 12-hour clock, as Easy Japanese notices write)
        half, hour12 = ("午前", "ごぜん") if hours < 12 else ("午後", "ごご"), hours % 12
        text = _ruby(*half) + f"{hour12}" + _ruby("時", "じ")
        return text + (f"{minutes}" + _ruby("分", _minutes_reading(minutes)) if minutes else "")
    if locale == "tl":  # Filipinos read the 12-hour clock: 8:30 a.m., 8:00 p.m.
        return f"{(hours - 1) % 12 + 1}:{minutes:02d} {'a.m.' if hours < 12 else 'p.m.'}"
    if locale == "id":  # EYD: 08.30
        return f"{hours:02d}.{minutes:02d}"
    return f"{hours}:{minutes:02d}"


def _time_range(value: str, locale: str) -> str:
    """Opening hours ``8:30–17:15`` (the facts file's form) in the language's own form."""
    match = TIME_RANGE.match(value)
    if not match:
        return escape(value)
    start_h, start_m, end_h, end_m = (int(part) for part in match.groups())
    start, end = _clock(start_h, start_m, locale), _clock(end_h, end_m, locale)
    if locale == "ja":
        return f"{start}～{end}"
    if locale == EASY_JAPANESE:
        return f"{start}から {end}まで"
    if locale == "tl":
        return f"{start} hanggang {end}"
    return f"{start}–{end}"


def _as_date(fact: Fact) -> dt.date:
    if not isinstance(fact.value, dt.date):
        raise PluginError(f"fact {fact.key!r} has unit {fact.unit!r} but its value is not a date")
    return fact.value


def render_placeholders(markdown: str, facts: Facts, locale: str, where: str) -> tuple[str, list[str]]:
    """Replace every placeholder in *markdown*; return the text and the fact keys used."""
    used: list[str] = []

    def replace(match: re.Match[str]) -> str:
        key = match.group("key")
        if match.group("kind") == "list":
            if key != "sources":
                raise PluginError(f"{where}: unknown list {{{{ list:{key} }}}}")
            return all_sources_markdown(list(facts.sources.values()), locale)
        if match.group("kind") == "src":
            if key not in facts.sources:
                raise PluginError(f"{where}: unknown source {{{{ src:{key} }}}}")
            return facts.sources[key].url
        if key not in facts:
            raise PluginError(f"{where}: unknown fact {{{{ {key} }}}}")
        used.append(key)
        return format_fact(facts[key], locale)

    return PLACEHOLDER.sub(replace, markdown), used


def page_sources(facts: Facts, fact_keys: Iterable[str], source_keys: Iterable[str], where: str) -> list[Source]:
    """The sources a page rests on: those named in its front matter, then those of its facts."""
    ordered: dict[str, Source] = {}
    for key in source_keys:
        if key not in facts.sources:
            raise PluginError(f"{where}: front matter names unknown source {key!r}")
        ordered.setdefault(key, facts.sources[key])
    for key in fact_keys:
        for source in facts[key].sources:
            ordered.setdefault(source.key, source)
    return list(ordered.values())


@event_priority(100)  # before the i18n plugin and Markdown: placeholders may sit in links
def on_page_markdown(markdown: str, page, config: MkDocsConfig, files) -> str:
    facts = load_facts()
    locale = config.theme["language"]
    where = page.file.src_uri
    markdown, used = render_placeholders(markdown, facts, locale, where)
    sources = page_sources(facts, used, page.meta.get("sources") or [], where)
    page.meta["guide_facts"] = used
    page.meta["guide_sources"] = sources
    page.meta["guide_unverified"] = sorted(
        {key for key in used if facts[key].confidence != "verified"}
    )
    return markdown


def on_env(env, config: MkDocsConfig, files):
    locale = config.theme["language"]

    def local_date(value: dt.date | str) -> str:
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
        text = format_date(day, "long", babel_locale(locale), date_overrides(locale))
        return f'<time datetime="{day.isoformat()}">{escape(text)}</time>'

    env.filters["local_date"] = local_date
    # One source of the list under the page, in the reader's language (scripts/hooks/source_names.py).
    env.globals["source_item"] = lambda source: source_item_html(source, locale)
    return env
