"""Simulate a process variant over several replications and summarise with 95 % confidence intervals.

A *replication* is an independent run with its own random stream (spawned from the one seed), so the
spread between replications measures how much a figure owes to chance. Each figure is reported as
the mean over replications with a Student-t 95 % interval.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.random import SeedSequence, default_rng

from verksam.model.case import Case
from verksam.simulation.plan import Plan, compile_plan
from verksam.simulation.runner import RunResult, Simulation

# Two-sided 95 % quantiles of Student's t by degrees of freedom (1-30), then 40, 60, 120, infinity.
_T975 = {
    1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262,
    10: 2.228, 11: 2.201, 12: 2.179, 13: 2.160, 14: 2.145, 15: 2.131, 16: 2.120, 17: 2.110,
    18: 2.101, 19: 2.093, 20: 2.086, 21: 2.080, 22: 2.074, 23: 2.069, 24: 2.064, 25: 2.060,
    26: 2.056, 27: 2.052, 28: 2.048, 29: 2.045, 30: 2.042, 40: 2.021, 60: 2.000, 120: 1.980,
}  # fmt: skip


def t975(df: int) -> float:
    """The 97.5 % quantile of Student's t with `df` degrees of freedom (interpolated in 1/df)."""
    if df in _T975:
        return _T975[df]
    if df > 120:
        lo_df, lo, hi = 120, _T975[120], 1.95996
        return hi + (lo - hi) * (lo_df / df)
    keys = sorted(_T975)
    upper = next(k for k in keys if k > df)
    lower = max(k for k in keys if k < df)
    w = (1 / df - 1 / upper) / (1 / lower - 1 / upper)
    return _T975[upper] + w * (_T975[lower] - _T975[upper])


@dataclass(frozen=True)
class Estimate:
    """A figure's mean over replications and its 95 % confidence interval (None with one run)."""

    value: float | None
    low: float | None = None
    high: float | None = None

    @staticmethod
    def of(values: list[float | None]) -> Estimate:
        data = [v for v in values if v is not None and not math.isnan(v)]
        if not data:
            return Estimate(None)
        if len(data) == 1:  # one replication: its value (NumPy's mean of it, without the call)
            return Estimate(float(data[0]))
        mean = float(np.mean(data))
        half = t975(len(data) - 1) * float(np.std(data, ddof=1)) / math.sqrt(len(data))
        # Times, counts and shares cannot be negative, and an interval reaching below zero only
        # confuses the reader: cut it at zero (this never excludes a possible true value).
        low = max(mean - half, 0.0) if min(data) >= 0 else mean - half
        return Estimate(mean, low, mean + half)

    def contains(self, value: float) -> bool:
        """Whether `value` lies in the interval (a single run's interval is just its value)."""
        if self.value is None:
            return False
        low = self.low if self.low is not None else self.value
        high = self.high if self.high is not None else self.value
        return low <= value <= high

    def json(self) -> dict[str, float | None]:
        return {"value": self.value, "low": self.low, "high": self.high}


Figures = dict[str, float | None]


def run_figures(plan: Plan, run: RunResult) -> dict[str, Any]:
    """The headline figures of one run (hours, shares, counts) keyed as in the JSON output."""
    hours = 60.0
    n = run.cases
    horizon = run.horizon
    window = horizon - run.window_start  # the observation window (all of the run without warm-up)
    out: dict[str, Any] = {
        "cycle_time_hours": {
            "mean": run.cycle.mean / hours if n else None,
            "p50": run.cycle.percentile(50) / hours if n else None,
            "p90": run.cycle.percentile(90) / hours if n else None,
            "p95": run.cycle.percentile(95) / hours if n else None,
        },
        "touch_hours": run.touch_total / n / hours if n else None,
        "queue_wait_hours": run.queued_total / n / hours if n else None,
        "external_wait_hours": run.external_total / n / hours if n else None,
        "throughput_per_day": run.completed_in_window / (window / 1440.0) if window > 0 else None,
        "wip_mean": run.wip_area / window if window > 0 else None,
        "wip_max": float(run.wip_max),
        "observation_days": window / 1440.0,
        "activities": {},
        "roles": {},
    }
    for i, node_id in enumerate(plan.node_ids):
        if not plan.is_activity[i]:
            continue
        visits = run.visits[i]
        out["activities"][node_id] = {
            "visits_per_case": visits / n if n else None,
            "queue_wait_hours": run.node_queued[i] / visits / hours if visits else None,
            "external_wait_hours": run.node_external[i] / visits / hours if visits else None,
            "work_hours": run.node_work[i] / visits / hours if visits else None,
            "elapsed_hours": (run.node_work[i] + run.node_paused[i]) / visits / hours
            if visits
            else None,
        }
    for j, pool in enumerate(plan.pools):
        busy = run.pool_busy[j]
        capacity = pool.capacity
        opened = run.pool_open[j]
        out["roles"][pool.role] = {
            "utilisation": busy / (capacity * opened) if capacity and opened > 0 else None,
            "busy_hours": busy / hours,
            "busy_people_mean": busy / window if window > 0 else None,
            "queue_mean": run.pool_queue_area[j] / window if window > 0 else None,
            "queue_max": float(run.pool_queue_max[j]),
            "cost": busy / hours * pool.cost_per_hour if pool.cost_per_hour is not None else None,
        }
    return out


