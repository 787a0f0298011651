"""XES event logs (IEEE 1849, as written by ProM, Disco and PM4Py): a streamed reader and writer.

The reader walks the file with lxml's iterparse one trace at a time (entities are not resolved and
nothing is fetched from the network), so the XML tree never sits in memory; it returns one flat
table with a row per event, like PM4Py: event attributes under their XES keys and trace attributes
prefixed with ``case:`` (``case:concept:name`` is the case id). Plain ``.xes`` and gzipped
``.xes.gz`` files are both read and written.
"""

from __future__ import annotations

import gzip
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, cast

import polars as pl
from lxml import etree

from verksam.limits import CappedReader, Limits, too_many_events

XES_NAMESPACE = "http://www.xes-standard.org/"
CASE_PREFIX = "case:"
LINE_COLUMN = "xes:line"  # the event's line in the file, kept for error messages only
_TYPES = {"string", "date", "int", "float", "boolean", "id"}
_DATE_FORMATS = (
    "%Y-%m-%dT%H:%M:%S%.f%:z",
    "%Y-%m-%dT%H:%M:%S%.fZ",
    "%Y-%m-%dT%H:%M:%S%.f%z",
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M:%S%.f%:z",
    "%Y-%m-%d",
)
# Canonical column -> XES key, for writing frames that use the mining module's names.
CANONICAL_KEYS = {
    "activity": "concept:name",
    "timestamp": "time:timestamp",
    "start_timestamp": "start_timestamp",
    "resource": "org:resource",
    "lifecycle": "lifecycle:transition",
}


class XesError(ValueError):
    """A broken or unreadable XES file; the message names the file and the line."""


@dataclass
class _Column:
    """Values of one attribute key: the rows that have it, their values, and the XES types seen."""

    rows: list[int] = field(default_factory=list)
    values: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    types: set[str] = field(default_factory=set)

    def add(self, row: int, value: str, kind: str, line: int) -> None:
        self.rows.append(row)
        self.values.append(value)
        self.lines.append(line)
        self.types.add(kind)


def _open(path: Path, limit: int) -> IO[bytes]:
    """The file's bytes, decompressed when gzipped, failing beyond ``limit`` bytes."""
    gzipped = path.suffix.lower() == ".gz"
    raw = cast(IO[bytes], gzip.open(path, "rb") if gzipped else path.open("rb"))  # noqa: SIM115
    return cast(IO[bytes], CappedReader(raw, limit, str(path)))


def _local(tag: object) -> str:
    text = str(tag)
    return text.rsplit("}", 1)[-1] if text.startswith("{") else text


def _parse_dates(values: pl.Series, lines: list[int], key: str, path: Path) -> pl.Series:
    """Parse XES date strings (ISO 8601 with or without offset) to UTC; name the bad lines."""
    parsed = pl.Series(values.name, [None] * len(values), dtype=pl.Datetime("us", "UTC"))
    for fmt in _DATE_FORMATS:
        missing = parsed.is_null()
        if not missing.any():
            break
        attempt = values.str.to_datetime(fmt, strict=False, time_unit="us", exact=True)
        if attempt.dtype == pl.Datetime("us"):  # no offset in the text: XES says local, we say UTC
            attempt = attempt.dt.replace_time_zone("UTC")
        else:
            attempt = attempt.dt.convert_time_zone("UTC")
        parsed = parsed.zip_with(~missing, attempt)
    bad = (parsed.is_null() & values.is_not_null()).arg_true()
    if len(bad):
        shown = ", ".join(f"line {lines[i]}: {values[i]!r}" for i in bad.head(5).to_list())
        raise XesError(
            f"{path}: {len(bad)} unparsable date(s) in attribute {key!r} ({shown}); "
            "expected ISO 8601 such as 2024-03-01T09:30:00.000+01:00"
        )
    return parsed


def _build(columns: dict[str, _Column], n_rows: int, path: Path) -> dict[str, pl.Series]:
    out: dict[str, pl.Series] = {}
    for key, col in columns.items():
        raw = pl.Series(key, col.values, dtype=pl.String)
        kinds = col.types
        series: pl.Series
        if kinds == {"date"}:
            series = _parse_dates(raw, col.lines, key, path)
        elif kinds == {"int"}:
            series = raw.cast(pl.Int64, strict=False)
            if series.null_count() > raw.null_count():
                series = raw
        elif kinds <= {"int", "float"}:
            series = raw.cast(pl.Float64, strict=False)
            if series.null_count() > raw.null_count():
                series = raw
        elif kinds == {"boolean"}:
            series = raw.str.to_lowercase() == "true"
        else:
            series = raw
        full = pl.Series(key, [None] * n_rows, dtype=series.dtype)
        if len(series):
            full = full.scatter(col.rows, series)
        out[key] = full
    return out


