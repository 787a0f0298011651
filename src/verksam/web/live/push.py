"""Revisions pushed to the open pages: the parts of a workspace that a revision changed, worked out
once per revision, page and language in a server process and sent on every socket that shows it.

Without this every open page re-fetched its whole workspace (~270 KB for a 40-step process) after
every revision: 29 requests per save in a workshop of 30. Now a socket that said which workspace
its page shows (`watch`) gets, with the revision, the changed parts (verksam.web.live.parts) and
the revision they were measured from (`since`); the page applies them only when it shows exactly
that revision, and otherwise (a missed message, a reconnect, its own edit in between) re-fetches
as before, so a page never shows a mix of revisions for long.

Each process keeps one chain per watched view (case, page, chosen variant, permission, language):
the last render and the update that led to it. The first socket of a process to hear of a
revision takes that revision's workspace from the shared store (the editor's answer made it,
in this process or another: cases.workspace.stored_workspace) or else renders the case as it is
now (which may be a later revision), while the others wait for it.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, QueryDict
from django.utils import translation

from verksam.web.live.parts import Part, changed, split

log = logging.getLogger(__name__)

CHAINS = 64  # views watched at once in one process (most recently used kept)


@dataclass(frozen=True)
class View:
    """What a page shows: the workspace of one page of a case, in one language."""

    case: int
    page: str
    process: str
    variant: str
    can_edit: bool
    language: str


VIEW_PATH = re.compile(r"^views/([a-z0-9-]+)/$")


def view_of(access: dict[str, Any], url: Any, language: Any) -> View | None:
    """The view a page says it shows (`url`, its workspace's data-live-url), checked: a page of
    this case that has a workspace, and a language of the site; None otherwise."""
    from verksam.web.cases.pages import PAGE_BY_SLUG

    if not isinstance(url, str) or not isinstance(language, str) or len(url) > 500:
        return None
    parts = urlsplit(url)
    if not parts.path.startswith(access["prefix"]):
        return None
    match = VIEW_PATH.match(parts.path[len(access["prefix"]) :])
    if match is None or match.group(1) not in PAGE_BY_SLUG:
        return None
    if language not in {code for code, _name in settings.LANGUAGES}:
        return None
    query = parse_qs(parts.query)
    return View(
        case=access["case"], page=match.group(1),
        process=(query.get("process") or [""])[0][:200], variant=(query.get("variant") or [""])[0][:200],
        can_edit=bool(access["can_edit"]), language=language,
    )  # fmt: skip


def render(view: View) -> tuple[int, str]:
    """The view's workspace as the case is now, with its revision (synchronous: the database)."""
    from verksam.web.cases.models import Case
    from verksam.web.cases.pages import PAGE_BY_SLUG
    from verksam.web.cases.workspace import workspace_html
    from verksam.web.organisations.permissions import EDIT, VIEW

    row = Case.objects.select_related("organisation").get(pk=view.case)
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = f"/o/{row.organisation.slug}/cases/{row.slug}/"
    query = QueryDict(mutable=True)
    query.update({"process": view.process, "variant": view.variant})
    request.GET = query  # type: ignore[assignment]  # a request's own GET is read-only
    request.META = {"SERVER_NAME": "localhost", "SERVER_PORT": "80"}
    # The workspace depends on the permission only; no user's own things are in it.
    request.user = AnonymousUser()
    request.organisation = row.organisation  # type: ignore[attr-defined]
    request.permissions = frozenset({VIEW, EDIT} if view.can_edit else {VIEW})  # type: ignore[attr-defined]
    with translation.override(view.language):
        html = workspace_html(request, row, PAGE_BY_SLUG[view.page], (view.process, view.variant))
    return row.revision, html


def _stored(view: View, revision: int, stamp: str) -> str | None:
    from verksam.web.cases.workspace import stored_workspace, workspace_key

    key = workspace_key(
        view.case, revision, stamp, view.language, view.can_edit, view.page,
        (view.process, view.variant),
    )  # fmt: skip
    return stored_workspace(key)


def _stored_tree(view: View, revision: int, stamp: str) -> Part | None:
    html = _stored(view, revision, stamp)
    return split(html) if html is not None else None


@dataclass
class Chain:
    """The last render of a view in this process and the update message that led to it."""

    lock: asyncio.Lock
    loop: asyncio.AbstractEventLoop
    revision: int = 0
    tree: Part | None = None
    update: str | None = None  # JSON: {"revision", "since", "parts", "csrf"}


_chains: OrderedDict[View, Chain] = OrderedDict()


def _chain(view: View) -> Chain:
    chain = _chains.get(view)
    loop = asyncio.get_running_loop()
    if chain is None or chain.loop is not loop:  # a lock serves one event loop (tests run several)
        chain = _chains[view] = Chain(asyncio.Lock(), loop)
        while len(_chains) > CHAINS:
            _chains.popitem(last=False)
    _chains.move_to_end(view)
    return chain


def _rendered(view: View) -> tuple[int, Part]:
    shown, html = render(view)
    return shown, split(html)


async def _render(view: View, revision: int = 0, stamp: str = "") -> tuple[int, Part]:
    from channels.db import database_sync_to_async

    if revision and stamp:
        # Usually made already: fetched (Redis) and split in a thread of its own, not in the one
        # thread that the process's requests and database calls share.
        tree = await asyncio.to_thread(_stored_tree, view, revision, stamp)
        if tree is not None:
            return revision, tree
    result: tuple[int, Part] = await database_sync_to_async(_rendered)(view)
    return result


async def watch(view: View) -> None:
    """A page started showing `view`: make sure the next revision can be told as a change."""
    chain = _chain(view)
    async with chain.lock:
        if chain.tree is None:
            try:
                chain.revision, chain.tree = await _render(view)
            except Exception:  # the page re-fetches instead; never breaks the socket
                log.warning("live view %s not rendered", view, exc_info=True)


async def update_for(view: View, revision: int, stamp: str = "") -> tuple[int, str] | None:
    """The update that brings a page of `view` to `revision` or later: (the revision it brings
    the page to, its JSON); None when there is none (the page re-fetches). `stamp` (the case's
    updated_at with that revision) finds the render of exactly that revision, so the chain does
    not skip the revision whose author's page shows it."""
    from verksam.web.cases.workspace import CSRF_SLOT

    chain = _chain(view)
    async with chain.lock:
        if chain.revision < revision:
            try:
                now, tree = await _render(view, revision, stamp)
            except Exception:
                log.warning("live view %s not rendered", view, exc_info=True)
                return None
            parts = changed(chain.tree, tree) if chain.tree is not None else None
            since = chain.revision if parts is not None else None
            chain.update = json.dumps(
                {"revision": now, "since": since, "parts": parts or {}, "csrf": CSRF_SLOT},
                ensure_ascii=False,
            )
            chain.revision, chain.tree = now, tree
        if chain.update is None:
            return None
        return chain.revision, chain.update
