"""Every BPMN file of the interchange corpora imports, with element counts checked against the XML.

The expected counts are computed here with plain XPath over the file, independently of the importer.
Three vendor files carry references to elements that do not exist; they import with each broken
reference left out and named, and `strict` refuses them (naming the element).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from tests.interchange.interchange_helpers import corpus_files, corpus_id
from verksam.formats.bpmn import InterchangeError, read_bpmn
from verksam.model import Case, errors, validate

B = "http://www.omg.org/spec/BPMN/20100524/MODEL"
NS = {"b": B}
TASKS = ["task", "userTask", "manualTask", "serviceTask", "sendTask", "receiveTask", "scriptTask",
         "businessRuleTask", "callActivity"]  # fmt: skip
SUBS = ["subProcess", "transaction", "adHocSubProcess"]
REAL = "[not(ancestor::b:extensionElements)]"
LINKED = "@id = //b:sequenceFlow/@sourceRef or @id = //b:sequenceFlow/@targetRef"
# Compensation handlers are left out unless a sequence flow reaches them.
KEPT = f"[not(@isForCompensation='true' or b:compensateEventDefinition) or {LINKED}]"
# Files whose own references are broken (the element they name does not exist in the file).
DANGLING = {
    "bpmn-miwg/vendor/Bizagi_Modeler_2.8.0.8/B.1.0-roundtrip.bpmn": "DS1373655174514",
    "bpmn-miwg/vendor/SAP_Signavio_Process_Manager_19.9.0/B.1.0-export.bpmn": "sid-ED496D00",
    "pm4py/more_models/ch7_CreditAppSimulation.bpmn": "sid-D0D7001B",
}
# Files the case model's validator rejects, and why (the files break BPMN's own rules).
INVALID = {
    # Compensation exported as error boundary events with ordinary flows to tasks that lead
    # nowhere, and an event sub-process not marked triggeredByEvent.
    "bpmn-miwg/vendor/Cardanit_prev._BeePMN_4.9.1/C.6.0-export.bpmn",
    # After repair the flow out of a missing element is gone, so its target has no way in.
    "bpmn-miwg/vendor/SAP_Signavio_Process_Manager_19.9.0/B.1.0-export.bpmn",
}
FILES = corpus_files()


def count(tree: etree._ElementTree, names: list[str], extra: str = "") -> int:
    return sum(int(tree.xpath(f"count(//b:{n}{REAL}{extra})", namespaces=NS)) for n in names)


def nodes(case: Case, **match: object) -> int:
    return sum(
        all(getattr(node, k) == v for k, v in match.items())
        for p in case.processes
        for v in p.variants
        for node in v.nodes
    )


def test_the_corpus_is_there(shared_data: Path) -> None:
    assert len(FILES) >= 55, [corpus_id(f) for f in FILES]


@pytest.mark.parametrize("path", FILES, ids=corpus_id)
def test_file_imports_with_every_element_accounted_for(path: Path, shared_data: Path) -> None:
    del shared_data
    name = corpus_id(path)
    if name in DANGLING:
        with pytest.raises(InterchangeError) as info:
            read_bpmn(path, strict=True)
        assert DANGLING[name] in str(info.value)
        assert info.value.line is not None
    result = read_bpmn(path)
    case = result.case
    tree = etree.parse(str(path))
    ids = set(tree.xpath(f"//b:*{REAL}/@id", namespaces=NS))
    dropped = set(
        tree.xpath(
            f"//b:*{REAL}[@isForCompensation='true'][not({LINKED})]/@id"
            f" | //b:boundaryEvent{REAL}[b:compensateEventDefinition][not({LINKED})]/@id",
            namespaces=NS,
        )
    )
    in_dropped = "[not(ancestor::*[@isForCompensation='true'])]"

    assert nodes(case, type="task") == count(tree, TASKS, KEPT + in_dropped)
    assert nodes(case, type="subprocess") == count(tree, SUBS, KEPT + in_dropped)
    assert nodes(case, triggered_by_event=True) == count(
        tree, SUBS, KEPT + in_dropped + "[@triggeredByEvent='true']"
    )
    assert nodes(case, type="start") == count(tree, ["startEvent"], in_dropped)
    assert nodes(case, type="end") == count(tree, ["endEvent"], in_dropped)
    intermediate = count(tree, ["intermediateCatchEvent", "intermediateThrowEvent"], in_dropped)
    boundary = count(tree, ["boundaryEvent"], KEPT + in_dropped)
    assert nodes(case, type="event") == intermediate + boundary
    assert nodes(case, type="event", throwing=True) == count(
        tree, ["intermediateThrowEvent"], in_dropped
    )
    attached = sum(
        n.attached_to is not None for p in case.processes for v in p.variants for n in v.nodes
    )
    assert attached == boundary
    for tag, kind in [("exclusiveGateway", "xor"), ("parallelGateway", "and"),
                      ("eventBasedGateway", "event-gateway")]:  # fmt: skip
        assert nodes(case, type=kind) == count(tree, [tag], in_dropped), tag
    assert nodes(case, type="or") == count(tree, ["inclusiveGateway", "complexGateway"], in_dropped)

    flows = tree.xpath(f"//b:sequenceFlow{REAL}", namespaces=NS)
    kept_flows = [
        f for f in flows
        if f.get("sourceRef") in ids and f.get("targetRef") in ids
        and not {f.get("sourceRef"), f.get("targetRef")} & dropped
    ]  # fmt: skip
    assert sum(len(v.flows) for p in case.processes for v in p.variants) == len(kept_flows)
    conditions = sum(1 for f in kept_flows if f.find(f"{{{B}}}conditionExpression") is not None)
    assert (
        sum(bool(f.condition) for p in case.processes for v in p.variants for f in v.flows)
        <= conditions
    )

    black_boxes = tree.xpath(
        f"//b:participant{REAL}[not(@processRef) or not(@processRef = //b:process/@id)]",
        namespaces=NS,
    )
    expected_processes = (
        count(tree, ["process"]) + count(tree, SUBS, KEPT + in_dropped) + len(black_boxes)
    )
    assert len(case.processes) == expected_processes

    leaf_lanes = count(tree, ["lane"], "[not(b:childLaneSet/b:lane)]")
    assert sum(len(v.lanes) for p in case.processes for v in p.variants) == leaf_lanes
    message_flows = [
        m for m in tree.xpath(f"//b:messageFlow{REAL}", namespaces=NS)
        if m.get("sourceRef") in ids and m.get("targetRef") in ids
    ]  # fmt: skip
    assert len(case.message_flows) == len(message_flows)
    annotations = sum(len(v.annotations) for p in case.processes for v in p.variants)
    assert annotations == count(tree, ["textAnnotation"])
    data = count(tree, ["dataObject", "dataStore"]) + count(
        tree, ["dataStoreReference"], "[not(@dataStoreRef = //b:dataStore/@id)]"
    )
    information = case.structure.information if case.structure else []
    assert len(information) == data

    # Nothing is dropped silently: each compensation handler is named in a note.
    compensation = [n for n in result.notes if "compensation handlers" in n.reason]
    assert {n.element for n in compensation} == dropped

    problems = errors(validate(case))
    if name in INVALID:
        assert problems
        assert {p.code for p in problems} <= {"unreachable", "dead-end", "no-path-to-end"}
    else:
        assert problems == [], [str(p) for p in problems]


def test_a_broken_reference_names_the_element_and_line(tmp_path: Path) -> None:
    src = tmp_path / "broken.bpmn"
    src.write_text(
        f'<definitions xmlns="{B}" id="d" targetNamespace="x">\n<process id="p">\n'
        '<startEvent id="s"/>\n<sequenceFlow id="f1" sourceRef="s" targetRef="missing"/>\n'
        "</process>\n</definitions>\n"
    )
    with pytest.raises(InterchangeError) as info:
        read_bpmn(src, strict=True)
    assert info.value.element == "f1"
    assert info.value.line == 4
    assert "'missing'" in str(info.value)
    repaired = read_bpmn(src)
    assert repaired.case.processes[0].variants[0].flows == []
    assert any(n.element == "f1" for n in repaired.notes)
