"""Visio import: flowcharts and cross-functional flowcharts from ../shared/data/visio become processes.

No licensed real cross-functional flowchart exists in the shared data, so `cross_functional` builds
one here from the real Visio masters of the LibreOffice test file (CFF Container, Swimlane
(vertical), Process, Decision, Start/End, Dynamic connector): lane membership only by geometry,
some connectors glued and some only lying on their shapes.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from tests.interchange.interchange_helpers import schema_errors
from verksam.formats.bpmn import InterchangeError, write_bpmn
from verksam.formats.visio import branch, read_visio, read_visio_bytes
from verksam.formats.visio_kinds import gateway_type, kind
from verksam.formats.visio_parts import Page, Shape
from verksam.limits import Limits
from verksam.model import Case, errors, validate

MASTERS = "visio/libvisio_tdf154379-QuickStyleFillMatrix.vsdx"
NS = "http://schemas.microsoft.com/office/visio/2012/main"
# Master ids of that file: 2 CFF Container, 6 Swimlane (vertical), 8 Process, 9 Dynamic
# connector, 12 Decision, 13 Start/End.
LANES = [("Handläggare", 2.5), ("Enhetschef", 5.0), ("Sökande", 7.5)]
STEPS = [  # id, master, text, x, y, width, height
    (10, 13, "Ansökan kommer in", 7.5, 8.0, 1.4, 0.5),
    (11, 8, "Registrera ansökan", 2.5, 7.0, 1.4, 0.6),
    (12, 8, "Bedöma ansökan", 2.5, 5.5, 1.4, 0.6),
    (13, 12, "Komplett?", 2.5, 4.0, 1.0, 0.8),
    (14, 8, "Komplettera ansökan", 7.5, 4.0, 1.4, 0.6),
    (15, 8, "Besluta", 5.0, 2.5, 1.4, 0.6),
    (16, 13, "Beslut skickat", 5.0, 1.4, 1.4, 0.5),
]
CONNECTORS = [  # id, from, to, text, glued
    (20, 10, 11, "", True), (21, 11, 12, "", False), (22, 12, 13, "", True),
    (23, 13, 14, "Nej", False), (24, 14, 12, "", True), (25, 13, 15, "Ja", False),
    (26, 15, 16, "", True),
]  # fmt: skip


def _shape(sid: int, master: int, text: str, x: float, y: float, w: float, h: float) -> str:
    return (f"<Shape ID='{sid}' Type='Shape' Master='{master}'><Cell N='PinX' V='{x}'/>"
            f"<Cell N='PinY' V='{y}'/><Cell N='Width' V='{w}'/><Cell N='Height' V='{h}'/>"
            f"<Cell N='LocPinX' V='{w / 2}'/><Cell N='LocPinY' V='{h / 2}'/>"
            f"<Text>{text}</Text></Shape>")  # fmt: skip


def _edge(
    box: tuple[float, float, float, float], other: tuple[float, float]
) -> tuple[float, float]:
    """Where a connector leaves a box towards another point: the middle of the facing side."""
    x, y, w, h = box
    if abs(other[1] - y) >= abs(other[0] - x):
        return (x, y - h / 2 if other[1] < y else y + h / 2)
    return (x - w / 2 if other[0] < x else x + w / 2, y)


def _in_masters_file(shared_data: Path, shapes: list[str], connects: list[str]) -> bytes:
    """A .vsdx: the masters file with its first page replaced by these shapes and connections."""
    page = (f"<?xml version='1.0' encoding='utf-8' ?><PageContents xmlns='{NS}'><Shapes>"
            f"{''.join(shapes)}</Shapes><Connects>{''.join(connects)}</Connects></PageContents>")  # fmt: skip
    source = zipfile.ZipFile(shared_data / MASTERS)
    out = io.BytesIO()
    with source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = page.encode() if info.filename == "visio/pages/page1.xml" else None
            target.writestr(info.filename, data if data is not None else source.read(info))
    return out.getvalue()


def cross_functional(
    shared_data: Path,
    steps: list[tuple[int, int, str, float, float, float, float]] = STEPS,
    connectors: list[tuple[int, int, int, str, bool]] = CONNECTORS,
    lanes: list[tuple[str, float]] = LANES,
) -> bytes:
    """A cross-functional flowchart made of the real masters, as .vsdx bytes."""
    boxes = {sid: (x, y, w, h) for sid, _m, _t, x, y, w, h in steps}
    shapes = [_shape(1, 2, "Ansökan om skolskjuts", 5.0, 5.0, 8.0, 8.5)]
    shapes += [_shape(2 + i, 6, name, x, 4.75, 2.5, 8.0) for i, (name, x) in enumerate(lanes)]
    shapes += [_shape(*step) for step in steps]
    connects = []
    for cid, src, tgt, text, glued in connectors:
        begin = _edge(boxes[src], boxes[tgt][:2])
        end = _edge(boxes[tgt], boxes[src][:2])
        shapes.append(
            f"<Shape ID='{cid}' Type='Shape' Master='9'><Cell N='BeginX' V='{begin[0]}'/>"
            f"<Cell N='BeginY' V='{begin[1]}'/><Cell N='EndX' V='{end[0]}'/>"
            f"<Cell N='EndY' V='{end[1]}'/><Text>{text}</Text></Shape>"
        )
        if glued:
            connects += [
                f"<Connect FromSheet='{cid}' FromCell='BeginX' ToSheet='{src}' ToCell='PinX'/>",
                f"<Connect FromSheet='{cid}' FromCell='EndX' ToSheet='{tgt}' ToCell='PinX'/>",
            ]
    return _in_masters_file(shared_data, shapes, connects)


def _variant_nodes(case: Case) -> dict[str, tuple[str, str | None]]:
    variant = case.processes[0].variants[0]
    lanes = {lane.id: lane.name for lane in variant.lanes}
    return {n.name: (n.type, lanes.get(n.lane or "")) for n in variant.nodes}


def test_a_cross_functional_flowchart_becomes_a_process_with_lanes_as_roles(
    shared_data: Path,
) -> None:
    result = read_visio_bytes(cross_functional(shared_data), "skolskjuts.vsdx")
    case = result.case
    variant = case.processes[0].variants[0]
    assert case.processes[0].name == "Ansökan om skolskjuts"  # the frame's title
    assert [lane.name for lane in variant.lanes] == ["Handläggare", "Enhetschef", "Sökande"]
    assert case.structure is not None
    assert {r.name for r in case.structure.roles} == {"Handläggare", "Enhetschef", "Sökande"}
    assert _variant_nodes(case) == {
        "Ansökan kommer in": ("start", "Sökande"),
        "Registrera ansökan": ("task", "Handläggare"),
        "Bedöma ansökan": ("task", "Handläggare"),
        "Komplett?": ("xor", "Handläggare"),
        "Komplettera ansökan": ("task", "Sökande"),
        "Besluta": ("task", "Enhetschef"),
        "Beslut skickat": ("end", "Enhetschef"),
    }
    names = {n.id: n.name for n in variant.nodes}
    flows = {(names[f.source], names[f.target], f.name) for f in variant.flows}
    assert flows == {
        ("Ansökan kommer in", "Registrera ansökan", ""),
        ("Registrera ansökan", "Bedöma ansökan", ""),  # not glued: found by geometry
        ("Bedöma ansökan", "Komplett?", ""),
        ("Komplett?", "Komplettera ansökan", "Nej"),
        ("Komplettera ansökan", "Bedöma ansökan", ""),
        ("Komplett?", "Besluta", "Ja"),
        ("Besluta", "Beslut skickat", ""),
    }
    assert errors(validate(case)) == []


@pytest.mark.parametrize(
    "name,expected",
    [
        ("aspose_Introduction_Drawing1.vsdx",
         {("Start", "Process", ""), ("Process", "Decision", ""), ("Decision", "End", "")}),
        ("vsdx_test4_connectors.vsdx",
         {("Shape A", "Shape B", ""), ("Shape B", "Shape C", "")}),
    ],
)  # fmt: skip
def test_a_classic_flowchart_keeps_its_steps_and_connectors(
    name: str, expected: set[tuple[str, str, str]], shared_data: Path
) -> None:
    case = read_visio(shared_data / "visio" / name).case
    variant = case.processes[0].variants[0]
    names = {n.id: n.name for n in variant.nodes}
    flows = {(names[f.source], names[f.target], f.name) for f in variant.flows}
    assert expected <= flows
    assert errors(validate(case)) == []


def test_connector_labels_become_flow_names(shared_data: Path) -> None:
    case = read_visio(shared_data / "visio" / "groupdocs_flowchart.vsdx").case
    labels = [f.name for f in case.processes[0].variants[0].flows if f.name]
    assert sorted(labels) == ["Deploy", "Deploy", "Merge"]  # the fourth joins only one shape


def test_lines_without_recorded_connections_are_joined_by_where_they_end(
    shared_data: Path,
) -> None:
    """The Lucidchart export has no Connects: its three lines still join Shape A and Shape B."""
    case = read_visio(shared_data / "visio" / "vsdx_test5_master.vsdx").case
    variant = case.processes[0].variants[0]
    names = {n.id: n.name for n in variant.nodes}
    between = [(names[f.source], names[f.target]) for f in variant.flows
               if {names[f.source], names[f.target]} == {"Shape A", "Shape B"}]  # fmt: skip
    assert sorted(between) == [("Shape A", "Shape B"), ("Shape A", "Shape B"),
                               ("Shape B", "Shape A")]  # fmt: skip
    assert errors(validate(case)) == []


def _process_nodes(case: Case, name: str) -> dict[str, tuple[str, str | None]]:
    process = next(p for p in case.processes if p.name == name)
    variant = process.variants[0]
    lanes = {lane.id: lane.name for lane in variant.lanes}
    return {n.name: (n.type, lanes.get(n.lane or "")) for n in variant.nodes}


def test_each_pool_drawn_in_visio_becomes_a_process_with_its_lanes_by_geometry(
    shared_data: Path,
) -> None:
    result = read_visio(shared_data / "visio" / "bpmn-miwg_itp-commerce_C.1.0.vsdx")
    case = result.case
    assistant = _process_nodes(case, "Team-Assistant")
    assert assistant["Scan Invoice"] == ("task", "Team-Assistant")  # the pool names its lane
    assert assistant["7 days"] == ("event", "Team-Assistant")
    invoice = _process_nodes(case, "BPMN MIWG Test Case C.1.0")
    assert invoice["Assign Approver"] == ("task", "Team Assistant")
    assert invoice["Approve Invoice"] == ("task", "Approver")
    assert invoice["Archive Invoice"] == ("task", "Accountant")
    # The message flows between the pools, each from a step of one to a step of the other.
    by_id = {n.id: n.name for p in case.processes for n in p.variants[0].nodes}
    messages = {(by_id[m.source or ""], by_id[m.target or ""]) for m in case.message_flows}
    assert ("Scan Invoice", "Invoice received") in messages
    assert ("Rechnung klären", "Invoice review needed") in messages
    assert {m.source_process for m in case.message_flows} == {p.id for p in case.processes}
    # Decisions keep their yes/no labels as the branches' names and conditions.
    invoice_flows = next(p for p in case.processes if p.name.startswith("BPMN")).variants[0].flows
    assert sorted((f.name, f.condition) for f in invoice_flows if f.name) == [
        ("no", "no"), ("no", "no"), ("yes", "yes"), ("yes", "yes")]  # fmt: skip


def test_what_was_read_by_a_guess_or_left_out_is_listed_by_page_and_text(
    shared_data: Path,
) -> None:
    result = read_visio(shared_data / "visio" / "bpmn-miwg_itp-commerce_C.1.0.vsdx")
    listed = {(n.code, n.element.partition(": ")[0], n.name) for n in result.notes}
    assert listed == {
        # The start event's marker is a picture and no message flow reaches it.
        ("event-guessed", "Collaboration C.1.0", "Invoice received"),
        # The unnamed gateway: every way out waits for an event.
        ("gateway-event", "Collaboration C.1.0", ""),
    }
    pages = read_visio(shared_data / "visio" / "vsdx_test4_connectors.vsdx").notes
    assert [(n.code, n.element) for n in pages] == [("page-empty", "Page-3")]
    loose = read_visio(shared_data / "visio" / "groupdocs_flowchart.vsdx").notes
    assert [(n.code, n.name) for n in loose] == [("dangling", "Merge")]


def test_bad_packages_are_refused_naming_the_file_and_part(shared_data: Path) -> None:
    with pytest.raises(InterchangeError, match=r"not a Visio \.vsdx file") as info:
        read_visio_bytes(b"PK-not-really", "broken.vsdx")
    assert "broken.vsdx" in str(info.value)
    good = cross_functional(shared_data)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(out, "w") as target:
        for info_ in source.infolist():
            data = source.read(info_)
            if info_.filename == "visio/pages/page1.xml":
                data = data.replace(b"</Shapes>", b"<Shape ID='99'>")  # unclosed
            target.writestr(info_.filename, data)
    with pytest.raises(InterchangeError, match="malformed XML") as info:
        read_visio_bytes(out.getvalue(), "cut.vsdx")
    assert "cut.vsdx: visio/pages/page1.xml" in str(info.value)


def test_a_zip_bomb_is_stopped_at_the_uncompressed_limit(shared_data: Path) -> None:
    data = cross_functional(shared_data)
    with pytest.raises(InterchangeError, match="larger than the limit") as info:
        read_visio_bytes(data, "big.vsdx", Limits(uncompressed_bytes=50_000))
    assert "big.vsdx" in str(info.value)


# A page drawn with the shape data of Microsoft's BPMN stencil (row names and values as the stencil
# writes them; the masters themselves are not redistributable, so the shapes carry their own NameU).
BPMN_SHAPES = [  # id, NameU, text, x, y, shape data
    (1, "Start Event", "Ansökan kommer in", 1, 5, {"BpmnEventType": "Start",
                                                   "BpmnTriggerOrResult": "Timer"}),
    (2, "Task", "Registrera", 2.5, 5, {"BpmnTaskType": "User"}),
    (3, "Gateway", "", 4, 5, {"BpmnGatewayType": "Parallel"}),
    (4, "Task", "Skicka bekräftelse", 5.5, 6, {"BpmnTaskType": "Send"}),
    (5, "Task", "Bedöma", 5.5, 4, {"BpmnTaskType": "None"}),
    (6, "Gateway", "", 7, 5, {"BpmnGatewayType": "Parallel"}),
    (7, "Gateway", "Komplett?", 8.5, 5, {"BpmnGatewayType": "Exclusive"}),
    (8, "Task", "Besluta", 10, 6, {"BpmnTaskType": "Manual"}),
    (9, "End Event", "Beslut skickat", 11.5, 6, {"BpmnEventType": "End",
                                                 "BpmnTriggerOrResult": "Terminate"}),
    (10, "Gateway", "", 10, 4, {"BpmnGatewayType": "Exclusive Event (Instantiate)"}),
    (11, "Intermediate Event", "Komplettering inkommer", 11.5, 4.5,
     {"BpmnEventType": "Intermediate", "BpmnTriggerOrResult": "Message"}),
    (12, "Intermediate Event", "30 dagar", 11.5, 3.5,
     {"BpmnEventType": "Intermediate", "BpmnTriggerOrResult": "Timer"}),
    (13, "End Event", "Avskrivet", 13, 3.5, {"BpmnEventType": "End"}),
    (14, "Data Object", "Ansökan", 2.5, 7, {}),
    (15, "Data Store", "Ärendesystem", 10, 8, {}),
    (16, "Text Annotation", "Inom två veckor", 12, 7.5, {}),
    # On the border of Besluta: a boundary event.
    (17, "Intermediate Event", "Efter fem dagar", 10, 5.7,
     {"BpmnEventType": "Intermediate (Non-Interrupting)", "BpmnTriggerOrResult": "Timer"}),
    (18, "Task", "Påminna", 10, 1.5, {}),
    (19, "End Event", "Påmint", 11.5, 1.5, {}),
]  # fmt: skip
BPMN_LINES = [  # id, NameU, from, to, text
    (20, "Sequence Flow", 1, 2, ""), (21, "Sequence Flow", 2, 3, ""),
    (22, "Sequence Flow", 3, 4, ""), (23, "Sequence Flow", 3, 5, ""),
    (24, "Sequence Flow", 4, 6, ""), (25, "Sequence Flow", 5, 6, ""),
    (26, "Sequence Flow", 6, 7, ""), (27, "Sequence Flow", 7, 8, "Ja 70 %"),
    (28, "Sequence Flow", 7, 10, "Nej (30 %)"), (29, "Sequence Flow", 8, 9, ""),
    (30, "Sequence Flow", 10, 11, ""), (31, "Sequence Flow", 10, 12, ""),
    (32, "Sequence Flow", 11, 8, ""), (33, "Sequence Flow", 12, 13, ""),
    (34, "Association", 14, 2, ""), (35, "Association", 8, 15, ""),
    (36, "Association", 16, 8, ""), (37, "Sequence Flow", 17, 18, ""),
    (38, "Sequence Flow", 18, 19, ""),
]  # fmt: skip


def bpmn_stencil_page(
    shared_data: Path,
    shape_rows: list[tuple[int, str, str, float, float, dict[str, str]]] = BPMN_SHAPES,
    line_rows: list[tuple[int, str, int, int, str]] = BPMN_LINES,
) -> bytes:
    """A .vsdx whose one page holds BPMN stencil shapes with their shape data."""
    shapes = []
    for sid, name, text, x, y, props in shape_rows:
        rows = "".join(f"<Row N='{k}'><Cell N='Value' V='{v}'/></Row>" for k, v in props.items())
        shapes.append(
            f"<Shape ID='{sid}' NameU='{name}' Type='Shape'><Cell N='PinX' V='{x}'/>"
            f"<Cell N='PinY' V='{y}'/><Cell N='Width' V='0.8'/><Cell N='Height' V='0.6'/>"
            f"<Section N='Property'>{rows}</Section><Text>{text}</Text></Shape>"
        )
    where = {sid: (x, y) for sid, _n, _t, x, y, _p in shape_rows}
    connects = []
    for cid, name, src, tgt, text in line_rows:
        (bx, by), (ex, ey) = where[src], where[tgt]
        shapes.append(
            f"<Shape ID='{cid}' NameU='{name}' Type='Shape'><Cell N='BeginX' V='{bx}'/>"
            f"<Cell N='BeginY' V='{by}'/><Cell N='EndX' V='{ex}'/><Cell N='EndY' V='{ey}'/>"
            f"<Text>{text}</Text></Shape>"
        )
        connects += [
            f"<Connect FromSheet='{cid}' FromCell='BeginX' ToSheet='{src}' ToCell='PinX'/>",
            f"<Connect FromSheet='{cid}' FromCell='EndX' ToSheet='{tgt}' ToCell='PinX'/>",
        ]
    return _in_masters_file(shared_data, shapes, connects)


def test_bpmn_stencil_shape_data_gives_gateway_task_and_event_types(shared_data: Path) -> None:
    result = read_visio_bytes(bpmn_stencil_page(shared_data), "bygglov.vsdx")
    case = result.case
    variant = case.processes[0].variants[0]
    by_name = {n.name: n for n in variant.nodes}
    assert [n.type for n in variant.nodes if n.type in ("xor", "and", "or", "event-gateway")] \
        == ["and", "and", "xor", "event-gateway"]  # fmt: skip
    assert (by_name["Registrera"].task_kind, by_name["Skicka bekräftelse"].task_kind,
            by_name["Besluta"].task_kind, by_name["Bedöma"].task_kind) == (
        "user", "send", "manual", "task")  # fmt: skip
    assert (by_name["Ansökan kommer in"].type, by_name["Ansökan kommer in"].event) == (
        "start",
        "timer",
    )
    assert by_name["Beslut skickat"].event == "terminate"
    assert (by_name["Komplettering inkommer"].event, by_name["30 dagar"].event) == (
        "message",
        "timer",
    )
    # A percentage in a label is the branch's probability; the rest of the label names it.
    names = {n.id: n.name for n in variant.nodes}
    split = {(names[f.target], f.name, f.condition, f.probability) for f in variant.flows
             if names[f.source] == "Komplett?"}  # fmt: skip
    assert split == {("Besluta", "Ja", "Ja", 0.7), ("", "Nej", "Nej", 0.3)}
    # Data through associations, and the annotation on its step.
    assert case.structure is not None
    info = {i.id: (i.name, i.kind) for i in case.structure.information}
    assert [info[i] for i in by_name["Registrera"].reads] == [("Ansökan", "record")]
    assert [info[i] for i in by_name["Besluta"].writes] == [("Ärendesystem", "data-store")]
    assert [(a.text, names[a.attached_to or ""]) for a in variant.annotations] == [
        ("Inom två veckor", "Besluta")]  # fmt: skip
    # An event on an activity's border that no flow leads to is attached to it.
    reminder = by_name["Efter fem dagar"]
    assert (names[reminder.attached_to or ""], reminder.interrupting, reminder.event) == (
        "Besluta", False, "timer")  # fmt: skip
    assert result.notes == []
    assert errors(validate(case)) == []


@pytest.mark.parametrize(
    "label,expected",
    [("Ja", ("Ja", None)), ("Ja 30 %", ("Ja", 0.3)), ("Nej (70%)", ("Nej", 0.7)),
     ("12,5 % avslag", ("avslag", 0.125)), ("150 %", ("150 %", None))],
)  # fmt: skip
def test_a_connector_label_gives_the_branch_name_and_probability(
    label: str, expected: tuple[str, float | None]
) -> None:
    assert branch(label) == expected


@pytest.mark.parametrize(
    "master,expected",
    [  # the Visio 2016 flowchart stencil (the masters of vsdx-js_FlowchartShapes.vsdx)
     ("Process", "task"), ("Decision", "gateway"), ("Subprocess", "subprocess"),
     ("Start/End", "terminator"), ("Document", "data-object"), ("Data", "data-object"),
     ("Database", "data-store"), ("External Data", "data-store"), ("Custom 1", "other"),
     ("On-page reference", "other"),
     # cross-functional flowcharts (the masters of the LibreOffice file)
     ("CFF Container", "pool"), ("Swimlane (vertical)", "lane"), ("Phase List", "ignore"),
     # BPMN stencils (Microsoft's and the itp-commerce add-in's)
     ("Pool / Lane", "lane"), ("Pool", "pool"), ("Black-Box Pool", "pool"),
     ("Expanded Sub-Process", "subprocess"), ("Call Activity (Task)", "call"),
     ("Intermediate Event", "event"), ("Start Event", "start"), ("End", "end"),
     ("Text Annotation", "annotation"), ("Group", "group"), ("Data Store", "data-store"),
     ("Message", "ignore")],
)  # fmt: skip
def test_a_master_name_says_what_a_shape_is(master: str, expected: str) -> None:
    assert kind(Shape(id="1", name=master, text="", x=0, y=0, w=1, h=1, one_d=False)) == expected


@pytest.mark.parametrize(
    "data,expected",
    [("Exclusive", "xor"), ("Parallel", "and"), ("Inclusive", "or"), ("Complex", "complex"),
     ("Exclusive Event (Instantiate)", "event-gateway"),
     ("Parallel Event (Instantiate)", "event-gateway")],
)  # fmt: skip
def test_the_gateway_type_of_the_bpmn_stencil_shape_data(data: str, expected: str) -> None:
    shape = Shape(id="1", name="Gateway", text="", x=0, y=0, w=1, h=1, one_d=False,
                  props={"BpmnGatewayType": data})  # fmt: skip
    assert gateway_type(Page("p", {"1": shape}, {}), shape).value == expected


def test_flowchart_documents_are_read_and_written_by_the_steps_they_join(
    shared_data: Path,
) -> None:
    """Document shapes (master 10 of the LibreOffice file) joined to steps by plain connectors."""
    steps = [  # id, master, text, x, y, width, height
        (10, 13, "Start", 2.5, 8.0, 1.4, 0.5), (11, 8, "Registrera", 2.5, 6.5, 1.4, 0.6),
        (12, 10, "Ansökan", 5.0, 6.5, 1.4, 0.8), (13, 10, "Kvitto", 2.5, 5.0, 1.4, 0.8),
        (14, 8, "Arkivera", 2.5, 3.5, 1.4, 0.6), (15, 10, "Akt", 5.0, 3.5, 1.4, 0.8),
        (16, 13, "Slut", 2.5, 2.0, 1.4, 0.5),
    ]  # fmt: skip
    connectors = [
        (20, 10, 11, "", True), (21, 12, 11, "", True), (22, 11, 13, "", True),
        (23, 13, 14, "", False), (24, 14, 15, "", True), (25, 14, 16, "", True),
    ]  # fmt: skip
    result = read_visio_bytes(cross_functional(shared_data, steps, connectors, LANES[:1]), "a.vsdx")
    variant = result.case.processes[0].variants[0]
    assert result.case.structure is not None
    info = {i.id: (i.name, i.kind) for i in result.case.structure.information}
    by_name = {n.name: n for n in variant.nodes}
    assert [info[i] for i in by_name["Registrera"].reads] == [("Ansökan", "document")]
    assert [info[i] for i in by_name["Arkivera"].writes] == [("Akt", "document")]
    # The receipt lies in the flow (a connector in and one out): a step, and said so.
    assert by_name["Kvitto"].type == "task"
    assert [(n.code, n.name) for n in result.notes] == [("middle", "Kvitto")]
    assert errors(validate(result.case)) == []


def test_what_an_expanded_sub_process_holds_is_the_process_it_calls(shared_data: Path) -> None:
    """B.1.0: the shapes drawn inside "Sub Process - Expanded" (by their centres) are its content."""
    case = read_visio(shared_data / "visio" / "bpmn-miwg_itp-commerce_B.1.0.vsdx").case
    pool = next(p for p in case.processes if p.name == "Pool")
    outer = {n.name: n for n in pool.variants[0].nodes}
    sub, call = outer["Sub Process - Expanded"], outer["Call Activity - Expanded"]
    assert (sub.type, call.type, call.task_kind) == ("subprocess", "task", "call")
    inner = case.process(sub.calls or "")
    assert [n.name for n in inner.variants[0].nodes] == [
        "Start Event None 2", "Abstract Task 6", "End Event None 3"]  # fmt: skip
    assert inner.pool == ""  # no pool of its own
    called = case.process(call.calls or "")
    assert {n.name for n in called.variants[0].nodes} == {
        "Start Event None 1", "Abstract Task 4", "End Event None 2"}  # fmt: skip
    assert outer["Collapsed Sub-Process"].calls is None
    assert "Abstract Task 6" not in outer


def test_two_cross_functional_frames_on_a_page_are_two_processes(shared_data: Path) -> None:
    """Two CFF Containers (master 2) side by side, a swimlane (6) in each; a connector from one to
    the other is no sequence flow (a note says so)."""
    shapes = [
        _shape(1, 2, "Bygglov", 3.0, 5.0, 5.0, 6.0), _shape(2, 6, "Handläggare", 3.0, 4.75, 4.5, 5.5),
        _shape(3, 2, "Tillsyn", 9.0, 5.0, 5.0, 6.0), _shape(4, 6, "Inspektör", 9.0, 4.75, 4.5, 5.5),
        _shape(10, 13, "Ansökan", 3.0, 7.0, 1.4, 0.5), _shape(11, 8, "Pröva", 3.0, 5.0, 1.4, 0.6),
        _shape(12, 13, "Beslut", 3.0, 3.0, 1.4, 0.5), _shape(13, 8, "Besöka", 9.0, 5.0, 1.4, 0.6),
    ]  # fmt: skip
    lines = [(20, 10, 11, ""), (21, 11, 12, ""), (22, 11, 13, "Underrätta")]
    connects = []
    for cid, src, tgt, text in lines:
        shapes.append(f"<Shape ID='{cid}' Type='Shape' Master='9'><Text>{text}</Text></Shape>")
        connects += [
            f"<Connect FromSheet='{cid}' FromCell='BeginX' ToSheet='{src}' ToCell='PinX'/>",
            f"<Connect FromSheet='{cid}' FromCell='EndX' ToSheet='{tgt}' ToCell='PinX'/>",
        ]
    page = (f"<?xml version='1.0' encoding='utf-8' ?><PageContents xmlns='{NS}'><Shapes>"
            f"{''.join(shapes)}</Shapes><Connects>{''.join(connects)}</Connects></PageContents>")  # fmt: skip
    out = io.BytesIO()
    with zipfile.ZipFile(shared_data / MASTERS) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            own = info.filename == "visio/pages/page1.xml"
            target.writestr(info.filename, page.encode() if own else source.read(info))
    result = read_visio_bytes(out.getvalue(), "miljo.vsdx")
    processes = {p.name: p.variants[0] for p in result.case.processes}
    assert sorted(processes) == ["Bygglov", "Tillsyn"]
    assert [lane.name for lane in processes["Bygglov"].lanes] == ["Handläggare"]
    assert {n.name for n in processes["Tillsyn"].nodes if n.type == "task"} == {"Besöka"}
    assert [(n.code, n.name) for n in result.notes] == [("crosses", "Underrätta")]
    assert errors(validate(result.case)) == []


def test_a_lane_drawn_around_lanes_holds_them_as_a_unit(
    shared_data: Path, bpmn_schema: etree.XMLSchema
) -> None:
    """A Swimlane (master 6) as wide as two others around them: the department and its teams."""
    shapes = [
        _shape(1, 2, "Ekonomi", 4.0, 5.0, 7.0, 8.5),
        _shape(2, 6, "Ekonomiavdelningen", 3.0, 4.75, 5.0, 8.0),
        _shape(3, 6, "Kundreskontra", 1.75, 4.5, 2.5, 7.0),
        _shape(4, 6, "Leverantörsreskontra", 4.25, 4.5, 2.5, 7.0),
        _shape(5, 6, "Revisor", 6.75, 4.75, 2.5, 8.0),
        _shape(10, 13, "Faktura kommer", 1.75, 7.0, 1.4, 0.5),
        _shape(11, 8, "Registrera", 4.25, 5.0, 1.4, 0.6),
        _shape(12, 8, "Granska", 6.75, 3.5, 1.4, 0.6),
        _shape(13, 13, "Betald", 6.75, 2.0, 1.4, 0.5),
    ]  # fmt: skip
    connects = []
    for cid, src, tgt in [(20, 10, 11), (21, 11, 12), (22, 12, 13)]:
        shapes.append(f"<Shape ID='{cid}' Type='Shape' Master='9'/>")
        connects += [
            f"<Connect FromSheet='{cid}' FromCell='BeginX' ToSheet='{src}' ToCell='PinX'/>",
            f"<Connect FromSheet='{cid}' FromCell='EndX' ToSheet='{tgt}' ToCell='PinX'/>",
        ]
    page = (f"<?xml version='1.0' encoding='utf-8' ?><PageContents xmlns='{NS}'><Shapes>"
            f"{''.join(shapes)}</Shapes><Connects>{''.join(connects)}</Connects></PageContents>")  # fmt: skip
    out = io.BytesIO()
    with zipfile.ZipFile(shared_data / MASTERS) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            own = info.filename == "visio/pages/page1.xml"
            target.writestr(info.filename, page.encode() if own else source.read(info))
    case = read_visio_bytes(out.getvalue(), "ekonomi.vsdx").case
    variant = case.processes[0].variants[0]
    lanes = {lane.id: lane for lane in variant.lanes}
    shown = [(lane.name, lanes[lane.parent].name if lane.parent else None, bool(lane.unit),
              bool(lane.role)) for lane in variant.lanes]  # fmt: skip
    assert shown == [  # the outer lane first, then its lanes, in reading order
        ("Ekonomiavdelningen", None, True, False),
        ("Kundreskontra", "Ekonomiavdelningen", False, True),
        ("Leverantörsreskontra", "Ekonomiavdelningen", False, True),
        ("Revisor", None, False, True),
    ]
    assert case.structure is not None
    (unit,) = case.structure.units
    assert unit.name == "Ekonomiavdelningen"
    assert {r.name: r.unit for r in case.structure.roles} == {
        "Kundreskontra": unit.id, "Leverantörsreskontra": unit.id, "Revisor": None}  # fmt: skip
    names = {n.name: lanes[n.lane or ""].name for n in variant.nodes if n.name}
    assert names["Registrera"] == "Leverantörsreskontra"  # the innermost lane it lies in
    assert names["Faktura kommer"] == "Kundreskontra"
    assert errors(validate(case)) == []
    data = write_bpmn(case)  # the teams' lanes in the department's child lane set
    assert schema_errors(bpmn_schema, data) == []
    assert len(etree.fromstring(data).findall(".//{*}childLaneSet/{*}lane")) == 2


def test_a_flowchart_note_joined_to_a_step_by_a_connector_is_its_annotation(
    shared_data: Path,
) -> None:
    shapes = [
        (1, "Start/End", "Start", 1, 5, {}), (2, "Process", "Ta emot", 2.5, 5, {}),
        (3, "Database", "Diariet", 2.5, 7, {}), (4, "Start/End", "Slut", 4, 5, {}),
        (5, "Note", "Samma dag", 2.5, 3, {}),
    ]  # fmt: skip
    lines = [
        (10, "Dynamic connector", 1, 2, ""), (11, "Dynamic connector", 2, 4, ""),
        (12, "Dynamic connector", 2, 3, ""), (13, "Dynamic connector", 5, 2, ""),
    ]  # fmt: skip
    result = read_visio_bytes(bpmn_stencil_page(shared_data, shapes, lines), "diarie.vsdx")
    variant = result.case.processes[0].variants[0]
    names = {n.id: n.name for n in variant.nodes}
    assert [(a.text, names[a.attached_to or ""]) for a in variant.annotations] == [
        ("Samma dag", "Ta emot")]  # fmt: skip
    assert result.case.structure is not None
    assert [(i.name, i.kind) for i in result.case.structure.information] == [
        ("Diariet", "data-store")]  # fmt: skip
    step = next(n for n in variant.nodes if n.name == "Ta emot")
    assert step.writes == [result.case.structure.information[0].id]
    assert [
        f for f in variant.flows if "Samma dag" in (names.get(f.target), names.get(f.source))
    ] == []
    assert result.notes == []


def test_shapes_in_groups_nested_three_deep_are_placed_on_the_page(shared_data: Path) -> None:
    """Inside a group, PinX/PinY are relative to the group's own corner. Expected corners worked
    out by hand from the page XML of vsdx_test10_nested_shapes (inches, bottom-left corner =
    Pin - LocPin, plus the corners of the groups around it): group "Shape 1" at (0.7874, 9.7244),
    "Shape 1.2" at 0.7874 + 2.4803 - 0.6693 = 2.5984."""
    from verksam.formats.visio_parts import read_pages

    path = shared_data / "visio" / "vsdx_test10_nested_shapes.vsdx"
    (page,) = read_pages(path.read_bytes(), path.name)
    by_text = {s.text: s for s in page.shapes.values()}
    corners = {
        "Shape 1": (0.7874, 9.7244),
        "Shape 1.1.1": (0.7874, 10.2362),
        "Shape 1.1.2": (0.7874, 9.7244),
        "Shape 1.2.1": (2.5984, 10.2362),
        "Shape 1.2.2": (2.5984, 9.7244),
    }
    for text, (x, y) in corners.items():
        shape = by_text[text]
        assert (shape.x, shape.y) == (pytest.approx(x, abs=1e-3), pytest.approx(y, abs=1e-3)), text
    group = by_text["Shape 1"]
    for text in ("Shape 1.1.1", "Shape 1.2.2"):  # the leaves lie inside the outer group's box
        leaf = by_text[text]
        assert group.x - 1e-6 <= leaf.x and leaf.x + leaf.w <= group.x + group.w + 1e-6
        assert group.y - 1e-6 <= leaf.y and leaf.y + leaf.h <= group.y + group.h + 1e-6
    assert by_text["Shape 1.1.1"].parent == by_text["Shape 1.1"].id
