"""Choices offered in editor cells: translated labels of the model's fixed values, and lists of
the case's elements (goals, units, roles, lanes...) a reference may point at.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from verksam.model import Case

Choices = list[tuple[str, str]]


# Translated labels of the model's fixed choices (Literal values); unknown values show as they are.
CHOICE_LABELS: dict[str, Any] = {
    "overarching": _("overarching"), "operational": _("operational"), "sub": _("sub-goal"),
    "qualitative": _("qualitative"), "quantitative": _("quantitative"),
    "higher-is-better": _("higher is better"), "lower-is-better": _("lower is better"),
    "internal": _("internal"), "external": _("external"), "citizen": _("citizen"),
    "people": _("people"), "physical": _("physical"), "information": _("information"),
    "abstract": _("abstract"), "document": _("document"), "record": _("record"),
    "data-store": _("data store"), "message": _("message"),
    "as-is": _("as-is"), "to-be": _("to-be"), "alternative": _("alternative"),
    "start": _("start event"), "end": _("end event"), "task": _("activity"),
    "subprocess": _("sub-process"), "xor": _("exclusive choice (XOR)"),
    "and": _("parallel (AND)"), "or": _("inclusive choice (OR)"),
    "event-gateway": _("event-based choice"), "event": _("intermediate event"),
    "sync": _("synchronous"), "async": _("asynchronous"), "reply": _("reply"),
    "initial": _("initial"), "normal": _("normal"), "final": _("final"),
    "cash-releasing": _("cash-releasing"), "reallocation": _("reallocation"),
    "other-public": _("other public benefit"), "non-monetised": _("non-monetised"),
    "planned": _("planned"), "in-progress": _("in progress"), "realised": _("realised"),
    "partly-realised": _("partly realised"), "not-realised": _("not realised"),
    "cancelled": _("cancelled"), "investment": _("investment"), "running": _("running"),
    "low": pgettext_lazy("level", "low"), "medium": pgettext_lazy("level", "medium"),
    "high": pgettext_lazy("level", "high"),
    "negative": _("negative"), "neutral": _("neutral"), "positive": _("positive"),
    "manage-closely": _("manage closely"), "keep-satisfied": _("keep satisfied"),
    "keep-informed": _("keep informed"), "monitor": _("monitor"),
    "not-started": _("not started"), "met": _("met"), "not-met": _("not met"),
    "working-days": _("working days"), "calendar-days": _("calendar days"), "hours": _("hours"),
}  # fmt: skip


def fixed(*values: str) -> Callable[[Case, dict[str, Any]], Choices]:
    return lambda case, scope: [(v, str(CHOICE_LABELS.get(v, v))) for v in values]


def elements(getter: Callable[[Case, dict[str, Any]], list[Any]]) -> Callable[..., Choices]:
    """Choices naming elements of the case (id, name) found by `getter`."""
    return lambda case, scope: [(e.id, _label_of(e)) for e in getter(case, scope) if e.id]


def _label_of(element: Any) -> str:
    """What to call an element in a choice: its label, else its name or reference, else its id."""
    label = getattr(element, "label", None) if "label" in dir(type(element)) else None
    return str(label or getattr(element, "name", "") or getattr(element, "ref", "") or element.id)


def goals(case: Case, scope: dict[str, Any]) -> list[Any]:
    return case.vision.goals if case.vision else []


def problems(case: Case, scope: dict[str, Any]) -> list[Any]:
    return case.vision.problems if case.vision else []


def units(case: Case, scope: dict[str, Any]) -> list[Any]:
    return case.structure.units if case.structure else []


def roles(case: Case, scope: dict[str, Any]) -> list[Any]:
    return case.structure.roles if case.structure else []


def systems(case: Case, scope: dict[str, Any]) -> list[Any]:
    return case.structure.systems if case.structure else []


def information(case: Case, scope: dict[str, Any]) -> list[Any]:
    return case.structure.information if case.structure else []


def effect_goals(case: Case, scope: dict[str, Any]) -> list[Any]:
    return case.effect_map.effect_goals if case.effect_map else []


def target_groups(case: Case, scope: dict[str, Any]) -> list[Any]:
    return case.effect_map.target_groups if case.effect_map else []


def needs(case: Case, scope: dict[str, Any]) -> list[Any]:
    return case.effect_map.needs if case.effect_map else []


def lanes(case: Case, scope: dict[str, Any]) -> list[Any]:
    return scope["variant"].lanes if "variant" in scope else []


def nodes(case: Case, scope: dict[str, Any]) -> list[Any]:
    return scope["variant"].nodes if "variant" in scope else []


def participants(case: Case, scope: dict[str, Any]) -> list[Any]:
    return scope["sequence"].participants if "sequence" in scope else []


def states(case: Case, scope: dict[str, Any]) -> list[Any]:
    return scope["machine"].states if "machine" in scope else []


def processes(case: Case, scope: dict[str, Any]) -> list[Any]:
    return case.processes


def process_nodes(case: Case, scope: dict[str, Any]) -> list[Any]:
    """Activities and events of the declaration's process (its first variant), for promises."""
    process = next((p for p in case.processes if p.id == scope.get("process_id")), None)
    return process.variants[0].nodes if process and process.variants else []


def benefit_list(key: str) -> Callable[[Case, dict[str, Any]], list[Any]]:
    return lambda case, scope: list(getattr(case.benefits, key)) if case.benefits else []
