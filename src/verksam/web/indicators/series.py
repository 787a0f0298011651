"""Indicators over time: the measured values of a case's goals and benefits as dated series with
their baseline, target and direction, the latest value against the target and the trend.

The direction (whether higher or lower is better) follows from the baseline and the target: a
target below the baseline means lower is better.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from verksam.model import Benefit, Goal
from verksam.model import Case as CaseModel

MET, ON_THE_WAY, OFF_TRACK, NO_DATA = "met", "on-the-way", "off-track", "no-data"


@dataclass(frozen=True)
class Point:
    date: dt.date
    value: float
    note: str = ""


@dataclass(frozen=True)
class Indicator:
    path: str  # where the element is in the case document (for adding values)
    owner: str  # the goal's or benefit's name
    name: str  # what is measured
    unit: str
    points: tuple[Point, ...]  # by date, the baseline first when it was not measured again
    baseline: float | None
    target: float | None
    target_date: dt.date | None
    lower_is_better: bool

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


def _indicator(path: str, element: Goal | Benefit, target_date: dt.date | None) -> Indicator:
    """A goal's or benefit's measured values, with the baseline first when not measured again."""
    points = {m.date: Point(m.date, m.value, m.note) for m in element.measurements}
    baseline, baseline_date = element.baseline, element.baseline_date
    if baseline is not None and baseline_date is not None and baseline_date not in points:
        points[baseline_date] = Point(baseline_date, baseline)
    return Indicator(
        path=f"{path}/{element.id}/measurements",
        owner=element.label,
        name=element.indicator or element.label,
        unit=element.unit,
        points=tuple(points[d] for d in sorted(points)),
        baseline=baseline,
        target=element.target,
        target_date=target_date,
        lower_is_better=_lower_is_better(baseline, element.target),
    )


def indicators(model: CaseModel) -> list[Indicator]:
    """Every goal that is measured or has a target, and every measured benefit of the case."""
    goals = model.vision.goals if model.vision else []
    benefits = model.benefits.benefits if model.benefits else []
    return [
        _indicator("vision/goals", g, g.deadline)
        for g in goals
        if g.measurements or g.target is not None
    ] + [_indicator("benefits/benefits", b, b.target_date) for b in benefits if b.measurements]


def _lower_is_better(baseline: float | None, target: float | None) -> bool:
    return baseline is not None and target is not None and target < baseline
