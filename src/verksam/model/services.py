"""Service declarations (serviceförklaring / tjenesteerklæring): measurable promises to citizens."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from verksam.model.base import Element, Id, Measurement, Model


class Promise(Model):
    """A measurable promise: from `start` to `end` (activity ids) within `limit` `unit`s."""

    start: Id | None = None  # None: the case's first event
    end: Id | None = None  # None: the case's last event
    limit: float = Field(gt=0)
    unit: Literal["working-days", "calendar-days", "hours"] = "working-days"
    target_share: float = Field(default=0.9, ge=0, le=1)


class ServiceDeclaration(Element):
    promise_text: str = ""  # the promise as told to citizens
    process: Id | None = None
    promise: Promise | None = None
    what_you_can_expect: str = ""
    what_we_expect: str = ""
    compensation: str = ""
    appeal: str = ""
    owner: str = ""
    adopted: dt.date | None = None
    # The share of cases that kept the promise, in percent, as measured over time (the indicator of
    # a declaration: its target is the promise's target share, and higher is better).
    measurements: list[Measurement] = Field(default_factory=list)
