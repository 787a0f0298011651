"""Edits made on an older revision: other elements land, the same element gets a conflict."""

from __future__ import annotations

from typing import Any

import pytest

from verksam.web.cases import services
from verksam.web.cases.operations import OperationError, value_at

NODES = "processes/process/variants/as-is/nodes"


def change(path: str, value: Any) -> dict[str, Any]:
    return {"op": "change", "path": path, "value": value}


@pytest.mark.django_db
def test_edits_of_different_elements_from_the_same_revision_both_land(home: Any) -> None:
    case = home.case
    services.apply_operation(case, home.owner, change(f"{NODES}/handle/name", "Handle"), base=1)
    revision = services.apply_operation(
        case, home.editor, change(f"{NODES}/start/name", "Arrives"), base=1
    )
    case.refresh_from_db()
    assert revision.number == 3 == case.revision
    assert value_at(case.document, f"{NODES}/handle/name") == "Handle"
    assert value_at(case.document, f"{NODES}/start/name") == "Arrives"


@pytest.mark.django_db
def test_a_stale_edit_of_the_same_field_is_a_conflict_naming_the_other_change(home: Any) -> None:
    case = home.case
    services.apply_operation(case, home.owner, change(f"{NODES}/handle/name", "Theirs"), base=1)
    with pytest.raises(services.EditConflict) as caught:
        services.apply_operation(case, home.editor, change(f"{NODES}/handle/name", "Mine"), base=1)
    conflict = caught.value
    assert [r.number for r in conflict.revisions] == [2]
    assert conflict.revisions[0].author == home.owner
    assert conflict.revisions[0].operation["value"] == "Theirs"
    case.refresh_from_db()
    assert case.revision == 2
    assert value_at(case.document, f"{NODES}/handle/name") == "Theirs"


@pytest.mark.django_db
def test_stale_edits_of_other_fields_of_the_same_element_are_merged(home: Any) -> None:
    case = home.case
    services.apply_operation(case, home.owner, change(f"{NODES}/handle/name", "Theirs"), base=1)
    services.apply_operation(case, home.editor, change(f"{NODES}/handle/touch_minutes", 99), base=1)
    case.refresh_from_db()
    assert value_at(case.document, f"{NODES}/handle/name") == "Theirs"
    assert value_at(case.document, f"{NODES}/handle/touch_minutes") == 99


@pytest.mark.django_db
def test_a_users_own_stale_edit_in_the_same_browser_session_never_conflicts(home: Any) -> None:
    case = home.case
    path = f"{NODES}/handle/name"
    services.apply_operation(case, home.editor, change(path, "Typed"), base=1, session="tab")
    services.apply_operation(case, home.editor, change(path, "Typed more"), base=1, session="tab")
    case.refresh_from_db()
    assert value_at(case.document, path) == "Typed more"
    # the same user in another browser, and another user in the same "session", still conflict
    with pytest.raises(services.EditConflict):
        services.apply_operation(case, home.editor, change(path, "Laptop"), base=1, session="pc")
    with pytest.raises(services.EditConflict):
        services.apply_operation(case, home.owner, change(path, "Owner"), base=1, session="tab")


@pytest.mark.django_db
def test_editing_an_element_someone_removed_is_a_conflict(home: Any) -> None:
    case = home.case
    services.apply_operation(
        case, home.owner, {"op": "remove", "path": "structure/roles/officer"}, base=1
    )
    with pytest.raises(services.EditConflict):
        services.apply_operation(
            case, home.editor, change("structure/roles/officer/fte", 2), base=1
        )


@pytest.mark.django_db
def test_an_edit_on_the_current_revision_never_conflicts(home: Any) -> None:
    case = home.case
    services.apply_operation(case, home.owner, change(f"{NODES}/handle/name", "A"), base=1)
    services.apply_operation(case, home.owner, change(f"{NODES}/handle/name", "B"), base=2)
    case.refresh_from_db()
    assert value_at(case.document, f"{NODES}/handle/name") == "B"


@pytest.mark.django_db
def test_a_restore_conflicts_with_every_stale_edit(home: Any) -> None:
    case = home.case
    services.apply_operation(case, home.owner, change("name", "Renamed"), base=1)
    services.restore_revision(case, home.owner, 1)
    with pytest.raises(services.EditConflict):
        services.apply_operation(
            case, home.editor, change("structure/units/unit/name", "X"), base=2
        )


@pytest.mark.django_db
def test_a_base_revision_from_the_future_is_refused(home: Any) -> None:
    with pytest.raises(OperationError):
        services.apply_operation(home.case, home.owner, change("name", "x"), base=7)


@pytest.mark.django_db
def test_every_change_is_a_revision_with_the_whole_document(home: Any) -> None:
    case = home.case
    services.apply_operation(case, home.owner, change("name", "Second"), base=1)
    services.restore_revision(case, home.owner, 1)
    case.refresh_from_db()
    numbers = list(case.revisions.order_by("number").values_list("number", flat=True))
    assert numbers == [1, 2, 3]
    first, second, third = case.revisions.order_by("number")
    assert second.document["name"] == "Second"
    assert third.document == first.document == case.document


@pytest.mark.django_db
def test_a_conflict_says_who_changed_what_in_words_not_paths(home: Any) -> None:
    from django.utils import translation

    case = home.case
    services.apply_operation(case, home.owner, change(f"{NODES}/handle/name", "Theirs"), base=1)
    with pytest.raises(services.EditConflict) as caught:
        services.apply_operation(case, home.editor, change(f"{NODES}/handle/name", "Mine"), base=1)
    with translation.override("sv"):
        said = str(caught.value)
    assert home.owner.get_username() in said and "Theirs" in said and "sparades inte" in said
    assert NODES not in said and "handle" not in said.replace("Handle", "")


@pytest.mark.django_db
def test_checking_a_stale_edit_reads_the_later_revisions_once_not_their_documents(
    home: Any,
) -> None:
    """In a workshop an edit's base is often many revisions old; the check reads those
    revisions' operations in one query, never each one's (large) stored document."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    case = home.case

    def queries_for_an_edit_behind(count: int) -> int:
        case.refresh_from_db()
        base = case.revision
        for n in range(count):
            services.apply_operation(
                case, home.owner, change(f"{NODES}/handle/touch_minutes", 10 + n), base=base + n
            )
        with CaptureQueriesContext(connection) as captured:
            services.apply_operation(
                case, home.editor, change(f"{NODES}/start/name", f"Arrives {count}"), base=base
            )
        return len(captured.captured_queries)

    assert queries_for_an_edit_behind(8) == queries_for_an_edit_behind(1)
