"""Every kind of semantic problem is reported with the exact path, line and column of the culprit.

Each test breaks one thing in a small valid case (BASE) and looks for the full message line
`<case>:LINE:COL: PATH: MESSAGE`. Lines and columns are found in the broken text itself.
"""

from __future__ import annotations

import textwrap

import pytest

from verksam.formats.casefile import loads_case, parse_case
from verksam.model.validation import MESSAGES

BASE = textwrap.dedent(
    """\
    id: elevtransport-test
    name: Elevtransport
    vision:
      goals:
        - id: trygg-skjuts
          name: Trygga skolskjutsar
        - id: snabbt-beslut
          name: Snabbt beslut
          parent: trygg-skjuts
      problems:
        - id: papper
          blocks: [snabbt-beslut]
    effect_map:
      effect_goals:
        - id: farre-kompletteringar
          goal: snabbt-beslut
      target_groups:
        - id: vardnadshavare-grupp
          effect_goals: [farre-kompletteringar]
      needs:
        - id: enkel-ansokan
          target_group: vardnadshavare-grupp
      deliverables:
        - id: e-tjanst-leverans
          needs: [enkel-ansokan]
    structure:
      units:
        - id: forvaltning
          name: Utbildningsförvaltningen
        - id: skolskjutsenhet
          parent: forvaltning
      roles:
        - id: handlaggare
          name: Handläggare
          unit: forvaltning
          calendar: kontorstid
      systems:
        - id: e-tjanst
      information:
        - id: ansokan
          system: e-tjanst
    calendars:
      - id: kontorstid
        hours:
          - {weekday: 0, start: "08:00", end: "16:30"}
    processes:
      - id: elevtransport
        name: Elevtransport
        goals: [snabbt-beslut]
        inputs: [ansokan]
        owner: forvaltning
        variants:
          - id: as-is
            lanes:
              - {id: handlaggare, role: handlaggare, unit: forvaltning}
            nodes:
              - {id: start, type: start, lane: handlaggare}
              - {id: ta-emot, lane: handlaggare, touch_minutes: 10, reads: [ansokan]}
              - {id: komplett, type: xor, lane: handlaggare}
              - {id: komplettera, lane: handlaggare, touch_minutes: 5}
              - {id: bestalla, lane: handlaggare, touch_minutes: 20, systems: [e-tjanst]}
              - {id: slut, type: end, lane: handlaggare}
            flows:
              - {source: start, target: ta-emot}
              - {source: ta-emot, target: komplett}
              - {source: komplett, target: bestalla, probability: 0.8}
              - {source: komplett, target: komplettera, probability: 0.2}
              - {source: komplettera, target: ta-emot}
              - {source: bestalla, target: slut}
          - id: to-be
            kind: to-be
            based_on: as-is
            nodes:
              - {id: start, type: start}
              - {id: bestalla, touch_minutes: 5}
              - {id: slut, type: end}
            flows:
              - {source: start, target: bestalla}
              - {source: bestalla, target: slut}
    behaviour:
      sequences:
        - id: bestallning
          process: elevtransport
          participants:
            - {id: hl, ref: handlaggare}
            - {id: vh, name: Vårdnadshavare}
          messages:
            - {id: m1, source: vh, target: hl, information: ansokan}
            - {id: m2, source: hl, target: vh, kind: reply}
      state_machines:
        - id: ansokans-livslop
          object: ansokan
          states:
            - {id: ny, kind: initial}
            - {id: beslutad, kind: final}
          transitions:
            - {source: ny, target: beslutad}
    benefits:
      assumptions:
        - {id: kostnad-per-ar, value: 1000}
      benefits:
        - id: billigare
          formula: kostnad_per_ar * 0.5
          goals: [snabbt-beslut]
          derived_from: {process: elevtransport, baseline: as-is, target: to-be}
      costs:
        - {id: infor, amount: 100, year: 1, end_year: 2}
    services:
      - id: beslut-inom-tre-veckor
        process: elevtransport
        promise: {start: ta-emot, end: bestalla, limit: 15}
    """
)

