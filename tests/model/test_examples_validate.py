"""Every example case file (examples/*/*.yaml, whoever wrote it) is valid, documented and labelled,
and the pilot cases contain what PILOTS.md asks of them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from verksam.formats.casefile import json_schema, load_case, parse_case
from verksam.model import Case

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*/*.yaml")) + sorted(
    (ROOT / "examples").glob("*/*.json")
)
LANGUAGE = {"SE": "sv", "NO": "nb"}


def example_id(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def load(name: str) -> Case:
    return load_case(ROOT / "examples" / name)


def test_the_pilot_cases_are_there():
    names = {example_id(p) for p in EXAMPLES}
    assert {"sorsele/case.yaml", "bodo/case.yaml", "storuman/case.yaml"} <= names


@pytest.mark.parametrize("path", EXAMPLES, ids=example_id)
def test_example_has_no_errors(path: Path):
    case, problems = parse_case(path.read_text(encoding="utf-8"), name=str(path))
    assert case is not None
    assert [str(p) for p in problems if p.severity == "error"] == []


@pytest.mark.parametrize("path", EXAMPLES, ids=example_id)
def test_example_is_labelled_documented_and_in_its_own_language(path: Path):
    case = load_case(path)
    assert case.illustrative.strip(), "say what in the case is made up"
    assert case.organisation
    assert (path.parent / "README.md").is_file()
    assert case.settings.effective_language == LANGUAGE[case.settings.country]


@pytest.mark.parametrize("name", ["sorsele/case.yaml", "bodo/case.yaml", "storuman/case.yaml"])
def test_own_pilot_cases_have_no_warnings_either(name: str):
    path = ROOT / "examples" / name
    _case, problems = parse_case(path.read_text(encoding="utf-8"), name=name)
    assert [str(p) for p in problems] == []


@pytest.mark.parametrize("path", EXAMPLES, ids=example_id)
def test_example_matches_the_published_json_schema(path: Path):
    jsonschema_rs = pytest.importorskip("jsonschema_rs")
    validator = jsonschema_rs.validator_for(json_schema())
    data = load_case(path).model_dump(mode="json", exclude_defaults=True)
    assert [e.message for e in validator.iter_errors(data)] == []


def test_sorsele_goal_hierarchy_is_the_adopted_one():
    case = load("sorsele/case.yaml")
    vision = case.vision
    assert vision is not None
    assert vision.statement.startswith("Ett livskraftigt Sorsele")
    assert vision.adopted == dt.date(2014, 4, 15)
    assert vision.adopted_by == "Kommunstyrelsen"
    goals = {g.id: g for g in vision.goals}
    (top,) = [g for g in vision.goals if g.parent is None]
    assert top.level == "overarching"
    operations = sorted(g.name for g in vision.goals if g.parent == top.id)
    assert [name.split()[0] for name in operations] == ["3a", "3b", "3c", "3d", "3e", "3f"]
    quantitative = [g for g in vision.goals if g.kind == "quantitative"]
    assert quantitative
    for goal in quantitative:
        assert goal.indicator and goal.unit and goal.target is not None and goal.deadline
        assert goals[goal.parent or ""].kind == "qualitative"
    assert any(len(g.measurements) >= 3 for g in quantitative)
    assert any(p.causes for p in vision.problems) and vision.associations
    assert case.effect_map and case.effect_map.deliverables
    assert case.services and case.services[0].promise


def test_bodo_sequence_hands_information_between_departments():
    case = load("bodo/case.yaml")
    assert case.behaviour is not None
    (sequence,) = case.behaviour.sequences
    units = {p.id for p in sequence.participants}
    assert {"soker", "servicetorget", "arkiv", "byggesak", "plan"} <= units
    assert len({(m.source, m.target) for m in sequence.messages}) >= 8
    assert sum(1 for m in sequence.messages if m.information) >= 8
    (machine,) = case.behaviour.state_machines
    assert {s.kind for s in machine.states} == {"initial", "normal", "final"}
    variant = case.process("byggesaksbehandling").variant("as-is")
    assert {lane.stage for lane in variant.lanes} == {
        "citizen",
        "front-stage",
        "back-stage",
        "support",
    }
    activities = [n for n in variant.nodes if n.type == "task"]
    assert all(n.lane for n in activities)
    assert sum(1 for n in activities if n.reads or n.writes) == len(activities)
    assert all(r.fte and r.cost_per_hour for r in case.structure.roles if not r.external)  # type: ignore[union-attr]


def test_storuman_variants_share_ids_and_differ_in_the_right_direction():
    case = load("storuman/case.yaml")
    process = case.process("elevtransport")
    as_is, to_be = process.variant("as-is"), process.variant("to-be")
    assert to_be.based_on == "as-is"
    common = {n.id for n in as_is.nodes} & {n.id for n in to_be.nodes}
    assert {"bedoma-ratt", "bestalla-transport", "planera-tur", "attestera"} <= common
    for variant in (as_is, to_be):
        assert variant.volume_per_year
        assert any(n.type == "and" for n in variant.nodes)
        assert any(n.value_adding for n in variant.nodes)
        lanes = {lane.id: lane for lane in variant.lanes}
        assert len(lanes) == 6 and all(lane.role for lane in lanes.values())
    touch = {v.id: sum(n.touch_minutes for n in v.nodes) for v in (as_is, to_be)}
    assert touch["to-be"] < touch["as-is"]
    assert (
        len([n for n in to_be.nodes if n.systems]) > len([n for n in as_is.nodes if n.systems]) / 2
    )
    assert process.trigger and process.inputs and process.outputs
    assert process.supplies and process.controls and process.goals


def test_the_comparison_municipality_has_the_same_kind_of_process():
    storuman = load("storuman/case.yaml").process("elevtransport")
    other = load("storuman/other-municipality.yaml")
    assert "illustrat" in other.illustrative.lower() or "påhittad" in other.illustrative.lower()
    assert [p.category for p in other.processes] == [storuman.category]
