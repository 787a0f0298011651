"""The evaluation of e-solutions of a case: the ranking page (fit, benefit and cost side by side, a
chart, the sensitivity in words), the score grid (requirements as rows, candidates as columns,
type a number and Tab to the next), forms for requirements, candidates and criteria, and the
requirements as XLSX. Every change is a revision of the case document, like any other edit."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from verksam.model import Case as CaseModel
from verksam.model.evaluation import Evaluation
from verksam.web.cases import services
from verksam.web.cases.access import access_case, access_revision
from verksam.web.cases.models import Case
from verksam.web.cases.operations import OperationError
from verksam.web.evaluation.content import KIND, PRIORITY, evaluation_context, weight
from verksam.web.organisations.middleware import organisation_view
from verksam.web.organisations.permissions import EDIT, VIEW
from verksam.web.requests import OrganisationRequest

KINDS = ("requirements", "candidates", "criteria")
_ASCII = str.maketrans({"å": "a", "ä": "a", "ö": "o", "æ": "ae", "ø": "o", "é": "e", "ü": "u"})


def _back(row: Case, name: str = "page") -> str:
    return reverse(f"evaluation:{name}", kwargs={"org": row.organisation.slug, "case": row.slug})


def new_id(model: CaseModel, name: str, prefix: str) -> str:
    """A readable id from the name, unique in the case (ids are never shown, but read in files)."""
    base = re.sub(r"[^a-z0-9]+", "-", name.lower().translate(_ASCII)).strip("-")[:60]
    base = f"{prefix}-{base}" if base else prefix
    taken = set(model.ids())
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


@organisation_view(VIEW)
def page(request: OrganisationRequest, org: str, case: str) -> HttpResponse:
    row = access_case(request.organisation, case)
    model = services.model_of(row)
    context = evaluation_context(model)
    return render(request, "evaluation/page.html", {"case": row, "model": model, "ev": context})


# --- score grid -------------------------------------------------------------------------------


def _parse(text: str) -> float | None:
    """A number typed in sv, nb or en ("3", "2,5", "2.5"); None for an empty cell."""
    text = text.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    if not text:
        return None
    return float(text)


def _wanted(request: OrganisationRequest, ev: Evaluation) -> tuple[dict[str, Any], list[str]]:
    """What the grid asks for, by path, where it differs from the evaluation the grid was made
    from (its base revision); and the labels of cells that are not numbers in range."""
    bad: list[str] = []
    wanted: dict[str, Any] = {}

    def read(field: str, label: str, upper: float | None) -> float | None:
        try:
            value = _parse(request.POST.get(field, ""))
        except ValueError:
            bad.append(label)
            return None
        if value is not None and (value < 0 or (upper is not None and value > upper)):
            bad.append(label)
            return None
        return value

    for c in ev.criteria:
        value = read(f"c|{c.id}", c.label, None)
        if value is not None and value != c.weight:
            wanted[f"evaluation/criteria/{c.id}/weight"] = value
    for r in ev.requirements:
        value = read(f"w|{r.id}", r.label, None)
        if value is not None and value != r.weight:
            wanted[f"evaluation/requirements/{r.id}/weight"] = value
        priority = request.POST.get(f"p|{r.id}")
        if priority in PRIORITY and priority != r.priority:
            wanted[f"evaluation/requirements/{r.id}/priority"] = priority
    for cand in ev.candidates:
        for r in ev.requirements:
            field = f"s|{cand.id}|{r.id}"
            if field not in request.POST:
                continue
            label = f"{cand.label} – {r.label}"
            value = read(field, label, ev.scale_max)
            old = cand.scores.get(r.id)
            path = f"evaluation/candidates/{cand.id}/scores/{r.id}"
            if label in bad:
                continue
            if value is None and old is not None:
                wanted[path] = None  # emptied: not scored
            elif value is not None and (old is None or old.score != value):
                wanted[path] = value
    return wanted, bad


def _operations(document: dict[str, Any], wanted: dict[str, Any]) -> list[dict[str, Any]]:
    """The grid's changes as operations on the current document (someone may have added or
    removed requirements or candidates since); a score keeps its note."""
    ev = CaseModel.model_validate(document).evaluation
    if ev is None:
        return []
    candidates = {c.id: c for c in ev.candidates}
    requirements = {r.id for r in ev.requirements}
    criteria = {c.id for c in ev.criteria}
    ops: list[dict[str, Any]] = []
    for path, value in wanted.items():
        parts = path.split("/")
        if parts[1] == "candidates":
            cand = candidates.get(parts[2])
            if cand is None or parts[4] not in requirements:
                continue
            old = cand.scores.get(parts[4])
            if value is None:
                if old is not None:
                    ops.append({"op": "remove", "path": path})
                continue
            note = {"note": old.note} if old is not None and old.note else {}
            ops.append({"op": "change", "path": path, "value": {"score": value, **note}})
        elif parts[2] in (requirements if parts[1] == "requirements" else criteria):
            ops.append({"op": "change", "path": path, "value": value})
    return ops


def _save_scores(request: OrganisationRequest, row: Case) -> HttpResponse:
    """Save the grid: only what the user changed since the grid was shown, as one revision."""
    try:
        base = int(request.POST.get("base") or row.revision)
        shown = (
            CaseModel.model_validate(access_revision(row, base).document)
            if base != row.revision
            else None
        )
    except (ValueError, Http404):
        base, shown = row.revision, None
    shown_ev = (shown or services.model_of(row)).evaluation
    if shown_ev is None:
        return redirect(_back(row))
    wanted, bad = _wanted(request, shown_ev)
    if bad:
        messages.error(
            request,
            _(
                "Nothing was saved: give a number from 0 to %(top)s (weights: 0 or more) in: %(cells)s"
            )
            % {"top": shown_ev.scale_max, "cells": "; ".join(bad)},
        )
        return redirect(_back(row, "scores"))
    try:
        revision = services.apply_batch(
            row, request.user,
            lambda document: (_operations(document, wanted), {"op": "change", "path": "evaluation"}),
            lambda _document: list(wanted), base, services.browser_session(request),
        )  # fmt: skip
    except services.EditConflict:
        messages.error(
            request,
            _(
                "Someone else changed the same scores in the meantime; nothing was saved. Look and try again."
            ),
        )
        return redirect(_back(row, "scores"))
    except (OperationError, ValueError) as exc:
        messages.error(request, _("The change was not saved: %(error)s") % {"error": exc})
        return redirect(_back(row, "scores"))
    if revision is None:
        messages.info(request, _("Nothing had changed."))
    else:
        messages.success(request, _("The scores were saved."))
    return redirect(_back(row, "scores") if "stay" in request.POST else _back(row))


@organisation_view(EDIT)
def scores(request: OrganisationRequest, org: str, case: str) -> HttpResponse:
    """The score grid; saving writes every changed cell and weight as one revision."""
    row = access_case(request.organisation, case)
    model = services.model_of(row)
    ev = model.evaluation
    if request.method == "POST" and ev is not None:
        return _save_scores(request, row)
    grid = []
    if ev is not None:
        for r in ev.requirements:
            cells = []
            for cand in ev.candidates:
                score = cand.scores.get(r.id)
                cells.append({
                    "field": f"s|{cand.id}|{r.id}", "candidate": cand.label,
                    "value": "" if score is None else weight(score.score),
                    "note": score.note if score else "",
                })  # fmt: skip
            grid.append({"requirement": r, "weight": weight(r.weight), "cells": cells,
                         "criterion": next((c.label for c in ev.criteria if c.id == r.criterion), "")})  # fmt: skip
    return render(request, "evaluation/scores.html", {
        "case": row, "model": model, "evaluation": ev, "grid": grid,
        "criteria": [(c, weight(c.weight)) for c in ev.criteria] if ev else [],
        "priorities": list(PRIORITY.items()),
    })  # fmt: skip


# --- requirements, candidates, criteria -----------------------------------------------------


class CriterionForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=300)
    weight = forms.FloatField(label=gettext_lazy("Weight"), min_value=0, initial=1, localize=True)
    description = forms.CharField(label=gettext_lazy("Description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip


class RequirementForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Requirement"), max_length=500,
                           widget=forms.TextInput(attrs={"size": 70}))  # fmt: skip
    priority = forms.ChoiceField(label=gettext_lazy("Must or should"), choices=list(PRIORITY.items()),
                                 widget=forms.RadioSelect, initial="should")  # fmt: skip
    weight = forms.FloatField(label=gettext_lazy("Weight"), min_value=0, initial=1, localize=True)
    criterion = forms.ChoiceField(label=gettext_lazy("Criterion"), required=False)
    description = forms.CharField(label=gettext_lazy("Description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
    goals = forms.MultipleChoiceField(label=gettext_lazy("Goals it serves"), required=False,
                                      widget=forms.CheckboxSelectMultiple)  # fmt: skip
    effects = forms.MultipleChoiceField(label=gettext_lazy("Effects it serves"), required=False,
                                        widget=forms.CheckboxSelectMultiple)  # fmt: skip
    steps = forms.MultipleChoiceField(label=gettext_lazy("Process steps it concerns"), required=False,
                                      widget=forms.CheckboxSelectMultiple)  # fmt: skip
    verification = forms.CharField(label=gettext_lazy("How it is verified"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip

    def __init__(self, model: CaseModel, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ev = model.evaluation
        crit: Any = self.fields["criterion"]
        crit.choices = [("", _("No criterion"))] + [
            (c.id, c.label) for c in (ev.criteria if ev else [])
        ]
        goals: Any = self.fields["goals"]
        goals.choices = [(g.id, g.label) for g in (model.vision.goals if model.vision else [])] + [
            (g.id, g.label) for g in (model.effect_map.effect_goals if model.effect_map else [])
        ]
        effects: Any = self.fields["effects"]
        effects.choices = [
            (e.id, e.label) for e in (model.benefits.effects if model.benefits else [])
        ]
        seen: dict[str, str] = {}
        for process in model.processes:
            for variant in process.variants:
                for node in variant.nodes:
                    if node.type in ("task", "subprocess"):
                        seen.setdefault(f"{process.id}/{node.id}", f"{process.label}: {node.label}")
        step_field: Any = self.fields["steps"]
        step_field.choices = list(seen.items())
        for name in ("goals", "effects", "steps"):
            if not getattr(self.fields[name], "choices", None):
                del self.fields[name]


class CandidateForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Candidate solution"), max_length=300,
                           widget=forms.TextInput(attrs={"size": 60}))  # fmt: skip
    kind = forms.ChoiceField(label=gettext_lazy("Kind of solution"), choices=list(KIND.items()))
    description = forms.CharField(label=gettext_lazy("Description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
    variant = forms.ChoiceField(
        label=gettext_lazy("The process as it would be with this solution"), required=False
    )
    alternative = forms.ChoiceField(
        label=gettext_lazy("Its alternative in the benefits case (net present value)"),
        required=False,
    )

    def __init__(self, model: CaseModel, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        variant: Any = self.fields["variant"]
        variant.choices = [("", _("Not linked"))] + [
            (f"{p.id}/{v.id}", f"{p.label}: {v.label}") for p in model.processes for v in p.variants
        ]
        alternative: Any = self.fields["alternative"]
        alternative.choices = [("", _("The zero alternative (no benefits, no costs)"))] + [
            (a.id, a.label) for a in (model.benefits.alternatives if model.benefits else [])
        ]
        # each requirement's score and its reason, in a table below the other fields
        ev = model.evaluation
        top = ev.scale_max if ev else 5
        self.requirements = list(ev.requirements) if ev else []
        for r in self.requirements:
            score_label = _("Score: %(name)s") % {"name": r.label}
            note_label = _("Reason: %(name)s") % {"name": r.label}
            self.fields[f"score|{r.id}"] = forms.FloatField(
                label=score_label, required=False, min_value=0, max_value=top, localize=True,
                widget=forms.TextInput(
                    attrs={"inputmode": "decimal", "size": 3, "aria-label": score_label}
                ),
            )  # fmt: skip
            self.fields[f"note|{r.id}"] = forms.CharField(
                label=note_label, required=False, max_length=1000,
                widget=forms.TextInput(attrs={"size": 60, "aria-label": note_label}),
            )  # fmt: skip

    def main_fields(self) -> list[Any]:
        return [f for f in self if "|" not in f.name]

    def score_rows(self) -> list[tuple[str, Any, Any]]:
        return [(r.label, self[f"score|{r.id}"], self[f"note|{r.id}"]) for r in self.requirements]


FORMS = {"requirements": RequirementForm, "candidates": CandidateForm, "criteria": CriterionForm}
PREFIX = {"requirements": "krav", "candidates": "kandidat", "criteria": "kriterium"}


def _element(model: CaseModel, kind: str, ident: str) -> Any:
    ev = model.evaluation
    items: list[Any] = list(getattr(ev, kind)) if ev else []
    for item in items:
        if item.id == ident:
            return item
    raise Http404


def _initial(kind: str, item: Any) -> dict[str, Any]:
    if item is None:
        return {}
    data: dict[str, Any] = item.model_dump(mode="json", exclude_none=True)
    if kind == "requirements":
        data["steps"] = [f"{s['process']}/{s['step']}" for s in data.get("steps", [])]
    if kind == "candidates":
        data["variant"] = f"{item.process}/{item.variant}" if item.process and item.variant else ""
        for rid, score in item.scores.items():
            data[f"score|{rid}"] = score.score
            data[f"note|{rid}"] = score.note
    return data


def _value(kind: str, data: dict[str, Any], ident: str, old: Any) -> dict[str, Any]:
    """The element as the case document holds it, from the form's cleaned data."""
    value: dict[str, Any] = {"id": ident, "name": data["name"]}
    if data.get("description"):
        value["description"] = data["description"]
    if kind == "criteria":
        value["weight"] = data["weight"]
    elif kind == "requirements":
        value.update(priority=data["priority"], weight=data["weight"])
        if data.get("criterion"):
            value["criterion"] = data["criterion"]
        for key in ("goals", "effects"):
            if data.get(key):
                value[key] = list(data[key])
        if data.get("steps"):
            value["steps"] = [
                dict(zip(("process", "step"), s.split("/", 1), strict=True)) for s in data["steps"]
            ]
        if data.get("verification"):
            value["verification"] = data["verification"]
    else:
        value["kind"] = data["kind"]
        if data.get("variant"):
            value["process"], value["variant"] = data["variant"].split("/", 1)
        if data.get("alternative"):
            value["alternative"] = data["alternative"]
        scores: dict[str, Any] = {}
        for key, score in data.items():
            if key.startswith("score|") and score is not None:
                rid = key.split("|", 1)[1]
                note = data.get(f"note|{rid}") or ""
                scores[rid] = {"score": score, **({"note": note} if note else {})}
        # scores of requirements the form did not show (added meanwhile) are kept
        for rid, kept in old.scores.items() if old is not None else []:
            if f"score|{rid}" not in data:
                scores[rid] = kept.model_dump(exclude_defaults=True)
        if scores:
            value["scores"] = scores
    return value


