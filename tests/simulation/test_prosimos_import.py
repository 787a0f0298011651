"""Prosimos models (BPMN + JSON parameters) import into cases that keep their flow, pools, durations,
branch probabilities and calendars; what cannot be kept is refused by name."""

import copy
import json
from pathlib import Path

import pytest

from verksam.model.validation import errors, validate
from verksam.simulation import simulate
from verksam.simulation.prosimos import ProsimosError, import_prosimos

MODELS = Path(__file__).parent / "prosimos_models"


def load(name: str):
    return import_prosimos(MODELS / f"{name}.bpmn", MODELS / f"{name}.json")


@pytest.mark.parametrize("name", ["sequential", "loop_and", "calendars"])
def test_each_model_imports_into_a_valid_case_that_simulates(name):
    imported = load(name)
    assert errors(validate(imported.case)) == []
    summary = simulate(imported.case, imported.process_id, cases=300, seed=1)
    assert summary["cycle_time_hours"]["mean"].value > 0


def test_pools_become_roles_with_their_amount_cost_and_lane():
    case = load("sequential").case
    roles = {r.id: r for r in case.structure.roles}
    assert (roles["clerks"].capacity, roles["officers"].capacity, roles["managers"].capacity) == (
        2,
        3,
        1,
    )
    assert roles["officers"].cost_per_hour == 600
    variant = case.processes[0].variants[0]
    assert variant.node("assess").lane == "officers"
    assert {lane.role for lane in variant.lanes} == {"clerks", "officers", "managers"}


def test_durations_and_intervals_become_minutes():
    variant = load("sequential").case.processes[0].variants[0]
    assess = variant.node("assess").duration
    assert (assess.kind, assess.mean, assess.sd) == ("normal", 20.0, 5.0)
    decide = variant.node("decide").duration
    assert (decide.kind, decide.min, decide.max) == ("uniform", 5.0, 15.0)
    assert variant.node("assess").touch_minutes == 20.0
    assert variant.arrivals.interval.kind == "exponential"
    assert variant.arrivals.interval.mean == 12.0


def test_branch_probabilities_land_on_the_flows():
    variant = load("loop_and").case.processes[0].variants[0]
    probabilities = {f.id: f.probability for f in variant.outgoing("x_complete")}
    assert probabilities == {"f05_incomplete": 0.25, "f07_complete": 0.75}
    assert sum(1 for n in variant.nodes if n.type == "task") == 11


def test_working_hours_become_calendars_and_round_the_clock_ones_vanish():
    case = load("calendars").case
    (calendar,) = case.calendars
    assert sorted(h.weekday for h in calendar.hours) == [0, 1, 2, 3, 4]
    assert all(h.start.hour == 8 and h.end.hour == 16 for h in calendar.hours)
    assert {r.calendar for r in case.structure.roles} == {calendar.id}
    assert load("sequential").case.calendars == []
    assert load("sequential").case.processes[0].variants[0].arrivals.calendar is None


def write_params(tmp_path, change) -> Path:
    data = json.loads((MODELS / "loop_and.json").read_text())
    change(data)
    path = tmp_path / "params.json"
    path.write_text(json.dumps(data))
    return path


def refused(tmp_path, change, bpmn: Path = MODELS / "loop_and.bpmn") -> str:
    with pytest.raises(ProsimosError) as info:
        import_prosimos(bpmn, write_params(tmp_path, change))
    return str(info.value)


def test_unsupported_distribution_is_refused_naming_the_task(tmp_path):
    def gamma(data):
        data["task_resource_distribution"][3]["resources"][0]["distribution_name"] = "gamma"

    message = refused(tmp_path, gamma)
    assert "task_resource_distribution[3]" in message and "'gamma'" in message


def test_a_task_shared_by_two_pools_is_refused(tmp_path):
    def share(data):
        data["task_resource_distribution"][0]["resources"].append(
            copy.deepcopy(data["task_resource_distribution"][3]["resources"][0])
        )

    assert "several pools" in refused(tmp_path, share)


def test_missing_sections_and_unknown_references_are_named(tmp_path):
    assert "no 'resource_profiles' section" in refused(
        tmp_path, lambda d: d.pop("resource_profiles")
    )

    def bad_calendar(data):
        data["resource_profiles"][0]["resource_list"][0]["calendar"] = "nope"

    assert "unknown calendar 'nope'" in refused(tmp_path, bad_calendar)

    def no_task(data):
        data["task_resource_distribution"].pop(0)

    assert "task 'register'" in refused(tmp_path, no_task)


def test_bad_xml_and_bad_json_are_refused_with_the_file_name(tmp_path):
    bpmn = tmp_path / "bad.bpmn"
    bpmn.write_text("<definitions><process>")
    with pytest.raises(ProsimosError, match=r"bad\.bpmn"):
        import_prosimos(bpmn, MODELS / "loop_and.json")
    params = tmp_path / "bad.json"
    params.write_text("{")
    with pytest.raises(ProsimosError, match=r"bad\.json: not valid JSON"):
        import_prosimos(MODELS / "loop_and.bpmn", params)


def test_entities_in_the_bpmn_are_not_expanded(tmp_path):
    bomb = tmp_path / "bomb.bpmn"
    bomb.write_text(
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        '<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"><process id="p">'
        '<task id="t" name="&b;"/></process></definitions>'
    )
    with pytest.raises(ProsimosError):
        import_prosimos(bomb, MODELS / "loop_and.json")


def test_a_model_that_could_not_be_simulated_is_refused(tmp_path):
    def bad_probabilities(data):
        data["gateway_branching_probabilities"][0]["probabilities"][0]["value"] = 0.5

    message = refused(tmp_path, bad_probabilities)
    assert "x_complete" in message and "sum to 1.25" in message

    def endless_loop(data):
        probabilities = data["gateway_branching_probabilities"][0]["probabilities"]
        probabilities[0]["value"], probabilities[1]["value"] = 1.0, 0.0

    assert "no path from" in refused(tmp_path, endless_loop)


def test_intermediate_events_wait_their_mean_time(tmp_path):
    bpmn = tmp_path / "timer.bpmn"
    text = (MODELS / "sequential.bpmn").read_text()
    text = text.replace(
        '<task id="assess"',
        '<intermediateCatchEvent id="post" name="Letter in the post" />\n    <task id="assess"',
    ).replace('sourceRef="register" targetRef="assess"', 'sourceRef="register" targetRef="post"')
    text = text.replace(
        "  </process>",
        '    <sequenceFlow id="f2b" sourceRef="post" targetRef="assess" />\n  </process>',
    )
    bpmn.write_text(text)
    data = json.loads((MODELS / "sequential.json").read_text())
    data["event_distribution"] = [
        {"event_id": "post", "distribution_name": "expon",
         "distribution_params": [{"value": 7200}, {"value": 0}, {"value": 1e7}]}
    ]  # fmt: skip
    params = tmp_path / "timer.json"
    params.write_text(json.dumps(data))
    imported = import_prosimos(bpmn, params)
    post = imported.case.processes[0].variants[0].node("post")
    assert (post.type, post.waiting_hours) == ("event", 2.0)
    assert any("'post' waits its mean time" in note for note in imported.notes)
