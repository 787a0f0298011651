"""`verksam benefits` prints the case, writes JSON with the documented keys, and an XLSX file."""

from __future__ import annotations

import json

import pytest
import yaml
from typer.testing import CliRunner

from verksam.cli import app

runner = CliRunner()


def test_json_has_the_documented_keys(examples):
    result = runner.invoke(app, ["benefits", str(examples / "si" / "case.yaml"), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    for key in ("benefits", "costs", "npv", "payback_year", "discount_rate", "sensitivity"):
        assert key in data
    freed = next(b for b in data["benefits"] if b["id"] == "frigjorte-arsverk")
    assert freed["category"] == "cash-releasing"
    assert freed["fte"] == pytest.approx(20.5, abs=0.05)
    assert freed["derived_from"]["process"] == "henvendelse"
    assert freed["amount_per_year"] > 0
    assert data["discount_rate"] == 0.04


def test_tables_and_workbook(tmp_path, examples):
    out = tmp_path / "si.xlsx"
    result = runner.invoke(
        app, ["benefits", str(examples / "si" / "case.yaml"), "--xlsx", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "NPV" in result.stdout and "Frigjorte årsverk" in result.stdout
    assert out.stat().st_size > 5000


def test_a_case_without_benefits_is_a_clear_error(tmp_path):
    path = tmp_path / "case.yaml"
    path.write_text(yaml.safe_dump({"id": "x", "name": "X"}), encoding="utf-8")
    result = runner.invoke(app, ["benefits", str(path)])
    assert result.exit_code == 1
    assert "has no benefits section" in result.output
    assert "Traceback" not in result.output


def test_today_option_decides_which_prerequisites_are_overdue(examples):
    path = str(examples / "si" / "case.yaml")
    early = json.loads(
        runner.invoke(app, ["benefits", path, "--json", "--today", "2025-01-01"]).stdout
    )
    late = json.loads(
        runner.invoke(app, ["benefits", path, "--json", "--today", "2030-01-01"]).stdout
    )
    assert not any(p["overdue"] for p in early["prerequisites"])
    assert all(p["overdue"] for p in late["prerequisites"] if p["status"] != "met")
    assert runner.invoke(app, ["benefits", path, "--today", "not-a-date"]).exit_code == 2
