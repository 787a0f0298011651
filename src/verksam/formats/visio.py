"""Visio import: flowcharts and cross-functional flowcharts (.vsdx) as processes with lanes.

Each page with flowchart shapes becomes a process with one variant (`as-is`). Shapes are known by
their master: process, sub-process, task and rectangle shapes become activities, decision and
gateway shapes exclusive gateways, start/end (terminator) shapes start or end events by the way
their connectors run; swimlanes (cross-functional flowcharts, BPMN lanes and pools drawn in Visio)
become lanes backed by a role named after the lane. Connectors become flows, their text the flow's
name. Where Visio recorded no connection (a connector not glued, a Lucidchart export) a connector
end joins the shape it lies on or next to; a shape's lane is the lane its centre lies in. A page
without a start or end event gets one. Every shape that is not understood is listed as a note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from verksam.formats.bpmn_xml import InterchangeError, Note
from verksam.formats.visio_parts import Page, Shape, read_pages, read_vsdx_file
from verksam.limits import Limits
from verksam.model import Case, Flow, Lane, Node, Process, Role, Structure, Variant
from verksam.model.steps import make_id

# Master names (lower case, without Visio's ".12" suffix) → what they are.
_LANES = re.compile(r"swimlane|\blane\b|functional band|\bpool\b")
_IGNORED = re.compile(r"cff container|swimlane list|phase list|separator|\bphase\b|theme|^solid$")
_GATEWAYS = re.compile(r"decision|gateway|diamond")
_TERMINATORS = re.compile(r"start/end|terminator")
_STARTS = re.compile(r"^start")
_ENDS = re.compile(r"^end")
_EVENTS = re.compile(r"intermediate|event")
_ACTIVITIES = re.compile(
    r"process|task|activity|sub-?process|rectangle|square|processblock|rounded"
)
_NOT_FLOWS = re.compile(r"message flow|association|data association")
TOLERANCE = 0.15  # inches: how far a connector end may lie from the shape it joins


@dataclass
class VisioImport:
    """The imported case and a note for each shape not understood or left out."""

    case: Case
    notes: list[Note] = field(default_factory=list)


def _ident(text: str, taken: set[str], fallback: str) -> str:
    """A new id from a shape's text, as the step table makes them, marked as taken."""
    ident = make_id(text, taken, fallback)
    taken.add(ident)
    return ident


