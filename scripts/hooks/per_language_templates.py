"""MkDocs hook: give every language its own "page not found" page and sitemap.

Each language build renders the theme's static templates (``404.html``, ``sitemap.xml``) to
the same place in the site root, so the last language built would win: every visitor would
get, say, a Burmese error page. This hook writes a non-default language's copies to
``site/<locale>/`` instead and leaves the default language's at the root (MkDocs skips
writing a template whose output is empty). After the last build it writes ``robots.txt``
listing every language's sitemap.

Material's language selector fetches ``sitemap.xml`` under each alternate language's root;
with one sitemap per language those requests find a small file instead of an error page.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

PER_LANGUAGE = {"404.html", "sitemap.xml"}


def _default_locale(i18n) -> str:
    return next(lang.locale for lang in i18n.config.languages if lang.default)


@event_priority(0)  # after content_security_policy.py has filled in the page's policy
def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    i18n = config.plugins.get("i18n")
    if template_name not in PER_LANGUAGE or i18n is None:
        return output
    locale = i18n.current_language
    if locale == _default_locale(i18n):
        return output
    target = Path(config.site_dir) / locale / template_name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(output, encoding="utf-8")
    return ""


@event_priority(-200)  # after the i18n plugin has built every language
def on_post_build(config: MkDocsConfig) -> None:
    i18n = config.plugins.get("i18n")
    if i18n is None or i18n.building:
        return
    default = _default_locale(i18n)
    base = config.site_url or "/"
    lines = ["User-agent: *", "Allow: /", ""]
    for language in i18n.config.languages:
        if language.build:
            prefix = "" if language.locale == default else f"{language.locale}/"
            lines.append(f"Sitemap: {base}{prefix}sitemap.xml")
    (Path(config.site_dir) / "robots.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
