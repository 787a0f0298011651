"""Measured values from a file: a CSV or XLSX table with a date, a value and an optional note on
each line, as people in Sweden and Norway save it (semicolons, decimal commas, 31.03.2026).

The file is read whole before anything is saved: every problem is reported with its line and the
column's name, and a file with any problem saves nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from verksam.formats.steplist import _decode, read_number
from verksam.web.indicators.series import Point

MAX_BYTES = 5_000_000
MAX_ROWS = 10_000
MAX_PROBLEMS = 20  # shown; the count says how many more there are
# Header words (case-insensitive) for each column, in sv, nb and en.
HEADERS = {
    "date": {"date", "datum", "dato", "dag", "day", "month", "månad", "måned", "period", "tid"},
    "value": {"value", "värde", "verdi", "mätvärde", "måleverdi", "measured value", "amount",
              "antal", "antall", "andel", "share", "utfall", "resultat"},
    "note": {"note", "notes", "anteckning", "kommentar", "comment", "merknad", "notat"},
}  # fmt: skip
ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d\d:?\d\d)?)?")
DOTTED = re.compile(r"(\d{1,2})[./](\d{1,2})[./](\d{4})")
MONTH = re.compile(r"(\d{4})-(\d{1,2})")


@dataclass(frozen=True)
class Problem:
    line: int  # 0: the file as a whole
    column: str  # the column's name in words, "" for the whole line or file
    message: str

    def __str__(self) -> str:
        if not self.line:
            return self.message
        if not self.column:
            return _("Line %(line)s: %(message)s") % {"line": self.line, "message": self.message}
        return _("Line %(line)s, column “%(column)s”: %(message)s") % {
            "line": self.line, "column": self.column, "message": self.message}  # fmt: skip


class UploadError(ValueError):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems

    @property
    def shown(self) -> list[Problem]:
        return self.problems[:MAX_PROBLEMS]

    @property
    def more(self) -> int:
        return max(0, len(self.problems) - MAX_PROBLEMS)


def read_date(value: Any) -> dt.date:
    """A date as a cell holds it: a date, 2026-03-31, 31.03.2026, 31/03/2026 or 2026-03 (the
    month's last day). Raises ValueError otherwise."""
    import calendar

    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if match := ISO.fullmatch(text):
        year, month, day = (int(g) for g in match.groups())
    elif match := DOTTED.fullmatch(text):
        day, month, year = (int(g) for g in match.groups())
    elif match := MONTH.fullmatch(text):
        year, month = (int(g) for g in match.groups())
        if not 1 <= month <= 12:
            raise ValueError(text)
        day = calendar.monthrange(year, month)[1]
    else:
        raise ValueError(text)
    return dt.date(year, month, day)  # ValueError for 31.02.2026


def read_value(value: Any) -> float:
    if isinstance(value, bool):
        raise ValueError(str(value))
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = str(value).strip().replace("\u2212", "-").rstrip("%").strip()
        number = read_number(text)
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError(str(value))
    return number


def _csv_rows(data: bytes) -> list[list[Any]]:
    try:
        text = _decode(data)
    except UnicodeDecodeError:
        raise UploadError([Problem(0, "", _("The file is not text we can read."))]) from None
    lines = [line for line in text.splitlines() if line.strip()]
    first = lines[0] if lines else ""
    # Excel in Sweden and Norway saves with semicolons; a tab means pasted cells.
    delimiter = "\t" if "\t" in first else ";" if ";" in first else ","
    try:
        return [
            list(row) for row in csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter)
        ]
    except csv.Error:
        return [line.split(delimiter) for line in text.splitlines()]


