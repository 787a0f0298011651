"""The step table of a process variant: one row per step beside its swimlane and its results.

`GET .../steps/<process>/` shows the page; `POST .../steps/<process>/edit/` applies one request
(`action`: cell, move, delete, paste, upload, save, setting, role-cost) as one revision and answers
with the page's regions (table, diagram, results, notice) as HTML fragments, each re-renderable on
its own (`render_regions`), so a later live update can swap them in the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from verksam.formats.steplist import MESSAGES, StepListError, parse_steps, read_steps
from verksam.model import Case as CaseModel
from verksam.model.steps import Step
from verksam.web.cases import services
from verksam.web.cases.access import access_case
from verksam.web.cases.diagrams import draw
from verksam.web.cases.operations import OperationError
from verksam.web.cases.pages import Diagram
from verksam.web.cases.wording import conflict_lines
from verksam.web.cases.workspace import revision_cached
from verksam.web.mapping import table
from verksam.web.mapping.results import results_of
from verksam.web.organisations.middleware import organisation_view
from verksam.web.organisations.permissions import EDIT, VIEW
from verksam.web.requests import OrganisationRequest

REGIONS = ("notice", "table", "diagram", "results")


@dataclass
class Row:
    step: Step
    number: int
    minutes: str
    waiting: str
    share: str
    back_share: str
    notes: list[str] = field(default_factory=list)


def _text(value: float | None, percent: bool = False) -> str:
    if value is None:
        return ""
    number = value * 100 if percent else value
    text = f"{round(number, 4):g}"
    from django.utils.formats import get_format

    return text.replace(".", str(get_format("DECIMAL_SEPARATOR")))


def rows_of(steps: list[Step], problems: dict[str, list[str]]) -> list[Row]:
    rows = []
    for number, step in enumerate(steps, start=1):
        notes = list(problems.get(step.id or "", []))
        if step.back_to is not None and step.back_share is None:
            # xgettext:no-python-format
            notes.append(_("No share given: 50 % is assumed."))
        rows.append(
            Row(
                step, number, _text(step.touch_minutes), _text(step.waiting_hours),
                _text(step.share, True), _text(step.back_share, True), notes,
            )
        )  # fmt: skip
    return rows


def _where(model: CaseModel, process: str, variant: str | None) -> table.Where:
    try:
        found = model.process(process)
        chosen = found.variant(variant or None)
    except KeyError:
        raise Http404("No such process") from None
    return table.Where(found.id, chosen.id)


def _problems_by_step(model: CaseModel, where: table.Where) -> dict[str, list[str]]:
    """Validation problems of the variant's nodes, by step id, in the user's language."""
    variant = model.process(where.process).variant(where.variant)
    prefix = f"processes.{where.process}.variants.{where.variant}.nodes["
    out: dict[str, list[str]] = {}
    for problem in services.problems_of(model):
        if not problem.path.startswith(prefix) or problem.code in ("probabilities-missing",):
            continue
        index = int(problem.path[len(prefix) :].split("]", 1)[0])
        node = variant.nodes[index].id if index < len(variant.nodes) else ""
        step = node[: -len("-back")] if node.endswith("-back") else node
        step = step[: -len("-if")] if step.endswith("-if") else step
        out.setdefault(step, []).append(problem.message)
    return out


def context_of(request: HttpRequest, row: Any, where: table.Where) -> dict[str, Any]:
    model = services.model_of(row)
    process = model.process(where.process)
    variant = process.variant(where.variant)
    try:
        steps = table.current_steps(model, where)
        shape_error = ""
    except table.Refused as exc:
        steps, shape_error = [], str(exc)
    diagram = Diagram("swimlane", _("Swimlane diagram"), where.process, where.variant)
    drawn = draw(model, diagram)
    can_edit = "edit" in getattr(request, "permissions", ())
    org = row.organisation.slug
    return {
        "case": row,
        "model": model,
        "process": process,
        "variant": variant,
        "where": where,
        "rows": rows_of(steps, _problems_by_step(model, where)),
        "steps": steps,
        "shape_error": shape_error,
        "drawing": drawn,
        "results": results_of(model, where.process, where.variant, steps),
        "roles": [r.label for r in (model.structure.roles if model.structure else [])],
        "can_edit": can_edit,
        "edit_url": reverse("mapping:edit", kwargs={"org": org, "case": row.slug, "process": where.process}),
        "expert_url": reverse("cases:view", kwargs={"org": org, "case": row.slug, "view": "processes"})
        + f"?process={where.process}&variant={where.variant}",
        "analysis_url": reverse("workbench:analysis", kwargs={"org": org, "case": row.slug})
        + f"?process={where.process}&a={where.variant}",
    }  # fmt: skip


def render_regions(request: HttpRequest, context: dict[str, Any]) -> dict[str, SafeString]:
    """Each region of the page as HTML (the table, the diagram, the results, the notice)."""
    return {
        name: mark_safe(render_to_string(f"mapping/_{name}.html", context, request=request))
        for name in REGIONS
    }


@organisation_view(VIEW)
def steps_page(request: OrganisationRequest, org: str, case: str, process: str) -> HttpResponse:
    row = access_case(request.organisation, case)
    where = _where(services.model_of(row), process, request.GET.get("variant"))
    if request.headers.get("X-Verksam-Live"):
        # Someone else changed the case (verksam.web.live): the regions alone, as an edit answers.
        # Every open page asks at once and the regions are the same for all who may edit (or all
        # who may not): made once per revision, language and variant in this process.
        can_edit = "edit" in request.permissions
        key = f"{row.pk}:{row.revision}:{row.updated_at.isoformat()}:{get_language()}:steps:{can_edit}:{where.process}:{where.variant}"
        regions = revision_cached(
            key, lambda: render_regions(request, context_of(request, row, where))
        )
        return regions_response(regions, row.revision)
    context = context_of(request, row, where)
    context["regions"] = render_regions(request, context)
    return render(request, "mapping/steps.html", context)


def regions_response(
    regions: dict[str, SafeString], revision: int, status: int = 200
) -> HttpResponse:
    """The page's regions as <template data-region> fragments, with the revision they show."""
    body = "".join(
        f'<template data-region="{name}">{html}</template>' for name, html in regions.items()
    )
    response = HttpResponse(body, status=status)
    response["X-Revision"] = str(revision)
    return response


