"""An edit the case model refuses is explained by the element's name and in the reader's
language: no paths, ids or pydantic English on the page."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _first_step(document: dict[str, Any]) -> tuple[str, str]:
    process = document["processes"][0]
    variant = process["variants"][0]
    node = next(n for n in variant["nodes"] if n.get("type", "task") == "task")
    path = f"processes/{process['id']}/variants/{variant['id']}/nodes/{node['id']}"
    return path, node["name"]


def _edit(client: Any, slug: str, path: str, value: str, language: str) -> str:
    response = client.post(
        reverse("cases:edit", kwargs={"org": "home", "case": slug}),
        {"op": "change", "path": path, "value": value, "base": 1},
        follow=True,
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 200
    return str(response.content.decode())


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("sv", "måste vara minst 0"),
        ("nb", "må være minst 0"),
        ("en", "must be at least 0"),
    ],
)
def test_a_negative_time_is_refused_naming_the_step(
    home: Any, client_for: Any, language: str, expected: str
) -> None:
    path, name = _first_step(home.case.document)
    page = _edit(client_for(home.editor), home.case.slug, f"{path}/touch_minutes", "-4", language)
    assert expected in page and name in page
    assert "Input should" not in page and "touch_minutes" not in page and path not in page
    home.case.refresh_from_db()
    assert home.case.revision == 1


def test_an_edit_of_a_removed_step_says_what_happened_in_words(home: Any, client_for: Any) -> None:
    path, _name = _first_step(home.case.document)
    gone = path.rsplit("/", 1)[0] + "/no-such-step/name"
    page = _edit(client_for(home.editor), home.case.slug, gone, '"X"', "sv")
    assert "finns inte längre i ärendet" in page
    assert "no-such-step" not in page and "there is no" not in page
