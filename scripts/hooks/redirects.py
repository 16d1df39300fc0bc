"""MkDocs hook: keep published addresses working when a page moves.

``redirects.yml`` (at the root of the project) maps an old page path to the new one, both
relative to a language's root and ending with ``/`` as the site's addresses do::

    old-page/: new-page/
    leaving/tax/: taxes-leaving/

After the last language is built, this hook writes, for every language, a small page at the old
address: a ``<meta http-equiv="refresh">`` to the new address, a canonical link, and a visible
link for readers whose browser does not follow the refresh (no script: the site's
Content-Security-Policy allows none inline). It also adds one ``301`` line per language and old
address to ``_redirects`` (Netlify and Cloudflare Pages answer with a real redirect; other
servers serve the page). The build fails when an old address is still a real page, or when a
new address does not exist.

``tests/test_published_urls.py`` checks that every published address and anchor
(``tests/data/published_urls.txt``, written by ``scripts/published_urls.py``) is still in the
build or is covered by a redirect.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parents[2]
REDIRECTS_FILE = ROOT / "redirects.yml"
MARK = "# Moved pages (redirects.yml), written by scripts/hooks/redirects.py."


def load_redirects(path: Path = REDIRECTS_FILE) -> dict[str, str]:
    """The old → new page paths of *path*, checked: relative, ending with ``/``, no chains."""
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise PluginError(f"{path.name}: expected a mapping of old page path to new page path")
    redirects = {}
    for old, new in data.items():
        for value in (old, new):
            if not isinstance(value, str) or value.startswith("/") or not value.endswith("/") or "://" in value:
                raise PluginError(f"{path.name}: {value!r} must be a page path relative to the language root, ending with /")
        redirects[old] = new
    chained = sorted(set(redirects) & set(redirects.values()))
    if chained:
        raise PluginError(f"{path.name}: {', '.join(chained)} is both moved and a target; point old paths at the final page")
    return redirects


def redirect_page(target: str, lang: str) -> str:
    """A page that sends the reader to *target* (an absolute or root-relative URL)."""
    url = escape(target, quote=True)
    return (
        f'<!doctype html>\n<html lang="{escape(lang, quote=True)}">\n<head>\n<meta charset="utf-8">\n'
        f'<title>{url}</title>\n<meta name="robots" content="noindex">\n'
        f'<link rel="canonical" href="{url}">\n<meta http-equiv="refresh" content="0; url={url}">\n'
        f'</head>\n<body>\n<p><a href="{url}">{url}</a></p>\n</body>\n</html>\n'
    )


def write_redirects(site_dir: Path, redirects: dict[str, str], prefixes: dict[str, str], site_url: str = "/") -> list[str]:
    """Write every redirect page into *site_dir* and return the ``_redirects`` lines.

    *prefixes* maps each locale to its folder (``""`` for the default language, ``"zh/"`` ...).
    """
    base = site_url if site_url.endswith("/") else site_url + "/"
    lines = []
    for locale, prefix in prefixes.items():
        for old, new in redirects.items():
            new_page = site_dir / prefix / new / "index.html"
            if not new_page.is_file():
                continue  # this language does not have the new page (yet): nothing to send readers to
            old_page = site_dir / prefix / old / "index.html"
            if old_page.is_file() and "http-equiv=\"refresh\"" not in old_page.read_text(encoding="utf-8"):
                raise PluginError(f"redirects.yml: /{prefix}{old} is still a page of the site; remove the redirect or the page")
            old_page.parent.mkdir(parents=True, exist_ok=True)
            old_page.write_text(redirect_page(f"{base}{prefix}{new}", locale), encoding="utf-8")
            lines.append(f"/{prefix}{old}  /{prefix}{new}  301")
    return lines


@event_priority(-300)  # after the other post-build hooks have written _redirects
def on_post_build(config: MkDocsConfig) -> None:
    i18n = config.plugins.get("i18n")
    if i18n is not None and i18n.building:
        return
    redirects = load_redirects()
    if not redirects:
        return
    site_dir = Path(config.site_dir)
    if i18n is not None:
        default = next((l.locale for l in i18n.config.languages if l.default), "en")
        prefixes = {l.locale: "" if l.locale == default else f"{l.locale}/" for l in i18n.config.languages if l.build}
    else:
        prefixes = {"en": ""}
    lines = write_redirects(site_dir, redirects, prefixes, config.site_url or "/")
    missing = [new for new in redirects.values() if not (site_dir / new / "index.html").is_file()]
    if missing:
        raise PluginError(f"redirects.yml: no page at {', '.join(missing)}")
    file = site_dir / "_redirects"
    existing = file.read_text(encoding="utf-8") if file.is_file() else ""
    # 301 rules first: Netlify applies the first rule that matches.
    file.write_text("\n".join([MARK, *lines]) + "\n" + existing, encoding="utf-8")
