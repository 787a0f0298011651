"""Business vision view: the goal tree (vision, goals, problems and causes) and the conceptual model.

The goal tree runs top to bottom: the vision, the overarching goals, the goals per operation and
their sub-goals, with each «problem» under the goals it blocks and its causes under it. The
conceptual model is a class diagram of the business concepts and their associations.
"""

from __future__ import annotations

from verksam.diagrams.build import EdgeSpec, NodeSpec, Part, box, graph
from verksam.diagrams.geometry import Diagram, LegendItem, Rect
from verksam.diagrams.layered import Settings
from verksam.diagrams.sheet import finish, text_block
from verksam.diagrams.swimlane import subtitle
from verksam.diagrams.text import block_size, wrap
from verksam.diagrams.words import decimal, language, sentence, stereotype, word
from verksam.model import Case, Goal

LEVEL = {"overarching": 1, "operational": 2, "sub": 3}


def _number(v: float, lang: str = "en") -> str:
    return decimal(lang, f"{v:g}")


def goal_parts(goal: Goal, lang: str, names: dict[str, str] | None = None) -> list[Part]:
    quantitative = goal.kind == "quantitative"
    stereo = stereotype(lang, "goal")
    stereo += " · " + word(lang, "quantitative goal") if quantitative else ""
    parts = [Part(stereo, 9.5, italic=True, tone="muted"), Part(goal.label, 12, bold=True)]
    if goal.description:
        parts.append(Part(goal.description, 10.5))
    if quantitative:
        if goal.indicator:
            parts.append(Part(goal.indicator, 10.5, italic=True))
        unit = f" {goal.unit}" if goal.unit else ""
        figures = []
        if goal.baseline is not None:
            figures.append(f"{_number(goal.baseline, lang)}{unit}")
        if goal.target is not None:
            figures.append(f"{_number(goal.target, lang)}{unit}")
        text = " → ".join(figures)
        if goal.deadline:
            text += f" ({goal.deadline.isoformat()})"
        if text.strip():
            parts.append(Part(text, 10.5, bold=True))
        if goal.measurements:
            last = max(goal.measurements, key=lambda m: m.date)
            parts.append(
                Part(
                    f"{last.date.isoformat()}: {_number(last.value, lang)}{unit}", 10, tone="muted"
                )
            )
    for rel in goal.relations:
        other = (names or {}).get(rel.goal, rel.goal)
        parts.append(Part(f"{word(lang, rel.kind)}: {other}", 9.5, italic=True, tone="muted"))
    return parts


def goals_diagram(case: Case) -> Diagram:
    """The goal tree of the case's vision view."""
    lang = language(case)
    vision = case.vision
    specs: list[NodeSpec] = []
    edges: list[EdgeSpec] = []
    if vision is not None and vision.statement:
        parts = [
            Part(stereotype(lang, "vision"), 9.5, italic=True, tone="muted"),
            Part(vision.statement, 13, bold=True),
        ]
        if vision.adopted or vision.adopted_by:
            when = vision.adopted.isoformat() if vision.adopted else ""
            parts.append(
                Part(" ".join(t for t in (vision.adopted_by, when) if t), 10, tone="muted")
            )
        specs.append(box("_vision", "vision", parts, fill="vision", wrap_width=380, min_w=200))
    goals = vision.goals if vision else []
    problems = vision.problems if vision else []
    ids = {g.id for g in goals}
    names = {g.id: g.label for g in goals}
    for g in goals:
        spec = box(
            g.id,
            "goal",
            goal_parts(g, lang, names),
            fill="goal-quant" if g.kind == "quantitative" else "goal",
            wrap_width=300 if g.level == "overarching" else 200,
            min_w=150,
            title=g.label,
        )
        spec.min_layer = (
            LEVEL.get(g.level, 2)
            if specs and specs[0].id == "_vision"
            else LEVEL.get(g.level, 2) - 1
        )
        specs.append(spec)
        if g.parent in ids:
            edges.append(
                EdgeSpec(g.parent, g.id, kind="sub-goal", end="none", start="open", bundle=True)
            )
        elif specs[0].id == "_vision":
            edges.append(
                EdgeSpec("_vision", g.id, kind="sub-goal", end="none", start="open", bundle=True)
            )
    pids = {p.id for p in problems}
    for p in problems:
        parts = [
            Part(stereotype(lang, "problem"), 9.5, italic=True, tone="muted"),
            Part(p.label, 11.5, bold=True),
        ]
        if p.description:
            parts.append(Part(p.description, 10))
        specs.append(
            box(
                p.id,
                "problem",
                parts,
                symbol="note",
                fill="problem",
                wrap_width=180,
                min_w=130,
                title=p.label,
            )
        )
        for gid in p.blocks:
            if gid in ids:
                edges.append(
                    EdgeSpec(
                        gid,
                        p.id,
                        kind="blocks",
                        tone="blocks",
                        dashed=True,
                        start="open",
                        end="none",
                        back_tone="blocks",
                    )
                )
        for cause in p.causes:
            if cause in pids:
                edges.append(
                    EdgeSpec(
                        p.id,
                        cause,
                        kind="causes",
                        tone="blocks",
                        start="arrow",
                        end="none",
                        back_tone="blocks",
                        width=1.2,
                        bundle=True,
                    )
                )
    nodes, egeoms, res = graph(
        specs, edges, direction="TB", settings=Settings(node_gap=24, channel_pad=16)
    )
    diagram = Diagram(
        "goals",
        word(lang, "Goal tree"),
        subtitle(case),
        sentence(
            lang, "goals-vision", goals=len(goals), problems=len(problems), vision=vision.statement
        )
        if vision and vision.statement
        else sentence(lang, "goals", goals=len(goals), problems=len(problems)),
        nodes=nodes,
        edges=egeoms,
    )
    legend = [LegendItem("box", "goal", word(lang, "goal"))]
    if any(g.kind == "quantitative" for g in goals):
        legend.append(LegendItem("box", "goal-quant", word(lang, "quantitative goal")))
    if problems:
        legend += [
            LegendItem("note", "problem", word(lang, "problem")),
            LegendItem("edge", "plain", word(lang, "blocks"), dashed=True, tone="blocks"),
            LegendItem("edge", "plain", word(lang, "causes"), tone="blocks"),
        ]
    diagram.legend = legend
    return finish(diagram, res.order_extent, res.rank_extent, legend_title=word(lang, "Legend"))


