"""The server process class `verksam serve` runs under gunicorn: uvicorn's, without compressing
WebSocket messages.

A live workshop sends every revision's changed parts (tens of KB of HTML) to every open page;
compressing them for each page separately took more CPU than rendering them (py-spy, 30 people
on two cores: 6 % of the server's time in permessage-deflate), so they go uncompressed. Pages
and files over HTTP are not affected.
"""

from __future__ import annotations

import gc
from typing import Any

from uvicorn_worker import UvicornWorker


class Worker(UvicornWorker):  # type: ignore[misc]  # uvicorn-worker's base is untyped to mypy
    CONFIG_KWARGS: dict[str, Any] = {**UvicornWorker.CONFIG_KWARGS, "ws_per_message_deflate": False}


GC_THRESHOLD = (20_000, 20, 20)  # Python's default is (700, 10, 10)


def settle(worker: Any) -> None:
    """gunicorn's post_worker_init: once the app is loaded, its objects (Django, the templates,
    the translations) are set aside from the garbage collector, and collections run less often.
    An edit of a large process allocates hundreds of thousands of small objects, almost none in
    cycles; with Python's defaults the collector ran dozens of times per edit over everything
    loaded (a tenth of the server's time in bench_web)."""
    from verksam.web import helper

    helper.start(prepare=settle_collector)  # when the server has one: before a request needs it
    settle_collector()


def leave(arbiter: Any, worker: Any) -> None:
    """gunicorn's worker_exit: the helper process, if any, stops with its server process."""
    from verksam.web import helper

    helper.stop()


def settle_collector() -> None:
    """The garbage collector's part of `settle` (the helper process's too, verksam.web.helper)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLD)
