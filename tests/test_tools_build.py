"""The tool pages as built, without a browser: the self-hosted runtime, the site-local lockfile and
the wheels; the stable hooks, the noscript text and the policy of every tool page in every language;
no Pyodide reference on content pages; complete tool strings; and the build hooks' own checks."""

from __future__ import annotations

import hashlib
import json
import re
import sys
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from bs4 import BeautifulSoup
from mkdocs.exceptions import PluginError

from site_info import ROOT, built_file, english_pages, languages, ui_data

sys.path.insert(0, str(ROOT / "scripts" / "hooks"))
import pyodide_runtime  # noqa: E402
import tool_pages  # noqa: E402
from mynumber_guide.timeline import TASK_ORDER  # noqa: E402

TOOL_PAGES = ["tools/check-number.md", "tools/plan-your-move.md"]
PYODIDE = ROOT / "node_modules" / "pyodide"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def python_config(page: BeautifulSoup) -> dict:
    return json.loads(page.select_one("#guide-python-config").string)


def resolve(site: Path, page_file: Path, relative: str) -> Path:
    return (page_file.parent / relative).resolve()


# --- Runtime, lockfile, wheels ---------------------------------------------------------------

def test_the_pinned_runtime_is_published_under_its_version(site_dir):
    version = pyodide_runtime.pinned_pyodide_version()
    lock = json.loads((ROOT / "package-lock.json").read_text())
    assert lock["packages"]["node_modules/pyodide"]["version"] == version
    assert version.startswith("314.")
    folder = site_dir / "assets" / "pyodide" / version
    published = sorted(path.name for path in folder.iterdir() if path.suffix not in {".br", ".gz"})
    stdlib = [name for name in published if name.startswith("stdlib.")]
    # The runtime files as npm installed them (and their precompressed copies), and instead of the
    # whole python_stdlib.zip its trimmed part, named after its hash.
    assert published == sorted([*pyodide_runtime.PUBLISHED_FILES, *stdlib]) and len(stdlib) == 1, published
    assert re.fullmatch(r"stdlib\.[0-9a-f]{16}\.zip", stdlib[0])
    for name in pyodide_runtime.PUBLISHED_FILES:
        assert (folder / name).read_bytes() == (PYODIDE / name).read_bytes(), name
    with zipfile.ZipFile(folder / stdlib[0]) as trimmed, zipfile.ZipFile(PYODIDE / "python_stdlib.zip") as whole:
        assert set(trimmed.namelist()) < set(whole.namelist())
        for name in trimmed.namelist():
            assert trimmed.read(name) == whole.read(name), name
    for language in languages():
        page_file = built_file(site_dir, language, TOOL_PAGES[0])
        config = python_config(soup(page_file))
        assert resolve(site_dir, page_file, config["stdLibURL"]) == (folder / stdlib[0]).resolve()
        assert config["stdLibURL"] in config["files"], "the worker downloads it with the rest, with progress"
    assert not list((site_dir / "assets" / "pyodide").rglob("*.map")), "source maps are not needed"


def test_every_tool_page_points_at_the_runtime_and_a_lockfile_that_verifies(site_dir):
    for language in languages():
        for relative in TOOL_PAGES:
            page_file = built_file(site_dir, language, relative)
            config = python_config(soup(page_file))
            assert config["packages"] == ["mynumber-guide"] and config["module"] == "mynumber_guide.browser"
            runtime = resolve(site_dir, page_file, config["indexURL"])
            assert (runtime / "pyodide.mjs").is_file()
            lockfile = resolve(site_dir, page_file, config["lockFileURL"])
            assert lockfile.parent == (site_dir / "assets" / "wheels").resolve()
            spec = json.loads(lockfile.read_text())
            runtime_info = json.loads((PYODIDE / "pyodide-lock.json").read_text())["info"]
            assert spec["info"]["abi_version"] == runtime_info["abi_version"]
            assert set(spec["packages"]) == {"mynumber-guide", "jpholiday"}
            assert spec["packages"]["mynumber-guide"]["depends"] == ["jpholiday"]
            for package in spec["packages"].values():
                wheel = lockfile.parent / package["file_name"]
                digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
                assert digest == package["sha256"], wheel
                assert wheel.parent.name == digest[:16], "wheel folders are named after the wheel's hash"
                assert wheel.name.endswith("-py3-none-any.whl")
            name = lockfile.name
            assert name == f"pyodide-lock.{hashlib.sha256(lockfile.read_bytes()).hexdigest()[:16]}.json"


