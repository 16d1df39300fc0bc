"""What the checklist tests know about the checklists: their data, read from the pages' front matter."""

from __future__ import annotations

import collections
import sys
from pathlib import Path

from site_info import DOCS, ROOT, default_language, english_pages, languages

sys.path.insert(0, str(ROOT / "scripts" / "hooks"))
from checklists import TEXT_FIELDS, Checklist, parse_checklist  # noqa: E402
from facts import PLACEHOLDER  # noqa: E402
from page_status import front_matter  # noqa: E402

CHECKLIST_FOLDER = "checklists/"


def checklist_pages() -> list[str]:
    """The English checklist pages, relative to docs/en/ (e.g. "checklists/leaving.md")."""
    english = DOCS / default_language().locale
    return [page for page in english_pages() if "checklist" in front_matter(english / page)]


def load(path: Path) -> Checklist:
    return parse_checklist(front_matter(path)["checklist"], str(path.relative_to(ROOT)))


def translations(relative: str) -> list[tuple[str, Path]]:
    """(locale, path) of every translation of a checklist page that exists."""
    return [
        (language.locale, DOCS / language.locale / relative)
        for language in languages()
        if not language.default and (DOCS / language.locale / relative).is_file()
    ]


def placeholders(text: str | None) -> collections.Counter:
    return collections.Counter(match.group(0).replace(" ", "") for match in PLACEHOLDER.finditer(text or ""))


def structure(checklist: Checklist) -> list:
    """Everything a translation must keep exactly: ids, tasks, kinds, links, and the order."""
    return [
        (checklist.id, checklist.planner),
        *[(group.id, [(item.id, item.task, item.kind, item.link) for item in group.items]) for group in checklist.groups],
    ]


def parity_problems(english: Checklist, translation: Checklist) -> list[str]:
    """How a translated checklist differs from the English one in what must not be translated."""
    problems: list[str] = []
    if structure(english) != structure(translation):
        problems.append(f"ids, tasks, kinds, links or their order differ:\n  en: {structure(english)}\n  tr: {structure(translation)}")
        return problems
    for group, other in zip(english.groups, translation.groups):
        if placeholders(group.title) != placeholders(other.title):
            problems.append(f"group {group.id}: title placeholders {dict(placeholders(group.title))} "
                            f"became {dict(placeholders(other.title))}")
        for item, translated in zip(group.items, other.items):
            for field in TEXT_FIELDS:
                if bool(getattr(item, field)) != bool(getattr(translated, field)):
                    problems.append(f"item {item.id}: '{field}' is {'missing' if getattr(item, field) else 'extra'}")
            expected = sum((placeholders(text) for text in item.texts().values()), collections.Counter())
            actual = sum((placeholders(text) for text in translated.texts().values()), collections.Counter())
            if expected != actual:
                problems.append(f"item {item.id}: placeholders {dict(expected)} became {dict(actual)}")
    return problems
