"""`verksam evaluate`: the ranking and sensitivity printed, as JSON, and the requirements as an
XLSX that reads back with openpyxl, headings in the case language and text kept as text."""

from __future__ import annotations

import io
import json
from pathlib import Path

from openpyxl import load_workbook
from typer.testing import CliRunner

from verksam.cli import app
from verksam.evaluation.workbook import requirements_workbook
from verksam.formats import load_case

runner = CliRunner()


def test_evaluate_prints_ranking_and_sensitivity(examples: Path) -> None:
    result = runner.invoke(
        app, ["evaluate", str(examples / "storuman" / "case.yaml")], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "Köpa ett skolskjutssystem (system A)" in text
    assert (
        "The weight of the criterion 'Funktion' (now 3) can be lowered to 1.75 before Utveckla "
        "en egen lösning goes ahead of Köpa ett skolskjutssystem (system A)" in text
    )


def test_evaluate_json(examples: Path) -> None:
    result = runner.invoke(app, ["evaluate", str(examples / "storuman" / "case.yaml"), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["top"] == "kopa-system"
    assert [(c["id"], c["rank"]) for c in data["candidates"]][:3] == [
        ("kopa-system", 1), ("egen-losning", 2), ("bygga-ut-plattform", 3),
    ]  # fmt: skip
    assert {s["id"]: s["upper"] for s in data["sensitivity"]}["krav-tillganglighet"] == 4.5


def test_a_case_without_an_evaluation_is_an_error(examples: Path) -> None:
    result = runner.invoke(app, ["evaluate", str(examples / "sorsele" / "case.yaml")])
    assert result.exit_code == 1
    assert "has no evaluation of solutions" in result.output


def test_the_requirements_workbook_reads_back(examples: Path, tmp_path: Path) -> None:
    case = load_case(examples / "storuman" / "case.yaml")
    target = tmp_path / "krav.xlsx"
    result = runner.invoke(
        app, ["evaluate", str(examples / "storuman" / "case.yaml"), "--xlsx", str(target)]
    )
    assert result.exit_code == 0, result.output
    ws = load_workbook(target).active
    assert ws.title == "Krav"
    headers = [c.value for c in ws[3]]
    assert headers[:4] == ["Nr", "Krav", "Beskrivning", "Skall- eller börkrav"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=4)]
    assert [r[1] for r in rows] == [r.label for r in case.evaluation.requirements]
    first = rows[0]
    assert first[3] == "Skall" and first[7] == 6  # weight 2 × criterion Funktion 3
    assert first[10] == (
        "Beställning av elevtransport: Ansöka i e-tjänsten; "
        "Beställning av elevtransport: Komplettera ansökan"
    )
    assert [r[3] for r in rows].count("Bör") == 3


def test_text_that_looks_like_a_formula_stays_text(examples: Path) -> None:
    case = load_case(examples / "storuman" / "case.yaml")
    assert case.evaluation is not None
    case.evaluation.requirements[0].name = '=HYPERLINK("http://evil","x")'
    case.settings.language = "nb"
    ws = load_workbook(io.BytesIO(requirements_workbook(case))).active
    cell = ws["B4"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")
    assert cell.quotePrefix
    assert ws["D3"].value == "Skal- eller børkrav"
