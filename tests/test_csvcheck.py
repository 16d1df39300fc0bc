"""CSV checking: encodings, columns, headers, row numbers, streaming, strictness, and never printing a number.

The probe's edge-case files are rebuilt by tests/csv_fixtures.py.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys

import pytest

import csv_fixtures
from site_info import languages
from mynumber_guide.api import check_csv
from mynumber_guide.checkdigit import complete_corporate, complete_individual
from mynumber_guide.csvcheck import CHUNK_SIZE, MAX_LISTED, check_bytes, check_stream, detect_encoding, number_like
from mynumber_guide.errors import InputError

VALID_1 = complete_individual("12345678901")    # 123456789018
VALID_2 = complete_individual("62149832025")    # 621498320257
CORP = complete_corporate("835678256246")       # 5835678256246
WRONG = "123456789019"

SAMPLE = "\n".join([
    "社員番号,氏名,マイナンバー",
    f"E001,田中,{VALID_1}",
    f"E002,鈴木,{WRONG}",
    "",
    "E003,佐藤,１２３４－５６７８－９０１８",
    "E004,高橋,",
    "E005,伊藤",
    f"E006,渡辺,{CORP}",
    f"E007,山本,{VALID_2[:-1]}",
    "E008,中村,12345678901O",
    "",
]) + "\n"


def leaked_fragments(output: str) -> set[str]:
    """Any 4 consecutive digits of any number in SAMPLE that appear in *output*."""
    numbers = [re.sub(r"\D", "", line.split(",")[-1]) for line in SAMPLE.translate(
        {0xFF10 + i: str(i) for i in range(10)}).splitlines()]
    fragments = {n[i:i + 4] for n in numbers for i in range(len(n) - 3)}
    return {f for f in fragments if f in output}


EXPECTED_INVALID = [(3, "check_digit"), (6, "empty"), (7, "missing_column"), (9, "wrong_length"),
                    (10, "invalid_character")]


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mynumber_guide", *args], capture_output=True, text=True,
                          timeout=60)


@pytest.mark.parametrize(("encoding", "data"), [
    ("utf-8", SAMPLE.encode("utf-8")),
    ("utf-8-sig", SAMPLE.encode("utf-8-sig")),
    ("cp932", SAMPLE.encode("cp932")),
    # Shift_JIS as Japanese Excel saves "CSV": its minus sign 0x817C decodes (as CP932) to "－".
    ("cp932", SAMPLE.replace("\n", "\r\n").replace("－", "−").encode("shift_jis")),
])
def test_encodings_give_the_same_result(encoding, data):
    report = check_bytes(data, "マイナンバー")
    assert report.encoding == encoding
    assert report.header is True and report.column == 3
    assert report.invalid_rows == EXPECTED_INVALID
    assert (report.rows, report.valid, report.valid_individual, report.valid_corporate, report.blank) == (8, 3, 2, 1, 2)


@pytest.mark.parametrize("column", ["3", 3, " 3 "])
def test_column_by_one_based_index_detects_the_header(column):
    report = check_bytes(SAMPLE.encode(), column)
    assert report.header is True and report.column == 3
    assert report.invalid_rows == EXPECTED_INVALID


def test_without_header_every_row_is_data():
    data = f"{VALID_1}\n{WRONG}\n{CORP}\n".encode()
    report = check_bytes(data)
    assert report.header is False
    assert report.invalid_rows == [(2, "check_digit")]
    assert (report.rows, report.valid) == (3, 2)


def test_first_row_with_a_bad_number_is_not_taken_for_a_header():
    report = check_bytes(f"1234-5678-901X\n{VALID_1}\n".encode())
    assert report.header is False
    assert report.invalid_rows == [(1, "invalid_character")]


def test_row_numbers_count_records_as_a_spreadsheet_shows_them():
    data = f'note,number\n"two\nlines",{WRONG}\nok,{VALID_1}\nbad,{WRONG}\n'.encode()
    assert check_bytes(data, "number").invalid_rows == [(2, "check_digit"), (4, "check_digit")]


@pytest.mark.parametrize(("column", "message"), [
    ("番号", "no column with that name"), (0, "start at 1"), ("0", "start at 1"), (4, "does not exist"), ("", "empty"),
])
def test_bad_columns_are_rejected(column, message):
    with pytest.raises(InputError, match=message) as caught:
        check_bytes(SAMPLE.encode(), column)
    assert (caught.value.code, caught.value.field) == ("invalid_column", "column")


@pytest.mark.parametrize(("data", "line"), [
    ("番号\n123\n".encode("utf-16"), 1),           # UTF-16 with BOM (Excel's "Unicode text")
    ("番号\n123\n".encode("utf-16-le"), 2),        # UTF-16 without BOM: the first NUL byte is after "\n"
    (b"\xef\xbb\xbfnumber\n\x81\x20\n", 2),          # a BOM, then bytes that are neither encoding
    (b"number\n\x81\x20\xe3\n", 2),                  # neither UTF-8 nor CP932
])
def test_unknown_encodings_are_rejected_with_the_line(data, line):
    with pytest.raises(InputError) as caught:
        detect_encoding(io.BytesIO(data))
    assert (caught.value.code, caught.value.line) == ("unknown_encoding", line)
    assert check_csv(data, None) == {"error": {"code": "unknown_encoding", "field": "file", "line": line}}


# --- The probe's files (tests/csv_fixtures.py) ----------------------------------------------------

@pytest.mark.parametrize("name", list(csv_fixtures.CASES))
def test_probe_files_give_an_error_or_the_right_counts(name):
    expected = csv_fixtures.EXPECTED[name]
    result = check_csv(csv_fixtures.build(name), csv_fixtures.COLUMNS[name])
    if expected[0] == "error":
        error = {"code": expected[1], "field": "column" if "column" in expected[1] else "file"}
        if expected[2] is not None:
            error["line"] = expected[2]
        assert result == {"error": error}
    else:
        assert (result["rows"], result["invalid"]) == expected[1:]


def test_a_stray_quote_never_gives_a_summary():
    # The probe's HIGH finding: one unclosed quote made 997 rows and 99 invalid numbers vanish.
    data = csv_fixtures.stray_quote()
    assert data.count(b"\n") == 1001
    with pytest.raises(InputError, match="line 5: .*quote") as caught:
        check_bytes(data, "My Number")
    assert caught.value.code == "invalid_csv"
    # Without the stray quote the same file reports all 99.
    repaired = data.replace(b',"Tanaka,', b",Tanaka,")
    assert check_bytes(repaired, "My Number").invalid == 99


def test_a_stray_quote_beyond_the_field_limit_names_its_line():
    rows = csv_fixtures.staff_rows(10_000)
    rows[19] = rows[19].replace(",Name20,", ',"Tanaka,')
    data = ("\n".join([csv_fixtures.HEADER, *rows]) + "\n").encode()
    with pytest.raises(InputError, match="line 21: ") as caught:
        check_bytes(data, "3")
    assert (caught.value.code, caught.value.line) == ("invalid_csv", 21)


def test_a_quoted_line_break_in_another_column_still_counts_records():
    data = csv_fixtures.multiline_note()
    report = check_bytes(data.replace(csv_fixtures.valid_number(4).encode(), b"12"), "3")
    assert report.invalid_rows == [(5, "wrong_length")]  # record 5 is on line 6: rows are records


@pytest.mark.parametrize(("cell", "header"), [
    ("マイナンバー", True), ("番号1", True), ("ID2", True), ("=cmd|' /C calc'!A0", True), ("N/A", True),
    ("1234-5678-901X", False), ("12a", False), ("１２３", False), ("", False),
])
def test_the_first_row_is_a_header_when_its_cell_is_not_number_like(cell, header):
    assert number_like(cell) is (not header and bool(cell))
    report = check_bytes(f"{cell},x\n{VALID_1},y\n".encode(), 1)
    assert report.header is header
    assert report.rows == (1 if header else 2)


def test_a_duplicate_header_name_is_ambiguous_but_its_index_is_not():
    data = csv_fixtures.duplicate_headers()
    with pytest.raises(InputError, match="more than one column") as caught:
        check_bytes(data, "id")
    assert (caught.value.code, caught.value.field) == ("ambiguous_column", "column")
    report = check_bytes(data, 2)
    assert (report.header, report.rows, report.invalid) == (True, 3, 0)


@pytest.mark.parametrize("name", ["empty.csv", "blank_lines.csv", "header_only.csv"])
@pytest.mark.parametrize("column", [None, "5", 1])
def test_a_file_without_rows_is_an_error(name, column):
    with pytest.raises(InputError) as caught:
        check_bytes(csv_fixtures.build(name), column)
    assert caught.value.code in ({"empty_file"} if name != "header_only.csv" else {"empty_file", "invalid_column"})


def test_mixed_encodings_say_so_and_name_the_line():
    for name, line in [("cp932_header_utf8_body.csv", 2), ("utf8_header_cp932_body.csv", 2), ("bom_sjis.csv", 1)]:
        with pytest.raises(InputError, match=f"line {line}: the file mixes UTF-8 and Shift_JIS") as caught:
            detect_encoding(io.BytesIO(csv_fixtures.build(name)))
        assert caught.value.code == "mixed_encoding", name


def test_a_shift_jis_file_with_half_width_katakana_is_not_mixed():
    report = check_bytes(csv_fixtures.sjis_ok(), "マイナンバー")
    assert (report.encoding, report.rows, report.invalid) == ("cp932", 10, 5)


def test_mixed_encoding_far_into_a_large_file_is_found():
    head = "社員番号,氏名,マイナンバー\n" + "".join(f"E{i},田中,{VALID_1}\n" for i in range(100_000))
    data = head.encode("cp932") + f"E,田中,{VALID_1}\n".encode()
    assert len(data) > 2 * CHUNK_SIZE
    with pytest.raises(InputError) as caught:
        check_bytes(data, 3)
    assert (caught.value.code, caught.value.line) == ("mixed_encoding", 100_002)


def test_the_invalid_row_list_is_capped_and_the_total_kept():
    result = check_csv(csv_fixtures.many_invalid(), None)
    assert result["invalid"] == 3000 and result["errors"]["check_digit"] == 3000
    assert len(result["invalid_rows"]) == MAX_LISTED == result["invalid_rows_limit"]
    assert result["invalid_rows"][0] == {"row": 2, "error": "check_digit"}
    assert result["invalid_rows"][-1]["row"] == MAX_LISTED + 1


def test_a_pipe_is_read_once_and_never_seeked():
    class OneWay(io.RawIOBase):
        def __init__(self, data: bytes) -> None:
            self._data = io.BytesIO(data)

        def readable(self) -> bool:
            return True

        def readinto(self, buffer) -> int:  # type: ignore[override]
            chunk = self._data.read(len(buffer))
            buffer[:len(chunk)] = chunk
            return len(chunk)

    data = SAMPLE.encode("cp932")
    report = check_stream(io.BufferedReader(OneWay(data)), "マイナンバー")
    assert report.invalid_rows == EXPECTED_INVALID and report.encoding == "cp932"


@pytest.mark.parametrize("column", ["9" * 5000, "1" + "0" * 9, 10 ** 30])
def test_an_oversize_column_index_is_invalid(column):
    with pytest.raises(InputError, match="too large") as caught:
        check_bytes(SAMPLE.encode(), column)
    assert caught.value.code == "invalid_column"


class CountingRaw(io.RawIOBase):
    """A raw file that records the largest read request (to prove the file is streamed)."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)
        self.largest = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = 0) -> int:
        return self._data.seek(offset, whence)

    def tell(self) -> int:
        return self._data.tell()

    def readinto(self, buffer) -> int:  # type: ignore[override]
        self.largest = max(self.largest, len(buffer))
        chunk = self._data.read(len(buffer))
        buffer[:len(chunk)] = chunk
        return len(chunk)


