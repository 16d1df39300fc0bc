"""Turn what people type into a plain string of ASCII digits.

People copy numbers from letters, spreadsheets and Japanese input methods, so the same number can
arrive as ``1234-5678-9018``, ``１２３４ ５６７８ ９０１８`` or ``1234ー5678ー9018``. :func:`normalize`
accepts exactly these variations and nothing else:

* full-width digits ``０``–``９`` (U+FF10–U+FF19) become ``0``–``9``;
* every hyphen and dash is removed: ``-`` (U+002D), the hyphens and dashes U+2010–U+2015
  (``‐ ‑ ‒ – — ―``), ``⁃`` (U+2043, hyphen bullet), ``−`` (U+2212, minus), ``﹣`` (U+FE63, small
  hyphen-minus), ``－`` (U+FF0D, full-width hyphen-minus), ``ー`` (U+30FC, the katakana long-vowel
  mark an IME often types) and ``ｰ`` (U+FF70, its half-width form);
* every space is removed, as copied from web pages, Word, HTML exports and Japanese input: the
  space (U+0020), tabs, the no-break space (U+00A0), the spaces U+2000–U+200A, the narrow no-break
  space (U+202F), the medium mathematical space (U+205F), the ideographic space (U+3000), the
  Ogham space mark (U+1680), and the invisible zero-width space (U+200B), word joiner (U+2060) and
  zero-width no-break space / byte-order mark (U+FEFF);
* whitespace around the number (anything :meth:`str.strip` removes, line breaks included) is ignored.

Any other character, including digits of other scripts (Arabic-Indic, Devanagari, ...), superscripts
and letters, makes the input ``invalid_character``. Input that is empty or only whitespace is ``empty``.
"""

from __future__ import annotations

from typing import Final, Literal, NamedTuple

NormalizeError = Literal["empty", "invalid_character"]

FULL_WIDTH_DIGITS: Final = "０１２３４５６７８９"
DASHES: Final = "-" + "".join(map(chr, range(0x2010, 0x2016))) + "\u2043\u2212\ufe63\uff0d\u30fc\uff70"
SPACES: Final = (" \t\u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200C)))
                 + "\u202f\u205f\u2060\u3000\ufeff")

_TABLE: Final = str.maketrans(
    {**{wide: str(n) for n, wide in enumerate(FULL_WIDTH_DIGITS)}, **dict.fromkeys(DASHES + SPACES)}
)


class Normalized(NamedTuple):
    """The result of :func:`normalize`: either ``digits`` or an ``error``, never both."""

    digits: str | None
    error: NormalizeError | None


def normalize(text: str) -> Normalized:
    """Return the ASCII digits of *text*, or the reason why *text* is not a number.

    ``digits`` may be the empty string when *text* consists only of dashes (the caller then reports
    ``wrong_length``). Examples::

        >>> normalize(" ６２１４-9832　0257 ")
        Normalized(digits='621498320257', error=None)
        >>> normalize("62149832025X")
        Normalized(digits=None, error='invalid_character')
        >>> normalize(" \\t")
        Normalized(digits=None, error='empty')
    """
    if text.isascii() and text.isdigit():  # the common case: nothing to do
        return Normalized(text, None)
    stripped = text.strip()
    if not stripped:
        return Normalized(None, "empty")
    digits = stripped.translate(_TABLE)
    if digits.isascii() and (digits.isdigit() or not digits):
        return Normalized(digits, None)
    return Normalized(None, "invalid_character")
