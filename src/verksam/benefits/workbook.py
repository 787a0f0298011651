"""The benefits case as an Excel workbook with live formulas, formatted for printing.

Inputs (discount rate, assumptions and the figures computed from the process model) sit on one
sheet; benefit amounts, the yearly cash flow, discounting and NPV are Excel formulas over them, so
changing an input cell recomputes the NPV in Excel or LibreOffice. Tables that need the process
analysis or a search (sensitivity, alternatives, payback) are values, marked as computed. Text
from the case (names, owners, sources) is always written as text, never as a formula.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from verksam.benefits.economics import ramp_share
from verksam.benefits.formula import to_excel
from verksam.benefits.report import BenefitsReport
from verksam.formats.spreadsheet import FORMULA_START
from verksam.model.benefits import Benefit
from verksam.model.case import Case

MONEY = "#,##0"
DECIMAL = "#,##0.00"
PERCENT = "0.0%"
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
THIN = Side(style="thin", color="A0A0A0")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)

TEXT: dict[str, dict[str, str]] = {
    "inputs": {"en": "Inputs", "nb": "Inndata", "sv": "Indata"},
    "benefits": {"en": "Benefits", "nb": "Gevinster", "sv": "Nyttor"},
    "costs": {"en": "Costs", "nb": "Kostnader", "sv": "Kostnader"},
    "cash": {"en": "Cash flow", "nb": "Kontantstrøm", "sv": "Kassaflöde"},
    "explain": {"en": "Calculations", "nb": "Beregninger", "sv": "Beräkningar"},
    "sensitivity": {"en": "Sensitivity", "nb": "Følsomhet", "sv": "Känslighet"},
    "alternatives": {"en": "Alternatives", "nb": "Alternativer", "sv": "Alternativ"},
    "stakeholders": {"en": "Stakeholders", "nb": "Interessenter", "sv": "Intressenter"},
    "prerequisites": {"en": "Prerequisites", "nb": "Forutsetninger", "sv": "Förutsättningar"},
    "risks": {"en": "Risks", "nb": "Risikoer", "sv": "Risker"},
    "realisation": {"en": "Realisation plan", "nb": "Realiseringsplan", "sv": "Realiseringsplan"},
    "discount_rate": {
        "en": "Discount rate (real)",
        "nb": "Kalkulasjonsrente (reell)",
        "sv": "Kalkylränta (real)",
    },
    "hours_per_fte": {
        "en": "Hours per FTE",
        "nb": "Timer per årsverk",
        "sv": "Timmar per årsarbetare",
    },
    "computed": {
        "en": "computed from the process model by Verksam",
        "nb": "beregnet fra prosessmodellen av Verksam",
        "sv": "beräknat från processmodellen av Verksam",
    },
    "npv": {"en": "Net present value", "nb": "Netto nåverdi", "sv": "Nettonuvärde"},
    "npv_fn": {
        "en": "Net present value (Excel NPV function)",
        "nb": "Netto nåverdi (NNV-funksjonen)",
        "sv": "Nettonuvärde (NETNUVÄRDE-funktionen)",
    },
    "payback": {"en": "Payback year", "nb": "Tilbakebetalingsår", "sv": "Återbetalningsår"},
    "total_benefits": {"en": "Benefits", "nb": "Gevinster", "sv": "Nyttor"},
    "total_costs": {"en": "Costs", "nb": "Kostnader", "sv": "Kostnader"},
    "net": {"en": "Net", "nb": "Netto", "sv": "Netto"},
    "factor": {"en": "Discount factor", "nb": "Diskonteringsfaktor", "sv": "Diskonteringsfaktor"},
    "pv": {"en": "Present value", "nb": "Nåverdi", "sv": "Nuvärde"},
    "cumulative": {"en": "Cumulative", "nb": "Akkumulert", "sv": "Ackumulerat"},
    "year": {"en": "Year", "nb": "År", "sv": "År"},
}
HEADERS: dict[str, dict[str, list[str]]] = {
    "inputs": {
        "en": ["Id", "Name", "Value", "Unit", "Source"],
        "nb": ["Id", "Navn", "Verdi", "Enhet", "Kilde"],
        "sv": ["Id", "Namn", "Värde", "Enhet", "Källa"],
    },
    "benefits": {
        "en": ["Id", "Benefit", "Category", "Class", "Owner", "FTE", "Amount per year", "In total",
               "Dis-benefit", "Start year", "Ramp-up", "Status", "Unmet prerequisites",
               "Indicator", "Unit", "Baseline", "Target", "Target date", "Measurement"],
        "nb": ["Id", "Gevinst", "Kategori", "Klasse", "Gevinsteier", "Årsverk", "Beløp per år",
               "I totalen", "Ulempe", "Startår", "Opptrapping", "Status",
               "Forutsetninger ikke oppfylt", "Indikator", "Enhet", "Nullpunkt", "Mål", "Måldato",
               "Måling"],
        "sv": ["Id", "Nytta", "Kategori", "Klass", "Nyttoägare", "Årsarbetare", "Belopp per år",
               "I totalen", "Negativ nytta", "Startår", "Upptrappning", "Status",
               "Ej uppfyllda förutsättningar", "Indikator", "Enhet", "Nollvärde", "Mål", "Måldatum",
               "Mätning"],
    },
    "costs": {
        "en": ["Id", "Cost", "Kind", "Amount", "From year", "To year"],
        "nb": ["Id", "Kostnad", "Type", "Beløp", "Fra år", "Til år"],
        "sv": ["Id", "Kostnad", "Typ", "Belopp", "Från år", "Till år"],
    },
    "sensitivity": {
        "en": ["Input", "Value", "NPV low", "NPV high", "Swing", "Break-even value"],
        "nb": ["Inndata", "Verdi", "NNV lav", "NNV høy", "Utslag", "Verdi ved NNV = 0"],
        "sv": ["Indata", "Värde", "NNV låg", "NNV hög", "Utslag", "Värde vid NNV = 0"],
    },
    "alternatives": {
        "en": ["Rank", "Alternative", "NPV", "FTE", "Amount per year", "Payback year", "Risk", "Non-monetised"],
        "nb": ["Rang", "Alternativ", "NNV", "Årsverk", "Beløp per år", "Tilbakebetalingsår", "Risiko", "Ikke prissatt"],
        "sv": ["Rang", "Alternativ", "NNV", "Årsarbetare", "Belopp per år", "Återbetalningsår", "Risk", "Ej prissatt"],
    },
    "stakeholders": {
        "en": ["Stakeholder", "Power", "Interest", "Attitude", "Desired", "Strategy", "Actions", "Channel", "Frequency", "Owner"],
        "nb": ["Interessent", "Makt", "Interesse", "Holdning", "Ønsket", "Strategi", "Tiltak", "Kanal", "Hyppighet", "Ansvarlig"],
        "sv": ["Intressent", "Makt", "Intresse", "Attityd", "Önskad", "Strategi", "Åtgärder", "Kanal", "Frekvens", "Ansvarig"],
    },
    "prerequisites": {
        "en": ["Prerequisite", "Owner", "Due", "Status", "Overdue", "Benefits"],
        "nb": ["Forutsetning", "Ansvarlig", "Frist", "Status", "Forsinket", "Gevinster"],
        "sv": ["Förutsättning", "Ansvarig", "Senast", "Status", "Försenad", "Nyttor"],
    },
    "risks": {
        "en": ["Risk", "Probability", "Impact", "Score", "Mitigation", "Owner", "Benefits"],
        "nb": ["Risiko", "Sannsynlighet", "Konsekvens", "Score", "Tiltak", "Ansvarlig", "Gevinster"],
        "sv": ["Risk", "Sannolikhet", "Konsekvens", "Poäng", "Åtgärd", "Ansvarig", "Nyttor"],
    },
    "realisation": {
        "en": ["Benefit", "Indicator", "Unit", "Year", "Planned", "Measured", "Share realised"],
        "nb": ["Gevinst", "Indikator", "Enhet", "År", "Planlagt", "Målt", "Andel realisert"],
        "sv": ["Nytta", "Indikator", "Enhet", "År", "Planerat", "Uppmätt", "Andel realiserad"],
    },
    "explain": {
        "en": ["Benefit", "Step"],
        "nb": ["Gevinst", "Trinn"],
        "sv": ["Nytta", "Steg"],
    },
}  # fmt: skip


class Formula(str):
    """A formula the workbook itself writes; every other string is written as text."""


def _set(cell: Cell, value: object) -> None:
    """Put `value` in `cell`: user text stays text even when it starts like a formula."""
    cell.value = value
    if isinstance(value, str) and not isinstance(value, Formula):
        cell.data_type = "s"
        if value[:1] in FORMULA_START:
            # Excel and LibreOffice keep the cell text when it is edited; no visible apostrophe.
            cell.quotePrefix = True


def _t(key: str, lang: str) -> str:
    return TEXT[key].get(lang) or TEXT[key]["en"]


def _headers(key: str, lang: str) -> list[str]:
    return HEADERS[key].get(lang) or HEADERS[key]["en"]


def _ref(sheet: Worksheet, cell: str) -> str:
    """An absolute reference to `cell` on `sheet`, quoted for any sheet name."""
    column = "".join(ch for ch in cell if ch.isalpha())
    row = "".join(ch for ch in cell if ch.isdigit())
    return f"'{sheet.title}'!${column}${row}"


def _table(ws: Worksheet, title: str, headers: list[str], widths: list[int]) -> None:
    _set(ws["A1"], title)
    ws["A1"].font = Font(bold=True, size=13)
    for col, (text, width) in enumerate(zip(headers, widths, strict=True), 1):
        cell = ws.cell(row=3, column=col)
        _set(cell, text)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A4"
    ws.print_title_rows = "3:3"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.oddHeader.left.text = title.replace("&", "&&")
    ws.oddFooter.right.text = "&P / &N"


def _row(
    ws: Worksheet, row: int, values: list[object], formats: dict[int, str] | None = None
) -> None:
    for col, value in enumerate(values, 1):
        cell = ws.cell(row=row, column=col)
        _set(cell, value)
        cell.border = BORDER
        cell.alignment = Alignment(
            wrap_text=isinstance(value, str) and len(value) > 30, vertical="top"
        )
        if formats and col in formats:
            cell.number_format = formats[col]


def _amount_formula(
    b: Benefit,
    report: BenefitsReport,
    measure_cell: dict[str, str],
    assumption_cells: dict[str, str],
) -> object:
    """The Excel formula (or value) of a benefit's amount per year."""
    figure = report.benefit(b.id)
    d = b.derived_from
    if d is not None and b.id in measure_cell:
        measure = measure_cell[b.id]
        if d.measure == "cost":
            return Formula(f"={measure}")
        unit = d.value_formula or d.value_per_fte
        if unit:
            return Formula(f"={measure}*{to_excel(unit, assumption_cells, b.id)}")
        return figure.amount_per_year
    if b.formula is not None:
        return Formula(f"={to_excel(b.formula, assumption_cells, b.id)}")
    return figure.amount_per_year


