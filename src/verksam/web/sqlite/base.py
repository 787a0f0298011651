"""Django's SQLite backend with each process keeping the connections Django closes, to hand them
to the next request.

Under ASGI every request runs in a thread of its own, so Django opens a connection per request,
and SQLite reads the whole schema again before its first query: about 2 ms of a 9 ms sign-in
page. A connection closed outside a transaction is kept here (a few per database file) and given
to the next thread that connects to the same file. In-memory databases (the tests') are Django's
own: it never closes them. A process about to fork closes its idle connections first, and a
forked process never uses its parent's (SQLite forbids it): they are kept under the process id.
"""

from __future__ import annotations

import os
import threading
from typing import Any

from django.db.backends.sqlite3 import base
from django.utils.asyncio import async_unsafe

KEPT = 8  # idle connections per database file and process: the server's threads at a time

_idle: dict[tuple[int, str], list[Any]] = {}
_lock = threading.Lock()


def _key(name: object) -> tuple[int, str]:
    """Where a connection may be kept: this process and the database file (settings' NAME)."""
    return (os.getpid(), str(name))


def close_idle() -> None:
    """Close the connections kept for later (before a fork: the child must not inherit them)."""
    with _lock:
        for connections in _idle.values():
            for conn in connections:
                conn.close()
        _idle.clear()


os.register_at_fork(before=close_idle)


class DatabaseWrapper(base.DatabaseWrapper):
    @async_unsafe
    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        with _lock:
            idle = _idle.get(_key(self.settings_dict["NAME"]))
            conn = idle.pop() if idle else None
        if conn is None:
            return super().get_new_connection(conn_params)
        # as Django sets it on a new connection; a schema change may have turned it off
        conn.execute("PRAGMA foreign_keys = ON")
        return conn

    def _close(self) -> None:
        conn = self.connection
        if conn is not None and not conn.in_transaction and not self.is_in_memory_db():
            with _lock:
                idle = _idle.setdefault(_key(self.settings_dict["NAME"]), [])
                if len(idle) < KEPT:
                    idle.append(conn)
                    return
        super()._close()  # type: ignore[misc]  # django-stubs leave this one out
