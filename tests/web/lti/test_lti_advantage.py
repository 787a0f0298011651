"""LTI Advantage with the scripted platform (tests/web/lti_platform.py), whose token, AGS and NRPS
endpoints answer over real HTTP: deep linking round trip, progress to the gradebook, the roster,
and deep-linking launches that fail verification."""

from __future__ import annotations

import json
import time
from typing import Any

import jwt
import pytest
from django.contrib.auth import get_user
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from lti_platform import CLAIM, CLIENT_ID, DL_CLAIM, INSTRUCTOR, ISSUER, LEARNER

from verksam.web.courses.models import FACILITATOR, PARTICIPANT, CourseMember
from verksam.web.lti.models import LtiContext
from verksam.web.organisations.models import Membership

pytestmark = pytest.mark.django_db


def _teacher_with_course(platform: Any, **claims: Any) -> tuple[Client, Any]:
    client = Client()
    platform.launch(client, **claims)
    course = LtiContext.objects.get().course
    course.modules.create(title="Nulägesprosess", step="as-is", position=1)
    course.modules.create(title="Gevinster", step="benefits", position=2)
    return client, course


def test_deep_linking_round_trip_places_a_module_in_the_platform(platform) -> None:
    teacher, course = _teacher_with_course(platform)
    module = course.modules.get(step="as-is")
    response = platform.deep_linking_launch(teacher)
    assert response["Location"] == reverse("lti:deep_link")
    page = teacher.get(response["Location"], HTTP_ACCEPT_LANGUAGE="nb").content.decode()
    assert "Prosesskartlegging" in page and "Nulägesprosess" in page
    answer = teacher.post(reverse("lti:deep_link"), {"target": f"module:{course.pk}:{module.pk}"})
    html = answer.content.decode()
    assert f'action="{ISSUER}/mod/lti/contentitem_return.php"' in html
    token = html.split('name="JWT" value="', 1)[1].split('"', 1)[0]
    key = jwt.PyJWK(Client().get(reverse("lti:jwks")).json()["keys"][0])
    message = jwt.decode(token, key, algorithms=["RS256"], audience=ISSUER)
    assert message["iss"] == CLIENT_ID
    assert message[f"{CLAIM}message_type"] == "LtiDeepLinkingResponse"
    assert message[f"{CLAIM}deployment_id"] == "1"
    assert message[f"{DL_CLAIM}data"] == "moodle-dl-data-5"
    [item] = message[f"{DL_CLAIM}content_items"]
    assert item["type"] == "ltiResourceLink" and item["title"] == "Nulägesprosess"
    assert item["url"] == "http://testserver/lti/launch/"
    assert item["custom"] == {"verksam_target": f"module:{course.pk}:{module.pk}"}
    # the platform now launches that link: a learner lands on the module
    learner = Client()
    landed = platform.launch(
        learner,
        sub="moodle-user-8",
        **{f"{CLAIM}roles": [LEARNER], f"{CLAIM}custom": item["custom"]},
    )
    assert landed["Location"] == reverse(
        "courses:module", kwargs={"course": course.pk, "module": module.pk}
    )
    assert learner.get(landed["Location"]).status_code == 200


def test_deep_linking_offers_only_what_the_teacher_may_link(platform, home) -> None:
    teacher, _course = _teacher_with_course(platform)
    platform.deep_linking_launch(teacher)
    foreign = f"case:{home.case.pk}"
    response = teacher.post(reverse("lti:deep_link"), {"target": foreign})
    assert response.status_code == 400
    assert home.case.name not in response.content.decode()
    # a learner may not deep link, and another signed-in user cannot use the teacher's launch
    learner = Client()
    refused = platform.deep_linking_launch(learner, sub="l-1", **{f"{CLAIM}roles": [LEARNER]})
    assert refused.status_code == 403 and not get_user(learner).is_authenticated
    other = Client()
    other.force_login(home.owner)
    session = other.session
    session["lti_deep_link_launch"] = teacher.session["lti_deep_link_launch"]
    session.save()
    assert other.get(reverse("lti:deep_link")).status_code == 404


