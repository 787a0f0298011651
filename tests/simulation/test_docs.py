"""The commands shown in docs/simulation.md run as shown."""

import json
import shlex
from pathlib import Path

from typer.testing import CliRunner

from verksam.cli import app

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "simulation.md"


def commands() -> list[list[str]]:
    lines = [line[2:] for line in DOC.read_text().splitlines() if line.startswith("$ verksam ")]
    return [shlex.split(line)[1:] for line in lines]


def test_the_documented_commands_run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tests" / "simulation").mkdir(parents=True)
    (tmp_path / "tests" / "simulation" / "prosimos_models").symlink_to(
        ROOT / "tests" / "simulation" / "prosimos_models"
    )
    runner = CliRunner()
    found = commands()
    assert len(found) >= 4
    outputs = []
    for args in found:
        result = runner.invoke(app, args)
        assert result.exit_code == 0, (args, result.output)
        outputs.append(result.output)
    json_output = next(o for a, o in zip(found, outputs, strict=True) if "--json" in a)
    assert json.loads(json_output)["process"] == "building_permit"
    assert (tmp_path / "permit.xes").stat().st_size > 0


def test_the_documented_json_keys_are_the_ones_produced(tmp_path, monkeypatch):
    from tests.simulation.simulation_models import permit_case
    from verksam.simulation import simulate

    data = simulate(permit_case(capacity=1), "permit", cases=50, replications=2).json()
    text = DOC.read_text()
    for key in data:
        assert f"`{key}" in text, key
    for key in data["roles"]["clerk"]:
        assert f".{key}`" in text or f"roles.ID.{key}`" in text, key
    for key in data["activities"]["review"]:
        assert f".{key}`" in text, key
