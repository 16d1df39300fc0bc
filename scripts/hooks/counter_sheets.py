"""MkDocs hook: bilingual counter sheets, and the planner's client packet.

A counter sheet is one page to show at a counter: what the reader wants to do, said politely
in Japanese for the clerk, the Japanese name of the procedure and its forms (with readings),
what to bring, where to go, and the guide's section it comes from. There is one sheet per
planner task that is done at a counter; each is an element with ``data-counter-sheet="<task
id>"`` (the ids of ``src/mynumber_guide/timeline.py``).

The texts live in the ``counter_sheets:`` mapping of ``i18n/<locale>.yml``. The reader's side
comes from the page's language (a missing key falls back to English), the clerk's side always
from ``i18n/ja.yml``. On Japanese pages the two would be the same, so a sheet has one column.

* A page with a line ``<!-- counter-sheets -->`` (``docs/<locale>/counter-sheets.md``) gets
  every sheet there.
* The planner page gets the same sheets in a hidden ``[data-client-packet]`` container; its
  "client packet" button (``plan-your-move.mjs``) prints the plan followed by the sheets of the
  plan's tasks, each with a QR code back to its live page.

The texts never carry digits: a count or a date belongs to the page the sheet links to.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.utils import get_relative_url

from i18n_data import MASTER, load_language_data

MARKER = re.compile(r"<!--\s*counter-sheets\s*-->")
PLANNER_PAGE = "tools/plan-your-move.md"
CLERK = "ja"

# Task id → the guide's section a sheet comes from (never translated).
SHEETS: dict[str, str] = {
    "moving-in-notification": "arriving.md#moving-in-notification",
    "national-health-insurance": "arriving.md#national-health-insurance",
    "national-pension": "arriving.md#national-pension",
    "my-number-card": "leaving.md#my-number-card",
    "moving-out-notification": "leaving.md#moving-out-notification",
    "health-insurance-withdrawal": "leaving.md#health-insurance-withdrawal",
    "pension-withdrawal": "leaving.md#pension-withdrawal",
    "tax-agent": "taxes-leaving.md#tax-agent",
    "lump-sum-claim": "pension-lump-sum.md#lump-sum-claim",
}
FIELDS = ("title", "want", "procedure", "forms", "where")

_data: dict[str, Any] = {}


def _language_data() -> dict[str, Any]:
    if not _data:
        _data.update(load_language_data())
    return _data


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _data.clear()  # `mkdocs serve` rebuilds: read the i18n files again
    return config


def sheet_texts(locale: str) -> tuple[dict[str, str], dict[str, dict[str, Any]]]:
    """The interface strings and the sheets in *locale*, each missing key taken from English."""
    data = _language_data()
    english = data[MASTER].get("counter_sheets") or {}
    own = (data.get(locale) or {}).get("counter_sheets") or {}
    ui = {key: value for key, value in english.items() if key != "sheets"}
    ui.update({key: value for key, value in own.items() if key != "sheets" and value})
    sheets: dict[str, dict[str, Any]] = {}
    for task in SHEETS:
        base = (english.get("sheets") or {}).get(task)
        if not base:
            raise PluginError(f"i18n/{MASTER}.yml: counter_sheets.sheets.{task} is missing")
        mine = ((own.get("sheets") or {}).get(task)) or {}
        sheets[task] = {**base, **{key: value for key, value in mine.items() if value}}
    return ui, sheets


def _ruby(text: str, reading: str | None) -> str:
    if not reading:
        return escape(text)
    return f"<ruby>{escape(text)}<rp>（</rp><rt>{escape(reading)}</rt><rp>）</rp></ruby>"


def _column(ui: dict[str, str], sheet: dict[str, Any], lang: str, side: str) -> str:
    """One side of a sheet: the reader's (``reader``) or the clerk's (``clerk``)."""
    japanese = side == "clerk" or lang == CLERK
    parts = [f'<div class="guide-sheet__side guide-sheet__side--{side}" lang="{escape(lang)}" data-side="{side}">',
             f'<p class="guide-sheet__label">{escape(ui["label_" + side])}</p>',
             f'<p class="guide-sheet__want">{escape(sheet["want"])}</p>',
             "<dl>",
             f"<dt>{escape(ui['procedure'])}</dt>",
             f'<dd>{_ruby(sheet["procedure"], sheet.get("procedure_reading") if japanese else None)}</dd>']
    forms = sheet.get("forms") or []
    if forms:
        parts.append(f"<dt>{escape(ui['forms'])}</dt>")
        for form in forms:
            if isinstance(form, dict):
                parts.append(f'<dd>{_ruby(form["name"], form.get("reading") if japanese else None)}</dd>')
            else:
                parts.append(f"<dd>{escape(form)}</dd>")
    parts += [f"<dt>{escape(ui['where'])}</dt>", f'<dd>{escape(sheet["where"])}</dd>',
              f"<dt>{escape(ui['bring'])}</dt>", '<dd><ul class="guide-sheet__bring">']
    parts += [f"<li>{escape(item)}</li>" for item in sheet.get("bring") or []]
    parts += ["</ul></dd>", "</dl>", "</div>"]
    return "\n".join(parts)


def render(locale: str, lang: str, links: dict[str, str], *, prefix: str = "") -> str:
    """Every sheet as HTML. *links* maps a task id to its section's URL relative to the page;
    *prefix* goes before element ids (the planner page has its own ids)."""
    ui, reader = sheet_texts(locale)
    clerk_ui, clerk = sheet_texts(CLERK)  # the clerk reads Japanese labels too
    one_column = locale == CLERK
    out = []
    for task in SHEETS:
        classes = "guide-sheet" + (" guide-sheet--one" if one_column else "")
        out += [f'<section class="{classes}" id="{prefix}{task}" data-counter-sheet="{task}" aria-labelledby="{prefix}{task}--title">',
                f'<h2 class="guide-sheet__title" id="{prefix}{task}--title">{escape(reader[task]["title"])}'
                + ("" if one_column else f' <span class="guide-sheet__title-ja" lang="ja">{escape(clerk[task]["title"])}</span>')
                + "</h2>",
                '<div class="guide-sheet__columns">',
                _column(ui, reader[task], lang, "reader")]
        if not one_column:
            out.append(_column(clerk_ui, clerk[task], "ja", "clerk"))
        out += ["</div>",
                f'<p class="guide-sheet__source">{escape(ui["source"])} '
                f'<a class="guide-sheet__link" href="{escape(links[task])}">{escape(reader[task]["source_title"])}</a>'
                '<span class="guide-sheet__qr" data-sheet-qr></span></p>',
                "</section>"]
    return "\n".join(out)


def _links(page, files: Files, config: MkDocsConfig) -> dict[str, str]:
    i18n = config.plugins.get("i18n")
    locales = {language.locale for language in i18n.config.languages} if i18n else set()
    first = page.file.src_uri.split("/", 1)[0]
    prefix = f"{first}/" if first in locales else ""
    links = {}
    for task, target in SHEETS.items():
        path, _, anchor = target.partition("#")
        file = files.get_file_from_path(prefix + path) or files.get_file_from_path(f"{MASTER}/{path}") \
            or files.get_file_from_path(path)
        if file is None:
            raise PluginError(f"counter sheet {task}: page {path} not found")
        links[task] = get_relative_url(file.url, page.url) + f"#{anchor}"
    return links


def on_page_content(html: str, page, config: MkDocsConfig, files: Files) -> str:
    locale = config.theme["language"]
    lang = str((_language_data().get(locale) or {}).get("html_lang") or locale)
    if MARKER.search(html):
        return MARKER.sub(lambda _: render(locale, lang, _links(page, files, config)), html, count=1)
    if page.file.src_uri.endswith(PLANNER_PAGE):
        ui, _ = sheet_texts(locale)
        return (html + f'\n<div class="guide-packet" data-client-packet hidden '
                f'data-qr-label="{escape(ui["qr_label"], quote=True)}" '
                f'data-label="{escape(ui["packet_button"], quote=True)}" data-help="{escape(ui["packet_help"], quote=True)}">\n'
                + render(locale, lang, _links(page, files, config), prefix="packet-") + "\n</div>\n")
    return html
