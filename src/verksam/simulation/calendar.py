"""Working time on the simulation clock: weekly opening hours minus public holidays and closed days.

The clock counts minutes from the simulation's start datetime (local wall time). A `Timeline` is a
piecewise-constant weight over that clock: 1 inside opening hours and 0 outside for a working
calendar, or relative arrival intensities for an arrival pattern. `finish` turns an amount of
weighted time into a clock time (work that pauses outside office hours), `measure` does the reverse.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Container, Sequence

import holidays as holiday_calendars

from verksam.model.process import Calendar

MINUTES_PER_DAY = 1440.0
MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY

Segment = tuple[float, float, float]
"""(start, end, weight): minutes within a day and the weight of time between them."""


class Timeline:
    """Weighted time on the simulation clock.

    Parameters
    ----------
    start
        The datetime at clock time 0.
    weekly
        For each weekday (Monday first) its segments `(start, end, weight)` in minutes of the day,
        sorted and not overlapping.
    closed
        Dates on which the weight is 0 all day (public holidays, closing days).
    name
        The calendar's id, for messages.

    Raises
    ------
    ValueError
        If no segment of the week has a positive weight (time would never pass).
    """

    __slots__ = ("_cache", "_closed", "_offset", "_start_day", "_weekly", "name", "week_weight")

    def __init__(
        self,
        start: dt.datetime,
        weekly: Sequence[Sequence[Segment]],
        closed: Container[dt.date] = (),
        name: str = "",
    ) -> None:
        self.name = name
        self._weekly = [tuple((a, b, w) for a, b, w in day if b > a and w > 0) for day in weekly]
        self.week_weight = sum((b - a) * w for day in self._weekly for a, b, w in day)
        if self.week_weight <= 0:
            raise ValueError(f"calendar '{name}' has no working time in the week")
        self._closed = closed
        self._start_day = start.date()
        self._offset = start.hour * 60.0 + start.minute + start.second / 60.0
        self._cache: dict[int, tuple[Segment, ...]] = {}

    def day(self, index: int) -> tuple[Segment, ...]:
        """The segments of day `index` (0 = the start date) in clock minutes."""
        segments = self._cache.get(index)
        if segments is None:
            date = self._start_day + dt.timedelta(days=index)
            if date in self._closed:
                segments = ()
            else:
                base = index * MINUTES_PER_DAY - self._offset
                segments = tuple(
                    (base + a, base + b, w) for a, b, w in self._weekly[date.weekday()]
                )
            self._cache[index] = segments
        return segments

    def finish(self, time: float, amount: float) -> float:
        """The clock time at which `amount` weighted minutes, counted from `time`, have passed.

        With `amount` 0 this is the next moment with a positive weight (the next opening).
        """
        index = int((time + self._offset) // MINUTES_PER_DAY)
        # A year of holidays in a row is impossible; the bound only guards against a bad calendar.
        for _ in range(400 * 366):
            for a, b, w in self.day(index):
                if b <= time:
                    continue
                begin = a if a > time else time
                available = (b - begin) * w
                if amount <= available:
                    return begin + amount / w
                amount -= available
            index += 1
        raise ValueError(f"calendar '{self.name}' has no working time within 400 years")

    def measure(self, begin: float, end: float) -> float:
        """Weighted minutes between clock times `begin` and `end`."""
        if end <= begin:
            return 0.0
        total = 0.0
        first = int((begin + self._offset) // MINUTES_PER_DAY)
        last = int((end + self._offset) // MINUTES_PER_DAY)
        for index in range(first, last + 1):
            for a, b, w in self.day(index):
                lo = a if a > begin else begin
                hi = b if b < end else end
                if hi > lo:
                    total += (hi - lo) * w
        return total


class ClosedDays:
    """Public holidays of a country (from the `holidays` package) plus explicitly closed dates."""

    __slots__ = ("_extra", "_public")

    def __init__(self, country: str | None, extra: Sequence[dt.date] = ()) -> None:
        self._public = (
            holiday_calendars.country_holidays(country, include_sundays=False)
            if country == "SE"
            else holiday_calendars.country_holidays(country)
            if country
            else None
        )
        self._extra = frozenset(extra)

    def __contains__(self, date: object) -> bool:
        if date in self._extra:
            return True
        return self._public is not None and date in self._public


def _minutes(value: dt.time) -> float:
    return value.hour * 60.0 + value.minute + value.second / 60.0


def working_timeline(calendar: Calendar, start: dt.datetime) -> Timeline:
    """The timeline of a case calendar: weight 1 in its opening hours, 0 on holidays and closed days.

    Raises
    ------
    ValueError
        If the calendar has no opening hours (work would never finish).
    """
    weekly: list[list[Segment]] = [[] for _ in range(7)]
    for hours in calendar.hours:
        end = _minutes(hours.end) or MINUTES_PER_DAY  # 00:00 as an end means midnight
        weekly[hours.weekday].append((_minutes(hours.start), end, 1.0))
    for day in weekly:
        day.sort()
    return Timeline(start, weekly, ClosedDays(calendar.holidays, calendar.closed), calendar.id)


def arrival_timeline(
    start: dt.datetime, weights: Sequence[float] | None, calendar: Calendar | None
) -> Timeline | None:
    """The timeline arrivals are spread over: the calendar's hours, each day weighted by `weights`.

    Weights are normalised to a mean of 1 over the days that have any, so an interval between
    arrivals counts time on a weight-1 day as it is. None when arrivals run round the clock.

    Raises
    ------
    ValueError
        If the pattern and calendar leave no time for arrivals.
    """
    if weights is None and calendar is None:
        return None
    day_weights = list(weights) if weights is not None else [1.0] * 7
    positive = [w for w in day_weights if w > 0]
    if not positive:
        raise ValueError("the weekly arrival pattern has no day with arrivals")
    mean = sum(positive) / len(positive)
    day_weights = [w / mean for w in day_weights]
    if calendar is None:
        weekly = [[(0.0, MINUTES_PER_DAY, w)] for w in day_weights]
        return Timeline(start, weekly, (), "arrivals")
    base = working_timeline(calendar, start)
    weekly = [
        [(a, b, w * day_weights[weekday]) for a, b, w in base._weekly[weekday]]
        for weekday in range(7)
    ]
    return Timeline(start, weekly, base._closed, calendar.id)
