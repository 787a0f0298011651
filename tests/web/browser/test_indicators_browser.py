"""Indicators in headless Chromium, in Norwegian (the SI pilot's language) and English: adding a
series from a file (5 actions from the case page) and from an event log's analysis (2 actions); the case and organisation dashboards, the file
preview, a file's problems and the log's series for indicators checked with axe-core (screenshots
under test-artifacts/indicators/)."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from tests.web.browser.conftest import PASSWORD, ROOT, describe
from verksam.formats import load_case
from verksam.web.cases.services import create_case, model_of
from verksam.web.organisations.models import Membership, Organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VALUES = (
    "Dato;Andel;Merknad\n31.01.2026;87,5;januar\n28.02.2026;91,2;februar\n31.03.2026;92,0;mars\n"
)
LOG = """case;activity;timestamp
1;Motta henvendelse;2026-01-12 09:00
1;Besvare skriftlig;2026-01-14 09:00
2;Motta henvendelse;2026-02-19 09:00
2;Besvare skriftlig;2026-02-20 09:00
"""


def _check(page: Any, axe: Any, shot: Any, name: str) -> None:
    shot(page, f"indicators/{name}")
    violations = axe(page)
    assert not violations, f"{name}: {describe(violations)}"


def test_adding_an_indicator_series_from_a_file_takes_five_actions_and_the_pages_are_accessible(
    live_server: Any, new_page: Any, sign_in: Any, axe: Any, shot: Any, tmp_path: Path,
    settings: Any,
) -> None:  # fmt: skip
    settings.MEDIA_ROOT = tmp_path
    organisation = Organisation.objects.create(slug="si", name="Statens innkrevingssentral",
                                               country="NO")  # fmt: skip
    user = User.objects.create_user("si-editor", "editor@example.org", PASSWORD)
    Membership.objects.create(organisation=organisation, user=user, role="editor")
    case = create_case(organisation, user, load_case(ROOT / "examples" / "si" / "case.yaml"),
                       how="import")  # fmt: skip
    values = tmp_path / "andel.csv"
    values.write_text(VALUES, encoding="utf-8")

    page = new_page(width=1400, height=1000, locale="nb-NO")
    sign_in(page, "si-editor")
    page.goto(f"{live_server.url}/o/si/cases/{case.slug}/")
    actions = 0
    page.get_by_role("link", name="Indikatorer", exact=True).first.click()
    actions += 1
    page.wait_for_load_state()
    page.get_by_label("Legg verdiene til på").select_option(label="Svar på skriftlige henvendelser innen fem virkedager")  # fmt: skip
    actions += 1
    page.get_by_label("Fil med verdiene").set_input_files(str(values))
    actions += 1
    page.get_by_role("button", name="Les filen").click()
    actions += 1
    page.wait_for_load_state()
    assert page.get_by_text("Filen har 3 verdier").is_visible()
    _check(page, axe, shot, "preview")
    page.get_by_role("button", name="Lagre verdiene").click()
    actions += 1
    page.wait_for_load_state()
    assert actions == 5  # nav link, element, file, read, save
    assert page.get_by_text("3 verdier ble lagt til").is_visible()
    declaration = model_of(case.__class__.objects.get(pk=case.pk)).services[0]
    assert [m.value for m in declaration.measurements] == [87.5, 91.2, 92.0]
    _check(page, axe, shot, "case-dashboard")

    # a file with a problem: said by line and column, nothing saved
    broken = tmp_path / "feil.csv"
    broken.write_text("Dato;Verdi\n31.01.2026;mange\n", encoding="utf-8")
    page.get_by_label("Legg verdiene til på").select_option(
        label="Flere henvendelser løses digitalt"
    )
    page.get_by_label("Fil med verdiene").set_input_files(str(broken))
    page.get_by_role("button", name="Les filen").click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").get_by_text("Linje 2, kolonnen «verdi»").is_visible()
    _check(page, axe, shot, "upload-problems")

    page.goto(f"{live_server.url}/o/si/indicators/")
    assert page.get_by_role("heading", name=case.name).is_visible()
    _check(page, axe, shot, "organisation-dashboard")

    # the log's series for indicators, below its analysis
    log = tmp_path / "logs" / str(uuid.uuid4()) / "henvendelser.csv"
    log.parent.mkdir(parents=True)
    log.write_text(LOG, encoding="utf-8")
    from verksam.web.jobs.services import start_job

    job = start_job(organisation, user, "mine-log",
                    {"file": log.relative_to(tmp_path).as_posix(), "filename": log.name,
                     "revision": case.revision}, case=case)  # fmt: skip
    call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*", "--no-reload",
                 verbosity=0)  # fmt: skip
    page.goto(f"{live_server.url}/o/si/cases/{case.slug}/mining/{job.pk}/")
    assert page.get_by_role("heading", name="Serier for indikatorer").is_visible()
    _check(page, axe, shot, "log-series")
    # from the log's analysis, a series becomes a goal's indicator in two actions
    heading = page.get_by_role("heading", name="Gjennomsnittlig ledetid for sakene")
    lead_time = page.locator("section", has=heading).last  # the innermost: the series' own
    lead_time.get_by_label("Legg til på").select_option(
        label="Raskere svar på skriftlige henvendelser"
    )
    lead_time.get_by_role("button", name="Legg til som indikator").click()
    page.wait_for_load_state()
    assert page.get_by_text("ble lagt til som indikator for «Raskere svar").is_visible()
    goal = model_of(case.__class__.objects.get(pk=case.pk)).vision.goals[2]  # type: ignore[union-attr]
    assert (goal.id, [m.value for m in goal.measurements]) == ("raskere-svar", [2.0, 1.0])

    english = new_page(width=1400, height=1000, locale="en-GB")
    sign_in(english, "si-editor")
    english.goto(f"{live_server.url}/o/si/indicators/")
    english.evaluate("document.cookie = 'django_language=en; path=/'")
    english.reload()
    assert english.get_by_text("Every indicator of the organisation's cases").is_visible()
    _check(english, axe, shot, "organisation-dashboard-en")
