"""Changing cases: create, import, apply an operation with conflict detection, restore, trash.

Every change of the document is one transaction that locks the case row, checks the operation
against the revisions made since the editor's base revision, and appends a Revision.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from verksam.formats import CaseFileError, loads_case
from verksam.formats.bpmn import InterchangeError
from verksam.formats.casefile import Format
from verksam.model import Case as CaseModel
from verksam.model import validate
from verksam.model.settings import LANGUAGE as COUNTRY_CODES
from verksam.model.validation import MESSAGES, Problem
from verksam.web.cases import operations
from verksam.web.cases.access import all_cases_of, lock_case
from verksam.web.cases.models import Case, Revision
from verksam.web.organisations.models import Organisation
from verksam.web.words.places import params_in_words, place

_ASCII = str.maketrans({"å": "a", "ä": "a", "ö": "o", "æ": "ae", "ø": "o", "é": "e", "ü": "u"})


RESERVED_SLUGS = frozenset({"new", "import", "trash"})


def slugify(text: str) -> str:
    ascii_text = text.lower().translate(_ASCII)
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:80]
    return slug if slug and slug[0].isalpha() else f"case-{slug}" if slug else "case"


def free_slug(organisation: Organisation, wanted: str) -> str:
    base = slugify(wanted)
    taken = set(
        all_cases_of(organisation).filter(slug__startswith=base).values_list("slug", flat=True)
    )
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


@dataclass
class EditConflict(Exception):
    """The element was changed by someone else since the editor's base revision; nothing saved."""

    operation: dict[str, Any]
    base: int
    current: int
    revisions: list[Revision] = field(default_factory=list)

    def __str__(self) -> str:
        # Pages show this message as it is: who changed what, in words, never the paths.
        from verksam.web.cases.wording import conflict_lines

        return _(
            "Someone else changed the same thing since you opened the page; your change was not "
            "saved. %(changes)s. Look at it and try again."
        ) % {"changes": "; ".join(conflict_lines(self))}


SLUG_ATTEMPTS = 20


def _insert_with_free_slug(organisation: Organisation, wanted: str, **fields: Any) -> Case:
    """Insert a case under the first free slug for `wanted`. Two people creating a case of the
    same name at once both pick the same free slug; the loser's insert fails on the unique index
    inside a savepoint and it takes the next free slug instead of failing the request."""
    for _attempt in range(SLUG_ATTEMPTS):
        slug = free_slug(organisation, wanted)
        try:
            with transaction.atomic():
                return Case.objects.create(
                    organisation=organisation, slug=slug, revision=1, **fields
                )
        except IntegrityError:
            continue
    raise IntegrityError(f"no free address for a case named {wanted!r} after {SLUG_ATTEMPTS} tries")


@transaction.atomic
def create_case(
    organisation: Organisation,
    user: User | None,
    case: CaseModel,
    *,
    how: str = "create",
) -> Case:
    """Store a new case (revision 1). `how` records where it came from: create, template, import."""
    document = operations.document_of(case)
    row = _insert_with_free_slug(organisation, case.id, name=case.name, document=document)
    Revision.objects.create(
        case=row, number=1, document=document, operation={"op": how}, touched=[""], author=user
    )
    return row


def import_case(organisation: Organisation, user: User | None, text: str, filename: str) -> Case:
    """Import a case file (YAML or JSON). Raises CaseFileError naming what is wrong; saves nothing then.

    Semantic problems (such as an unknown reference) do not stop an import: they are shown on the
    case, so whatever was exported can always be imported again.
    """
    fmt: Format = "json" if filename.lower().endswith(".json") else "yaml"
    case = loads_case(text, fmt, name=filename, check=False)
    return create_case(organisation, user, case, how="import")


def import_file(
    organisation: Organisation, user: User | None, data: bytes, filename: str
) -> tuple[Case, list[str]]:
    """Import an uploaded file as a new case: a case file, BPMN 2.0, ArchiMate, Visio or a step list.

    Returns the case and the report, in the user's language, of what the file held that the case
    keeps as it was, repaired or left out. Raises CaseFileError, InterchangeError or StepListError
    naming the place of the problem (or UnicodeDecodeError); nothing is saved then.
    """
    from verksam.web.interchange.report import report
    from verksam.web.interchange.uploads import CASE_FILES, read_upload
    from verksam.web.jobs.limits import current_limits

    imported = read_upload(data, filename, current_limits())
    ours = filename.lower().endswith(CASE_FILES)  # a case file says what it means; keep it as is
    made = imported.case if ours else in_organisation(imported.case, organisation)
    case = create_case(organisation, user, made, how="import")
    return case, report(imported.notes)


