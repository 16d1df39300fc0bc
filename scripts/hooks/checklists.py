"""MkDocs hook: render the interactive checklists from data in their pages' front matter.

A checklist page (``docs/<locale>/checklists/*.md``) keeps its items as data with stable ids::

    checklist:
      id: leaving                  # part of the localStorage key; never changes
      planner: departure           # the planner parameter whose date the items show
      groups:
        - id: last-days            # HTML anchor of the group heading; never translated
          title: The last days     # translated; numbers only as {{ fact }} placeholders
          items:
            - id: residence-card   # HTML anchor and storage key of the item; never translated
              task: residence-card # optional: the planner task whose date the item shows
              kind: legal          # legal | contract | advice; never translated
              link: ../leaving.md#residence-card   # its guidance section; never translated
              title: Hand in your residence card
              where: ...           # optional, translated (inline Markdown)
              bring: ...           # optional, translated (inline Markdown)
              deadline: ...        # translated (inline Markdown)

Translations copy the structure and translate only ``title``, ``where``, ``bring``,
``deadline`` and the group titles (``tests/test_checklists.py`` checks that ids, tasks, kinds
and links match the English page and that each text keeps the English text's placeholders).

The page body marks where the list goes with a line ``<!-- checklist -->``. This hook
replaces that line with Markdown (``md_in_html``) before the facts hook runs, so the facts
hook renders the placeholders of the items like those of the rest of the page and lists
their sources under it; MkDocs then resolves and checks the links like any other link.
The result is a plain list that reads well without JavaScript: a heading per group, and per
item an element whose ``id`` is the item id with its title, where, what to bring, the
deadline rule (marked as a legal deadline, a contract deadline or advice) and a link to the
guidance. ``overrides/checklist.html`` (set as the page's template here) adds the
interface strings as JSON and ``assets/javascripts/checklist.mjs``, which turns the items
into checkboxes and adds progress, reset, "hide done", links per item, printing and the
planner's dates.

Interface strings live in the top-level ``checklist:`` mapping of ``i18n/<locale>.yml``;
a key missing in a language falls back to English.

Checklist pages are content pages, not tool pages: no ``pyodide: true`` (which would start the
Python worker at once). When the address carries the
planner's date, ``checklist-dates.mjs`` asks the planner's own client for the plan; the
WebAssembly then runs in the planner's module Web Worker, which a page's ``<meta>`` policy does
not govern (a worker loaded from its own address gets the policy of its own response, which
the host sets for ``pyodide-worker.mjs``), so the checklist page keeps the strict policy, like
every page (no page's policy allows WebAssembly).
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from html import escape
from typing import Any, Mapping

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from cldr_formats import client_formats
from i18n_data import MASTER, load_language_data

MARKER = re.compile(r"^[ \t]*<!--\s*checklist\s*-->[ \t]*$", re.MULTILINE)
ID = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
KINDS = ("legal", "contract", "advice")
PLANNERS = ("departure", "arrival")
TEXT_FIELDS = ("title", "where", "bring", "deadline")
TEMPLATE = "checklist.html"
PLANNER_PAGE = "tools/plan-your-move.md"

_strings: dict[tuple[str, bool], dict[str, str]] = {}


@dataclass(frozen=True)
class Item:
    id: str
    kind: str
    link: str
    title: str
    deadline: str
    task: str | None = None
    where: str | None = None
    bring: str | None = None

    def texts(self) -> dict[str, str]:
        """The translated text fields that this item has, by field name."""
        return {name: getattr(self, name) for name in TEXT_FIELDS if getattr(self, name)}


@dataclass(frozen=True)
class Group:
    id: str
    title: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Checklist:
    id: str
    planner: str
    groups: tuple[Group, ...]

    def items(self) -> list[Item]:
        return [item for group in self.groups for item in group.items]


def _text(entry: Mapping[str, Any], name: str, where: str, *, required: bool) -> str | None:
    value = entry.get(name)
    if value is None or value == "":
        if required:
            raise PluginError(f"{where}: '{name}' is missing")
        return None
    if not isinstance(value, str):
        raise PluginError(f"{where}: '{name}' must be text, not {type(value).__name__}")
    text = " ".join(value.split())
    if "\n" in text or MARKER.search(text):
        raise PluginError(f"{where}: '{name}' must be one paragraph")
    return text


def _identifier(entry: Mapping[str, Any], name: str, where: str) -> str:
    value = entry.get(name)
    if not isinstance(value, str) or not ID.match(value):
        raise PluginError(f"{where}: '{name}' must be a lowercase-and-hyphens id, not {value!r}")
    return value


def parse_checklist(data: Any, where: str) -> Checklist:
    """Validate the ``checklist:`` front matter of a page and return it as a :class:`Checklist`."""
    if not isinstance(data, Mapping):
        raise PluginError(f"{where}: 'checklist' must be a mapping")
    checklist_id = _identifier(data, "id", f"{where}: checklist")
    planner = data.get("planner")
    if planner not in PLANNERS:
        raise PluginError(f"{where}: checklist 'planner' must be one of {', '.join(PLANNERS)}")
    groups_data = data.get("groups")
    if not isinstance(groups_data, list) or not groups_data:
        raise PluginError(f"{where}: checklist 'groups' must be a non-empty list")
    seen: set[str] = set()
    groups: list[Group] = []
    for index, group_data in enumerate(groups_data):
        here = f"{where}: group {index + 1}"
        if not isinstance(group_data, Mapping):
            raise PluginError(f"{here} must be a mapping")
        group_id = _identifier(group_data, "id", here)
        if group_id in seen:
            raise PluginError(f"{here}: id {group_id!r} is used twice")
        seen.add(group_id)
        items_data = group_data.get("items")
        if not isinstance(items_data, list) or not items_data:
            raise PluginError(f"{here} ({group_id}): 'items' must be a non-empty list")
        items: list[Item] = []
        for item_index, item_data in enumerate(items_data):
            there = f"{here} ({group_id}), item {item_index + 1}"
            if not isinstance(item_data, Mapping):
                raise PluginError(f"{there} must be a mapping")
            item_id = _identifier(item_data, "id", there)
            there = f"{where}: item {item_id}"
            if item_id in seen:
                raise PluginError(f"{there}: id {item_id!r} is used twice")
            seen.add(item_id)
            unknown = set(item_data) - {"id", "task", "kind", "link", *TEXT_FIELDS}
            if unknown:
                raise PluginError(f"{there}: unknown fields {sorted(unknown)}")
            kind = item_data.get("kind")
            if kind not in KINDS:
                raise PluginError(f"{there}: 'kind' must be one of {', '.join(KINDS)}")
            link = item_data.get("link")
            if not isinstance(link, str) or not re.match(r"^[A-Za-z0-9_./-]+\.md#[a-z0-9-]+$", link):
                raise PluginError(f"{there}: 'link' must be a page.md#anchor of a guidance section")
            task = _identifier(item_data, "task", there) if "task" in item_data else None
            items.append(Item(
                id=item_id, kind=kind, link=link, task=task,
                title=_text(item_data, "title", there, required=True),
                deadline=_text(item_data, "deadline", there, required=True),
                where=_text(item_data, "where", there, required=False),
                bring=_text(item_data, "bring", there, required=False),
            ))
        groups.append(Group(group_id, _text(group_data, "title", here, required=True), tuple(items)))
    return Checklist(checklist_id, planner, tuple(groups))


def strings(locale: str, *, markup: bool = False) -> dict[str, str]:
    """The checklist interface strings in *locale*, each missing one taken from English.

    With *markup*, Easy Japanese readings stay ``{漢字|かんじ}``: the page's Markdown turns them
    into ruby (``ruby.py``). The script gets them as plain text (``漢字（かんじ）``).
    """
    if (locale, markup) not in _strings:
        data = load_language_data(markup=markup)
        english = data[MASTER].get("checklist") or {}
        own = (data.get(locale) or {}).get("checklist") or {}
        _strings[locale, markup] = {key: own.get(key) or value for key, value in english.items()}
    return _strings[locale, markup]


def _attribute(value: str) -> str:
    return escape(value, quote=True)


def render(checklist: Checklist, locale: str, planner_link: str) -> str:
    """The checklist as Markdown with ``md_in_html`` blocks (placeholders still in the text).

    *planner_link* is the move planner's page relative to the checklist page; the script
    turns that link into "change the dates" when the page shows the planner's dates.
    """
    ui = strings(locale, markup=True)
    lines = [
        f'<div class="guide-checklist" id="checklist" data-checklist="{checklist.id}" '
        f'data-planner="{checklist.planner}" markdown="block">',
        "",
        f'<p class="guide-checklist__nojs" markdown="span">{ui["no_script"]}</p>',
        "",
        f'<p class="guide-checklist__dates-hint" markdown="span">{ui["dates_hint"]} '
        f'[{ui["dates_link"]}]({planner_link}){{ .guide-checklist__planner-link }}</p>',
        "",
    ]
    for group in checklist.groups:
        lines += [
            f"## {group.title} {{ #{group.id} .guide-checklist__group-title }}",
            "",
            f'<ul class="guide-checklist__items" data-group="{group.id}" markdown="block">',
        ]
        for item in group.items:
            attributes = f'class="guide-checklist__item" id="{item.id}" data-item="{item.id}" data-kind="{item.kind}"'
            if item.task:
                attributes += f' data-task="{item.task}"'
            lines += [
                f"<li {attributes} markdown=\"block\">",
                f'<p class="guide-checklist__title" id="{item.id}--title" markdown="span">{item.title}</p>',
                '<dl class="guide-checklist__details" markdown="block">',
            ]
            for field in ("where", "bring"):
                text = getattr(item, field)
                if text:
                    lines += [f'<dt markdown="span">{ui[field]}</dt>',
                              f'<dd markdown="span">{text}</dd>']
            lines += [
                f'<dt markdown="span">{ui["deadline"]}</dt>',
                f'<dd class="guide-checklist__deadline" markdown="span">'
                f'<span class="guide-checklist__kind guide-checklist__kind--{item.kind}">{ui["kind_" + item.kind]}</span> '
                f"{item.deadline}</dd>",
                "</dl>",
                f'<p class="guide-checklist__more" markdown="span">[{ui["more"]}]({item.link})'
                f'{{ aria-describedby="{item.id}--title" }}</p>',
                "</li>",
            ]
        lines += ["</ul>", ""]
    lines += ["</div>", ""]
    return "\n".join(lines)


@event_priority(110)  # before facts.py (100): the items' placeholders are rendered with the page's
def on_page_markdown(markdown: str, page, config: MkDocsConfig, files) -> str:
    data = page.meta.get("checklist")
    if data is None:
        return markdown
    where = page.file.src_uri
    checklist = parse_checklist(data, where)
    markers = MARKER.findall(markdown)
    if len(markers) != 1:
        raise PluginError(f"{where}: a checklist page needs exactly one line '<!-- checklist -->' "
                          f"where the list goes (found {len(markers)})")
    page.meta["guide_checklist"] = checklist
    page.meta.setdefault("template", TEMPLATE)
    locale = config.theme["language"]
    # src_uri is "<locale>/checklists/x.md" with the folder structure: link within the language.
    relative = where.split("/", 1)[1] if where.split("/", 1)[0] in _locales(config) else where
    planner_link = posixpath.relpath(PLANNER_PAGE, posixpath.dirname(relative) or ".")
    return MARKER.sub(lambda _: render(checklist, locale, planner_link), markdown, count=1)


def _locales(config: MkDocsConfig) -> set[str]:
    i18n = config.plugins.get("i18n")
    return {language.locale for language in i18n.config.languages} if i18n else set()


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _strings.clear()  # `mkdocs serve` rebuilds: read the i18n files again
    return config


def client_data(locale: str) -> dict[str, Any]:
    """What ``checklist.mjs`` reads from the page: the strings, and the locale and CLDR data for dates.

    The dates are written from ``formats`` (``cldr_formats.py``), never with the browser's Intl.
    """
    entry = load_language_data().get(locale) or {}
    cldr = str(entry.get("babel_locale") or entry.get("html_lang") or locale).replace("-", "_")
    return {"locale": cldr.replace("_", "-"), "strings": strings(locale), "formats": client_formats(cldr, entry.get("date_patterns"))}


def on_env(env, config: MkDocsConfig, files):
    locale = config.theme["language"]
    env.globals["checklist_client_data"] = lambda: client_data(locale)
    return env
