"""Revisions pushed as parts: what a watching page receives is what a re-fetch would show, per
language and permission; pages that cannot use them (another case, a gap) fetch instead."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from channels.db import database_sync_to_async
from django.test import Client
from django.urls import reverse

from tests.web.live.conftest import case_path, run, socket_for
from verksam.web.cases import services
from verksam.web.live import push
from verksam.web.live.parts import Unmarked, apply, changed, split

PAGE = (
    '<div id="w" data-live-revision="{n}">'
    "<!--p:a--><p id=a>{a}</p><!--/p:a-->"
    '<!--p:t--><table id=t><caption>{caption}</caption><tbody>{rows}</tbody></table><!--/p:t-->'
    "</div>"
)  # fmt: skip


def page(n: int, a: str = "A", caption: str = "T", rows: tuple[str, ...] = ("1", "2")) -> str:
    body = "".join(f"<!--p:r{i}--><tr id=r{i}><td>{v}</td></tr><!--/p:r{i}-->" for i, v in enumerate(rows))  # fmt: skip
    return PAGE.format(n=n, a=a, caption=caption, rows=body)


def test_a_changed_row_is_sent_alone_and_a_changed_table_whole() -> None:
    old = page(1)
    # one cell of one row: the row alone
    new = page(2, rows=("1", "two"))
    parts = changed(split(old), split(new))
    assert parts == {"r1": "<tr id=r1><td>two</td></tr>"}
    assert apply(old, parts, new[: new.find(">") + 1]) == new
    # the table's own HTML changed (a caption) and a row: the table whole, rows included
    new = page(3, a="B", caption="U", rows=("1", "two"))
    parts = changed(split(old), split(new))
    assert set(parts) == {"a", "t"} and "<!--p:r1--><tr id=r1><td>two</td>" in parts["t"]
    assert apply(old, parts, new[: new.find(">") + 1]) == new
    # a row more: the table whole (the rows it holds are not the same)
    new = page(4, rows=("1", "2", "3"))
    assert set(changed(split(old), split(new)) or {}) == {"t"}
    # nothing but the revision number: nothing to send
    assert changed(split(old), split(page(5))) == {}


def test_a_change_outside_every_part_asks_for_the_whole_page() -> None:
    old = page(1)
    assert changed(split(old), split(old.replace("</div>", "<p>new</p></div>"))) is None


def test_markers_that_do_not_nest_are_a_template_error() -> None:
    with pytest.raises(Unmarked):
        split("<!--p:a--><!--p:b--><!--/p:a--><!--/p:b-->")
    with pytest.raises(Unmarked):
        split("<!--p:a-->")


TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def refetch(client: Client, url: str) -> str:
    """The workspace as a live page re-fetches it, with the forms' token made comparable."""
    answer = client.get(url, HTTP_X_VERKSAM_LIVE="1")
    assert answer.status_code == 200
    return TOKEN.sub('name="csrfmiddlewaretoken" value="T"', answer.content.decode())


def received(update: dict[str, Any]) -> dict[str, str]:
    """The parts as a page puts them in: its own token where the message has the slot."""
    slot = update["csrf"]
    return {k: v.replace(slot, "T") for k, v in update["parts"].items()}


def activity(home: Any) -> tuple[str, str, str]:
    process = home.case.document["processes"][0]
    variant = process["variants"][0]
    node = next(n for n in variant["nodes"] if n.get("type", "activity") == "activity")
    return process["id"], variant["id"], f"processes/{process['id']}/variants/{variant['id']}/nodes/{node['id']}"  # fmt: skip