def _steps_from_upload(request: OrganisationRequest) -> list[Step]:
    upload = request.FILES.get("file")
    if upload is not None and not isinstance(upload, list):
        return read_steps(upload.read(), upload.name or "").steps
    return parse_steps(request.POST.get("text", "")).steps


def step_list_problems(exc: StepListError) -> list[str]:
    """The problems of a step list in the user's language, each with its line and column."""
    labels = {
        "name": _("Step"), "role": _("Who does it"), "touch_minutes": _("Minutes of work"),
        "waiting_hours": _("Waiting time (hours)"),
        # xgettext:no-python-format
        "share": _("Only in % of cases"),
        "back_to": _("Goes back to"),
        # xgettext:no-python-format
        "back_share": _("% back"),
    }  # fmt: skip
    out = []
    for problem in exc.problems:
        message = _(MESSAGES[problem.code]).format(**problem.params)
        if problem.line:
            where = _("Line %(line)s") % {"line": problem.line}
            if problem.field:
                where += f", {labels.get(problem.field, problem.field)}"
            message = f"{where}: {message}"
        out.append(message)
    return out


def _plan(request: OrganisationRequest, where: table.Where) -> tuple[Any, Any, dict[str, Any]]:
    """What the request does: make(document) -> (operations, description), intent(document)."""
    data = request.POST
    action = data.get("action", "")
    row_id, field_name = data.get("row", ""), data.get("field", "")
    info: dict[str, Any] = {"action": action}
    extra_steps: list[Step] = []
    if action in ("paste", "upload"):
        extra_steps = _steps_from_upload(request)  # raises StepListError
        info["count"] = len(extra_steps)

    def new_steps(model: CaseModel) -> list[Step] | None:
        steps = table.current_steps(model, where)
        if action == "cell":
            return table.edit_cell(
                steps, row_id, field_name, data.get("value", ""), data.get("after", "")
            )
        if action == "move":
            return table.move(steps, row_id, -1 if data.get("direction") == "up" else 1)
        if action == "delete":
            return table.delete(steps, row_id)
        if action in ("paste", "upload"):
            return table.insert(
                steps, extra_steps, data.get("after", "") or (steps[-1].id or "" if steps else "")
            )
        return None  # fmt: skip

    def make(document: dict[str, Any]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        model = CaseModel.model_validate(document)
        description = {"op": "steps", "process": where.process, "variant": where.variant, **info}
        if action == "setting":
            return _setting_ops(document, where, data), description
        if action == "role-cost":
            return _role_cost_ops(document, data), description
        steps = new_steps(model)
        if steps is None:
            raise table.Refused(_("Unknown request."))
        trigger = model.process(where.process).trigger
        ops = table.operations_for(document, where, steps, table.event_names(model, trigger))
        before = {s.id for s in table.current_steps(model, where)}
        info["new"] = [p["value"]["id"] for p in ops if p["op"] == "add" and p["path"].endswith("/nodes")
                       and p["value"].get("type", "task") == "task" and p["value"]["id"] not in before]  # fmt: skip
        return ops, description

    def intent(document: dict[str, Any]) -> list[str]:
        if action == "cell":
            return table.intent_of(where, row_id, field_name)
        if action == "setting":
            return [_setting_path(where, data.get("field", ""))]
        if action == "role-cost":
            return [f"structure/roles/{data.get('role', '')}/cost_per_hour"]
        return []

    return make, intent, info


def _setting_path(where: table.Where, name: str) -> str:
    if name == "volume":
        return f"{where.path}/volume_per_year"
    return "settings/hours_per_fte"


def _setting_ops(document: dict[str, Any], where: table.Where, data: Any) -> list[dict[str, Any]]:
    value = table.amount(data.get("value", ""))
    path = _setting_path(where, data.get("field", ""))
    if path.startswith("settings/") and value == 0:
        raise table.Refused(_("Hours per FTE must be more than 0."))
    if path.startswith("settings/") and "settings" not in document:
        return [{"op": "change", "path": "settings", "value": {"hours_per_fte": value}}]
    return [{"op": "change", "path": path, "value": value}]


def _role_cost_ops(document: dict[str, Any], data: Any) -> list[dict[str, Any]]:
    role = data.get("role", "")
    roles = (document.get("structure") or {}).get("roles", [])
    if not any(r.get("id") == role for r in roles):
        raise table.Refused(_("This role is no longer there."))
    value = table.amount(data.get("value", ""))
    return [{"op": "change", "path": f"structure/roles/{role}/cost_per_hour", "value": value}]


@organisation_view(EDIT)
@require_POST
def edit(request: OrganisationRequest, org: str, case: str, process: str) -> HttpResponse:
    row = access_case(request.organisation, case)
    where = _where(services.model_of(row), process, request.POST.get("variant"))
    notice: dict[str, Any] = {}
    status = 200
    info: dict[str, Any] = {}
    try:
        base = int(request.POST.get("base", ""))
    except ValueError:
        base = row.revision
    try:
        make, intent, info = _plan(request, where)
        revision = services.apply_batch(
            row, request.user, make, intent, base, services.browser_session(request)
        )
        if revision is not None:
            notice = {"kind": "success", "text": _("Saved.")}
            if info.get("action") in ("paste", "upload"):
                notice["text"] = _("%(count)s steps added.") % {"count": info["count"]}
    except services.EditConflict as conflict:
        status = 409
        notice = {"kind": "conflict", "text": _("Someone else changed this in the meantime; your change was not saved."),
                  "lines": conflict_lines(conflict)}  # fmt: skip
    except StepListError as exc:
        status = 400
        notice = {
            "kind": "error",
            "text": _("Nothing was added:"),
            "lines": step_list_problems(exc),
        }
    except (table.Refused, OperationError, ValueError) as exc:
        status = 400
        notice = {
            "kind": "error",
            "text": _("The change was not saved: %(error)s") % {"error": exc},
        }
    row.refresh_from_db()
    query = f"?variant={where.variant}"
    if not request.headers.get("X-Steps"):
        return redirect(
            reverse("mapping:steps", kwargs={"org": org, "case": row.slug, "process": process})
            + query
        )
    context = context_of(request, row, where)
    context["notice"] = notice
    context["new_rows"] = info.get("new", [])
    response = regions_response(render_regions(request, context), row.revision, status)
    if info.get("new"):
        response["X-New-Rows"] = ",".join(info["new"])
    return response
