"""Simulation benchmark: agreement with Prosimos, and speed and memory against Prosimos and SimPy.

Models: the three Prosimos models of tests/simulation/prosimos_models (our own, in Prosimos' format),
imported with `verksam import MODEL.bpmn --simulation PARAMS.json`. The speed model is `loop_and`
(11 tasks, an XOR rework loop, an AND block, five resource pools).

- Agreement: each model run by Prosimos and by Verksam, several replications each; mean cycle time
  and utilisation per pool with 95 % confidence intervals.
- Speed: simulated cases per second (CPU time of the run, so other load on the machine counts less)
  at 10,000 and 100,000 cases for Prosimos (KPIs only), a plain SimPy model of the same process
  (KPIs only, and with an event log) and Verksam (the same two), plus peak memory (max RSS of the
  process that ran it) and the memory of Verksam at 1,000,000 cases without a log.

Every measurement runs in a fresh subprocess. Prosimos runs in bench/.venv-prosimos (made by
bench/setup_prosimos.sh: it pins pandas below 3); it takes no seed, so its driver seeds Python's
and NumPy's generators. Run: `python -m bench simulation` (BENCH_QUICK=1 for a short run;
BENCH_SECTIONS=agreement,speed,memory to pick parts).
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "tests" / "simulation" / "prosimos_models"
PROSIMOS_PYTHON = ROOT / "bench" / ".venv-prosimos" / "bin" / "python"
START = "2026-01-05T00:00:00"  # a Monday; Verksam's default start for a case without a start year
QUICK = os.environ.get("BENCH_QUICK") == "1"

# Runs in Prosimos' own venv: seeds the generators Prosimos draws from, runs, prints JSON.
PROSIMOS_DRIVER = r"""
import json, random, resource, sys, time
import numpy
from prosimos.simulation_engine import run_simulation

