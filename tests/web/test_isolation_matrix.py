"""The isolation matrix: every URL pattern of the site and every API endpoint, visited as an
anonymous visitor and as a member of another organisation, must reveal nothing (302 to sign in or
404 for pages; 401 or 404 for the API). The table must cover every pattern: a new URL without a row
makes this test fail, so nobody can add a page and forget its access check.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from verksam.web.accounts.models import Invitation
from verksam.web.api.models import ApiToken
from verksam.web.jobs.models import Job


def walk(patterns: list[Any], namespace: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name or 'route:' + str(pattern.pattern)}"


@dataclass
class Objects:
    """The home organisation's objects that URLs point at."""

    tenant: Any  # conftest.Tenant
    job: Job
    invitation: Invitation
    token: ApiToken


Kwargs = Callable[[str, Objects], dict[str, Any]]


def org(slug: str, o: Objects) -> dict[str, Any]:
    return {"org": slug}


def case(slug: str, o: Objects) -> dict[str, Any]:
    return {"org": slug, "case": o.tenant.case.slug}


def revision(slug: str, o: Objects) -> dict[str, Any]:
    return {**case(slug, o), "number": 1}


def job(slug: str, o: Objects) -> dict[str, Any]:
    return {"org": slug, "job": o.job.pk}


def api_org(slug: str, o: Objects) -> dict[str, Any]:
    return {"organisation": slug}


def api_case(slug: str, o: Objects) -> dict[str, Any]:
    return {"organisation": slug, "case": o.tenant.case.slug}


def api_revision(slug: str, o: Objects) -> dict[str, Any]:
    return {**api_case(slug, o), "number": 1}


def api_job(slug: str, o: Objects) -> dict[str, Any]:
    return {"organisation": slug, "job": o.job.pk}


# name -> (kwargs, method). Every page row is checked three ways: anonymous (302 to sign in),
# another organisation's owner on this organisation's URL (404), and that owner on their own
# organisation's URL naming this organisation's object (404).
PAGES: dict[str, tuple[Kwargs, str]] = {
    "organisations:detail": (org, "GET"),
    "backup:download": (org, "GET"),
    "organisations:change_role": (
        lambda s, o: {"org": s, "member": o.tenant.viewer.memberships.get().pk},
        "POST",
    ),
    "organisations:remove_member": (
        lambda s, o: {"org": s, "member": o.tenant.viewer.memberships.get().pk},
        "POST",
    ),
    "organisations:create_invitation": (org, "POST"),
    "organisations:revoke_invitation": (
        lambda s, o: {"org": s, "invitation": o.invitation.pk},
        "POST",
    ),
    "cases:list": (org, "GET"),
    "cases:create": (org, "POST"),
    "cases:import": (org, "POST"),
    "cases:trash": (org, "GET"),
    "cases:detail": (case, "GET"),
    "cases:export": (case, "GET"),
    "cases:diagram": (case, "GET"),
    "cases:diagram_png": (case, "GET"),
    "cases:rename": (case, "POST"),
    "cases:edit": (case, "POST"),
    "cases:delete": (case, "POST"),
    "cases:untrash": (case, "POST"),
    "cases:history": (case, "GET"),
    "cases:revision": (revision, "GET"),
    "cases:restore_revision": (revision, "POST"),
    "cases:diff": (case, "GET"),
    "cases:view": (lambda s, o: {**case(s, o), "view": "processes"}, "GET"),
    "cases:editor": (lambda s, o: {**case(s, o), "view": "processes"}, "POST"),
    "workbench:analysis": (case, "GET"),
    "workbench:simulation": (case, "POST"),
    "workbench:simulation_result": (lambda s, o: {**case(s, o), "job": o.job.pk}, "GET"),
    "workbench:mining": (case, "POST"),
    "workbench:mining_result": (lambda s, o: {**case(s, o), "job": o.job.pk}, "GET"),
    "workbench:mining_map": (lambda s, o: {**case(s, o), "job": o.job.pk}, "GET"),
    "workbench:mining_map_png": (lambda s, o: {**case(s, o), "job": o.job.pk}, "GET"),
    "workbench:benefits": (case, "GET"),
    "workbench:benefits_workbook": (case, "GET"),
    "mapping:start": (org, "POST"),
    "mapping:settings": (case, "POST"),
    "mapping:steps": (lambda s, o: {**case(s, o), "process": "process"}, "GET"),
    "mapping:edit": (lambda s, o: {**case(s, o), "process": "process"}, "POST"),
    "jobs:list": (org, "GET"),
    "jobs:export_workspace": (org, "POST"),
    "jobs:import_workspace": (org, "POST"),
    "jobs:detail": (job, "GET"),
    "jobs:progress": (job, "GET"),
    "jobs:download": (job, "GET"),
    "tokens:create": (org, "POST"),
    "tokens:revoke": (lambda s, o: {"org": s, "token": o.token.pk}, "POST"),
}

