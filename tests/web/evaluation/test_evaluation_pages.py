"""The evaluation pages: the Storuman ranking with fit, NPV and cost side by side, the sensitivity
in Swedish words, the score grid saving changed cells as one revision (and refusing a bad one,
saving nothing), requirements and candidates added and removed through forms, the requirements
as XLSX, and the evaluation section of the case report's PDF."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from verksam.formats import load_case
from verksam.web.cases.services import create_case, model_of

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


@pytest.fixture
def storuman(home: Any) -> Any:
    return create_case(
        home.organisation, home.owner, load_case(EXAMPLES / "storuman" / "case.yaml"), how="import"
    )


def url(home: Any, case: Any, name: str, **extra: str) -> str:
    return reverse(
        f"evaluation:{name}", kwargs={"org": home.organisation.slug, "case": case.slug, **extra}
    )


def form_values(html: str) -> dict[str, str]:
    """What a browser sends for the page's element form as it is shown (inputs, selects, text)."""
    from html.parser import HTMLParser

    values: dict[str, str] = {}

    class Reader(HTMLParser):
        select = ""
        textarea = ""
        inside = False

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            a = {k: v or "" for k, v in attrs}
            if tag == "form":
                self.inside = "element-form" in a.get("class", "").split()
            if not self.inside or (tag == "input" and not a.get("name")):
                return
            if (tag == "input" and a.get("type") not in ("radio", "checkbox")) or (
                tag == "input" and "checked" in a
            ):
                values.setdefault(a["name"], a.get("value", ""))
            elif tag == "select":
                self.select = a.get("name", "")
            elif tag == "option" and self.select and "selected" in a:
                values[self.select] = a.get("value", "")
            elif tag == "textarea":
                self.textarea = a.get("name", "")
                values.setdefault(self.textarea, "")

        def handle_endtag(self, tag: str) -> None:
            if tag == "select":
                self.select = ""
            if tag == "textarea":
                self.textarea = ""

        def handle_data(self, data: str) -> None:
            if self.textarea:
                values[self.textarea] += data.strip()

    Reader().feed(html)
    return values


def text_of(response: Any) -> str:
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("\u00a0", " ").split())


@pytest.mark.django_db
def test_the_ranking_page_shows_fit_benefit_cost_and_sensitivity_in_swedish(
    home: Any, client_for: Any, storuman: Any
) -> None:
    client = client_for(home.viewer)
    client.cookies["django_language"] = "sv"
    response = client.get(url(home, storuman, "page"), HTTP_ACCEPT_LANGUAGE="sv")
    assert response.status_code == 200
    text = text_of(response)
    assert "Utvärdering av lösningar" in text
    assert "Köpa ett skolskjutssystem (system A) kommer först." in text
    # rank, name, fit; NPV and investment of its benefits alternative
    assert re.search(r"1 Köpa ett skolskjutssystem \(system A\) Köpa ett system 85 %", text)
    assert "1 512 292" in text and "180 000" in text
    assert "Uppfyller inte: Vårdnadshavare kan ansöka" in text
    assert (
        "Vikten för kriteriet ”Funktion” kan sänkas från 3 till 1,75 (−42 %) innan Utveckla en "
        "egen lösning går före Köpa ett skolskjutssystem (system A)"
    ) in text
    assert 'role="img"' in response.content.decode()  # the chart, with the table beside it
    assert "kopa-system" not in text and "krav-" not in text  # no ids on the page


