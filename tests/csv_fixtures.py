"""The edge-case CSV files of the December 2026 security probe, rebuilt on demand.

``write_all(folder)`` writes every file of :data:`CASES` into *folder* (tests pass ``tmp_path``)
and returns their paths; ``build(name)`` returns one file's bytes. Every number is synthetic:
valid ones are made with the check-digit functions from made-up bases, invalid ones change their
check digit. ``EXPECTED`` says what checking each file (with ``COLUMNS[name]``) must give: either
``("error", code, line)`` or ``("ok", rows, invalid)``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from mynumber_guide.checkdigit import complete_individual

HEADER = "社員番号,氏名,My Number"


def valid_number(i: int) -> str:
    """A made-up valid My Number (base 10 000 000 000 + i)."""
    return complete_individual(f"{10_000_000_000 + i:011d}")


def invalid_number(i: int) -> str:
    """*valid_number(i)* with a wrong check digit."""
    number = valid_number(i)
    return number[:-1] + str((int(number[-1]) + 1) % 10)


def staff_rows(count: int = 1000, invalid_every: int = 10) -> list[str]:
    """``count`` rows ``E0001,Name1,number``; E0011, E0021, ... (one in *invalid_every*) are invalid."""
    return [f"E{i:04d},Name{i},{invalid_number(i) if i % invalid_every == 1 and i > 1 else valid_number(i)}"
            for i in range(1, count + 1)]


def stray_quote() -> bytes:
    """1 000 rows, 99 of them invalid; row 4's name opens a quote that is never closed."""
    rows = staff_rows()
    rows[3] = rows[3].replace(",Name4,", ',"Tanaka,')
    return ("\n".join([HEADER, *rows]) + "\n").encode()


def stray_quote_closed_later() -> bytes:
    """A stray quote on row 4 closed by another stray quote on row 500: rows 5-499 would vanish."""
    rows = staff_rows()
    rows[3] = rows[3].replace(",Name4,", ',"Tanaka,')
    rows[499] = rows[499].replace(",Name500,", ',Sato",')
    return ("\n".join([HEADER, *rows]) + "\n").encode()


def text_after_quote() -> bytes:
    """A closed quote followed by more text in the same cell (``"Tanaka" Taro``): not strict CSV."""
    rows = staff_rows(20)
    rows[6] = rows[6].replace(",Name7,", ',"Tanaka" Taro,')
    return ("\n".join([HEADER, *rows]) + "\n").encode()


def multiline_note() -> bytes:
    """A legitimate quoted cell with a line break (an address): still read, rows counted right."""
    rows = staff_rows(5)
    rows[1] = rows[1].replace(",Name2,", ',"1-2-3 Shibuya,\nTokyo",')
    return ("\n".join([HEADER, *rows]) + "\n").encode()


def header_with_digits() -> bytes:
    """A header whose checked cell contains a digit (``番号1``): still a header, not an invalid row."""
    return ("番号1,ID2\n" + "\n".join(f"{valid_number(i)},{i}" for i in range(1, 6)) + "\n").encode()


def formula_header() -> bytes:
    """A header cell that is a spreadsheet formula with a digit in it."""
    return ("=cmd|' /C calc'!A0\n" + "\n".join(valid_number(i) for i in range(1, 4)) + "\n").encode()


def duplicate_headers() -> bytes:
    """Two columns headed ``id``."""
    return ("id,id\n" + "\n".join(f"E{i},{valid_number(i)}" for i in range(1, 4)) + "\n").encode()


def cp932_header_utf8_body() -> bytes:
    return "社員番号,氏名,マイナンバー\n".encode("cp932") + \
        "".join(f"E{i},田中{i},{valid_number(i)}\n" for i in range(1, 4)).encode()


def utf8_header_cp932_body() -> bytes:
    return "社員番号,氏名,マイナンバー\n".encode() + \
        "".join(f"E{i},田中{i},{valid_number(i)}\n" for i in range(1, 4)).encode("cp932")


