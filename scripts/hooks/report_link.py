"""MkDocs hook: "Report a problem with this page", prefilled, on every page.

A reader who finds a mistake gets a link in their own language that opens a prefilled report:
the page's address, its language and its version (the date its content was last reviewed,
for a translation the English page's date it follows, and the commit the site was built
from). Nothing is loaded from another site: the links are navigations.

* ``extra.report.email`` in ``mkdocs.yml`` (environment variable ``REPORT_EMAIL``): a
  ``mailto:`` link with subject and body filled in.
* ``repo_url`` (``REPO_URL``), when it is a public GitHub or GitLab repository: a new-issue
  link with the same title and text, and Material's "edit this page" link (``edit_uri``).

With neither, the link is left out: a build for a local address says so in the log, a build
for any other address warns (and the strict build fails), because a published guide needs a
way to be told it is wrong. The text never carries anything the reader typed.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import subprocess
from pathlib import Path
from urllib.parse import quote, urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from i18n_data import ui_string

log = logging.getLogger("mkdocs.hooks.report_link")

EMAIL = re.compile(r"[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+")
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", None, ""}
# Hosting services set the commit being built in one of these.
COMMIT_VARIABLES = ("BUILD_COMMIT", "COMMIT_REF", "CF_PAGES_COMMIT_SHA", "GITHUB_SHA", "CI_COMMIT_SHA")

_commit: str | None = None


def build_commit(root: Path) -> str | None:
    """The commit the site is built from (short form), or None outside a Git checkout."""
    for name in COMMIT_VARIABLES:
        if os.environ.get(name):
            return os.environ[name].strip()[:12]
    try:
        result = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=root,
                                capture_output=True, text=True, timeout=10, check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() or None


def issue_url(repo_url: str | None, title: str, body: str) -> str | None:
    """A prefilled new-issue address on GitHub or GitLab; None for other hosts."""
    if not repo_url:
        return None
    host = (urlsplit(repo_url).hostname or "").lower()
    base = repo_url.rstrip("/")
    if host == "github.com":
        return f"{base}/issues/new?title={quote(title, safe='')}&body={quote(body, safe='')}"
    if host == "gitlab.com":
        return (f"{base}/-/issues/new?issue%5Btitle%5D={quote(title, safe='')}"
                f"&issue%5Bdescription%5D={quote(body, safe='')}")
    return None


def mailto_url(email: str, subject: str, body: str) -> str:
    """A ``mailto:`` address with subject and body (line breaks as CRLF, RFC 6068)."""
    body = body.replace("\r\n", "\n").replace("\n", "\r\n")
    return f"mailto:{quote(email, safe='@')}?subject={quote(subject, safe='')}&body={quote(body, safe='')}"


def report_links(*, locale: str, language: str, url: str, reviewed: dt.date | None, commit: str | None,
                 email: str, repo_url: str | None) -> dict[str, str]:
    """The report links of one page: ``mailto`` and/or ``issue`` (absent when not configured)."""
    version = " / ".join(part for part in (reviewed.isoformat() if reviewed else None, commit) if part) or "-"
    subject = ui_string(locale, "report.subject").format(url=url)
    body = ui_string(locale, "report.body").format(url=url, language=language, version=version)
    links = {}
    if email:
        links["mailto"] = mailto_url(email, subject, body)
    issue = issue_url(repo_url, subject, body)
    if issue:
        links["issue"] = issue
    return links


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _commit
    report = config.extra.get("report") or {}
    email = str(report.get("email") or "").strip()
    if email and not EMAIL.fullmatch(email):
        raise PluginError(f"extra.report.email (REPORT_EMAIL) is not an e-mail address: {email!r}")
    config.extra["report"] = {**report, "email": email}
    if not config.repo_url:
        config.edit_uri = None  # an edit link needs a repository
    if not email and not issue_url(config.repo_url, "", ""):
        local = urlsplit(config.site_url or "").hostname in LOCAL_HOSTS
        (log.info if local else log.warning)(
            "No address for 'Report a problem with this page': set REPORT_EMAIL (extra.report.email "
            "in mkdocs.yml) or REPO_URL to a public GitHub or GitLab repository. The link is left out."
        )
    _commit = build_commit(Path(config.config_file_path or ".").resolve().parent)
    return config


def _language_name(config: MkDocsConfig, locale: str) -> str:
    plugin = config.plugins.get("i18n")
    for language in (plugin.config.languages if plugin else []):
        if language.locale == locale:
            return f"{language.name} ({locale})"
    return locale


def on_page_context(context, page, config: MkDocsConfig, nav):
    locale = config.theme["language"]
    reviewed = page.meta.get("reviewed")
    page.meta["guide_report"] = report_links(
        locale=locale, language=_language_name(config, locale),
        url=page.canonical_url or page.abs_url or page.url,
        reviewed=reviewed if isinstance(reviewed, dt.date) else None, commit=_commit,
        email=config.extra["report"]["email"], repo_url=config.repo_url,
    )
    return context
