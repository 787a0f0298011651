"""Publishing with "remove the organisation's name" leaves nothing that names the organisation:
not in the library pages, the copied case's pages and file, its ids, nor the experience notes
shown with it. Checked by searching everything rendered for the name, the address and e-mails."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from verksam.formats import load_case
from verksam.web.cases.pages import PAGES
from verksam.web.cases.services import create_case
from verksam.web.community.models import ExperienceNote, PublishedCase, TemplateUse
from verksam.web.community.services import anonymise, publish
from verksam.web.organisations.models import Membership, Organisation

pytestmark = pytest.mark.django_db
EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
TELLTALES = re.compile(r"sorsele|@sorsele\.se|[\w.+-]+@[\w-]+\.\w+", re.IGNORECASE)


@pytest.fixture
def sorsele(db: None) -> Any:
    """Sorsele kommun with its goal hierarchy (which holds the kommun@sorsele.se address) and an
    owner whose e-mail address names the municipality."""
    organisation = Organisation.objects.create(slug="sorsele", name="Sorsele kommun", country="SE")
    owner = User.objects.create_user("anna", "anna.berg@sorsele.se", "pw-secret-1")
    Membership.objects.create(organisation=organisation, user=owner, role="owner")
    case = create_case(
        organisation, owner, load_case(EXAMPLES / "sorsele" / "case.yaml", check=False)
    )
    return organisation, owner, case


def telltales(text: str) -> list[str]:
    return sorted({m.group(0).lower() for m in TELLTALES.finditer(text)})


def test_the_anonymised_document_names_the_organisation_nowhere_ids_included(sorsele) -> None:
    organisation, _owner, case = sorsele
    assert telltales(str(case.document))  # the case itself is full of them
    doc = anonymise(case.document, ["organisation"], [organisation.name], [organisation.slug])
    assert telltales(str(doc)) == []
    assert doc["id"] == "org-malhierarki"
    # references follow the renamed ids: the copy reads as the same case
    original = load_case(EXAMPLES / "sorsele" / "case.yaml", check=False)
    assert len(str(doc)) > 0.9 * len(str(original.model_dump(mode="json", exclude_none=True)))


def test_nothing_rendered_from_an_anonymous_entry_names_the_organisation(
    sorsele, home: Any, client_for: Any
) -> None:
    organisation, owner, case = sorsele
    ExperienceNote.objects.create(
        organisation=organisation, case=case, author=owner, published=True,
        title="Målen i Sorsele", what_changed="Sorsele kommuns mål fick indikatorer",
        what_it_gave="Svar från kommun@sorsele.se inom en dag", advice="Fråga Sorseles KS",
    )  # fmt: skip
    author = Client()
    author.force_login(owner)
    author.post(
        reverse("community:publish", kwargs={"org": "sorsele", "case": case.slug}),
        {"title": "Målhierarki i Sorsele", "summary": "Sorsele kommuns mål", "tags": "mål",
         "remove": ["organisation", "people"]},
    )  # fmt: skip
    published = PublishedCase.objects.get()
    assert published.anonymous
    reader = client_for(home.editor)
    pages = {
        "library": reader.get(reverse("community:library") + "?q=målhierarki"),
        "entry": reader.get(
            reverse("community:library_detail", kwargs={"published": published.pk})
        ),
    }
    entry = pages["entry"].content.decode()
    assert "fick indikatorer" in entry  # the note is there, scrubbed
    assert (
        f'href="{reverse("community:note", kwargs={"note": ExperienceNote.objects.get().pk})}"'
        not in entry
    )
    reader.post(
        reverse("community:use_template", kwargs={"org": "home", "published": published.pk})
    )
    copy = TemplateUse.objects.get().case
    base = {"org": "home", "case": copy.slug}
    pages["copy"] = reader.get(reverse("cases:detail", kwargs=base))
    pages["copy file"] = reader.get(reverse("cases:export", kwargs=base) + "?format=json")
    for page in PAGES:
        pages[page.slug] = reader.get(reverse("cases:view", kwargs={**base, "view": page.slug}))
    found = {}
    for name, response in pages.items():
        assert response.status_code == 200, name
        text = response.content.decode()
        found[name] = [t for t in telltales(text) if t not in (home.editor.email,)]
    assert found == {name: [] for name in pages}
    assert "sorsele" not in copy.slug and "sorsele" not in copy.document["id"]
    assert telltales(str(published.document)) == [] and telltales(published.search_text) == []


def test_a_named_note_does_not_link_to_the_anonymous_entry(
    sorsele, home: Any, client_for: Any
) -> None:
    organisation, owner, case = sorsele
    note = ExperienceNote.objects.create(
        organisation=organisation, case=case, author=owner, published=True,
        title="Mål", what_changed="Indikatorer", what_it_gave="Uppföljning",
    )  # fmt: skip
    published = publish(case, owner, title="Mål", remove=["organisation"])
    entry = reverse("community:library_detail", kwargs={"published": published.pk})
    page = reverse("community:note", kwargs={"note": note.pk})
    assert entry not in client_for(home.viewer).get(page).content.decode()
    member = Client()
    member.force_login(owner)
    assert entry in member.get(page).content.decode()  # its own members still find it
