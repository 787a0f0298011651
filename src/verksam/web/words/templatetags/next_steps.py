"""What to do next, in plain words, on pages that are still empty, and the case's "start here"."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

register = template.Library()

# An empty view page: what to do in the form below it (editors) ...
TO_DO: dict[str, Promise] = {
    "vision": _(
        "Start with the vision and a first goal in the form below; the goal tree is drawn as you "
        "type."
    ),
    "effect-map": _(
        "Start with an effect goal in the form below, then the target groups, their needs and "
        "what you will deliver to them."
    ),
    "structure": _(
        "Add the units and roles of the organisation in the form below; the roles carry the hours "
        "and costs of the analysis."
    ),
    "processes": _(
        "Map a process: add its steps in order, who does them and how long they take, in the "
        "form below."
    ),
    "behaviour": _(
        "Describe who hands what to whom, or the life cycle of an application, in the form below."
    ),
    "benefits": _(
        "List what the change should give and what it costs in the form below; the benefit "
        "calculation uses them."
    ),
    "services": _(
        "Write a promise to citizens (for example “answer within 2 working days”) in the form "
        "below; it is checked against the simulation and your data."
    ),
}
# ... and what a reader without the right to edit is told.
NOTHING_YET = _("Nothing has been described here yet.")


@register.inclusion_tag("words/_next_step.html", takes_context=True)
def next_step(context: template.Context, slug: str) -> dict[str, Any]:
    """The next step on an empty view page: what to fill in (editors) or that it is empty."""
    can_edit = bool(context.get("can_edit"))
    text = TO_DO.get(slug) if can_edit else None
    return {"text": text or NOTHING_YET, "target": "#section-1" if text else ""}


@register.inclusion_tag("words/_needs_process.html", takes_context=True)
def needs_process(context: template.Context, what: Promise) -> dict[str, Any]:
    """A workbench page with no process to work on: say so and link to mapping one."""
    kwargs = {"org": context["organisation"].slug, "case": context["case"].slug}
    return {"what": what, "url": reverse("cases:view", kwargs={**kwargs, "view": "processes"})}


@register.inclusion_tag("words/_start_here.html", takes_context=True)
def start_here(context: template.Context) -> dict[str, Any]:
    """The case overview's first section: the method's steps, each with its page and state."""
    model = context["model"]
    kwargs = {"org": context["organisation"].slug, "case": context["case"].slug}

    def view(slug: str) -> str:
        return reverse("cases:view", kwargs={**kwargs, "view": slug})

    variants = [v for p in model.processes for v in p.variants]
    # the step table of the first process, or the guided start that makes one (editors only)
    can_edit = "edit" in (context.get("perms_here") or ())
    if model.processes:
        process = {**kwargs, "process": model.processes[0].id}
        mapping = reverse("mapping:steps", kwargs=process)
    else:
        mapping = reverse("mapping:start", kwargs={"org": kwargs["org"]}) if can_edit else ""
    steps = [
        (
            _("Map how the work is done today"),
            _("List the steps of a process, who does them and how long they take."),
            mapping or view("processes"),
            bool(variants),
        ),
        (
            _("See the workload"),
            _("Hours, full-time equivalents and cost per role, computed from the process."),
            reverse("workbench:analysis", kwargs=kwargs),
            bool(variants),
        ),
        (
            _("Say what you want to achieve"),
            _("The vision, the goals and the problems that stand in their way."),
            view("vision"),
            bool(model.vision and (model.vision.statement or model.vision.goals)),
        ),
        (
            _("Design how it should work"),
            _("Copy the process as a to-be variant and change it; the analysis compares the two."),
            view("processes"),
            any(v.kind != "as-is" for v in variants),
        ),
        (
            _("Show the benefit"),
            _("Benefits, costs and the net present value, with the hours saved computed."),
            view("benefits"),
            bool(model.benefits and model.benefits.benefits),
        ),
    ]
    upcoming = next((i for i, s in enumerate(steps) if not s[3]), None)
    return {"steps": steps, "upcoming": upcoming}
