"""The case-file commands: `verksam new`, `validate`, `info` and `schema`, their output and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from verksam.cli import app
from verksam.formats.casefile import load_case
from verksam.model import Case

ROOT = Path(__file__).resolve().parents[2]
STORUMAN = ROOT / "examples" / "storuman" / "case.yaml"

BROKEN = """\
id: elevtransport
name: Elevtransport
processes:
  - id: elevtransport
    variants:
      - id: as-is
        nodes:
          - {id: start, type: start}
          - {id: bestalla}
          - {id: slut, type: end}
        flows:
          - {source: start, target: bestalla}
          - {source: bestalla, target: bestall}
"""


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def line_col(text: str, needle: str) -> str:
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return f"{number}:{line.index(needle) + 1}"
    raise AssertionError(needle)


# --- new ---------------------------------------------------------------------------------------


def test_new_writes_a_valid_starter_case(tmp_path: Path):
    target = tmp_path / "elevtransport.yaml"
    code, out, _ = run("new", "Elevtransport Storuman", "-o", str(target))
    assert code == 0
    assert str(target) in out
    case = load_case(target)
    assert (case.id, case.name, case.settings.country) == (
        "elevtransport-storuman",
        "Elevtransport Storuman",
        "SE",
    )
    assert run("validate", str(target))[0] == 0


def test_new_names_the_file_after_the_case(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    code, _, _ = run("new", "Byggesak Bodø", "--country", "NO")
    assert code == 0
    case = load_case(tmp_path / "byggesak-bodo.yaml")
    assert case.settings.country == "NO"
    assert case.settings.effective_currency == "NOK"


def test_new_refuses_to_overwrite_without_force(tmp_path: Path):
    target = tmp_path / "case.yaml"
    target.write_text("keep me\n", encoding="utf-8")
    code, _, err = run("new", "Elevtransport", "-o", str(target))
    assert code == 1
    assert "exists" in err
    assert target.read_text(encoding="utf-8") == "keep me\n"
    assert run("new", "Elevtransport", "-o", str(target), "--force")[0] == 0
    assert load_case(target).name == "Elevtransport"


def test_new_refuses_an_unknown_country(tmp_path: Path):
    code, _, err = run("new", "X", "-o", str(tmp_path / "x.yaml"), "--country", "DK")
    assert code == 2
    assert "SE or NO" in err
    assert not (tmp_path / "x.yaml").exists()


# --- validate ----------------------------------------------------------------------------------


def test_validate_is_silent_and_succeeds_on_valid_files():
    examples = [str(p) for p in sorted((ROOT / "examples").glob("*/*.yaml"))]
    code, out, _ = run("validate", *examples)
    assert (code, out) == (0, "")


def test_validate_prints_file_line_column_path_and_message(tmp_path: Path):
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    code, out, _ = run("validate", str(path))
    assert code == 1
    assert out.splitlines() == [
        f"{path}:{line_col(BROKEN, 'target: bestall}')}: "
        "processes.elevtransport.variants.as-is.flows[1].target: unknown element 'bestall'",
        f"{path}:{line_col(BROKEN, '{id: start')}: "
        "processes.elevtransport.variants.as-is.nodes[0]: there is no path from 'start' "
        "to an end event (flows with probability 0 do not count)",
        f"{path}:{line_col(BROKEN, '{id: bestalla}')}: "
        "processes.elevtransport.variants.as-is.nodes[1]: "
        "'bestalla' has no outgoing flow",
        f"{path}:{line_col(BROKEN, '{id: slut')}: "
        "processes.elevtransport.variants.as-is.nodes[2]: "
        "'slut' cannot be reached from a start event",
    ]


def test_validate_json_without_lines_prints_file_path_and_message(tmp_path: Path):
    data = load_case(STORUMAN).model_dump(mode="json", exclude_defaults=True)
    data["processes"][0]["variants"][1]["flows"][3]["target"] = "bestall"
    path = tmp_path / "storuman.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    code, out, _ = run("validate", str(path))
    assert code == 1
    assert (
        f"{path}: processes.elevtransport.variants.to-be.flows[3].target: unknown element 'bestall'"
    ) in out.splitlines()


def test_validate_reports_syntax_errors_with_line_and_column(tmp_path: Path):
    path = tmp_path / "syntax.yaml"
    path.write_text("id: a\nname: [b\n", encoding="utf-8")
    code, out, _ = run("validate", str(path))
    assert code == 1
    assert out == f"{path}:3:1: YAML syntax error: expected ',' or ']', but got '<stream end>'\n"


def test_validate_fails_if_any_file_fails_and_reports_each(tmp_path: Path):
    good = tmp_path / "good.yaml"
    bad = tmp_path / "bad.yaml"
    good.write_text(STORUMAN.read_text(encoding="utf-8"), encoding="utf-8")
    bad.write_text("id: a\n", encoding="utf-8")
    code, out, _ = run("validate", str(good), str(bad), str(tmp_path / "missing.yaml"))
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == f"{bad}:1:1: name: required field is missing"
    assert lines[1].startswith(f"{tmp_path / 'missing.yaml'}: cannot read the file: ")
    assert len(lines) == 2


def test_validate_shows_warnings_but_succeeds(tmp_path: Path):
    text = BROKEN.replace("target: bestall}", "target: slut}")
    text = text.replace("{id: bestalla}", "{id: bestalla, type: xor}")
    text += "          - {source: bestalla, target: slut}\n"
    path = tmp_path / "warn.yaml"
    path.write_text(text, encoding="utf-8")
    code, out, _ = run("validate", str(path))
    assert code == 0
    assert out.splitlines() == [
        f"{path}:{line_col(text, '{id: bestalla')}: warning: "
        "processes.elevtransport.variants.as-is.nodes[1]: split 'bestalla' has 2 outgoing flows "
        "without probabilities; an even split is assumed"
    ]
    assert run("validate", "--no-warnings", str(path))[:2] == (0, "")


# --- info --------------------------------------------------------------------------------------


def test_info_summarises_the_case():
    code, out, _ = run("info", str(STORUMAN))
    assert code == 0
    out = " ".join(out.split())  # rich wraps the table and long lines to the terminal
    case = load_case(STORUMAN)
    assert case.name in out and case.organisation in out
    assert "SE, SEK, language sv" in out
    assert "to-be" in out and "260 cases/year" in out


def test_info_json_lists_every_view_with_ids_and_names():
    code, out, _ = run("info", "--json", str(STORUMAN))
    assert code == 0
    data = json.loads(out)
    case = load_case(STORUMAN)
    assert (data["id"], data["name"], data["organisation"]) == (
        case.id,
        case.name,
        case.organisation,
    )
    assert data["settings"]["currency"] == "SEK"
    expected: dict[str, list[str]] = {}
    for kind, element in case.elements():
        if kind != "process":
            expected.setdefault(kind, []).append(element.id)
    assert {k: [e["id"] for e in v] for k, v in data["elements"].items()} == expected
    assert [(p["id"], [v["id"] for v in p["variants"]]) for p in data["processes"]] == [
        ("elevtransport", ["as-is", "to-be", "to-be-e-tjanst"]),
        ("upphandling-skolskjuts", ["as-is"]),
    ]
    as_is = data["processes"][0]["variants"][0]
    assert as_is["activities"] == sum(
        1 for n in case.process("elevtransport").variant("as-is").nodes if n.type == "task"
    )


def test_info_still_shows_a_case_with_broken_references(tmp_path: Path):
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    code, out, _ = run("info", "--json", str(path))
    assert code == 0
    assert json.loads(out)["processes"][0]["id"] == "elevtransport"


def test_info_on_an_unreadable_case_fails_with_the_problem(tmp_path: Path):
    path = tmp_path / "bad.yaml"
    path.write_text("id: a\n", encoding="utf-8")
    code, out, err = run("info", str(path))
    assert code == 1
    assert out == ""
    assert f"{path}:1:1: name: required field is missing" in err


# --- schema ------------------------------------------------------------------------------------


def test_schema_is_json_schema_for_every_case_field():
    code, out, _ = run("schema")
    assert code == 0
    schema = json.loads(out)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert set(schema["properties"]) == set(Case.model_fields)
    assert set(schema["required"]) == {"id", "name"}
    assert schema["additionalProperties"] is False


def test_new_into_a_missing_folder_fails_cleanly(tmp_path: Path):
    target = tmp_path / "no-such-folder" / "case.yaml"
    code, _out, err = run("new", "Elevtransport", "-o", str(target))
    assert code == 1
    assert err.startswith(f"{target}: cannot write the file: ")
    assert not target.parent.exists()
