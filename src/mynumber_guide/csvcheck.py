"""Check a column of numbers in a CSV file without ever printing a number.

For HR staff checking a spreadsheet export of employees' numbers. A file is read **strictly or not
at all**: anything the reader cannot be sure about stops the check with an :class:`InputError`
naming the line where the problem starts, never a summary that silently lost rows.

Streaming
    The file is read once, front to back, in chunks of :data:`CHUNK_SIZE` bytes (a pipe works as
    well as a file and is never copied). Counts are kept as it goes; of the invalid rows only the
    first :data:`MAX_LISTED` are kept for the report (their total is ``invalid``). Memory use does
    not grow with the file's size.

Encoding
    UTF-8 (with or without a byte-order mark) or Shift_JIS as Japanese Excel writes it (decoded as
    CP932, Microsoft's superset of Shift_JIS). ASCII text counts as UTF-8. The encoding is decided
    on the first chunk that contains a non-ASCII byte: UTF-8 if that chunk is UTF-8, else CP932 if
    it is CP932. After that, a line that does not decode in the chosen encoding but does in the
    other one, a line of a CP932 file that is well-formed UTF-8 with a multi-byte character of
    three bytes (as every Japanese character in UTF-8 is), and a UTF-8 byte-order mark followed
    by Shift_JIS text are ``mixed_encoding``; NUL bytes (as in UTF-16) or bytes that are neither
    are ``unknown_encoding``. Both name the line.

CSV syntax
    Read with :mod:`csv` in strict mode: a quote that is opened and never closed, or text after a
    closing quote, is ``invalid_csv`` at the line where that record starts (a cell over 128 KiB
    too). A quoted cell may contain line breaks, but a quoted cell whose inner lines look like
    rows of the file (as many commas as the first row has separators) is taken as a quote opened
    by mistake and is ``invalid_csv`` too: otherwise a stray quote closed by a second stray quote
    further down would swallow every row in between.

Columns
    ``column`` is a header name, a **1-based** index as spreadsheets count columns (``1`` is
    column A; a string of digits is an index) or an Excel column letter (``A``, ``c``, ``AA``, up
    to three letters, case-insensitive, full-width too). A name is looked up exactly (after
    trimming spaces), then ignoring case, spaces and full-width forms; a string of one to three
    letters that names no header is a column letter. A name missing from the first row, an index of
    0, an index of more than 9 digits or an index or letter beyond the first row's columns is
    ``invalid_column``; a name that appears more than once in the first row is ``ambiguous_column``
    (name it by its index or letter instead).

    Without ``column``, a first-row cell that reads as a number column's header picks that column
    (the first such cell if several do): マイナンバー, 個人番号, 法人番号, My Number or Corporate
    Number, ignoring case, spaces, dashes and full-width forms, also two of them joined by brackets
    as in ``マイナンバー（個人番号）``. The report says so (``column_from_header`` is true and
    ``column_name`` is the header); otherwise the first column is checked.

Header row
    The first row is the first record that is not blank. With a column *name* it is the header.
    With an index (or no column), it is a header when its cell in that column is not empty and is
    not *number-like*; a cell is number-like when at least half of its non-space characters are
    digits (ASCII or full-width). So ``マイナンバー``, ``番号1``, ``ID2`` and ``N/A`` are headers;
    ``1234-5678-901X`` and ``12a`` are data (and reported as invalid). Name the column to make the
    first row a header whatever it contains.

Rows
    Row numbers are 1-based record numbers as a spreadsheet shows them: the header is row 1.
    Completely blank records are skipped (counted as ``blank``). A record too short to have the
    column is ``missing_column``; otherwise the cell gets the error of :func:`checkdigit.check`
    (``empty``, ``invalid_character``, ``wrong_length``, ``check_digit``). A file with no row to
    check (empty, only blank lines, or only a header) is ``empty_file``.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO, Callable, Final

from .checkdigit import classify
from .errors import InputError
from .normalize import DASHES, SPACES

CHUNK_SIZE: Final = 1 << 20
MAX_LISTED: Final = 1000
MAX_INDEX_DIGITS: Final = 9
MAX_LINE: Final = 4 * CHUNK_SIZE
ROW_ERRORS: Final = ("missing_column", "empty", "invalid_character", "wrong_length", "check_digit")
_DIGITS: Final = frozenset("0123456789０１２３４５６７８９")
_TEXT_LINE: Final = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")
_UTF8_THREE_BYTES: Final = re.compile(rb"[\xe0-\xef][\x80-\xbf]{2}")

ColumnSpec = str | int | None
MAX_LETTERS: Final = 3
NUMBER_HEADERS: Final = frozenset({"マイナンバー", "個人番号", "法人番号", "mynumber", "corporatenumber"})
_HEADER_IGNORED: Final = str.maketrans(dict.fromkeys(SPACES + DASHES.replace("ー", "").replace("ｰ", "") + "_"))
_BRACKETS: Final = re.compile(r"[()\[\]【】「」『』〔〕]")


@dataclass
class CsvReport:
    """Counts for one file; ``invalid_rows`` holds the first (row, error) pairs, never a number."""

    encoding: str
    header: bool = False
    column: int = 1
    column_from_header: bool = False
    column_name: str | None = None
    rows: int = 0
    valid_individual: int = 0
    valid_corporate: int = 0
    blank: int = 0
    errors: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ROW_ERRORS, 0))
    invalid_rows: list[tuple[int, str]] = field(default_factory=list)
    limit: int = MAX_LISTED

    @property
    def valid(self) -> int:
        """Rows whose number passed the check."""
        return self.valid_individual + self.valid_corporate

    @property
    def invalid(self) -> int:
        """Rows with any error (all of them, not only the listed ones)."""
        return sum(self.errors.values())

    def to_dict(self, include_rows: bool = True) -> dict[str, Any]:
        """The JSON summary (``check --csv --json`` and :func:`mynumber_guide.api.check_csv`).

        ``invalid_rows`` lists at most ``invalid_rows_limit`` rows, the first ones in the file;
        ``invalid`` is the total.
        """
        out: dict[str, Any] = {
            "encoding": self.encoding,
            "header": self.header,
            "column": self.column,
            "column_letter": column_letter(self.column),
            "column_from_header": self.column_from_header,
            "column_name": self.column_name,
            "rows": self.rows,
            "valid": self.valid,
            "invalid": self.invalid,
            "blank": self.blank,
            "valid_individual": self.valid_individual,
            "valid_corporate": self.valid_corporate,
            "errors": dict(self.errors),
        }
        if include_rows:
            out["invalid_rows"] = [{"row": row, "error": error} for row, error in self.invalid_rows]
            out["invalid_rows_limit"] = self.limit
        return out

    def summary_line(self) -> str:
        """One English line for the command line."""
        errors = ", ".join(f"{name} {count}" for name, count in self.errors.items() if count)
        picked = (f" {self.column_letter_name()}, picked by its header" if self.column_from_header else "")
        return (f"{self.rows} rows checked (column {self.column}{picked}"
                f"{', header row skipped' if self.header else ''}, {self.encoding}): "
                f"{self.valid} valid ({self.valid_individual} individual, {self.valid_corporate} corporate), "
                f"{self.invalid} invalid{f' ({errors})' if errors else ''}"
                f"{f', {self.blank} blank rows skipped' if self.blank else ''}")


    def column_letter_name(self) -> str:
        """``C "マイナンバー"``: the column's letter and its header, for the command line."""
        return f'{column_letter(self.column)} "{self.column_name}"'


