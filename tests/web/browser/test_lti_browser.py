"""LTI Advantage in Chromium, with the scripted platform playing Moodle: its authentication page
(intercepted by Playwright) posts a signed launch to Verksam as a real platform's page does, and
its token, gradebook (AGS) and roster (NRPS) endpoints answer over HTTP. Shown: a teacher's first
launch, the deep-linking round trip, a learner's first launch reaching their course with a case,
the roster creating enrolments, and progress posted to the gradebook."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse

import jwt
import pytest
from lti_platform import CLAIM, CLIENT_ID, DL_CLAIM, INSTRUCTOR, ISSUER, LEARNER, ScriptedPlatform

from verksam.web.courses.models import CourseMember
from verksam.web.lti.models import LtiContext

pytestmark = pytest.mark.browser
HTTPS = {"x-forwarded-proto": "https"}


def _launch(page: Any, platform: ScriptedPlatform, base: str, **claims: Any) -> None:
    """The platform's side of a launch: Verksam's login initiation sends the browser to the
    platform's authentication URL, whose page posts the signed id_token back to Verksam."""

    def authenticate(route: Any) -> None:
        auth = {k: v[0] for k, v in parse_qs(urlparse(route.request.url).query).items()}
        token = platform.id_token(auth, **claims)
        route.fulfill(
            status=200, content_type="text/html",
            body=f'<!DOCTYPE html><html lang="en"><title>Moodle</title><form method="post" '
            f'action="{base}/lti/launch/" id="f"><input type="hidden" name="id_token" '
            f'value="{token}"><input type="hidden" name="state" value="{auth["state"]}"></form>'
            '<script>document.getElementById("f").submit()</script></html>',
        )  # fmt: skip

    page.route(f"{ISSUER}/mod/lti/auth.php**", authenticate)
    # Verksam runs behind HTTPS in production, where pylti1p3's state cookie is SameSite=None
    # and so survives the platform's cross-site post; the proxy header says so to every request
    page.context.set_extra_http_headers(HTTPS)
    query = {"iss": ISSUER, "login_hint": "h", "client_id": CLIENT_ID,
             "target_link_uri": f"{base}/lti/launch/"}  # fmt: skip
    # Playwright routes no redirect targets, so the browser opens the platform's URL itself
    initiation = page.request.get(
        f"{base}/lti/login/?{urlencode(query)}", max_redirects=0, headers=HTTPS
    )
    page.goto(initiation.headers["location"])
    page.wait_for_url(lambda url: ISSUER not in url and "/lti/launch/" not in url)


def test_lti_advantage_in_a_browser(
    live_server: Any, new_page: Any, axe: Any, shot: Any, settings: Any
) -> None:
    base = live_server.url
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.CSRF_TRUSTED_ORIGINS = [base]  # the browser's origin is http://, the site "https://"
    platform = ScriptedPlatform()
    services = platform.serve()
    try:
        # the teacher's first launch opens a Verksam course for the Moodle course
        teacher = new_page(locale="nb-NO")
        _launch(teacher, platform, base, **platform.service_claims())
        course = LtiContext.objects.get().course
        assert teacher.get_by_role("heading", level=1).inner_text() == "Prosesskartlegging"
        module = course.modules.create(title="Nåsituasjon", step="as-is", position=1)
        course.modules.create(title="Gevinster", step="benefits", position=2)

        # deep linking: the teacher picks the module; it goes back to Moodle as a link
        returned: list[str] = []

        def content_item_return(route: Any) -> None:
            returned.append(parse_qs(route.request.post_data)["JWT"][0])
            route.fulfill(status=200, content_type="text/html", body="<p>Lagt til</p>")

        teacher.route(f"{ISSUER}/mod/lti/contentitem_return.php", content_item_return)
        _launch(teacher, platform, base, **platform.deep_linking_claims())
        assert not axe(teacher)
        shot(teacher, "lti/deep-link-picker")
        teacher.get_by_label("Nåsituasjon").check()
        teacher.get_by_role("button", name="Lenk det valgte").click()
        teacher.get_by_role("button", name="Legg til lenken i Moodle").click()
        teacher.wait_for_url(f"{ISSUER}/mod/lti/contentitem_return.php")
        key = jwt.PyJWK(teacher.request.get(f"{base}/lti/jwks/").json()["keys"][0])
        [item] = jwt.decode(returned[0], key, algorithms=["RS256"], audience=ISSUER)[
            f"{DL_CLAIM}content_items"
        ]
        assert item["custom"] == {"verksam_target": f"module:{course.pk}:{module.pk}"}

        # a learner's first launch of that link reaches the course, with a case made for them
        learner = new_page(locale="nb-NO")
        _launch(learner, platform, base, sub="moodle-learner-1", given_name="Ingrid",
                family_name="Moe", **{f"{CLAIM}roles": [LEARNER], f"{CLAIM}custom": item["custom"]})  # fmt: skip
        assert learner.url == f"{base}/courses/{course.pk}/modules/{module.pk}/"
        learner.goto(f"{base}/courses/{course.pk}/")
        assert "Prosesskartlegging" in learner.get_by_role("heading", level=1).inner_text()
        assert learner.get_by_role("link", name="Prosesskartlegging").count() >= 1
        shot(learner, "lti/learner-course")

        # the roster from Moodle creates the enrolments
        services.members = [
            {"user_id": "moodle-user-7", "roles": [INSTRUCTOR]},
            {"user_id": "moodle-learner-1", "roles": [LEARNER]},
            {"user_id": "moodle-learner-2", "roles": [LEARNER], "given_name": "Per",
             "family_name": "Lie"},
        ]  # fmt: skip
        teacher.goto(f"{base}/courses/{course.pk}/")
        teacher.get_by_role("button", name="Hent deltakerlisten fra Moodle").click()
        teacher.wait_for_load_state()
        assert "1 nye deltakere" in teacher.locator(".messages").inner_text()
        assert teacher.get_by_role("row").filter(has_text="Per Lie").count() == 1
        assert CourseMember.objects.filter(course=course, role="participant").count() == 2

        # progress goes to Moodle's gradebook
        teacher.get_by_role("button", name="Send fremdriften til karakterboken i Moodle").click()
        teacher.wait_for_load_state()
        assert "2 deltakere" in teacher.locator(".messages").inner_text()
        scores = {s["userId"]: (s["scoreGiven"], s["scoreMaximum"]) for _l, s in services.scores}
        assert scores == {"moodle-learner-1": (1, 2), "moodle-learner-2": (0, 2)}
        assert not axe(teacher)
        shot(teacher, "lti/course-with-platform")
    finally:
        platform.stop()
