"""MkDocs hook: publish small browser libraries from ``node_modules`` with the site (no CDN).

Each entry of ``VENDORED`` names an npm package pinned in ``package.json`` / ``package-lock.json``,
the one file of it a browser loads, and where the site serves it. The package's licence is
published beside it (``<name>.LICENSE.txt``), as its terms ask. Pages import the library through a
small wrapper of ours (``overrides/assets/javascripts/qr.mjs`` for the QR code), never directly,
so swapping the library changes one file.

The files are written once, after the last language is built (like ``pyodide_runtime.py``).
The build fails when a package is missing or is not the version the lock pins.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = ROOT / "node_modules"
PACKAGE_LOCK = ROOT / "package-lock.json"


@dataclass(frozen=True)
class Vendored:
    """One browser file taken from an npm package."""

    package: str      # npm package name
    source: str       # path inside the package
    target: str       # path in the site, relative to its root
    licence: str = "LICENSE"

    def licence_target(self) -> str:
        return self.target.rsplit(".", 1)[0] + ".LICENSE.txt"


VENDORED: tuple[Vendored, ...] = (
    # QR codes for the link builder and the client packet (MIT, unjs/uqr): one ES module, no dependencies.
    Vendored("uqr", "dist/index.mjs", "assets/javascripts/vendor/uqr.mjs"),
)


def check(entry: Vendored, node_modules: Path = NODE_MODULES, package_lock: Path = PACKAGE_LOCK) -> Path:
    """The installed package folder; fail clearly if it is missing or not the pinned version."""
    folder = node_modules / entry.package
    hint = "run scripts/setup (it runs `npm ci`)"
    manifest = folder / "package.json"
    if not manifest.is_file() or not (folder / entry.source).is_file():
        raise PluginError(f"npm package {entry.package} is missing from node_modules: {hint}.")
    installed = json.loads(manifest.read_text(encoding="utf-8"))["version"]
    locked = json.loads(package_lock.read_text(encoding="utf-8"))["packages"][f"node_modules/{entry.package}"]["version"]
    if installed != locked:
        raise PluginError(f"node_modules has {entry.package} {installed} but package-lock.json pins {locked}: {hint}.")
    return folder


def publish(site_dir: Path, entries: tuple[Vendored, ...] = VENDORED, node_modules: Path = NODE_MODULES,
            package_lock: Path = PACKAGE_LOCK) -> None:
    """Copy each vendored file and its licence into *site_dir*."""
    for entry in entries:
        folder = check(entry, node_modules, package_lock)
        for source, target in ((folder / entry.source, entry.target), (folder / entry.licence, entry.licence_target())):
            path = site_dir / target
            path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, path)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    for entry in VENDORED:
        check(entry)
    return config


@event_priority(-200)  # after the i18n plugin has built every language
def on_post_build(config: MkDocsConfig) -> None:
    i18n = config.plugins.get("i18n")
    if i18n is not None and i18n.building:
        return
    publish(Path(config.site_dir))
