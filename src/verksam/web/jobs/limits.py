"""The input limits of `verksam.limits` as this installation's settings set them, and what the
web app says when an upload exceeds one."""

from __future__ import annotations

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from verksam.limits import LimitError, Limits
from verksam.model import Case


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


def oversized(case: Case, process: str | None, variant: str | None = None) -> int | None:
    """The node count of the process variant (of its largest variant when none is named) when
    it is above MAX_MODEL_ACTIVITIES, else None: such a variant is summarised, not drawn or
    analysed (a 10,000-activity model took over 100 s per page)."""
    found = next((p for p in case.processes if p.id == process), None)
    if found is None:
        return None
    counts = [len(v.nodes) for v in found.variants if variant in (None, v.id)]
    largest = max(counts, default=0)
    return largest if largest > settings.MAX_MODEL_ACTIVITIES else None


def too_many_activities(count: int) -> str:
    """What a page says instead of the diagram, table or figures of an oversized variant."""
    return _(
        "This process variant has %(count)s activities and events, more than the %(limit)s this "
        "server draws and analyses at once. It is kept, exported and imported as it is. Split it "
        "into smaller processes, or ask the administrator to raise the limit."
    ) % {
        "count": number_format(count, force_grouping=True),
        "limit": number_format(settings.MAX_MODEL_ACTIVITIES, force_grouping=True),
    }
