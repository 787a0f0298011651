"""LTI 1.3 launches from a scripted platform: OIDC login initiation, a signed id_token posted to the
launch endpoint, and what Verksam does with it (sign in, role, course). No real Moodle: the test
makes the platform's RSA key pair itself and signs the launch messages with PyJWT."""

from __future__ import annotations

import json
import time
import uuid
from typing import Any
from urllib.parse import parse_qs, urlparse

import jwt
import pytest
from django.contrib.auth import get_user
from django.test import Client
from django.urls import reverse
from jwcrypto.jwk import JWK

from verksam.web.courses.models import FACILITATOR, PARTICIPANT, CourseMember
from verksam.web.courses.services import create_course
from verksam.web.lti.admin import new_key_pair
from verksam.web.lti.models import LinkRequest, LtiContext, Platform

pytestmark = pytest.mark.django_db

ISSUER = "https://moodle.example.edu"
CLIENT_ID = "verksam-tool"
CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"
LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
STAFF = "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Staff"


class ScriptedPlatform:
    """Plays the learning platform: keeps its own key pair and signs launch messages."""

    def __init__(self) -> None:
        self.key = JWK.generate(kty="RSA", size=2048, kid="platform-key-1")
        self.private_pem = self.key.export_to_pem(private_key=True, password=None)
        public = json.loads(self.key.export_public())
        public.update({"alg": "RS256", "use": "sig"})
        tool_private, tool_public = new_key_pair()
        self.row = Platform.objects.create(
            name="Moodle", issuer=ISSUER, client_id=CLIENT_ID,
            auth_login_url=f"{ISSUER}/mod/lti/auth.php",
            auth_token_url=f"{ISSUER}/mod/lti/token.php",
            key_set={"keys": [public]}, deployment_ids=["1"],
            tool_private_key=tool_private, tool_public_key=tool_public,
        )  # fmt: skip

    def login(self, client: Client, hint: str = "user-hint") -> dict[str, str]:
        """Step 1: third-party initiated login; returns the auth request's parameters."""
        response = client.get(
            reverse("lti:login"),
            {"iss": ISSUER, "login_hint": hint, "client_id": CLIENT_ID,
             "target_link_uri": "http://testserver/lti/launch/", "lti_message_hint": "m1"},
        )  # fmt: skip
        assert response.status_code == 302, response.content
        location = urlparse(response["Location"])
        assert (
            f"{location.scheme}://{location.netloc}{location.path}" == f"{ISSUER}/mod/lti/auth.php"
        )
        return {k: v[0] for k, v in parse_qs(location.query).items()}

    def id_token(self, auth: dict[str, str], **overrides: Any) -> str:
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": ISSUER, "aud": CLIENT_ID, "sub": "moodle-user-7", "iat": now, "exp": now + 300,
            "nonce": auth["nonce"], "given_name": "Kari", "family_name": "Nordmann",
            "email": "kari@example.no",
            f"{CLAIM}message_type": "LtiResourceLinkRequest", f"{CLAIM}version": "1.3.0",
            f"{CLAIM}deployment_id": "1", f"{CLAIM}target_link_uri": "http://testserver/lti/launch/",
            f"{CLAIM}resource_link": {"id": "link-1", "title": "Verksam"},
            f"{CLAIM}roles": [INSTRUCTOR],
            f"{CLAIM}context": {"id": "moodle-course-42", "title": "Prosesskartlegging"},
            f"{CLAIM}launch_presentation": {"locale": "nb-NO"},
        }  # fmt: skip
        claims.update(overrides)
        key = overrides.pop("_key", self.private_pem)
        claims.pop("_key", None)
        return jwt.encode(claims, key, algorithm="RS256", headers={"kid": "platform-key-1"})

    def launch(self, client: Client, **overrides: Any) -> Any:
        auth = self.login(client)
        token = self.id_token(auth, **overrides)
        return client.post(reverse("lti:launch"), {"id_token": token, "state": auth["state"]})


@pytest.fixture
def platform() -> ScriptedPlatform:
    return ScriptedPlatform()


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


def test_a_learner_arrives_as_participant_in_the_same_course_and_is_asked_for_a_case(
    platform,
) -> None:
    platform.launch(Client())
    course = LtiContext.objects.get().course
    client = Client()
    response = platform.launch(client, sub="moodle-user-8", **{f"{CLAIM}roles": [LEARNER]})
    assert response["Location"] == reverse("courses:attach", kwargs={"course": course.pk})
    user = get_user(client)
    assert CourseMember.objects.get(course=course, user=user).role == PARTICIPANT
    # the next launch of the same person is the same account
    again = Client()
    platform.launch(again, sub="moodle-user-8", **{f"{CLAIM}roles": [LEARNER]})
    assert get_user(again).pk == user.pk


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
        assert "already linked" in response.content.decode()
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
