"""Event logs in one canonical shape: import from XES, CSV and Parquet, check, pseudonymise.

An *event log* records what happened in each *case* (one errand, application or order): one row per
event with the activity done and when. Every importer returns the same lazy table:

==================  ===============================  ======================================
column              type                             meaning
==================  ===============================  ======================================
``case``            Categorical                      the case id
``activity``        Categorical                      the activity name
``timestamp``       Datetime(us, UTC)                when the event happened (completion)
``start_timestamp`` Datetime(us, UTC), optional      when the activity started
``resource``        Categorical, optional            who did it (a person, a system)
``lifecycle``       Categorical, optional            XES transition (start, complete, ...)
``event_index``     UInt32                           position in the file: orders equal times
==================  ===============================  ======================================

Other columns of the source (extra attributes) follow unchanged.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from verksam.limits import Limits
from verksam.mining.sources import SourceError, csv_sample, scan_source

CASE = "case"
ACTIVITY = "activity"
TIMESTAMP = "timestamp"
START = "start_timestamp"
RESOURCE = "resource"
LIFECYCLE = "lifecycle"
INDEX = "event_index"
ROLES = (CASE, ACTIVITY, TIMESTAMP, START, RESOURCE, LIFECYCLE)
KEY_ENV = "VERKSAM_PSEUDONYM_KEY"
TIME = pl.Datetime("us", "UTC")

# Usual column names per role, compared after lower-casing and turning spaces/dashes into "_".
CANDIDATES: dict[str, tuple[str, ...]] = {
    CASE: (
        "case:concept:name", "case_id", "caseid", "case", "case_concept_name", "case:id",
        "trace_id", "case_number", "arende", "ärende", "ärendenummer", "diarienummer", "sak",
        "saksnummer", "sak_id",
    ),
    ACTIVITY: (
        "concept:name", "activity", "activity_name", "activity_id", "event_name", "event",
        "task", "aktivitet", "handelse", "händelse", "hendelse",
    ),
    TIMESTAMP: (
        "time:timestamp", "timestamp", "complete_timestamp", "end_timestamp", "end_time",
        "completed", "time", "datetime", "date", "tidpunkt", "tidspunkt", "tid",
    ),
    START: ("start_timestamp", "start_time", "starttime", "time:start", "start"),
    RESOURCE: (
        "org:resource", "resource", "user", "performer", "executor", "employee", "handlaggare",
        "handläggare", "saksbehandler", "resurs", "ressurs",
    ),
    LIFECYCLE: ("lifecycle:transition", "lifecycle", "transition", "event_type"),
}  # fmt: skip

# Tried in order on a sample of the timestamp column when no format is given. Day-first before
# month-first, as Nordic systems write dates.
TIME_FORMATS: tuple[str, ...] = (
    "%Y-%m-%dT%H:%M:%S%.f%:z",
    "%Y-%m-%d %H:%M:%S%.f%:z",
    "%Y-%m-%dT%H:%M:%S%.f%z",
    "%Y-%m-%d %H:%M:%S%.f%z",
    "%Y-%m-%dT%H:%M:%S%.fZ",
    "%Y-%m-%d %H:%M:%S%.fZ",
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y",
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y",
)


class LogError(ValueError):
    """An event log that cannot be used as it is; the message says where and what to do."""


class MissingColumnError(LogError):
    """No column could be found for required roles: `missing` (case, activity, timestamp) and
    the log's column `names`, so a form can offer them to choose from."""

    def __init__(self, message: str, missing: list[str], names: list[str]) -> None:
        super().__init__(message)
        self.missing = missing
        self.names = names


@dataclass(frozen=True)
class Columns:
    """Which source column plays which role. None: detect from usual names; "": the log has none."""

    case: str | None = None
    activity: str | None = None
    timestamp: str | None = None
    start_timestamp: str | None = None
    resource: str | None = None
    lifecycle: str | None = None


@dataclass(frozen=True)
class ReadOptions:
    """How to read a log.

    ``timezone`` is the zone of timestamps written without an offset (a naive ``2024-03-01
    09:30``); timestamps with an offset keep their instant. ``pseudonymise_key`` replaces case ids
    and resource names by keyed hashes (HMAC-SHA256) while reading.
    """

    columns: Columns = field(default_factory=Columns)
    time_format: str | None = None
    start_time_format: str | None = None
    timezone: str = "UTC"
    separator: str | None = None  # None: detected from the header (",", ";", tab or "|")
    pseudonymise_key: bytes | None = None
    limits: Limits | None = None  # None: Limits.from_env()


