"""Check a column of numbers in a CSV file without ever printing a number.

For HR staff checking a spreadsheet export of employees' numbers. The file is streamed: memory use
does not grow with its size.

Encoding
    UTF-8 (with or without a byte-order mark) or Shift_JIS as Japanese Excel writes it (decoded as
    CP932, Microsoft's superset of Shift_JIS). :func:`detect_encoding` reads the whole file once,
    in chunks, before any row is checked: UTF-8 is tried first (pure ASCII counts as UTF-8), then
    CP932; a file that is neither (or that contains NUL bytes, as UTF-16 files do) is rejected with
    ``unknown_encoding`` before anything is printed.

Columns
    ``column`` is a header name (exact match after trimming spaces) or a **1-based** index, as
    spreadsheets count columns (``1`` is column A); a string of digits is an index. Without
    ``column`` the first column is checked. A name missing from the first row, an index of 0 or an
    index beyond the first row's columns is ``invalid_column``.

Header row
    With a column *name* the first row must be the header. With an index, the first row is taken to
    be a header when its cell in that column is not empty and contains no digit at all (ASCII or
    full-width), e.g. ``マイナンバー`` or ``Individual Number``.

Rows
    Row numbers are 1-based record numbers as a spreadsheet shows them: the header is row 1.
    Completely blank records are skipped (counted as ``blank``). A record too short to have the
    column is ``missing_column``; otherwise the cell gets the error of :func:`checkdigit.check`
    (``empty``, ``invalid_character``, ``wrong_length``, ``check_digit``).
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass, field
from typing import Any, BinaryIO, Callable, Final

from .checkdigit import classify
from .errors import InputError

CHUNK_SIZE: Final = 1 << 20
ROW_ERRORS: Final = ("missing_column", "empty", "invalid_character", "wrong_length", "check_digit")
_DIGITS: Final = frozenset("0123456789０１２３４５６７８９")

ColumnSpec = str | int | None


@dataclass
class CsvReport:
    """Counts for one file; ``invalid_rows`` holds (row, error) pairs, never a number."""

    encoding: str
    header: bool = False
    column: int = 1
    rows: int = 0
    valid_individual: int = 0
    valid_corporate: int = 0
    blank: int = 0
    errors: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ROW_ERRORS, 0))
    invalid_rows: list[tuple[int, str]] = field(default_factory=list)

    @property
    def valid(self) -> int:
        """Rows whose number passed the check."""
        return self.valid_individual + self.valid_corporate

    @property
    def invalid(self) -> int:
        """Rows with any error."""
        return sum(self.errors.values())

    def to_dict(self, include_rows: bool = True) -> dict[str, Any]:
        """The JSON summary (``check --csv --json`` and :func:`mynumber_guide.api.check_csv`)."""
        out: dict[str, Any] = {
            "encoding": self.encoding,
            "header": self.header,
            "column": self.column,
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
        return out

    def summary_line(self) -> str:
        """One English line for the command line."""
        errors = ", ".join(f"{name} {count}" for name, count in self.errors.items() if count)
        return (f"{self.rows} rows checked (column {self.column}"
                f"{', header row skipped' if self.header else ''}, {self.encoding}): "
                f"{self.valid} valid ({self.valid_individual} individual, {self.valid_corporate} corporate), "
                f"{self.invalid} invalid{f' ({errors})' if errors else ''}"
                f"{f', {self.blank} blank rows skipped' if self.blank else ''}")


def _decodes(binary: BinaryIO, encoding: str) -> bool:
    binary.seek(0)
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    try:
        while chunk := binary.read(CHUNK_SIZE):
            if b"\x00" in chunk:
                return False
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def detect_encoding(binary: BinaryIO) -> str:
    """Return ``"utf-8-sig"``, ``"utf-8"`` or ``"cp932"`` for a seekable binary file.

    Reads the file in chunks (constant memory); leaves the position at the start. Raises
    :class:`InputError` ``unknown_encoding`` if neither encoding decodes the whole file.
    """
    binary.seek(0)
    bom = binary.read(3) == codecs.BOM_UTF8
    try:
        if _decodes(binary, "utf-8"):
            return "utf-8-sig" if bom else "utf-8"
        if not bom and _decodes(binary, "cp932"):
            return "cp932"
    finally:
        binary.seek(0)
    raise InputError("unknown_encoding", "file",
                     "the file is neither UTF-8 nor Shift_JIS/CP932 text (save it as CSV UTF-8)")


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
        number = int(text)
    if number < 1:
        raise InputError("invalid_column", "column", "column indexes start at 1 (column A is 1)")
    return number - 1


def check_stream(binary: BinaryIO, column: ColumnSpec = None,
                 on_invalid: Callable[[int, str], None] | None = None,
                 keep_rows: bool = True) -> CsvReport:
    """Check every row of the CSV in *binary* (seekable, opened in binary mode).

    *on_invalid* is called with ``(row, error)`` as each invalid row is found (the command line
    prints them as it goes); *keep_rows* decides whether the report also collects them.
    """
    encoding = detect_encoding(binary)
    text = io.TextIOWrapper(binary, encoding=encoding, errors="strict", newline="")
    try:
        return _check_rows(csv.reader(text), encoding, column, on_invalid, keep_rows)
    except csv.Error as exc:
        raise InputError("invalid_csv", "file", f"the file is not valid CSV ({exc})") from None
    finally:
        text.detach()


def _check_rows(reader: Any, encoding: str, column: ColumnSpec,
                on_invalid: Callable[[int, str], None] | None, keep_rows: bool) -> CsvReport:
    report = CsvReport(encoding=encoding)
    wanted = _column_index(column)
    rows = enumerate(reader, start=1)
    first = next(rows, None)
    if isinstance(wanted, str):
        names = [name.strip() for name in first[1]] if first is not None else []
        if wanted not in names:
            raise InputError("invalid_column", "column", "no column with that name in the first row")
        index = names.index(wanted)
        report.header = True
    else:
        index = wanted
        if first is not None and index >= len(first[1]):
            raise InputError("invalid_column", "column",
                             f"column {index + 1} does not exist: the first row has {len(first[1])} columns")
        if first is not None:
            cell = first[1][index]
            report.header = bool(cell.strip()) and not (_DIGITS & set(cell))
    report.column = index + 1
    if first is not None and not report.header:
        rows_iter: Any = _chain_first(first, rows)
    else:
        rows_iter = rows

    errors = report.errors
    invalid_rows = report.invalid_rows
    checked = individual = corporate = blank = 0
    for row_number, record in rows_iter:
        if index < len(record):
            cell = record[index]
            if not cell and not any(record):
                blank += 1
                continue
            kind, error = classify(cell)
        elif not any(record):
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
        if keep_rows:
            invalid_rows.append((row_number, error))
        if on_invalid is not None:
            on_invalid(row_number, error)
    report.rows = checked
    report.valid_individual = individual
    report.valid_corporate = corporate
    report.blank = blank
    return report


def _chain_first(first: tuple[int, list[str]], rest: Any) -> Any:
    yield first
    yield from rest


def check_bytes(data: bytes, column: ColumnSpec = None) -> CsvReport:
    """Check a CSV file held in memory (the browser reads the chosen file into bytes)."""
    return check_stream(io.BytesIO(data), column)
