"""A small static web server that behaves like the hosts the built site is meant for.

Used by the browser tests and the benchmarks, and handy to look at a built site:

    .venv/bin/python scripts/static_server.py site --port 8000

What it does beyond ``python -m http.server``:

* the MIME types the site needs (``.mjs`` as JavaScript, ``.wasm`` as ``application/wasm`` so
  WebAssembly compiles while it downloads);
* long-lived caching for versioned files (the Pyodide runtime under ``assets/pyodide/<version>/``,
  wheels and Material's hashed bundles) and revalidation for everything else;
* the ``.br`` and ``.gz`` copies that ``scripts/hooks/precompress.py`` writes beside the large
  files, with ``Content-Encoding``, to a browser that accepts them (as nginx's ``gzip_static`` and
  ``brotli_static`` do; ``--no-compress`` serves only the originals);
* for a missing page, the nearest ``404.html`` up the path (``/ja/nope/`` gets ``/ja/404.html``),
  as Cloudflare Pages and similar hosts do, so each language keeps its own error page;
* a request for the rest of a file (``Range: bytes=N-``, with ``If-Range``) gets it with ``206``,
  as nginx and the common hosts answer, so the tools' worker can resume a broken download.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import os
import re
import threading
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator
from urllib.parse import unquote, urlsplit

IMMUTABLE = re.compile(r"^/assets/(pyodide/|wheels/|javascripts/.*\.[0-9a-f]{8}\.min\.js|stylesheets/.*\.[0-9a-f]{8}\.min\.css)")


class SiteRequestHandler(SimpleHTTPRequestHandler):
    """Serve one directory like a static host does."""

    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".wasm": "application/wasm",
        ".json": "application/json",
        ".whl": "application/zip",
        ".zip": "application/zip",
        ".svg": "image/svg+xml",
        ".ics": "text/calendar",
    }

    precompressed = True  # serve file.br / file.gz when the browser accepts them
    ENCODINGS = (("br", ".br"), ("gzip", ".gz"))

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - signature of the base class
        pass  # quiet: tests and benchmarks read their own output

    def send_head(self):
        if self.command in ("GET", "HEAD") and self.headers.get("Range"):
            opened = self._send_range_head()
            if opened is not None:
                return opened
        if self.precompressed and self.command in ("GET", "HEAD"):
            opened = self._send_precompressed_head()
            if opened is not None:
                return opened
        return super().send_head()

    def _send_range_head(self):
        """Answer ``Range: bytes=N-`` for a file with 206 and its bytes from N; None to send it whole
        (another range form, a changed file per ``If-Range``, or N beyond the end)."""
        match = re.fullmatch(r"bytes=(\d+)-", self.headers.get("Range", "").strip())
        path = Path(self.translate_path(self.path))
        if match is None or not path.is_file():
            return None
        handle = path.open("rb")
        stat = os.fstat(handle.fileno())
        modified = self.date_time_string(stat.st_mtime)
        start = int(match.group(1))
        if self.headers.get("If-Range", modified) != modified or start >= stat.st_size:
            handle.close()
            return None
        handle.seek(start)
        self.send_response(HTTPStatus.PARTIAL_CONTENT)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Range", f"bytes {start}-{stat.st_size - 1}/{stat.st_size}")
        self.send_header("Content-Length", str(stat.st_size - start))
        self.send_header("Last-Modified", modified)
        self.end_headers()
        return handle

    def _send_precompressed_head(self):
        """Start the response with a precompressed copy of the file, if one suits; else None."""
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not urlsplit(self.path).path.endswith("/"):
                return None  # the base class redirects to the address with a slash
            path = path / "index.html"
        if not path.is_file():
            return None
        accepted = {part.split(";")[0].strip().lower() for part in self.headers.get("Accept-Encoding", "").split(",")}
        for encoding, suffix in self.ENCODINGS:
            copy = path.with_name(path.name + suffix)
            if encoding in accepted and copy.is_file():
                handle = copy.open("rb")
                stat = os.fstat(handle.fileno())
                self.send_response(HTTPStatus.OK)
                self.send_header("Content-Type", self.guess_type(str(path)))
                self.send_header("Content-Encoding", encoding)
                self.send_header("Content-Length", str(stat.st_size))
                self.send_header("Vary", "Accept-Encoding")
                self.send_header("Last-Modified", self.date_time_string(stat.st_mtime))
                self.end_headers()
                return handle
        return None

    def end_headers(self) -> None:
        path = urlsplit(self.path).path
        self.send_header("Accept-Ranges", "bytes")
        if IMMUTABLE.match(path):
            self.send_header("Cache-Control", "public, max-age=31536000, immutable")
        else:
            self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code != HTTPStatus.NOT_FOUND:
            super().send_error(code, message, explain)
            return
        page = self._nearest_not_found_page()
        if page is None:
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(HTTPStatus.NOT_FOUND)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _nearest_not_found_page(self) -> Path | None:
        root = Path(self.directory)
        parts = [part for part in unquote(urlsplit(self.path).path).split("/") if part]
        for depth in range(len(parts), -1, -1):
            candidate = root.joinpath(*parts[:depth], "404.html")
            if candidate.is_file() and root in candidate.resolve().parents:
                return candidate
        return None


@contextlib.contextmanager
def serve(directory: Path, port: int = 0, host: str = "127.0.0.1",
          handler_class: type[SiteRequestHandler] = SiteRequestHandler, compress: bool = True) -> Iterator[str]:
    """Serve *directory* in a background thread; yield the base URL (``http://127.0.0.1:PORT/``).

    With ``compress=False`` the precompressed copies are never sent (a host that does not use them).
    """
    if not compress:
        handler_class = type("UncompressedHandler", (handler_class,), {"precompressed": False})
    handler = functools.partial(handler_class, directory=str(directory))
    server = ThreadingHTTPServer((host, port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path, nargs="?", default=Path("site"))
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--no-compress", action="store_true", help="never send the .br/.gz copies")
    args = parser.parse_args()
    with serve(args.directory, args.port, args.host, compress=not args.no_compress) as url:
        print(f"Serving {args.directory} at {url} (Ctrl+C to stop)")
        threading.Event().wait()


if __name__ == "__main__":
    main()
