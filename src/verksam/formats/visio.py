"""Visio import: flowcharts, cross-functional flowcharts and BPMN drawn in Visio (.vsdx) as a case.

Each page with flowchart shapes becomes a process with one variant (`as-is`); a page with several
pools becomes a process per pool, with the message flows between them. What a shape is comes from
`verksam.formats.visio_kinds` (shape data, master name, add-in icons): activities of each task
type, sub-processes and call activities, gateways of each type, start, end and intermediate events
of each definition, data objects and stores, text annotations and groups. Swimlanes become lanes
backed by a role named after the lane. What lies inside an expanded sub-process is its own process,
which the sub-process calls.

Visio records little beyond where shapes are, so most of the model comes from geometry: a shape
belongs to the pool, lane or expanded sub-process its centre lies in; a connector end that is not
glued joins the shape it lies on or next to (Lucidchart exports glue nothing); a flowchart
connector between a document and a step is the step reading or writing it. A connector's label
names the branch, and a percentage in it ("Ja 30 %") is the branch's probability. A page without a
start or end event gets one. Every shape that is not understood is listed as a note that names the
page and the shape's text, with a code the web report words in the user's language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from verksam.formats.bpmn_kept import keep
from verksam.formats.bpmn_xml import BPMN, InterchangeError, Note
from verksam.formats.visio_kinds import (
    DATA_KINDS,
    NODE_KINDS,
    event_definition,
    expanded,
    gateway_type,
    kind,
    prop,
    task_kind,
    throwing,
)
from verksam.formats.visio_parts import Page, Shape, read_pages, read_vsdx_file
from verksam.limits import Limits
from verksam.model import (
    Annotation,
    Case,
    Flow,
    InformationObject,
    Lane,
    MessageFlow,
    Node,
    Process,
    Role,
    Structure,
    Unit,
    Variant,
)
from verksam.model.case import BpmnKept
from verksam.model.steps import make_id

TOLERANCE = 0.15  # inches: how far a connector end may lie from the shape it joins
_PERCENT = re.compile(r"(\d+(?:[.,]\d+)?)\s*%")

# Why a shape was left out or read in a way to check: code → the English the command line shows.
REASONS = {
    "empty": "an empty shape no connector joins; left out",
    "not-flowchart": "not a flowchart or BPMN shape; left out",
    "dangling": "connects no step at one end; left out",
    "crosses": "a sequence flow across a pool or sub-process border; left out (BPMN allows none)",
    "message-inside": "a message flow within one pool, or joining no pool at one end; left out",
    "association": "an association that joins no step; left out",
    "gateway-guessed": "the gateway's marker is a picture that was not read; taken as exclusive",
    "gateway-event": "the gateway's marker is a picture; taken as event-based, as every way out "
    "waits for an event",
    "event-guessed": "the event's marker is a picture that was not read; taken as a plain event",
    "complex": "complex gateway kept as an inclusive (OR) gateway",
    "middle": "a start/end, document or data shape in the middle of the flow; read as a step",
    "page-empty": "holds no flowchart shapes; left out",
}


# The BPMN element a kind of shape stands for: what a note calls the shape.
_ELEMENTS = {
    "task": "task", "call": "callActivity", "subprocess": "subProcess",
    "gateway": "gateway", "start": "startEvent", "end": "endEvent",
    "event": "intermediateCatchEvent", "connector": "sequenceFlow", "message": "messageFlow",
    "association": "association", "data-object": "dataObject", "data-store": "dataStore",
    "annotation": "textAnnotation", "group": "group", "lane": "lane",
}  # fmt: skip


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


def branch(label: str) -> tuple[str, float | None]:
    """A connector label as a branch name and probability: "Ja 30 %" → ("Ja", 0.3)."""
    found = _PERCENT.search(label)
    if found is None:
        return label, None
    value = float(found.group(1).replace(",", ".")) / 100
    if value > 1:
        return label, None
    return (label[: found.start()] + label[found.end() :]).strip(" ,;:()-"), value


@dataclass
class _Owner:
    """A process being read: a pool, the page itself, or what an expanded sub-process holds."""

    key: str  # a pool's or sub-process's shape id; "" for the page
    name: str
    pool: bool = False
    nodes: list[str] = field(default_factory=list)  # shape ids
    flows: list[tuple[str, str, str]] = field(default_factory=list)
    annotations: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    lanes: list[tuple[Shape, str]] = field(default_factory=list)
    process_id: str = ""
    inner: bool = False  # what an expanded sub-process holds: a process without a pool


class _PageReader:
    def __init__(self, page: Page, reader: _Reader) -> None:
        self.page = page
        self.reader = reader
        self.shapes = page.shapes
        self.kinds = {sid: kind(s) for sid, s in page.shapes.items()}

    # --- notes ---------------------------------------------------------------------------------
    def note(self, shape: Shape, code: str, name: str = "") -> None:
        where = f"{self.page.name}: shape {shape.id}"
        element = _ELEMENTS.get(self.kinds[shape.id], "shape")
        self.reader.notes.append(
            Note(element, where, REASONS[code], name=shape.text or name, code=code)
        )

    def label(self, sid: str | None) -> str:
        return self.shapes[sid].text if sid in self.shapes else ""

    # --- geometry ------------------------------------------------------------------------------
    def at(self, point: tuple[float, float], exclude: str, frames: bool = False) -> str | None:
        """The smallest 2-D shape a point lies on (or within TOLERANCE of); lanes and pools only
        when `frames` (a message flow may end on a pool)."""
        hits = [
            s for s in self.shapes.values()
            if s.id != exclude and not s.one_d and s.contains(point, TOLERANCE)
            and self.kinds[s.id] != "ignore"
            and (frames or self.kinds[s.id] not in ("lane", "pool"))
        ]  # fmt: skip
        return min(hits, key=lambda s: s.w * s.h).id if hits else None

    def ends(self, connector: Shape, frames: bool = False) -> tuple[str | None, str | None]:
        """The shapes a connector joins: as glued, else by where its ends lie."""
        glued = self.page.glued.get(connector.id, {})
        found: list[str | None] = []
        for end, point in (("begin", connector.begin), ("end", connector.end)):
            if end in glued:
                found.append(glued[end])
            elif point is not None:
                found.append(self.at(point, connector.id, frames))
            else:
                found.append(None)
        return found[0], found[1]

    def top(self, sid: str | None, among: set[str]) -> str | None:
        """The shape itself or the group holding it that is one of `among`."""
        while sid is not None and sid not in among:
            sid = self.shapes[sid].parent if sid in self.shapes else None
        return sid

    def inside(self, shape: Shape, frames: list[Shape]) -> Shape | None:
        """The smallest of `frames` (other than the shape) that its centre lies in."""
        around = [f for f in frames if f.id != shape.id and f.contains(shape.center)
                  and f.w * f.h > shape.w * shape.h]  # fmt: skip
        return min(around, key=lambda f: f.w * f.h) if around else None

    # --- reading -------------------------------------------------------------------------------
    def read(self) -> bool:
        """Reads the page into the reader's processes; False when it holds no flow."""
        shapes, kinds = self.shapes, self.kinds
        known = NODE_KINDS | DATA_KINDS | {"annotation", "pool", "lane", "group", "message",
                                           "association", "connector"}  # fmt: skip

        # Shapes inside a known shape (icons, labels of BPMN-in-Visio groups) are its parts.
        # So are the members of a group that is no flowchart shape, unless they are known shapes.
        def part(s: Shape) -> bool:
            parent = s.parent
            while parent is not None:
                if kinds[parent] in known or (kinds[parent] == "other" and kinds[s.id] == "other"):
                    return True
                parent = shapes[parent].parent
            return False

        top = {sid for sid, s in shapes.items() if not part(s)}
        lines = [s for sid, s in shapes.items() if sid in top and s.one_d]
        connectors = [s for s in lines if kinds[s.id] == "connector"]
        ends = {c.id: self.ends(c) for c in connectors}
        linked = {x for pair in ends.values() for x in pair if x}
        steps: set[str] = set()
        data: set[str] = set()
        for sid, shape in shapes.items():
            k = kinds[sid]
            if sid not in top or shape.one_d:
                continue
            if k in NODE_KINDS:
                if not shape.text and sid not in linked:
                    self.note(shape, "empty")
                    continue
                steps.add(sid)
            elif k in DATA_KINDS:
                data.add(sid)
            elif k == "other" and shape.text and sid in linked and not shape.children:
                steps.add(sid)  # a plain shape with text that connectors join: an activity
                kinds[sid] = "task"
            elif k == "other" and (shape.text or not shape.children):
                self.note(shape, "not-flowchart")
        joined = {sid: (self.top(a, steps | data), self.top(b, steps | data))
                  for sid, (a, b) in ends.items()}  # fmt: skip
        # A document or data shape that sequence connectors pass through is a step of the flow.
        for sid in sorted(data):
            into = any(b == sid and a in steps for a, b in joined.values())
            out = any(a == sid and b in steps for a, b in joined.values())
            if into and out:
                data.discard(sid)
                steps.add(sid)
                kinds[sid] = "task"
                self.note(shapes[sid], "middle")
        if not steps:
            for sid in sorted(data):
                self.reader.information_for(shapes[sid])
            return False
        self.build(top, steps, data, connectors, joined)
        return True

    def build(
        self,
        top: set[str],
        steps: set[str],
        data: set[str],
        connectors: list[Shape],
        joined: dict[str, tuple[str | None, str | None]],
    ) -> None:
        shapes, kinds = self.shapes, self.kinds
        pools = [s for sid, s in shapes.items() if sid in top and kinds[sid] == "pool"]
        lanes = [s for sid, s in shapes.items() if sid in top and kinds[sid] == "lane"]
        containers = [shapes[sid] for sid in steps
                      if kinds[sid] in ("subprocess", "call") and expanded(shapes[sid])]  # fmt: skip
        owners: dict[str, _Owner] = {}
        for pool in sorted(pools, key=lambda s: (-s.y - s.h, s.x)):
            owners[pool.id] = _Owner(pool.id, pool.text, pool=True)
        page_owner = _Owner("", self.page.name)

        def owner_of(shape: Shape) -> _Owner:
            box = self.inside(shape, containers + pools)
            if box is None:
                if len(pools) == 1:  # a lone pool holds the page
                    return owners[pools[0].id]
                owners.setdefault("", page_owner)
                return page_owner
            if box.id not in owners:  # an expanded sub-process with content
                owners[box.id] = _Owner(box.id, box.text, inner=True)
            return owners[box.id]

        where: dict[str, _Owner] = {}
        for sid in sorted(steps, key=lambda i: (-shapes[i].center[1], shapes[i].x)):
            where[sid] = owner_of(shapes[sid])
            where[sid].nodes.append(sid)
        # Lanes: in their pool (a lane drawn around lanes holds them: nested lanes).
        for lane in lanes:
            frame = self.inside(lane, pools)
            owner = (
                owners[frame.id]
                if frame is not None
                else (owners[pools[0].id] if len(pools) == 1 else owners.setdefault("", page_owner))
            )
            text = lane.text or next((shapes[c].text for c in lane.children if shapes[c].text), "")
            if not text:  # an unnamed lane of a pool: the pool says whose it is
                around = self.inside(lane, lanes + pools)
                text = around.text if around is not None else ""
            owner.lanes.append((lane, text))
        # Sequence flows, and flowchart connectors to data and notes.
        for connector in connectors:
            source, target = joined[connector.id]
            if source in data and target in steps:
                self.reader.read_write(shapes[target], shapes[source], reads=True)
            elif source in steps and target in data:
                self.reader.read_write(shapes[source], shapes[target], reads=False)
            elif source in steps and target in steps:
                if where[source] is not where[target]:
                    self.note(connector, "crosses", f"{self.label(source)} → {self.label(target)}")
                    continue
                where[source].flows.append((source, target, connector.text))
            else:
                annotation = self.annotation_end(connector, steps)
                if annotation is None:
                    self.note(
                        connector,
                        "dangling",
                        " → ".join(self.label(x) for x in (source, target) if x),
                    )
        for line in (s for s in self.shapes.values() if s.one_d and s.id in top):
            if kinds[line.id] == "message":
                self.message(line, steps, where, owners, pools)
            elif kinds[line.id] == "association":
                self.association(line, steps, data)
        for sid in sorted(top):
            shape = shapes[sid]
            if kinds[sid] == "annotation":
                attached = self.reader.attached.get(sid)
                (where[attached] if attached else owner_of(shape)).annotations.append(sid)
            elif kinds[sid] == "group":
                owner_of(shape).groups.append(sid)
        for sid in sorted(data):
            self.reader.information_for(shapes[sid])
        self.reader.add_processes(self, list(owners.values()))

    def annotation_end(self, line: Shape, steps: set[str]) -> str | None:
        """Joins a note and a step that a line connects; the note's shape id, or None."""
        a, b = self.ends(line)
        notes = {x for x in (a, b) if x and self.kinds.get(x) == "annotation"}
        other = self.top(b if a in notes else a, steps)
        if not notes:
            return None
        note = notes.pop()
        if other is not None:
            self.reader.attached[note] = other
        return note

    def association(self, line: Shape, steps: set[str], data: set[str]) -> None:
        a, b = self.ends(line)
        source, target = self.top(a, steps | data), self.top(b, steps | data)
        if source in data and target in steps:
            self.reader.read_write(self.shapes[target], self.shapes[source], reads=True)
        elif source in steps and target in data:
            self.reader.read_write(self.shapes[source], self.shapes[target], reads=False)
        elif self.annotation_end(line, steps) is None:
            self.note(line, "association")

    def message(
        self,
        line: Shape,
        steps: set[str],
        where: dict[str, _Owner],
        owners: dict[str, _Owner],
        pools: list[Shape],
    ) -> None:
        found: list[tuple[_Owner, str | None]] = []
        for end in self.ends(line, frames=True):
            step = self.top(end, steps)
            if step is not None:
                found.append((where[step], step))
                continue
            pool = self.top(end, {p.id for p in pools})
            if pool is None and end in self.shapes:
                box = self.inside(self.shapes[end], pools)
                pool = box.id if box is not None else None
            if pool is not None:
                found.append((owners[pool], None))
        if len(found) < 2 or found[0][0] is found[1][0]:
            self.note(line, "message-inside")
            return
        self.reader.messages.append((line, found[0], found[1]))


