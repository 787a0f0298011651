"""Community logic: posting comments with mentions and notifications, anonymising and publishing
cases to the library, searching it, and copying a published case as a template."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from verksam.model import Case as CaseModel
from verksam.web.cases.models import Case
from verksam.web.cases.services import create_case
from verksam.web.community.anonymity import Identity, anonymise_document, identity_of
from verksam.web.community.models import (
    Comment,
    Notification,
    PublishedCase,
    TemplateUse,
)
from verksam.web.community.notifications import wants_email
from verksam.web.community.tasks import mail_notification
from verksam.web.courses.models import Course, CourseMember, Session
from verksam.web.organisations.models import Organisation

# --- comments and mentions -----------------------------------------------------------------------
MENTION = re.compile(r"(?<![\w@/])@([\w+-]+(?:\.[\w+-]+)*)")


def mentioned_names(body: str) -> list[str]:
    """The user names after '@' in a comment, in order, without a trailing full stop."""
    names = []
    for match in MENTION.finditer(body):
        name = match.group(1).rstrip(".")
        if name and name not in names:
            names.append(name)
    return names


def course_users(course: Course) -> QuerySet[User]:
    return User.objects.filter(
        course_memberships__course=course, course_memberships__left_at__isnull=True
    ).distinct()


def organisation_users(organisation: Organisation) -> QuerySet[User]:
    return User.objects.filter(memberships__organisation=organisation).distinct()


def audience(*, case: Case | None, course: Course | None) -> QuerySet[User]:
    """Who may read a comment (and so may be mentioned in it)."""
    if course is not None:
        users = course_users(course)
        if case is not None:
            users = users | organisation_users(case.organisation)
        return users.distinct()
    if case is not None:
        return organisation_users(case.organisation)
    return User.objects.none()


def post_comment(
    author: User,
    body: str,
    *,
    case: Case | None = None,
    view: str = "",
    element: str = "",
    session: Session | None = None,
    course: Course | None = None,
    parent: Comment | None = None,
    base_url: str = "",
) -> Comment:
    """Store a comment and notify the people it concerns (mentioned, replied to, case owners).

    Replies inherit the subject (case, view, element, session, course) of the comment they answer.
    `base_url` (scheme and host) makes the links in notification mails absolute.
    Raises ValueError when the comment has no subject or is empty.
    """
    body = body.strip()
    if not body:
        raise ValueError(_("A comment cannot be empty."))
    with transaction.atomic():
        comment, mail = _store_comment(author, body, case, view, element, session, course, parent)
    # mail goes out from the task worker once the comment is stored; a slow or failing mail
    # server never delays or loses the comment
    for notification in mail:
        mail_notification.enqueue(notification.pk, base_url)
    return comment


def _store_comment(
    author: User,
    body: str,
    case: Case | None,
    view: str,
    element: str,
    session: Session | None,
    course: Course | None,
    parent: Comment | None,
) -> tuple[Comment, list[Notification]]:
    if parent is not None:
        case, view, element = parent.case, parent.view, parent.element
        session, course = parent.session, parent.course
    if session is not None:
        course = session.course
    if case is None and session is None:
        raise ValueError("a comment needs a case or a session")
    comment = Comment.objects.create(
        author=author,
        body=body,
        parent=parent,
        case=case,
        view=view,
        element=element,
        session=session,
        course=course,
    )
    readers = audience(case=case, course=course)
    mentioned = list(readers.filter(username__in=mentioned_names(body)))
    comment.mentions.set(mentioned)
    told: set[int] = {author.pk}
    mail: list[Notification] = []
    for user in mentioned:
        _notify(user, author, Notification.MENTION, comment, told, mail)
    if parent is not None and parent.author is not None:
        _notify(parent.author, author, Notification.REPLY, comment, told, mail)
    if case is not None and course is not None:
        # the participant whose case it is hears about feedback from the course
        owners = CourseMember.objects.filter(
            course=course, case=case, left_at__isnull=True
        ).select_related("user")
        for member in owners:
            _notify(member.user, author, Notification.COMMENT, comment, told, mail)
    return comment, mail


def edit_comment(comment: Comment, user: User, body: str) -> None:
    """Change one's own comment. Raises PermissionError for someone else's, ValueError if empty."""
    if comment.author_id != user.pk or comment.is_deleted:
        raise PermissionError("only the author can edit a comment")
    body = body.strip()
    if not body:
        raise ValueError(_("A comment cannot be empty."))
    comment.body = body
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "edited_at"])


def delete_comment(comment: Comment, user: User) -> None:
    """Delete one's own comment; its replies stay, under a 'deleted' placeholder."""
    if comment.author_id != user.pk:
        raise PermissionError("only the author can delete a comment")
    comment.deleted_at = timezone.now()
    comment.body = ""
    comment.save(update_fields=["deleted_at", "body"])
    comment.notifications.all().delete()


@dataclass
class Thread:
    comment: Comment
    replies: list[Thread]