def _xlsx_rows(data: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook

    not_xlsx = UploadError([Problem(0, "", _("The file is not an Excel workbook (.xlsx)."))])
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise not_xlsx from None
    if unpacked > 10 * MAX_BYTES:  # a zip bomb unpacks to far more than it weighs
        raise UploadError([Problem(0, "", _("The file is too large."))])
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds (KeyError, InvalidFileException, ...)
        raise not_xlsx from None
    try:
        sheet = book.worksheets[0] if book.worksheets else None
        rows = []
        for row in sheet.iter_rows(values_only=True) if sheet is not None else []:
            rows.append(list(row))
            if len(rows) > MAX_ROWS + 1:
                break
        return rows
    finally:
        book.close()


def _blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _cell(cells: list[Any], index: int | None) -> Any:
    return cells[index] if index is not None and index < len(cells) else None


def _columns(first: list[Any]) -> tuple[dict[str, int], bool]:
    """The position of each column, and whether the first line is a header."""
    try:
        read_date(first[0] if first else "")
    except ValueError:
        pass
    else:
        return {"date": 0, "value": 1, "note": 2}, False
    names = [str(c or "").strip().casefold() for c in first]
    found: dict[str, int] = {}
    for key, words in HEADERS.items():
        for i, name in enumerate(names):
            if name in words or name.split(" (")[0] in words:
                found.setdefault(key, i)
    found.setdefault("date", 0)
    found.setdefault("value", 1 if found["date"] != 1 else 0)
    if "note" not in found:  # the first other column, named or not
        found["note"] = next(i for i in range(len(names) + 3) if i not in found.values())
    return found, True


def read_values(data: bytes, filename: str) -> list[Point]:
    """The dated values of a file (sorted by date). Raises UploadError with every problem."""
    if len(data) > MAX_BYTES:
        raise UploadError([Problem(0, "", _("The file is too large (limit %(limit)s MB).")
                                   % {"limit": MAX_BYTES // 1_000_000})])  # fmt: skip
    lower = filename.lower()
    if lower.endswith((".xlsx", ".xlsm")):
        rows = _xlsx_rows(data)
    elif lower.endswith((".csv", ".txt", ".tsv")):
        rows = _csv_rows(data)
    else:
        raise UploadError([Problem(0, "", _("Choose a .csv or .xlsx file."))])
    numbered = [(i, r) for i, r in enumerate(rows, start=1) if not all(_blank(c) for c in r)]
    if not numbered:
        raise UploadError([Problem(0, "", _("The file has no values."))])
    where, header = _columns(numbered[0][1])
    if header:
        numbered = numbered[1:]
    if len(numbered) > MAX_ROWS:
        raise UploadError([Problem(0, "", _("The file has more than %(n)s lines of values.")
                                   % {"n": MAX_ROWS})])  # fmt: skip
    names = {"date": _("date"), "value": _("value"), "note": _("note")}
    problems: list[Problem] = []
    points: dict[dt.date, Point] = {}
    seen: dict[dt.date, int] = {}
    for line, cells in numbered:
        raw_date, raw_value, raw_note = (
            _cell(cells, where.get(k)) for k in ("date", "value", "note")
        )
        date: dt.date | None = None
        value: float | None = None
        if _blank(raw_date):
            problems.append(Problem(line, names["date"], _("the date is missing.")))
        else:
            try:
                date = read_date(raw_date)
            except ValueError:
                problems.append(Problem(line, names["date"], _(
                    "“%(text)s” is not a date; write it as 2026-03-31 or 31.03.2026."
                ) % {"text": str(raw_date).strip()}))  # fmt: skip
        if _blank(raw_value):
            problems.append(Problem(line, names["value"], _("the value is missing.")))
        else:
            try:
                value = read_value(raw_value)
            except ValueError:
                problems.append(Problem(line, names["value"], _(
                    "“%(text)s” is not a number; write it as 12,5 or 12.5."
                ) % {"text": str(raw_value).strip()}))  # fmt: skip
        if date is not None and date in seen:
            problems.append(Problem(line, names["date"], _(
                "%(date)s is also on line %(other)s; give each date once."
            ) % {"date": date.isoformat(), "other": seen[date]}))  # fmt: skip
        elif date is not None:
            seen[date] = line
        if date is not None and value is not None:
            note = "" if _blank(raw_note) else str(raw_note).strip()[:500]
            points[date] = Point(date, value, note)
    if problems:
        raise UploadError(problems)
    return [points[d] for d in sorted(points)]
