"""The requirements of an evaluation as an XLSX workbook for a procurement document, with headings
in the case's language (sv, nb, en): one row per requirement with its priority, criterion,
weights, the goals, effects and process steps it serves, how it is verified, and an empty column
for the supplier's answer. Every text is written as text; a text that starts like a formula keeps
its quote prefix so no spreadsheet runs it."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from verksam.evaluation.overview import requirement_views
from verksam.formats.spreadsheet import FORMULA_START
from verksam.model.case import Case

THIN = Side(style="thin", color="B0B7C3")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")

HEADERS: dict[str, list[str]] = {
    "en": ["No.", "Requirement", "Description", "Must or should", "Criterion", "Weight",
           "Criterion weight", "Weight in the evaluation", "Goals", "Effects", "Process steps",
           "How it is verified", "Supplier's answer"],
    "sv": ["Nr", "Krav", "Beskrivning", "Skall- eller börkrav", "Kriterium", "Vikt",
           "Kriteriets vikt", "Vikt i utvärderingen", "Mål", "Effekter", "Processteg",
           "Hur kravet verifieras", "Leverantörens svar"],
    "nb": ["Nr.", "Krav", "Beskrivelse", "Skal- eller børkrav", "Kriterium", "Vekt",
           "Kriteriets vekt", "Vekt i evalueringen", "Mål", "Effekter", "Prosesstrinn",
           "Hvordan kravet verifiseres", "Leverandørens svar"],
}  # fmt: skip
WIDTHS = [6, 40, 40, 14, 20, 8, 10, 12, 30, 30, 36, 30, 40]
TEXT: dict[str, dict[str, str]] = {
    "sheet": {"en": "Requirements", "sv": "Krav", "nb": "Krav"},
    "title": {"en": "Requirements", "sv": "Kravspecifikation", "nb": "Kravspesifikasjon"},
    "must": {"en": "Must", "sv": "Skall", "nb": "Skal"},
    "should": {"en": "Should", "sv": "Bör", "nb": "Bør"},
    "scale": {
        "en": "Scores from 0 to {top}; a must-requirement is met from {must_pass}.",
        "sv": "Poäng från 0 till {top}; ett skallkrav är uppfyllt från {must_pass}.",
        "nb": "Poeng fra 0 til {top}; et skalkrav er oppfylt fra {must_pass}.",
    },
}


def _t(key: str, lang: str) -> str:
    return TEXT[key].get(lang) or TEXT[key]["en"]


def _set(cell: Cell, value: object) -> None:
    """Put `value` in `cell`: text stays text even when it starts like a formula."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if value[:1] in FORMULA_START:
            cell.quotePrefix = True


def _number(value: float) -> str:
    return f"{value:g}"


def requirements_workbook(case: Case) -> bytes:
    """The case's requirements as XLSX bytes. Raises ValueError when it has no evaluation."""
    evaluation = case.evaluation
    if evaluation is None:
        raise ValueError(f"the case '{case.id}' has no evaluation of solutions")
    lang = case.settings.effective_language
    lang = lang if lang in HEADERS else "en"
    wb = Workbook()
    ws = wb.active
    ws.title = _t("sheet", lang)
    title = f"{_t('title', lang)} — {evaluation.name or case.name}"
    _set(ws["A1"], title)
    ws["A1"].font = Font(bold=True, size=13)
    top = evaluation.scale_max
    _set(ws["A2"], _t("scale", lang).format(top=top, must_pass=_number(evaluation.must_pass)))
    for col, (text, width) in enumerate(zip(HEADERS[lang], WIDTHS, strict=True), 1):
        cell = ws.cell(row=3, column=col)
        _set(cell, text)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(col)].width = width
    for i, r in enumerate(requirement_views(case, evaluation), 1):
        values: list[object] = [
            i, r.name, r.description, _t(r.priority, lang), r.criterion, r.weight,
            r.criterion_weight if r.criterion else None, r.effective_weight,
            "; ".join(r.goals), "; ".join(r.effects), "; ".join(r.steps), r.verification, "",
        ]  # fmt: skip
        for col, value in enumerate(values, 1):
            cell = ws.cell(row=3 + i, column=col)
            _set(cell, value)
            cell.border = BORDER
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "C4"
    ws.auto_filter.ref = f"A3:{get_column_letter(len(WIDTHS))}{3 + len(evaluation.requirements)}"
    ws.print_title_rows = "3:3"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.oddHeader.left.text = title.replace("&", "&&")
    ws.oddFooter.right.text = "&P / &N"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