@pytest.mark.django_db(transaction=True)  # the socket renders in other threads
def test_the_parts_a_participant_receives_turn_the_page_into_what_a_refetch_shows(
    home: Any, client_for: Any
) -> None:
    """Three pages: an editor in English, an editor in Swedish, a viewer (no edit forms). Each
    gets the parts of the revision in its language and for its permission, and applying them to
    what it showed gives exactly what re-fetching the workspace gives."""
    process, variant, item = activity(home)
    kwargs = {"org": "home", "case": home.case.slug}
    url = reverse("cases:view", kwargs={**kwargs, "view": "processes"}) + f"?process={process}&variant={variant}"  # fmt: skip
    editor_url = reverse("cases:editor", kwargs={**kwargs, "view": "processes"})
    pages = [(home.editor, "en"), (home.owner, "sv"), (home.viewer, "en")]
    clients = []
    for user, language in pages:
        client = client_for(user)
        client.cookies["django_language"] = language
        clients.append(client)
    before = [refetch(c, url) for c in clients]
    assert "Aktivitet" in before[1] and "Aktivitet" not in before[0]  # Swedish and English

    async def edit_and_collect() -> list[dict[str, Any]]:
        sockets = []
        for (user, language), _client in zip(pages, clients, strict=True):
            socket = await database_sync_to_async(socket_for)(
                user, case_path("home", home.case.slug)
            )
            assert (await socket.connect())[0]
            assert (await socket.receive_json_from())["type"] == "welcome"
            await socket.send_json_to({"type": "watch", "url": url, "lang": language})
            await socket.send_json_to({"type": "ping"})  # answered once the watch is taken
            while (await socket.receive_json_from(timeout=5))["type"] != "pong":
                pass
            sockets.append(socket)

        def edit() -> None:
            answer = clients[0].post(
                editor_url,
                {"action": "field", "table": "activities", "item": item, "column": "touch_minutes",
                 "value": "42", "base": "1", "process": process, "variant": variant},
                HTTP_HX_REQUEST="true",
            )  # fmt: skip
            assert answer.status_code == 200

        await database_sync_to_async(edit)()
        messages = []
        for socket in sockets:
            while True:
                message = await socket.receive_json_from(timeout=5)
                if message["type"] == "revision":
                    messages.append(message)
                    break
            await socket.disconnect()
        return messages

    messages = async_run(edit_and_collect)
    after = [refetch(c, url) for c in clients]
    for message, old, new in zip(messages, before, after, strict=True):
        assert "update" in message, (message, messages)
        update = message["update"]
        assert (message["revision"], update["revision"], update["since"]) == (2, 2, 1)
        table = "e-" + item.rsplit("/", 1)[0].replace("/", "_")  # the activity table's id
        assert table not in update["parts"]  # not the whole table: the edited row alone
        assert f"{table}-{item.rsplit('/', 1)[1]}" in update["parts"]
        assert apply(old, received(update), new[: new.find(">") + 1]) == new
    sv, en = messages[1]["update"]["parts"], messages[0]["update"]["parts"]
    assert sv != en  # each language its own render
    assert "42" in "".join(en.values())
    viewer = "".join(messages[2]["update"]["parts"].values())
    assert 'name="csrfmiddlewaretoken"' not in viewer and "hx-post" not in viewer


def async_run(body: Any) -> Any:
    from asgiref.sync import async_to_sync

    return async_to_sync(body)()


@pytest.mark.django_db(transaction=True)
def test_a_page_of_another_case_or_a_made_up_url_gets_no_parts(
    home: Any, other: Any, django_capture_on_commit_callbacks: Any
) -> None:
    access = {"case": home.case.pk, "prefix": f"/o/home/cases/{home.case.slug}/", "can_edit": True}
    assert push.view_of(access, f"/o/other/cases/{other.case.slug}/views/processes/", "en") is None
    assert push.view_of(access, f"/o/home/cases/{home.case.slug}/views/nothing/", "en") is None
    assert push.view_of(access, f"/o/home/cases/{home.case.slug}/views/processes/", "xx") is None
    view = push.view_of(access, f"/o/home/cases/{home.case.slug}/views/processes/?process=p", "sv")
    assert view == push.View(home.case.pk, "processes", "p", "", True, "sv")

    async def body() -> None:
        socket = await database_sync_to_async(socket_for)(
            home.editor, case_path("home", home.case.slug)
        )
        assert (await socket.connect())[0]
        await socket.receive_json_from()
        await socket.send_json_to({"type": "watch", "url": f"/o/other/cases/{other.case.slug}/views/processes/", "lang": "en"})  # fmt: skip

        def edit() -> None:
            with django_capture_on_commit_callbacks(execute=True):
                services.apply_operation(
                    home.case, home.owner,
                    {"op": "change", "path": "structure/units/unit/name", "value": "Intake"}, 1,
                )  # fmt: skip

        await database_sync_to_async(edit)()
        message = await socket.receive_json_from(timeout=5)
        assert message["type"] == "revision" and "update" not in message
        await socket.disconnect()

    run(body)