@pytest.mark.parametrize("tamper", ["other audience", "expired", "unknown deployment", "replay"])
def test_deep_linking_launches_that_fail_verification_sign_nobody_in(platform, tamper) -> None:
    client = Client()
    overrides: dict[str, Any] = {}
    if tamper == "other audience":
        overrides["aud"] = "someone-else"
    elif tamper == "expired":
        overrides["exp"] = int(time.time()) - 10
    elif tamper == "unknown deployment":
        overrides[f"{CLAIM}deployment_id"] = "99"
    if tamper == "replay":
        auth = platform.login(client)
        claims = {f"{CLAIM}message_type": "LtiDeepLinkingRequest", f"{DL_CLAIM}deep_linking_settings": {
            "deep_link_return_url": f"{ISSUER}/return", "accept_types": ["ltiResourceLink"],
            "accept_presentation_document_targets": ["window"]}}  # fmt: skip
        token = platform.id_token(auth, **claims)
        form = {"id_token": token, "state": auth["state"]}
        assert client.post(reverse("lti:launch"), form).status_code == 302
        client = Client()
        client.cookies = Client().cookies
        response = client.post(reverse("lti:launch"), form)
    else:
        response = platform.deep_linking_launch(client, **overrides)
    assert response.status_code in (400, 403)
    assert not get_user(client).is_authenticated


def test_progress_goes_to_the_gradebook_over_ags(platform) -> None:
    services = platform.serve()
    teacher, course = _teacher_with_course(platform, **platform.service_claims())
    platform.launch(Client(), sub="moodle-user-8", **{f"{CLAIM}roles": [LEARNER]})
    response = teacher.post(reverse("lti:send_grades", kwargs={"course": course.pk}))
    assert response.status_code == 302
    [line] = services.lineitems
    assert line["scoreMaximum"] == 2 and line["resourceId"] == f"verksam-course-{course.pk}"
    [(line_id, score)] = services.scores
    assert line_id == line["id"]
    # the learner's starter case has a valid as-is process and no benefits yet: 1 of 2 modules
    assert (score["userId"], score["scoreGiven"], score["scoreMaximum"]) == ("moodle-user-8", 1, 2)
    assert score["activityProgress"] == "InProgress"
    assert not services.refused
    # a second send finds the same line item instead of making another
    teacher.post(reverse("lti:send_grades", kwargs={"course": course.pk}))
    assert len(services.lineitems) == 1 and len(services.scores) == 2


def test_a_refused_token_request_is_reported_and_sends_nothing(platform) -> None:
    services = platform.serve()
    teacher, course = _teacher_with_course(platform, **platform.service_claims())
    platform.launch(Client(), sub="moodle-user-8", **{f"{CLAIM}roles": [LEARNER]})
    from verksam.web.lti.admin import new_key_pair

    platform.row.tool_private_key, _public = new_key_pair()  # the platform knows the old key
    platform.row.save()
    response = teacher.post(
        reverse("lti:send_grades", kwargs={"course": course.pk}), follow=True,
        HTTP_ACCEPT_LANGUAGE="sv",
    )  # fmt: skip
    assert "Moodle svarte ikke som forventet" in response.content.decode()
    assert not services.scores and services.refused


def test_the_roster_enrols_the_platforms_participants(platform) -> None:
    services = platform.serve()
    teacher, course = _teacher_with_course(platform, **platform.service_claims())
    platform.launch(Client(), sub="gone-1", **{f"{CLAIM}roles": [LEARNER]})
    services.members = [
        {"user_id": "moodle-user-7", "roles": [INSTRUCTOR], "status": "Active"},
        {"user_id": "s-1", "roles": ["Learner"], "given_name": "Siri", "family_name": "Ås",
         "email": "siri@example.no", "status": "Active"},
        {"user_id": "s-2", "roles": [LEARNER], "given_name": "Ola", "family_name": "Berg"},
        {"user_id": "t-2", "roles": [INSTRUCTOR], "given_name": "Tor", "family_name": "Dal"},
        {"user_id": "gone-1", "roles": [LEARNER], "status": "Inactive"},
    ]  # fmt: skip
    response = teacher.post(
        reverse("lti:roster", kwargs={"course": course.pk}), follow=True, HTTP_ACCEPT_LANGUAGE="nb"
    )
    names = {m.user.get_full_name(): m.role for m in course.members.filter(left_at__isnull=True)}
    assert names == {"Kari Nordmann": FACILITATOR, "Siri Ås": PARTICIPANT,
                     "Ola Berg": PARTICIPANT, "Tor Dal": FACILITATOR}  # fmt: skip
    siri = User.objects.get(first_name="Siri")
    assert Membership.objects.get(user=siri).role == "owner"  # her own workspace
    assert CourseMember.objects.get(course=course, user__lti_accounts__subject="gone-1").left_at
    page = response.content.decode()
    assert "2 nye deltakere" in page and "1 nye kursledere" in page
    # Siri's first launch is the same account
    client = Client()
    platform.launch(client, sub="s-1", **{f"{CLAIM}roles": [LEARNER]})
    assert get_user(client).pk == siri.pk
    assert json.dumps(services.refused) == "[]"