# API rows: anonymous gets 401; another organisation's token gets 404 on this organisation and on
# its own organisation naming this organisation's case.
API: dict[str, tuple[Kwargs, str]] = {
    "api:case_list": (api_org, "GET"),
    "api:case_create": (api_org, "POST"),
    "api:case_import": (api_org, "POST"),
    "api:case_detail": (api_case, "GET"),
    "api:case_delete": (api_case, "DELETE"),
    "api:case_operation": (api_case, "POST"),
    "api:case_revisions": (api_case, "GET"),
    "api:case_revision": (api_revision, "GET"),
    "api:case_revision_restore": (api_revision, "POST"),
    "api:case_problems": (api_case, "GET"),
    "api:job_detail": (api_job, "GET"),
}

# Pages for any signed-in user that show only the user's own organisations.
PERSONAL = {
    "dashboard",
    "organisations:create",
    "accounts:password_change",
    "accounts:password_change_done",
}

# Pages open to everybody, and why that is safe.
PUBLIC = {
    "set_language": "stores the chosen language in the session only",
    "accounts:login": "the sign-in form",
    "accounts:logout": "signs the visitor out",
    "accounts:password_reset": "asks for an address; never says whether it exists",
    "accounts:password_reset_done": "static text",
    "accounts:password_reset_confirm": "needs a signed one-time token",
    "accounts:password_reset_complete": "static text",
    "accounts:invitation": "needs the invitation's secret token",
    "api:openapi-json": "the API description, no data",
    "api:openapi-view": "the API documentation page, no data",
    "api:api-root": "the API root, no data",
    "admin:login": "the admin sign-in form",
    "admin:logout": "signs the visitor out",
}


# --- courses, community and LTI ------------------------------------------------------------------
# The home organisation's editor takes part in a course run by its owner, with the case attached;
# the other organisation's owner is in no course. Built on first use by a row's kwargs.
def course_stuff(o: Objects) -> dict[str, Any]:
    if "_course" not in o.__dict__:
        from django.core.files.base import ContentFile

        from verksam.web.community.models import ExperienceNote, Notification
        from verksam.web.community.services import post_comment, publish
        from verksam.web.courses.models import CourseMember, ReadingFile, ReadingLink
        from verksam.web.courses.services import create_course

        t = o.tenant
        course = create_course(
            t.owner, title="Home course", languages=["sv"], starts_on="2026-01-01",
            ends_on="2026-12-31",
        )  # fmt: skip
        member = CourseMember.objects.create(
            course=course, user=t.editor, organisation=t.organisation, case=t.case
        )
        module = course.modules.create(title="As-is", step="as-is")
        session = course.sessions.create(title="Workshop", starts_at="2026-03-01T09:00Z")
        link = ReadingLink.objects.create(module=module, title="Read", url="https://example.org")
        file = ReadingFile(module=module, title="Slides", size=5)
        file.file.save("slides.txt", ContentFile(b"slide"), save=True)
        comment = post_comment(t.owner, f"See @{t.editor.username}", case=t.case, course=course)
        live = publish(t.case, t.owner, title="Home intake")
        withdrawn = publish(t.case, t.owner, title="Old intake")
        withdrawn.withdrawn_at = withdrawn.published_at
        withdrawn.save()
        note = ExperienceNote.objects.create(
            organisation=t.organisation, case=t.case, author=t.owner, title="Lessons",
            what_changed="x", what_it_gave="y",
        )  # fmt: skip
        o.__dict__["_course"] = {
            "course": course.pk, "member": member.pk, "module": module.pk,
            "session": session.pk, "link": link.pk, "file": file.pk, "comment": comment.pk,
            "live": live.pk, "withdrawn": withdrawn.pk, "note": note.pk,
            "notification": Notification.objects.filter(recipient=t.editor).first().pk,
        }  # fmt: skip
    return o.__dict__["_course"]


