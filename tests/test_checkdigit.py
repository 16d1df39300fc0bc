"""Check digits and normalisation: public vectors, worked examples, properties, python-stdnum."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.jp import cn as stdnum_cn
from stdnum.jp import in_ as stdnum_in

from mynumber_guide.checkdigit import (CORPORATE_WEIGHTS, INDIVIDUAL_WEIGHTS, check, complete_corporate,
                                       complete_individual, corporate_check_digit, individual_check_digit,
                                       is_valid_corporate, is_valid_individual)
from mynumber_guide.facts import load_facts
from mynumber_guide.normalize import DASHES, normalize

VECTORS = json.loads((Path(__file__).parent / "data" / "checkdigit-public.json").read_text(encoding="utf-8"))
DIGITS = "0123456789"
digits11 = st.text(alphabet=DIGITS, min_size=11, max_size=11)
digits12 = st.text(alphabet=DIGITS, min_size=12, max_size=12)


def weighted_remainder(first11: str) -> int:
    """The ordinance's Σ Pn·Qn mod 11, written from the right as in the ordinance (n = 1 is the 11th digit)."""
    total = 0
    for n, digit in enumerate(reversed(first11), start=1):
        q = n + 1 if n <= 6 else n - 5
        total += int(digit) * q
    return total % 11


# --- public vectors and worked examples ------------------------------------------------------

@pytest.mark.parametrize("vector", VECTORS, ids=[repr(v["input"]) for v in VECTORS])
def test_public_vectors(vector):
    result = check(vector["input"]).to_dict()
    for key, expected in vector.items():
        assert result[key] == expected, key


def test_vectors_cover_every_outcome():
    outcomes = {(v["kind"], v["error"]) for v in VECTORS}
    assert {("individual", None), ("corporate", None), ("individual", "check_digit"),
            ("corporate", "check_digit"), (None, "invalid_character"), (None, "wrong_length"),
            (None, "empty")} <= outcomes


@pytest.mark.parametrize(("first11", "digit"), [
    ("12345678901", 8),   # facts.md F2.4 worked example: sum 212, 212 mod 11 = 3
    ("37296774233", 8),   # kufu/tsubaki calc_check_digit
    ("29217589598", 2),   # kufu/tsubaki calc_check_digit
    ("17652127574", 0),   # remainder 0
    ("10000087109", 0),   # remainder 1 (sum 111): also 0, not 10
    ("11223344556", 0),   # sum 143 = 13 × 11
    ("00000000000", 0),
])
def test_individual_check_digit_examples(first11, digit):
    assert individual_check_digit(first11) == digit
    assert weighted_remainder(first11) in ((0, 1) if digit == 0 else (11 - digit,))


@pytest.mark.parametrize(("base12", "digit"), [
    ("835678256246", 5),  # python-stdnum doctest / tsubaki
    ("123456789012", 7),  # worked example: sum 74, 74 mod 9 = 2
    ("011001098993", 4),
    ("010705000725", 7),
])
def test_corporate_check_digit_examples(base12, digit):
    assert corporate_check_digit(base12) == digit
    assert complete_corporate(base12) == f"{digit}{base12}"


def test_the_weights_match_the_facts_file_lengths():
    facts = load_facts()
    assert len(INDIVIDUAL_WEIGHTS) + 1 == facts.value("number.digits") == 12
    assert len(CORPORATE_WEIGHTS) + 1 == facts.value("corporate.digits") == 13


@pytest.mark.parametrize("bad", ["1234567890", "123456789012", "1234567890a", "１２３４５６７８９０１", "", " 2345678901"])
def test_compute_functions_reject_anything_but_ascii_digits(bad):
    with pytest.raises(ValueError):
        individual_check_digit(bad)
    with pytest.raises(ValueError):
        corporate_check_digit(bad + "0")


def test_wrong_number_reports_the_digit_that_would_make_it_valid():
    result = check("123456789019")
    assert (result.valid, result.error, result.expected_check_digit) == (False, "check_digit", 8)
    corporate = check("2835678256246")
    assert (corporate.kind, corporate.error, corporate.expected_check_digit) == ("corporate", "check_digit", 5)
    assert check("123456789018").expected_check_digit is None
    assert check("12345").expected_check_digit is None


# --- normalisation -----------------------------------------------------------------------------

@pytest.mark.parametrize("dash", list(DASHES))
def test_every_listed_dash_is_removed(dash):
    result = check(f"1234{dash}5678{dash}9018")
    assert (result.normalized, result.valid) == ("123456789018", True)


