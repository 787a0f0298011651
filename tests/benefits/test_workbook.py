"""The XLSX workbook holds live formulas: LibreOffice, recomputing the saved file, gets Python's
NPV, and a changed input cell changes the NPV as Python computes it for the changed case."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
import yaml
from benefits_builders import money_case

from verksam.benefits import benefits_report
from verksam.benefits.workbook import npv_cell, write_workbook
from verksam.formats.casefile import load_case, loads_case

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def recompute(paths: list[Path], out_dir: Path) -> dict[str, openpyxl.Workbook]:
    """Open the files in LibreOffice headless, which recalculates every formula, and save them."""
    if SOFFICE is None:
        pytest.skip("LibreOffice is not installed (tools/install-libreoffice.sh installs it)")
    out_dir.mkdir(exist_ok=True)
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{out_dir / 'profile'}", "--headless", "--calc",
         "--convert-to", "xlsx", "--outdir", str(out_dir), *map(str, paths)],
        check=True,
        capture_output=True,
        timeout=180,
    )  # fmt: skip
    return {p.name: openpyxl.load_workbook(out_dir / p.name, data_only=True) for p in paths}


def si_case():
    return load_case(EXAMPLES / "si" / "case.yaml")


def money_with_formulas():
    return money_case(
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


PAYLOADS = ("=1+1", "+1+1", "-1+1", "@SUM(1,1)", "\t=1+1", '=HYPERLINK("http://x.test","y")')
FREE_TEXT = {
    "name", "owner", "description", "channel", "frequency", "indicator", "measurement_method",
    "measurement_source", "measurement_frequency", "mitigation", "actions", "note",
}  # fmt: skip


def hostile_si_case():
    """The SI case with every free text of its benefits part (and its name) starting like a
    spreadsheet formula, as a user may type it."""
    data = yaml.safe_load((EXAMPLES / "si" / "case.yaml").read_text(encoding="utf-8"))
    count = iter(range(10_000))

    def poison(node: object, assumption: bool = False) -> None:
        items = node.items() if isinstance(node, dict) else enumerate(node)  # type: ignore[union-attr]
        for key, value in list(items):
            if isinstance(value, str) and (
                key in FREE_TEXT or (assumption and key in ("source", "unit"))
            ):
                node[key] = f"{PAYLOADS[next(count) % len(PAYLOADS)]} {value}"  # type: ignore[index]
            elif isinstance(value, dict | list):
                poison(value, assumption or key == "assumptions")

    poison(data["benefits"])
    data["name"] = "=1+1 " + data["name"]
    return loads_case(yaml.safe_dump(data, allow_unicode=True), "hostile.yaml")


def formula_cells(wb: openpyxl.Workbook) -> list[str]:
    return [str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "f"]


@pytest.fixture(scope="module")
def recomputed(tmp_path_factory):
    """The SI workbook as written, a small workbook with two input cells changed by hand, and the
    SI workbook with hostile text, all recomputed by one LibreOffice run."""
    folder = tmp_path_factory.mktemp("workbooks")
    hostile = hostile_si_case()
    write_workbook(hostile, benefits_report(hostile), folder / "hostile.xlsx")
    si = si_case()
    write_workbook(si, benefits_report(si), folder / "si.xlsx")
    money = money_with_formulas()
    write_workbook(money, benefits_report(money), folder / "money.xlsx")
    wb = openpyxl.load_workbook(folder / "money.xlsx")
    for row in wb["Inndata"].iter_rows(min_row=4):
        if row[0].value == "minutes":
            row[2].value = 9
        if row[0].value == "cost_per_fte":
            row[2].value = 300000
    wb.save(folder / "changed.xlsx")
    return recompute(
        [folder / "si.xlsx", folder / "changed.xlsx", folder / "hostile.xlsx"], folder / "out"
    )


def test_workbook_has_formulas_not_just_numbers(tmp_path):
    case = si_case()
    path = tmp_path / "si.xlsx"
    write_workbook(case, benefits_report(case), path)
    wb = openpyxl.load_workbook(path)
    sheet, cell = npv_cell(case)
    assert str(wb[sheet][cell].value).startswith("=SUM(")
    amounts = [str(c.value) for c in wb["Gevinster"]["G"][3:6]]
    assert all(a.startswith("='Inndata'!") for a in amounts), amounts
    assert wb[sheet].page_setup.orientation == "landscape"
    assert set(wb.sheetnames) >= {
        "Inndata", "Gevinster", "Kontantstrøm", "Interessenter", "Forutsetninger", "Realiseringsplan"
    }  # fmt: skip


def test_libreoffice_recomputes_the_same_npv_as_python(recomputed):
    case = si_case()
    report = benefits_report(case)
    wb = recomputed["si.xlsx"]
    sheet, cell = npv_cell(case)
    column, row = cell[0], int(cell[1:])
    assert wb[sheet][cell].value == pytest.approx(report.npv, rel=1e-9)
    assert wb[sheet][f"{column}{row + 1}"].value == pytest.approx(report.npv, rel=1e-9)  # NPV()
    assert wb["Gevinster"]["G4"].value == pytest.approx(
        report.benefit("frigjorte-arsverk").amount_per_year
    )


def test_changing_an_input_cell_recomputes_the_npv(recomputed):
    case = money_with_formulas()
    for a in case.benefits.assumptions:
        a.value = {"minutes": 9, "cost_per_fte": 300000}.get(a.id, a.value)
    expected = benefits_report(case).npv
    sheet, cell = npv_cell(case)
    assert recomputed["changed.xlsx"][sheet][cell].value == pytest.approx(expected, rel=1e-9)
    assert expected != pytest.approx(benefits_report(money_with_formulas()).npv)


def test_user_text_that_starts_like_a_formula_stays_text(tmp_path):
    case = hostile_si_case()
    path = tmp_path / "hostile.xlsx"
    write_workbook(case, benefits_report(case), path)
    wb = openpyxl.load_workbook(path)
    texts = [
        c for ws in wb for row in ws.iter_rows() for c in row
        if isinstance(c.value, str) and c.value.startswith(PAYLOADS)
    ]  # fmt: skip
    assert len(texts) > 60, len(texts)  # names, owners, sources, titles on every sheet
    assert all(c.data_type == "s" and c.quotePrefix for c in texts)
    assert not [f for f in formula_cells(wb) if f.startswith(PAYLOADS)]
    # The workbook's own formulas are still formulas.
    sheet, cell = npv_cell(case)
    assert wb[sheet][cell].data_type == "f"
    assert len(formula_cells(wb)) == len(formula_cells(openpyxl.load_workbook(_si_path(tmp_path))))


def _si_path(folder: Path) -> Path:
    case = si_case()
    write_workbook(case, benefits_report(case), folder / "si.xlsx")
    return folder / "si.xlsx"


def test_libreoffice_shows_hostile_text_as_written_and_still_computes(recomputed):
    case = hostile_si_case()
    wb = recomputed["hostile.xlsx"]
    sheet, cell = npv_cell(case)
    assert wb[sheet][cell].value == pytest.approx(benefits_report(case).npv, rel=1e-9)
    assert wb[sheet]["A1"].value.startswith("=1+1 ")
    shown = [c.value for ws in wb for row in ws.iter_rows() for c in row]
    assert sum(isinstance(v, str) and v.startswith(PAYLOADS) for v in shown) > 60
