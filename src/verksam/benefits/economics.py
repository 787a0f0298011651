"""Money over time: the yearly cash-flow table, net present value, payback and discounting.

Year 0 is the base year (investments usually fall there); benefits start in their `start_year`
and ramp up by their `ramp_up` shares; running costs run from their `year` to `end_year` (default
the last year of the analysis period). Prices are real, so the real discount rate applies:
present value = amount ÷ (1 + rate)^year.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from verksam.model.benefits import Benefit, Cost


def discount_factor(rate: float, year: int) -> float:
    """1 ÷ (1 + rate)^year."""
    return float(1.0 / (1.0 + rate) ** year)


def npv(rate: float, flows: Sequence[float]) -> float:
    """Net present value of flows in years 0, 1, 2, … (the first flow is not discounted)."""
    return sum(flow * discount_factor(rate, t) for t, flow in enumerate(flows))


def payback_year(flows: Sequence[float]) -> int | None:
    """The first year in which the cumulative flow reaches 0 and stays there, or None."""
    cumulative = 0.0
    first: int | None = None
    for t, flow in enumerate(flows):
        cumulative += flow
        if cumulative >= -1e-9:
            if first is None:
                first = t
        else:
            first = None
    return first


def ramp_share(benefit: Benefit, year: int) -> float:
    """Share of the full-year benefit realised in `year` (0 before the benefit starts)."""
    if year < benefit.start_year:
        return 0.0
    index = year - benefit.start_year
    return benefit.ramp_up[index] if index < len(benefit.ramp_up) else 1.0


def cost_in_year(cost: Cost, year: int, last_year: int) -> float:
    if cost.kind == "investment":
        return cost.amount if year == cost.year else 0.0
    end = cost.end_year if cost.end_year is not None else last_year
    return cost.amount if cost.year <= year <= end else 0.0


@dataclass
class YearRow:
    """One year of the cash-flow table; money in the case's currency, real prices."""

    t: int
    year: int | None  # calendar year when the case has a start year
    benefits: dict[str, float]
    costs: dict[str, float]
    benefits_total: float
    investment: float
    running: float
    costs_total: float
    net: float
    discount_factor: float
    present_value: float
    cumulative: float
    cumulative_present_value: float


@dataclass
class CashFlow:
    rate: float
    years: list[YearRow]
    npv: float
    benefits_pv: float
    costs_pv: float
    payback_year: int | None  # first year the undiscounted cumulative net flow stays ≥ 0
    discounted_payback_year: int | None
    warnings: list[str] = field(default_factory=list)

    @property
    def net(self) -> list[float]:
        return [row.net for row in self.years]


def cash_flow(
    amounts: dict[str, float],
    benefits: Iterable[Benefit],
    costs: Iterable[Cost],
    rate: float,
    years: int,
    start_year: int | None = None,
) -> CashFlow:
    """The yearly table for years 0..`years` of the given benefits (full-year amounts by id,
    dis-benefits subtracted) and costs."""
    benefit_list = [b for b in benefits if b.id in amounts]
    cost_list = list(costs)
    rows: list[YearRow] = []
    cumulative = cumulative_pv = 0.0
    for t in range(years + 1):
        b_year = {
            b.id: (-1.0 if b.dis_benefit else 1.0) * amounts[b.id] * ramp_share(b, t)
            for b in benefit_list
        }
        c_year = {c.id: cost_in_year(c, t, years) for c in cost_list}
        investment = sum(cost_in_year(c, t, years) for c in cost_list if c.kind == "investment")
        running = sum(cost_in_year(c, t, years) for c in cost_list if c.kind == "running")
        b_total = sum(b_year.values())
        c_total = investment + running
        net = b_total - c_total
        factor = discount_factor(rate, t)
        cumulative += net
        cumulative_pv += net * factor
        rows.append(
            YearRow(
                t=t,
                year=start_year + t if start_year is not None else None,
                benefits=b_year,
                costs=c_year,
                benefits_total=b_total,
                investment=investment,
                running=running,
                costs_total=c_total,
                net=net,
                discount_factor=factor,
                present_value=net * factor,
                cumulative=cumulative,
                cumulative_present_value=cumulative_pv,
            )
        )
    net_flows = [r.net for r in rows]
    return CashFlow(
        rate=rate,
        years=rows,
        npv=npv(rate, net_flows),
        benefits_pv=sum(r.benefits_total * r.discount_factor for r in rows),
        costs_pv=sum(r.costs_total * r.discount_factor for r in rows),
        payback_year=payback_year(net_flows),
        discounted_payback_year=payback_year([r.present_value for r in rows]),
    )
