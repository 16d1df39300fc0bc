"""The checklists' data and the pages built from it: stable ids in every language, no typed
numbers, translations that keep every id, link and placeholder, the planner's task ids, and a
built list that is readable as plain HTML (tests/test_checklists_browser.py covers the script)."""

from __future__ import annotations

import collections
import dataclasses
import json
import re
import unicodedata

import pytest
from bs4 import BeautifulSoup

from checklist_info import (CHECKLIST_FOLDER, checklist_pages, front_matter, load, parity_problems, placeholders,
                            translations)
from site_info import DOCS, I18N, built_file, default_language, languages, ui_data

from mynumber_guide.api import timeline
from mynumber_guide.facts import load_facts

ENGLISH = DOCS / default_language().locale
PAGES = checklist_pages()


def reader_text(text: str) -> str:
    """What a reader reads of a text field: without placeholders, link targets, attributes and tags."""
    text = re.sub(r"\{\{[^}]*\}\}", " ", text)
    text = re.sub(r"\]\([^)]*\)", "] ", text)
    text = re.sub(r"\{[^{}]*\}", " ", text)
    text = re.sub(r"<[^>]+>", " ", text)
    return text


def all_checklists():
    """(locale, relative page, checklist) for the English pages and every translation that exists."""
    for relative in PAGES:
        yield default_language().locale, relative, load(ENGLISH / relative)
        for locale, path in translations(relative):
            yield locale, relative, load(path)


def test_both_checklists_exist_and_live_in_the_checklists_folder():
    assert {"checklists/moving-in.md", "checklists/leaving.md"} <= set(PAGES)
    assert all(page.startswith(CHECKLIST_FOLDER) for page in PAGES)
    ids = [load(ENGLISH / page).id for page in PAGES]
    assert len(ids) == len(set(ids)), "each checklist needs its own id (it keys the reader's ticks)"


@pytest.mark.parametrize("relative", PAGES)
def test_every_item_says_what_where_when_and_links_to_its_guidance(relative):
    checklist = load(ENGLISH / relative)
    for item in checklist.items():
        assert item.title and item.deadline and item.link, item.id
        assert re.fullmatch(r"\.\./[a-z-]+\.md#[a-z0-9-]+", item.link), f"{item.id}: {item.link}"
    with_office = [item for item in checklist.items() if item.where]
    assert len(with_office) >= len(checklist.items()) * 2 // 3, "most items should say where to go"


@pytest.mark.parametrize(("locale", "relative", "checklist"), list(all_checklists()),
                         ids=lambda value: value if isinstance(value, str) else "")
def test_no_digit_is_typed_in_any_text_field(locale, relative, checklist):
    offenders = []
    for group in checklist.groups:
        fields = [("group " + group.id, group.title)]
        fields += [(f"{item.id}.{name}", text) for item in group.items for name, text in item.texts().items()]
        for where, text in fields:
            if any(unicodedata.category(ch) == "Nd" for ch in reader_text(text)):
                offenders.append(f"{where}: {text[:100]}")
    assert not offenders, f"docs/{locale}/{relative}: numbers must come from the facts file:\n" + "\n".join(offenders)


@pytest.mark.parametrize(("locale", "relative", "checklist"), list(all_checklists()),
                         ids=lambda value: value if isinstance(value, str) else "")
def test_every_placeholder_names_a_fact(locale, relative, checklist):
    facts = load_facts()
    for item in checklist.items():
        for name, text in item.texts().items():
            for key in placeholders(text):
                assert key.strip("{}") in facts, f"docs/{locale}/{relative}: {item.id}.{name} uses unknown {key}"


@pytest.mark.parametrize("relative", PAGES)
def test_translations_keep_ids_tasks_links_and_every_items_placeholders(relative):
    english = load(ENGLISH / relative)
    problems = {locale: parity_problems(english, load(path)) for locale, path in translations(relative)}
    problems = {locale: found for locale, found in problems.items() if found}
    assert not problems, "\n".join(f"docs/{locale}/{relative}:\n  " + "\n  ".join(found)
                                   for locale, found in problems.items())


def test_the_parity_check_catches_a_dropped_number_and_a_changed_id():
    english = load(ENGLISH / "checklists/leaving.md")
    group = english.groups[0]
    item = group.items[0]
    dropped = dataclasses.replace(item, deadline=re.sub(r"\{\{[^}]*\}\}", "one", item.deadline))
    assert placeholders(item.deadline), "the test needs an item with a placeholder"
    changed = dataclasses.replace(english, groups=(dataclasses.replace(group, items=(dropped, *group.items[1:])),
                                                   *english.groups[1:]))
    assert any("placeholders" in problem for problem in parity_problems(english, changed))
    renamed = dataclasses.replace(english, groups=(dataclasses.replace(group, items=(dataclasses.replace(item, id="x"),
                                                                                     *group.items[1:])),
                                                   *english.groups[1:]))
    assert parity_problems(english, renamed)


