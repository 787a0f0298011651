"""LTI 1.3 endpoints: OIDC login initiation, the launch, and the tool's public keys (JWKS).

A launch signs the user in (creating their account on the first visit), maps the platform's role
(instructor → facilitator, learner → participant) and opens the course linked to the platform's
course context (platform + deployment + context id). An instructor's first launch from a context
creates the course. With the custom parameter `verksam_course_code` it asks instead to link the
existing course with that invitation code: the code is known to every participant, so it grants
nothing until a facilitator of the course confirms (see links.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any, cast

from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.models import User
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from pylti1p3.contrib.django.message_launch import DjangoMessageLaunch
from pylti1p3.contrib.django.oidc_login import DjangoOIDCLogin
from pylti1p3.exception import LtiException, OIDCException

from verksam.web.courses.models import FACILITATOR, PARTICIPANT, Course
from verksam.web.courses.services import create_course
from verksam.web.lti.links import enrol, request_link
from verksam.web.lti.models import LtiContext, LtiUser, Platform
from verksam.web.lti.tool import (
    DatabaseLaunchStorage,
    PlatformToolConf,
    platform_for,
    purge_expired,
)
from verksam.web.signins.log import failed

CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"


def _refuse(request: HttpRequest, message: str, status: int = 400) -> HttpResponse:
    failed(request, "lti", reason=message)
    return render(request, "lti/error.html", {"message": message}, status=status)


@csrf_exempt  # the platform posts here cross-site; the signed id_token, state and nonce guard it
@require_http_methods(["GET", "POST"])
def oidc_login(request: HttpRequest) -> HttpResponse:
    conf = PlatformToolConf()
    try:
        # pylti1p3's Django classes carry no annotations
        oidc = DjangoOIDCLogin(request, conf, launch_data_storage=DatabaseLaunchStorage())  # type: ignore[no-untyped-call]
        response: HttpResponse = oidc.redirect(request.build_absolute_uri(reverse("lti:launch")))
        return response
    except (OIDCException, LtiException):
        return _refuse(request, _("This learning platform is not registered with Verksam."))


@csrf_exempt  # as above: the launch is a cross-site form post with a signed id_token
@require_POST
def launch(request: HttpRequest) -> HttpResponse:
    conf = PlatformToolConf()
    storage = DatabaseLaunchStorage()
    try:
        message = DjangoMessageLaunch(request, conf, launch_data_storage=storage)  # type: ignore[no-untyped-call]  # as above
        # claims are read by their URL names (f"{CLAIM}context"), which pylti1p3's TypedDict cannot type
        data = cast(dict[str, Any], message.get_launch_data())
    except LtiException as exc:
        return _refuse(
            request, _("The launch could not be verified: %(error)s") % {"error": exc}, 403
        )
    # a nonce is good for one launch only: replaying the same id_token must fail
    storage.delete_value(f"lti1p3-nonce-{data['nonce']}")
    purge_expired()
    if not message.is_resource_launch():
        return _refuse(request, _("Verksam supports resource link launches only."))
    platform = platform_for(data["iss"], message.get_client_id())
    assert platform is not None  # validate_registration found it
    # the role in the course decides (context Instructor/Administrator), not an institution role
    instructor = message.check_teacher_access()
    learner = message.check_student_access()
    if not instructor and not learner:
        return _refuse(request, _("Your role in the course gives no access to Verksam."), 403)
    context = data.get(f"{CLAIM}context") or {}
    if not context.get("id"):
        return _refuse(request, _("The launch names no course."))
    deployment = str(data[f"{CLAIM}deployment_id"])
    with transaction.atomic():
        user = _user(platform, data)
        binding = _binding(platform, deployment, str(context["id"]))
        if binding is not None:
            course = binding.course
        elif not instructor:
            return _refuse(
                request,
                _(
                    "This course has not been opened in Verksam yet. "
                    "Ask your teacher to open it from the learning platform first."
                ),
                404,
            )
        else:
            custom = data.get(f"{CLAIM}custom") or {}
            code = str(custom.get("verksam_course_code") or "").strip()
            if code:
                return request_link(request, platform, deployment, context, code, user)
            course = _new_course(platform, deployment, context, data, user)
        member = enrol(course, user, FACILITATOR if instructor else PARTICIPANT)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    target = reverse("courses:detail", kwargs={"course": course.pk})
    if member.role == PARTICIPANT and member.case_id is None:
        target = reverse("courses:attach", kwargs={"course": course.pk})
    response = redirect(target)
    language = _language(data)
    if language:
        translation.activate(language)
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax")
    return response


@require_GET
def jwks(request: HttpRequest) -> JsonResponse:
    return JsonResponse(PlatformToolConf().public_jwks())


def _language(data: dict[str, Any]) -> str | None:
    presentation = data.get(f"{CLAIM}launch_presentation") or {}
    locale = str(presentation.get("locale") or data.get("locale") or "").lower().replace("_", "-")
    code = {"no": "nb", "nn": "nb", "nb": "nb", "sv": "sv", "en": "en"}.get(locale.split("-")[0])
    return code


def _user(platform: Platform, data: dict[str, Any]) -> User:
    subject = str(data["sub"])
    link = LtiUser.objects.filter(platform=platform, subject=subject).select_related("user").first()
    if link is not None:
        user = link.user
    else:
        digest = hashlib.sha256(f"{platform.pk}:{subject}".encode()).hexdigest()[:12]
        user = User.objects.create_user(f"lti-{digest}")
        user.set_unusable_password()
        LtiUser.objects.create(platform=platform, subject=subject, user=user)
    # names and address follow the platform, which is where people keep them up to date
    user.first_name = str(data.get("given_name", user.first_name))[:150]
    user.last_name = str(data.get("family_name", user.last_name))[:150]
    user.email = str(data.get("email", user.email))[:254]
    user.save()
    return user


def _binding(platform: Platform, deployment: str, context_id: str) -> LtiContext | None:
    """The Verksam course bound to this platform + deployment + context. A binding made before
    deployments were recorded is taken over by the first deployment that launches from it."""
    found = LtiContext.objects.filter(platform=platform, context_id=context_id)
    exact = found.filter(deployment_id=deployment).select_related("course").first()
    if exact is not None:
        return exact
    legacy = found.filter(deployment_id="").select_related("course").first()
    if legacy is not None:
        legacy.deployment_id = deployment
        legacy.save(update_fields=["deployment_id"])
    return legacy


def _new_course(
    platform: Platform, deployment: str, context: dict[str, Any], data: dict[str, Any], user: User
) -> Course:
    today = timezone.localdate()
    title = str(context.get("title") or context.get("label") or _("Course"))[:200]
    language = _language(data) or translation.get_language() or "en"
    course = create_course(
        user,
        title=title,
        description="",
        languages=[language],
        starts_on=today,
        ends_on=today + dt.timedelta(days=120),
    )
    LtiContext.objects.create(
        platform=platform,
        deployment_id=deployment,
        context_id=str(context["id"]),
        title=str(context.get("title", ""))[:300],
        course=course,
    )
    return course
