"""The built site, checked file by file: every page in every language, language tags and links,
per-language search indexes, 404 pages and sitemaps, and the Content-Security-Policy."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from site_info import DOCS, I18N, ROOT, built_file, default_language, english_pages, languages, page_url, ui_data

XHTML = "{http://www.w3.org/1999/xhtml}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def all_built_pages(site: Path):
    for language in languages():
        for relative in english_pages():
            yield language, relative, built_file(site, language, relative)


def test_strict_build_has_no_warnings(built_site):
    _, log = built_site
    problems = [line for line in log.splitlines() if line.startswith(("WARNING", "ERROR"))]
    assert not problems, "\n".join(problems)


def test_every_english_page_exists_in_every_language_folder():
    missing = {
        language.locale: [page for page in english_pages() if not (DOCS / language.locale / page).is_file()]
        for language in languages() if not language.default
    }
    missing = {locale: pages for locale, pages in missing.items() if pages}
    report = "\n".join(f"  {locale}: {', '.join(pages)}" for locale, pages in sorted(missing.items()))
    assert not missing, f"pages missing a translation (docs/<locale>/...):\n{report}"


def test_no_translation_without_an_english_page():
    english = set(english_pages())
    orphans = [
        f"{language.locale}/{path.relative_to(DOCS / language.locale).as_posix()}"
        for language in languages() if not language.default
        for path in (DOCS / language.locale).rglob("*.md")
        if path.relative_to(DOCS / language.locale).as_posix() not in english
    ]
    assert not orphans, f"translations whose English page is gone: {orphans}"


def test_every_page_has_the_html_lang_of_its_language(site_dir):
    wrong = []
    for language, relative, path in all_built_pages(site_dir):
        lang = soup(path).html.get("lang")
        if lang != language.html_lang:
            wrong.append(f"{path.relative_to(site_dir)}: lang={lang!r}, expected {language.html_lang!r}")
    assert not wrong, "\n".join(wrong)


def test_easy_japanese_is_its_own_language_marked_as_japanese(site_dir):
    easy = next(language for language in languages() if language.locale == "ja-easy")
    page = soup(built_file(site_dir, easy, "index.md"))
    assert page.html["lang"] == "ja"
    selector = [a.get_text(strip=True) for a in page.select(".md-select__list a")]
    # The selector says how to read 日本語, so that a beginner recognises the entry.
    assert "やさしい日本語（にほんご）" in selector and "日本語" in selector


def test_no_page_has_alternate_links_in_its_head(site_dir):
    """Material's language selector fetches "sitemap.xml" beside every <link rel="alternate">
    (a 404 per language on every page): the hreflang alternates live in the sitemaps instead."""
    for language, relative, path in all_built_pages(site_dir):
        links = [link.get("href") for link in soup(path).select('link[rel="alternate"]')]
        assert not links, f"{path.relative_to(site_dir)}: {links}"


def test_canonical_link_is_the_page_itself(site_dir, site_url):
    for language, relative, path in all_built_pages(site_dir):
        canonical = soup(path).select_one('link[rel="canonical"]')["href"]
        assert canonical == f"{site_url}{language.prefix}{page_url(relative)}"


def test_each_language_has_a_sitemap_listing_every_alternate(site_dir, site_url):
    robots = (site_dir / "robots.txt").read_text(encoding="utf-8")
    for language in languages():
        sitemap = site_dir / language.prefix / "sitemap.xml"
        assert f"Sitemap: {site_url}{language.prefix}sitemap.xml" in robots
        tree = ET.parse(sitemap)
        urls = tree.getroot().findall(f"{SITEMAP}url")
        assert len(urls) == len(english_pages()), sitemap
        for url in urls:
            loc = url.find(f"{SITEMAP}loc").text
            assert loc.startswith(f"{site_url}{language.prefix}")
            alternates = {link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")}
            relative = loc.removeprefix(f"{site_url}{language.prefix}")
            expected = {other.hreflang: f"{site_url}{other.prefix}{relative}" for other in languages()}
            expected["x-default"] = f"{site_url}{default_language().prefix}{relative}"
            assert alternates == expected, loc


def test_a_build_without_site_url_stops_instead_of_writing_a_local_address(tmp_path):
    """`mkdocs build` for deployment: no SITE_URL is an error that says what to set."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "BUILD_ONLY_LOCALE": "vi"}
    env.pop("SITE_URL", None)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--site-dir", str(tmp_path / "site")],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode != 0
    assert "SITE_URL is not set" in result.stdout + result.stderr
    assert not list(tmp_path.rglob("*.html")) and not list(tmp_path.rglob("*.xml"))


def test_each_language_has_its_own_not_found_page(site_dir, site_url):
    for language in languages():
        page = soup(site_dir / language.prefix / "404.html")
        assert page.html["lang"] == language.html_lang
        assert page.h1.get_text(strip=True) == ui_data(language.locale)["ui"]["not_found.title"]
        home = urljoin(f"{site_url}{language.prefix}404.html", page.select_one(".md-header__button.md-logo")["href"])
        assert home == f"{site_url}{language.prefix}", f"the logo of {language.locale}'s 404 page leads to {home}"


def test_netlify_serves_each_language_its_own_not_found_page(site_dir):
    """Netlify answers a missing address with /404.html unless _redirects says otherwise."""
    rules = {}
    for line in (site_dir / "_redirects").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            source, target, status = line.split()
            rules[source] = (target, status)
    for language in languages():
        if language.default:
            assert f"/{language.locale}/*" not in rules
            continue
        target, status = rules[f"/{language.locale}/*"]
        assert (target, status) == (f"/{language.locale}/404.html", "404")
        assert (site_dir / target.lstrip("/")).is_file()


