"""The one formula guard: every spreadsheet or CSV the app writes goes through it.

A spreadsheet runs a text cell that starts with `=`, `+`, `-`, `@`, a tab or
a carriage return as a formula (CSV injection: `=HYPERLINK(...)` in a name).
Such text is written with a leading `'`, which Excel and Calc show as text;
the register's import takes it off again (`unguard_formula`).
"""

import csv
from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def guard_formula(text: str) -> str:
    """A text cell as written: a leading `'` before anything a spreadsheet would run."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def unguard_formula(text: str) -> str:
    """The value as it was before guard_formula; any other leading `'` is kept."""
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@\t\r":
        return text[1:]
    return text


def safe_value(value: Any) -> Any:
    """Text guarded; numbers, dates and None as they are."""
    return guard_formula(value) if isinstance(value, str) else value


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe_value(value) for value in values]


class SafeCsvWriter:
    """csv.writer whose every row is guarded (None written as an empty value)."""

    def __init__(self, handle, **options):
        self._writer = csv.writer(handle, **options)

    def writerow(self, values: Iterable[Any]) -> None:
        self._writer.writerow(["" if v is None else safe_value(v) for v in values])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for values in rows:
            self.writerow(values)


def append_safe(sheet, values: Iterable[Any]) -> None:
    """Append a row to an openpyxl sheet with every text cell guarded."""
    sheet.append(safe_row(values))
