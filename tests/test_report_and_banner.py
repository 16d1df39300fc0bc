"""Every page: a way to report a problem in the reader's language, heading anchors titled in
that language, Material's strings translated, and on translations an honest banner."""

from __future__ import annotations

import datetime as dt
import logging
import re
import sys
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import parse_qs, unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import REPORT_EMAIL
from site_info import DOCS, ROOT, built_file, english_pages, languages, page_url, ui_data

sys.path.insert(0, str(ROOT / "scripts" / "hooks"))
import report_link  # noqa: E402
from page_status import front_matter  # noqa: E402

TRANSLATED = [language for language in languages() if not language.default]
# Material's English strings that a reader would see or hear on every page.
MATERIAL_ENGLISH = ("Initializing search", "Type to start searching", "Skip to content", "Back to top",
                    "Permanent link", 'aria-label="Header"', 'aria-label="Footer"')


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def visible_text(element) -> str:
    """The text a reader sees with furigana off: without <rt>/<rp> readings."""
    for reading in element.select("rt, rp"):
        reading.decompose()
    return element.get_text("", strip=True)


def without_readings(text: str) -> str:
    """A string from i18n/*.yml with the Easy Japanese reading markup removed."""
    return re.sub(r"\{([^{}|]+)\|[^{}|]+\}", r"\1", re.sub(r"\([ぁ-ゖー]+\)", "", text))


def every_page():
    for language in languages():
        for relative in english_pages():
            yield language, relative


def mailto_parts(href: str) -> tuple[str, str, str]:
    parts = urlsplit(href)
    assert parts.scheme == "mailto", href
    query = parse_qs(parts.query)
    return unquote(parts.path), query["subject"][0], query["body"][0]


# --- the hook's links, without a build ---------------------------------------------------------

def test_mailto_is_prefilled_and_encoded():
    href = report_link.mailto_url("a@example.org", "Problem: https://x.test/a/?b=1&c", "Page: x\nLine 2")
    address, subject, body = mailto_parts(href)
    assert (address, subject, body) == ("a@example.org", "Problem: https://x.test/a/?b=1&c", "Page: x\r\nLine 2")


def test_new_issue_links_for_public_repositories_only():
    github = report_link.issue_url("https://github.com/owner/guide/", "T & t", "B\nb")
    assert github.startswith("https://github.com/owner/guide/issues/new?")
    assert parse_qs(urlsplit(github).query) == {"title": ["T & t"], "body": ["B\nb"]}
    gitlab = report_link.issue_url("https://gitlab.com/owner/guide", "T", "B")
    assert parse_qs(urlsplit(gitlab).query) == {"issue[title]": ["T"], "issue[description]": ["B"]}
    assert report_link.issue_url("https://git.example.org/guide", "T", "B") is None
    assert report_link.issue_url("", "T", "B") is None


def test_report_names_page_language_and_version_in_the_readers_language():
    links = report_link.report_links(locale="vi", language="Tiếng Việt (vi)", url="https://g.test/vi/x/",
                                     reviewed=dt.date(2026, 11, 26), commit="abc1234",
                                     email="r@example.org", repo_url="https://github.com/o/g")
    _, subject, body = mailto_parts(links["mailto"])
    assert "https://g.test/vi/x/" in subject
    assert body.startswith("Trang: https://g.test/vi/x/\r\nNgôn ngữ: Tiếng Việt (vi)\r\n")
    assert "2026-11-26 / abc1234" in body
    assert parse_qs(urlsplit(links["issue"]).query)["body"][0] == body.replace("\r\n", "\n")


def _config(site_url: str, email: str = "", repo_url: str = "") -> SimpleNamespace:
    return SimpleNamespace(extra={"report": {"email": email}}, repo_url=repo_url, edit_uri="edit/main/docs/",
                           site_url=site_url, config_file_path=str(ROOT / "mkdocs.yml"))


def test_a_public_build_without_an_address_warns(caplog):
    with caplog.at_level(logging.INFO, logger="mkdocs.hooks.report_link"):
        report_link.on_config(_config("https://guide.example.org/"))
    assert [record.levelno for record in caplog.records] == [logging.WARNING]
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="mkdocs.hooks.report_link"):
        config = report_link.on_config(_config("http://127.0.0.1:8000/"))
    assert [record.levelno for record in caplog.records] == [logging.INFO]  # a local build only says so
    assert config.edit_uri is None  # no repository: no edit link


def test_a_wrong_address_fails_the_build_clearly():
    from mkdocs.exceptions import PluginError

    with pytest.raises(PluginError, match="REPORT_EMAIL"):
        report_link.on_config(_config("https://guide.example.org/", email="not an address"))


# --- the built site -----------------------------------------------------------------------------