def lti_platform(o: Objects) -> int:
    """A registered learning platform."""
    from verksam.web.lti.admin import new_key_pair
    from verksam.web.lti.models import Platform

    if "_platform" not in o.__dict__:
        private, public = new_key_pair()
        o.__dict__["_platform"] = Platform.objects.create(
            name="Moodle", issuer="https://moodle.example", client_id="c", deployment_ids=["1"],
            auth_login_url="https://moodle.example/auth", tool_private_key=private,
            tool_public_key=public,
        ).pk  # fmt: skip
    return int(o.__dict__["_platform"])


def link_request(o: Objects) -> int:
    """A pending request from a learning platform to link the home course."""
    from verksam.web.lti.models import LinkRequest

    if "_link" not in o.__dict__:
        o.__dict__["_link"] = LinkRequest.objects.create(
            platform_id=lti_platform(o), deployment_id="1", context_id="ctx", user=o.tenant.viewer,
            course_id=course_stuff(o)["course"],
        ).pk  # fmt: skip
    return int(o.__dict__["_link"])


def course_row(*names: str, **fixed: Any) -> Kwargs:
    return lambda s, o: {n: course_stuff(o)[n] for n in ("course", *names)} | fixed


def stuff_row(name: str, key: str, org_too: bool = False) -> Kwargs:
    def kwargs(s: str, o: Objects) -> dict[str, Any]:
        return ({"org": s} if org_too else {}) | {name: course_stuff(o)[key]}

    return kwargs


PAGES.update({
    "courses:detail": (course_row(), "GET"),
    "courses:edit": (course_row(), "POST"),
    "courses:new_code": (course_row(), "POST"),
    "courses:attach": (course_row(), "POST"),
    "courses:consent": (course_row(), "POST"),
    "courses:leave": (course_row(), "POST"),
    "courses:make_facilitator": (course_row("member"), "POST"),
    "courses:dashboard": (course_row(), "GET"),
    "courses:calendar": (course_row(), "GET"),
    "courses:ics": (course_row(), "GET"),
    "courses:evaluation": (course_row(), "POST"),
    "courses:evaluation_summary": (course_row(), "GET"),
    "courses:module_create": (course_row(), "POST"),
    "courses:module": (course_row("module"), "GET"),
    "courses:module_edit": (course_row("module"), "POST"),
    "courses:module_delete": (course_row("module"), "POST"),
    "courses:compare": (course_row("module"), "GET"),
    "courses:link_add": (course_row("module"), "POST"),
    "courses:link_delete": (course_row("module", "link"), "POST"),
    "courses:file_add": (course_row("module"), "POST"),
    "courses:file": (course_row("module", "file"), "GET"),
    "courses:file_delete": (course_row("module", "file"), "POST"),
    "courses:session_create": (course_row(), "POST"),
    "courses:session": (course_row("session"), "POST"),
    "courses:session_edit": (course_row("session"), "POST"),
    "courses:session_delete": (course_row("session"), "POST"),
    "courses:participant": (course_row("member"), "POST"),
    "courses:participant_view": (course_row("member", view="processes"), "GET"),
    "community:case_comments": (case, "POST"),
    "community:publish": (case, "POST"),
    "community:note_create": (case, "POST"),
    "community:note_edit": (stuff_row("note", "note", org_too=True), "POST"),
    "community:withdraw": (stuff_row("published", "live", org_too=True), "POST"),
    "community:use_template": (stuff_row("published", "withdrawn", org_too=True), "POST"),
    "community:library_detail": (stuff_row("published", "withdrawn"), "GET"),  # withdrawn: 404
    "community:note": (stuff_row("note", "note"), "GET"),  # unpublished: members only
    "community:notification": (stuff_row("notification", "notification"), "GET"),
    "community:comment_edit": (stuff_row("comment", "comment"), "POST"),
    "community:comment_delete": (stuff_row("comment", "comment"), "POST"),
    "lti:roster": (course_row(), "POST"),
    "lti:send_grades": (course_row(), "POST"),
    "lti:deep_link": (lambda s, o: {}, "POST"),  # needs this session's own deep-linking launch
    "lti:decide_link": (lambda s, o: {"course": course_stuff(o)["course"], "link": link_request(o)},
                        "POST"),
})  # fmt: skip


