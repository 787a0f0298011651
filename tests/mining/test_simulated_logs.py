"""Logs simulated from a pilot case's model fit that model: conformance 1, every case kept apart.

The simulation (verksam.simulation) writes the log with `write_xes`; mining reads it back, so this
checks the writer, the reader and the replay end to end on real case models.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from verksam.cli import app

runner = CliRunner()


@pytest.mark.parametrize("pilot", ["bodo", "sorsele", "si"])
def test_simulated_log_fits_its_model(pilot: str, examples: Path, tmp_path: Path):
    case_file = examples / pilot / "case.yaml"
    log = tmp_path / "simulated.xes.gz"
    result = runner.invoke(app, ["simulate", str(case_file), "-n", "150", "--log", str(log)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["mine", str(log), "--case-file", str(case_file), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    report = data["conformance"]
    assert report["cases"] == data["cases"] >= 150
    assert report["fitting_cases"] == report["cases"]
    assert report["fitness"] == 1.0
    assert report["log_only_activities"] == [] and report["log_only_paths"] == []
    for service in data["services"]:
        assert 0 <= service["kept"] <= service["cases"]
