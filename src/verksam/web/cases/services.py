"""Changing cases: create, import, apply an operation with conflict detection, restore, trash.

Every change of the document is one transaction that locks the case row, checks the operation
against the revisions made since the editor's base revision, and appends a Revision.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from verksam.formats import CaseFileError, loads_case
from verksam.formats.bpmn import InterchangeError
from verksam.formats.casefile import Format
from verksam.model import Case as CaseModel
from verksam.model import validate
from verksam.model.validation import MESSAGES, Problem
from verksam.web.cases import operations
from verksam.web.cases.access import all_cases_of, lock_case
from verksam.web.cases.models import Case, Revision
from verksam.web.organisations.models import Organisation

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
        others = ", ".join(f"r{r.number}" for r in self.revisions)
        return _(
            "Conflict: '%(path)s' was changed in %(others)s after revision %(base)s; "
            "your change was not saved."
        ) % {"path": self.operation.get("path", ""), "others": others, "base": self.base}


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
    """Import a case file (.yaml/.yml/.json) or a BPMN 2.0 file (.bpmn/.xml) as a new case.

    Returns the case and notes on what a BPMN file held that the case does not keep. Raises
    CaseFileError or InterchangeError naming the place of the problem; nothing is saved then.
    """
    if filename.lower().endswith((".bpmn", ".xml")):
        from verksam.formats.bpmn import read_bpmn_bytes

        imported = read_bpmn_bytes(data, filename)
        case = create_case(organisation, user, imported.case, how="import")
        return case, [str(note) for note in imported.notes]
    return import_case(organisation, user, data.decode("utf-8"), filename), []


def apply_operation(
    case: Case, user: User | None, operation: dict[str, Any], base: int
) -> Revision:
    """Apply one edit made on revision `base`.

    Raises EditConflict when a revision after `base` touched the same element, and
    operations.OperationError when the edit cannot be applied. Nothing is saved in either case.
    """
    with transaction.atomic():
        row = lock_case(case)
        if base > row.revision or base < 1:
            raise operations.OperationError(_("Revision %(base)s does not exist.") % {"base": base})
        touched = operations.touched_by(row.document, operation)
        if base < row.revision:
            later = list(
                row.revisions.filter(number__gt=base).order_by("number").select_related("author")
            )
            clashes = [r for r in later if any(operations.overlaps(t, touched) for t in r.touched)]
            if clashes:
                raise EditConflict(operation, base, row.revision, clashes)
        document, recorded, touched = operations.apply(row.document, operation)
        return _save(row, user, document, recorded, [touched])


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
    """A validation problem with its message in the current language."""

    path: str
    code: str
    message: str
    severity: str


def translated(problem: Problem) -> ShownProblem:
    template = _(MESSAGES[problem.code]) if problem.code in MESSAGES else problem.code
    try:
        message = template.format(**problem.params)
    except (KeyError, IndexError, ValueError):
        message = template
    return ShownProblem(problem.path, problem.code, message, problem.severity)


def problems_of(case: CaseModel) -> list[ShownProblem]:
    return [translated(p) for p in validate(case)]


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
