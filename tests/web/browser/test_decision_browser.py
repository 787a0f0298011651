"""Process approval, indicators and the case report in headless Chromium: each page is checked with
axe-core (screenshots under test-artifacts/decision/), and printing a page leaves out the
navigation, forms and buttons."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import User

from tests.web.browser.conftest import PASSWORD, ROOT, describe
from verksam.formats import load_case
from verksam.web.approval import services as approval
from verksam.web.cases.services import create_case
from verksam.web.organisations.models import Membership, Organisation
from verksam.web.organisations.permissions import MANAGE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _check(page: Any, axe: Any, shot: Any, name: str) -> None:
    shot(page, f"decision/{name}")
    violations = axe(page)
    assert not violations, f"{name}: {describe(violations)}"


def test_approval_indicator_and_report_pages_are_accessible_and_print_without_controls(
    live_server: Any, new_page: Any, sign_in: Any, axe: Any, shot: Any
) -> None:
    organisation = Organisation.objects.create(slug="sorsele", name="Sorsele kommun", country="SE")
    user = User.objects.create_user("sorsele-owner", "owner@example.org", PASSWORD)
    Membership.objects.create(organisation=organisation, user=user, role="owner")
    model = load_case(ROOT / "examples" / "sorsele" / "case.yaml", check=False)
    case = create_case(organisation, user, model, how="import")
    process = model.processes[0].id
    record = approval.record_for(case, process)
    approval.set_owner(record, user, None)
    approval.submit(record, user, "")
    approval.approve(record, user, frozenset({MANAGE}), "Ok")
    next_year = dt.date.today() + dt.timedelta(days=365)
    approval.publish(record, user, frozenset({MANAGE}), "", next_year)

    base = f"{live_server.url}/o/sorsele"
    page = new_page(width=1400, height=1000, locale="sv-SE")
    sign_in(page, "sorsele-owner")
    pages = {
        "register": f"{base}/processes/",
        "approval": f"{base}/cases/{case.slug}/processes/{process}/approval/",
        "published": f"{base}/cases/{case.slug}/processes/{process}/published/",
        "indicators": f"{base}/cases/{case.slug}/indicators/",
        "report": f"{base}/cases/{case.slug}/report/",
    }
    for name, url in pages.items():
        page.goto(url)
        _check(page, axe, shot, name)

    page.goto(pages["indicators"])
    assert page.locator(".site-header nav").is_visible()
    assert page.get_by_role("button").first.is_visible()
    page.emulate_media(media="print")
    assert not page.locator(".site-header nav").is_visible()
    assert page.locator("main button:visible, main form:visible").count() == 0
    assert page.locator("svg[role=img]").first.is_visible()  # the charts stay on paper