@pytest.mark.django_db
@pytest.mark.parametrize("view", ["processes", "structure", "vision"])
def test_the_shared_workspace_is_the_one_the_page_itself_shows(
    home: Any, client_for: Any, view: str
) -> None:
    """The workspace made once for everyone (editor's answer, re-fetch, socket) is rendered without
    the user's request; the page, rendered with it, shows the same workspace."""
    client = client_for(home.editor)
    url = reverse("cases:view", kwargs={"org": "home", "case": home.case.slug, "view": view})
    page = TOKEN.sub('name="csrfmiddlewaretoken" value="T"', client.get(url).content.decode())
    start = page.index('<div id="workspace"')
    end = page.index("<!--/p:live-outline-->\n</div>", start) + len(
        "<!--/p:live-outline-->\n</div>"
    )
    assert page[start:end] == refetch(client, url).strip()


@pytest.mark.django_db(transaction=True)
def test_each_revision_is_told_from_the_one_before_even_when_the_next_came_meanwhile(
    home: Any, client_for: Any
) -> None:
    """Two saves land before the sockets hear of the first: the first still comes as its own
    update (from the workspace the editor's answer made for it), so the author's page, which
    shows it, can take the second one."""
    from verksam.web.cases.models import Case

    process, variant, item = activity(home)
    kwargs = {"org": "home", "case": home.case.slug}
    url = reverse("cases:view", kwargs={**kwargs, "view": "processes"}) + f"?process={process}&variant={variant}"  # fmt: skip
    editor_url = reverse("cases:editor", kwargs={**kwargs, "view": "processes"})
    client = client_for(home.editor)
    access = {"case": home.case.pk, "prefix": f"/o/home/cases/{home.case.slug}/", "can_edit": True}
    view = push.view_of(access, url, "en")
    assert view is not None
    stamps = {}

    def save(base: int, minutes: str) -> None:
        answer = client.post(
            editor_url,
            {"action": "field", "table": "activities", "item": item, "column": "touch_minutes",
             "value": minutes, "base": str(base), "process": process, "variant": variant},
            HTTP_HX_REQUEST="true",
        )  # fmt: skip
        assert answer.status_code == 200
        row = Case.objects.get(pk=home.case.pk)
        stamps[row.revision] = row.updated_at.isoformat()

    async def body() -> list[tuple[int, str] | None]:
        await push.watch(view)  # a page shows revision 1
        await database_sync_to_async(save)(1, "41")
        await database_sync_to_async(save)(2, "43")
        return [await push.update_for(view, n, stamps[n]) for n in (2, 3)]

    first, second = async_run(body)
    assert first is not None and second is not None
    one, two = json.loads(first[1]), json.loads(second[1])
    assert (one["revision"], one["since"], two["revision"], two["since"]) == (2, 1, 3, 2)
    assert "41" in "".join(one["parts"].values()) and "43" in "".join(two["parts"].values())


def test_events_held_by_a_request_go_out_when_it_ends(monkeypatch: Any) -> None:
    from verksam.web.live import broadcast

    sent: list[tuple[int, dict[str, Any]]] = []
    monkeypatch.setattr(broadcast, "get_channel_layer", lambda: None)  # nothing really sent
    original = broadcast.send_to_case

    def spy(case_pk: int, event: dict[str, Any]) -> None:
        if getattr(broadcast._held, "events", None) is None:
            sent.append((case_pk, event))
        original(case_pk, event)

    monkeypatch.setattr(broadcast, "send_to_case", spy)
    with broadcast.held():
        broadcast.send_to_case(1, {"n": 1})
        with broadcast.held():  # nested: still held by the outer one
            broadcast.send_to_case(1, {"n": 2})
        assert sent == []
    assert sent == [(1, {"n": 1}), (1, {"n": 2})]
    broadcast.send_to_case(2, {"n": 3})  # outside: at once
    assert sent[-1] == (2, {"n": 3})