# Process ownership and approval (verksam.web.approval): the starter case's process "process".
def approval_row(s: str, o: Objects) -> dict[str, Any]:
    return {**case(s, o), "process": "process"}


PAGES.update({
    "approval:register": (org, "GET"),
    "approval:process": (approval_row, "GET"),
    "approval:owner": (approval_row, "POST"),
    "approval:decide": (approval_row, "POST"),
    "approval:published": (approval_row, "GET"),
    "approval:suggest": (approval_row, "POST"),
    "approval:resolve": (lambda s, o: {**approval_row(s, o), "suggestion": 1}, "POST"),
    "report:page": (case, "GET"),
    "report:pdf": (case, "GET"),
    "indicators:dashboard": (case, "GET"),
    "indicators:add_value": (case, "POST"),
    "indicators:remove_value": (case, "POST"),
    "indicators:upload": (case, "POST"),
    "indicators:upload_save": (case, "POST"),
    "indicators:from_log": (lambda s, o: {**case(s, o), "job": o.job.pk}, "POST"),
    "org_indicators:dashboard": (org, "GET"),
    "evaluation:page": (case, "GET"),
    "evaluation:start": (case, "POST"),
    "evaluation:scores": (case, "POST"),
    "evaluation:settings": (case, "POST"),
    "evaluation:xlsx": (case, "GET"),
    "evaluation:new": (lambda s, o: {**case(s, o), "kind": "requirements"}, "POST"),
    "evaluation:element": (
        lambda s, o: {**case(s, o), "kind": "candidates", "ident": "kandidat-a"}, "POST"
    ),
})  # fmt: skip
# Site administration: for site administrators only; everybody else gets 404 (anonymous: sign in).
PAGES.update({
    "siteadmin:home": (lambda s, o: {}, "POST"),
    "siteadmin:organisation": (lambda s, o: {"organisation": o.tenant.organisation.pk}, "POST"),
    "siteadmin:platforms": (lambda s, o: {}, "POST"),
    "siteadmin:platform_remove": (lambda s, o: {"platform": lti_platform(o)}, "POST"),
    "siteadmin:audit": (lambda s, o: {}, "GET"),
    "sso:site_settings": (lambda s, o: {"organisation": o.tenant.organisation.pk}, "POST"),
    "sso:site_remove": (lambda s, o: {"organisation": o.tenant.organisation.pk}, "POST"),
    "sso:settings": (org, "POST"),
    "sso:remove": (org, "POST"),
    "signins:log": (org, "GET"),
})  # fmt: skip
PUBLIC.update({
    "sso:start": "sends the visitor to a registered identity provider's own sign-in page",
    "sso:callback": "signs in only with the state, nonce and PKCE verifier of this session",
})  # fmt: skip
PERSONAL |= {
    "courses:list", "courses:create", "courses:join", "community:library",
    "community:notifications", "community:preferences",
}  # fmt: skip
PUBLIC.update({
    "courses:join_link": "needs the course's secret invitation code (and a signed-in user)",
    "courses:ics_feed": "needs the course's secret feed token; dates and titles only",
    "lti:login": "OIDC login initiation: answers only registered platforms, with a redirect there",
    "lti:launch": "accepts only an id_token signed by a registered platform, with state and nonce",
    "lti:jwks": "the tool's public keys",
})  # fmt: skip


# --- live workshops ------------------------------------------------------------------------------
def parked(s: str, o: Objects) -> dict[str, Any]:
    if "_parked" not in o.__dict__:
        from verksam.web.live.models import ParkedQuestion

        question = ParkedQuestion.objects.create(case=o.tenant.case, text="Who signs?")
        o.__dict__["_parked"] = question.pk
    return {**case(s, o), "question": o.__dict__["_parked"]}


PAGES.update({
    "live:screen": (lambda s, o: {**case(s, o), "view": "processes"}, "GET"),
    "live:panel": (case, "GET"),
    "live:lead": (case, "POST"),
    "live:timer": (case, "POST"),
    "live:park": (case, "POST"),
    "live:answered": (parked, "POST"),
})  # fmt: skip

