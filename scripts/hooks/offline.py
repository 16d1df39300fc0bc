"""MkDocs hook: the files that make the guide work offline and installable on a phone.

Written once, after the last language is built, after ``pyodide_runtime.py`` has published the
runtime and ``precompress.py`` has written the compressed copies (whose sizes the lists give):

``sw.js``
    The service worker, at the site's root so that its scope is the whole site: the source
    ``overrides/assets/javascripts/offline/service-worker.js`` after one line that gives it this
    build's id and the addresses of the current Pyodide runtime and wheels (so that it drops those
    of earlier builds). A new build changes that line, so browsers install the new worker.
``<language>/manifest.webmanifest`` (``manifest.webmanifest`` for English)
    A web app manifest per language: its name, description, ``lang`` and ``dir`` (Urdu is
    right-to-left), and its home page as ``start_url``, so a phone can add the guide to its home
    screen in the reader's language.
``assets/offline/<locale>.json``
    What "Save for offline use" on the tool pages fetches: every page of that language, the
    site's own scripts, styles and images, that language's search index, and the runtime, with
    the number of bytes a host that compresses sends (the ``.gz`` copy's size where there is one).

Why a small hand-written service worker rather than Workbox: see MAINTAINERS.md ("Offline").
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from babel import Locale
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority, get_plugin_logger

from i18n_data import load_language_data

ROOT = Path(__file__).resolve().parents[2]
WORKER_SOURCE = ROOT / "overrides" / "assets" / "javascripts" / "offline" / "service-worker.js"
RUNTIME_DIRS = ("assets/pyodide", "assets/wheels")
SKIPPED_SUFFIXES = {".br", ".gz", ".map"}
ICON = "assets/images/favicon.svg"
READING = re.compile(r"\{([^{}|]+)\|[^{}]+\}")  # Easy Japanese {漢字|かんじ}: an app name shows the kanji

log = get_plugin_logger(__name__)


def _files(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file() and path.suffix not in SKIPPED_SUFFIXES)


def _wire_bytes(path: Path) -> int:
    """What a host that serves the precompressed copies sends for *path* (gzip: every browser takes it)."""
    copy = path.with_name(path.name + ".gz")
    return copy.stat().st_size if copy.is_file() else path.stat().st_size


def runtime_paths(site_dir: Path) -> list[str]:
    """Site-relative addresses of the Pyodide runtime and the wheels of this build."""
    return [path.relative_to(site_dir).as_posix() for folder in RUNTIME_DIRS for path in _files(site_dir / folder)]


def page_paths(site_dir: Path, prefix: str, other_prefixes: set[str]) -> list[str]:
    """Directory addresses of every page of the language whose pages are under *prefix*."""
    base = site_dir / prefix if prefix else site_dir
    paths = []
    for index in sorted(base.rglob("index.html")):
        relative = index.parent.relative_to(site_dir).as_posix()
        relative = "" if relative == "." else relative + "/"
        if not prefix and relative.split("/", 1)[0] + "/" in other_prefixes:
            continue
        if relative.startswith(("assets/", "search/")):
            continue
        paths.append(relative)
    return paths


def offline_list(site_dir: Path, prefix: str, other_prefixes: set[str]) -> dict[str, Any]:
    """The addresses "Save for offline use" fetches for one language, and what they weigh."""
    pages = page_paths(site_dir, prefix, other_prefixes)
    assets = [path.relative_to(site_dir).as_posix() for path in _files(site_dir / "assets")
              if not path.relative_to(site_dir).as_posix().startswith((*RUNTIME_DIRS, "assets/offline"))]
    extra = [f"{prefix}search/search_index.json", f"{prefix}manifest.webmanifest"]
    runtime = runtime_paths(site_dir)
    sizes = {}
    for path in [*assets, *extra, *runtime]:
        file = site_dir / path
        if file.is_file():
            sizes[path] = _wire_bytes(file)
    for path in pages:
        sizes[path] = _wire_bytes(site_dir / path / "index.html")
    return {
        "pages": pages,
        "files": [path for path in [*assets, *extra] if path in sizes],
        "runtime": runtime,
        "sizes": sizes,
        "bytes": sum(sizes.values()),
    }


def manifest(entry: dict[str, Any], locale: str, prefix: str) -> dict[str, Any]:
    """The web app manifest of one language (addresses relative to the manifest's own folder)."""
    babel = Locale.parse(str(entry.get("babel_locale", locale.replace("-", "_"))))
    up = "../" * prefix.count("/")
    name = READING.sub(r"\1", str(entry["site_name"]))
    return {
        "name": name,
        "short_name": READING.sub(r"\1", str(entry.get("short_name", name))),
        "description": " ".join(READING.sub(r"\1", str(entry.get("site_description", ""))).split()),
        "lang": entry.get("html_lang", locale),
        "dir": "rtl" if babel.character_order == "right-to-left" else "ltr",
        "start_url": "./",
        "scope": f"{up}" or "./",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#3f51b5",
        "icons": [{"src": f"{up}{ICON}", "sizes": "any", "type": "image/svg+xml", "purpose": "any"}],
    }


def build_id(site_dir: Path) -> str:
    """A hash of every file of the build (the service worker changes whenever the site does)."""
    digest = hashlib.sha256()
    for path in _files(site_dir):
        relative = path.relative_to(site_dir).as_posix()
        if relative in ("sw.js",) or relative.startswith("assets/offline/"):
            continue
        digest.update(relative.encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


def write_offline_files(site_dir: Path, config: MkDocsConfig) -> None:
    data = load_language_data(markup=True)
    plugin = config.plugins["i18n"]
    languages = [(language.locale, "" if language.default else f"{language.locale}/")
                 for language in plugin.config.languages]
    prefixes = {prefix for _, prefix in languages if prefix}
    for locale, prefix in languages:
        target = site_dir / prefix / "manifest.webmanifest"
        target.parent.mkdir(parents=True, exist_ok=True)
        entry = {**data["en"], **data.get(locale, {})}
        target.write_text(json.dumps(manifest(entry, locale, prefix), ensure_ascii=False, indent=1), encoding="utf-8")
    folder = site_dir / "assets" / "offline"
    folder.mkdir(parents=True, exist_ok=True)
    for locale, prefix in languages:
        (folder / f"{locale}.json").write_text(json.dumps(offline_list(site_dir, prefix, prefixes)), encoding="utf-8")
    settings = {"build": build_id(site_dir), "runtime": runtime_paths(site_dir)}
    source = WORKER_SOURCE.read_text(encoding="utf-8")
    (site_dir / "sw.js").write_text(f"const OFFLINE = {json.dumps(settings)};\n{source}", encoding="utf-8")


@event_priority(-350)  # after pyodide_runtime.py (-200) and precompress.py (-300)
def on_post_build(config: MkDocsConfig) -> None:
    i18n = config.plugins.get("i18n")
    if i18n is not None and i18n.building:
        return  # a nested per-language build: write once, after the last one
    write_offline_files(Path(config.site_dir), config)
    log.info("Wrote the service worker, the web app manifests and the offline lists")
