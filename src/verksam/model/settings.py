"""Case settings: country, currency, language and the economic defaults that follow from them.

Defaults come from ../shared/METHODS.md and are overridable per case:
- hours per FTE (`fte`: "årsverk / årsarbetare", one full-time equivalent per year):
  Norway 1 695 h (DFØ/Digdir practice), Sweden 1 704 h (Inera: 142 h/month x 12);
- real discount rate: Norway 4 % (R-109/2021), Sweden 3 % (Inera's benefit template).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from verksam.model.base import Model

Country = Literal["SE", "NO"]
Currency = Literal["SEK", "NOK", "EUR"]
Language = Literal["sv", "nb", "en"]

HOURS_PER_FTE: dict[str, float] = {"SE": 1704.0, "NO": 1695.0}
DISCOUNT_RATE: dict[str, float] = {"SE": 0.03, "NO": 0.04}
CURRENCY: dict[str, Currency] = {"SE": "SEK", "NO": "NOK"}
LANGUAGE: dict[str, Language] = {"SE": "sv", "NO": "nb"}


class ExchangeRate(Model):
    """What one unit of `currency` is worth in the case's currency, on `date` (e.g. 0.98 SEK per
    NOK on 2026-12-01), so figures in two currencies can be compared; `source` says where it is
    from (e.g. Riksbanken, Norges Bank)."""

    currency: Currency
    rate: float = Field(gt=0)
    date: dt.date
    source: str = ""


class Settings(Model):
    """Per-case settings; fields left empty take the country's default."""

    country: Country = "SE"
    currency: Currency | None = None
    language: Language | None = None
    hours_per_fte: float | None = Field(default=None, gt=0)
    discount_rate: float | None = Field(default=None, ge=0, lt=1)
    analysis_years: int = Field(default=10, ge=1, le=75)
    start_year: int | None = Field(default=None, ge=1900, le=2200)
    minutes_per_working_day: float = Field(default=450.0, gt=0)  # 7.5 h
    exchange_rates: list[ExchangeRate] = Field(default_factory=list)

    def rate_for(self, currency: str) -> ExchangeRate | None:
        """The exchange rate from `currency` into the case's currency, if one is set."""
        return next((r for r in self.exchange_rates if r.currency == currency), None)

    @property
    def effective_currency(self) -> Currency:
        return self.currency or CURRENCY[self.country]

    @property
    def effective_language(self) -> Language:
        return self.language or LANGUAGE[self.country]

    @property
    def effective_hours_per_fte(self) -> float:
        return self.hours_per_fte or HOURS_PER_FTE[self.country]

    @property
    def effective_discount_rate(self) -> float:
        return self.discount_rate if self.discount_rate is not None else DISCOUNT_RATE[self.country]
