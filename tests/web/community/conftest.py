"""Community tests run background tasks at once, so notification mails are in mail.outbox."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def immediate_tasks(settings: pytest.FixtureRequest) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
