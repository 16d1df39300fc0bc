"""A runtime file whose download breaks off halfway is resumed where it stopped when the reader
presses "Try again": the bytes that arrived are kept on the device, and only the rest is asked for
(``Range``/``If-Range``), as nginx and the common hosts answer.

The trimmed standard library is served by a host that sends half of it and then goes silent; the
page is given a 3-second stall limit so that the test does not wait 30 seconds.
"""

from __future__ import annotations

import os
import threading
from http import HTTPStatus
from pathlib import Path

import pytest

from conftest import guarded_context
from static_server import SiteRequestHandler, serve
from tools_fixtures import CHECK_PAGE, squash, text, tool_url, type_number, wait_ready

pytestmark = pytest.mark.browser

PART = """async () => {
  const cache = await caches.open("guide-runtime");
  const found = {};
  for (const request of await cache.keys()) {
    if (request.url.includes("/stdlib.")) found[request.url] = (await (await cache.match(request)).blob()).size;
  }
  return found;
}"""


def breaking_handler():
    """A handler class (with its own record) whose first answer for the library stops halfway."""

    class BreakingHandler(SiteRequestHandler):
        ranges: list[str | None] = []
        statuses: list[int] = []
        release = threading.Event()
        broke = False

        def send_response(self, code, message=None):
            if self._is_library():
                type(self).statuses.append(int(code))
            super().send_response(code, message)

        def _is_library(self) -> bool:
            path = self.path.split("?")[0]
            return "/stdlib." in path and path.endswith(".zip")

        def send_head(self):
            if not self._is_library():
                return super().send_head()
            type(self).ranges.append(self.headers.get("Range"))
            if type(self).broke:
                return super().send_head()
            type(self).broke = True
            path = Path(self.translate_path(self.path))
            data = path.read_bytes()
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "application/zip")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Last-Modified", self.date_time_string(os.stat(path).st_mtime))
            self.end_headers()
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            type(self).release.wait(60)  # then silence: no byte more
            self.close_connection = True
            return None

    return BreakingHandler


def test_a_download_that_broke_off_is_resumed_where_it_stopped(browser, site_dir):
    handler = breaking_handler()
    library = next((site_dir / "assets" / "pyodide").glob("*/stdlib.*.zip"))
    size = library.stat().st_size
    with serve(site_dir, handler_class=handler) as url:
        context = guarded_context(browser, url)
        try:
            page_url = tool_url(url, "en", CHECK_PAGE)

            def quick_stall(route):  # the page as the host serves it, with a 3-second stall limit
                response = route.fetch()
                route.fulfill(response=response, body=response.text().replace('"stallSeconds": 30', '"stallSeconds": 3'))

            context.route(page_url, quick_stall)
            page = context.new_page()
            page.goto(page_url)
            page.wait_for_function("() => document.querySelector('[data-python-status]').dataset.state === 'failed'",
                                   timeout=90_000)
            assert squash(page.locator("[data-python-status]").inner_text()).startswith(
                text("en", "runtime.stalled", seconds=3))
            kept = page.evaluate(PART)
            parts = {address: length for address, length in kept.items() if address.endswith(".zip.part")}
            assert len(parts) == 1, kept
            arrived = next(iter(parts.values()))
            assert 0 < arrived <= size // 2

            page.click("[data-python-retry]")
            wait_ready(page)
            assert type_number(page, "1234 5678 9018")["valid"] == "true"
            assert handler.ranges == [None, f"bytes={arrived}-"]
            assert handler.statuses == [200, 206]
            kept = page.evaluate(PART)
            assert list(kept.values()) == [size], "the part is dropped once the whole file is kept"
        finally:
            handler.release.set()
            context.close()
