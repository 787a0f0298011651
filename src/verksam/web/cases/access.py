"""The one way to reach cases: every query here is scoped to an organisation.

Other code calls these functions and never queries Case directly (tools/lint.py enforces that).
A case of another organisation and a case that does not exist both raise Http404.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from verksam.web.cases.models import Case, Revision
from verksam.web.organisations.models import Organisation


def cases_of(organisation: Organisation, *, trashed: bool = False) -> QuerySet[Case]:
    """The organisation's cases, or its trash."""
    return Case.objects.filter(organisation=organisation, deleted_at__isnull=not trashed)


def all_cases_of(organisation: Organisation) -> QuerySet[Case]:
    """Every case of the organisation, trashed or not (for slugs and workspace export)."""
    return Case.objects.filter(organisation=organisation)


def access_case(organisation: Organisation | None, slug: str, *, trashed: bool = False) -> Case:
    """The case with this slug in the organisation. Raises Http404 otherwise."""
    if organisation is None:
        raise Http404("No such case")
    case = (
        Case.objects.filter(organisation=organisation, slug=slug, deleted_at__isnull=not trashed)
        .select_related("organisation")
        .first()
    )
    if case is None:
        raise Http404("No such case")
    return case


def lock_case(case: Case) -> Case:
    """The case row again, locked until the surrounding transaction ends (for edits)."""
    return Case.objects.select_for_update().get(pk=case.pk, organisation_id=case.organisation_id)


def access_revision(case: Case, number: int) -> Revision:
    """A revision of a case already reached through access_case. Raises Http404 otherwise."""
    revision = case.revisions.filter(number=number).select_related("author").first()
    if revision is None:
        raise Http404("No such revision")
    return revision
