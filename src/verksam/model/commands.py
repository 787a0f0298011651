"""Commands for case files: start a new case, validate, summarise, print the JSON Schema."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Annotated, Any

import typer

from verksam.formats.casefile import (
    CaseFileError,
    json_schema,
    load_case,
    not_utf8,
    parse_case,
    save_case,
)
from verksam.model import Case, Flow, Lane, Node, Process, Settings, Structure, Unit, Variant
from verksam.model import Role as RoleModel
from verksam.model.settings import LANGUAGE
from verksam.model.starter_words import starter_word

_ASCII = str.maketrans({"å": "a", "ä": "a", "ö": "o", "æ": "ae", "ø": "o", "é": "e"})


def _slug(text: str) -> str:
    ascii_text = text.lower().translate(_ASCII)
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return slug if slug and slug[0].isalpha() else f"case-{slug}" if slug else "case"


def starter_case(name: str, country: str = "SE", language: str = "en") -> Case:
    """A small valid case to start from: one unit, one role and a three-step process, its own
    words (role, steps) in `language` (sv, nb or en)."""

    def w(text: str) -> str:
        return starter_word(language, text)

    return Case(
        id=_slug(name),
        name=name,
        settings=Settings.model_validate({"country": country}),
        structure=Structure(
            units=[Unit(id="unit", name=w("Unit"))],
            roles=[
                RoleModel(
                    id="officer", name=w("Case officer"), unit="unit", fte=1, cost_per_hour=500
                )
            ],
        ),
        processes=[
            Process(
                id="process",
                name=w("Process"),
                trigger=w("A request arrives"),
                variants=[
                    Variant(
                        id="as-is",
                        name=w("As-is"),
                        volume_per_year=100,
                        lanes=[Lane(id="officer", name=w("Case officer"), role="officer")],
                        nodes=[
                            Node(
                                id="start", type="start", name=w("Request received"), lane="officer"
                            ),
                            Node(
                                id="handle",
                                name=w("Handle the request"),
                                lane="officer",
                                touch_minutes=30,
                            ),
                            Node(id="end", type="end", name=w("Answer sent"), lane="officer"),
                        ],
                        flows=[
                            Flow(source="start", target="handle"),
                            Flow(source="handle", target="end"),
                        ],
                    )
                ],
            )
        ],
    )


def new(
    name: Annotated[str, typer.Argument(help="Name of the case, e.g. 'Elevtransport'.")],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="File to write.")] = None,
    country: Annotated[str, typer.Option(help="SE or NO.")] = "SE",
    force: Annotated[bool, typer.Option(help="Overwrite an existing file.")] = False,
) -> None:
    """Write a starter case file to edit."""
    if country not in ("SE", "NO"):
        typer.secho(f"country must be SE or NO, not {country!r}", fg="red", err=True)
        raise typer.Exit(2)
    case = starter_case(name, country, LANGUAGE[country])
    target = output or Path(f"{case.id}.yaml")
    if target.exists() and not force:
        typer.secho(f"{target} exists; use --force to overwrite it", fg="red", err=True)
        raise typer.Exit(1)
    try:
        save_case(case, target)
    except OSError as exc:
        typer.echo(f"{target}: cannot write the file: {exc.strerror or exc}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"Wrote {target}")


def validate_files(
    files: Annotated[list[Path], typer.Argument(help="Case files (YAML or JSON).")],
    warnings: Annotated[
        bool, typer.Option("--warnings/--no-warnings", help="Show warnings.")
    ] = True,
) -> None:
    """Check case files; exit 0 when all are valid, 1 otherwise, with one line per problem."""
    failed = False
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            typer.echo(str(not_utf8(str(path), exc)))
            failed = True
            continue
        except OSError as exc:
            typer.echo(f"{path}: cannot read the file: {exc}")
            failed = True
            continue
        case, problems = parse_case(
            text, "json" if path.suffix.lower() == ".json" else "yaml", name=str(path)
        )
        for problem in problems:
            if problem.severity == "error" or warnings:
                prefix = "" if problem.severity == "error" else "warning: "
                typer.echo(
                    f"{problem}" if not prefix else f"{problem}".replace(": ", f": {prefix}", 1)
                )
        if case is None or any(p.severity == "error" for p in problems):
            failed = True
    raise typer.Exit(1 if failed else 0)


def summary(case: Case) -> dict[str, Any]:
    """Every view of the case with the ids and names of its elements."""
    views: dict[str, list[dict[str, str]]] = {}
    for kind, element in case.elements():
        if kind == "process":
            continue
        views.setdefault(kind, []).append({"id": element.id, "name": element.name})
    processes = [
        {
            "id": p.id,
            "name": p.name,
            "variants": [
                {
                    "id": v.id,
                    "name": v.name,
                    "kind": v.kind,
                    "activities": sum(1 for n in v.nodes if n.type in ("task", "subprocess")),
                    "lanes": [lane.id for lane in v.lanes],
                    "volume_per_year": v.volume_per_year,
                }
                for v in p.variants
            ],
        }
        for p in case.processes
    ]
    return {
        "id": case.id,
        "name": case.name,
        "organisation": case.organisation,
        "settings": {
            "country": case.settings.country,
            "currency": case.settings.effective_currency,
            "language": case.settings.effective_language,
            "hours_per_fte": case.settings.effective_hours_per_fte,
            "discount_rate": case.settings.effective_discount_rate,
        },
        "vision": case.vision.statement if case.vision else None,
        "elements": views,
        "processes": processes,
    }


def info(
    file: Annotated[Path, typer.Argument(help="Case file.")],
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Summarise what a case contains."""
    try:
        case = load_case(file, check=False)
    except CaseFileError as exc:
        for problem in exc.problems:
            typer.echo(str(problem), err=True)  # one unwrapped line per problem, like validate
        raise typer.Exit(1) from None
    data = summary(case)
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    # Rich is imported here, not at the top: `verksam validate` (same module) starts without it.
    from rich.console import Console
    from rich.table import Table

    out = Console()
    out.print(f"[bold]{case.name}[/bold] ({case.id}) — {case.organisation or 'no organisation'}")
    s = data["settings"]
    out.print(
        f"{s['country']}, {s['currency']}, language {s['language']}, {s['hours_per_fte']:g} h per FTE, "
        f"discount rate {s['discount_rate']:.1%}"
    )
    if case.vision and case.vision.statement:
        out.print(f"Vision: {case.vision.statement}")
    table = Table("view", "elements", "examples")
    for kind, items in data["elements"].items():
        names = ", ".join(i["name"] or i["id"] for i in items[:3]) + (
            " …" if len(items) > 3 else ""
        )
        table.add_row(kind.replace("_", " "), str(len(items)), names)
    out.print(table)
    for p in data["processes"]:
        out.print(f"Process [bold]{p['name']}[/bold] ({p['id']})")
        for v in p["variants"]:
            volume = f", {v['volume_per_year']:g} cases/year" if v["volume_per_year"] else ""
            out.print(
                f"  {v['kind']:<11} {v['id']}: {v['activities']} activities, {len(v['lanes'])} lanes{volume}"
            )


def schema() -> None:
    """Print the JSON Schema of case files (for editor autocompletion)."""
    typer.echo(json.dumps(json_schema(), ensure_ascii=False, indent=2))
