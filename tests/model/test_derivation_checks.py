"""Validation of benefits derived from a process: the counted activity and the value formula."""

from verksam.formats import loads_case
from verksam.formats.casefile import parse_case

CASE = """
id: c
name: C
benefits:
  assumptions:
    - {id: postage, value: 12}
  benefits:
    - id: letters
      derived_from: {process: p, measure: visits, activity: {activity}, value_formula: "{formula}"}
processes:
  - id: p
    variants:
      - id: as-is
        nodes:
          - {id: s, type: start}
          - {id: send, name: Send letter}
          - {id: e, type: end}
        flows: [{source: s, target: send}, {source: send, target: e}]
      - id: to-be
        kind: to-be
        nodes:
          - {id: s, type: start}
          - {id: e, type: end}
        flows: [{source: s, target: e}]
"""


def problems(activity: str, formula: str) -> list[str]:
    text = CASE.replace("{activity}", activity).replace("{formula}", formula)
    _, found = parse_case(text, name="c.yaml")
    return [f"{p.path}: {p.message}" for p in found if p.severity == "error"]


def test_a_valid_derivation_passes():
    assert problems("send", "postage * 1.25") == []
    loads_case(CASE.replace("{activity}", "send").replace("{formula}", "postage"))


def test_an_unknown_counted_activity_is_named():
    assert problems("sned", "postage") == [
        "benefits.benefits[0].derived_from.activity: unknown element 'sned'"
    ]


def test_a_value_formula_with_an_unknown_name_is_named():
    assert problems("send", "postage + printing") == [
        "benefits.benefits[0].derived_from.value_formula: formula uses 'printing', which is not an assumption"
    ]


def test_visits_without_an_activity_is_an_error():
    assert problems("null", "postage") == [
        "benefits.benefits[0].derived_from.activity: a benefit measured in visits needs the activity to count"
    ]