def _normalise(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def detect_columns(names: list[str], columns: Columns | None = None) -> dict[str, str]:
    """Role -> source column, from the given mapping and the usual names.

    Raises
    ------
    LogError
        When a required role (case, activity, timestamp) has no column, or a named column is
        absent; the message lists the columns the log has.
    """
    columns = columns or Columns()
    found: dict[str, str] = {}
    by_norm: dict[str, str] = {}
    for name in names:
        by_norm.setdefault(_normalise(name), name)
    used: set[str] = set()
    for role in ROLES:
        given = getattr(columns, role)
        if given == "":
            continue
        if given is not None:
            if given not in names:
                raise LogError(
                    f"the log has no column {given!r} for the {role.replace('_', ' ')}; "
                    f"its columns are: {', '.join(names)}"
                )
            found[role] = given
            used.add(given)
            continue
        for candidate in CANDIDATES[role]:
            match = by_norm.get(_normalise(candidate))
            if match is not None and match not in used:
                found[role] = match
                used.add(match)
                break
    required = ((CASE, "--case"), (ACTIVITY, "--activity"), (TIMESTAMP, "--timestamp"))
    missing = [(role, option) for role, option in required if role not in found]
    if missing:
        role, option = missing[0]
        raise MissingColumnError(
            f"no {role} column found; name it with {option} COLUMN "
            f"(the log's columns are: {', '.join(names) or 'none'})",
            [r for r, _ in missing],
            names,
        )
    return found


def _format_is_aware(fmt: str) -> bool:
    return "%z" in fmt or "%:z" in fmt or "%#z" in fmt


def _parse_expr(
    column: str, fmt: str | None, timezone: str, strict: bool, strip: bool = False
) -> pl.Expr:
    raw = pl.col(column).cast(pl.String)
    if strip:
        raw = raw.str.strip_chars()
    # Polars' cache parses each distinct text once: worth it for dates, a loss for timestamps
    # with seconds, which are nearly all distinct.
    cache = fmt is None or "%S" not in fmt
    if fmt is None:
        parsed = raw.str.to_datetime(time_unit="us", strict=strict)
        return parsed.dt.replace_time_zone(timezone, ambiguous="earliest", non_existent="null")
    if _format_is_aware(fmt):
        if "%:z" in fmt:  # exports mix "+01:00" and "Z" (UTC) in one column
            raw = pl.when(raw.str.ends_with("Z")).then(raw.str.head(-1) + "+00:00").otherwise(raw)
        return raw.str.to_datetime(fmt, time_unit="us", time_zone="UTC", strict=strict, cache=cache)
    parsed = raw.str.to_datetime(fmt, time_unit="us", strict=strict, cache=cache)
    zone = "UTC" if fmt.endswith("Z") else timezone
    return parsed.dt.replace_time_zone(zone, ambiguous="earliest", non_existent="null")


def _time_expr(
    column: str,
    dtype: pl.DataType,
    fmt: str | None,
    timezone: str,
    strict: bool = True,
    strip: bool = False,
) -> pl.Expr:
    col = pl.col(column)
    if isinstance(dtype, pl.Datetime):
        if dtype.time_zone is None:
            col = col.dt.replace_time_zone(timezone, ambiguous="earliest", non_existent="null")
        return col.dt.convert_time_zone("UTC").dt.cast_time_unit("us")
    if dtype == pl.Date:
        return (
            col.cast(pl.Datetime("us")).dt.replace_time_zone(timezone).dt.convert_time_zone("UTC")
        )
    return _parse_expr(column, fmt, timezone, strict, strip).dt.convert_time_zone("UTC")


def _row_label(source: str, index: int) -> str:
    # CSV: the header is line 1, so data row i (0-based) sits on line i + 2 when no cell spans lines.
    if source.lower().endswith((".csv", ".tsv", ".txt", ".csv.gz")):
        return f"line {index + 2}"
    return f"row {index + 1}"


def detect_time_format(
    raw: pl.LazyFrame, column: str, timezone: str, source: str = "the log"
) -> str | None:
    """The first of TIME_FORMATS that reads a sample of the column; None if Polars' own guess must.

    Raises
    ------
    LogError
        When no format reads the sample, naming the first rows that fail.
    """
    sample = (
        raw.select(pl.col(column).cast(pl.String).str.strip_chars())
        .with_row_index("row")
        .filter(pl.col(column).is_not_null() & (pl.col(column) != ""))
        .head(2000)
        .collect()
    )
    if sample.height == 0:
        return TIME_FORMATS[0]
    best: tuple[int, str | None, pl.DataFrame] | None = None
    for fmt in (*TIME_FORMATS, None):
        parsed = sample.with_columns(_parse_expr(column, fmt, timezone, strict=False).alias("t"))
        bad = parsed.filter(pl.col("t").is_null())
        if bad.height == 0:
            return fmt
        if best is None or bad.height < best[0]:
            best = (bad.height, fmt, bad)
    assert best is not None
    shown = "; ".join(
        f"{_row_label(source, int(r['row']))}: {r[column]!r}" for r in best[2].head(5).to_dicts()
    )
    raise LogError(
        f"{source}: cannot read the timestamps in column {column!r} ({shown}); give the format "
        "with --time-format, e.g. '%Y-%m-%d %H:%M:%S' or '%d.%m.%Y %H:%M'"
    )


def _padded(raw: pl.LazyFrame, column: str) -> bool:
    """Whether a sample of the column has values with surrounding spaces (then strip them all:
    stripping costs time on large logs, so only where the export needs it)."""
    col = pl.col(column).cast(pl.String)
    sample = raw.select(col).head(2000).collect().to_series()
    return bool((sample != sample.str.strip_chars()).any())


def canonical(
    raw: pl.LazyFrame,
    options: ReadOptions | None = None,
    source: str = "the log",
    sample: pl.LazyFrame | None = None,
) -> pl.LazyFrame:
    """Turn a raw event table into the canonical lazy log (see the module docstring).

    ``sample`` (the first rows of the same table) serves to detect the time format; without it
    the first rows of ``raw`` do.

    Rows without a case, activity or timestamp are dropped (as PM4Py does). Unparsable
    timestamps fail when the frame is collected; `read_log` turns that into a LogError naming the
    rows.

    Raises
    ------
    LogError
        For missing columns or a timestamp column no known format reads.
    """
    options = options or ReadOptions()
    if INDEX in raw.collect_schema().names():  # a log we exported: number the rows afresh
        raw = raw.drop(INDEX)
    schema = raw.collect_schema()
    roles = detect_columns(schema.names(), options.columns)
    exprs: list[pl.Expr] = []
    for role in (CASE, ACTIVITY, RESOURCE, LIFECYCLE):
        if role in roles:
            exprs.append(pl.col(roles[role]).cast(pl.String).cast(pl.Categorical).alias(role))
    for role, fmt_option in ((TIMESTAMP, options.time_format), (START, options.start_time_format)):
        if role not in roles:
            continue
        column = roles[role]
        dtype = schema[column]
        fmt = fmt_option
        strip = False
        if dtype == pl.String:
            probe = sample if sample is not None else raw
            strip = _padded(probe, column)
            if fmt is None:
                fmt = detect_time_format(probe, column, options.timezone, source)
        exprs.append(_time_expr(column, dtype, fmt, options.timezone, strip=strip).alias(role))
    extras = [
        pl.col(name)
        for name in schema.names()
        if name not in roles.values() and name not in ROLES and name != INDEX and name
    ]
    lf = (
        raw.with_row_index(INDEX)
        .filter(
            pl.col(roles[CASE]).is_not_null()
            & pl.col(roles[ACTIVITY]).is_not_null()
            & pl.col(roles[TIMESTAMP]).is_not_null()
        )
        .select(*exprs, pl.col(INDEX), *extras)
    )
    if options.pseudonymise_key is not None:
        lf = pseudonymise(lf, options.pseudonymise_key)
    return lf


def scan_log(path: str | Path, options: ReadOptions | None = None) -> pl.LazyFrame:
    """The canonical lazy log of an XES, XES.gz, CSV, CSV.gz or Parquet file (or Parquet folder).

    XES is read eagerly (streamed with iterparse) and then served lazily; CSV and Parquet are
    scanned, so a query only reads the columns it needs and the streaming engine can work through
    logs larger than memory.

    Raises
    ------
    LogError
        When the file cannot be read, a required column is missing, or no timestamp format fits.
    verksam.limits.LimitError
        When the file expands beyond the limits (``options.limits``, else the environment's).
    """
    options = options or ReadOptions()
    path = Path(path)
    if not path.exists():
        raise LogError(f"{path}: no such file")
    return canonical(_scan(path, options), options, str(path), csv_sample(path, options))


def _scan(path: Path, options: ReadOptions) -> pl.LazyFrame:
    try:
        return scan_source(path, options)
    except SourceError as exc:
        raise LogError(str(exc)) from exc


def diagnose(path: str | Path, options: ReadOptions | None = None) -> LogError | None:
    """Find what makes a log fail to collect: the first rows whose timestamps do not parse."""
    options = options or ReadOptions()
    path = Path(path)
    raw = _scan(path, options)
    schema = raw.collect_schema()
    roles = detect_columns(schema.names(), options.columns)
    for role, fmt in ((TIMESTAMP, options.time_format), (START, options.start_time_format)):
        if role not in roles or schema[roles[role]] != pl.String:
            continue
        column = roles[role]
        fmt = fmt or detect_time_format(raw, column, options.timezone, str(path))
        bad = (
            raw.select(pl.col(column))
            .with_row_index("row")
            .with_columns(
                _parse_expr(column, fmt, options.timezone, strict=False, strip=True).alias("t")
            )
            .filter(pl.col("t").is_null() & pl.col(column).str.strip_chars().ne(""))
            .head(5)
            .collect(engine="streaming")
        )
        if bad.height:
            shown = "; ".join(
                f"{_row_label(str(path), int(r['row']))}: {r[column]!r}" for r in bad.to_dicts()
            )
            return LogError(
                f"{path}: unparsable timestamps in column {column!r} ({shown}); expected the "
                f"format {fmt or '(guessed)'}: give it with --time-format"
            )
    return None


def collect(
    lf: pl.LazyFrame, path: str | Path | None = None, options: ReadOptions | None = None
) -> pl.DataFrame:
    """Collect a log query with the streaming engine, turning data errors into a LogError.

    Raises
    ------
    LogError
        When a timestamp does not parse (naming the first bad rows when the file is known).
    """
    try:
        return lf.collect(engine="streaming")
    except (pl.exceptions.ComputeError, pl.exceptions.InvalidOperationError) as exc:
        found = diagnose(path, options) if path is not None else None
        raise found or LogError(f"{path or 'the log'}: {exc}") from exc


def read_log(path: str | Path, options: ReadOptions | None = None) -> pl.DataFrame:
    """Read and check a whole log into memory (canonical columns, file order).

    Raises
    ------
    LogError
        For unreadable files, missing columns, unparsable timestamps (with rows), an empty log,
        or events whose start is after their end.
    """
    options = options or ReadOptions()
    frame = collect(scan_log(path, options), path, options)
    for problem in problems(frame.lazy(), str(path)):
        raise LogError(problem)
    return frame


def problems(lf: pl.LazyFrame, source: str = "the log") -> list[str]:
    """What makes a canonical log unusable: no events, or starts after ends (first rows named)."""
    schema = lf.collect_schema()
    if INDEX not in schema.names():
        lf = lf.with_row_index(INDEX)
    checks = [pl.len().alias("events")]
    if START in schema.names():
        checks.append((pl.col(START) > pl.col(TIMESTAMP)).sum().alias("reversed"))
    counts = lf.select(checks).collect(engine="streaming").row(0, named=True)
    found: list[str] = []
    if counts["events"] == 0:
        found.append(
            f"{source}: the log has no events (rows without case, activity or timestamp are "
            "left out)"
        )
    if counts.get("reversed"):
        rows = (
            lf.filter(pl.col(START) > pl.col(TIMESTAMP))
            .select(INDEX, CASE, ACTIVITY, START, TIMESTAMP)
            .sort(INDEX)
            .head(5)
            .collect()
        )
        shown = "; ".join(
            f"{_row_label(source, int(r[INDEX]))}: case {r[CASE]!r}, {r[ACTIVITY]!r} starts "
            f"{r[START]:%Y-%m-%d %H:%M:%S} after it ends {r[TIMESTAMP]:%Y-%m-%d %H:%M:%S}"
            for r in rows.to_dicts()
        )
        found.append(
            f"{source}: {counts['reversed']} event(s) out of order, starting after they end "
            f"({shown}); fix the export or map the columns the other way round"
        )
    return found


def pseudonym(value: str, key: bytes) -> str:
    """The keyed hash that replaces a case id or resource name: 16 hex digits of HMAC-SHA256."""
    return hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()[:16]


def _hash_series(series: pl.Series, key: bytes) -> pl.Series:
    text = series.cast(pl.String)
    unique = text.unique().drop_nulls()
    mapping = {value: pseudonym(value, key) for value in unique.to_list()}
    return text.replace_strict(mapping, default=None, return_dtype=pl.String).cast(pl.Categorical)


def pseudonymise(
    lf: pl.LazyFrame, key: bytes, columns: tuple[str, ...] = (CASE, RESOURCE)
) -> pl.LazyFrame:
    """Replace case ids and resource names by keyed hashes (HMAC-SHA256, see `pseudonym`).

    The same key gives the same pseudonym in every log, so logs can still be joined; without the
    key the names cannot be recovered by trying likely values. Each distinct value is hashed once
    per batch, not once per event. Columns such as ``case:concept:name`` copies are dropped too,
    because they would give the names away.
    """
    names = lf.collect_schema().names()
    present = [c for c in columns if c in names]
    leaky = [n for n in names if n in ("case:concept:name", "org:resource")]
    return lf.drop(leaky).with_columns(
        pl.col(c).map_batches(
            lambda s: _hash_series(s, key), return_dtype=pl.Categorical, is_elementwise=True
        )
        for c in present
    )


def key_from_env(given: str | None = None) -> bytes:
    """The pseudonymisation key: the given text, or the VERKSAM_PSEUDONYM_KEY environment variable.

    Raises
    ------
    LogError
        When neither is set, or the key is shorter than 16 characters.
    """
    text = given if given is not None else os.environ.get(KEY_ENV)
    if not text:
        raise LogError(
            f"pseudonymisation needs a secret key: give --key or set {KEY_ENV} "
            "(keep it secret: with it, names can be tested against the pseudonyms)"
        )
    if len(text) < 16:
        raise LogError("the pseudonymisation key must have at least 16 characters")
    return text.encode("utf-8")


def activity_instances(lf: pl.LazyFrame) -> pl.LazyFrame:
    """Merge start/complete event pairs into one row per activity instance.

    Each ``complete`` of an activity in a case pairs with the latest ``start`` of the same
    activity at or before it, provided that start came after the activity's previous
    completion in the case; the merged row keeps the complete event and gets the start's time as
    ``start_timestamp``. So a start never pairs twice or after its completion, and a complete
    without a start of its own keeps an empty start time. Other transitions (schedule, suspend,
    ...) and starts never completed are dropped. Logs without a lifecycle column come back
    unchanged.
    """
    names = lf.collect_schema().names()
    if LIFECYCLE not in names:
        return lf
    phase = pl.col(LIFECYCLE).cast(pl.String).str.to_lowercase()
    ordered = lf.with_columns(phase.alias("__phase")).sort(TIMESTAMP, INDEX)
    by = [pl.col(CASE).cast(pl.String).alias("__c"), pl.col(ACTIVITY).cast(pl.String).alias("__a")]
    starts = ordered.filter(pl.col("__phase") == "start").select(
        *by, pl.col(TIMESTAMP).alias("__start")
    )
    completes = (
        ordered.filter(pl.col("__phase") == "complete")
        .with_columns(*by)
        .with_columns(pl.col(TIMESTAMP).shift(1).over("__c", "__a").alias("__previous"))
    )
    merged = completes.join_asof(
        starts,
        left_on=TIMESTAMP,
        right_on="__start",
        by=["__c", "__a"],
        strategy="backward",
        check_sortedness=False,  # both sides are sorted by time, hence within every group
    ).with_columns(
        pl.when(pl.col("__previous").is_null() | (pl.col("__start") > pl.col("__previous")))
        .then(pl.col("__start"))
        .alias("__start")
    )
    if START in names:
        merged = merged.with_columns(pl.coalesce(START, "__start").alias(START))
    else:
        merged = merged.with_columns(pl.col("__start").alias(START))
    order = names if START in names else [*names, START]
    return merged.sort(INDEX).select(order)
