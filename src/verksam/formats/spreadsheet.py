"""Keeps user text from turning into a live formula when a spreadsheet opens an export.

Excel and LibreOffice read a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, after a
tab or carriage return, the same) as a formula. CSV exports follow the OWASP rule: such a text
cell gets a leading apostrophe, which spreadsheets show as plain text. Text that is a plain number
(``-12``, ``+3.5``) is left as it is: a number is not a formula. Reading a CSV log back removes
the apostrophe again (`unescape_csv_text`), so Verksam's own CSV files round-trip.
"""

from __future__ import annotations

import re

import polars as pl

FORMULA_START = "=+-@\t\r"
_FORMULA_PATTERN = r"^[=+\-@\t\r]"
_NUMBER_PATTERN = r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$"
_ESCAPED_PATTERN = r"^'([=+\-@\t\r])"
_NUMBER = re.compile(_NUMBER_PATTERN)


def starts_like_formula(text: str) -> bool:
    """True when a spreadsheet would read `text` as a formula (and it is not a plain number)."""
    return bool(text) and text[0] in FORMULA_START and _NUMBER.match(text) is None


def escape_csv_text(frame: pl.LazyFrame) -> pl.LazyFrame:
    """`frame` with every text cell that would start a formula prefixed by an apostrophe."""
    text_columns = [
        name
        for name, dtype in frame.collect_schema().items()
        if dtype == pl.String or isinstance(dtype, (pl.Categorical, pl.Enum))
    ]
    return frame.with_columns(
        _escaped(pl.col(name).cast(pl.String)).alias(name) for name in text_columns
    )


def _escaped(text: pl.Expr) -> pl.Expr:
    risky = text.str.contains(_FORMULA_PATTERN) & ~text.str.contains(_NUMBER_PATTERN)
    return pl.when(risky).then(pl.lit("'") + text).otherwise(text)


def unescape_csv_text(frame: pl.LazyFrame) -> pl.LazyFrame:
    """`frame` (all text, as read from CSV) without the apostrophes `escape_csv_text` added."""
    # Only cells that begin with an apostrophe go through the regular expression: running it over
    # every cell of a large log copied all its text and took a quarter of the mining time.
    text = pl.all()
    return frame.with_columns(
        pl.when(text.str.starts_with("'"))
        .then(text.str.replace(_ESCAPED_PATTERN, "$1"))
        .otherwise(text)
    )


__all__ = ["FORMULA_START", "escape_csv_text", "starts_like_formula", "unescape_csv_text"]