def bom_sjis() -> bytes:
    """A UTF-8 byte-order mark, then Shift_JIS text."""
    return b"\xef\xbb\xbf" + ("社員番号,マイナンバー\n" + f"E1,{valid_number(1)}\n").encode("cp932")


def sjis_ok() -> bytes:
    """A plain Shift_JIS file with Japanese names on every row: read as CP932."""
    return ("社員番号,氏名,マイナンバー\n" + "".join(
        f"E{i},ﾀﾅｶ 田中{i},{valid_number(i) if i % 2 else invalid_number(i)}\n" for i in range(1, 11))).encode("cp932")


def many_invalid() -> bytes:
    """3 000 invalid rows: only the first 1 000 are listed."""
    return ("number\n" + "\n".join(invalid_number(i) for i in range(3000)) + "\n").encode()


def utf16() -> bytes:
    return "番号\n123\n".encode("utf-16")


CASES: dict[str, Callable[[], bytes]] = {
    "stray_quote.csv": stray_quote,
    "stray_quote_closed_later.csv": stray_quote_closed_later,
    "text_after_quote.csv": text_after_quote,
    "multiline_note.csv": multiline_note,
    "header_with_digits.csv": header_with_digits,
    "formula_header.csv": formula_header,
    "duplicate_headers.csv": duplicate_headers,
    "cp932_header_utf8_body.csv": cp932_header_utf8_body,
    "utf8_header_cp932_body.csv": utf8_header_cp932_body,
    "bom_sjis.csv": bom_sjis,
    "sjis_ok.csv": sjis_ok,
    "many_invalid.csv": many_invalid,
    "utf16.csv": utf16,
    "empty.csv": lambda: b"",
    "blank_lines.csv": lambda: b"\r\n\r\n\n",
    "header_only.csv": lambda: "社員番号,マイナンバー\n".encode(),
}

COLUMNS: dict[str, str | None] = {name: None for name in CASES}
COLUMNS.update({
    "stray_quote.csv": "My Number", "stray_quote_closed_later.csv": "My Number", "text_after_quote.csv": "3",
    "multiline_note.csv": "3", "duplicate_headers.csv": "id", "sjis_ok.csv": "マイナンバー",
    "cp932_header_utf8_body.csv": "3", "utf8_header_cp932_body.csv": "3", "empty.csv": "5",
    "header_only.csv": "2",
})

EXPECTED: dict[str, tuple[str, ...] | tuple[str, int, int]] = {
    "stray_quote.csv": ("error", "invalid_csv", 5),
    "stray_quote_closed_later.csv": ("error", "invalid_csv", 5),
    "text_after_quote.csv": ("error", "invalid_csv", 8),
    "multiline_note.csv": ("ok", 5, 0),
    "header_with_digits.csv": ("ok", 5, 0),
    "formula_header.csv": ("ok", 3, 0),
    "duplicate_headers.csv": ("error", "ambiguous_column", None),
    "cp932_header_utf8_body.csv": ("error", "mixed_encoding", 2),
    "utf8_header_cp932_body.csv": ("error", "mixed_encoding", 2),
    "bom_sjis.csv": ("error", "mixed_encoding", 1),
    "sjis_ok.csv": ("ok", 10, 5),
    "many_invalid.csv": ("ok", 3000, 3000),
    "utf16.csv": ("error", "unknown_encoding", 1),
    "empty.csv": ("error", "empty_file", None),
    "blank_lines.csv": ("error", "empty_file", None),
    "header_only.csv": ("error", "empty_file", None),
}


def build(name: str) -> bytes:
    """The bytes of the file *name*."""
    return CASES[name]()


def write_all(folder: Path) -> dict[str, Path]:
    """Write every file into *folder*; return ``{name: path}``."""
    paths = {}
    for name, make in CASES.items():
        path = folder / name
        path.write_bytes(make())
        paths[name] = path
    return paths