# WebSocket routes (verksam.web.live.routing), checked like pages: refused for anonymous visitors
# and for another organisation's owner, on this organisation's URL and on their own naming this
# organisation's case; the role named is let in (so the refusals mean something): a member of
# this organisation, and for a case read through a course the course's facilitator (the course
# rows ignore the organisation: the other organisation's owner is in no course).
SOCKETS: dict[str, tuple[Kwargs, str]] = {
    "case_socket": (case, "viewer"),
    "course_case_socket": (course_row("member"), "owner"),
}

ADMIN = "admin:"  # every other admin page: anonymous and non-staff users are sent to admin sign-in


def test_the_table_covers_every_url_pattern() -> None:
    names = set(walk(get_resolver().url_patterns))
    covered = set(PAGES) | set(API) | PERSONAL | set(PUBLIC)
    missing = sorted(n for n in names - covered if not n.startswith(ADMIN))
    assert not missing, f"URL patterns without a row in the isolation matrix: {missing}"
    stale = sorted(covered - names)
    assert not stale, f"rows for URL patterns that no longer exist: {stale}"


def objects_for(home: Any) -> Objects:
    """The objects the URLs of a tenant (conftest.Tenant) point at."""
    job_row = Job.objects.create(
        organisation=home.organisation, kind="export-workspace", created_by=home.owner
    )
    invitation = Invitation.objects.create(
        organisation=home.organisation, role="editor", created_by=home.owner
    )
    token, _secret = ApiToken.issue(home.owner, home.organisation, "home token")
    return Objects(home, job_row, invitation, token)


@pytest.fixture
def objects(home: Any) -> Objects:
    return objects_for(home)


def request(client: Client, method: str, url: str, **extra: Any) -> Any:
    return getattr(client, method.lower())(url, **extra)


@pytest.mark.django_db
def test_pages_reveal_nothing_to_anonymous_visitors_or_other_organisations(
    objects: Objects, other: Any, client_for: Any
) -> None:
    anonymous = client_for(None)
    outsider = client_for(other.owner)
    failures = []
    for name, (kwargs, method) in PAGES.items():
        url = reverse(name, kwargs=kwargs("home", objects))
        response = request(anonymous, method, url)
        if response.status_code != 302 or "/accounts/login/" not in response["Location"]:
            failures.append(f"anonymous {method} {url}: {response.status_code}")
        response = request(outsider, method, url)
        if response.status_code != 404:
            failures.append(f"other organisation {method} {url}: {response.status_code}")
        if len(kwargs("other", objects)) > 1:
            url = reverse(name, kwargs=kwargs("other", objects))
            response = request(outsider, method, url)
            if response.status_code != 404:
                failures.append(
                    f"other organisation, own URL {method} {url}: {response.status_code}"
                )
    assert not failures, "\n".join(failures)
    # nothing was changed by all those requests
    objects.tenant.case.refresh_from_db()
    assert objects.tenant.case.revision == 1
    assert objects.tenant.case.deleted_at is None
    assert Invitation.objects.filter(pk=objects.invitation.pk).exists()
    assert ApiToken.objects.filter(pk=objects.token.pk).exists()


@pytest.mark.django_db
def test_api_reveals_nothing_without_a_token_or_with_another_organisations_token(
    objects: Objects, other: Any, client_for: Any, token_for: Any
) -> None:
    anonymous = client_for(None)
    outsider = Client(HTTP_AUTHORIZATION=f"Bearer {token_for(other.owner, other.organisation)}")
    failures = []
    for name, (kwargs, method) in API.items():
        body = {"content_type": "application/json", "data": {}} if method == "POST" else {}
        url = reverse(name, kwargs=kwargs("home", objects))
        response = request(anonymous, method, url, **body)
        if response.status_code != 401:
            failures.append(f"anonymous {method} {url}: {response.status_code}")
        response = request(outsider, method, url, **body)
        if (
            response.status_code not in (404, 422)
            or objects.tenant.organisation.name.encode() in response.content
        ):
            failures.append(f"other token {method} {url}: {response.status_code}")
        if "case" in kwargs("other", objects):
            url = reverse(name, kwargs=kwargs("other", objects))
            response = request(outsider, method, url, **body)
            if response.status_code not in (404, 422):
                failures.append(
                    f"other token, own organisation {method} {url}: {response.status_code}"
                )
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_api_bodies_are_checked_after_access_so_valid_requests_from_outsiders_get_404(
    objects: Objects, other: Any, token_for: Any
) -> None:
    outsider = Client(HTTP_AUTHORIZATION=f"Bearer {token_for(other.owner, other.organisation)}")
    url = reverse("api:case_operation", kwargs=api_case("home", objects))
    body = {"op": "change", "path": "name", "value": "taken over", "base": 1}
    assert outsider.post(url, body, content_type="application/json").status_code == 404
    url = reverse("api:case_create", kwargs=api_org("home", objects))
    assert outsider.post(url, {"name": "x"}, content_type="application/json").status_code == 404
    objects.tenant.case.refresh_from_db()
    assert objects.tenant.case.name != "taken over"


