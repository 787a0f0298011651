"""The cap on a request's body (MAX_REQUEST_BYTES): a request that says it is larger is answered
413 before anything is read, and under ASGI one that sends more than it said (or sends chunks
without a length) is cut off once the count passes the cap. Django's DATA_UPLOAD_MAX_MEMORY_SIZE
does not cover file uploads, so without this a 200 MB anonymous POST was read whole."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import (
    get_supported_language_variant,
    parse_accept_lang_header,
)

Message = dict[str, Any]


def refusal(language: str | None = None) -> tuple[str, str]:
    """The 413 page's title and text, in the given language."""
    with translation.override(language):
        title = _("The request is too large")
        text = _(
            "This server accepts at most %(limit)s in one request. Send a smaller file, or ask "
            "the administrator to raise the limit."
        ) % {"limit": filesizeformat(settings.MAX_REQUEST_BYTES)}
    return title, text


def _page(language: str | None) -> bytes:
    title, text = refusal(language)
    return (
        f'<!DOCTYPE html><html lang="{language or "en"}"><head><meta charset="utf-8">'
        f"<title>{title}</title></head><body><main><h1>{title}</h1><p>{text}</p></main></body>"
        "</html>"
    ).encode()


def _language(accept: str) -> str | None:
    for code, _quality in parse_accept_lang_header(accept):
        try:
            return get_supported_language_variant(code)
        except LookupError:
            continue
    return None


class BodyLimitMiddleware:
    """Django middleware: 413 for a Content-Length above MAX_REQUEST_BYTES, before the view (and
    before Django reads the body)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            language = _language(request.META.get("HTTP_ACCEPT_LANGUAGE", ""))
            return HttpResponse(
                _page(language), status=413, content_type="text/html; charset=utf-8"
            )
        return self.get_response(request)


Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


class BodyLimit:
    """ASGI middleware: counts the body as it arrives and stops the request past the cap."""

    def __init__(self, app: Callable[[Message, Receive, Send], Awaitable[None]]) -> None:
        self.app = app

    async def __call__(self, scope: Message, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = settings.MAX_REQUEST_BYTES
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        language = _language(headers.get("accept-language", ""))
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > limit:
            await self._refuse(send, language)
            return
        state = {"received": 0, "over": False, "started": False}

        async def counted() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                state["received"] += len(message.get("body", b""))
                if state["received"] > limit:
                    state["over"] = True
                    return {"type": "http.disconnect"}  # Django stops reading and answers nothing
            return message

        async def tracked(message: Message) -> None:
            if message["type"] == "http.response.start":
                state["started"] = True
            await send(message)

        await self.app(scope, counted, tracked)
        if state["over"] and not state["started"]:
            await self._refuse(send, language)

    @staticmethod
    async def _refuse(send: Send, language: str | None) -> None:
        body = _page(language)
        await send({"type": "http.response.start", "status": 413, "headers": [
            (b"content-type", b"text/html; charset=utf-8"),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
        ]})  # fmt: skip
        await send({"type": "http.response.body", "body": body})
