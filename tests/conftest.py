"""Fixtures shared by every test area."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture
def shared_data() -> Path:
    """The public test files of ../shared/data; skipped (with the reason) only where it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"{SHARED_DATA} is absent (a user's clone without the shared test data)")
    return SHARED_DATA


@pytest.fixture
def examples() -> Path:
    return EXAMPLES
