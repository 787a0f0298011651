"""The scripted learning platform (tests/web/lti_platform.py) for the LTI tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from lti_platform import ScriptedPlatform


@pytest.fixture
def platform(db: None) -> Iterator[ScriptedPlatform]:
    scripted = ScriptedPlatform()
    yield scripted
    scripted.stop()
