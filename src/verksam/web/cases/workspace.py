"""The editing workspace of a view page: its diagrams beside editable tables, refreshed as a whole
(htmx morph, so the field being typed in keeps focus) after every edit operation.

`POST .../views/<view>/editor/` takes an `action` (field, add, remove, flow-add, flow-change,
flow-remove, copy-variant) and applies it as small edit operations with the page's base revision,
so a stale edit of the same element is refused as a conflict like any other edit.
"""

from __future__ import annotations

import copy
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from verksam.model import Case as CaseModel
from verksam.web.cases import operations, services
from verksam.web.cases.access import access_case
from verksam.web.cases.cells import (
    BadValue,
    all_ids,
    field_operation,
    get_field,
    item_key,
    new_id,
    parse,
    shown,
)
from verksam.web.cases.choices import CHOICE_LABELS, fixed
from verksam.web.cases.diagrams import Drawn, draw
from verksam.web.cases.editors import Cell, Grid, Row, build_grid, dom_id, problems_by_path
from verksam.web.cases.grid_html import rows_html
from verksam.web.cases.pages import PAGE_BY_SLUG, PAGES, ViewPage
from verksam.web.cases.tables import (
    ACTIVITIES,
    ALL_TABLES,
    ASSUMPTIONS,
    BENEFITS,
    CHANGES,
    COSTS,
    DELIVERABLES,
    EFFECT_GOALS,
    EFFECTS,
    GOALS,
    INFORMATION,
    LANES,
    MESSAGES,
    NAME,
    NEEDS,
    PARTICIPANTS,
    PREREQUISITES,
    PROBLEMS,
    RESOURCES,
    RISKS,
    ROLES,
    SERVICES,
    STAKEHOLDERS,
    STATES,
    SYSTEMS,
    TARGET_GROUPS,
    TRANSITIONS,
    UNITS,
    Column,
    Table,
    column_at,
)
from verksam.web.cases.wording import describe
from verksam.web.jobs.limits import oversized
from verksam.web.mapping.table import event_names
from verksam.web.organisations.middleware import organisation_view
from verksam.web.organisations.permissions import EDIT
from verksam.web.requests import OrganisationRequest
from verksam.web.words.places import names_of, readable

TEMPLATE = "cases/editor_page.html"

# Single elements edited as a form of fields (the "record" of a page), by key.
RECORDS: dict[str, tuple[Column, ...]] = {
    "vision": (Column("statement", gettext_lazy("Vision statement"), "longtext"),),
    "process": (
        NAME,
        Column("trigger", gettext_lazy("Trigger event")),
        Column("goal_text", gettext_lazy("Goal of the process"), "longtext"),
    ),
    "variant": (
        NAME,
        Column("kind", gettext_lazy("Kind"), "choice",
                       fixed("as-is", "to-be", "alternative"), False),
        Column("volume_per_year", gettext_lazy("Cases per year"), "number"),
    ),
    "initiative": (Column("initiative", gettext_lazy("Initiative"), "longtext"),),
}  # fmt: skip

PROCESSES = Table(
    "processes", gettext_lazy("Processes"), "processes", (NAME,), gettext_lazy("Add process")
)
SEQUENCES = Table(
    "sequences",
    gettext_lazy("Sequence diagrams"),
    "behaviour/sequences",
    (NAME,),
    gettext_lazy("Add sequence diagram"),
)
MACHINES = Table("machines", gettext_lazy("State machines"), "behaviour/state_machines", (NAME,), gettext_lazy("Add state machine"))  # fmt: skip
TABLES = {
    **ALL_TABLES,
    "processes": PROCESSES,
    "sequences": SEQUENCES,
    "machines": MACHINES,
}


@dataclass
class Record:
    key: str
    title: str
    path: str
    row: Row


@dataclass
class Section:
    """A heading with records and tables under it (one sequence diagram, one variant, ...)."""

    title: str
    records: list[Record] = field(default_factory=list)
    grids: list[Grid] = field(default_factory=list)
    adds: list[Table] = field(default_factory=list)  # name-only containers to add (processes, ...)


@dataclass
class Selection:
    process: str = ""
    variant: str = ""


def _record(
    case: CaseModel, document: dict[str, Any], key: str, title: str, path: str,
    scope: dict[str, Any], problems: dict[str, list[services.ShownProblem]],
) -> Record:  # fmt: skip
    item = operations.value_at(document, path) if path else document
    item = item if isinstance(item, dict) else {}
    cells = []
    for column in RECORDS[key]:
        cell_path = f"{path}/{column.key}".strip("/")
        value = get_field(item, column.key)
        cells.append(
            Cell(
                column, cell_path, column.kind, value, shown(column, value),
                dom_id(cell_path), str(column.label),
                column.choices(case, scope) if column.choices else [], problems.get(cell_path, []),
            )
        )  # fmt: skip
    return Record(key, title, path, Row(path, key, title, cells, problems.get(path, [])))


