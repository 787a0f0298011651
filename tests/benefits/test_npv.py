"""NPV, discounting and payback agree with hand computation and with numpy-financial."""

from __future__ import annotations

import numpy_financial as npf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from verksam.benefits import discount_factor, npv, payback_year


def test_npv_by_hand():
    # -100 now, +50 and +60 in years 1 and 2 at 4 %
    assert npv(0.04, [-100, 50, 60]) == pytest.approx(-100 + 50 / 1.04 + 60 / 1.04**2)
    assert discount_factor(0.04, 3) == pytest.approx(1 / 1.04**3)
    assert npv(0.0, [-100, 50, 60]) == pytest.approx(10)


@settings(max_examples=80, deadline=None)
@given(
    st.floats(min_value=0.0, max_value=0.2),
    st.lists(st.floats(min_value=-1e7, max_value=1e7), min_size=1, max_size=40),
)
def test_npv_matches_numpy_financial(rate, flows):
    assert npv(rate, flows) == pytest.approx(float(npf.npv(rate, flows)), rel=1e-9, abs=1e-6)


@pytest.mark.parametrize(
    ("flows", "year"),
    [
        ([-100, 30, 30, 40, 10], 3),  # cumulative -100, -70, -40, 0: paid back in year 3
        ([-100, 30, 30, 30, 30], 4),
        ([-100, 10, 10], None),
        ([50, -100, 200], 2),  # positive at first, negative in year 1: counts from year 2
        ([0, 0], 0),
    ],
)
def test_payback_year_is_when_the_cumulative_flow_turns_non_negative_for_good(flows, year):
    assert payback_year(flows) == year
