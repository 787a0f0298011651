"""LTI 1.3 launches from a scripted platform: OIDC login initiation, a signed id_token posted to the
launch endpoint, and what Verksam does with it (sign in, role, course). No real Moodle: the test
makes the platform's RSA key pair itself and signs the launch messages with PyJWT
(tests/web/lti_platform.py)."""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

import pytest
from django.contrib.auth import get_user
from django.test import Client
from django.urls import reverse
from jwcrypto.jwk import JWK
from lti_platform import CLAIM, LEARNER, STAFF

from verksam.web.cases.models import Case
from verksam.web.courses.models import FACILITATOR, PARTICIPANT, CourseMember
from verksam.web.courses.services import create_course
from verksam.web.lti.models import LinkRequest, LtiContext
from verksam.web.organisations.models import Membership

pytestmark = pytest.mark.django_db


def test_an_instructor_arrives_signed_in_as_facilitator_of_a_new_course(platform) -> None:
    client = Client()
    response = platform.launch(client)
    context = LtiContext.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("courses:detail", kwargs={"course": context.course_id})
    user = get_user(client)
    assert user.is_authenticated and user.get_full_name() == "Kari Nordmann"
    assert user.email == "kari@example.no"
    member = CourseMember.objects.get(course=context.course, user=user)
    assert member.role == FACILITATOR
    assert context.course.title == "Prosesskartlegging"
    assert context.course.languages == ["nb"]
    assert client.cookies["django_language"].value == "nb"
    assert client.get(response["Location"]).status_code == 200


def test_a_learners_first_launch_reaches_the_course_with_a_case_made_for_them(platform) -> None:
    platform.launch(Client())
    course = LtiContext.objects.get().course
    client = Client()
    response = platform.launch(client, sub="moodle-user-8", **{f"{CLAIM}roles": [LEARNER]})
    assert response["Location"] == reverse("courses:detail", kwargs={"course": course.pk})
    user = get_user(client)
    member = CourseMember.objects.get(course=course, user=user)
    assert member.role == PARTICIPANT
    # a workspace of their own, owned by them, with a case named after the course, attached
    workspace = Membership.objects.get(user=user)
    assert (
        workspace.role == "owner"
        and workspace.organisation.name == "Kari Nordmann sitt arbeidsområde"
    )
    assert member.case.organisation == workspace.organisation == member.organisation
    assert member.case.name == course.title
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="nb").content.decode()
    assert "Prosesskartlegging" in page and member.case.name in page
    # the next launch is the same account, and no second case is made
    again = Client()
    response = platform.launch(again, sub="moodle-user-8", **{f"{CLAIM}roles": [LEARNER]})
    assert get_user(again).pk == user.pk
    assert response["Location"] == reverse("courses:detail", kwargs={"course": course.pk})
    assert Case.objects.filter(organisation=workspace.organisation).count() == 1


def test_a_learner_who_has_cases_is_asked_which_one_to_attach(platform, home) -> None:
    platform.launch(Client())
    course = LtiContext.objects.get().course
    first = Client()
    platform.launch(first, sub="moodle-user-9", **{f"{CLAIM}roles": [LEARNER]})
    learner = get_user(first)
    Membership.objects.create(organisation=home.organisation, user=learner, role="editor")
    CourseMember.objects.filter(user=learner).update(case=None)
    response = platform.launch(Client(), sub="moodle-user-9", **{f"{CLAIM}roles": [LEARNER]})
    assert response["Location"] == reverse("courses:attach", kwargs={"course": course.pk})


def test_an_institution_role_alone_does_not_make_a_facilitator(platform) -> None:
    platform.launch(Client())
    client = Client()
    platform.launch(client, sub="u9", **{f"{CLAIM}roles": [STAFF, LEARNER]})
    assert CourseMember.objects.get(user=get_user(client)).role == PARTICIPANT


def test_a_learner_cannot_open_a_course_no_instructor_has_opened(platform) -> None:
    client = Client()
    response = platform.launch(client, **{f"{CLAIM}roles": [LEARNER]})
    assert response.status_code == 404
    assert not get_user(client).is_authenticated
    assert not LtiContext.objects.exists()


def test_a_replayed_launch_is_refused(platform) -> None:
    client = Client()
    auth = platform.login(client)
    token = platform.id_token(auth)
    first = client.post(reverse("lti:launch"), {"id_token": token, "state": auth["state"]})
    assert first.status_code == 302
    replay = Client()
    replay.cookies = client.cookies
    again = replay.post(reverse("lti:launch"), {"id_token": token, "state": auth["state"]})
    assert again.status_code == 403


@pytest.mark.parametrize(
    "tamper",
    ["wrong key", "wrong state", "unknown deployment", "other audience", "expired", "no roles"],
)
def test_launches_that_fail_verification_sign_nobody_in(platform, tamper) -> None:
    client = Client()
    auth = platform.login(client)
    state = auth["state"]
    overrides: dict[str, Any] = {}
    if tamper == "wrong key":
        overrides["_key"] = JWK.generate(kty="RSA", size=2048).export_to_pem(
            private_key=True, password=None
        )
    elif tamper == "wrong state":
        state = f"state-{uuid.uuid4()}"
    elif tamper == "unknown deployment":
        overrides[f"{CLAIM}deployment_id"] = "99"
    elif tamper == "other audience":
        overrides["aud"] = "someone-else"
    elif tamper == "expired":
        overrides["exp"] = int(time.time()) - 10
    elif tamper == "no roles":
        overrides[f"{CLAIM}roles"] = None
    token = platform.id_token(auth, **overrides)
    response = client.post(reverse("lti:launch"), {"id_token": token, "state": state})
    assert response.status_code in (400, 403)
    assert not get_user(client).is_authenticated
    assert not CourseMember.objects.exists()


