"""MkDocs hook: the tooltip of the heading anchors ("Permanent link") in the page's language.

The toc extension's ``permalink_title`` is one string for the whole build, so every heading
anchor said "Permanent link" in English, and screen readers announced it on every section.
This hook rewrites the ``title`` of those anchors in each page's HTML with ``page.permalink``
from ``i18n/<locale>.yml``.
"""

from __future__ import annotations

import re
from html import escape

from mkdocs.config.defaults import MkDocsConfig

from i18n_data import ui_string

DEFAULT_TITLE = "Permanent link"  # the toc extension's default permalink_title


def localise_permalinks(html: str, english: str, title: str) -> str:
    """Replace the ``title`` of every heading anchor that says *english* with *title*."""
    anchor = re.compile(r'(<a\b[^>]*\bclass="headerlink"[^>]*\btitle=")' + re.escape(escape(english)) + '"')
    return anchor.sub(lambda match: match.group(1) + escape(title, quote=True) + '"', html)


def on_page_content(html: str, page, config: MkDocsConfig, files) -> str:
    english = (config.mdx_configs.get("toc") or {}).get("permalink_title", DEFAULT_TITLE)
    return localise_permalinks(html, english, ui_string(config.theme["language"], "page.permalink"))
