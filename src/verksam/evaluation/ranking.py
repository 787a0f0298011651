"""Weighted multi-criteria ranking of candidate solutions, and how far each weight may move.

A candidate's weighted score is  N = Σ_r  c(r)·w(r)·s(r)  over the requirements r, with w(r) the
requirement's weight, c(r) the weight of its criterion (1 without one) and s(r) the candidate's
score (0 when not yet scored). Its *fit* is N divided by the most any candidate could get
(Σ c·w · scale_max). A candidate that scores below the pass mark on a must-requirement fails and is
shown as failing, never ranked among the others.

Sensitivity: the lead of the top candidate T over a challenger X is D = N_T − N_X, and D is linear
in every single weight (all other weights fixed): D(w) = D(w₀) + (w − w₀)·d with d = ∂D/∂w. So the
weight at which X draws level with T is w* = w₀ − D(w₀)/d, solved exactly (in rational numbers);
the tightest such point below and above the current weight bounds the interval in which T stays
first. Nothing is sampled.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Literal

from verksam.model.evaluation import Evaluation, Requirement

WeightKind = Literal["requirement", "criterion"]


@dataclass
class CandidateResult:
    id: str
    name: str
    kind: str
    total: float  # Σ c·w·s
    fit: float  # total / (Σ c·w · scale_max), 0–1
    scores: dict[str, float | None]  # requirement id → score (None: not scored)
    missing: list[str]  # requirements not yet scored
    failed: list[str]  # must-requirements scored below the pass mark
    rank: int | None = None  # None: fails a must-requirement

    @property
    def qualified(self) -> bool:
        return not self.failed


@dataclass
class WeightRange:
    """How far one weight may move, all others fixed, with the same candidate first.

    `lower`: the weight at which `lower_by` draws level with the top (below it, `lower_by` is
    first); None when the weight can go down to 0 without a change. `upper` and `upper_by`
    likewise upwards; None when it can grow without limit.
    """

    kind: WeightKind
    id: str
    name: str
    weight: float
    lower: float | None
    lower_by: str | None
    upper: float | None
    upper_by: str | None

    @property
    def robust(self) -> bool:
        return self.lower is None and self.upper is None


@dataclass
class Ranking:
    candidates: list[CandidateResult]  # ranked ones by rank, then the failing ones
    scale_max: int
    must_pass: float
    total_weight: float
    top: str | None  # the first candidate, when exactly one is first
    tied: list[str] = field(default_factory=list)  # candidates sharing first place
    sensitivity: list[WeightRange] = field(default_factory=list)

    def candidate(self, candidate_id: str) -> CandidateResult:
        for c in self.candidates:
            if c.id == candidate_id:
                return c
        raise KeyError(candidate_id)


def criterion_weight(evaluation: Evaluation, requirement: Requirement) -> Fraction:
    """The weight of the requirement's criterion (1 without one or for an unknown one)."""
    for criterion in evaluation.criteria:
        if criterion.id == requirement.criterion:
            return Fraction(criterion.weight)
    return Fraction(1)


def effective_weights(evaluation: Evaluation) -> dict[str, Fraction]:
    """Requirement id → criterion weight × requirement weight, exactly."""
    return {
        r.id: criterion_weight(evaluation, r) * Fraction(r.weight) for r in evaluation.requirements
    }


def _score(evaluation: Evaluation, candidate_index: int, requirement_id: str) -> Fraction:
    score = evaluation.candidates[candidate_index].scores.get(requirement_id)
    return Fraction(score.score) if score is not None else Fraction(0)


def _totals(evaluation: Evaluation) -> list[Fraction]:
    weights = effective_weights(evaluation)
    return [
        sum((weights[r.id] * _score(evaluation, i, r.id) for r in evaluation.requirements),
            Fraction(0))
        for i in range(len(evaluation.candidates))
    ]  # fmt: skip


