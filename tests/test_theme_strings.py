"""Material's own interface strings, as each language's pages show them.

The strings are resolved the way overrides/partials/language.html resolves them: the
``theme:`` keys of i18n/<locale>.yml, then Material's file named by ``theme_base``, then
English. The reviews found English left in them, typos and a lost count placeholder.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from site_info import languages, ui_data

# The Material strings this site shows: landmarks, skip link, search, footer, selector,
# back-to-top, and those of features a deployment may switch on (edit link, repository).
SHOWN = (
    "action.edit", "action.skip", "clipboard.copy", "clipboard.copied", "footer", "footer.next",
    "footer.previous", "header", "nav", "search", "search.placeholder", "search.reset",
    "search.result.initializer", "search.result.placeholder", "search.result.none",
    "search.result.one", "search.result.other", "search.result.more.one",
    "search.result.more.other", "search.result.term.missing", "select.language", "toc", "top",
)
# Where the English word is also the natural word in the language.
SAME_AS_ENGLISH: set[tuple[str, str]] = set()
TRANSLATED = [language.locale for language in languages() if not language.default]


@cache
def material_strings(name: str) -> dict[str, str]:
    import material

    path = Path(material.__file__).parent / "templates" / "partials" / "languages" / f"{name}.html"
    return dict(re.findall(r'^\s+"([^"]+)": "(.*)",?$', path.read_text(encoding="utf-8"), re.MULTILINE))


def theme_strings(locale: str) -> dict[str, str]:
    data = ui_data(locale)
    return {**material_strings("en"), **material_strings(data.get("theme_base", locale)), **(data.get("theme") or {})}


@pytest.mark.parametrize("locale", TRANSLATED)
def test_no_material_string_is_left_in_english(locale):
    english, strings = material_strings("en"), theme_strings(locale)
    left = [key for key in SHOWN if strings[key] == english[key] and (locale, key) not in SAME_AS_ENGLISH]
    assert not left, f"{locale}: Material strings still in English: {[(key, strings[key]) for key in left]}"


@pytest.mark.parametrize("locale", TRANSLATED)
def test_counts_keep_their_placeholder_and_latin_digits(locale):
    strings = theme_strings(locale)
    for key in ("search.result.other", "search.result.more.other"):
        assert "#" in strings[key], f"{locale}: {key} = {strings[key]!r} lost the count placeholder #"
    for key in ("search.result.one", "search.result.more.one"):
        # Material writes the other counts with Latin digits: "1" must match them.
        assert "1" in strings[key], f"{locale}: {key} = {strings[key]!r} does not show the count 1"
        assert not re.search(r"[०-९၀-၉๐-๙]", strings[key]), f"{locale}: {key} uses non-Latin digits"


def test_review_findings_in_material_strings_are_fixed():
    assert "ကျော်" in theme_strings("my")["action.skip"]  # "skip", not the typo that read "dance"
    assert theme_strings("tl")["clipboard.copied"] == "Nakopya sa clipboard"  # not "copied from"
    assert "wika" in theme_strings("tl")["select.language"]
    assert theme_strings("vi")["top"] != "Trở lại mục lục"  # said "back to the table of contents"
    assert "/" not in theme_strings("ko")["header"] + theme_strings("ko")["footer"]  # read aloud as a slash


def test_easy_japanese_material_strings_need_no_readings():
    """Labels and placeholders cannot carry ruby: Easy Japanese writes them in kana."""
    strings = theme_strings("ja-easy")
    hard = {key: strings[key] for key in SHOWN if re.search(r"[\u3400-\u9fff(（]", strings[key])}
    assert not hard, f"Easy Japanese Material strings with kanji or readings in brackets: {hard}"
