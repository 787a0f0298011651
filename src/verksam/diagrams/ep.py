"""Eriksson–Penker process diagram and assembly line diagram.

The process diagram shows one «process» as the EP arrow, its goals above («achieve»), the trigger
event and inputs on the left, outputs on the right, and supplying and controlling resources
below («supply», «control»). The assembly line diagram puts processes (or one process's
activities) across the top and the information objects and IT systems they use as lanes below,
with a read / write / uses reference on the lane under each process.
"""

from __future__ import annotations

from dataclasses import dataclass

from verksam.diagrams.build import NodeSpec, Part, box, symbol_with_label
from verksam.diagrams.geometry import (
    Decoration,
    Diagram,
    EdgeGeom,
    LaneGeom,
    LegendItem,
    NodeGeom,
    Rect,
)
from verksam.diagrams.sheet import finish, text_block
from verksam.diagrams.swimlane import pick_process, subtitle
from verksam.diagrams.text import block_size, line_height, text_width, wrap
from verksam.diagrams.words import language, sentence, stereotype, word
from verksam.model import Case, Process

GAP = 70.0  # between the process and the things around it: room for the arrow and its label


@dataclass(frozen=True, slots=True)
class _Thing:
    kind: str  # stereotype
    label: str
    symbol: str
    fill: str
    icon: bool = False


def _lookup(case: Case) -> dict[str, _Thing]:
    """Everything a process can point at, by id: resources, information, systems, goals, units."""
    out: dict[str, _Thing] = {}
    if case.structure:
        st = case.structure
        for r in st.resources:
            symbol = {"information": "document", "abstract": "parallelogram"}.get(r.kind, "box")
            out[r.id] = _Thing(r.kind, r.label, symbol, r.kind, icon=r.kind == "people")
        for i in st.information:
            out[i.id] = _Thing("information", i.label, "document", "information")
        for s in st.systems:
            out[s.id] = _Thing("system", s.label, "cylinder", "system")
        for u in st.units:
            out[u.id] = _Thing("unit", u.label, "box", "people", icon=True)
        for role in st.roles:
            out[role.id] = _Thing("people", role.label, "box", "people", icon=True)
    if case.vision:
        for g in case.vision.goals:
            out[g.id] = _Thing("goal", g.label, "box", "goal")
    return out


def _thing_spec(node_id: str, thing: _Thing, lang: str, wrap_width: float = 150.0) -> NodeSpec:
    spec = box(
        node_id,
        thing.kind,
        [
            Part(stereotype(lang, thing.kind), 9.5, italic=True, tone="muted"),
            Part(thing.label, 11.5, bold=True),
        ],
        symbol=thing.symbol,
        fill=thing.fill,
        wrap_width=wrap_width,
        min_w=110,
        min_h=44,
        pad_x=14 if thing.icon else 10,
        title=thing.label,
    )
    if thing.icon:
        # room for the stick figure in the top-left corner
        spec.w += 12
        spec.shape = Rect(0, 0, spec.w, spec.h)
        spec.texts = [t.shifted(6, 0) for t in spec.texts]
        spec.extra["icon"] = 1.0
    return spec


