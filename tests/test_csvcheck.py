"""CSV checking: encodings, columns, headers, row numbers, streaming, and never printing a number."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys

import pytest

from mynumber_guide.api import check_csv
from mynumber_guide.checkdigit import complete_corporate, complete_individual
from mynumber_guide.csvcheck import CHUNK_SIZE, check_bytes, check_stream, detect_encoding
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


@pytest.mark.parametrize("data", [
    "番号\n123\n".encode("utf-16"),              # UTF-16 with BOM (Excel's "Unicode text")
    "番号\n123\n".encode("utf-16-le"),           # UTF-16 without BOM: NUL bytes
    b"\xef\xbb\xbfnumber\n\x81\x20\n",             # a BOM, then bytes that are not UTF-8
    b"number\n\x81\x20\xe3\n",                     # neither UTF-8 nor CP932
])
def test_unknown_encodings_are_rejected(data):
    with pytest.raises(InputError) as caught:
        detect_encoding(io.BytesIO(data))
    assert caught.value.code == "unknown_encoding"
    assert check_csv(data, None) == {"error": {"code": "unknown_encoding", "field": "file"}}


def test_an_empty_file_has_no_rows():
    report = check_bytes(b"")
    assert (report.rows, report.invalid, report.encoding) == (0, 0, "utf-8")


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
    ("番号\n123\n".encode("utf-16"), "neither UTF-8 nor Shift_JIS"),
    (None, "cannot read"),
    (b"x\n" + b'"' + b"a" * 200_000 + b'"\n', "not valid CSV"),
])
def test_cli_bad_files_exit_2_with_one_line(tmp_path, content, fragment):
    path = tmp_path / "in.csv"
    if content is not None:
        path.write_bytes(content)
    done = run_cli("check", "--csv", str(path))
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.splitlines()) == 1 and fragment in done.stderr and "Traceback" not in done.stderr


def test_cli_directory_is_unreadable(tmp_path):
    done = run_cli("check", "--csv", str(tmp_path))
    assert done.returncode == 2 and "cannot read" in done.stderr and len(done.stderr.splitlines()) == 1
