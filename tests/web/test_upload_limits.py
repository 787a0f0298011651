"""Uploads that unpack to more than the server's limits (a workspace zip, a gzipped XES log) fail
their job with a message in the user's language naming the file and the limit, and save nothing."""

from __future__ import annotations

import gzip
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from verksam.formats import load_case
from verksam.web.cases.access import all_cases_of
from verksam.web.cases.services import create_case
from verksam.web.jobs.models import Job

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*", "--no-reload",
                 verbosity=0)  # fmt: skip


def test_a_workspace_zip_that_unpacks_beyond_the_limit_saves_nothing(
    home: Any, client_for: Any, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.MAX_UNCOMPRESSED_BYTES = 64 * 1024
    archive = tmp_path / "kommun.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as out:
        out.writestr("small.yaml", "id: small\nname: Small\n")
        # 2 MB of comment: a valid case file that deflates to a few kilobytes.
        out.writestr("padded.yaml", "id: padded\nname: Padded\n" + "# padding\n" * 200_000)
    assert archive.stat().st_size < 20_000
    with archive.open("rb") as upload:
        client_for(home.editor).post(
            reverse("jobs:import_workspace", kwargs={"org": "home"}),
            {"file": upload},
            HTTP_ACCEPT_LANGUAGE="sv",
        )
    run_worker()
    job = Job.objects.get()
    assert job.status == Job.FAILED and "Traceback" not in job.error
    assert "kommun.zip" in job.error and "64,0\xa0kB" in job.error and "packas upp" in job.error
    assert all_cases_of(home.organisation).count() == 1  # only the tenant's own case


def test_a_gzipped_log_that_unpacks_beyond_the_limit_fails_its_job(
    home: Any, client_for: Any, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.MAX_UNCOMPRESSED_BYTES = 64 * 1024
    case = create_case(
        home.organisation, home.owner, load_case(ROOT / "examples/storuman/case.yaml")
    )
    event = (
        b'<event><string key="concept:name" value="Assess"/>'
        b'<date key="time:timestamp" value="2024-03-01T09:30:00.000+01:00"/></event>'
    )
    body = b'<log><trace><string key="concept:name" value="c1"/>' + event * 20_000
    upload = SimpleUploadedFile("logg.xes.gz", gzip.compress(body + b"</trace></log>"))
    client_for(home.editor).post(
        reverse("workbench:mining", kwargs={"org": "home", "case": case.slug}), {"file": upload}
    )
    run_worker()
    job = Job.objects.get(kind="mine-log")
    assert job.status == Job.FAILED and "Traceback" not in job.error
    assert "logg.xes.gz" in job.error and "64.0\xa0KB" in job.error