@pytest.mark.parametrize("text", [
    "１２３４５６７８９０１８",              # full-width digits
    "１２３４ー５６７８ー９０１８",          # katakana long-vowel mark typed by an IME
    "1234ｰ5678ｰ9018",                    # half-width katakana prolonged sound mark
    "１２３４－５６７８－９０１８",          # full-width hyphen-minus
    "1234\u30005678\u30009018",          # ideographic space
    "1234\t5678\t9018",                  # tabs
    "  123456789018\n",                  # surrounding whitespace and a line break
    "\u3000123456789018\u3000",
])
def test_what_people_type_normalises(text):
    result = check(text)
    assert (result.normalized, result.kind, result.valid, result.error) == ("123456789018", "individual", True, None)
    assert result.input == text


@pytest.mark.parametrize("text", [
    "١٢٣٤٥٦٧٨٩٠١٨",          # Arabic-Indic digits
    "१२३४५६७८९०१८",          # Devanagari digits
    "12345678901８\u00b2",    # superscript two
    "1234.5678.9018",
    "1234/5678/9018",
    "1234_5678_9018",
    "1234\u00b75678\u00b79018",  # middle dot is neither a space nor a dash
    "+123456789018",
    "12345678901O",
    "一二三四五六七八九〇一八",
])
def test_other_characters_are_invalid(text):
    result = check(text)
    assert (result.normalized, result.kind, result.valid, result.error) == (None, None, False, "invalid_character")


@pytest.mark.parametrize("text", ["", " ", "\t", "\u3000", " \n\u3000\t "])
def test_empty_and_whitespace_only(text):
    assert check(text).to_dict() == {"input": text, "normalized": None, "kind": None, "valid": False,
                                     "error": "empty", "expected_check_digit": None}


@pytest.mark.parametrize(("text", "normalized"), [("---", ""), ("12345678901", "12345678901"),
                                                  ("12345678901234", "12345678901234"), ("1", "1")])
def test_kind_is_decided_by_length(text, normalized):
    result = check(text)
    assert (result.normalized, result.kind, result.error) == (normalized, None, "wrong_length")


def test_normalize_returns_digits_or_an_error():
    assert normalize("1-2") == ("12", None)
    assert normalize("x") == (None, "invalid_character")
    assert normalize("") == (None, "empty")


# --- properties --------------------------------------------------------------------------------

@given(digits11)
def test_completed_individual_numbers_validate(first11):
    number = complete_individual(first11)
    assert is_valid_individual(number)
    assert check(number).to_dict() == {"input": number, "normalized": number, "kind": "individual",
                                       "valid": True, "error": None, "expected_check_digit": None}


@given(digits12)
def test_completed_corporate_numbers_validate(base12):
    number = complete_corporate(base12)
    assert number[0] in "123456789"  # 9 − (sum mod 9) is never 0
    assert is_valid_corporate(number)
    assert check(number).kind == "corporate"


@given(digits11, st.integers(0, 9))
def test_every_check_digit_error_is_caught_individual(first11, wrong):
    right = individual_check_digit(first11)
    if wrong != right:
        result = check(first11 + str(wrong))
        assert (result.error, result.expected_check_digit) == ("check_digit", right)


@given(digits12, st.integers(1, 9))
def test_every_check_digit_error_is_caught_corporate(base12, wrong):
    right = corporate_check_digit(base12)
    if wrong != right:
        result = check(str(wrong) + base12)
        assert (result.error, result.expected_check_digit) == ("check_digit", right)


@given(digits11, st.integers(0, 10), st.integers(0, 9))
def test_individual_substitutions_missed_exactly_between_remainders_0_and_1(first11, position, new):
    """A changed base digit goes unnoticed exactly when the remainder moves between 0 and 1."""
    number = complete_individual(first11)
    typo = number[:position] + str(new) + number[position + 1:]
    if typo == number:
        return
    before, after = weighted_remainder(number[:11]), weighted_remainder(typo[:11])
    assert is_valid_individual(typo) == ({before, after} == {0, 1})


