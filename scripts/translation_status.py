"""Report, per language, which pages are translated, how, and which are missing or out of date.

    .venv/bin/python scripts/translation_status.py            # summary table
    .venv/bin/python scripts/translation_status.py --details  # plus every page that needs work

A translation is out of date when the English page's ``reviewed`` date is later than the
``translation.source_reviewed`` date in the translation's front matter (the same rule the
site uses for its "older than the English page" notice). Exits with status 1 when a
translation exists whose English page does not (an orphan).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts" / "hooks"))
from page_status import front_matter  # noqa: E402

DOCS = ROOT / "docs"
SOURCE = "en"


def _date(value) -> dt.date | None:
    if value is None:
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def language_status(locale: str) -> dict[str, list[str]]:
    """Classify every English page for one language."""
    status: dict[str, list[str]] = {"missing": [], "outdated": [], "orphan": [],
                                    "human": [], "machine-reviewed": [], "machine-assisted": []}
    english = {p.relative_to(DOCS / SOURCE).as_posix(): p for p in (DOCS / SOURCE).rglob("*.md")}
    folder = DOCS / locale
    for relative, english_path in sorted(english.items()):
        translated = folder / relative
        if not translated.exists():
            status["missing"].append(relative)
            continue
        meta = front_matter(translated).get("translation") or {}
        status.setdefault(meta.get("method", "unlabelled"), []).append(relative)
        source_reviewed = _date(meta.get("source_reviewed"))
        english_reviewed = _date(front_matter(english_path).get("reviewed"))
        if source_reviewed and english_reviewed and english_reviewed > source_reviewed:
            status["outdated"].append(relative)
    for path in folder.rglob("*.md"):
        if path.relative_to(folder).as_posix() not in english:
            status["orphan"].append(path.relative_to(folder).as_posix())
    return status


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--details", action="store_true", help="list the pages that need work")
    args = parser.parse_args()
    total = len(list((DOCS / SOURCE).rglob("*.md")))
    locales = sorted(p.name for p in DOCS.iterdir() if p.is_dir() and p.name != SOURCE and p.name != "assets")
    print(f"{'language':10} {'present':>8} {'human':>6} {'reviewed':>9} {'machine':>8} {'outdated':>9} {'missing':>8}")
    orphans = False
    for locale in locales:
        status = language_status(locale)
        present = total - len(status["missing"])
        print(f"{locale:10} {present:>4}/{total:<3} {len(status['human']):>6} {len(status['machine-reviewed']):>9}"
              f" {len(status['machine-assisted']):>8} {len(status['outdated']):>9} {len(status['missing']):>8}")
        if args.details:
            for kind in ("missing", "outdated", "orphan", "unlabelled"):
                for page in status.get(kind, []):
                    print(f"    {kind}: {page}")
        orphans = orphans or bool(status["orphan"])
    return 1 if orphans else 0


if __name__ == "__main__":
    sys.exit(main())
