"""Community pages: comments on an organisation's case, editing one's own comments, notifications,
the case library (browse, search, publish, withdraw, use as template) and experience notes."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from verksam.model import Case as CaseModel
from verksam.web.cases.access import access_case
from verksam.web.cases.pages import PAGES
from verksam.web.community import services
from verksam.web.community.anonymity import anonymous_note
from verksam.web.community.forms import (
    CommentForm,
    EditCommentForm,
    ExperienceNoteForm,
    LibrarySearchForm,
    PreferenceForm,
    PublishForm,
)
from verksam.web.community.models import (
    Comment,
    ExperienceNote,
    Notification,
    Preference,
    PublishedCase,
)
from verksam.web.community.notifications import language_of, notification_text
from verksam.web.courses.views.progress import _element_choices
from verksam.web.organisations.middleware import organisation_view
from verksam.web.organisations.permissions import EDIT, VIEW
from verksam.web.requests import OrganisationRequest, SignedInRequest


# --- comments on an organisation's own case ------------------------------------------------------
@organisation_view(VIEW)
def case_comments(request: OrganisationRequest, org: str, case: str) -> HttpResponse:
    """Every comment on the case (internal ones and those from courses), and a form for internal
    comments; the origin in the library when the case was copied from there."""
    row = access_case(request.organisation, case)
    model = CaseModel.model_validate(row.document)
    elements = _element_choices(model)
    form = CommentForm(request.POST or None, elements=elements)
    comments = services.visible_case_comments(request.user, row)
    if request.method == "POST" and form.is_valid():
        parent = comments.filter(pk=form.cleaned_data.get("parent") or 0).first()
        comment = services.post_comment(
            request.user,
            form.cleaned_data["body"],
            case=row,
            element=form.cleaned_data.get("element") or "",
            parent=parent,
            base_url=_base_url(request),
        )
        messages.success(request, _("Your comment was posted."))
        return redirect(services.comment_url(comment))
    origin = getattr(row, "template_origin", None)
    context = {
        "case": row,
        "threads": services.threads(comments),
        "form": form,
        "element_labels": dict(elements),
        "origin": origin,
        "publications": row.publications.filter(withdrawn_at__isnull=True),
        "notes": row.experience_notes.select_related("author", "course"),
    }
    return render(request, "community/case_comments.html", context)


def _own_comment(request: SignedInRequest, comment_id: int) -> Comment:
    found = Comment.objects.filter(
        pk=comment_id, author=request.user, deleted_at__isnull=True
    ).first()
    if found is None:
        raise Http404("No such comment")
    return found


@login_required
def comment_edit(request: SignedInRequest, comment: int) -> HttpResponse:
    found = _own_comment(request, comment)
    form = EditCommentForm(request.POST or None, initial={"body": found.body})
    if request.method == "POST" and form.is_valid():
        services.edit_comment(found, request.user, form.cleaned_data["body"])
        messages.success(request, _("Your comment was changed."))
        return redirect(services.comment_url(found))
    return render(
        request,
        "community/comment_edit.html",
        {"form": form, "comment": found, "back": services.comment_url(found)},
    )


@login_required
@require_POST
def comment_delete(request: SignedInRequest, comment: int) -> HttpResponse:
    found = _own_comment(request, comment)
    back = services.comment_url(found)
    services.delete_comment(found, request.user)
    messages.success(request, _("Your comment was deleted."))
    return redirect(back)


# --- notifications -------------------------------------------------------------------------------
@login_required
def notifications(request: SignedInRequest) -> HttpResponse:
    """The user's notifications, newest first; POST marks them all as read."""
    mine = Notification.objects.filter(recipient=request.user).select_related(
        "actor", "comment__case", "comment__session"
    )
    if request.method == "POST":
        mine.filter(read_at__isnull=True).update(read_at=timezone.now())
        messages.success(request, _("All notifications are marked as read."))
        return redirect("community:notifications")
    rows = [(n, notification_text(n)) for n in mine[:100]]
    return render(request, "community/notifications.html", {"rows": rows})


@login_required
def notification_open(request: SignedInRequest, notification: int) -> HttpResponse:
    found = Notification.objects.filter(pk=notification, recipient=request.user).first()
    if found is None:
        raise Http404("No such notification")
    if found.read_at is None:
        found.read_at = timezone.now()
        found.save(update_fields=["read_at"])
    if not url_has_allowed_host_and_scheme(found.url, allowed_hosts=None):
        return redirect("community:notifications")
    return redirect(found.url)


@login_required
def preferences(request: SignedInRequest) -> HttpResponse:
    current = Preference.objects.filter(user=request.user).first()
    if current is None:
        current = Preference(user=request.user, language=language_of(request.user))
    form = PreferenceForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect("community:preferences")
    return render(request, "community/preferences.html", {"form": form})


# --- the library ---------------------------------------------------------------------------------
@login_required
def library(request: SignedInRequest) -> HttpResponse:
    categories, tags = services.facets()
    form = LibrarySearchForm(request.GET or None, categories=categories, tags=tags)
    query = category = country = tag = ""
    if form.is_valid():
        query = form.cleaned_data.get("q") or ""
        category = form.cleaned_data.get("category") or ""
        country = form.cleaned_data.get("country") or ""
        tag = form.cleaned_data.get("tag") or ""
    results = services.library(query, category, country, tag)
    notes = ExperienceNote.objects.filter(published=True).select_related("case", "organisation")
    searching = any((query, category, country, tag))
    editable = [
        m.organisation
        for m in request.user.memberships.select_related("organisation")
        if EDIT in m.permissions
    ]
    return render(
        request,
        "community/library.html",
        {
            "form": form,
            "results": results[:200],
            "notes": [] if searching else notes[:5],
            "searching": searching,
            "editable": editable,
        },
    )


