"""One word for one thing: each language names the key procedures, forms and offices the way its
glossary does, on every page and in the tools.

A reader who meets "Pembayaran Penarikan Sekaligus" on one page and "penarikan dana pensiun
sekaligus" on the next cannot tell that they are the same payment, and neither can site search.
Each ``docs/<locale>/glossary.md`` gives, per entry, the rendering in bold (``**Name.**``) and may
list shorter forms a page can use after the first mention, in its front matter::

    short_forms:
      dattai-ichijikin: [lump sum, lump-sum withdrawal]

The checks, for every language whose pages name terms in words (not Japanese, whose term is the
Japanese word itself):

* where a page names a key term and puts the Japanese beside it — ``Name ([転出届](glossary.md#…))`` —
  the words before it use the glossary's rendering or one of its short forms;
* the move planner's task titles and texts use them for the task a key term names;
* the pages about one term (the lump sum, the card) use it in their title.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

import pytest

from site_info import DOCS, english_pages, languages, ui_data

ENTRY = re.compile(r"^### .*?\{ #(?P<anchor>[a-z0-9-]+) lang=ja \}\s*$")
BOLD = re.compile(r"\*\*(.+?)\*\*")
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
# "Name ([転出届](glossary.md#tenshutsu-todoke)": a Japanese term in brackets after its name.
NAMED = re.compile(r"[(（]\s*\[[^\]]+\]\((?:\.\./)*glossary\.md#(?P<anchor>[a-z0-9-]+)\)")

# The terms a reader must recognise from page to page and in the planner: the procedures at the
# counter, the insurances and pension, the cards, re-entry and the taxes.
KEY_TERMS = (
    "dattai-ichijikin", "kokumin-kenko-hoken", "kokumin-nenkin", "tenshutsu-todoke", "tennyu-todoke",
    "nozei-kanrinin", "zairyu-kado", "mainanba-kado", "minashi-sainyukoku-kyoka", "sainyukoku-kyoka",
    "juminzei", "zairyu-kikan", "zairyu-shikaku", "kosei-nenkin-hoken", "juminhyo", "kakutei-shinkoku",
)
# Planner tasks whose title or text names a key term.
TASK_TERMS = {
    "lump-sum-claim": "dattai-ichijikin",
    "moving-out-notification": "tenshutsu-todoke",
    "moving-in-notification": "tennyu-todoke",
    "national-health-insurance": "kokumin-kenko-hoken",
    "national-pension": "kokumin-nenkin",
    "tax-agent": "nozei-kanrinin",
    "residence-card": "zairyu-kado",
    "my-number-card": "mainanba-kado",
}
# Pages about one term: their title (first heading) names it.
PAGE_TERMS = {"pension-lump-sum.md": "dattai-ichijikin", "my-number-card.md": "mainanba-kado"}

WORDED = [language for language in languages() if language.html_lang != "ja"]


def _normal(text: str) -> str:
    text = re.sub(r"\*\*|__|<[^>]+>|\{[^{}]*\}", "", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).casefold()


@cache
def glossary(locale: str) -> dict[str, tuple[str, ...]]:
    """Each entry's accepted names: the bold rendering first, then the declared short forms."""
    text = (DOCS / locale / "glossary.md").read_text(encoding="utf-8")
    import yaml

    match = FRONT_MATTER.match(text)
    meta = yaml.safe_load(match.group(1)) if match else {}
    short = (meta or {}).get("short_forms") or {}
    names: dict[str, tuple[str, ...]] = {}
    anchor = None
    for line in text.splitlines():
        entry = ENTRY.match(line)
        if entry:
            anchor = entry["anchor"]
            continue
        if anchor and line.startswith(":"):
            bold = BOLD.search(line)
            if bold:
                rendering = re.sub(r"<[^>]+>", "", bold[1]).strip().rstrip(".。।။ ")
                # A gloss in brackets after the name ("주민표(주민 기록)") is not part of it.
                rendering = re.sub(r"\s*[(（][^()（）]*[)）]$", "", rendering) or rendering
                names[anchor] = (rendering, *(str(form) for form in short.get(anchor, ())))
            anchor = None
    return names