VARIANT = "processes.elevtransport.variants.as-is"


def broken(old: str, new: str, text: str = BASE) -> str:
    assert text.count(old) == 1, f"{old!r} must occur exactly once"
    return text.replace(old, new)


def at(text: str, needle: str, after: str = "") -> str:
    """'LINE:COL' (1-based) of the first `needle` on a line after the first line holding `after`."""
    lines = text.splitlines()
    first = next(i for i, line in enumerate(lines) if after in line) if after else 0
    for number, line in enumerate(lines[first:], first + 1):
        if needle in line:
            return f"{number}:{line.index(needle) + 1}"
    raise AssertionError(f"{needle!r} is not in the text")


def reported(text: str) -> list[str]:
    """Every problem, errors and warnings, as the command prints them."""
    _case, problems = parse_case(text, name="<case>")
    return [str(p) for p in problems]


def test_base_case_is_valid_without_warnings():
    assert reported(BASE) == []


# (old text, new text, needle locating the culprit, path, message)
UNKNOWN_REFERENCES = [
    (
        "{source: komplett, target: komplettera, probability: 0.2}",
        "{source: komplett, target: bestall, probability: 0.2}",
        "target: bestall,",
        f"{VARIANT}.flows[3].target",
        "unknown element 'bestall'",
    ),
    (
        "{source: start, target: ta-emot}",
        "{source: borjan, target: ta-emot}",
        "source: borjan",
        f"{VARIANT}.flows[0].source",
        "unknown element 'borjan'",
    ),
    (
        "goals: [snabbt-beslut]\n    inputs",
        "goals: [snabb]\n    inputs",
        "snabb]",
        "processes.elevtransport.goals[0]",
        "unknown goal 'snabb'",
    ),
    (
        "inputs: [ansokan]",
        "inputs: [blankett]",
        "blankett",
        "processes.elevtransport.inputs[0]",
        "unknown resource or information or system 'blankett'",
    ),
    (
        "owner: forvaltning",
        "owner: skolan",
        "owner: skolan",
        "processes.elevtransport.owner",
        "unknown unit or role 'skolan'",
    ),
    (
        "{id: handlaggare, role: handlaggare, unit",
        "{id: handlaggare, role: handlaggar, unit",
        "role: handlaggar,",
        f"{VARIANT}.lanes[0].role",
        "unknown role 'handlaggar'",
    ),
    (
        "{id: komplettera, lane: handlaggare,",
        "{id: komplettera, lane: hl,",
        "lane: hl",
        f"{VARIANT}.nodes[3].lane",
        "unknown lane 'hl'",
    ),
    (
        "reads: [ansokan]",
        "reads: [ansokningar]",
        "ansokningar",
        f"{VARIANT}.nodes[1].reads[0]",
        "unknown information 'ansokningar'",
    ),
    (
        "systems: [e-tjanst]",
        "systems: [excel]",
        "excel",
        f"{VARIANT}.nodes[4].systems[0]",
        "unknown system 'excel'",
    ),
    (
        "based_on: as-is",
        "based_on: nulage",
        "based_on: nulage",
        "processes.elevtransport.variants.to-be.based_on",
        "unknown variant 'nulage'",
    ),
    (
        "parent: trygg-skjuts",
        "parent: trygga",
        "parent: trygga",
        "vision.goals[1].parent",
        "unknown goal 'trygga'",
    ),
    (
        "blocks: [snabbt-beslut]",
        "blocks: [snabbare]",
        "snabbare",
        "vision.problems[0].blocks[0]",
        "unknown goal 'snabbare'",
    ),
    (
        "target_group: vardnadshavare-grupp",
        "target_group: foraldrar",
        "target_group: foraldrar",
        "effect_map.needs[0].target_group",
        "unknown target group 'foraldrar'",
    ),
    (
        "      unit: forvaltning\n      calendar",
        "      unit: skolan\n      calendar",
        "unit: skolan",
        "structure.roles[0].unit",
        "unknown unit 'skolan'",
    ),
    (
        "calendar: kontorstid",
        "calendar: sommartid",
        "calendar: sommartid",
        "structure.roles[0].calendar",
        "unknown calendar 'sommartid'",
    ),
    (
        "system: e-tjanst",
        "system: e-tjansten",
        "system: e-tjansten",
        "structure.information[0].system",
        "unknown system 'e-tjansten'",
    ),
    (
        "{id: m2, source: hl, target: vh,",
        "{id: m2, source: hl, target: skola,",
        "target: skola",
        "behaviour.sequences[0].messages[1].target",
        "unknown participant 'skola'",
    ),
    (
        "{id: hl, ref: handlaggare}",
        "{id: hl, ref: rektor}",
        "ref: rektor",
        "behaviour.sequences[0].participants[0].ref",
        "unknown unit or role 'rektor'",
    ),
    (
        "{source: ny, target: beslutad}",
        "{source: ny, target: avslutad}",
        "target: avslutad",
        "behaviour.state_machines[0].transitions[0].target",
        "unknown state 'avslutad'",
    ),
    (
        "end: bestalla, limit",
        "end: bestall, limit",
        "end: bestall,",
        "services[0].promise.end",
        "unknown element 'bestall'",
    ),
    (
        "baseline: as-is, target: to-be}",
        "baseline: as-is, target: tobe}",
        "target: tobe",
        "benefits.benefits[0].derived_from.target",
        "unknown variant 'tobe'",
    ),
    (
        "target: to-be}",
        "target: to-be, measure: visits, activity: skicka}",
        "activity: skicka",
        "benefits.benefits[0].derived_from.activity",
        "unknown element 'skicka'",
    ),
    (
        "goals: [snabbt-beslut]\n      derived_from",
        "goals: [snabbare]\n      derived_from",
        "snabbare",
        "benefits.benefits[0].goals[0]",
        "unknown goal or effect goal 'snabbare'",
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "needle", "path", "message"),
    UNKNOWN_REFERENCES,
    ids=[row[3] for row in UNKNOWN_REFERENCES],
)
def test_unknown_reference_names_path_line_and_id(old, new, needle, path, message):
    text = broken(old, new)
    assert f"<case>:{at(text, needle)}: {path}: {message}" in reported(text)


