"""The case report: the PDF of each pilot case, read back as text, has its headings in the case's
language, page numbers, a table of contents and the key figures; the print-friendly page shows the
same report; every page of the site prints without navigation, forms or buttons."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from pypdf import PdfReader

from verksam.formats import load_case
from verksam.web.cases.services import create_case

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"

# headings in the case's language, and figures the pilot's own documents give
PILOTS = {
    "si": ["Visjon og mål", "Prosesser", "Gevinster og nåverdi", "Godkjenningsstatus",
           "Innhold", "Årsverk: totalt 67,39 46,89 -20,50", "budsjettvirkning 20,50 10 045 441",
           "Netto nåverdi 48 766 562 NOK", "Simulering", "Kort kjøring laget for denne rapporten",
           "Flere henvendelser løses digitalt", "Tjenesteerklæring"],
    "bodo": ["Visjon og mål", "Prosesser", "Godkjenningsstatus", "Behandle søknad om byggetillatelse"],
    "sorsele": ["Vision och mål", "Processer", "Godkännandestatus", "Innehåll", "Indikatorer",
                "Enkla e-postfrågor besvaras inom en arbetsdag", "Mål 90"],
    "storuman": ["Vision och mål", "Processer", "Nytta och nuvärde", "Godkännandestatus"],
}  # fmt: skip


def make_pdf(client: Any, org: str, case: Any) -> bytes:
    """Ask for the PDF as a user does: the request starts the job and shows its page; a worker
    makes the PDF; the job's page offers it for download."""
    from django.core.management import call_command

    from verksam.web.jobs.models import Job

    started = client.get(reverse("report:pdf", kwargs={"org": org, "case": case.slug}))
    assert started.status_code == 302, started.content
    job = Job.objects.get(case=case, kind="report-pdf")
    assert started["Location"] == reverse("jobs:detail", kwargs={"org": org, "job": job.pk})
    call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*", "--no-reload",
                 verbosity=0)  # fmt: skip
    job.refresh_from_db()
    assert job.status == Job.DONE, job.error
    page = client.get(started["Location"]).content.decode()
    download = reverse("jobs:download", kwargs={"org": org, "job": job.pk})
    assert download in page
    response = client.get(download)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content)


