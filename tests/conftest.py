"""Shared fixtures: the built site (built once per test session, strictly) and a browser."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from site_info import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
from static_server import serve  # noqa: E402

REPORT_EMAIL = "guide-reports@example.org"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# While working on one part, a site built once can be reused instead of a new build per run:
#   SITE_URL=http://127.0.0.1:8765/ REPORT_EMAIL=guide-reports@example.org mkdocs build -d /tmp/site
#   TEST_SITE_DIR=/tmp/site TEST_SITE_PORT=8765 scripts/test -k ...
# (the build log is then empty, so tests of the log pass without checking it). CI never sets these.
PREBUILT_SITE = os.environ.get("TEST_SITE_DIR")


@pytest.fixture(scope="session")
def site_port() -> int:
    return int(os.environ["TEST_SITE_PORT"]) if PREBUILT_SITE else _free_port()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, site_port) -> tuple[Path, str]:
    """Build the whole site with `mkdocs build --strict`; return its folder and the build log.

    The site is built for the address the test server will use, so that its absolute links
    (hreflang, sitemap) point at the test server and not at another origin.
    """
    if PREBUILT_SITE:
        return Path(PREBUILT_SITE), ""
    site = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": f"http://127.0.0.1:{site_port}/",
           # "Report a problem" needs an address; example.org is reserved for examples (RFC 2606).
           "REPORT_EMAIL": REPORT_EMAIL}
    env.pop("BUILD_ONLY_LOCALE", None)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900,
    )
    log = result.stdout + result.stderr
    if result.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{log[-6000:]}", pytrace=False)
    return site, log


@pytest.fixture(scope="session")
def site_dir(built_site) -> Path:
    return built_site[0]


@pytest.fixture(scope="session")
def site_url(site_dir, site_port) -> str:
    with serve(site_dir, port=site_port) as url:
        yield url


def chromium_path() -> str:
    candidate = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not candidate:
        pytest.fail("No Chromium found: run the tests with scripts/test, which installs it, "
                    "or set CHROMIUM=/path/to/chromium", pytrace=False)
    return candidate


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def guarded_context(browser, site_url, **options):
    """A browser profile that blocks and records (in ``foreign_requests``) every request leaving the site.

    The site's service worker is blocked unless a test asks for it (``service_workers="allow"``):
    requests it makes are not routed through this guard, and the offline tests
    (test_offline_browser.py) exercise it on purpose.
    """
    options.setdefault("service_workers", "block")
    ctx = browser.new_context(**options)
    ctx.foreign_requests = []

    def guard(route):
        url = route.request.url
        if url.startswith(site_url) or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            ctx.foreign_requests.append(url)
            route.abort()

    ctx.route("**/*", guard)
    return ctx


@pytest.fixture
def context(browser, site_url):
    """A fresh browser profile per test, recording every request that leaves the site."""
    ctx = guarded_context(browser, site_url)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    return context.new_page()
