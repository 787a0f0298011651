"""ArchiMate exchange: exports valid against the Open Group schemas, and the Archisurance import."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from tests.interchange.interchange_helpers import example_files, schema_errors, small_case
from verksam.formats import load_case
from verksam.formats.archimate import (
    ArchimateExportError,
    read_archimate,
    read_archimate_bytes,
    write_archimate,
)
from verksam.formats.bpmn import read_bpmn
from verksam.model import Variant, errors, validate

A = "http://www.opengroup.org/xsd/archimate/3.0/"
XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"
NS = {"a": A}


@pytest.mark.parametrize("path", example_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_example_exports_valid_archimate_with_a_view_per_process(
    path: Path, archimate_schema: etree.XMLSchema
) -> None:
    case = load_case(path, check=False)
    data = write_archimate(case)
    assert schema_errors(archimate_schema, data) == []
    root = etree.fromstring(data)
    views = root.xpath("//a:views/a:diagrams/a:view", namespaces=NS)
    assert len(views) == len(case.processes)
    types = Counter(e.get(XSI_TYPE) for e in root.xpath("//a:elements/a:element", namespaces=NS))
    structure = case.structure
    assert structure is not None
    assert types["BusinessActor"] == len(structure.units)
    assert types["BusinessRole"] == len(structure.roles)
    assert types["ApplicationComponent"] == len(structure.systems)
    assert types["Goal"] == len(case.vision.goals if case.vision else [])
    activities = sum(
        n.type in ("task", "subprocess") for p in case.processes for n in p.variant().nodes
    )
    assert types["BusinessProcess"] == len(case.processes) + activities
    # Every connection in a view draws a relationship between two nodes of that view.
    for view in views:
        nodes = {n.get("identifier") for n in view.iter(f"{{{A}}}node")}
        for conn in view.iter(f"{{{A}}}connection"):
            assert conn.get("source") in nodes and conn.get("target") in nodes
    back = read_archimate_bytes(data)
    back_structure = back.case.structure
    assert back_structure is not None
    assert sorted(u.name for u in back_structure.units) == sorted(u.label for u in structure.units)
    assert sorted(r.name for r in back_structure.roles) == sorted(r.label for r in structure.roles)
    assert errors(validate(back.case)) == []


def test_imported_bpmn_exports_valid_archimate(
    shared_data: Path, archimate_schema: etree.XMLSchema
) -> None:
    case = read_bpmn(shared_data / "bpmn-miwg" / "reference" / "C.1.0.bpmn").case
    assert schema_errors(archimate_schema, write_archimate(case)) == []


def test_archisurance_is_read_and_counted(shared_data: Path) -> None:
    path = shared_data / "archimate" / "archisurance.xml"
    tree = etree.parse(str(path))
    elements = tree.xpath("/a:model/a:elements/a:element", namespaces=NS)
    relationships = tree.xpath("/a:model/a:relationships/a:relationship", namespaces=NS)
    views = tree.xpath("/a:model/a:views/a:diagrams/a:view", namespaces=NS)
    result = read_archimate(path)
    assert len(result.elements) == len(elements)
    assert Counter(t for _, t, _ in result.elements) == Counter(e.get(XSI_TYPE) for e in elements)
    assert len(result.relationships) == len(relationships)
    assert Counter(t for _, t, _, _ in result.relationships) == Counter(
        r.get(XSI_TYPE) for r in relationships
    )
    assert [v[0] for v in result.views] == [v.get("identifier") for v in views]
    case = result.case
    kinds = Counter(e.get(XSI_TYPE) for e in elements)
    assert case.structure is not None
    assert len(case.structure.units) == kinds["BusinessActor"]
    assert len(case.structure.roles) == kinds["BusinessRole"]
    assert len(case.structure.systems) == kinds["ApplicationComponent"]
    # Business processes composed into another one become its activities (unless they have
    # activities of their own), the rest stay processes.
    ids = {e.get("identifier"): e.get(XSI_TYPE) for e in elements}
    parts = {
        (r.get("source"), r.get("target")) for r in relationships
        if r.get(XSI_TYPE) == "Composition" and ids.get(r.get("source")) == "BusinessProcess"
        and ids.get(r.get("target")) == "BusinessProcess"
    }  # fmt: skip
    parents = {s for s, _ in parts}
    activities = {t for _, t in parts} - parents
    assert len(case.processes) == kinds["BusinessProcess"] - len(activities)
    assert sum(len(p.variants[0].nodes) - 2 for p in case.processes if p.variants) >= len(
        activities
    )
    info_kinds = ("BusinessObject", "DataObject", "Contract", "Representation")
    assert len(case.structure.information) == sum(kinds[k] for k in info_kinds)
    assert case.name == "Archisurance"
    # Every element and relationship that was not mapped is named in a note, none silently.
    mapped = {"BusinessActor", "BusinessRole", "BusinessProcess", "Goal", "ApplicationComponent",
              "Resource", "BusinessService", *info_kinds}  # fmt: skip
    unmapped = {e.get("identifier") for e in elements if e.get(XSI_TYPE) not in mapped}
    noted = {n.element for n in result.notes}
    assert unmapped <= noted
    assert len([n for n in result.notes if n.kind == "view"]) == len(views)
    assert errors(validate(case)) == []


def _paths(variant: Variant) -> set[tuple[str, str]]:
    """(activity, activity) pairs joined by a path through gateways and events only."""
    kinds = {n.id: n.type for n in variant.nodes}
    pairs = set()
    for node in variant.nodes:
        if node.type not in ("task", "subprocess", "start"):
            continue
        stack, seen = [f.target for f in variant.outgoing(node.id)], set()
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            if kinds[current] in ("task", "subprocess"):
                pairs.add((node.id, current))
            elif kinds[current] != "end":
                stack += [f.target for f in variant.outgoing(current)]
    return pairs


@pytest.mark.parametrize("path", example_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_example_comes_back_from_archimate_with_its_activities_in_order(path: Path) -> None:
    case = load_case(path, check=False)
    back = read_archimate_bytes(write_archimate(case))
    assert [n for n in back.notes if n.kind != "view"] == []
    assert back.case.message_flows == case.message_flows
    for process in case.processes:
        original = process.variant()
        again = back.case.process(process.id).variants[0]
        wanted = {n.id for n in original.nodes if n.type in ("task", "subprocess", "start")}
        assert {n.id for n in again.nodes if n.type in ("task", "subprocess", "start")} == wanted
        assert _paths(again) == _paths(original)
        for node in again.nodes:
            if node.lane:
                lane = next(
                    lane for lane in original.lanes if lane.id == original.node(node.id).lane
                )
                assert node.lane == (lane.role or lane.unit)
        for node in again.nodes:
            if node.type in ("task", "subprocess"):
                times = original.node(node.id)
                assert (node.touch_minutes, node.waiting_hours) == (
                    times.touch_minutes,
                    times.waiting_hours,
                )
    assert errors(validate(back.case)) == []


def test_activity_times_named_like_ours_are_read_from_another_tool(tmp_path: Path) -> None:
    """A property defined by name (as a person adds it in Archi) counts, in any of our languages."""
    case = small_case()
    data = write_archimate(case).decode()
    data = data.replace('identifier="pd-verksam-touch-minutes"', 'identifier="propid-7"')
    data = data.replace('propertyDefinitionRef="pd-verksam-touch-minutes"',
                        'propertyDefinitionRef="propid-7"')  # fmt: skip
    data = data.replace("Touch time (minutes)", "Bearbetningstid (minuter)")
    back = read_archimate_bytes(data.encode()).case
    check = next(n for n in back.processes[0].variants[0].nodes if n.name == "Check")
    assert (check.touch_minutes, check.waiting_hours) == (12.5, 3.0)


def test_export_names_a_missing_process_or_variant() -> None:
    case = small_case()
    with pytest.raises(ArchimateExportError, match="no process 'nope'"):
        write_archimate(case, ["nope"])
    with pytest.raises(ArchimateExportError, match="variant 'as-is'"):
        write_archimate(case, ["p"], "as-is")
    assert b"BusinessProcess" in write_archimate(case, None, "to-be")
