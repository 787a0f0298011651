"""The view pages of a case: one per view of the method chain, each with its diagrams and the same
content as a nested list (the diagrams' text alternative).

To add or specialise a page, add a `ViewPage` to PAGES (its own template may extend
cases/view_page.html and fill the `editor` block); the URL, navigation, access check, problem list
and isolation test pick it up from here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from verksam.model import Case


@dataclass
class Item:
    """One entry of a text alternative: a label, a few facts, and nested entries."""

    label: str
    facts: list[str] = field(default_factory=list)
    children: list[Item] = field(default_factory=list)
    path: str = ""  # element path, to put problems next to it


@dataclass(frozen=True)
class Diagram:
    """One diagram to render with verksam.diagrams.render(case, view, id=..., variant=...)."""

    view: str
    title: str
    id: str | None = None
    variant: str | None = None


@dataclass(frozen=True)
class ViewPage:
    slug: str
    title: Any  # lazy translation
    problem_prefixes: tuple[str, ...]
    outline: Callable[[Case], list[Item]]
    diagrams: Callable[[Case], list[Diagram]]
    present: Callable[[Case], bool]
    template: str = "cases/view_page.html"


def _num(value: float | None, unit: str = "") -> str:
    if value is None:
        return ""
    text = number_format(
        value,
        decimal_pos=None if float(value).is_integer() else 2,
        use_l10n=True,
        force_grouping=True,
    )
    return f"{text} {unit}".strip()


def _fact(label: str, value: object) -> list[str]:
    return [f"{label}: {value}"] if value not in (None, "", []) else []


# --- vision --------------------------------------------------------------------------------------
def vision_outline(case: Case) -> list[Item]:
    vision = case.vision
    if vision is None:
        return []
    items: list[Item] = []
    if vision.statement:
        items.append(Item(_("Vision"), [vision.statement], path="vision/statement"))
    goals = {g.id: g for g in vision.goals}

    def goal_item(goal_id: str) -> Item:
        goal = goals[goal_id]
        facts = [goal.description] if goal.description else []
        if goal.kind == "quantitative":
            facts += _fact(_("Indicator"), goal.indicator)
            facts += _fact(_("Baseline"), _num(goal.baseline, goal.unit))
            facts += _fact(_("Target"), _num(goal.target, goal.unit))
            facts += _fact(_("Deadline"), goal.deadline)
        children = [goal_item(g.id) for g in vision.goals if g.parent == goal_id]
        return Item(goal.label, facts, children, path=f"vision/goals/{goal.id}")

    roots = [g.id for g in vision.goals if g.parent is None or g.parent not in goals]
    if roots:
        items.append(Item(_("Goals"), [], [goal_item(g) for g in roots]))
    if vision.problems:
        labels = {p.id: p.label for p in vision.problems}
        items.append(Item(_("Problems"), [], [
            Item(p.label,
                 _fact(_("Blocks"), ", ".join(goals[g].label if g in goals else g for g in p.blocks))
                 + _fact(_("Caused by"), ", ".join(labels.get(c, c) for c in p.causes)),
                 path=f"vision/problems/{p.id}")
            for p in vision.problems
        ]))  # fmt: skip
    if vision.concepts:
        items.append(Item(_("Concepts"), [], [
            Item(c.label, _fact(_("Attributes"), ", ".join(c.attributes)), path=f"vision/concepts/{c.id}")
            for c in vision.concepts
        ]))  # fmt: skip
    return items


# --- effect map ----------------------------------------------------------------------------------
def effect_outline(case: Case) -> list[Item]:
    em = case.effect_map
    if em is None:
        return []
    out = []
    for eg in em.effect_goals:
        groups = []
        for tg in (t for t in em.target_groups if eg.id in t.effect_goals):
            needs = []
            for need in (n for n in em.needs if n.target_group == tg.id):
                deliverables = [
                    Item(d.label, path=f"effect_map/deliverables/{d.id}")
                    for d in em.deliverables if need.id in d.needs
                ]  # fmt: skip
                needs.append(
                    Item(
                        need.label,
                        _fact(_("Measured by"), need.measure),
                        deliverables,
                        path=f"effect_map/needs/{need.id}",
                    )
                )
            groups.append(Item(tg.label, [], needs, path=f"effect_map/target_groups/{tg.id}"))
        facts = _fact(_("Indicator"), eg.indicator) + _fact(_("Target"), _num(eg.target, eg.unit))
        out.append(Item(eg.label, facts, groups, path=f"effect_map/effect_goals/{eg.id}"))
    return out


# --- structure -----------------------------------------------------------------------------------
def structure_outline(case: Case) -> list[Item]:
    st = case.structure
    if st is None:
        return []
    units = []
    for unit in st.units:
        roles = [
            Item(r.label,
                 _fact(_("FTE"), _num(r.fte)) + _fact(_("Cost per hour"), _num(r.cost_per_hour)),
                 path=f"structure/roles/{r.id}")
            for r in st.roles if r.unit == unit.id
        ]  # fmt: skip
        units.append(Item(unit.label, [], roles, path=f"structure/units/{unit.id}"))
    loose = [
        Item(r.label, _fact(_("FTE"), _num(r.fte)), path=f"structure/roles/{r.id}")
        for r in st.roles
        if r.unit is None
    ]
    out = [Item(_("Units and roles"), [], units + loose)] if units or loose else []
    for title, key, elements in (
        (_("Resources"), "resources", st.resources),
        (_("IT systems"), "systems", st.systems),
        (_("Information objects"), "information", st.information),
    ):
        if elements:
            out.append(
                Item(title, [], [Item(e.label, path=f"structure/{key}/{e.id}") for e in elements])
            )
    return out


# --- processes -----------------------------------------------------------------------------------
def process_outline(case: Case) -> list[Item]:
    out = []
    for process in case.processes:
        variants = []
        for variant in process.variants:
            lanes = {lane.id: lane.label for lane in variant.lanes}
            nodes = {node.id: node.label for node in variant.nodes}
            steps = []
            for node in variant.nodes:
                facts = _fact(_("Lane"), lanes.get(node.lane or "", node.lane))
                if node.type in ("task", "subprocess"):
                    facts += _fact(_("Touch time"), _num(node.touch_minutes, "min"))
                    facts += _fact(_("Waiting time"), _num(node.waiting_hours, "h"))
                following = [
                    nodes.get(f.target, f.target) + (f" ({_num(100 * f.probability)} %)" if f.probability is not None else "")
                    for f in variant.outgoing(node.id)
                ]  # fmt: skip
                facts += _fact(_("Next"), ", ".join(following))
                steps.append(
                    Item(
                        node.label,
                        facts,
                        path=f"processes/{process.id}/variants/{variant.id}/nodes/{node.id}",
                    )
                )
            facts = _fact(_("Volume per year"), _num(variant.volume_per_year))
            variants.append(
                Item(
                    f"{variant.label} ({variant.kind})",
                    facts,
                    steps,
                    path=f"processes/{process.id}/variants/{variant.id}",
                )
            )
        facts = _fact(_("Trigger"), process.trigger) + _fact(_("Goal"), process.goal_text)
        out.append(Item(process.label, facts, variants, path=f"processes/{process.id}"))
    return out


def process_diagrams(case: Case) -> list[Diagram]:
    return [
        Diagram("process", f"{p.label} – {v.label}", id=p.id, variant=v.id)
        for p in case.processes for v in p.variants
    ]  # fmt: skip


# --- behaviour -----------------------------------------------------------------------------------
def behaviour_outline(case: Case) -> list[Item]:
    behaviour = case.behaviour
    if behaviour is None:
        return []
    out = []
    for seq in behaviour.sequences:
        names = {p.id: p.name or p.ref or p.id for p in seq.participants}
        messages = [
            Item(
                f"{names.get(m.source, m.source)} → {names.get(m.target, m.target)}: {m.label or m.handover}"
            )
            for m in seq.messages
        ]
        out.append(Item(seq.label, [], messages, path=f"behaviour/sequences/{seq.id}"))
    for sm in behaviour.state_machines:
        states = {s.id: s.name or s.id for s in sm.states}
        transitions = [
            Item(
                f"{states.get(t.source, t.source)} → {states.get(t.target, t.target)}",
                _fact(_("Event"), t.event),
            )
            for t in sm.transitions
        ]
        out.append(Item(sm.label, [], transitions, path=f"behaviour/state_machines/{sm.id}"))
    return out


def behaviour_diagrams(case: Case) -> list[Diagram]:
    if case.behaviour is None:
        return []
    return [Diagram("sequence", s.label, id=s.id) for s in case.behaviour.sequences] + [
        Diagram("state-machine", m.label, id=m.id) for m in case.behaviour.state_machines
    ]


# --- benefits ------------------------------------------------------------------------------------
def benefits_outline(case: Case) -> list[Item]:
    b = case.benefits
    if b is None:
        return []
    out = []
    if b.benefits:
        out.append(Item(_("Benefits"), [], [
            Item(x.label,
                 _fact(_("Indicator"), x.indicator) + _fact(_("Owner"), x.owner)
                 + _fact(_("Per year"), _num(x.amount_per_year)),
                 path=f"benefits/benefits/{x.id}")
            for x in b.benefits
        ]))  # fmt: skip
    if b.costs:
        out.append(
            Item(
                _("Costs"),
                [],
                [
                    Item(c.label, _fact(_("Amount"), _num(c.amount)), path=f"benefits/costs/{c.id}")
                    for c in b.costs
                ],
            )
        )
    if b.stakeholders:
        out.append(Item(_("Stakeholders"), [], [
            Item(s.label, _fact(_("Power"), s.power) + _fact(_("Interest"), getattr(s, "interest", "")), path=f"benefits/stakeholders/{s.id}")
            for s in b.stakeholders
        ]))  # fmt: skip
    if b.risks:
        out.append(
            Item(_("Risks"), [], [Item(r.label, path=f"benefits/risks/{r.id}") for r in b.risks])
        )
    return out


def benefits_diagrams(case: Case) -> list[Diagram]:
    if case.benefits is None:
        return []
    out = [Diagram("benefit-map", _("Benefit map"))]
    if case.benefits.stakeholders:
        out.append(Diagram("stakeholders", _("Stakeholders")))
    return out


# --- service declarations ------------------------------------------------------------------------
def services_outline(case: Case) -> list[Item]:
    out = []
    for s in case.services:
        facts = _fact(_("Promise"), s.promise_text)
        if s.promise:
            facts += _fact(_("Limit"), f"{_num(s.promise.limit)} {s.promise.unit}")
            facts += _fact(_("Share to meet it"), f"{_num(100 * s.promise.target_share)} %")
        out.append(Item(s.label, facts, path=f"services/{s.id}"))
    return out


PAGES: list[ViewPage] = [
    ViewPage(
        "vision", gettext_lazy("Vision and goals"), ("vision",), vision_outline,
        lambda c: [Diagram("goals", _("Goal hierarchy"))] if c.vision and c.vision.goals else [],
        lambda c: c.vision is not None,
    ),
    ViewPage(
        "effect-map", gettext_lazy("Effect map"), ("effect_map",), effect_outline,
        lambda c: [Diagram("effect-map", _("Effect map"))] if c.effect_map else [],
        lambda c: c.effect_map is not None,
    ),
    ViewPage(
        "structure", gettext_lazy("Structure"), ("structure",), structure_outline,
        lambda c: [Diagram("structure", _("Organisation"))] if c.structure else [],
        lambda c: c.structure is not None,
    ),
    ViewPage(
        "processes", gettext_lazy("Processes"), ("processes",), process_outline, process_diagrams,
        lambda c: bool(c.processes),
    ),
    ViewPage(
        "behaviour", gettext_lazy("Behaviour"), ("behaviour",), behaviour_outline, behaviour_diagrams,
        lambda c: c.behaviour is not None,
    ),
    ViewPage(
        "benefits", gettext_lazy("Benefits"), ("benefits",), benefits_outline, benefits_diagrams,
        lambda c: c.benefits is not None,
    ),
    ViewPage(
        "services", gettext_lazy("Service declarations"), ("services",), services_outline,
        lambda c: [], lambda c: bool(c.services),
    ),
]  # fmt: skip
PAGE_BY_SLUG = {page.slug: page for page in PAGES}
