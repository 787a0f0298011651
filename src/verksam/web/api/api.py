"""The JSON API: cases, their revisions and edit operations, with the same permission checks as
the pages (a token answers `has_permission` like a session user). An organisation the token does
not belong to and a missing case both give 404.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from ninja import Field, NinjaAPI, Schema, Status
from ninja.errors import HttpError

from verksam.formats import CaseFileError
from verksam.model import Case as CaseModel
from verksam.model import Settings
from verksam.model.commands import starter_case
from verksam.model.settings import LANGUAGE
from verksam.web.api.auth import TokenAuth
from verksam.web.cases import services
from verksam.web.cases.access import access_case, access_revision, cases_of
from verksam.web.cases.models import Case
from verksam.web.cases.operations import OperationError, show
from verksam.web.jobs.kinds import start_case_import
from verksam.web.jobs.models import Job
from verksam.web.jobs.services import access_job
from verksam.web.organisations.models import Organisation
from verksam.web.organisations.permissions import EDIT, VIEW
from verksam.web.requests import ApiRequest

api = NinjaAPI(
    title="Verksam API",
    version="1",
    description=(
        "Cases of an organisation and small edit operations on them. Authenticate with an API "
        "token made on the organisation page: `Authorization: Bearer vks_...`."
    ),
    auth=TokenAuth(),
    urls_namespace="api",
)


def organisation_for(request: ApiRequest, slug: str, permission: str) -> Organisation:
    """The organisation, if the token may act there; 404 when not a member, 403 when lacking the permission."""
    token = request.auth
    organisation = Organisation.objects.filter(slug=slug).first()
    granted = token.permissions(organisation) if organisation else frozenset()
    if organisation is None or not granted:
        raise Http404("No such organisation")
    if permission not in granted:
        raise HttpError(403, "This token may not do that here.")
    return organisation


class CaseOut(Schema):
    slug: str
    name: str
    revision: int
    updated_at: dt.datetime


class CaseDetail(CaseOut):
    document: dict[str, Any]


class CaseIn(Schema):
    name: str = Field(min_length=1, max_length=300)
    template: Literal["blank", "starter"] = "blank"


class CaseFileIn(Schema):
    filename: str = Field(default="case.yaml", min_length=1, max_length=300)
    text: str


class JobOut(Schema):
    """A background job: `status` queued, running, done or failed; `result` when done (an
    import's `case` slug and `name`), `error` in words when failed."""

    id: str
    kind: str
    status: str
    progress: float
    result: dict[str, Any]
    error: str


class OperationIn(Schema):
    op: Literal["add", "change", "remove"]
    path: str = Field(min_length=1, max_length=1000)
    value: Any = None
    position: int | None = None
    base: int


class RevisionOut(Schema):
    number: int
    author: str | None
    created_at: dt.datetime
    operation: dict[str, Any]


class RevisionDetail(RevisionOut):
    document: dict[str, Any]


class OtherChange(Schema):
    revision: int
    author: str | None
    created_at: dt.datetime
    op: str
    path: str
    old: str
    value: str


class ConflictOut(Schema):
    detail: str
    base: int
    current: int
    changes: list[OtherChange]


class ProblemOut(Schema):
    path: str
    code: str
    message: str
    severity: str


class Error(Schema):
    detail: str


class Invalid(Schema):
    """The request does not fit the description (django-ninja's validation errors)."""

    detail: list[dict[str, Any]]


def answers(**ok: Any) -> dict[int, Any]:
    """An operation's documented responses: its own, plus the ones every operation can give."""
    return {int(code[1:]): schema for code, schema in ok.items()} | {
        400: Error,  # a body that cannot be read, or content the case model refuses
        401: Error,  # no or unknown token
        403: Error,  # the token's role does not allow this
        404: Error,  # no such organisation for this token, or no such case / revision
        422: Invalid,  # malformed parameters or body
    }


def case_out(case: Case) -> dict[str, Any]:
    return {
        "slug": case.slug,
        "name": case.name,
        "revision": case.revision,
        "updated_at": case.updated_at,
    }


def revision_out(revision: Any, document: bool = False) -> dict[str, Any]:
    out = {
        "number": revision.number,
        "author": revision.author.get_username() if revision.author else None,
        "created_at": revision.created_at,
        "operation": revision.operation,
    }
    if document:
        out["document"] = revision.document
    return out


@api.get(
    "/organisations/{organisation}/cases",
    response=answers(_200=list[CaseOut]),
    url_name="case_list",
    tags=["cases"],
)
def list_cases(request: ApiRequest, organisation: str) -> list[dict[str, Any]]:
    """The organisation's cases (not those in the trash)."""
    org = organisation_for(request, organisation, VIEW)
    return [case_out(c) for c in cases_of(org)]


@api.post(
    "/organisations/{organisation}/cases",
    response=answers(_201=CaseDetail),
    url_name="case_create",
    tags=["cases"],
)
def create_case(request: ApiRequest, organisation: str, body: CaseIn) -> Status[dict[str, Any]]:
    """A new case, blank or from the starter template."""
    org = organisation_for(request, organisation, EDIT)
    if body.template == "starter":
        model = starter_case(body.name, org.country, LANGUAGE.get(org.country, "en"))
    else:
        settings = Settings.model_validate({"country": org.country})
        model = CaseModel(id=services.slugify(body.name), name=body.name, settings=settings)
    case = services.create_case(org, request.auth.user, model, how=body.template)
    return Status(201, {**case_out(case), "document": case.document})


def job_out(job: Job) -> dict[str, Any]:
    return {
        "id": str(job.pk),
        "kind": job.kind,
        "status": job.status,
        "progress": job.progress,
        "result": job.result if job.status == Job.DONE else {},
        "error": job.error,
    }


@api.post(
    "/organisations/{organisation}/cases/import",
    response=answers(_201=CaseDetail, _202=JobOut),
    url_name="case_import",
    tags=["cases"],
)
def import_case(request: ApiRequest, organisation: str, body: CaseFileIn) -> Status[dict[str, Any]]:
    """Import a case file (YAML or JSON, by the file name's extension).

    A text above the import-in-a-job size (`VERKSAM_IMPORT_IN_JOB_BYTES`, 512 KiB) is imported by
    a background job, as on the import page: the answer is 202 with the job, whose state
    `GET .../jobs/{job}` tells; its result names the new case.
    """
    org = organisation_for(request, organisation, EDIT)
    data = body.text.encode()
    if len(data) > settings.IMPORT_IN_JOB_BYTES:
        upload = SimpleUploadedFile(body.filename, data)
        return Status(202, job_out(start_case_import(org, request.auth.user, upload)))
    try:
        case = services.import_case(org, request.auth.user, body.text, body.filename)
    except CaseFileError as exc:
        return Status(400, {"detail": str(exc)})
    return Status(201, {**case_out(case), "document": case.document})


@api.get(
    "/organisations/{organisation}/jobs/{job}",
    response=answers(_200=JobOut),
    url_name="job_detail",
    tags=["jobs"],
)
def get_job(request: ApiRequest, organisation: str, job: uuid.UUID) -> dict[str, Any]:
    """A background job of the organisation (e.g. a big import): its state and result."""
    return job_out(access_job(organisation_for(request, organisation, VIEW), job))


@api.get(
    "/organisations/{organisation}/cases/{case}",
    response=answers(_200=CaseDetail),
    url_name="case_detail",
    tags=["cases"],
)
def get_case(request: ApiRequest, organisation: str, case: str) -> dict[str, Any]:
    """The case with its current document (the JSON case-file form)."""
    row = access_case(organisation_for(request, organisation, VIEW), case)
    return {**case_out(row), "document": row.document}


@api.delete(
    "/organisations/{organisation}/cases/{case}",
    response=answers(_204=None),
    url_name="case_delete",
    tags=["cases"],
)
def delete_case(request: ApiRequest, organisation: str, case: str) -> Status[None]:
    """Move the case to the trash (it can be restored from there)."""
    row = access_case(organisation_for(request, organisation, EDIT), case)
    services.trash(row, request.auth.user)
    return Status(204, None)


@api.post(
    "/organisations/{organisation}/cases/{case}/operations",
    response=answers(_200=RevisionOut, _409=ConflictOut),
    url_name="case_operation",
    tags=["edits"],
)
def apply_operation(
    request: ApiRequest, organisation: str, case: str, body: OperationIn
) -> Status[dict[str, Any]]:
    """Apply one edit made on revision `base`.

    409 when someone changed the same element after `base` (their changes are listed);
    400 when the edit cannot be applied. Nothing is saved in either case.
    """
    row = access_case(organisation_for(request, organisation, EDIT), case)
    operation = body.dict(exclude={"base"}, exclude_none=True)
    try:
        revision = services.apply_operation(row, request.auth.user, operation, body.base)
    except services.EditConflict as conflict:
        return Status(409, conflict_out(conflict))
    except OperationError as exc:
        return Status(400, {"detail": str(exc)})
    return Status(200, revision_out(revision))


def conflict_out(conflict: services.EditConflict) -> dict[str, Any]:
    return {
        "detail": str(conflict),
        "base": conflict.base,
        "current": conflict.current,
        "changes": [
            {
                "revision": r.number,
                "author": r.author.get_username() if r.author else None,
                "created_at": r.created_at,
                "op": r.operation.get("op", ""),
                "path": r.operation.get("path", ""),
                "old": show(r.operation.get("old")),
                "value": show(r.operation.get("value")),
            }
            for r in conflict.revisions
        ],
    }


@api.get(
    "/organisations/{organisation}/cases/{case}/revisions",
    response=answers(_200=list[RevisionOut]),
    url_name="case_revisions",
    tags=["history"],
)
def list_revisions(request: ApiRequest, organisation: str, case: str) -> list[dict[str, Any]]:
    """Every revision of the case, newest first."""
    row = access_case(organisation_for(request, organisation, VIEW), case)
    return [revision_out(r) for r in row.revisions.select_related("author")]


@api.get(
    "/organisations/{organisation}/cases/{case}/revisions/{number}",
    response=answers(_200=RevisionDetail),
    url_name="case_revision",
    tags=["history"],
)
def get_revision(request: ApiRequest, organisation: str, case: str, number: int) -> dict[str, Any]:
    """One revision with the whole document as it was then."""
    row = access_case(organisation_for(request, organisation, VIEW), case)
    return revision_out(access_revision(row, number), document=True)


@api.post(
    "/organisations/{organisation}/cases/{case}/revisions/{number}/restore",
    response=answers(_200=RevisionOut),
    url_name="case_revision_restore",
    tags=["history"],
)
def restore_revision(
    request: ApiRequest, organisation: str, case: str, number: int
) -> dict[str, Any]:
    """Make an earlier revision current again (as a new revision)."""
    row = access_case(organisation_for(request, organisation, EDIT), case)
    access_revision(row, number)
    return revision_out(services.restore_revision(row, request.auth.user, number))


@api.get(
    "/organisations/{organisation}/cases/{case}/problems",
    response=answers(_200=list[ProblemOut]),
    url_name="case_problems",
    tags=["cases"],
)
def list_problems(request: ApiRequest, organisation: str, case: str) -> list[dict[str, Any]]:
    """Validation problems of the current document, in the language of Accept-Language."""
    row = access_case(organisation_for(request, organisation, VIEW), case)
    return [p.__dict__ for p in services.problems_of(services.model_of(row))]
