"""The facts file: every rule constant, fee, date and phone number, with its sources.

``facts.toml`` (shipped inside the package) is the single place where the guide's numbers live.
The timeline calculator reads its rule constants from here, and the site's build hook renders
the same values into every page, so a page, a translation and a computed plan cannot disagree.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Iterator, Mapping

UNITS = frozenset(
    {"days", "weeks", "months", "years", "count", "yen", "percent", "date", "month",
     "month_day", "phone", "time", "text", "law", "article"}
)
CONFIDENCE = frozenset({"verified", "secondary", "unverified"})

Value = int | str | dt.date | Mapping[str, Any]


@dataclass(frozen=True)
class Source:
    """An official (or explicitly secondary) publication that a fact rests on.

    ``publisher_key`` names the publisher in ``i18n/<locale>.yml`` (``publishers:``), so that
    each language shows it in its own words; ``publisher_ja`` is its official Japanese name
    (absent only for a ``foreign`` publisher). ``secondary`` marks an unofficial source, and
    ``lang`` is the language of the page itself (``"ja"`` unless the page is in English).
    """

    key: str
    url: str
    title: str
    publisher: str
    title_ja: str | None = None
    publisher_key: str | None = None
    publisher_ja: str | None = None
    secondary: bool = False
    foreign: bool = False
    lang: str = "ja"

    @property
    def original_title(self) -> str:
        """The title as the page itself shows it: Japanese for a Japanese page, when known."""
        if self.lang == "ja" and self.title_ja:
            return self.title_ja
        return self.title


@dataclass(frozen=True)
class Fact:
    """One value the guide states, with how it is shown and where it comes from."""

    key: str
    value: Value
    unit: str
    sources: tuple[Source, ...]
    verified: dt.date
    confidence: str
    note: str | None = None

    @property
    def source_url(self) -> str:
        """The address of the first (main) source."""
        return self.sources[0].url


@dataclass(frozen=True)
class Facts:
    """All facts and sources, keyed by dotted fact key (``"moving_in.notification_days"``)."""

    facts: Mapping[str, Fact]
    sources: Mapping[str, Source]
    last_reviewed: dt.date

    def __getitem__(self, key: str) -> Fact:
        return self.facts[key]

    def __contains__(self, key: object) -> bool:
        return key in self.facts

    def __iter__(self) -> Iterator[str]:
        return iter(self.facts)

    def value(self, key: str) -> Value:
        """Return the bare value of fact *key*."""
        return self.facts[key].value

    def month_day(self, key: str) -> tuple[int, int]:
        """Return a ``month_day`` fact (stored as ``"MM-DD"``) as ``(month, day)``."""
        fact = self.facts[key]
        if fact.unit != "month_day":
            raise ValueError(f"fact {key!r} is not a month_day")
        month, day = str(fact.value).split("-")
        return int(month), int(day)


class FactsError(ValueError):
    """The facts file is malformed (unknown unit, missing source, ...)."""


def _walk(table: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Mapping[str, Any]]]:
    for name, entry in table.items():
        key = f"{prefix}{name}"
        if not isinstance(entry, Mapping):
            raise FactsError(f"fact.{key} must be a table")
        if "value" in entry:
            yield key, entry
        else:
            yield from _walk(entry, f"{key}.")


def parse_facts(text: str) -> Facts:
    """Parse and validate the text of a facts file."""
    data = tomllib.loads(text)
    sources = {
        key: Source(key=key, url=entry["url"], title=entry["title"],
                    publisher=entry["publisher"], title_ja=entry.get("title_ja"),
                    publisher_key=entry.get("publisher_key"), publisher_ja=entry.get("publisher_ja"),
                    secondary=bool(entry.get("secondary", False)),
                    foreign=bool(entry.get("foreign", False)), lang=entry.get("lang", "ja"))
        for key, entry in data.get("source", {}).items()
    }
    facts: dict[str, Fact] = {}
    for key, entry in _walk(data.get("fact", {})):
        unit = entry.get("unit")
        if unit not in UNITS:
            raise FactsError(f"fact {key!r}: unknown unit {unit!r}")
        confidence = entry.get("confidence")
        if confidence not in CONFIDENCE:
            raise FactsError(f"fact {key!r}: unknown confidence {confidence!r}")
        names = entry.get("sources") or []
        missing = [name for name in names if name not in sources]
        if not names or missing:
            raise FactsError(f"fact {key!r}: needs sources that exist in [source.*] (missing: {missing})")
        verified = entry.get("verified")
        if not isinstance(verified, dt.date):
            raise FactsError(f"fact {key!r}: 'verified' must be a date")
        facts[key] = Fact(
            key=key,
            value=entry["value"],
            unit=unit,
            sources=tuple(sources[name] for name in names),
            verified=verified,
            confidence=confidence,
            note=entry.get("note"),
        )
    return Facts(facts=facts, sources=sources, last_reviewed=data["meta"]["last_reviewed"])


@cache
def load_facts() -> Facts:
    """Load the facts file shipped with the package (read once, then reused; it is immutable)."""
    text = resources.files(__package__).joinpath("facts.toml").read_text(encoding="utf-8")
    return parse_facts(text)