def column_letter(number: int) -> str:
    """The spreadsheet letter of 1-based column *number*: 1 is ``A``, 27 is ``AA``."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def header_key(text: str) -> str:
    """A header compared ignoring case, spaces, dashes and full-width forms (``ＭＹ　Ｎｕｍｂｅｒ``)."""
    return unicodedata.normalize("NFKC", text).casefold().translate(_HEADER_IGNORED).strip()


def is_number_header(text: str) -> bool:
    """True for a header such as マイナンバー, 個人番号, ``My Number`` or ``マイナンバー（個人番号）``."""
    parts = [part for part in _BRACKETS.split(header_key(text)) if part]
    return bool(parts) and all(part in NUMBER_HEADERS for part in parts)


def _letter_index(text: str) -> int | None:
    """0-based index of an Excel column letter (``A``, ``aa``, full-width too), or None."""
    letters = unicodedata.normalize("NFKC", text).strip().upper()
    if not (1 <= len(letters) <= MAX_LETTERS and letters.isascii() and letters.isalpha()):
        return None
    number = 0
    for char in letters:
        number = number * 26 + ord(char) - ord("A") + 1
    return number - 1


# --- Decoding ------------------------------------------------------------------------------------

def _decodes(data: bytes, encoding: str) -> bool:
    try:
        codecs.getincrementaldecoder(encoding)("strict").decode(data, final=False)
    except UnicodeDecodeError:
        return False
    return True


def _looks_utf8(line: bytes) -> bool:
    """True for a line that is well-formed UTF-8 with a three-byte character (CP932 text never is)."""
    return _UTF8_THREE_BYTES.search(line) is not None and _decodes(line, "utf-8")


def _count_line_ends(data: bytes) -> int:
    """Line ends in *data*: LF, CR and CRLF each count once."""
    return data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")


def _encoding_error(code: str, line: int) -> InputError:
    if code == "mixed_encoding":
        message = (f"line {line}: the file mixes UTF-8 and Shift_JIS/CP932 text "
                   "(save the whole file as CSV UTF-8)")
    else:
        message = (f"line {line}: the file is neither UTF-8 nor Shift_JIS/CP932 text "
                   "(save it as CSV UTF-8)")
    return InputError(code, "file", message, line=line)


class _Decoder:
    """Turns a binary stream into text lines in one pass, deciding and checking the encoding."""

    def __init__(self, binary: BinaryIO) -> None:
        self._read = binary.read
        self.encoding = "utf-8"          # what the report says: utf-8, utf-8-sig or cp932
        self._decided: str | None = None  # the codec once a non-ASCII byte was seen
        self._decoder: Any = None
        self._line = 1                    # physical line number of the next block's first line

    def _chunk(self) -> bytes:
        try:
            return self._read(CHUNK_SIZE)
        except OSError as exc:
            raise InputError("unreadable_file", "file", f"cannot read the file: {exc.strerror or exc}") from None

    def _line_at(self, block: bytes, position: int) -> int:
        return self._line + _count_line_ends(block[:position])

    def _decide(self, block: bytes) -> None:
        """Choose the encoding from the first block with a non-ASCII byte (bounded: one chunk)."""
        if _decodes(block, "utf-8"):
            self._use("utf-8")
            return
        # Line by line: the first line that is neither, or where the encoding changes, is an error.
        first_kind: str | None = None
        for line, raw in enumerate(block.splitlines(), start=self._line):  # bytes split at CR/LF only
            if not raw.isascii():
                as_utf8, as_cp932 = _decodes(raw, "utf-8"), _decodes(raw, "cp932")
                if not (as_utf8 or as_cp932):
                    raise _encoding_error("unknown_encoding", line)
                kind = "utf-8" if as_utf8 and (_looks_utf8(raw) or not as_cp932) else "cp932"
                if first_kind is None:
                    first_kind = kind
                elif kind != first_kind:
                    raise _encoding_error("mixed_encoding", line)
        if first_kind != "cp932":  # pragma: no cover - UTF-8 lines alone would have decoded above
            raise _encoding_error("unknown_encoding", self._line)
        self._use("cp932")

    def _use(self, codec: str) -> None:
        self._decided = codec
        if self.encoding != "utf-8-sig":
            self.encoding = codec
        self._decoder = codecs.getincrementaldecoder(codec)("strict")

    def _check_block(self, block: bytes) -> None:
        """In a CP932 file, a line that is clearly UTF-8 means the file mixes encodings."""
        if self._decided != "cp932" or not _UTF8_THREE_BYTES.search(block):
            return
        for line, raw in enumerate(block.splitlines(), start=self._line):
            if not raw.isascii() and _looks_utf8(raw):
                raise _encoding_error("mixed_encoding", line)

    def _decode(self, block: bytes, final: bool) -> str:
        nul = block.find(b"\x00")
        if nul >= 0:
            raise _encoding_error("unknown_encoding", self._line_at(block, nul))
        if self._decided is None:
            if block.isascii():
                return block.decode("ascii")
            self._decide(block)
        self._check_block(block)
        try:
            return self._decoder.decode(block, final)
        except UnicodeDecodeError as exc:
            line = self._line_at(block, exc.start)
            start = block.rfind(b"\n", 0, exc.start) + 1
            end = block.find(b"\n", exc.start)
            raw = block[start:end if end >= 0 else len(block)]
            other = "cp932" if self._decided == "utf-8" else "utf-8"
            raise _encoding_error("mixed_encoding" if _decodes(raw, other) else "unknown_encoding", line) from None

    def lines(self) -> Iterator[str]:
        """Yield the text one physical line at a time (CR, LF and CRLF all end a line)."""
        carry = self._chunk()
        if carry.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # UTF-16 or UTF-32
            raise _encoding_error("unknown_encoding", 1)
        if carry.startswith(codecs.BOM_UTF8):
            carry = carry[len(codecs.BOM_UTF8):]
            self.encoding = "utf-8-sig"
            self._use("utf-8")
        while True:
            chunk = self._chunk()
            data = carry + chunk if chunk else carry
            if chunk:
                end = len(data) - 1 if data.endswith(b"\r") else len(data)  # a last CR may start a CRLF
                cut = max(data.rfind(b"\n", 0, end), data.rfind(b"\r", 0, end)) + 1
                if cut == 0:
                    if len(data) < MAX_LINE:
                        carry = data  # a long line: keep reading until it ends
                        continue
                    raise _csv_error(self._line, f"a line is longer than {MAX_LINE >> 20} MiB")
                block, carry = data[:cut], data[cut:]
            else:
                block, carry = data, b""
            text = self._decode(block, final=not chunk)
            for match in _TEXT_LINE.finditer(text):  # one line at a time: no list of a chunk's lines
                yield match.group()
            self._line += _count_line_ends(block)
            if not chunk:
                return


# --- Columns and header --------------------------------------------------------------------------

def _column_index(spec: ColumnSpec) -> int | str:
    """0-based index for an index spec, or the header name to look up."""
    if spec is None:
        return 0
    if isinstance(spec, bool):
        raise InputError("invalid_column", "column", "the column must be a header name or a 1-based index")
    if isinstance(spec, int):
        number = spec
    else:
        text = spec.strip()
        if not (text.isascii() and text.isdigit()):
            if not text:
                raise InputError("invalid_column", "column", "the column name is empty")
            return text
        if len(text.lstrip("0")) > MAX_INDEX_DIGITS:
            raise InputError("invalid_column", "column", "the column index is too large")
        number = int(text)
    if number < 1:
        raise InputError("invalid_column", "column", "column indexes start at 1 (column A is 1)")
    if number >= 10 ** MAX_INDEX_DIGITS:
        raise InputError("invalid_column", "column", "the column index is too large")
    return number - 1


def number_like(cell: str) -> bool:
    """True when at least half of the cell's non-space characters are digits (ASCII or full-width)."""
    chars = [char for char in cell if not char.isspace()]
    digits = sum(1 for char in chars if char in _DIGITS)
    return digits > 0 and 2 * digits >= len(chars)