def test_several_problems_are_reported_at_once():
    text = broken("reads: [ansokan]", "reads: [ansokningar]")
    text = broken("owner: forvaltning", "owner: skolan", text)
    text = broken("calendar: kontorstid", "calendar: sommartid", text)
    lines = reported(text)
    assert len(lines) == 3
    assert {line.split(": ", 2)[1] for line in lines} == {
        f"{VARIANT}.nodes[1].reads[0]",
        "processes.elevtransport.owner",
        "structure.roles[0].calendar",
    }


def test_duplicate_case_level_id_names_both_places():
    text = broken("  systems:\n    - id: e-tjanst", "  systems:\n    - id: forvaltning")
    lines = reported(text)
    assert (
        f"<case>:{at(text, 'id: forvaltning', after='systems:')}: structure.systems[0]: "
        "duplicate id 'forvaltning' (also used at structure.units[0])"
    ) in lines


# (old text, new text, repeated id, (needle, after) locating the repeat, its path, first use)
LOCAL_DUPLICATES = [
    (
        "{id: komplettera, lane",
        "{id: bestalla, lane",
        "bestalla",
        ("{id: bestalla, lane: handlaggare, touch_minutes: 20", ""),
        f"{VARIANT}.nodes[4]",
        f"{VARIANT}.nodes[3]",
    ),
    (
        "  - id: to-be\n",
        "  - id: as-is\n",
        "as-is",
        ("id: as-is", "{source: komplettera, target: ta-emot}"),
        "processes.elevtransport.variants[1]",
        "processes.elevtransport.variants[0]",
    ),
    (
        "{id: vh, name: Vårdnadshavare}",
        "{id: hl, name: Vårdnadshavare}",
        "hl",
        ("{id: hl, name", ""),
        "behaviour.sequences[0].participants[1]",
        "behaviour.sequences[0].participants[0]",
    ),
    (
        "{id: beslutad, kind: final}",
        "{id: ny, kind: final}",
        "ny",
        ("{id: ny, kind: final}", ""),
        "behaviour.state_machines[0].states[1]",
        "behaviour.state_machines[0].states[0]",
    ),
    (
        "- {source: start, target: bestalla}\n          - {source: bestalla, target: slut}\nbeh",
        "- {id: f1, source: start, target: bestalla}\n"
        "          - {id: f1, source: bestalla, target: slut}\nbeh",
        "f1",
        ("{id: f1, source: bestalla", ""),
        "processes.elevtransport.variants.to-be.flows[1]",
        "processes.elevtransport.variants.to-be.flows[0]",
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "ident", "place", "path", "first"),
    LOCAL_DUPLICATES,
    ids=[row[4] for row in LOCAL_DUPLICATES],
)
def test_duplicate_id_within_one_list_names_the_first_use(old, new, ident, place, path, first):
    text = broken(old, new)
    expected = f"<case>:{at(text, *place)}: {path}: duplicate id '{ident}' (also used at {first})"
    assert expected in reported(text)


