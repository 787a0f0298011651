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

from verksam.formats.bpmn import InterchangeError
from verksam.formats.visio import read_visio, read_visio_bytes
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


def cross_functional(shared_data: Path) -> bytes:
    """A cross-functional flowchart made of the real masters, as .vsdx bytes."""
    boxes = {sid: (x, y, w, h) for sid, _m, _t, x, y, w, h in STEPS}
    shapes = [_shape(1, 2, "Ansökan om skolskjuts", 5.0, 5.0, 8.0, 8.5)]
    shapes += [_shape(2 + i, 6, name, x, 4.75, 2.5, 8.0) for i, (name, x) in enumerate(LANES)]
    shapes += [_shape(*step) for step in STEPS]
    connects = []
    for cid, src, tgt, text, glued in CONNECTORS:
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
    page = (f"<?xml version='1.0' encoding='utf-8' ?><PageContents xmlns='{NS}'><Shapes>"
            f"{''.join(shapes)}</Shapes><Connects>{''.join(connects)}</Connects></PageContents>")  # fmt: skip
    source = zipfile.ZipFile(shared_data / MASTERS)
    out = io.BytesIO()
    with source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = page.encode() if info.filename == "visio/pages/page1.xml" else None
            target.writestr(info.filename, data if data is not None else source.read(info))
    return out.getvalue()


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


def test_bpmn_pools_and_lanes_drawn_in_visio_become_lanes_by_geometry(shared_data: Path) -> None:
    result = read_visio(shared_data / "visio" / "bpmn-miwg_itp-commerce_C.1.0.vsdx")
    nodes = _variant_nodes(result.case)
    assert nodes["Scan Invoice"] == ("task", "Team-Assistant")  # the pool names its unnamed lane
    assert nodes["Assign approver"][1] == "Team-Assistant"
    assert nodes["Assign Approver"] == ("task", "Team Assistant")
    assert nodes["7 days"][0] == "event"
    # Message flows between the pools are listed as not read, each by its shape id.
    assert sum("Message Flow" in n.kind for n in result.notes) == 5


def test_what_is_not_understood_is_listed(shared_data: Path) -> None:
    result = read_visio(shared_data / "visio" / "bpmn-miwg_itp-commerce_B.1.0.vsdx")
    listed = {n.kind: n.element for n in result.notes}
    assert {"Data Object", "Data Store", "Data Association"} <= set(listed)
    assert listed["Data Object"] == "My Diagram (1): shape 70"  # page and shape id


@pytest.mark.parametrize("name", ["vsdx_test10_nested_shapes.vsdx", "vsdx-js_FlowchartShapes.vsdx"])
def test_a_drawing_without_a_flow_is_a_clear_error(name: str, shared_data: Path) -> None:
    """Nested groups without connectors, and a stencil catalogue of empty shapes, hold no flow."""
    with pytest.raises(InterchangeError, match="no page holds flowchart shapes") as info:
        read_visio(shared_data / "visio" / name)
    assert name in str(info.value)


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