def test_individual_substitutions_that_can_go_unnoticed():
    """Exhaustive: at weight w, digit a → b can go unnoticed iff w·(b − a) ≡ ±1 (mod 11)."""
    for position, weight in enumerate(INDIVIDUAL_WEIGHTS):
        for a in range(10):
            for b in range(10):
                if a == b:
                    continue
                expected = (weight * (b - a)) % 11 in (1, 10)
                # Find out by construction whether some number with digit a here has a typo'd twin.
                missed = False
                for rest in range(11):  # the rest of the sum covers every remainder mod 11
                    r_before = (rest + weight * a) % 11
                    r_after = (rest + weight * b) % 11
                    missed |= {r_before, r_after} == {0, 1}
                assert missed == expected, (position, a, b)
    # facts.md F2.3 example: 6 → 1 in the last base digit (weight 2) keeps 112233445560 valid.
    assert is_valid_individual("112233445560") and is_valid_individual("112233445510")


@given(digits12, st.integers(1, 12), st.integers(0, 9))
def test_corporate_substitutions_missed_exactly_for_0_9_swaps(base12, position, new):
    number = complete_corporate(base12)
    old = int(number[position])
    typo = number[:position] + str(new) + number[position + 1:]
    if new == old:
        return
    assert is_valid_corporate(typo) == ({old, new} == {0, 9})


separators = st.sampled_from(["", "-", " ", "\u3000", "\t", "‐", "－", "ー", "ｰ", "—", "−", "–", "‑"])


@given(digits11, st.lists(separators, min_size=12, max_size=12), st.booleans())
def test_formatting_never_changes_the_result(first11, seps, wide):
    number = complete_individual(first11)
    digits = [chr(0xFF10 + int(d)) if wide else d for d in number]
    typed = "".join(d + s for d, s in zip(digits, seps))
    result = check(f" {typed} ")
    assert (result.normalized, result.valid) == (number, True)


@given(st.text())
@settings(max_examples=300)
def test_check_is_total_and_consistent(text):
    result = check(text)
    assert result.valid == (result.error is None)
    assert (result.kind is not None) == (result.normalized is not None and len(result.normalized) in (12, 13))
    if result.error in ("empty", "invalid_character"):
        assert result.normalized is None
    if result.normalized is not None:
        assert result.normalized.isascii() and (result.normalized.isdigit() or result.normalized == "")
    assert (result.expected_check_digit is not None) == (result.error == "check_digit")
    json.dumps(result.to_dict())


# --- differential: python-stdnum ------------------------------------------------------------------

@st.composite
def ascii_inputs(draw):
    """ASCII strings that are often 12 or 13 digits, with separators stdnum also accepts and some junk."""
    length = draw(st.sampled_from([11, 12, 12, 12, 13, 13, 13, 14]))
    digits = draw(st.text(alphabet=DIGITS, min_size=length, max_size=length))
    if draw(st.booleans()):
        digits = complete_individual(digits[:11]) if length == 12 else digits
        digits = complete_corporate(digits[1:13]) if length == 13 else digits
    pieces = []
    for digit in digits:
        pieces.append(digit)
        pieces.append(draw(st.sampled_from(["", "", "", " ", "-"])))
    text = "".join(pieces)
    if draw(st.integers(0, 9)) == 0:
        spot = draw(st.integers(0, len(text)))
        text = text[:spot] + draw(st.sampled_from(["a", "X", ".", "/", "+"])) + text[spot:]
    return text


@given(ascii_inputs())
@settings(max_examples=500)
def test_agrees_with_python_stdnum(text):
    result = check(text)
    assert (result.valid and result.kind == "individual") == stdnum_in.is_valid(text)
    assert (result.valid and result.kind == "corporate") == stdnum_cn.is_valid(text)
    if result.kind is not None:
        assert result.normalized == (stdnum_in if result.kind == "individual" else stdnum_cn).compact(text)


@given(st.text(alphabet=DIGITS + " -aZ.", max_size=20))
def test_agrees_with_python_stdnum_on_arbitrary_ascii(text):
    result = check(text)
    assert (result.valid and result.kind == "individual") == stdnum_in.is_valid(text)
    assert (result.valid and result.kind == "corporate") == stdnum_cn.is_valid(text)


@given(digits11, digits12)
def test_check_digits_agree_with_python_stdnum(first11, base12):
    assert str(individual_check_digit(first11)) == stdnum_in.calc_check_digit(first11)
    assert str(corporate_check_digit(base12)) == stdnum_cn.calc_check_digit(base12)


def test_docstring_examples():
    import doctest

    from mynumber_guide import checkdigit, normalize as normalize_module

    for module in (checkdigit, normalize_module):
        failures, tried = doctest.testmod(module, raise_on_error=False)
        assert tried > 0 and failures == 0, module.__name__
