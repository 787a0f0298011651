"""Percentiles are exact up to a limit and then within 0.1 % from a fixed histogram; the confidence
interval uses Student's t."""

import math

import numpy as np
import pytest

from verksam.simulation.results import Estimate, t975
from verksam.simulation.stats import Quantiles


def test_percentiles_are_exact_for_moderate_counts():
    values = np.random.default_rng(1).lognormal(3, 1, 5_000)
    q = Quantiles()
    for v in values:
        q.add(float(v))
    assert q.exact
    for p in (50, 90, 95):
        assert q.percentile(p) == pytest.approx(np.percentile(values, p), rel=1e-12)
    assert q.mean == pytest.approx(values.mean())


def test_exact_percentiles_equal_numpys_to_the_last_bit():
    # The simulation's figures must not move by a rounding step, whatever the count or percentile.
    rng = np.random.default_rng(7)
    for n in (1, 2, 3, 10, 11, 999, 4_096):
        values = rng.exponential(37.0, n)
        q = Quantiles()
        for v in values:
            q.add(float(v))
        for p in (0, 0.1, 1, 12.5, 33, 50, 66.6, 90, 95, 99, 99.9, 100):
            assert q.percentile(p) == float(np.percentile(values, p)), (n, p)
    q.add(1e9)  # a value added after percentiles were asked counts in the next ones
    assert q.percentile(100) == 1e9


def test_past_the_limit_percentiles_come_from_the_histogram_within_half_a_bin():
    values = np.random.default_rng(2).lognormal(3, 1.5, 30_000)
    values[:300] = 0.0  # cases without any time at all
    q = Quantiles(limit=1_000)
    for v in values:
        q.add(float(v))
    assert not q.exact
    for p in (1, 2, 50, 90, 95, 99.9):
        # Within half a bin (0.05 %) of the values on either side of the exact rank.
        low = np.percentile(values, p, method="lower") * (1 - 5e-4)
        high = np.percentile(values, p, method="higher") * (1 + 5e-4)
        assert low <= q.percentile(p) <= high, p
    assert q.percentile(100) == values.max()


def test_compacting_after_a_run_bins_values_as_adding_them_past_the_limit_does():
    values = np.random.default_rng(3).lognormal(2, 2, 20_000)
    values[:50] = 0.0
    values[50:60] = 1e-9  # below the first bin's edge
    one_by_one, compacted = Quantiles(limit=0), Quantiles()
    for v in values:
        one_by_one.add(float(v))
        compacted.add(float(v))
    compacted.compact()
    assert not one_by_one.exact and not compacted.exact
    for p in (0.1, 0.3, 1, 10, 50, 90, 95, 99, 99.99):
        assert compacted.percentile(p) == one_by_one.percentile(p), p


def test_no_values_give_no_percentiles():
    assert math.isnan(Quantiles().percentile(50))
    assert math.isnan(Quantiles().mean)


def test_confidence_interval_uses_student_t():
    assert t975(1) == pytest.approx(12.706)
    assert t975(50) == pytest.approx(2.009, abs=2e-3)  # interpolated between 40 and 60
    assert t975(10_000) == pytest.approx(1.960, abs=1e-3)
    e = Estimate.of([11.0, 12.0, 13.0])
    half = 4.303 * 1.0 / math.sqrt(3)
    assert (e.low, e.value, e.high) == pytest.approx((12 - half, 12.0, 12 + half))
    assert Estimate.of([5.0]) == Estimate(5.0)
    assert Estimate.of([None]).value is None


def test_compacting_keeps_the_mean_and_bins_the_percentiles():
    values = np.random.default_rng(3).exponential(10, 2_000)
    q = Quantiles()
    for v in values:
        q.add(float(v))
    exact_median = q.percentile(50)
    q.compact()
    assert not q.exact
    assert q.mean == pytest.approx(values.mean())
    assert q.percentile(50) == pytest.approx(exact_median, rel=5e-3)


def test_an_interval_of_non_negative_figures_stops_at_zero():
    e = Estimate.of([0.0, 0.0, 1.2])
    assert e.value == pytest.approx(0.4)
    assert e.low == 0.0
    assert e.high is not None and e.high > 1.2


def test_an_interval_of_figures_that_can_be_negative_is_symmetric():
    e = Estimate.of([-1.0, 1.0, 0.5])
    assert e.low is not None and e.high is not None and e.value is not None
    assert (e.value - e.low) == pytest.approx(e.high - e.value)
    assert e.low < -1.0