def read_xes(path: str | Path, limits: Limits | None = None) -> pl.DataFrame:
    """Read an XES or XES.gz log into a flat frame, one row per event in file order.

    Event attributes keep their XES keys (``concept:name``, ``time:timestamp``, ...); trace
    attributes get the prefix ``case:``. Dates become UTC datetimes, ints Int64, floats Float64,
    booleans Boolean; nested attributes (lists, containers) keep only their own value.

    Raises
    ------
    XesError
        When the file cannot be read, is not well-formed XML, has no ``<log>`` root, or holds a
        date that does not parse (naming the line).
    LimitError
        When the (decompressed) file is larger than ``limits.uncompressed_bytes`` or holds more
        than ``limits.events`` events; reading stops there.
    """
    path = Path(path)
    limits = limits or Limits.from_env()
    events: dict[str, _Column] = {}
    traces: dict[str, _Column] = {}
    event_trace: list[int] = []
    event_lines: list[int] = []
    n_traces = 0
    root_seen = False
    try:
        with _open(path, limits.uncompressed_bytes) as handle:
            context = etree.iterparse(
                handle,
                events=("start", "end"),
                resolve_entities=False,
                no_network=True,
                remove_comments=True,
            )
            for action, element in context:
                if action == "start":
                    if not root_seen:
                        root_seen = True
                        if _local(element.tag) != "log":
                            raise XesError(
                                f"{path}: line {element.sourceline}: the root element is "
                                f"<{_local(element.tag)}>, not <log>: not an XES file"
                            )
                    continue
                if _local(element.tag) != "trace":
                    continue
                trace_row = n_traces
                n_traces += 1
                for child in element:
                    name = _local(child.tag)
                    if name == "event":
                        row = len(event_trace)
                        if row >= limits.events:
                            raise too_many_events(str(path), limits.events)
                        event_trace.append(trace_row)
                        event_lines.append(child.sourceline or 0)
                        for attr in child:
                            kind = _local(attr.tag)
                            key = attr.get("key")
                            if kind in _TYPES and key is not None:
                                value = attr.get("value")
                                if value is not None:
                                    events.setdefault(key, _Column()).add(
                                        row, value, kind, attr.sourceline or 0
                                    )
                    elif name in _TYPES:
                        key = child.get("key")
                        value = child.get("value")
                        if key is not None and value is not None:
                            traces.setdefault(key, _Column()).add(
                                trace_row, value, name, child.sourceline or 0
                            )
                # Drop the finished trace so memory holds one trace at a time.
                element.clear(keep_tail=False)
                parent = element.getparent()
                if parent is not None:
                    while element.getprevious() is not None:
                        del parent[0]
    except etree.XMLSyntaxError as exc:
        raise XesError(f"{path}: line {exc.lineno}: not well-formed XML: {exc.msg}") from exc
    except (OSError, EOFError, zlib.error) as exc:  # BadGzipFile is an OSError
        raise XesError(f"{path}: cannot read the file: {exc}") from exc
    if not root_seen:
        raise XesError(f"{path}: the file is empty")

    n_events = len(event_trace)
    columns = _build(events, n_events, path)
    trace_columns = _build(traces, n_traces, path)
    index = pl.Series("trace", event_trace, dtype=pl.UInt32)
    frame = pl.DataFrame(list(columns.values())) if columns else pl.DataFrame()
    case_series = [
        series.gather(index).alias(CASE_PREFIX + key) for key, series in trace_columns.items()
    ]
    if f"{CASE_PREFIX}concept:name" not in {s.name for s in case_series}:
        # A trace without a name: number it, so its events still form one case.
        case_series.append(
            (index + 1).cast(pl.String).alias(f"{CASE_PREFIX}concept:name")
            if n_events
            else pl.Series(f"{CASE_PREFIX}concept:name", [], dtype=pl.String)
        )
    else:
        ids = next(s for s in case_series if s.name == f"{CASE_PREFIX}concept:name")
        if ids.null_count():
            filled = ids.cast(pl.String).fill_null((index + 1).cast(pl.String))
            case_series = [filled if s.name == ids.name else s for s in case_series]
    frame = frame.with_columns(case_series) if frame.width else pl.DataFrame(case_series)
    return frame.with_columns(pl.Series(LINE_COLUMN, event_lines, dtype=pl.UInt32))


def _xes_type(dtype: pl.DataType) -> str:
    if dtype == pl.Boolean:
        return "boolean"
    if dtype.is_integer():
        return "int"
    if dtype.is_float():
        return "float"
    if isinstance(dtype, pl.Datetime) or dtype == pl.Date:
        return "date"
    return "string"


