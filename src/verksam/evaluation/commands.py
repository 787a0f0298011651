"""The `verksam evaluate` command: the ranking of candidate solutions, its sensitivity, the
candidates' benefit and cost side by side, and the requirements as an XLSX for procurement."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from verksam.evaluation.overview import EvaluationOverview, overview
from verksam.evaluation.ranking import WeightRange
from verksam.formats.casefile import CaseFileError, load_case

out = Console()
err = Console(stderr=True)


def _number(value: float | None, decimals: int = 0) -> str:
    return "–" if value is None else f"{value:,.{decimals}f}".replace(",", " ")


def _weight(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def range_in_words(item: WeightRange, view: EvaluationOverview) -> str:
    """One weight's interval as an English sentence (the web app says it in the case language)."""
    top = view.name_of(view.ranking.top)
    what = f"The weight of the {item.kind} '{item.name}' (now {_weight(item.weight)})"
    if item.lower is None:
        down = "can go down to 0"
    else:
        down = (
            f"can be lowered to {_weight(item.lower)} before "
            f"{view.name_of(item.lower_by)} goes ahead of {top}"
        )
    if item.upper is None:
        up = "raised without limit"
    else:
        up = (
            f"raised to {_weight(item.upper)} before "
            f"{view.name_of(item.upper_by)} goes ahead of {top}"
        )
    return f"{what} {down} and {up}."


def to_json(view: EvaluationOverview) -> dict[str, Any]:
    data = asdict(view)
    for c in data["candidates"]:
        c.update(c.pop("result"))
    data.pop("ranking")
    data["top"] = view.ranking.top
    data["tied"] = view.ranking.tied
    data["sensitivity"] = [asdict(s) for s in view.ranking.sensitivity]
    return data


def _print(view: EvaluationOverview) -> None:
    cur = view.currency
    out.print(f"[bold]{view.name}[/bold]")
    ranking = Table(
        "rank", "candidate", "fit", "score", "NPV", "FTE", f"investment ({cur})",
        f"running/year ({cur})", "lead time (h)", "must-requirements", title="Ranking",
    )  # fmt: skip
    for c in view.candidates:
        r = c.result
        names = {q.id: q.name for q in view.requirements}
        musts = "fails " + "; ".join(names[f] for f in r.failed) if r.failed else "all met"
        if r.missing:
            musts += f" ({len(r.missing)} not scored)"
        ranking.add_row(
            str(r.rank) if r.rank is not None else "–", c.name, f"{r.fit:.1%}",
            _number(r.total, 1), _number(c.npv), _number(c.fte, 2), _number(c.investment),
            _number(c.running_per_year), _number(c.lead_hours, 1), musts,
        )  # fmt: skip
    out.print(ranking)
    if view.ranking.tied:
        out.print("First place is shared: " + ", ".join(map(view.name_of, view.ranking.tied)))
    elif view.ranking.top is None:
        out.print("No candidate meets every must-requirement.")
    sens = Table("weight", "now", "lowest", "highest", "who draws level", title="Sensitivity")
    for item in view.ranking.sensitivity:
        who = sorted({view.name_of(x) for x in (item.lower_by, item.upper_by) if x})
        sens.add_row(
            f"{item.kind}: {item.name}", _weight(item.weight),
            "0" if item.lower is None else _weight(item.lower),
            "no limit" if item.upper is None else _weight(item.upper), ", ".join(who),
        )  # fmt: skip
    out.print(sens)
    for item in view.ranking.sensitivity:
        out.print(range_in_words(item, view), highlight=False)
    for problem in view.problems:
        err.print(f"[yellow]note:[/yellow] {problem}")


def evaluate_command(
    path: Annotated[Path, typer.Argument(help="Case file (YAML or JSON).")],
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    xlsx: Annotated[
        Path | None, typer.Option("--xlsx", help="Write the requirements as an XLSX file.")
    ] = None,
) -> None:
    """Rank the candidate solutions of a case's evaluation by weighted score.

    Also the sensitivity of every weight, and each candidate's fit, NPV, FTE and cost side by
    side."""
    try:
        case = load_case(path)
        view = overview(case)
    except (CaseFileError, ValueError) as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from None
    if xlsx is not None:
        from verksam.evaluation.workbook import requirements_workbook

        xlsx.write_bytes(requirements_workbook(case))
        err.print(f"wrote {xlsx}")
    if json_output:
        typer.echo(json.dumps(to_json(view), ensure_ascii=False, indent=2))
    else:
        _print(view)
