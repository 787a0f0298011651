"""On every log in ../shared/data/pm4py our DFG, start/end activities, variants, case durations and
DFG waiting times equal PM4Py's.

PM4Py quirks allowed for: its XES reader keeps file order, so the reference frame goes through
`pm4py.format_dataframe` (sorted by case, time and file position, as we sort). With a start
timestamp PM4Py orders the DFG by start time and cannot compute case durations; we order by
completion time, so the comparison drops the start column on both sides.
"""

from __future__ import annotations

import functools
import warnings
from pathlib import Path
from typing import Any

import pytest

from verksam.mining import analytics
from verksam.mining.log import Columns, ReadOptions, scan_log

pm4py = pytest.importorskip("pm4py")
pd = pytest.importorskip("pandas")

LOGS = [
    "running-example.xes",
    "running-example.csv",
    "receipt.xes.gz",
    "receipt.csv",
    "roadtraffic100traces.xes",
    "roadtraffic100traces.csv",
    "interval_event_log.xes",
    "interval_event_log.csv",
    "repairExample.xes.gz",
    "bpic2012.xes.gz",
]


@functools.cache
def reference(path: Path) -> dict[str, Any]:
    """PM4Py's results for one log, computed once per test session."""
    warnings.filterwarnings("ignore")
    df = pd.read_csv(path) if path.suffix == ".csv" else pm4py.read_xes(str(path))
    df = df.drop(columns=[c for c in ("start_timestamp",) if c in df.columns])
    df.attrs = {}
    df = pm4py.format_dataframe(df)
    dfg, starts, ends = pm4py.discover_dfg(df)
    performance, _, _ = pm4py.discover_performance_dfg(df)
    found = pm4py.get_variants(df)
    return {
        "dfg": dict(dfg),
        "starts": dict(starts),
        "ends": dict(ends),
        "performance": performance,
        "variants": {k: v if isinstance(v, int) else len(v) for k, v in found.items()},
        "durations": sorted(pm4py.get_all_case_durations(df)),
    }


@functools.cache
def ours(path: Path) -> dict[str, Any]:
    lf = scan_log(path, ReadOptions(columns=Columns(start_timestamp=""))).collect().lazy()
    s = analytics.ordered(lf).collect().lazy()
    graph = analytics.dfg(s, is_ordered=True).collect()
    return {
        "dfg": {(r["source"], r["target"]): r["count"] for r in graph.iter_rows(named=True)},
        "waits": {
            (r["source"], r["target"]): (r["mean_seconds"], r["median_seconds"])
            for r in graph.iter_rows(named=True)
        },
        "starts": dict(analytics.start_activities(s, is_ordered=True).collect().iter_rows()),
        "ends": dict(analytics.end_activities(s, is_ordered=True).collect().iter_rows()),
        "variants": {
            tuple(r["activities"]): r["count"]
            for r in analytics.variants(s, is_ordered=True).collect().iter_rows(named=True)
        },
        "durations": sorted(
            analytics.case_durations(s, is_ordered=True).collect()["duration_seconds"].to_list()
        ),
    }


@pytest.fixture(params=LOGS)
def log_path(request: pytest.FixtureRequest, shared_data: Path) -> Path:
    return shared_data / "pm4py" / request.param


def test_every_shared_log_is_compared(shared_data: Path):
    present = {
        p.name
        for p in (shared_data / "pm4py").iterdir()
        if p.name.endswith((".xes", ".xes.gz", ".csv"))
    }
    assert present == set(LOGS)


def test_dfg_counts_equal_pm4py(log_path: Path):
    assert ours(log_path)["dfg"] == reference(log_path)["dfg"]


def test_start_and_end_activities_equal_pm4py(log_path: Path):
    assert ours(log_path)["starts"] == reference(log_path)["starts"]
    assert ours(log_path)["ends"] == reference(log_path)["ends"]


def test_variants_equal_pm4py(log_path: Path):
    assert ours(log_path)["variants"] == reference(log_path)["variants"]


def test_case_durations_equal_pm4py(log_path: Path):
    mine, theirs = ours(log_path)["durations"], reference(log_path)["durations"]
    assert len(mine) == len(theirs)
    assert mine == pytest.approx(theirs, abs=1e-3)


def test_dfg_waiting_times_equal_pm4py_performance_dfg(log_path: Path):
    theirs = reference(log_path)["performance"]
    waits = ours(log_path)["waits"]
    assert set(waits) == set(theirs)
    for edge, (mean, median) in waits.items():
        assert mean == pytest.approx(theirs[edge]["mean"], abs=1e-3), edge
        assert median == pytest.approx(theirs[edge]["median"], abs=1e-3), edge
