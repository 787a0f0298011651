"""Step lists: the table of steps managers keep in Excel, read from pasted text, CSV or XLSX.

A step list has one row per step, in order: its name, who does it (a role, by name), minutes of
work, waiting time before it starts, "only in N % of cases" and "goes back to step X in N % of
cases" (`verksam.model.steps.Step`, which turns such a list into a process variant). This module
only reads:

    from verksam.formats.steplist import parse_steps, read_steps, StepListError

    steps = parse_steps("Ta emot ansökan\\tRegistrator\\t5\\nBesluta\\tEnhetschef\\t10").steps
    steps = read_steps(Path("steg.xlsx").read_bytes(), "steg.xlsx").steps

Text is tab-separated (as Excel and LibreOffice copy cells) or, when no line holds a tab, CSV with
`;` or `,`. A first row naming the columns (Swedish, Norwegian or English words) is recognised and
then decides the order of the columns; without one the order is the one above. Numbers take a
decimal comma (`1,5`) and may carry a unit (`15 min`, `2 h`, `2 t`, `3 dagar`); percentages are
read from `30 %`, `30%`, `30` and `0,3` alike. Every problem names its line and column, with a
message code and parameters (`MESSAGES`) that the web app translates; nothing is returned then.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import math
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

from verksam.model.steps import Step

MAX_STEPS = 1000
MAX_NAME = 300
MAX_BYTES = 20_000_000  # an uploaded file, and what an XLSX may unpack to

FIELDS = ("name", "role", "touch_minutes", "waiting_hours", "share", "back_to", "back_share")
"""The columns of a step list without a header row, in this order."""


def gettext_noop(message: str) -> str:
    """Marks a message template for translation without translating it (read by makemessages)."""
    return message


MESSAGES: dict[str, str] = {
    "empty": gettext_noop("the list holds no steps"),
    "too-many": gettext_noop("the list holds {count} steps; at most {limit} are read at once"),
    "name-missing": gettext_noop("the row has values but no step name"),
    "name-too-long": gettext_noop("the step name is longer than {limit} characters"),
    "number": gettext_noop("“{value}” is not a number (write for example 12,5)"),
    "negative": gettext_noop("“{value}” is negative"),
    "percentage": gettext_noop("“{value}” is not a share (write 30 %, 30 or 0,3)"),
    "percentage-range": gettext_noop("“{value}” is more than 100 %"),
    "back-to-unknown": gettext_noop(
        "“{value}” is not a step of the list (write the name or number of an earlier step)"
    ),
    "back-to-later": gettext_noop(
        "“{value}” comes later in the list; a step can only go back to itself or an earlier step"
    ),
    "back-share-without-step": gettext_noop(
        "a share that goes back needs the step it goes back to"
    ),
    "back-share-all": gettext_noop(
        "a step cannot go back in 100 % of cases: the case would never be finished"
    ),
    "duplicate-column": gettext_noop("the column “{value}” appears twice"),
    "unreadable-text": gettext_noop(
        "the file cannot be read as text (UTF-8, UTF-16 or Windows-1252)"
    ),
    "not-xlsx": gettext_noop("the file is not an Excel workbook (.xlsx)"),
    "too-large": gettext_noop("the file is larger than {limit} MB"),
    "unknown-format": gettext_noop("read .xlsx, .csv, .tsv or .txt files"),
}


@dataclass(frozen=True)
class StepProblem:
    """What is wrong where: line and column (1-based; 0 = the whole line or file), the field read
    there (one of FIELDS, or ""), a message code of MESSAGES and its parameters."""

    line: int
    column: int
    field: str
    code: str
    params: dict[str, Any] = dataclasses.field(default_factory=dict)

    @property
    def message(self) -> str:
        """The message in English (the web app translates the template of `code` instead)."""
        return MESSAGES[self.code].format(**self.params)

    def __str__(self) -> str:
        place = f"line {self.line}" if self.line else ""
        if self.column:
            place += f", column {self.column}"
        return f"{place}: {self.message}" if place else self.message


class StepListError(ValueError):
    """A step list that cannot be read; `problems` names every place (nothing is returned)."""

    def __init__(self, problems: list[StepProblem], name: str = "") -> None:
        self.problems = problems
        self.name = name
        text = "; ".join(str(p) for p in problems)
        super().__init__(f"{name}: {text}" if name else text)


@dataclass(frozen=True)
class StepList:
    """The steps read, and the header texts of columns that were not read (e.g. comments)."""

    steps: list[Step]
    ignored_columns: list[str] = field(default_factory=list)


# Header words per field, compared after `_header_key` (lower case, no units or punctuation).
HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("steg", "namn", "aktivitet", "name", "step", "activity", "arbetssteg", "prosessteg",
             "processteg", "navn", "vad gors", "hva gjores", "what is done", "task", "uppgift",
             "oppgave"),
    "role": ("roll", "rolle", "role", "vem", "hvem", "who", "vem gor det", "hvem gjor det",
             "who does it", "utforare", "utforer", "performer", "ansvarig", "ansvarlig"),
    "touch_minutes": ("minuter", "minutter", "minutes", "min", "arbetstid", "arbeidstid",
                      "work", "tid", "time", "touch time", "bearbetningstid", "behandlingstid",
                      "arbete", "arbeid", "minuter arbete", "minutter arbeid", "minutes of work"),
    "waiting_hours": ("vantetid", "ventetid", "waiting", "waiting time", "vantan", "venting",
                      "liggtid", "wait"),
    "share": ("andel", "bara i", "endast i", "kun i", "only in", "share", "andel av arendena",
              "andel av sakene", "share of cases", "hur ofta", "hvor ofte", "how often"),
    "back_to": ("gar tillbaka till", "tillbaka till", "gar tilbake til", "tilbake til",
                "goes back to", "back to", "ater till", "igen fran", "retur till", "retur til"),
    "back_share": ("andel tillbaka", "tillbaka andel", "andel tilbake", "tilbake andel",
                   "share back", "back share", "hur ofta tillbaka", "hvor ofte tilbake",
                   "how often back"),
}  # fmt: skip
NUMBERING = ("nr", "no", "number", "nummer", "#", "steg nr", "step no", "lopnummer", "lopenummer")
_HEADER_OF = {alias: key for key, aliases in HEADERS.items() for alias in aliases}
_FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o", "æ": "a", "ø": "o", "é": "e"})

# Units a number may carry, per field, as a factor to the field's own unit.
_MINUTE_UNITS = {"": 1.0, "min": 1.0, "minuter": 1.0, "minutter": 1.0, "minutes": 1.0,
                 "minute": 1.0, "minut": 1.0, "m": 1.0, "h": 60.0, "t": 60.0, "tim": 60.0,
                 "timmar": 60.0, "timme": 60.0, "timer": 60.0, "time": 60.0, "hours": 60.0,
                 "hour": 60.0}  # fmt: skip
_HOUR_UNITS = {"": 1.0, "h": 1.0, "t": 1.0, "tim": 1.0, "timmar": 1.0, "timme": 1.0,
               "timer": 1.0, "time": 1.0, "hours": 1.0, "hour": 1.0, "min": 1 / 60,
               "minuter": 1 / 60, "minutter": 1 / 60, "minutes": 1 / 60, "d": 24.0, "dag": 24.0,
               "dagar": 24.0, "dager": 24.0, "dogn": 24.0, "days": 24.0, "day": 24.0,
               "v": 168.0, "vecka": 168.0, "veckor": 168.0, "uke": 168.0, "uker": 168.0,
               "week": 168.0, "weeks": 168.0}  # fmt: skip
_UNITS = {"touch_minutes": _MINUTE_UNITS, "waiting_hours": _HOUR_UNITS}
_NUMBER = re.compile(r"^([-+]?[\d\s\u00a0\u202f.,]*\d[\d\s\u00a0\u202f.,]*)\s*([^\d\s].*)?$")

Cell = str | float | int | None


def _header_key(text: str) -> str:
    text = re.sub(r"\(.*?\)|\[.*?\]", " ", text.casefold()).translate(_FOLD)
    text = re.sub(r"[^\w#]+", " ", text.replace("%", " "))
    return " ".join(text.split())


def read_number(text: str) -> float:
    """A decimal number as people write it in sv/nb/en: `1 234,5`, `1,5`, `1.5`, `1,234.5`.

    A lone comma is a decimal comma. Raises ValueError when the text is no number.
    """
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", text)
    if "," in cleaned and "." in cleaned:
        # the separator that comes last is the decimal one: 1.234,5 or 1,234.5
        if cleaned.rfind(",") > cleaned.rfind("."):
            cleaned = cleaned.replace(".", "").replace(",", ".")
        else:
            cleaned = cleaned.replace(",", "")
    else:
        cleaned = cleaned.replace(",", ".")
    if not re.fullmatch(r"[-+]?(\d+\.?\d*|\.\d+)", cleaned):
        raise ValueError(text)
    return float(cleaned)


def read_share(value: Cell) -> float:
    """A share of cases (0–1) from `30 %`, `30%`, `30`, `0,3`, `0.3` or a number from a cell.

    A value with `%`, or a whole number, is a percentage; a decimal number up to 1 is a fraction
    (so `1` is 1 % and `1,0` is 100 %). Raises ValueError for anything else or more than 100 %.
    """
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, (int, float)):
        number = float(value)
        share = number if not number.is_integer() and number <= 1 else number / 100
    else:
        text = str(value).strip()
        percent = text.endswith("%")
        body = text[:-1].strip() if percent else text
        number = read_number(body)
        decimal = bool(re.search(r"[.,]", body))
        share = number / 100 if percent or not decimal or number > 1 else number
    if not math.isfinite(share) or share < 0:
        raise ValueError(value)
    if share > 1:
        raise OverflowError(value)
    return share


def _measure(value: Cell, units: dict[str, float]) -> float:
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip()
    match = _NUMBER.match(text)
    if not match:
        raise ValueError(text)
    unit = _header_key(match.group(2) or "")
    if unit not in units:
        raise ValueError(text)
    return read_number(match.group(1)) * units[unit]


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    # control characters (other than the spaces kept) have no place in a name
    return re.sub(r"[\x00-\x1f\x7f]+", " ", str(value)).strip()


@dataclass
class _Reader:
    rows: list[tuple[int, list[Cell]]]  # (line number, cells)
    count: int = 0  # data rows
    problems: list[StepProblem] = field(default_factory=list)

    def problem(self, line: int, column: int, key: str, code: str, **params: Any) -> None:
        self.problems.append(StepProblem(line, column, key, code, params))

    def columns(self) -> tuple[dict[str, int], list[str], list[tuple[int, list[Cell]]]]:
        """Which column holds which field, the ignored header texts, and the data rows."""
        if not self.rows:
            return dict(zip(FIELDS, range(len(FIELDS)), strict=True)), [], []
        line, first = self.rows[0]
        keys = [_header_key(_text(c)) for c in first]
        known = [_HEADER_OF.get(k) for k in keys]
        if not any(known):
            return dict(zip(FIELDS, range(len(FIELDS)), strict=True)), [], self.rows
        where: dict[str, int] = {}
        ignored = []
        for index, (key, cell) in enumerate(zip(known, first, strict=True)):
            if key is None:
                if keys[index] and keys[index] not in NUMBERING:
                    ignored.append(_text(cell))
                continue
            if key in where:
                self.problem(line, index + 1, key, "duplicate-column", value=_text(cell))
            where[key] = index
        return where, ignored, self.rows[1:]

    def steps(self) -> StepList:
        where, ignored, data = self.columns()
        rows = [(line, cells) for line, cells in data if any(_text(c) for c in cells)]
        if len(rows) > MAX_STEPS:
            self.problem(0, 0, "", "too-many", count=len(rows), limit=MAX_STEPS)
            raise StepListError(self.problems)
        self.count = len(rows)
        names = [self.cell(cells, where, "name") for _line, cells in rows]
        by_name = {_text(n).casefold(): i for i, n in reversed(list(enumerate(names)))}
        steps = [self.step(i, line, cells, where, by_name) for i, (line, cells) in enumerate(rows)]
        if not rows and not self.problems:
            self.problem(0, 0, "", "empty")
        if self.problems:
            raise StepListError(self.problems)
        return StepList([s for s in steps if s is not None], ignored)

    @staticmethod
    def cell(cells: list[Cell], where: dict[str, int], key: str) -> Cell:
        index = where.get(key)
        return cells[index] if index is not None and index < len(cells) else None

    def step(
        self, position: int, line: int, cells: list[Cell], where: dict[str, int],
        by_name: dict[str, int],
    ) -> Step | None:  # fmt: skip
        def at(key: str) -> tuple[Cell, int]:
            return self.cell(cells, where, key), where.get(key, -1) + 1

        name = _text(at("name")[0])
        if not name:
            self.problem(line, at("name")[1], "name", "name-missing")
        elif len(name) > MAX_NAME:
            self.problem(line, at("name")[1], "name", "name-too-long", limit=MAX_NAME)
        values: dict[str, Any] = {"name": name, "role": _text(at("role")[0])}
        for key in ("touch_minutes", "waiting_hours"):
            raw, column = at(key)
            if _text(raw):
                try:
                    number = _measure(raw, _UNITS[key])
                except ValueError:
                    self.problem(line, column, key, "number", value=_text(raw))
                    continue
                if number < 0 or not math.isfinite(number):
                    self.problem(line, column, key, "negative", value=_text(raw))
                    continue
                values[key] = number
        for key in ("share", "back_share"):
            raw, column = at(key)
            if _text(raw):
                try:
                    values[key] = read_share(raw)
                except OverflowError:
                    self.problem(line, column, key, "percentage-range", value=_text(raw))
                except ValueError:
                    self.problem(line, column, key, "percentage", value=_text(raw))
        raw, column = at("back_to")
        target = _text(raw)
        if target:
            index = by_name.get(target.casefold())
            if index is None and re.fullmatch(r"\d+", target):
                index = int(target) - 1 if 1 <= int(target) <= self.count else None
            if index is None:
                self.problem(line, column, "back_to", "back-to-unknown", value=target)
            elif index > position:
                self.problem(line, column, "back_to", "back-to-later", value=target)
            else:
                values["back_to"] = index
        elif values.get("back_share") is not None:
            self.problem(line, at("back_share")[1], "back_share", "back-share-without-step")
        if values.get("back_share") == 1.0 and "back_to" in values:
            self.problem(line, at("back_share")[1], "back_share", "back-share-all")
        return Step(**values) if name else None


def _sniff(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    if any("\t" in line for line in lines):
        return "\t"
    if lines and ";" in lines[0]:
        return ";"
    return ","


def parse_steps(text: str, *, name: str = "") -> StepList:
    """Read a step list from text: tab-separated (pasted cells) or CSV with `;` or `,`.

    Raises StepListError naming the line and column of every problem (`name` names the source).
    """
    delimiter = _sniff(text)
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter)
    rows: list[tuple[int, list[Cell]]] = []
    start = 1
    try:
        for cells in reader:
            rows.append((start, list(cells)))
            start = reader.line_num + 1
            if len(rows) > MAX_STEPS + 1:
                break
    except csv.Error:
        # a quote left open swallows the rest: read the text as plain lines instead
        rows = [
            (i, list(line.split(delimiter))) for i, line in enumerate(text.splitlines(), start=1)
        ]
    try:
        return _Reader(rows).steps()
    except StepListError as exc:
        raise StepListError(exc.problems, name) from None


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252", errors="strict")  # Excel's CSV on Swedish/Norwegian Windows
    return text


def _xlsx_rows(data: bytes, name: str) -> list[tuple[int, list[Cell]]]:
    from openpyxl import load_workbook

    def fail(code: str, **params: Any) -> StepListError:
        return StepListError([StepProblem(0, 0, "", code, params)], name)

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise fail("not-xlsx") from None
    if unpacked > MAX_BYTES:  # a zip bomb unpacks to far more than it weighs
        raise fail("too-large", limit=MAX_BYTES // 1_000_000)
    try:
        # openpyxl parses with defusedxml when it is installed (it is a dependency here)
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds (KeyError, InvalidFileException, ...)
        raise fail("not-xlsx") from None
    try:
        sheet = book.worksheets[0] if book.worksheets else None
        rows: list[tuple[int, list[Cell]]] = []
        for line, row in enumerate(sheet.iter_rows() if sheet is not None else [], start=1):
            cells: list[Cell] = []
            for cell in row:
                value = cell.value
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    fmt = str(getattr(cell, "number_format", "") or "")
                    cells.append(f"{value * 100:g} %" if "%" in fmt else value)
                elif value is None or isinstance(value, str):
                    cells.append(value)
                else:
                    cells.append(str(value))
            rows.append((line, cells))
            if len(rows) > MAX_STEPS + 1:
                break
        return rows
    finally:
        book.close()


def read_steps(data: bytes, filename: str) -> StepList:
    """Read a step list from a file's bytes: .xlsx (first sheet), .csv, .tsv or .txt.

    Raises StepListError naming the file and the line and column of every problem.
    """
    if len(data) > MAX_BYTES:
        raise StepListError(
            [StepProblem(0, 0, "", "too-large", {"limit": MAX_BYTES // 1_000_000})], filename
        )
    lower = filename.lower()
    if lower.endswith((".xlsx", ".xlsm")):
        rows = _xlsx_rows(data, filename)
        try:
            return _Reader(rows).steps()
        except StepListError as exc:
            raise StepListError(exc.problems, filename) from None
    if not lower.endswith((".csv", ".tsv", ".txt", ".tab")):
        raise StepListError([StepProblem(0, 0, "", "unknown-format")], filename)
    try:
        text = _decode(data)
    except UnicodeDecodeError:
        raise StepListError([StepProblem(0, 0, "", "unreadable-text")], filename) from None
    return parse_steps(text, name=filename)


__all__ = [
    "FIELDS",
    "MESSAGES",
    "Step",
    "StepList",
    "StepListError",
    "StepProblem",
    "parse_steps",
    "read_number",
    "read_share",
    "read_steps",
]
