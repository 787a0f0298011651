"""Sockets of the live app for tests: the real ASGI stack (allowed hosts, session, routing) with
the in-memory channel layer, driven by channels' WebsocketCommunicator."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.testing.websocket import WebsocketCommunicator
from django.test import Client


@pytest.fixture(autouse=True)
def in_memory_layer(settings: Any) -> None:
    """Unit tests use the in-memory layer, whatever REDIS_URL says (the browser tests use Redis)."""
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}


def socket_for(user: Any, path: str) -> WebsocketCommunicator:
    """A communicator on `path`, signed in as `user` (None: anonymous) through the session cookie."""
    from verksam.web.asgi import application

    headers = [(b"origin", b"http://testserver"), (b"host", b"testserver")]
    if user is not None:
        client = Client()
        client.force_login(user)
        headers.append((b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode()))
    return WebsocketCommunicator(application, path, headers=headers)


def case_path(org: str, case: str) -> str:
    return f"/ws/o/{org}/cases/{case}/"


def run(test: Callable[[], Awaitable[None]]) -> None:
    """Run an async test body; its database calls come back to this thread (the test's)."""
    async_to_sync(test)()
