"""The case library: publishing (with field-by-field anonymisation), browsing and searching,
withdrawing, using a published case as a template, and experience notes."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from verksam.formats import load_case
from verksam.model import Case as CaseModel
from verksam.web.cases.access import cases_of
from verksam.web.cases.services import create_case
from verksam.web.community.models import ExperienceNote, PublishedCase, TemplateUse
from verksam.web.community.services import anonymise, library, publish

pytestmark = pytest.mark.django_db
EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


@pytest.fixture
def si_case(other):  # type: ignore[no-untyped-def]
    """The SI benefits case (people as owners, costs, FTE) in the Norwegian organisation."""
    return create_case(
        other.organisation, other.owner, load_case(EXAMPLES / "si" / "case.yaml", check=False)
    )


@pytest.fixture
def storuman_case(home):  # type: ignore[no-untyped-def]
    return create_case(
        home.organisation, home.owner, load_case(EXAMPLES / "storuman" / "case.yaml", check=False)
    )


def test_anonymising_removes_exactly_the_chosen_kinds_of_information(si_case) -> None:
    original = si_case.document
    doc = anonymise(original, ["people", "costs", "fte"])
    roles = doc.get("structure", {}).get("roles", [])
    assert roles and all("fte" not in r and "cost_per_hour" not in r for r in roles)
    assert any("fte" in r for r in original["structure"]["roles"])
    owners = [b.get("owner", "") for b in doc["benefits"].get("benefits", [])]
    assert owners and not any(owners)
    assert any(b.get("owner") for b in original["benefits"]["benefits"])
    assert all(c["amount"] == 0 for c in doc["benefits"].get("costs", []))
    # what was not chosen stays: volumes and descriptions
    volumes = [v.get("volume_per_year") for p in doc["processes"] for v in p["variants"]]
    assert any(volumes)
    assert doc["organisation"] == original["organisation"]
    # the copy is still a valid case, and the original is untouched
    CaseModel.model_validate(doc)
    assert any(b.get("owner") for b in si_case.document["benefits"]["benefits"])


def test_anonymising_volumes_organisation_and_descriptions(storuman_case) -> None:
    doc = anonymise(storuman_case.document, ["volumes", "organisation", "descriptions"])
    assert all("volume_per_year" not in v for p in doc["processes"] for v in p["variants"])
    assert doc.get("organisation", "") == ""
    assert "description" not in doc or doc["description"] == ""
    assert storuman_case.document.get("description")


def test_publishing_through_the_page_and_finding_it_by_words_type_country_and_tag(
    storuman_case, si_case, client_for, home
) -> None:
    page = reverse("community:publish", kwargs={"org": "home", "case": storuman_case.slug})
    response = client_for(home.editor).post(
        page,
        {"title": "Skolskjuts i Storuman", "summary": "Beställning av elevtransport",
         "tags": "Skola, transport", "remove": ["people", "costs"]},
    )  # fmt: skip
    published = PublishedCase.objects.get()
    assert response["Location"] == reverse(
        "community:library_detail", kwargs={"published": published.pk}
    )
    assert published.removed == ["people", "costs"] and published.country == "SE"
    assert published.tags == ["skola", "transport"]
    assert "elevtransport" in published.categories
    other_pub = publish(
        si_case, si_case.organisation.memberships.first().user, title="Henvendelser"
    )
    assert list(library("skolskjuts")) == [published]
    assert list(library("STORUMAN elevtransport")) == [published]
    assert list(library(category="elevtransport")) == [published]
    assert list(library(country="NO")) == [other_pub]
    assert list(library(tag="skola")) == [published]
    assert list(library(tag="sko")) == []  # tags match whole
    assert set(library()) == {published, other_pub}
    # the search page shows the same
    text = client_for(home.viewer).get(reverse("community:library"), {"q": "skolskjuts"})
    assert "Skolskjuts i Storuman" in text.content.decode()
    assert "Henvendelser" not in text.content.decode()


def test_unpublished_and_withdrawn_cases_never_appear(
    storuman_case, client_for, home, other
) -> None:
    outsider = client_for(other.viewer)
    assert storuman_case.name not in outsider.get(reverse("community:library")).content.decode()
    published = publish(storuman_case, home.owner, title="Synlig skolskjuts")
    assert "Synlig skolskjuts" in outsider.get(reverse("community:library")).content.decode()
    detail = reverse("community:library_detail", kwargs={"published": published.pk})
    assert outsider.get(detail).status_code == 200
    # another organisation cannot withdraw it
    withdraw_other = reverse(
        "community:withdraw", kwargs={"org": "other", "published": published.pk}
    )
    assert client_for(other.owner).post(withdraw_other).status_code == 404
    client_for(home.editor).post(
        reverse("community:withdraw", kwargs={"org": "home", "published": published.pk})
    )
    assert "Synlig skolskjuts" not in outsider.get(reverse("community:library")).content.decode()
    assert outsider.get(detail).status_code == 404
    assert list(library("skolskjuts")) == []


def test_the_published_copy_shows_no_removed_figures(si_case, client_for, home, other) -> None:
    original_cost = si_case.document["structure"]["roles"][0]["cost_per_hour"]
    published = publish(si_case, other.owner, title="SI", remove=["costs", "organisation"])
    page = client_for(home.viewer).get(
        reverse("community:library_detail", kwargs={"published": published.pk})
    )
    text = page.content.decode()
    assert "Statens innkrevingssentral" not in text
    assert published.anonymous
    assert "cost_per_hour" not in published.document["structure"]["roles"][0]
    assert original_cost


def test_use_as_template_copies_into_the_own_organisation_with_a_link_back(
    si_case, client_for, home
) -> None:
    published = publish(si_case, si_case.organisation.memberships.first().user, title="SI mall")
    before = cases_of(home.organisation).count()
    response = client_for(home.editor).post(
        reverse("community:use_template", kwargs={"org": "home", "published": published.pk})
    )
    assert cases_of(home.organisation).count() == before + 1
    copy = TemplateUse.objects.get().case
    assert copy.organisation == home.organisation
    assert response["Location"] == reverse(
        "cases:detail", kwargs={"org": "home", "case": copy.slug}
    )
    assert copy.revisions.get().operation == {"op": "template"}
    page = client_for(home.viewer).get(
        reverse("community:case_comments", kwargs={"org": "home", "case": copy.slug})
    )
    assert (
        reverse("community:library_detail", kwargs={"published": published.pk})
        in page.content.decode()
    )
    # a viewer may not copy
    assert (
        client_for(home.viewer)
        .post(reverse("community:use_template", kwargs={"org": "home", "published": published.pk}))
        .status_code
        == 403
    )


def test_experience_notes_are_private_until_published(
    storuman_case, client_for, home, other
) -> None:
    create = reverse("community:note_create", kwargs={"org": "home", "case": storuman_case.slug})
    client_for(home.editor).post(
        create,
        {"title": "Digital ansökan", "what_changed": "Blankett på webben",
         "what_it_gave": "Halverad handläggningstid", "advice": "Börja med nuläget"},
    )  # fmt: skip
    note = ExperienceNote.objects.get()
    page = reverse("community:note", kwargs={"note": note.pk})
    assert client_for(home.viewer).get(page).status_code == 200
    assert client_for(other.viewer).get(page).status_code == 404
    edit = reverse("community:note_edit", kwargs={"org": "home", "note": note.pk})
    client_for(home.editor).post(
        edit,
        {"title": "Digital ansökan", "what_changed": "Blankett på webben",
         "what_it_gave": "Halverad handläggningstid", "published": "on"},
    )  # fmt: skip
    response = client_for(other.viewer).get(page)
    assert response.status_code == 200 and "Halverad handläggningstid" in response.content.decode()
    # published notes are what course participants read first
    assert (
        "Digital ansökan"
        in client_for(other.viewer).get(reverse("community:library")).content.decode()
    )
    assert (
        client_for(other.owner)
        .post(reverse("community:note_edit", kwargs={"org": "other", "note": note.pk}), {})
        .status_code
        == 404
    )
