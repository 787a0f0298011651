"""The evaluation of a case read side by side: each candidate's fit (the weighted ranking), its
benefit (NPV and freed FTE of its benefits alternative, from the benefits engine) and its cost
(investment, running cost and their present value), with the figures of the process variant it
leads to (lead time and working hours, from the analysis engine); and each requirement with the
goals, effects and process steps it is traced to, by name."""

from __future__ import annotations

from dataclasses import dataclass, field

from verksam.evaluation.ranking import CandidateResult, Ranking, criterion_weight, rank
from verksam.model.case import Case
from verksam.model.evaluation import Candidate, Evaluation


@dataclass
class RequirementView:
    id: str
    name: str
    description: str
    priority: str
    weight: float
    criterion: str  # the criterion's name, "" without one
    criterion_weight: float
    effective_weight: float
    goals: list[str]
    effects: list[str]
    steps: list[str]  # "Process: step"
    verification: str


@dataclass
class CandidateView:
    result: CandidateResult
    description: str
    process: str  # names, "" when not linked
    variant: str
    alternative: str
    npv: float | None = None
    fte: float | None = None
    benefits_pv: float | None = None
    costs_pv: float | None = None
    investment: float | None = None
    running_per_year: float | None = None
    payback_year: int | None = None
    risk: str = ""
    lead_hours: float | None = None
    workload_hours: float | None = None

    @property
    def id(self) -> str:
        return self.result.id

    @property
    def name(self) -> str:
        return self.result.name


@dataclass
class EvaluationOverview:
    name: str
    description: str
    currency: str
    language: str
    ranking: Ranking
    candidates: list[CandidateView]  # in ranking order
    requirements: list[RequirementView]
    problems: list[str] = field(default_factory=list)  # figures that could not be computed

    def candidate(self, candidate_id: str) -> CandidateView:
        for c in self.candidates:
            if c.id == candidate_id:
                return c
        raise KeyError(candidate_id)

    def name_of(self, candidate_id: str | None) -> str:
        return self.candidate(candidate_id).name if candidate_id else ""


def _names(case: Case) -> dict[str, str]:
    return {element.id: element.label for _kind, element in case.elements()}


def requirement_views(case: Case, evaluation: Evaluation) -> list[RequirementView]:
    names = _names(case)
    criteria = {c.id: c.label for c in evaluation.criteria}
    steps: dict[tuple[str, str], str] = {}
    for process in case.processes:
        for variant in process.variants:
            for node in variant.nodes:
                steps.setdefault((process.id, node.id), f"{process.label}: {node.label}")
    out = []
    for r in evaluation.requirements:
        factor = float(criterion_weight(evaluation, r))
        out.append(
            RequirementView(
                id=r.id, name=r.label, description=r.description, priority=r.priority,
                weight=r.weight, criterion=criteria.get(r.criterion or "", ""),
                criterion_weight=factor, effective_weight=factor * r.weight,
                goals=[names.get(g, g) for g in r.goals],
                effects=[names.get(e, e) for e in r.effects],
                steps=[steps.get((s.process, s.step), s.step) for s in r.steps],
                verification=r.verification,
            )
        )  # fmt: skip
    return out


def _benefit_side(case: Case, views: list[CandidateView], candidates: dict[str, Candidate]) -> str:
    """Fill in NPV, FTE and costs from the benefits alternatives; a problem's text, or ""."""
    from verksam.benefits import BenefitsError, benefits_report

    if case.benefits is None:
        return ""
    try:
        report = benefits_report(case)
    except BenefitsError as exc:
        return str(exc)
    by_id = {a.id: a for a in report.alternatives}
    costs = {c.id: c for c in case.benefits.costs}
    alternatives = {a.id: a for a in case.benefits.alternatives}
    for view in views:
        cand = candidates[view.id]
        key = cand.alternative or ("zero" if cand.kind == "do-nothing" else None)
        found = by_id.get(key) if key else None
        if found is None:
            continue
        view.npv, view.fte = found.npv, found.fte
        view.benefits_pv, view.costs_pv = found.benefits_pv, found.costs_pv
        view.payback_year, view.risk = found.payback_year, found.risk
        own = alternatives[key].costs if key in alternatives else []
        view.investment = sum(
            costs[c].amount for c in own if c in costs and costs[c].kind == "investment"
        )
        view.running_per_year = sum(
            costs[c].amount for c in own if c in costs and costs[c].kind == "running"
        )
    return ""


def _process_side(case: Case, views: list[CandidateView], candidates: dict[str, Candidate]) -> str:
    from verksam.analysis import AnalysisError, analyze

    problems = []
    for view in views:
        cand = candidates[view.id]
        if cand.process is None:
            continue
        try:
            metrics = analyze(case, cand.process, cand.variant)
        except (AnalysisError, KeyError) as exc:
            problems.append(f"{view.name}: {exc}")
            continue
        view.lead_hours = metrics.lead_hours
        view.workload_hours = metrics.total_workload_hours
    return "; ".join(problems)


def overview(case: Case) -> EvaluationOverview:
    """The case's evaluation with every figure beside it. Raises ValueError without one."""
    evaluation = case.evaluation
    if evaluation is None:
        raise ValueError(f"the case '{case.id}' has no evaluation of solutions")
    ranking = rank(evaluation)
    candidates = {c.id: c for c in evaluation.candidates}
    processes = {p.id: p for p in case.processes}
    alternatives = {a.id: a.label for a in case.benefits.alternatives} if case.benefits else {}
    views = []
    for result in ranking.candidates:
        cand = candidates[result.id]
        process = processes.get(cand.process or "")
        variant = (
            next((v for v in process.variants if v.id == cand.variant), None) if process else None
        )
        views.append(
            CandidateView(
                result=result,
                description=cand.description,
                process=process.label if process else "",
                variant=variant.label if variant else "",
                alternative=alternatives.get(cand.alternative or "", ""),
            )
        )
    problems = [p for p in (_benefit_side(case, views, candidates),
                            _process_side(case, views, candidates)) if p]  # fmt: skip
    return EvaluationOverview(
        name=evaluation.name or case.name,
        description=evaluation.description,
        currency=case.settings.effective_currency,
        language=case.settings.effective_language,
        ranking=ranking,
        candidates=views,
        requirements=requirement_views(case, evaluation),
        problems=problems,
    )
