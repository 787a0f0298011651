"""Every Visio file of ../shared/data/visio: what it imports to, counted, and that the case works.

The expected figures were written by hand from the page XML, not from the importer: each file was
unzipped and its `visio/pages/page*.xml` read shape by shape (master `NameU`/`Name` from
`visio/masters/masters.xml`, text, shape data, sub-shapes, `Connect` rows, and for unglued ends the
coordinates), with a throwaway stdlib script that printed them (see the closing note of issue 14's
Visio part, /work/notes/issue-14-visio.md). What was counted, per file:

- aspose_Introduction_Drawing1: masters Start/End ×2, Process, Decision, Dynamic connector ×4 (8
  Connect rows). "Start" only begins connector 5 → start; "End" only ends connector 8 → end.
- aspose_Working-with-Layers_Drawing1: Start/End ×2, Process, 2 connectors, all glued.
- groupdocs_flowchart: 7 Rounded Rectangles with text, 6 connectors; connector 14 ("Merge") is glued
  at its begin only and its end (3.88, 6.25) lies on no shape (Branch 1 ends at x 3.25, Development
  branch starts at 4.38): 5 flows. No Start/End shape: one start before the three branches nothing
  leads to, one end after the three shapes that lead nowhere.
- vsdx_test4_connectors: pages 1 and 2 hold 3 plain shapes and 2 glued connectors each (labels
  "A to B", "B to C" on page 2); page 3 holds network shapes (Switch, Router) and no connector.
- vsdx_test5_master (Lucidchart): 2 process blocks (texts "Shape A" and, from its master, "Shape B")
  and 3 unglued lines whose ends lie on them: A→B, B→A, A→B. Every step has a way in and out, so the
  added start leads to the first in reading order and the added end follows the last.
- bpmn-miwg_itp-commerce_B.1.0 (2 pages): pools "Participant" (no lanes) and "Pool" (Lane 1, Lane 2).
  Task masters ×7 on page 1 (icon paths task_user.emf ×2, task_service.emf ×2) + 1 on page 2; call
  activities: master "test" (Name "Call Activity (calling Process, collapsed)"), "Call Activity
  (calling Process, expanded)", "Call Activity (Task)"; Sub-Process (collapsed) and (expanded).
  Gateway ×5: only "Parallel Gateway Divergence" has a GatewayMarker sub-shape. Start ×5 (page 1:
  "Start Event Timer" and "Start Event Message" with TriggerMarker, two inside the expanded shapes;
  page 2: one), End ×6 ("End Event Message" with a marker). Sequence Flow ×24 + 2 on page 2, Message
  Flow ×2, Data Association ×2 (Data Object → Service Task 7 → Data Store), Association ×1 (Call
  Activity Collapsed → Text Annotation), Group ×1. The shapes inside the two expanded activities
  (centres inside their boxes) become the two called processes.
- bpmn-miwg_itp-commerce_C.1.0: pools "Team-Assistant" (one unnamed lane) and "BPMN MIWG Test Case
  C.1.0" (lanes Team Assistant, Approver, Accountant). Task ×9 (icons: task_user ×4,
  task_service ×1), Gateway ×3 (the unnamed one has a marker and its two flows go to intermediate
  events → event-based), Start ×2, Intermediate ×3 ("7 days"; two targets of message flows), End ×4,
  Sequence Flow ×20 (4 labelled yes/no out of the two decisions), Message Flow ×5.
- vsdx-js_FlowchartShapes, vsdx_test10_nested_shapes, libvisio_tdf154379-QuickStyleFillMatrix hold
  no flow: a catalogue of 12 empty stencil shapes, nested groups of plain shapes, and one Document
  shape. They are refused with a clear error (an import would be a process of nothing).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from tests.interchange.bpmn_counts import bpmn_counts
from tests.interchange.interchange_helpers import schema_errors
from verksam.analysis.metrics import analyze
from verksam.formats.bpmn import InterchangeError, read_bpmn_bytes, write_bpmn
from verksam.formats.visio import read_visio
from verksam.model import Case, errors, validate


def counts(case: Case) -> Counter[str]:
    """What a case holds, by kind: the figures the table below expects."""
    found: Counter[str] = Counter()
    found["processes"] = len(case.processes)
    found["pools"] = sum(bool(p.pool) for p in case.processes)
    found["message flows"] = len(case.message_flows)
    info = case.structure.information if case.structure else []
    found["data objects"] = sum(i.kind in ("record", "document") for i in info)
    found["data stores"] = sum(i.kind == "data-store" for i in info)
    for process in case.processes:
        for variant in process.variants:
            found["lanes"] += len(variant.lanes)
            found["flows"] += len(variant.flows)
            found["labelled flows"] += sum(bool(f.name) for f in variant.flows)
            found["annotations"] += len(variant.annotations)
            found["attached annotations"] += sum(bool(a.attached_to) for a in variant.annotations)
            found["groups"] += sum("group" in k for k in variant.bpmn_kept)
            for node in variant.nodes:
                if node.type == "task":
                    found[f"task:{node.task_kind}"] += 1
                elif node.type in ("start", "end", "event"):
                    found[f"{node.type}:{node.event}"] += 1
                else:
                    found[node.type] += 1
                found["reads"] += len(node.reads)
                found["writes"] += len(node.writes)
    return +found


EXPECTED: dict[str, dict[str, int]] = {
    "aspose_Introduction_Drawing1.vsdx": {
        "processes": 1, "task:task": 1, "xor": 1, "start:none": 1, "end:none": 1, "flows": 4,
    },
    "aspose_Working-with-Layers_Drawing1.vsdx": {
        "processes": 1, "task:task": 1, "start:none": 1, "end:none": 1, "flows": 2,
    },
    "groupdocs_flowchart.vsdx": {
        "processes": 1, "task:task": 7, "start:none": 1, "end:none": 1,
        "flows": 5 + 3 + 3, "labelled flows": 3,
    },
    "vsdx_test4_connectors.vsdx": {
        "processes": 2, "task:task": 6, "start:none": 2, "end:none": 2, "flows": 8,
        "labelled flows": 2,
    },
    "vsdx_test5_master.vsdx": {
        "processes": 1, "task:task": 2, "start:none": 1, "end:none": 1, "flows": 3 + 2,
        "labelled flows": 3,
    },
    "bpmn-miwg_itp-commerce_B.1.0.vsdx": {
        "processes": 5, "pools": 2, "lanes": 2, "task:task": 4, "task:user": 2,
        "task:service": 2, "task:call": 3, "subprocess": 2, "and": 1, "xor": 4,
        "start:timer": 1, "start:message": 1, "start:none": 3, "end:message": 1, "end:none": 5,
        "flows": 26, "message flows": 2, "data objects": 1, "data stores": 1, "reads": 1,
        "writes": 1, "annotations": 1, "attached annotations": 1, "groups": 1,
    },
    "bpmn-miwg_itp-commerce_C.1.0.vsdx": {
        "processes": 2, "pools": 2, "lanes": 4, "task:task": 4, "task:user": 4,
        "task:service": 1, "event-gateway": 1, "xor": 2, "start:none": 1, "start:message": 1,
        "event:message": 2, "event:timer": 1, "end:none": 4, "flows": 20, "labelled flows": 4,
        "message flows": 5,
    },
}  # fmt: skip
NO_FLOW = [
    "vsdx-js_FlowchartShapes.vsdx",
    "vsdx_test10_nested_shapes.vsdx",
    "libvisio_tdf154379-QuickStyleFillMatrix.vsdx",
]


def test_every_file_of_the_corpus_is_covered(shared_data: Path) -> None:
    assert {p.name for p in (shared_data / "visio").glob("*.vsdx")} == {*EXPECTED, *NO_FLOW}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_drawing_imports_with_the_counts_read_from_its_pages(
    name: str, shared_data: Path, bpmn_schema: etree.XMLSchema
) -> None:
    case = read_visio(shared_data / "visio" / name).case
    assert counts(case) == Counter(EXPECTED[name])
    assert errors(validate(case)) == []
    for process in case.processes:
        if process.variants:
            analyze(case, process.id)  # raises on a flow that cannot be analysed
    data = write_bpmn(case)
    assert schema_errors(bpmn_schema, data) == []
    # Back from BPMN, the same counts; the BPMN reader gives each collapsed sub-process (drawn
    # without its content) an empty process of its own.
    back = counts(read_bpmn_bytes(data).case)
    collapsed = sum(n.type == "subprocess" and not n.calls
                    for p in case.processes for v in p.variants for n in v.nodes)  # fmt: skip
    assert back - Counter({"processes": collapsed}) == counts(case)


def test_bpmn_elements_of_the_visio_drawing_come_out_in_the_export(shared_data: Path) -> None:
    """The BPMN MIWG drawing B.1.0: its gateway, task, data and artefact kinds as BPMN elements."""
    case = read_visio(shared_data / "visio" / "bpmn-miwg_itp-commerce_B.1.0.vsdx").case
    exported = bpmn_counts(write_bpmn(case))
    wanted = {"parallelGateway": 1, "exclusiveGateway": 4, "userTask": 2, "serviceTask": 2,
              "callActivity": 3, "subProcess": 2, "messageFlow": 2, "textAnnotation": 1,
              "group": 1, "dataObjectReference": 1, "dataStoreReference": 1,
              "timerEventDefinition": 1, "messageEventDefinition": 2}  # fmt: skip
    assert {k: exported[k] for k in wanted} == wanted


@pytest.mark.parametrize("name", NO_FLOW)
def test_a_drawing_without_a_flow_is_a_clear_error(name: str, shared_data: Path) -> None:
    with pytest.raises(InterchangeError, match="no page holds a flow") as info:
        read_visio(shared_data / "visio" / name)
    assert name in str(info.value)
