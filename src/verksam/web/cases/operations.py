"""Edit operations on a case document (plain JSON data), element paths, and document diffs.

An operation adds, changes or removes one thing, addressed by a *path*: segments joined by '/',
where a list item is named by its id (`processes/intake/variants/as-is/nodes/check/name`) or, for
items without an id such as flows, by position (`.../flows/@3`). Operations are plain dicts so the
web forms, htmx and the JSON API all send the same thing:

    {"op": "add", "path": "structure/units", "value": {"id": "it", "name": "IT"}}
    {"op": "change", "path": "structure/units/it/name", "value": "IT unit"}
    {"op": "remove", "path": "structure/units/it"}

The *element* an operation touches is its path cut after the last list item (or at the list for
positional items); two edits conflict when one element path is a prefix of the other's.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal

from django.utils.translation import gettext as _
from pydantic import ValidationError

from verksam.model import Case

OPS = ("add", "change", "remove")
Kind = Literal["added", "changed", "removed"]


class OperationError(ValueError):
    """An operation that cannot be applied (bad path, wrong value); nothing was changed."""

    path = ""  # the operation's path, for programs; the message says it in words


@dataclass(frozen=True)
class Change:
    """One difference between two documents."""

    path: str
    kind: Kind
    old: Any = None
    new: Any = None

    @property
    def old_text(self) -> str:
        return show(self.old)

    @property
    def new_text(self) -> str:
        return show(self.new)


def show(value: Any) -> str:
    """A value as short readable text for history and conflict messages."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=False)


def split(path: str) -> list[str]:
    return [segment for segment in path.strip("/").split("/") if segment]


def normalise(document: dict[str, Any]) -> dict[str, Any]:
    """The stored form of a document: validated by the case model, defaults left out.

    Raises OperationError when the document does not fit the case model.
    """
    try:
        case = Case.model_validate(document)
    except ValidationError as exc:
        from verksam.web.words.schema import problems

        raise OperationError(
            _("The case would not be valid: %(problems)s")
            % {"problems": "; ".join(problems(exc, document))}
        ) from None
    return document_of(case)


def document_of(case: Case) -> dict[str, Any]:
    """The JSON document of a case, exactly as a JSON case file holds it (`dump_case` without
    the text in between: pydantic's JSON mode gives the same values)."""
    return {"verksam": case.verksam, **case.model_dump(mode="json", exclude_defaults=True)}


def _gone(path: str) -> OperationError:
    # Web forms only send paths that existed when the page was drawn: what is missing now was
    # removed since, most likely by someone else.
    error = OperationError(
        _(
            "What you changed is no longer in the case; someone may have removed it. "
            "Reload the page to see the latest version."
        )
    )
    error.path = path
    return error


def _item_index(items: list[Any], segment: str, path: str) -> int:
    if segment.startswith("@"):
        try:
            index = int(segment[1:])
        except ValueError:
            raise OperationError(
                _("'%(path)s': bad position '%(segment)s'") % {"path": path, "segment": segment}
            ) from None
        if not 0 <= index < len(items):
            raise _gone(path)
        return index
    for index, item in enumerate(items):
        if _matches(item, segment):
            return index
    raise _gone(path)


def _parent(
    document: dict[str, Any], path: str, *, create: bool = False, copy: bool = False
) -> tuple[Any, str]:
    """The container holding the last segment of the path, and that segment.

    With `copy`, each container on the way is replaced by a shallow copy of itself, so the
    returned one can be changed without changing whatever else shares the containers (`apply`:
    the stored document).
    """
    segments = split(path)
    if not segments:
        raise OperationError(_("An operation needs a path."))
    node: Any = document
    for segment in segments[:-1]:
        if isinstance(node, dict):
            if node.get(segment) is None:
                if not create:
                    raise _gone(path)
                node[segment] = {}
            if copy:
                node[segment] = _shallow(node[segment])
            node = node[segment]
        elif isinstance(node, list):
            index = _item_index(node, segment, path)
            if copy:
                node[index] = _shallow(node[index])
            node = node[index]
        else:
            raise OperationError(
                _("'%(path)s': '%(segment)s' is not inside an element")
                % {"path": path, "segment": segment}
            )
    return node, segments[-1]


def _shallow(value: Any) -> Any:
    if isinstance(value, dict):
        return dict(value)
    return list(value) if isinstance(value, list) else value


def value_at(document: dict[str, Any], path: str) -> Any:
    """The value at a path, or None when there is nothing there."""
    try:
        parent, last = _parent(document, path)
    except OperationError:
        return None
    if isinstance(parent, dict):
        return parent.get(last)
    if isinstance(parent, list):
        try:
            return parent[_item_index(parent, last, path)]
        except OperationError:
            return None
    return None


def element_path(path: str, document: Any = None) -> str:
    """The element an operation on `path` touches (see the module docstring).

    With the document at hand, list items are recognised exactly; where the path leaves the
    document (an item being added), known list names of the case model decide.
    """
    segments = split(path)
    cut = len(segments)
    node: Any = document
    for i, segment in enumerate(segments):
        if isinstance(node, list) or (node is None and _looks_like_item(segments, i)):
            if segment.startswith("@"):
                return "/".join(segments[:i])
            cut = i + 1
            if isinstance(node, list):
                found = [x for x in node if _matches(x, segment)]
                node = found[0] if found else None
            continue
        node = node.get(segment) if isinstance(node, dict) else None
    return "/".join(segments[:cut]) if cut < len(segments) else "/".join(segments)


def _matches(item: Any, segment: str) -> bool:
    return (isinstance(item, dict) and item.get("id") == segment) or item == segment


