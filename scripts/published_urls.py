#!/usr/bin/env python3
"""Write the list of published addresses: every page of every language, with its anchors.

    .venv/bin/python scripts/published_urls.py SITE_DIR [OUTPUT]

reads a full build (``mkdocs build -d SITE_DIR``) and writes OUTPUT (by default
``tests/data/published_urls.txt``): one line per page address (``/zh/leaving/``) and one per
anchor on it (``/zh/leaving/#moving-out-notification``), for every heading with an id and every
checklist item. Addresses start at the site root. ``tests/test_published_urls.py``
fails when an address of the list is no longer in the build and no redirect
(``redirects.yml``) covers it. Run this after a release, so that what was published is kept;
new pages and anchors are always fine.
"""

from __future__ import annotations

import sys
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUTPUT = ROOT / "tests" / "data" / "published_urls.txt"
SKIP_DIRS = {"assets", "search"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


class _Anchors(HTMLParser):
    """Collect the ids of headings and checklist items, and whether the page is a redirect."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.anchors: list[str] = []
        self.redirect = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "refresh":
            self.redirect = True
        ident = values.get("id")
        if not ident:
            return
        if tag in HEADINGS or (tag == "li" and "guide-checklist__item" in (values.get("class") or "").split()):
            self.anchors.append(ident)


def page_anchors(html: str) -> tuple[list[str], bool]:
    """The anchors of a page and whether it is a redirect page."""
    parser = _Anchors()
    parser.feed(html)
    return parser.anchors, parser.redirect


def published(site_dir: Path) -> list[str]:
    """Every page address and anchor in the build at *site_dir* (redirect pages excluded)."""
    lines: set[str] = set()
    for page in sorted(site_dir.rglob("index.html")):
        relative = page.parent.relative_to(site_dir)
        if set(relative.parts[:2]) & SKIP_DIRS:
            continue
        anchors, redirect = page_anchors(page.read_text(encoding="utf-8"))
        if redirect:
            continue
        address = "/" if not relative.parts else f"/{relative.as_posix()}/"
        lines.add(address)
        lines.update(f"{address}#{anchor}" for anchor in anchors)
    return sorted(lines)


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    site_dir = Path(argv[1])
    output = Path(argv[2]) if len(argv) == 3 else DEFAULT_OUTPUT
    if not (site_dir / "index.html").is_file():
        print(f"{site_dir} is not a built site", file=sys.stderr)
        return 1
    lines = published(site_dir)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text("# Published addresses and anchors: scripts/published_urls.py. Never remove lines by hand.\n"
                      + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} addresses written to {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
