"""The `verksam render` command: draw a view of a case file as SVG or PNG."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from verksam.diagrams import VIEWS, DiagramError, available_views, render
from verksam.diagrams.png import to_png
from verksam.formats.casefile import CaseFileError, load_case

out = Console()
err = Console(stderr=True)


def _write(svg: str, target: Path, fmt: str) -> None:
    """Write the picture; a failure is reported on stderr with exit code 1 (no traceback)."""
    try:
        data = to_png(svg) if fmt == "png" else svg.encode("utf-8")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    except (OSError, ValueError) as exc:
        err.print(f"{target}: cannot write the picture: {exc}", markup=False, soft_wrap=True)
        raise typer.Exit(1) from None


def render_command(
    file: Annotated[Path, typer.Argument(help="Case file (YAML or JSON).")],
    view: Annotated[str | None, typer.Option("--view", help=f"One of: {', '.join(VIEWS)}.")] = None,
    id: Annotated[
        str | None,
        typer.Option("--id", help="Process, sequence or state machine id (default: the first)."),
    ] = None,
    variant: Annotated[
        str | None, typer.Option("--variant", help="Process variant id (default: the as-is).")
    ] = None,
    fmt: Annotated[
        str | None, typer.Option("--format", help="svg or png (default: from the file name).")
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="File to write; with --all, a folder."),
    ] = None,
    all_views: Annotated[
        bool, typer.Option("--all", help="Draw every view the case has into the -o folder.")
    ] = False,
) -> None:
    """Draw a view of a case as SVG (or PNG)."""
    if fmt is not None and fmt not in ("svg", "png"):
        err.print(f"[red]--format must be svg or png, not {fmt!r}[/red]")
        raise typer.Exit(2)
    if not all_views and view is None:
        err.print(f"[red]give --view ({', '.join(VIEWS)}) or --all[/red]")
        raise typer.Exit(2)
    try:
        case = load_case(file)
    except CaseFileError as exc:
        for problem in exc.problems:
            err.print(str(problem), markup=False)
        raise typer.Exit(1) from None
    except OSError as exc:
        err.print(f"{file}: cannot read the file: {exc}", markup=False)
        raise typer.Exit(1) from None
    if all_views:
        folder = output or Path(f"{case.id}-diagrams")
        kind = fmt or "svg"
        for v, item, var in available_views(case):
            name = "-".join(p for p in (v, item, var) if p)
            target = folder / f"{name}.{kind}"
            _write(render(case, v, id=item, variant=var), target, kind)
            out.print(f"Wrote {target}")
        return
    assert view is not None
    kind = fmt or (output.suffix.lower().lstrip(".") if output and output.suffix else "svg")
    if kind not in ("svg", "png"):
        kind = "svg"
    try:
        svg = render(case, view, id=id, variant=variant)
    except DiagramError as exc:
        err.print(f"{file}: {exc}", markup=False, soft_wrap=True)
        raise typer.Exit(1) from None
    target = output or Path(f"{'-'.join(p for p in (case.id, view, id, variant) if p)}.{kind}")
    _write(svg, target, kind)
    out.print(f"Wrote {target}")
