"""Swimlane activity diagrams and service blueprints of a process variant.

Lanes are horizontal bands (one per role or unit), the flow runs left to right, gateways are
diamonds, events circles, and branch probabilities label the edges. A service blueprint is the
same diagram with the lanes grouped by stage (citizen, front stage, back stage, support) and the
line of interaction, line of visibility and line of internal interaction drawn between the groups.
"""

from __future__ import annotations

import itertools
import threading

from cachetools import LRUCache

from verksam.diagrams.build import EdgeSpec, NodeSpec, Part, box, graph, symbol_with_label
from verksam.diagrams.geometry import Decoration, Diagram, LaneGeom, LegendItem, Rect
from verksam.diagrams.layered import Settings
from verksam.diagrams.sheet import finish, text_block
from verksam.diagrams.text import block_size, line_height, text_width, wrap
from verksam.diagrams.words import decimal, hours_unit, language, sentence, stereotype, word
from verksam.model import Case, Lane, Node, Process, Variant

HEADER_W = 130.0
GROUP_W = 96.0
STAGES = ["citizen", "front-stage", "back-stage", "support"]
STAGE_NAMES = {
    "citizen": "Citizen",
    "front-stage": "Front stage",
    "back-stage": "Back stage",
    "support": "Support",
}
LINES = ["line of interaction", "line of visibility", "line of internal interaction"]
NO_LANE = "_no_lane"

_GATEWAY_SYMBOL = {
    "xor": "diamond-x",
    "and": "diamond-plus",
    "or": "diamond-o",
    "event-gateway": "diamond-e",
}
_GATEWAY_WORD = {
    "xor": "exclusive choice (XOR)",
    "and": "parallel (AND)",
    "or": "inclusive choice (OR)",
    "event-gateway": "event-based choice",
}


def subtitle(case: Case, *more: str) -> str:
    parts = [case.name]
    if case.organisation:
        parts.append(case.organisation)
    parts.extend(m for m in more if m)
    return " · ".join(parts)


def pick_process(case: Case, process_id: str | None) -> Process:
    """The process with this id, or the case's first. Raises KeyError when there is none."""
    if process_id is not None:
        return case.process(process_id)
    if not case.processes:
        raise KeyError("the case has no processes")
    return case.processes[0]


def lane_label(case: Case, lane: Lane) -> str:
    if lane.name:
        return lane.name
    if lane.role and (role := case.role(lane.role)):
        return role.label
    if lane.unit and (unit := case.unit(lane.unit)):
        return unit.label
    return lane.id


def lane_stage(case: Case, lane: Lane) -> str:
    """The lane's blueprint stage; without one: citizen for citizen units, support for external
    parties, else back stage."""
    if lane.stage:
        return lane.stage
    unit_id = lane.unit
    if unit_id is None and lane.role and (role := case.role(lane.role)):
        unit_id = role.unit
        if role.external:
            return "support"
    unit = case.unit(unit_id) if unit_id else None
    if unit is not None and unit.kind == "citizen":
        return "citizen"
    if unit is not None and unit.kind == "external":
        return "support"
    return "back-stage"


def minutes_text(minutes: float, lang: str = "en") -> str:
    """5 min, 90 min, 2.5 h, 72 h (2,5 t in Norwegian, 2,5 h in Swedish)."""
    if minutes >= 120:
        hours = f"{minutes / 60:.1f}".removesuffix(".0")
        return f"{decimal(lang, hours)} {hours_unit(lang)}"
    return f"{minutes:.0f} min" if minutes >= 1 else f"{decimal(lang, f'{minutes:.1f}')} min"


SPECS_KEPT = 4096  # node specs of the most recently drawn activities
_SPECS: LRUCache[str, NodeSpec] = LRUCache(maxsize=SPECS_KEPT)
_SPECS_LOCK = threading.Lock()


def _kept_node_spec(node: Node, lane_index: int, lane_id: str, lang: str) -> NodeSpec:
    """`_node_spec`, kept: an edit changes one activity, and the diagram is drawn again after
    each one. The key is everything the spec is made from (the node's fields, its lane, the
    language); a kept spec is only read afterwards (`graph` places copies of it)."""
    key = repr((node.__dict__, lane_index, lane_id, lang))
    with _SPECS_LOCK:
        spec = _SPECS.get(key)
    if spec is not None:
        return spec
    spec = _node_spec(node, lane_index, lane_id, lang)
    with _SPECS_LOCK:
        _SPECS[key] = spec
    return spec


