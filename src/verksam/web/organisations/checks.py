"""System checks that make a broken set-up fail loudly at start-up (as django.contrib.sites does)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.staticfiles)
def front_end_installed(app_configs: Any, **kwargs: Any) -> list[checks.CheckMessage]:
    missing = {
        "htmx": (settings.HTMX_DIR / "htmx.min.js", "pages will not update live"),
        "@panzoom/panzoom": (
            settings.PANZOOM_DIR / "panzoom.min.js",
            "diagrams cannot be zoomed or moved",
        ),
    }
    return [
        checks.Warning(
            f"{package} is missing from {path.parent}; {effect}.",
            hint="Run `npm ci` in the repository root (or `make browser-deps`).",
            id="verksam.W001",
        )
        for package, (path, effect) in missing.items()
        if not path.is_file()
    ]
