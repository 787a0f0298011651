"""The raw table of a log file (XES, CSV, Parquet, gzipped or not), read within the limits of
`verksam.limits`: compressed input is expanded only up to the uncompressed-size cap, and Parquet's
metadata and decoded size are checked before the log is scanned.
"""

from __future__ import annotations

import gzip
import io
import re
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from verksam.formats.spreadsheet import unescape_csv_text
from verksam.limits import Limits, read_capped, too_large, too_many_events

if TYPE_CHECKING:
    from verksam.mining.log import ReadOptions

PARQUET_BATCH = 4096  # rows decoded at once while measuring a Parquet file


class SourceError(ValueError):
    """A log file that cannot be read; mining.log turns it into a LogError."""


def csv_sample(path: Path, options: ReadOptions) -> pl.LazyFrame | None:
    """The first rows of a plain CSV file, read with ordinary file I/O: sampling through the
    scanner would map a large part of the file into memory just to look at 2,000 rows."""
    if not path.name.lower().endswith((".csv", ".tsv", ".txt")):
        return None
    try:
        with path.open("rb") as handle:
            head = handle.read(1 << 20)
        if len(head) == 1 << 20:
            head = head[: head.rfind(b"\n") + 1]  # whole lines only
        frame = pl.read_csv(
            io.BytesIO(head), separator=_separator(path, options), infer_schema=False
        )
    except (OSError, pl.exceptions.PolarsError):
        return None  # the scanner will report the problem with the file
    return frame.head(2000).lazy()


SEPARATORS = (",", ";", "\t", "|")


def detect_separator(head: bytes) -> str:
    """The field separator of CSV text from its first lines: the candidate that occurs most
    often, outside quotes, and as often in every full line sampled (Excel in Sweden and Norway
    writes ";", because the comma is the decimal sign there). "," when nothing decides."""
    text = head.decode("utf-8", errors="replace")
    lines = [line for line in text.splitlines()[:20] if line.strip()]
    if len(lines) > 1 and not head.endswith((b"\n", b"\r")):
        lines = lines[:-1]  # the last line may be cut off

    def count(line: str, sep: str) -> int:
        return len(re.sub(r'"[^"]*"', "", line).split(sep)) - 1

    best, best_count = ",", 0
    for sep in SEPARATORS:
        counts = [count(line, sep) for line in lines]
        if counts and counts[0] > best_count and all(c == counts[0] for c in counts):
            best, best_count = sep, counts[0]
    return best


def _head(path: Path) -> bytes:
    """The first 64 KiB of a (possibly gzipped) text file."""
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    with opener(path, "rb") as handle:
        return bytes(handle.read(1 << 16))


def _separator(path: Path, options: ReadOptions) -> str:
    if options.separator is not None:
        return options.separator
    try:
        return detect_separator(_head(path))
    except (OSError, EOFError, zlib.error):
        return "\t" if path.name.lower().endswith((".tsv", ".tsv.gz")) else ","


def csv_columns(path: Path, options: ReadOptions) -> tuple[str, list[str]]:
    """The separator and column names of a CSV file, from its header (for an upload form).

    Raises
    ------
    SourceError
        When the header cannot be read.
    """
    separator = _separator(path, options)
    try:
        frame = pl.read_csv(
            io.BytesIO(_head(path)), separator=separator, n_rows=1, infer_schema=False
        )
    except (OSError, EOFError, zlib.error, pl.exceptions.PolarsError) as exc:
        raise SourceError(f"{path}: cannot read the first line: {exc}") from exc
    return separator, frame.columns


def _parquet_files(path: Path) -> list[Path]:
    return sorted(path.rglob("*.parquet")) if path.is_dir() else [path]


def check_parquet(path: Path, limits: Limits) -> None:
    """Refuse a Parquet file (or folder) whose rows or decoded size exceed the limits.

    Row counts and the uncompressed page sizes come from the metadata. Text columns are then
    decoded batch by batch and their size counted, because dictionary encoding lets a short file
    repeat one long value a million times: that would only show once decoded.

    Raises
    ------
    LimitError
        Naming the file and the limit it exceeds.
    """
    import pyarrow.parquet as pq  # here: Arrow adds ~25 MiB to every process that reads a log

    rows = 0
    decoded = 0
    for file in _parquet_files(path):
        parquet = pq.ParquetFile(file)
        meta = parquet.metadata
        rows += meta.num_rows
        if rows > limits.events:
            raise too_many_events(str(path), limits.events)
        pages = sum(
            meta.row_group(g).column(c).total_uncompressed_size
            for g in range(meta.num_row_groups)
            for c in range(meta.num_columns)
        )
        if decoded + pages > limits.uncompressed_bytes:
            raise too_large(str(path), limits.uncompressed_bytes)
        variable: list[str] = []
        for column in parquet.schema_arrow:
            try:
                decoded += meta.num_rows * column.type.bit_width // 8
            except ValueError:  # no fixed width: text, binary, nested
                variable.append(column.name)
        if decoded > limits.uncompressed_bytes:
            raise too_large(str(path), limits.uncompressed_bytes)
        if variable:
            for batch in parquet.iter_batches(batch_size=PARQUET_BATCH, columns=variable):
                decoded += batch.nbytes
                if decoded > limits.uncompressed_bytes:
                    raise too_large(str(path), limits.uncompressed_bytes)


def _read_csv_gz(path: Path, options: ReadOptions, limits: Limits) -> pl.LazyFrame:
    with gzip.open(path, "rb") as handle:
        data = read_capped(handle, limits.uncompressed_bytes, str(path))
    frame = pl.read_csv(io.BytesIO(data), separator=_separator(path, options), infer_schema=False)
    if frame.height > limits.events:
        raise too_many_events(str(path), limits.events)
    return unescape_csv_text(frame.lazy())


def scan_source(path: Path, options: ReadOptions) -> pl.LazyFrame:
    """The raw lazy table of a log file, by its name.

    Raises
    ------
    SourceError
        When the format is unknown or the file cannot be read.
    LimitError
        When it expands beyond the limits (``options.limits``, else the environment's).
    """
    name = path.name.lower()
    limits = options.limits or Limits.from_env()
    try:
        if name.endswith((".xes", ".xes.gz")):
            # Here, not at the top: lxml is loaded only for XES logs.
            from verksam.formats.xes import LINE_COLUMN, XesError, read_xes

            try:
                return read_xes(path, limits).drop(LINE_COLUMN).lazy()
            except XesError as exc:
                raise SourceError(str(exc)) from exc
        if name.endswith(".parquet") or path.is_dir():
            check_parquet(path, limits)
            return pl.scan_parquet(path)
        if name.endswith((".csv", ".tsv", ".txt")):
            return unescape_csv_text(
                pl.scan_csv(path, separator=_separator(path, options), infer_schema=False)
            )
        if name.endswith((".csv.gz", ".tsv.gz")):
            return _read_csv_gz(path, options, limits)
    except (OSError, EOFError, zlib.error, pl.exceptions.PolarsError) as exc:
        raise SourceError(f"{path}: cannot read the log: {exc}") from exc
    except Exception as exc:  # Arrow's errors, without importing Arrow for every log
        if type(exc).__module__.split(".")[0] != "pyarrow":
            raise
        raise SourceError(f"{path}: cannot read the log: {exc}") from exc
    raise SourceError(f"{path}: unknown log format; use .xes, .xes.gz, .csv, .csv.gz or .parquet")
