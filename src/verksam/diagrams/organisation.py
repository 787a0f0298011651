"""Organisation chart (units with their roles) and the stakeholder power × interest grid."""

from __future__ import annotations

from verksam.diagrams.build import EdgeSpec, NodeSpec, Part, box, graph
from verksam.diagrams.geometry import Decoration, Diagram, LegendItem, NodeGeom, Rect
from verksam.diagrams.layered import Settings
from verksam.diagrams.sheet import finish, text_block
from verksam.diagrams.swimlane import subtitle
from verksam.diagrams.text import line_height, text_width
from verksam.diagrams.words import decimal, language, sentence, word
from verksam.model import Case

NO_UNIT = "_no_unit"


def _fte(v: float, lang: str = "en") -> str:
    return decimal(lang, f"{v:g}")


def structure_diagram(case: Case) -> Diagram:
    """The organisation chart: the unit tree, each unit listing its roles with staffing."""
    lang = language(case)
    st = case.structure
    units = st.units if st else []
    roles = st.roles if st else []
    unit_ids = {u.id for u in units}
    by_unit: dict[str, list[str]] = {}
    for r in roles:
        key = r.unit if r.unit in unit_ids else NO_UNIT
        line = r.label
        if r.fte is not None:
            line += f" · {_fte(r.fte, lang)} {word(lang, 'FTE')}"
        by_unit.setdefault(key, []).append(line)
    specs: list[NodeSpec] = []
    edges: list[EdgeSpec] = []
    for u in units:
        kind = {"external": "external unit", "citizen": "Citizen"}.get(u.kind, "unit")
        parts = [
            Part(f"«{word(lang, kind).lower()}»", 9.5, italic=True, tone="muted"),
            Part(u.label, 12, bold=True),
        ]
        if by_unit.get(u.id):
            parts.append(Part("\n".join(by_unit[u.id]), 10.5))
        fill = {"external": "unit-external", "citizen": "unit-citizen"}.get(u.kind, "unit")
        specs.append(
            box(
                u.id,
                "unit",
                parts,
                fill=fill,
                wrap_width=180,
                min_w=130,
                dashed=u.kind == "external",
                title=u.label,
            )
        )
        if u.parent in unit_ids:
            edges.append(EdgeSpec(u.parent, u.id, kind="part-of", end="none", bundle=True))
    if NO_UNIT in by_unit:
        specs.append(
            box(
                NO_UNIT,
                "unit",
                [Part("(—)", 12, bold=True), Part("\n".join(by_unit[NO_UNIT]), 10.5)],
                fill="plain",
                wrap_width=180,
                min_w=130,
                dashed=True,
            )
        )
    nodes, egeoms, res = graph(
        specs, edges, direction="TB", settings=Settings(node_gap=22, channel_pad=16)
    )
    total_fte = sum(r.fte or 0.0 for r in roles)
    diagram = Diagram(
        "structure",
        word(lang, "Organisation chart"),
        subtitle(
            case, f"{_fte(round(total_fte, 2), lang)} {word(lang, 'FTE')}" if total_fte else ""
        ),
        sentence(lang, "structure", units=len(units), roles=len(roles)),
        nodes=nodes,
        edges=egeoms,
    )
    diagram.legend = [LegendItem("box", "unit", word(lang, "unit"))]
    if any(u.kind == "external" for u in units):
        diagram.legend.append(
            LegendItem("box", "unit-external", word(lang, "external unit"), dashed=True)
        )
    if any(u.kind == "citizen" for u in units):
        diagram.legend.append(LegendItem("box", "unit-citizen", word(lang, "Citizen")))
    return finish(diagram, res.order_extent, res.rank_extent, legend_title=word(lang, "Legend"))


LEVELS = ["low", "medium", "high"]
SIGN = {"positive": "+", "neutral": "0", "negative": "−"}
ATTITUDE_SYMBOL = {"positive": "stadium", "neutral": "box", "negative": "octagon"}
CELL_PAD = 14.0
BAND = 24.0  # room for the quadrant names


