"""Where in a case something is, in words: “Ordering – As-is › step “Check the application” › lane”
instead of the path `processes.ordering.variants.as-is.nodes[3].lane` or `.../flows/@11/probability`.

Validation problems, history and conflicts name elements with these words; the paths stay in the
data (attributes, API) where programs read them.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

# what the items of each list are called (processes and variants are named by their names alone)
NOUNS: dict[str, Promise] = {
    "lanes": pgettext_lazy("place", "lane"),
    "roles": pgettext_lazy("place", "role"),
    "units": pgettext_lazy("place", "unit"),
    "goals": pgettext_lazy("place", "goal"),
    "problems": pgettext_lazy("place", "problem"),
    "concepts": pgettext_lazy("place", "concept"),
    "resources": pgettext_lazy("place", "resource"),
    "systems": pgettext_lazy("place", "IT system"),
    "information": pgettext_lazy("place", "information object"),
    "effect_goals": pgettext_lazy("place", "effect goal"),
    "target_groups": pgettext_lazy("place", "target group"),
    "needs": pgettext_lazy("place", "need"),
    "deliverables": pgettext_lazy("place", "deliverable"),
    "benefits": pgettext_lazy("place", "benefit"),
    "costs": pgettext_lazy("place", "cost"),
    "changes": pgettext_lazy("place", "change"),
    "effects": pgettext_lazy("place", "effect"),
    "assumptions": pgettext_lazy("place", "assumption"),
    "stakeholders": pgettext_lazy("place", "stakeholder"),
    "prerequisites": pgettext_lazy("place", "prerequisite"),
    "risks": pgettext_lazy("place", "risk"),
    "sequences": pgettext_lazy("place", "sequence diagram"),
    "participants": pgettext_lazy("place", "participant"),
    "messages": pgettext_lazy("place", "message"),
    "state_machines": pgettext_lazy("place", "state machine"),
    "states": pgettext_lazy("place", "state"),
    "transitions": pgettext_lazy("place", "transition"),
    "services": pgettext_lazy("place", "service declaration"),
    "promises": pgettext_lazy("place", "promise"),
    "alternatives": pgettext_lazy("place", "alternative"),
    "criteria": pgettext_lazy("place", "criterion"),
    "requirements": pgettext_lazy("place", "requirement"),
    "candidates": pgettext_lazy("place", "candidate solution"),
}
NODE_NOUNS: dict[str, Promise] = {
    "start": pgettext_lazy("place", "start event"),
    "end": pgettext_lazy("place", "end event"),
    "intermediate": pgettext_lazy("place", "event"),
    "task": pgettext_lazy("place", "step"),
    "subprocess": pgettext_lazy("place", "sub-process"),
    "xor": pgettext_lazy("place", "branch"),
    "or": pgettext_lazy("place", "branch"),
    "and": pgettext_lazy("place", "parallel branch"),
    "event-gateway": pgettext_lazy("place", "branch"),
}
SECTIONS: dict[str, Promise] = {
    "vision": pgettext_lazy("place", "Vision and goals"),
    "effect_map": pgettext_lazy("place", "Effect map"),
    "structure": pgettext_lazy("place", "Structure"),
    "behaviour": pgettext_lazy("place", "Behaviour"),
    "benefits": pgettext_lazy("place", "Benefits"),
    "settings": pgettext_lazy("place", "Case settings"),
    "evaluation": pgettext_lazy("place", "Evaluation of solutions"),
}
FIELDS: dict[str, Promise] = {
    "name": pgettext_lazy("place", "name"),
    "lane": pgettext_lazy("place", "lane"),
    "role": pgettext_lazy("place", "role"),
    "unit": pgettext_lazy("place", "unit"),
    "type": pgettext_lazy("place", "type"),
    "kind": pgettext_lazy("place", "kind"),
    "touch_minutes": pgettext_lazy("place", "touch time"),
    "waiting_hours": pgettext_lazy("place", "waiting time"),
    "probability": pgettext_lazy("place", "probability"),
    "source": pgettext_lazy("place", "from"),
    "target": pgettext_lazy("place", "to"),
    "parent": pgettext_lazy("place", "part of"),
    "volume_per_year": pgettext_lazy("place", "cases per year"),
    "fte": pgettext_lazy("place", "FTE"),
    "cost_per_hour": pgettext_lazy("place", "cost per hour"),
    "description": pgettext_lazy("place", "description"),
    "trigger": pgettext_lazy("place", "trigger"),
    "statement": pgettext_lazy("place", "vision statement"),
    "value_adding": pgettext_lazy("place", "value-adding"),
    "owner": pgettext_lazy("place", "owner"),
    "indicator": pgettext_lazy("place", "indicator"),
    "baseline": pgettext_lazy("place", "baseline"),
    "deadline": pgettext_lazy("place", "deadline"),
    "formula": pgettext_lazy("place", "formula"),
    "blocks": pgettext_lazy("place", "blocks goals"),
    "causes": pgettext_lazy("place", "causes"),
    "goals": pgettext_lazy("place", "goals"),
    "object": pgettext_lazy("place", "business object"),
    "start_year": pgettext_lazy("place", "first year"),
    "end_year": pgettext_lazy("place", "last year"),
    "hours": pgettext_lazy("place", "opening hours"),
}
FLOW = pgettext_lazy("place", "arrow from “%(source)s” to “%(target)s”")
_TOKEN = re.compile(r"\[(\d+)\]")


def tokens(path: str) -> list[str]:
    """Segments of an operation path (`a/b/@3`) or a validation path (`a.b.c[3].d`)."""
    if "/" in path or "." not in path:
        return [s for s in path.strip("/").split("/") if s]
    out: list[str] = []
    for part in path.split("."):
        head, *rest = _TOKEN.split(part)
        if head:
            out.append(head)
        out += [f"@{n}" for n in rest if n]
    return out


def names_of(document: Any) -> dict[str, str]:
    """The name of every element with an id anywhere in a case document."""
    names: dict[str, str] = {}

    def visit(value: Any) -> None:
        if isinstance(value, dict):
            if isinstance(value.get("id"), str) and isinstance(value.get("name"), str):
                names.setdefault(value["id"], value["name"] or value["id"])
            for item in value.values():
                visit(item)
        elif isinstance(value, list):
            for item in value:
                visit(item)

    visit(document)
    return names


def _item(items: list[Any], segment: str) -> Any:
    if segment.startswith("@") and segment[1:].isdigit():
        index = int(segment[1:])
        return items[index] if index < len(items) else None
    return next((i for i in items if isinstance(i, dict) and i.get("id") == segment), None)


def _describe(container: str, item: dict[str, Any], names: dict[str, str]) -> str:
    if container == "flows":
        source, target = item.get("source", ""), item.get("target", "")
        return str(FLOW) % {
            "source": names.get(source, source),
            "target": names.get(target, target),
        }
    label = item.get("name") or item.get("statement") or ""
    if container in ("processes", "variants"):
        return str(label)
    noun = NODE_NOUNS.get(item.get("type", "task"), NODE_NOUNS["intermediate"]) if container == "nodes" else NOUNS.get(container)  # fmt: skip
    if noun is None:
        return f"“{label}”" if label else ""
    return f"{noun} “{label}”" if label else str(noun)


def place(document: dict[str, Any], path: str) -> str:
    """The element (and field) a path points at, in words of the current language."""
    names = names_of(document)
    parts: list[str] = []
    current: Any = document
    container = ""
    field = ""
    for segment in tokens(path):
        if isinstance(current, dict):
            container, field = segment, segment
            if current is document and segment in SECTIONS and len(tokens(path)) <= 2:
                parts.append(str(SECTIONS[segment]))
            current = current.get(segment)
        elif isinstance(current, list):
            field = ""
            current = _item(current, segment)
            if isinstance(current, dict):
                text = _describe(container, current, names)
                if text:
                    parts.append(text)
            else:
                break
        else:
            break
    if field and field in FIELDS and not (parts and str(parts[-1]) == str(SECTIONS.get(field))):
        parts.append(str(FIELDS[field]))
    return " › ".join(p for p in parts if p)


def readable(value: Any, names: dict[str, str], limit: int = 200) -> str:
    """A value as people read it: elements by name, references to elements by name, no JSON."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "✓" if value else "–"
    if isinstance(value, str):
        return names.get(value, value)
    if isinstance(value, int | float):
        from django.utils.formats import number_format

        return str(number_format(value, use_l10n=True, force_grouping=True))
    if isinstance(value, dict):
        if value.get("name") or value.get("id") in names:
            return str(value.get("name") or names[value["id"]])
        if "source" in value and "target" in value:
            return str(FLOW) % {
                "source": names.get(value["source"], value["source"]),
                "target": names.get(value["target"], value["target"]),
            }
        inner = [readable(v, names, limit) for v in value.values()]
        text = "; ".join(t for t in inner if t)
    else:
        text = ", ".join(t for t in (readable(v, names, limit) for v in value) if t)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# kinds named in validation messages ("unknown {kind} '{id}'"), singular, as the core writes them