def test_xor_probabilities_that_do_not_sum_to_one():
    text = broken("target: komplettera, probability: 0.2", "target: komplettera, probability: 0.3")
    assert reported(text) == [
        f"<case>:{at(text, '{id: komplett, type: xor')}: {VARIANT}.nodes[2]: "
        "branch probabilities of split 'komplett' sum to 1.1, not 1"
    ]


def test_one_probability_given_leaves_the_rest_to_the_other_branch():
    text = broken("target: komplettera, probability: 0.2}", "target: komplettera}")
    case, problems = parse_case(text, name="<case>")
    assert case is not None
    assert [(p.severity, str(p)) for p in problems] == [
        (
            "warning",
            f"<case>:{at(text, '{id: komplett, type: xor')}: {VARIANT}.nodes[2]: "
            "split 'komplett': the 1 outgoing flow(s) without a probability share the rest, "
            "20 % each",
        )
    ]


def test_partial_probabilities_that_leave_nothing_to_share_are_an_error():
    line = next(x for x in BASE.splitlines() if "{source: komplettera, target: ta-emot}" in x)
    text = broken(line, f"{line}\n{line.replace('komplettera, target', 'komplett, target')}")
    text = broken(
        "target: bestalla, probability: 0.8}", "target: bestalla, probability: 0.9}", text
    )
    assert reported(text) == [
        f"<case>:{at(text, '{id: komplett, type: xor')}: {VARIANT}.nodes[2]: "
        "split 'komplett': every outgoing flow needs a probability when one has one"
    ]


def test_missing_probabilities_are_only_a_warning():
    text = broken("target: bestalla, probability: 0.8}", "target: bestalla}")
    text = broken("target: komplettera, probability: 0.2}", "target: komplettera}", text)
    case, problems = parse_case(text, name="<case>")
    assert case is not None
    assert [(p.severity, str(p)) for p in problems] == [
        (
            "warning",
            f"<case>:{at(text, '{id: komplett, type: xor')}: {VARIANT}.nodes[2]: "
            "split 'komplett' has 2 outgoing flows without probabilities; "
            "an even split is assumed",
        )
    ]
    assert loads_case(text).process("elevtransport").variant().node("komplett").type == "xor"


