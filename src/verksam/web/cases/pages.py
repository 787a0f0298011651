"""The view pages of a case: one per view of the method chain, each with its diagrams and the same
content as a nested list (the diagrams' text alternative).

To add or specialise a page, add a `ViewPage` to PAGES (its own template may extend
cases/view_page.html and fill the `editor` block); the URL, navigation, access check, problem list
and isolation test pick it up from here.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from verksam.model import Case
from verksam.web.words.analysis import analysis_error_words
from verksam.web.words.values import value_words


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
    # More context for the page's template (e.g. analysis figures), computed by core functions.
    extra: Callable[[Case], dict[str, Any]] = lambda case: {}


def _num(value: float | None, unit: str = "", language: str | None = None) -> str:
    """`value` with its unit in `language` (the current one when None)."""
    if value is None:
        return ""
    return _formatted(value, unit, language or get_language())


@functools.lru_cache(maxsize=4096, typed=True)  # typed: 5 shows as "5", 5.0 as "5,0"
def _formatted(value: float, unit: str, language: str) -> str:
    """`_num`, kept per language: a large process shows the same few times on every step, and
    number_format is slow next to the rest of the outline."""
    # Rounded, not cut: number_format drops digits past decimal_pos (0.937 would show 0,93 here and
    # 0,94 on the analysis page and in `verksam analyze`).
    text = number_format(
        value if float(value).is_integer() else round(value, 2),
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
    from verksam.web.jobs.limits import oversized, too_many_activities

    out = []
    # Translated once, not for each of a large process's steps.
    lane_word, touch, waiting, hours, following_word = (
        _("Lane"), _("Touch time"), _("Waiting time"), _("h"), _("Next"),
    )  # fmt: skip
    language = get_language()  # looked up once, not for each number of a large process
    for process in case.processes:
        variants = []
        for variant in process.variants:
            lanes = {lane.id: lane.label for lane in variant.lanes}
            nodes = {node.id: node.label for node in variant.nodes}
            outgoing: dict[str, list[Any]] = {}
            for flow in variant.flows:
                outgoing.setdefault(flow.source, []).append(flow)
            steps = []
            count = oversized(case, process.id, variant.id)
            for node in variant.nodes if count is None else []:
                facts = _fact(lane_word, lanes.get(node.lane or "", node.lane))
                if node.type in ("task", "subprocess"):
                    facts += _fact(touch, _num(node.touch_minutes, "min", language))
                    facts += _fact(waiting, _num(node.waiting_hours, hours, language))
                following = [
                    nodes.get(f.target, f.target) + (f" ({_num(100 * f.probability, language=language)} %)" if f.probability is not None else "")
                    for f in outgoing.get(node.id, [])
                ]  # fmt: skip
                facts += _fact(following_word, ", ".join(following))
                steps.append(
                    Item(
                        node.label,
                        facts,
                        path=f"processes/{process.id}/variants/{variant.id}/nodes/{node.id}",
                    )
                )
            facts = _fact(_("Volume per year"), _num(variant.volume_per_year))
            if count is not None:
                facts.append(too_many_activities(count))
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
            Item(s.label, _fact(_("Power"), value_words(s.power)) + _fact(_("Interest"), value_words(getattr(s, "interest", ""))), path=f"benefits/stakeholders/{s.id}")
            for s in b.stakeholders
        ]))  # fmt: skip
    if b.risks:
        out.append(
            Item(_("Risks"), [], [Item(r.label, path=f"benefits/risks/{r.id}") for r in b.risks])
        )
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


@dataclass(frozen=True)
class VariantFigures:
    """Key figures of one process variant from verksam.analysis.analyze, or why there are none."""

    process: str
    variant: str
    rows: list[tuple[str, str]]
    error: str = ""


def process_figures(case: Case) -> dict[str, Any]:
    """Key figures of every process variant (verksam.analysis), for the processes page."""
    try:
        from verksam.analysis import TOTAL, AnalysisError, analyze
    except ImportError:
        return {}
    from verksam.web.jobs.limits import oversized, too_many_activities

    out = []
    for process in case.processes:
        for variant in process.variants:
            if (count := oversized(case, process.id, variant.id)) is not None:
                out.append(
                    VariantFigures(process.label, variant.label, [], too_many_activities(count))
                )
                continue
            try:
                m = analyze(case, process.id, variant.id)
            except AnalysisError as exc:
                document = case.model_dump(mode="json", exclude_none=True)
                error = analysis_error_words(exc, document)
                out.append(VariantFigures(process.label, variant.label, [], error))
                continue
            rows = [
                (_("Cases per year"), _num(m.volume_per_year)),
                (_("Touch time per case"), _num(m.touch_hours, _("h"))),
                (_("Waiting time per case"), _num(m.waiting_hours, _("h"))),
                (_("Lead time per case"), _num(m.lead_hours, _("h"))),
                (_("Flow efficiency"), f"{_num(100 * m.flow_efficiency)} %"),
                (_("Handoffs per case"), _num(m.handoffs)),
                (_("Workload per year"), _num(m.total_workload_hours, _("h"))),
                (_("FTE"), _num(m.fte.get(TOTAL, 0.0))),
                (_("Cost per year"), _num(m.cost.get(TOTAL, 0.0), m.currency)),
            ]
            out.append(VariantFigures(process.label, variant.label, rows))
    return {"figures": out}


# Which page shows each verksam.diagrams view, and the view's title.
PAGE_OF_VIEW = {
    "goals": "vision", "concepts": "vision", "effects": "effect-map", "structure": "structure",
    "process": "processes", "swimlane": "processes", "blueprint": "processes",
    "assembly": "processes", "sequence": "behaviour", "states": "behaviour",
    "benefits": "benefits", "stakeholders": "benefits",
}  # fmt: skip
VIEW_TITLES = {
    "goals": gettext_lazy("Goal hierarchy"),
    "concepts": gettext_lazy("Conceptual model"),
    "effects": gettext_lazy("Effect map"),
    "structure": gettext_lazy("Organisation structure"),
    "process": gettext_lazy("Process (Eriksson–Penker)"),
    "swimlane": gettext_lazy("Swimlane diagram"),
    "blueprint": gettext_lazy("Service blueprint"),
    "assembly": gettext_lazy("Information and IT systems"),
    "sequence": gettext_lazy("Sequence diagram"),
    "states": gettext_lazy("State machine"),
    "benefits": gettext_lazy("Benefit map"),
    "stakeholders": gettext_lazy("Stakeholders"),
}


def _label(case: Case, view: str, element_id: str | None, variant_id: str | None) -> str:
    """A diagram's title: the view, then the process / sequence / state machine and variant."""
    title = str(VIEW_TITLES.get(view, view))
    if element_id is None:
        return title
    names = {p.id: p.label for p in case.processes}
    if case.behaviour:
        names |= {s.id: s.label for s in case.behaviour.sequences}
        names |= {m.id: m.label for m in case.behaviour.state_machines}
    title = f"{title}: {names.get(element_id, element_id)}"
    if variant_id is not None:
        variants = {v.id: v.label for p in case.processes if p.id == element_id for v in p.variants}
        title = f"{title} – {variants.get(variant_id, variant_id)}"
    return title