# Keys whose values are lists of elements with ids; the segment after one of these names an item.
LIST_KEYS = frozenset({
    "goals", "problems", "concepts", "associations", "effect_goals", "target_groups", "needs",
    "deliverables", "units", "roles", "resources", "systems", "information", "processes",
    "variants", "lanes", "nodes", "flows", "annotations", "message_flows", "calendars",
    "sequences", "state_machines", "participants", "messages", "states", "transitions",
    "assumptions", "benefits", "costs", "stakeholders", "prerequisites", "risks", "changes",
    "effects", "alternatives", "services", "promises", "criteria", "requirements", "candidates",
})  # fmt: skip


def _looks_like_item(segments: list[str], i: int) -> bool:
    return i > 0 and segments[i - 1] in LIST_KEYS


def overlaps(a: str, b: str) -> bool:
    """Whether two element paths concern the same thing (one contains the other)."""
    sa, sb = split(a), split(b)
    n = min(len(sa), len(sb))
    return sa[:n] == sb[:n]


def touched_by(document: dict[str, Any], operation: dict[str, Any]) -> str:
    """The element path an operation touches in this document."""
    path = str(operation.get("path", ""))
    if operation.get("op") == "add":
        value = operation.get("value")
        item_id = value.get("id") if isinstance(value, dict) else value
        if isinstance(item_id, str):
            return f"{path.strip('/')}/{item_id}"
    return element_path(path, document)


def apply(
    document: dict[str, Any], operation: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any], str]:
    """Apply one operation to a copy of the document.

    Returns the new (normalised) document, the operation as recorded (with the replaced value under
    "old") and the element path it touched. Raises OperationError when it cannot be applied or the
    result does not fit the case model.
    """
    op = operation.get("op")
    path = str(operation.get("path", ""))
    if op not in OPS:
        raise OperationError(
            _("Unknown operation '%(op)s'; use add, change or remove.") % {"op": op}
        )
    # Only the containers on the path are copied (a 100-step process took a millisecond to copy
    # whole); the rest is shared with `document` and only read: `normalise` makes a new document.
    result = dict(document)
    recorded: dict[str, Any] = {"op": op, "path": path}
    if op == "add":
        value = operation.get("value")
        parent, last = _parent(result, path, create=True, copy=True)
        if isinstance(parent, dict):
            items = parent[last] = _shallow(parent.get(last, []))
        elif isinstance(parent, list):
            index = _item_index(parent, last, path)
            items = parent[index] = _shallow(parent[index])
        else:
            raise OperationError(_("'%(path)s' is not a list") % {"path": path})
        if not isinstance(items, list):
            raise OperationError(_("'%(path)s' is not a list") % {"path": path})
        item_id = value.get("id") if isinstance(value, dict) else value
        item_id = item_id if isinstance(item_id, str) else None
        if item_id is not None and any(
            isinstance(i, dict) and i.get("id") == item_id for i in items
        ):
            raise OperationError(
                _(
                    "There is already one with the same name or short name here; give the new "
                    "one another name."
                )
            )
        position = operation.get("position")
        if isinstance(position, int) and 0 <= position <= len(items):
            items.insert(position, value)
            recorded["position"] = position
        else:
            items.append(value)
        recorded["value"] = value
    elif op == "change":
        value = operation.get("value")
        parent, last = _parent(result, path, copy=True)
        if isinstance(parent, dict):
            recorded["old"] = parent.get(last)
            parent[last] = value
        elif isinstance(parent, list):
            index = _item_index(parent, last, path)
            recorded["old"] = parent[index]
            parent[index] = value
        else:
            raise OperationError(_("'%(path)s' cannot be changed") % {"path": path})
        recorded["value"] = value
    else:
        parent, last = _parent(result, path, copy=True)
        if isinstance(parent, dict):
            if last not in parent:
                raise _gone(path)
            recorded["old"] = parent.pop(last)
        elif isinstance(parent, list):
            recorded["old"] = parent.pop(_item_index(parent, last, path))
        else:
            raise OperationError(_("'%(path)s' cannot be removed") % {"path": path})
    return normalise(result), recorded, touched_by(document, operation)


def diff(old: Any, new: Any, path: str = "") -> list[Change]:
    """Differences between two documents, with lists of elements matched by id."""
    if old == new:
        return []
    if isinstance(old, dict) and isinstance(new, dict):
        changes: list[Change] = []
        for key in list(old) + [k for k in new if k not in old]:
            sub = f"{path}/{key}" if path else str(key)
            if key not in new:
                changes.append(Change(sub, "removed", old=old[key]))
            elif key not in old:
                changes.append(Change(sub, "added", new=new[key]))
            else:
                changes += diff(old[key], new[key], sub)
        return changes
    if isinstance(old, list) and isinstance(new, list) and _keyed(old) and _keyed(new):
        old_by_id = {item["id"]: item for item in old}
        new_by_id = {item["id"]: item for item in new}
        changes = []
        for key, item in old_by_id.items():
            sub = f"{path}/{key}"
            if key not in new_by_id:
                changes.append(Change(sub, "removed", old=item))
            else:
                changes += diff(item, new_by_id[key], sub)
        changes += [
            Change(f"{path}/{k}", "added", new=v)
            for k, v in new_by_id.items()
            if k not in old_by_id
        ]
        return changes
    return [Change(path, "changed", old=old, new=new)]


def _keyed(items: list[Any]) -> bool:
    ids = [item.get("id") for item in items if isinstance(item, dict)]
    return len(ids) == len(items) and None not in ids and len(set(ids)) == len(ids)
