"""Commands for interchange files: `verksam import` (BPMN, ArchiMate, Visio, step lists) and
`verksam export` (BPMN, ArchiMate)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from verksam.formats.archimate import (
    ARCHIMATE,
    ArchimateExportError,
    read_archimate,
    write_archimate,
)
from verksam.formats.bpmn_read import read_bpmn
from verksam.formats.bpmn_write import ExportError, write_bpmn
from verksam.formats.bpmn_xml import BPMN, InterchangeError, Note
from verksam.formats.casefile import CaseFileError, load_case, save_case
from verksam.formats.steplist import StepListError
from verksam.formats.steps_import import STEP_LIST_SUFFIXES, read_step_file
from verksam.formats.visio import read_visio
from verksam.model import Case, validate

out = Console()
err = Console(stderr=True)


def _sniff(path: Path) -> str:
    """'bpmn' or 'archimate' from the namespaces near the file's start (its first 64 KiB)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(65536)
    except OSError as exc:
        err.print(f"{path}: cannot read the file: {exc.strerror}", markup=False)
        raise typer.Exit(1) from None
    if path.suffix.lower() in STEP_LIST_SUFFIXES:
        return "steps"
    if path.suffix.lower() == ".vsdx":
        return "visio"
    if BPMN.encode() in head:
        return "bpmn"
    if ARCHIMATE.encode() in head:
        return "archimate"
    return "bpmn" if path.suffix.lower() == ".bpmn" else "unknown"


def _write_bytes(target: Path, data: bytes) -> None:
    """Write atomically, so a failed export leaves no half-written file behind."""
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, target)


def import_file(
    file: Annotated[
        Path,
        typer.Argument(
            help="A BPMN 2.0 (.bpmn), ArchiMate exchange (.xml), Visio (.vsdx) or step list "
            "(.xlsx, .csv) file."
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output", help="Case file to write, .yaml or .json (default: FILE.yaml)."
        ),
    ] = None,
    simulation: Annotated[
        Path | None,
        typer.Option("--simulation", help="Prosimos JSON parameters for the BPMN model."),
    ] = None,
    strict: Annotated[
        bool,
        typer.Option(
            help="Refuse a file with references to missing elements instead of leaving those "
            "flows, associations and lane entries out (each is reported)."
        ),
    ] = False,
    force: Annotated[bool, typer.Option(help="Overwrite an existing output file.")] = False,
    quiet: Annotated[bool, typer.Option(help="Do not list what was not kept.")] = False,
) -> None:
    """Import a BPMN, ArchiMate, Visio or step list file into a new case file.

    Lists every element kept as it was, repaired or not kept.

    With --simulation, a Prosimos model (BPMN plus its JSON parameters) is imported by
    verksam.simulation instead.
    """
    if simulation is not None:
        from verksam.simulation.commands import import_command

        import_command(file, simulation, output, force)
        return
    output = output or file.with_suffix(".yaml")
    if output.exists() and not force:
        err.print(f"{output} exists; use --force to overwrite it", markup=False)
        raise typer.Exit(1)
    kind = _sniff(file)
    notes: list[Note]
    case: Case
    try:
        if kind == "bpmn":
            result = read_bpmn(file, strict=strict)
            case, notes = result.case, result.notes
        elif kind == "steps":
            case, steps = read_step_file(file)
            notes = [
                Note("column", header, "not a column of a step list; not read")
                for header in steps.ignored_columns
            ]
            out.print(f"{len(steps.steps)} steps read")
        elif kind == "visio":
            visio = read_visio(file)
            case, notes = visio.case, visio.notes
        elif kind == "archimate":
            arch = read_archimate(file)
            case, notes = arch.case, arch.notes
            out.print(
                f"{len(arch.elements)} elements, {len(arch.relationships)} relationships, "
                f"{len(arch.views)} views read"
            )
        else:
            err.print(
                f"{file}: neither BPMN 2.0 nor an ArchiMate exchange file (no {BPMN} or "
                f"{ARCHIMATE} namespace near the start)",
                markup=False,
            )
            raise typer.Exit(1)
    except (InterchangeError, StepListError) as exc:
        err.print(str(exc), markup=False)
        raise typer.Exit(1) from None
    if not quiet:
        for note in notes:
            err.print(str(note), markup=False)
    problems = validate(case)
    for problem in problems:
        err.print(f"{problem.severity}: {problem}", markup=False)
    save_case(case, output)
    out.print(
        f"Wrote {output}: {len(case.processes)} processes, {len(notes)} elements not kept "
        f"(listed above), {sum(p.severity == 'error' for p in problems)} validation errors"
    )


def export_file(
    file: Annotated[Path, typer.Argument(help="Case file (YAML or JSON).")],
    fmt: Annotated[str, typer.Option("--format", help="bpmn or archimate.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="File to write.")],
    process: Annotated[
        list[str] | None,
        typer.Option("--process", help="Export only this process (repeatable); default: all."),
    ] = None,
    variant: Annotated[
        str | None, typer.Option("--variant", help="Variant to export; default: the as-is one.")
    ] = None,
) -> None:
    """Export a case's processes as BPMN 2.0 (with diagrams) or as an ArchiMate exchange file."""
    if fmt not in ("bpmn", "archimate"):
        err.print(f"--format must be bpmn or archimate, not {fmt!r}", markup=False)
        raise typer.Exit(2)
    try:
        case = load_case(file, check=False)
    except CaseFileError as exc:
        for problem in exc.problems:
            err.print(str(problem), markup=False)
        raise typer.Exit(1) from None
    try:
        if fmt == "bpmn":
            data = write_bpmn(case, process or None, variant)
        else:
            data = write_archimate(case, process or None, variant)
    except (ExportError, ArchimateExportError) as exc:
        err.print(f"{file}: {exc}", markup=False)
        raise typer.Exit(1) from None
    try:
        _write_bytes(output, data)
    except OSError as exc:
        err.print(f"{output}: cannot write the file: {exc.strerror}", markup=False)
        raise typer.Exit(1) from None
    out.print(f"Wrote {output} ({len(data) // 1024 + 1} KiB)")
