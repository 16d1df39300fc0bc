"""Check digits of the Individual Number (My Number) and the Corporate Number.

The formulas are the ones fixed by ministerial ordinance (see ``facts.md`` §2 and the facts
``number.digits`` / ``corporate.digits``):

Individual Number (12 digits, the **last** is the check digit)
    Weight the first 11 digits, from the left, by 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2 and take the sum's
    remainder *r* modulo 11. The check digit is ``0`` when *r* is 0 **or 1**, otherwise ``11 - r``.

Corporate Number (13 digits, the **first** is the check digit)
    Weight the 12-digit base number, from the left, by 2, 1, 2, 1, ..., 2, 1 and take the sum's
    remainder modulo 9. The check digit is ``9 - remainder`` (always 1 to 9).

What the formulas cannot catch (stated here because users deserve to know; the property tests
prove exactly these statements):

* Individual Number: a single wrong digit among the first 11 goes unnoticed exactly when it moves
  the weighted sum's remainder from 0 to 1 or from 1 to 0 (both give check digit 0). For weight
  *w* and a change *δ* of the digit, that is when ``w·δ ≡ ±1 (mod 11)`` and the true remainder is the
  matching 0 or 1. Every other single-digit substitution, and every error in the check digit
  itself, is detected.
* Corporate Number: a single wrong digit in the base goes unnoticed exactly when it is a 0 ↔ 9 swap
  (weights 1 and 2 times 9 are both multiples of 9). Every other single-digit substitution, and
  every error in the check digit itself, is detected.

A number that passes is only *well-formed*: the check says nothing about whether it was issued.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final, Literal

from .normalize import normalize

Kind = Literal["individual", "corporate"]
CheckError = Literal["empty", "invalid_character", "wrong_length", "check_digit"]

INDIVIDUAL_LENGTH: Final = 12
CORPORATE_LENGTH: Final = 13
INDIVIDUAL_WEIGHTS: Final = (6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
CORPORATE_WEIGHTS: Final = (2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1)
# Every ASCII digit is its code point minus 48; the weighted sums below work on code points and
# subtract 48 times the sum of the weights once.
_IND_OFFSET: Final = 48 * sum(INDIVIDUAL_WEIGHTS)
_CORP_OFFSET: Final = 48 * sum(CORPORATE_WEIGHTS)


def _individual(b: bytes) -> int:
    """Check digit for the first 11 bytes of *b* (ASCII digits; not validated)."""
    r = (6 * b[0] + 5 * b[1] + 4 * b[2] + 3 * b[3] + 2 * b[4] + 7 * b[5]
         + 6 * b[6] + 5 * b[7] + 4 * b[8] + 3 * b[9] + 2 * b[10] - _IND_OFFSET) % 11
    return 0 if r <= 1 else 11 - r


def _corporate(b: bytes) -> int:
    """Check digit for the 12-digit base in bytes 1..12 of *b* (ASCII digits; not validated)."""
    s = (2 * (b[1] + b[3] + b[5] + b[7] + b[9] + b[11])
         + b[2] + b[4] + b[6] + b[8] + b[10] + b[12] - _CORP_OFFSET)
    return 9 - s % 9


def _require_digits(value: str, length: int, what: str) -> bytes:
    if not (len(value) == length and value.isascii() and value.isdigit()):
        raise ValueError(f"{what} must be exactly {length} ASCII digits")
    return value.encode("ascii")


def individual_check_digit(first11: str) -> int:
    """Return the check digit (0–9) that completes the first 11 digits of an Individual Number.

    >>> individual_check_digit("12345678901")
    8

    Raises :class:`ValueError` unless *first11* is exactly 11 ASCII digits.
    """
    return _individual(_require_digits(first11, INDIVIDUAL_LENGTH - 1, "first11"))


def corporate_check_digit(base12: str) -> int:
    """Return the check digit (1–9) that goes **in front of** a 12-digit Corporate Number base.

    >>> corporate_check_digit("123456789012")
    7

    Raises :class:`ValueError` unless *base12* is exactly 12 ASCII digits.
    """
    return _corporate(b"0" + _require_digits(base12, CORPORATE_LENGTH - 1, "base12"))


def complete_individual(first11: str) -> str:
    """Return the 12-digit Individual Number made of *first11* and its check digit."""
    return first11 + str(individual_check_digit(first11))


def complete_corporate(base12: str) -> str:
    """Return the 13-digit Corporate Number made of the check digit and *base12*."""
    return str(corporate_check_digit(base12)) + base12


def is_valid_individual(digits: str) -> bool:
    """True if *digits* is 12 ASCII digits whose last digit is the correct check digit."""
    if not (len(digits) == INDIVIDUAL_LENGTH and digits.isascii() and digits.isdigit()):
        return False
    b = digits.encode("ascii")
    return _individual(b) == b[11] - 48


def is_valid_corporate(digits: str) -> bool:
    """True if *digits* is 13 ASCII digits whose first digit is the correct check digit."""
    if not (len(digits) == CORPORATE_LENGTH and digits.isascii() and digits.isdigit()):
        return False
    b = digits.encode("ascii")
    return _corporate(b) == b[0] - 48


@dataclass(frozen=True, slots=True)
class CheckResult:
    """What ``check`` prints for one input (one JSON object per number).

    ``normalized`` is the digit string when the input contained only accepted characters (``None``
    for ``empty`` and ``invalid_character``); ``kind`` is decided by its length alone;
    ``expected_check_digit`` is given only for a ``check_digit`` error: the digit that would make
    the number valid.
    """

    input: str
    normalized: str | None
    kind: Kind | None
    valid: bool
    error: CheckError | None
    expected_check_digit: int | None

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of the command line and the browser API, keys in a fixed order."""
        return {
            "input": self.input,
            "normalized": self.normalized,
            "kind": self.kind,
            "valid": self.valid,
            "error": self.error,
            "expected_check_digit": self.expected_check_digit,
        }


def classify(text: str) -> tuple[Kind | None, CheckError | None]:
    """Return ``(kind, error)`` for *text*: the cheap core of :func:`check` used for CSV files."""
    digits, error = normalize(text)
    if digits is None:
        return None, error
    n = len(digits)
    if n == INDIVIDUAL_LENGTH:
        b = digits.encode("ascii")
        return "individual", (None if _individual(b) == b[11] - 48 else "check_digit")
    if n == CORPORATE_LENGTH:
        b = digits.encode("ascii")
        return "corporate", (None if _corporate(b) == b[0] - 48 else "check_digit")
    return None, "wrong_length"


def check(text: str) -> CheckResult:
    """Normalise *text*, decide its kind by length (12 individual, 13 corporate) and verify it.

    >>> check("1234-5678-9019").to_dict()["expected_check_digit"]
    8
    """
    digits, error = normalize(text)
    if digits is None:
        return CheckResult(text, None, None, False, error, None)
    n = len(digits)
    if n == INDIVIDUAL_LENGTH:
        b = digits.encode("ascii")
        expected = _individual(b)
        actual = b[11] - 48
        kind: Kind = "individual"
    elif n == CORPORATE_LENGTH:
        b = digits.encode("ascii")
        expected = _corporate(b)
        actual = b[0] - 48
        kind = "corporate"
    else:
        return CheckResult(text, digits, None, False, "wrong_length", None)
    if expected == actual:
        return CheckResult(text, digits, kind, True, None, None)
    return CheckResult(text, digits, kind, False, "check_digit", expected)
