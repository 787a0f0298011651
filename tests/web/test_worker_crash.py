"""`verksam serve` keeps its task worker alive: a worker killed with SIGKILL is started again and
its job is marked failed with a plain message; a job past the time limit is stopped the same way.
Runs the real server and workers as processes on an SQLite database of their own."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
START_JOB = """
import json, sys, django
django.setup()
from django.contrib.auth.models import User
from verksam.formats import load_case
from verksam.web.cases.services import create_case
from verksam.web.jobs.services import start_job
from verksam.web.organisations.models import Membership, Organisation
organisation, made = Organisation.objects.get_or_create(slug="home", defaults={"name": "Home"})
user = User.objects.get_or_create(username="home-owner")[0]
if made:
    Membership.objects.create(organisation=organisation, user=user, role="owner")
    create_case(organisation, user, load_case("examples/storuman/case.yaml"), how="import")
case = organisation.cases.get()
for kind, params in json.loads(sys.argv[1]):
    params = {**params, "revision": case.revision} if kind == "simulate" else params
    print(start_job(organisation, user, kind, params, case=case if kind == "simulate" else None).pk.hex)
"""
LONG = {"process": "elevtransport", "variant": "as-is", "cases": 2_000_000, "replications": 50,
        "seed": 1}  # fmt: skip


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(what: str, found: Callable[[], Any], seconds: float = 60) -> Any:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if value := found():
            return value
        time.sleep(0.2)
    raise AssertionError(f"waited {seconds} s for {what}")


@pytest.mark.slow
def test_serve_restarts_a_killed_worker_and_fails_its_job_visibly(tmp_path: Path) -> None:
    env = {**os.environ, "VERKSAM_HOME": str(tmp_path), "VERKSAM_JOB_TIME_LIMIT": "5",
           "DJANGO_SETTINGS_MODULE": "verksam.web.settings"}  # fmt: skip
    env.pop("DATABASE_URL", None)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "verksam.cli", "serve", "--port", str(port), "--workers", "1"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip

    def start(*jobs: tuple[str, dict[str, Any]]) -> list[str]:
        command = [sys.executable, "-c", START_JOB, json.dumps(jobs)]
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done.stdout.split()

    def job(pk: str) -> dict[str, Any]:
        with sqlite3.connect(tmp_path / "verksam.sqlite3", timeout=20) as db:
            db.row_factory = sqlite3.Row
            row = db.execute("SELECT * FROM jobs_job WHERE id = ?", (pk,)).fetchone()
            return dict(row)

    try:
        wait_for("the server", lambda: _answers(port))
        # One worker takes them in turn: the first is killed, the second runs past the limit.
        first, second, third = start(
            ("simulate", LONG), ("simulate", LONG), ("export-workspace", {})
        )
        running = wait_for("the job to run", lambda: job(first)["worker_pid"])
        os.kill(running, signal.SIGKILL)
        failed = wait_for(
            "the job to fail", lambda: job(first)["status"] == "failed" and job(first)
        )
        assert "ended unexpectedly" in failed["error"] and "Traceback" not in failed["error"]

        replacement = wait_for("a new worker", lambda: job(second)["worker_pid"])
        assert replacement != running
        stopped = wait_for(
            "the time limit", lambda: job(second)["status"] == "failed" and job(second)
        )
        assert "longer than 5 seconds" in stopped["error"]

        wait_for("a worker after the time limit", lambda: job(third)["status"] == "done")
    finally:
        server.send_signal(signal.SIGTERM)
        output = server.communicate(timeout=30)[0]
    assert "starting a new one" in output and "ran past the time limit" in output


def _answers(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=2):
            return True
    except OSError:
        return False