bpmn, params, cases, seeds = sys.argv[1], sys.argv[2], int(sys.argv[3]), json.loads(sys.argv[4])
runs = []
for seed in seeds:
    random.seed(seed)
    numpy.random.seed(seed)
    wall, cpu = time.perf_counter(), time.process_time()
    (kpi, _tasks, resources, _s, _e), _info = run_simulation(
        bpmn, params, cases, starting_at=sys.argv[5] + ".000+00:00"
    )
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    # Prosimos 2.1 hands worked and available time to ResourceKPI in swapped order, so only its
    # `utilization` field is right; a pool's resources share one calendar, so their mean is the
    # pool's utilisation.
    pools = {}
    for rid, info in resources.items():
        pools.setdefault(rid.rsplit("-staff", 1)[0], []).append(info.utilization)
    runs.append({
        "cpu": cpu, "wall": wall, "cycle_hours": kpi.cycle_time.avg / 3600,
        "utilisation": {p: sum(u) / len(u) for p, u in pools.items()},
    })
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"runs": runs, "peak_mib": peak}))
"""


def _rss_mib() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return math.nan


def _peak_mib() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- workers (each in a fresh process) ---------------------------------------------------------
def verksam_worker(model: str, cases: int, seeds: list[int], log: bool) -> dict[str, Any]:
    """Runs Verksam on an imported Prosimos model, one run per seed."""
    import time

    from verksam.simulation import simulate
    from verksam.simulation.prosimos import import_prosimos

    imported = import_prosimos(MODELS / f"{model}.bpmn", MODELS / f"{model}.json")
    if log:
        # Libraries are imported before the clock starts, for every engine alike; Verksam loads
        # its log writer (Polars, Arrow) only when a log is asked for.
        import verksam.simulation.eventlog  # noqa: F401
    before = _rss_mib()
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        for seed in seeds:
            path = Path(tmp) / "log.csv" if log else None
            wall, cpu = time.perf_counter(), time.process_time()
            summary = simulate(imported.case, imported.process_id, cases=cases, seed=seed, log=path)
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            runs.append(
                {
                    "cpu": cpu,
                    "wall": wall,
                    "cycle_hours": summary["cycle_time_hours"]["mean"].value,
                    "utilisation": {
                        role: figures["utilisation"].value
                        for role, figures in summary["roles"].items()
                    },
                }
            )
    return {"runs": runs, "peak_mib": _peak_mib(), "before_mib": before}


def simpy_worker(model: str, cases: int, seeds: list[int], log: bool) -> dict[str, Any]:
    """A plain SimPy model of `loop_and`, written as a SimPy user would (generators, Resources)."""
    import csv
    import random
    import time

    import simpy

    params = json.loads((MODELS / f"{model}.json").read_text())
    amount = {
        p["id"]: sum(r["amount"] for r in p["resource_list"]) for p in params["resource_profiles"]
    }
    pool_of = {r["id"]: p["id"] for p in params["resource_profiles"] for r in p["resource_list"]}
    task: dict[str, tuple[str, float]] = {}
    for entry in params["task_resource_distribution"]:
        first = entry["resources"][0]
        task[entry["task_id"]] = (
            pool_of[first["resource_id"]],
            float(first["distribution_params"][0]["value"]),
        )
    arrival_mean = float(params["arrival_time_distribution"]["distribution_params"][0]["value"])
    rework = next(
        float(p["value"])
        for g in params["gateway_branching_probabilities"]
        for p in g["probabilities"]
        if p["path_id"] == "f05_incomplete"
    )
    before = _rss_mib()
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        for seed in seeds:
            rnd = random.Random(seed)
            env = simpy.Environment()
            pools = {name: simpy.Resource(env, capacity=n) for name, n in amount.items()}
            busy = dict.fromkeys(amount, 0.0)
            cycles: list[float] = []
            rows: list[tuple[int, str, str, float, float, float]] = []

            def do(case: int, name: str, env=env, pools=pools, busy=busy, rnd=rnd, rows=rows):
                pool, mean = task[name]
                enabled = env.now
                with pools[pool].request() as request:
                    yield request
                    start = env.now
                    duration = rnd.expovariate(1.0 / mean)
                    busy[pool] += duration
                    yield env.timeout(duration)
                if log:
                    rows.append((case, name, pool, enabled, start, env.now))

            def one_case(case: int, env=env, rnd=rnd, cycles=cycles, do=do):
                arrived = env.now
                yield from do(case, "register")
                while True:
                    yield from do(case, "check")
                    if rnd.random() >= rework:
                        break
                    yield from do(case, "request_docs")

                def site(case: int = case):
                    yield from do(case, "site_visit")
                    yield from do(case, "site_report")

                yield env.all_of(
                    [
                        env.process(site()),
                        env.process(do(case, "legal_review")),
                        env.process(do(case, "fee")),
                    ]
                )
                for name in ("draft", "approve", "send", "archive"):
                    yield from do(case, name)
                cycles.append(env.now - arrived)

            def source(env=env, rnd=rnd, one_case=one_case):
                for case in range(cases):
                    env.process(one_case(case))
                    yield env.timeout(rnd.expovariate(1.0 / arrival_mean))

            wall, cpu = time.perf_counter(), time.process_time()
            env.process(source())
            env.run()
            if log:
                with open(Path(tmp) / "log.csv", "w", newline="") as handle:
                    writer = csv.writer(handle)
                    writer.writerow(["case", "activity", "resource", "enabled", "start", "end"])
                    writer.writerows(rows)
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            horizon = env.now
            runs.append(
                {
                    "cpu": cpu,
                    "wall": wall,
                    "cycle_hours": sum(cycles) / len(cycles) / 3600,
                    "utilisation": {p: busy[p] / (amount[p] * horizon) for p in amount},
                }
            )
    return {"runs": runs, "peak_mib": _peak_mib(), "before_mib": before}


def run_worker(
    engine: str, model: str, cases: int, seeds: list[int], log: bool = False
) -> dict[str, Any]:
    """Runs one measurement in a fresh process and returns its JSON."""
    if engine == "prosimos":
        command = [
            str(PROSIMOS_PYTHON), "-c", PROSIMOS_DRIVER, str(MODELS / f"{model}.bpmn"),
            str(MODELS / f"{model}.json"), str(cases), json.dumps(seeds), START,
        ]  # fmt: skip
    else:
        call = (
            f"import json; from bench.bench_simulation import {engine}_worker as w; "
            f"print(json.dumps(w({model!r}, {cases}, {seeds!r}, {log})))"
        )
        command = [sys.executable, "-c", call]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{engine} on {model} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


# --- report ------------------------------------------------------------------------------------
def _estimate(values: list[float]) -> tuple[float, float]:
    """Mean and half-width of the 95 % interval (Student t)."""
    from verksam.simulation.results import t975

    n = len(values)
    mean = sum(values) / n
    if n < 2:
        return mean, math.nan
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1))
    return mean, t975(n - 1) * sd / math.sqrt(n)


def _fmt(values: list[float], percent: bool = False) -> str:
    mean, half = _estimate(values)
    if percent:
        return f"{mean * 100:6.1f} % ± {half * 100:.1f}"
    return f"{mean:8.3f} ± {half:.3f}"


def agreement(cases: int, replications: int) -> None:
    seeds = list(range(1, replications + 1))
    print(f"\nAgreement with Prosimos ({replications} replications × {cases:,} cases, 95 % CI)")
    print(f"{'model':<11} {'figure':<26} {'Prosimos':>20} {'Verksam':>20} {'diff':>7}  overlap")
    for model in ("sequential", "loop_and", "calendars"):
        prosimos = run_worker("prosimos", model, cases, seeds)["runs"]
        verksam = run_worker("verksam", model, cases, seeds)["runs"]
        rows: list[tuple[str, list[float], list[float], bool]] = [
            ("mean cycle time (h)", [r["cycle_hours"] for r in prosimos],
             [r["cycle_hours"] for r in verksam], False),
        ]  # fmt: skip
        for pool in sorted(prosimos[0]["utilisation"]):
            rows.append(
                (
                    f"utilisation {pool}",
                    [r["utilisation"][pool] for r in prosimos],
                    [r["utilisation"][pool] for r in verksam],
                    True,
                )
            )
        for name, p, v, percent in rows:
            pm, ph = _estimate(p)
            vm, vh = _estimate(v)
            overlap = "yes" if abs(pm - vm) <= ph + vh else "no"
            print(
                f"{model:<11} {name:<26} {_fmt(p, percent):>20} {_fmt(v, percent):>20} "
                f"{(vm / pm - 1) * 100:+6.1f}%  {overlap}"
            )


def speed(sizes: list[int]) -> None:
    print("\nSpeed on loop_and (11 tasks), cases per CPU second and peak memory (max RSS)")
    print(f"{'engine':<22} {'cases':>9} {'cases/s':>10} {'peak MiB':>9} {'Verksam is':>24}")
    for cases in sizes:
        results: dict[str, dict[str, Any]] = {}
        for label, engine, log in (
            ("Prosimos (KPIs)", "prosimos", False),
            ("SimPy (KPIs)", "simpy", False),
            ("SimPy (event log)", "simpy", True),
            ("Verksam (KPIs)", "verksam", False),
            ("Verksam (event log)", "verksam", True),
        ):
            results[label] = run_worker(engine, "loop_and", cases, [1], log)
        rate = {label: cases / r["runs"][0]["cpu"] for label, r in results.items()}
        for label, r in results.items():
            note = ""
            if label == "Verksam (KPIs)":
                note = (
                    f"{rate[label] / rate['Prosimos (KPIs)']:.0f}× Prosimos, "
                    f"{rate[label] / rate['SimPy (KPIs)']:.1f}× SimPy"
                )
            elif label == "Verksam (event log)":
                note = f"{rate[label] / rate['SimPy (event log)']:.1f}× SimPy with log"
            print(f"{label:<22} {cases:>9,} {rate[label]:>10,.0f} {r['peak_mib']:>9.0f} {note:>24}")


def memory(sizes: list[int]) -> None:
    print("\nVerksam memory without a log (statistics stream; percentiles exact to 200,000 cases)")
    print(f"{'cases':>10} {'cases/s':>10} {'RSS before run MiB':>19} {'peak MiB':>9}")
    for cases in sizes:
        r = run_worker("verksam", "loop_and", cases, [1])
        run = r["runs"][0]
        print(
            f"{cases:>10,} {cases / run['cpu']:>10,.0f} {r['before_mib']:>19.0f} {r['peak_mib']:>9.0f}"
        )


def main() -> None:
    if not PROSIMOS_PYTHON.exists():
        print("setting up Prosimos in bench/.venv-prosimos ...")
        subprocess.run(["bash", str(ROOT / "bench" / "setup_prosimos.sh")], check=True)
    if QUICK:
        agreement(cases=1_000, replications=3)
        speed([2_000])
        memory([10_000, 100_000])
        return
    sections = os.environ.get("BENCH_SECTIONS", "agreement,speed,memory").split(",")
    if "agreement" in sections:
        agreement(cases=5_000, replications=5)
    if "speed" in sections:
        speed([10_000, 100_000])
    if "memory" in sections:
        memory([10_000, 100_000, 1_000_000])


if __name__ == "__main__":
    main()
