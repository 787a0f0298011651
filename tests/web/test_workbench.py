"""Workbench pages: analysis panel and variant comparison, simulation and event-log analysis as
background jobs with progress, and the benefits page with its workbook."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from verksam.analysis import analyze, compare_variants
from verksam.formats import load_case
from verksam.web.cases.services import create_case
from verksam.web.jobs.models import Job
from verksam.web.workbench.charts import fmt

ROOT = Path(__file__).resolve().parents[2]


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*", "--no-reload",
                 verbosity=0)  # fmt: skip


@pytest.fixture
def storuman(home: Any) -> Any:
    return create_case(
        home.organisation, home.owner, load_case(ROOT / "examples/storuman/case.yaml"), how="import"
    )


def url(name: str, tenant: Any, case: Any, **kwargs: Any) -> str:
    return reverse(name, kwargs={"org": tenant.organisation.slug, "case": case.slug, **kwargs})


@pytest.mark.django_db
def test_the_analysis_panel_compares_as_is_with_to_be(
    home: Any, storuman: Any, client_for: Any
) -> None:
    response = client_for(home.viewer).get(url("workbench:analysis", home, storuman))
    html = response.content.decode()
    model = load_case(ROOT / "examples/storuman/case.yaml")
    figure = compare_variants(model, "elevtransport", "as-is", "to-be").figure("fte.total")
    assert response.status_code == 200
    assert fmt(figure.difference, 2) in html, "the FTE difference from verksam.analysis is shown"
    assert "<svg" in html and "FTE per role" in html


@pytest.mark.django_db
def test_analysis_numbers_follow_the_language(home: Any, storuman: Any, client_for: Any) -> None:
    client = client_for(home.viewer)
    client.cookies["django_language"] = "sv"
    html = client.get(url("workbench:analysis", home, storuman)).content.decode()
    model = load_case(ROOT / "examples/storuman/case.yaml")
    workload = analyze(model, "elevtransport", "as-is").total_workload_hours
    assert "Jämförelse av varianter" in html
    # "1 234,5": a space (no-break) between thousands and a decimal comma
    grouped = f"{workload:,.1f}".replace(",", "\xa0").replace(".", ",")
    assert grouped in html or grouped.replace("\xa0", " ") in html


@pytest.mark.django_db
def test_external_roles_are_marked_as_not_in_the_total(
    home: Any, storuman: Any, client_for: Any
) -> None:
    client = client_for(home.viewer)
    client.cookies["django_language"] = "sv"
    html = client.get(url("workbench:analysis", home, storuman)).content.decode()
    m = analyze(load_case(ROOT / "examples/storuman/case.yaml"), "elevtransport", "as-is")
    assert m.in_total["trafikplanerare"] is False and m.in_total["skolskjutshandlaggare"] is True
    assert "Trafikplanerare (utanför organisationen, ingår inte i summan)" in html
    assert "Skolskjutshandläggare (utanför" not in html
    own = sum(f for k, f in m.fte.items() if k != "total" and m.in_total.get(k))
    assert m.fte["total"] == pytest.approx(own)
    assert "Summa för organisationens egna roller" in html and fmt(own, 2) in html


@pytest.mark.django_db(transaction=True)
def test_a_simulation_runs_in_the_background_and_shows_charts(
    home: Any, storuman: Any, client_for: Any
) -> None:
    client = client_for(home.editor)
    response = client.post(
        url("workbench:simulation", home, storuman),
        {"variant": "elevtransport/as-is", "cases": 200, "replications": 2, "seed": 3},
    )
    job = Job.objects.get(kind="simulate")
    assert response.status_code == 302 and str(job.pk) in response["Location"]
    waiting = client.get(response["Location"]).content.decode()
    assert "<progress" in waiting and 'hx-trigger="every 1s"' in waiting
    run_worker()
    job.refresh_from_db()
    assert job.status == Job.DONE, job.error
    assert job.params["revision"] == storuman.revision
    html = client.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert "Cycle-time distribution" in html and html.count("<svg") == 2
    assert fmt(job.result["cycle_time_hours"]["mean"]["value"], 1) in html


@pytest.mark.django_db
def test_viewers_cannot_start_simulations(home: Any, storuman: Any, client_for: Any) -> None:
    response = client_for(home.viewer).post(
        url("workbench:simulation", home, storuman),
        {"variant": "elevtransport/as-is", "cases": 100, "replications": 1, "seed": 0},
    )
    assert response.status_code == 403 and not Job.objects.exists()


def _log(tmp_path: Path) -> bytes:
    from verksam.simulation import simulate

    target = tmp_path / "log.csv"
    # Starts after the spring clock change: the simulator writes local wall times without an offset,
    # and the night of the change has an hour that does not exist in Swedish time.
    simulate(load_case(ROOT / "examples/storuman/case.yaml"), "elevtransport", "as-is", cases=60, seed=1,
             log=target, start=dt.datetime(2026, 4, 6, 0, 0))  # fmt: skip
    return target.read_bytes()


@pytest.mark.django_db(transaction=True)
def test_an_uploaded_log_gets_a_map_variants_and_conformance(
    home: Any, storuman: Any, client_for: Any, tmp_path: Path
) -> None:
    client = client_for(home.editor)
    upload = SimpleUploadedFile("elevtransport.csv", _log(tmp_path), content_type="text/csv")
    response = client.post(
        url("workbench:mining", home, storuman), {"file": upload, "variant": "elevtransport/as-is"}
    )
    assert response.status_code == 302
    run_worker()
    job = Job.objects.get(kind="mine-log")
    assert job.status == Job.DONE, job.error
    assert job.result["cases"] == 60 and job.result["conformance"]["fitness"] == pytest.approx(1.0)
    html = client.get(response["Location"]).content.decode()
    assert "Discovered process" in html and "Variants" in html and "Conformance" in html
    full = client.get(
        url("workbench:mining_map", home, storuman, job=job.pk),
        {"activities": 100},
        HTTP_HX_REQUEST="true",
    )
    reduced = client.get(
        url("workbench:mining_map", home, storuman, job=job.pk),
        {"activities": 10},
        HTTP_HX_REQUEST="true",
    )
    assert full.content.decode().count("<rect") > reduced.content.decode().count("<rect")


@pytest.mark.django_db(transaction=True)
def test_a_semicolon_log_with_unknown_column_names_asks_for_the_columns_in_words(
    home: Any, storuman: Any, client_for: Any, tmp_path: Path
) -> None:
    import polars as pl

    frame = pl.read_csv(io.BytesIO(_log(tmp_path))).select(
        pl.col("case").alias("Löpnummer"), pl.col("activity").alias("Steg"),
        pl.col("timestamp").alias("Klart"),
    )  # fmt: skip
    text = io.BytesIO()
    frame.write_csv(text, separator=";")  # as Excel saves CSV in Sweden and Norway
    client = client_for(home.editor)
    client.cookies["django_language"] = "sv"
    page = url("workbench:mining", home, storuman)
    upload = SimpleUploadedFile("export.csv", text.getvalue(), content_type="text/csv")
    asked = client.post(page, {"file": upload, "variant": "elevtransport/as-is"})
    html = asked.content.decode()
    assert asked.status_code == 200 and not Job.objects.exists()
    assert "Vi känner inte igen någon kolumn för ärende-id, aktivitet, tidpunkt" in html
    assert "--case" not in html and '<option value="Löpnummer">' in html
    done = client.post(
        page,
        {"pending": "1", "variant": "elevtransport/as-is", "case_column": "Löpnummer",
         "activity_column": "Steg", "timestamp_column": "Klart"},
    )  # fmt: skip
    assert done.status_code == 302
    run_worker()
    job = Job.objects.get(kind="mine-log")
    assert job.status == Job.DONE, job.error
    assert job.result["cases"] == 60 and job.result["source"] == "export.csv"


@pytest.mark.django_db
def test_a_log_that_is_too_large_is_refused(
    home: Any, storuman: Any, client_for: Any, settings: Any
) -> None:
    settings.MAX_UPLOAD_BYTES = 10
    upload = SimpleUploadedFile("log.csv", b"case,activity,timestamp\n" * 3)
    response = client_for(home.editor).post(
        url("workbench:mining", home, storuman), {"file": upload}
    )
    assert response.status_code == 200 and "too large" in response.content.decode()
    assert not Job.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_broken_log_fails_the_job_with_a_message(
    home: Any, storuman: Any, client_for: Any
) -> None:
    upload = SimpleUploadedFile("broken.csv", b"case,activity,timestamp\n1,a,not a time\n")
    client_for(home.editor).post(url("workbench:mining", home, storuman), {"file": upload})
    run_worker()
    job = Job.objects.get(kind="mine-log")
    assert job.status == Job.FAILED and job.error and "Traceback" not in job.error


@pytest.mark.django_db
def test_the_benefits_page_shows_the_npv_and_the_workbook_opens(
    home: Any, storuman: Any, client_for: Any
) -> None:
    from verksam.benefits import benefits_report

    client = client_for(home.viewer)
    html = client.get(url("workbench:benefits", home, storuman)).content.decode()
    report = benefits_report(load_case(ROOT / "examples/storuman/case.yaml"))
    assert fmt(report.npv, 0) in html and "<svg" in html
    response = client.get(url("workbench:benefits_workbook", home, storuman))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert (
        response["Content-Type"].startswith("application/vnd.openxmlformats")
        and len(book.sheetnames) > 3
    )
    assert json.dumps(book.sheetnames)
