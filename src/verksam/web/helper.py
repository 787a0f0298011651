"""A helper process for the server's heaviest work, when the server runs as one process
(`verksam serve` without Redis): a workspace's diagram, tables and key figures after each edit.

Python runs one thread at a time per process, so while one process made a 100-step workspace
(some 30 ms) every other request waited, and the machine's second core stood idle. With the
helper, the request's thread waits for its answer without holding the interpreter, and the other
requests go on meanwhile.

Off unless `settings.HELPER_PROCESS` is set (`verksam serve` sets it for each server process).
`run(fn, *args)` sends the module-level function `fn` and its arguments to the helper over a pipe
(as pickles, one call at a time) and returns its result or raises its exception. When the helper
is off or has stopped, `fn` runs here; a stopped helper is started again for the next call. The
helper ends when the server process closes its end of the pipe, however the server ended.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, TypeVar

from django.conf import settings

log = logging.getLogger(__name__)

T = TypeVar("T")
OFF = "VERKSAM_HELPER_PROCESS"  # set to "" in the helper itself: it has no helper of its own

_lock = threading.Lock()  # one call at a time on the pipe
_helper: tuple[BaseProcess, Connection] | None = None
_prepare: Callable[[], None] | None = None


def run(fn: Callable[..., T], *args: Any) -> T:
    """`fn(*args)`, in the helper process when there is one."""
    if not settings.HELPER_PROCESS:
        return fn(*args)
    with _lock:
        try:
            pipe = _running()
            pipe.send((fn, args))
            ok, value = pipe.recv()
        except (OSError, EOFError):  # it stopped (out of memory, killed): this answer is made here
            log.warning("the helper process stopped; it is started again", exc_info=True)
            _forget()
            ok = None
    if ok is None:
        return fn(*args)
    if not ok:
        raise value
    result: T = value
    return result


def start(prepare: Callable[[], None] | None = None) -> None:
    """Start the helper, when the setting asks for one and it is not running: Django set up in
    it, then `prepare()` called (a module-level function, kept for a helper started again)."""
    global _prepare
    if not settings.HELPER_PROCESS:
        return
    with _lock:
        _prepare = prepare or _prepare
        _running()


def stop() -> None:
    """Stop the helper process (a later call starts it again)."""
    with _lock:
        _forget()


def _running() -> Connection:
    """The pipe to a running helper, started if need be (with _lock held)."""
    global _helper
    if _helper is not None and _helper[0].is_alive():
        return _helper[1]
    _forget()
    # spawned, not forked: the server process has threads and an event loop
    context = multiprocessing.get_context("spawn")
    here, there = context.Pipe()
    process = context.Process(
        target=_serve, args=(there, _prepare), name="verksam-helper", daemon=True
    )
    process.start()
    there.close()  # the helper's end: when the helper ends, reading here meets the end of the pipe
    here.send((_ready, ()))
    here.recv()  # set up before the first request needs it
    _helper = (process, here)
    return here


def _forget() -> None:
    global _helper
    if _helper is None:
        return
    process, pipe = _helper
    _helper = None
    pipe.close()  # the helper reads the end of the pipe and ends
    process.join(timeout=5)
    if process.is_alive():
        process.kill()


def _serve(pipe: Connection, prepare: Callable[[], None] | None) -> None:
    """The helper: answer calls until the server closes the pipe."""
    os.environ[OFF] = ""
    # Ctrl+C in a terminal reaches the whole process group; the helper ends with the server
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    import django

    django.setup()
    if prepare is not None:
        prepare()
    while True:
        try:
            fn, args = pipe.recv()
        except EOFError:
            return
        try:
            answer: tuple[bool, Any] = (True, fn(*args))
        except Exception as exc:
            exc.add_note(f"in the helper process:\n{traceback.format_exc()}")
            answer = (False, exc)
        try:
            pipe.send(answer)
        except Exception as exc:  # an answer that cannot be pickled; nothing was sent yet
            pipe.send((False, RuntimeError(f"the helper's answer cannot be sent: {exc!r}")))


def _ready() -> bool:
    return True
