"""MkDocs hook: the "For agencies and employers" page's generated parts.

``<!-- link-parameters -->`` in a page's Markdown becomes a table of the planner's link
parameters, made from the Python package itself (the option names of ``params.py``, the kind of
value each takes from ``DepartureInput``'s type hints, the choices, and the planner's own labels
from the ``tools.plan`` strings of ``i18n/<locale>.yml``), so it cannot drift from the planner.

``<div data-guide-link-builder></div>`` becomes the link builder: a form whose labels come from
the ``link_builder:`` strings (each key falls back to English), a JSON block with those strings
and the planner's fields, and the module ``assets/javascripts/link-builder.mjs``. The module reads
``assets/link-builder/pages.json``, which this hook writes after the last language is built:
every page of every language with its title, its sections (heading anchors) and its checklist
items, in that page's language. Anchors are the same in every language.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import types
import typing
from html import escape, unescape
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from i18n_data import MASTER, load_language_data
from tool_pages import fact_numbers, fill
from mynumber_guide import params as planner_params

PARAMS_MARKER = "<!-- link-parameters -->"
LANGUAGES_MARKER = "<!-- link-languages -->"
BUILDER_MARKER = '<div data-guide-link-builder></div>'
DATA_PATH = "assets/link-builder/pages.json"
PLANNER_PAGE = "tools/plan-your-move.md"
CHECKLIST_ITEM = re.compile(
    r'<li class="guide-checklist__item"[^>]*\bid="(?P<id>[^"]+)"[^>]*>\s*'
    r'<p class="guide-checklist__title"[^>]*>(?P<title>.*?)</p>', re.S)
TAG = re.compile(r"<[^>]+>")
# Placeholders the planner's help texts use under another name than the facts (as its template fills them).
HELP_VALUES = {"pension-months": {"months": "lump_sum_min_months"},
               "notice-months": {"months": "notice_months_default"}}

_pages: dict[str, dict[str, Any]] = {}   # src path (without the locale folder) -> page record
_languages: list[dict[str, str]] = []
_data: dict[str, dict[str, Any]] = {}


def _strings(locale: str, section: str) -> dict[str, Any]:
    """The strings of *section* (a dotted path) in *locale*, merged key by key over English."""
    global _data
    if not _data:
        _data = load_language_data()

    def dig(source: dict[str, Any]) -> dict[str, Any]:
        for part in section.split("."):
            source = source.get(part) or {}
        return source if isinstance(source, dict) else {}

    merged = dict(dig(_data[MASTER]))
    for key, value in dig(_data.get(locale, {})).items():
        if value:
            merged[key] = value
    return merged


def parameter_kinds() -> list[tuple[str, str, tuple[str, ...]]]:
    """Each link parameter with its kind (date, flag, number, choice) and choices, in the CLI's order."""
    hints = {**typing.get_type_hints(planner_params.DepartureInput), **typing.get_type_hints(planner_params.ArrivalInput)}
    names = list(planner_params.DEPARTURE_OPTIONS[:1]) + ["arrival"] + list(planner_params.DEPARTURE_OPTIONS[1:])
    result = []
    for name in names:
        hint = hints[name.replace("-", "_")]
        base = hint
        if typing.get_origin(hint) in (typing.Union, types.UnionType):  # X | None
            base = next(arg for arg in typing.get_args(hint) if arg is not type(None))
        if typing.get_origin(base) is typing.Literal:
            result.append((name, "choice", tuple(typing.get_args(base))))
        elif base is dt.date:
            result.append((name, "date", ()))
        elif base is bool:
            result.append((name, "flag", ("yes", "no")))
        else:
            result.append((name, "number", ()))
    return result


def planner_fields(locale: str) -> list[dict[str, Any]]:
    """The planner's link parameters with labels in *locale* (English where not translated)."""
    plan = _strings(locale, "tools.plan")
    names = _strings(locale, "tools.plan.field_names")
    texts = _strings(locale, "link_builder")
    numbers = fact_numbers(locale)
    fields = []
    for name, kind, choices in parameter_kinds():
        key = name.replace("-", "_")
        options = []
        for choice in choices:
            label = plan.get(f"{key}_{choice}") or texts.get(f"value_{choice}") or choice
            options.append({"value": choice, "label": label})
        values = {**numbers, **{alias: numbers.get(fact) for alias, fact in HELP_VALUES.get(name, {}).items()}}
        fields.append({"name": name, "kind": kind, "label": names.get(name, name), "choices": options,
                       "help": fill(str(plan.get(f"{key}_help", "")), values)})
    return fields


def parameters_table(locale: str) -> str:
    """The Markdown table of the planner's link parameters."""
    texts = _strings(locale, "link_builder")
    rows = [f"| {texts['table_name']} | {texts['table_values']} | {texts['table_meaning']} |", "|---|---|---|"]
    for field in planner_fields(locale):
        if field["kind"] == "date":
            values = texts["values_date"]
        elif field["kind"] == "number":
            values = texts["values_number"]
        else:
            values = "<br>".join(f"`{c['value']}`: {c['label']}" for c in field["choices"])
        # Label and explanation on their own lines: no full stop of one script between them.
        meaning = field["label"] + (f"<br>{field['help']}" if field["help"] else "")
        meaning = re.sub(r"\{[a-z_]+\}", "…", meaning).replace("|", "\\|").replace("\n", " ")
        rows.append(f"| `{field['name']}` | {values} | {meaning} |")
    return "\n".join(rows)


