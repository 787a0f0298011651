"""Effect map (why → who → what → how) and benefit map (changes → effects → benefits → goals).

Both are laid out left to right in fixed columns with a heading over each column.
"""

from __future__ import annotations

from verksam.diagrams.build import EdgeSpec, NodeSpec, Part, box, graph
from verksam.diagrams.geometry import Decoration, Diagram, LegendItem
from verksam.diagrams.layered import LayeredResult, Settings
from verksam.diagrams.sheet import finish, text_block
from verksam.diagrams.swimlane import subtitle
from verksam.diagrams.words import decimal, language, sentence, stereotype, word
from verksam.model import Case

HEAD = 34.0  # room above the columns for their headings


def _figure(v: float | None, lang: str = "en") -> str:
    return "" if v is None else decimal(lang, f"{v:g}")


def _headings(res: LayeredResult, names: list[str], layer_of: list[int]) -> list[Decoration]:
    out = []
    occupied = {p.layer for p in res.nodes.values()}
    for name, lay in zip(names, layer_of, strict=True):
        if lay in occupied:
            lo, hi = res.layers[lay]
            out.append(
                Decoration(
                    "text", text=text_block([name], (lo + hi) / 2, 0, 13, bold=True, tone="muted")
                )
            )
    return out


def effects_diagram(case: Case) -> Diagram:
    """The effect map: effect goals, target groups, their needs and the deliverables."""
    lang = language(case)
    em = case.effect_map
    specs: list[NodeSpec] = []
    edges: list[EdgeSpec] = []
    if em is not None:
        for g in em.effect_goals:
            parts = [
                Part(word(lang, "effect goal"), 9.5, italic=True, tone="muted"),
                Part(g.label, 12, bold=True),
            ]
            if g.indicator:
                parts.append(Part(g.indicator, 10.5, italic=True))
            figures = " → ".join(
                f for f in (_figure(g.baseline, lang), _figure(g.target, lang)) if f
            )
            if figures:
                unit = f" {g.unit}" if g.unit else ""
                when = f" ({g.deadline.isoformat()})" if g.deadline else ""
                parts.append(Part(f"{figures}{unit}{when}", 10.5, bold=True))
            if g.method:
                parts.append(Part(g.method, 10, tone="muted"))
            specs.append(box(g.id, "effect-goal", parts, fill="effect-goal", wrap_width=190))
        goal_ids = {g.id for g in em.effect_goals}
        for t in em.target_groups:
            spec = box(
                t.id,
                "target-group",
                [Part(t.label, 12, bold=True)],
                symbol="stadium",
                fill="target-group",
                wrap_width=150,
            )
            spec.min_layer = 1
            specs.append(spec)
            edges += [EdgeSpec(g, t.id) for g in t.effect_goals if g in goal_ids]
        tg_ids = {t.id for t in em.target_groups}
        for n in em.needs:
            parts = [Part(n.label, 11.5, bold=True)]
            if n.measure:
                parts.append(Part(n.measure, 10, tone="muted"))
            spec = box(n.id, "need", parts, symbol="round", fill="need", wrap_width=170)
            spec.min_layer = 2
            specs.append(spec)
            if n.target_group in tg_ids:
                edges.append(EdgeSpec(n.target_group, n.id))
        need_ids = {n.id for n in em.needs}
        for d in em.deliverables:
            label = f"{d.rank}. {d.label}" if d.rank is not None else d.label
            spec = box(
                d.id,
                "deliverable",
                [Part(label, 11.5, bold=True)],
                symbol="hexagon",
                fill="deliverable",
                wrap_width=170,
            )
            spec.min_layer = 3
            specs.append(spec)
            edges += [EdgeSpec(n, d.id) for n in d.needs if n in need_ids]
    nodes, egeoms, res = graph(
        specs,
        edges,
        direction="LR",
        settings=Settings(node_gap=18, channel_pad=26),
        offset=(0.0, HEAD),
    )
    heads = [f"{word(lang, w)}?" for w in ("Why", "Who", "What", "How")]
    diagram = Diagram(
        "effects",
        word(lang, "Effect map"),
        subtitle(case),
        sentence(
            lang,
            "effects",
            goals=len(em.effect_goals) if em else 0,
            groups=len(em.target_groups) if em else 0,
            needs=len(em.needs) if em else 0,
            deliverables=len(em.deliverables) if em else 0,
        ),
        nodes=nodes,
        edges=egeoms,
        decorations=_headings(res, heads, [0, 1, 2, 3]),
    )
    diagram.legend = [
        LegendItem("box", "effect-goal", word(lang, "effect goal")),
        LegendItem("stadium", "target-group", word(lang, "target group")),
        LegendItem("round", "need", word(lang, "need / behaviour change")),
        LegendItem("hexagon", "deliverable", word(lang, "deliverable")),
    ]
    return finish(
        diagram, res.rank_extent, res.order_extent + HEAD, legend_title=word(lang, "Legend")
    )


CATEGORY = {
    "cash-releasing": "cash-releasing",
    "reallocation": "reallocation",
    "other-public": "other public sector",
    "non-monetised": "non-monetised",
}


