"""Reading step lists pasted from Excel/LibreOffice or uploaded as CSV/XLSX (formats.steplist)."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import Workbook

from verksam.formats.steplist import (
    MAX_STEPS,
    StepListError,
    parse_steps,
    read_share,
    read_steps,
)

FARDTJANST_TSV = (
    "Steg\tVem gör det\tMinuter\tVäntetid\tBara i\tGår tillbaka till\tAndel tillbaka\n"
    "Ta emot ansökan\tRegistrator\t5\t\t\t\t\n"
    "Registrera ansökan\tRegistrator\t15\t2 h\t\t\t\n"
    "Kontrollera att ansökan är komplett\tHandläggare\t6\t1 dag\t\tRegistrera ansökan\t30 %\n"
    "Hämta in läkarintyg\tHandläggare\t20,5\t\t0,4\t\t\n"
)


def problems_of(text: str) -> list[tuple[int, int, str, str]]:
    with pytest.raises(StepListError) as caught:
        parse_steps(text)
    return [(p.line, p.column, p.field, p.code) for p in caught.value.problems]


def test_pasted_rows_with_a_swedish_header_become_steps_in_order():
    steps = parse_steps(FARDTJANST_TSV).steps
    assert [s.name for s in steps] == [
        "Ta emot ansökan", "Registrera ansökan", "Kontrollera att ansökan är komplett",
        "Hämta in läkarintyg",
    ]  # fmt: skip
    assert steps[1].waiting_hours == 2.0
    assert steps[2].waiting_hours == 24.0  # "1 dag"
    assert (steps[2].back_to, steps[2].back_share) == (1, 0.3)
    assert steps[3].touch_minutes == 20.5  # decimal comma
    assert steps[3].share == 0.4
    assert steps[0].share is None and steps[0].back_to is None


def test_rows_without_a_header_are_read_in_the_documented_column_order():
    steps = parse_steps("Ta emot\tRegistrator\t5\nBesluta\tEnhetschef\t1,5\t3\t50\t1\t10%").steps
    assert steps[1].touch_minutes == 1.5
    assert steps[1].waiting_hours == 3.0
    assert steps[1].share == 0.5
    assert (steps[1].back_to, steps[1].back_share) == (0, 0.1)


def test_a_norwegian_header_in_another_order_decides_the_columns():
    text = "Rolle\tMinutter\tSteg\nSaksbehandler\t12\tMotta søknad\n"
    steps = parse_steps(text).steps
    assert (steps[0].name, steps[0].role, steps[0].touch_minutes) == (
        "Motta søknad", "Saksbehandler", 12.0,
    )  # fmt: skip


def test_columns_with_unknown_headers_are_ignored_and_named():
    result = parse_steps("Nr\tSteg\tKommentar\tMinuter\n1\tTa emot\tviktigt\t5\n")
    assert result.steps[0].name == "Ta emot"
    assert result.steps[0].touch_minutes == 5.0
    assert result.ignored_columns == ["Kommentar"]


@pytest.mark.parametrize(
    ("typed", "share"),
    [("30 %", 0.3), ("30%", 0.3), ("30", 0.3), ("0,3", 0.3), ("0.3", 0.3), ("100", 1.0),
     ("1", 0.01), ("1,0", 1.0), ("12,5 %", 0.125), (30, 0.3), (0.3, 0.3)],
)  # fmt: skip
def test_shares_are_read_as_percentages_or_fractions(typed: str | float, share: float):
    assert read_share(typed) == pytest.approx(share)


def test_semicolon_csv_with_decimal_commas_is_read():
    steps = parse_steps('Steg;Roll;Minuter\n"Ta emot; registrera";Registrator;7,5\n').steps
    assert (steps[0].name, steps[0].touch_minutes) == ("Ta emot; registrera", 7.5)


def test_blank_lines_and_trailing_tabs_make_no_steps():
    steps = parse_steps("\n\nTa emot\tReg\t5\t\t\n\t\t\t\n\nBesluta\tChef\t10\n\n").steps
    assert [s.name for s in steps] == ["Ta emot", "Besluta"]


def test_every_bad_cell_is_named_by_line_and_column_and_nothing_is_returned():
    text = (
        "Steg\tRoll\tMinuter\tVäntetid\tBara i\tGår tillbaka till\tAndel tillbaka\n"
        "Ta emot\tReg\tfem\t\t\t\t\n"  # line 2: not a number
        "Granska\tReg\t-3\t\t150 %\t\t\n"  # line 3: negative, more than 100 %
        "\tReg\t5\t\t\t\t\n"  # line 4: no name
        "Besluta\tChef\t5\t\t\tSkicka\t20 %\n"  # line 5: goes back to a later step
        "Skicka\tReg\t5\t\t\t\t30 %\n"  # line 6: a share going back but no step
        "Arkivera\tReg\t5\tsnart\t\tArkivera\t100 %\n"  # line 7: bad waiting, never finishes
    )
    assert problems_of(text) == [
        (2, 3, "touch_minutes", "number"),
        (3, 3, "touch_minutes", "negative"),
        (3, 5, "share", "percentage-range"),
        (4, 1, "name", "name-missing"),
        (5, 6, "back_to", "back-to-later"),
        (6, 7, "back_share", "back-share-without-step"),
        (7, 4, "waiting_hours", "number"),
        (7, 7, "back_share", "back-share-all"),
    ]


def test_error_messages_name_line_column_and_value_in_english():
    with pytest.raises(StepListError) as caught:
        parse_steps("Ta emot\tReg\t5 kg\n", name="steg.txt")
    assert str(caught.value) == (
        "steg.txt: line 1, column 3: “5 kg” is not a number (write for example 12,5)"
    )


def test_going_back_by_step_number_and_to_an_unknown_step():
    steps = parse_steps("A\tR\t1\nB\tR\t1\t\t\t1\t0,2\n").steps
    assert steps[1].back_to == 0
    assert problems_of("A\tR\t1\nB\tR\t1\t\t\t7\t0,2\n") == [(2, 6, "back_to", "back-to-unknown")]
    assert problems_of("A\tR\t1\nB\tR\t1\t\t\tZ\t0,2\n") == [(2, 6, "back_to", "back-to-unknown")]


@pytest.mark.parametrize(
    "hostile",
    ["", "\n\n\t\t\n", "\x00\x01\x02", '"unterminated\tquote\n', "Steg\tRoll\n", "=1+1\t\t\t\t"],
)
def test_hostile_text_is_refused_or_read_without_crashing(hostile: str):
    try:
        result = parse_steps(hostile)
    except StepListError as exc:
        assert exc.problems and all(p.code for p in exc.problems)
    else:
        assert all(s.name for s in result.steps)


def test_formula_text_stays_plain_text():
    assert parse_steps("=HYPERLINK(1)\tR\t1").steps[0].name == "=HYPERLINK(1)"


def test_more_steps_than_the_limit_are_refused():
    text = "\n".join(f"Steg {i}\tR\t1" for i in range(MAX_STEPS + 1))
    assert problems_of(text) == [(0, 0, "", "too-many")]


def test_a_too_long_name_is_refused():
    assert problems_of("x" * 400) == [(1, 1, "name", "name-too-long")]


def xlsx(rows: list[list[object]], percent_column: int | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    if percent_column is not None:
        for cell in sheet.iter_cols(min_col=percent_column, max_col=percent_column, min_row=2):
            for c in cell:
                c.number_format = "0%"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_xlsx_with_numbers_and_percent_cells_is_read():
    data = xlsx(
        [["Steg", "Roll", "Minuter", "Bara i"], ["Ta emot", "Reg", 5, None],
         ["Intyg", "Handl", 20.5, 0.4]],
        percent_column=4,
    )  # fmt: skip
    steps = read_steps(data, "steg.xlsx").steps
    assert [(s.name, s.touch_minutes, s.share) for s in steps] == [
        ("Ta emot", 5.0, None), ("Intyg", 20.5, 0.4),
    ]  # fmt: skip


def test_an_xlsx_error_names_the_file_and_cell():
    data = xlsx([["Steg", "Roll", "Minuter"], ["Ta emot", "Reg", "fem"]])
    with pytest.raises(StepListError) as caught:
        read_steps(data, "steg.xlsx")
    assert str(caught.value).startswith("steg.xlsx: line 2, column 3: “fem”")


def test_a_file_that_is_not_a_workbook_is_refused():
    with pytest.raises(StepListError) as caught:
        read_steps(b"PK\x03\x04 not really a zip", "steg.xlsx")
    assert caught.value.problems[0].code == "not-xlsx"


def test_a_zip_that_unpacks_to_too_much_is_refused_before_parsing():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 25_000_000)
    with pytest.raises(StepListError) as caught:
        read_steps(out.getvalue(), "bomb.xlsx")
    assert caught.value.problems[0].code == "too-large"


def test_windows_1252_and_utf16_csv_files_are_read():
    text = "Steg;Roll;Minuter\nHämta intyg;Handläggare;20\n"
    for data in (text.encode("cp1252"), text.encode("utf-16")):
        assert read_steps(data, "steg.csv").steps[0].role == "Handläggare"


def test_other_file_kinds_are_refused_by_name():
    with pytest.raises(StepListError) as caught:
        read_steps(b"x", "steg.pdf")
    assert caught.value.problems[0].code == "unknown-format"