def class_box(node_id: str, name: str, attributes: list[str], stereotype: str = "") -> NodeSpec:
    """A UML class: name compartment above an attribute compartment (left-aligned)."""
    name_parts = ([Part(stereotype, 9.5, italic=True, tone="muted")] if stereotype else []) + [
        Part(name, 12, bold=True)
    ]
    wrapped = [(p, wrap(p.text, 180, p.size, bold=p.bold)) for p in name_parts]
    attr_lines = [line for a in attributes for line in wrap(a, 180, 10.5)]
    nw = max((block_size(lines, p.size, bold=p.bold)[0] for p, lines in wrapped), default=0.0)
    aw, ah = block_size(attr_lines, 10.5)
    nh = sum(block_size(lines, p.size, bold=p.bold)[1] + 2 for p, lines in wrapped) - 2
    w = max(120.0, nw + 20, aw + 20)
    name_h = nh + 12
    h = name_h + (ah + 10 if attr_lines else 12)
    texts = []
    y = 6.0
    for p, lines in wrapped:
        t = text_block(lines, w / 2, y, p.size, bold=p.bold, italic=p.italic, tone=p.tone)
        texts.append(t)
        y = t.rect.bottom + 2
    if attr_lines:
        texts.append(text_block(attr_lines, 10, name_h + 5, 10.5, anchor="start"))
    return NodeSpec(
        node_id,
        "concept",
        "class",
        "concept",
        w,
        h,
        Rect(0, 0, w, h),
        texts,
        extra={"y1": name_h},
        title=name,
    )


def concepts_diagram(case: Case) -> Diagram:
    """The conceptual model as a class diagram."""
    lang = language(case)
    vision = case.vision
    concepts = vision.concepts if vision else []
    associations = vision.associations if vision else []
    specs = [class_box(c.id, c.label, c.attributes) for c in concepts]
    ids = {c.id for c in concepts}
    edges: list[EdgeSpec] = []
    for a in associations:
        if a.source not in ids or a.target not in ids:
            continue
        if a.kind == "generalization":
            # the general concept above the specific one, triangle at the general end
            edges.append(
                EdgeSpec(
                    a.target,
                    a.source,
                    a.name,
                    kind="generalization",
                    start="triangle",
                    end="none",
                    back_tone="edge",
                    back_dashed=False,
                    bundle=True,
                )
            )
            continue
        start = {"aggregation": "diamond", "composition": "diamond-filled"}.get(a.kind, "none")
        edges.append(
            EdgeSpec(
                a.source,
                a.target,
                a.name,
                kind=a.kind,
                start=start,  # type: ignore[arg-type]
                end="none",
                back_tone="edge",
                back_dashed=False,
                source_label=a.source_multiplicity,
                target_label=a.target_multiplicity,
            )
        )
    nodes, egeoms, res = graph(
        specs, edges, direction="TB", settings=Settings(node_gap=40, channel_pad=22)
    )
    diagram = Diagram(
        "concepts",
        word(lang, "Conceptual model"),
        subtitle(case),
        f"Conceptual model: {len(concepts)} business concepts and {len(associations)} associations.",
        nodes=nodes,
        edges=egeoms,
    )
    return finish(diagram, res.order_extent, res.rank_extent, legend_title=word(lang, "Legend"))
