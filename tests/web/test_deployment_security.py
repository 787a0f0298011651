"""Deployment hardening: a cap on the request body (also for streamed bodies under ASGI), a
Content-Security-Policy that allows scripts only from our static files, no inline scripts in any
template, and HTTPS defaults (Secure cookies, HSTS) with a switch for plain HTTP."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from verksam.web.bodylimit import BodyLimit

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "src" / "verksam" / "web"


@pytest.mark.django_db
def test_an_anonymous_200_mb_post_is_refused_before_it_is_read() -> None:
    response = Client().post(
        reverse("accounts:login"), data=b"x" * 10, content_type="application/octet-stream",
        CONTENT_LENGTH=str(200 * 1024 * 1024), HTTP_ACCEPT_LANGUAGE="sv",
    )  # fmt: skip
    assert response.status_code == 413
    assert "Begäran är för stor" in response.content.decode()


def test_a_streamed_body_is_cut_off_at_the_cap(settings: Any) -> None:
    settings.MAX_REQUEST_BYTES = 1000
    read: list[int] = []

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        total = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return  # as Django does: stop, answer nothing
            total += len(message.get("body", b""))
            if not message.get("more_body"):
                break
        read.append(total)
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    async def run(chunks: int) -> list[dict[str, Any]]:
        incoming = [
            {"type": "http.request", "body": b"x" * 400, "more_body": i < chunks - 1}
            for i in range(chunks)
        ]
        sent: list[dict[str, Any]] = []

        async def receive() -> dict[str, Any]:
            return incoming.pop(0)

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)

        scope = {"type": "http", "method": "POST", "path": "/", "headers": []}  # no length given
        await BodyLimit(app)(scope, receive, send)
        return sent

    assert asyncio.run(run(2))[0]["status"] == 200 and read == [800]
    refused = asyncio.run(run(100))  # 40,000 bytes in chunks
    assert refused[0]["status"] == 413 and read == [800]  # the app never finished reading


@pytest.mark.django_db
def test_pages_carry_a_policy_that_allows_only_our_own_scripts() -> None:
    response = Client().get(reverse("accounts:login"))
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'" and policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'" and "'self'" in policy["connect-src"]


def test_no_template_or_python_built_html_has_an_inline_script() -> None:
    inline = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=\s*[\"']|javascript:", re.I)
    found = [
        f"{path.relative_to(ROOT)}:{text[: m.start()].count(chr(10)) + 1}: {m.group()}"
        for path in [*WEB.rglob("*.html"), *WEB.rglob("*.py")]
        if "migrations" not in path.parts
        for text in [path.read_text(encoding="utf-8")]
        for m in inline.finditer(text)
    ]
    assert found == []


def _setting(name: str, **env: str) -> str:
    environment = {k: v for k, v in os.environ.items() if k != "VERKSAM_PLAIN_HTTP"}
    code = f"from verksam.web import settings; print(settings.{name})"
    done = subprocess.run(
        [sys.executable, "-c", code], env={**environment, **env}, capture_output=True, text=True,
        check=True,
    )  # fmt: skip
    return done.stdout.strip()


def test_cookies_are_secure_and_hsts_on_by_default_with_a_switch_for_plain_http() -> None:
    assert _setting("SESSION_COOKIE_SECURE") == "True" and _setting("CSRF_COOKIE_SECURE") == "True"
    assert int(_setting("SECURE_HSTS_SECONDS")) >= 180 * 24 * 3600
    assert _setting("SESSION_COOKIE_SECURE", VERKSAM_PLAIN_HTTP="1") == "False"
    assert _setting("SECURE_HSTS_SECONDS", VERKSAM_PLAIN_HTTP="1") == "0"


@pytest.mark.django_db
def test_an_https_request_gets_hsts(settings: Any) -> None:
    settings.SECURE_HSTS_SECONDS = 31536000
    response = Client().get(reverse("accounts:login"), secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


@pytest.mark.django_db(transaction=True)
def test_a_big_case_file_is_imported_by_a_job_and_the_job_page_links_to_the_case(
    home: Any, client_for: Any, settings: Any, tmp_path: Path
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command

    from verksam.web.cases.access import cases_of
    from verksam.web.jobs.models import Job

    settings.MEDIA_ROOT = tmp_path
    settings.IMPORT_IN_JOB_BYTES = 100
    text = (ROOT / "examples" / "storuman" / "case.yaml").read_bytes()
    client = client_for(home.editor)
    response = client.post(
        reverse("cases:import", kwargs={"org": "home"}),
        {"file": SimpleUploadedFile("storuman.yaml", text)},
    )
    job = Job.objects.get(kind="import-case")
    assert response["Location"] == reverse("jobs:detail", kwargs={"org": "home", "job": job.pk})
    assert cases_of(home.organisation).count() == 1  # nothing imported in the request
    call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*", "--no-reload",
                 verbosity=0)  # fmt: skip
    job.refresh_from_db()
    assert job.status == Job.DONE, job.error
    imported = cases_of(home.organisation).get(slug=job.result["case"])
    page = client.get(reverse("jobs:detail", kwargs={"org": "home", "job": job.pk})).content
    assert reverse("cases:detail", kwargs={"org": "home", "case": imported.slug}).encode() in page
    assert not any((tmp_path / "uploads").iterdir())  # the kept upload is gone
