"""The figures beside the map: hours, FTE and cost per role and in total for one variant, from
`verksam.analysis.analyze` (the same numbers as `verksam analyze`), with the settings they use and
the assumptions they rest on, in words."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from verksam.analysis import TOTAL, AnalysisError, analyze
from verksam.model import Case
from verksam.model.steps import Step
from verksam.web.workbench.charts import fmt


@dataclass(frozen=True)
class RoleFigures:
    role_id: str
    name: str
    hours: str
    fte: str
    cost_per_hour: str  # as typed in the field ("" when the role has none)
    cost: str


@dataclass
class Results:
    rows: list[RoleFigures] = field(default_factory=list)
    total_hours: str = ""
    total_fte: str = ""
    total_cost: str = ""
    fte_value: float = 0.0  # unrounded, for tests and the API-minded
    hours_per_fte: str = ""
    volume: str = ""
    currency: str = ""
    assumptions: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    error: str = ""


def _plain(value: float | None) -> str:
    """A number as typed in a field: no grouping, decimal comma where the language has one."""
    if value is None:
        return ""
    if float(value).is_integer():
        return str(int(value))
    return fmt(value, 2).replace("\xa0", "").replace(" ", "")


def results_of(case: Case, process_id: str, variant_id: str, steps: list[Step]) -> Results:
    """The results panel of a variant (never raises: a problem becomes `error`, in words)."""
    settings = case.settings
    variant = case.process(process_id).variant(variant_id)
    out = Results(
        hours_per_fte=_plain(settings.effective_hours_per_fte),
        volume=_plain(variant.volume_per_year),
        currency=settings.effective_currency,
    )
    for step in steps:
        if step.back_to is not None and step.back_share is None:
            out.assumptions.append(
                _(
                    "“%(step)s” goes back to “%(target)s” in 50 %% of cases (assumed: no share given)."
                )
                % {"step": step.name, "target": steps[step.back_to].name}
            )
    if not steps:
        return out
    try:
        metrics = analyze(case, process_id, variant_id)
    except AnalysisError as exc:
        names = {n.id: n.label for n in variant.nodes}
        out.error = _(
            "The figures cannot be computed yet: check the step “%(name)s” and its shares."
        ) % {"name": names.get(exc.element or "", exc.element or "")}
        return out
    roles = {r.id: r for r in (case.structure.roles if case.structure else [])}
    missing_cost = []
    for role_id, hours in metrics.workload_hours.items():
        role = roles.get(role_id)
        name = role.label if role else _("Steps without a role")
        if role is not None and role.cost_per_hour is None and hours:
            missing_cost.append(name)
        out.rows.append(
            RoleFigures(
                role_id=role_id if role else "",
                name=name,
                hours=fmt(hours, 0),
                fte=fmt(metrics.fte.get(role_id, 0.0), 2),
                cost_per_hour=_plain(role.cost_per_hour) if role else "",
                cost=fmt(metrics.cost.get(role_id, 0.0), 0),
            )
        )
    out.total_hours = fmt(metrics.total_workload_hours, 0)
    out.total_fte = fmt(metrics.fte.get(TOTAL, 0.0), 2)
    out.fte_value = metrics.fte.get(TOTAL, 0.0)
    out.total_cost = fmt(metrics.cost.get(TOTAL, 0.0), 0)
    if missing_cost:
        out.notes.append(
            _("Type a cost per hour for %(roles)s to see the cost.")
            % {"roles": ", ".join(missing_cost)}
        )
    if not variant.volume_per_year:
        out.notes.append(_("Type the number of cases per year to see hours and FTE."))
    return out
