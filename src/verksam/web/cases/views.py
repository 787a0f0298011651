"""Case pages: list, create, import, export, overview, view pages, edits, history, diff, trash."""

from __future__ import annotations

from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from verksam.formats import CaseFileError, dump_case
from verksam.formats.casefile import Format
from verksam.formats.steplist import StepListError
from verksam.web.cases import operations, services
from verksam.web.cases.access import access_case, access_revision, cases_of
from verksam.web.cases.diagrams import draw, picture_response
from verksam.web.cases.forms import CreateCaseForm, ImportCaseForm, OperationForm, RenameForm
from verksam.web.cases.pages import PAGE_BY_SLUG, PAGES
from verksam.web.cases.templates_catalogue import build
from verksam.web.cases.wording import describe
from verksam.web.interchange.report import error_text, step_problem_text
from verksam.web.organisations.middleware import organisation_view
from verksam.web.organisations.permissions import EDIT, VIEW
from verksam.web.requests import OrganisationRequest
from verksam.web.words.places import changes_in_words, names_of, place, readable


def _case_url(case: Any, name: str = "cases:detail", **extra: Any) -> str:
    return reverse(name, kwargs={"org": case.organisation.slug, "case": case.slug, **extra})


@organisation_view(VIEW)
def case_list(request: OrganisationRequest, org: str) -> HttpResponse:
    cases = cases_of(request.organisation).select_related(None).order_by("name")
    return render(request, "cases/list.html", {"cases": cases})


@organisation_view(EDIT)
def case_create(request: OrganisationRequest, org: str) -> HttpResponse:
    form = CreateCaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        name = form.cleaned_data["name"]
        slug = services.free_slug(request.organisation, name)
        try:
            model = build(form.cleaned_data["template"], name, slug, request.organisation.country)
        except CaseFileError:
            form.add_error("template", _("This example cannot be read."))
        else:
            case = services.create_case(request.organisation, request.user, model, how="create")
            messages.success(request, _("The case “%(name)s” was created.") % {"name": case.name})
            return redirect(_case_url(case))
    return render(request, "cases/create.html", {"form": form})


@organisation_view(EDIT)
def case_import(request: OrganisationRequest, org: str) -> HttpResponse:
    form = ImportCaseForm(request.POST or None, request.FILES or None)
    file_problems: list[Any] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > settings.IMPORT_IN_JOB_BYTES:  # a big file is read by the worker
            from verksam.web.jobs.kinds import start_case_import

            job = start_case_import(request.organisation, request.user, upload)
            messages.info(request, _("The import has started."))
            return redirect("jobs:detail", org=org, job=job.pk)
        try:
            case, notes = services.import_file(
                request.organisation, request.user, upload.read(), upload.name
            )
        except UnicodeDecodeError:
            form.add_error("file", _("The file is not UTF-8 text."))
        except CaseFileError as exc:
            file_problems = exc.problems
            form.add_error("file", _("The file was not imported; nothing was saved."))
        except services.InterchangeError as exc:
            file_problems = [error_text(exc)]
            form.add_error("file", _("The file was not imported; nothing was saved."))
        except StepListError as exc:
            file_problems = [step_problem_text(problem) for problem in exc.problems]
            form.add_error("file", _("The file was not imported; nothing was saved."))
        else:
            messages.success(request, _("The case “%(name)s” was imported.") % {"name": case.name})
            for line in notes:
                messages.warning(request, line)
            return redirect(_case_url(case))
    status = 400 if file_problems else 200
    return render(
        request, "cases/import.html", {"form": form, "file_problems": file_problems}, status=status
    )


@organisation_view(VIEW)
def case_detail(request: OrganisationRequest, org: str, case: str) -> HttpResponse:
    row = access_case(request.organisation, case)
    model = services.model_of(row)
    context = {
        "case": row,
        "model": model,
        "pages": [(page, page.present(model)) for page in PAGES],
        "problems": services.problems_of(model),
        "revisions": row.revisions.select_related("author")[:5],
        "rename_form": RenameForm(initial={"name": row.name, "base": row.revision}),
    }
    return render(request, "cases/detail.html", context)


@organisation_view(VIEW)
def case_view(request: OrganisationRequest, org: str, case: str, view: str) -> HttpResponse:
    page = PAGE_BY_SLUG.get(view)
    if page is None:
        raise Http404("No such view")
    row = access_case(request.organisation, case)
    if page.template == "cases/view_page.html":  # pages without their own template get the editor
        from verksam.web.cases.workspace import view_page

        return view_page(request, row, page)
    model = services.model_of(row)
    problems = [p for p in services.problems_of(model) if p.path.startswith(page.problem_prefixes)]
    context = {
        "case": row,
        "model": model,
        "page": page,
        "pages": PAGES,
        "outline": page.outline(model),
        "drawings": [draw(model, d) for d in page.diagrams(model)],
        "problems": problems,
        **page.extra(model),
    }
    return render(request, page.template, context)


