"""Mining benchmark: PM4Py (pandas, and Polars input) against Verksam on synthetic permit logs.

Every measurement runs in its own process, so its peak memory (max RSS, from ``os.wait4``) is its
own. Each tool computes the same results from the file: directly-follows graph with counts and
mean/median waiting times, start and end activities, variants, case durations. Verksam computes
them from one sorted frame (`verksam.mining.summary`). Times start before reading the file and
stop when the results are in Python objects; interpreter start and imports are not included.

    python -m bench mining                                  # 1M and 5M events
    python -m bench.bench_mining --sizes 1e6 5e6 --large 5e7  # plus a 50M Parquet streaming run

Logs are written (once, seeded) to var/bench/mining/ by bench/loggen.py.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "var" / "bench" / "mining"
TIME_FORMAT_PANDAS = "%Y-%m-%d %H:%M:%S.%f"
TIME_FORMAT_POLARS = "%Y-%m-%d %H:%M:%S%.3f"
TOOLS = ("pm4py-pandas", "pm4py-polars", "verksam-csv", "verksam-parquet")


def _digest(
    dfg: dict[Any, int], perf: dict[Any, float], variants: dict[Any, int], durations: list[float]
) -> dict[str, Any]:
    """Numbers both tools must agree on, small enough to print."""
    return {
        "edges": len(dfg),
        "dfg_total": int(sum(dfg.values())),
        "mean_wait_sum": round(sum(perf.values()), 0),
        "variants": len(variants),
        "top_variant": max(variants.values()) if variants else 0,
        "cases": len(durations),
        "duration_sum": round(sum(durations), 0),
    }


def _run_pm4py(path: Path, polars_input: bool) -> dict[str, Any]:
    import warnings

    warnings.filterwarnings("ignore")
    import pm4py

    start = time.perf_counter()
    cpu = time.process_time()
    if polars_input:
        import polars as pl

        df: Any = pl.scan_csv(path)
        fmt = TIME_FORMAT_POLARS
    else:
        import pandas as pd

        df = pd.read_csv(path)
        fmt = TIME_FORMAT_PANDAS
    df = pm4py.format_dataframe(
        df, case_id="case_id", activity_key="activity", timestamp_key="timestamp", timest_format=fmt
    )
    dfg, _starts, _ends = pm4py.discover_dfg(df)
    perf, _, _ = pm4py.discover_performance_dfg(df)
    variants = pm4py.get_variants(df)
    durations = pm4py.get_all_case_durations(df)
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu
    counts = {k: v if isinstance(v, int) else len(v) for k, v in variants.items()}
    means = {k: v["mean"] for k, v in perf.items()}
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "digest": _digest(dict(dfg), means, counts, list(durations)),
    }


def _run_verksam(path: Path) -> dict[str, Any]:
    from verksam.mining import analytics
    from verksam.mining.log import ReadOptions, scan_log
    from verksam.mining.summary import prepare, summarise

    start = time.perf_counter()
    cpu = time.process_time()
    options = ReadOptions(time_format=None if path.suffix == ".parquet" else TIME_FORMAT_POLARS)
    lf = scan_log(path, options)
    frame = prepare(lf, path, options, resources=False)
    summary = summarise(frame.lazy(), sorted_frame=frame, extended=False)
    durations = analytics.case_durations(frame.lazy(), is_ordered=True).collect()
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu
    dfg = {(e["source"], e["target"]): e["count"] for e in summary["dfg"]}
    perf = {(e["source"], e["target"]): e["mean_seconds"] for e in summary["dfg"]}
    variants = {tuple(v["activities"]): v["count"] for v in summary["variants"]}
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "events": summary["events"],
        "digest": _digest(dfg, perf, variants, durations["duration_seconds"].to_list()),
    }


def child(tool: str, path: Path) -> None:
    """Run one measurement in this process and print its result as JSON."""
    if tool == "pm4py-pandas":
        result = _run_pm4py(path, polars_input=False)
    elif tool == "pm4py-polars":
        result = _run_pm4py(path, polars_input=True)
    else:
        result = _run_verksam(path)
    print(json.dumps(result))


def measure(tool: str, path: Path) -> dict[str, Any]:
    """Run one measurement in a child process; add its wall time and peak memory (MiB)."""
    from bench import ALLOCATOR_CONF

    env = {k: v for k, v in os.environ.items() if k != "_RJEM_MALLOC_CONF"}
    if ALLOCATOR_CONF is not None:
        env["_RJEM_MALLOC_CONF"] = ALLOCATOR_CONF
    began = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "bench.bench_mining", "--child", tool, str(path)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert proc.stdout is not None
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        return {"tool": tool, "failed": f"exit {proc.returncode}"}
    result: dict[str, Any] = json.loads(output.decode().strip().splitlines()[-1])
    result["tool"] = tool
    result["process_seconds"] = time.perf_counter() - began
    result["peak_mib"] = usage.ru_maxrss / 1024  # Linux reports KiB
    return result


def ensure_logs(events: int) -> tuple[Path, Path]:
    """The seeded CSV and Parquet logs of about this many events (generated once)."""
    sys.path.insert(0, str(ROOT))
    from bench import loggen

    csv_path = DATA / f"permits-{events}.csv"
    parquet_path = DATA / f"permits-{events}.parquet"
    if not csv_path.exists() or not parquet_path.exists():
        frame = loggen.generate(events, seed=1)
        loggen.write(frame, csv_path)
        loggen.write(frame, parquet_path)
    return csv_path, parquet_path


def _table(rows: list[dict[str, Any]], events: int) -> None:
    base = next((r for r in rows if r["tool"] == "pm4py-pandas" and "failed" not in r), None)
    print(f"\n{events:,} events (requested)")
    print(
        f"{'tool':<17}{'wall s':>8}{'cpu s':>8}{'peak MiB':>10}"
        f"{'wall x':>8}{'cpu x':>7}{'memory':>8}  results"
    )
    reference = base["digest"] if base else None
    for r in rows:
        if "failed" in r:
            print(f"{r['tool']:<17}{'failed: ' + r['failed']:>20}")
            continue
        wall = f"{base['seconds'] / r['seconds']:.1f}" if base else "–"
        cpu = f"{base['cpu_seconds'] / r['cpu_seconds']:.1f}" if base else "–"
        memory = f"{r['peak_mib'] / base['peak_mib']:.2f}" if base else "–"
        agree = "same" if reference is None or r["digest"] == reference else f"DIFFER {r['digest']}"
        print(
            f"{r['tool']:<17}{r['seconds']:>8.2f}{r['cpu_seconds']:>8.2f}{r['peak_mib']:>10.0f}"
            f"{wall:>8}{cpu:>7}{memory:>8}  {agree}"
        )
    if reference:
        print(f"  results: {reference}")
    print(
        "  wall x / cpu x: PM4Py (pandas) time divided by the tool's; memory: peak RSS relative "
        "to PM4Py (pandas). CPU time counts every thread, so it is less disturbed by other load."
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Mining benchmark (see the module docstring).")
    parser.add_argument("--sizes", nargs="*", type=float, default=[1e6, 5e6])
    parser.add_argument("--tools", nargs="*", default=list(TOOLS))
    parser.add_argument(
        "--large", type=float, default=0, help="also a Parquet streaming run of this many events"
    )
    parser.add_argument("--child", nargs=2, metavar=("TOOL", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args(
        argv if argv is not None else sys.argv[1:] if __name__ == "__main__" else []
    )
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return
    for size in args.sizes:
        events = int(size)
        csv_path, parquet_path = ensure_logs(events)
        rows = []
        for tool in args.tools:
            path = parquet_path if tool == "verksam-parquet" else csv_path
            rows.append(measure(tool, path))
        _table(rows, events)
    if args.large:
        sys.path.insert(0, str(ROOT))
        from bench import loggen

        events = int(args.large)
        folder = DATA / f"permits-{events}-parquet"
        if not folder.exists():
            written = loggen.write_large_parquet(events, folder)
            print(f"\nwrote {written:,} events to {folder}")
        r = measure("verksam-parquet", folder)
        if "failed" in r:
            print(f"\nverksam-parquet on {folder}: failed ({r['failed']})")
        else:
            print(
                f"\n{r['events']:,} events from Parquet ({folder.name}), streaming engine: "
                f"{r['seconds']:.1f} s wall, {r['cpu_seconds']:.1f} s CPU, peak "
                f"{r['peak_mib']:.0f} MiB; results {r['digest']}"
            )


if __name__ == "__main__":
    main()