def test_loop_taken_with_probability_one_has_no_path_to_the_end():
    text = broken("target: bestalla, probability: 0.8", "target: bestalla, probability: 0")
    text = broken(
        "target: komplettera, probability: 0.2", "target: komplettera, probability: 1", text
    )
    lines = reported(text)
    suffix = "to an end event (flows with probability 0 do not count)"
    assert lines == [
        f"<case>:{at(text, '{id: ' + node)}: {VARIANT}.nodes[{i}]: "
        f"there is no path from '{node}' {suffix}"
        for i, node in enumerate(["start", "ta-emot", "komplett", "komplettera"])
    ]


def test_activity_without_outgoing_flow_is_a_dead_end_and_cuts_off_the_end():
    text = broken(
        "          - {source: bestalla, target: slut}\n      - id: to-be", "      - id: to-be"
    )
    lines = reported(text)
    assert (
        f"<case>:{at(text, '{id: bestalla, lane')}: {VARIANT}.nodes[4]: "
        "'bestalla' has no outgoing flow"
    ) in lines
    assert (
        f"<case>:{at(text, '{id: slut, type: end, lane')}: {VARIANT}.nodes[5]: "
        "'slut' cannot be reached from a start event"
    ) in lines


def test_node_without_incoming_flow_is_unreachable():
    text = broken(
        "          - {id: slut, type: end, lane: handlaggare}",
        "          - {id: slut, type: end, lane: handlaggare}\n"
        "          - {id: arkivera, lane: handlaggare}",
    )
    text = broken(
        "          - {source: bestalla, target: slut}\n      - id: to-be",
        "          - {source: bestalla, target: slut}\n"
        "          - {source: arkivera, target: slut}\n      - id: to-be",
        text,
    )
    assert reported(text) == [
        f"<case>:{at(text, '{id: arkivera')}: {VARIANT}.nodes[6]: "
        "'arkivera' cannot be reached from a start event"
    ]


def test_flow_without_start_event():
    text = broken("{id: start, type: start, lane", "{id: start, type: event, lane")
    assert reported(text) == [
        f"<case>:{at(text, 'id: as-is')}: {VARIANT}: the flow has no start event"
    ]


def test_flow_without_end_event():
    text = broken("{id: slut, type: end, lane", "{id: slut, type: event, lane")
    assert reported(text) == [
        f"<case>:{at(text, 'id: as-is')}: {VARIANT}: the flow has no end event"
    ]


def test_start_event_with_incoming_flow():
    text = broken("{source: komplettera, target: ta-emot}", "{source: komplettera, target: start}")
    assert (
        f"<case>:{at(text, '{id: start, type: start')}: {VARIANT}.nodes[0]: "
        "start event 'start' has incoming flows" in reported(text)
    )


def test_end_event_with_outgoing_flow():
    text = broken(
        "          - {source: bestalla, target: slut}\n      - id: to-be",
        "          - {source: bestalla, target: slut}\n"
        "          - {source: slut, target: ta-emot}\n      - id: to-be",
    )
    assert reported(text) == [
        f"<case>:{at(text, '{id: slut, type: end, lane')}: {VARIANT}.nodes[5]: "
        "end event 'slut' has outgoing flows"
    ]


def test_activity_outside_every_lane_is_a_warning():
    text = broken("{id: komplettera, lane: handlaggare, touch", "{id: komplettera, touch")
    case, problems = parse_case(text, name="<case>")
    assert case is not None
    assert [(p.severity, str(p)) for p in problems] == [
        (
            "warning",
            f"<case>:{at(text, '{id: komplettera')}: {VARIANT}.nodes[3]: "
            "activity 'komplettera' is in no lane",
        )
    ]


def test_formula_that_is_not_arithmetic():
    text = broken("formula: kostnad_per_ar * 0.5", "formula: __import__('os')")
    assert reported(text) == [
        f"<case>:{at(text, 'formula:')}: benefits.benefits[0].formula: "
        "formula cannot be read: 'Call' is not allowed; use + - * / ** and numbers"
    ]


