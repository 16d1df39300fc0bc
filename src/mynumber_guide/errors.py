"""The one exception for bad input, with a stable code the browser can translate.

Codes (``InputError.code``):

``unknown_option``       a parameter name the command does not know (field: that name)
``not_applicable``       a known option that does not apply here, e.g. ``returning`` on arrival
``conflicting_options``  both ``departure`` and ``arrival``
``missing_date``         a date the plan needs is missing (``departure``/``arrival``,
                         ``reentry-permit-expiry`` with ``returning=reentry-permit``)
``invalid_date``         not of the form ``YYYY-MM-DD``
``impossible_date``      well-formed but not in the calendar, e.g. ``2026-02-30``
``out_of_range``         a date outside the years the calculator supports
``date_order``           a date that must come after the departure does not
``after_departure``      a date that must be on or before the departure is not (``left-job``)
``missing_choice``       a question the plan needs is unanswered (``leaving-home`` when coming back)
``not_leaving_home``     ``leaving-home=no`` while not coming back (no re-entry permission)
``invalid_number``       not a whole number in the allowed range
``invalid_choice``       a value outside the allowed set (``returning``, ``insurance``, yes/no flags)
``invalid_column``       a CSV column that does not exist (field: ``column``)
``ambiguous_column``     a CSV column name that heads more than one column (field: ``column``)
``unknown_encoding``     a CSV file that is neither UTF-8 nor Shift_JIS/CP932 (field: ``file``)
``mixed_encoding``       a CSV file with both UTF-8 and Shift_JIS/CP932 lines (field: ``file``)
``invalid_csv``          a file the strict CSV reader rejects, e.g. a quote never closed (field: ``file``)
``empty_file``           a CSV file with no row to check (field: ``file``)
``too_large``            a file too large to check in the memory available (field: ``file``)
``unreadable_file``      a file that cannot be opened or read (field: ``file``)
``invalid_params``       the browser passed something other than an object of parameters
``invalid_calendar``     the browser passed tasks or texts that cannot make a calendar file

The CSV codes ``unknown_encoding``, ``mixed_encoding`` and ``invalid_csv`` carry ``line``: the
line of the file (1-based, as a text editor counts them) where the problem starts.
"""

from __future__ import annotations

from typing import Any


class InputError(ValueError):
    """Bad input: carries a stable ``code``, the offending ``field`` and an English message."""

    def __init__(self, code: str, field: str | None, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.field = field
        self.message = message
        self.line = line

    def to_dict(self) -> dict[str, Any]:
        """``{"error": {"code": ..., "field": ...}}`` as returned by :mod:`mynumber_guide.api`,
        with ``"line"`` added when the error names a line of a file."""
        error: dict[str, Any] = {"code": self.code, "field": self.field}
        if self.line is not None:
            error["line"] = self.line
        return {"error": error}
