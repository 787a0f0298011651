"""BPMN diagram interchange: shapes and edges for pools, lanes, nodes, flows, data and notes.

Positions come from bpmn_layout (our own layout); this module only turns them into BPMNDI.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from verksam.formats.bpmn_layout import HEADER, Box, Layout
from verksam.formats.bpmn_xml import BPMN, BPMNDI, DC, DI
from verksam.model import Case, Process

POOL_GAP = 40.0
DATA_STRIP = 110.0


def _b(tag: str) -> str:
    return f"{{{BPMN}}}{tag}"


def _sub(parent: etree._Element, ns: str, tag: str, **attrs: str) -> etree._Element:
    return etree.SubElement(parent, f"{{{ns}}}{tag}", {k: v for k, v in attrs.items() if v})


def _num(value: float) -> str:
    """The shortest text that reads back as the same number ('12' rather than '12.0')."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return repr(float(value))


@dataclass
class _Drawn:
    """What one process's plane needs: the layout and the BPMN ids of its parts."""

    layout: Layout
    dx: float
    dy: float
    ids: dict[str, str]  # node id -> BPMN id
    flow_ids: list[str]
    data_refs: list[tuple[str, str, bool]] = field(default_factory=list)  # (ref id, info, store)
    data_edges: list[tuple[str, str, str]] = field(default_factory=list)  # (assoc id, src, tgt)
    notes: list[tuple[str, str, str]] = field(default_factory=list)  # (annotation, assoc, node)
    # Kept elements of an imported file: (id, kind, host of a boundary event), and connectors.
    kept: list[tuple[str, str, str]] = field(default_factory=list)
    kept_edges: list[tuple[str, str, str]] = field(default_factory=list)  # (id, source, target)


