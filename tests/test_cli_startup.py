"""`verksam` lists its commands without importing the areas; each command loads when it runs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from verksam.cli import COMMANDS, load


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_listed_help_begins_the_commands_own_help(name: str) -> None:
    command = load(name)
    own = " ".join((command.help or "").split())
    assert own.startswith(COMMANDS[name][2]), (name, own)
    # The listed line is a whole sentence, not the docstring's first line cut mid-sentence.
    assert COMMANDS[name][2].endswith("."), name


def test_help_and_validate_do_not_import_the_heavy_areas() -> None:
    probe = (
        "import sys\n"
        "from verksam.cli import app\n"
        "sys.argv = ['verksam', 'validate', 'examples/sorsele/case.yaml']\n"
        "try:\n    app()\nexcept SystemExit as exit:\n    code = exit.code\n"
        "heavy = [m for m in ('polars', 'django', 'verksam.diagrams', 'verksam.simulation',\n"
        "         'verksam.mining', 'matplotlib', 'numpy') if m in sys.modules]\n"
        "print(code, heavy)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert done.stdout.strip().splitlines()[-1] == "0 []"
