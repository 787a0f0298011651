"""`verksam` lists its commands without importing the areas; each command loads when it runs.

`verksam validate` is the command authors run after every edit, so what it loads is checked
here (its time is measured in docs/case-files.md, not asserted).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from verksam.cli import COMMANDS, load

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_listed_help_begins_the_commands_own_help(name: str) -> None:
    command = load(name)
    own = " ".join((command.help or "").split())
    assert own.startswith(COMMANDS[name][2]), (name, own)
    # The listed line is a whole sentence, not the docstring's first line cut mid-sentence.
    assert COMMANDS[name][2].endswith("."), name


def _run_in_fresh_python(argv: list[str]) -> dict[str, object]:
    """Run `verksam ARGV` in a new interpreter; its exit code, and what it had loaded and built."""
    probe = (
        "import json, sys\n"
        "from verksam.cli import app\n"
        f"sys.argv = ['verksam', *{argv!r}]\n"
        "try:\n    app()\nexcept SystemExit as exit:\n    code = exit.code\n"
        "heavy = [m for m in ('polars', 'django', 'verksam.diagrams', 'verksam.simulation',\n"
        "         'verksam.mining', 'matplotlib', 'numpy', 'rich') if m in sys.modules]\n"
        "built = []\n"
        "if 'verksam.model' in sys.modules:\n"
        "    from verksam.model.base import Model\n"
        "    todo = [Model]\n"
        "    while todo:\n"
        "        cls = todo.pop()\n"
        "        todo.extend(cls.__subclasses__())\n"
        "        if cls.__pydantic_complete__:\n"
        "            built.append(cls.__name__)\n"
        "print(json.dumps({'code': code, 'heavy': heavy, 'built': sorted(built),\n"
        "                  'libyaml': 'yaml._yaml' in sys.modules}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT
    )
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_validate_does_not_import_the_heavy_areas_and_builds_one_validator() -> None:
    result = _run_in_fresh_python(["validate", "examples/sorsele/case.yaml"])
    assert result["code"] == 0
    assert result["heavy"] == []
    # The model's classes build their validators when first used: validate needs only the Case's.
    assert result["built"] == ["Case"]
    # libyaml's parser reads the file (the pure parser only on errors) where PyYAML has it.
    assert result["libyaml"] == yaml.__with_libyaml__


def test_help_does_not_import_the_areas() -> None:
    result = _run_in_fresh_python(["--help"])
    assert result["code"] == 0
    assert result["heavy"] in ([], ["rich"])  # Typer formats help with Rich when it is there
    assert result["built"] == []
