"""Indicators over time: the measured values of a case's goals and benefits as dated series with
their baseline, target and direction, the latest value against the target and the trend.

The direction (whether higher or lower is better) follows from the baseline and the target: a
target below the baseline means lower is better.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

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


def _series(
    measurements: list[tuple[dt.date, float, str]],
    baseline: float | None,
    baseline_date: dt.date | None,
) -> tuple[Point, ...]:
    points = {date: Point(date, value, note) for date, value, note in measurements}
    if baseline is not None and baseline_date is not None and baseline_date not in points:
        points[baseline_date] = Point(baseline_date, baseline)
    return tuple(points[d] for d in sorted(points))


def indicators(model: CaseModel) -> list[Indicator]:
    """Every goal and benefit of the case that is measured or has a target."""
    out = []
    goals = model.vision.goals if model.vision else []
    for goal in goals:
        if not goal.measurements and goal.target is None:
            continue
        out.append(
            Indicator(
                path=f"vision/goals/{goal.id}/measurements",
                owner=goal.label,
                name=goal.indicator or goal.label,
                unit=goal.unit,
                points=_series(
                    [(m.date, m.value, m.note) for m in goal.measurements],
                    goal.baseline,
                    goal.baseline_date,
                ),
                baseline=goal.baseline,
                target=goal.target,
                target_date=goal.deadline,
                lower_is_better=_lower_is_better(goal.baseline, goal.target),
            )
        )
    benefits = model.benefits.benefits if model.benefits else []
    for benefit in benefits:
        if not benefit.measurements:
            continue
        out.append(
            Indicator(
                path=f"benefits/benefits/{benefit.id}/measurements",
                owner=benefit.label,
                name=benefit.indicator or benefit.label,
                unit=benefit.unit,
                points=_series(
                    [(m.date, m.value, m.note) for m in benefit.measurements],
                    benefit.baseline,
                    benefit.baseline_date,
                ),
                baseline=benefit.baseline,
                target=benefit.target,
                target_date=benefit.target_date,
                lower_is_better=_lower_is_better(benefit.baseline, benefit.target),
            )
        )
    return out


def _lower_is_better(baseline: float | None, target: float | None) -> bool:
    return baseline is not None and target is not None and target < baseline