def test_formula_with_a_syntax_error():
    text = broken("formula: kostnad_per_ar * 0.5", "formula: kostnad_per_ar *")
    (line,) = reported(text)
    assert line.startswith(
        f"<case>:{at(text, 'formula:')}: benefits.benefits[0].formula: formula cannot be read: "
    )


def test_formula_naming_an_unknown_assumption():
    text = broken("formula: kostnad_per_ar * 0.5", "formula: kostnad_per_manad * 0.5")
    assert reported(text) == [
        f"<case>:{at(text, 'formula:')}: benefits.benefits[0].formula: "
        "formula uses 'kostnad_per_manad', which is not an assumption"
    ]


def test_formula_may_use_the_id_as_written_when_it_is_a_python_name():
    text = broken("{id: kostnad-per-ar, value: 1000}", "{id: kostnad_per_ar, value: 1000}")
    assert reported(text) == []


def test_benefit_counting_visits_needs_an_activity():
    text = broken("target: to-be}", "target: to-be, measure: visits}")
    assert reported(text) == [
        f"<case>:{at(text, 'derived_from:')}: benefits.benefits[0].derived_from.activity: "
        "a benefit measured in visits needs the activity to count"
    ]


def test_value_formula_of_a_derived_benefit_is_checked():
    text = broken("target: to-be}", "target: to-be, value_formula: porto_per_brev * 2}")
    assert reported(text) == [
        f"<case>:{at(text, 'value_formula')}: benefits.benefits[0].derived_from.value_formula: "
        "formula uses 'porto_per_brev', which is not an assumption"
    ]


def test_state_machine_without_initial_state():
    text = broken("{id: ny, kind: initial}", "{id: ny}")
    assert reported(text) == [
        f"<case>:{at(text, 'id: ansokans-livslop')}: behaviour.state_machines[0]: "
        "the state machine has no initial state"
    ]


def test_opening_hours_that_end_before_they_start():
    text = broken('end: "16:30"', 'end: "07:30"')
    assert reported(text) == [
        f"<case>:{at(text, '{weekday: 0')}: calendars[0].hours[0]: "
        "opening hours end (07:30) before they start (08:00)"
    ]


def test_running_cost_ending_before_it_starts():
    text = broken("year: 1, end_year: 2}", "year: 1, end_year: 0}")
    assert reported(text) == [
        f"<case>:{at(text, 'end_year: 0')}: benefits.costs[0].end_year: end year 0 is before year 1"
    ]


def test_goal_that_is_its_own_ancestor():
    text = broken(
        "- id: trygg-skjuts\n      name: Trygga skolskjutsar\n",
        "- id: trygg-skjuts\n      name: Trygga skolskjutsar\n      parent: snabbt-beslut\n",
    )
    assert reported(text) == [
        f"<case>:{at(text, 'parent: snabbt-beslut')}: vision.goals[0].parent: "
        "'trygg-skjuts' is its own ancestor",
        f"<case>:{at(text, 'parent: trygg-skjuts')}: vision.goals[1].parent: "
        "'snabbt-beslut' is its own ancestor",
    ]


def test_unit_below_a_cycle_is_not_called_its_own_ancestor():
    text = broken(
        "    - id: forvaltning\n      name: Utbildningsförvaltningen\n",
        "    - id: forvaltning\n      name: Utbildningsförvaltningen\n      parent: forvaltning\n",
    )
    assert reported(text) == [
        f"<case>:{at(text, 'parent: forvaltning')}: structure.units[0].parent: "
        "'forvaltning' is its own ancestor"
    ]


def test_message_flow_between_processes_checks_process_and_node():
    text = BASE + textwrap.dedent(
        """\
        message_flows:
          - {id: mf1, source_process: elevtransport, source: bestall, target_process: skolan}
        """
    )
    lines = reported(text)
    assert (
        f"<case>:{at(text, 'source: bestall', after='message_flows')}: message_flows[0].source: unknown element 'bestall'"
        in lines
    )
    assert (
        f"<case>:{at(text, 'target_process: skolan', after='message_flows')}: message_flows[0].target_process: unknown process 'skolan'"
        in lines
    )


