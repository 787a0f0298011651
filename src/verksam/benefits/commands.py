"""The `verksam benefits` command: the benefits case as tables, JSON or an Excel workbook."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from verksam.benefits.formula import BenefitsError
from verksam.benefits.report import BenefitsReport, benefits_report
from verksam.benefits.workbook import write_workbook
from verksam.formats.casefile import CaseFileError, load_case

out = Console()
err = Console(stderr=True)


def _money(value: float | None) -> str:
    return "–" if value is None else f"{value:,.0f}".replace(",", " ")


def _print(report: BenefitsReport) -> None:
    cur = report.currency
    cf = report.cash_flow
    out.print(f"[bold]{report.name}[/bold] — {report.initiative}")
    out.print(
        f"NPV {_money(cf.npv)} {cur} over {report.analysis_years} years at "
        f"{report.discount_rate:.1%} (real); payback year {cf.payback_year}, "
        f"discounted {cf.discounted_payback_year}"
    )
    register = Table(
        "benefit", "category", "FTE", f"{cur}/year", "source", "flags", title="Benefits"
    )
    for b in report.benefits:
        register.add_row(
            ("− " if b.dis_benefit else "") + b.name + ("" if b.in_total else " (not in total)"),
            f"{b.category} ({b.norwegian_class})",
            "–" if b.fte is None else f"{b.fte:.2f}",
            _money(b.amount_per_year),
            b.source,
            ", ".join(b.flags),
        )
    out.print(register)
    for b in report.benefits:
        if b.explanation:
            out.print(f"[bold]{b.name}[/bold]")
            for step in b.explanation:
                out.print(f"  {step.text}", highlight=False)
    years = Table(
        "t", "year", "benefits", "costs", "net", "present value", "cumulative", title="Cash flow"
    )
    for r in cf.years:
        years.add_row(
            str(r.t),
            str(r.year or ""),
            _money(r.benefits_total),
            _money(r.costs_total),
            _money(r.net),
            _money(r.present_value),
            _money(r.cumulative),
        )
    out.print(years)
    alts = Table("rank", "alternative", "NPV", "FTE", f"{cur}/year", "risk", title="Alternatives")
    for a in sorted(report.alternatives, key=lambda a: a.rank):
        alts.add_row(
            str(a.rank), a.name, _money(a.npv), f"{a.fte:.2f}", _money(a.amount_per_year), a.risk
        )
    out.print(alts)
    if report.co_financing:
        co = report.co_financing
        out.print(
            f"Digdir co-financing: {co.share:.0%} of net internal gains cut from the budget = "
            f"{_money(co.budget_cut_total)} {cur} over the period (present value "
            f"{_money(co.budget_cut_pv)}); grant up to {_money(co.max_grant)}; agency NPV "
            f"{_money(co.agency_npv)}"
            + ("" if co.eligible_size is not False else " — project size outside 10–100 MNOK")
        )
    s = report.sensitivity
    tornado = Table("input", "value", f"NPV −{s.percent:.0%}", f"NPV +{s.percent:.0%}", "NPV = 0 at",
                    title="Sensitivity")  # fmt: skip
    for i in s.items:
        tornado.add_row(
            i.label,
            "–" if i.base_value is None else f"{i.base_value:,.2f}".replace(",", " "),
            _money(i.npv_low),
            _money(i.npv_high),
            "–" if i.break_even_value is None else f"{i.break_even_value:,.2f}".replace(",", " "),
        )
    out.print(tornado)
    if s.break_even and s.break_even.value is not None:
        out.print(
            f"Break-even of the most uncertain input, {s.break_even.label} ({s.break_even.reason}): "
            f"NPV = 0 at {s.break_even.value:,.2f}".replace(",", " ")
        )
    people = Table(
        "stakeholder", "power", "interest", "attitude → desired", "strategy", title="Stakeholders"
    )
    for p in report.stakeholders:
        people.add_row(
            p.name,
            p.power,
            p.interest,
            f"{p.attitude} → {p.desired_attitude or p.attitude}",
            p.strategy + (f" (grid: {p.suggested_strategy})" if p.strategy_differs else ""),
        )
    out.print(people)
    pre = Table("prerequisite", "owner", "due", "status", "benefits", title="Prerequisites")
    for q in report.prerequisites:
        pre.add_row(
            q.name,
            q.owner,
            str(q.due or ""),
            q.status + (" [red](overdue)[/red]" if q.overdue else ""),
            ", ".join(q.benefits),
        )
    out.print(pre)
    for w in report.warnings:
        err.print(f"[yellow]warning: {w}[/yellow]", highlight=False)


def benefits_command(
    file: Annotated[Path, typer.Argument(help="Case file.")],
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
    xlsx: Annotated[
        Path | None, typer.Option("--xlsx", help="Also write an Excel workbook with live formulas.")
    ] = None,
    percent: Annotated[
        float, typer.Option("--sensitivity", help="Share each input is varied by (0.2 = ±20 %).")
    ] = 0.2,
    today: Annotated[
        str | None,
        typer.Option("--today", help="Date for overdue prerequisites (YYYY-MM-DD; default today)."),
    ] = None,
) -> None:
    """The benefits case: register, computed benefits, NPV, alternatives, sensitivity, stakeholders."""
    try:
        case = load_case(file)
    except CaseFileError as exc:
        for problem in exc.problems:
            err.print(str(problem), markup=False)
        raise typer.Exit(1) from None
    if not 0 < percent < 1:
        err.print("[red]--sensitivity must be between 0 and 1 (0.2 = ±20 %)[/red]")
        raise typer.Exit(2)
    try:
        on = dt.date.fromisoformat(today) if today else None
    except ValueError:
        err.print(f"[red]--today {today!r} is not a date (YYYY-MM-DD)[/red]")
        raise typer.Exit(2) from None
    try:
        report = benefits_report(case, today=on, sensitivity_percent=percent)
    except BenefitsError as exc:
        err.print(f"[red]cannot compute the benefits case: {exc}[/red]", highlight=False)
        raise typer.Exit(1) from None
    if xlsx is not None:
        try:
            write_workbook(case, report, xlsx)
        except OSError as exc:
            err.print(f"[red]cannot write {xlsx}: {exc}[/red]", highlight=False)
            raise typer.Exit(1) from None
    if as_json:
        typer.echo(report.to_json())
    else:
        _print(report)
        if xlsx is not None:
            out.print(f"Wrote {xlsx}")
