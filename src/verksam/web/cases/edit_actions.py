"""What a request to a view page's editor does to the case document: the edit operations it
stands for (a field, an added or removed element, a flow, a copied variant), worked out before
any of them is applied, so one request lands whole or not at all.
"""

from __future__ import annotations

import copy
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from verksam.model import Case as CaseModel
from verksam.web.cases import operations
from verksam.web.cases.cells import (
    BadValue,
    all_ids,
    field_operation,
    get_field,
    item_key,
    new_id,
    parse,
)
from verksam.web.cases.choices import CHOICE_LABELS
from verksam.web.cases.tables import (
    ACTIVITIES,
    LANES,
    PROCESSES,
    RECORDS,
    TABLES,
    Column,
    column_at,
)
from verksam.web.mapping.table import event_names


class Refused(Exception):
    """An editor request that makes no sense (unknown table, bad value); nothing was saved."""


def _column(data: Any) -> Column:
    key = data.get("column", "")
    if data.get("record"):
        columns = RECORDS.get(data["record"], ())
    else:
        table = TABLES.get(data.get("table", ""))
        columns = table.columns if table else ()
    column = next((c for c in columns if c.key == key), None)
    if column is None:
        raise Refused(_("This field cannot be edited here."))
    return column


def operations_for(row: Any, data: Any) -> list[dict[str, Any]]:
    """The edit operations an editor request stands for, in the order they are applied."""
    action = data.get("action")
    document = row.document
    if action == "field":
        column = _column(data)
        raw = data.getlist("value") if column.kind == "refs" else data.get("value")
        try:
            value = parse(column, raw)
        except BadValue as exc:
            raise Refused(str(exc)) from None
        item_path = data.get("item", "")
        item = operations.value_at(document, item_path)
        if get_field(item or {}, column.key) == value:
            return []  # nothing changed (the same value again on blur)
        if item is None and data.get("record") and "." not in column.key:
            # a view the case does not have yet (e.g. the vision of a blank case) starts here
            return [{"op": "change", "path": item_path, "value": {column.key: value}}]
        return [field_operation(document, item_path, column, value)]
    if action == "add":
        table = TABLES.get(data.get("table", ""))
        if table is None:
            raise Refused(_("Nothing can be added here."))
        list_path = data.get("path", "")
        name = (data.get("name") or "").strip()
        if not name:
            raise Refused(_("Give the new element a name."))
        new = new_id(name, all_ids(document), table.key[:-1])
        added: dict[str, Any] = {"id": new, table.name_key: name, **table.defaults}
        for key in table.add_columns:
            asked = column_at(table, key)
            if asked is not None and data.get(key):
                try:
                    added[key] = parse(asked, data.get(key))
                except BadValue as exc:
                    raise Refused(str(exc)) from None
        ops: list[dict[str, Any]] = []
        if table is PROCESSES:
            # a new process starts with its start and end events: steps go between them
            names = event_names(CaseModel.model_validate(document))
            with translation.override(
                CaseModel.model_validate(document).settings.effective_language
            ):
                variant_name = _("As-is")
            added["variants"] = [{
                "id": "as-is", "name": variant_name, "kind": "as-is",
                "nodes": [{"id": "start", "type": "start", "name": names.start},
                          {"id": "end", "type": "end", "name": names.end}],
                "flows": [{"source": "start", "target": "end"}],
            }]  # fmt: skip
        if table is LANES and not added.get("role") and not added.get("unit"):
            # lanes and roles are one thing: a lane made without a role is the lane of the role
            # of that name (made in the structure view when there is none)
            ops += _role_of_lane(document, added)
        ops.append({"op": "add", "path": list_path, "value": added})
        after = data.get("after")
        if table is ACTIVITIES and after:
            ops += _insert_after(document, list_path.rsplit("/", 1)[0], after, added["id"])
        return ops
    if action == "remove":
        path = data.get("path", "")
        if operations.value_at(document, path) is None:
            raise Refused(_("This element is no longer there."))
        if data.get("table") == "activities":
            return _remove_activity(document, path)
        return [{"op": "remove", "path": path}]
    if action == "flow-add":
        variant_path, source, target = (
            data.get("variant_path", ""),
            data.get("source"),
            data.get("target"),
        )
        target = _node_named(document, variant_path, target or "")
        if not source or not target:
            raise Refused(_("Choose the next step from the list of activities."))
        return [{"op": "add", "path": f"{variant_path}/flows", "value": {"source": source, "target": target}}]  # fmt: skip
    if action == "flow-change":
        path, what = data.get("path", ""), data.get("what")
        if what == "target":
            return [{"op": "change", "path": f"{path}/target", "value": data.get("value")}]
        try:
            value = parse(Column("probability", "", "number"), data.get("value"))
        except BadValue as exc:
            raise Refused(str(exc)) from None
        if value is not None and value > 1:
            value = value / 100  # typed as a percentage
        return [{"op": "change", "path": f"{path}/probability", "value": value}]
    if action == "flow-remove":
        return [{"op": "remove", "path": data.get("path", "")}]
    if action == "copy-variant":
        return _copy_variant(document, data)
    raise Refused(_("Unknown editor action."))


