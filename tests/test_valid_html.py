"""Valid HTML: the Nu HTML Checker (vnu-jar from npm, the W3C validator's engine) reads a sample of
built pages in every language and finds no error that our own templates cause.

Errors that come from Material for MkDocs' own markup are listed below by message: they are not
ours to fix in a template override without forking the theme, and listing them exactly means a
new kind of error, ours or Material's, fails the test.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from site_info import ROOT, languages, page_url

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SAMPLE = ["index.md", "tools/check-number.md", "tools/plan-your-move.md", "checklists/leaving.md",
          "agencies.md", "counter-sheets.md", "glossary.md"]

# Material's markup, by the checker's message, with a piece of the markup it is about (checked
# with mkdocs-material as locked): its drawer and search toggles are checkboxes with
# autocomplete="off" (base.html), so that a browser does not restore them open after "back".
MATERIAL = {
    "Attribute “autocomplete” is only allowed when the input type is “color”, “date”, “datetime-local”, "
    "“email”, “hidden”, “month”, “number”, “password”, “range”, “search”, “tel”, “text”, “time”, “url”, "
    "or “week”.": 'class="md-toggle"',
}


@pytest.fixture(scope="module")
def checker_messages(site_dir):
    java = shutil.which("java")
    assert java, "the HTML test needs a Java runtime (scripts/test installs Debian's default-jre-headless)"
    assert VNU.is_file(), "node_modules/vnu-jar is missing: run scripts/setup"
    files = []
    for language in languages():
        for relative in SAMPLE:
            path = site_dir / language.prefix / page_url(relative) / "index.html"
            assert path.is_file(), path
            files.append(str(path))
    result = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "json", "--exit-zero-always",
                             *files], capture_output=True, text=True, check=True)
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    return [message for message in messages if message.get("type") == "error"]


def test_our_templates_make_no_html_error(checker_messages, site_dir):
    ours = [f"{m['url'].split(str(site_dir))[-1]}: {m['message']} [{m.get('extract', '').strip()[:120]}]"
            for m in checker_messages
            if not (m["message"] in MATERIAL and MATERIAL[m["message"]] in m.get("extract", ""))]
    assert not ours, "\n".join(ours[:40])


def test_the_listed_material_errors_still_occur(checker_messages):
    """A listed error that no longer occurs is removed from the list (a fixed Material release)."""
    seen = {message["message"] for message in checker_messages}
    assert not set(MATERIAL) - seen, sorted(set(MATERIAL) - seen)
