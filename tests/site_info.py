"""What the tests know about the site: its languages and pages, read from the project's files."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from mkdocs.utils.yaml import get_yaml_loader

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
I18N = ROOT / "i18n"


@dataclass(frozen=True)
class Language:
    locale: str        # folder under docs/ and URL prefix
    name: str          # shown in the language selector
    default: bool
    html_lang: str     # <html lang>
    hreflang: str      # hreflang in links and the sitemap

    @property
    def prefix(self) -> str:
        """URL path prefix of this language's pages ("" for the default language)."""
        return "" if self.default else f"{self.locale}/"


@cache
def mkdocs_config() -> dict:
    with (ROOT / "mkdocs.yml").open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=get_yaml_loader())


@cache
def ui_data(locale: str) -> dict:
    with (I18N / f"{locale}.yml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@cache
def languages() -> tuple[Language, ...]:
    plugin = next(p["i18n"] for p in mkdocs_config()["plugins"] if isinstance(p, dict) and "i18n" in p)
    result = []
    for entry in plugin["languages"]:
        data = ui_data(entry["locale"])
        result.append(Language(
            locale=entry["locale"], name=entry["name"], default=bool(entry.get("default")),
            html_lang=data["html_lang"], hreflang=data["hreflang"],
        ))
    return tuple(result)


def default_language() -> Language:
    return next(language for language in languages() if language.default)


def english_pages() -> list[str]:
    """Every page of the source language, as paths relative to docs/en/ (e.g. "tools/check-number.md")."""
    source = DOCS / default_language().locale
    return sorted(path.relative_to(source).as_posix() for path in source.rglob("*.md"))


def page_url(relative_md: str) -> str:
    """The URL path of a page relative to its language root ("index.md" -> "", "a/b.md" -> "a/b/")."""
    stem = relative_md[:-3]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return f"{stem}/"


def built_file(site: Path, language: Language, relative_md: str) -> Path:
    return site / language.prefix / page_url(relative_md) / "index.html"


def is_rtl(locale: str) -> bool:
    """Whether a language is written right to left, as CLDR says for its ``babel_locale``."""
    from babel import Locale

    return Locale.parse(str(ui_data(locale)["babel_locale"])).character_order == "right-to-left"
