"""A small static web server that behaves like the hosts the built site is meant for.

Used by the browser tests and the benchmarks, and handy to look at a built site:

    .venv/bin/python scripts/static_server.py site --port 8000

What it does beyond ``python -m http.server``:

* the MIME types the site needs (``.mjs`` as JavaScript, ``.wasm`` as ``application/wasm`` so
  WebAssembly compiles while it downloads);
* long-lived caching for versioned files (the Pyodide runtime under ``assets/pyodide/<version>/``,
  wheels and Material's hashed bundles) and revalidation for everything else;
* for a missing page, the nearest ``404.html`` up the path (``/ja/nope/`` gets ``/ja/404.html``),
  as Cloudflare Pages and similar hosts do, so each language keeps its own error page.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
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

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - signature of the base class
        pass  # quiet: tests and benchmarks read their own output

    def end_headers(self) -> None:
        path = urlsplit(self.path).path
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
          handler_class: type[SiteRequestHandler] = SiteRequestHandler) -> Iterator[str]:
    """Serve *directory* in a background thread; yield the base URL (``http://127.0.0.1:PORT/``)."""
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
    args = parser.parse_args()
    with serve(args.directory, args.port, args.host) as url:
        print(f"Serving {args.directory} at {url} (Ctrl+C to stop)")
        threading.Event().wait()


if __name__ == "__main__":
    main()
