"""The server process class `verksam serve` runs under gunicorn: uvicorn's, without compressing
WebSocket messages.

A live workshop sends every revision's changed parts (tens of KB of HTML) to every open page;
compressing them for each page separately took more CPU than rendering them (py-spy, 30 people
on two cores: 6 % of the server's time in permessage-deflate), so they go uncompressed. Pages
and files over HTTP are not affected.
"""

from __future__ import annotations

from typing import Any

from uvicorn_worker import UvicornWorker


class Worker(UvicornWorker):  # type: ignore[misc]  # uvicorn-worker's base is untyped to mypy
    CONFIG_KWARGS: dict[str, Any] = {**UvicornWorker.CONFIG_KWARGS, "ws_per_message_deflate": False}