class _PageReader:
    def __init__(self, page: Page, name: str, roles: dict[str, Role], notes: list[Note]) -> None:
        self.page = page
        self.name = name
        self.roles = roles
        self.notes = notes
        self.taken: set[str] = set()

    def note(self, shape: Shape, reason: str) -> None:
        where = f"{self.page.name}: shape {shape.id}"
        self.notes.append(Note(shape.name or "shape", where, reason, name=shape.text))

    def kind(self, shape: Shape) -> str:
        name = f"{shape.name} {shape.categories}".lower()
        if shape.one_d:
            return "ignore" if _NOT_FLOWS.search(name) else "connector"
        if _IGNORED.search(name):
            return "ignore"
        if _LANES.search(name):
            return "lane"
        for pattern, kind in ((_GATEWAYS, "xor"), (_TERMINATORS, "terminator"),
                              (_STARTS, "start"), (_ENDS, "end"), (_EVENTS, "event"),
                              (_ACTIVITIES, "task")):  # fmt: skip
            if pattern.search(shape.name.lower()):
                return kind
        return "other"

    def read(self) -> Process | None:
        shapes = self.page.shapes
        kinds = {sid: self.kind(s) for sid, s in shapes.items()}

        # Shapes inside a flowchart shape (icons, labels of BPMN-in-Visio groups) are its parts.
        def inside_node(s: Shape) -> bool:
            parent = s.parent
            while parent is not None:
                if kinds[parent] in ("task", "xor", "terminator", "start", "end", "event"):
                    return True
                parent = shapes[parent].parent
            return False

        parts = {sid for sid, s in shapes.items() if inside_node(s)}
        connectors = [s for sid, s in shapes.items() if kinds[sid] == "connector"]
        ends = {sid: self.ends(c) for c in connectors for sid in [c.id]}
        linked = {x for pair in ends.values() for x in pair if x}
        nodes: dict[str, Shape] = {}
        for sid, shape in shapes.items():
            if sid in parts:
                continue
            kind = kinds[sid]
            if kind in ("task", "xor", "terminator", "start", "end", "event"):
                if not shape.text and sid not in linked:
                    self.note(shape, "an empty shape no connector joins; left out")
                    continue
                nodes[sid] = shape
            elif kind == "other" and shape.text and sid in linked and not shape.children:
                nodes[sid] = shape  # a plain shape with text that connectors join: an activity
                kinds[sid] = "task"
            elif kind == "other" and (shape.text or not shape.children):
                self.note(shape, "not a flowchart shape; left out")
            elif kind == "ignore" and shape.one_d:
                self.note(shape, "message flows and associations are not read from Visio")
        if not nodes:
            return None
        lanes = self.lanes([s for sid, s in shapes.items() if kinds[sid] == "lane"])
        flows: list[tuple[str, str, str]] = []
        for connector in connectors:
            source, target = ends[connector.id]
            source, target = self.top(source, nodes), self.top(target, nodes)
            if source is None or target is None:
                self.note(connector, "connects no flowchart shape at one end; left out")
                continue
            flows.append((source, target, connector.text))
        return self.process(nodes, kinds, lanes, flows)

    def top(self, sid: str | None, nodes: dict[str, Shape]) -> str | None:
        while sid is not None and sid not in nodes:
            sid = self.page.shapes[sid].parent if sid in self.page.shapes else None
        return sid

    def ends(self, connector: Shape) -> tuple[str | None, str | None]:
        """The shapes a connector joins: as glued, else by where its ends lie."""
        glued = self.page.glued.get(connector.id, {})
        found: list[str | None] = []
        for end, point in (("begin", connector.begin), ("end", connector.end)):
            if end in glued:
                found.append(glued[end])
            elif point is not None:
                found.append(self.at(point, connector.id))
            else:
                found.append(None)
        return found[0], found[1]

    def at(self, point: tuple[float, float], exclude: str) -> str | None:
        """The smallest 2-D shape a point lies on (or within TOLERANCE of), lanes excluded."""
        hits = [
            s for s in self.page.shapes.values()
            if s.id != exclude and not s.one_d and s.contains(point, TOLERANCE)
            and self.kind(s) not in ("lane", "ignore")
        ]  # fmt: skip
        return min(hits, key=lambda s: s.w * s.h).id if hits else None

    def lanes(self, shapes: list[Shape]) -> list[tuple[Shape, str]]:
        """Lane shapes with a name, outermost (pools holding lanes) left out."""
        named = []
        for shape in shapes:
            holds = any(
                o is not shape and shape.contains(o.center) and o.w * o.h < shape.w * shape.h
                for o in shapes
            )
            if holds:
                continue  # a pool or CFF frame around lanes: its lanes say who does what
            text = shape.text or next(
                (self.page.shapes[c].text for c in shape.children if self.page.shapes[c].text), ""
            )
            if not text:  # an unnamed lane of a pool: the pool says whose it is
                around = [o for o in shapes if o is not shape and o.contains(shape.center)]
                text = next((o.text for o in sorted(around, key=lambda o: o.w * o.h) if o.text), "")
            named.append((shape, text))
        vertical = sum(s.h > s.w for s, _ in named) > len(named) / 2
        return sorted(named, key=lambda item: item[0].x if vertical else -item[0].y)

    def process(
        self,
        nodes: dict[str, Shape],
        kinds: dict[str, str],
        lanes: list[tuple[Shape, str]],
        flows: list[tuple[str, str, str]],
    ) -> Process:
        lane_ids: dict[str, str] = {}
        model_lanes: list[Lane] = []
        lane_taken: set[str] = set()
        for shape, text in lanes:
            label = text or f"Lane {len(model_lanes) + 1}"
            role = self.roles.get(label.lower())
            if role is None:
                role = Role(id=_ident(label, {r.id for r in self.roles.values()}, "role"),
                            name=label)  # fmt: skip
                self.roles[label.lower()] = role
            lane_ids[shape.id] = _ident(label, lane_taken, "lane")
            model_lanes.append(Lane(id=lane_ids[shape.id], name=label, role=role.id))
        incoming = {t for _s, t, _n in flows}
        outgoing = {s for s, _t, _n in flows}
        ids: dict[str, str] = {}
        model_nodes: list[Node] = []
        for sid, shape in sorted(nodes.items(), key=lambda kv: (-kv[1].center[1], kv[1].x)):
            kind = kinds[sid]
            if kind == "terminator":
                kind = "start" if sid not in incoming else "end"
                if sid in incoming and sid in outgoing:
                    kind = "task"
                    self.note(shape, "a start/end shape in the middle of the flow; read as a step")
            node_type = {"task": "task", "xor": "xor", "start": "start", "end": "end",
                         "event": "event"}[kind]  # fmt: skip
            ids[sid] = _ident(shape.text or kind, self.taken, kind)
            lane = next(
                (lane_ids[lane.id] for lane, _t in
                 sorted(lanes, key=lambda item: item[0].w * item[0].h)
                 if lane.contains(shape.center)), None,
            )  # fmt: skip
            model_nodes.append(Node(id=ids[sid], name=shape.text, type=node_type, lane=lane))
        model_flows = [Flow(source=ids[s], target=ids[t], name=n) for s, t, n in flows]
        self.close(model_nodes, model_flows)
        ident = _ident(self.page.name or self.name, set(), "process")
        variant = Variant(id="as-is", lanes=model_lanes, nodes=model_nodes, flows=model_flows)
        return Process(id=ident, name=self.page.name or self.name, variants=[variant])

    def close(self, nodes: list[Node], flows: list[Flow]) -> None:
        """A start event before what nothing leads to, an end event after what leads nowhere."""
        targets = {f.target for f in flows}
        sources = {f.source for f in flows}
        if not any(n.type == "start" for n in nodes):
            # Nodes are in reading order: in a loop with no way in, the first one starts it.
            first = [n for n in nodes if n.id not in targets] or nodes[:1]
            start = Node(id=_ident("start", self.taken, "start"), type="start",
                         lane=first[0].lane if first else None)  # fmt: skip
            nodes.insert(0, start)
            flows += [Flow(source=start.id, target=n.id) for n in first if n is not start]
        if not any(n.type == "end" for n in nodes):
            last = [n for n in nodes if n.id not in sources and n.type != "start"] or nodes[-1:]
            end = Node(id=_ident("end", self.taken, "end"), type="end",
                       lane=last[-1].lane if last else None)  # fmt: skip
            nodes.append(end)
            flows += [Flow(source=n.id, target=end.id) for n in last]


