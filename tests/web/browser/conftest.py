"""Shared fixtures for end-to-end tests in headless Chromium (Playwright driving Debian's
/usr/bin/chromium) against pytest-django's live server, with axe-core accessibility checks.

The session's one Chromium (`chromium`) comes from tests/conftest.py.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import missing_browser_part

ROOT = Path(__file__).resolve().parents[3]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"
PASSWORD = "pw-secret-1"


@pytest.fixture
def browser_env(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def new_page(chromium: Any, browser_env: None) -> Iterator[Callable[..., Any]]:
    """Make pages in fresh browser contexts (own cookies); all are closed after the test."""
    contexts: list[Any] = []

    def make(width: int = 1400, height: int = 1000, locale: str = "en-GB") -> Any:
        context = chromium.new_context(
            viewport={"width": width, "height": height}, locale=locale, accept_downloads=True
        )
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def sign_in(live_server: Any) -> Callable[[Any, str, str], None]:
    """Sign a page in through the sign-in form."""

    def run(page: Any, username: str, password: str = PASSWORD) -> None:
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("main form button[type=submit]")
        page.wait_for_load_state()

    return run


@pytest.fixture
def shot() -> Callable[[Any, str], Path]:
    """Save a full-page screenshot under test-artifacts/<name>.png (git-ignored)."""

    def run(page: Any, name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(path), full_page=True)
        return path

    return run


@pytest.fixture
def axe() -> Callable[[Any], list[dict[str, Any]]]:
    """Run axe-core (WCAG 2.0/2.1 A and AA rules) in the page; the serious and critical findings."""
    if not AXE.exists():
        missing_browser_part(f"axe-core is missing at {AXE}; run npm ci")
    source = AXE.read_text(encoding="utf-8")

    def run(page: Any) -> list[dict[str, Any]]:
        page.add_script_tag(content=source)
        result = page.evaluate(
            """async () => await axe.run(document, {
                runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
            })"""
        )
        return [
            {
                "id": v["id"],
                "impact": v["impact"],
                "help": v["help"],
                "nodes": [n["target"] for n in v["nodes"][:5]],
            }
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]

    return run


def describe(violations: list[dict[str, Any]]) -> str:
    return json.dumps(violations, indent=1, ensure_ascii=False)
