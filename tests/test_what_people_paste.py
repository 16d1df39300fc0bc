"""What people paste: every space and dash form, a column found by its header, Excel letters, empty files.

Numbers copied from HR web pages, Word or HTML exports arrive with no-break or thin spaces, and
a spreadsheet export has the numbers in some column under a header such as マイナンバー. These
tests cover what a reader notices: a valid number stays valid however it is spaced, and a file
is checked in the right column without the reader having to name it.
"""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mynumber_guide.api import check_csv
from mynumber_guide.checkdigit import check, complete_corporate, complete_individual
from mynumber_guide.csvcheck import check_bytes, column_letter, header_key, is_number_header
from mynumber_guide.errors import InputError
from mynumber_guide.normalize import DASHES, SPACES

VALID = complete_individual("62149832025")   # 621498320257
CORP = complete_corporate("835678256246")    # 5835678256246
WRONG = "123456789019"

NAMED_SPACES = ["\u00a0", *map(chr, range(0x2000, 0x200B)), "\u202f", "\u205f", "\u3000", "\u200b", "\ufeff", "\t"]
NAMED_DASHES = [*map(chr, range(0x2010, 0x2016)), "\u2212", "\uff0d", "\ufe63", "\u2043", "\u30fc"]


# --- Spaces and dashes -----------------------------------------------------------------------------

@pytest.mark.parametrize("separator", NAMED_SPACES + NAMED_DASHES,
                         ids=lambda c: f"U+{ord(c):04X}")
def test_every_space_and_dash_form_is_ignored(separator):
    text = separator.join(["6214", "9832", "0257"])
    result = check(text)
    assert (result.normalized, result.valid, result.error) == (VALID, True, None)


def test_every_unicode_space_separator_is_ignored():
    """All of category Zs, so a space we did not think of cannot make a valid number invalid."""
    spaces = [chr(code) for code in range(0x110000) if unicodedata.category(chr(code)) == "Zs"]
    assert set(spaces) <= set(SPACES)
    for space in spaces:
        assert check(f"{space}6214{space}9832{space}0257{space}").valid, f"U+{ord(space):04X}"


def test_the_review_numbers_with_no_break_spaces_pass():
    assert check("2388\u00a04969\u00a06536").valid
    assert check("4738\u00a02997\u00a03761").valid


def test_a_space_or_dash_does_not_let_another_character_through():
    for text in ("6214\u00a09832\u00a0025X", "6214\u00b79832\u00b70257", "6214~9832~0257"):
        assert check(text).error == "invalid_character", text


@given(st.lists(st.sampled_from(sorted(SPACES + DASHES)), min_size=12, max_size=12), st.booleans(),
       st.sampled_from(sorted(SPACES)))
@settings(max_examples=200)
def test_any_mix_of_spaces_and_dashes_never_changes_the_result(seps, wide, around):
    digits = [chr(0xFF10 + int(d)) if wide else d for d in CORP[:12]] + [CORP[12]]
    typed = around + "".join(d + s for d, s in zip(digits, seps + [""])) + around
    result = check(typed)
    assert (result.normalized, result.kind, result.valid) == (CORP, "corporate", True)


@given(st.lists(st.sampled_from(sorted(SPACES + DASHES)), min_size=1, max_size=6))
def test_only_spaces_and_dashes_is_never_a_number(chars):
    result = check("".join(chars))
    assert not result.valid and result.error in ("empty", "wrong_length")


def test_csv_cells_with_no_break_spaces_pass():
    data = f"番号\n6214\u00a09832\u00a00257\n{CORP[:4]}\u2009{CORP[4:]}\n".encode()
    report = check_bytes(data)
    assert (report.rows, report.valid, report.invalid) == (2, 2, 0)


# --- The column found by its header ---------------------------------------------------------------

HR_EXPORT = f"社員番号,氏名,マイナンバー\nE001,田中,{VALID}\nE002,鈴木,{WRONG}\nE003,佐藤,{VALID}\n"


@pytest.mark.parametrize("header", [
    "マイナンバー", "個人番号", "法人番号", "My Number", "my number", "MYNUMBER", "My-Number", "my_number",
    "ＭＹ　ＮＵＭＢＥＲ", "Corporate Number", "corporate  number", "ﾏｲﾅﾝﾊﾞｰ", " マイナンバー ",
    "マイナンバー（個人番号）", "個人番号(マイナンバー)", "【法人番号】",
])
def test_a_number_header_picks_its_column(header):
    data = f"社員番号,氏名,\"{header}\"\nE001,田中,{VALID}\nE002,鈴木,{WRONG}\n".encode()
    result = check_csv(data)
    assert (result["column"], result["column_letter"], result["column_from_header"]) == (3, "C", True)
    assert result["column_name"] == header.strip()
    assert (result["header"], result["rows"], result["valid"], result["invalid_rows"]) == \
        (True, 2, 1, [{"row": 3, "error": "check_digit"}])


@pytest.mark.parametrize("header", ["番号", "社員番号", "Number", "My Number Card", "個人番号カード", "ID", "氏名"])
def test_other_headers_do_not_pick_a_column(header):
    assert not is_number_header(header)
    report = check_bytes(f"{header},x\n{VALID},y\n".encode())
    assert (report.column, report.column_from_header, report.column_name) == (1, False, None)