def test_the_published_wheel_is_this_package_with_its_new_modules(site_dir):
    wheel = next((site_dir / "assets" / "wheels").rglob("mynumber_guide-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for module in ("api.py", "browser.py", "calendar_export.py", "facts.toml", "timeline.py"):
        assert f"mynumber_guide/{module}" in names


def test_headers_file_gives_versioned_files_a_long_life(site_dir):
    headers = (site_dir / "_headers").read_text()
    block = headers.split("/assets/pyodide/*", 1)[1].split("\n/", 1)[0]
    assert "max-age=31536000, immutable" in block
    assert "/assets/wheels/*\n  Cache-Control: public, max-age=31536000, immutable" in headers
    assert "'wasm-unsafe-eval'" in headers.split("pyodide-worker.mjs", 1)[1].split("\n/", 1)[0]


# --- Pages --------------------------------------------------------------------------------------

def _policy(page: BeautifulSoup) -> dict[str, str]:
    meta = page.select_one('meta[http-equiv="Content-Security-Policy"]')
    return dict(part.strip().split(" ", 1) for part in meta["content"].split(";"))


def test_tool_pages_have_the_stable_hooks_noscript_and_strict_policy_in_every_language(site_dir):
    for language in languages():
        strings = tool_pages.tool_strings(language.locale)
        noscript_text = " ".join(strings["runtime"]["noscript"].split())
        for relative in TOOL_PAGES:
            page = soup(built_file(site_dir, language, relative))
            assert page.html["lang"] == language.html_lang
            policy = _policy(page)
            # The WebAssembly runs in the worker, under the worker script's own policy.
            assert "wasm-unsafe-eval" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
            assert policy["connect-src"] == "'self'" and policy["worker-src"] == "'self'"
            notes = [" ".join(n.get_text().split()) for n in page.select("noscript")]
            assert noscript_text in " ".join(notes), (language.locale, relative)
            status = page.select_one("[data-python-status]")
            assert status is not None and status.has_attr("hidden")
            assert page.select_one('script[type="module"][src$="assets/javascripts/tools/main.mjs"]')
            data = json.loads(page.select_one("#guide-tool-data").string)
            assert data["lang"] == language.html_lang
            if relative.endswith("check-number.md"):
                number = page.select_one('input[name="number"]')
                assert number["autocomplete"] == "off" and number["spellcheck"] == "false"
                assert number.find_parent("form") is None, "a form could submit the number"
                # The verdict is shown under the field; a screen reader hears it once, from a
                # separate live region filled when typing pauses (not per digit).
                assert not page.select_one("#number-result").has_attr("aria-live")
                assert page.select_one("#number-announce")["aria-live"] == "polite"
                assert page.select_one("label[for='guide-number']")
                assert page.select_one("#guide-csv-file")
            else:
                assert page.select_one('form[data-plan="departure"] input[name="departure"][type="date"]')
                assert page.select_one('form[data-plan="arrival"] input[name="arrival"][type="date"]')
                for control in page.select(".guide-planner input:not([type=radio]):not([type=checkbox])"):
                    assert page.select_one(f"label[for='{control['id']}']"), control
                assert set(data["links"]["tasks"]) == set(tool_pages.GUIDANCE)


def test_content_pages_load_no_tool_file_and_allow_no_webassembly(site_dir):
    """Content pages load nothing of the tools. (The checklists may carry the runtime's addresses
    as JSON data, to ask the planner for dates when opened with a plan's link; data loads nothing.)"""
    for language in languages():
        for relative in english_pages():
            if relative in TOOL_PAGES:
                continue
            page = soup(built_file(site_dir, language, relative))
            config = page.select_one("#guide-python-config")
            if config is not None:
                config.decompose()
            html = str(page)
            for needle in ("assets/pyodide/", "assets/wheels/", "javascripts/tools/", "tools.css", "guide-tool-data"):
                assert needle not in html, (language.locale, relative, needle)
            assert "wasm-unsafe-eval" not in _policy(page)["script-src"]


def test_task_links_lead_to_existing_sections_in_every_language(site_dir):
    for language in languages():
        page_file = built_file(site_dir, language, "tools/plan-your-move.md")
        data = json.loads(soup(page_file).select_one("#guide-tool-data").string)
        for task, href in {**data["links"]["tasks"], **data["links"]["glossary"]}.items():
            path, _, anchor = href.partition("#")
            target = (page_file.parent / path / "index.html").resolve()
            assert target.is_file(), (language.locale, task, href)
            assert soup(target).find(id=anchor) is not None, (language.locale, task, href)
            assert target.is_relative_to((site_dir / language.prefix).resolve())


# --- Strings ------------------------------------------------------------------------------------

def _leaves(tree, prefix=""):
    for key, value in tree.items():
        if isinstance(value, dict):
            yield from _leaves(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", value


LANGUAGE_NEUTRAL = re.compile(r"^(japanese|japanese_rules)\.|_ja$")


@pytest.mark.parametrize("locale", ["ja", "ko"])
def test_tool_strings_are_complete_in_japanese_and_korean(locale):
    english = dict(_leaves(ui_data("en")["tools"]))
    translated = dict(_leaves(ui_data(locale)["tools"]))
    missing = [key for key in english if not LANGUAGE_NEUTRAL.search(key) and key not in translated]
    assert not missing, f"i18n/{locale}.yml tools: lacks {missing}"
    extra = [key for key in translated if key not in english]
    assert not extra, f"i18n/{locale}.yml tools: keys that English does not have: {extra}"
    for key, value in translated.items():
        if isinstance(value, str):
            assert set(re.findall(r"\{[a-z_]+\}", value)) == set(re.findall(r"\{[a-z_]+\}", english[key])), key


@pytest.mark.parametrize("locale", [language.locale for language in languages()])
def test_every_planner_task_has_a_title_explanation_japanese_name_and_guidance(locale):
    strings = tool_pages.tool_strings(locale)
    for task in TASK_ORDER:
        assert strings["tasks"][task]["title"] and strings["tasks"][task]["what"], (locale, task)
        assert strings["japanese"][task]["name"], task
        assert task in tool_pages.GUIDANCE, task


def test_only_the_tools_section_of_the_language_files_is_ours():
    for locale in ("en", "ja", "ko"):
        data = yaml.safe_load((ROOT / "i18n" / f"{locale}.yml").read_text(encoding="utf-8"))
        assert isinstance(data["tools"], dict)
        assert "tools" not in (data.get("ui") or {})


def test_fallback_merges_key_by_key():
    data = {"en": {"tools": {"a": {"x": "X", "y": "Y"}, "b": "B"}}, "xx": {"tools": {"a": {"x": "ex", "y": ""}}}}
    assert tool_pages.tool_strings("xx", data) == {"a": {"x": "ex", "y": "Y"}, "b": "B"}
    assert tool_pages.tool_strings("zz", data) == data["en"]["tools"]


# --- The hooks' own checks -----------------------------------------------------------------------

def _page(meta: dict, src: str = "en/x.md"):
    return SimpleNamespace(meta=dict(meta), file=SimpleNamespace(src_uri=src))


def test_tool_markers_are_checked():
    marker = '<div data-guide-tool="check-number"></div>'
    page = _page({"pyodide": True})
    assert tool_pages.on_page_content(f"<p>x</p>{marker}", page, None, None)
    assert page.meta["guide_tools"] == ["check-number"]
    with pytest.raises(PluginError, match="pyodide: true"):
        tool_pages.on_page_content(marker, _page({}), None, None)
    with pytest.raises(PluginError, match="unknown tool"):
        tool_pages.on_page_content('<div data-guide-tool="nope"></div>', _page({"pyodide": True}), None, None)
    with pytest.raises(PluginError, match="needs a tool marker"):
        tool_pages.on_page_content("<p>no tool</p>", _page({"pyodide": True}), None, None)


def test_a_missing_runtime_is_a_clear_build_error(tmp_path):
    with pytest.raises(PluginError, match="scripts/setup"):
        pyodide_runtime.check_runtime(tmp_path / "node_modules" / "pyodide")
    fake = tmp_path / "pyodide"
    fake.mkdir()
    for name in pyodide_runtime.RUNTIME_FILES:
        (fake / name).write_bytes(b"")
    (fake / "package.json").write_text('{"version": "0.0.1"}')
    with pytest.raises(PluginError, match="pins 314"):
        pyodide_runtime.check_runtime(fake)


def test_an_unchanged_package_is_not_rebuilt(monkeypatch, tmp_path):
    staging = tmp_path / "wheels"
    key = pyodide_runtime.sources_key()
    assert key == pyodide_runtime.sources_key()
    first = pyodide_runtime.package_wheel(staging, key)

    def no_build(dest):
        raise AssertionError("rebuilt an unchanged wheel")

    monkeypatch.setattr(pyodide_runtime._wheels_module(), "build_package_wheel", no_build)
    assert pyodide_runtime.package_wheel(staging, key) == first


@pytest.mark.parametrize("locale, before, after", [("zh", "（", "）"), ("ko", "(", ")"), ("en", " (", ")")])
def test_japanese_terms_in_the_planner_form_are_bracketed_as_the_language_writes(site_dir, locale, before, after):
    """Chinese puts a Japanese term in full-width brackets, Korean without a space before them."""
    language = next(language for language in languages() if language.locale == locale)
    html = built_file(site_dir, language, "tools/plan-your-move.md").read_text(encoding="utf-8")
    terms = re.findall(r'(.)(<span class="guide-ja" lang="ja">[^<]+</span>)(.)', html)
    assert terms, "the planner form shows Japanese terms"
    for previous, _, following in terms:
        assert following == after
        if before.startswith(" "):
            assert previous == "(" or previous == " "
        else:
            assert previous == before
