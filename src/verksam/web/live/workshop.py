"""Workshop mode: the facilitator leads (participants' pages follow the page they show), a shared
timer and the parking lot of open questions. Every change is told to the case's open pages."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from verksam.web.cases.models import Case
from verksam.web.live.broadcast import send_to_case
from verksam.web.live.models import ParkedQuestion, Workshop
from verksam.web.live.people import person

TIMER_LIMIT_MINUTES = 240


def state_of(case: Case) -> dict[str, Any]:
    """The workshop as the pages need it (JSON)."""
    workshop = Workshop.objects.filter(case=case).select_related("leader").first()
    if workshop is None:
        return {"leader": None, "shown": "", "timer_ends_at": None}
    leader = workshop.leader
    ends = workshop.timer_ends_at
    return {
        "leader": {"id": leader.pk, **person(leader)} if leader is not None else None,
        "shown": workshop.shown_path if leader is not None else "",
        "timer_ends_at": ends.isoformat() if ends and ends > timezone.now() else None,
    }


def _changed(case: Case, what: str) -> None:
    transaction.on_commit(
        lambda: send_to_case(
            case.pk, {"type": "workshop.changed", "what": what, "workshop": state_of(case)}
        )
    )


def lead(case: Case, user: Any, shown_path: str) -> None:
    """`user` leads the workshop from now on, showing `shown_path` (a page of this case)."""
    Workshop.objects.update_or_create(
        case=case, defaults={"leader": user, "shown_path": shown_path}
    )
    _changed(case, "lead")


def stop_leading(case: Case) -> None:
    Workshop.objects.filter(case=case).update(leader=None, shown_path="")
    _changed(case, "lead")


def show(case_pk: int, user: Any, path: str) -> bool:
    """The leader now shows `path`; followers' pages go there. Others' requests are ignored."""
    updated = Workshop.objects.filter(case_id=case_pk, leader=user).exclude(shown_path=path)
    if not updated.update(shown_path=path):
        return False
    _changed(Case(pk=case_pk), "show")
    return True


def start_timer(case: Case, minutes: int) -> None:
    minutes = max(1, min(TIMER_LIMIT_MINUTES, minutes))
    Workshop.objects.update_or_create(
        case=case,
        defaults={
            "timer_ends_at": timezone.now() + timedelta(minutes=minutes),
            "timer_minutes": minutes,
        },
    )
    _changed(case, "timer")


def stop_timer(case: Case) -> None:
    Workshop.objects.filter(case=case).update(timer_ends_at=None)
    _changed(case, "timer")


def park(case: Case, user: Any, text: str) -> ParkedQuestion:
    question = ParkedQuestion.objects.create(case=case, author=user, text=text.strip()[:500])
    _changed(case, "parking")
    return question


def answer(question: ParkedQuestion, answered: bool) -> None:
    question.answered_at = timezone.now() if answered else None
    question.save(update_fields=["answered_at"])
    _changed(question.case, "parking")


def parked_of(case: Case) -> list[ParkedQuestion]:
    return list(case.parked_questions.select_related("author"))
