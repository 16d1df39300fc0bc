"""The built site asks for least privilege: the ``_headers`` file (and the nginx snippet made from
the same rules) refuses framing, type guessing, referrers, unused browser features and
cross-origin openers, and gives the Pyodide worker its own policy; every page's ``<meta>``
policy allows no inline style and no WebAssembly."""

from __future__ import annotations

import re
import sys

from bs4 import BeautifulSoup

from site_info import ROOT, languages
from tools_fixtures import parse_headers_file

sys.path.insert(0, str(ROOT / "scripts" / "hooks"))
import security_headers  # noqa: E402

WORKER = "/assets/javascripts/tools/pyodide-worker.mjs"
DENIED = ("camera", "microphone", "geolocation", "payment", "usb", "serial", "hid", "browsing-topics")
SITE = {
    "Content-Security-Policy": "frame-ancestors 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def headers_for(site_dir, path: str) -> list[tuple[str, str]]:
    """Every header the _headers file gives *path* (all matching rules, as Netlify and Cloudflare do)."""
    rules = parse_headers_file((site_dir / "_headers").read_text(encoding="utf-8"))
    return [header for pattern, headers in rules if pattern.match(path) for header in headers]


def directives(policy: str) -> dict[str, str]:
    return dict((part.strip().split(" ", 1) + [""])[:2] for part in policy.split(";") if part.strip())


def test_every_response_refuses_framing_guessing_referrers_and_openers(site_dir):
    for path in ("/", "/ja/tools/check-number/", "/assets/pyodide/x/pyodide.asm.wasm", WORKER):
        headers = headers_for(site_dir, path)
        for name, value in SITE.items():
            assert (name, value) in headers, (path, name)
        features = dict(headers)["Permissions-Policy"]
        entries = [entry.strip() for entry in features.split(",")]
        assert all(re.fullmatch(r"[a-z]+(?:-[a-z]+)*=\(\)", entry) for entry in entries), features
        for feature in DENIED:
            assert f"{feature}=()" in entries, feature
        # The checklists' "copy link" writes to the clipboard: that must stay allowed.
        assert not any(entry.startswith("clipboard-") for entry in entries)


def test_the_worker_script_has_its_own_policy_and_the_pages_keep_caching(site_dir):
    policies = [value for name, value in headers_for(site_dir, WORKER) if name == "Content-Security-Policy"]
    worker = next(directives(policy) for policy in policies if "default-src" in policy)
    assert worker == {"default-src": "'none'", "script-src": "'self' 'wasm-unsafe-eval'", "connect-src": "'self'"}
    assert ("Cache-Control", "public, max-age=31536000, immutable") in headers_for(site_dir, "/assets/pyodide/314/pyodide.mjs")
    assert ("Cache-Control", "no-cache") in headers_for(site_dir, WORKER)


def test_the_nginx_snippet_is_current_and_repeats_every_header_in_every_location():
    snippet = (ROOT / "scripts" / "nginx-site.conf").read_text(encoding="utf-8")
    assert snippet == security_headers.nginx_snippet(), \
        "run: .venv/bin/python scripts/hooks/security_headers.py > scripts/nginx-site.conf"
    # nginx drops inherited add_header lines in a location with its own: each one repeats them all.
    locations = len(re.findall(r"^\s*location ", snippet, re.MULTILINE))
    assert locations >= 10
    for name, value in security_headers.SITE_HEADERS:
        assert snippet.count(f'add_header {name} "{value}" always;') == locations + 1, name
    worker = snippet.split(f"location = {WORKER} {{", 1)[1].split("\n}", 1)[0]
    assert security_headers.WORKER_POLICY in worker and "default_type text/javascript;" in worker
    pyodide = snippet.split("location ^~ /assets/pyodide/ {", 1)[1].split("\n}", 1)[0]
    assert "default_type application/wasm;" in pyodide


def test_no_page_allows_inline_styles_or_webassembly(site_dir):
    pages = sorted(site_dir.rglob("*.html"))
    assert len(pages) > 13 * 10
    tool_pages = 0
    for path in pages:
        html = path.read_text(encoding="utf-8")
        meta = BeautifulSoup(html, "html.parser").select_one('meta[http-equiv="Content-Security-Policy"]')
        assert meta is not None, path
        policy = directives(meta["content"])
        assert policy["style-src"] == "'self'", path
        assert "unsafe-inline" not in meta["content"] and "wasm-unsafe-eval" not in meta["content"], path
        assert "frame-ancestors" not in meta["content"]  # ignored in a meta policy: it is a header
        # Nothing that a policy without 'unsafe-inline' would block, so no style needs a hash.
        assert not re.search(r"<style[\s>]|\sstyle\s*=", html), path
        tool_pages += "guide-tool-data" in html
    assert tool_pages == 2 * len(languages())