def diagrams_on(slug: str) -> Callable[[Case], list[Diagram]]:
    """The diagrams verksam.diagrams can draw for this case that belong on page `slug`."""

    def diagrams(case: Case) -> list[Diagram]:
        try:
            from verksam.diagrams import available_views
        except ImportError:
            return []
        return [
            Diagram(view, _label(case, view, element_id, variant), id=element_id, variant=variant)
            for view, element_id, variant in available_views(case)
            if PAGE_OF_VIEW.get(view) == slug
        ]

    return diagrams


PAGES: list[ViewPage] = [
    ViewPage(
        "vision", gettext_lazy("Vision and goals"), ("vision", "goal "), vision_outline,
        diagrams_on("vision"), lambda c: c.vision is not None,
    ),
    ViewPage(
        "effect-map", gettext_lazy("Effect map"), ("effect_map",), effect_outline,
        diagrams_on("effect-map"), lambda c: c.effect_map is not None,
    ),
    ViewPage(
        "structure", gettext_lazy("Organisation and roles"), ("structure",), structure_outline,
        diagrams_on("structure"), lambda c: c.structure is not None,
    ),
    ViewPage(
        "processes", gettext_lazy("Processes"), ("processes", "message_flows", "calendars"),
        process_outline, diagrams_on("processes"), lambda c: bool(c.processes),
        extra=process_figures,
    ),
    ViewPage(
        "behaviour", gettext_lazy("Hand-overs and life cycles"), ("behaviour",), behaviour_outline,
        diagrams_on("behaviour"), lambda c: c.behaviour is not None,
    ),
    ViewPage(
        "benefits", gettext_lazy("Benefits"), ("benefits",), benefits_outline,
        diagrams_on("benefits"), lambda c: c.benefits is not None,
    ),
    ViewPage(
        "services", gettext_lazy("Service declarations"), ("services",), services_outline,
        diagrams_on("services"), lambda c: bool(c.services),
    ),
]  # fmt: skip
PAGE_BY_SLUG = {page.slug: page for page in PAGES}
