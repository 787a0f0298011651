"""The simulated event log is written as CSV, Parquet or XES and reads back in the mining module."""

import polars as pl
import pytest

from tests.simulation.simulation_models import permit_case
from verksam.formats.xes import read_xes
from verksam.mining.log import read_log
from verksam.simulation import simulate

CASES = 300


def write(tmp_path, name: str):
    path = tmp_path / name
    summary = simulate(permit_case(capacity=2), "permit", cases=CASES, seed=3, log=path)
    return path, summary


def expected_rows(summary) -> int:
    visits = summary["activities"]
    return round(sum(a["visits_per_case"].value for a in visits.values()) * CASES)


@pytest.mark.parametrize("name", ["log.csv", "log.parquet", "log.xes", "log.xes.gz"])
def test_every_format_reads_back_in_the_mining_module(tmp_path, name):
    path, summary = write(tmp_path, name)
    frame = read_log(path)
    assert frame.height == expected_rows(summary)
    assert frame["case"].n_unique() == CASES
    assert set(frame["activity"].cast(pl.String)) == {
        "register", "review", "ask", "inspect", "fee", "decide",
    }  # fmt: skip
    assert (frame["start_timestamp"] <= frame["timestamp"]).all()
    assert not list(tmp_path.glob("*.part")) and not list(tmp_path.glob("*.rows.parquet"))


def test_rows_carry_role_person_and_the_three_times(tmp_path):
    path, _summary = write(tmp_path, "log.parquet")
    frame = pl.read_parquet(path)
    assert frame.columns == [
        "case", "activity", "activity_id", "role", "resource",
        "enabled_timestamp", "start_timestamp", "timestamp",
    ]  # fmt: skip
    officers = frame.filter(pl.col("role") == "officer")["resource"].unique().sort().to_list()
    assert officers == ["officer-1", "officer-2"]  # capacity 2: two people by number
    assert (frame["enabled_timestamp"] <= frame["start_timestamp"]).all()
    # Waiting for people shows as the gap between enabled and start.
    assert (frame["start_timestamp"] > frame["enabled_timestamp"]).any()


def test_xes_groups_events_by_case_in_time_order(tmp_path):
    path, _summary = write(tmp_path, "log.xes")
    frame = read_xes(path)
    first = frame.filter(pl.col("case:concept:name").cast(pl.String) == "1")
    assert first["concept:name"][0] == "register"
    assert first["org:resource"][0] == "clerk-1"
    assert first["time:timestamp"].is_sorted()


def test_an_unknown_log_format_is_refused_before_the_run(tmp_path):
    with pytest.raises(ValueError, match="unknown event-log format"):
        simulate(permit_case(), "permit", cases=10, log=tmp_path / "log.txt")
    assert list(tmp_path.iterdir()) == []


def test_activities_that_need_nobody_have_no_resource(tmp_path):
    case = permit_case(capacity=2)
    case.processes[0].variants[0].lanes[0].role = None  # the clerks' lane
    path = tmp_path / "log.parquet"
    simulate(case, "permit", cases=50, seed=1, log=path)
    frame = pl.read_parquet(path)
    clerk_work = frame.filter(pl.col("activity").is_in(["register", "fee"]))
    assert clerk_work.height > 0 and clerk_work["resource"].is_null().all()
    assert clerk_work["role"].is_null().all()
    assert frame.filter(pl.col("activity") == "review")["resource"].is_not_null().all()


def test_csv_keeps_names_that_start_like_formulas_as_text(tmp_path):
    """A spreadsheet opening the CSV log must not run an activity name as a formula (OWASP rule:
    a leading apostrophe); the mining module reads the names back unchanged."""
    case = permit_case(capacity=2)
    nodes = {n.id: n for n in case.processes[0].variants[0].nodes}
    nodes["register"].name = '=HYPERLINK("http://x.test","y")'
    nodes["review"].name = "+1+1"
    nodes["ask"].name = "-2+3"
    nodes["inspect"].name = "@SUM(1,1)"
    nodes["fee"].name = "-12.5"  # a number, not a formula: left as it is
    path = tmp_path / "log.csv"
    simulate(case, "permit", cases=20, seed=3, log=path)
    written = set(pl.read_csv(path, infer_schema=False)["activity"])
    assert written == {
        "'=HYPERLINK(\"http://x.test\",\"y\")", "'+1+1", "'-2+3", "'@SUM(1,1)", "-12.5", "decide",
    }  # fmt: skip
    assert set(read_log(path)["activity"].cast(pl.String)) == {
        '=HYPERLINK("http://x.test","y")', "+1+1", "-2+3", "@SUM(1,1)", "-12.5", "decide",
    }  # fmt: skip