def threads(comments: Iterable[Comment]) -> list[Thread]:
    """Comments arranged as threads (oldest first), replies nested under their parent."""
    rows = list(comments)
    children: dict[int | None, list[Comment]] = {}
    ids = {c.pk for c in rows}
    for c in rows:
        key = c.parent_id if c.parent_id in ids else None
        children.setdefault(key, []).append(c)

    def build(c: Comment) -> Thread:
        return Thread(c, [build(r) for r in children.get(c.pk, [])])

    return [build(c) for c in children.get(None, [])]


def visible_case_comments(user: User, case: Case) -> QuerySet[Comment]:
    """Comments on a case the user may read: all of them for the organisation's members, only
    those made in the user's courses for course members."""
    base = Comment.objects.filter(case=case).select_related("author")
    if case.organisation.memberships.filter(user=user).exists():
        return base
    return base.filter(course__members__user=user, course__members__left_at__isnull=True).distinct()


def comment_url(comment: Comment) -> str:
    """Where a comment is shown: its session, the participant's case in the course, or the
    organisation's comment page of the case."""
    if comment.session is not None:
        return (
            reverse(
                "courses:session",
                kwargs={"course": comment.session.course_id, "session": comment.session_id},
            )
            + f"#comment-{comment.pk}"
        )
    assert comment.case is not None
    if comment.course_id is not None:
        member = CourseMember.objects.filter(course_id=comment.course_id, case=comment.case).first()
        if member is not None:
            kwargs: dict[str, Any] = {"course": comment.course_id, "member": member.pk}
            if comment.view:
                kwargs["view"] = comment.view
                name = "courses:participant_view"
            else:
                name = "courses:participant"
            return reverse(name, kwargs=kwargs) + f"#comment-{comment.pk}"
    return (
        reverse(
            "community:case_comments",
            kwargs={"org": comment.case.organisation.slug, "case": comment.case.slug},
        )
        + f"#comment-{comment.pk}"
    )


# --- notifications -------------------------------------------------------------------------------
def _notify(
    recipient: User,
    actor: User,
    kind: str,
    comment: Comment,
    told: set[int],
    mail: list[Notification],
) -> None:
    if recipient.pk in told:
        return
    told.add(recipient.pk)
    notification = Notification.objects.create(
        recipient=recipient, actor=actor, kind=kind, comment=comment, url=comment_url(comment)
    )
    if wants_email(recipient):
        mail.append(notification)


# --- the case library ----------------------------------------------------------------------------
PEOPLE, ORGANISATION, COSTS, FTE, VOLUMES, DESCRIPTIONS = (
    "people",
    "organisation",
    "costs",
    "fte",
    "volumes",
    "descriptions",
)
ANONYMISE = [
    (PEOPLE, gettext_lazy("Names of people (owners of benefits, risks, prerequisites, services)")),
    (ORGANISATION, gettext_lazy("The organisation's name")),
    (COSTS, gettext_lazy("Internal costs (cost per hour of roles, cost amounts, money per year)")),
    (FTE, gettext_lazy("Staffing (FTE of roles and benefits)")),
    (VOLUMES, gettext_lazy("Volumes (cases per year of process variants)")),
    (DESCRIPTIONS, gettext_lazy("Free-text descriptions and documentation")),
]
ANONYMISE_KEYS = [key for key, _label in ANONYMISE]


def _each(items: Any) -> list[dict[str, Any]]:
    return [i for i in items or [] if isinstance(i, dict)]


def _scrub_text(node: Any) -> None:
    if isinstance(node, dict):
        for key in list(node):
            if key in ("description", "documentation") and isinstance(node[key], str):
                node[key] = ""
            else:
                _scrub_text(node[key])
    elif isinstance(node, list):
        for item in node:
            _scrub_text(item)


def anonymise(
    document: dict[str, Any],
    remove: Iterable[str],
    organisation_names: Iterable[str] = (),
    organisation_slugs: Iterable[str] = (),
) -> dict[str, Any]:
    """A copy of a case document with the chosen kinds of information removed.

    Removing the organisation also replaces its names (the case's `organisation`, and
    `organisation_names`), the distinctive words of them, its URL addresses (`organisation_slugs`)
    and every e-mail address wherever they are written in the case, ids (and the references to
    them) included. The copy still validates as a case: figures become empty (None) where the
    model allows it, and cost amounts (which the model requires) become 0.
    """
    doc = copy.deepcopy(document)
    chosen = set(remove)
    structure = doc.get("structure") or {}
    benefits = doc.get("benefits") or {}
    if PEOPLE in chosen:
        for group in ("benefits", "stakeholders", "prerequisites", "risks"):
            for item in _each(benefits.get(group)):
                if "owner" in item:
                    item["owner"] = ""
        for service in _each(doc.get("services")):
            if "owner" in service:
                service["owner"] = ""
    if ORGANISATION in chosen:
        identity = identity_of(
            [str(doc.get("organisation") or ""), *organisation_names], organisation_slugs
        )
        doc = anonymise_document(doc, identity)
        doc["organisation"] = ""
        structure = doc.get("structure") or {}
        benefits = doc.get("benefits") or {}
    if COSTS in chosen:
        for role in _each(structure.get("roles")):
            role["cost_per_hour"] = None
        for cost in _each(benefits.get("costs")):
            cost["amount"] = 0
        for benefit in _each(benefits.get("benefits")):
            benefit["amount_per_year"] = None
    if FTE in chosen:
        for role in _each(structure.get("roles")):
            role["fte"] = None
        for benefit in _each(benefits.get("benefits")):
            benefit["fte"] = None
    if VOLUMES in chosen:
        for process in _each(doc.get("processes")):
            for variant in _each(process.get("variants")):
                variant["volume_per_year"] = None
    if DESCRIPTIONS in chosen:
        _scrub_text(doc)
    return CaseModel.model_validate(doc).model_dump(mode="json", exclude_none=True)