def stakeholders_diagram(case: Case) -> Diagram:
    """Power × interest grid (Mendelow) with each stakeholder in its cell, its attitude now and
    desired shown by sign and shape (stadium +, box 0, octagon −)."""
    lang = language(case)
    people = case.benefits.stakeholders if case.benefits else []
    cells: dict[tuple[int, int], list[NodeSpec]] = {}
    for s in people:
        att = SIGN[s.attitude]
        if s.desired_attitude and s.desired_attitude != s.attitude:
            att += f" → {SIGN[s.desired_attitude]}"
        parts = [Part(s.label, 11.5, bold=True), Part(att, 11, bold=True)]
        if s.role:
            parts.insert(1, Part(s.role, 10, tone="muted"))
        spec = box(
            s.id,
            "stakeholder",
            parts,
            symbol=ATTITUDE_SYMBOL[s.attitude],
            fill=s.attitude,
            wrap_width=140,
            min_w=110,
            min_h=40,
            title=s.label,
        )
        col = LEVELS.index(s.interest)
        row = 2 - LEVELS.index(s.power)  # high power at the top
        cells.setdefault((row, col), []).append(spec)
    col_w = [
        max([160.0] + [sp.w + 2 * CELL_PAD for r in range(3) for sp in cells.get((r, c), [])])
        for c in range(3)
    ]
    row_h = []
    for r in range(3):
        heights = [
            sum(sp.h for sp in cells.get((r, c), [])) + 10 * max(0, len(cells.get((r, c), [])) - 1)
            for c in range(3)
        ]
        band = BAND if r in (0, 2) else 0.0
        row_h.append(max(90.0, max(heights) + 2 * CELL_PAD + band))
    axis_w = (
        text_width(word(lang, "Power"), 12, bold=True)
        + max(text_width(word(lang, lv), 10.5) for lv in LEVELS)
        + 30
    )
    xs = [axis_w]
    for w in col_w:
        xs.append(xs[-1] + w)
    ys = [0.0]
    for h in row_h:
        ys.append(ys[-1] + h)
    decorations: list[Decoration] = []
    mid_x = (xs[0] + xs[3]) / 2
    mid_y = ys[3] / 2
    quads = [
        (Rect(xs[0], 0, mid_x - xs[0], mid_y), "quad2"),
        (Rect(mid_x, 0, xs[3] - mid_x, mid_y), "quad1"),
        (Rect(xs[0], mid_y, mid_x - xs[0], ys[3] - mid_y), "quad3"),
        (Rect(mid_x, mid_y, xs[3] - mid_x, ys[3] - mid_y), "quad4"),
    ]
    for rect, tone in quads:
        decorations.append(Decoration("rect", rect, fill=tone, stroke="none"))
    for r in range(3):
        for c in range(3):
            decorations.append(
                Decoration("rect", Rect(xs[c], ys[r], col_w[c], row_h[r]), stroke="lane")
            )
    decorations.append(
        Decoration("line", points=[(mid_x, 0), (mid_x, ys[3])], stroke="rule", width=2)
    )
    decorations.append(
        Decoration("line", points=[(xs[0], mid_y), (xs[3], mid_y)], stroke="rule", width=2)
    )
    names = [
        ("Keep satisfied", xs[0] + 8, 6.0, "start"),
        ("Manage closely", xs[3] - 8, 6.0, "end"),
        ("Monitor", xs[0] + 8, ys[3] - BAND + 5, "start"),
        ("Keep informed", xs[3] - 8, ys[3] - BAND + 5, "end"),
    ]
    for text, x, y, anchor in names:
        decorations.append(
            Decoration(
                "text",
                text=text_block(
                    [word(lang, text)],
                    x,
                    y,
                    11.5,
                    bold=True,
                    italic=True,
                    anchor=anchor,
                    tone="muted",
                ),
            )
        )
    for r in range(3):
        decorations.append(
            Decoration(
                "text",
                text=text_block(
                    [word(lang, LEVELS[2 - r])],
                    axis_w - 10,
                    ys[r] + row_h[r] / 2 - 7,
                    10.5,
                    anchor="end",
                    tone="muted",
                ),
            )
        )
    for c in range(3):
        decorations.append(
            Decoration(
                "text",
                text=text_block(
                    [word(lang, LEVELS[c])], xs[c] + col_w[c] / 2, ys[3] + 6, 10.5, tone="muted"
                ),
            )
        )
    decorations.append(
        Decoration(
            "text",
            text=text_block([word(lang, "Interest") + " →"], mid_x, ys[3] + 24, 12, bold=True),
        )
    )
    decorations.append(
        Decoration(
            "text",
            text=text_block(
                [word(lang, "Power"), "↑"],
                8,
                mid_y - line_height(12),
                12,
                bold=True,
                anchor="start",
            ),
        )
    )
    nodes: list[NodeGeom] = []
    for (r, c), specs in sorted(cells.items()):
        y = ys[r] + CELL_PAD + (BAND if r == 0 else 0.0)
        for sp in specs:
            nodes.append(sp.at(xs[c] + (col_w[c] - sp.w) / 2, y))
            y += sp.h + 10
    diagram = Diagram(
        "stakeholders",
        word(lang, "Stakeholder grid"),
        subtitle(case),
        sentence(lang, "stakeholders", people=len(people)),
        nodes=nodes,
        decorations=decorations,
    )
    diagram.legend = [
        LegendItem("stadium", "positive", "+ " + word(lang, "positive")),
        LegendItem("box", "neutral", "0 " + word(lang, "neutral")),
        LegendItem("octagon", "negative", "− " + word(lang, "negative")),
        LegendItem("box", "plain", "− → + : " + word(lang, "attitude now → desired")),
    ]
    return finish(diagram, xs[3], ys[3] + 44, legend_title=word(lang, "Legend"))