def _node_spec(node: object, lane_index: int, lane_id: str, lang: str) -> NodeSpec:
    from verksam.model import Node

    assert isinstance(node, Node)
    label = node.label
    if node.type in _GATEWAY_SYMBOL:
        spec = symbol_with_label(
            node.id,
            node.type,
            _GATEWAY_SYMBOL[node.type],
            "gateway",
            40,
            node.name,
            lane=lane_index,
        )
    elif node.type in ("start", "end", "event"):
        symbol = {"start": "circle", "end": "circle-bold", "event": "circle-double"}[node.type]
        spec = symbol_with_label(
            node.id, node.type, symbol, node.type, 32, node.name, lane=lane_index
        )
        if node.attached_to and not node.interrupting:
            spec.dashed = True  # BPMN draws a non-interrupting boundary event dashed
        if node.throwing:
            spec.extra["throw"] = 1.0
        if node.event != "none":
            # the event definition is drawn inside the circle (envelope, clock, ...)
            spec.extra[f"ev-{node.event}"] = 1.0
            spec.title = f"{node.label} ({word(lang, node.event)})"
    else:
        parts = [Part(label, 12)]
        detail = []
        if node.touch_minutes:
            detail.append(minutes_text(node.touch_minutes, lang))
        if node.waiting_hours:
            detail.append(f"+{minutes_text(node.waiting_hours * 60, lang)} {word(lang, 'wait')}")
        if detail:
            parts.append(Part(" · ".join(detail), 10, tone="muted"))
        if node.task_kind not in ("task",):
            parts.insert(0, Part(stereotype(lang, node.task_kind), 9.5, italic=True, tone="muted"))
        spec = box(
            node.id,
            node.type,
            parts,
            symbol="round",
            fill="subprocess" if node.type == "subprocess" else "task",
            wrap_width=132,
            min_w=110,
            min_h=48 if node.type != "subprocess" else 58,
            lane=lane_index,
            title=label,
        )
        if node.type == "subprocess":
            # keep room for the «+» marker at the bottom
            spec.h += 8
            spec.shape = Rect(0, 0, spec.w, spec.h)
    spec.lane_id = lane_id
    return spec


def probability_text(p: float, lang: str = "en") -> str:
    pct = p * 100
    return f"{pct:.0f} %" if abs(pct - round(pct)) < 0.05 else f"{decimal(lang, f'{pct:.1f}')} %"


