"""MkDocs hook: the tool pages' widgets, strings and links, in the page's language.

A tool page says ``pyodide: true`` in its front matter and marks where each widget goes with an
empty element in its text, which translations keep as it is::

    <div data-guide-tool="check-number"></div>     the validator (input name="number")
    <div data-guide-tool="check-csv"></div>        the CSV batch check
    <div data-guide-tool="plan-your-move"></div>   the departure and arrival planner

``overrides/partials/tools/embed.html`` replaces each marker with the widget's server-rendered
form (labels and help in the page's language, usable before any script runs), and
``overrides/partials/tools/head.html`` adds the stylesheet, two JSON blocks (not executable, so
the Content-Security-Policy needs no hash for them) and the module that starts the Pyodide worker.

This hook

* checks the markers: only known widgets, only on ``pyodide: true`` pages (only those start
  the Python worker and load the tools' modules), and at least one on each such page;
* gives templates ``tool_text(key, **values)`` (escaped text), ``tool_markup(key, **html)`` and
  ``tool_client_data(page)``: the ``tools:`` strings of ``i18n/<locale>.yml`` merged key by key
  over English, the numbers they mention from the facts file, the CLDR data the tools write
  dates and numbers with (``cldr_formats.py``: the page's own language only), and the links of
  every planner task to its guidance section and of every Japanese term to its glossary entry;
* fails the build when a guidance section or glossary entry that the planner links to is
  missing, in any language.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any, Mapping

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

from cldr_formats import client_formats
from i18n_data import MASTER, load_language_data, ui_string
from mynumber_guide.facts import load_facts

MARKER = re.compile(r'<div data-guide-tool="(?P<name>[^"]*)"></div>')
TOOLS = ("check-number", "check-csv", "plan-your-move")
GLOSSARY = "glossary.md"

# The guidance section of each planner task (task id -> page#anchor, relative to the language root).
GUIDANCE: Mapping[str, str] = {
    "moving-in-notification": "arriving.md#moving-in-notification",
    "national-health-insurance": "arriving.md#national-health-insurance",
    "national-pension": "arriving.md#national-pension",
    "my-number-notice": "arriving.md#my-number-notice",
    "my-number-card-express": "arriving.md#card-application",
    "moving-out-notification": "leaving.md#moving-out-notification",
    "health-insurance-withdrawal": "leaving.md#health-insurance-withdrawal",
    "pension-withdrawal": "leaving.md#pension-withdrawal",
    "my-number-card": "leaving.md#my-number-card",
    "residence-card": "leaving.md#residence-card",
    "reentry-deadline": "leaving.md#reentry-deadline",
    "landlord-notice": "leaving.md#landlord-notice",
    "utilities": "leaving.md#utilities-and-contracts",
    "phone": "leaving.md#utilities-and-contracts",
    "post": "leaving.md#utilities-and-contracts",
    "shipping": "leaving.md#utilities-and-contracts",
    "bulky-waste": "leaving.md#utilities-and-contracts",
    "bank": "leaving.md#utilities-and-contracts",
    "resident-tax": "taxes-leaving.md#resident-tax",
    "tax-agent": "taxes-leaving.md#tax-agent",
    "income-tax-return": "taxes-leaving.md#income-tax-return",
    "lump-sum-claim": "pension-lump-sum.md#lump-sum-claim",
    "previous-year-tax-return": "taxes-leaving.md#income-tax-return",
    "immigration-affiliation-notice": "leaving.md#employer-or-school",
    "join-nhi-after-job": "leaving.md#employer-or-school",
    "join-pension-after-job": "leaving.md#employer-or-school",
}

# What to do when a date has passed, per kind of plan. Unlike GUIDANCE these are not required:
# a language whose page lacks the section links to the page itself.
LATE: Mapping[str, str] = {
    "departure": "leaving.md#if-you-are-late",
    "arrival": "arriving.md#if-you-are-late",
}

# Glossary entries the widgets themselves link to (besides the tasks' Japanese names).
WIDGET_TERMS: Mapping[str, tuple[str, str]] = {
    "residence_card": ("在留カード", "zairyu-kado"),
    "individual": ("個人番号", "kojin-bango"),
    "corporate": ("法人番号", "hojin-bango"),
}

# Numbers the strings mention, from the facts file (so strings and tools cannot disagree).
FACTS: Mapping[str, str] = {
    "individual_digits": "number.digits",
    "corporate_digits": "corporate.digits",
    "lump_sum_min_months": "pension.lump_sum_min_months",
    "notice_months_default": "moving_out.landlord_notice_months_default",
    "card_return_days": "residence_card.return_days",
    "affiliation_notice_days": "immigration.affiliation_notice_days",
    "affiliation_notice_fine": "immigration.affiliation_notice_fine",
    "after_job_nhi_days": "after_job.nhi_days",
    "voluntary_continuation_days": "after_job.voluntary_continuation_days",
    "express_apply_days": "card.express_apply_within_days",
    "lump_sum_claim_years": "pension.lump_sum_claim_years",
    "special_years": "reentry.special_years",
    "stay_abroad_years": "moving_out.stay_abroad_years",
}
# Laws the strings cite, written as the reader's language cites a law (facts.law in i18n/).
LAWS: Mapping[str, str] = {
    "reform_act": "pension.reform_act",
}

_data: dict[str, dict[str, Any]] = {}


def merge(base: Any, override: Any) -> Any:
    """*override* over *base*, mapping by mapping: a key missing (or empty) in *override* keeps *base*'s."""
    if isinstance(base, Mapping) and isinstance(override, Mapping):
        merged = dict(base)
        for key, value in override.items():
            merged[key] = merge(base.get(key), value) if key in base else value
        return merged
    return base if override in (None, "", [], {}) else override


