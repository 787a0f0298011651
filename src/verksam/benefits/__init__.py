"""Benefits realisation: benefit register, benefits computed from process variants, NPV,
alternatives, sensitivity, stakeholders, prerequisites and the realisation plan."""

from verksam.benefits.economics import (
    CashFlow,
    YearRow,
    cash_flow,
    discount_factor,
    npv,
    payback_year,
)
from verksam.benefits.formula import BenefitsError, evaluate
from verksam.benefits.report import (
    AlternativeResult,
    BenefitFigure,
    BenefitsReport,
    BreakEven,
    CoFinancing,
    Sensitivity,
    SensitivityItem,
    amounts,
    benefits_report,
    case_cash_flow,
    mendelow,
    sensitivity,
)

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