def _flows(
    variant_doc: dict[str, Any], grid: Grid, variant_path: str, names: dict[str, str]
) -> None:
    """Attach each activity's outgoing flows (next steps with their probabilities) to its row."""
    flows = variant_doc.get("flows") or []
    for row in grid.rows:
        node_id = row.key
        for index, flow in enumerate(flows):
            if flow.get("source") != node_id:
                continue
            key = item_key(flow, index)
            path = f"{variant_path}/flows/{key}"
            probability = flow.get("probability")
            row.flows.append({
                "path": path, "target": flow.get("target"),
                "target_name": names.get(flow.get("target", ""), flow.get("target")),
                "probability": "" if probability is None else shown(Column("p", "", "number"), probability),
                "dom": dom_id(path),
            })  # fmt: skip
    grid.targets = list(names.items())


def selection_of(model: CaseModel, data: Any) -> Selection:
    process = next((p for p in model.processes if p.id == data.get("process")), None)
    process = process or (model.processes[0] if model.processes else None)
    if process is None:
        return Selection()
    variant = next((v for v in process.variants if v.id == data.get("variant")), None)
    variant = variant or (process.variants[0] if process.variants else None)
    return Selection(process.id, variant.id if variant else "")


def sections_of(
    page: ViewPage, model: CaseModel, document: dict[str, Any], selection: Selection,
    problems: dict[str, list[services.ShownProblem]],
) -> list[Section]:  # fmt: skip
    """What the editor of a page shows, in order."""

    def grid(table: Table, prefix: str = "", scope: dict[str, Any] | None = None) -> Grid:
        return build_grid(model, document, table, prefix, scope or {}, problems)

    slug = page.slug
    if slug == "vision":
        return [
            Section(
                _("Vision"),
                [_record(model, document, "vision", _("Vision"), "vision", {}, problems)],
                [grid(GOALS), grid(PROBLEMS)],
            )
        ]
    if slug == "effect-map":
        tables: tuple[Table, ...] = (EFFECT_GOALS, TARGET_GROUPS, NEEDS, DELIVERABLES)
        return [Section(_("Effect map"), grids=[grid(t) for t in tables])]
    if slug == "structure":
        tables = (UNITS, ROLES, RESOURCES, SYSTEMS)
        return [Section(_("Structure"), grids=[grid(t) for t in (*tables, INFORMATION)])]
    if slug == "processes":
        out = []
        process = next((p for p in model.processes if p.id == selection.process), None)
        variant = (
            next((v for v in process.variants if v.id == selection.variant), None)
            if process
            else None
        )
        if process is not None:
            ppath = f"processes/{process.id}"
            records = [_record(model, document, "process", _("Process"), ppath, {}, problems)]
            grids = []
            # An oversized variant gets no tables: its diagram's place says why (cases.diagrams).
            if variant is not None and oversized(model, process.id, variant.id) is None:
                vpath = f"{ppath}/variants/{variant.id}"
                scope = {"variant": variant, "process": process}
                records.append(
                    _record(model, document, "variant", _("Variant"), vpath, scope, problems)
                )
                grids.append(grid(LANES, vpath, scope))
                activities = grid(ACTIVITIES, vpath, scope)
                names = {n.id: n.label for n in variant.nodes}
                _flows(operations.value_at(document, vpath) or {}, activities, vpath, names)
                grids.append(activities)
            out.append(
                Section(f"{process.label} – {variant.label if variant else ''}", records, grids)
            )
        out.append(Section(_("Processes"), adds=[PROCESSES]))
        return out
    if slug == "behaviour":
        out = []
        behaviour = model.behaviour
        for seq in behaviour.sequences if behaviour else []:
            path = f"behaviour/sequences/{seq.id}"
            scope = {"sequence": seq}
            out.append(
                Section(seq.label, grids=[grid(PARTICIPANTS, path, scope), grid(MESSAGES, path, scope)])
            )  # fmt: skip
        for machine in behaviour.state_machines if behaviour else []:
            path = f"behaviour/state_machines/{machine.id}"
            scope = {"machine": machine}
            out.append(
                Section(machine.label, grids=[grid(STATES, path, scope), grid(TRANSITIONS, path, scope)])
            )  # fmt: skip
        out.append(Section(_("Add to the behaviour view"), adds=[SEQUENCES, MACHINES]))
        return out
    if slug == "benefits":
        records = []
        if model.benefits is not None:
            records.append(
                _record(model, document, "initiative", _("Initiative"), "benefits", {}, problems)
            )
        tables = (
            BENEFITS, CHANGES, EFFECTS, COSTS, ASSUMPTIONS,
            STAKEHOLDERS, PREREQUISITES, RISKS,
        )  # fmt: skip
        return [Section(_("Benefits realisation"), records, [grid(t) for t in tables])]
    if slug == "services":
        return [Section(_("Service declarations"), grids=[grid(SERVICES)])]
    return []


