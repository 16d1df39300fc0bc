"""Fixtures and helpers for the tool pages' browser tests (imported by tests/test_tools_browser.py).

Builds on tests/conftest.py: ``context`` (a fresh browser profile that records and blocks requests
to other origins), ``site_url`` and ``site_dir`` (the site built once per session).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from typing import Any

import pytest

from site_info import ROOT, languages, page_url

sys.path.insert(0, str(ROOT / "scripts" / "hooks"))
from tool_pages import fill, lookup, tool_strings  # noqa: E402

BY_LOCALE = {language.locale: language for language in languages()}
CHECK_PAGE = "tools/check-number.md"
PLAN_PAGE = "tools/plan-your-move.md"
READY_TIMEOUT = 180_000  # a cold Pyodide start on a busy 2-core machine


def tool_url(site_url: str, locale: str, relative_md: str, query: str = "") -> str:
    return f"{site_url}{BY_LOCALE[locale].prefix}{page_url(relative_md)}{query}"


def text(locale: str, key: str, **values: Any) -> str:
    """A tools string as the page shows it: the locale's (English where missing), placeholders filled."""
    from tool_pages import fact_numbers

    numbers = fact_numbers(locale)  # the facts the page fills in (small numbers: no grouping to apply)
    return " ".join(fill(str(lookup(tool_strings(locale), key)), {**numbers, **values}).split())


def squash(value: str) -> str:
    return " ".join(value.split())


def wait_ready(page, timeout: int = READY_TIMEOUT) -> None:
    page.wait_for_function("() => window.guidePython && window.guidePython.state === 'ready'", timeout=timeout)


@dataclass
class RequestLog:
    """Every request the browser made in a context (pages and their workers), with its body."""

    entries: list[dict[str, Any]] = field(default_factory=list)

    def record(self, request) -> None:
        try:
            body = request.post_data_buffer
        except Exception:  # noqa: BLE001 - some requests have no readable body
            body = None
        self.entries.append({"url": request.url, "method": request.method, "body": body or b""})

    def carrying(self, needles: list[str]) -> list[str]:
        found = []
        for entry in self.entries:
            haystack = entry["url"] + "\n" + entry["body"].decode("utf-8", "replace")
            plain = re.sub(r"%[0-9A-Fa-f]{2}", "", haystack)
            for needle in needles:
                if needle and (needle in haystack or needle in plain):
                    found.append(f"{entry['method']} {entry['url']}")
        return found


@pytest.fixture
def request_log(context) -> RequestLog:
    log = RequestLog()
    context.on("request", log.record)
    return log


@pytest.fixture
def open_tool(context, site_url):
    """``open_tool(locale, relative_md, query="", ready=True)`` -> a page on that tool, Pyodide loaded."""

    def opener(locale: str, relative_md: str, query: str = "", ready: bool = True, page=None):
        page = page or context.new_page()
        page.on("console", lambda message: context.console_messages.append(message.text))
        page.goto(tool_url(site_url, locale, relative_md, query))
        if ready:
            wait_ready(page)
        return page

    context.console_messages = []
    return opener


def type_number(page, value: str, *, keyboard: bool = False) -> dict[str, str]:
    """Type *value* into the validator; return the result's data-valid, data-error and text."""
    box = page.locator('input[name="number"]')
    if not value.strip():
        box.fill(value)
        box.dispatch_event("input")
        page.wait_for_function("() => document.getElementById('number-result').dataset.error === 'empty'")
        return page.eval_on_selector(
            "#number-result", "e => ({valid: e.dataset.valid, error: e.dataset.error, text: e.innerText})")
    if box.input_value():
        box.fill("")
        page.wait_for_function("() => document.getElementById('number-result').dataset.error === 'empty'")
    if keyboard:
        box.press_sequentially(value)
    else:
        box.fill(value)
    # Typed key by key, earlier keys' results can show first: wait for the answer to the last key.
    page.wait_for_function(
        "() => { const r = document.getElementById('number-result');"
        " return 'valid' in r.dataset && r.dataset.error !== 'empty' && !r.hasAttribute('aria-busy'); }")
    return page.eval_on_selector(
        "#number-result", "e => ({valid: e.dataset.valid, error: e.dataset.error, text: e.innerText})")


def planned_tasks(page) -> list[dict[str, str]]:
    """The plan on the page: each [data-task] with the datetime of its first <time> (its due date)."""
    return page.eval_on_selector_all(
        "[data-task]",
        """items => items.map(item => ({
            id: item.dataset.task,
            kind: item.dataset.kind,
            due: item.querySelector('time[datetime]').getAttribute('datetime'),
            earliest: item.querySelector('.guide-task__from time') ? item.querySelector('.guide-task__from time').getAttribute('datetime') : null,
            group: item.closest('[data-group]').dataset.group,
        }))""",
    )


def parse_headers_file(text: str) -> list[tuple[re.Pattern[str], list[tuple[str, str]]]]:
    """Rules of a Netlify / Cloudflare Pages ``_headers`` file: (path pattern, headers)."""
    rules: list[tuple[re.Pattern[str], list[tuple[str, str]]]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            pattern = re.compile("^" + re.escape(line.strip()).replace(r"\*", ".*") + "$")
            rules.append((pattern, []))
        else:
            name, _, value = line.strip().partition(":")
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


@pytest.fixture(scope="session")
def headers_site_url(site_dir):
    """The built site served as a host that applies its ``_headers`` file (for every matching rule)."""
    import functools
    import threading
    from http.server import ThreadingHTTPServer
    from urllib.parse import urlsplit

    from static_server import SiteRequestHandler

    rules = parse_headers_file((site_dir / "_headers").read_text(encoding="utf-8"))

    class HeadersHandler(SiteRequestHandler):
        def end_headers(self) -> None:
            path = urlsplit(self.path).path
            for pattern, headers in rules:
                if pattern.match(path):
                    for name, value in headers:
                        if name.lower() != "cache-control":  # the base class sends its own
                            self.send_header(name, value)
            super().end_headers()

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(HeadersHandler, directory=str(site_dir)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
