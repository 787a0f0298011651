"""The case socket: who may open it, what a committed revision tells the open pages, presence."""

from __future__ import annotations

from typing import Any

import pytest
from channels.db import database_sync_to_async
from django.db import transaction

from tests.web.live.conftest import case_path, run, socket_for
from verksam.web.cases import services
from verksam.web.live import workshop


async def opened(user: Any, path: str) -> Any:
    socket = await database_sync_to_async(socket_for)(user, path)
    connected, _code = await socket.connect()
    assert connected, f"{user} could not open {path}"
    welcome = await socket.receive_json_from()
    assert welcome["type"] == "welcome"
    return socket, welcome


@pytest.mark.django_db(transaction=True)  # the socket runs the database in other threads
def test_a_committed_edit_reaches_every_open_page_with_number_author_and_element(
    home: Any, django_capture_on_commit_callbacks: Any
) -> None:
    path = case_path("home", home.case.slug)

    async def body() -> None:
        viewer, welcome = await opened(home.viewer, path)
        assert welcome["revision"] == 1 and welcome["me"]["name"] == "home-viewer"
        editor, _ = await opened(home.editor, path)
        assert (await viewer.receive_json_from())["type"] == "peer"  # the editor came
        assert (await editor.receive_json_from())["type"] == "peer"  # the viewer was here

        def edit() -> None:
            with django_capture_on_commit_callbacks(execute=True):
                services.apply_operation(
                    home.case, home.owner,
                    {"op": "change", "path": "structure/units/unit/name", "value": "Intake"}, 1,
                )  # fmt: skip

        await database_sync_to_async(edit)()
        for socket in (viewer, editor):
            message = await socket.receive_json_from(timeout=2)
            assert message["type"] == "revision"
            assert message["revision"] == 2
            assert message["who"] == "home-owner"
            assert message["touched"] == ["structure/units/unit"]
            assert message["elements"] == ["e-structure_units_unit"]
        await viewer.disconnect()
        await editor.disconnect()

    run(body)


@pytest.mark.django_db(transaction=True)  # the socket runs the database in other threads
def test_an_edit_that_is_rolled_back_is_not_announced(
    home: Any, django_capture_on_commit_callbacks: Any
) -> None:
    async def body() -> None:
        socket, _ = await opened(home.editor, case_path("home", home.case.slug))

        def failed_edit() -> None:
            with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
                services.apply_operation(
                    home.case, home.owner, {"op": "change", "path": "name", "value": "x"}, 1
                )
                transaction.set_rollback(True)

        await database_sync_to_async(failed_edit)()
        assert await socket.receive_nothing(timeout=0.3)
        await socket.disconnect()

    run(body)


@pytest.mark.django_db(transaction=True)  # the socket runs the database in other threads
def test_presence_shows_who_came_which_field_they_edit_and_when_they_leave(home: Any) -> None:
    path = case_path("home", home.case.slug)
    home.editor.first_name, home.editor.last_name = "Anna", "Berg"
    home.editor.save()

    async def body() -> None:
        first, _ = await opened(home.owner, path)
        second, welcome = await opened(home.editor, path)
        came = await first.receive_json_from()
        assert came["type"] == "peer"
        assert (came["peer"]["name"], came["peer"]["initials"]) == ("Anna Berg", "AB")
        was_here = await second.receive_json_from()
        assert was_here["peer"]["name"] == "home-owner"
        await second.send_json_to({"type": "focus", "field": "e-processes_intake_nodes_a_name"})
        focus = await first.receive_json_from()
        assert focus["peer"]["field"] == "e-processes_intake_nodes_a_name"
        await second.send_json_to({"type": "focus", "field": "<script>"})
        assert (await first.receive_json_from())["peer"]["field"] is None
        await second.disconnect()
        gone = await first.receive_json_from()
        assert gone == {"type": "gone", "peer": welcome["me"]["id"]}
        await first.disconnect()

    run(body)


@pytest.mark.django_db(transaction=True)
def test_only_the_leader_moves_the_others_and_only_within_the_case(home: Any) -> None:
    prefix = f"/o/home/cases/{home.case.slug}/"
    workshop.lead(home.case, home.owner, prefix)

    async def body() -> None:
        follower, welcome = await opened(home.viewer, case_path("home", home.case.slug))
        assert welcome["workshop"]["leader"]["name"] == "home-owner"
        assert welcome["workshop"]["shown"] == prefix
        leader, _ = await opened(home.owner, case_path("home", home.case.slug))
        other, _ = await opened(home.editor, case_path("home", home.case.slug))
        for socket in (follower, follower, leader, other, other):
            await socket.receive_json_from()  # the presence of each other
        await other.send_json_to({"type": "show", "url": prefix + "history/"})  # not the leader
        await leader.send_json_to({"type": "show", "url": "/o/other/cases/x/"})  # not this case
        assert await follower.receive_nothing(timeout=0.3)
        await leader.send_json_to({"type": "show", "url": prefix + "views/processes/"})
        message = await follower.receive_json_from(timeout=2)
        assert message["type"] == "workshop" and message["what"] == "show"
        assert message["workshop"]["shown"] == prefix + "views/processes/"
        for socket in (follower, leader, other):
            await socket.disconnect()

    run(body)


