"""Fixtures shared by every test area."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SHARED_DATA = ROOT.parent / "shared" / "data"

# Tests run in importlib mode (so areas may share test file names); each area's helper modules
# (e.g. tests/mining/mining_logs.py) import by their own name, so their folders go on the path.
for _area in sorted(p for p in Path(__file__).parent.iterdir() if p.is_dir()):
    if not _area.name.startswith((".", "_")) and str(_area) not in sys.path:
        sys.path.append(str(_area))


@pytest.fixture
def shared_data() -> Path:
    """The public test files of ../shared/data; skipped (with the reason) only where it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"{SHARED_DATA} is absent (a user's clone without the shared test data)")
    return SHARED_DATA


@pytest.fixture
def examples() -> Path:
    return EXAMPLES