def swimlane_diagram(
    case: Case,
    process_id: str | None = None,
    variant_id: str | None = None,
    *,
    blueprint: bool = False,
) -> Diagram:
    """The laid-out swimlane diagram (or service blueprint) of a process variant.

    Raises KeyError for an unknown process or variant.
    """
    lang = language(case)
    process = pick_process(case, process_id)
    variant = process.variant(variant_id)
    nesting = _Nesting(variant)
    lanes = nesting.bands(blueprint)
    stage_of = {lane.id: lane_stage(case, lane) for lane in lanes}
    if blueprint:
        lanes.sort(key=lambda lane: STAGES.index(stage_of[lane.id]))
    nested = not blueprint and nesting.nested
    lane_ids = [lane.id for lane in lanes]
    labels = [lane_label(case, lane) for lane in lanes]
    known = set(lane_ids)
    if any(n.lane not in known for n in variant.nodes):
        lane_ids.append(NO_LANE)
        labels.append(word(lang, "(no lane)"))
        stage_of[NO_LANE] = "back-stage"
    if not lane_ids:
        lane_ids, labels = [NO_LANE], [word(lang, "(no lane)")]
        stage_of[NO_LANE] = "back-stage"
    index = {lid: i for i, lid in enumerate(lane_ids)}
    longest_word = max(
        (text_width(w, 12, bold=True) for label in labels for w in label.split()), default=0.0
    )
    header_w = min(220.0, max(HEADER_W, longest_word + 20))
    header_lines = [wrap(label, header_w - 16, 12, bold=True) for label in labels]
    lane_min = [block_size(lines, 12, bold=True)[1] + 24 for lines in header_lines]

    specs: list[NodeSpec] = []
    for node in variant.nodes:
        lane_id = node.lane if node.lane in known else NO_LANE
        specs.append(_kept_node_spec(node, index[lane_id], lane_id, lang))
    ids = {s.id for s in specs}
    edges: list[EdgeSpec] = []
    for node in variant.nodes:
        # A boundary event follows its activity, tied to it by a dotted line (it fires while the
        # activity runs); its own flows leave from the event.
        if node.attached_to in ids and node.id in ids:
            edges.append(
                EdgeSpec(
                    node.attached_to,
                    node.id,
                    kind="attached",
                    tone="rule",
                    dashed=True,
                    end="none",
                    width=1.2,
                    back_tone="rule",
                )
            )
    for flow in variant.flows:
        if flow.source not in ids or flow.target not in ids:
            continue
        text = [t for t in (flow.name or flow.condition,) if t]
        if flow.probability is not None:
            text.append(probability_text(flow.probability, lang))
        edges.append(EdgeSpec(flow.source, flow.target, " · ".join(text)))
    for note in variant.annotations:
        lane_id = NO_LANE
        if note.attached_to in ids:
            lane_id = next(s.lane_id for s in specs if s.id == note.attached_to) or NO_LANE
        if lane_id not in index:
            continue
        spec = box(
            note.id,
            "annotation",
            [Part(note.text, 10.5, italic=True)],
            symbol="note",
            fill="plain",
            wrap_width=130,
            min_w=80,
            min_h=32,
            lane=index[lane_id],
        )
        spec.lane_id = lane_id
        specs.append(spec)
        if note.attached_to in ids:
            edges.append(
                EdgeSpec(
                    note.attached_to,
                    note.id,
                    kind="association",
                    tone="rule",
                    dashed=True,
                    end="none",
                    width=1.0,
                    back_tone="rule",
                )
            )
    depth = {lane.id: nesting.band_depth(lane.id) for lane in lanes} if nested else {}
    outer = max(depth.values(), default=0) * GROUP_W  # the columns of the lanes holding lanes
    left = (GROUP_W if blueprint else 0.0) + outer + header_w
    nodes, egeoms, res = graph(
        specs,
        edges,
        direction="LR",
        lane_count=len(lane_ids),
        lane_min=lane_min,
        settings=Settings(node_gap=26, lane_pad=20),
        offset=(left + 24, 0.0),
    )
    content_w = left + 24 + res.rank_extent + 24
    line_label_w = 0.0
    if blueprint:
        stages = sorted({STAGES.index(stage_of[lid]) for lid in lane_ids})
        names = [
            " · ".join(word(lang, line) for line in LINES[a:b])
            for a, b in itertools.pairwise(stages)
        ]
        line_label_w = max((block_size([n], 10.5)[0] for n in names), default=0.0) + 16
    width = content_w + line_label_w
    lane_geoms: list[LaneGeom] = []
    for i, (lid, lines) in enumerate(zip(lane_ids, header_lines, strict=True)):
        top, bottom = res.lanes[i]
        hx = GROUP_W if blueprint else depth.get(lid, 0) * GROUP_W
        width_h = header_w + outer - hx if nested else header_w
        header = Rect(hx, top, width_h, bottom - top)
        th = len(lines) * line_height(12)
        label = text_block(lines, hx + width_h / 2, top + (bottom - top - th) / 2, 12, bold=True)
        lane_geoms.append(
            LaneGeom(
                nesting.own_band.get(lid, lid),
                Rect(hx, top, content_w - hx, bottom - top),
                header,
                label,
                stage_of.get(lid, ""),
            )
        )
    if nested:
        lane_geoms = nesting.with_outer_lanes(case, lane_geoms, lane_ids, content_w)
    height = res.lanes[-1][1] if res.lanes else 0.0
    diagram = Diagram(
        "blueprint" if blueprint else "swimlane",
        f"{process.label} — {variant.label}",
        subtitle(case, word(lang, "Service blueprint" if blueprint else "Swimlane diagram")),
        _description(process, variant, len(lane_ids), blueprint, lang),
        nodes=nodes,
        edges=egeoms,
        lanes=lane_geoms,
    )
    if blueprint:
        _blueprint_marks(diagram, lane_geoms, content_w, width, lang)
    diagram.legend = _legend(variant, lang, any(e.kind.endswith("-back") for e in egeoms))
    return finish(diagram, width, height, legend_title=word(lang, "Legend"))


