"""The `verksam` command: case files, diagrams, analysis, simulation, mining, benefits, interchange, web.

Each area keeps its commands in `verksam/<area>/commands.py`; this module only registers them.
"""

from __future__ import annotations

import typer

from verksam.analysis import commands as analysis_commands
from verksam.benefits import commands as benefits_commands
from verksam.diagrams import commands as diagrams_commands
from verksam.formats import commands as formats_commands
from verksam.mining import commands as mining_commands
from verksam.model import commands as model_commands
from verksam.simulation import commands as simulation_commands
from verksam.web import commands as web_commands
from verksam.web.backup import commands as backup_commands
from verksam.web.siteadmin import commands as siteadmin_commands

app = typer.Typer(
    name="verksam",
    help="Verksam: goals, processes, analysis and benefits for the Nordic public sector.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Case files (verksam.model.commands)
app.command("new")(model_commands.new)
app.command("validate")(model_commands.validate_files)
app.command("info")(model_commands.info)
app.command("schema")(model_commands.schema)

# Diagrams (verksam.diagrams.commands)
app.command("render")(diagrams_commands.render_command)

# Process analysis (verksam.analysis.commands)
app.command("analyze")(analysis_commands.analyze_command)
app.command("compare")(analysis_commands.compare_command)

# Benefits realisation (verksam.benefits.commands)
app.command("benefits")(benefits_commands.benefits_command)

# Simulation and model import (verksam.simulation.commands; plain BPMN goes to verksam.formats)
app.command("simulate")(simulation_commands.simulate_command)

# Event logs (verksam.mining.commands)
app.command("mine")(mining_commands.mine)

# Interchange (verksam.formats.commands): BPMN and ArchiMate; `import --simulation` goes on to
# verksam.simulation's Prosimos import.
app.command("import")(formats_commands.import_file)
app.command("export")(formats_commands.export_file)

# Web app (verksam.web.commands imports Django only when these run)
app.command("serve")(web_commands.serve)
app.command("worker")(web_commands.worker)
app.command("backup")(backup_commands.backup)
app.command("restore")(backup_commands.restore)
app.add_typer(siteadmin_commands.app, name="admin")  # verksam admin create USER


def main() -> None:
    app()


if __name__ == "__main__":
    main()