def in_organisation(case: CaseModel, organisation: Organisation) -> CaseModel:
    """An imported case made at home: a file without our settings (BPMN from another tool, Visio,
    a step list) gets the organisation's country (currency, hours per FTE, language), and variants
    the file left unnamed are named by their kind in the case's language ("Nåsituasjon"), so no
    page shows the bare id "as-is"."""
    from verksam.web.cases.choices import CHOICE_LABELS

    if "country" not in case.settings.model_fields_set and organisation.country in COUNTRY_CODES:
        settings = case.settings.model_copy(update={"country": organisation.country})
        case = case.model_copy(update={"settings": settings})
    processes = []
    with translation.override(case.settings.effective_language):
        for process in case.processes:
            variants, seen = [], Counter[str]()
            for variant in process.variants:
                if not variant.name:
                    seen[variant.kind] += 1
                    name = str(CHOICE_LABELS.get(variant.kind, variant.kind)).capitalize()
                    if seen[variant.kind] > 1:
                        name = f"{name} {seen[variant.kind]}"
                    variant = variant.model_copy(update={"name": name})
                variants.append(variant)
            processes.append(process.model_copy(update={"variants": variants}))
    return case.model_copy(update={"processes": processes})


def browser_session(request: Any) -> str:
    """A hash naming the request's browser session (never the session key itself); "" without one.

    Edits from one session are one person's edits in order: they never conflict with each other.
    """
    session = getattr(request, "session", None)
    key = getattr(session, "session_key", None) if session is not None else None
    return hashlib.sha256(f"verksam-edit:{key}".encode()).hexdigest()[:32] if key else ""


def _fine(document: dict[str, Any], operation: dict[str, Any]) -> list[str]:
    """What an operation changes, as narrowly as is safe: the field of a change of one field of an
    element named by id, otherwise the element (or list) it touches. A batch (several operations
    saved as one revision) changes what its operations change."""
    if _is_batch(operation):
        return [p for op in operation.get("ops", []) for p in _fine(document, op)]
    return [_field_path(operation) or operations.touched_by(document, operation)]


def _is_batch(operation: dict[str, Any]) -> bool:
    return operation.get("op") == "steps" or isinstance(operation.get("ops"), list)


def _field_path(operation: dict[str, Any]) -> str:
    """The path of a change of one field of an element named by id, else ""."""
    path = str(operation.get("path", "")).strip("/")
    return path if operation.get("op") == "change" and "@" not in path else ""


def _by_path_alone(operation: dict[str, Any]) -> bool:
    """True when `_fine` needs no document for the operation: changes of fields named by id."""
    if _is_batch(operation):
        return all(_by_path_alone(op) for op in operation.get("ops", []))
    return bool(_field_path(operation))


def _revision_paths(revision: Revision) -> list[str]:
    recorded = revision.operation
    if recorded.get("op") in ("change", "steps"):
        # The document is deferred (a query and a large JSON text each): read only when needed.
        return _fine({} if _by_path_alone(recorded) else revision.document, recorded)
    return [str(t) for t in revision.touched]


def check_conflicts(
    row: Case, user: User | None, intent: list[str], base: int, session: str = ""
) -> None:
    """Refuse an edit made on revision `base` when someone else changed what it changes since.

    `intent` are the paths the edit means to change (fields, or elements it adds or removes).
    Revisions by the same user in the same browser session are the user's own earlier edits and
    never a conflict; changes of other fields of the same element are merged. Raises EditConflict,
    or OperationError for a revision that does not exist. Call with the case row locked.
    """
    if base > row.revision or base < 1:
        raise operations.OperationError(_("Revision %(base)s does not exist.") % {"base": base})
    if base == row.revision:
        return
    # without their documents (large): only a clash's is read, for the notice that names it
    later = list(
        row.revisions.filter(number__gt=base)
        .order_by("number")
        .select_related("author")
        .defer("document")
    )
    user_id = getattr(user, "pk", None)
    clashes = [
        r
        for r in later
        if not (session and r.session == session and r.author_id == user_id)
        and any(operations.overlaps(t, mine) for t in _revision_paths(r) for mine in intent)
    ]
    if clashes:
        raise EditConflict({"paths": intent}, base, row.revision, clashes)