class _DiagramWriter:
    """Writes the BPMNDI part; the semantic writer provides ids, the root and what it drew."""

    case: Case
    root: etree._Element
    boundary: set[str]
    subprocesses: set[str]

    def unique(self, wanted: str) -> str:
        raise NotImplementedError

    def diagram(
        self,
        collab_id: str,
        pools: list[Process],
        participants: dict[str, str],
        drawn: dict[str, _Drawn],
        message_edges: list[tuple[str, str, str]],
    ) -> None:
        dia = _sub(self.root, BPMNDI, "BPMNDiagram", id=self.unique(f"Diagram_{self.case.id}"))
        plane = _sub(
            dia, BPMNDI, "BPMNPlane", id=self.unique(f"Plane_{self.case.id}"), bpmnElement=collab_id
        )
        width = max([d.layout.width for d in drawn.values()] + [400.0])
        bounds: dict[str, Box] = {}
        y = 0.0
        for process in pools:
            d = drawn.get(process.id)
            strip = d is not None and bool(d.data_refs or d.notes or d.kept)
            height = (d.layout.height + (DATA_STRIP if strip else 0)) if d else 80.0
            pool = Box(0, y, width, max(height, 80.0))
            if process.id in participants:
                self.shape(plane, participants[process.id], pool, horizontal=True)
                bounds[participants[process.id]] = pool
            if d is not None:
                d.dx, d.dy = 0.0, y
                for lane_id, box in d.layout.lanes.items():
                    self.shape(
                        plane, lane_id, Box(box.x, box.y + y, width - box.x, box.h), horizontal=True
                    )
                self.draw_content(plane, d, bounds, strip_y=y + d.layout.height)
            y += pool.h + POOL_GAP
        for mid, src, tgt in message_edges:
            if src not in bounds or tgt not in bounds:
                continue  # an end inside a collapsed sub-process: drawn on no plane of this view
            a, b = bounds[src], bounds[tgt]
            start_y = a.y + a.h if a.cy < b.cy else a.y
            end_y = b.y if a.cy < b.cy else b.y + b.h
            x = a.cx if src not in participants.values() else b.cx
            x2 = b.cx if tgt not in participants.values() else x
            self.edge(
                plane,
                mid,
                [
                    (x, start_y),
                    (x, (start_y + end_y) / 2),
                    (x2, (start_y + end_y) / 2),
                    (x2, end_y),
                ],
            )

    def process_diagram(self, process_id: str, d: _Drawn) -> None:
        """The diagram of a process shown without a pool (the file it came from had none)."""
        dia = _sub(self.root, BPMNDI, "BPMNDiagram", id=self.unique(f"Diagram_{process_id}"))
        plane = _sub(
            dia, BPMNDI, "BPMNPlane", id=self.unique(f"Plane_{process_id}"), bpmnElement=process_id
        )
        width = max(d.layout.width, 400.0)
        for lane_id, box in d.layout.lanes.items():
            self.shape(plane, lane_id, Box(box.x, box.y, width - box.x, box.h), horizontal=True)
        self.draw_content(plane, d, {}, strip_y=d.layout.height)

    def sub_diagram(self, sub_id: str, d: _Drawn) -> None:
        dia = _sub(self.root, BPMNDI, "BPMNDiagram", id=self.unique(f"Diagram_{sub_id}"))
        plane = _sub(
            dia, BPMNDI, "BPMNPlane", id=self.unique(f"Plane_{sub_id}"), bpmnElement=sub_id
        )
        self.draw_content(plane, d, {}, strip_y=d.layout.height)

    def draw_content(
        self, plane: etree._Element, d: _Drawn, bounds: dict[str, Box], strip_y: float
    ) -> None:
        dx, dy = d.dx, d.dy
        boxes: dict[str, Box] = {}
        for node_id, box in d.layout.nodes.items():
            moved = Box(box.x + dx, box.y + dy, box.w, box.h)
            boxes[d.ids[node_id]] = moved
            bounds[d.ids[node_id]] = moved
        # Hosts before their boundary events, so the events are drawn on top.
        for bid, box in sorted(boxes.items(), key=lambda kv: kv[0] in self.boundary):
            expanded = "false" if bid in self.subprocesses else None
            self.shape(plane, bid, box, expanded=expanded)
        # Artifacts go in a strip under the lanes, each below the nodes it belongs to (the mean x
        # of its users), pushed right where they would overlap, so connectors stay short.
        users: dict[str, list[float]] = {}
        for _assoc, src, tgt in d.data_edges:
            ref, node = (src, tgt) if src not in boxes else (tgt, src)
            users.setdefault(ref, []).append(boxes[node].cx)
        for ann_id, _assoc, node_bid in d.notes:
            if node_bid:
                users.setdefault(ann_id, []).append(boxes[node_bid].cx)
        items = [
            (ref_id, (50.0, 50.0) if store else (36.0, 50.0)) for ref_id, _i, store in d.data_refs
        ]
        items += [(ann_id, (120.0, 40.0)) for ann_id, _a, _n in d.notes]
        wanted = {
            item: sum(users[item]) / len(users[item]) if item in users else HEADER * 2 + dx
            for item, _size in items
        }
        x = HEADER + dx + 10
        for item, (w, h) in sorted(items, key=lambda it: wanted[it[0]]):
            x = max(x, wanted[item] - w / 2)
            box = Box(x, strip_y + 30, w, h)
            boxes[item] = box
            self.shape(plane, item, box)
            x += max(w, 90.0) + 15  # labels are wider than the data symbols
        for i, flow_id in enumerate(d.flow_ids):
            points = d.layout.edges.get(i)
            if points:
                self.edge(plane, flow_id, [(px + dx, py + dy) for px, py in points])
        for assoc_id, src, tgt in d.data_edges:
            self.edge(plane, assoc_id, _connect(boxes[src], boxes[tgt]))
        for ann_id, assoc_id, node_bid in d.notes:
            if assoc_id:
                self.edge(plane, assoc_id, _connect(boxes[node_bid], boxes[ann_id]))
        self.draw_kept(plane, d, boxes, x, strip_y)

    def draw_kept(
        self, plane: etree._Element, d: _Drawn, boxes: dict[str, Box], x: float, strip_y: float
    ) -> None:
        """Kept elements: boundary events on their hosts, the rest in the strip, then connectors."""
        for element_id, kind, host in d.kept:
            if kind == "boundaryEvent" and host in boxes:
                h = boxes[host]
                box = Box(h.x + h.w - 30, h.y + h.h - 18, 36, 36)
            else:
                w, h_ = _KEPT_SIZES.get(kind, (100.0, 80.0))
                box = Box(x, strip_y + 30, w, h_)
                x += max(w, 90.0) + 15
            boxes[element_id] = box
            self.shape(plane, element_id, box)
        for edge_id, src, tgt in d.kept_edges:
            if src in boxes and tgt in boxes:
                self.edge(plane, edge_id, _connect(boxes[src], boxes[tgt]))

    def shape(
        self,
        plane: etree._Element,
        element_id: str,
        box: Box,
        *,
        horizontal: bool = False,
        expanded: str | None = None,
    ) -> None:
        shape = _sub(
            plane, BPMNDI, "BPMNShape", id=self.unique(f"{element_id}_di"), bpmnElement=element_id
        )
        if horizontal:
            shape.set("isHorizontal", "true")
        if expanded is not None:
            shape.set("isExpanded", expanded)
        _sub(shape, DC, "Bounds", x=_num(round(box.x, 1)), y=_num(round(box.y, 1)),
             width=_num(round(box.w, 1)), height=_num(round(box.h, 1)))  # fmt: skip

    def edge(
        self, plane: etree._Element, element_id: str, points: list[tuple[float, float]]
    ) -> None:
        edge = _sub(
            plane, BPMNDI, "BPMNEdge", id=self.unique(f"{element_id}_di"), bpmnElement=element_id
        )
        for px, py in points:
            wp = _sub(edge, DI, "waypoint")
            wp.set("x", _num(round(px, 1)))
            wp.set("y", _num(round(py, 1)))


_KEPT_SIZES = {
    "startEvent": (36.0, 36.0), "endEvent": (36.0, 36.0), "intermediateCatchEvent": (36.0, 36.0),
    "intermediateThrowEvent": (36.0, 36.0), "exclusiveGateway": (50.0, 50.0),
    "parallelGateway": (50.0, 50.0), "inclusiveGateway": (50.0, 50.0),
    "eventBasedGateway": (50.0, 50.0), "complexGateway": (50.0, 50.0),
    "dataObjectReference": (36.0, 50.0), "dataStoreReference": (50.0, 50.0),
    "textAnnotation": (120.0, 40.0),
}  # fmt: skip


def _connect(a: Box, b: Box) -> list[tuple[float, float]]:
    """A straight connector between the facing sides of two boxes."""
    if b.y >= a.y + a.h:
        return [(a.cx, a.y + a.h), (b.cx, b.y)]
    if a.y >= b.y + b.h:
        return [(a.cx, a.y), (b.cx, b.y + b.h)]
    return [(a.x + a.w, a.cy), (b.x, b.cy)] if b.x >= a.x else [(a.x, a.cy), (b.x + b.w, b.cy)]
