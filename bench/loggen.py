"""Seeded synthetic event logs of a building-permit process, for the mining benchmark.

The process has 17 activities done by people in 10 units: registration, a completeness check
that loops through supplement requests, three consultations in parallel (the site visit only
sometimes), assessment, a draft approval or refusal, a quality review that sends some cases back
to assessment, the decision, and closing work. Cases are simulated stage by stage with numpy over
all cases at once, so 50 million events take minutes, not hours. The same seed gives the same log.

Usage: ``python -m bench.loggen EVENTS OUT.(csv|parquet) [--seed N]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

import numpy as np
import polars as pl

UNITS = [
    "Digital services",
    "Registry",
    "Permit office",
    "Fire and rescue",
    "Inspection",
    "Environment",
    "Legal",
    "Management",
    "Finance",
    "Archive",
]
STAFF = [2, 6, 14, 4, 5, 4, 3, 3, 3, 2]  # people per unit
ACTIVITIES = [
    ("Submit application", 0, 0.05),  # (name, unit, mean hours of waiting + work)
    ("Register application", 1, 6.0),
    ("Check completeness", 2, 20.0),
    ("Request supplement", 2, 2.0),
    ("Receive supplement", 1, 120.0),
    ("Assign case officer", 2, 16.0),
    ("Consult neighbours", 2, 150.0),
    ("Consult fire department", 3, 100.0),
    ("Site visit", 4, 80.0),
    ("Assess application", 2, 30.0),
    ("Draft approval", 2, 8.0),
    ("Draft refusal", 2, 10.0),
    ("Quality review", 6, 24.0),
    ("Decide", 7, 40.0),
    ("Send decision", 1, 4.0),
    ("Invoice fee", 8, 30.0),
    ("Archive case", 9, 60.0),
]
ACT = {name: i for i, (name, _, _) in enumerate(ACTIVITIES)}
MEAN_EVENTS_PER_CASE = 14.76  # measured on the generator; used to size the number of cases
START = dt.datetime(2022, 1, 3, 8, 0)


class _Builder:
    """Collects events stage by stage: per stage arrays of case, activity, time and resource."""

    def __init__(self, n: int, rng: np.random.Generator) -> None:
        self.rng = rng
        self.n = n
        self.cases: list[np.ndarray] = []
        self.acts: list[np.ndarray] = []
        self.times: list[np.ndarray] = []
        self.people: list[np.ndarray] = []

    def delay(self, activity: str, size: int) -> np.ndarray:
        mean_hours = ACTIVITIES[ACT[activity]][2]
        # Lognormal with a long right tail (sigma 1), scaled to the mean, in seconds.
        return (self.rng.lognormal(-0.5, 1.0, size) * mean_hours * 3600).astype(np.int64) + 1

    def emit(self, activity: str, idx: np.ndarray, at: np.ndarray) -> None:
        code = ACT[activity]
        unit = ACTIVITIES[code][1]
        self.cases.append(idx)
        self.acts.append(np.full(idx.size, code, dtype=np.int16))
        self.times.append(at)
        person = self.rng.integers(0, STAFF[unit], idx.size)
        self.people.append((unit * 100 + person).astype(np.int16))

    def step(self, activity: str, idx: np.ndarray, clock: np.ndarray) -> None:
        clock[idx] += self.delay(activity, idx.size)
        self.emit(activity, idx, clock[idx].copy())


def simulate(
    n_cases: int, seed: int, first_case: int = 0, offset_days: float = 0.0
) -> pl.DataFrame:
    """Events of n_cases permit cases: ``case_id, activity, timestamp, resource, unit``."""
    rng = np.random.default_rng(seed)
    b = _Builder(n_cases, rng)
    everyone = np.arange(n_cases)
    # About 400 applications a working day: arrivals as a Poisson process.
    clock = np.cumsum(rng.exponential(86400 / 400, n_cases)).astype(np.int64)
    clock += int(offset_days * 86400)
    b.emit("Submit application", everyone, clock.copy())
    b.step("Register application", everyone, clock)
    active = everyone
    for _ in range(4):  # completeness check, with up to three rounds of supplements
        b.step("Check completeness", active, clock)
        active = active[rng.random(active.size) < 0.28]
        if active.size == 0:
            break
        b.step("Request supplement", active, clock)
        b.step("Receive supplement", active, clock)
    b.step("Assign case officer", everyone, clock)
    # Consultations in parallel: each branch starts at the same time; the case waits for all.
    fork = clock.copy()
    join = clock.copy()
    visited = everyone[rng.random(n_cases) < 0.4]
    for activity, who in (
        ("Consult neighbours", everyone),
        ("Consult fire department", everyone),
        ("Site visit", visited),
    ):
        branch = fork.copy()
        b.step(activity, who, branch)
        join[who] = np.maximum(join[who], branch[who])
    clock = join
    rounds = everyone
    approved = np.zeros(n_cases, dtype=bool)
    for _ in range(3):  # assessment → draft → quality review, sometimes sent back
        b.step("Assess application", rounds, clock)
        yes = rng.random(rounds.size) < 0.8
        approved[rounds] = yes
        b.step("Draft approval", rounds[yes], clock)
        b.step("Draft refusal", rounds[~yes], clock)
        b.step("Quality review", rounds, clock)
        rounds = rounds[rng.random(rounds.size) < 0.12]
        if rounds.size == 0:
            break
    b.step("Decide", everyone, clock)
    b.step("Send decision", everyone, clock)
    b.step("Invoice fee", everyone[approved], clock)
    b.step("Archive case", everyone, clock)

    base = np.datetime64(START, "s")
    frame = pl.DataFrame(
        {
            "case": np.concatenate(b.cases) + first_case,
            "act": np.concatenate(b.acts),
            "timestamp": (base + np.concatenate(b.times).astype("timedelta64[s]")).astype(
                "datetime64[ms]"
            ),
            "person": np.concatenate(b.people),
        }
    )
    activity = {i: a[0] for i, a in enumerate(ACTIVITIES)}
    unit_slug = {i: u.lower().replace(" ", "-") for i, u in enumerate(UNITS)}
    unit = pl.col("person") // 100
    # Systems export chronologically: sort by time (cases interleave), ties by case.
    return frame.sort("timestamp", "case").select(
        pl.format("P{}", pl.col("case").cast(pl.String).str.zfill(8)).alias("case_id"),
        pl.col("act").replace_strict(activity, return_dtype=pl.String).alias("activity"),
        pl.col("timestamp").cast(pl.Datetime("ms")),
        pl.format(
            "{}-{}",
            unit.replace_strict(unit_slug, return_dtype=pl.String),
            (pl.col("person") % 100 + 1).cast(pl.String).str.zfill(2),
        ).alias("resource"),
        unit.replace_strict(dict(enumerate(UNITS)), return_dtype=pl.String).alias("unit"),
    )


def generate(n_events: int, seed: int = 1) -> pl.DataFrame:
    """A log of about n_events events (whole cases, so a little more or less)."""
    return simulate(max(1, round(n_events / MEAN_EVENTS_PER_CASE)), seed)


def write(frame: pl.DataFrame, path: Path) -> None:
    """CSV with ``YYYY-MM-DD HH:MM:SS.fff`` times (what exports look like), or Parquet."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".parquet":
        frame.write_parquet(path)
    else:
        frame.write_csv(path, datetime_format="%Y-%m-%d %H:%M:%S%.3f")


def write_large_parquet(n_events: int, folder: Path, seed: int = 1, chunk: int = 5_000_000) -> int:
    """A log of about n_events events as Parquet files in a folder, written chunk by chunk so
    the generator never holds more than one chunk. Returns the number of events written."""
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    chunk = min(chunk, n_events)
    cases_per_chunk = round(chunk / MEAN_EVENTS_PER_CASE)
    for part in range(max(1, round(n_events / chunk))):
        # Each chunk continues the case numbers and the calendar of the one before.
        days = part * cases_per_chunk / 400
        frame = simulate(cases_per_chunk, seed + part, part * cases_per_chunk, days)
        frame.write_parquet(folder / f"part-{part:03d}.parquet")
        total += frame.height
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("events", type=float, help="approximate number of events, e.g. 1e6")
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    frame = generate(int(args.events), args.seed)
    write(frame, args.out)
    print(f"wrote {frame.height:,} events of {frame['case_id'].n_unique():,} cases to {args.out}")


if __name__ == "__main__":
    main()