KINDS: dict[str, Promise] = {
    "goal": pgettext_lazy("kind", "goal"),
    "problem": pgettext_lazy("kind", "problem"),
    "concept": pgettext_lazy("kind", "concept"),
    "association": pgettext_lazy("kind", "association"),
    "effect goal": pgettext_lazy("kind", "effect goal"),
    "target group": pgettext_lazy("kind", "target group"),
    "need": pgettext_lazy("kind", "need"),
    "deliverable": pgettext_lazy("kind", "deliverable"),
    "unit": pgettext_lazy("kind", "unit"),
    "role": pgettext_lazy("kind", "role"),
    "resource": pgettext_lazy("kind", "resource"),
    "system": pgettext_lazy("kind", "IT system"),
    "information": pgettext_lazy("kind", "information object"),
    "process": pgettext_lazy("kind", "process"),
    "calendar": pgettext_lazy("kind", "calendar"),
    "sequence": pgettext_lazy("kind", "sequence diagram"),
    "state machine": pgettext_lazy("kind", "state machine"),
    "assumption": pgettext_lazy("kind", "assumption"),
    "benefit": pgettext_lazy("kind", "benefit"),
    "cost": pgettext_lazy("kind", "cost"),
    "stakeholder": pgettext_lazy("kind", "stakeholder"),
    "prerequisite": pgettext_lazy("kind", "prerequisite"),
    "risk": pgettext_lazy("kind", "risk"),
    "change": pgettext_lazy("kind", "change"),
    "effect": pgettext_lazy("kind", "effect"),
    "lane": pgettext_lazy("kind", "lane"),
    "participant": pgettext_lazy("kind", "participant"),
    "state": pgettext_lazy("kind", "state"),
    "variant": pgettext_lazy("kind", "variant"),
    "element": pgettext_lazy("kind", "element"),
    "alternative": pgettext_lazy("kind", "alternative"),
    "criterion": pgettext_lazy("kind", "criterion"),
    "requirement": pgettext_lazy("kind", "requirement"),
    "candidate": pgettext_lazy("kind", "candidate solution"),
    "step": pgettext_lazy("kind", "step"),
}
OR = pgettext_lazy("kind", " or ")


def kind_words(kind: str) -> str:
    """`goal or effect goal` in the current language."""
    return str(OR).join(str(KINDS.get(k, k)) for k in kind.split(" or "))


def params_in_words(params: dict[str, Any], document: dict[str, Any]) -> dict[str, Any]:
    """A validation problem's parameters with ids replaced by names and kinds translated."""
    names = names_of(document)
    out = dict(params)
    if isinstance(out.get("id"), str):
        out["id"] = names.get(out["id"], out["id"])
    if isinstance(out.get("kind"), str):
        out["kind"] = kind_words(out["kind"])
    if isinstance(out.get("other"), str):
        out["other"] = place(document, out["other"]) or out["other"]
    return out


def changes_in_words(
    changes: list[Any], old: dict[str, Any], new: dict[str, Any]
) -> list[dict[str, str]]:
    """Differences (operations.Change) as rows people read: where in words, before, after."""
    names = {**names_of(old), **names_of(new)}
    return [
        {
            "kind": c.kind,
            "place": place(new if c.kind != "removed" else old, c.path) or place(old, c.path),
            "old_text": readable(c.old, names),
            "new_text": readable(c.new, names),
        }
        for c in changes
    ]
