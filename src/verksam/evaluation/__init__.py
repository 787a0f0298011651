"""Evaluation of e-solutions: the weighted ranking of candidate solutions against the case's
requirements, how far each weight may move before another candidate is first, and the candidates'
fit, benefit and cost side by side (`verksam evaluate`, the web app's evaluation pages)."""

from verksam.evaluation.overview import (
    CandidateView,
    EvaluationOverview,
    RequirementView,
    overview,
)
from verksam.evaluation.ranking import (
    CandidateResult,
    Ranking,
    WeightRange,
    effective_weights,
    rank,
    sensitivity,
    with_weight,
)

__all__ = [
    "CandidateResult",
    "CandidateView",
    "EvaluationOverview",
    "Ranking",
    "RequirementView",
    "WeightRange",
    "effective_weights",
    "overview",
    "rank",
    "sensitivity",
    "with_weight",
]