def _removal(model: CaseModel, kind: str, ident: str) -> list[dict[str, Any]]:
    """Removing an element also removes what refers to it inside the evaluation."""
    ev = model.evaluation
    ops: list[dict[str, Any]] = [{"op": "remove", "path": f"evaluation/{kind}/{ident}"}]
    if ev is None:
        return ops
    if kind == "requirements":
        ops += [{"op": "remove", "path": f"evaluation/candidates/{c.id}/scores/{ident}"}
                for c in ev.candidates if ident in c.scores]  # fmt: skip
    if kind == "criteria":
        ops += [{"op": "remove", "path": f"evaluation/requirements/{r.id}/criterion"}
                for r in ev.requirements if r.criterion == ident]  # fmt: skip
    return ops


def _saved(request: OrganisationRequest, row: Any, ops: list[dict[str, Any]]) -> bool:
    """Apply a form's operations as one revision from the revision the form was shown at; on a
    conflict or a refusal say why (nothing is saved) and return False."""
    try:
        services.apply_batch(
            row, request.user, lambda _d: (ops, {"op": "change", "path": "evaluation"}),
            lambda _d: [op["path"] for op in ops], int(request.POST.get("base") or row.revision),
            services.browser_session(request),
        )  # fmt: skip
    except services.EditConflict:
        messages.error(
            request,
            _("Someone else changed this in the meantime; nothing was saved. Look and try again."),
        )
        return False
    except (OperationError, ValueError) as exc:
        messages.error(request, _("The change was not saved: %(error)s") % {"error": exc})
        return False
    return True


