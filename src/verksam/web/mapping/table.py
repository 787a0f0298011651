"""What a step-table request does to a case: the new step list, and the edit operations that turn
the stored document into the one `verksam.model.steps.apply_steps` makes from it.

The operations are small (one field of one activity, one lane, one flow), so an edit of one cell
only conflicts with someone else's change of that same field; the whole request is saved as one
revision (`services.apply_batch`).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from verksam.formats.steplist import read_share
from verksam.model import Case
from verksam.model.steps import EventNames, Step, apply_steps, steps_of
from verksam.web.cases import operations
from verksam.web.cases.cells import read_number

FIELDS = ("name", "role", "touch_minutes", "waiting_hours", "share", "back_to", "back_share")


class Refused(ValueError):
    """A request that cannot be done (a bad value, a step no longer there); nothing was saved."""


@dataclass(frozen=True)
class Where:
    process: str
    variant: str

    @property
    def path(self) -> str:
        return f"processes/{self.process}/variants/{self.variant}"


def event_names(case: Case, trigger: str = "") -> EventNames:
    """Start and end event names in the case's language (the trigger names the start)."""
    with translation.override(case.settings.effective_language):
        return EventNames(trigger or _("Case arrives"), _("Done"))


def current_steps(case: Case, where: Where) -> list[Step]:
    """The variant's steps. Raises Refused when the variant is not a step list."""
    try:
        variant = case.process(where.process).variant(where.variant)
    except KeyError:
        raise Refused(_("This process or variant is no longer there.")) from None
    steps = steps_of(case, variant)
    if steps is None:
        raise Refused(_("This variant has parallel work or other shapes a step list cannot show."))
    return steps


def amount(text: str, example: str = "12,5") -> float | None:
    """A non-negative number typed in the user's format; None when empty. Raises Refused."""
    text = text.strip()
    if not text:
        return None
    try:
        value = float(read_number(text))
    except ValueError:
        raise Refused(_("Type a number, for example %(example)s.") % {"example": example}) from None
    if value < 0:
        raise Refused(_("Type a number that is not negative."))
    return value


def value_of(field: str, text: str, steps: list[Step]) -> Any:
    """A cell's text as the step field's value (numbers in the user's format). Raises Refused."""
    text = text.strip()
    if field in ("name", "role"):
        return " ".join(text.split())
    if field in ("touch_minutes", "waiting_hours"):
        return amount(text) or 0.0
    if field in ("share", "back_share"):
        if not text:
            return None
        try:
            share = read_share(text)
        except OverflowError:
            raise Refused(_("A share is at most 100 %.")) from None
        except ValueError:
            raise Refused(_("Type a share such as 30 %, 30 or 0,3.")) from None
        if field == "share" and share == 1.0:
            return None  # done in every case
        return share
    if field == "back_to":
        if not text:
            return None
        index = next((i for i, s in enumerate(steps) if s.id == text), None)
        if index is None:
            raise Refused(_("Choose a step from the list."))
        return index
    raise Refused(_("This field cannot be edited here."))


def edit_cell(steps: list[Step], row: str, field: str, text: str, after: str = "") -> list[Step]:
    """The steps with one cell changed; `row` "" (a new row after `after`) makes a step."""
    if field not in FIELDS:
        raise Refused(_("This field cannot be edited here."))
    value = value_of(field, text, steps)
    if not row:
        if field != "name" or not value:
            raise Refused(_("Give the new step a name first."))
        position = _position_after(steps, after)
        return [*steps[:position], Step(name=value), *steps[position:]]
    index = _index(steps, row)
    if field == "name" and not value:
        raise Refused(_("A step needs a name; use Delete to remove it."))
    step = steps[index]
    if field == "back_to" and value is not None and value > index:
        raise Refused(_("A step can only go back to itself or an earlier step."))
    if field == "back_share" and value == 1.0:
        # xgettext:no-python-format
        message = _("A step cannot go back in 100 % of cases: the case would never finish.")
        raise Refused(message)
    changed = replace(step, **{field: value})
    if field == "back_to" and value is None:
        changed = replace(changed, back_share=None)
    return [*steps[:index], changed, *steps[index + 1 :]]


def _index(steps: list[Step], row: str) -> int:
    index = next((i for i, s in enumerate(steps) if s.id == row), None)
    if index is None:
        raise Refused(_("This step is no longer there."))
    return index


def _position_after(steps: list[Step], after: str) -> int:
    if not after:
        return 0
    return _index(steps, after) + 1


