"""Indicators over time: the measured values of a case's goals, effect goals, benefits and service
declarations as dated series with their baseline, target and direction, the latest value against
the target and the trend.

The direction (whether higher or lower is better) is the element's own `direction` when it has one;
otherwise it follows from the baseline (or, without one, the first measured value) and the target:
a target below it means lower is better. A service declaration's indicator is the share of cases
that kept its promise, in percent, with the promise's target share as its target: higher is better.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from verksam.model import Benefit, EffectGoal, Goal, Measurement, ServiceDeclaration
from verksam.model import Case as CaseModel

MET, ON_THE_WAY, OFF_TRACK, NO_DATA = "met", "on-the-way", "off-track", "no-data"
Kind = Literal["goal", "effect", "benefit", "service"]
# Where each kind's elements are in the case document, for the edit operations.
PLACES: dict[str, str] = {
    "goal": "vision/goals",
    "effect": "effect_map/effect_goals",
    "benefit": "benefits/benefits",
    "service": "services",
}
SHARE_UNIT = "%"


@dataclass(frozen=True)
class Point:
    date: dt.date
    value: float
    note: str = ""


@dataclass(frozen=True)
class Indicator:
    kind: Kind
    element: str  # the element's id
    path: str  # where its measurements are in the case document (for adding values)
    owner: str  # the element's name
    name: str  # what is measured
    unit: str
    points: tuple[Point, ...]  # by date, the baseline first when it was not measured again
    baseline: float | None
    target: float | None
    target_date: dt.date | None
    lower_is_better: bool
    measured: frozenset[dt.date] = frozenset()  # the dates of the element's own measurements

    @property
    def latest(self) -> Point | None:
        return self.points[-1] if self.points else None

    @property
    def status(self) -> str:
        """met: the latest value reached the target; on-the-way: better than the baseline; else
        off-track. no-data without a target or a value."""
        latest = self.latest
        if latest is None or self.target is None:
            return NO_DATA
        if self._better_or_equal(latest.value, self.target):
            return MET
        start = self.baseline if self.baseline is not None else self.points[0].value
        return (
            ON_THE_WAY
            if latest.value != start and self._better_or_equal(latest.value, start)
            else OFF_TRACK
        )

    @property
    def trend(self) -> float | None:
        """The change from the value before the latest to the latest (None with fewer than two)."""
        if len(self.points) < 2:
            return None
        return self.points[-1].value - self.points[-2].value

    @property
    def trend_is_better(self) -> bool | None:
        trend = self.trend
        if trend is None or trend == 0:
            return None
        return trend < 0 if self.lower_is_better else trend > 0

    def _better_or_equal(self, value: float, than: float) -> bool:
        return value <= than if self.lower_is_better else value >= than


Measured = Goal | EffectGoal | Benefit


def _points(
    measurements: list[Measurement], baseline: float | None, baseline_date: dt.date | None
) -> tuple[Point, ...]:
    """The measured values by date, with the baseline first when it was not measured again."""
    points = {m.date: Point(m.date, m.value, m.note) for m in measurements}
    if baseline is not None and baseline_date is not None and baseline_date not in points:
        points[baseline_date] = Point(baseline_date, baseline)
    return tuple(points[d] for d in sorted(points))


def _indicator(kind: Kind, element: Measured, target_date: dt.date | None) -> Indicator:
    points = _points(element.measurements, element.baseline, element.baseline_date)
    start = element.baseline if element.baseline is not None else (
        points[0].value if points else None
    )  # fmt: skip
    if element.direction is not None:
        lower = element.direction == "lower-is-better"
    else:
        lower = start is not None and element.target is not None and element.target < start
    return Indicator(
        kind=kind,
        element=element.id,
        path=f"{PLACES[kind]}/{element.id}/measurements",
        owner=element.label,
        name=element.indicator or element.label,
        unit=element.unit,
        points=points,
        baseline=element.baseline,
        target=element.target,
        target_date=target_date,
        lower_is_better=lower,
        measured=frozenset(m.date for m in element.measurements),
    )


def _service(declaration: ServiceDeclaration, name: str) -> Indicator:
    promise = declaration.promise
    return Indicator(
        kind="service",
        element=declaration.id,
        path=f"{PLACES['service']}/{declaration.id}/measurements",
        owner=declaration.label,
        name=name,
        unit=SHARE_UNIT,
        points=_points(declaration.measurements, None, None),
        baseline=None,
        target=None if promise is None else round(100 * promise.target_share, 6),
        target_date=None,
        lower_is_better=False,
        measured=frozenset(m.date for m in declaration.measurements),
    )


def indicators(model: CaseModel, service_name: str = "") -> list[Indicator]:
    """Every goal and effect goal that is measured or has a target, every measured benefit and
    every service declaration that has a measurable promise or measured values.

    ``service_name`` names what a service declaration's indicator measures (in the current
    language; the share of cases that kept the promise)."""
    goals = model.vision.goals if model.vision else []
    effects = model.effect_map.effect_goals if model.effect_map else []
    benefits = model.benefits.benefits if model.benefits else []
    return (
        [_indicator("goal", g, g.deadline) for g in goals if g.measurements or g.target is not None]
        + [_indicator("effect", e, e.deadline) for e in effects
           if e.measurements or e.target is not None]
        + [_indicator("benefit", b, b.target_date) for b in benefits if b.measurements]
        + [_service(s, service_name) for s in model.services
           if s.promise is not None or s.measurements]
    )  # fmt: skip


def elements(model: CaseModel) -> list[tuple[Kind, str, str]]:
    """Every element that can have an indicator: (kind, id, name), goals first."""
    goals = model.vision.goals if model.vision else []
    effects = model.effect_map.effect_goals if model.effect_map else []
    benefits = model.benefits.benefits if model.benefits else []
    found: list[tuple[Kind, str, str]] = [("goal", g.id, g.label) for g in goals]
    found += [("effect", e.id, e.label) for e in effects]
    found += [("benefit", b.id, b.label) for b in benefits]
    found += [("service", s.id, s.label) for s in model.services]
    return found


def measurements_path(kind: str, element: str) -> str:
    return f"{PLACES[kind]}/{element}/measurements"


def merged(existing: list[dict[str, object]], new: list[Point]) -> list[dict[str, object]]:
    """The measurements of an element with `new` added: a new value on a date that already has
    one replaces it; the result is sorted by date."""
    by_date: dict[str, dict[str, object]] = {str(m["date"]): dict(m) for m in existing}
    for point in new:
        entry: dict[str, object] = {"date": point.date.isoformat(), "value": point.value}
        if point.note:
            entry["note"] = point.note
        by_date[point.date.isoformat()] = entry
    return [by_date[d] for d in sorted(by_date)]
