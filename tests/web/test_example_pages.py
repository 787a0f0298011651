"""Every view page and workbench page of every pilot case opens, for an editor and for a viewer."""

from __future__ import annotations

import json
import re
from html import unescape
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


@pytest.mark.django_db
@pytest.mark.parametrize("example", ["bodo", "storuman"])
def test_every_kind_of_cell_saves_or_explains_itself(
    home: Any, client_for: Any, example: str
) -> None:
    """Each distinct editor control of each view page, posted with a plain value, is saved (200) or
    refused with a message (400): never a server error."""
    case = create_case(
        home.organisation, home.owner, load_case(EXAMPLES / example / "case.yaml"), how="import"
    )
    client = client_for(home.editor)
    base = {"org": home.organisation.slug, "case": case.slug}
    statuses = []
    for page in PAGES:
        html = client.get(
            reverse("cases:view", kwargs={**base, "view": page.slug})
        ).content.decode()
        seen = set()
        for match in re.finditer(r"hx-vals='([^']*)'", html):
            vals = json.loads(unescape(match.group(1)))
            key = (
                vals.get("action"),
                vals.get("table") or vals.get("record"),
                vals.get("column"),
                vals.get("what"),
            )
            if key in seen:
                continue
            seen.add(key)
            case.refresh_from_db()
            value = {"field": "1", "flow-change": "0,5"}.get(vals["action"], "")
            data = {**vals, "base": case.revision, "value": value, "target": "end"}
            url = reverse("cases:editor", kwargs={**base, "view": page.slug})
            statuses.append(client.post(url, data, HTTP_HX_REQUEST="true").status_code)
    assert statuses and set(statuses) <= {200, 400}
    assert statuses.count(200) > statuses.count(400)
