"""Published links stay valid: every address and anchor ever published is still in the build,
or a redirect (redirects.yml) sends readers from its page to the page that replaced it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "scripts" / "hooks"))

import published_urls  # noqa: E402
import redirects  # noqa: E402

PUBLISHED = ROOT / "tests" / "data" / "published_urls.txt"


def published_list() -> list[str]:
    return [line for line in PUBLISHED.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]


def test_every_published_address_and_anchor_is_still_there(site_dir):
    current = set(published_urls.published(site_dir))
    moved = redirects.load_redirects()
    lost = []
    for line in published_list():
        if line in current:
            continue
        address, _, anchor = line.partition("#")
        segments = [part for part in address.split("/") if part]
        prefix = f"{segments[0]}/" if segments and segments[0] in LOCALES else ""
        path = "/".join(segments[1:] if prefix else segments) + "/"
        target = moved.get(path)
        if target is not None:
            new = f"/{prefix}{target}" + (f"#{anchor}" if anchor else "")
            redirect_page = site_dir / prefix / path / "index.html"
            if new in current and redirect_page.is_file():
                continue
        lost.append(line)
    assert not lost, (
        f"{len(lost)} published addresses or anchors are gone, for example {lost[:10]}: keep the anchor, "
        "or add the old page path to redirects.yml (the new page must keep the anchors)")


def test_the_published_list_has_every_language_and_its_anchors():
    lines = set(published_list())
    for locale in ("", "zh/", "ja/", "ur/"):
        assert f"/{locale}leaving/" in lines
        assert f"/{locale}leaving/#moving-out-notification" in lines
    assert "/checklists/leaving/#decide-reentry" in lines


LOCALES = {path.stem for path in (ROOT / "i18n").glob("*.yml")}


@pytest.fixture
def tiny_site(tmp_path):
    site = tmp_path / "site"
    for prefix in ("", "zh/"):
        page = site / prefix / "new-page" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text('<html><body><h1 id="new-page">New</h1><h2 id="kept">Kept</h2></body></html>', encoding="utf-8")
    (site / "index.html").write_text("<html><body><h1 id='home'>Home</h1></body></html>", encoding="utf-8")
    return site


def test_the_redirect_writer_writes_a_page_per_language(tiny_site, tmp_path):
    config = tmp_path / "redirects.yml"
    config.write_text("old-page/: new-page/\n", encoding="utf-8")
    moved = redirects.load_redirects(config)
    lines = redirects.write_redirects(tiny_site, moved, {"en": "", "zh": "zh/", "ko": "ko/"}, "https://example.org/")
    assert lines == ["/old-page/  /new-page/  301", "/zh/old-page/  /zh/new-page/  301"]
    page = (tiny_site / "zh" / "old-page" / "index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=https://example.org/zh/new-page/">' in page
    assert '<link rel="canonical" href="https://example.org/zh/new-page/">' in page
    assert '<a href="https://example.org/zh/new-page/">' in page
    assert "<script" not in page and "style" not in page
    assert not (tiny_site / "ko" / "old-page").exists(), "no redirect to a page the language does not have"
    # The published list skips redirect pages, and the redirected page keeps its anchors.
    listed = published_urls.published(tiny_site)
    assert "/zh/new-page/#kept" in listed and "/zh/old-page/" not in listed


def test_a_redirect_never_replaces_a_real_page(tiny_site, tmp_path):
    (tiny_site / "old-page").mkdir()
    (tiny_site / "old-page" / "index.html").write_text("<html><body><h1 id='old'>Old</h1></body></html>")
    with pytest.raises(Exception, match="still a page"):
        redirects.write_redirects(tiny_site, {"old-page/": "new-page/"}, {"en": ""})
    config = tmp_path / "redirects.yml"
    config.write_text("a/: b/\nb/: c/\n", encoding="utf-8")
    with pytest.raises(Exception, match="both moved and a target"):
        redirects.load_redirects(config)


@pytest.mark.parametrize("text", ["/old/: new/\n", "old: new/\n", "old/: https://example.org/\n"])
def test_redirect_paths_must_be_page_paths(tmp_path, text):
    config = tmp_path / "redirects.yml"
    config.write_text(text, encoding="utf-8")
    with pytest.raises(Exception, match="page path"):
        redirects.load_redirects(config)


def test_the_redirects_file_of_the_project_is_valid():
    redirects.load_redirects()