def _combine(runs: list[Any]) -> Any:
    """Turns per-replication figure trees into one tree of Estimates."""
    first = runs[0]
    if isinstance(first, dict):
        return {key: _combine([r[key] for r in runs]) for key in first}
    return Estimate.of(runs)


def _as_json(tree: Any) -> Any:
    if isinstance(tree, dict):
        return {key: _as_json(value) for key, value in tree.items()}
    assert isinstance(tree, Estimate)
    return tree.json()


@dataclass
class SimulationSummary:
    """Every figure of a simulation as an `Estimate` over the replications, plus the raw runs."""

    process_id: str
    variant_id: str
    cases: int
    replications: int
    seed: int
    warmup: int
    start: dt.datetime
    figures: dict[str, Any]
    runs: list[RunResult] = field(default_factory=list, repr=False)
    capacities: dict[str, int | None] = field(default_factory=dict)
    calendars: dict[str, str | None] = field(default_factory=dict)  # None: round the clock

    def __getitem__(self, key: str) -> Any:
        return self.figures[key]

    def json(self) -> dict[str, Any]:
        """The JSON output (`verksam simulate --json`); keys documented in docs/simulation.md."""
        out: dict[str, Any] = {
            "process": self.process_id,
            "variant": self.variant_id,
            "cases": self.cases,
            "replications": self.replications,
            "seed": self.seed,
            "warmup": self.warmup,
            "start": self.start.isoformat(),
        }
        out["observation_window"] = {
            "cases_from": self.warmup + 1,
            "cases_to": self.cases,
            "time": "from the arrival of case cases_from to the last completion",
        }
        out.update(_as_json(self.figures))
        for role, capacity in self.capacities.items():
            out["roles"][role]["capacity"] = capacity
            out["roles"][role]["calendar"] = self.calendars.get(role)
        return out


def simulate(
    case: Case,
    process_id: str,
    variant_id: str | None = None,
    *,
    cases: int = 1000,
    seed: int = 0,
    replications: int = 1,
    warmup: int = 0,
    start: dt.datetime | None = None,
    log: str | Path | None = None,
    progress: Callable[[int], None] | None = None,
) -> SimulationSummary:
    """Simulates `cases` cases of a process variant `replications` times.

    The same arguments give identical results. With `log` the first replication's event log is
    written (CSV, Parquet or XES by the file's suffix). `progress` is called now and then with the
    number of cases that have arrived, summed over replications.

    Raises
    ------
    SimulationError
        If the variant cannot be simulated (every problem named; nothing is run).
    ValueError
        For non-positive `cases` or `replications`, a negative `warmup`, or an unknown log format.
    """
    if cases < 1 or replications < 1:
        raise ValueError("cases and replications must be at least 1")
    if not 0 <= warmup < cases:
        raise ValueError("warmup must be at least 0 and below the number of cases")
    plan = compile_plan(case, process_id, variant_id, start)
    if log is not None:
        # Polars and Arrow are only loaded for a log: they would double a KPI-only run's memory.
        from verksam.simulation.eventlog import log_format, open_log

        log_format(log)
    streams = SeedSequence(seed).spawn(replications)
    runs: list[RunResult] = []
    figures: list[dict[str, Any]] = []
    for r, stream in enumerate(streams):
        offset = r * cases
        report = (lambda n, o=offset: progress(o + n)) if progress is not None else None
        sink = open_log(log, plan, case) if log is not None and r == 0 else None
        try:
            sim = Simulation(plan, cases, default_rng(stream), warmup, sink, report)
            result = sim.run()
        except BaseException:
            if sink is not None:
                sink.abort()
            raise
        if sink is not None:
            sink.close()
        result.extras["completed"] = sim.completed
        figures.append(run_figures(plan, result))
        # Percentiles are taken; keep the run's figures, not its 200,000 values, across many
        # replications.
        result.cycle.compact()
        runs.append(result)
        if progress is not None:
            progress(offset + cases)
    return SimulationSummary(
        process_id=plan.process_id,
        variant_id=plan.variant_id,
        cases=cases,
        replications=replications,
        seed=seed,
        warmup=warmup,
        start=plan.start,
        figures=_combine(figures),
        runs=runs,
        capacities={p.role: p.capacity for p in plan.pools},
        calendars={p.role: p.calendar.id if p.calendar else None for p in plan.pools},
    )