def _is_blank(record: list[str]) -> bool:
    return not any(record)


def _looks_like_swallowed_rows(record: list[str], separators: int) -> bool:
    """A quoted cell whose inner lines have as many commas as a whole row: a stray quote."""
    if separators < 1:
        return False
    for cell in record:
        if "\n" in cell or "\r" in cell:
            inner = cell.splitlines()[1:]
            if any(line.count(",") >= separators for line in inner):
                return True
    return False


def _csv_error(line: int, reason: str) -> InputError:
    return InputError("invalid_csv", "file", f"line {line}: the file is not valid CSV ({reason})", line=line)


def _records(reader: Any) -> Iterator[tuple[int, int, list[str]]]:
    """Yield ``(record number, first line, cells)``, turning the reader's errors into InputErrors."""
    number = 0
    while True:
        start = reader.line_num + 1
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            reason = str(exc)
            if "end of data" in reason or "field larger" in reason:
                reason = "a quote opened in this record is never closed"
            raise _csv_error(start, reason) from None
        number += 1
        yield number, start, record


# --- Checking -----------------------------------------------------------------------------------

def check_stream(binary: BinaryIO, column: ColumnSpec = None,
                 on_invalid: Callable[[int, str], None] | None = None,
                 keep_rows: bool = True, limit: int = MAX_LISTED) -> CsvReport:
    """Check every row of the CSV in *binary* (opened in binary mode; need not be seekable).

    *on_invalid* is called with ``(row, error)`` as each invalid row is found (the command line
    prints them as it goes); with *keep_rows* the report also keeps the first *limit* of them.
    """
    wanted = _column_index(column)
    decoder = _Decoder(binary)
    reader = csv.reader(decoder.lines(), strict=True)
    report = CsvReport(encoding="utf-8", limit=limit)
    records = _records(reader)
    first: tuple[int, int, list[str]] | None = None
    blank = 0
    for item in records:
        if _is_blank(item[2]):
            blank += 1
            continue
        first = item
        break
    if first is None:
        raise InputError("empty_file", "file", "the file has no rows to check")
    cells = first[2]
    separators = len(cells) - 1
    if isinstance(wanted, str):
        found = _named_column(cells, wanted)
        if found is None:
            index = _letter_index(wanted)
            if index is None:
                raise InputError("invalid_column", "column", "no column with that name in the first row")
        else:
            index = found
            report.header = True
    else:
        index = wanted
        if column is None:
            picked = next((i for i, cell in enumerate(cells) if is_number_header(cell)), None)
            if picked is not None:
                index = picked
                report.column_from_header = True
                report.column_name = cells[picked].strip()
    if not report.header:
        if index >= len(cells):
            raise InputError("invalid_column", "column",
                             f"column {index + 1} ({column_letter(index + 1)}) does not exist: "
                             f"the first row has {len(cells)} columns")
        cell = cells[index]
        report.header = bool(cell.strip()) and not number_like(cell)
    report.column = index + 1
    if _looks_like_swallowed_rows(cells, separators):
        raise _csv_error(first[1], "a quoted cell holds lines that look like rows: is a quote not closed?")

    errors = report.errors
    invalid_rows = report.invalid_rows
    keep = limit if keep_rows else 0
    checked = individual = corporate = 0
    rest: Iterator[tuple[int, int, list[str]]] = records if report.header else _chain_first(first, records)
    for row_number, start, record in rest:
        if reader.line_num > start and _looks_like_swallowed_rows(record, separators):
            raise _csv_error(start, "a quoted cell holds lines that look like rows: is a quote not closed?")
        if index < len(record):
            cell = record[index]
            if not cell and _is_blank(record):
                blank += 1
                continue
            kind, error = classify(cell)
        elif _is_blank(record):
            blank += 1
            continue
        else:
            kind, error = None, "missing_column"
        checked += 1
        if error is None:
            if kind == "individual":
                individual += 1
            else:
                corporate += 1
            continue
        errors[error] += 1
        if len(invalid_rows) < keep:
            invalid_rows.append((row_number, error))
        if on_invalid is not None:
            on_invalid(row_number, error)
    if checked == 0:
        raise InputError("empty_file", "file", "the file has no rows to check")
    report.encoding = decoder.encoding
    report.rows = checked
    report.valid_individual = individual
    report.valid_corporate = corporate
    report.blank = blank
    return report