class _Nesting:
    """Nested lanes (a lane's `parent`) in the swimlane diagram.

    The bands are the lanes that hold nodes or no lanes; a lane holding lanes is drawn as a
    header column spanning its lanes' bands, left of their own headers (as BPMN tools draw them).
    One that also holds nodes of its own gets a band of its own first, one column further in.
    """

    def __init__(self, variant: Variant) -> None:
        known = {lane.id for lane in variant.lanes}
        self.children: dict[str | None, list[Lane]] = {}
        for lane in variant.lanes:
            parent = lane.parent if lane.parent in known and lane.parent != lane.id else None
            self.children.setdefault(parent, []).append(lane)
        self.order: list[Lane] = []
        self.depth: dict[str, int] = {}
        self._visit(None, 0)
        for lane in variant.lanes:  # lanes on a cycle of parents (invalid): drawn flat
            if lane.id not in self.depth:
                self.order.append(lane)
                self.depth[lane.id] = 0
        self.has_nodes = {n.lane for n in variant.nodes if n.lane is not None}
        self.holders = {lane.id for lane in self.order if self.children.get(lane.id)}
        self.nested = bool(self.holders)
        # The band of a holder's own nodes is not the holder's box (that spans its lanes too).
        self.own_band = {lid: f"{lid}/own" for lid in self.holders if lid in self.has_nodes}

    def _visit(self, parent: str | None, level: int) -> None:
        for lane in self.children.get(parent, []):
            if lane.id not in self.depth:
                self.order.append(lane)
                self.depth[lane.id] = level
                self._visit(lane.id, level + 1)

    def bands(self, blueprint: bool) -> list[Lane]:
        if not self.nested:
            return list(self.order)
        return [
            lane for lane in self.order if lane.id not in self.holders or lane.id in self.has_nodes
        ]

    def band_depth(self, lane_id: str) -> int:
        return self.depth.get(lane_id, 0) + (1 if lane_id in self.holders else 0)

    def with_outer_lanes(
        self, case: Case, bands: list[LaneGeom], lane_ids: list[str], content_w: float
    ) -> list[LaneGeom]:
        """The bands with a box for each lane holding lanes, before what it holds (drawn under)."""
        band_of = dict(zip(lane_ids, bands, strict=True))
        out: list[LaneGeom] = []
        for lane in self.order:
            if lane.id in self.holders:
                spans = [band_of[d].box for d in self._inside(lane.id) if d in band_of]
                if spans:
                    top = min(b.y for b in spans)
                    bottom = max(b.bottom for b in spans)
                    x = self.depth[lane.id] * GROUP_W
                    lines = wrap(lane_label(case, lane), GROUP_W - 12, 11.5, bold=True)
                    th = len(lines) * line_height(11.5)
                    label = text_block(
                        lines, x + GROUP_W / 2, top + (bottom - top - th) / 2, 11.5, bold=True
                    )
                    header = Rect(x, top, GROUP_W, bottom - top)
                    out.append(
                        LaneGeom(lane.id, Rect(x, top, content_w - x, bottom - top), header, label)
                    )
            if lane.id in band_of:
                out.append(band_of[lane.id])
        out += [band_of[NO_LANE]] if NO_LANE in band_of else []
        return out

    def _inside(self, lane_id: str) -> list[str]:
        """The lane and every lane inside it, at any depth."""
        found, todo = [lane_id], [lane_id]
        while todo:
            for child in self.children.get(todo.pop(), []):
                if child.id not in found:
                    found.append(child.id)
                    todo.append(child.id)
        return found


