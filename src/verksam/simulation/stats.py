"""Streaming statistics whose memory does not grow with the number of cases.

`Quantiles` keeps every value (exact percentiles) up to `EXACT_LIMIT` values; past that it moves
them into a histogram of logarithmic bins 0.1 % wide and counts from then on, so a percentile is
off by at most 0.05 % of its value, whatever the number of cases.
"""

from __future__ import annotations

import math
from array import array

import numpy as np

EXACT_LIMIT = 200_000
"""Values kept exactly before `Quantiles` switches to its histogram."""

_RATIO = 1.001
_LOG_RATIO = math.log(_RATIO)
_LOWEST = 1e-6  # minutes; smaller positive values share the first bin
_BINS = int(math.log(1e10 / _LOWEST) / _LOG_RATIO) + 2


class Quantiles:
    """Collects values and answers percentiles: exact for up to `limit` values, then binned."""

    __slots__ = ("_bins", "_sorted", "_values", "_zeros", "count", "limit", "maximum", "total")

    def __init__(self, limit: int = EXACT_LIMIT) -> None:
        self.limit = limit
        self.count = 0
        self.total = 0.0
        self.maximum = 0.0
        self._values: array[float] | None = array("d")
        self._bins: list[int] | None = None
        self._zeros = 0
        # The kept values in order, sorted once for all the percentiles asked after the last add.
        self._sorted: np.ndarray[tuple[int], np.dtype[np.float64]] | None = None

    @property
    def exact(self) -> bool:
        """Whether percentiles are still computed from every value."""
        return self._values is not None

    def add(self, value: float) -> None:
        self.count += 1
        self.total += value
        if value > self.maximum:
            self.maximum = value
        values = self._values
        if values is not None:
            values.append(value)
            if len(values) > self.limit:
                self._to_histogram()
        else:
            self._bin(value)

    def compact(self) -> None:
        """Drops the kept values for the histogram (percentiles become binned, means stay exact)."""
        if self._values is not None:
            self._to_histogram()

    def _bin(self, value: float) -> None:
        assert self._bins is not None
        if value <= 0.0:
            self._zeros += 1
            return
        index = int(math.log(value / _LOWEST) / _LOG_RATIO) + 1 if value > _LOWEST else 0
        self._bins[min(index, _BINS - 1)] += 1

    def _to_histogram(self) -> None:
        values, self._values = self._values, None
        self._sorted = None
        bins = self._bins = [0] * _BINS
        # `_bin` inlined with local names: this runs over up to 200,000 values after every run.
        log, lowest, log_ratio, top = math.log, _LOWEST, _LOG_RATIO, _BINS - 1
        zeros = 0
        for value in values or ():
            if value <= 0.0:
                zeros += 1
                continue
            index = int(log(value / lowest) / log_ratio) + 1 if value > lowest else 0
            bins[index if index < top else top] += 1
        self._zeros += zeros

    @property
    def mean(self) -> float:
        return self.total / self.count if self.count else math.nan

    def percentile(self, q: float) -> float:
        """The `q`-th percentile (0-100); NaN when there are no values."""
        if not self.count:
            return math.nan
        if self._values is not None:
            ordered = self._sorted
            if ordered is None or len(ordered) != self.count:
                ordered = self._sorted = np.sort(np.frombuffer(self._values, dtype=float))
            return _linear_percentile(ordered, q)
        assert self._bins is not None
        rank = q / 100.0 * (self.count - 1)  # 0-based rank, as numpy's linear method
        if rank >= self.count - 1:
            return self.maximum
        if rank < self._zeros:
            return 0.0
        seen = self._zeros
        for index, n in enumerate(self._bins):
            seen += n
            if seen > rank:
                if index == 0:
                    return _LOWEST
                # The geometric middle of the bin is within half a bin width of any value in it.
                return float(min(_LOWEST * _RATIO ** (index - 0.5), self.maximum))
        return self.maximum


def _linear_percentile(ordered: np.ndarray[tuple[int], np.dtype[np.float64]], q: float) -> float:
    """`np.percentile(values, q)` (linear method) of sorted values, to the last bit.

    NumPy's own function copies and partitions the values on every call, and its first call loads
    `numpy.ma` (about 10 ms); the arithmetic below is NumPy's, step by step, so results are equal.
    """
    last = len(ordered) - 1
    rank = last * (q / 100)
    if rank >= last:
        return float(ordered[last])
    if rank < 0:
        return float(ordered[0])
    below = math.floor(rank)
    gamma = rank - below
    a, b = float(ordered[below]), float(ordered[below + 1])
    diff = b - a
    # NumPy interpolates from the nearer neighbour (its `_lerp`), which rounds differently.
    return b - diff * (1 - gamma) if gamma >= 0.5 else a + diff * gamma
