"""Service declarations on a log: working days with Swedish/Norwegian holidays, months, worst cases."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from verksam.mining.log import canonical
from verksam.mining.services import check_declaration, elapsed, public_holidays
from verksam.model import Promise, ServiceDeclaration


def log(rows: list[tuple[str, str, dt.datetime]]) -> pl.LazyFrame:
    frame = pl.DataFrame(
        {
            "case": [r[0] for r in rows],
            "activity": [r[1] for r in rows],
            "timestamp": [r[2] for r in rows],
        },
        schema_overrides={"timestamp": pl.Datetime("us")},
    )
    return canonical(frame.lazy())


ROWS = [
    # A: Tuesday 30 April to Thursday 2 May 2024; 1 May is a public holiday in Sweden.
    ("A", "received", dt.datetime(2024, 4, 30, 9)),
    ("A", "decided", dt.datetime(2024, 5, 2, 10)),
    # B: Friday 3 May to Wednesday 8 May: Friday, Monday, Tuesday = 3 working days.
    ("B", "received", dt.datetime(2024, 5, 3, 9)),
    ("B", "note", dt.datetime(2024, 5, 6, 9)),
    ("B", "decided", dt.datetime(2024, 5, 8, 9)),
    # C: received, never decided (open). D: never received (not measured).
    ("C", "received", dt.datetime(2024, 6, 3, 9)),
    ("D", "decided", dt.datetime(2024, 6, 3, 9)),
]


def declaration(unit: str = "working-days", limit: float = 2) -> ServiceDeclaration:
    promise = Promise(start="received", end="decided", limit=limit, unit=unit, target_share=0.8)  # type: ignore[arg-type]
    return ServiceDeclaration(id="answer", name="Answer in two days", promise=promise)


def test_working_days_skip_weekends_and_holidays():
    result = check_declaration(log(ROWS), declaration(), timezone="UTC")
    assert (result["cases"], result["kept"], result["open"]) == (2, 1, 1)
    assert result["share"] == 0.5 and result["met"] is False
    assert result["per_month"] == [
        {"month": "2024-04", "cases": 1, "kept": 1, "share": 1.0},
        {"month": "2024-05", "cases": 1, "kept": 0, "share": 0.0},
    ]
    assert [(w["case"], w["elapsed"]) for w in result["worst_cases"]] == [("B", 3.0), ("A", 1.0)]


def test_calendar_days_and_hours():
    days = check_declaration(log(ROWS), declaration("calendar-days", 2), timezone="UTC")
    assert days["kept"] == 0  # A took 2 days and 1 hour
    hours = check_declaration(log(ROWS), declaration("hours", 49), timezone="UTC")
    assert hours["kept"] == 1


def test_norwegian_and_swedish_holidays_differ():
    # Thursday 16 May to Tuesday 21 May 2024: 17 May and Whit Monday are holidays in Norway only.
    rows = [
        ("N", "received", dt.datetime(2024, 5, 16, 9)),
        ("N", "decided", dt.datetime(2024, 5, 21, 9)),
    ]
    args = (["received"], ["decided"], "working-days")
    norway = elapsed(log(rows), *args, country="NO", timezone="UTC").collect()
    sweden = elapsed(log(rows), *args, country="SE", timezone="UTC").collect()
    assert norway["elapsed"].to_list() == [1.0]
    assert sweden["elapsed"].to_list() == [3.0]
    assert dt.date(2024, 5, 17) in public_holidays("NO", 2024, 2024)


def test_local_time_decides_the_day():
    # 23:30 UTC on 30 April is already 1 May in Stockholm, a holiday: the clock starts that day.
    rows = [
        ("L", "received", dt.datetime(2024, 4, 30, 23, 30)),
        ("L", "decided", dt.datetime(2024, 5, 3, 9)),
    ]
    local = elapsed(log(rows), ["received"], ["decided"], "working-days", country="SE").collect()
    utc = elapsed(log(rows), ["received"], ["decided"], "working-days", timezone="UTC").collect()
    assert local["elapsed"].to_list() == [1.0]  # 2 May only
    assert utc["elapsed"].to_list() == [2.0]  # 30 April and 2 May


def test_whole_case_when_the_promise_names_no_activities():
    promise = Promise(limit=10, unit="calendar-days")
    result = check_declaration(
        log(ROWS), ServiceDeclaration(id="all", promise=promise), timezone="UTC"
    )
    assert result["cases"] == 4 and result["kept"] == 4 and result["open"] == 0


def test_declaration_without_promise_is_refused():
    with pytest.raises(ValueError, match="no measurable promise"):
        check_declaration(log(ROWS), ServiceDeclaration(id="vague"))


def test_no_case_measured_gives_no_share():
    # X never reaches the start activity (which the log does record, for Y); Y never ends.
    rows = [
        ("X", "other", dt.datetime(2024, 5, 3, 9)),
        ("Y", "received", dt.datetime(2024, 5, 3, 9)),
    ]
    rows.append(("Z", "decided", dt.datetime(2024, 5, 3, 9)))
    result = check_declaration(log(rows), declaration(), timezone="UTC")
    assert (result["cases"], result["share"], result["met"], result["per_month"]) == (
        0,
        None,
        False,
        [],
    )
    assert result["open"] == 1


def test_a_log_with_node_names_and_no_start_event_measures_from_the_first_event():
    from verksam.mining.conformance import conformance
    from verksam.model import Flow, Node, Variant

    model = Variant(
        id="v",
        nodes=[
            Node(id="s", type="start", name="Application received"),
            Node(id="reg", name="Register"),
            Node(id="dec", name="Decide"),
            Node(id="e", type="end"),
        ],
        flows=[Flow(source="s", target="reg"), Flow(source="reg", target="dec"),
               Flow(source="dec", target="e")],
    )  # fmt: skip
    rows = [
        ("A", "Register", dt.datetime(2024, 5, 6, 9)),
        ("A", "Decide", dt.datetime(2024, 5, 7, 9)),
        ("B", "Register", dt.datetime(2024, 5, 6, 9)),
        ("B", "Decide", dt.datetime(2024, 5, 10, 9)),
    ]
    report, _ = conformance(log(rows), model)
    by_node: dict[str, list[str]] = {}
    for activity, node in report["mapping"].items():
        by_node.setdefault(node, []).append(activity)
    promise = Promise(start="s", end="dec", limit=2, target_share=0.5)
    result = check_declaration(
        log(rows), ServiceDeclaration(id="d", promise=promise), by_node, timezone="UTC"
    )
    assert (result["cases"], result["kept"]) == (2, 1)
    assert result["start_rule"] == "first-event"
    assert (result["end_rule"], result["end_activities"]) == ("activity", ["Decide"])


def test_a_promise_without_nodes_runs_from_first_to_last_event_and_says_so():
    promise = Promise(limit=10, unit="calendar-days")
    result = check_declaration(
        log(ROWS), ServiceDeclaration(id="d", promise=promise), timezone="UTC"
    )
    assert result["cases"] == 4
    assert (result["start_rule"], result["end_rule"]) == ("first-event", "last-event")
