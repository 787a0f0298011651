"""End to end in headless Chromium: sign in, open the Storuman case, add an activity in the table and
see it in the swimlane diagram, rename one as you type, switch to Norwegian, export BPMN, restore an
older revision. Every main page is checked with axe-core and saved as a screenshot under
test-artifacts/cases/."""

from __future__ import annotations

from pathlib import Path
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


def _storuman() -> Any:
    organisation = Organisation.objects.create(
        slug="storuman", name="Storumans kommun", country="SE"
    )
    user = User.objects.create_user("storuman-editor", "editor@example.org", PASSWORD)
    Membership.objects.create(organisation=organisation, user=user, role="editor")
    model = load_case(ROOT / "examples" / "storuman" / "case.yaml", check=False)
    return create_case(organisation, user, model, how="import")


def _check(page: Any, axe: Any, shot: Any, name: str) -> None:
    shot(page, f"cases/{name}")
    violations = axe(page)
    assert not violations, f"{name}: {describe(violations)}"


def test_a_case_from_sign_in_to_restoring_an_older_revision(
    live_server: Any, new_page: Any, sign_in: Any, axe: Any, shot: Any, tmp_path: Path
) -> None:
    case = _storuman()
    base = live_server.url
    page = new_page(width=1500, height=1000)

    page.goto(f"{base}/accounts/login/")
    _check(page, axe, shot, "sign-in")
    sign_in(page, "storuman-editor")
    page.goto(f"{base}/o/storuman/cases/")
    _check(page, axe, shot, "case-list")
    page.get_by_role("link", name=case.name).click()
    page.wait_for_load_state()
    _check(page, axe, shot, "case-overview")

    # the activity table beside the swimlane diagram
    page.get_by_role("navigation", name="Case").get_by_role("link", name="Processes").click()
    page.wait_for_load_state()
    _check(page, axe, shot, "processes")
    live = page.locator(".live-pane svg")
    assert "Telefonsamtal" not in live.text_content()
    add = page.locator("form.add-form", has=page.locator("input[name=table][value=activities]"))
    add.locator("input[name=name]").fill("Telefonsamtal")
    add.locator("select[name=lane]").select_option(label="Skolan")
    add.locator("select[name=after]").select_option(index=1)
    add.get_by_role("button").click()
    page.wait_for_function(
        "() => document.querySelector('.live-pane svg').textContent.includes('Telefonsamtal')"
    )
    node = value_at(
        access_case(case.organisation, case.slug).document, f"{VARIANT}/nodes/telefonsamtal"
    )
    assert node["name"] == "Telefonsamtal" and node["lane"] == "skola"

    # typing in a cell changes the diagram without a button, and keeps the focus in the cell
    name_cell = page.locator(f"#e-{VARIANT.replace('/', '_')}_nodes_telefonsamtal_name")
    name_cell.click()
    name_cell.press("End")
    name_cell.type("Ringsamtal", delay=20)
    page.wait_for_function(
        "() => document.querySelector('.live-pane svg').textContent.includes('TelefonsamtalRingsamtal')"
    )
    assert page.evaluate("document.activeElement.id") == name_cell.get_attribute("id")
    page.locator(f"#e-{VARIANT.replace('/', '_')}_nodes_telefonsamtal_touch_minutes").fill("7,5")
    page.keyboard.press("Tab")
    touch = f"{VARIANT}/nodes/telefonsamtal/touch_minutes"
    for _ in range(50):  # the edit is saved in the background; wait for it (up to 5 s)
        if value_at(access_case(case.organisation, case.slug).document, touch) is not None:
            break
        page.wait_for_timeout(100)
    assert value_at(access_case(case.organisation, case.slug).document, touch) == 7.5
    shot(page, "cases/processes-after-edit")

    for view in ("vision", "effect-map", "structure", "behaviour", "benefits", "services"):
        page.goto(f"{base}/o/storuman/cases/{case.slug}/views/{view}/")
        _check(page, axe, shot, f"view-{view}")

    # switch to Norwegian with the switcher in the header
    page.select_option("#language-select", "nb")
    page.click("form.language-form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "nb"
    assert (
        page.get_by_role("navigation", name="Sak").get_by_role("link", name="Prosesser").count()
        == 1
    )
    _check(page, axe, shot, "services-nb")

    # export BPMN from the case page
    page.goto(f"{base}/o/storuman/cases/{case.slug}/")
    with page.expect_download() as download:
        page.get_by_role("link", name="BPMN 2.0", exact=False).first.click()
    target = tmp_path / "case.bpmn"
    download.value.save_as(target)
    bpmn = target.read_text(encoding="utf-8")
    assert "definitions" in bpmn and "Ringsamtal" in bpmn

    # restore the revision before the activity was added
    page.goto(f"{base}/o/storuman/cases/{case.slug}/history/")
    _check(page, axe, shot, "history-nb")
    page.locator("form[action$='/history/1/restore/'] button").click()
    page.wait_for_load_state()
    document = access_case(case.organisation, case.slug).document
    assert value_at(document, f"{VARIANT}/nodes/telefonsamtal") is None
    page.goto(f"{base}/o/storuman/cases/{case.slug}/views/processes/")
    assert "Ringsamtal" not in page.locator(".live-pane svg").text_content()


def _run_worker() -> None:
    from django.core.management import call_command

    call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*", "--no-reload",
                 verbosity=0)  # fmt: skip


