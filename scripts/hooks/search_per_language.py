"""MkDocs hook: one search index per language.

mkdocs-static-i18n writes a single ``search/search_index.json`` with every language in it,
so a reader on a Korean page would get English, Japanese and Chinese results too. After the
last language is built, this hook splits that index into ``<locale>/search/search_index.json``
(English stays at ``search/search_index.json``), with locations relative to the language's
root and the tokeniser settings from the ``search`` section of ``i18n/<locale>.yml``.
``overrides/main.html`` points Material's search at the index of the page's language.

Material's search plugin segments every run of Chinese characters with jieba at build time,
joining the words with U+200B, in every language. That suits Chinese pages (``segmented: true``
in ``i18n/zh.yml``), but it chops the Japanese terms that every other language shows (在留カード
becomes 在/留/カード), so the other indexes get the text back unsegmented: Japanese pages are
then segmented in the browser by Material's Japanese segmenter, and a Japanese term on, say,
a Vietnamese page stays one searchable word.

Every language's separator also splits at the boundary between kanji and kana (zero-width, in
the index and in the query alike), so that a search for 在留カード finds 在留 and カード even
where Japanese text is segmented into words.

Easy Japanese pages carry furigana as ruby (``ruby.py``). Their ``<rt>`` and ``<rp>`` elements
have ``data-search-exclude``, which Material's indexer skips, so the readings never reach the
combined index and there is nothing to strip here: each word is indexed once, as written
(``tests/test_furigana.py`` checks the Easy Japanese index).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from i18n_data import MASTER, load_language_data

INDEX = Path("search") / "search_index.json"


def split_index(index: dict[str, Any], locales: list[str], default: str) -> dict[str, list[dict]]:
    """Group the combined index's documents by language, with locations made language-relative."""
    groups: dict[str, list[dict]] = {locale: [] for locale in locales}
    prefixes = [(locale, f"{locale}/") for locale in locales if locale != default]
    for doc in index["docs"]:
        location = doc["location"]
        for locale, prefix in prefixes:
            if location.startswith(prefix):
                groups[locale].append({**doc, "location": location[len(prefix):]})
                break
        else:
            groups[default].append(doc)
    return groups


def unsegmented(doc: dict[str, Any]) -> dict[str, Any]:
    """Undo jieba's segmentation (U+200B between words) in a document's title and text."""
    return {**doc, **{field: doc[field].replace("\u200b", "") for field in ("title", "text") if field in doc}}


def search_config(base: dict[str, Any], settings: dict[str, Any]) -> dict[str, Any]:
    """Return the index ``config`` for one language from its i18n ``search`` settings."""
    pipeline = settings.get("pipeline", base.get("pipeline", ["stopWordFilter"]))
    if isinstance(pipeline, str):
        pipeline = [name for name in pipeline.split(",") if name.strip()]
    return {
        **base,
        "lang": list(settings["lang"]),
        "separator": settings["separator"],
        "pipeline": pipeline,
    }


@event_priority(-200)  # after the i18n plugin has built every language and merged the index
def on_post_build(config: MkDocsConfig) -> None:
    i18n = config.plugins.get("i18n")
    if i18n is None or i18n.building:
        return  # a nested per-language build: wait for the final pass
    site = Path(config.site_dir)
    combined_path = site / INDEX
    if not combined_path.exists():
        return
    index = json.loads(combined_path.read_text(encoding="utf-8"))
    languages = [lang.locale for lang in i18n.config.languages if lang.build]
    default = next((lang.locale for lang in i18n.config.languages if lang.default), MASTER)
    data = load_language_data()
    for locale, docs in split_index(index, languages, default).items():
        settings = data[locale].get("search")
        if not settings:
            raise PluginError(f"i18n/{locale}.yml has no 'search' section")
        target = site / INDEX if locale == default else site / locale / INDEX
        target.parent.mkdir(parents=True, exist_ok=True)
        if not settings.get("segmented"):
            docs = [unsegmented(doc) for doc in docs]
        payload = {"config": search_config(index["config"], settings), "docs": docs}
        target.write_text(json.dumps(payload, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
SEARCH_INPUT_LABEL = re.compile(r'<input type="text" class="md-search__input" name="query" aria-label="([^"]*)"')


def name_search_dialog(html: str) -> str:
    """Give Material's search dialog the accessible name of its search box (axe: aria-dialog-name).

    Material marks the search overlay ``role="dialog"`` without a name; a screen reader then
    announces an unnamed dialog. Its input's label ("Search" in the page's language) names it.
    """
    label = SEARCH_INPUT_LABEL.search(html)
    if not label or SEARCH_DIALOG not in html:
        return html
    return html.replace(SEARCH_DIALOG, SEARCH_DIALOG[:-1] + f' aria-label="{label.group(1)}">', 1)


def on_post_page(output: str, page, config: MkDocsConfig) -> str:
    return name_search_dialog(output)
