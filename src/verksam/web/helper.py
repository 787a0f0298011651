"""A helper process for the server's heaviest work, when the server runs as one process
(`verksam serve` without Redis): a workspace's diagram, tables and key figures after each edit.

Python runs one thread at a time per process, so while one process made a 100-step workspace
(some 30 ms) every other request waited, and the machine's second core stood idle. With the
helper, the request's thread waits for the helper's answer without holding the interpreter, and
the other requests go on meanwhile.

Off unless `settings.HELPER_PROCESS` is set (`verksam serve` sets it for its single process).
`run(fn, *args)` calls the module-level function `fn` in the helper and returns its result; when
the helper is off or has stopped, `fn` runs here (a stopped helper is started again for the next
call). `fn`, its arguments and its result go between the processes as pickles.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from django.conf import settings

log = logging.getLogger(__name__)

T = TypeVar("T")
OFF = "VERKSAM_HELPER_PROCESS"  # set to "" in the helper itself: it has no helper of its own

_pool: ProcessPoolExecutor | None = None
_prepare: Callable[[], None] | None = None
_lock = threading.Lock()


def run(fn: Callable[..., T], *args: Any) -> T:
    """`fn(*args)`, in the helper process when there is one."""
    if not settings.HELPER_PROCESS:
        return fn(*args)
    pool = start()
    try:
        return pool.submit(fn, *args).result()
    except BrokenProcessPool:
        # it was stopped (out of memory, killed): this answer is made here, the next call starts it
        log.warning("the helper process stopped; starting it again", exc_info=True)
        with _lock:
            global _pool
            if _pool is pool:
                _pool = None
        pool.shutdown(wait=False, cancel_futures=True)
        return fn(*args)


def start(prepare: Callable[[], None] | None = None) -> ProcessPoolExecutor:
    """The helper process, started (with Django set up in it, then `prepare()` called, a
    module-level function: kept for a helper started again) if it is not running."""
    global _pool, _prepare
    with _lock:
        _prepare = prepare or _prepare
        if _pool is None:
            # spawned, not forked: the server process has threads and an event loop
            _pool = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_setup,
                initargs=(_prepare,),
            )
            _pool.submit(_ready).result()  # ready before the first request needs it
        return _pool


def stop() -> None:
    """Stop the helper process (a later call starts it again)."""
    global _pool
    with _lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)


def _setup(prepare: Callable[[], None] | None) -> None:
    os.environ[OFF] = ""
    parent = os.getppid()
    threading.Thread(target=_follow, args=(parent,), daemon=True, name="follow-server").start()
    import django

    django.setup()
    if prepare is not None:
        prepare()


def _follow(parent: int) -> None:
    """End with the server process, however it ended: killed, it tells the helper nothing."""
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(0)


def _ready() -> bool:
    return True
