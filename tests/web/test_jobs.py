"""Background jobs: queued through django-tasks' database backend, run by the worker, with progress."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from verksam.formats import loads_case
from verksam.web.jobs.models import Job
from verksam.web.jobs.services import start_job

pytestmark = pytest.mark.django_db(transaction=True)


def run_worker() -> None:
    call_command(
        "db_worker",
        "--batch",
        "--no-startup-delay",
        "--queue-name",
        "*",
        "--no-reload",
        verbosity=0,
    )


def test_workspace_export_runs_in_the_worker_and_shows_progress(
    home: Any, client_for: Any, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    client = client_for(home.editor)
    response = client.post(reverse("jobs:export_workspace", kwargs={"org": "home"}))
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:detail", kwargs={"org": "home", "job": job.pk})
    assert job.status == Job.QUEUED and job.task_id
    fragment = client.get(
        reverse("jobs:progress", kwargs={"org": "home", "job": job.pk})
    ).content.decode()
    assert 'hx-trigger="every 1s"' in fragment  # keeps polling while not finished
    run_worker()
    job.refresh_from_db()
    assert (
        job.status == Job.DONE
        and job.progress == 1.0
        and job.result == {"cases": 1, "file": "home-cases.zip"}
    )
    fragment = client.get(
        reverse("jobs:progress", kwargs={"org": "home", "job": job.pk})
    ).content.decode()
    assert "hx-trigger" not in fragment and "100" in fragment
    download = client.get(reverse("jobs:download", kwargs={"org": "home", "job": job.pk}))
    archive = tmp_path / "out.zip"
    archive.write_bytes(b"".join(download.streaming_content))
    with zipfile.ZipFile(archive) as opened:
        (name,) = opened.namelist()
        assert loads_case(opened.read(name).decode()).name == home.case.name


def test_a_job_failing_on_a_bug_shows_a_plain_message_and_the_traceback_only_to_staff(
    home: Any, client_for: Any, settings: Any, tmp_path: Path
) -> None:
    from verksam.web.jobs.registry import KINDS, job_kind

    @job_kind("always-fails", "fails")
    def fail(job: Job, report: Any) -> dict[str, Any]:
        report(0.5, "half way")
        raise RuntimeError("broken on purpose")

    try:
        job = start_job(home.organisation, home.owner, "always-fails")
        run_worker()
        job.refresh_from_db()
        assert job.status == Job.FAILED and job.progress == 0.5
        assert "broken on purpose" in job.traceback and "broken on purpose" not in job.error
        url = reverse("jobs:detail", kwargs={"org": "home", "job": job.pk})
        page = client_for(home.viewer).get(url).content.decode()
        assert "Something went wrong on the server" in page
        assert "Traceback" not in page and "broken on purpose" not in page and ".py" not in page
        home.viewer.is_staff = True
        home.viewer.save()
        staff_page = client_for(home.viewer).get(url).content.decode()
        assert "broken on purpose" in staff_page and "Traceback" in staff_page
    finally:
        KINDS.pop("always-fails")


def test_a_job_whose_worker_died_is_shown_as_failed(home: Any, client_for: Any) -> None:
    from django.utils import timezone

    from verksam.web.jobs.health import HOST

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()  # a process id that no longer runs
    job = start_job(home.organisation, home.owner, "export-workspace")
    Job.objects.filter(pk=job.pk).update(
        status=Job.RUNNING, started_at=timezone.now(), heartbeat_at=timezone.now(),
        worker_host=HOST, worker_pid=dead.pid,
    )  # fmt: skip
    page = client_for(home.viewer).get(
        reverse("jobs:progress", kwargs={"org": "home", "job": job.pk})
    )
    assert "ended unexpectedly" in page.content.decode()
    job.refresh_from_db()
    assert job.status == Job.FAILED and job.finished_at is not None


def test_the_job_list_shows_the_organisations_jobs(home: Any, client_for: Any) -> None:
    start_job(home.organisation, home.owner, "export-workspace")
    page = (
        client_for(home.viewer).get(reverse("jobs:list", kwargs={"org": "home"})).content.decode()
    )
    assert "Workspace export" in page
    detail = client_for(home.viewer).get(
        reverse("jobs:detail", kwargs={"org": "home", "job": Job.objects.get().pk})
    )
    assert detail.status_code == 200 and "Waiting" in detail.content.decode()


def test_a_workspace_export_imports_back_identically(
    home: Any, other: Any, client_for: Any, settings: Any, tmp_path: Path
) -> None:
    from verksam.web.cases import services
    from verksam.web.cases.access import all_cases_of, cases_of

    settings.MEDIA_ROOT = tmp_path
    trashed = services.create_case(
        home.organisation,
        home.owner,
        services.model_of(home.case).model_copy(update={"name": "Old"}),
    )
    services.trash(trashed, home.owner)
    client_for(home.editor).post(reverse("jobs:export_workspace", kwargs={"org": "home"}))
    run_worker()
    export = Job.objects.get()
    archive = tmp_path / export.result_file
    client = client_for(other.editor)
    with archive.open("rb") as upload:
        response = client.post(
            reverse("jobs:import_workspace", kwargs={"org": "other"}), {"file": upload}
        )
    job = Job.objects.get(kind="import-workspace")
    assert response["Location"] == reverse("jobs:detail", kwargs={"org": "other", "job": job.pk})
    run_worker()
    job.refresh_from_db()
    assert job.status == Job.DONE and job.result == {"cases": 2}
    imported = {c.name: c for c in all_cases_of(other.organisation).exclude(pk=other.case.pk)}
    assert imported[home.case.name].document == home.case.document
    assert imported["Old"].deleted_at is not None
    assert home.case.name in {c.name for c in cases_of(other.organisation)}


def test_a_workspace_import_with_one_broken_file_saves_nothing(
    home: Any, client_for: Any, settings: Any, tmp_path: Path
) -> None:
    from verksam.web.cases.access import all_cases_of

    settings.MEDIA_ROOT = tmp_path
    archive = tmp_path / "mixed.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("good.yaml", "id: good\nname: Good\n")
        out.writestr("bad.yaml", "id: bad\nname: [oops\n")
    with archive.open("rb") as upload:
        client_for(home.editor).post(
            reverse("jobs:import_workspace", kwargs={"org": "home"}), {"file": upload}
        )
    run_worker()
    job = Job.objects.get()
    assert job.status == Job.FAILED and "bad.yaml:" in job.error and "Traceback" not in job.error
    assert all_cases_of(home.organisation).count() == 1


def test_only_zip_files_are_accepted_for_import(home: Any, client_for: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("cases.zip", b"not a zip")
    response = client_for(home.editor).post(
        reverse("jobs:import_workspace", kwargs={"org": "home"}), {"file": upload}, follow=True
    )
    assert "not a zip file" in response.content.decode() and not Job.objects.exists()