@pytest.mark.django_db
def test_the_score_grid_saves_changed_cells_as_one_revision(
    home: Any, client_for: Any, storuman: Any
) -> None:
    client = client_for(home.editor)
    grid = client.get(url(home, storuman, "scores"))
    assert grid.status_code == 200
    fields = dict(re.findall(r'name="([spwc]\|[^"]+)" value="([^"]*)"', grid.content.decode()))
    assert fields["s|egen-losning|krav-bestallningsportal"] == "4"
    before = storuman.revision
    fields["s|egen-losning|krav-bestallningsportal"] = "5"  # Egen: 136 + 6 = 142 > Köpa's 141
    fields["w|krav-forvaltning"] = "1,5"
    fields["s|gora-ingenting|krav-fakturamatchning"] = ""
    response = client.post(
        url(home, storuman, "scores"), {**fields, "base": before, "p|krav-forvaltning": "should"}
    )
    assert response.status_code == 302
    storuman.refresh_from_db()
    assert storuman.revision == before + 1
    model = model_of(storuman)
    assert model.evaluation is not None
    egen = next(c for c in model.evaluation.candidates if c.id == "egen-losning")
    assert egen.scores["krav-bestallningsportal"].score == 5
    assert "krav-fakturamatchning" not in model.evaluation.candidates[3].scores
    assert model.evaluation.requirement("krav-forvaltning").weight == 1.5
    # a note kept when its score changes
    fields = {"s|kopa-system|krav-dataskydd": "4", "base": str(storuman.revision)}
    client.post(url(home, storuman, "scores"), fields)
    storuman.refresh_from_db()
    kopa = model_of(storuman).evaluation.candidates[0]  # type: ignore[union-attr]
    assert kopa.scores["krav-dataskydd"].score == 4
    assert kopa.scores["krav-dataskydd"].note.startswith("Drift i EU")
    page = text_of(client.get(url(home, storuman, "page")))
    assert "Utveckla en egen lösning comes first." in page


@pytest.mark.django_db
def test_a_score_above_the_scale_saves_nothing_and_names_the_cell(
    home: Any, client_for: Any, storuman: Any
) -> None:
    client = client_for(home.editor)
    before = storuman.revision
    response = client.post(
        url(home, storuman, "scores"),
        {"s|kopa-system|krav-e-ansokan": "4", "s|egen-losning|krav-dataskydd": "7",
         "base": before},
        follow=True,
    )  # fmt: skip
    storuman.refresh_from_db()
    assert storuman.revision == before
    assert "Utveckla en egen lösning – Personuppgifter behandlas" in text_of(response)


@pytest.mark.django_db
def test_requirements_and_candidates_are_added_changed_and_removed(
    home: Any, client_for: Any, storuman: Any
) -> None:
    client = client_for(home.editor)
    new = url(home, storuman, "new", kind="requirements")
    form = client.get(new)
    assert form.status_code == 200 and "Snabbt beslut om skolskjuts" in form.content.decode()
    response = client.post(new, {
        "name": "Beslut kan skickas till Mina meddelanden", "priority": "must", "weight": "2",
        "criterion": "funktion", "goals": ["snabbt-beslut"],
        "steps": ["elevtransport/meddela-beslut"], "base": storuman.revision,
    })  # fmt: skip
    assert response.status_code == 302
    storuman.refresh_from_db()
    ev = model_of(storuman).evaluation
    assert ev is not None
    added = ev.requirements[-1]
    assert (added.id, added.priority, added.criterion) == (
        "krav-beslut-kan-skickas-till-mina-meddelanden", "must", "funktion",
    )  # fmt: skip
    assert added.steps[0].step == "meddela-beslut"
    # a new candidate, linked to a variant and an alternative
    client.post(url(home, storuman, "new", kind="candidates"), {
        "name": "Köpa system C", "kind": "buy", "variant": "elevtransport/to-be",
        "alternative": "alt-kopa-system", "base": storuman.revision,
    })  # fmt: skip
    storuman.refresh_from_db()
    cand = model_of(storuman).evaluation.candidates[-1]  # type: ignore[union-attr]
    assert (cand.process, cand.variant, cand.alternative) == (
        "elevtransport", "to-be", "alt-kopa-system",
    )  # fmt: skip
    # removing a requirement removes its scores
    client.post(
        url(home, storuman, "element", kind="requirements", ident="krav-forvaltning"),
        {"remove": "1", "base": storuman.revision},
    )
    storuman.refresh_from_db()
    ev = model_of(storuman).evaluation
    assert ev is not None
    assert "krav-forvaltning" not in {r.id for r in ev.requirements}
    assert all("krav-forvaltning" not in c.scores for c in ev.candidates)
    # changing a candidate's name on its page (sent as shown) keeps its scores and reasons
    address = url(home, storuman, "element", kind="candidates", ident="kopa-system")
    shown = form_values(client.get(address).content.decode())
    client.post(address, {**shown, "name": "Köpa system A", "base": storuman.revision})
    storuman.refresh_from_db()
    kopa = model_of(storuman).evaluation.candidates[0]  # type: ignore[union-attr]
    assert kopa.scores["krav-dataskydd"].note.startswith("Drift i EU")
    assert kopa.name == "Köpa system A" and kopa.scores["krav-e-ansokan"].score == 5