@pytest.mark.django_db(transaction=True)
def test_only_the_leaders_scrolling_reaches_the_others_and_only_as_an_element_of_the_case(
    home: Any,
) -> None:
    prefix = f"/o/home/cases/{home.case.slug}/"
    page = prefix + "views/structure/"
    workshop.lead(home.case, home.owner, page)

    async def body() -> None:
        follower, _ = await opened(home.viewer, case_path("home", home.case.slug))
        leader, _ = await opened(home.owner, case_path("home", home.case.slug))
        other, _ = await opened(home.editor, case_path("home", home.case.slug))
        for socket in (follower, follower, leader, leader, other, other):
            await socket.receive_json_from()  # the presence of each other
        await other.send_json_to({"type": "scroll", "anchor": "live-outline", "url": page})
        await leader.send_json_to({"type": "scroll", "anchor": "<img src=x>", "url": page})
        await leader.send_json_to({"type": "scroll", "anchor": "live-outline", "url": "/o/other/"})
        assert await follower.receive_nothing(timeout=0.3)
        await leader.send_json_to({"type": "scroll", "anchor": "live-outline", "url": page})
        message = await follower.receive_json_from(timeout=2)
        assert message == {"type": "scroll", "anchor": "live-outline", "url": page}
        assert (await other.receive_json_from(timeout=2))["anchor"] == "live-outline"
        assert await leader.receive_nothing(timeout=0.3)  # not back to the leader itself

        # leading stops: the former leader's scrolling moves nobody
        await database_sync_to_async(workshop.stop_leading)(home.case)
        for socket in (follower, leader, other):
            assert (await socket.receive_json_from(timeout=2))["type"] == "workshop"
        await leader.send_json_to({"type": "scroll", "anchor": "live-outline", "url": page})
        assert await follower.receive_nothing(timeout=0.3)
        for socket in (follower, leader, other):
            await socket.disconnect()

    run(body)


@pytest.mark.django_db(transaction=True)  # the socket runs the database in other threads
def test_a_member_who_is_removed_loses_the_socket_at_the_next_heartbeat(home: Any) -> None:
    async def body() -> None:
        socket, _ = await opened(home.editor, case_path("home", home.case.slug))
        await socket.send_json_to({"type": "ping"})
        assert (await socket.receive_json_from())["type"] == "pong"
        await database_sync_to_async(home.editor.memberships.all().delete)()
        await socket.send_json_to({"type": "ping"})
        assert (await socket.receive_output(timeout=2))["type"] == "websocket.close"

    run(body)


@pytest.mark.django_db(transaction=True)  # the socket runs the database in other threads
def test_a_course_facilitator_of_another_organisation_reads_the_case_live_and_read_only(
    home: Any, other: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """The facilitator (another organisation) gets the course's socket while the participant
    lets the facilitators read the case, hears of revisions, is not shown to the workshop and
    cannot act; the organisation's own socket stays closed to them, and so does the course's
    once the participant chooses "nobody"."""
    from verksam.web.courses.models import READERS_NOBODY, CourseMember
    from verksam.web.courses.services import create_course

    course = create_course(
        other.owner, title="Course", languages=["sv"], starts_on="2026-01-01", ends_on="2026-12-31"
    )
    member = CourseMember.objects.create(
        course=course, user=home.editor, organisation=home.organisation, case=home.case
    )
    reader_path = f"/ws/courses/{course.pk}/participants/{member.pk}/"

    async def body() -> None:
        assert not (await (await database_sync_to_async(socket_for)(other.owner, case_path("home", home.case.slug))).connect())[0]  # fmt: skip
        editor, _ = await opened(home.editor, case_path("home", home.case.slug))
        reader, welcome = await opened(other.owner, reader_path)
        assert welcome["revision"] == 1 and welcome["workshop"]["leader"] is None
        assert await editor.receive_nothing(timeout=0.3)  # the reader is not announced
        await reader.send_json_to({"type": "focus", "field": "e-name"})
        await reader.send_json_to({"type": "show", "url": reader_path})
        assert await editor.receive_nothing(timeout=0.3)

        def edit() -> None:
            with django_capture_on_commit_callbacks(execute=True):
                services.apply_operation(
                    home.case, home.owner,
                    {"op": "change", "path": "structure/units/unit/name", "value": "Intake"}, 1,
                )  # fmt: skip

        await database_sync_to_async(edit)()
        message = await reader.receive_json_from(timeout=2)
        assert (message["type"], message["revision"]) == ("revision", 2)
        assert (await editor.receive_json_from(timeout=2))["revision"] == 2
        await reader.disconnect()
        assert await editor.receive_nothing(timeout=0.3)  # nor its leaving
        await editor.disconnect()

        await database_sync_to_async(CourseMember.objects.filter(pk=member.pk).update)(
            case_readers=READERS_NOBODY
        )
        refused = await database_sync_to_async(socket_for)(other.owner, reader_path)
        assert not (await refused.connect())[0]

    run(body)