def test_an_unregistered_platform_gets_no_redirect(platform) -> None:
    response = Client().get(
        reverse("lti:login"), {"iss": "https://evil.example", "login_hint": "x", "client_id": "y"}
    )
    assert response.status_code == 400


def test_the_jwks_endpoint_publishes_the_tool_key_only(platform) -> None:
    keys = Client().get(reverse("lti:jwks")).json()["keys"]
    assert len(keys) == 1
    assert keys[0]["kty"] == "RSA" and keys[0]["alg"] == "RS256" and "d" not in keys[0]
    tool = JWK.from_pem(platform.row.tool_public_key.encode())
    assert keys[0]["n"] == json.loads(tool.export_public())["n"]


def test_an_instructor_of_another_context_gets_nothing_from_a_linked_courses_code(platform) -> None:
    platform.launch(Client())
    course = LtiContext.objects.get().course
    for place in ({"context": {"id": "other-course-9", "title": "Sandkasse"}, "deployment": "1"},
                  {"context": {"id": "moodle-course-42"}, "deployment": "2"}):  # fmt: skip
        platform.row.deployment_ids = ["1", "2"]
        platform.row.save()
        client = Client()
        response = platform.launch(
            client, sub=f"intruder-{place['deployment']}",
            **{f"{CLAIM}context": place["context"], f"{CLAIM}deployment_id": place["deployment"],
               f"{CLAIM}custom": {"verksam_course_code": course.code}},
        )  # fmt: skip
        assert response.status_code == 403
        assert "allerede koblet til et annet kurs" in response.content.decode()
        assert not get_user(client).is_authenticated
        assert CourseMember.objects.filter(course=course).count() == 1
    assert LtiContext.objects.count() == 1


def test_a_learner_of_the_same_context_id_in_another_deployment_is_not_let_in(platform) -> None:
    platform.launch(Client())
    platform.row.deployment_ids = ["1", "2"]
    platform.row.save()
    client = Client()
    response = platform.launch(
        client, sub="u-dep2", **{f"{CLAIM}roles": [LEARNER], f"{CLAIM}deployment_id": "2"}
    )
    assert response.status_code == 404
    assert not CourseMember.objects.filter(user__username__startswith="lti-", role=PARTICIPANT)


def test_linking_an_existing_course_waits_for_a_facilitators_confirmation(
    platform, home, client_for
) -> None:
    course = create_course(
        home.owner, title="Befintlig", languages=["sv"], starts_on="2026-01-01",
        ends_on="2026-06-30",
    )  # fmt: skip
    teacher = Client()
    response = platform.launch(teacher, **{f"{CLAIM}custom": {"verksam_course_code": course.code}})
    assert response.status_code == 202
    assert not get_user(teacher).is_authenticated
    assert not LtiContext.objects.exists()
    assert CourseMember.objects.filter(course=course).count() == 1  # the owner only
    facilitator = client_for(home.owner)
    page = facilitator.get(reverse("courses:detail", kwargs={"course": course.pk})).content.decode()
    assert "Kari Nordmann" in page and "Prosesskartlegging" in page
    asked = LinkRequest.objects.get()
    # a participant of the course may not confirm it
    participant = client_for(home.editor)
    CourseMember.objects.create(course=course, user=home.editor)
    url = reverse("lti:decide_link", kwargs={"course": course.pk, "link": asked.pk})
    assert participant.post(url, {"decision": "confirm"}).status_code == 403
    assert not LtiContext.objects.exists()
    facilitator.post(url, {"decision": "confirm"})
    binding = LtiContext.objects.get()
    assert (binding.course, binding.deployment_id, binding.context_id) == (
        course,
        "1",
        "moodle-course-42",
    )
    again = Client()
    response = platform.launch(again, **{f"{CLAIM}custom": {"verksam_course_code": course.code}})
    assert response["Location"] == reverse("courses:detail", kwargs={"course": course.pk})
    assert CourseMember.objects.get(course=course, user=get_user(again)).role == FACILITATOR


def test_a_refused_link_request_grants_nothing(platform, home, client_for) -> None:
    course = create_course(
        home.owner, title="Befintlig", languages=["sv"], starts_on="2026-01-01",
        ends_on="2026-06-30",
    )  # fmt: skip
    platform.launch(Client(), **{f"{CLAIM}custom": {"verksam_course_code": course.code}})
    url = reverse(
        "lti:decide_link", kwargs={"course": course.pk, "link": LinkRequest.objects.get().pk}
    )
    client_for(home.owner).post(url, {"decision": "refuse"})
    assert not LinkRequest.objects.exists() and not LtiContext.objects.exists()
    assert CourseMember.objects.filter(course=course).count() == 1


def test_an_unknown_course_code_is_named_and_opens_nothing(platform) -> None:
    response = platform.launch(Client(), **{f"{CLAIM}custom": {"verksam_course_code": "NOPE2345"}})
    assert response.status_code == 404
    assert "NOPE2345" in response.content.decode()
    assert not LtiContext.objects.exists()
