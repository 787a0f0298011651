"""The alternatives of a benefits case ranked by NPV, and Digdir's co-financing view.

The *zero alternative* keeps today's process (NPV 0 by definition); Digdir's co-financing cuts a
share (50 %) of the net internal gains from the agency's budget.
"""

from __future__ import annotations

from dataclasses import dataclass

from verksam.benefits.derive import MetricsCache
from verksam.benefits.economics import CashFlow, cash_flow, npv, ramp_share
from verksam.benefits.figures import BenefitFigure, assumption_values, compute, monetised
from verksam.model.benefits import Benefits
from verksam.model.case import Case

DIGDIR_MIN, DIGDIR_MAX = 10_000_000.0, 100_000_000.0  # project size Digdir co-finances (NOK)
ZERO_NAME = {
    "en": "Zero alternative (keep today's process)",
    "nb": "Nullalternativet (dagens prosess)",
    "sv": "Nollalternativet (dagens process)",
}


@dataclass
class AlternativeResult:
    id: str
    name: str
    process: str | None
    variant: str | None
    npv: float
    benefits_pv: float
    costs_pv: float
    payback_year: int | None
    fte: float
    amount_per_year: float
    non_monetised: list[str]
    risk: str
    rank: int = 0


@dataclass
class CoFinancing:
    """Digdir's co-financing view: a share of the net internal gains is cut from the budget."""

    share: float
    investment_total: float
    eligible_size: bool | None  # 10–100 MNOK (only judged for NOK)
    max_grant: float  # at most 50 % of the investment
    yearly_budget_cut: list[float]
    budget_cut_total: float
    budget_cut_pv: float
    agency_npv: float  # NPV + grant − budget cuts, discounted


def co_financing_view(
    case: Case, section: Benefits, cf: CashFlow, money: dict[str, float]
) -> CoFinancing | None:
    """Digdir's co-financing view of the cash flow; None when the case sets no share."""
    share = section.co_financing_share
    if share is None:
        return None
    rate = cf.rate
    cash = [
        b
        for b in section.benefits
        if b.category == "cash-releasing" and b.in_total and b.id in money
    ]
    cuts: list[float] = []
    grants: list[float] = []
    for row in cf.years:
        internal = sum(
            (-1 if b.dis_benefit else 1) * money[b.id] * ramp_share(b, row.t) for b in cash
        )
        cuts.append(share * max(internal - row.running, 0.0))
        grants.append(0.5 * row.investment)
    investment = sum(c.amount for c in section.costs if c.kind == "investment" and c.in_total)
    eligible = (
        DIGDIR_MIN <= investment <= DIGDIR_MAX
        if case.settings.effective_currency == "NOK"
        else None
    )
    cut_pv = npv(rate, cuts)
    return CoFinancing(
        share=share,
        investment_total=investment,
        eligible_size=eligible,
        max_grant=0.5 * investment,
        yearly_budget_cut=cuts,
        budget_cut_total=sum(cuts),
        budget_cut_pv=cut_pv,
        agency_npv=cf.npv + npv(rate, grants) - cut_pv,
    )


def compare_alternatives(
    case: Case, section: Benefits, figures: dict[str, BenefitFigure], money: dict[str, float]
) -> list[AlternativeResult]:
    """The zero alternative and every alternative of the case, ranked by NPV."""
    s = case.settings
    lang = s.effective_language
    baseline_variant = next(
        (b.derived_from.baseline for b in section.benefits if b.derived_from is not None), None
    )
    baseline_process = next(
        (b.derived_from.process for b in section.benefits if b.derived_from is not None), None
    )
    results = [
        AlternativeResult(
            id="zero",
            name=ZERO_NAME.get(lang, ZERO_NAME["en"]),
            process=baseline_process,
            variant=baseline_variant,
            npv=0.0,
            benefits_pv=0.0,
            costs_pv=0.0,
            payback_year=None,
            fte=0.0,
            amount_per_year=0.0,
            non_monetised=[],
            risk="low",
        )
    ]
    values = assumption_values(section)
    cache: MetricsCache = {}
    for alt in section.alternatives:
        chosen = [b for b in section.benefits if b.id in alt.benefits]
        costs = [c for c in section.costs if c.id in alt.costs]
        alt_money = {b.id: money[b.id] for b in chosen if b.id in money}
        alt_fte = {b.id: figures[b.id].fte or 0.0 for b in chosen}
        # An alternative linked to a variant computes its derived benefits against that variant.
        for b in chosen:
            d = b.derived_from
            if d is None or not alt.variant or d.process != (alt.process or d.process):
                continue
            if d.target == alt.variant:
                continue
            own = b.model_copy(
                update={"derived_from": d.model_copy(update={"target": alt.variant})}
            )
            computed = compute(case, own, values, cache)
            alt_fte[b.id] = computed.fte or 0.0
            if monetised(b) and computed.amount is not None:
                alt_money[b.id] = computed.amount
        cf = cash_flow(
            alt_money, chosen, costs, s.effective_discount_rate, s.analysis_years, s.start_year
        )
        results.append(
            AlternativeResult(
                id=alt.id,
                name=alt.label,
                process=alt.process,
                variant=alt.variant,
                npv=cf.npv,
                benefits_pv=cf.benefits_pv,
                costs_pv=cf.costs_pv,
                payback_year=cf.payback_year,
                fte=sum(alt_fte[b.id] for b in chosen if not b.dis_benefit),
                amount_per_year=sum(
                    (-1 if b.dis_benefit else 1) * alt_money.get(b.id, 0.0) for b in chosen
                ),
                non_monetised=[
                    *([alt.non_monetised] if alt.non_monetised else []),
                    *(
                        ("− " if b.dis_benefit else "+ ") + b.label
                        for b in chosen
                        if not monetised(b)
                    ),
                ],
                risk=alt.risk,
            )
        )
    for rank, r in enumerate(sorted(results, key=lambda r: -r.npv), 1):
        r.rank = rank
    return results
