"""Importing logs: column detection and mapping, time formats and zones, clear errors, pseudonyms."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import hmac
from pathlib import Path

import polars as pl
import pytest

from verksam.mining.log import (
    Columns,
    LogError,
    ReadOptions,
    activity_instances,
    key_from_env,
    read_log,
    scan_log,
)

CSV = """ärende,Aktivitet,Tidpunkt,Handläggare,Note
A1,Registrera,2024-03-04 08:00:00,anna,x
A1,Besluta,2024-03-05 09:30:00,bo,y
A2,Registrera,2024-03-04 10:00:00,anna,
"""


def write(tmp_path: Path, text: str, name: str = "log.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_columns_are_detected_from_usual_names(tmp_path: Path):
    frame = read_log(write(tmp_path, CSV), ReadOptions(timezone="Europe/Stockholm"))
    assert frame.columns[:4] == ["case", "activity", "resource", "timestamp"]
    assert frame.schema["case"] == pl.Categorical
    assert frame.schema["timestamp"] == pl.Datetime("us", "UTC")
    assert "Note" in frame.columns  # extra attributes follow
    # 08:00 in Stockholm (CET, winter) is 07:00 UTC
    assert frame["timestamp"][0] == dt.datetime(2024, 3, 4, 7, 0, tzinfo=dt.UTC)


def test_column_mapping_options_override_detection(tmp_path: Path):
    text = "id,step,when,who\n1,a,04.03.2024 08:00,x\n1,b,05.03.2024 09:00,y\n"
    columns = Columns(case="id", activity="step", timestamp="when", resource="who")
    frame = read_log(write(tmp_path, text), ReadOptions(columns=columns))
    assert frame["activity"].cast(pl.String).to_list() == ["a", "b"]
    assert frame["timestamp"][1] == dt.datetime(2024, 3, 5, 9, 0, tzinfo=dt.UTC)  # day first


def test_explicit_time_format_and_offsets(tmp_path: Path):
    text = "case,activity,timestamp\n1,a,2024/03/31 01:30\n1,b,2024/03/31 03:30\n"
    frame = read_log(
        write(tmp_path, text),
        ReadOptions(time_format="%Y/%m/%d %H:%M", timezone="Europe/Oslo"),
    )
    # The night clocks jump in Norway: 01:30 CET and 03:30 CEST are one hour apart.
    stamps = frame["timestamp"].to_list()
    assert stamps[1] - stamps[0] == dt.timedelta(hours=1)
    aware = "case,activity,timestamp\n1,a,2024-03-04T08:00:00+01:00\n1,b,2024-03-04T08:00:00Z\n"
    stamps = read_log(write(tmp_path, aware)).sort("event_index")["timestamp"].to_list()
    assert stamps[1] - stamps[0] == dt.timedelta(hours=1)


def test_missing_column_names_what_exists(tmp_path: Path):
    with pytest.raises(LogError, match=r"no timestamp column found.*--timestamp.*case, activity"):
        read_log(write(tmp_path, "case,activity\n1,a\n"))
    with pytest.raises(LogError, match=r"no column 'nope' for the resource"):
        read_log(write(tmp_path, CSV), ReadOptions(columns=Columns(resource="nope")))


def test_unparsable_timestamps_name_the_first_bad_lines(tmp_path: Path):
    text = "case,activity,timestamp\n1,a,2024-03-04 08:00\n1,b,yesterday\n1,c,2024-03-05 08:00\n"
    with pytest.raises(LogError, match=r"line 3: 'yesterday'.*--time-format"):
        read_log(write(tmp_path, text))


def test_bad_timestamp_after_the_sample_is_still_found_with_its_line(tmp_path: Path):
    good = "".join(f"{i},a,2024-03-04 08:00:00\n" for i in range(3000))
    text = "case,activity,timestamp\n" + good + "9,b,31.02.2024\n"
    with pytest.raises(LogError, match=r"line 3002: '31.02.2024'"):
        read_log(write(tmp_path, text))


def test_empty_log_is_an_error(tmp_path: Path):
    with pytest.raises(LogError, match="no events"):
        read_log(write(tmp_path, "case,activity,timestamp\n"))
    with pytest.raises(LogError, match="no events"):
        read_log(write(tmp_path, "case,activity,timestamp\n,a,2024-01-01\n"))


def test_events_ending_before_they_start_are_reported(tmp_path: Path):
    text = (
        "case,activity,start_timestamp,timestamp\n"
        "1,a,2024-03-04 08:00,2024-03-04 09:00\n"
        "1,b,2024-03-04 12:00,2024-03-04 10:00\n"
    )
    with pytest.raises(LogError, match=r"1 event\(s\) out of order.*line 3: case '1', 'b' starts"):
        read_log(write(tmp_path, text))


def test_unknown_format_and_missing_file(tmp_path: Path):
    with pytest.raises(LogError, match="unknown log format"):
        scan_log(write(tmp_path, "x", "log.json"))
    with pytest.raises(LogError, match="no such file"):
        scan_log(tmp_path / "absent.csv")


def test_parquet_and_gzipped_csv_read_like_csv(tmp_path: Path):
    csv_frame = read_log(write(tmp_path, CSV))
    parquet = tmp_path / "log.parquet"
    pl.read_csv(write(tmp_path, CSV)).write_parquet(parquet)
    gz = tmp_path / "log.csv.gz"
    gz.write_bytes(gzip.compress(CSV.encode()))
    for other in (read_log(parquet), read_log(gz)):
        assert other.select("case", "activity", "timestamp").equals(
            csv_frame.select("case", "activity", "timestamp")
        )


def test_pseudonymise_replaces_cases_and_resources_by_keyed_hashes(tmp_path: Path):
    key = b"a-secret-key-of-some-length"
    frame = read_log(write(tmp_path, CSV), ReadOptions(pseudonymise_key=key))
    expected = hmac.new(key, b"A1", hashlib.sha256).hexdigest()[:16]
    assert frame["case"].cast(pl.String).to_list()[0] == expected
    assert "anna" not in frame["resource"].cast(pl.String).to_list()
    assert frame["resource"][0] == frame["resource"][2]  # same person, same pseudonym
    other = read_log(write(tmp_path, CSV), ReadOptions(pseudonymise_key=b"another-key-0123456"))
    assert other["case"][0] != frame["case"][0]


def test_pseudonymisation_key_comes_from_option_or_environment(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("VERKSAM_PSEUDONYM_KEY", raising=False)
    with pytest.raises(LogError, match="VERKSAM_PSEUDONYM_KEY"):
        key_from_env(None)
    with pytest.raises(LogError, match="at least 16"):
        key_from_env("short")
    monkeypatch.setenv("VERKSAM_PSEUDONYM_KEY", "from-the-environment")
    assert key_from_env(None) == b"from-the-environment"


def test_activity_instances_merge_start_and_complete(tmp_path: Path):
    text = (
        "case,activity,lifecycle,timestamp\n"
        "1,a,start,2024-03-04 08:00\n"
        "1,a,complete,2024-03-04 08:20\n"
        "1,b,schedule,2024-03-04 08:25\n"
        "1,b,start,2024-03-04 08:30\n"
        "1,b,complete,2024-03-04 09:00\n"
        "1,a,complete,2024-03-04 09:10\n"
    )
    merged = activity_instances(scan_log(write(tmp_path, text))).collect()
    assert merged["activity"].cast(pl.String).to_list() == ["a", "b", "a"]
    service = (merged["timestamp"] - merged["start_timestamp"]).to_list()
    assert service[:2] == [dt.timedelta(minutes=20), dt.timedelta(minutes=30)]
    assert service[2] is None  # a complete without a start keeps no start time


def test_activity_instances_never_pair_a_start_after_its_complete_or_twice(tmp_path: Path):
    text = (
        "case,activity,lifecycle,timestamp\n"
        "1,a,complete,2024-03-04 08:00\n"  # no start before it
        "1,a,start,2024-03-04 08:10\n"
        "1,a,start,2024-03-04 08:15\n"  # restarted: the latest start counts
        "1,a,complete,2024-03-04 08:20\n"
        "1,a,complete,2024-03-04 08:40\n"  # its start was already used
    )
    merged = activity_instances(scan_log(write(tmp_path, text))).collect()
    starts = merged["start_timestamp"].to_list()
    assert starts[0] is None and starts[2] is None
    assert starts[1] == dt.datetime(2024, 3, 4, 8, 15, tzinfo=dt.UTC)


def test_semicolon_and_tab_separated_logs_are_read_without_naming_the_separator(tmp_path: Path):
    # Excel in Sweden and Norway saves CSV with ";" (the comma is the decimal sign).
    semicolon = (
        "Ärende;Aktivitet;Tidpunkt;Kostnad\n"
        'A1;"Registrera; komplettera";2024-03-04 08:00;12,50\n'
        "A1;Besluta;2024-03-05 09:30;3,25\n"
    )
    frame = read_log(write(tmp_path, semicolon))
    assert frame["activity"].cast(pl.String).to_list() == ["Registrera; komplettera", "Besluta"]
    assert frame["Kostnad"].to_list() == ["12,50", "3,25"]
    tab = "case\tactivity\ttimestamp\n1\ta,b\t2024-03-04 08:00\n"
    assert read_log(write(tmp_path, tab, "log.txt"))["activity"].cast(pl.String).to_list() == [
        "a,b"
    ]
    gz = tmp_path / "log.csv.gz"
    gz.write_bytes(gzip.compress(semicolon.encode()))
    assert read_log(gz).height == 2


def test_a_missing_column_error_lists_what_is_missing_and_what_the_log_has(tmp_path: Path):
    from verksam.mining.log import MissingColumnError

    with pytest.raises(MissingColumnError) as caught:
        read_log(write(tmp_path, "nr;steg;när\n1;a;2024-03-04 08:00\n"))
    assert caught.value.missing == ["case", "activity", "timestamp"]
    assert caught.value.names == ["nr", "steg", "när"]


def test_the_header_of_an_upload_gives_its_separator_and_columns(tmp_path: Path):
    from verksam.mining.sources import csv_columns

    path = write(tmp_path, "nr;steg;när\n1;a;2024-03-04 08:00\n")
    assert csv_columns(path, ReadOptions()) == (";", ["nr", "steg", "när"])