@organisation_view(EDIT)
def element(
    request: OrganisationRequest, org: str, case: str, kind: str, ident: str = ""
) -> HttpResponse:
    """Add (no ident) or change or remove a requirement, candidate or criterion."""
    if kind not in KINDS:
        raise Http404
    row = access_case(request.organisation, case)
    model = services.model_of(row)
    item = _element(model, kind, ident) if ident else None
    form_class: Any = FORMS[kind]
    args: list[Any] = [model] if kind != "criteria" else []
    if request.method == "POST":
        form = form_class(*args, request.POST)
        removing = bool(ident) and "remove" in request.POST
        if removing or form.is_valid():
            if removing:
                ops = _removal(model, kind, ident)
            elif item is None:
                new = new_id(model, form.cleaned_data["name"], PREFIX[kind])
                ops = [
                    {
                        "op": "add",
                        "path": f"evaluation/{kind}",
                        "value": _value(kind, form.cleaned_data, new, None),
                    }
                ]
            else:
                ops = [{"op": "change", "path": f"evaluation/{kind}/{ident}",
                        "value": _value(kind, form.cleaned_data, ident, item)}]  # fmt: skip
            if _saved(request, row, ops):
                messages.success(request, _("Removed.") if removing else _("Saved."))
                if "another" in request.POST and not removing:
                    return redirect(
                        reverse(
                            "evaluation:new", kwargs={"org": org, "case": row.slug, "kind": kind}
                        )
                    )
                return redirect(_back(row, "scores"))
            return redirect(_back(row, "scores"))
    else:
        form = form_class(*args, initial=_initial(kind, item))
    titles = {
        ("requirements", False): _("New requirement"), ("requirements", True): _("Change the requirement"),
        ("candidates", False): _("New candidate solution"), ("candidates", True): _("Change the candidate solution"),
        ("criteria", False): _("New criterion"), ("criteria", True): _("Change the criterion"),
    }  # fmt: skip
    return render(request, "evaluation/element.html", {
        "case": row, "model": model, "form": form, "kind": kind, "item": item,
        "title": titles[(kind, item is not None)],
    })  # fmt: skip


class SettingsForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("What is being chosen"), max_length=300,
                           required=False, widget=forms.TextInput(attrs={"size": 70}))  # fmt: skip
    description = forms.CharField(label=gettext_lazy("Description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    scale_max = forms.IntegerField(label=gettext_lazy("Highest score"), min_value=1,
                                   max_value=100)  # fmt: skip
    must_pass = forms.FloatField(label=gettext_lazy("Lowest score that meets a must-requirement"),
                                 min_value=0, localize=True)  # fmt: skip

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        top, must = data.get("scale_max"), data.get("must_pass")
        if top is not None and must is not None and must > top:
            self.add_error("must_pass", _("At most the highest score, %(top)s.") % {"top": top})
        return data


@organisation_view(EDIT)
def settings_view(request: OrganisationRequest, org: str, case: str) -> HttpResponse:
    """The evaluation's name, description, scale and pass mark of must-requirements."""
    row = access_case(request.organisation, case)
    model = services.model_of(row)
    ev = model.evaluation
    if ev is None:
        return redirect(_back(row))
    if request.method == "POST":
        form = SettingsForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            above = [
                f"{c.label} – {ev.requirement(rid).label}"
                for c in ev.candidates for rid, s in c.scores.items()
                if s.score > data["scale_max"] and rid in {r.id for r in ev.requirements}
            ]  # fmt: skip
            if above:
                form.add_error(
                    "scale_max",
                    _("These scores are higher: %(cells)s") % {"cells": "; ".join(above)},
                )
            else:
                ops = [{"op": "change", "path": f"evaluation/{key}", "value": data[key]}
                       for key in ("name", "description", "scale_max", "must_pass")
                       if data[key] != getattr(ev, key)]  # fmt: skip
                if _saved(request, row, ops):
                    messages.success(request, _("Saved."))
                    return redirect(_back(row))
    else:
        form = SettingsForm(initial={"name": ev.name, "description": ev.description,
                                     "scale_max": ev.scale_max, "must_pass": ev.must_pass})  # fmt: skip
    return render(request, "evaluation/element.html", {
        "case": row, "model": model, "form": form, "kind": "settings", "item": None,
        "title": _("Scale and description of the evaluation"), "no_remove": True,
    })  # fmt: skip


@organisation_view(VIEW)
def requirements_xlsx(request: OrganisationRequest, org: str, case: str) -> HttpResponse:
    from verksam.evaluation.workbook import requirements_workbook

    row = access_case(request.organisation, case)
    model = services.model_of(row)
    if model.evaluation is None:
        raise Http404
    response = HttpResponse(
        requirements_workbook(model),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{row.slug}-requirements.xlsx"'
    return response


@organisation_view(EDIT)
@require_POST
def start(request: OrganisationRequest, org: str, case: str) -> HttpResponse:
    """Start an evaluation: its name, and the scale and pass mark of must-requirements."""
    row = access_case(request.organisation, case)
    name = request.POST.get("name", "").strip()[:300]
    operation = {"op": "change", "path": "evaluation", "value": {"name": name} if name else {}}
    if services.model_of(row).evaluation is not None:
        return redirect(_back(row))
    try:
        services.apply_operation(row, request.user, operation, base=row.revision)
    except (OperationError, services.EditConflict) as exc:
        messages.error(request, str(exc))
        return redirect(_back(row))
    return redirect(
        reverse("evaluation:new", kwargs={"org": org, "case": row.slug, "kind": "requirements"})
    )