def _role_of_lane(document: dict[str, Any], lane: dict[str, Any]) -> list[dict[str, Any]]:
    """Give a new lane the role of its name; the operation making that role when it is new."""
    roles = (document.get("structure") or {}).get("roles") or []
    wanted = str(lane.get("name", "")).strip().casefold()
    found = next(
        (r for r in roles if str(r.get("name", r.get("id", ""))).casefold() == wanted), None
    )
    if found is not None:
        lane["role"] = found["id"]
        return []
    role = {
        "id": new_id(str(lane["name"]), all_ids(document) | {lane["id"]}, "role"),
        "name": lane["name"],
    }
    lane["role"] = role["id"]
    return [{"op": "add", "path": "structure/roles", "value": role}]


def _node_named(document: dict[str, Any], variant_path: str, text: str) -> str | None:
    """The id of the node a next-step field names: by id, else by name (case-insensitive)."""
    nodes = (operations.value_at(document, variant_path) or {}).get("nodes") or []
    text = text.strip()
    for node in nodes:
        if node.get("id") == text:
            return str(node["id"])
    for node in nodes:
        if str(node.get("name", "")).strip().casefold() == text.casefold():
            return str(node["id"])
    return None


def _insert_after(
    document: dict[str, Any], variant_path: str, after: str, new: str
) -> list[dict[str, Any]]:
    """Put a new activity after `after`: it takes over that step's only outgoing flow."""
    flows = (operations.value_at(document, variant_path) or {}).get("flows") or []
    outgoing = [(i, f) for i, f in enumerate(flows) if f.get("source") == after]
    if len(outgoing) == 1:
        index, flow = outgoing[0]
        key = item_key(flow, index)
        return [
            {"op": "change", "path": f"{variant_path}/flows/{key}/target", "value": new},
            {"op": "add", "path": f"{variant_path}/flows", "value": {"source": new, "target": flow["target"]}},
        ]  # fmt: skip
    return [
        {"op": "add", "path": f"{variant_path}/flows", "value": {"source": after, "target": new}}
    ]


def _remove_activity(document: dict[str, Any], node_path: str) -> list[dict[str, Any]]:
    """Remove an activity and its flows; a step with one way in and one way out is bridged."""
    variant_path, node_id = node_path.rsplit("/nodes/", 1)
    flows = (operations.value_at(document, variant_path) or {}).get("flows") or []
    incoming = [f for f in flows if f.get("target") == node_id]
    outgoing = [f for f in flows if f.get("source") == node_id]
    ops: list[dict[str, Any]] = []
    # Remove from the back, so positions of the flows still to remove stay valid.
    for index in sorted(
        (i for i, f in enumerate(flows) if node_id in (f.get("source"), f.get("target"))),
        reverse=True,
    ):
        ops.append(
            {
                "op": "remove",
                "path": f"{variant_path}/flows/{item_key(flows[index], index)}",
            }
        )
    if (
        len(incoming) == 1
        and len(outgoing) == 1
        and incoming[0]["source"] != node_id != outgoing[0]["target"]
    ):
        bridge: dict[str, Any] = {"source": incoming[0]["source"], "target": outgoing[0]["target"]}
        if incoming[0].get("probability") is not None:
            bridge["probability"] = incoming[0]["probability"]
        ops.append({"op": "add", "path": f"{variant_path}/flows", "value": bridge})
    ops.append({"op": "remove", "path": node_path})
    return ops  # fmt: skip


def _copy_variant(document: dict[str, Any], data: Any) -> list[dict[str, Any]]:
    """A new variant (e.g. to-be) as an exact copy of another, to be changed from there."""
    process_path = f"processes/{data.get('process', '')}"
    source = operations.value_at(document, f"{process_path}/variants/{data.get('variant', '')}")
    if not isinstance(source, dict):
        raise Refused(_("This variant is no longer there."))
    kind = data.get("kind") if data.get("kind") in ("as-is", "to-be", "alternative") else "to-be"
    name = (data.get("name") or "").strip() or str(CHOICE_LABELS[kind]).capitalize()
    taken = {
        v.get("id") for v in (operations.value_at(document, process_path) or {}).get("variants", [])
    }
    value = copy.deepcopy(source)
    value.update(id=new_id(kind if kind not in taken else name, {t for t in taken if t}, "variant"),
                 name=name, kind=kind, based_on=source["id"])  # fmt: skip
    return [{"op": "add", "path": f"{process_path}/variants", "value": value}]