def test_the_file_is_streamed_in_chunks():
    rows = [VALID_1, WRONG] * (2 * CHUNK_SIZE // 26 + 1)
    data = ("number\n" + "\n".join(rows) + "\n").encode()
    assert len(data) > 2 * CHUNK_SIZE
    raw = CountingRaw(data)
    report = check_stream(io.BufferedReader(raw, buffer_size=8192), None, keep_rows=False)
    assert report.rows == len(rows) and report.invalid == len(rows) // 2
    assert report.invalid_rows == []
    assert 0 < raw.largest <= CHUNK_SIZE


def test_api_result_never_contains_a_number():
    result = check_csv(SAMPLE.encode("cp932"), "マイナンバー")
    text = json.dumps(result, ensure_ascii=False)
    assert leaked_fragments(text) == set()
    assert result["invalid_rows"] == [{"row": r, "error": e} for r, e in EXPECTED_INVALID]
    assert result["errors"] == {"missing_column": 1, "empty": 1, "invalid_character": 1, "wrong_length": 1,
                                "check_digit": 1}


def test_cli_prints_invalid_rows_and_a_summary_but_no_number(tmp_path):
    path = tmp_path / "staff.csv"
    path.write_bytes(SAMPLE.encode("cp932"))
    done = run_cli("check", "--csv", str(path), "--column", "マイナンバー")
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[:5] == ["row 3: check_digit", "row 6: empty", "row 7: missing_column", "row 9: wrong_length",
                         "row 10: invalid_character"]
    assert lines[5].startswith("8 rows checked (column 3, header row skipped, cp932): 3 valid")
    assert len(lines) == 6 and done.stderr == ""
    assert leaked_fragments(done.stdout) == set()


def test_cli_json_equals_the_api(tmp_path):
    path = tmp_path / "staff.csv"
    path.write_bytes(SAMPLE.encode("utf-8-sig"))
    done = run_cli("check", "--csv", str(path), "--column", "3", "--json")
    assert json.loads(done.stdout) == check_csv(SAMPLE.encode("utf-8-sig"), "3")


def test_cli_exit_zero_when_all_valid(tmp_path):
    path = tmp_path / "ok.csv"
    path.write_text(f"number\n{VALID_1}\n{CORP}\n", encoding="utf-8")
    done = run_cli("check", "--csv", str(path))
    assert done.returncode == 0
    assert done.stdout == "2 rows checked (column 1, header row skipped, utf-8): 2 valid (1 individual, 1 corporate), 0 invalid\n"


@pytest.mark.parametrize(("content", "fragment"), [
    ("番号\n123\n".encode("utf-16"), "line 1: the file is neither UTF-8 nor Shift_JIS"),
    (None, "cannot read"),
    (b"x\n" + b'"' + b"a" * 200_000 + b'"\n', "line 2: the file is not valid CSV"),
    (csv_fixtures.stray_quote(), "line 5: the file is not valid CSV (a quote opened in this record is never closed)"),
    (csv_fixtures.cp932_header_utf8_body(), "line 2: the file mixes UTF-8 and Shift_JIS/CP932"),
    (b"", "the file has no rows to check"),
])
def test_cli_bad_files_exit_2_with_one_line(tmp_path, content, fragment):
    path = tmp_path / "in.csv"
    if content is not None:
        path.write_bytes(content)
    done = run_cli("check", "--csv", str(path), "--column", "3" if content and b"Name" in content else "1")
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.splitlines()) == 1 and fragment in done.stderr and "Traceback" not in done.stderr