def _named_column(cells: list[str], wanted: str) -> int | None:
    """0-based index of the column headed *wanted* (exactly, else ignoring case, spaces, width)."""
    for compare in (str.strip, header_key):
        names = [compare(name) for name in cells]
        target = compare(wanted)
        if target and target in names:
            if names.count(target) > 1:
                raise InputError("ambiguous_column", "column",
                                 "that name heads more than one column in the first row: "
                                 "give the column's index or letter")
            return names.index(target)
    return None


def _chain_first(first: tuple[int, int, list[str]], rest: Iterator[tuple[int, int, list[str]]]
                 ) -> Iterator[tuple[int, int, list[str]]]:
    yield first
    yield from rest


def detect_encoding(binary: BinaryIO) -> str:
    """Return ``"utf-8-sig"``, ``"utf-8"`` or ``"cp932"`` for a whole binary file (in one pass).

    Raises :class:`InputError` ``unknown_encoding`` or ``mixed_encoding`` as :func:`check_stream`
    would. Reads the file to its end.
    """
    decoder = _Decoder(binary)
    for _ in decoder.lines():
        pass
    return decoder.encoding


def check_bytes(data: bytes, column: ColumnSpec = None) -> CsvReport:
    """Check a CSV file held in memory (the browser reads the chosen file into bytes)."""
    return check_stream(io.BytesIO(data), column)
