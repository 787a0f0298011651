"""`verksam backup` and `verksam restore`: everything of one organisation, or of the whole site,
to one file and back (also from SQLite into PostgreSQL).

Django is imported inside the commands so that the rest of the CLI starts without it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

out = Console()
err = Console(stderr=True)


def backup(
    target: Annotated[Path, typer.Argument(help="The backup file to write (.zip).")],
    organisation: Annotated[
        str, typer.Option("--org", help="Short name of the organisation to back up.")
    ] = "",
    site: Annotated[bool, typer.Option("--site", help="Back up the whole site.")] = False,
) -> None:
    """Back up an organisation (--org NAME) or the whole site (--site) to one file.

    The file holds cases with their full history, comments, notes, members, courses, tokens, jobs
    and their results, and uploaded files."""
    from verksam.web.commands import _setup

    if site == bool(organisation):
        err.print("[red]Give either --org NAME or --site.[/red]")
        raise typer.Exit(2)
    _setup()
    from verksam.web.backup.archive import write_backup
    from verksam.web.organisations.models import Organisation

    found = None
    if organisation:
        found = Organisation.objects.filter(slug=organisation).first()
        if found is None:
            err.print(f"[red]There is no organisation '{organisation}' on this site.[/red]")
            raise typer.Exit(1)
    part = target.with_name(target.name + ".part")
    try:
        summary = write_backup(part, found)
        part.replace(target)
    finally:
        part.unlink(missing_ok=True)
    out.print(f"Wrote {target}: {summary.total} rows, {summary.files} files.", highlight=False)


def restore(
    source: Annotated[Path, typer.Argument(help="A backup file written by `verksam backup`.")],
) -> None:
    """Restore a backup written by `verksam backup`; nothing is restored unless all of it can be.

    A site backup goes into an empty database, an organisation's backup into a site that does not
    have that organisation."""
    from verksam.web.commands import _setup

    _setup()
    from django.core.management import call_command

    from verksam.web.backup.archive import BackupError, restore_backup

    if not source.is_file():
        err.print(f"[red]{source}: no such file.[/red]")
        raise typer.Exit(1)
    call_command("migrate", interactive=False, verbosity=0)
    try:
        summary = restore_backup(source)
    except BackupError as exc:
        err.print(f"[red]{source}: {exc}[/red]", highlight=False)
        raise typer.Exit(1) from None
    skipped = sum(summary.skipped.values())
    note = f", {skipped} rows that refer to data outside the backup left out" if skipped else ""
    out.print(
        f"Restored {summary.total} rows and {summary.files} files from {source}{note}.",
        highlight=False,
    )