def write_workbook(case: Case, report: BenefitsReport, path: str | Path) -> None:
    """Write the benefits case of `case` (with its computed `report`) to an XLSX file."""
    lang = case.settings.effective_language
    section = case.benefits
    assert section is not None
    wb = Workbook()

    # Inputs -----------------------------------------------------------------------------------
    inputs = wb.active
    assert inputs is not None
    inputs.title = _t("inputs", lang)
    _table(
        inputs,
        f"{case.name} — {_t('inputs', lang)}",
        _headers("inputs", lang),
        [26, 48, 16, 18, 50],
    )
    _row(
        inputs,
        4,
        ["discount_rate", _t("discount_rate", lang), report.discount_rate, "", ""],
        {3: PERCENT},
    )
    _row(
        inputs,
        5,
        ["hours_per_fte", _t("hours_per_fte", lang), report.hours_per_fte, "h", ""],
        {3: MONEY},
    )
    rate_cell = _ref(inputs, "C4")
    assumption_cells: dict[str, str] = {}
    row = 6
    for a in section.assumptions:
        _row(
            inputs,
            row,
            [a.id, a.label, a.value, a.unit, a.source],
            {3: DECIMAL if abs(a.value) < 100 else MONEY},
        )
        assumption_cells[a.id] = _ref(inputs, f"C{row}")
        row += 1
    measure_cell: dict[str, str] = {}
    for b in section.benefits:
        d = b.derived_from
        figure = report.benefit(b.id)
        if d is None:
            continue
        if d.measure == "visits":
            value, unit = figure.count, d.activity or ""
        elif d.measure == "hours" and d.value_formula:
            value, unit = figure.hours, "h"
        elif d.measure == "cost":
            value, unit = figure.amount_per_year, report.currency
        else:
            value, unit = figure.fte, "FTE"
        if value is None:
            continue
        note = f"{d.process}: {d.baseline} − {d.target}, {_t('computed', lang)}"
        _row(inputs, row, [f"{b.id}.{d.measure}", figure.name, value, unit, note], {3: DECIMAL})
        inputs.cell(row=row, column=3).font = Font(italic=True)
        measure_cell[b.id] = _ref(inputs, f"C{row}")
        row += 1

    # Benefit register ----------------------------------------------------------------------------
    reg = wb.create_sheet(_t("benefits", lang))
    _table(reg, f"{case.name} — {_t('benefits', lang)}", _headers("benefits", lang),
           [20, 40, 16, 7, 24, 10, 16, 9, 9, 9, 14, 12, 24, 32, 10, 12, 12, 12, 40])  # fmt: skip
    amount_cell: dict[str, str] = {}
    for i, b in enumerate(section.benefits):
        r = 4 + i
        figure = report.benefit(b.id)
        fte: object = figure.fte
        if (
            b.derived_from is not None
            and b.derived_from.measure in ("fte", "hours")
            and b.id in measure_cell
        ):
            fte = (
                Formula(f"={measure_cell[b.id]}") if b.derived_from.measure == "fte" else figure.fte
            )
        _row(
            reg,
            r,
            [
                b.id,
                b.label,
                b.category,
                figure.norwegian_class,
                b.owner,
                fte,
                _amount_formula(b, report, measure_cell, assumption_cells),
                "x" if b.in_total else "",
                "x" if b.dis_benefit else "",
                b.start_year,
                ", ".join(f"{s:.0%}" for s in b.ramp_up),
                b.status,
                ", ".join(figure.unmet_prerequisites),
                b.indicator,
                b.unit,
                b.baseline,
                b.target,
                b.target_date,
                "; ".join(
                    x
                    for x in (b.measurement_method, b.measurement_source, b.measurement_frequency)
                    if x
                ),
            ],
            {6: DECIMAL, 7: MONEY, 16: DECIMAL, 17: DECIMAL},
        )
        amount_cell[b.id] = _ref(reg, f"G{r}")

    # Costs -------------------------------------------------------------------------------------
    costs = wb.create_sheet(_t("costs", lang))
    _table(
        costs,
        f"{case.name} — {_t('costs', lang)}",
        _headers("costs", lang),
        [24, 48, 12, 16, 10, 10],
    )
    cost_rows: dict[str, int] = {}
    for i, c in enumerate(section.costs):
        r = 4 + i
        end = (
            c.year
            if c.kind == "investment"
            else (c.end_year if c.end_year is not None else report.analysis_years)
        )
        _row(costs, r, [c.id, c.label, c.kind, c.amount, c.year, end], {4: MONEY})
        cost_rows[c.id] = r

    # Cash flow ---------------------------------------------------------------------------------
    cash = wb.create_sheet(_t("cash", lang))
    counted = [
        b for b in section.benefits
        if b.in_total and b.category != "non-monetised" and b.id in amount_cell
        and report.benefit(b.id).amount_per_year is not None
    ]  # fmt: skip
    cost_list = [c for c in section.costs if c.in_total]
    headers = ["t", _t("year", lang), *[b.label for b in counted], _t("total_benefits", lang),
               *[c.label for c in cost_list], _t("total_costs", lang), _t("net", lang),
               _t("factor", lang), _t("pv", lang), _t("cumulative", lang)]  # fmt: skip
    _table(cash, f"{case.name} — {_t('cash', lang)}", headers, [5, 8] + [16] * (len(headers) - 2))
    first, last = 4, 4 + report.analysis_years
    col_benefit0 = 3
    col_btotal = col_benefit0 + len(counted)
    col_cost0 = col_btotal + 1
    col_ctotal = col_cost0 + len(cost_list)
    col_net, col_df, col_pv, col_cum = (
        col_ctotal + 1,
        col_ctotal + 2,
        col_ctotal + 3,
        col_ctotal + 4,
    )
    letter = get_column_letter
    for t in range(report.analysis_years + 1):
        r = first + t
        values: list[object] = [t, report.start_year + t if report.start_year is not None else None]
        for b in counted:
            sign = "-" if b.dis_benefit else ""
            values.append(Formula(f"={sign}{amount_cell[b.id]}*{ramp_share(b, t)!r}"))
        values.append(
            Formula(f"=SUM({letter(col_benefit0)}{r}:{letter(col_btotal - 1)}{r})")
            if counted
            else 0
        )
        for c in cost_list:
            cr = cost_rows[c.id]
            q = f"'{costs.title}'!"
            values.append(Formula(f"=IF(AND($A{r}>={q}$E${cr},$A{r}<={q}$F${cr}),{q}$D${cr},0)"))
        values.append(
            Formula(f"=SUM({letter(col_cost0)}{r}:{letter(col_ctotal - 1)}{r})") if cost_list else 0
        )
        values.append(Formula(f"={letter(col_btotal)}{r}-{letter(col_ctotal)}{r}"))
        values.append(Formula(f"=1/(1+{rate_cell})^$A{r}"))
        values.append(Formula(f"={letter(col_net)}{r}*{letter(col_df)}{r}"))
        values.append(
            Formula(f"={letter(col_net)}{r}")
            if t == 0
            else Formula(f"={letter(col_cum)}{r - 1}+{letter(col_net)}{r}")
        )
        formats = {c: MONEY for c in range(3, len(values) + 1)}
        formats[col_df] = "0.0000"
        _row(cash, r, values, formats)
    npv_row = last + 2
    net = letter(col_net)
    _row(
        cash,
        npv_row,
        [None, _t("npv", lang), Formula(f"=SUM({letter(col_pv)}{first}:{letter(col_pv)}{last})")],
        {3: MONEY},
    )
    _row(
        cash,
        npv_row + 1,
        [
            None,
            _t("npv_fn", lang),
            Formula(f"={net}{first}+NPV({rate_cell},{net}{first + 1}:{net}{last})"),
        ],
        {3: MONEY},
    )
    _row(cash, npv_row + 2, [None, _t("payback", lang), report.cash_flow.payback_year], {})
    for r in range(npv_row, npv_row + 3):
        cash.cell(row=r, column=2).font = Font(bold=True)
        cash.cell(row=r, column=3).font = Font(bold=True)
    cash.column_dimensions["B"].width = 34

    # Explanations ------------------------------------------------------------------------------
    explain = wb.create_sheet(_t("explain", lang))
    _table(explain, f"{case.name} — {_t('explain', lang)}", _headers("explain", lang), [36, 120])
    r = 4
    for figure in report.benefits:
        for s in figure.explanation:
            _row(explain, r, [figure.name, s.text])
            r += 1

    # Sensitivity, alternatives, stakeholders, prerequisites, risks (values) --------------------
    sens = wb.create_sheet(_t("sensitivity", lang))
    _table(sens, f"{case.name} — {_t('sensitivity', lang)} ±{report.sensitivity.percent:.0%}",
           _headers("sensitivity", lang), [48, 16, 16, 16, 16, 18])  # fmt: skip
    for i, item in enumerate(report.sensitivity.items):
        _row(sens, 4 + i, [item.label, item.base_value, item.npv_low, item.npv_high, item.swing,
                           item.break_even_value], {2: DECIMAL, 3: MONEY, 4: MONEY, 5: MONEY, 6: DECIMAL})  # fmt: skip

    alts = wb.create_sheet(_t("alternatives", lang))
    _table(alts, f"{case.name} — {_t('alternatives', lang)}", _headers("alternatives", lang),
           [6, 44, 16, 10, 16, 12, 10, 60])  # fmt: skip
    for i, alt in enumerate(sorted(report.alternatives, key=lambda x: x.rank)):
        _row(alts, 4 + i, [alt.rank, alt.name, alt.npv, alt.fte, alt.amount_per_year, alt.payback_year,
                           alt.risk, "; ".join(alt.non_monetised)], {3: MONEY, 4: DECIMAL, 5: MONEY})  # fmt: skip

    people = wb.create_sheet(_t("stakeholders", lang))
    _table(people, f"{case.name} — {_t('stakeholders', lang)}", _headers("stakeholders", lang),
           [32, 9, 9, 10, 10, 16, 44, 24, 18, 22])  # fmt: skip
    for i, who in enumerate(report.stakeholders):
        _row(people, 4 + i, [who.name, who.power, who.interest, who.attitude, who.desired_attitude or "",
                             who.strategy, who.actions, who.channel, who.frequency, who.owner])  # fmt: skip

    pre = wb.create_sheet(_t("prerequisites", lang))
    _table(pre, f"{case.name} — {_t('prerequisites', lang)}", _headers("prerequisites", lang),
           [52, 26, 12, 14, 10, 40])  # fmt: skip
    for i, p in enumerate(report.prerequisites):
        _row(
            pre,
            4 + i,
            [p.name, p.owner, p.due, p.status, "x" if p.overdue else "", ", ".join(p.benefits)],
        )
        pre.cell(row=4 + i, column=3).number_format = "yyyy-mm-dd"

    risks = wb.create_sheet(_t("risks", lang))
    _table(
        risks,
        f"{case.name} — {_t('risks', lang)}",
        _headers("risks", lang),
        [44, 12, 12, 8, 56, 26, 36],
    )
    for i, k in enumerate(report.risks):
        _row(
            risks,
            4 + i,
            [
                k.name,
                k.probability,
                k.impact,
                k.score,
                k.mitigation,
                k.owner,
                ", ".join(k.benefits),
            ],
        )

    plan = wb.create_sheet(_t("realisation", lang))
    _table(plan, f"{case.name} — {_t('realisation', lang)}", _headers("realisation", lang),
           [40, 40, 12, 8, 16, 16, 14])  # fmt: skip
    r = 4
    names = {b.id: b.name for b in report.benefits}
    for plan_row in report.realisation:
        measured_by_year: dict[object, dict[str, object]] = {}
        for measured in plan_row.measurements:
            measured_by_year[measured["date"].year] = measured  # the year's last measurement
        for year_plan in plan_row.plan:
            key = year_plan["year"] if year_plan["year"] is not None else year_plan["t"]
            seen = measured_by_year.get(key)
            _row(
                plan,
                r,
                [names.get(plan_row.benefit, plan_row.benefit), plan_row.indicator, plan_row.unit,
                 key, year_plan["planned"], seen["value"] if seen else None,
                 seen["share"] if seen else None],
                {5: MONEY if abs(year_plan["planned"]) >= 100 else DECIMAL, 6: MONEY, 7: PERCENT},
            )  # fmt: skip
            r += 1

    wb.save(str(path))


def npv_cell(case: Case) -> tuple[str, str]:
    """Sheet title and cell of the NPV formula in the workbook `write_workbook` writes for `case`."""
    return _t("cash", case.settings.effective_language), f"C{4 + case.settings.analysis_years + 2}"
