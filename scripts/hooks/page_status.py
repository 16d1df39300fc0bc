"""MkDocs hook: tell readers how current a page is and how its translation was made.

English pages carry ``reviewed: YYYY-MM-DD`` in their front matter: the day their facts were
last checked against the sources. A translated page carries instead::

    translation:
      method: machine-assisted    # human | machine-reviewed | machine-assisted
      source_reviewed: 2026-11-26 # the English page's "reviewed" date this translation follows

From these the hook sets ``page.meta["guide_translation"]`` for
``overrides/partials/page-status.html``: the method, whether the English page has been
reviewed since (the translation is then older than the source), or whether the page is the
English text shown in place of a missing translation. A translated page without an honest
``translation`` block fails the build.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from i18n_data import MASTER as SOURCE_LANGUAGE

METHODS = ("human", "machine-reviewed", "machine-assisted")
EASY_JAPANESE = "ja-easy"


def front_matter(path: Path) -> dict:
    """Return the YAML front matter of a Markdown file (empty when there is none)."""
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---"):
        return {}
    end = text.find("\n---", 3)
    return yaml.safe_load(text[3:end]) or {} if end != -1 else {}


def _as_date(value, where: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as error:
        raise PluginError(f"{where}: {value!r} is not a YYYY-MM-DD date") from error


def on_page_markdown(markdown: str, page, config: MkDocsConfig, files) -> str:
    locale = config.theme["language"]
    default = SOURCE_LANGUAGE
    where = page.file.src_uri
    if locale == default:
        if "reviewed" not in page.meta:
            raise PluginError(f"{where}: an English page needs 'reviewed: YYYY-MM-DD' in its front matter")
        page.meta["reviewed"] = _as_date(page.meta["reviewed"], where)
        return markdown

    relative = where.split("/", 1)[1] if where.startswith(f"{default}/") or where.startswith(f"{locale}/") else where
    english_path = Path(config.docs_dir) / default / relative
    english = front_matter(english_path) if english_path.exists() else {}
    english_url = page.url[len(locale) + 1:] if page.url.startswith(f"{locale}/") else page.url
    status: dict = {"english_url": english_url}
    if locale == EASY_JAPANESE:  # an Easy Japanese reader may also read the standard Japanese page
        status["plain_japanese_url"] = f"ja/{english_url}"
    if getattr(page.file, "locale", locale) != locale:
        status["fallback"] = True
        page.meta["reviewed"] = _as_date(english["reviewed"], where) if "reviewed" in english else None
    else:
        translation = page.meta.get("translation") or {}
        method = translation.get("method")
        if method not in METHODS:
            raise PluginError(f"{where}: front matter 'translation.method' must be one of {', '.join(METHODS)}")
        if "source_reviewed" not in translation:
            raise PluginError(f"{where}: front matter 'translation.source_reviewed' is missing")
        source_reviewed = _as_date(translation["source_reviewed"], where)
        english_reviewed = _as_date(english.get("reviewed", source_reviewed), where)
        status.update(method=method, source_reviewed=source_reviewed,
                      outdated=english_reviewed > source_reviewed)
        page.meta["reviewed"] = source_reviewed
    page.meta["guide_translation"] = status
    return markdown