def apply_operation(
    case: Case,
    user: User | None,
    operation: dict[str, Any],
    base: int,
    session: str = "",
) -> Revision:
    """Apply one edit made on revision `base` (from the browser session `session`, if any).

    Raises EditConflict when someone else changed the same field (or removed or replaced its
    element) after `base`, and operations.OperationError when the edit cannot be applied. Nothing
    is saved in either case.
    """
    with transaction.atomic():
        row = lock_case(case)
        try:
            check_conflicts(row, user, _fine(row.document, operation), base, session)
        except EditConflict as conflict:
            conflict.operation = operation
            raise
        document, recorded, touched = operations.apply(row.document, operation)
        return _save(row, user, document, recorded, [touched], session)


def apply_batch(
    case: Case,
    user: User | None,
    make: Callable[[dict[str, Any]], tuple[list[dict[str, Any]], dict[str, Any]]],
    intent: Callable[[dict[str, Any]], list[str]],
    base: int,
    session: str = "",
) -> Revision | None:
    """Apply several operations as one revision, computed from the current document.

    `intent(document)` names what the edit means to change (checked for conflicts as in
    `check_conflicts`); `make(document)` gives the operations and a description recorded with them
    (e.g. `{"op": "steps", "action": "insert", ...}`). Returns None when there was nothing to do.
    Raises EditConflict or OperationError; nothing is saved then.
    """
    with transaction.atomic():
        row = lock_case(case)
        check_conflicts(row, user, intent(row.document), base, session)
        ops, description = make(row.document)
        if not ops:
            return None
        document = row.document
        recorded_ops, touched = [], []
        for operation in ops:
            document, recorded, path = operations.apply(document, operation)
            recorded_ops.append(recorded)
            touched.append(path)
        recorded = {**description, "ops": recorded_ops}
        return _save(row, user, document, recorded, sorted(set(touched)), session)


def restore_revision(case: Case, user: User | None, number: int) -> Revision:
    """Make an earlier revision's document current again, as a new revision."""
    with transaction.atomic():
        row = lock_case(case)
        old = row.revisions.get(number=number)
        return _save(row, user, old.document, {"op": "restore", "revision": number}, [""])


def rename(case: Case, user: User | None, name: str, base: int) -> Revision:
    return apply_operation(case, user, {"op": "change", "path": "name", "value": name}, base)


def _save(
    row: Case,
    user: User | None,
    document: dict[str, Any],
    recorded: dict[str, Any],
    touched: list[str],
    session: str = "",
) -> Revision:
    row.revision += 1
    row.document = document
    row.name = str(document.get("name", row.name))
    row.save(update_fields=["revision", "document", "name", "updated_at"])
    return Revision.objects.create(
        case=row,
        number=row.revision,
        document=document,
        operation=recorded,
        touched=touched,
        author=user,
        session=session,
    )


def trash(case: Case, user: User | None) -> None:
    case.deleted_at = timezone.now()
    case.deleted_by = user
    case.save(update_fields=["deleted_at", "deleted_by"])


def untrash(case: Case) -> None:
    case.deleted_at = None
    case.deleted_by = None
    case.save(update_fields=["deleted_at", "deleted_by"])


def model_of(case: Case) -> CaseModel:
    """The case document as the typed model the core functions take."""
    return CaseModel.model_validate(case.document)


@dataclass(frozen=True)
class ShownProblem:
    """A validation problem with its message and its place in words, in the current language."""

    path: str
    code: str
    message: str
    severity: str
    place: str = ""


def translated(problem: Problem, document: dict[str, Any] | None = None) -> ShownProblem:
    """The problem's message in the current language; with the case's document, elements are
    named by their names (not ids) and the place is said in words."""
    template = _(MESSAGES[problem.code]) if problem.code in MESSAGES else problem.code
    params = params_in_words(problem.params, document) if document else problem.params
    try:
        message = template.format(**params)
    except (KeyError, IndexError, ValueError):
        message = template
    where = place(document, problem.path) if document else ""
    return ShownProblem(problem.path, problem.code, message, problem.severity, where)


def problems_of(case: CaseModel) -> list[ShownProblem]:
    problems = validate(case)
    if not problems:  # most revisions: the document is not needed to name anything
        return []
    document = case.model_dump(mode="json", exclude_none=True)
    return [translated(p, document) for p in problems]


__all__ = [
    "CaseFileError",
    "EditConflict",
    "InterchangeError",
    "apply_operation",
    "create_case",
    "import_case",
    "problems_of",
    "restore_revision",
    "trash",
    "untrash",
]
