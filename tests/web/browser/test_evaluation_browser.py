"""The evaluation of e-solutions in headless Chromium, in Swedish (the Storuman pilot's language):
adding a must-requirement and scoring the four candidates on it in the score grid, counting the
user's actions and keys; the ranking page, the score grid and the requirement form checked with
axe-core (screenshots under test-artifacts/evaluation/)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from tests.web.browser.conftest import PASSWORD, ROOT, describe
from verksam.formats import load_case
from verksam.web.cases.services import create_case, model_of
from verksam.web.organisations.models import Membership, Organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _check(page: Any, axe: Any, shot: Any, name: str) -> None:
    shot(page, f"evaluation/{name}")
    violations = axe(page)
    assert not violations, f"{name}: {describe(violations)}"


def test_a_requirement_is_added_and_scored_in_fifteen_actions_and_the_pages_are_accessible(
    live_server: Any, new_page: Any, sign_in: Any, axe: Any, shot: Any
) -> None:
    organisation = Organisation.objects.create(slug="storuman", name="Storumans kommun",
                                               country="SE")  # fmt: skip
    user = User.objects.create_user("storuman-editor", "editor@example.org", PASSWORD)
    Membership.objects.create(organisation=organisation, user=user, role="editor")
    case = create_case(organisation, user,
                       load_case(ROOT / "examples" / "storuman" / "case.yaml"), how="import")  # fmt: skip

    page = new_page(width=1400, height=1000, locale="sv-SE")
    sign_in(page, "storuman-editor")
    page.goto(f"{live_server.url}/o/storuman/cases/{case.slug}/")
    actions = keys = 0
    page.get_by_role("link", name="Utvärdering av lösningar", exact=True).first.click()
    actions += 1
    page.wait_for_load_state()
    assert page.get_by_text("Köpa ett skolskjutssystem (system A) kommer först.").first.is_visible()
    _check(page, axe, shot, "ranking")
    page.get_by_role("link", name="Sätt poäng på alternativen").click()
    actions += 1
    page.wait_for_load_state()
    _check(page, axe, shot, "scores")

    # add a must-requirement: it comes back to the grid as an empty row
    page.get_by_role("link", name="Lägg till ett krav").click()
    actions += 1
    page.wait_for_load_state()
    _check(page, axe, shot, "requirement-form")
    page.get_by_label("Krav:", exact=True).fill("Beslutet kan läsas i Mina meddelanden")
    actions += 1
    page.get_by_label("Skall", exact=True).check()
    actions += 1
    page.get_by_role("button", name="Spara", exact=True).click()
    actions += 1
    page.wait_for_load_state()

    # score the four candidates on it: click the first cell, type, Tab, ..., Enter saves
    first = page.get_by_label(
        "Poäng för Köpa ett skolskjutssystem (system A) på Beslutet kan läsas i Mina meddelanden"
    )
    first.click()
    actions += 1
    for i, score in enumerate(("4", "5", "3", "0")):
        if i:
            page.keyboard.press("Tab")
            keys += 1
        page.keyboard.type(score)
        actions += 1
    with page.expect_navigation():
        page.keyboard.press("Enter")
    actions += 1
    page.wait_for_load_state()
    shot(page, "evaluation/after-enter")
    # nav link, score page, add link, name, must, save; first cell, four scores, Enter
    assert (actions, keys) == (12, 3)
    assert page.get_by_text("Poängen sparades.").is_visible()

    stored = model_of(case.__class__.objects.get(pk=case.pk)).evaluation
    assert stored is not None
    added = stored.requirements[-1]
    assert added.priority == "must"
    assert [c.scores[added.id].score for c in stored.candidates] == [4, 5, 3, 0]
    # Köpa 141 + 4 = 145, Utveckla 136 + 3 = 139, Bygga ut 95 + 5 = 100 (weight 1, no criterion)
    rows = page.locator("table.evaluation-ranking tbody tr")
    assert rows.nth(0).locator("th").inner_text().startswith("Köpa ett skolskjutssystem")
    assert rows.nth(1).locator("th").inner_text().startswith("Utveckla en egen lösning")
    _check(page, axe, shot, "ranking-after")

    # a candidate's own page with its scores and reasons, and the evaluation's scale
    base = f"{live_server.url}/o/storuman/cases/{case.slug}/evaluation"
    page.goto(f"{base}/candidates/bygga-ut-plattform/")
    assert page.get_by_label("Motivering: Adress, avstånd och årskurs kontrolleras automatiskt mot "
                             "folkbokföring och elevregister").input_value().startswith("Avståndet")  # fmt: skip
    _check(page, axe, shot, "candidate-form")
    page.goto(f"{base}/settings/")
    _check(page, axe, shot, "settings-form")
    page.goto(f"{base}/")

    # on paper: no navigation, buttons or forms
    page.emulate_media(media="print")
    assert not page.locator("nav.view-nav").is_visible()
    assert not page.get_by_role("link", name="Sätt poäng på alternativen").is_visible()
    assert page.locator("svg[role=img]").first.is_visible()
