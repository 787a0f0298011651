"""BPMN export: schema-valid files with complete diagram interchange, and lossless round trips."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from tests.interchange.interchange_helpers import (
    corpus_files,
    corpus_id,
    example_files,
    nested_lanes_bpmn,
    schema_errors,
    small_case,
)
from verksam.formats import load_case
from verksam.formats.bpmn import ExportError, read_bpmn, read_bpmn_bytes, write_bpmn
from verksam.model import Case

B = "http://www.omg.org/spec/BPMN/20100524/MODEL"
DI = "http://www.omg.org/spec/BPMN/20100524/DI"
NS = {"b": B, "bpmndi": DI}
FLOW_NODES = ["task", "userTask", "manualTask", "serviceTask", "sendTask", "receiveTask",
              "scriptTask", "businessRuleTask", "callActivity", "subProcess", "startEvent",
              "endEvent", "intermediateCatchEvent", "intermediateThrowEvent", "boundaryEvent",
              "exclusiveGateway", "parallelGateway", "inclusiveGateway", "eventBasedGateway"]  # fmt: skip
DANGLING = {
    "bpmn-miwg/vendor/Bizagi_Modeler_2.8.0.8/B.1.0-roundtrip.bpmn",
    "bpmn-miwg/vendor/SAP_Signavio_Process_Manager_19.9.0/B.1.0-export.bpmn",
    "pm4py/more_models/ch7_CreditAppSimulation.bpmn",
}


def example_processes() -> list[tuple[Path, str, str]]:
    out = []
    for path in example_files():
        case = load_case(path, check=False)
        out += [(path, p.id, v.id) for p in case.processes for v in p.variants]
    return out


def assert_diagram_complete(data: bytes) -> None:
    """Every flow node, lane, pool and flow has a shape or edge on some diagram plane."""
    root = etree.fromstring(data)
    drawn = set(root.xpath("//bpmndi:BPMNShape/@bpmnElement | //bpmndi:BPMNEdge/@bpmnElement",
                           namespaces=NS))  # fmt: skip
    wanted = [f"//b:{t}/@id" for t in [*FLOW_NODES, "lane", "sequenceFlow", "dataObjectReference",
                                       "dataStoreReference", "textAnnotation"]]  # fmt: skip
    missing = set(root.xpath(" | ".join(wanted), namespaces=NS)) - drawn
    assert not missing
    assert drawn <= set(root.xpath("//b:*/@id", namespaces=NS))  # no shape of nothing
    for bounds in root.iter("{http://www.omg.org/spec/DD/20100524/DC}Bounds"):
        assert float(bounds.get("width", "0")) > 0 and float(bounds.get("height", "0")) > 0


def comparable(case: Case) -> dict[str, Any]:
    """What a round trip must keep; information objects compare as a set (file order may change)."""
    data = case.model_dump(mode="json")
    used = {
        i for p in case.processes for v in p.variants for n in v.nodes for i in n.reads + n.writes
    }
    info = sorted(
        (i["id"], i["name"], i["kind"]) for i in (data["structure"] or {}).get("information", [])
        if i["id"] in used
    )  # fmt: skip
    return {
        "id": data["id"],
        "name": data["name"],
        "processes": data["processes"],
        "message_flows": data["message_flows"],
        "roles": (data["structure"] or {}).get("roles"),
        "units": (data["structure"] or {}).get("units"),
        "information": info,
    }


@pytest.mark.parametrize("path", corpus_files(), ids=corpus_id)
def test_imported_file_exports_valid_bpmn_and_reimports_identically(
    path: Path, shared_data: Path, bpmn_schema: etree.XMLSchema
) -> None:
    del shared_data
    first = read_bpmn(path).case
    data = write_bpmn(first)
    assert schema_errors(bpmn_schema, data) == []
    assert_diagram_complete(data)
    second = read_bpmn_bytes(data)
    # Only what the first import kept as it was is reported again, as kept.
    assert [n for n in second.notes if not n.kept] == []
    assert comparable(second.case) == comparable(first)


@pytest.mark.parametrize("path,process,variant", example_processes(),
                         ids=lambda v: v.parent.name if isinstance(v, Path) else str(v))  # fmt: skip
def test_every_example_process_exports_and_round_trips(
    path: Path, process: str, variant: str, bpmn_schema: etree.XMLSchema
) -> None:
    case = load_case(path, check=False)
    data = write_bpmn(case, [process], variant)
    assert schema_errors(bpmn_schema, data) == []
    assert_diagram_complete(data)
    back = read_bpmn_bytes(data).case
    assert back.process(process).variant(variant) == case.process(process).variant(variant)


@pytest.mark.parametrize("path", example_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_whole_example_case_exports_as_one_collaboration(
    path: Path, bpmn_schema: etree.XMLSchema
) -> None:
    case = load_case(path, check=False)
    data = write_bpmn(case)
    assert schema_errors(bpmn_schema, data) == []
    root = etree.fromstring(data)
    pools = root.xpath("//b:participant", namespaces=NS)
    embedded = {n.calls for p in case.processes for v in p.variants for n in v.nodes
                if n.type == "subprocess"}  # fmt: skip
    assert len(pools) == len([p for p in case.processes if p.id not in embedded])


def test_times_probabilities_and_variant_survive_a_round_trip(bpmn_schema: etree.XMLSchema) -> None:
    case = small_case()
    data = write_bpmn(case)
    assert schema_errors(bpmn_schema, data) == []
    back = read_bpmn_bytes(data).case
    assert back.processes[0].variants[0] == case.processes[0].variants[0]
    assert back.structure is not None and [r.name for r in back.structure.roles] == [
        "Clerk",
        "Boss",
    ]


def test_export_names_an_unknown_process_or_variant() -> None:
    case = small_case()
    with pytest.raises(ExportError, match="no process 'nope'"):
        write_bpmn(case, ["nope"])
    with pytest.raises(ExportError, match="variant 'as-is'"):
        write_bpmn(case, ["p"], "as-is")


def test_kept_data_associations_follow_the_reads_and_writes(
    shared_data: Path, bpmn_schema: etree.XMLSchema
) -> None:
    """The file's own data associations come back while the model's reads and writes hold them.

    A read taken away takes its association with it (the data object stays); a read added gets an
    association from the file's own reference of that information.
    """
    case = read_bpmn(shared_data / "bpmn-miwg/reference/C.5.0.bpmn").case
    nodes = [n for p in case.processes for v in p.variants for n in v.nodes]
    reader = next(n for n in nodes if n.reads)
    source = etree.fromstring(write_bpmn(case))
    kept = source.xpath(f"//b:*[@id='{reader.id}']/b:dataInputAssociation/@id", namespaces=NS)
    assert kept  # the file's own associations, with their ids
    refs_before = source.xpath("//b:dataObjectReference/@id", namespaces=NS)
    assert case.structure is not None
    other = next(i.id for i in case.structure.information if i.id not in reader.reads)
    reader.reads = [other]
    data = write_bpmn(case)
    assert schema_errors(bpmn_schema, data) == []
    assert_diagram_complete(data)
    root = etree.fromstring(data)
    now = root.xpath(f"//b:*[@id='{reader.id}']/b:dataInputAssociation", namespaces=NS)
    assert not {a.get("id") for a in now} & set(kept)
    assert len(now) == 1
    assert root.xpath("//b:dataObjectReference/@id", namespaces=NS) == refs_before
    back = read_bpmn_bytes(data).case
    again = next(
        n for p in back.processes for v in p.variants for n in v.nodes if n.id == reader.id
    )
    assert again.reads == [other]
    assert write_bpmn(back) == data


def test_nested_lanes_stay_nested(bpmn_schema: etree.XMLSchema) -> None:
    """A lane holding lanes comes back holding them: in the case (`parent`), the export's child
    lane set and its diagram (the outer lane's shape around the inner ones)."""
    case = read_bpmn_bytes(nested_lanes_bpmn()).case
    lanes = {lane.id: lane for lane in case.processes[0].variants[0].lanes}
    assert {k: v.parent for k, v in lanes.items()} == {
        "social": None, "intake": "social", "inquiry": "social", "board": None
    }  # fmt: skip
    assert lanes["social"].role is None and lanes["social"].unit  # a unit, its teams roles
    nodes = {n.id: n.lane for n in case.processes[0].variants[0].nodes}
    assert nodes == {"s": "intake", "t1": "intake", "t2": "inquiry", "t3": "board", "e": "board"}
    data = write_bpmn(case)
    assert schema_errors(bpmn_schema, data) == []
    assert_diagram_complete(data)
    root = etree.fromstring(data)
    inner = root.xpath("//b:lane[@id='social']/b:childLaneSet/b:lane/@id", namespaces=NS)
    assert inner == ["intake", "inquiry"]
    refs = root.xpath("//b:lane[@id='social']/b:flowNodeRef/text()", namespaces=NS)
    assert refs == ["s", "t1", "t2"]  # the outer lane lists its lanes' nodes too

    def bounds(lane: str) -> tuple[float, float, float, float]:
        b = root.xpath(f"//bpmndi:BPMNShape[@bpmnElement='{lane}']/*", namespaces=NS)[0]
        return tuple(float(b.get(k)) for k in ("x", "y", "width", "height"))  # type: ignore[return-value]

    outer, first, second = bounds("social"), bounds("intake"), bounds("inquiry")
    assert outer[0] < first[0] == second[0]  # the outer lane's title band is left of the inner
    assert outer[1] == first[1] and first[1] + first[3] == second[1]
    assert second[1] + second[3] == outer[1] + outer[3]
    back = read_bpmn_bytes(data).case
    assert back.processes[0].variants[0].lanes == case.processes[0].variants[0].lanes
    assert write_bpmn(back) == data
