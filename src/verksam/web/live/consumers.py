"""The WebSocket of a case page (`/ws/o/<org>/cases/<case>/`): revisions, presence, workshop.

A socket is checked exactly like a page: the session's user must be a member of the organisation
with the view permission, and the case must be one of the organisation's (cases.access); anything
else is refused before the handshake completes, the same for a case that does not exist. The check
is repeated on every heartbeat, so a member who is removed loses the socket too.

Presence lives in the channel layer, not in a process: a new socket announces itself to the case's
group and every other socket answers it directly, whichever server process holds it; sockets
announce themselves again on each heartbeat and pages forget a peer not heard from for a while.
"""

from __future__ import annotations

import json
import re
import secrets
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.http import Http404

from verksam.web.cases.access import access_case
from verksam.web.live import push
from verksam.web.live.broadcast import group_of
from verksam.web.live.people import person
from verksam.web.organisations.models import Organisation
from verksam.web.organisations.permissions import EDIT, VIEW
from verksam.web.organisations.principals import UserPrincipal

ANCHOR = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,200}$")  # an element id on the leader's page
FIELD = re.compile(r"^[A-Za-z0-9_-]{1,200}(\|[A-Za-z0-9_-]{1,60})?$")  # an id, or "row-id|name"


def socket_access(user: Any, org: str, case: str) -> dict[str, Any] | None:
    """What a socket may see of a case, or None when it must be refused (the page rules)."""
    if user is None or not user.is_authenticated:
        return None
    organisation = Organisation.objects.filter(slug=org).first()
    if organisation is None:
        return None
    permissions = UserPrincipal(user).permissions(organisation)
    if VIEW not in permissions:
        return None
    try:
        row = access_case(organisation, case)
    except Http404:
        return None
    from verksam.web.live.workshop import state_of

    return {
        "case": row.pk,
        "revision": row.revision,
        "can_edit": EDIT in permissions,
        "prefix": f"/o/{organisation.slug}/cases/{row.slug}/",
        "workshop": state_of(row),
    }


def course_socket_access(user: Any, course: int, member: int) -> dict[str, Any] | None:
    """What a course member reading a participant's case may see of it (the rules of the course's
    case pages: a member of the course, an active participant, the case shared with the user),
    or None. Always read-only, whatever the user may do in the case's own organisation."""
    from verksam.web.courses.access import access_member, access_member_case, membership
    from verksam.web.courses.models import Course

    if user is None or not user.is_authenticated:
        return None
    found = Course.objects.filter(pk=course).first()
    if found is None or membership(user, found) is None:
        return None
    try:
        row = access_member_case(user, access_member(found, member))
    except Http404:
        return None
    return {
        "case": row.pk,
        "revision": row.revision,
        "can_edit": False,
        "prefix": f"/courses/{found.pk}/participants/{member}/",
        "workshop": {"leader": None, "shown": "", "timer_ends_at": None},
    }