class _Reader:
    """The whole file: roles, information and processes shared by its pages."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.notes: list[Note] = []
        self.taken: set[str] = set()  # case-level ids: processes, roles, information
        self.roles: dict[str, Role] = {}
        self.units: dict[str, Unit] = {}
        self.information: dict[str, InformationObject] = {}  # by the data shape's text
        self.info_of: dict[int, str] = {}  # id(shape) → information id
        self.reads: dict[int, list[str]] = {}  # id(step shape) → information ids
        self.writes: dict[int, list[str]] = {}
        self.attached: dict[str, str] = {}  # note shape id → step shape id (current page)
        self.messages: list[tuple[Shape, tuple[_Owner, str | None], tuple[_Owner, str | None]]] = []
        self.processes: list[Process] = []
        self.message_flows: list[MessageFlow] = []
        self.definitions: list[str] = []
        self.unread: set[int] = set()  # id(shape) of gateways whose marker was not read

    def information_for(self, shape: Shape) -> str:
        if id(shape) in self.info_of:
            return self.info_of[id(shape)]
        kind_ = kind(shape)
        text = shape.text or ("data store" if kind_ == "data-store" else "data object")
        key = f"{kind_}:{text.lower()}"
        if key not in self.information:
            document = re.search(r"document", f"{shape.name} {shape.alias}".lower())
            self.information[key] = InformationObject(
                id=_ident(text, self.taken, "information"), name=shape.text,
                kind="data-store" if kind_ == "data-store" else
                "document" if document else "record",
            )  # fmt: skip
        self.info_of[id(shape)] = self.information[key].id
        return self.info_of[id(shape)]

    def read_write(self, step: Shape, data: Shape, reads: bool) -> None:
        info = self.information_for(data)
        table = self.reads if reads else self.writes
        if info not in table.setdefault(id(step), []):
            table[id(step)].append(info)

    def role(self, label: str, unit: str | None = None) -> Role:
        if label.lower() not in self.roles:
            self.roles[label.lower()] = Role(
                id=_ident(label, self.taken, "role"), name=label, unit=unit
            )
        return self.roles[label.lower()]

    def unit(self, label: str, parent: str | None) -> str:
        if label.lower() not in self.units:
            self.units[label.lower()] = Unit(
                id=_ident(label, self.taken, "unit"), name=label, parent=parent
            )
        return self.units[label.lower()].id

    def add_processes(self, page: _PageReader, owners: list[_Owner]) -> None:
        """The page's pools and sub-process contents as processes (called ones after callers)."""
        ids: dict[str, str] = {}  # step shape id → node id
        for owner in owners:
            owner.process_id = _ident(owner.name or page.page.name or "process", self.taken,
                                      "process")  # fmt: skip
        by_key = {o.key: o for o in owners}
        made: dict[str, Process] = {}
        for owner in owners:
            made[owner.key] = self.process(page, owner, ids, by_key)
        for shape, (src_owner, src), (tgt_owner, tgt) in self.messages:
            self.message_flows.append(MessageFlow(
                id=_ident(shape.text or "message", self.taken, "message"), name=shape.text,
                source_process=src_owner.process_id, source=ids.get(src) if src else None,
                target_process=tgt_owner.process_id, target=ids.get(tgt) if tgt else None,
            ))  # fmt: skip
        self.messages = []
        self.attached = {}
        self.processes += [made[o.key] for o in owners]

    def process(
        self, page: _PageReader, owner: _Owner, ids: dict[str, str], by_key: dict[str, _Owner]
    ) -> Process:
        shapes, kinds = page.shapes, page.kinds
        if owner.pool and not owner.nodes:  # a black-box pool: a participant without a flow
            return Process(id=owner.process_id, name=owner.name,
                           pool=f"Participant_{owner.process_id}")  # fmt: skip
        taken: set[str] = set()
        lane_ids: dict[str, str] = {}
        lanes: list[Lane] = []
        vertical = sum(s.h > s.w for s, _ in owner.lanes) > len(owner.lanes) / 2
        frames = [s for s, _ in owner.lanes]
        outer = {s.id: page.inside(s, frames) for s in frames}  # the lane a lane is drawn in
        holders = {o.id for o in outer.values() if o is not None}

        def order(item: tuple[Shape, str]) -> tuple[float, float]:  # reading order, outer first
            s = item[0]
            return (s.x if vertical else -(s.y + s.h), -s.w * s.h)

        for shape, text in sorted(owner.lanes, key=order):
            label = text or owner.name or page.page.name
            lane_ids[shape.id] = _ident(label, taken, "lane")
            around = outer[shape.id]
            parent = lane_ids.get(around.id) if around is not None else None
            unit = next((ln.unit for ln in lanes if ln.id == parent), None)
            if shape.id in holders:  # a lane holding lanes is a unit (a department's teams)
                lanes.append(Lane(id=lane_ids[shape.id], name=label, parent=parent,
                                  unit=self.unit(label, unit)))  # fmt: skip
            else:
                lanes.append(Lane(id=lane_ids[shape.id], name=label, parent=parent,
                                  role=self.role(label, unit).id))  # fmt: skip
        incoming = {t for _s, t, _n in owner.flows}
        outgoing = {s for s, _t, _n in owner.flows}
        nodes: list[Node] = []
        node_taken: set[str] = set()
        for sid in owner.nodes:
            node = self.node(page, shapes[sid], kinds[sid], sid in incoming, sid in outgoing)
            fallback = "gateway" if kinds[sid] == "gateway" else node.type
            node.id = ids[sid] = _ident(shapes[sid].text or fallback, node_taken, fallback)
            lane = page.inside(shapes[sid], [s for s, _ in owner.lanes])
            node.lane = lane_ids.get(lane.id) if lane is not None else None
            if sid in by_key and by_key[sid].inner:  # an expanded sub-process calls its content
                node.calls = by_key[sid].process_id
            node.reads = self.reads.pop(id(shapes[sid]), [])
            node.writes = self.writes.pop(id(shapes[sid]), [])
            nodes.append(node)
        flows = []
        for source, target, text in owner.flows:
            name, probability = branch(text)
            gateway = next(n for n in nodes if n.id == ids[source]).type in ("xor", "or")
            flows.append(Flow(source=ids[source], target=ids[target], name=name,
                              condition=name if gateway else "", probability=probability))  # fmt: skip
        self.event_gateways(page, owner, nodes, flows, ids)
        self.boundary(page, owner, nodes, ids, incoming)
        annotations = [
            Annotation(id=_ident(f"note-{shapes[sid].text}", taken, "note"),
                       text=shapes[sid].text, attached_to=ids.get(self.attached.get(sid, "")))
            for sid in owner.annotations
        ]  # fmt: skip
        kept = [self.group(shapes[sid], owner.process_id, taken) for sid in owner.groups]
        self.close(nodes, flows, node_taken)
        variant = Variant(id="as-is", lanes=lanes, nodes=nodes, flows=flows,
                          annotations=annotations, bpmn_kept=kept)  # fmt: skip
        pool: str | None = f"Participant_{owner.process_id}" if owner.pool else None
        if owner.inner:
            pool = ""  # the content of a sub-process: no pool of its own
        return Process(id=owner.process_id, name=owner.name or page.page.name, pool=pool,
                       variants=[variant])  # fmt: skip

    def node(self, page: _PageReader, shape: Shape, k: str, into: bool, out: bool) -> Node:
        data: dict[str, object] = {"id": "n", "name": shape.text}
        if k == "terminator":
            k = "start" if not into else "end"
            if into and out:
                page.note(shape, "middle")
                k = "task"
        if k in ("task", "call", "subprocess"):
            data["type"] = "subprocess" if k == "subprocess" else "task"
            data["task_kind"] = "call" if k == "call" else task_kind(page.page, shape)
        elif k == "gateway":
            read = gateway_type(page.page, shape)
            data["type"] = "or" if read.value == "complex" else read.value
            if read.value == "complex":
                page.note(shape, "complex")
            if read.source == "none":
                self.unread.add(id(shape))  # settled by event_gateways
        else:
            data["type"] = k
            read = event_definition(page.page, shape)
            data["event"] = read.value
            data["throwing"] = k == "event" and throwing(shape)
            data["interrupting"] = k != "event" or "non-interrupting" not in prop(
                shape, "eventtype"
            )
            messaged = {step for _l, *ends in self.messages for _o, step in ends if step}
            if read.source == "none" and shape.id in messaged:
                data["event"] = "message"  # only message events send or receive messages
            elif read.source == "none":
                page.note(shape, "event-guessed")
        return Node.model_validate(data)

    def event_gateways(self, page: _PageReader, owner: _Owner, nodes: list[Node],
                       flows: list[Flow], ids: dict[str, str]) -> None:  # fmt: skip
        """A gateway whose marker was not read is event-based when every way out waits for an
        event (a catching intermediate event or a receiving task), else exclusive."""
        by_id = {n.id: n for n in nodes}
        shape_of = {ids[sid]: sid for sid in owner.nodes}
        for node in nodes:
            if node.id not in shape_of or id(page.shapes[shape_of[node.id]]) not in self.unread:
                continue
            targets = [by_id[f.target] for f in flows if f.source == node.id]
            waits = targets and all(
                (t.type == "event" and not t.throwing) or t.task_kind == "receive" for t in targets
            )
            node.type = "event-gateway" if waits else "xor"
            page.note(
                page.shapes[shape_of[node.id]], "gateway-event" if waits else "gateway-guessed"
            )

    def boundary(self, page: _PageReader, owner: _Owner, nodes: list[Node], ids: dict[str, str],
                 incoming: set[str]) -> None:  # fmt: skip
        """An intermediate event on an activity's border, with no flow into it, is attached."""
        activities = [page.shapes[sid] for sid in owner.nodes
                      if page.kinds[sid] in ("task", "call", "subprocess")]  # fmt: skip
        for node, sid in zip(nodes, owner.nodes, strict=True):
            if node.type != "event" or sid in incoming:
                continue
            centre = page.shapes[sid].center
            for act in activities:
                inner = act.contains(centre, -TOLERANCE)
                if act.contains(centre, TOLERANCE) and not inner:
                    node.attached_to = ids[act.id]
                    break

    def group(self, shape: Shape, process_id: str, taken: set[str]) -> str:
        """A BPMN group, kept as XML for export, with a category value holding its label."""
        gid = _ident(f"Group_{process_id}_{shape.id}", taken, "group")
        element = etree.Element(f"{{{BPMN}}}group", id=gid)
        if shape.text:
            category = etree.Element(f"{{{BPMN}}}category", id=f"Category_{gid}")
            etree.SubElement(category, f"{{{BPMN}}}categoryValue", id=f"CategoryValue_{gid}",
                             value=shape.text)  # fmt: skip
            self.definitions.append(keep(category))
            element.set("categoryValueRef", f"CategoryValue_{gid}")
        return keep(element)

    def close(self, nodes: list[Node], flows: list[Flow], taken: set[str]) -> None:
        """A start event before what nothing leads to, an end event after what leads nowhere."""
        targets = {f.target for f in flows}
        sources = {f.source for f in flows}
        flowing = [n for n in nodes if n.attached_to is None]
        if not any(n.type == "start" for n in nodes):
            # Nodes are in reading order: in a loop with no way in, the first one starts it.
            first = [n for n in flowing if n.id not in targets] or flowing[:1]
            start = Node(id=_ident("start", taken, "start"), type="start",
                         lane=first[0].lane if first else None)  # fmt: skip
            nodes.insert(0, start)
            flows += [Flow(source=start.id, target=n.id) for n in first if n is not start]
        if not any(n.type == "end" for n in nodes):
            last = [n for n in flowing if n.id not in sources and n.type != "start"]
            last = last or flowing[-1:]
            end = Node(id=_ident("end", taken, "end"), type="end",
                       lane=last[-1].lane if last else None)  # fmt: skip
            nodes.append(end)
            flows += [Flow(source=n.id, target=end.id) for n in last]

    def case(self) -> Case:
        if not self.processes:
            raise InterchangeError(
                "no page holds a flow (activities, decisions or events joined by connectors)",
                file=self.name,
                code="no-flow",
            )
        stem = Path(self.name).stem or "visio"
        roles, units = list(self.roles.values()), list(self.units.values())
        information = list(self.information.values())
        structure = (
            Structure(units=units, roles=roles, information=information)
            if roles or units or information
            else None
        )
        kept = BpmnKept(definitions=self.definitions) if self.definitions else None
        return Case(id=_ident(stem, set(), "case"), name=stem, structure=structure,
                    processes=self.processes, message_flows=self.message_flows,
                    bpmn_kept=kept)  # fmt: skip


def _import(pages: list[Page], name: str) -> VisioImport:
    reader = _Reader(name)
    for page in pages:
        before = len(reader.notes)
        if not _PageReader(page, reader).read():
            del reader.notes[before:]  # the page is left out whole: one note says so
            reader.notes.append(Note("page", page.name, REASONS["page-empty"], code="page-empty"))
    return VisioImport(case=reader.case(), notes=reader.notes)


def read_visio(path: str | Path, limits: Limits | None = None) -> VisioImport:
    """Import a .vsdx file. Raises InterchangeError naming the file, part or shape."""
    return _import(read_vsdx_file(path, limits), str(path))


def read_visio_bytes(data: bytes, name: str, limits: Limits | None = None) -> VisioImport:
    """Import .vsdx bytes (uploads); see read_visio."""
    return _import(read_pages(data, name, limits), name)