def tool_strings(locale: str, data: Mapping[str, Mapping[str, Any]] | None = None) -> dict[str, Any]:
    """The ``tools:`` strings for *locale*, English filling every gap key by key."""
    data = data if data is not None else (_data or load_language_data())
    master = data[MASTER].get("tools") or {}
    return merge(master, (data.get(locale) or {}).get("tools") or {})


def lookup(strings: Mapping[str, Any], key: str) -> Any:
    value: Any = strings
    for part in key.split("."):
        if not isinstance(value, Mapping) or part not in value:
            raise KeyError(f"tool string {key!r} is missing from i18n/{MASTER}.yml (tools:)")
        value = value[part]
    return value


def fill(template: str, values: Mapping[str, Any]) -> str:
    """Replace ``{name}`` with *values*; unknown names stay as they are."""
    return re.sub(r"\{([a-z_]+)\}", lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), template)


def fact_numbers(locale: str = MASTER) -> dict[str, Any]:
    """The facts the tool strings mention: numbers (the page formats them) and cited laws (as text)."""
    facts = load_facts()
    values: dict[str, Any] = {name: facts.value(key) for name, key in FACTS.items()}
    for name, key in LAWS.items():
        fields = {field: str(part) for field, part in dict(facts.value(key)).items()}
        values[name] = fill(ui_string(locale, "facts.law"), fields)
    return values


def markers(html: str) -> list[str]:
    return [match.group("name") for match in MARKER.finditer(html)]


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _data
    _data = load_language_data()
    return config


def on_page_content(html: str, page, config: MkDocsConfig, files) -> str:
    names = markers(html)
    where = page.file.src_uri
    unknown = sorted(set(names) - set(TOOLS))
    if unknown:
        raise PluginError(f"{where}: unknown tool marker(s) {unknown}; known: {', '.join(TOOLS)}")
    if len(names) != len(set(names)):
        raise PluginError(f"{where}: a tool marker appears twice")
    if names and not page.meta.get("pyodide"):
        raise PluginError(f"{where}: tool markers need 'pyodide: true' in the front matter (only such pages start the Python runtime)")
    if page.meta.get("pyodide") and not names:
        raise PluginError(f'{where}: a pyodide page needs a tool marker such as <div data-guide-tool="check-number"></div>')
    page.meta["guide_tools"] = names
    return html


def _language_root(page, locale: str, default: str) -> str:
    return "" if locale == default else f"{locale}/"


