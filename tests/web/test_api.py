"""The JSON API: tokens, cases, edit operations with conflicts, revisions, problems, OpenAPI."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from verksam.web.api.models import ApiToken

pytestmark = pytest.mark.django_db
NODES = "processes/process/variants/as-is/nodes"


def api(token: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def base(tenant: Any) -> str:
    return f"/api/v1/organisations/{tenant.organisation.slug}/cases"


def test_list_and_read_cases(home: Any, token_for: Any) -> None:
    client = api(token_for(home.viewer, home.organisation))
    listed = client.get(base(home)).json()
    assert [c["slug"] for c in listed] == [home.case.slug]
    detail = client.get(f"{base(home)}/{home.case.slug}").json()
    assert detail["document"] == home.case.document and detail["revision"] == 1


def test_create_import_and_delete(home: Any, token_for: Any) -> None:
    client = api(token_for(home.editor, home.organisation))
    created = client.post(
        base(home), {"name": "Via API", "template": "starter"}, content_type="application/json"
    )
    assert created.status_code == 201 and created.json()["document"]["processes"]
    text = "id: imported\nname: Imported\n"
    imported = client.post(
        f"{base(home)}/import",
        {"filename": "x.yaml", "text": text},
        content_type="application/json",
    )
    assert imported.status_code == 201 and imported.json()["name"] == "Imported"
    broken = client.post(
        f"{base(home)}/import",
        {"filename": "x.yaml", "text": "id: [\n"},
        content_type="application/json",
    )
    assert broken.status_code == 400 and "x.yaml:" in broken.json()["detail"]
    assert client.delete(f"{base(home)}/{created.json()['slug']}").status_code == 204
    assert {c["name"] for c in client.get(base(home)).json()} == {home.case.name, "Imported"}


def test_operations_land_or_conflict(home: Any, token_for: Any) -> None:
    owner = api(token_for(home.owner, home.organisation))
    editor = api(token_for(home.editor, home.organisation))
    url = f"{base(home)}/{home.case.slug}/operations"
    first = owner.post(
        url,
        {"op": "change", "path": f"{NODES}/handle/name", "value": "Owner", "base": 1},
        content_type="application/json",
    )
    assert first.status_code == 200 and first.json()["number"] == 2
    other_element = editor.post(
        url,
        {"op": "change", "path": f"{NODES}/start/name", "value": "Go", "base": 1},
        content_type="application/json",
    )
    assert other_element.status_code == 200 and other_element.json()["number"] == 3
    stale = editor.post(
        url,
        {"op": "change", "path": f"{NODES}/handle/name", "value": "Editor", "base": 1},
        content_type="application/json",
    )
    assert stale.status_code == 409
    body = stale.json()
    assert body["current"] == 3 and body["changes"][0]["value"] == "Owner"
    assert body["changes"][0]["author"] == home.owner.username
    bad = editor.post(
        url,
        {"op": "change", "path": f"{NODES}/nope/name", "value": "x", "base": 3},
        content_type="application/json",
    )
    assert bad.status_code == 400


def test_revisions_and_restore(home: Any, token_for: Any) -> None:
    client = api(token_for(home.owner, home.organisation))
    case_url = f"{base(home)}/{home.case.slug}"
    client.post(
        f"{case_url}/operations",
        {"op": "change", "path": "name", "value": "Two", "base": 1},
        content_type="application/json",
    )
    revisions = client.get(f"{case_url}/revisions").json()
    assert [r["number"] for r in revisions] == [2, 1]
    assert client.get(f"{case_url}/revisions/1").json()["document"]["name"] == home.case.name
    restored = client.post(f"{case_url}/revisions/1/restore")
    assert restored.json()["number"] == 3
    assert client.get(case_url).json()["name"] == home.case.name
    assert client.get(f"{case_url}/revisions/9").status_code == 404


def test_problems_come_in_the_requested_language(home: Any, token_for: Any) -> None:
    client = api(token_for(home.owner, home.organisation))
    case_url = f"{base(home)}/{home.case.slug}"
    client.post(
        f"{case_url}/operations",
        {"op": "change", "path": "structure/roles/officer/unit", "value": "ghost", "base": 1},
        content_type="application/json",
    )
    english = client.get(f"{case_url}/problems").json()
    swedish = client.get(f"{case_url}/problems", HTTP_ACCEPT_LANGUAGE="sv").json()
    assert any(p["code"] == "unknown-reference" and "ghost" in p["message"] for p in english)
    assert {p["code"] for p in swedish} == {p["code"] for p in english}
    assert [p["message"] for p in swedish] != [p["message"] for p in english]


def test_viewers_and_read_only_tokens_cannot_write(home: Any, token_for: Any) -> None:
    url = f"{base(home)}/{home.case.slug}/operations"
    body = {"op": "change", "path": "name", "value": "x", "base": 1}
    viewer = api(token_for(home.viewer, home.organisation))
    assert viewer.post(url, body, content_type="application/json").status_code == 403
    read_only = api(token_for(home.owner, home.organisation, read_only=True))
    assert read_only.post(url, body, content_type="application/json").status_code == 403
    assert read_only.get(base(home)).status_code == 200


def test_a_token_loses_access_with_its_users_membership(home: Any, token_for: Any) -> None:
    client = api(token_for(home.editor, home.organisation))
    home.editor.memberships.all().delete()
    assert client.get(base(home)).status_code == 404


def test_tokens_are_stored_hashed_and_can_be_revoked(home: Any, client_for: Any) -> None:
    client = client_for(home.viewer)
    client.post(f"/o/{home.organisation.slug}/tokens/", {"name": "script"})
    page = client.get(f"/o/{home.organisation.slug}/").content.decode()
    token = ApiToken.objects.get(name="script")
    secret = page.split('<span class="token">')[1].split("<")[0]
    assert secret.startswith("vks_") and token.key_hash not in page and secret != token.key_hash
    assert api(secret).get(base(home)).status_code == 200
    assert (
        '<span class="token">' not in client.get(f"/o/{home.organisation.slug}/").content.decode()
    )
    client.post(f"/o/{home.organisation.slug}/tokens/{token.pk}/revoke/")
    assert api(secret).get(base(home)).status_code == 401


def test_openapi_description_lists_the_endpoints(db: None) -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    assert "/api/v1/organisations/{organisation}/cases/{case}/operations" in schema["paths"]
    assert Client().get("/api/v1/docs").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_big_import_runs_as_a_job_the_api_reports(
    home: Any, token_for: Any, settings: Any
) -> None:
    from django.core.management import call_command

    settings.IMPORT_IN_JOB_BYTES = 100
    client = api(token_for(home.editor, home.organisation))
    text = "id: big\nname: Big import\ndescription: " + "x" * 200 + "\n"
    started = client.post(
        f"{base(home)}/import",
        {"filename": "big.yaml", "text": text},
        content_type="application/json",
    )
    assert started.status_code == 202, started.content
    job = started.json()
    assert job["status"] == "queued" and job["kind"] == "import-case"
    url = f"/api/v1/organisations/{home.organisation.slug}/jobs/{job['id']}"
    call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*", "--no-reload",
                 verbosity=0)  # fmt: skip
    done = client.get(url).json()
    assert done["status"] == "done", done["error"]
    assert done["result"]["name"] == "Big import"
    case = client.get(f"{base(home)}/{done['result']['case']}").json()
    assert case["document"]["description"] == "x" * 200


def test_a_tokens_last_use_is_kept_to_the_minute_without_a_write_per_request(
    home: Any, token_for: Any
) -> None:
    from datetime import timedelta

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    secret = token_for(home.viewer, home.organisation)
    client = api(secret)
    token = ApiToken.objects.get(user=home.viewer)
    assert token.last_used_at is None
    client.get(base(home))
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    with CaptureQueriesContext(connection) as captured:
        client.get(base(home))
    assert not [q for q in captured.captured_queries if q["sql"].startswith("UPDATE")]
    token.refresh_from_db()
    assert token.last_used_at == first
    # a minute later the next request records the new time
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(minutes=2))
    client.get(base(home))
    token.refresh_from_db()
    assert token.last_used_at > first
