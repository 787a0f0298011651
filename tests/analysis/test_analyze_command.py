"""`verksam analyze` and `verksam compare` print tables or JSON, and errors without a traceback."""

from __future__ import annotations

import json

import pytest
from analysis_test_cases import write_case
from typer.testing import CliRunner

from verksam.cli import app

runner = CliRunner()


def test_analyze_json_has_the_documented_keys(tmp_path):
    path = write_case(tmp_path)
    result = runner.invoke(app, ["analyze", str(path), "--process", "p", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["fte"]["total"] == pytest.approx(1000 * 1.5 / 1695)
    assert data["lead_hours"] == pytest.approx(1.5 + 8)


def test_analyze_prints_tables(tmp_path):
    result = runner.invoke(app, ["analyze", str(write_case(tmp_path)), "-p", "p"])
    assert result.exit_code == 0, result.output
    assert "Workload" in result.stdout and "Clerk" in result.stdout


def test_analyze_compare_prints_differences_and_changes(tmp_path):
    path = write_case(tmp_path)
    result = runner.invoke(app, ["analyze", str(path), "-p", "p", "--compare", "as-is", "to-be"])
    assert result.exit_code == 0, result.output
    assert "What changed" in result.stdout
    data = json.loads(
        runner.invoke(
            app, ["analyze", str(path), "-p", "p", "--compare", "as-is", "to-be", "--json"]
        ).stdout
    )
    assert next(f for f in data["figures"] if f["key"] == "fte.total")[
        "difference"
    ] == pytest.approx(-1000 * 1.0 / 1695)


def test_compare_two_files(tmp_path):
    path = write_case(tmp_path)
    result = runner.invoke(app, ["compare", f"{path}:p", f"{path}:p:to-be", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    hours = next(f for f in data["per_1000_cases"] if f["key"] == "workload_hours.total")
    assert (hours["a"], hours["b"]) == pytest.approx((1500.0, 500.0))


def test_errors_are_a_message_and_exit_one(tmp_path):
    path = write_case(tmp_path)
    result = runner.invoke(app, ["analyze", str(path), "-p", "p", "--variant", "nope"])
    assert result.exit_code == 1
    assert "no variant 'nope'" in result.output
    assert "Traceback" not in result.output
    bad = runner.invoke(app, ["compare", "no-colon", f"{path}:p"])
    assert bad.exit_code == 2