class CaseConsumer(AsyncJsonWebsocketConsumer):  # type: ignore[misc]  # channels ships no types
    """One open page of a case."""

    read_only = False  # a reader hears of revisions only: no presence, no workshop, no actions

    def access_now(self) -> dict[str, Any] | None:
        kwargs = self.scope["url_route"]["kwargs"]
        return socket_access(self.user, kwargs["org"], kwargs["case"])

    async def connect(self) -> None:
        self.user = self.scope.get("user")
        access = await database_sync_to_async(self.access_now)()
        if access is None:
            await self.close()  # before accept: the handshake is refused (HTTP 403)
            return
        self.access = access
        self.group = group_of(access["case"])
        self.peer = {"id": secrets.token_hex(8), **person(self.user), "field": None}
        self.view: push.View | None = None  # the workspace the page shows, once it says so
        self.pushed = 0  # the revision the last update sent brought the page to
        self.watched: tuple[Any, Any] = (None, None)  # the page's word for it: (url, language)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        await self.send_json(
            {
                "type": "welcome",
                "revision": access["revision"],
                "me": self.peer,
                "user": self.user.pk,
                "workshop": access["workshop"],
            }
        )
        if not self.read_only:
            await self._announce("presence.join")

    async def disconnect(self, code: int) -> None:
        if getattr(self, "group", None) is None:
            return
        if not self.read_only:
            await self.channel_layer.group_send(
                self.group, {"type": "presence.leave", "peer": self.peer["id"]}
            )
        await self.channel_layer.group_discard(self.group, self.channel_name)

    async def _announce(self, kind: str) -> None:
        await self.channel_layer.group_send(
            self.group, {"type": kind, "peer": self.peer, "reply_to": self.channel_name}
        )

    # --- from the page ----------------------------------------------------------------------
    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        if not isinstance(content, dict):
            return
        kind = content.get("type")
        if self.read_only and kind != "ping":
            return
        if kind == "ping":
            access = await database_sync_to_async(self.access_now)()
            if access is None or access["case"] != self.access["case"]:
                await self.close(code=4403)
                return
            self.access = access
            if self.view is not None and self.view.can_edit != access["can_edit"]:
                self.view = push.view_of(access, self.watched[0], self.watched[1])
            await self.send_json({"type": "pong", "revision": access["revision"]})
            if not self.read_only:
                await self._announce("presence.alive")
        elif kind == "focus":
            field = content.get("field")
            self.peer["field"] = field if isinstance(field, str) and FIELD.match(field) else None
            await self._announce("presence.alive")
        elif kind == "watch":
            # The page shows this workspace: revisions come with its changed parts.
            self.watched = (content.get("url"), content.get("lang"))
            self.view = push.view_of(self.access, *self.watched)
            if self.view is not None:
                await push.watch(self.view)
        elif kind == "scroll":
            # The leader scrolled: the followers on the same page scroll to the same element.
            anchor, url = content.get("anchor"), content.get("url")
            leader = (self.access.get("workshop") or {}).get("leader") or {}
            if (
                leader.get("id") == self.user.pk
                and isinstance(anchor, str)
                and ANCHOR.match(anchor)
                and isinstance(url, str)
                and url.startswith(self.access["prefix"])
                and len(url) < 500
            ):
                await self.channel_layer.group_send(
                    self.group,
                    {
                        "type": "workshop.scroll",
                        "anchor": anchor,
                        "url": url,
                        "from": self.channel_name,
                    },
                )
        elif kind == "show":
            from verksam.web.live.workshop import show

            url = content.get("url")
            if isinstance(url, str) and url.startswith(self.access["prefix"]) and len(url) < 500:
                await database_sync_to_async(show)(self.access["case"], self.user, url)

    # --- from the group ---------------------------------------------------------------------
    async def case_revision(self, event: dict[str, Any]) -> None:
        message = json.dumps({k: v for k, v in event.items() if k != "type"} | {"type": "revision"})
        if self.view is not None:
            update = await push.update_for(self.view, event["revision"], event.get("stamp", ""))
            if update is not None and update[0] > self.pushed:
                self.pushed = update[0]
                # the update's JSON is made once for every socket of this view in this process
                message = f'{message[:-1]}, "update": {update[1]}}}'
        await self.send(text_data=message)

    async def presence_join(self, event: dict[str, Any]) -> None:
        if self.read_only:
            return
        if event["peer"]["id"] == self.peer["id"]:
            return
        await self.send_json({"type": "peer", "peer": event["peer"]})
        # Answer the newcomer directly, so it learns who was here before it came.
        await self.channel_layer.send(
            event["reply_to"], {"type": "presence.here", "peer": self.peer}
        )

    async def presence_here(self, event: dict[str, Any]) -> None:
        if self.read_only:
            return
        await self.send_json({"type": "peer", "peer": event["peer"]})

    async def presence_alive(self, event: dict[str, Any]) -> None:
        if self.read_only:
            return
        if event["peer"]["id"] != self.peer["id"]:
            await self.send_json({"type": "peer", "peer": event["peer"]})

    async def presence_leave(self, event: dict[str, Any]) -> None:
        if self.read_only:
            return
        await self.send_json({"type": "gone", "peer": event["peer"]})

    async def workshop_scroll(self, event: dict[str, Any]) -> None:
        if self.read_only:
            return
        if event["from"] != self.channel_name:
            await self.send_json({"type": "scroll", "anchor": event["anchor"], "url": event["url"]})

    async def workshop_changed(self, event: dict[str, Any]) -> None:
        if self.read_only:
            return
        self.access["workshop"] = event["workshop"]  # who leads now: whose scrolling is followed
        await self.send_json(
            {"type": "workshop", "workshop": event["workshop"], "what": event["what"]}
        )


class CourseCaseConsumer(CaseConsumer):
    """A participant's case read through a course (`/ws/courses/<course>/participants/<member>/`):
    the course's case pages say when the case changed; nothing more is shared or accepted."""

    read_only = True

    def access_now(self) -> dict[str, Any] | None:
        kwargs = self.scope["url_route"]["kwargs"]
        return course_socket_access(self.user, kwargs["course"], kwargs["member"])
