"""Every figure of a run uses the same observation window once a warm-up is given.

The expected figures are counted from the run's own event log (which holds every case, the
warm-up's too) over the window from the arrival of the first case after the warm-up to the last
completion: WIP and busy people by interval overlap, throughput by completions in the window.
"""

from __future__ import annotations

import polars as pl
import pytest

from tests.simulation.simulation_models import tandem_case
from verksam.simulation import simulate

CASES, WARMUP = 400, 150


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    log = tmp_path_factory.mktemp("warmup") / "log.parquet"
    # Near saturation (load 0.9 on two people) a run that starts empty is far from steady state.
    summary = simulate(
        tandem_case(25.0, [(45.0, 2)]), "p", cases=CASES, seed=5, warmup=WARMUP, log=log
    )
    frame = pl.read_parquet(log).with_columns(
        pl.col("enabled_timestamp", "start_timestamp", "timestamp").dt.epoch("us") / 60_000_000.0
    )
    return summary, frame


def overlap(frame: pl.DataFrame, begin: str, end: str, low: float, high: float) -> float:
    clipped = frame.select(
        (
            pl.min_horizontal(pl.col(end), pl.lit(high))
            - pl.max_horizontal(pl.col(begin), pl.lit(low))
        )
        .clip(lower_bound=0.0)
        .sum()
    )
    return float(clipped.item())


def test_time_based_figures_cover_the_window_after_the_warm_up(run):
    summary, frame = run
    cases = frame.group_by("case").agg(
        pl.col("enabled_timestamp").min().alias("arrived"), pl.col("timestamp").max().alias("done")
    )
    window_start = cases.filter(pl.col("case") == WARMUP + 1)["arrived"].item()
    horizon = cases["done"].max()
    window = horizon - window_start
    f = summary.figures
    assert f["observation_days"].value == pytest.approx(window / 1440)
    wip = overlap(cases, "arrived", "done", window_start, horizon) / window
    assert f["wip_mean"].value == pytest.approx(wip, rel=1e-7)
    busy = overlap(frame, "start_timestamp", "timestamp", window_start, horizon)
    assert f["roles"]["r0"]["busy_people_mean"].value == pytest.approx(busy / window, rel=1e-7)
    assert f["roles"]["r0"]["utilisation"].value == pytest.approx(busy / (2 * window), rel=1e-7)
    completed = cases.filter(pl.col("done") > window_start).height
    assert f["throughput_per_day"].value == pytest.approx(completed / (window / 1440), rel=1e-7)


def test_the_json_says_which_cases_and_time_the_figures_cover(run):
    summary, _ = run
    window = summary.json()["observation_window"]
    assert (window["cases_from"], window["cases_to"]) == (WARMUP + 1, CASES)
