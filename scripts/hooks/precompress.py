"""MkDocs hook: write ``.br`` and ``.gz`` copies beside the site's large text and binary assets.

Hosts that serve precompressed files (nginx's ``gzip_static`` and ``brotli_static``, many CDNs
and static servers) send ``file.br`` or ``file.gz`` with ``Content-Encoding`` to a browser that
accepts it, instead of compressing on every request or not at all. The Pyodide runtime is the
site's biggest download: brotli at the highest quality makes it less than half as large, which
matters most to a reader on a capped or slow mobile plan.

Only files of at least ``MIN_BYTES`` with an extension in ``EXTENSIONS`` are compressed, and a
copy is kept only when it saves at least ``MIN_SAVING`` (a wheel is already a zip: it gains
nothing). Compressing the runtime at brotli's highest quality takes a while, so each result is
cached in ``.cache/precompressed`` by the sha256 of the original: only a changed file costs time
on the next build.

Runs once, after the last language is built and after ``pyodide_runtime.py`` has published the
runtime (a lower priority than its ``on_post_build``).
"""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

import brotli
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority, get_plugin_logger

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".cache" / "precompressed"
EXTENSIONS = frozenset({".wasm", ".mjs", ".js", ".css", ".json", ".zip", ".svg", ".xml", ".html", ".txt", ".whl"})
MIN_BYTES = 10_000      # smaller files gain too little to be worth a second request header path
MIN_SAVING = 0.10       # keep a copy only if it is at least 10 % smaller
ENCODINGS = {".br": lambda data: brotli.compress(data, quality=11),
             ".gz": lambda data: gzip.compress(data, compresslevel=9, mtime=0)}

log = get_plugin_logger(__name__)


def candidates(site_dir: Path) -> list[Path]:
    """The files of *site_dir* that may get compressed copies (never a copy itself)."""
    return sorted(
        path for path in site_dir.rglob("*")
        if path.is_file() and path.suffix in EXTENSIONS and path.stat().st_size >= MIN_BYTES
    )


def compressed(data: bytes, suffix: str) -> bytes:
    """*data* compressed for *suffix* (``.br`` or ``.gz``), from the cache when it was made before."""
    key = hashlib.sha256(data).hexdigest()
    cached = CACHE / f"{key}{suffix}"
    if cached.is_file():
        return cached.read_bytes()
    result = ENCODINGS[suffix](data)
    CACHE.mkdir(parents=True, exist_ok=True)
    cached.write_bytes(result)
    return result


def precompress(site_dir: Path) -> int:
    """Write the worthwhile ``.br``/``.gz`` copies into *site_dir*; return how many were written."""
    written = 0
    for path in candidates(site_dir):
        data = path.read_bytes()
        for suffix in ENCODINGS:
            target = path.with_name(path.name + suffix)
            result = compressed(data, suffix)
            if len(result) > len(data) * (1 - MIN_SAVING):
                target.unlink(missing_ok=True)
                continue
            if not target.is_file() or target.read_bytes() != result:
                target.write_bytes(result)
            written += 1
    return written


@event_priority(-300)  # after pyodide_runtime.py (-200) has published the runtime
def on_post_build(config: MkDocsConfig) -> None:
    i18n = config.plugins.get("i18n")
    if i18n is not None and i18n.building:
        return  # a nested per-language build: compress once, after the last one
    count = precompress(Path(config.site_dir))
    log.info("Wrote %d precompressed copies (.br, .gz) beside the site's large files", count)
