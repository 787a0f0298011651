"""Compressed logs expand only up to the limits: a small .xes.gz, .csv.gz or Parquet file that
unpacks to far more is refused with a message naming the file and the limit, before it is read
into memory; a corrupt gzip stream is a clear error, not a traceback."""

from __future__ import annotations

import gzip
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from verksam.cli import app
from verksam.limits import LimitError, Limits
from verksam.mining import LogError, ReadOptions, scan_log

runner = CliRunner()
EVENT = (
    b'<event><string key="concept:name" value="Assess"/>'
    b'<date key="time:timestamp" value="2024-03-01T09:30:00.000+01:00"/></event>'
)


def xes_bomb(tmp_path: Path, events: int = 20_000) -> Path:
    """A 2 MB XES log that gzips to about 8 KB."""
    path = tmp_path / "bomb.xes.gz"
    body = b'<log><trace><string key="concept:name" value="c1"/>' + EVENT * events
    path.write_bytes(gzip.compress(body + b"</trace></log>"))
    return path


def test_an_xes_gz_that_unpacks_beyond_the_limit_is_refused(tmp_path: Path) -> None:
    path = xes_bomb(tmp_path)
    assert path.stat().st_size < 20_000
    with pytest.raises(LimitError, match=r"bomb\.xes\.gz.*larger than the limit of 64 KiB"):
        scan_log(path, ReadOptions(limits=Limits(uncompressed_bytes=64 * 1024)))
    # The same file within the default limits is read.
    assert scan_log(path).select(pl.len()).collect().item() == 20_000


def test_an_xes_log_with_more_events_than_the_limit_is_refused(tmp_path: Path) -> None:
    with pytest.raises(LimitError, match=r"more than 1,000 events"):
        scan_log(xes_bomb(tmp_path), ReadOptions(limits=Limits(events=1000)))


def test_a_csv_gz_that_unpacks_beyond_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.csv.gz"
    rows = b"case,activity,timestamp\n" + b"1,Assess,2024-03-01 09:30\n" * 50_000
    path.write_bytes(gzip.compress(rows))
    with pytest.raises(LimitError, match=r"bomb\.csv\.gz.*limit of 100 KiB"):
        scan_log(path, ReadOptions(limits=Limits(uncompressed_bytes=100 * 1024)))
    with pytest.raises(LimitError, match=r"more than 10,000 events"):
        scan_log(path, ReadOptions(limits=Limits(events=10_000)))


def test_a_parquet_file_repeating_one_long_value_is_refused_by_its_decoded_size(
    tmp_path: Path,
) -> None:
    # Dictionary encoding stores the 10 KB value once: the file stays small, the table does not.
    path = tmp_path / "bomb.parquet"
    frame = pl.DataFrame(
        {
            "case": ["1"] * 2000,
            "activity": ["x" * 10_000] * 2000,
            "timestamp": ["2024-03-01 09:30"] * 2000,
        }
    )
    frame.write_parquet(path, compression="zstd")
    assert path.stat().st_size < 50_000  # 20 MB once decoded
    with pytest.raises(LimitError, match=r"bomb\.parquet.*limit of 1 MiB"):
        scan_log(path, ReadOptions(limits=Limits(uncompressed_bytes=1024 * 1024)))
    with pytest.raises(LimitError, match=r"more than 1,000 events"):
        scan_log(path, ReadOptions(limits=Limits(events=1000)))
    assert scan_log(path).select(pl.len()).collect().item() == 2000


def test_a_corrupt_gzip_stream_is_a_clear_error(tmp_path: Path) -> None:
    whole = gzip.compress(b'<log><trace><string key="concept:name" value="c1"/>' + EVENT * 500)
    for name in ("corrupt.xes.gz", "corrupt.csv.gz"):
        path = tmp_path / name
        path.write_bytes(whole[:30] + b"\xff" * 40 + whole[70:])
        with pytest.raises(LogError, match=rf"{name}: cannot read"):
            scan_log(path)
    truncated = tmp_path / "truncated.xes.gz"
    truncated.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(LogError, match=r"truncated\.xes\.gz: cannot read"):
        scan_log(truncated)


def test_verksam_mine_refuses_a_bomb_with_the_limit_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VERKSAM_MAX_UNCOMPRESSED_BYTES", "65536")
    result = runner.invoke(app, ["mine", str(xes_bomb(tmp_path))])
    assert result.exit_code == 1, result.output
    assert "larger than the limit of 64 KiB" in result.output and "Traceback" not in result.output
    assert "VERKSAM_MAX_UNCOMPRESSED_BYTES" in result.output
