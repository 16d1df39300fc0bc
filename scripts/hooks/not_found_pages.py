"""MkDocs hook: a "page not found" page in every language.

Every language build renders ``overrides/404.html`` to the same ``site/404.html``, so the last
language built would win and every visitor would get, say, a Burmese error page. This hook
writes each non-default language's page to ``site/<locale>/404.html`` instead and leaves the
default language's page at ``site/404.html``. (MkDocs skips writing a template whose output
is empty.)
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

NOT_FOUND = "404.html"


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    i18n = config.plugins.get("i18n")
    if template_name != NOT_FOUND or i18n is None:
        return output
    locale = i18n.current_language
    if any(lang.default and lang.locale == locale for lang in i18n.config.languages):
        return output
    target = Path(config.site_dir) / locale / NOT_FOUND
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(output, encoding="utf-8")
    return ""
