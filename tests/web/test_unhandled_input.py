"""Input that used to crash a request (HTTP 500) is refused with a clear message: a number of more
than 4,300 digits, a file in another encoding than UTF-8, nesting deeper than Python's stack."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from verksam.web.cases.access import all_cases_of

pytestmark = pytest.mark.django_db
LONG = "9" * 5000
CASE_JSON = '{"id": "x", "name": "X",\n "settings": {"discount_rate": ' + LONG + "}}"


def test_a_case_file_with_a_5000_digit_number_is_refused_by_line(
    home: Any, client_for: Any
) -> None:
    upload = SimpleUploadedFile("long.json", CASE_JSON.encode())
    response = client_for(home.editor).post(
        reverse("cases:import", kwargs={"org": "home"}), {"file": upload}
    )
    page = response.content.decode()
    assert response.status_code == 400 and "5,000 digits" in page and "long.json:2:" in page
    assert all_cases_of(home.organisation).count() == 1


def test_the_api_refuses_long_numbers_in_a_case_file_and_in_an_operation(
    home: Any, token_for: Any
) -> None:
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token_for(home.editor, home.organisation)}")
    cases = "/api/v1/organisations/home/cases"
    imported = client.post(
        f"{cases}/import", {"filename": "long.json", "text": CASE_JSON},
        content_type="application/json",
    )  # fmt: skip
    assert imported.status_code == 400 and "5,000 digits" in imported.content.decode()
    body = '{"op": "change", "path": "name", "value": ' + LONG + ', "base": 1}'
    operation = client.post(
        f"{cases}/{home.case.slug}/operations", body, content_type="application/json"
    )
    assert operation.status_code == 400
    deep = client.post(
        f"{cases}/{home.case.slug}/operations", "[" * 100_000 + "]" * 100_000,
        content_type="application/json",
    )  # fmt: skip
    assert deep.status_code == 400


def test_an_edit_with_a_long_number_is_refused(home: Any, client_for: Any) -> None:
    response = client_for(home.editor).post(
        reverse("cases:edit", kwargs={"org": "home", "case": home.case.slug}),
        {"op": "change", "path": "name", "value": LONG, "base": 1},
        follow=True,
    )
    assert response.status_code == 200
    assert "The change was not saved" in response.content.decode() and "too many digits" in (
        response.content.decode()
    )
    home.case.refresh_from_db()
    assert home.case.revision == 1


def test_a_case_file_in_latin_1_is_refused_with_the_line(home: Any, client_for: Any) -> None:
    upload = SimpleUploadedFile("latin.yaml", "id: x\nname: Åsa\n".encode("latin-1"))
    response = client_for(home.editor).post(
        reverse("cases:import", kwargs={"org": "home"}), {"file": upload}
    )
    assert response.status_code in (200, 400) and "UTF-8" in response.content.decode()
