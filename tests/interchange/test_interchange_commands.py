"""`verksam import` and `verksam export` from the command line."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from verksam.cli import app
from verksam.formats import load_case

B = "http://www.omg.org/spec/BPMN/20100524/MODEL"


def test_import_then_export_both_formats(tmp_path: Path, shared_data: Path) -> None:
    runner = CliRunner()
    source = shared_data / "bpmn-miwg" / "reference" / "C.1.0.bpmn"
    case_file = tmp_path / "case.yaml"
    result = runner.invoke(app, ["import", str(source), "-o", str(case_file)])
    assert result.exit_code == 0, result.output
    assert "kept: " in result.output  # what the model has no place for is listed
    case = load_case(case_file)
    assert len(case.processes) == 2
    out = tmp_path / "out.bpmn"
    result = runner.invoke(app, ["export", str(case_file), "--format", "bpmn", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().count(b"<bpmn:participant ") == 2
    arch = tmp_path / "out.xml"
    result = runner.invoke(
        app, ["export", str(case_file), "--format", "archimate", "-o", str(arch)]
    )
    assert result.exit_code == 0, result.output
    back = tmp_path / "back.yaml"
    result = runner.invoke(app, ["import", str(arch), "-o", str(back)])
    assert result.exit_code == 0, result.output
    assert "views read" in result.output


def test_import_refuses_to_overwrite(tmp_path: Path, shared_data: Path) -> None:
    target = tmp_path / "case.yaml"
    target.write_text("keep me")
    source = shared_data / "nordic" / "altinn" / "start-data-signing-end.bpmn"
    result = CliRunner().invoke(app, ["import", str(source), "-o", str(target)])
    assert result.exit_code == 1
    assert target.read_text() == "keep me"
