"""The SQLite backend of `verksam serve` keeps the connections Django closes for the next request
(verksam.web.sqlite), but never one inside a transaction, never another process's, and never an
in-memory database's."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import pytest

from verksam.web.sqlite import base


def _wrapper(name: str) -> base.DatabaseWrapper:
    settings = {
        "ENGINE": "verksam.web.sqlite", "NAME": name, "OPTIONS": {}, "TEST": {},
        "ATOMIC_REQUESTS": False, "AUTOCOMMIT": True, "CONN_MAX_AGE": 0,
        "CONN_HEALTH_CHECKS": False, "TIME_ZONE": None,
        "USER": "", "PASSWORD": "", "HOST": "", "PORT": "",
    }  # fmt: skip
    return base.DatabaseWrapper(settings, alias=f"kept-{name}")


def _raw(wrapper: base.DatabaseWrapper) -> Any:
    wrapper.ensure_connection()
    return wrapper.connection


@pytest.fixture(autouse=True)
def own_databases(django_db_blocker: Any) -> Any:
    """These tests open their own database files, not the test database."""
    with django_db_blocker.unblock():
        yield


@pytest.fixture
def database(tmp_path: Path) -> str:
    return str(tmp_path / "kept.sqlite3")


def test_a_closed_connection_is_given_to_the_next_thread_with_foreign_keys_on(
    database: str,
) -> None:
    first = _wrapper(database)
    raw = _raw(first)
    raw.execute("PRAGMA foreign_keys = OFF")
    first.close()
    got: list[Any] = []

    def other_thread() -> None:
        second = _wrapper(database)
        got.append(_raw(second))
        got.append(second.connection.execute("PRAGMA foreign_keys").fetchone()[0])
        second.cursor().execute("CREATE TABLE t (x INTEGER)")  # the connection works
        second.close()

    thread = threading.Thread(target=other_thread)
    thread.start()
    thread.join()
    assert got == [raw, 1]


def test_a_connection_closed_inside_a_transaction_is_not_kept(database: str) -> None:
    first = _wrapper(database)
    raw = _raw(first)
    raw.execute("CREATE TABLE t (x INTEGER)")
    raw.execute("BEGIN")
    raw.execute("INSERT INTO t VALUES (1)")
    first.close()
    second = _wrapper(database)
    assert _raw(second) is not raw
    # the insert was not committed by someone else's later work on that connection
    assert second.connection.execute("SELECT count(*) FROM t").fetchone()[0] == 0
    second.close()


def test_a_forked_process_does_not_use_its_parents_connections(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _wrapper(database)
    raw = _raw(first)
    first.close()
    monkeypatch.setattr(os, "getpid", lambda: -1)  # as the child of a fork sees itself
    second = _wrapper(database)
    assert _raw(second) is not raw
    second.close()


def test_each_database_file_has_its_own_connections(tmp_path: Path) -> None:
    first = _wrapper(str(tmp_path / "one.sqlite3"))
    raw = _raw(first)
    first.close()
    second = _wrapper(str(tmp_path / "two.sqlite3"))
    assert _raw(second) is not raw
    second.close()


def test_only_a_few_connections_are_kept(database: str) -> None:
    wrappers = [_wrapper(database) for _ in range(base.KEPT + 3)]
    raws = [_raw(w) for w in wrappers]
    for w in wrappers:
        w.close()
    again = [_wrapper(database) for _ in range(base.KEPT + 3)]
    reused = {id(_raw(w)) for w in again} & {id(r) for r in raws}
    assert len(reused) == base.KEPT
    for w in again:
        w.close()


def test_an_in_memory_database_is_left_to_django() -> None:
    first = _wrapper(":memory:")
    raw = _raw(first)
    raw.execute("CREATE TABLE t (x INTEGER)")
    first.close()  # Django ignores it: closing would lose the database
    assert first.connection is raw
    assert not any(":memory:" in name for _pid, name in base._idle)


def test_a_process_closes_its_kept_connections_before_it_forks(database: str) -> None:
    import sqlite3

    first = _wrapper(database)
    raw = _raw(first)
    first.close()
    child = os.fork()
    if child == 0:
        os._exit(0)  # the child does nothing: the parent's side of the fork is tested
    os.waitpid(child, 0)
    with pytest.raises(sqlite3.ProgrammingError):
        raw.execute("SELECT 1")
    second = _wrapper(database)
    assert _raw(second) is not raw
    second.close()
