"""Pages read what a job computed once: the mining result page and the map sliders never read the
uploaded log again (each view used to re-read and re-analyse the whole log)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from verksam.formats import load_case
from verksam.web.cases.services import create_case
from verksam.web.jobs.models import Job

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db(transaction=True)
def test_the_mining_result_and_its_map_are_drawn_without_the_uploaded_log(
    home: Any, client_for: Any, settings: Any, tmp_path: Path, shared_data: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    case = create_case(
        home.organisation, home.owner, load_case(ROOT / "examples/storuman/case.yaml")
    )
    log = (shared_data / "pm4py" / "receipt.xes.gz").read_bytes()
    client = client_for(home.viewer)
    client_for(home.editor).post(
        reverse("workbench:mining", kwargs={"org": "home", "case": case.slug}),
        {"file": SimpleUploadedFile("receipt.xes.gz", log)},
    )
    call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*", "--no-reload",
                 verbosity=0)  # fmt: skip
    job = Job.objects.get(kind="mine-log")
    assert job.status == Job.DONE, job.error
    (tmp_path / job.params["file"]).unlink()  # the pages must not need it any more
    kwargs = {"org": "home", "case": case.slug, "job": job.pk}
    page = client.get(reverse("workbench:mining_result", kwargs=kwargs))
    assert page.status_code == 200 and "Confirmation of receipt" in page.content.decode()
    full, reduced = (
        client.get(reverse("workbench:mining_map", kwargs=kwargs), {"activities": level},
                   HTTP_HX_REQUEST="true").content.decode()
        for level in (100, 10)
    )  # fmt: skip
    assert full.count("<rect") > reduced.count("<rect") > 0


@pytest.mark.django_db
def test_a_variant_above_the_activity_limit_is_summarised_not_drawn_or_analysed(
    home: Any, client_for: Any, settings: Any
) -> None:
    from verksam.web.cases.services import import_file

    settings.MAX_MODEL_ACTIVITIES = 20
    tasks = "".join(
        f'<task id="t{i}" name="Step {i}"/>'
        f'<sequenceFlow id="f{i}" sourceRef="{"s" if i == 0 else f"t{i - 1}"}" targetRef="t{i}"/>'
        for i in range(30)
    )
    model = (
        '<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" '
        f'targetNamespace="x"><process id="p" name="Long"><startEvent id="s"/>{tasks}'
        '<endEvent id="e"/><sequenceFlow id="fe" sourceRef="t29" targetRef="e"/></process>'
        "</definitions>"
    )
    case, _notes = import_file(home.organisation, home.owner, model.encode(), "long.bpmn")
    client = client_for(home.viewer)
    kwargs = {"org": "home", "case": case.slug}
    page = client.get(reverse("cases:view", kwargs={**kwargs, "view": "processes"}))
    html = page.content.decode()
    assert page.status_code == 200 and "has 32 activities and events, more than the 20" in html
    assert "<svg" not in html.split("<main", 1)[1] and 'value="Step 29"' not in html
    analysis = client.get(reverse("workbench:analysis", kwargs=kwargs)).content.decode()
    assert "has 32 activities and events" in analysis and "FTE per role" not in analysis