def process_diagram(case: Case, process_id: str | None = None) -> Diagram:
    """The EP process diagram of one process (by default the case's first).

    Raises KeyError for an unknown process.
    """
    lang = language(case)
    process = pick_process(case, process_id)
    things = _lookup(case)

    def spec_for(ref: str, prefix: str) -> NodeSpec:
        thing = things.get(ref, _Thing("resource", ref, "box", "physical"))
        return _thing_spec(f"{prefix}:{ref}", thing, lang)

    goals = [spec_for(g, "goal") for g in process.goals]
    if process.goal_text:
        goals.append(
            box(
                "goal:_text",
                "goal",
                [
                    Part(stereotype(lang, "goal"), 9.5, italic=True, tone="muted"),
                    Part(process.goal_text, 11.5, bold=True),
                ],
                fill="goal",
                wrap_width=220,
                min_w=120,
            )
        )
    left: list[NodeSpec] = []
    if process.trigger:
        left.append(
            symbol_with_label(
                "event:trigger",
                "event",
                "circle-double",
                "event",
                30,
                process.trigger,
                wrap_width=150,
            )
        )
    left += [spec_for(r, "input") for r in process.inputs]
    right = [spec_for(r, "output") for r in process.outputs]
    below = [spec_for(r, "supply") for r in process.supplies] + [
        spec_for(r, "control") for r in process.controls
    ]

    def row_width(specs: list[NodeSpec]) -> float:
        return sum(s.w for s in specs) + 30 * max(0, len(specs) - 1)

    def col_height(specs: list[NodeSpec]) -> float:
        return sum(s.h for s in specs) + 20 * max(0, len(specs) - 1)

    name_lines = wrap(process.label, 200, 14, bold=True)
    nw, nh = block_size(name_lines, 14, bold=True)
    pw = max(nw + 90, row_width(goals) + 40, row_width(below) + 40, 240.0)
    ph = max(nh + 50, col_height(left) + 20, col_height(right) + 20, 110.0)
    left_w = max((s.w for s in left), default=0.0)
    max((s.w for s in right), default=0.0)
    goals_h = max((s.h for s in goals), default=0.0)
    max((s.h for s in below), default=0.0)
    px = (left_w + GAP) if left else 0.0
    py = (goals_h + GAP) if goals else 0.0
    process_spec = NodeSpec(
        f"process:{process.id}",
        "process",
        "process",
        "process",
        pw,
        ph,
        Rect(0, 0, pw, ph),
        [
            text_block(
                [stereotype(lang, "process")],
                pw / 2,
                (ph - nh) / 2 - 16,
                10,
                italic=True,
                tone="muted",
            ),
            text_block(name_lines, pw / 2, (ph - nh) / 2, 14, bold=True),
        ],
        title=process.label,
    )
    nodes: list[NodeGeom] = [process_spec.at(px, py)]
    pnode = nodes[0]
    edges: list[EdgeGeom] = []

    def arrow(
        src: str,
        dst: str,
        pts: list[tuple[float, float]],
        kind: str,
        stereo: str,
        tone: str,
        label_side: str,
    ) -> None:
        label = None
        if stereo:
            (x1, y1), (x2, y2) = pts[0], pts[-1]
            if label_side == "right":
                label = text_block(
                    [stereo],
                    x1 + 5,
                    (y1 + y2) / 2 - 7,
                    10,
                    anchor="start",
                    italic=True,
                    tone="muted",
                )
            else:
                label = text_block([stereo], (x1 + x2) / 2, y1 - 15, 10, italic=True, tone="muted")
        edges.append(EdgeGeom(src, dst, pts, kind, label, 1.5, True, tone, "none", "open"))

    # goals above, centred over the process; «achieve» arrows go straight up
    gx = px + (pw - row_width(goals)) / 2
    for g in goals:
        node = g.at(gx, goals_h - g.h)
        nodes.append(node)
        cx = node.box.cx
        arrow(
            pnode.id,
            node.id,
            [(cx, py), (cx, node.box.bottom)],
            "achieve",
            stereotype(lang, "achieve"),
            "achieve",
            "right",
        )
        gx += g.w + 30
    # trigger and inputs on the left
    y = py + (ph - col_height(left)) / 2
    for s in left:
        node = s.at(px - GAP - s.w, y)
        nodes.append(node)
        ay = node.shape.cy
        kind = "trigger" if s.kind == "event" else "input"
        x0 = node.shape.right if s.kind == "event" else node.box.right
        arrow(node.id, pnode.id, [(x0, ay), (px + _notch(ph, ay - py), ay)], kind, "", "edge", "")
        y += s.h + 20
    y = py + (ph - col_height(right)) / 2
    for s in right:
        node = s.at(px + pw + GAP, y)
        nodes.append(node)
        ay = node.box.cy
        arrow(
            pnode.id,
            node.id,
            [(px + pw - _notch(ph, ay - py), ay), (node.box.x, ay)],
            "output",
            "",
            "edge",
            "",
        )
        y += s.h + 20
    bx = px + (pw - row_width(below)) / 2
    by = py + ph + GAP
    for s in below:
        node = s.at(bx, by)
        nodes.append(node)
        cx = node.box.cx
        kind = s.id.split(":", 1)[0]
        arrow(
            node.id,
            pnode.id,
            [(cx, by), (cx, py + ph)],
            kind,
            stereotype(lang, kind),
            "edge",
            "right",
        )
        bx += s.w + 30
    width = max(n.box.right for n in nodes)
    height = max(n.box.bottom for n in nodes)
    diagram = Diagram(
        "process",
        f"{word(lang, 'Process diagram')}: {process.label}",
        subtitle(case),
        _describe(process, lang),
        nodes=nodes,
        edges=edges,
    )
    legend: list[LegendItem] = [LegendItem("process", "process", stereotype(lang, "process"))]
    kinds_seen: list[str] = []
    for n in nodes[1:]:
        if n.kind not in kinds_seen:
            kinds_seen.append(n.kind)
            symbol = "people" if "icon" in n.extra else n.symbol
            legend.append(
                LegendItem(
                    symbol,
                    n.fill,
                    stereotype(lang, n.kind) if n.kind != "event" else word(lang, "event"),
                )
            )
    diagram.legend = legend
    return finish(diagram, width, height, legend_title=word(lang, "Legend"))


