"""Sign-in throttling: too many failed sign-ins for one account or from one address lock that
account or address out for a while, with a message saying when to try again; API tokens too."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

LIMIT = 10
LOGIN = reverse("accounts:login")


def sign_in(username: str, password: str, address: str = "10.0.0.1", language: str = "en") -> Any:
    client = Client(REMOTE_ADDR=address, HTTP_ACCEPT_LANGUAGE=language)
    return client.post(LOGIN, {"username": username, "password": password})


def test_forty_wrong_passwords_lock_the_account_with_a_message_saying_when(home: Any) -> None:
    answers = [sign_in("home-viewer", f"guess-{i}").status_code for i in range(40)]
    assert answers[: LIMIT - 1] == [200] * (LIMIT - 1)  # the ordinary "wrong password" page
    assert set(answers[LIMIT:]) == {429}
    # The right password does not get in while locked, and the page says until when.
    response = sign_in("home-viewer", "pw-secret-1", language="sv")
    assert response.status_code == 429
    text = response.content.decode()
    assert "För många misslyckade inloggningar" in text and "Försök igen kl." in text
    assert "om 15 minuter" in text
    assert "_auth_user_id" not in response.client.session


def test_the_account_is_locked_whatever_address_the_guesses_come_from(home: Any) -> None:
    for i in range(LIMIT):
        sign_in("home-viewer", "wrong", address=f"10.0.1.{i}")
    response = sign_in("home-viewer", "pw-secret-1", address="10.0.2.1", language="nb")
    assert response.status_code == 429
    assert "For mange mislykkede innlogginger" in response.content.decode()
    # Another account from a fresh address signs in as usual.
    assert sign_in("home-editor", "pw-secret-1", address="10.0.2.2").status_code == 302


def test_one_address_guessing_many_accounts_is_locked(home: Any) -> None:
    for i in range(LIMIT):
        sign_in(f"nobody-{i}", "wrong", address="10.0.3.1")
    assert sign_in("home-owner", "pw-secret-1", address="10.0.3.1").status_code == 429
    assert sign_in("home-owner", "pw-secret-1", address="10.0.3.2").status_code == 302


def test_the_lock_ends_after_the_cool_off_and_success_clears_the_count(home: Any) -> None:
    for _ in range(LIMIT):
        sign_in("home-viewer", "wrong")
    assert sign_in("home-viewer", "pw-secret-1").status_code == 429
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.first().attempt_time - timedelta(minutes=16)
    )  # type: ignore[union-attr]
    assert sign_in("home-viewer", "pw-secret-1").status_code == 302
    for _ in range(LIMIT - 1):  # the count started again at zero
        sign_in("home-viewer", "wrong")
    assert sign_in("home-viewer", "pw-secret-1").status_code == 302


def test_guessed_api_tokens_lock_the_address_out_of_the_api(home: Any, token_for: Any) -> None:
    good = token_for(home.owner, home.organisation)
    url = "/api/v1/organisations/home/cases"

    def call(token: str, address: str) -> Any:
        return Client(REMOTE_ADDR=address, HTTP_AUTHORIZATION=f"Bearer {token}").get(url)

    assert call(good, "10.0.4.1").status_code == 200
    answers = [call(f"vks_guess{i}", "10.0.4.1").status_code for i in range(LIMIT + 5)]
    assert answers[: LIMIT - 1] == [401] * (LIMIT - 1) and set(answers[LIMIT - 1 :]) == {429}
    locked = call(good, "10.0.4.1")
    assert locked.status_code == 429 and "Try again at" in locked.json()["detail"]
    assert call(good, "10.0.4.2").status_code == 200  # only that address waits


def test_x_forwarded_for_is_only_read_behind_a_configured_proxy(home: Any, settings: Any) -> None:
    def from_spoofed(i: int) -> Any:
        client = Client(REMOTE_ADDR="10.0.5.1", HTTP_X_FORWARDED_FOR=f"192.0.2.{i}")
        return client.post(LOGIN, {"username": f"nobody-{i}", "password": "wrong"})

    answers = [from_spoofed(i).status_code for i in range(LIMIT + 1)]
    assert answers[-1] == 429  # a header the client writes does not hide its address
    settings.VERKSAM_PROXY_COUNT = 1
    client = Client(REMOTE_ADDR="10.0.5.1", HTTP_X_FORWARDED_FOR="192.0.2.200")
    assert (
        client.post(LOGIN, {"username": "home-owner", "password": "pw-secret-1"}).status_code == 302
    )
