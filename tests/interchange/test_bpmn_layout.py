"""Diagram positions for BPMN: the diagram engine's swimlanes, and the grid when it cannot draw."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from tests.interchange.interchange_helpers import (
    corpus_files,
    corpus_id,
    example_files,
    schema_errors,
    small_case,
)
from verksam.formats import bpmn_layout, load_case
from verksam.formats.bpmn import ExportError, read_bpmn, write_bpmn
from verksam.formats.bpmn_layout import grid_layout, layout_variant
from verksam.model import Flow

DC = "{http://www.omg.org/spec/DD/20100524/DC}Bounds"


def overlapping(boxes: list[bpmn_layout.Box]) -> list[tuple[int, int]]:
    return [
        (i, j)
        for i, a in enumerate(boxes)
        for j, b in enumerate(boxes)
        if i < j and a.x < b.x + b.w and b.x < a.x + a.w and a.y < b.y + b.h and b.y < a.y + a.h
    ]


@pytest.mark.parametrize("path", example_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_examples_are_laid_out_by_the_diagram_engine(path: Path) -> None:
    case = load_case(path, check=False)
    for process in case.processes:
        for variant in process.variants:
            layout = layout_variant(case, process, variant)
            assert layout.engine == "diagrams"
            assert set(layout.nodes) == {n.id for n in variant.nodes}
            assert set(layout.lanes) == {lane.id for lane in variant.lanes}
            for node in variant.nodes:
                if node.lane:
                    box, lane = layout.nodes[node.id], layout.lanes[node.lane]
                    assert lane.y <= box.cy <= lane.y + lane.h, node.id


@pytest.mark.parametrize("path", corpus_files()[::4], ids=corpus_id)
def test_the_grid_fallback_gives_a_complete_valid_diagram(
    path: Path, shared_data: Path, bpmn_schema: etree.XMLSchema, monkeypatch: pytest.MonkeyPatch
) -> None:
    del shared_data
    monkeypatch.setattr(bpmn_layout, "engine_layout", lambda *args: None)
    case = read_bpmn(path).case
    for process in case.processes:
        for variant in process.variants:
            layout = grid_layout(case, process, variant)
            plain = [layout.nodes[n.id] for n in variant.nodes if n.attached_to is None]
            assert overlapping(plain) == []
            assert len(layout.edges) == len(variant.flows)
    data = write_bpmn(case)
    assert schema_errors(bpmn_schema, data) == []
    assert all(float(b.get("width", 0)) > 0 for b in etree.fromstring(data).iter(DC))


def test_a_loop_does_not_stretch_the_grid() -> None:
    case = small_case()
    variant = case.processes[0].variants[0]
    variant.flows = [*variant.flows, Flow(source="fix", target="check")]
    layout = grid_layout(case, case.processes[0], variant)
    assert layout.nodes["fix"].x > layout.nodes["check"].x
    assert layout.width < 2000


def test_a_flow_to_nowhere_is_refused_not_crashed() -> None:
    case = small_case()
    variant = case.processes[0].variants[0]
    variant.flows = [*variant.flows, Flow(id="bad", source="check", target="ghost")]
    with pytest.raises(ExportError, match="flow bad refers to unknown node 'ghost'"):
        write_bpmn(case)