def planner_task_ids(planner: str) -> set[str]:
    """Every task id the planner can produce for one kind of plan, over its options."""
    if planner == "arrival":
        runs = [{"arrival": "2027-04-01", "insurance": insurance} for insurance in ("nhi", "employer")]
    else:
        base = {"departure": "2027-03-31", "pension-months": "24"}
        runs = [
            {**base, "returning": "no", "tax-agent": "yes"},
            {**base, "returning": "no"},
            {**base, "returning": "special-reentry", "leaving-home": "no", "stay-expiry": "2029-03-31"},
            {**base, "returning": "reentry-permit", "reentry-permit-expiry": "2029-03-31", "leaving-home": "yes"},
            # Leaving a job a month before a departure before 15 March.
            {"departure": "2027-02-26", "left-job": "2027-01-29", "insurance": "employer", "tax-agent": "yes"},
        ]
    ids: set[str] = set()
    for params in runs:
        result = timeline(params)
        assert "tasks" in result, result
        ids |= {task["id"] for task in result["tasks"]}
    return ids


@pytest.mark.parametrize("relative", PAGES)
def test_items_use_the_planners_task_ids_and_cover_every_task(relative):
    checklist = load(ENGLISH / relative)
    tasks = planner_task_ids(checklist.planner)
    used = [item.task for item in checklist.items() if item.task]
    assert len(used) == len(set(used)), "a planner task belongs to one item"
    assert set(used) <= tasks, f"unknown planner tasks: {sorted(set(used) - tasks)}"
    assert tasks <= set(used), f"planner tasks without an item: {sorted(tasks - set(used))}"


def test_the_checklist_strings_exist_in_english_japanese_and_korean():
    english = ui_data("en")["checklist"]
    for locale in ("ja", "ko"):
        own = ui_data(locale).get("checklist") or {}
        assert set(own) == set(english), f"i18n/{locale}.yml checklist: {sorted(set(english) ^ set(own))}"
        for key, value in own.items():
            assert set(re.findall(r"\{\w+\}", value)) == set(re.findall(r"\{\w+\}", english[key])), (locale, key)
    for path in I18N.glob("*.yml"):
        extra = set(ui_data(path.stem).get("checklist") or {}) - set(english)
        assert not extra, f"{path.name}: checklist strings that English does not have: {sorted(extra)}"


# --------------------------------------------------------------------------------------------
# The built pages
# --------------------------------------------------------------------------------------------

def built(site_dir, language, relative) -> BeautifulSoup:
    return BeautifulSoup(built_file(site_dir, language, relative).read_text("utf-8"), "html.parser")


def expected_checklist(language, relative):
    """The checklist the page of *language* shows: its own translation, or the English page it falls back to."""
    own = DOCS / language.locale / relative
    return load(own if own.is_file() else ENGLISH / relative)


def strings_for(locale: str, *, readings: bool = True) -> dict[str, str]:
    """The checklist strings as the script gets them: Easy Japanese readings ({漢字|かんじ}) as
    漢字（かんじ）, or without readings, as BeautifulSoup reads ruby (it skips <rt> and <rp>)."""
    english = ui_data("en")["checklist"]
    own = ui_data(locale).get("checklist") or {}
    form = r"\1（\2）" if readings else r"\1"
    return {key: re.sub(r"\{([^{}|\s]+)\|([^{}|\s]+)\}", form, own.get(key) or value)
            for key, value in english.items()}


def squash(text: str) -> str:
    """*text* without whitespace (ruby splits a sentence into several text nodes)."""
    return "".join(text.split())


@pytest.mark.parametrize("relative", PAGES)
@pytest.mark.parametrize("language", languages(), ids=lambda language: language.locale)
def test_every_language_has_every_item_and_group_as_an_anchor(site_dir, language, relative):
    document = built(site_dir, language, relative)
    english = load(ENGLISH / relative)
    root = document.select_one(f'.guide-checklist[data-checklist="{english.id}"]')
    assert root is not None and root["data-planner"] == english.planner
    for group in english.groups:
        heading = document.find(id=group.id)
        assert heading is not None and heading.name == "h2", f"{language.locale}: group {group.id}"
    shown = [item["id"] for item in root.select("li.guide-checklist__item")]
    assert shown == [item.id for item in english.items()]
    for item in english.items():
        element = document.find(id=item.id)
        assert element["data-item"] == item.id and element["data-kind"] == item.kind
        assert element.get("data-task") == item.task
    ids = [tag["id"] for tag in document.find_all(id=True)]
    duplicates = [key for key, count in collections.Counter(ids).items() if count > 1]
    assert not duplicates, f"{language.locale}/{relative}: duplicate ids {duplicates}"