def pdf_text(content: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    # numbers are grouped with no-break spaces in sv/nb
    return len(reader.pages), text.replace("\u00a0", " ").replace("\u202f", " ")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("example", sorted(PILOTS))
def test_the_pdf_report_of_a_pilot_case_has_its_headings_and_key_figures(
    home: Any, client_for: Any, example: str
) -> None:
    case = create_case(
        home.organisation, home.owner, load_case(EXAMPLES / example / "case.yaml"), how="import"
    )
    pages, text = pdf_text(make_pdf(client_for(home.viewer), home.organisation.slug, case))
    assert pages > 3
    for expected in PILOTS[example]:
        assert expected in text, (example, expected)
    word = "Sida" if example in ("sorsele", "storuman") else "Side"
    assert f"{word} 2 / {pages}" in text  # page numbers in the case's language
    assert case.name in text


@pytest.mark.django_db(transaction=True)
def test_the_table_of_contents_gives_the_page_of_each_section(home: Any, client_for: Any) -> None:
    import re

    case = create_case(
        home.organisation, home.owner, load_case(EXAMPLES / "si" / "case.yaml"), how="import"
    )
    content = make_pdf(client_for(home.owner), home.organisation.slug, case)
    pages, text = pdf_text(content)
    contents = text.split("Innhold", 1)[1][:2000]
    found = dict(re.findall(r"(Gevinster og nåverdi|Godkjenningsstatus) \.+ (\d+)", contents))
    assert set(found) == {"Gevinster og nåverdi", "Godkjenningsstatus"}
    benefits, approval = int(found["Gevinster og nåverdi"]), int(found["Godkjenningsstatus"])
    assert 2 < benefits < approval <= pages
    # the page the contents name is the page the section starts on
    reader = PdfReader(io.BytesIO(content))
    assert "Gevinster og nåverdi" in reader.pages[benefits - 1].extract_text()


@pytest.mark.django_db
def test_the_print_friendly_report_is_in_the_case_language_whatever_the_users(
    home: Any, client_for: Any
) -> None:
    case = create_case(
        home.organisation, home.owner, load_case(EXAMPLES / "storuman" / "case.yaml"), how="import"
    )
    client = client_for(home.viewer)
    client.cookies["django_language"] = "en"
    url = reverse("report:page", kwargs={"org": home.organisation.slug, "case": case.slug})
    html = client.get(url).content.decode()
    assert '<html lang="sv">' in html
    for heading in ("Vision och mål", "Processer", "Nytta och nuvärde", "Godkännandestatus"):
        assert heading in html
    assert reverse("report:pdf", kwargs={"org": "home", "case": case.slug}) in html
    assert "<svg" in html  # the swimlanes


@pytest.mark.django_db
def test_every_page_prints_without_navigation_forms_or_buttons(home: Any, client_for: Any) -> None:
    from django.contrib.staticfiles import finders

    html = client_for(home.editor).get(reverse("cases:list", kwargs={"org": "home"})).content
    assert b'verksam/print.css" media="print"' in html
    found = finders.find("verksam/print.css")
    assert isinstance(found, str)
    rule = Path(found).read_text().split("{", 1)
    hidden = {s.strip() for s in rule[0].split("*/")[-1].split(",")}
    assert {".site-header", "nav", "form", "button", ".site-footer"} <= hidden
    assert "display: none" in rule[1].split("}", 1)[0]


@pytest.mark.django_db
def test_the_report_page_shows_the_kept_simulation_with_its_date_and_never_simulates(
    home: Any, client_for: Any
) -> None:
    import datetime as dt

    from django.utils import timezone

    from verksam.web.jobs.models import Job

    case = create_case(
        home.organisation, home.owner, load_case(EXAMPLES / "si" / "case.yaml"), how="import"
    )
    e = {"value": 29.6, "low": 28.0, "high": 31.2}
    result = {"cycle_time_hours": {"mean": e, "p90": e}, "touch_hours": e, "queue_wait_hours": e,
              "external_wait_hours": e, "throughput_per_day": e, "wip_mean": e}  # fmt: skip
    Job.objects.create(
        organisation=home.organisation, case=case, kind="simulate", status=Job.DONE,
        params={"process": "henvendelse", "variant": "to-be", "revision": case.revision,
                "cases": 1000, "replications": 5, "seed": 3},
        result=result, finished_at=timezone.make_aware(dt.datetime(2026, 11, 30, 12)),
    )  # fmt: skip
    url = reverse("report:page", kwargs={"org": home.organisation.slug, "case": case.slug})
    html = client_for(home.viewer).get(url).content.decode()
    assert "Kjøring 30. november 2026 på versjon 1: 1000 saker × 5 kjøringer" in html
    assert "29,6" in html and "28,0 – 31,2" in html
    assert "Ikke simulert ennå:" in html and "Kort kjøring" not in html
    assert 'href="#simulation"' in html


@pytest.mark.django_db
def test_the_key_figures_count_cases_in_whole_numbers_and_no_change_reads_minus_zero(
    home: Any, client_for: Any
) -> None:
    """Seen in review: "Ärenden per år 260,00" and a flow efficiency changed by "-0,0 %"."""
    import re

    case = create_case(
        home.organisation, home.owner, load_case(EXAMPLES / "storuman" / "case.yaml"), how="import"
    )
    client = client_for(home.viewer)
    url = reverse("report:page", kwargs={"org": home.organisation.slug, "case": case.slug})
    html = client.get(url).content.decode()
    assert re.search(r"Ärenden per år</td><td class=\"number\">260</td>", html)
    assert not re.search(r">-0(,0+)?( %)?<", html)
