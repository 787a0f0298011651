"""The simulated event log, written while the simulation runs (CSV, Parquet) or right after it (XES).

One row per activity instance in the mining module's column names: ``case``, ``activity``,
``activity_id``, ``role``, ``resource``, ``enabled_timestamp``, ``start_timestamp`` and
``timestamp`` (completion); in CSV, a name that would start a spreadsheet formula gets a leading
apostrophe (`verksam.formats.spreadsheet`). Times are instants in the time zone of the case's country (CSV writes
them with their UTC offset). Rows arrive in blocks, so CSV and Parquet take constant memory however
many cases are simulated; XES groups events by case, so it goes through a temporary Parquet file
and `verksam.formats.xes.write_xes`.
Every file is written under a temporary name and renamed at the end, so a failed run leaves nothing.
"""

from __future__ import annotations

import os
from array import array
from pathlib import Path
from typing import IO

import numpy as np
import polars as pl
import pyarrow.parquet as pq

from verksam.formats.spreadsheet import escape_csv_text
from verksam.model.case import Case
from verksam.simulation.plan import Plan

CHUNK = 65_536
FORMATS = (".csv", ".parquet", ".xes", ".xes.gz")
ZONES = {"SE": "Europe/Stockholm", "NO": "Europe/Oslo"}


def log_format(path: str | Path) -> str:
    """The log format from the file name. Raises ValueError for an unknown suffix."""
    name = str(path).lower()
    for suffix in (".xes.gz", ".xes", ".parquet", ".csv"):
        if name.endswith(suffix):
            return suffix.lstrip(".")
    raise ValueError(f"{path}: unknown event-log format; use one of {', '.join(FORMATS)}")


class LogWriter:
    """Collects rows from the runner and writes them in blocks to `path`."""

    per_case = False

    def __init__(self, path: str | Path, plan: Plan, case: Case) -> None:
        self.path = Path(path)
        self.format = log_format(self.path)
        # Flat doubles, six per row: (case, node, person, enabled, started, ended); appending a
        # tuple to an array is one C call, and a block becomes columns without copying.
        self.rows: array[float] = array("d")
        self.chunk = CHUNK * 6  # numbers, six per row
        self.start = plan.start
        self.zone = ZONES.get(case.settings.country, "UTC")
        self.names = pl.Series("names", plan.node_names, dtype=pl.String)
        self.ids = pl.Series("ids", plan.node_ids, dtype=pl.String)
        roles = [plan.pools[p].role if p >= 0 else None for p in plan.pool]
        self.roles = pl.Series("roles", roles, dtype=pl.String)
        names: list[str] = []
        bases: list[int] = []
        for pool in plan.pools:
            bases.append(len(names))
            names.append(pool.role)
            names.extend(f"{pool.role}-{k + 1}" for k in range(pool.capacity or 0))
        self.resources = pl.Series("resources", names or [""], dtype=pl.String)
        if self.format == "csv":  # names are user text: keep them text in a spreadsheet
            self.names, self.ids, self.roles, self.resources = (
                escape_csv_text(pl.DataFrame([series]).lazy()).collect().to_series()
                for series in (self.names, self.ids, self.roles, self.resources)
            )
        self.resource_base = np.array(
            [bases[p] if p >= 0 else -1 for p in plan.pool], dtype=np.int64
        )
        staged = self.format.startswith("xes")
        target = self.path.with_name(self.path.name + (".rows.parquet" if staged else ".part"))
        self.part = target
        self._csv: IO[bytes] | None = None
        self._parquet: pq.ParquetWriter | None = None
        self._header = True

    def frame(self, rows: array[float]) -> pl.DataFrame:
        """A block of flat rows (six numbers each) as a table in the log's columns."""
        block = np.frombuffer(rows, dtype=np.float64).reshape(-1, 6)
        node = block[:, 1].astype(np.int64)
        person = block[:, 2].astype(np.int64)
        # One name per person of every pool (after the role's own name), found by arithmetic.
        resource = self.resource_base[node] + 1 + person
        start = np.datetime64(self.start, "us")

        def stamp(column: int) -> np.ndarray:
            return start + np.rint(block[:, column] * 60e6).astype("timedelta64[us]")

        nodes = pl.Series(node, dtype=pl.UInt32)
        frame = pl.DataFrame(
            {
                "case": block[:, 0].astype(np.int64) + 1,
                "activity": self.names.gather(nodes),
                "activity_id": self.ids.gather(nodes),
                "role": self.roles.gather(nodes),
                "resource": self.resources.gather(
                    pl.Series(np.where(self.resource_base[node] >= 0, resource, 0))
                ).set(pl.Series(self.resource_base[node] < 0), None),
                "enabled_timestamp": stamp(3),
                "start_timestamp": stamp(4),
                "timestamp": stamp(5),
            }
        )
        return frame.with_columns(
            self._aware("enabled_timestamp"),
            self._aware("start_timestamp"),
            self._aware("timestamp"),
        )

    def _aware(self, column: str) -> pl.Expr:
        """Local wall time as an instant in the country's zone; the hour skipped when clocks go
        forward has no instant, so it is read as the same wall time an hour later."""
        col = pl.col(column)
        zone = self.zone
        return col.dt.replace_time_zone(zone, ambiguous="earliest", non_existent="null").fill_null(
            (col + pl.duration(hours=1)).dt.replace_time_zone(
                zone, ambiguous="earliest", non_existent="null"
            )
        )

    def flush(self) -> None:
        """Writes the rows collected so far."""
        if not self.rows:
            return
        rows, self.rows = self.rows, array("d")
        frame = self.frame(rows)
        if self.format == "csv":
            if self._csv is None:
                self._csv = self.part.open("wb")
            frame.write_csv(self._csv, include_header=self._header)
            self._header = False
        else:
            table = frame.to_arrow()
            if self._parquet is None:
                self._parquet = pq.ParquetWriter(str(self.part), table.schema)
            self._parquet.write_table(table)

    def case_done(self, case_id: int) -> None:
        """Nothing to do: rows are written as they come."""

    def close(self) -> None:
        """Finishes the file and moves it to its name."""
        self.flush()
        if self._csv is not None:
            self._csv.close()
        if self._parquet is not None:
            self._parquet.close()
        if not self.part.exists():  # no activity ever finished: an empty log with its columns
            empty = self.frame_empty()
            if self.format == "csv":
                empty.write_csv(self.part)
            else:
                empty.write_parquet(self.part)
        if self.format.startswith("xes"):
            self._write_xes()
        else:
            os.replace(self.part, self.path)

    def frame_empty(self) -> pl.DataFrame:
        return pl.DataFrame(
            schema={
                "case": pl.Int64,
                "activity": pl.String,
                "activity_id": pl.String,
                "role": pl.String,
                "resource": pl.String,
                "enabled_timestamp": pl.Datetime("us", self.zone),
                "start_timestamp": pl.Datetime("us", self.zone),
                "timestamp": pl.Datetime("us", self.zone),
            }
        )

    def _write_xes(self) -> None:
        from verksam.formats.xes import write_xes

        try:
            write_xes(pl.scan_parquet(self.part), self.path)
        finally:
            self.part.unlink(missing_ok=True)

    def abort(self) -> None:
        """Drops everything written so far."""
        for handle in (self._csv, self._parquet):
            if handle is not None:
                handle.close()
        self.part.unlink(missing_ok=True)


def open_log(path: str | Path, plan: Plan, case: Case) -> LogWriter:
    """A writer for the event log at `path`. Raises ValueError for an unknown format."""
    return LogWriter(path, plan, case)
