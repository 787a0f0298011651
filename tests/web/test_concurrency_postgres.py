"""Concurrent edits on PostgreSQL: two clients at once on different elements both land; a stale edit
of the same element gets the conflict response. Runs only where DATABASE_URL is PostgreSQL
(tools/run-tests.sh runs tests/web again on PostgreSQL when one is reachable)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, connections
from django.test import Client

from verksam.web.cases.access import access_case
from verksam.web.cases.operations import value_at

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs DATABASE_URL pointing at PostgreSQL (row locks); SQLite serialises all writes",
    ),
]
NODES = "processes/process/variants/as-is/nodes"


def post_all_at_once(calls: list[tuple[Client, str, dict[str, Any]]]) -> list[int]:
    barrier = threading.Barrier(len(calls))
    statuses: list[int] = [0] * len(calls)

    def run(index: int, client: Client, url: str, body: dict[str, Any]) -> None:
        try:
            barrier.wait()
            statuses[index] = client.post(url, body, content_type="application/json").status_code
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, *call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def test_concurrent_edits_of_different_elements_both_land_and_stale_ones_conflict(
    home: Any, token_for: Any
) -> None:
    url = f"/api/v1/organisations/home/cases/{home.case.slug}/operations"
    owner = Client(HTTP_AUTHORIZATION=f"Bearer {token_for(home.owner, home.organisation)}")
    editor = Client(HTTP_AUTHORIZATION=f"Bearer {token_for(home.editor, home.organisation)}")
    for round_number in range(5):
        base = access_case(home.organisation, home.case.slug).revision
        statuses = post_all_at_once([
            (owner, url, {"op": "change", "path": f"{NODES}/handle/touch_minutes", "value": 10 + round_number, "base": base}),
            (editor, url, {"op": "change", "path": f"{NODES}/start/name", "value": f"Start {round_number}", "base": base}),
        ])  # fmt: skip
        assert statuses == [200, 200]
        case = access_case(home.organisation, home.case.slug)
        assert case.revision == base + 2
        assert value_at(case.document, f"{NODES}/handle/touch_minutes") == 10 + round_number
        assert value_at(case.document, f"{NODES}/start/name") == f"Start {round_number}"
    base = access_case(home.organisation, home.case.slug).revision
    statuses = post_all_at_once([
        (owner, url, {"op": "change", "path": f"{NODES}/handle/name", "value": "Owner", "base": base}),
        (editor, url, {"op": "change", "path": f"{NODES}/handle/name", "value": "Editor", "base": base}),
    ])  # fmt: skip
    assert sorted(statuses) == [200, 409]
    case = access_case(home.organisation, home.case.slug)
    winner = "Owner" if statuses[0] == 200 else "Editor"
    assert value_at(case.document, f"{NODES}/handle/name") == winner
    assert case.revision == base + 1
    numbers = list(case.revisions.order_by("number").values_list("number", flat=True))
    assert numbers == list(range(1, case.revision + 1))