def _notch(ph: float, dy: float) -> float:
    """How far the process arrow's notched left (or pointed right) side lies in at height dy."""
    d = min(28.0, ph / 2)
    return d * (1 - abs(dy - ph / 2) / (ph / 2)) if ph > 0 else 0.0


def _describe(process: Process, lang: str) -> str:
    return sentence(
        lang, "ep-process", process=process.label, goals=len(process.goals),
        trigger=process.trigger or sentence(lang, "none"), inputs=len(process.inputs),
        outputs=len(process.outputs), supplies=len(process.supplies),
        controls=len(process.controls),
    )  # fmt: skip


# --------------------------------------------------------------------------- assembly line

MARK_H = 20.0


def assembly_diagram(
    case: Case, process_id: str | None = None, variant_id: str | None = None
) -> Diagram:
    """The assembly line diagram: all processes, or with `process_id` that process's activities.

    Raises KeyError for an unknown process or variant.
    """
    lang = language(case)
    things = _lookup(case)
    columns: list[tuple[str, str, dict[str, set[str]]]] = []  # (id, label, ref → {"r","w","u"})
    if process_id is not None:
        process = case.process(process_id)
        variant = process.variant(variant_id)
        for node in variant.nodes:
            if node.type not in ("task", "subprocess"):
                continue
            uses: dict[str, set[str]] = {}
            for ref in node.reads:
                uses.setdefault(ref, set()).add("r")
            for ref in node.writes:
                uses.setdefault(ref, set()).add("w")
            for ref in node.systems:
                uses.setdefault(ref, set()).add("u")
            columns.append((node.id, node.label, uses))
        title = f"{word(lang, 'Assembly line diagram')}: {process.label}"
        column_symbol = "round"
    else:
        for process in case.processes:
            uses = {}
            for ref in process.inputs:
                uses.setdefault(ref, set()).add("r")
            for ref in process.outputs:
                uses.setdefault(ref, set()).add("w")
            if process.variants:
                for node in process.variant().nodes:
                    for ref in node.reads:
                        uses.setdefault(ref, set()).add("r")
                    for ref in node.writes:
                        uses.setdefault(ref, set()).add("w")
                    for ref in node.systems:
                        uses.setdefault(ref, set()).add("u")
            columns.append((process.id, process.label, uses))
        title = word(lang, "Assembly line diagram")
        column_symbol = "process"
    # lanes: information objects, then systems, then anything else referenced, in model order
    order: list[str] = []
    if case.structure:
        order += [i.id for i in case.structure.information] + [s.id for s in case.structure.systems]
        order += [r.id for r in case.structure.resources if r.kind == "information"]
    used = {ref for _, _, uses in columns for ref in uses}
    lane_refs = [ref for ref in order if ref in used]
    lane_refs += sorted(used - set(lane_refs))
    words = {"r": word(lang, "reads"), "w": word(lang, "writes"), "u": word(lang, "uses")}

    def mark_text(modes: set[str]) -> str:
        return " / ".join(words[m] for m in ("r", "w", "u") if m in modes)

    # header column
    header_w = 170.0
    header_lines = []
    for ref in lane_refs:
        thing = things.get(ref, _Thing("information", ref, "document", "information"))
        header_lines.append((thing, wrap(thing.label, header_w - 20, 11.5)))
    lane_h = [max(56.0, (len(lines) + 1) * line_height(11.5) + 24) for _, lines in header_lines]
    # columns across the top
    top_specs: list[NodeSpec] = []
    col_w: list[float] = []
    for cid, label, uses in columns:
        spec = box(
            f"col:{cid}",
            "process" if column_symbol == "process" else "task",
            (
                [Part(stereotype(lang, "process"), 9.5, italic=True, tone="muted")]
                if column_symbol == "process"
                else []
            )
            + [Part(label, 12, bold=True)],
            symbol=column_symbol,
            fill="process" if column_symbol == "process" else "task",
            wrap_width=150,
            min_w=130,
            min_h=56,
        )
        marks_w = sum(text_width(mark_text(m), 9.5) + 14 for m in uses.values()) + 8 * len(uses)
        spec.w = max(spec.w, marks_w + 20)
        spec.shape = Rect(0, 0, spec.w, spec.h)
        spec.texts = [
            text_block(t.lines, spec.w / 2, t.y, t.size, bold=t.bold, italic=t.italic, tone=t.tone)
            for t in spec.texts
        ]
        top_specs.append(spec)
        col_w.append(spec.w)
    top_h = max((s.h for s in top_specs), default=0.0)
    nodes: list[NodeGeom] = []
    edges: list[EdgeGeom] = []
    x = header_w + 30
    lane_top = top_h + 50
    lane_y: dict[str, tuple[float, float]] = {}
    y = lane_top
    for ref, h in zip(lane_refs, lane_h, strict=True):
        lane_y[ref] = (y, y + h)
        y += h
    for spec, (_cid, _label, uses) in zip(top_specs, columns, strict=True):
        col = spec.at(x, top_h - spec.h)
        nodes.append(col)
        refs = [r for r in lane_refs if r in uses]
        marks = [(r, mark_text(uses[r])) for r in refs]
        total = sum(text_width(t, 9.5) + 14 for _, t in marks) + 8 * max(0, len(marks) - 1)
        mx = col.box.x + (col.box.w - total) / 2
        for ref, text in marks:
            mw = text_width(text, 9.5) + 14
            top, bottom = lane_y[ref]
            my = (top + bottom) / 2 - MARK_H / 2
            rect = Rect(mx, my, mw, MARK_H)
            mark = NodeGeom(
                f"ref:{spec.id[4:]}:{ref}",
                "reference",
                "marker",
                rect,
                rect,
                [text_block([text], rect.cx, my + (MARK_H - line_height(9.5)) / 2, 9.5)],
                lane=f"lane:{ref}",
                fill="marker",
                title=f"{_label} {text} {ref}",
            )
            nodes.append(mark)
            edges.append(
                EdgeGeom(
                    col.id,
                    mark.id,
                    [(rect.cx, col.box.bottom), (rect.cx, my)],
                    "uses",
                    None,
                    1.2,
                    False,
                    "edge",
                    "none",
                    "dot",
                )
            )
            mx += mw + 8
        x += spec.w + 30
    width = x - 30 + 20 if columns else header_w + 200
    lanes: list[LaneGeom] = []
    for ref, (thing, lines) in zip(lane_refs, header_lines, strict=True):
        top, bottom = lane_y[ref]
        header = Rect(0, top, header_w, bottom - top)
        stereo = stereotype(lang, thing.kind)
        th = (len(lines) + 1) * line_height(11.5)
        caption = text_block([stereo, *lines], header_w / 2, top + (bottom - top - th) / 2, 11.5)
        lanes.append(
            LaneGeom(f"lane:{ref}", Rect(0, top, width, bottom - top), header, caption, thing.kind)
        )
    height = y if lane_refs else top_h
    diagram = Diagram(
        "assembly",
        title,
        subtitle(case),
        sentence(
            lang,
            "assembly-processes" if process_id is None else "assembly-activities",
            columns=len(columns),
            lanes=len(lane_refs),
        ),
        nodes=nodes,
        edges=edges,
        lanes=lanes,
    )
    if not lane_refs and columns:
        diagram.decorations.append(
            Decoration(
                "text",
                text=text_block(
                    ["(no information objects or systems used)"],
                    header_w,
                    top_h + 16,
                    11,
                    anchor="start",
                    tone="muted",
                ),
            )
        )
        height = top_h + 40
    diagram.legend = [
        LegendItem(
            column_symbol,
            "process" if column_symbol == "process" else "task",
            word(lang, "process") if column_symbol == "process" else word(lang, "activity"),
        ),
        LegendItem("marker", "marker", f"{words['r']} / {words['w']} / {words['u']}"),
    ]
    return finish(diagram, width, height, legend_title=word(lang, "Legend"))
