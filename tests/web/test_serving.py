"""How `verksam serve` shapes and settles its server processes: how many there are, each with a
helper process, and the garbage collector leaving the loaded app alone."""

from __future__ import annotations

import gc
from typing import Any

import pytest
from django.conf import settings as django_settings
from gunicorn.app.base import BaseApplication

from verksam.web import commands, serving

HELPER_AT_START = django_settings.HELPER_PROCESS


def test_settling_freezes_the_loaded_objects_and_collects_less_often() -> None:
    threshold = gc.get_threshold()
    try:
        serving.settle(worker=None)
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold() == serving.GC_THRESHOLD
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)


@pytest.mark.parametrize(
    ("redis", "helper_variable", "processes", "helpers"),
    [
        ("", None, 1, True),  # one process: the in-memory layer reaches only its own sockets
        ("redis://127.0.0.1:6379/7", None, 4, True),  # one per two cores, each with a helper
        ("redis://127.0.0.1:6379/7", "0", 8, False),  # without helpers, one per core
    ],
)
def test_serve_runs_one_server_process_per_two_cores_each_with_a_helper(
    monkeypatch: Any, settings: Any, redis: str, helper_variable: str | None, processes: int,
    helpers: bool,
) -> None:  # fmt: skip
    started: list[int] = []
    monkeypatch.setattr(BaseApplication, "run", lambda self: started.append(self.cfg.workers))
    monkeypatch.setattr(commands.os, "cpu_count", lambda: 8)
    if helper_variable is None:
        monkeypatch.delenv("VERKSAM_HELPER_PROCESS", raising=False)
    else:
        monkeypatch.setenv("VERKSAM_HELPER_PROCESS", helper_variable)
    # through the fixture, so that what serve sets is undone after the test
    settings.HELPER_PROCESS = False
    settings.REDIS_URL = redis
    commands._run_web_server("127.0.0.1", 8000)
    assert started == [processes]
    assert settings.HELPER_PROCESS is helpers


def test_serve_leaves_no_helper_setting_behind_for_the_other_tests() -> None:
    assert django_settings.HELPER_PROCESS is HELPER_AT_START  # runs after the test above
