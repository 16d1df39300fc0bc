"""The font stacks in site.css: system fonts only, and Chinese text never drawn with Japanese glyphs."""

from __future__ import annotations

import re

from site_info import ROOT

CSS = (ROOT / "overrides" / "assets" / "stylesheets" / "site.css").read_text(encoding="utf-8")


def _variables() -> dict[str, str]:
    return dict(re.findall(r"(--guide-[a-z-]+):\s*([^;]+);", CSS))


def _expand(stack: str) -> list[str]:
    """The font names of a stack, with var(--guide-...) replaced by their fonts, in order."""
    variables, fonts = _variables(), []
    for item in (part.strip() for part in stack.split(",")):
        match = re.fullmatch(r"var\((--guide-[a-z-]+)\)", item)
        fonts.extend(_expand(variables[match.group(1)]) if match else [item.strip('"')])
    return fonts


def _page_stack(lang: str) -> list[str]:
    rule = re.search(rf"html:lang\({lang}\) body \{{ --md-text-font-family: ([^;]+); \}}", CSS)
    assert rule, f"site.css has no font stack for lang={lang}"
    return _expand(rule.group(1))


def test_chinese_pages_name_chinese_fonts_before_the_interface_font():
    """On a Japanese Windows PC system-ui is Yu Gothic UI: it would draw Chinese text with Japanese glyph shapes."""
    fonts = _page_stack("zh")
    assert fonts.index("Microsoft YaHei") < fonts.index("system-ui")
    assert fonts.index("PingFang SC") < fonts.index("system-ui")
    assert fonts.index("system-ui") < fonts.index("Yu Gothic UI")


def test_no_web_fonts_only_system_fonts():
    assert "@font-face" not in CSS and "@import" not in CSS
