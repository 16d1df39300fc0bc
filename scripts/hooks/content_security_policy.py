"""MkDocs hook: a strict Content-Security-Policy on every page.

``overrides/main.html`` puts ``<meta http-equiv="Content-Security-Policy">`` with a placeholder
first in ``<head>``. Once a page is rendered, this hook fills it in: everything from the site
itself only, inline scripts allowed by their SHA-256 hash (Material emits a few small ones), and
no inline styles at all (the pages have no ``style`` attribute or element, and Material and our
modules change styles only through the CSSOM, which a policy does not govern).
A static host cannot add a header for us, so the policy travels in the page.

No page allows ``'wasm-unsafe-eval'``: the tools' WebAssembly runs in their module Web Worker,
which follows the policy of its own script's response (``security_headers.py``), not the page's.
Chromium runs the check tool, the planner and the checklists' dates with this policy
(``tests/test_security_browser.py``).
"""

from __future__ import annotations

import base64
import hashlib
import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

PLACEHOLDER = "__CONTENT_SECURITY_POLICY__"
INLINE_SCRIPT = re.compile(r"<script(?P<attrs>(?:\s[^>]*)?)>(?P<body>.*?)</script>", re.DOTALL)


def inline_script_hashes(html: str) -> list[str]:
    """Return the CSP source expressions for every executable inline script in *html*."""
    hashes: list[str] = []
    for match in INLINE_SCRIPT.finditer(html):
        attrs = match.group("attrs") or ""
        if "src=" in attrs or re.search(r"""type=["']?application/(?:ld\+)?json""", attrs):
            continue
        digest = hashlib.sha256(match.group("body").encode("utf-8")).digest()
        expression = f"'sha256-{base64.b64encode(digest).decode('ascii')}'"
        if expression not in hashes:
            hashes.append(expression)
    return hashes


def policy(html: str) -> str:
    """Build the policy for one rendered page."""
    script_src = ["'self'", *inline_script_hashes(html)]
    directives = {
        "default-src": ["'self'"],
        "script-src": script_src,
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def _apply(html: str) -> str:
    if PLACEHOLDER not in html:
        return html
    return html.replace(PLACEHOLDER, policy(html), 1)


@event_priority(10)
def on_post_page(output: str, page, config: MkDocsConfig) -> str:
    return _apply(output)


@event_priority(10)  # before per_language_templates.py moves the page into its language folder
def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    return _apply(output)
