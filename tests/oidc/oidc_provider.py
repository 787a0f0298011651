"""Starts tests/oidc/provider.mjs (node-oidc-provider) and plays a browser on its login page."""

from __future__ import annotations

import json
import os
import select
import socket
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import requests

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tests" / "oidc" / "provider.mjs"
CLIENT_ID = "verksam"
CLIENT_SECRET = "client-secret-for-tests-7f3a"


@dataclass
class RunningProvider:
    issuer: str
    client_id: str = CLIENT_ID
    client_secret: str = CLIENT_SECRET


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_provider(redirect_uris: list[str]) -> Iterator[RunningProvider]:
    if not (ROOT / "node_modules" / "oidc-provider").is_dir():
        raise RuntimeError(
            "oidc-provider is not installed: run `npm ci` (tools/install-browser-deps.sh)"
        )
    env = {
        **os.environ, "PORT": str(_free_port()), "CLIENT_SECRET": CLIENT_SECRET,
        "REDIRECT_URIS": ",".join(redirect_uris),
    }  # fmt: skip
    process = subprocess.Popen(
        ["node", str(SCRIPT)], cwd=ROOT, env=env, stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    try:
        ready, _w, _x = select.select([process.stdout], [], [], 20)
        if not ready:
            raise RuntimeError("the test identity provider did not start within 20 s")
        assert process.stdout is not None
        yield RunningProvider(json.loads(process.stdout.readline())["issuer"])
    finally:
        process.terminate()
        process.wait(timeout=10)


def sign_in_at_provider(authorize_url: str, username: str, password: str, back_to: str) -> str:
    """Follow the provider's redirects, fill in its login page, and return the URL it sends the
    browser back to (starting with `back_to`), without visiting it."""
    browser = requests.Session()
    url = authorize_url
    posted = False
    for _step in range(10):
        response = browser.get(url, allow_redirects=False, timeout=10)
        if response.status_code == 200 and not posted:
            action = urljoin(url, response.text.split('action="', 1)[1].split('"', 1)[0])
            response = browser.post(
                action, {"username": username, "password": password}, allow_redirects=False,
                timeout=10,
            )  # fmt: skip
            posted = True
        if response.status_code == 200:
            raise AssertionError(f"the provider's page stayed: {response.text[:300]}")
        url = urljoin(url, response.headers["Location"])
        if url.startswith(back_to):
            return url
    raise AssertionError("too many redirects at the provider")
