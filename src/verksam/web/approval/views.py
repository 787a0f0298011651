"""Process approval pages: the organisation's process register, a process's approval page (owner,
status, history, suggestions), and the read-only page of its published revision."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from verksam.model import Case as CaseModel
from verksam.web.approval import services
from verksam.web.approval.forms import DecisionForm, OwnerForm, ResolveForm, SuggestionForm
from verksam.web.approval.models import ProcessRecord
from verksam.web.cases.access import access_case, cases_of
from verksam.web.cases.diagrams import draw
from verksam.web.cases.pages import Diagram
from verksam.web.organisations.middleware import organisation_view
from verksam.web.organisations.permissions import EDIT, VIEW
from verksam.web.requests import OrganisationRequest


@organisation_view(VIEW)
def register(request: OrganisationRequest, org: str) -> HttpResponse:
    """Every process of the organisation's cases with its owner, status and next review."""
    rows = []
    for case in cases_of(request.organisation).order_by("name"):
        for process_id, name, record in services.records_of_case(case):
            rows.append({"case": case, "process": process_id, "name": name, "record": record})
    return render(request, "approval/register.html", {"rows": rows})


def _record(request: OrganisationRequest, case: str, process: str) -> ProcessRecord:
    return services.record_for(access_case(request.organisation, case), process)


@organisation_view(VIEW)
def process(request: OrganisationRequest, org: str, case: str, process: str) -> HttpResponse:
    record = _record(request, case, process)
    found = services.process_in(record.case.document, record.process)
    name = found.label if found is not None else record.process
    deciding = services.may_decide(record, request.user, request.permissions)
    return render(
        request,
        "approval/process.html",
        {
            "case": record.case,
            "record": record,
            "name": name,
            "deciding": deciding,
            "owner_form": OwnerForm(
                organisation=request.organisation,
                initial={"owner": record.owner, "review_date": record.review_date},
            ),
            "events": record.events.select_related("actor"),
            "suggestions": [
                (s, ResolveForm(prefix=f"s{s.pk}"))
                for s in record.suggestions.select_related("author", "resolved_by")
            ],
            "changed_since": record.published_revision is not None
            and record.case.revision > record.published_revision,
        },
    )


@organisation_view(EDIT)
@require_POST
def owner(request: OrganisationRequest, org: str, case: str, process: str) -> HttpResponse:
    record = _record(request, case, process)
    form = OwnerForm(request.POST, organisation=request.organisation)
    if form.is_valid():
        services.set_owner(record, form.cleaned_data["owner"], form.cleaned_data["review_date"])
        messages.success(request, _("The process owner and review date were saved."))
    else:
        messages.error(request, _("Choose a member of the organisation and a valid date."))
    return redirect(services.process_url(record))


@organisation_view(VIEW)
@require_POST
def decide(request: OrganisationRequest, org: str, case: str, process: str) -> HttpResponse:
    record = _record(request, case, process)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("This step could not be read; nothing was changed."))
        return redirect(services.process_url(record))
    action, comment = form.cleaned_data["action"], form.cleaned_data["comment"]
    review_date = form.cleaned_data["review_date"]
    try:
        if action == "submit":
            if EDIT not in request.permissions:
                raise services.ApprovalError(_("Only editors can send a process for review."))
            services.submit(record, request.user, comment)
            done = _("The process was sent to its owner for review.")
        elif action == "approve":
            services.approve(record, request.user, request.permissions, comment)
            done = _("Revision %(number)s of the case is approved.") % {
                "number": record.approved_revision
            }
        elif action == "return":
            services.return_to_draft(record, request.user, request.permissions, comment)
            done = _("The process was returned to draft.")
        elif action == "publish":
            services.publish(record, request.user, request.permissions, comment, review_date)
            done = _("The approved process is published for every member.")
        else:
            services.confirm(record, request.user, request.permissions, comment, review_date)
            done = _("The review is recorded; the published process stays as it is.")
    except services.ApprovalError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return redirect(services.process_url(record))


def _published_steps(document: dict[str, object], process_id: str) -> list[dict[str, Any]]:
    found = services.process_in(document, process_id)
    if found is None:
        return []
    variants = []
    for variant in found.variants:
        lanes = {lane.id: lane.label for lane in variant.lanes}
        steps = [
            {"id": n.id, "name": n.label, "lane": lanes.get(n.lane or "", ""), "node": n}
            for n in variant.nodes
            if n.type == "task"
        ]
        variants.append({"variant": variant, "steps": steps})
    return variants


@organisation_view(VIEW)
def published(request: OrganisationRequest, org: str, case: str, process: str) -> HttpResponse:
    """The approved, published revision of the process, whatever the draft looks like now."""
    record = _record(request, case, process)
    document = services.published_document(record)
    if document is None:
        raise Http404("Not published")
    model = CaseModel.model_validate(document)
    variants = _published_steps(document, record.process)
    for entry in variants:
        variant = entry["variant"]
        entry["drawing"] = draw(
            model, Diagram("swimlane", variant.label, id=record.process, variant=variant.id)
        )
    found = services.process_in(document, record.process)
    return render(
        request,
        "approval/published.html",
        {
            "case": record.case,
            "record": record,
            "process": found,
            "variants": variants,
            "approval": record.events.filter(action="approved").select_related("actor").first(),
            "form": SuggestionForm(steps=_step_choices(variants)),
        },
    )


def _step_choices(variants: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [
        (f"{e['variant'].id}/{s['id']}", f"{s['name']} ({e['variant'].label})")
        for e in variants
        for s in e["steps"]
    ]


@organisation_view(VIEW)
@require_POST
def suggest(request: OrganisationRequest, org: str, case: str, process: str) -> HttpResponse:
    record = _record(request, case, process)
    document = services.published_document(record)
    if document is None:
        raise Http404("Not published")
    choices = _step_choices(_published_steps(document, record.process))
    form = SuggestionForm(request.POST, steps=choices)
    back = services.process_url(record, "approval:published")
    if not form.is_valid():
        messages.error(request, _("Choose a step and write your suggestion."))
        return redirect(back)
    variant, step = form.cleaned_data["step"].split("/", 1)
    label = dict(choices)[form.cleaned_data["step"]].rsplit(" (", 1)[0]
    services.suggest(record, request.user, variant, step, label, form.cleaned_data["text"])
    messages.success(request, _("Thank you: the process owner will see your suggestion."))
    return redirect(back)


@organisation_view(VIEW)
@require_POST
def resolve(
    request: OrganisationRequest, org: str, case: str, process: str, suggestion: int
) -> HttpResponse:
    record = _record(request, case, process)
    found = record.suggestions.filter(pk=suggestion).first()
    if found is None:
        raise Http404("No such suggestion")
    form = ResolveForm(request.POST, prefix=f"s{found.pk}")
    try:
        if not form.is_valid():
            raise services.ApprovalError(_("The answer is too long."))
        services.resolve(found, request.user, request.permissions, form.cleaned_data["response"])
    except services.ApprovalError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The suggestion is marked as resolved."))
    return redirect(services.process_url(record) + "#suggestions")
