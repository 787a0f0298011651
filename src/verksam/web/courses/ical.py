"""An iCalendar (RFC 5545) feed of a course: its sessions and module due dates.

Lines end in CRLF and are folded at 75 octets (never inside a UTF-8 character); text values escape
backslash, semicolon, comma and newline; times are written in UTC; all-day entries (open periods of
asynchronous workshops and due dates) use VALUE=DATE with an exclusive DTEND.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _

from verksam.web.courses.models import Course, Module, Session

PRODID = "-//Verksam//Courses//EN"


def escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Split a content line into 75-octet pieces joined by CRLF + space."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    pieces: list[str] = []
    start, limit = 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # continuation byte: step back
            end -= 1
        pieces.append(data[start:end].decode("utf-8"))
        start, limit = end, 74  # the leading space of a continuation line counts
    return "\r\n ".join(pieces)


def _utc(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _date(value: dt.date) -> str:
    return value.strftime("%Y%m%d")


def _session_lines(session: Session, url: str, stamp: str, host: str) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:session-{session.pk}@{host}",
        f"DTSTAMP:{stamp}",
        f"LAST-MODIFIED:{_utc(session.updated_at)}",
    ]
    if session.is_async and session.opens_on and session.closes_on:
        lines += [
            f"DTSTART;VALUE=DATE:{_date(session.opens_on)}",
            f"DTEND;VALUE=DATE:{_date(session.closes_on + dt.timedelta(days=1))}",
            "TRANSP:TRANSPARENT",
        ]
    elif session.starts_at:
        end = session.ends_at or session.starts_at + dt.timedelta(hours=1)
        lines += [f"DTSTART:{_utc(session.starts_at)}", f"DTEND:{_utc(end)}"]
    else:
        return []
    summary = f"{session.course.title}: {session.title}"
    description = session.description
    if session.video_url:
        description = f"{description}\n{_('Video meeting')}: {session.video_url}".strip()
    lines += [f"SUMMARY:{escape(summary)}", f"URL:{url}"]
    if description:
        lines.append(f"DESCRIPTION:{escape(description)}")
    location = session.place or session.video_url
    if location:
        lines.append(f"LOCATION:{escape(location)}")
    lines.append("END:VEVENT")
    return lines


def _module_lines(module: Module, url: str, stamp: str, host: str) -> list[str]:
    if module.due_on is None:
        return []
    summary = _("%(course)s: %(module)s due") % {
        "course": module.course.title,
        "module": module.title,
    }
    return [
        "BEGIN:VEVENT",
        f"UID:module-{module.pk}-due@{host}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{_date(module.due_on)}",
        f"DTEND;VALUE=DATE:{_date(module.due_on + dt.timedelta(days=1))}",
        f"SUMMARY:{escape(summary)}",
        f"URL:{url}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


def calendar(
    course: Course,
    session_urls: dict[int, str],
    module_urls: dict[int, str],
    host: str,
) -> str:
    """The whole feed as text with CRLF line ends."""
    stamp = _utc(timezone.now())
    lines: list[str] = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(course.title)}",
    ]
    sessions: Iterable[Session] = course.sessions.select_related("course")
    for session in sessions:
        lines += _session_lines(session, session_urls[session.pk], stamp, host)
    for module in course.modules.select_related("course"):
        lines += _module_lines(module, module_urls[module.pk], stamp, host)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
