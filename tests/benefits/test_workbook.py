"""The XLSX workbook holds live formulas: LibreOffice, recomputing the saved file, gets Python's
NPV, and a changed input cell changes the NPV as Python computes it for the changed case."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from benefits_builders import money_case

from verksam.benefits import benefits_report
from verksam.benefits.workbook import npv_cell, write_workbook
from verksam.formats.casefile import load_case

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def recompute(path: Path, out_dir: Path) -> openpyxl.Workbook:
    """Open the file in LibreOffice headless, which recalculates every formula, and save it."""
    if SOFFICE is None:
        pytest.skip("LibreOffice is not installed (tools/install-libreoffice.sh installs it)")
    out_dir.mkdir(exist_ok=True)
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{out_dir / 'profile'}", "--headless", "--calc",
         "--convert-to", "xlsx", "--outdir", str(out_dir), str(path)],
        check=True,
        capture_output=True,
        timeout=120,
    )  # fmt: skip
    return openpyxl.load_workbook(out_dir / path.name, data_only=True)


def si_case(examples):
    return load_case(examples / "si" / "case.yaml")


def test_workbook_has_formulas_not_just_numbers(tmp_path, examples):
    case = si_case(examples)
    path = tmp_path / "si.xlsx"
    write_workbook(case, benefits_report(case), path)
    wb = openpyxl.load_workbook(path)
    sheet, cell = npv_cell(case)
    assert str(wb[sheet][cell].value).startswith("=SUM(")
    amounts = [str(c.value) for c in wb["Gevinster"]["G"][3:6]]
    assert all(a.startswith("='Inndata'!") for a in amounts), amounts
    assert wb[sheet].page_setup.orientation == "landscape"
    assert set(wb.sheetnames) >= {
        "Inndata",
        "Gevinster",
        "Kontantstrøm",
        "Interessenter",
        "Forutsetninger",
    }


def test_libreoffice_recomputes_the_same_npv_as_python(tmp_path, examples):
    case = si_case(examples)
    report = benefits_report(case)
    path = tmp_path / "si.xlsx"
    write_workbook(case, report, path)
    wb = recompute(path, tmp_path / "out")
    sheet, cell = npv_cell(case)
    column, row = cell[0], int(cell[1:])
    assert wb[sheet][cell].value == pytest.approx(report.npv, rel=1e-9)
    assert wb[sheet][f"{column}{row + 1}"].value == pytest.approx(report.npv, rel=1e-9)  # NPV()
    assert wb["Gevinster"]["G4"].value == pytest.approx(
        report.benefit("frigjorte-arsverk").amount_per_year
    )


def test_changing_an_input_cell_recomputes_the_npv(tmp_path):
    case = money_case(
        benefits=[
            {"id": "saving", "category": "cash-releasing", "formula": "cases * minutes * rate", "ramp_up": [0.5]},
            {"id": "freed", "category": "cash-releasing",
             "derived_from": {"process": "p", "measure": "fte", "value_per_fte": "cost_per_fte"}},
        ],
        assumptions=[
            {"id": "cases", "value": 1000},
            {"id": "minutes", "value": 6},
            {"id": "rate", "value": 10},
            {"id": "cost_per_fte", "value": 600000},
        ],
        costs=[
            {"id": "build", "kind": "investment", "amount": 150000, "year": 0},
            {"id": "run", "kind": "running", "amount": 5000, "year": 1},
        ],
    )  # fmt: skip
    path = tmp_path / "money.xlsx"
    write_workbook(case, benefits_report(case), path)
    wb = openpyxl.load_workbook(path)
    inputs = wb["Inndata"]
    for row in inputs.iter_rows(min_row=4):
        if row[0].value == "minutes":
            row[2].value = 9
        if row[0].value == "cost_per_fte":
            row[2].value = 300000
    changed = tmp_path / "changed.xlsx"
    wb.save(changed)
    for a in case.benefits.assumptions:
        a.value = {"minutes": 9, "cost_per_fte": 300000}.get(a.id, a.value)
    expected = benefits_report(case).npv
    sheet, cell = npv_cell(case)
    assert recompute(changed, tmp_path / "out")[sheet][cell].value == pytest.approx(
        expected, rel=1e-9
    )
