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


def test_a_step_list_imports_as_the_step_table_would_paste_it(tmp_path: Path) -> None:
    from openpyxl import Workbook

    from verksam.formats.steplist import parse_steps
    from verksam.model import Case, Process, Variant
    from verksam.model.steps import apply_steps

    rows = [["Steg", "Roll", "Minuter", "Väntetid"], ["Ta emot ansökan", "Registrator", 5, "2 h"],
            ["Besluta", "Enhetschef", 12.5, ""]]  # fmt: skip
    book = Workbook()
    for row in rows:
        book.active.append(row)
    source = tmp_path / "färdtjänst.xlsx"
    book.save(source)
    target = tmp_path / "case.yaml"
    result = CliRunner().invoke(app, ["import", str(source), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert "2 steps read" in result.output
    case = load_case(target)
    pasted = "\n".join("\t".join(str(c) for c in row) for row in rows)
    empty = Case(id="c", name="c", processes=[Process(id=case.processes[0].id,
                                                      variants=[Variant(id="as-is")])])  # fmt: skip
    expected = apply_steps(empty, case.processes[0].id, "as-is", parse_steps(pasted).steps)
    assert case.processes[0].variants == expected.processes[0].variants
    variant = case.processes[0].variants[0]
    assert [(n.name, n.touch_minutes, n.waiting_hours) for n in variant.nodes if n.type == "task"] == [
        ("Ta emot ansökan", 5.0, 2.0), ("Besluta", 12.5, 0.0)]  # fmt: skip


def test_a_bad_step_list_names_the_line_and_writes_nothing(tmp_path: Path) -> None:
    source = tmp_path / "steg.csv"
    source.write_text("Steg;Roll;Minuter\nTa emot;Registrator;fem\n", encoding="utf-8")
    target = tmp_path / "case.yaml"
    result = CliRunner().invoke(app, ["import", str(source), "-o", str(target)])
    assert result.exit_code == 1
    assert "line 2" in result.output and "fem" in result.output
    assert not target.exists()


def test_a_visio_flowchart_imports_from_the_command_line(tmp_path: Path, shared_data: Path) -> None:
    target = tmp_path / "case.yaml"
    source = shared_data / "visio" / "aspose_Introduction_Drawing1.vsdx"
    result = CliRunner().invoke(app, ["import", str(source), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert [n.name for n in load_case(target).processes[0].variants[0].nodes] == [
        "Start", "Process", "Decision", "End"]  # fmt: skip