def move(steps: list[Step], row: str, offset: int) -> list[Step]:
    """The steps with one moved `offset` places; loops keep pointing at the same steps."""
    index = _index(steps, row)
    target = max(0, min(len(steps) - 1, index + offset))
    if target == index:
        return steps
    order = list(range(len(steps)))
    order.insert(target, order.pop(index))
    return _reordered(steps, order)


def delete(steps: list[Step], row: str) -> list[Step]:
    index = _index(steps, row)
    order = [i for i in range(len(steps)) if i != index]
    return _reordered(steps, order)


def insert(steps: list[Step], new: list[Step], after: str) -> list[Step]:
    """`new` steps (their loops counted within `new`) put after the step `after` ("" = first)."""
    position = _position_after(steps, after) if steps else 0
    shifted = [
        replace(s, back_to=None if s.back_to is None else s.back_to + position, id=None)
        for s in new
    ]
    before = _reordered(steps, list(range(position)))
    rest = [
        replace(s, back_to=s.back_to if s.back_to is None or s.back_to < position else
                s.back_to + len(new))
        for s in steps[position:]
    ]  # fmt: skip
    return [*before, *shifted, *rest]


def _reordered(steps: list[Step], order: list[int]) -> list[Step]:
    """The steps in a new order (a subset, maybe); a loop to a step that went away, or that now
    comes later, is dropped rather than pointing at the wrong step."""
    new_index = {old: new for new, old in enumerate(order)}
    out = []
    for new, old in enumerate(order):
        step = steps[old]
        target = new_index.get(step.back_to) if step.back_to is not None else None
        if target is None or target > new:
            step = replace(step, back_to=None, back_share=None)
        else:
            step = replace(step, back_to=target)
        out.append(step)
    return out


# --- operations ----------------------------------------------------------------------------------
def operations_for(
    document: dict[str, Any], where: Where, steps: list[Step], names: EventNames
) -> list[dict[str, Any]]:
    """The operations turning the stored document into the one the steps make."""
    case = Case.model_validate(document)
    target = operations.document_of(apply_steps(case, where.process, where.variant, steps, names))
    ops: list[dict[str, Any]] = []
    old_roles = {r["id"] for r in (document.get("structure") or {}).get("roles", [])}
    for role in (target.get("structure") or {}).get("roles", []):
        if role["id"] not in old_roles:
            ops.append({"op": "add", "path": "structure/roles", "value": role})
    old = operations.value_at(document, where.path) or {}
    new = operations.value_at(target, where.path) or {}
    ops += _keyed(f"{where.path}/lanes", old.get("lanes", []), new.get("lanes", []), fields=False)
    ops += _keyed(f"{where.path}/nodes", old.get("nodes", []), new.get("nodes", []), fields=True)
    ops += _flows(f"{where.path}/flows", old.get("flows", []), new.get("flows", []))
    return ops


def _keyed(
    path: str, old: list[dict[str, Any]], new: list[dict[str, Any]], *, fields: bool
) -> list[dict[str, Any]]:
    ops: list[dict[str, Any]] = []
    new_ids = {item["id"] for item in new}
    old_by_id = {item["id"]: item for item in old}
    ops += [{"op": "remove", "path": f"{path}/{i['id']}"} for i in old if i["id"] not in new_ids]
    for position, item in enumerate(new):
        before = old_by_id.get(item["id"])
        if before is None:
            ops.append({"op": "add", "path": path, "value": item, "position": position})
        elif before != item and not fields:
            ops.append({"op": "change", "path": f"{path}/{item['id']}", "value": item})
        elif before != item:
            for key in [k for k in before if k not in item]:
                ops.append({"op": "remove", "path": f"{path}/{item['id']}/{key}"})
            for key, value in item.items():
                if before.get(key) != value:
                    ops.append(
                        {"op": "change", "path": f"{path}/{item['id']}/{key}", "value": value}
                    )
    return ops


def _flows(path: str, old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[dict[str, Any]]:
    remaining = copy.deepcopy(new)
    removals = []
    for index, flow in enumerate(old):
        if flow in remaining:
            remaining.remove(flow)
        else:
            removals.append(index)
    # positions of the flows still to remove stay valid when removing from the back
    ops = [{"op": "remove", "path": f"{path}/@{i}"} for i in reversed(removals)]
    return ops + [{"op": "add", "path": path, "value": flow} for flow in remaining]


def intent_of(where: Where, row: str, field: str) -> list[str]:
    """The paths a cell edit means to change, checked against other people's changes."""
    if not row:
        return []
    node = f"{where.path}/nodes/{row}"
    if field in ("name", "touch_minutes", "waiting_hours"):
        return [f"{node}/{field}"]
    if field == "role":
        return [f"{node}/lane"]
    return [f"{where.path}/flows"]
