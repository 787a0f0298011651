"""`verksam simulate` and `verksam import`: JSON output, tables, event logs and clear errors."""

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from verksam.cli import app
from verksam.formats.casefile import load_case, save_case

MODELS = Path(__file__).parent / "prosimos_models"
runner = CliRunner()


def imported(tmp_path) -> Path:
    target = tmp_path / "permit.yaml"
    result = runner.invoke(
        app,
        ["import", str(MODELS / "loop_and.bpmn"), "--simulation", str(MODELS / "loop_and.json"),
         "-o", str(target)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return target


def test_import_writes_a_case_file_that_loads(tmp_path):
    target = imported(tmp_path)
    case = load_case(target)
    assert case.processes[0].id == "building_permit"
    again = runner.invoke(app, ["import", str(MODELS / "loop_and.bpmn"), "--simulation",
                                str(MODELS / "loop_and.json"), "-o", str(target)])  # fmt: skip
    assert again.exit_code == 1 and "--force" in again.output


def test_simulate_prints_json_with_stable_keys(tmp_path):
    target = imported(tmp_path)
    result = runner.invoke(app, ["simulate", str(target), "-n", "500", "-r", "3", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    for key in ("cycle_time_hours", "touch_hours", "queue_wait_hours", "external_wait_hours",
                "throughput_per_day", "wip_mean", "wip_max", "activities", "roles"):  # fmt: skip
        assert key in data
    assert set(data["cycle_time_hours"]) == {"mean", "p50", "p90", "p95"}
    ci = data["cycle_time_hours"]["mean"]
    assert ci["low"] < ci["value"] < ci["high"]
    assert data["roles"]["clerks"]["capacity"] == 3
    assert 0 < data["roles"]["clerks"]["utilisation"]["value"] < 1


def test_simulate_prints_tables_and_writes_the_log(tmp_path):
    target = imported(tmp_path)
    log = tmp_path / "out.csv"
    result = runner.invoke(
        app,
        ["simulate", str(target), "--process", "building_permit", "-n", "200", "--log", str(log)],
    )
    assert result.exit_code == 0, result.output
    assert "cycle time" in result.output and "Roles" in result.output
    assert log.read_text().startswith("case,activity,")


def test_a_case_that_cannot_be_simulated_fails_cleanly(tmp_path):
    case = load_case(imported(tmp_path))
    case.structure.roles[0].capacity = 0
    bad = tmp_path / "bad.yaml"
    save_case(case, bad)
    result = runner.invoke(app, ["simulate", str(bad)])
    assert result.exit_code == 1
    assert "no capacity" in result.output and "Traceback" not in result.output


def test_an_unknown_distribution_in_a_case_file_names_the_line(tmp_path):
    text = imported(tmp_path).read_text().replace("kind: exponential", "kind: gamma", 1)
    bad = tmp_path / "gamma.yaml"
    bad.write_text(text)
    result = runner.invoke(app, ["simulate", str(bad)])
    assert result.exit_code == 1
    assert re.search(r"gamma\.yaml:\d+:\d+", result.output)  # file, line and column
    assert "kind" in result.output and "exponential" in result.output


def test_import_without_simulation_uses_the_bpmn_importer(tmp_path):
    target = tmp_path / "plain.yaml"
    result = runner.invoke(app, ["import", str(MODELS / "sequential.bpmn"), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert load_case(target).processes[0].variants[0].node("assess").type == "task"
