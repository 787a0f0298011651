"""Fixtures shared by every test area."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]  # fmt: skip


def missing_browser_part(message: str) -> None:
    """Skip with the reason on a user's machine; fail in CI, where everything must be present."""
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """The session's one headless Chromium (Playwright's sync API driving Debian's browser).

    Playwright's sync API keeps an event loop in this thread while it runs, so a second
    `sync_playwright()` in the same process would be refused: every browser test shares this one.
    """
    if not CHROMIUM.exists():
        missing_browser_part(
            f"Chromium is missing at {CHROMIUM}; run tools/install-browser-deps.sh"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing_browser_part("Playwright for Python is not installed")
    # The ORM calls of Django tests are plain synchronous ones, which Django would otherwise refuse
    # while Playwright's loop exists in this thread.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous
