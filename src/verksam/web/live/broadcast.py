"""Tell every open page of a case what changed, once the change is committed.

Every committed Revision (editor, API, restore, import of a new case) goes to the case's group on
the channel layer; the pages re-fetch what they show. A broadcast that fails (Redis down) is logged
and never fails the edit: the pages catch up when their socket reconnects.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from verksam.web.cases.editors import dom_id
from verksam.web.cases.models import Revision
from verksam.web.live.people import person

log = logging.getLogger(__name__)


def group_of(case_pk: int) -> str:
    """The channel-layer group of a case's open pages."""
    return f"case.{case_pk}"


_held = threading.local()


@contextmanager
def held() -> Iterator[None]:
    """Events of the code inside go out when it ends, not at once: the editor makes its answer
    first, and that answer's workspace is then the one every open page of the revision gets
    (verksam.web.live.push) instead of each server process rendering it again."""
    outer = getattr(_held, "events", None)
    _held.events = [] if outer is None else outer
    try:
        yield
    finally:
        if outer is None:
            events, _held.events = _held.events, None
            for case_pk, event in events:
                send_to_case(case_pk, event)


def send_to_case(case_pk: int, event: dict[str, Any]) -> None:
    """Send an event to every socket of the case (from synchronous code)."""
    events = getattr(_held, "events", None)
    if events is not None:
        events.append((case_pk, event))
        return
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        pass  # the usual case: synchronous code outside any event loop (a request's thread)
    else:
        log.warning("live update of case %s not sent: called inside an event loop", case_pk)
        return
    try:
        async_to_sync(layer.group_send)(group_of(case_pk), event)
    except Exception:  # the layer is unreachable: the edit stands, pages catch up on reconnect
        log.warning("live update of case %s not sent", case_pk, exc_info=True)


def revision_event(revision: Revision) -> dict[str, Any]:
    """What the pages need to know about a revision: its number, who made it, what it touched."""
    touched = [str(path) for path in revision.touched or []]
    author = revision.author
    return {
        "type": "case.revision",
        "revision": revision.number,
        "who": person(author)["name"] if author is not None else "",
        "op": revision.kind,
        "touched": touched,
        "elements": [dom_id(path) for path in touched if path],
        # the case's last change with this revision: names the workspace rendered for it
        "stamp": revision.case.updated_at.isoformat(),
    }


def revision_saved(
    sender: type[Revision], instance: Revision, created: bool, **kwargs: Any
) -> None:
    """post_save of Revision: broadcast after the surrounding transaction commits."""
    if not created or kwargs.get("raw"):
        return
    event = revision_event(instance)
    case_pk = instance.case_id
    transaction.on_commit(lambda: send_to_case(case_pk, event))