@pytest.mark.parametrize("relative", PAGES)
@pytest.mark.parametrize("language", languages(), ids=lambda language: language.locale)
def test_the_built_list_reads_as_plain_html_in_the_page_language(site_dir, language, relative):
    document = built(site_dir, language, relative)
    ui = strings_for(language.locale, readings=False)
    checklist = expected_checklist(language, relative)
    article = document.select_one("article")
    assert "{{" not in article.decode() and "<!-- checklist" not in article.decode()
    assert squash(article.select_one(".guide-checklist__nojs").get_text()) == squash(ui["no_script"])
    for item in checklist.items():
        element = document.find(id=item.id)
        title = element.select_one(".guide-checklist__title")
        assert title.get_text(strip=True), item.id
        labels = [squash(dt.get_text()) for dt in element.select("dt")]
        assert labels[-1] == squash(ui["deadline"])
        assert (squash(ui["where"]) in labels) == bool(item.where) and (squash(ui["bring"]) in labels) == bool(item.bring)
        kind = element.select_one(f".guide-checklist__kind--{item.kind}")
        assert kind is not None and squash(kind.get_text()) == squash(ui[f"kind_{item.kind}"])
        more = element.select_one(".guide-checklist__more a")
        assert more["aria-describedby"] == title["id"]
        page, anchor = item.link.split("#")
        assert more["href"].endswith(f"/{page[3:-3]}/#{anchor}"), more["href"]


@pytest.mark.parametrize("relative", PAGES)
def test_japanese_terms_in_items_are_marked_and_link_to_the_glossary(site_dir, relative):
    document = built(site_dir, default_language(), relative)
    japanese = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
    terms = [tag for tag in document.select(".guide-checklist__item a, .guide-checklist__item span")
             if japanese.search(tag.get_text())]
    assert len(terms) >= 10
    for tag in terms:
        assert tag.get("lang") == "ja", tag
    glossary = BeautifulSoup((built_file(site_dir, default_language(), "glossary.md")).read_text("utf-8"), "html.parser")
    anchors = {tag["id"] for tag in glossary.find_all(id=True)}
    for link in document.select('.guide-checklist__item a[href*="glossary/#"]'):
        assert link["href"].split("#")[1] in anchors, link["href"]


@pytest.mark.parametrize("relative", PAGES)
@pytest.mark.parametrize("language", languages(), ids=lambda language: language.locale)
def test_only_checklist_pages_load_the_checklist_script_with_their_strings(site_dir, language, relative):
    document = built(site_dir, language, relative)
    data = json.loads(document.select_one('script#guide-checklist-strings[type="application/json"]').string)
    assert data["strings"] == strings_for(language.locale)
    assert data["locale"].replace("-", "_") == ui_data(language.locale)["babel_locale"]
    modules = [script["src"] for script in document.select('script[type="module"][src]')]
    assert any(src.endswith("assets/javascripts/checklist.mjs") for src in modules)
    # The page itself loads nothing of Pyodide: the script imports the planner's client only
    # when the address carries the planner's date. Only data (JSON) may mention the runtime.
    html = built_file(site_dir, language, relative).read_text("utf-8")
    html = re.sub(r'<script type="application/json"[^>]*>.*?</script>', "", html, flags=re.DOTALL)
    assert "pyodide" not in html.lower()
    assert not [s for s in document.select("script[src], link[href]")
                if "/tools/" in (s.get("src") or s.get("href")) or "pyodide" in (s.get("src") or s.get("href"))]
    other = built(site_dir, language, "leaving.md")
    assert other.select_one("script#guide-checklist-strings") is None
    assert not [s for s in other.select("script[src]") if "checklist" in s["src"]]


@pytest.mark.parametrize("relative", PAGES)
@pytest.mark.parametrize("language", languages(), ids=lambda language: language.locale)
def test_checklist_pages_keep_the_strict_policy_of_content_pages(site_dir, language, relative):
    """A checklist page is not a tool page: no `pyodide: true`, so its policy does not allow
    WebAssembly. The planner's dates are computed in the planner's Web Worker, which a page's
    <meta> policy does not govern (the host gives the worker script its own policy)."""
    assert "pyodide" not in front_matter_of(language, relative)
    meta = built(site_dir, language, relative).select_one('meta[http-equiv="Content-Security-Policy"]')
    policy = dict(part.strip().split(" ", 1) for part in meta["content"].split(";"))
    assert "wasm-unsafe-eval" not in policy["script-src"]
    assert policy["worker-src"] == "'self'" and policy["connect-src"] == "'self'"


def front_matter_of(language, relative) -> dict:
    own = DOCS / language.locale / relative
    return front_matter(own if own.is_file() else ENGLISH / relative)


def test_the_items_facts_and_sources_are_listed_under_the_page(site_dir):
    document = built(site_dir, default_language(), "checklists/moving-in.md")
    sources = [link["href"] for link in document.select(".guide-sources a")]
    facts = load_facts()
    for key in ("customs.unaccompanied_form", "moving_in.notification_days", "notice.weeks_max"):
        for source in facts[key].sources:
            assert source.url in sources, (key, source.url)