def _uses(text: str, accepted: tuple[str, ...]) -> bool:
    normal = _normal(text)
    return any(_normal(name) in normal for name in accepted)


@pytest.mark.parametrize("language", WORDED, ids=lambda language: language.locale)
def test_every_key_term_has_a_rendering_in_the_glossary(language):
    names = glossary(language.locale)
    missing = [anchor for anchor in KEY_TERMS if anchor not in names]
    assert not missing, f"docs/{language.locale}/glossary.md has no bold rendering for {missing}"
    unknown = set(yaml_short_forms(language.locale)) - set(names)
    assert not unknown, f"short_forms for entries the glossary does not have: {sorted(unknown)}"


def yaml_short_forms(locale: str) -> dict:
    import yaml

    match = FRONT_MATTER.match((DOCS / locale / "glossary.md").read_text(encoding="utf-8"))
    return ((yaml.safe_load(match.group(1)) if match else {}) or {}).get("short_forms") or {}


@pytest.mark.parametrize("language", WORDED, ids=lambda language: language.locale)
def test_pages_name_key_terms_as_the_glossary_does(language):
    names = glossary(language.locale)
    offenders = []
    for relative in english_pages():
        path = DOCS / language.locale / relative
        if relative == "glossary.md" or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        for match in NAMED.finditer(text):
            anchor = match["anchor"]
            if anchor not in KEY_TERMS or anchor not in names:
                continue
            # The words just before the Japanese term, within the same sentence or list item.
            before = text[max(0, match.start() - 160):match.start()]
            before = re.split(r"\n\s*\n|\n\s*[-*]\s|(?<=[.!?。।။])\s", before)[-1]
            if not _uses(before, names[anchor]):
                offenders.append(f"{relative}: …{before.strip()[-70:]} ({anchor}: use {names[anchor][0]!r}"
                                 f"{' or a short form' if len(names[anchor]) > 1 else ''})")
    assert not offenders, (f"docs/{language.locale}: a key term named differently from the glossary "
                           "(use the rendering, or declare a short form in the glossary's front matter):\n"
                           + "\n".join(offenders))


@pytest.mark.parametrize("language", WORDED, ids=lambda language: language.locale)
def test_planner_tasks_name_key_terms_as_the_glossary_does(language):
    names = glossary(language.locale)
    tasks = ui_data(language.locale)["tools"]["tasks"]
    offenders = []
    for task_id, anchor in TASK_TERMS.items():
        strings = tasks.get(task_id) or {}
        text = " ".join(str(value) for value in strings.values() if isinstance(value, str))
        if not _uses(text, names[anchor]):
            offenders.append(f"tools.tasks.{task_id}: {strings.get('title')!r} (use {names[anchor][0]!r})")
    assert not offenders, f"i18n/{language.locale}.yml: " + "\n".join(offenders)


@pytest.mark.parametrize("language", WORDED, ids=lambda language: language.locale)
def test_a_page_about_a_term_names_it_in_its_title(language):
    names = glossary(language.locale)
    offenders = []
    for relative, anchor in PAGE_TERMS.items():
        path = DOCS / language.locale / relative
        title = next((line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("# ")), "")
        if not _uses(title, names[anchor]):
            offenders.append(f"{relative}: {title!r} (use {names[anchor][0]!r})")
    assert not offenders, f"docs/{language.locale}: " + "\n".join(offenders)


def test_the_check_finds_a_different_rendering():
    """The check itself: a page that calls the lump sum something else is caught."""
    accepted = ("Lump-sum Withdrawal Payment", "lump sum")
    assert _uses("Claim the **lump sum** ", accepted)
    assert not _uses("Claim the pension refund ", accepted)
    text = "Claim the pension refund ([脱退一時金](glossary.md#dattai-ichijikin){ lang=ja })."
    match = NAMED.search(text)
    assert match and match["anchor"] == "dattai-ichijikin"
    assert not _uses(text[:match.start()], accepted)
