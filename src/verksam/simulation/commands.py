"""Commands for simulation: `verksam simulate` and the Prosimos import behind `import --simulation`."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from verksam.formats.casefile import CaseFileError, load_case, save_case
from verksam.model.case import Case
from verksam.simulation.plan import SimulationError
from verksam.simulation.prosimos import ProsimosError, import_prosimos
from verksam.simulation.results import Estimate, SimulationSummary, simulate

out = Console()
err = Console(stderr=True)

PROGRESS_FROM = 20_000
"""Runs of at least this many cases (over all replications) show a progress bar."""


def _load(path: Path) -> Case:
    try:
        return load_case(path)
    except CaseFileError as exc:
        for problem in exc.problems:
            err.print(str(problem), markup=False, highlight=False)
        raise typer.Exit(1) from None


def _pick_process(case: Case, process: str | None) -> str:
    if process is not None:
        return process
    if len(case.processes) == 1:
        return case.processes[0].id
    ids = ", ".join(p.id for p in case.processes) or "none"
    err.print(f"[red]choose a process with --process (the case has: {ids})[/red]", highlight=False)
    raise typer.Exit(2)


def _fmt(e: Estimate, scale: float = 1.0, percent: bool = False) -> str:
    if e.value is None:
        return "–"

    def one(v: float) -> str:
        return f"{v * 100:.1f} %" if percent else f"{v * scale:,.2f}".replace(",", " ")

    if e.low is None or e.high is None:
        return one(e.value)
    return f"{one(e.value)} [dim]({one(e.low)} – {one(e.high)})[/dim]"


def print_summary(summary: SimulationSummary, case: Case) -> None:
    """The summary as rich tables: per case, per activity and per role."""
    ci = " ± 95 % CI" if summary.replications > 1 else ""
    out.print(
        f"[bold]{summary.process_id}[/bold] / {summary.variant_id}: {summary.cases:,} cases × "
        f"{summary.replications} replication(s), seed {summary.seed}, from {summary.start:%Y-%m-%d}"
    )
    f = summary.figures
    if summary.warmup:
        out.print(
            f"Warm-up: the first {summary.warmup:,} cases are left out. Every figure covers cases "
            f"{summary.warmup + 1:,}–{summary.cases:,}; utilisation, work in progress, queues and "
            f"throughput cover the {_fmt(f['observation_days'])} days from the arrival of case "
            f"{summary.warmup + 1:,} to the last completion."
        )
    per_case = Table("per case", f"mean{ci}", title="Cases")
    cycle = f["cycle_time_hours"]
    for key in ("mean", "p50", "p90", "p95"):
        per_case.add_row(f"cycle time {key} (h)", _fmt(cycle[key]))
    per_case.add_row("touch time (h)", _fmt(f["touch_hours"]))
    per_case.add_row("waiting for people (h)", _fmt(f["queue_wait_hours"]))
    per_case.add_row("external waiting (h)", _fmt(f["external_wait_hours"]))
    per_case.add_row("throughput (cases/day)", _fmt(f["throughput_per_day"]))
    per_case.add_row("work in progress (mean)", _fmt(f["wip_mean"]))
    per_case.add_row("work in progress (max)", _fmt(f["wip_max"]))
    out.print(per_case)
    acts = Table(
        "activity", "visits/case", "waiting for people (h)", "external (h)", "work (h)",
        title="Activities (per visit)",
    )  # fmt: skip
    for node_id, a in f["activities"].items():
        acts.add_row(
            node_id,
            _fmt(a["visits_per_case"]),
            _fmt(a["queue_wait_hours"]),
            _fmt(a["external_wait_hours"]),
            _fmt(a["work_hours"]),
        )
    out.print(acts)
    roles = Table(
        "role",
        "people",
        "works",
        "utilisation",
        "queue (mean)",
        "queue (max)",
        "busy (h)",
        "cost",
        title="Roles",
    )
    for role_id, r in f["roles"].items():
        capacity = summary.capacities.get(role_id)
        roles.add_row(
            role_id,
            "unlimited" if capacity is None else str(capacity),
            summary.calendars.get(role_id) or "round the clock",
            _fmt(r["utilisation"], percent=True),
            _fmt(r["queue_mean"]),
            _fmt(r["queue_max"]),
            _fmt(Estimate(r["busy_hours"].value)),  # totals: the spread shows in utilisation
            _fmt(Estimate(r["cost"].value)) + f" {case.settings.effective_currency}"
            if r["cost"].value is not None
            else "–",
        )
    out.print(roles)


def simulate_command(
    file: Annotated[Path, typer.Argument(help="Case file (YAML or JSON).")],
    process: Annotated[
        str | None, typer.Option("--process", "-p", help="Process id (needed if several).")
    ] = None,
    variant: Annotated[
        str | None, typer.Option("--variant", help="Variant id (default: the as-is variant).")
    ] = None,
    cases: Annotated[
        int, typer.Option("--cases", "-n", min=1, help="Cases per replication.")
    ] = 1000,
    seed: Annotated[
        int, typer.Option(help="Random seed; the same seed gives the same results.")
    ] = 0,
    replications: Annotated[
        int, typer.Option("--replications", "-r", min=1, help="Independent runs (for the 95 % CI).")
    ] = 5,
    warmup: Annotated[
        int, typer.Option(min=0, help="First cases left out of the statistics (steady state).")
    ] = 0,
    start: Annotated[
        str | None, typer.Option(help="Start date YYYY-MM-DD (default: first Monday of the year).")
    ] = None,
    log: Annotated[
        Path | None, typer.Option(help="Write the event log (.csv, .parquet, .xes, .xes.gz).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Simulate a process variant: cycle times, waiting, utilisation, queues, throughput, WIP."""
    case = _load(file)
    process_id = _pick_process(case, process)
    start_at = None
    if start is not None:
        try:
            start_at = dt.datetime.fromisoformat(start)
        except ValueError:
            err.print(f"[red]--start {start!r} is not a date (YYYY-MM-DD)[/red]", highlight=False)
            raise typer.Exit(2) from None
    total = cases * replications
    kwargs: dict[str, Any] = dict(
        cases=cases, seed=seed, replications=replications, warmup=warmup, start=start_at, log=log
    )
    try:
        if total >= PROGRESS_FROM and err.is_terminal:
            columns = (
                TextColumn("simulating"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
            )  # fmt: skip
            with Progress(*columns, console=err, transient=True) as bar:
                task = bar.add_task("simulate", total=total)
                summary = simulate(
                    case, process_id, variant,
                    progress=lambda n: bar.update(task, completed=n), **kwargs,
                )  # fmt: skip
        else:
            summary = simulate(case, process_id, variant, **kwargs)
    except SimulationError as exc:
        err.print("[red]cannot simulate:[/red]", highlight=False)
        for problem in exc.problems:
            err.print(f"  {problem}", markup=False, highlight=False)
        raise typer.Exit(1) from None
    except (ValueError, OSError) as exc:
        err.print(f"[red]cannot simulate: {exc}[/red]", markup=False, highlight=False)
        raise typer.Exit(1) from None
    if as_json:
        typer.echo(json.dumps(summary.json(), indent=2, ensure_ascii=False))
    else:
        print_summary(summary, case)
    if log is not None and not as_json:
        out.print(f"Wrote the event log of the first replication to {log}")


def import_command(
    file: Annotated[Path, typer.Argument(help="The Prosimos model's BPMN file.")],
    simulation: Annotated[
        Path, typer.Option("--simulation", help="Prosimos JSON parameters for the BPMN model.")
    ],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Case file to write (default: FILE.yaml).")
    ] = None,
    force: Annotated[bool, typer.Option(help="Overwrite an existing file.")] = False,
) -> None:
    """Import a Prosimos model (BPMN plus JSON parameters) as a case file.

    `verksam import FILE --simulation PARAMS.json` (verksam.formats.commands) comes here.
    """
    target = output or file.with_suffix(".yaml")
    if target.exists() and not force:
        err.print(f"[red]{target} exists; use --force to overwrite it[/red]", highlight=False)
        raise typer.Exit(1)
    try:
        imported = import_prosimos(file, simulation)
    except ProsimosError as exc:
        err.print(f"[red]cannot import: {exc}[/red]", markup=False, highlight=False)
        raise typer.Exit(1) from None
    save_case(imported.case, target)
    for note in imported.notes:
        err.print(f"note: {note}", markup=False, highlight=False)
    out.print(f"Wrote {target}", highlight=False)