def languages_table(locale: str, site_url: str) -> str:
    """The Markdown table of every language: its name, its code and where its pages start."""
    texts = _strings(locale, "link_builder")
    rows = [f"| {texts['table_language']} | {texts['table_code']} | {texts['table_address']} |", "|---|---|---|"]
    for language in _languages:
        rows.append(f"| {language['name']} | `{language['locale']}` | `{site_url}{language['prefix']}` |")
    return "\n".join(rows)


def _current_locale(config: MkDocsConfig) -> str:
    """The locale being built (the i18n plugin sets the theme's language per build)."""
    return str(config.theme["language"] or MASTER)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    i18n = config.plugins.get("i18n")
    if i18n is not None and not _languages:
        default = next((l.locale for l in i18n.config.languages if l.default), MASTER)
        for language in i18n.config.languages:
            if language.build:
                _languages.append({"locale": language.locale, "name": language.name,
                                   "prefix": "" if language.locale == default else f"{language.locale}/"})
    return config


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files) -> str:
    if PARAMS_MARKER in markdown:
        markdown = markdown.replace(PARAMS_MARKER, parameters_table(_current_locale(config)))
    if LANGUAGES_MARKER in markdown:
        markdown = markdown.replace(LANGUAGES_MARKER, languages_table(_current_locale(config), config.site_url or "/"))
    return markdown


def _builder_html(page: Page, config: MkDocsConfig) -> str:
    locale = _current_locale(config)
    texts = _strings(locale, "link_builder")
    root = get_relative_url(".", page.url)
    root = "" if root == "." else root.rstrip("/") + "/"
    client = {
        "strings": texts,
        "fields": planner_fields(locale),
        "planner": PLANNER_PAGE[:-3] + "/",
        "site": config.site_url or "",
        "data": root + DATA_PATH,
        "locale": locale,
    }
    payload = json.dumps(client, ensure_ascii=False).replace("</", "<\\/")
    t = {key: escape(str(value)) for key, value in texts.items() if isinstance(value, str)}
    return f"""<link rel="stylesheet" href="{root}assets/stylesheets/link-builder.css">
<div class="guide-link-builder" data-link-builder>
<form class="guide-link-builder__form" data-link-builder-form>
<p><label for="lb-language">{t['language']}</label><br><select id="lb-language" name="language"></select></p>
<p><label for="lb-page">{t['page']}</label><br><select id="lb-page" name="page"></select></p>
<p data-lb-section-row><label for="lb-section">{t['section']}</label><br><select id="lb-section" name="section"></select></p>
<fieldset data-lb-planner hidden><legend>{t['planner_legend']}</legend><p>{t['planner_help']}</p><div data-lb-planner-fields></div></fieldset>
</form>
<noscript><p>{t['noscript']}</p></noscript>
<div class="guide-link-builder__result" aria-live="polite">
<p><strong>{t['result']}</strong><br><code id="built-link"></code></p>
<p><button type="button" class="md-button" data-lb-copy>{t['copy']}</button> <a class="md-button" data-lb-open href="" target="_blank" rel="noopener">{t['open']}</a> <span data-lb-copied role="status"></span></p>
<div id="built-qr" class="guide-link-builder__qr"></div>
</div>
<script type="application/json" id="link-builder-config">{payload}</script>
<script type="module" src="{root}assets/javascripts/link-builder.mjs"></script>
</div>"""


def on_page_content(html: str, page: Page, config: MkDocsConfig, files) -> str:
    locale = _current_locale(config)
    src = page.file.src_uri
    if src.startswith(f"{locale}/"):
        src = src[len(locale) + 1:]
    url = page.url
    prefix = next((l["prefix"] for l in _languages if l["locale"] == locale), "")
    if prefix and url.startswith(prefix):
        url = url[len(prefix):]
    record = _pages.setdefault(src, {"src": src, "url": url, "titles": {}, "sections": {}, "items": {},
                                     "kind": "tool" if src.startswith("tools/") else
                                     "checklist" if src.startswith("checklists/") else "page"})
    title = page.title or ""
    record["titles"][locale] = TAG.sub("", str(title))
    for item in page.toc:
        stack = [item]
        while stack:
            entry = stack.pop(0)
            if entry.level > 1:
                record["sections"].setdefault(entry.id, {})[locale] = unescape(TAG.sub("", entry.title))
            stack[0:0] = entry.children
    for match in CHECKLIST_ITEM.finditer(html):
        record["items"].setdefault(match["id"], {})[locale] = unescape(TAG.sub("", match["title"])).strip()
    if BUILDER_MARKER in html:
        html = html.replace(BUILDER_MARKER, _builder_html(page, config))
    return html


@event_priority(-200)  # after the i18n plugin has built every language
def on_post_build(config: MkDocsConfig) -> None:
    i18n = config.plugins.get("i18n")
    if i18n is not None and i18n.building:
        return
    pages = sorted(_pages.values(), key=lambda p: (p["src"] != "index.md", p["kind"] == "tool", p["src"]))
    data = {
        "languages": _languages,
        "pages": [
            {"path": p["url"], "kind": p["kind"], "titles": p["titles"],
             "sections": [{"id": k, "titles": v} for k, v in p["sections"].items()],
             "items": [{"id": k, "titles": v} for k, v in p["items"].items()]}
            for p in pages if p["src"] not in ("404.md",) and p["titles"]
        ],
    }
    target = Path(config.site_dir) / DATA_PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
