"""How a person is shown on a live page: name, initials and a colour of their own."""

from __future__ import annotations

from typing import Any

COLOURS = 8  # live.css defines .live-c0 ... .live-c7 (contrast checked against white text)


def person(user: Any) -> dict[str, Any]:
    """Name, initials and colour number of a user (stable: the colour follows the user id)."""
    full = (user.get_full_name() or "").strip() if hasattr(user, "get_full_name") else ""
    name = full or str(user.get_username())
    words = [w for w in name.replace(".", " ").replace("-", " ").replace("_", " ").split() if w]
    initials = "".join(w[0] for w in words[:2]).upper() if len(words) > 1 else name[:2].upper()
    return {"name": name, "initials": initials, "colour": int(user.pk or 0) % COLOURS}
