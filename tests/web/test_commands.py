"""`verksam serve` and `verksam worker`, and the demo data they load."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from verksam.cli import app
from verksam.web.demo import DEMO_PASSWORD, example_files, load_demo, organisation_for

ROOT = Path(__file__).resolve().parents[2]


def test_the_core_cli_starts_without_importing_django() -> None:
    code = "import sys, verksam.cli; print('django' in sys.modules)"
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert result.stdout.strip() == "False"


def test_example_folders_map_to_demo_organisations() -> None:
    assert organisation_for("storuman").slug == "storuman"
    assert organisation_for("si-innkreving").slug == "si"
    assert organisation_for("bodo").slug == "bodo"
    assert organisation_for("sorsele-goals").slug == "sorsele"
    assert organisation_for("elsewhere") is None


@pytest.mark.django_db
def test_demo_loads_every_example_into_its_organisation_with_users_per_role() -> None:
    from django.contrib.auth import authenticate

    report = load_demo()
    files = example_files()
    assert len(report.loaded) + len(report.skipped) == len(files)
    assert not report.skipped, report.skipped
    assert {login.username for login in report.logins} == {
        f"{org}-{role}"
        for org in ("sorsele", "bodo", "storuman", "si")
        for role in ("owner", "editor", "viewer")
    } | {"course-facilitator"}
    assert authenticate(username="course-facilitator", password=DEMO_PASSWORD) is not None
    assert authenticate(username="bodo-editor", password=DEMO_PASSWORD) is not None


@pytest.mark.django_db
def test_demo_skips_loudly_what_it_cannot_load(tmp_path: Path) -> None:
    (tmp_path / "storuman").mkdir()
    (tmp_path / "storuman" / "case.yaml").write_text("id: [broken\n", encoding="utf-8")
    (tmp_path / "nowhere").mkdir()
    (tmp_path / "nowhere" / "case.yaml").write_text("id: x\nname: X\n", encoding="utf-8")
    report = load_demo(tmp_path)
    assert report.loaded == []
    reasons = dict(report.skipped)
    assert "case.yaml:2:1: YAML syntax error" in reasons[str(tmp_path / "storuman" / "case.yaml")]
    assert "no demo organisation" in reasons[str(tmp_path / "nowhere" / "case.yaml")]


@pytest.mark.django_db(transaction=True)
def test_worker_batch_runs_waiting_jobs(home: Any) -> None:
    from verksam.web.jobs.models import Job
    from verksam.web.jobs.services import start_job

    job = start_job(home.organisation, home.owner, "export-workspace")
    result = CliRunner().invoke(app, ["worker", "--batch"])
    assert result.exit_code == 0, result.output
    job.refresh_from_db()
    assert job.status == Job.DONE


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.slow
def test_serve_demo_migrates_loads_prints_the_logins_and_serves(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "VERKSAM_HOME": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "verksam.cli", "serve", "--demo", "--port", str(port)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        page = ""
        for _ in range(480):  # waits up to two minutes for a server on a busy machine
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/accounts/login/", timeout=2
                ) as response:
                    page = response.read().decode()
                break
            except OSError:
                time.sleep(0.25)
        assert "storuman-editor" in page and "verksam-demo" in page
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert f"http://localhost:{port}/" in output
    assert "storuman-editor" in output and "verksam-demo" in output
    for path in example_files():
        assert f"Loaded {path}" in output
    assert (tmp_path / "verksam.sqlite3").is_file()
