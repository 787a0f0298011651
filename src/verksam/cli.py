"""The `verksam` command: case files, diagrams, analysis, simulation, mining, benefits, interchange, web.

Each area keeps its commands in `verksam/<area>/commands.py`; this module only lists them. An
area is imported when its command runs, not before, so `verksam --help` and `verksam validate`
start without loading Polars, the diagram engine or Django.
"""

from __future__ import annotations

import importlib
from typing import Any

import typer

# Typer 0.29 carries its own copy of click; its command and context classes are the ones its
# groups accept (pinned in pyproject.toml, so this private path does not move under us).
from typer._click.core import Command, Context
from typer.core import TyperCommand, TyperGroup

# name: (module, attribute, the command's one-line help as `verksam --help` lists it). The help
# must begin the command's own help text (a test checks it), so the list never drifts.
COMMANDS: dict[str, tuple[str, str, str]] = {
    # Case files
    "new": ("verksam.model.commands", "new", "Write a starter case file to edit."),
    "validate": ("verksam.model.commands", "validate_files", "Check case files; exit 0 when all are valid, 1 otherwise, with one line per problem."),
    "info": ("verksam.model.commands", "info", "Summarise what a case contains."),
    "schema": ("verksam.model.commands", "schema", "Print the JSON Schema of case files (for editor autocompletion)."),
    # Diagrams, analysis, benefits, simulation, event logs
    "render": ("verksam.diagrams.commands", "render_command", "Draw a view of a case as SVG (or PNG)."),
    "analyze": ("verksam.analysis.commands", "analyze_command", "Exact metrics of a process variant: times, flow efficiency, handoffs, workload, FTE, cost."),
    "compare": ("verksam.analysis.commands", "compare_command", "The same kind of process in two organisations side by side, per case and per 1,000 cases."),
    "benefits": ("verksam.benefits.commands", "benefits_command", "The benefits case: register, computed benefits, NPV, alternatives, sensitivity, stakeholders."),
    "evaluate": ("verksam.evaluation.commands", "evaluate_command", "Rank the candidate solutions of a case's evaluation by weighted score."),
    "simulate": ("verksam.simulation.commands", "simulate_command", "Simulate a process variant: cycle times, waiting, utilisation, queues, throughput, WIP."),
    "mine": ("verksam.mining.commands", "mine", "Analyse an event log: counts, directly-follows graph, variants, durations, handoffs."),
    # Interchange: BPMN, ArchiMate, Visio, step lists (`import --simulation`: Prosimos)
    "import": ("verksam.formats.commands", "import_file", "Import a BPMN, ArchiMate, Visio or step list file into a new case file."),
    "export": ("verksam.formats.commands", "export_file", "Export a case's processes as BPMN 2.0 (with diagrams) or as an ArchiMate exchange file."),
    # Web app (Django is imported only when these run)
    "serve": ("verksam.web.commands", "serve", "Migrate the database, optionally load the demo, and run the web server with a task worker."),
    "worker": ("verksam.web.commands", "worker", "Run a background task worker (against the same database as the web app)."),
    "backup": ("verksam.web.backup.commands", "backup", "Back up an organisation (--org NAME) or the whole site (--site) to one file."),
    "restore": ("verksam.web.backup.commands", "restore", "Restore a backup written by `verksam backup`; nothing is restored unless all of it can be."),
    "admin": ("verksam.web.siteadmin.commands", "app", "Site administration of the web app."),
}  # fmt: skip


def load(name: str) -> Command:
    """The real click command of `name` (importing its area)."""
    module, attribute, _help = COMMANDS[name]
    target = getattr(importlib.import_module(module), attribute)
    holder = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
    holder.callback()(lambda: None)  # with a callback, Typer keeps `name` as a subcommand
    if isinstance(target, typer.Typer):  # a group of its own, e.g. `verksam admin create`
        holder.add_typer(target, name=name)
    else:
        holder.command(name)(target)
    group = typer.main.get_command(holder)
    assert isinstance(group, TyperGroup)
    return group.commands[name]


class LazyCommand(TyperCommand):
    """Stands in for a command in the listing; running it loads the real one."""

    def __init__(self, name: str, help_text: str) -> None:
        super().__init__(name, help=help_text, short_help=help_text)

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: Context | None = None,
        **extra: Any,
    ) -> Context:
        assert self.name is not None
        return load(self.name).make_context(info_name, args, parent=parent, **extra)


class LazyGroup(TyperGroup):
    """The `verksam` group: its commands come from COMMANDS, loaded only when run."""

    def list_commands(self, ctx: Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        if cmd_name not in COMMANDS:
            return None
        return LazyCommand(cmd_name, COMMANDS[cmd_name][2])


app = typer.Typer(
    name="verksam",
    cls=LazyGroup,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def verksam() -> None:
    """Verksam: goals, processes, analysis and benefits for the Nordic public sector."""


def main() -> None:
    app()


if __name__ == "__main__":
    main()
