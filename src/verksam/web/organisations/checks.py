"""System checks that make a broken set-up fail loudly at start-up (as django.contrib.sites does)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.staticfiles)
def htmx_installed(app_configs: Any, **kwargs: Any) -> list[checks.CheckMessage]:
    if (settings.HTMX_DIR / "htmx.min.js").is_file():
        return []
    return [
        checks.Warning(
            f"htmx is missing from {settings.HTMX_DIR}; pages will not update live.",
            hint="Run `npm ci` in the repository root (or `make browser-deps`).",
            id="verksam.W001",
        )
    ]
