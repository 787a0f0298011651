"""The one way to reach cases: every query here is scoped to an organisation.

Other code calls these functions and never queries Case directly (tools/lint.py enforces that).
A case of another organisation and a case that does not exist both raise Http404.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

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


# Read grants: other apps (courses) may let a user read a case of an organisation they are not a
# member of. A grant answers "may this user read this case?"; it is registered once at start-up
# (AppConfig.ready) and never widens anything but reading through access_granted_case.
ReadGrant = Callable[[Any, Case], bool]
_read_grants: list[ReadGrant] = []


def register_read_grant(grant: ReadGrant) -> None:
    """Let another app grant read access to single cases (e.g. a course to its participants' cases)."""
    if grant not in _read_grants:
        _read_grants.append(grant)


def access_granted_case(user: Any, case_id: int) -> Case:
    """A case (not trashed) the user may read because a registered grant says so.

    Members reach their own cases through access_case; this is for readers from outside the
    organisation. Raises Http404 when the case does not exist, is in the trash or no grant allows it.
    """
    if not getattr(user, "is_authenticated", False):
        raise Http404("No such case")
    case = (
        Case.objects.filter(pk=case_id, deleted_at__isnull=True)
        .select_related("organisation")
        .first()
    )
    if case is None or not any(grant(user, case) for grant in _read_grants):
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
