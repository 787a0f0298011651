"""Things that must happen once even when many people do them at the same moment: a single-use
invitation makes one member, and cases of the same name get different addresses instead of an
error. Thread tests run on PostgreSQL (tools/run-tests.sh runs tests/web there); the SQLite tests
replay the same race deterministically."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

import pytest
from django.contrib.auth.models import User
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from verksam.web.accounts.models import Invitation
from verksam.web.accounts.services import InvitationClosed, accept
from verksam.web.cases import services
from verksam.web.cases.access import cases_of
from verksam.web.cases.models import Case
from verksam.web.organisations.models import Membership

T = TypeVar("T")


def on_postgres(test: T) -> T:
    """Real threads against PostgreSQL's row locks and unique indexes."""
    for mark in (
        pytest.mark.postgres,
        pytest.mark.django_db(transaction=True),
        pytest.mark.skipif(
            connection.vendor != "postgresql",
            reason="needs DATABASE_URL pointing at PostgreSQL; SQLite serialises all writes",
        ),
    ):
        test = mark(test)
    return test


def all_at_once(calls: list[Callable[[], int]]) -> list[int]:
    barrier = threading.Barrier(len(calls))
    statuses = [0] * len(calls)

    def run(index: int, call: Callable[[], int]) -> None:
        try:
            barrier.wait()
            statuses[index] = call()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def sign_up(link: str, name: str) -> Callable[[], int]:
    def call() -> int:
        body = {"username": name, "password1": "Long-enough-42", "password2": "Long-enough-42"}
        return Client().post(link, body).status_code

    return call


@on_postgres
def test_six_simultaneous_sign_ups_on_one_invitation_make_one_owner(home: Any) -> None:
    invitation = Invitation.objects.create(
        organisation=home.organisation, role="owner", created_by=home.owner
    )
    link = reverse("accounts:invitation", kwargs={"token": invitation.token})
    statuses = all_at_once([sign_up(link, f"rush-{i}") for i in range(6)])
    assert all(s == 302 for s in statuses), statuses
    owners = Membership.objects.filter(organisation=home.organisation, role="owner")
    assert owners.count() == 2  # the original owner and exactly one newcomer
    assert User.objects.filter(username__startswith="rush-").count() == 1  # no orphan accounts


@on_postgres
def test_simultaneous_cases_of_the_same_name_all_land_with_their_own_address(home: Any) -> None:
    url = reverse("cases:create", kwargs={"org": "home"})

    def create(user: User) -> Callable[[], int]:
        def call() -> int:
            client = Client()
            client.force_login(user)
            return client.post(url, {"name": "Skolskjuts", "template": "starter"}).status_code

        return call

    statuses = all_at_once([create(u) for u in (home.owner, home.editor) * 4])
    assert statuses == [302] * 8
    slugs = sorted(
        cases_of(home.organisation).filter(name="Skolskjuts").values_list("slug", flat=True)
    )
    assert len(set(slugs)) == 8 and all(s.startswith("skolskjuts") for s in slugs), slugs


@pytest.mark.django_db
def test_an_invitation_taken_a_moment_ago_is_refused_and_leaves_no_account(
    home: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    invitation = Invitation.objects.create(
        organisation=home.organisation, role="owner", created_by=home.owner
    )
    link = reverse("accounts:invitation", kwargs={"token": invitation.token})
    late = Client(HTTP_ACCEPT_LANGUAGE="sv")
    assert late.get(link).status_code == 200  # the page is open ...
    accept(invitation, home.editor)  # ... when someone else accepts
    with pytest.raises(InvitationClosed):
        accept(invitation, home.viewer)
    body = {"username": "late", "password1": "Long-enough-42", "password2": "Long-enough-42"}
    # The late visitor's form posts while the view still held the open invitation.
    monkeypatch.setattr(Invitation, "is_open", property(lambda self: True))
    response = late.post(link, body, follow=True)
    assert "har just använts av någon annan" in response.content.decode()
    assert not User.objects.filter(username="late").exists()
    assert Membership.objects.filter(organisation=home.organisation, role="owner").count() == 1


@pytest.mark.django_db
def test_a_slug_taken_between_choosing_and_saving_gets_the_next_free_one(
    home: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    choose = services.free_slug
    raced: list[str] = []

    def free_slug_then_someone_else_takes_it(organisation: Any, wanted: str) -> str:
        slug = choose(organisation, wanted)
        if not raced:  # another request saves a case under the same slug first
            raced.append(slug)
            Case.objects.create(
                organisation=organisation, slug=slug, name="x", document={}, revision=1
            )
        return slug

    monkeypatch.setattr(services, "free_slug", free_slug_then_someone_else_takes_it)
    client = Client()
    client.force_login(home.owner)
    url = reverse("cases:create", kwargs={"org": "home"})
    response = client.post(url, {"name": "Skolskjuts", "template": "starter"})
    assert response.status_code == 302
    assert raced == ["skolskjuts"]
    assert cases_of(home.organisation).get(name="Skolskjuts").slug == "skolskjuts-2"