EXPORTS = {
    # format: (content type, file extension)
    "yaml": ("application/yaml", "yaml"),
    "json": ("application/json", "json"),
    "bpmn": ("application/xml", "bpmn"),
    "archimate": ("application/xml", "xml"),
}


@organisation_view(VIEW)
def case_export(request: OrganisationRequest, org: str, case: str) -> HttpResponse:
    """The case as a file: case file (YAML, JSON), BPMN 2.0 or ArchiMate exchange (?format=)."""
    row = access_case(request.organisation, case)
    fmt = request.GET.get("format", "yaml")
    if fmt not in EXPORTS:
        raise Http404("No such format")
    model = services.model_of(row)
    try:
        if fmt == "bpmn":
            from verksam.formats.bpmn import write_bpmn

            data: bytes = write_bpmn(model)
        elif fmt == "archimate":
            from verksam.formats.archimate import write_archimate

            data = write_archimate(model)
        else:
            # the formats left are the case-file ones (EXPORTS checked above)
            data = dump_case(model, cast(Format, fmt)).encode("utf-8")
    except ValueError as exc:  # the export formats' errors (e.g. no processes) are ValueErrors
        messages.error(
            request, _("The case cannot be exported in this format: %(error)s") % {"error": exc}
        )
        return redirect(_case_url(row))
    content_type, extension = EXPORTS[fmt]
    response = HttpResponse(data, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{row.slug}.{extension}"'
    return response


@organisation_view(VIEW)
def case_diagram(
    request: OrganisationRequest, org: str, case: str, fmt: str = "svg"
) -> HttpResponse:
    """One diagram as an SVG or PNG file (?view=&id=&variant=, as verksam.diagrams.render takes them)."""
    from verksam.diagrams import DiagramError, render

    row = access_case(request.organisation, case)
    view = request.GET.get("view", "")
    try:
        svg = render(
            services.model_of(row),
            view,
            id=request.GET.get("id") or None,
            variant=request.GET.get("variant") or None,
        )
    except DiagramError:
        raise Http404("No such diagram") from None
    name = "-".join(
        x for x in (row.slug, view, request.GET.get("id"), request.GET.get("variant")) if x
    )
    return picture_response(svg, name, fmt)


@organisation_view(EDIT)
@require_POST
def case_rename(request: OrganisationRequest, org: str, case: str) -> HttpResponse:
    row = access_case(request.organisation, case)
    form = RenameForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("A case needs a name."))
        return redirect(_case_url(row))
    operation = {"op": "change", "path": "name", "value": form.cleaned_data["name"]}
    return _apply(request, row, operation, form.cleaned_data["base"], _case_url(row))


@organisation_view(EDIT)
@require_POST
def case_edit(request: OrganisationRequest, org: str, case: str) -> HttpResponse:
    """Apply one operation posted by an editor form (or htmx) and go back to where it came from."""
    row = access_case(request.organisation, case)
    form = OperationForm(request.POST)
    back = form.data.get("next") or _case_url(row)
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = _case_url(row)
    if not form.is_valid():
        errors = "; ".join(f"{k}: {' '.join(str(e) for e in v)}" for k, v in form.errors.items())
        messages.error(request, _("The change was not saved: %(errors)s") % {"errors": errors})
        return redirect(back)
    return _apply(request, row, form.operation(), form.cleaned_data["base"], back)


def _apply(
    request: OrganisationRequest, row: Any, operation: dict[str, Any], base: int, back: str
) -> HttpResponse:
    try:
        services.apply_operation(
            row, request.user, operation, base, services.browser_session(request)
        )
    except services.EditConflict as conflict:
        context = {
            "case": row,
            "conflict": conflict,
            "their_changes": [
                {
                    "revision": r,
                    "what": describe(r.document, str(r.operation.get("path", ""))),
                    "old": readable(r.operation.get("old"), names_of(r.document)),
                    "new": readable(r.operation.get("value"), names_of(r.document)),
                }
                for r in conflict.revisions
            ],
            "mine": operation,
            "mine_what": describe(row.document, str(operation.get("path", ""))),
            "mine_value": operations.show(operation.get("value")),
            "current": operations.show(
                operations.value_at(
                    access_case(request.organisation, row.slug).document, operation["path"]
                )
            ),
            "back": back,
        }
        return render(request, "cases/conflict.html", context, status=409)
    except operations.OperationError as exc:
        messages.error(request, _("The change was not saved: %(error)s") % {"error": exc})
        return redirect(back)
    messages.success(request, _("Saved."))
    return redirect(back)


