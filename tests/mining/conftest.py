"""Fixtures for the mining tests."""

from __future__ import annotations

import polars as pl
import pytest


@pytest.fixture(params=["lazy", "eager"])
def as_frame(request: pytest.FixtureRequest):
    """Run each analytics test on a LazyFrame, and on a collected DataFrame served lazily again."""

    def convert(lf: pl.LazyFrame) -> pl.LazyFrame:
        return lf if request.param == "lazy" else lf.collect().lazy()

    return convert
