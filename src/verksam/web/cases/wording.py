"""Someone else's change, in words: who changed which field of which step or role, from what to
what — never a path such as `processes/p/variants/v/nodes/n/touch_minutes`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from verksam.web.cases import operations

if TYPE_CHECKING:  # services words its conflicts with conflict_lines
    from verksam.web.cases.services import EditConflict

FIELD_LABELS: dict[str, Any] = {
    "name": gettext_lazy("the name"),
    "touch_minutes": gettext_lazy("the minutes of work"),
    "waiting_hours": gettext_lazy("the waiting time"),
    "lane": gettext_lazy("who does it"),
    "type": gettext_lazy("the kind"),
    "value_adding": gettext_lazy("value-adding"),
    "volume_per_year": gettext_lazy("the cases per year"),
    "cost_per_hour": gettext_lazy("the cost per hour"),
    "fte": gettext_lazy("the FTE"),
    "hours_per_fte": gettext_lazy("the hours per FTE"),
    "trigger": gettext_lazy("what starts it"),
    "probability": gettext_lazy("a share of cases"),
}


def describe(document: dict[str, Any], path: str) -> str:
    """A path of the document in words: `the minutes of work of “Besluta”`."""
    segments = operations.split(path)
    named = ""
    node: Any = document
    last_key = ""
    for segment in segments:
        if isinstance(node, list):
            item = next((x for x in node if isinstance(x, dict) and x.get("id") == segment), None)
            if item is not None and item.get("name"):
                named = str(item["name"])
            node = item
            continue
        last_key = segment
        node = node.get(segment) if isinstance(node, dict) else None
    if (segments and segments[-1] in ("flows", "lanes")) or "flows" in segments:
        what = str(_("the order of the steps, their shares and where they go back"))
    elif last_key in FIELD_LABELS and segments and segments[-1] == last_key:
        what = str(FIELD_LABELS[last_key])
    else:
        what = ""
    if what and named:
        return _("%(what)s of “%(name)s”") % {"what": what, "name": named}
    if named:
        return f"“{named}”"
    return what or str(_("the case"))


def conflict_lines(conflict: EditConflict) -> list[str]:
    """One sentence per change that clashed: who, when, what and its new value."""
    lines = []
    for revision in conflict.revisions:
        recorded = revision.operation
        paths = (
            [str(op.get("path", "")) for op in recorded.get("ops", [])]
            if recorded.get("op") == "steps"
            else [str(recorded.get("path", ""))]
        )
        document = revision.document
        whats = sorted({describe(document, p) for p in paths if p})
        who = revision.author.get_username() if revision.author else str(_("someone"))
        when = date_format(revision.created_at, "SHORT_DATETIME_FORMAT")
        line = _("%(who)s changed %(what)s (%(when)s)") % {
            "who": who, "what": ", ".join(whats) or _("the case"), "when": when,
        }  # fmt: skip
        value = recorded.get("value")
        if recorded.get("op") == "change" and isinstance(value, (str, int, float)):
            line += ": " + _("now “%(value)s”") % {"value": value}
        lines.append(line)
    return lines