@pytest.mark.django_db
def test_personal_pages_show_only_the_users_own_organisations(
    objects: Objects, other: Any, client_for: Any
) -> None:
    for name in sorted(PERSONAL):
        url = reverse(name)
        response = client_for(None).get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], name
        response = client_for(other.owner).get(url)
        assert response.status_code == 200, name
        assert objects.tenant.organisation.name.encode() not in response.content, name


@pytest.mark.django_db
def test_admin_pages_send_anonymous_and_non_staff_users_to_admin_sign_in(
    objects: Objects, other: Any, client_for: Any
) -> None:
    values = {
        "object_id": objects.tenant.case.pk,
        "id": objects.tenant.owner.pk,
        "app_label": "cases",
        "content_type_id": 1,
    }
    urls = []
    for name in sorted(n for n in walk(get_resolver().url_patterns) if n.startswith(ADMIN)):
        if name in PUBLIC:
            continue
        if name.startswith(f"{ADMIN}route:"):
            continue  # unnamed: the catch-all and the old-style object redirect, visited below
        possibilities = (
            get_resolver().namespace_dict["admin"][1].reverse_dict.getlist(name[len(ADMIN) :])
        )
        params = set(possibilities[0][0][0][1]) if possibilities else set()
        urls.append(reverse(name, kwargs={k: values[k] for k in params}))
    urls += ["/admin/cases/case/1/", "/admin/no-such-page/"]
    failures = []
    for url in urls:
        for who, client in (("anonymous", client_for(None)), ("other", client_for(other.owner))):
            response = client.get(url)
            if response.status_code != 302 or "/admin/login/" not in response["Location"]:
                failures.append(f"{who} GET {url}: {response.status_code}")
    assert not failures, "\n".join(failures)
    assert len(urls) > 20


def socket_path(route: str, kwargs: dict[str, Any]) -> str:
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m.group(1)]), route)


def test_the_socket_table_covers_every_websocket_route() -> None:
    from verksam.web.live.routing import websocket_urlpatterns

    names = {pattern.name for pattern in websocket_urlpatterns}
    assert names == set(SOCKETS), f"WebSocket routes without a row: {sorted(names - set(SOCKETS))}"


@pytest.mark.django_db(transaction=True)  # the socket runs the database in other threads
def test_sockets_refuse_anonymous_visitors_and_other_organisations(
    objects: Objects, other: Any
) -> None:
    from asgiref.sync import async_to_sync
    from channels.db import database_sync_to_async

    from tests.web.live.conftest import socket_for
    from verksam.web.live.routing import websocket_urlpatterns

    routes = {p.name: str(p.pattern) for p in websocket_urlpatterns}
    tries = []
    for name, (kwargs, role) in SOCKETS.items():
        home_path = socket_path(routes[name], kwargs("home", objects))
        tries += [
            (role, objects.tenant.user(role), home_path, True),
            ("anonymous", None, home_path, False),
            ("other organisation", other.owner, home_path, False),
            ("other organisation, own URL", other.owner,
             socket_path(routes[name], kwargs("other", objects)), False),
        ]  # fmt: skip

    async def attempts() -> list[str]:
        failures = []
        for who, user, path, allowed in tries:
            socket = await database_sync_to_async(socket_for)(user, path)
            connected, _code = await socket.connect()
            if connected != allowed:
                failures.append(f"{who} {path}: {'accepted' if connected else 'refused'}")
            if connected:
                await socket.disconnect()
        return failures

    failures = async_to_sync(attempts)()
    assert not failures, "\n".join(failures)
