"""MkDocs hook: the data behind the language suggestion (overrides/assets/javascripts/language-suggestion.mjs).

A reader who lands on a page in another language than their browser prefers (an agency's
link, a search result) is offered the same page in their language, in that language. Every page
therefore carries, as a JSON block, each language's ``suggestion.*`` strings from
``i18n/<locale>.yml`` with its ``hreflang``, ``lang`` and writing direction. The script takes
the addresses from the language selector, which links the same page in every language.
"""

from __future__ import annotations

from typing import Any

from babel import Locale
from mkdocs.config.defaults import MkDocsConfig

from i18n_data import load_language_data

KEYS = ("label", "text", "switch", "dismiss")
_entries: list[dict[str, Any]] = []


def suggestion_entries(config: MkDocsConfig) -> list[dict[str, Any]]:
    """One entry per configured language, in the selector's order."""
    if not _entries:
        data = load_language_data()
        plugin = config.plugins["i18n"]
        for language in plugin.config.languages:
            entry = data[language.locale]
            strings = entry.get("ui") or {}
            babel = Locale.parse(str(entry.get("babel_locale", language.locale.replace("-", "_"))))
            _entries.append({
                "locale": language.locale,
                "hreflang": entry.get("hreflang", language.locale),
                "lang": entry.get("html_lang", language.locale),
                "dir": "rtl" if babel.character_order == "right-to-left" else "ltr",
                **{key: strings.get(f"suggestion.{key}") or data["en"]["ui"][f"suggestion.{key}"] for key in KEYS},
            })
    return _entries


def on_env(env, config: MkDocsConfig, files):
    env.globals["language_suggestions"] = lambda: {"page": config.theme["language"],
                                                   "languages": suggestion_entries(config)}
    return env
