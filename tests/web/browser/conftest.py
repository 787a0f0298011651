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
        # Evaluated through the debugging protocol: the pages' Content-Security-Policy forbids
        # inline <script> tags, which add_script_tag(content=...) would insert.
        page.evaluate(f"() => {{ {source}\n }}")
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


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix: None, tmp_path_factory: Any
) -> None:
    """SQLite browser tests use a database file: the live server's threads (and the ASGI server's)
    each open their own connection to it, as `verksam serve` does, instead of sharing one
    in-memory connection."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if "sqlite" in database["ENGINE"]:
        folder = tmp_path_factory.mktemp("browser-db")
        database.setdefault("TEST", {})["NAME"] = str(folder / "test.sqlite3")


class AsgiServer:
    """The ASGI application (pages, static files and live sockets) under uvicorn in a thread,
    against the test database; `restart()` drops every socket, as a server restart would."""

    def __init__(self) -> None:
        import socket

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = int(probe.getsockname()[1])
        self.url = f"http://127.0.0.1:{self.port}"
        self.server: Any = None
        self.thread: Any = None

    def start(self) -> None:
        import threading
        import time

        import uvicorn

        from verksam.web.asgi import application_with_static_files

        config = uvicorn.Config(
            application_with_static_files(), host="127.0.0.1", port=self.port,
            log_level="warning", lifespan="off", ws="websockets-sansio",
        )  # fmt: skip
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the ASGI test server did not start")
            time.sleep(0.02)

    def stop(self) -> None:
        if self.server is not None:
            self.server.should_exit = True
            self.thread.join(timeout=15)
            self.server = None

    def restart(self, between: Callable[[], None] = lambda: None) -> None:
        self.stop()
        between()
        self.start()


@pytest.fixture(autouse=True)
def live_sockets_only_on_the_asgi_server(request: pytest.FixtureRequest, settings: Any) -> None:
    """pytest-django's live server speaks WSGI only: its pages say they are not live instead of
    knocking on a socket it cannot answer (as with VERKSAM_LIVE=0 behind a WSGI server)."""
    settings.LIVE_UPDATES = "live_asgi" in request.fixturenames


@pytest.fixture
def live_asgi(transactional_db: None, settings: Any) -> Iterator[AsgiServer]:
    """The ASGI server for live tests: the Redis channel layer when REDIS_URL is set (as in CI,
    with a prefix of this test run's own, so that runs sharing the Redis do not hear each other),
    otherwise the in-memory layer."""
    import copy
    import os
    import uuid

    if settings.REDIS_URL:
        layers = copy.deepcopy(settings.CHANNEL_LAYERS)
        layers["default"]["CONFIG"]["prefix"] = f"verksam-test-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        settings.CHANNEL_LAYERS = layers
    else:
        settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    server = AsgiServer()
    server.start()
    yield server
    server.stop()
