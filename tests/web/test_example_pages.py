"""Every view page and workbench page of every pilot case opens, for an editor and for a viewer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from verksam.formats import load_case
from verksam.web.cases.pages import PAGES
from verksam.web.cases.services import create_case

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
WORKBENCH = ["workbench:analysis", "workbench:simulation", "workbench:mining", "workbench:benefits"]


@pytest.mark.django_db
@pytest.mark.parametrize("example", ["bodo", "si", "sorsele", "storuman"])
def test_every_page_of_a_pilot_case_opens(home: Any, client_for: Any, example: str) -> None:
    case = create_case(
        home.organisation, home.owner, load_case(EXAMPLES / example / "case.yaml"), how="import"
    )
    base = {"org": home.organisation.slug, "case": case.slug}
    for role in ("editor", "viewer"):
        client = client_for(home.user(role))
        for page in PAGES:
            response = client.get(reverse("cases:view", kwargs={**base, "view": page.slug}))
            assert response.status_code == 200, (example, page.slug, role)
            assert ("hx-post" in response.content.decode()) == (
                role == "editor"
            ) or not page.present
        for name in WORKBENCH:
            assert client.get(reverse(name, kwargs=base)).status_code == 200, (example, name, role)