EVALUATION = textwrap.dedent(
    """\
    evaluation:
      scale_max: 5
      must_pass: 6
      requirements:
        - {id: krav-digitalt, priority: must}
      candidates:
        - id: kandidat-a
          variant: to-be
          scores: {krav-digitalt: 7}
    """
)


def test_evaluation_scores_and_pass_mark_above_the_scale_and_a_variant_without_process():
    text = BASE + EVALUATION
    assert reported(text) == [
        f"<case>:{at(text, 'must_pass: 6')}: evaluation.must_pass: the pass mark of "
        "must-requirements (6) is above the highest score 5",
        f"<case>:{at(text, 'variant: to-be', after='evaluation')}: "
        "evaluation.candidates[0].variant: a variant needs the process it belongs to",
        f"<case>:{at(text, 'krav-digitalt: 7')}: evaluation.candidates[0].scores.krav-digitalt: "
        "score 7 is above the scale's highest score 5",
    ]


# Each message template of validation.MESSAGES is exercised above; this keeps it so.
COVERED = {
    "score-above-scale": test_evaluation_scores_and_pass_mark_above_the_scale_and_a_variant_without_process,
    "must-pass-above-scale": test_evaluation_scores_and_pass_mark_above_the_scale_and_a_variant_without_process,
    "variant-without-process": test_evaluation_scores_and_pass_mark_above_the_scale_and_a_variant_without_process,
    "unknown-reference": test_unknown_reference_names_path_line_and_id,
    "duplicate-id": test_duplicate_id_within_one_list_names_the_first_use,
    "probabilities-sum": test_xor_probabilities_that_do_not_sum_to_one,
    "probabilities-missing": test_missing_probabilities_are_only_a_warning,
    "probabilities-partial": test_partial_probabilities_that_leave_nothing_to_share_are_an_error,
    "probabilities-rest": test_one_probability_given_leaves_the_rest_to_the_other_branch,
    "no-start": test_flow_without_start_event,
    "no-end": test_flow_without_end_event,
    "start-has-incoming": test_start_event_with_incoming_flow,
    "end-has-outgoing": test_end_event_with_outgoing_flow,
    "unreachable": test_node_without_incoming_flow_is_unreachable,
    "no-path-to-end": test_loop_taken_with_probability_one_has_no_path_to_the_end,
    "dead-end": test_activity_without_outgoing_flow_is_a_dead_end_and_cuts_off_the_end,
    "no-lane": test_activity_outside_every_lane_is_a_warning,
    "bad-formula": test_formula_that_is_not_arithmetic,
    "formula-name": test_formula_naming_an_unknown_assumption,
    "no-initial-state": test_state_machine_without_initial_state,
    "bad-hours": test_opening_hours_that_end_before_they_start,
    "end-before-start": test_running_cost_ending_before_it_starts,
    "self-parent": test_goal_that_is_its_own_ancestor,
    "visits-need-activity": test_benefit_counting_visits_needs_an_activity,
}


def test_every_kind_of_validation_problem_has_a_test():
    assert set(MESSAGES) - set(COVERED) == set()


def test_single_branch_out_of_an_xor_must_carry_all_cases():
    text = BASE
    for line in (
        "          - {id: komplettera, lane: handlaggare, touch_minutes: 5}\n",
        "          - {source: komplett, target: komplettera, probability: 0.2}\n",
        "          - {source: komplettera, target: ta-emot}\n",
    ):
        text = broken(line, "", text)
    assert reported(text) == [
        f"<case>:{at(text, '{id: komplett, type: xor')}: {VARIANT}.nodes[2]: "
        "branch probabilities of split 'komplett' sum to 0.8, not 1"
    ]
