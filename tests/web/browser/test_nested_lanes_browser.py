"""End to end in headless Chromium: put one lane inside another in the lane table beside the
swimlane, and the diagram draws the outer lane around it. One action: choosing the outer lane
in the lane's "Part of" cell."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from tests.web.browser.conftest import PASSWORD, ROOT, describe
from verksam.formats import load_case
from verksam.web.cases.access import access_case
from verksam.web.cases.operations import value_at
from verksam.web.cases.services import create_case
from verksam.web.organisations.models import Membership, Organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
VARIANT = "processes/elevtransport/variants/as-is"
LANE_RECTS = "() => document.querySelectorAll('.live-pane svg g.lanes rect').length"


def test_a_lane_is_put_inside_another_with_one_choice(
    live_server: Any, new_page: Any, sign_in: Any, axe: Any, shot: Any
) -> None:
    organisation = Organisation.objects.create(slug="storuman", name="Storumans kommun")
    user = User.objects.create_user("storuman-editor", "editor@example.org", PASSWORD)
    Membership.objects.create(organisation=organisation, user=user, role="editor")
    model = load_case(ROOT / "examples" / "storuman" / "case.yaml", check=False)
    case = create_case(organisation, user, model, how="import")
    page = new_page(width=1500, height=1000)
    page.goto(f"{live_server.url}/accounts/login/")
    sign_in(page, "storuman-editor")
    page.goto(f"{live_server.url}/o/storuman/cases/{case.slug}/views/processes/")
    page.wait_for_load_state()
    before = page.evaluate(LANE_RECTS)
    assert before == 2 * 6  # six lanes: a band and a title cell each

    actions = 0
    select = page.locator(f"#e-{VARIANT.replace('/', '_')}_lanes_upphandling_parent")
    select.select_option(label="Utbildningsförvaltningen")
    actions += 1
    # The outer lane gets a title column around its lanes, and its own steps a band of their own.
    page.wait_for_function(f"() => ({LANE_RECTS})() == {2 * 7}")
    document = access_case(case.organisation, case.slug).document
    assert value_at(document, f"{VARIANT}/lanes/upphandling/parent") == "forvaltning"
    assert actions == 1
    shot(page, "cases/nested-lanes")
    violations = axe(page)
    assert not violations, describe(violations)