def test_logo_leads_to_the_home_of_the_page_language(site_dir, site_url):
    for language, relative, path in all_built_pages(site_dir):
        href = soup(path).select_one(".md-header__button.md-logo")["href"]
        target = urljoin(f"{site_url}{language.prefix}{page_url(relative)}", href)
        assert target.rstrip("/") == f"{site_url}{language.prefix}".rstrip("/"), \
            f"{path.relative_to(site_dir)}: the logo leads to {target}"


def test_search_index_per_language_contains_only_that_language(site_dir):
    total = 0
    for language in languages():
        index = json.loads((site_dir / language.prefix / "search" / "search_index.json").read_text("utf-8"))
        settings = ui_data(language.locale)["search"]
        assert index["config"]["lang"] == settings["lang"]
        assert index["config"]["separator"] == settings["separator"]
        assert "\\u200b" in settings["separator"], "jieba joins Chinese words with U+200B in every language"
        pages = {doc["location"].split("#")[0] for doc in index["docs"]}
        assert pages == {page_url(relative) for relative in english_pages()}, language.locale
        total += len(index["docs"])
        config = json.loads(soup(built_file(site_dir, language, "index.md")).select_one("#__config").string)
        assert config["base"].endswith(f"{language.locale}/" if not language.default else ".")
    combined = json.loads((site_dir / "search" / "search_index.json").read_text("utf-8"))
    assert len(combined["docs"]) < total, "the root index must hold English only"


def test_every_page_has_a_content_security_policy_covering_its_inline_scripts(site_dir):
    pages = [path for _, _, path in all_built_pages(site_dir)]
    pages += [site_dir / language.prefix / "404.html" for language in languages()]
    for path in pages:
        html = path.read_text(encoding="utf-8")
        document = BeautifulSoup(html, "html.parser")
        meta = document.select_one('meta[http-equiv="Content-Security-Policy"]')
        assert meta is not None and document.head.find("meta", attrs={"http-equiv": True}) is meta, path
        policy = dict(part.strip().split(" ", 1) for part in meta["content"].split(";"))
        assert policy["default-src"] == "'self'"
        assert "unsafe-inline" not in policy["script-src"] and "unsafe-eval'" not in policy["script-src"].replace("wasm-unsafe-eval'", "")
        for script in document.find_all("script", src=False):
            if script.get("type") == "application/json":
                continue
            digest = base64.b64encode(hashlib.sha256(script.string.encode("utf-8")).digest()).decode()
            assert f"'sha256-{digest}'" in policy["script-src"], f"{path}: inline script not allowed by its CSP"


EXTERNAL_LOAD = re.compile(
    r"""(?:src|srcset|poster|data)\s*=\s*["']?(?:https?:)?//|<link[^>]+rel=["']?(?:stylesheet|preload|modulepreload|icon|preconnect|dns-prefetch)[^>]+href=["']?(?:https?:)?//|url\(\s*["']?(?:https?:)?//|@import\s+["']?(?:https?:)?//|importScripts\(\s*["'](?:https?:)?//""",
    re.IGNORECASE,
)


def test_no_built_file_loads_anything_from_another_origin(site_dir):
    offenders = []
    for path in site_dir.rglob("*"):
        if path.suffix in {".html", ".css", ".js", ".mjs"}:
            text = path.read_text(encoding="utf-8", errors="replace")
            if "fonts.googleapis" in text or "fonts.gstatic" in text or EXTERNAL_LOAD.search(text):
                offenders.append(str(path.relative_to(site_dir)))
    assert not offenders, f"files that load from another origin: {offenders}"


def test_ui_strings_are_complete_in_every_language():
    master = ui_data(default_language().locale)
    for language in languages():
        data = ui_data(language.locale)
        for section in ("ui", "admonitions", "palette", "search"):
            missing = sorted(set(master[section]) - set(data.get(section) or {}))
            assert not missing, f"i18n/{language.locale}.yml lacks {section}: {missing}"
        for key in ("site_name", "site_description", "html_lang", "hreflang", "babel_locale"):
            assert data.get(key), f"i18n/{language.locale}.yml lacks {key}"
        for section_title in (master.get("nav") or {}):
            assert section_title in (data.get("nav") or {}), f"i18n/{language.locale}.yml lacks nav {section_title!r}"


def test_nav_sections_have_translations_in_every_language():
    sections = [next(iter(item)) for item in __import__("site_info").mkdocs_config()["nav"] if isinstance(item, dict)]
    for language in languages():
        if language.default:
            continue
        nav = ui_data(language.locale).get("nav") or {}
        missing = [title for title in sections if title not in nav]
        assert not missing, f"i18n/{language.locale}.yml has no nav translation for {missing}"


def test_nepali_theme_strings_cover_every_material_string():
    import material

    english = Path(material.__file__).parent / "templates" / "partials" / "languages" / "en.html"
    keys = set(re.findall(r'^\s+"([^"]+)":', english.read_text(encoding="utf-8"), re.MULTILINE))
    nepali = set(ui_data("ne")["theme"])
    assert not keys - nepali, f"Nepali theme strings missing: {sorted(keys - nepali)}"


@pytest.mark.parametrize("path", sorted(I18N.glob("*.yml")), ids=lambda p: p.stem)
def test_every_ui_file_belongs_to_a_configured_language(path):
    assert path.stem in {language.locale for language in languages()}