_CACHE: OrderedDict[str, Any] = OrderedDict()
_CACHE_LOCK = threading.Lock()
_MAKING: dict[str, threading.Lock] = {}  # keys being computed now, each with its lock
CACHE_ENTRIES = 48  # diagrams and table rows of the most recent revisions (a few MB at most)


def _cached(key: str, make: Any) -> Any:
    """A value computed once per case revision and language (a revision never changes), shared by
    every user who looks at that revision in this process; the least recently used go first.

    Computed once even when many ask at the same moment (every open page of a live workshop asks
    for the new revision at once): the others wait for the first instead of computing it too.
    """
    with _CACHE_LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
        making = _MAKING.setdefault(key, threading.Lock())
    with making:
        with _CACHE_LOCK:
            if key in _CACHE:
                return _CACHE[key]
        try:
            value = make()
            with _CACHE_LOCK:
                _CACHE[key] = value
                while len(_CACHE) > CACHE_ENTRIES:
                    _CACHE.popitem(last=False)
        finally:
            with _CACHE_LOCK:
                _MAKING.pop(key, None)
    return value


def _diagrams(page: ViewPage, model: CaseModel, selection: Selection) -> list[Any]:
    diagrams = page.diagrams(model)
    if page.slug == "processes" and selection.process:
        chosen = [
            d for d in diagrams
            if d.id == selection.process and d.variant in (None, selection.variant)
        ]  # fmt: skip
        # The swimlane first: it is the one the activity table edits.
        diagrams = sorted(chosen, key=lambda d: d.view != "swimlane")
    return diagrams


def _drawings(
    page: ViewPage,
    model: CaseModel,
    selection: Selection,
    row: Any,
    diagrams: list[Any] | None = None,
) -> list[Any]:
    diagrams = _diagrams(page, model, selection) if diagrams is None else diagrams
    out = []
    for d in diagrams:
        key = f"{row.pk}:{row.revision}:{row.updated_at.isoformat()}:{get_language()}:svg:{d.view}:{d.id}:{d.variant}"
        svg, error = _cached(key, lambda d=d: _svg_of(draw(model, d)))
        out.append(Drawn(d, mark_safe(svg) if svg else None, error))  # our own renderer's SVG
    return out


def _svg_of(drawn: Drawn) -> tuple[str, str]:
    return (str(drawn.svg) if drawn.svg is not None else "", drawn.error)


def workspace_context(
    request: HttpRequest, row: Any, model: CaseModel, page: ViewPage, data: Any,
    notice: dict[str, Any] | None = None,
) -> dict[str, Any]:  # fmt: skip
    """Everything the workspace template needs, computed from the stored case."""
    selection = selection_of(model, data)
    shown_problems = [
        p for p in services.problems_of(model) if p.path.startswith(page.problem_prefixes)
    ]
    by_path = problems_by_path(row.document, shown_problems)
    can_edit = "edit" in getattr(request, "permissions", ())
    process = next((p for p in model.processes if p.id == selection.process), None)
    if page.slug == "processes" and selection.process:
        # Only the swimlane is drawn into the page; the other diagrams of the variant come as
        # images loaded when scrolled to, so an edit does not wait for them.
        diagrams = _diagrams(page, model, selection)
        drawings = _drawings(page, model, selection, row, diagrams[:1])
        lazy = diagrams[1:]
    else:
        drawings, lazy = _drawings(page, model, selection, row), []
    editor_url = reverse(
        "cases:editor", kwargs={"org": row.organisation.slug, "case": row.slug, "view": page.slug}
    )
    sections = sections_of(page, model, row.document, selection, by_path)
    for section in sections:
        for grid in section.grids:
            key = f"{row.pk}:{row.revision}:{row.updated_at.isoformat()}:{get_language()}:rows:{can_edit}:{grid.path}"
            grid.rows_html = mark_safe(
                _cached(key, lambda g=grid: str(rows_html(g, editor_url, can_edit)))
            )
    # A swimlane is wide: it gets the full width, pinned above the activity table it shows.
    pinned = drawings[:1] if page.slug == "processes" and drawings else []
    return {
        "case": row,
        "model": model,
        "page": page,
        "pages": PAGES,
        "outline": page.outline(model),
        "pinned": pinned,
        "drawings": drawings[len(pinned) :],
        "lazy_diagrams": lazy,
        "problems": shown_problems,
        "sections": sections,
        "selection": selection,
        "selected_process": process,
        "can_edit": can_edit,
        "notice": notice,
        "editor_url": editor_url,
        **page.extra(model),
    }