def rank(evaluation: Evaluation) -> Ranking:
    """The candidates ranked by weighted score, failing ones apart, with each weight's range."""
    weights = effective_weights(evaluation)
    total_weight = sum(weights.values(), Fraction(0))
    most = total_weight * evaluation.scale_max
    totals = _totals(evaluation)
    results: list[CandidateResult] = []
    for i, cand in enumerate(evaluation.candidates):
        scores = {
            r.id: (cand.scores[r.id].score if r.id in cand.scores else None)
            for r in evaluation.requirements
        }
        results.append(
            CandidateResult(
                id=cand.id,
                name=cand.label,
                kind=cand.kind,
                total=float(totals[i]),
                fit=float(totals[i] / most) if most > 0 else 0.0,
                scores=scores,
                missing=[rid for rid, s in scores.items() if s is None],
                failed=[
                    r.id
                    for r in evaluation.requirements
                    if r.priority == "must"
                    and scores[r.id] is not None
                    and Fraction(scores[r.id] or 0) < Fraction(evaluation.must_pass)
                ],
            )
        )
    exact = dict(zip((c.id for c in evaluation.candidates), totals, strict=True))
    qualified = sorted(
        (r for r in results if r.qualified), key=lambda r: (-exact[r.id], r.name.casefold())
    )
    for position, result in enumerate(qualified):
        before = qualified[position - 1] if position else None
        same = before is not None and exact[before.id] == exact[result.id]
        result.rank = before.rank if same and before is not None else position + 1
    failing = sorted(
        (r for r in results if not r.qualified), key=lambda r: (-exact[r.id], r.name.casefold())
    )
    first = [r.id for r in qualified if r.rank == 1]
    ranking = Ranking(
        candidates=qualified + failing,
        scale_max=evaluation.scale_max,
        must_pass=evaluation.must_pass,
        total_weight=float(total_weight),
        top=first[0] if len(first) == 1 else None,
        tied=first if len(first) > 1 else [],
    )
    if ranking.top is not None:
        ranking.sensitivity = sensitivity(evaluation, ranking.top, [r.id for r in qualified])
    return ranking


def _slopes(evaluation: Evaluation) -> dict[tuple[WeightKind, str], list[Fraction]]:
    """∂N/∂weight for every weight and candidate (N is linear in each weight, so these are
    constants), in one pass over the scores."""
    factors = {r.id: criterion_weight(evaluation, r) for r in evaluation.requirements}
    n = len(evaluation.candidates)
    out: dict[tuple[WeightKind, str], list[Fraction]] = {
        ("criterion", c.id): [Fraction(0)] * n for c in evaluation.criteria
    }
    for r in evaluation.requirements:
        scores = [_score(evaluation, i, r.id) for i in range(n)]
        out[("requirement", r.id)] = [factors[r.id] * s for s in scores]
        by_criterion = out.get(("criterion", r.criterion or ""))
        if by_criterion is not None:
            weight = Fraction(r.weight)
            for i, s in enumerate(scores):
                by_criterion[i] += weight * s
    return out


def sensitivity(evaluation: Evaluation, top: str, contenders: list[str]) -> list[WeightRange]:
    """For each criterion and requirement weight: the interval keeping `top` first among
    `contenders` (candidate ids), with the candidate that draws level at each end."""
    index = {c.id: i for i, c in enumerate(evaluation.candidates)}
    totals = _totals(evaluation)
    slopes = _slopes(evaluation)
    t = index[top]
    weights: list[tuple[WeightKind, str, str, Fraction]] = [
        ("criterion", c.id, c.label, Fraction(c.weight)) for c in evaluation.criteria
    ]
    weights += [("requirement", r.id, r.label, Fraction(r.weight)) for r in evaluation.requirements]
    ranges = []
    for kind, key, name, w0 in weights:
        slope = slopes[(kind, key)]
        lower: tuple[Fraction, str] | None = None
        upper: tuple[Fraction, str] | None = None
        for other in contenders:
            x = index[other]
            if x == t:
                continue
            lead = totals[t] - totals[x]  # > 0: the top is strictly ahead
            d = slope[t] - slope[x]
            if d == 0:
                continue  # this weight moves both alike
            crossing = w0 - lead / d
            if d > 0 and crossing > 0 and (lower is None or crossing > lower[0]):
                lower = (crossing, other)
            elif d < 0 and (upper is None or crossing < upper[0]):
                upper = (crossing, other)
        ranges.append(
            WeightRange(
                kind=kind, id=key, name=name, weight=float(w0),
                lower=float(lower[0]) if lower else None, lower_by=lower[1] if lower else None,
                upper=float(upper[0]) if upper else None, upper_by=upper[1] if upper else None,
            )
        )  # fmt: skip
    return ranges


def with_weight(evaluation: Evaluation, kind: WeightKind, key: str, weight: float) -> Evaluation:
    """A copy of the evaluation with one weight changed (for what-if views and tests)."""
    if kind == "criterion":
        criteria = [
            c.model_copy(update={"weight": weight}) if c.id == key else c
            for c in evaluation.criteria
        ]
        return evaluation.model_copy(update={"criteria": criteria})
    requirements = [
        r.model_copy(update={"weight": weight}) if r.id == key else r
        for r in evaluation.requirements
    ]
    return evaluation.model_copy(update={"requirements": requirements})