@pytest.mark.django_db
def test_an_evaluation_is_started_on_a_case_without_one(home: Any, client_for: Any) -> None:
    case = create_case(
        home.organisation, home.owner, load_case(EXAMPLES / "sorsele" / "case.yaml"), how="import"
    )
    client = client_for(home.editor)
    page = client.get(url(home, case, "page"))
    assert b"evaluation/start/" in page.content
    response = client.post(url(home, case, "start"), {"name": "Val av e-tjänsteplattform"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert model_of(case).evaluation is not None
    assert model_of(case).evaluation.name == "Val av e-tjänsteplattform"  # type: ignore[union-attr]
    # a viewer sees the page but no form
    assert b"evaluation/start/" not in client_for(home.viewer).get(url(home, case, "page")).content


@pytest.mark.django_db
def test_the_requirements_download_reads_back(home: Any, client_for: Any, storuman: Any) -> None:
    response = client_for(home.viewer).get(url(home, storuman, "xlsx"))
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws["B3"].value == "Krav"
    names = [row[1].value for row in ws.iter_rows(min_row=4)]
    assert names[0] == "Vårdnadshavare kan ansöka och komplettera digitalt med e-legitimation"
    assert len(names) == 7


@pytest.mark.django_db(transaction=True)  # the worker sees committed jobs only
def test_the_report_pdf_has_the_evaluation_with_its_ranking(
    home: Any, client_for: Any, storuman: Any
) -> None:
    from django.core.management import call_command

    from verksam.web.jobs.models import Job

    client = client_for(home.viewer)
    started = client.get(
        reverse("report:pdf", kwargs={"org": home.organisation.slug, "case": storuman.slug})
    )
    assert started.status_code == 302  # the PDF is made by a background job
    call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*", "--no-reload",
                 verbosity=0)  # fmt: skip
    job = Job.objects.get(case=storuman, kind="report-pdf")
    assert job.status == Job.DONE, job.error
    download = reverse("jobs:download", kwargs={"org": home.organisation.slug, "job": job.pk})
    content = b"".join(client.get(download).streaming_content)
    reader = PdfReader(io.BytesIO(content))
    text = " ".join(
        " ".join(page.extract_text().replace("\u00a0", " ").split()) for page in reader.pages
    )
    assert "Utvärdering av lösningar" in text
    assert "Köpa ett skolskjutssystem (system A) kommer först." in text
    ranking = [text.index(name) for name in (
        "1 Köpa ett skolskjutssystem (system A)", "2 Utveckla en egen lösning",
        "3 Bygga ut kommunens e-",  # the PDF breaks the line at the hyphen
    )]  # fmt: skip
    assert ranking == sorted(ranking)
    assert "innan Utveckla en egen lösning går före" in text


@pytest.mark.django_db
def test_two_editors_scoring_different_cells_on_the_same_grid_both_keep_their_scores(
    home: Any, client_for: Any, storuman: Any
) -> None:
    first, second = client_for(home.editor), client_for(home.owner)
    shown = storuman.revision  # both load the grid at this revision
    grid = first.get(url(home, storuman, "scores")).content.decode()
    fields = dict(re.findall(r'name="([spwc]\|[^"]+)" value="([^"]*)"', grid))
    second.post(url(home, storuman, "scores"),
                {**fields, "s|kopa-system|krav-forvaltning": "3", "base": shown})  # fmt: skip
    # the first editor's grid still shows 2 for that cell; sending it back is not a change
    response = first.post(url(home, storuman, "scores"),
                          {**fields, "s|egen-losning|krav-forvaltning": "5", "base": shown})  # fmt: skip
    assert response.status_code == 302
    storuman.refresh_from_db()
    assert storuman.revision == shown + 2
    ev = model_of(storuman).evaluation
    assert ev is not None
    scores = {c.id: c.scores["krav-forvaltning"].score for c in ev.candidates}
    assert scores["kopa-system"] == 3 and scores["egen-losning"] == 5
    # the same cell changed by both: the later save is refused, nothing of it saved
    shown = storuman.revision
    second.post(url(home, storuman, "scores"),
                {"s|bygga-ut-plattform|krav-forvaltning": "4", "base": shown})  # fmt: skip
    response = first.post(
        url(home, storuman, "scores"),
        {"s|bygga-ut-plattform|krav-forvaltning": "1", "s|kopa-system|krav-e-ansokan": "4",
         "base": shown},
        follow=True,
    )  # fmt: skip
    assert "Someone else changed the same scores" in text_of(response)
    storuman.refresh_from_db()
    ev = model_of(storuman).evaluation
    assert ev is not None
    assert ev.candidates[0].scores["krav-e-ansokan"].score == 5
    assert (
        next(c for c in ev.candidates if c.id == "bygga-ut-plattform")
        .scores["krav-forvaltning"]
        .score
        == 4
    )


@pytest.mark.django_db
def test_a_candidates_page_holds_its_scores_with_their_reasons(
    home: Any, client_for: Any, storuman: Any
) -> None:
    client = client_for(home.editor)
    address = url(home, storuman, "element", kind="candidates", ident="bygga-ut-plattform")
    form = client.get(address).content.decode()
    assert "Avståndet måste beräknas i en separat tjänst." in form  # a reason, shown to edit
    fields = {
        "name": "Bygga ut kommunens e-tjänsteplattform (system B)", "kind": "extend",
        "variant": "elevtransport/to-be-e-tjanst", "alternative": "alt-bygga-ut-plattform",
        "score|krav-bestallningsportal": "2",
        "note|krav-bestallningsportal": "En enkel portal kan byggas i plattformen.",
        "score|krav-automatisk-kontroll": "3",
        "note|krav-automatisk-kontroll": "Avståndet måste beräknas i en separat tjänst.",
        "base": storuman.revision,
    }  # fmt: skip
    assert client.post(address, fields).status_code == 302
    storuman.refresh_from_db()
    cand = next(c for c in model_of(storuman).evaluation.candidates  # type: ignore[union-attr]
                if c.id == "bygga-ut-plattform")  # fmt: skip
    assert cand.scores["krav-bestallningsportal"].score == 2
    assert cand.scores["krav-bestallningsportal"].note.startswith("En enkel portal")
    # left empty on the form: not scored any more
    assert "krav-forvaltning" not in cand.scores
    # a score above the scale is refused, nothing saved
    before = storuman.revision
    response = client.post(address, {**fields, "score|krav-dataskydd": "9", "base": before})
    assert response.status_code == 200
    storuman.refresh_from_db()
    assert storuman.revision == before


@pytest.mark.django_db
def test_the_scale_cannot_fall_below_a_given_score(
    home: Any, client_for: Any, storuman: Any
) -> None:
    client = client_for(home.editor)
    address = url(home, storuman, "settings")
    fields = {"name": "Val av lösning", "description": "", "scale_max": "4", "must_pass": "3",
              "base": storuman.revision}  # fmt: skip
    response = client.post(address, fields)
    assert response.status_code == 200  # Köpa scores 5 on the e-service: the form says so
    assert "Köpa ett skolskjutssystem (system A) – Vårdnadshavare kan ansöka" in text_of(response)
    response = client.post(address, {**fields, "scale_max": "10", "must_pass": "6"})
    assert response.status_code == 302
    storuman.refresh_from_db()
    ev = model_of(storuman).evaluation
    assert ev is not None and (ev.scale_max, ev.must_pass, ev.name) == (10, 6, "Val av lösning")
    # with the pass mark at 6, every candidate fails a must-requirement
    page = text_of(client.get(url(home, storuman, "page")))
    assert "No candidate meets every must-requirement." in page


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "word"), [("sv", "Poäng"), ("nb", "Poeng")])
def test_a_candidates_scores_are_headed_score_not_the_courses_value(
    home: Any, client_for: Any, storuman: Any, language: str, word: str
) -> None:
    """The courses' "Score" (a rubric's value, "Värde") once won over the evaluation's."""
    client = client_for(home.editor)
    client.cookies["django_language"] = language
    address = url(home, storuman, "element", kind="candidates", ident="kopa-system")
    html = client.get(address).content.decode()
    assert f'<th scope="col" class="number">{word}</th>' in html