def tool_links(page, nav, locale: str, default: str, japanese: Mapping[str, Mapping[str, str]]) -> dict[str, Any]:
    """Relative links from *page* to each task's guidance section and each glossary entry; checked."""
    root = _language_root(page, locale, default)
    by_url = {other.url: other for other in nav.pages}

    def link(target: str, required: bool = True) -> str:
        path, _, anchor = target.partition("#")
        url = root + (path[:-3] + "/" if path != "index.md" else "")
        other = by_url.get(url)
        if other is None:
            raise PluginError(f"{page.file.src_uri}: the planner links to {path}, which is not in the navigation")
        ids = _toc_ids(other.toc)
        if anchor and anchor not in ids and not required:
            anchor = ""
        if anchor and anchor not in ids:
            raise PluginError(f"{page.file.src_uri}: the planner links to {target}, but {locale}/{path} has no "
                              f"heading {{ #{anchor} }}")
        return get_relative_url(url, page.url) + (f"#{anchor}" if anchor else "")

    glossary_anchors = {entry["glossary"] for entry in japanese.values() if entry.get("glossary")}
    glossary_anchors |= {anchor for _, anchor in WIDGET_TERMS.values()}
    return {
        "tasks": {task: link(target) for task, target in GUIDANCE.items()},
        "late": {kind: link(target, required=False) for kind, target in LATE.items()},
        "glossary": {anchor: link(f"{GLOSSARY}#{anchor}") for anchor in sorted(glossary_anchors)},
    }


def _toc_ids(toc) -> set[str]:
    ids: set[str] = set()
    stack = list(toc)
    while stack:
        item = stack.pop()
        ids.add(item.id)
        stack.extend(item.children)
    return ids


def on_page_context(context, page, config: MkDocsConfig, nav):
    if page.meta.get("pyodide"):
        i18n = config.plugins.get("i18n")
        default = next((lang.locale for lang in i18n.config.languages if lang.default), MASTER) if i18n else MASTER
        locale = config.theme["language"]
        strings = tool_strings(locale)
        page.meta["guide_tool_links"] = tool_links(page, nav, locale, default, strings.get("japanese") or {})
    return context


def on_env(env, config: MkDocsConfig, files):
    locale = config.theme["language"]
    strings = tool_strings(locale)
    numbers = fact_numbers(locale)
    html_lang = (_data.get(locale) or {}).get("html_lang", locale)
    # Dates and numbers as the rest of the site writes them (Babel), from CLDR data the page
    # carries (cldr_formats.py): the browser's own locale data is incomplete (no Burmese or
    # Nepali dates in Chromium), so the tools never ask it.
    cldr = str((_data.get(locale) or {}).get("babel_locale") or html_lang).replace("-", "_")
    formats = client_formats(cldr, (_data.get(locale) or {}).get("date_patterns"))

    def tool_text(key: str, **values: Any) -> Markup:
        return Markup(escape(fill(str(lookup(strings, key)), {**numbers, **values})))

    def tool_markup(key: str, **html: str) -> Markup:
        """A string whose ``{name}`` placeholders become the given (trusted) HTML fragments."""
        text = escape(fill(str(lookup(strings, key)), numbers))
        return Markup(re.sub(r"\{([a-z_]+)\}", lambda m: str(html.get(m.group(1), m.group(0))), text))

    def tool_term(name: str, page) -> Markup:
        """A Japanese term from :data:`WIDGET_TERMS`, linked to its glossary entry, marked as Japanese."""
        term, anchor = WIDGET_TERMS[name]
        href = ((page.meta.get("guide_tool_links") or {}).get("glossary") or {}).get(anchor)
        inner = f'<a href="{escape(href)}" lang="ja">{escape(term)}</a>' if href else f'<span lang="ja">{escape(term)}</span>'
        return Markup(inner)

    def tool_client_data(page) -> dict[str, Any]:
        return {
            "locale": locale,
            "lang": html_lang,
            "formats": formats,
            "strings": strings,
            "numbers": numbers,
            "links": page.meta.get("guide_tool_links") or {"tasks": {}, "glossary": {}},
        }

    env.globals.update(tool_text=tool_text, tool_markup=tool_markup, tool_term=tool_term,
                       tool_client_data=tool_client_data)
    return env