def test_the_workbench_pages_in_a_browser(
    live_server: Any, new_page: Any, sign_in: Any, axe: Any, shot: Any, tmp_path: Path
) -> None:
    import datetime as dt

    from verksam.simulation import simulate

    case = _storuman()
    base = f"{live_server.url}/o/storuman/cases/{case.slug}"
    page = new_page(width=1400, height=1000)
    sign_in(page, "storuman-editor")

    page.goto(f"{base}/analysis/")
    assert page.get_by_role("heading", name="Variant comparison").count() == 1
    _check(page, axe, shot, "analysis")

    # a simulation: started from the form, run by the worker, shown with its charts
    page.goto(f"{base}/simulation/")
    _check(page, axe, shot, "simulation")
    page.fill("#id_cases", "300")
    page.fill("#id_replications", "2")
    page.get_by_role("button", name="Start the simulation").click()
    page.wait_for_selector("progress")
    _run_worker()
    page.wait_for_selector("#cycle-heading", timeout=20000)
    assert page.locator("figure.chart svg").count() == 2
    _check(page, axe, shot, "simulation-result")

    # an event log: uploaded with a progress bar, analysed by the worker, map simplified by slider
    log = tmp_path / "elevtransport.csv"
    simulate(load_case(ROOT / "examples/storuman/case.yaml"), "elevtransport", "as-is", cases=80,
             seed=2, log=log, start=dt.datetime(2026, 4, 6))  # fmt: skip
    page.goto(f"{base}/mining/")
    _check(page, axe, shot, "mining")
    page.set_input_files("#id_file", str(log))
    page.select_option("#id_variant", "elevtransport/as-is")
    page.get_by_role("button", name="Upload and analyse").click()
    page.wait_for_url("**/mining/*/")
    _run_worker()
    page.wait_for_selector("#process-map svg", timeout=20000)
    boxes = page.locator("#process-map svg rect").count()
    page.locator("#map-activities").fill("20")
    page.wait_for_function(
        f"() => document.querySelectorAll('#process-map svg rect').length < {boxes}"
    )
    assert page.get_by_role("heading", name="Variants").count() == 1
    _check(page, axe, shot, "mining-result")

    page.goto(f"{base}/benefits-report/")
    _check(page, axe, shot, "benefits")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the workbook (XLSX)").click()
    assert download.value.suggested_filename.endswith(".xlsx")
