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
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
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

from verksam.web.courses.models import FACILITATOR, PARTICIPANT
from verksam.web.courses.services import create_course
from verksam.web.lti.accounts import lti_user
from verksam.web.lti.deeplink import (
    DEEP_LINK_SESSION,
    facilitated_unbound_course,
    target_url,
)
from verksam.web.lti.links import bind, enrol, request_link
from verksam.web.lti.models import LtiContext, Platform
from verksam.web.lti.services import remember_endpoints
from verksam.web.lti.tool import (
    DatabaseLaunchStorage,
    PlatformToolConf,
    platform_for,
    purge_expired,
)
from verksam.web.lti.workspace import prepare_learner
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
    deep_link = message.is_deep_link_launch()
    if not (message.is_resource_launch() or deep_link):
        return _refuse(request, _("Verksam supports resource link and deep linking launches only."))
    platform = platform_for(data["iss"], message.get_client_id())
    assert platform is not None  # validate_registration found it
    # the role in the course decides (context Instructor/Administrator), not an institution role
    instructor = message.check_teacher_access()
    learner = message.check_student_access()
    if not instructor and not learner:
        return _refuse(request, _("Your role in the course gives no access to Verksam."), 403)
    language = _language(data)
    if language:  # names Verksam makes for the user (a workspace, a case) are in their language
        translation.activate(language)
    if deep_link:
        if not instructor:
            return _refuse(request, _("Only a teacher of the course chooses what to link."), 403)
        with transaction.atomic():
            user = lti_user(platform, data)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        request.session[DEEP_LINK_SESSION] = message.get_launch_id()
        return _in_language(redirect("lti:deep_link"), language)
    context = data.get(f"{CLAIM}context") or {}
    if not context.get("id"):
        return _refuse(request, _("The launch names no course."))
    deployment = str(data[f"{CLAIM}deployment_id"])
    custom = data.get(f"{CLAIM}custom") or {}
    target = str(custom.get("verksam_target") or "")
    with transaction.atomic():
        user = lti_user(platform, data)
        binding = _binding(platform, deployment, str(context["id"]))
        if binding is None and not instructor:
            return _refuse(
                request,
                _(
                    "This course has not been opened in Verksam yet. "
                    "Ask your teacher to open it from the learning platform first."
                ),
                404,
            )
        if binding is None:
            title = str(context.get("title", ""))
            # a course the teacher chose by deep linking, which they already facilitate
            chosen = facilitated_unbound_course(target, user)
            code = str(custom.get("verksam_course_code") or "").strip()
            if chosen is not None:
                binding = bind(platform, deployment, str(context["id"]), title, chosen)
            elif code:
                return request_link(request, platform, deployment, context, code, user)
            else:
                binding = _new_course(platform, deployment, context, data, user)
        remember_endpoints(binding, data)
        course = binding.course
        member = enrol(course, user, FACILITATOR if instructor else PARTICIPANT)
        made = prepare_learner(member, language or "sv") if member.role == PARTICIPANT else None
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    url = target_url(target, course, user) or reverse(
        "courses:detail", kwargs={"course": course.pk}
    )
    if made is not None:
        messages.success(
            request,
            _("A case of your own, “%(case)s”, was made for you and attached to the course.")
            % {"case": made.name},
        )
    elif member.role == PARTICIPANT and member.case_id is None:
        url = reverse("courses:attach", kwargs={"course": course.pk})
    return _in_language(redirect(url), language)


def _in_language(response: HttpResponse, language: str | None) -> HttpResponse:
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
) -> LtiContext:
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
    return bind(platform, deployment, str(context["id"]), str(context.get("title", "")), course)