@organisation_view(EDIT)
@require_POST
def case_delete(request: OrganisationRequest, org: str, case: str) -> HttpResponse:
    row = access_case(request.organisation, case)
    services.trash(row, request.user)
    messages.success(request, _("“%(name)s” was moved to the trash.") % {"name": row.name})
    return redirect("cases:list", org=org)


@organisation_view(VIEW)
def case_trash(request: OrganisationRequest, org: str) -> HttpResponse:
    cases = (
        cases_of(request.organisation, trashed=True)
        .select_related("deleted_by")
        .order_by("-deleted_at")
    )
    return render(request, "cases/trash.html", {"cases": cases})


@organisation_view(EDIT)
@require_POST
def case_untrash(request: OrganisationRequest, org: str, case: str) -> HttpResponse:
    row = access_case(request.organisation, case, trashed=True)
    services.untrash(row)
    messages.success(request, _("“%(name)s” was restored from the trash.") % {"name": row.name})
    return redirect(_case_url(row))


@organisation_view(VIEW)
def case_history(request: OrganisationRequest, org: str, case: str) -> HttpResponse:
    row = access_case(request.organisation, case)
    revisions = row.revisions.select_related("author")
    return render(request, "cases/history.html", {"case": row, "revisions": revisions})


@organisation_view(VIEW)
def case_revision(request: OrganisationRequest, org: str, case: str, number: int) -> HttpResponse:
    """One revision: what it changed (the diff against the revision before it)."""
    row = access_case(request.organisation, case)
    revision = access_revision(row, number)
    before = row.revisions.filter(number=number - 1).first()
    old = before.document if before else {}
    changes = changes_in_words(operations.diff(old, revision.document), old, revision.document)
    context = {"case": row, "revision": revision, "before": before, "changes": changes}
    return render(request, "cases/revision.html", context)


@organisation_view(VIEW)
def case_diff(request: OrganisationRequest, org: str, case: str) -> HttpResponse:
    """The differences between any two revisions (?from=N&to=M)."""
    row = access_case(request.organisation, case)
    try:
        first = int(request.GET.get("from", max(row.revision - 1, 1)))
        second = int(request.GET.get("to", row.revision))
    except ValueError:
        raise Http404("No such revision") from None
    old, new = access_revision(row, first), access_revision(row, second)
    context = {
        "case": row,
        "old": old,
        "new": new,
        "changes": changes_in_words(
            operations.diff(old.document, new.document), old.document, new.document
        ),
        "numbers": list(range(row.revision, 0, -1)),
    }
    return render(request, "cases/diff.html", context)


@organisation_view(EDIT)
@require_POST
def case_restore_revision(
    request: OrganisationRequest, org: str, case: str, number: int
) -> HttpResponse:
    row = access_case(request.organisation, case)
    access_revision(row, number)
    revision = services.restore_revision(row, request.user, number)
    messages.success(
        request,
        _("Revision %(old)s was restored as revision %(new)s.")
        % {"old": number, "new": revision.number},
    )
    return redirect(_case_url(row, "cases:history"))


def operation_text(operation: dict[str, Any], document: dict[str, Any] | None = None) -> str:
    """Short translated description of a recorded operation, for history lists; with the case's
    document, the element is named in words instead of by its path."""
    op = operation.get("op", "")
    path = str(operation.get("path", ""))
    if op == "steps":  # the step table saves a variant's steps as one revision
        path = f"processes/{operation.get('process', '')}/variants/{operation.get('variant', '')}"
    if document is not None and path:
        path = place(document, path) or path
    if op == "measurements":
        if "removed" in operation:
            return _("removed a measured value of %(path)s") % {"path": path}
        return _("added measured values to %(path)s") % {"path": path}
    labels = {
        "create": _("created"),
        "starter": _("created from the starter case"),
        "template": _("created from a template"),
        "blank": _("created"),
        "import": _("imported from a file"),
        "restore": _("restored revision %(n)s") % {"n": operation.get("revision")},
        "add": _("added %(path)s") % {"path": path},
        "change": _("changed %(path)s") % {"path": path},
        "remove": _("removed %(path)s") % {"path": path},
        "steps": _("changed the steps of %(path)s") % {"path": path},
    }
    # never the recorded operation itself: people read this list
    return labels.get(op, _("changed %(path)s") % {"path": path} if path else _("changed"))