def _search_text(title: str, summary: str, document: dict[str, Any], tags: list[str]) -> str:
    parts = [title, summary, str(document.get("name", "")), " ".join(tags)]
    parts += [str(p.get("name", "")) for p in _each(document.get("processes"))]
    parts += [str(p.get("category", "")) for p in _each(document.get("processes"))]
    return " ".join(parts).lower()


@transaction.atomic
def publish(
    case: Case,
    user: User,
    *,
    title: str,
    summary: str = "",
    tags: Iterable[str] = (),
    remove: Iterable[str] = (),
) -> PublishedCase:
    """Put a snapshot of the case (anonymised as chosen) in the library."""
    removed = [k for k in ANONYMISE_KEYS if k in set(remove)]
    organisation = case.organisation
    document = anonymise(case.document, removed, [organisation.name], [organisation.slug])
    if ORGANISATION in removed:
        identity = publisher_identity(organisation, case.document)
        title, summary = identity.scrub(title), identity.scrub(summary)
        tags = [identity.scrub(t) for t in tags]
    tag_list = sorted({t.strip().lower() for t in tags if t.strip()})
    if not tag_list:
        tag_list = sorted({str(t).lower() for t in document.get("tags", [])})
    categories = sorted(
        {str(p["category"]) for p in _each(document.get("processes")) if p.get("category")}
    )
    return PublishedCase.objects.create(
        organisation=case.organisation,
        source=case,
        published_by=user,
        title=title,
        summary=summary,
        document=document,
        removed=removed,
        anonymous=ORGANISATION in removed,
        country=case.organisation.country,
        categories=categories,
        tags=tag_list,
        search_text=_search_text(title, summary, document, tag_list),
        facet_text=_facet_text(categories, tag_list),
    )


def publisher_identity(organisation: Organisation, document: dict[str, Any]) -> Identity:
    """What names the organisation that publishes `document`."""
    return identity_of(
        [organisation.name, str(document.get("organisation") or "")], [organisation.slug]
    )


def library(
    query: str = "", category: str = "", country: str = "", tag: str = ""
) -> QuerySet[PublishedCase]:
    """Published (not withdrawn) cases matching every word of the query and the filters.

    Words match case-insensitively anywhere in the title, summary, case and process names, process
    types and tags; the same query runs on SQLite and PostgreSQL.
    """
    found = PublishedCase.objects.filter(withdrawn_at__isnull=True).select_related("organisation")
    for word in query.lower().split()[:10]:
        found = found.filter(search_text__contains=word)
    if category:
        found = found.filter(facet_text__contains=f"|category:{category.lower()}|")
    if tag:
        found = found.filter(facet_text__contains=f"|tag:{tag.lower()}|")
    if country:
        found = found.filter(country=country)
    return found


def _facet_text(categories: list[str], tags: list[str]) -> str:
    parts = [f"category:{c.lower()}" for c in categories] + [f"tag:{t.lower()}" for t in tags]
    return "|" + "|".join(parts) + "|" if parts else ""


def facets() -> tuple[list[str], list[str]]:
    """The process types and tags in use in the library, for the filter lists."""
    categories: set[str] = set()
    tags: set[str] = set()
    for cats, tgs in PublishedCase.objects.filter(withdrawn_at__isnull=True).values_list(
        "categories", "tags"
    ):
        categories.update(cats)
        tags.update(tgs)
    return sorted(categories), sorted(tags)


@transaction.atomic
def use_as_template(published: PublishedCase, organisation: Organisation, user: User) -> Case:
    """Copy a published case into the organisation as a new case that links back to its origin."""
    model = CaseModel.model_validate(published.document)
    model.organisation = organisation.name
    case = create_case(organisation, user, model, how="template")
    TemplateUse.objects.create(published=published, case=case, used_by=user)
    return case


__all__ = [
    "ANONYMISE",
    "anonymise",
    "comment_url",
    "delete_comment",
    "edit_comment",
    "library",
    "post_comment",
    "publish",
    "threads",
    "use_as_template",
    "visible_case_comments",
]