def benefits_diagram(case: Case) -> Diagram:
    """The benefit map: changes and prerequisites → effects → benefits → goals."""
    lang = language(case)
    b = case.benefits
    specs: list[NodeSpec] = []
    edges: list[EdgeSpec] = []
    goal_names = {g.id: g for g in (case.vision.goals if case.vision else [])}
    if b is not None:
        for c in b.changes:
            specs.append(
                box(c.id, "change", [Part(c.label, 11.5, bold=True)], fill="change", wrap_width=160)
            )
        for p in b.prerequisites:
            specs.append(
                box(
                    p.id,
                    "prerequisite",
                    [
                        Part(stereotype(lang, "prerequisite"), 9.5, italic=True, tone="muted"),
                        Part(p.label, 11.5),
                    ],
                    symbol="parallelogram",
                    fill="prerequisite",
                    wrap_width=150,
                    dashed=True,
                )
            )
            specs[-1].pinned = True  # prerequisites stand beside the changes
        change_ids = {c.id for c in b.changes}
        for e in b.effects:
            spec = box(
                e.id,
                "effect",
                [Part(e.label, 11.5, bold=True)],
                symbol="round",
                fill="effect",
                wrap_width=160,
            )
            spec.min_layer = 1
            specs.append(spec)
            edges += [EdgeSpec(c, e.id) for c in e.changes if c in change_ids]
        effect_ids = {e.id for e in b.effects}
        used_goals: list[str] = []
        prereq_ids = {p.id for p in b.prerequisites}
        benefit_ids = {x.id for x in b.benefits}
        for x in b.benefits:
            parts = [
                Part(x.label, 11.5, bold=True),
                Part(
                    word(lang, CATEGORY.get(x.category, x.category)), 9.5, italic=True, tone="muted"
                ),
            ]
            if x.indicator:
                figures = " → ".join(
                    f for f in (_figure(x.baseline, lang), _figure(x.target, lang)) if f
                )
                parts.append(Part(f"{x.indicator} {figures}".strip(), 10))
            if x.owner:
                parts.append(Part(x.owner, 10, tone="muted"))
            if x.dis_benefit:
                parts.insert(0, Part(stereotype(lang, "dis-benefit"), 9.5, italic=True))
            spec = box(
                x.id,
                "benefit",
                parts,
                symbol="octagon" if x.dis_benefit else "box",
                fill="dis-benefit" if x.dis_benefit else "benefit",
                wrap_width=170,
            )
            spec.min_layer = 2
            specs.append(spec)
            edges += [EdgeSpec(e, x.id) for e in x.effects if e in effect_ids]
            edges += [EdgeSpec(c, x.id) for c in x.changes if c in change_ids]
            for g in x.goals:
                if g in goal_names:
                    if g not in used_goals:
                        used_goals.append(g)
                    edges.append(EdgeSpec(x.id, f"goal:{g}", tone="achieve"))
            edges += [
                EdgeSpec(p, x.id, dashed=True, tone="rule")
                for p in x.prerequisites
                if p in prereq_ids
            ]
        for p in b.prerequisites:
            edges += [
                EdgeSpec(p.id, x, dashed=True, tone="rule")
                for x in p.benefits
                if x in benefit_ids
                and p.id not in next(y for y in b.benefits if y.id == x).prerequisites
            ]
        for g in used_goals:
            goal = goal_names[g]
            spec = box(
                f"goal:{g}",
                "goal",
                [
                    Part(stereotype(lang, "goal"), 9.5, italic=True, tone="muted"),
                    Part(goal.label, 11.5, bold=True),
                ],
                fill="goal",
                wrap_width=170,
            )
            spec.min_layer = 3
            specs.append(spec)
    nodes, egeoms, res = graph(
        specs,
        edges,
        direction="LR",
        settings=Settings(node_gap=18, channel_pad=26),
        offset=(0.0, HEAD),
    )
    heads = [word(lang, w) for w in ("Changes", "Effects", "Benefits", "Goals")]
    diagram = Diagram(
        "benefits",
        word(lang, "Benefit map") + (f": {b.initiative}" if b and b.initiative else ""),
        subtitle(case),
        sentence(
            lang,
            "benefits",
            changes=len(b.changes) if b else 0,
            effects=len(b.effects) if b else 0,
            benefits=len(b.benefits) if b else 0,
        ),
        nodes=nodes,
        edges=egeoms,
        decorations=_headings(res, heads, [0, 1, 2, 3]),
    )
    diagram.legend = [
        LegendItem("box", "change", word(lang, "change")),
        LegendItem("parallelogram", "prerequisite", word(lang, "prerequisite"), dashed=True),
        LegendItem("round", "effect", word(lang, "effect")),
        LegendItem("box", "benefit", word(lang, "benefit")),
        LegendItem("octagon", "dis-benefit", word(lang, "dis-benefit")),
        LegendItem("box", "goal", word(lang, "goal")),
    ]
    return finish(
        diagram, res.rank_extent, res.order_extent + HEAD, legend_title=word(lang, "Legend")
    )
