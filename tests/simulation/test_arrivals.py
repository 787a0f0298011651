"""Arrivals: Poisson from the yearly volume, spread by a weekly pattern and an arrival calendar."""

import datetime as dt

import numpy as np
import polars as pl

from tests.simulation.simulation_models import tandem_case
from verksam.model.process import Arrivals, Calendar, Distribution, WeeklyPattern, WorkingHours
from verksam.simulation import simulate


def volume_case(volume: float, arrivals: Arrivals | None = None):
    case = tandem_case(1.0, [(1.0, None)])
    variant = case.processes[0].variants[0]
    variant.arrivals = arrivals
    variant.volume_per_year = volume
    return case


def arrival_times(case, tmp_path, cases: int) -> pl.Series:
    log = tmp_path / "log.parquet"
    simulate(case, "p", cases=cases, seed=1, log=log)
    return pl.read_parquet(log).sort("case")["enabled_timestamp"]


def test_yearly_volume_gives_poisson_arrivals_at_that_rate(tmp_path):
    stamps = arrival_times(volume_case(5_000), tmp_path, 5_000)
    gaps = stamps.diff().drop_nulls().dt.total_seconds().to_numpy() / 60
    mean_gap = 365 * 1440 / 5_000
    assert abs(gaps.mean() / mean_gap - 1) < 0.05
    assert abs(gaps.std() / gaps.mean() - 1) < 0.05  # exponential: sd equals the mean


def test_a_weekly_pattern_keeps_weekends_free_and_the_volume_per_year(tmp_path):
    case = volume_case(2_000, Arrivals(weekly=WeeklyPattern()))  # default Mon-Fri
    stamps = arrival_times(case, tmp_path, 2_000)
    assert (stamps.dt.weekday() <= 5).all()
    span_days = (stamps.max() - stamps.min()).total_seconds() / 86_400
    assert abs(span_days / 365 - 1) < 0.06


def test_an_arrival_calendar_limits_arrivals_to_its_hours(tmp_path):
    hours = [WorkingHours(weekday=d, start=dt.time(9), end=dt.time(12)) for d in range(5)]
    case = volume_case(1.0, Arrivals(interval=Distribution(kind="fixed", mean=30), calendar="c"))
    case.calendars.append(Calendar(id="c", hours=hours))
    stamps = arrival_times(case, tmp_path, 20)
    minutes = (stamps.dt.hour().cast(pl.Int32) * 60 + stamps.dt.minute()).to_list()
    # Every 30 open minutes: 09:00 ... 11:30 on Monday, then Tuesday from 09:00 again.
    assert minutes[:8] == [540, 570, 600, 630, 660, 690, 540, 570]
    assert np.all(np.diff(stamps.dt.day().to_numpy()[:7]) >= 0)
