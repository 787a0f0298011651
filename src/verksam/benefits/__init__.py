"""Benefits realisation: benefit register, benefits computed from process variants, NPV,
alternatives, sensitivity, stakeholders, prerequisites and the realisation plan."""

from verksam.benefits.alternatives import AlternativeResult, CoFinancing
from verksam.benefits.economics import (
    CashFlow,
    YearRow,
    cash_flow,
    discount_factor,
    npv,
    payback_year,
)
from verksam.benefits.figures import BenefitFigure, amounts, case_cash_flow
from verksam.benefits.formula import BenefitsError, evaluate
from verksam.benefits.register import mendelow
from verksam.benefits.report import BenefitsReport, benefits_report
from verksam.benefits.tornado import BreakEven, Sensitivity, SensitivityItem, sensitivity

__all__ = [
    "AlternativeResult",
    "BenefitFigure",
    "BenefitsError",
    "BenefitsReport",
    "BreakEven",
    "CashFlow",
    "CoFinancing",
    "Sensitivity",
    "SensitivityItem",
    "YearRow",
    "amounts",
    "benefits_report",
    "case_cash_flow",
    "cash_flow",
    "discount_factor",
    "evaluate",
    "mendelow",
    "npv",
    "payback_year",
    "sensitivity",
]
