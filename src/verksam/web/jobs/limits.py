"""The input limits of `verksam.limits` as this installation's settings set them, and what the
web app says when an upload exceeds one."""

from __future__ import annotations

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from verksam.limits import LimitError, Limits


def current_limits() -> Limits:
    """The limits of the settings MAX_UNCOMPRESSED_BYTES, MAX_LOG_EVENTS, MAX_MODEL_ACTIVITIES."""
    return Limits(
        uncompressed_bytes=settings.MAX_UNCOMPRESSED_BYTES,
        events=settings.MAX_LOG_EVENTS,
        activities=settings.MAX_MODEL_ACTIVITIES,
    )


def limit_message(error: LimitError, filename: str) -> str:
    """The user's words for a limit an uploaded file exceeds, naming the file and the limit."""
    if error.what == "events":
        return _(
            "“%(file)s” holds more than %(limit)s events, the most this server reads from one "
            "log. Filter the log to a shorter period, or ask the administrator to raise the limit."
        ) % {"file": filename, "limit": number_format(error.limit, force_grouping=True)}
    if error.what == "activities":
        return _(
            "“%(file)s” has more than %(limit)s activities in one process, the most this server "
            "handles at once. Split the process, or ask the administrator to raise the limit."
        ) % {"file": filename, "limit": number_format(error.limit, force_grouping=True)}
    return _(
        "“%(file)s” unpacks to more than %(limit)s, the most this server unpacks from one file. "
        "Split it into smaller files, or ask the administrator to raise the limit."
    ) % {"file": filename, "limit": filesizeformat(error.limit)}