def _published(pk: int) -> PublishedCase:
    found = (
        PublishedCase.objects.filter(pk=pk, withdrawn_at__isnull=True)
        .select_related("organisation")
        .first()
    )
    if found is None:
        raise Http404("No such published case")
    return found


@login_required
def library_detail(request: SignedInRequest, published: int) -> HttpResponse:
    found = _published(published)
    model = CaseModel.model_validate(found.document)
    pages = [(p, p.outline(model)) for p in PAGES if p.present(model)]
    # notes belong to the case the publication came from; a deleted source case leaves none
    notes: list[Any] = list(
        (
            ExperienceNote.objects.filter(published=True, case_id=found.source_id)
            if found.source_id is not None
            else ExperienceNote.objects.none()
        ).select_related("organisation")
    )
    if found.anonymous:
        # Shown here without a link to the note's own page, which names the organisation.
        identity = services.publisher_identity(
            found.organisation, found.source.document if found.source else {}
        )
        notes = [anonymous_note(note, identity) for note in notes]
    editable = [
        m.organisation
        for m in request.user.memberships.select_related("organisation")
        if EDIT in m.permissions
    ]
    labels = dict(services.ANONYMISE)
    return render(
        request,
        "community/library_detail.html",
        {
            "published": found,
            "model": model,
            "pages": pages,
            "notes": notes if found.source_id else [],
            "editable": editable,
            "removed": [labels[k] for k in found.removed if k in labels],
            "is_publisher": found.organisation.memberships.filter(user=request.user).exists(),
        },
    )


@organisation_view(EDIT)
def publish(request: OrganisationRequest, org: str, case: str) -> HttpResponse:
    row = access_case(request.organisation, case)
    form = PublishForm(request.POST or None, initial={"title": row.name})
    if request.method == "POST" and form.is_valid():
        published = services.publish(
            row,
            request.user,
            title=form.cleaned_data["title"],
            summary=form.cleaned_data["summary"],
            tags=form.tag_list(),
            remove=form.cleaned_data["remove"],
        )
        messages.success(request, _("The case was published in the library."))
        return redirect("community:library_detail", published=published.pk)
    return render(request, "community/publish.html", {"case": row, "form": form})


@organisation_view(EDIT)
@require_POST
def withdraw(request: OrganisationRequest, org: str, published: int) -> HttpResponse:
    found = PublishedCase.objects.filter(
        pk=published, organisation=request.organisation, withdrawn_at__isnull=True
    ).first()
    if found is None:
        raise Http404("No such published case")
    found.withdrawn_at = timezone.now()
    found.save(update_fields=["withdrawn_at"])
    messages.success(request, _("The case was withdrawn from the library."))
    return redirect("community:library")


@organisation_view(EDIT)
@require_POST
def use_template(request: OrganisationRequest, org: str, published: int) -> HttpResponse:
    found = _published(published)
    case = services.use_as_template(found, request.organisation, request.user)
    messages.success(
        request,
        _("“%(name)s” was copied into %(organisation)s.")
        % {"name": case.name, "organisation": request.organisation.name},
    )
    return redirect("cases:detail", org=org, case=case.slug)


# --- experience notes ----------------------------------------------------------------------------
@organisation_view(EDIT)
def note_create(request: OrganisationRequest, org: str, case: str) -> HttpResponse:
    row = access_case(request.organisation, case)
    form = ExperienceNoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        note = form.save(commit=False)
        note.organisation = request.organisation
        note.case = row
        note.author = request.user
        member = row.course_members.filter(user=request.user).select_related("course").first()
        note.course = member.course if member is not None else None
        note.save()
        messages.success(request, _("The experience note was saved."))
        return redirect("community:note", note=note.pk)
    return render(
        request,
        "community/note_form.html",
        {"form": form, "case": row, "heading": _("New experience note")},
    )


@organisation_view(EDIT)
def note_edit(request: OrganisationRequest, org: str, note: int) -> HttpResponse:
    found = ExperienceNote.objects.filter(pk=note, organisation=request.organisation).first()
    if found is None:
        raise Http404("No such note")
    form = ExperienceNoteForm(request.POST or None, instance=found)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The experience note was saved."))
        return redirect("community:note", note=found.pk)
    return render(
        request,
        "community/note_form.html",
        {"form": form, "case": found.case, "heading": _("Edit the experience note")},
    )


@login_required
def note_detail(request: SignedInRequest, note: int) -> HttpResponse:
    """A published note for everyone; an unpublished one only for its organisation's members."""
    found = (
        ExperienceNote.objects.filter(pk=note)
        .filter(Q(published=True) | Q(organisation__memberships__user=request.user))
        .select_related("organisation", "case", "course", "author")
        .distinct()
        .first()
    )
    if found is None:
        raise Http404("No such note")
    member = found.organisation.memberships.filter(user=request.user).first()
    publications = found.case.publications.filter(withdrawn_at__isnull=True)
    if member is None:  # a link from a named note to an anonymous entry would name it
        publications = publications.filter(anonymous=False)
    publication = publications.first()
    context: dict[str, Any] = {
        "note": found,
        "can_edit": member is not None and EDIT in member.permissions,
        "publication": publication,
        "case_url": reverse(
            "community:case_comments",
            kwargs={"org": found.organisation.slug, "case": found.case.slug},
        )
        if member
        else "",
    }
    return render(request, "community/note.html", context)


def _base_url(request: HttpRequest) -> str:
    """Scheme and host of this request, for absolute links in notification mails."""
    return request.build_absolute_uri("/").rstrip("/")