def test_cli_rows_printed_before_a_malformed_line_are_followed_by_the_error_not_a_summary(tmp_path):
    # Rows are printed as they are found (memory stays flat), so a later stray quote cannot take
    # them back; what matters is that no summary follows and the status is 2.
    path = tmp_path / "in.csv"
    path.write_bytes(csv_fixtures.stray_quote())
    done = run_cli("check", "--csv", str(path), "--column", "A")  # the employee codes, all invalid
    assert done.returncode == 2
    assert done.stdout.splitlines() == ["row 2: invalid_character", "row 3: invalid_character",
                                        "row 4: invalid_character"]
    assert "rows checked" not in done.stdout and "line 5: " in done.stderr


@pytest.mark.parametrize("name", list(csv_fixtures.CASES))
def test_cli_on_every_probe_file_exits_with_the_documented_status(tmp_path, name):
    paths = csv_fixtures.write_all(tmp_path)
    column = csv_fixtures.COLUMNS[name]
    done = run_cli("check", "--csv", str(paths[name]), *(["--column", column] if column else []), "--json")
    expected = csv_fixtures.EXPECTED[name]
    if expected[0] == "error":
        assert done.returncode == 2 and done.stdout == ""
        assert len(done.stderr.splitlines()) == 1 and "Traceback" not in done.stderr
        if expected[2] is not None:
            assert f"line {expected[2]}: " in done.stderr
    else:
        assert done.returncode == (1 if expected[2] else 0)
        result = json.loads(done.stdout)
        assert (result["rows"], result["invalid"]) == expected[1:]