def view_page(request: HttpRequest, row: Any, page: ViewPage) -> HttpResponse:
    """The full view page with its workspace (used by cases.views.case_view)."""
    if request.headers.get("X-Verksam-Live"):
        return live_workspace(request, row, page)
    model = services.model_of(row)
    return render(request, TEMPLATE, workspace_context(request, row, model, page, request.GET))


_CSRF_SLOT = "csrf-slot-of-the-cached-workspace"


def live_workspace(request: HttpRequest, row: Any, page: ViewPage) -> HttpResponse:
    """The workspace alone, for a live page re-fetching it after someone's edit (verksam.web.live).

    Every open page of the case asks for the same revision at once, so the HTML is made once per
    revision, language, permission and chosen variant in this process; only the CSRF token of the
    forms differs between users and is put in per answer.
    """
    can_edit = "edit" in getattr(request, "permissions", ())
    selected = (request.GET.get("process", ""), request.GET.get("variant", ""))
    key = f"{row.pk}:{row.revision}:{row.updated_at.isoformat()}:{get_language()}:workspace:{can_edit}:{page.slug}:{selected}"

    def make() -> str:
        model = services.model_of(row)
        context = workspace_context(request, row, model, page, request.GET)
        return render_to_string(
            "cases/_workspace.html", {**context, "csrf_token": _CSRF_SLOT}, request
        )

    html = str(_cached(key, make)).replace(_CSRF_SLOT, str(get_token(request)))
    return HttpResponse(html)


# --- the edit endpoint ---------------------------------------------------------------------------
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


def _operations(row: Any, data: Any) -> list[dict[str, Any]]:
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


@organisation_view(EDIT)
@require_POST
def editor(request: OrganisationRequest, org: str, case: str, view: str) -> HttpResponse:
    """Apply one editor request and answer with the refreshed workspace (or go back to the page)."""
    page = PAGE_BY_SLUG.get(view)
    if page is None:
        raise Http404("No such view")
    row = access_case(request.organisation, case)
    data = request.POST
    notice: dict[str, Any] | None = None
    status = 200
    try:
        base = int(data.get("base", ""))
    except ValueError:
        base = row.revision
    selection = dict(process=data.get("process", ""), variant=data.get("variant", ""))
    try:
        ops = _operations(row, data)
        with transaction.atomic():  # several operations of one request land together or not at all
            for operation in ops:
                revision = services.apply_operation(
                    row, request.user, operation, base, services.browser_session(request)
                )
                base = revision.number
        if data.get("action") == "copy-variant" and ops:
            selection["variant"] = ops[0]["value"]["id"]
        if ops:
            notice = {
                "kind": "success",
                "text": _("Saved as revision %(n)s.") % {"n": row.revision},
            }
    except services.EditConflict as conflict:
        status = 409
        notice = {
            "kind": "conflict",
            "text": _("Someone else changed this since you opened the page; your change was not saved."),
            "changes": [
                {"revision": r, "what": describe(r.document, str(r.operation.get("path", ""))),
                 "old": readable(r.operation.get("old"), names_of(r.document)),
                 "new": readable(r.operation.get("value"), names_of(r.document))}
                for r in conflict.revisions
            ],
        }  # fmt: skip
    except (operations.OperationError, Refused) as exc:
        status = 400
        notice = {
            "kind": "error",
            "text": _("The change was not saved: %(error)s") % {"error": exc},
        }
    row.refresh_from_db()
    if not request.headers.get("HX-Request"):
        query = urlencode({k: v for k, v in selection.items() if v})
        url = reverse("cases:view", kwargs={"org": org, "case": row.slug, "view": page.slug})
        return redirect(f"{url}?{query}" if query else url)
    model = services.model_of(row)
    context = workspace_context(request, row, model, page, selection, notice)
    # htmx swaps 4xx answers too; the status still tells API-minded clients and tests what happened.
    return render(request, "cases/_workspace.html", context, status=status)
