"""Every language's script renders in Chromium: no character is drawn as a missing-glyph box (tofu).

Chromium tells which fonts drew each element's text (DevTools ``CSS.getPlatformFontsForNode``).
For every character of that text, one of those fonts must have a glyph for it (its ``cmap``, read
with fontTools). A character no font covers is drawn with the first font's .notdef box, so the
test names the page, the character and the fonts that failed it. It needs the fonts that
``scripts/test`` installs from Debian (fonts-noto-core, fonts-noto-cjk); MAINTAINERS.md names
the fonts a phone or a desktop needs for each language.
"""

from __future__ import annotations

import subprocess
import unicodedata
from functools import cache

import pytest
from fontTools.ttLib import TTCollection, TTFont

from site_info import languages, page_url

pytestmark = pytest.mark.browser

PAGES = ["index.md", "tools/plan-your-move.md"]

# Marks each element that has text of its own and returns that text, one entry per element.
MARK_TEXT = """() => {
  const found = [];
  const roots = document.querySelectorAll("article, .md-header, .md-nav--primary");
  let index = 0;
  for (const root of roots) {
    for (const element of root.querySelectorAll("*")) {
      if (element.closest("[hidden], template, script, style, svg")) continue;
      const own = [...element.childNodes].filter(node => node.nodeType === Node.TEXT_NODE)
        .map(node => node.data).join("");
      if (!own.trim() || element.getClientRects().length === 0) continue;
      element.setAttribute("data-font-check", String(index));
      found.push(own);
      index += 1;
    }
  }
  return found;
}"""


SETTLED = """() => [...document.querySelectorAll("[data-python-status]")]
  .every(status => ["ready", "failed"].includes(status.dataset.state))"""


@cache
def font_file(postscript_name: str) -> str:
    """The file of an installed font, found by its PostScript name through fontconfig."""
    done = subprocess.run(["fc-list", f":postscriptname={postscript_name}", "file"],
                          capture_output=True, text=True, check=False)
    files = [line.split(":")[0].strip() for line in done.stdout.splitlines() if line.strip()]
    assert files, f"fontconfig knows no font named {postscript_name}"
    return files[0]


@cache
def covered(postscript_name: str) -> frozenset[int]:
    """The code points one installed font has glyphs for."""
    path = font_file(postscript_name)
    if path.lower().endswith((".ttc", ".otc")):
        fonts = TTCollection(path).fonts
        font = next((f for f in fonts if f["name"].getDebugName(6) == postscript_name), fonts[0])
    else:
        font = TTFont(path, lazy=True)
    return frozenset(font.getBestCmap() or {})


def needs_glyph(char: str) -> bool:
    """Spaces and invisible format characters (ZWJ, ZWNJ, ZWSP, bidi marks) draw no glyph."""
    return not char.isspace() and unicodedata.category(char) not in {"Cf", "Cc", "Zs"}


@pytest.mark.parametrize("locale", [language.locale for language in languages()])
def test_every_character_of_every_language_has_a_glyph(browser, site_url, locale):
    prefix = next(language.prefix for language in languages() if language.locale == locale)
    context = browser.new_context()
    try:
        page = context.new_page()
        session = context.new_cdp_session(page)
        session.send("DOM.enable")
        session.send("CSS.enable")
        problems: list[str] = []
        for relative in PAGES:
            page.goto(f"{site_url}{prefix}{page_url(relative)}")
            # A tool page's download progress rewrites itself while it is read: wait until the
            # runtime has settled, so each marked text is still the one drawn when it is checked.
            page.wait_for_function(SETTLED, timeout=180_000)
            texts = page.evaluate(MARK_TEXT)
            assert len(texts) > 10, f"{locale}/{relative}: no text found"
            root = session.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
            for index, text in enumerate(texts):
                node = session.send("DOM.querySelector", {"nodeId": root, "selector": f'[data-font-check="{index}"]'})
                fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]
                names = [font["postScriptName"] for font in fonts if font.get("postScriptName")]
                glyphs = frozenset().union(*(covered(name) for name in names)) if names else frozenset()
                missing = sorted({char for char in text if needs_glyph(char) and ord(char) not in glyphs})
                if missing:
                    shown = ", ".join(f"{char} U+{ord(char):04X}" for char in missing[:5])
                    problems.append(f"{relative}: {shown} in “{text.strip()[:40]}” (fonts: {names or 'none'})")
        assert not problems, f"{locale}: characters without a glyph:\n" + "\n".join(problems[:20])
    finally:
        context.close()
