"""Commands for process analysis: `verksam analyze` (one variant, or two compared) and `verksam compare`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from verksam.analysis.compare import (
    Figure,
    ProcessComparison,
    VariantComparison,
    compare_processes,
    compare_variants,
)
from verksam.analysis.graph import AnalysisError
from verksam.analysis.metrics import TOTAL, VariantMetrics, analyze
from verksam.formats.casefile import CaseFileError, load_case
from verksam.model.case import Case

out = Console()
err = Console(stderr=True)

_PERCENT = {"flow_efficiency", "rework_share"}


def _load(path: Path) -> Case:
    try:
        return load_case(path)
    except CaseFileError as exc:
        for problem in exc.problems:
            err.print(str(problem), markup=False)
        raise typer.Exit(1) from None


def _fail(exc: AnalysisError) -> typer.Exit:
    err.print(f"[red]cannot analyse: {exc}[/red]", highlight=False)
    return typer.Exit(1)


def _num(value: float | None, key: str = "") -> str:
    if value is None:
        return "–"
    if key.split(".")[0] in _PERCENT:
        return f"{value:.1%}"
    if abs(value) >= 1000:
        return f"{value:,.0f}".replace(",", " ")
    return f"{value:,.2f}".replace(",", " ")


def _print_metrics(m: VariantMetrics, case: Case) -> None:
    out.print(
        f"[bold]{m.process_id}[/bold] / {m.variant_name} ({m.variant_kind}), "
        f"{m.volume_per_year:g} cases per year, {m.hours_per_fte:g} h per FTE"
    )
    summary = Table("per case", "value", title="Per case")
    summary.add_row("touch time (h)", _num(m.touch_hours))
    summary.add_row("waiting time (h)", _num(m.waiting_hours))
    summary.add_row("lead time (h)", _num(m.lead_hours))
    summary.add_row("flow efficiency", f"{m.flow_efficiency:.1%}")
    summary.add_row("handoffs", _num(m.handoffs))
    summary.add_row("rework share", f"{m.rework_share:.1%}")
    out.print(summary)
    roles = Table("role", "hours/year", "FTE", f"cost/year ({m.currency})", title="Workload")
    for key, hours in m.workload_hours.items():
        role = case.role(key)
        unit = case.unit(key)
        label = role.label if role else unit.label if unit else key
        if key in m.external_roles:
            label += " (external, not in total)"
        roles.add_row(label, _num(hours), f"{m.fte[key]:.2f}", _num(m.cost[key]))
    roles.add_row(
        "[bold]total[/bold]",
        _num(m.total_workload_hours),
        f"{m.fte[TOTAL]:.2f}",
        _num(m.cost[TOTAL]),
    )
    out.print(roles)
    if len(m.units) > 1:
        units = Table("unit", "hours/year", "FTE", f"cost/year ({m.currency})", title="Units")
        for key, u in m.units.items():
            unit = case.unit(key)
            units.add_row(
                unit.label if unit else key, _num(u.workload_hours), f"{u.fte:.2f}", _num(u.cost)
            )
        out.print(units)
    if m.handoff_lanes:
        lanes = Table("from lane", "to lane", "per case", title="Handoffs")
        for h in m.handoff_lanes:
            lanes.add_row(h.source_lane, h.target_lane, f"{h.per_case:.2f}")
        out.print(lanes)
    acts = Table(
        "activity", "lane", "visits", "touch min", "wait h", "hours/year", title="Activities"
    )
    for a in m.activities:
        acts.add_row(
            a.name,
            a.lane or "",
            f"{a.visits:.3g}",
            f"{a.touch_minutes:g}",
            f"{a.waiting_hours:g}",
            _num(a.workload_hours),
        )
    out.print(acts)
    for warning in m.warnings:
        err.print(f"[yellow]warning: {warning}[/yellow]", highlight=False)


def _figures_table(title: str, figures: list[Figure], a: str, b: str) -> Table:
    table = Table("figure", a, b, "difference", "change", title=title)
    for f in figures:
        table.add_row(
            f.label,
            _num(f.a, f.key),
            _num(f.b, f.key),
            _num(f.difference, f.key),
            f"{f.relative:+.1%}" if f.relative is not None else "–",
        )
    return table


def _print_comparison(cmp: VariantComparison) -> None:
    out.print(
        _figures_table(
            f"{cmp.process_id}: {cmp.a.variant_id} → {cmp.b.variant_id}",
            cmp.figures,
            cmp.a.variant_id,
            cmp.b.variant_id,
        )
    )
    if cmp.changes:
        changes = Table("change", "activity", "from", "to", title="What changed")
        for c in cmp.changes:
            changes.add_row(
                c.kind,
                c.name,
                "" if c.a is None else str(c.a if not isinstance(c.a, float) else f"{c.a:.3g}"),
                "" if c.b is None else str(c.b if not isinstance(c.b, float) else f"{c.b:.3g}"),
            )
        out.print(changes)


def analyze_command(
    file: Annotated[Path, typer.Argument(help="Case file.")],
    process: Annotated[str, typer.Option("--process", "-p", help="Process id.")],
    variant: Annotated[
        str | None, typer.Option("--variant", "-v", help="Variant id (default: the as-is).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
    compare: Annotated[
        tuple[str, str] | None,
        typer.Option("--compare", help="Compare two variants: --compare as-is to-be."),
    ] = None,
) -> None:
    """Exact metrics of a process variant: times, flow efficiency, handoffs, workload, FTE, cost."""
    case = _load(file)
    try:
        if compare:
            cmp = compare_variants(case, process, compare[0], compare[1])
            if as_json:
                typer.echo(cmp.to_json())
            else:
                _print_comparison(cmp)
            return
        metrics = analyze(case, process, variant)
    except AnalysisError as exc:
        raise _fail(exc) from None
    if as_json:
        typer.echo(metrics.to_json())
    else:
        _print_metrics(metrics, case)


def _parse_ref(ref: str) -> tuple[Path, str, str | None]:
    """FILE:PROCESS or FILE:PROCESS:VARIANT, where FILE ends in .yaml, .yml or .json."""
    lowered = ref.lower()
    for ext in (".yaml:", ".yml:", ".json:"):
        pos = lowered.rfind(ext)
        if pos < 0:
            continue
        rest = ref[pos + len(ext) :].split(":")
        if 1 <= len(rest) <= 2 and all(rest):
            return Path(ref[: pos + len(ext) - 1]), rest[0], rest[1] if len(rest) == 2 else None
    err.print(f"[red]{ref!r}: write FILE.yaml:PROCESS or FILE.yaml:PROCESS:VARIANT[/red]")
    raise typer.Exit(2)


def _print_process_comparison(cmp: ProcessComparison) -> None:
    a = f"{cmp.a.case_id}"
    b = f"{cmp.b.case_id}"
    out.print(_figures_table("Per case", cmp.per_case, a, b))
    out.print(_figures_table("Per 1,000 cases", cmp.per_1000_cases, a, b))
    acts = Table("activity", f"{a} h/1,000", f"{b} h/1,000", title="Activities per 1,000 cases")
    for row in cmp.activities:
        acts.add_row(row.name, _num(row.a_hours_per_1000), _num(row.b_hours_per_1000))
    out.print(acts)
    currency_b = cmp.currency or cmp.b.currency
    for side, rows, currency in ((a, cmp.roles_a, cmp.a.currency), (b, cmp.roles_b, currency_b)):
        roles = Table(
            "role", "hours", "FTE", f"cost ({currency})", title=f"{side}: roles per 1,000 cases"
        )
        for name, r in rows.items():
            roles.add_row(name, _num(r["hours"]), f"{r['fte']:.3f}", _num(r["cost"]))
        out.print(roles)
    for note in cmp.notes:
        err.print(f"[yellow]note: {note}[/yellow]", highlight=False)


def compare_command(
    first: Annotated[str, typer.Argument(help="FILE:PROCESS[:VARIANT], e.g. a.yaml:elevtransport")],
    second: Annotated[str, typer.Argument(help="FILE:PROCESS[:VARIANT] of the other organisation")],
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """The same kind of process in two organisations side by side, per case and per 1,000 cases."""
    path_a, pid_a, var_a = _parse_ref(first)
    path_b, pid_b, var_b = _parse_ref(second)
    case_a, case_b = _load(path_a), _load(path_b)
    try:
        cmp = compare_processes(case_a, pid_a, case_b, pid_b, var_a, var_b)
    except AnalysisError as exc:
        raise _fail(exc) from None
    if as_json:
        typer.echo(cmp.to_json())
    else:
        _print_process_comparison(cmp)