def test_cli_reads_a_pipe_in_one_pass():
    data = SAMPLE.encode("cp932")
    done = subprocess.run([sys.executable, "-m", "mynumber_guide", "check", "--csv", "/dev/stdin", "--column",
                           "マイナンバー"], input=data, capture_output=True, timeout=60)
    assert done.returncode == 1
    assert done.stdout.decode().splitlines()[:5] == [f"row {r}: {e}" for r, e in EXPECTED_INVALID]


def test_cli_directory_is_unreadable(tmp_path):
    done = run_cli("check", "--csv", str(tmp_path))
    assert done.returncode == 2 and "cannot read" in done.stderr and len(done.stderr.splitlines()) == 1


CSV_FILE_ERRORS = ["invalid_column", "ambiguous_column", "unknown_encoding", "mixed_encoding", "invalid_csv",
                   "empty_file", "too_large", "unreadable_file", "internal"]


@pytest.mark.parametrize("locale", [language.locale for language in languages()])
def test_every_csv_error_has_its_own_message_in_every_language(locale):
    import yaml
    from site_info import ROOT

    csv_strings = yaml.safe_load((ROOT / "i18n" / f"{locale}.yml").read_text(encoding="utf-8"))["tools"]["csv"]
    for code in CSV_FILE_ERRORS:
        assert csv_strings["file_errors"].get(code), (locale, code)
    assert "{line}" in csv_strings["error_line"]
    assert "{listed}" in csv_strings["rows_capped"] and "{count}" in csv_strings["rows_capped"]
    assert csv_strings["quote_hint"]
    if locale != "en":  # translated, not copied from English
        english = yaml.safe_load((ROOT / "i18n" / "en.yml").read_text(encoding="utf-8"))["tools"]["csv"]
        for code in ("ambiguous_column", "mixed_encoding", "empty_file", "too_large"):
            assert csv_strings["file_errors"][code] != english["file_errors"][code], (locale, code)
