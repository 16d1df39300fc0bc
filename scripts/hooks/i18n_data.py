"""MkDocs hook: load per-language UI data from ``i18n/<locale>.yml``.

English (``i18n/en.yml``) is the master. For every language listed in the i18n plugin's
``languages`` this hook

* fills the plugin's ``nav_translations``, ``admonition_translations``, ``site_name`` and
  ``site_description`` (so ``mkdocs.yml`` keeps one line per language);
* gives Material its theme strings: ``theme_base`` names the Material language file to
  start from and ``theme`` overrides single keys (Nepali has no Material file, so its
  strings live entirely in ``i18n/ne.yml``; Easy Japanese starts from Japanese);
* exposes ``ui(key)`` to templates: our own interface strings in the page's language,
  falling back to English.

Easy Japanese strings write readings as ``{漢字|かんじ}`` (``ruby.py``). Strings shown as plain
text (templates, scripts, tooltips) get them as ``漢字（かんじ）``; the site name, its
description and the navigation sections get none (they make up ``<title>`` and stand beside
page titles, which carry none); admonition titles keep the markup, because they go through the
page's Markdown and become ruby there. ``load_language_data(markup=True)`` gives the strings as
written, for the few callers that put them into Markdown.

It runs before the i18n plugin's ``on_config`` (priority -100), which copies these values.
"""

from __future__ import annotations

from copy import deepcopy
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from ruby import as_plain, as_text

I18N_DIR = Path(__file__).resolve().parents[2] / "i18n"
MASTER = "en"

_data: dict[str, dict[str, Any]] = {}
_markup_data: dict[str, dict[str, Any]] = {}


def load_language_data(i18n_dir: Path = I18N_DIR, *, markup: bool = False) -> dict[str, dict[str, Any]]:
    """Read every ``<locale>.yml`` in *i18n_dir* into a mapping keyed by locale.

    Readings written as ``{漢字|かんじ}`` come back as ``漢字（かんじ）`` unless *markup* is true.
    """
    data: dict[str, dict[str, Any]] = {}
    for path in sorted(i18n_dir.glob("*.yml")):
        with path.open(encoding="utf-8") as handle:
            data[path.stem] = yaml.safe_load(handle) or {}
    if MASTER not in data:
        raise PluginError(f"{i18n_dir}/{MASTER}.yml, the master UI strings file, is missing")
    return data if markup else {locale: _readings_as_text(entry) for locale, entry in data.items()}


def _readings_as_text(value: Any) -> Any:
    if isinstance(value, str):
        return as_text(value)
    if isinstance(value, dict):
        return {key: _readings_as_text(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_readings_as_text(item) for item in value]
    return value


def _i18n_plugin(config: MkDocsConfig):
    plugin = config.plugins.get("i18n")
    if plugin is None:
        raise PluginError("the i18n plugin (mkdocs-static-i18n) is not configured")
    return plugin


def ui_string(locale: str, key: str, *, markup: bool = False) -> str:
    """Return the interface string *key* in *locale*, or the English one.

    With *markup*, readings stay ``{漢字|かんじ}`` (for text that goes into a page's Markdown).
    """
    global _data, _markup_data
    if markup:
        if not _markup_data:
            _markup_data = load_language_data(markup=True)
        data = _markup_data
    else:
        if not _data:  # another hook imported this module: read the files once
            _data = load_language_data()
        data = _data
    for source in (data.get(locale, {}), data[MASTER]):
        value = source.get("ui", {}).get(key)
        if value:
            return value
    raise KeyError(f"UI string {key!r} is missing from i18n/{MASTER}.yml")


def _translated_palette(config: MkDocsConfig, labels: dict[str, str]) -> list[dict[str, Any]]:
    """Copy the palette from mkdocs.yml with the light/dark toggle labels in one language."""
    palette = deepcopy(config.theme["palette"])
    for scheme in palette:
        label = labels.get("to_light" if scheme.get("scheme") == "slate" else "to_dark")
        if label:
            scheme["toggle"]["name"] = label
    return palette


@event_priority(0)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _data, _markup_data
    _data = load_language_data()
    _markup_data = load_language_data(markup=True)
    plugin = _i18n_plugin(config)
    html_lang: dict[str, str] = {}
    hreflang: dict[str, str] = {}
    theme_base: dict[str, str] = {}
    theme_strings: dict[str, dict[str, str]] = {}
    for language in plugin.config.languages:
        locale = language.locale
        entry = _data.get(locale)
        if entry is None:
            raise PluginError(f"i18n/{locale}.yml is missing for the configured language {locale!r}")
        written = _markup_data[locale]
        language.site_name = as_plain(written.get("site_name") or _markup_data[MASTER]["site_name"])
        language.site_description = as_plain(
            written.get("site_description") or _markup_data[MASTER]["site_description"])
        language.nav_translations = {key: as_plain(value) for key, value in (written.get("nav") or {}).items()}
        language.admonition_translations = dict(written.get("admonitions") or {})
        html_lang[locale] = entry.get("html_lang", locale)
        hreflang[locale] = entry.get("hreflang", html_lang[locale])
        theme_base[locale] = entry.get("theme_base", locale)
        theme_strings[locale] = {"language": html_lang[locale], **(entry.get("theme") or {})}
        language.theme = {"palette": _translated_palette(config, entry.get("palette") or {})}
    # Read by overrides/partials/language.html and overrides/main.html.
    config.theme["html_lang"] = html_lang
    config.theme["hreflang"] = hreflang
    config.theme["theme_base"] = theme_base
    config.theme["theme_strings"] = theme_strings
    config.theme["default_locale"] = MASTER
    return config


def on_env(env, config: MkDocsConfig, files):
    locale = config.theme["language"]
    env.globals["ui"] = lambda key: ui_string(locale, key)
    env.globals["page_locale"] = locale
    return env
