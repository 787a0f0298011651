"""Deep linking: the teacher picks a Verksam course, module or case in Verksam, and it is sent back
to the platform as a link (an LTI resource link whose custom parameter `verksam_target` names it).
A later launch of that link opens the chosen page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from pylti1p3.contrib.django.message_launch import DjangoMessageLaunch
from pylti1p3.deep_link_resource import DeepLinkResource
from pylti1p3.exception import LtiException

from verksam.web.cases.access import cases_of
from verksam.web.courses.models import FACILITATOR, Course, Module
from verksam.web.lti.models import LtiContext, LtiUser, Platform
from verksam.web.lti.tool import DatabaseLaunchStorage, PlatformToolConf, platform_for
from verksam.web.organisations.models import Membership
from verksam.web.organisations.principals import UserPrincipal
from verksam.web.requests import SignedInRequest

DEEP_LINK_SESSION = "lti_deep_link_launch"


@dataclass(frozen=True)
class Choice:
    value: str  # "course:<id>", "module:<course>:<id>" or "case:<id>"
    title: str
    group: str


def _facilitated(user: User) -> list[Course]:
    return list(
        Course.objects.filter(
            members__user=user, members__role=FACILITATOR, members__left_at__isnull=True
        ).order_by("title")
    )


def choices_for(user: User) -> list[Choice]:
    """What the teacher may link: the courses they facilitate and their modules, and the cases of
    their organisations."""
    out = []
    for course in _facilitated(user):
        group = _("Course %(title)s") % {"title": course.title}
        out.append(Choice(f"course:{course.pk}", course.title, group))
        for module in course.modules.all():
            out.append(Choice(f"module:{course.pk}:{module.pk}", module.title, group))
    principal = UserPrincipal(user)
    for membership in Membership.objects.filter(user=user).select_related("organisation"):
        organisation = membership.organisation
        if principal.permissions(organisation):
            for case in cases_of(organisation).order_by("name"):
                out.append(Choice(f"case:{case.pk}", case.name, organisation.name))
    return out


def _parts(target: str) -> list[str]:
    return target.split(":") if target else []


def facilitated_unbound_course(target: str, user: User) -> Course | None:
    """The course a deep link names, when this user facilitates it and it is bound to no platform
    course yet: the teacher's own choice may bind it without a facilitator's confirmation."""
    parts = _parts(target)
    if len(parts) < 2 or parts[0] not in ("course", "module") or not parts[1].isdigit():
        return None
    course = next((c for c in _facilitated(user) if c.pk == int(parts[1])), None)
    if course is None or LtiContext.objects.filter(course=course).exists():
        return None
    return course


def target_url(target: str, course: Course, user: User) -> str | None:
    """Where a launch of a deep link goes: the module or case it names when that belongs to the
    launched course or the user may open it; otherwise None (the course page)."""
    parts = _parts(target)
    if parts[:1] == ["module"] and len(parts) == 3 and parts[1] == str(course.pk):
        module = Module.objects.filter(course=course, pk=parts[2]).first()
        if module is not None:
            return reverse("courses:module", kwargs={"course": course.pk, "module": module.pk})
    if parts[:1] == ["case"] and len(parts) == 2 and parts[1].isdigit():
        for membership in Membership.objects.filter(user=user).select_related("organisation"):
            organisation = membership.organisation
            case = cases_of(organisation).filter(pk=int(parts[1])).first()
            if case is not None:
                return reverse("cases:detail", kwargs={"org": organisation.slug, "case": case.slug})
    return None


def _launch(request: HttpRequest) -> tuple[DjangoMessageLaunch, Platform]:
    """The deep-linking launch this session started, for this user. Raises Http404."""
    launch_id = request.session.get(DEEP_LINK_SESSION)
    if not launch_id:
        raise Http404("No deep-linking launch")
    try:
        message = cast(
            DjangoMessageLaunch,
            DjangoMessageLaunch.from_cache(
                launch_id, request, PlatformToolConf(), launch_data_storage=DatabaseLaunchStorage()
            ),
        )
    except LtiException:
        raise Http404("Expired deep-linking launch") from None
    data = message.get_launch_data()
    platform = platform_for(data["iss"], message.get_client_id())
    owner = LtiUser.objects.filter(platform=platform, subject=str(data["sub"])).first()
    if platform is None or owner is None or owner.user_id != request.user.pk:
        raise Http404("Not this user's launch")
    return message, platform


@login_required
def deep_link(request: SignedInRequest) -> HttpResponse:
    message, platform = _launch(request)
    choices = choices_for(request.user)
    by_value = {choice.value: choice for choice in choices}
    chosen = by_value.get(request.POST.get("target", "")) if request.method == "POST" else None
    if chosen is None:
        groups: dict[str, list[Choice]] = {}
        for choice in choices:
            groups.setdefault(choice.group, []).append(choice)
        error = request.method == "POST"
        return render(
            request,
            "lti/deep_link.html",
            {"groups": groups, "platform": platform, "error": error},
            status=400 if error else 200,
        )
    resource = DeepLinkResource()
    resource.set_url(request.build_absolute_uri(reverse("lti:launch")))
    resource.set_title(chosen.title)
    resource.set_custom_params({"verksam_target": chosen.value})
    link = message.get_deep_link()
    request.session.pop(DEEP_LINK_SESSION, None)
    return render(
        request,
        "lti/deep_link_return.html",
        {
            "jwt": link.get_response_jwt([resource]),
            "return_url": message.get_launch_data()[
                "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"
            ]["deep_link_return_url"],
            "chosen": chosen,
            "platform": platform,
        },
    )
