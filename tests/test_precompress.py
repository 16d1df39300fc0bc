"""Precompressed copies: the build writes .br and .gz beside the large files, each one the exact
original once decompressed, and a host that serves them (scripts/static_server.py does, as nginx's
gzip_static and brotli_static do) sends the smallest one the browser accepts, with its encoding.
"""

from __future__ import annotations

import gzip
import sys
import urllib.request

import brotli
import pytest

from site_info import ROOT
from static_server import serve

sys.path.insert(0, str(ROOT / "scripts" / "hooks"))
import precompress  # noqa: E402
import pyodide_runtime  # noqa: E402

RUNTIME = ("pyodide.asm.wasm", "pyodide.asm.mjs")  # python_stdlib.zip is a zip: already compressed


def test_every_copy_decompresses_to_its_original(site_dir):
    copies = sorted(site_dir.rglob("*.br")) + sorted(site_dir.rglob("*.gz"))
    assert len(copies) > 100  # every page in every language, the search indexes, the runtime
    for copy in copies:
        original = copy.with_suffix("")
        assert original.is_file(), copy
        data = copy.read_bytes()
        plain = brotli.decompress(data) if copy.suffix == ".br" else gzip.decompress(data)
        assert plain == original.read_bytes(), copy
        assert len(data) <= original.stat().st_size * (1 - precompress.MIN_SAVING), copy


def test_the_runtime_and_the_pages_have_both_copies_and_brotli_halves_the_runtime(site_dir):
    folder = site_dir / "assets" / "pyodide" / pyodide_runtime.pinned_pyodide_version()
    for name in RUNTIME:
        for suffix in (".br", ".gz"):
            assert (folder / f"{name}{suffix}").is_file(), (name, suffix)
    plain = sum((folder / name).stat().st_size for name in RUNTIME)
    packed = sum((folder / f"{name}.br").stat().st_size for name in RUNTIME)
    assert packed < plain / 2, (packed, plain)
    assert (site_dir / "index.html.br").is_file() and (site_dir / "ja" / "leaving" / "index.html.gz").is_file()
    assert not list(site_dir.rglob("*.br.gz")) and not list(site_dir.rglob("*.gz.br"))


def _get(url: str, accept: str | None):
    request = urllib.request.Request(url, headers={"Accept-Encoding": accept} if accept else {})
    with urllib.request.urlopen(request) as response:  # noqa: S310 - a local test server
        return response.headers, response.read()


@pytest.mark.parametrize(("accept", "encoding"), [
    ("gzip, deflate, br, zstd", "br"),
    ("gzip, deflate", "gzip"),
    (None, None),
    ("identity", None),
])
def test_the_server_sends_the_copy_the_browser_accepts(site_dir, accept, encoding):
    wasm = f"assets/pyodide/{pyodide_runtime.pinned_pyodide_version()}/pyodide.asm.wasm"
    original = (site_dir / wasm).read_bytes()
    with serve(site_dir) as base:
        for path, plain, kind in ((wasm, original, "application/wasm"),
                                  ("ja/", (site_dir / "ja" / "index.html").read_bytes(), "text/html")):
            headers, body = _get(base + path, accept)
            assert headers.get("Content-Encoding") == encoding
            assert headers["Content-Type"].startswith(kind)
            decoded = {"br": brotli.decompress, "gzip": gzip.decompress, None: bytes}[encoding](body)
            assert decoded == plain
            if encoding:
                assert len(body) < len(plain) and headers["Vary"] == "Accept-Encoding"


def test_a_host_that_ignores_the_copies_sends_the_originals(site_dir):
    with serve(site_dir, compress=False) as base:
        headers, body = _get(base + "ja/", "gzip, br")
    assert headers.get("Content-Encoding") is None
    assert body == (site_dir / "ja" / "index.html").read_bytes()
