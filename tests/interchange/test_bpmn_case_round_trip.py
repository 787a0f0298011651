"""Everything of ours survives a BPMN round trip: costs, external roles, FTE, calendars, arrivals,
probabilities, service declarations — the case read back equals the case exported, so `verksam
analyze` and `simulate` get the same inputs. Checked on every pilot case of examples/, exported
whole and one process variant at a time.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.interchange.interchange_helpers import example_files
from verksam.formats import load_case
from verksam.formats.bpmn import read_bpmn_bytes, write_bpmn


@pytest.mark.parametrize("path", example_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_bpmn_export_then_import_gives_back_the_same_case(path: Path) -> None:
    case = load_case(path, check=False)
    assert read_bpmn_bytes(write_bpmn(case)).case == case
    for process in case.processes:
        for variant in process.variants:
            exported = write_bpmn(case, [process.id], variant.id)
            assert read_bpmn_bytes(exported).case == case, (process.id, variant.id)


def test_the_pilot_cases_hold_what_must_survive() -> None:
    """The equality above is only as strong as what the examples hold: costs, FTE, externals,
    calendars, arrivals, probabilities and services must all be in them."""
    cases = [load_case(p, check=False) for p in example_files()]
    roles = [r for c in cases for r in (c.structure.roles if c.structure else [])]
    assert any(r.external for r in roles)
    assert any(r.fte for r in roles)
    assert any(r.cost_per_hour for r in roles)
    assert any(c.calendars for c in cases)
    assert any(c.services for c in cases)
    variants = [v for c in cases for p in c.processes for v in p.variants]
    assert any(v.arrivals for v in variants)
    assert any(f.probability is not None for v in variants for f in v.flows)


def test_a_bpmn_edited_elsewhere_keeps_its_new_flow(tmp_path: Path) -> None:
    """The case data rides along, but the flow in the BPMN wins: a task renamed in another tool."""
    case = load_case(example_files()[0], check=False)
    process = case.processes[0]
    variant = process.variant()
    task = next(n for n in variant.nodes if n.type == "task")
    data = write_bpmn(case, [process.id], variant.id).replace(
        f'name="{task.name}"'.encode(), b'name="Renamed elsewhere"', 1
    )
    back = read_bpmn_bytes(data).case
    again = back.process(process.id).variant(variant.id)
    assert again.node(task.id).name == "Renamed elsewhere"
    assert back.structure == case.structure