def _as_text(frame: pl.DataFrame) -> pl.DataFrame:
    """Every column as the text XES stores (dates ISO 8601 in UTC with milliseconds)."""
    exprs: list[pl.Expr] = []
    for name, dtype in frame.schema.items():
        col = pl.col(name)
        if isinstance(dtype, pl.Datetime):
            zoned = (
                col.dt.convert_time_zone("UTC")
                if dtype.time_zone
                else col.dt.replace_time_zone("UTC")
            )
            exprs.append(zoned.dt.to_string("%Y-%m-%dT%H:%M:%S%.3f%:z").alias(name))
        elif dtype == pl.Date:
            exprs.append(col.dt.to_string("%Y-%m-%dT00:00:00.000+00:00").alias(name))
        elif dtype == pl.Boolean:
            exprs.append(col.cast(pl.String).str.to_lowercase().alias(name))
        else:
            exprs.append(col.cast(pl.String).alias(name))
    return frame.select(exprs)


def _rename_canonical(frame: pl.DataFrame) -> pl.DataFrame:
    """Map the mining module's canonical names onto XES keys, leaving XES-named frames alone."""
    if "case" in frame.columns and f"{CASE_PREFIX}concept:name" not in frame.columns:
        frame = frame.rename({"case": f"{CASE_PREFIX}concept:name"})
    renames = {
        c: k for c, k in CANONICAL_KEYS.items() if c in frame.columns and k not in frame.columns
    }
    return frame.rename(renames).drop(LINE_COLUMN, "event_index", strict=False)


def write_xes(frame: pl.DataFrame | pl.LazyFrame, path: str | Path) -> None:
    """Write an event log as XES (gzipped when the name ends in ``.gz``), one trace per case.

    The frame uses either XES keys (``case:concept:name``, ``concept:name``, ``time:timestamp``,
    ...) or the mining module's canonical names (``case``, ``activity``, ``timestamp``,
    ``start_timestamp``, ``resource``, ``lifecycle``); columns prefixed ``case:`` become trace
    attributes, all others event attributes typed from their dtype. Traces come in order of their
    first event and events by time, equal times keeping their order. The file is written to a
    temporary name first, so a failure leaves nothing half-written.

    Raises
    ------
    XesError
        When the frame has no case or activity column.
    """
    path = Path(path)
    data = frame.collect() if isinstance(frame, pl.LazyFrame) else frame
    data = _rename_canonical(data)
    case_key = f"{CASE_PREFIX}concept:name"
    for needed in (case_key, "concept:name"):
        if needed not in data.columns:
            raise XesError(f"{path}: cannot write XES without a {needed!r} column")
    types = {name: _xes_type(dtype) for name, dtype in data.schema.items()}
    data = data.with_row_index("__row")
    first_seen = data.group_by(pl.col(case_key).cast(pl.String).alias("__key")).agg(
        pl.col("__row").min().alias("__first")
    )
    data = data.join(
        first_seen, left_on=pl.col(case_key).cast(pl.String), right_on="__key", how="left"
    )
    sort_cols = ["__first"]
    if "time:timestamp" in data.columns:
        sort_cols.append("time:timestamp")
    data = data.sort([*sort_cols, "__row"], nulls_last=True).drop(
        "__row", "__first", "__key", strict=False
    )
    text = _as_text(data)
    names = text.columns
    case_pos = names.index(case_key)
    trace_pos = [i for i, n in enumerate(names) if n.startswith(CASE_PREFIX)]
    event_pos = [i for i, n in enumerate(names) if not n.startswith(CASE_PREFIX)]
    tmp = path.with_name(path.name + ".part")
    try:
        raw: Any = gzip.open(tmp, "wb") if path.suffix.lower() == ".gz" else tmp.open("wb")  # noqa: SIM115
        with raw, etree.xmlfile(raw, encoding="utf-8") as xf:
            xf.write_declaration()
            with xf.element("log", {"xes.version": "1.0", "xes.features": "nested-attributes",
                                    "xmlns": XES_NAMESPACE}):  # fmt: skip
                for prefix, name in (
                    ("concept", "Concept"),
                    ("time", "Time"),
                    ("org", "Organizational"),
                    ("lifecycle", "Lifecycle"),
                ):
                    xf.write(
                        etree.Element(
                            "extension",
                            name=name,
                            prefix=prefix,
                            uri=f"http://www.xes-standard.org/{prefix}.xesext",
                        )
                    )
                trace: Any = None
                current: str | None = None
                for row in text.iter_rows():
                    if trace is None or row[case_pos] != current:
                        if trace is not None:
                            xf.write(trace)
                        current = row[case_pos]
                        trace = etree.Element("trace")
                        for i in trace_pos:
                            if row[i] is not None:
                                key = names[i]
                                etree.SubElement(
                                    trace, types[key], key=key[len(CASE_PREFIX) :], value=row[i]
                                )
                    element = etree.SubElement(trace, "event")
                    for i in event_pos:
                        if row[i] is not None:
                            etree.SubElement(element, types[names[i]], key=names[i], value=row[i])
                if trace is not None:
                    xf.write(trace)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
