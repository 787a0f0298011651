"""The `verksam mine` command: JSON keys, tables, map, export, case file checks, clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from verksam.cli import app
from verksam.formats.casefile import save_case
from verksam.model import (
    Case,
    Flow,
    Node,
    Process,
    Promise,
    Role,
    ServiceDeclaration,
    Settings,
    Structure,
    Unit,
    Variant,
)

runner = CliRunner()

LOG = """case,activity,timestamp,resource
1,Receive,2024-03-04 08:00,front
1,Assess,2024-03-05 09:00,officer
1,Decide,2024-03-06 10:00,officer
2,Receive,2024-03-04 09:00,front
2,Decide,2024-03-12 10:00,officer
3,Receive,2024-03-05 09:00,front
3,Assess,2024-03-05 11:00,officer
3,Phone,2024-03-05 12:00,officer
3,Decide,2024-03-06 12:00,officer
"""


@pytest.fixture
def log_file(tmp_path: Path) -> Path:
    path = tmp_path / "log.csv"
    path.write_text(LOG, encoding="utf-8")
    return path


@pytest.fixture
def case_file(tmp_path: Path) -> Path:
    nodes = [
        Node(id="start", type="start"),
        Node(id="receive", name="Receive"),
        Node(id="assess", name="Assess"),
        Node(id="decide", name="Decide"),
        Node(id="end", type="end"),
    ]
    flows = [
        Flow(source=a, target=b)
        for a, b in [
            ("start", "receive"),
            ("receive", "assess"),
            ("assess", "decide"),
            ("decide", "end"),
        ]
    ]
    case = Case(
        id="permits",
        name="Permits",
        settings=Settings(country="SE"),
        structure=Structure(
            units=[Unit(id="desk", name="Service desk"), Unit(id="office", name="Permit office")],
            roles=[
                Role(id="front", name="Front desk", unit="desk"),
                Role(id="officer", name="Officer", unit="office"),
            ],
        ),
        processes=[
            Process(
                id="permit",
                name="Permit",
                variants=[Variant(id="as-is", name="As is", nodes=nodes, flows=flows)],
            )
        ],
        services=[
            ServiceDeclaration(
                id="decision",
                name="Decision within 3 working days",
                process="permit",
                promise=Promise(
                    start="receive", end="decide", limit=3, unit="working-days", target_share=0.9
                ),
            )
        ],
    )
    path = tmp_path / "case.yaml"
    save_case(case, path)
    return path


def test_json_output_has_the_documented_keys(log_file: Path):
    result = runner.invoke(app, ["mine", str(log_file), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    for key in (
        "events",
        "cases",
        "activities",
        "start_activities",
        "end_activities",
        "dfg",
        "variants",
        "case_duration_seconds",
    ):
        assert key in data
    assert (data["events"], data["cases"]) == (9, 3)
    assert data["activities"]["Decide"] == {"events": 3, "cases": 3, "resources": 1}
    assert data["start_activities"] == {"Receive": 3}
    assert set(data["dfg"][0]) >= {"source", "target", "count", "mean_seconds", "median_seconds"}
    counts = [v["count"] for v in data["variants"]]
    assert counts == sorted(counts, reverse=True)
    assert set(data["case_duration_seconds"]) == {"mean", "median", "p90", "max"}
    assert data["case_duration_seconds"]["max"] == 8 * 86400 + 3600  # case 2
    assert data["handoffs"]["resources"] == [
        {
            "source": "front",
            "target": "officer",
            "count": 3,
            "mean_seconds": pytest.approx((25 + 193 + 2) * 3600 / 3),
            "cases": 3,
        }
    ]


def test_human_output_shows_tables(log_file: Path):
    result = runner.invoke(app, ["mine", str(log_file), "--top", "3"])
    assert result.exit_code == 0, result.output
    assert "9 events in 3 cases" in result.output
    assert "Most frequent paths" in result.output


def test_case_file_adds_conformance_services_and_unit_handoffs(log_file: Path, case_file: Path):
    result = runner.invoke(app, ["mine", str(log_file), "--json", "--case-file", str(case_file)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    conf = data["conformance"]
    assert conf["cases"] == 3 and conf["fitting_cases"] == 1
    assert conf["log_only_activities"] == [{"activity": "Phone", "events": 1}]
    assert {"source": "Receive", "target": "Decide", "count": 1} in conf["log_only_paths"]
    (service,) = data["services"]
    # case 1: Mon→Wed = 2 working days, case 3: Tue→Wed = 1, case 2: Mon→Tue next week = 6
    assert (service["cases"], service["kept"], service["met"]) == (3, 2, False)
    assert data["handoffs"]["units"][0]["source"] == "Service desk"
    assert data["handoffs"]["units"][0]["target"] == "Permit office"


def test_map_is_drawn_in_both_modes(log_file: Path, tmp_path: Path):
    for mode in ("frequency", "performance"):
        svg = tmp_path / f"{mode}.svg"
        result = runner.invoke(app, ["mine", str(log_file), "--map", str(svg), "--mode", mode])
        assert result.exit_code == 0, result.output
        text = svg.read_text(encoding="utf-8")
        assert "<svg" in text and "Assess" in text


def test_export_and_reimport_give_the_same_numbers(log_file: Path, tmp_path: Path):
    before = json.loads(runner.invoke(app, ["mine", str(log_file), "--json"]).output)
    for name in ("copy.parquet", "copy.csv", "copy.xes.gz"):
        target = tmp_path / name
        assert runner.invoke(app, ["mine", str(log_file), "--export", str(target)]).exit_code == 0
        after = json.loads(runner.invoke(app, ["mine", str(target), "--json"]).output)
        assert after["dfg"] == before["dfg"], name
        assert after["variants"] == before["variants"], name


def test_filters_on_the_command_line(log_file: Path):
    data = json.loads(
        runner.invoke(app, ["mine", str(log_file), "--json", "--top-variants", "1"]).output
    )
    assert data["cases"] == 1
    data = json.loads(
        runner.invoke(
            app, ["mine", str(log_file), "--json", "--from", "2024-03-05", "--window", "started"]
        ).output
    )
    assert data["cases"] == 1
    data = json.loads(
        runner.invoke(app, ["mine", str(log_file), "--json", "--min-activity", "2"]).output
    )
    assert "Phone" not in data["activities"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--case", "nope"], "no column 'nope'"),
        (["--pseudonymise"], "needs a secret key"),
        (["--from", "someday"], "is not a date"),
        (["--mode", "pretty", "--map", "x.svg"], "frequency or performance"),
    ],
)
def test_errors_are_clear_messages_not_tracebacks(log_file: Path, args, message, monkeypatch):
    monkeypatch.delenv("VERKSAM_PSEUDONYM_KEY", raising=False)
    result = runner.invoke(app, ["mine", str(log_file), *args])
    assert result.exit_code == 1
    assert message in " ".join(result.output.split())
    assert "Traceback" not in result.output


def test_unparsable_timestamp_names_the_line(tmp_path: Path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "case,activity,timestamp\n1,a,2024-03-04 08:00\n1,b,04/31/2024 10:00\n", encoding="utf-8"
    )
    result = runner.invoke(app, ["mine", str(path)])
    assert result.exit_code == 1
    assert "line 3" in result.output


def test_pseudonymised_export_without_the_dropped_column(
    log_file: Path, tmp_path: Path, monkeypatch
):
    import polars as pl

    monkeypatch.setenv("VERKSAM_PSEUDONYM_KEY", "a-key-long-enough-for-tests")
    target = tmp_path / "safe.parquet"
    args = ["mine", str(log_file), "--pseudonymise", "--drop", "resource", "--export", str(target)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    frame = pl.read_parquet(target)
    assert "resource" not in frame.columns
    assert not set(frame["case"].cast(pl.String)) & {"1", "2", "3"}
    assert runner.invoke(app, ["mine", str(log_file), "--drop", "nope"]).exit_code == 1


def test_csv_export_keeps_text_that_starts_like_a_formula_as_text(tmp_path: Path):
    log = tmp_path / "hostile.csv"
    log.write_text(
        "case,activity,timestamp,resource\n"
        "1,=1+1,2024-03-04 08:00,@front\n"
        "1,-2+3,2024-03-05 09:00,-7\n",
        encoding="utf-8",
    )
    target = tmp_path / "copy.csv"
    assert runner.invoke(app, ["mine", str(log), "--export", str(target)]).exit_code == 0
    written = pl.read_csv(target, infer_schema=False)
    assert written["activity"].to_list() == ["'=1+1", "'-2+3"]
    assert written["resource"].to_list() == ["'@front", "-7"]  # -7 is a number: left as it is
    again = json.loads(runner.invoke(app, ["mine", str(target), "--json"]).output)
    assert set(again["activities"]) == {"=1+1", "-2+3"}