def _import(pages: list[Page], name: str) -> VisioImport:
    notes: list[Note] = []
    roles: dict[str, Role] = {}
    processes: list[Process] = []
    taken: set[str] = set()
    for page in pages:
        process = _PageReader(page, name, roles, notes).read()
        if process is None:
            notes.append(Note("page", page.name, "holds no flowchart shapes; left out"))
            continue
        process.id = _ident(process.id, taken, "process")
        processes.append(process)
    if not processes:
        raise InterchangeError(
            "no page holds flowchart shapes (processes, decisions, start/end, connectors)",
            file=name,
        )
    stem = Path(name).stem or "visio"
    structure = Structure(roles=list(roles.values())) if roles else None
    case = Case(
        id=_ident(stem, set(), "case"),
        name=stem,
        structure=structure,
        processes=processes,
    )
    return VisioImport(case=case, notes=notes)


def read_visio(path: str | Path, limits: Limits | None = None) -> VisioImport:
    """Import a .vsdx file. Raises InterchangeError naming the file, part or shape."""
    return _import(read_vsdx_file(path, limits), str(path))


def read_visio_bytes(data: bytes, name: str, limits: Limits | None = None) -> VisioImport:
    """Import .vsdx bytes (uploads); see read_visio."""
    return _import(read_pages(data, name, limits), name)