def test_the_first_of_several_number_headers_is_picked():
    report = check_bytes(f"法人番号,マイナンバー\n{CORP},{VALID}\n".encode())
    assert (report.column, report.column_name, report.valid_corporate) == (1, "法人番号", 1)


def test_a_given_column_wins_over_the_header():
    data = HR_EXPORT.encode()
    for column in ("1", 1, "A", "社員番号"):
        result = check_csv(data, column)
        assert (result["column"], result["column_from_header"], result["column_name"]) == (1, False, None)
        assert result["invalid"] == 3


def test_shift_jis_export_picks_the_column_too():
    report = check_bytes(HR_EXPORT.encode("cp932"))
    assert (report.encoding, report.column, report.column_from_header) == ("cp932", 3, True)
    assert (report.valid, report.invalid) == (2, 1)


def test_header_key_ignores_case_width_spaces_and_dashes():
    assert header_key("Ｍｙ　Ｎｕｍｂｅｒ") == header_key("my-number") == header_key("MY NUMBER") == "mynumber"


# --- Excel column letters -------------------------------------------------------------------------

@pytest.mark.parametrize(("letter", "number"), [("A", 1), ("c", 3), ("Z", 26), ("AA", 27), ("az", 52),
                                                ("ZZ", 702), ("XFD", 16384), ("Ｃ", 3), (" C ", 3)])
def test_column_letters_count_as_excel_does(letter, number):
    cells = ",".join(f"h{i}" for i in range(number - 1)) + ("," if number > 1 else "") + "番号"
    row = "," * (number - 1) + VALID
    report = check_bytes(f"{cells}\n{row}\n".encode(), letter)
    assert (report.column, report.valid, report.header) == (number, 1, True)
    assert column_letter(number) == unicodedata.normalize("NFKC", letter).strip().upper()


def test_a_header_named_like_a_letter_wins_over_the_letter():
    report = check_bytes(f"id,AB\nx,{VALID}\n".encode(), "AB")
    assert (report.column, report.valid) == (2, 1)


@pytest.mark.parametrize(("column", "message"), [("D", r"column 4 \(D\) does not exist"),
                                                 ("ABCD", "no column with that name")])
def test_a_letter_beyond_the_columns_is_rejected(column, message):
    with pytest.raises(InputError, match=message) as caught:
        check_bytes(HR_EXPORT.encode(), column)
    assert caught.value.code == "invalid_column"


def test_a_name_given_in_another_case_or_width_is_found():
    assert check_bytes(f"Staff,My Number\nx,{VALID}\n".encode(), "ｍｙ　ｎｕｍｂｅｒ").column == 2


def test_a_name_of_only_dashes_does_not_match_an_empty_header():
    with pytest.raises(InputError) as caught:
        check_bytes(f"Staff,,x\nx,{VALID},y\n".encode(), "-")
    assert caught.value.code == "invalid_column"


# --- Empty files and the command line -------------------------------------------------------------

@pytest.mark.parametrize("data", [b"", b"\n\n", "\ufeff".encode(), "マイナンバー\n".encode(), b",,\n"])
def test_an_empty_file_says_it_is_empty(data):
    assert check_csv(data) == {"error": {"code": "empty_file", "field": "file"}}


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mynumber_guide", *args], capture_output=True, text=True,
                          encoding="utf-8", check=False)


def test_cli_names_the_column_it_picked(tmp_path):
    path = tmp_path / "staff.csv"
    path.write_bytes(HR_EXPORT.encode("utf-8-sig"))
    text = run_cli("check", "--csv", str(path))
    assert text.returncode == 1
    assert text.stdout.splitlines()[-1].startswith(
        '3 rows checked (column 3 C "マイナンバー", picked by its header, header row skipped, utf-8-sig): 2 valid')
    done = run_cli("check", "--csv", str(path), "--json")
    result = json.loads(done.stdout)
    assert result == check_csv(HR_EXPORT.encode("utf-8-sig"))
    assert (result["column"], result["column_letter"], result["column_from_header"], result["column_name"]) == \
        (3, "C", True, "マイナンバー")
    given = run_cli("check", "--csv", str(path), "--column", "b")
    assert "(column 2, header row skipped" in given.stdout and "picked" not in given.stdout


@pytest.mark.parametrize("locale", ["en", "ja", "ja-easy", "zh", "ko", "vi", "tl", "pt-BR", "es", "ne", "id", "th", "my"])
def test_every_language_names_the_picked_column_and_the_letters(locale):
    import yaml
    from site_info import ROOT

    def csv_strings(name: str) -> dict:
        return yaml.safe_load((ROOT / "i18n" / f"{name}.yml").read_text(encoding="utf-8"))["tools"]["csv"]

    strings = csv_strings(locale)
    assert "{letter}" in strings["column_picked"] and "{name}" in strings["column_picked"]
    assert "マイナンバー" in strings["column_help"] and "My Number" in strings["column_help"]
    assert "A, B, C" in strings["column_help"] or "A、B、C" in strings["column_help"]
    if locale != "en":  # translated, not copied from English
        assert strings["column_picked"] != csv_strings("en")["column_picked"]