def test_every_page_has_a_prefilled_report_link_in_its_language(site_dir, site_url):
    for language, relative in every_page():
        page = soup(built_file(site_dir, language, relative))
        links = page.select('a[data-guide-report="mailto"]')
        where = f"{language.locale}/{relative}"
        assert links, f"{where}: no 'Report a problem' link"
        for link in links:
            assert link.get_text(strip=True) == ui_data(language.locale)["ui"]["report.link"], where
            address, subject, body = mailto_parts(link["href"])
            url = f"{site_url}{language.prefix}{page_url(relative)}"
            assert address == REPORT_EMAIL
            assert url in subject and url in body, f"{where}: the report does not name {url}"
            assert f"({language.locale})" in body and language.name in body, where
            assert re.search(r"\d{4}-\d{2}-\d{2}", body), f"{where}: the report has no page version"


def test_heading_anchors_and_material_strings_speak_the_page_language(site_dir):
    for language, relative in every_page():
        path = built_file(site_dir, language, relative)
        page = soup(path)
        titles = {anchor.get("title") for anchor in page.select("a.headerlink")}
        assert titles <= {ui_data(language.locale)["ui"]["page.permalink"]}, f"{language.locale}/{relative}: {titles}"
        if not language.default:
            html = path.read_text(encoding="utf-8")
            left = [text for text in MATERIAL_ENGLISH if text in html]
            assert not left, f"{language.locale}/{relative}: English Material strings {left}"
    vietnamese = next(language for language in languages() if language.locale == "vi")
    assert "Đang khởi tạo tìm kiếm" in built_file(site_dir, vietnamese, "index.md").read_text(encoding="utf-8")


def test_translation_banner_names_method_date_official_guidance_and_report(site_dir):
    for language in TRANSLATED:
        strings = ui_data(language.locale)["ui"]
        for relative in english_pages():
            meta = front_matter(DOCS / language.locale / relative).get("translation")
            banner = soup(built_file(site_dir, language, relative)).select_one("aside.guide-translation")
            where = f"{language.locale}/{relative}"
            assert banner is not None, where
            if not meta:
                continue  # shown in English in place of a missing translation
            text = visible_text(banner)
            source_reviewed = dt.date.fromisoformat(str(meta["source_reviewed"]))
            assert banner.select_one(f'time[datetime="{source_reviewed.isoformat()}"]'), f"{where}: no translation date"
            assert banner.select_one('a[data-guide-report="mailto"]'), f"{where}: no report link in the banner"
            assert banner.select_one('a[hreflang="en"]'), f"{where}: no link to the English original"
            prevails = strings["translation.prevails"]  # with or without readings made into ruby
            assert any(form.replace(" ", "") in text.replace(" ", "") for form in (prevails, without_readings(prevails))), where


def test_japanese_banner_does_not_put_the_english_page_above_a_japanese_procedure(site_dir):
    japanese = next(language for language in languages() if language.locale == "ja")
    for relative in english_pages():
        banner = soup(built_file(site_dir, japanese, relative)).select_one("aside.guide-translation")
        text = visible_text(banner)
        assert "内容に違いがある場合は、各機関の公式の案内に従ってください。" in text, relative
        assert "英語のページと公式の情報源が正しい" not in text, relative


def test_easy_japanese_banner_offers_standard_japanese(site_dir, site_url):
    easy = next(language for language in languages() if language.locale == "ja-easy")
    japanese = next(language for language in languages() if language.locale == "ja")
    for relative in english_pages():
        path = built_file(site_dir, easy, relative)
        link = soup(path).select_one('aside.guide-translation a[hreflang="ja"]')
        assert link is not None, relative
        target = urljoin(f"{site_url}{easy.prefix}{page_url(relative)}", link["href"])
        expected = f"{site_url}{japanese.prefix}{page_url(relative)}"
        assert target == expected, f"{relative}: {target} != {expected}"


def test_a_public_repository_adds_edit_and_new_issue_links_without_calling_its_api(tmp_path):
    """One language built with REPO_URL (and no e-mail address) for a public address."""
    import os
    import subprocess

    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "BUILD_ONLY_LOCALE": "vi", "SITE_URL": "https://guide.example.org/",
           "REPO_URL": "https://github.com/example/guide"}
    env.pop("REPORT_EMAIL", None)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path)],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    page = soup(tmp_path / "lost-card" / "index.html")  # the only language built sits at the root
    assert page.select_one('a[rel="edit"]')["href"] == "https://github.com/example/guide/edit/main/docs/vi/lost-card.md"
    issue = page.select_one('a[data-guide-report="issue"]')
    assert issue.get_text(strip=True) == ui_data("vi")["ui"]["report.link"]
    query = parse_qs(urlsplit(issue["href"]).query)
    assert "https://guide.example.org/lost-card/" in query["title"][0] and "Tiếng Việt (vi)" in query["body"][0]
    assert not page.select('a[data-guide-report="mailto"]')
    assert not page.select('[data-md-component="source"]')  # Material's script would ask the GitHub API