def _description(process: Process, variant: Variant, lanes: int, blueprint: bool, lang: str) -> str:
    acts = sum(1 for n in variant.nodes if n.type in ("task", "subprocess"))
    kind = (
        word(lang, "Service blueprint")
        if blueprint
        else sentence(lang, "Swimlane activity diagram")
    )
    return sentence(
        lang, "swimlane", kind=kind, process=process.label, variant=variant.label,
        variant_kind=word(lang, variant.kind), activities=acts, lanes=lanes,
        flows=len(variant.flows),
    )  # fmt: skip


def _blueprint_marks(
    diagram: Diagram, lanes: list[LaneGeom], content_w: float, width: float, lang: str
) -> None:
    """Stage group cells on the left and the three blueprint lines between the groups."""
    groups: list[tuple[str, float, float]] = []
    for lane in lanes:
        if groups and groups[-1][0] == lane.group:
            groups[-1] = (lane.group, groups[-1][1], lane.box.bottom)
        else:
            groups.append((lane.group, lane.box.y, lane.box.bottom))
    for stage, top, bottom in groups:
        cell = Rect(0, top, GROUP_W, bottom - top)
        lines = wrap(word(lang, STAGE_NAMES.get(stage, stage)), GROUP_W - 12, 11.5, bold=True)
        th = len(lines) * line_height(11.5)
        diagram.decorations.append(Decoration("rect", cell, fill="header", stroke="lane"))
        diagram.decorations.append(
            Decoration(
                "text",
                text=text_block(lines, GROUP_W / 2, top + (bottom - top - th) / 2, 11.5, bold=True),
            )
        )
    for (stage_a, _, bottom), (stage_b, _, _) in itertools.pairwise(groups):
        a, b = STAGES.index(stage_a), STAGES.index(stage_b)
        # Between stages that are not neighbours (one is empty) the skipped lines coincide.
        name = " · ".join(word(lang, line) for line in LINES[a:b])
        if not name:
            continue
        diagram.overlays.append(
            Decoration(
                "line",
                points=[(0, bottom), (content_w, bottom)],
                stroke="edge",
                dashed=True,
                width=2.0,
            )
        )
        label = text_block(
            [name], content_w + 8, bottom - line_height(10.5) / 2, 10.5, anchor="start", italic=True
        )
        diagram.overlays.append(Decoration("text", text=label))


def _legend(variant: Variant, lang: str, has_back: bool) -> list[LegendItem]:
    types = {n.type for n in variant.nodes}
    items = []
    if "task" in types:
        items.append(LegendItem("round", "task", word(lang, "activity")))
    if "subprocess" in types:
        items.append(LegendItem("round", "subprocess", word(lang, "sub-process")))
    for gw in ("xor", "and", "or", "event-gateway"):
        if gw in types:
            items.append(LegendItem(_GATEWAY_SYMBOL[gw], "gateway", word(lang, _GATEWAY_WORD[gw])))
    if "start" in types:
        items.append(LegendItem("circle", "start", word(lang, "start")))
    if "event" in types:
        items.append(LegendItem("circle-double", "event", word(lang, "event")))
    if "end" in types:
        items.append(LegendItem("circle-bold", "end", word(lang, "end")))
    if any(n.attached_to for n in variant.nodes):
        items.append(
            LegendItem(
                "edge",
                "plain",
                word(lang, "boundary event on its activity"),
                dashed=True,
                tone="rule",
            )
        )
    items.append(LegendItem("edge", "plain", word(lang, "flow")))
    if has_back:
        items.append(
            LegendItem("edge", "plain", word(lang, "loop back (rework)"), dashed=True, tone="back")
        )
    if any(f.probability is not None for f in variant.flows):
        items.append(LegendItem("edge", "plain", "70 % = " + word(lang, "share of cases")))
    return items


def swimlane_layout(
    case: Case, process_id: str | None = None, variant_id: str | None = None
) -> Diagram:
    """Geometry of the swimlane diagram in absolute coordinates, for exporters (BPMN DI).

    Each node's `shape` is the BPMN shape bounds (the task box, the gateway diamond's or the
    event circle's bounding square) and `box` its footprint including the label; each edge's
    `points` are its waypoints from source to target; each lane's `box` its band.
    Raises KeyError for an unknown process or variant.
    """
    return swimlane_diagram(case, process_id, variant_id)
