"""Mapping "Ansökan om färdtjänst" in headless Chromium as a new user would, counting every click,
fill, select and key press: sign in → swimlane with all 10 steps and FTE per role visible, typed
(≤ 35 actions, in Swedish and in Norwegian) and pasted (≤ 12 actions). The FTE shown must equal
`verksam analyze` on the same case and the hand calculation. Screenshots of the step table, the
swimlane at native size and the results panel go to test-artifacts/steps/.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User

from tests.web.browser.conftest import ARTIFACTS, PASSWORD, describe
from verksam.formats import dump_case
from verksam.web.cases import services
from verksam.web.cases.access import cases_of
from verksam.web.organisations.models import Membership, Organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# (name, role or "" for the role of the step above, minutes). 10 steps, 5 roles; step 3 sends 30 %
# of applications back to step 2 for completion. By hand: 150 minutes done once and 15 + 6 minutes
# done 1 / (1 − 0.3) times = 180 minutes a case; × 1,200 cases = 3,600 hours a year.
STEPS = {
    "sv": [
        ("Ta emot ansökan", "Registrator", "5"),
        ("Registrera ansökan", "", "15"),
        ("Kontrollera att ansökan är komplett", "Handläggare", "6"),
        ("Hämta in läkarintyg", "", "20"),
        ("Utreda behovet", "Arbetsterapeut", "45"),
        ("Skriva utredning", "", "30"),
        ("Besluta", "Enhetschef", "10"),
        ("Meddela beslut", "", "10"),
        ("Registrera tillståndet", "Beställningscentral", "20"),
        ("Skicka färdtjänstkort", "", "10"),
    ],
    "nb": [
        ("Motta søknad", "Arkivar", "5"),
        ("Registrere søknad", "", "15"),
        ("Kontrollere at søknaden er komplett", "Saksbehandler", "6"),
        ("Innhente legeerklæring", "", "20"),
        ("Utrede behovet", "Ergoterapeut", "45"),
        ("Skrive utredning", "", "30"),
        ("Fatte vedtak", "Enhetsleder", "10"),
        ("Sende vedtak", "", "10"),
        ("Registrere tillatelsen", "Bestillingssentral", "20"),
        ("Sende TT-kort", "", "10"),
    ],
}
HOURS = (5 + 20 + 45 + 30 + 10 + 10 + 20 + 10 + (15 + 6) / (1 - 0.3)) * 1200 / 60
LABELS = {
    "sv": {
        "name": "Vad heter processen?", "trigger": "Vad startar den?",
        "volume": "Hur många ärenden per år?", "start": "Kartlägg processen",
        "new": "Nytt steg", "who": "Vem gör steg {n}", "minutes": "Arbetsminuter, steg {n}",
        "back": "Steg {n} går tillbaka till", "share": "% av fallen som går tillbaka, steg {n}",
        "paste": "Rader kopierade från Excel", "add": "Lägg till stegen",
        "process": "Ansökan om färdtjänst", "trigger_text": "Ansökan kommer in",
    },
    "nb": {
        "name": "Hva heter prosessen?", "trigger": "Hva starter den?",
        "volume": "Hvor mange saker i året?", "start": "Kartlegg prosessen",
        "new": "Nytt steg", "who": "Hvem gjør steg {n}", "minutes": "Arbeidsminutter, steg {n}",
        "back": "Steg {n} går tilbake til", "share": "% av sakene som går tilbake, steg {n}",
        "paste": "Rader kopiert fra Excel", "add": "Legg til stegene",
        "process": "Søknad om TT-kort", "trigger_text": "Søknaden kommer inn",
    },
}  # fmt: skip
COUNTRY = {"sv": ("SE", 1704.0), "nb": ("NO", 1695.0)}


class Actions:
    """The page, with every click, fill, select and key press counted as one action."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.count = 0

    def settle(self) -> None:
        """On the step table, wait as a person would: until the page's script runs and the answer
        to the last edit is in. A value put into a field while the table is being redrawn would
        land in the old field (a person's next keys go to the redrawn one)."""
        if self.page.locator("#steps-page").count():
            self.page.locator("#steps-page[data-ready]:not([data-busy])").wait_for(state="attached")

    def fill(self, locator: Any, value: str) -> None:
        self.settle()
        locator.fill(value)
        self.count += 1

    def click(self, locator: Any) -> None:
        self.settle()
        locator.click()
        self.count += 1

    def select(self, locator: Any, label: str) -> None:
        self.settle()
        locator.select_option(label=label)
        self.count += 1


def organisation_with_editor(language: str) -> tuple[Organisation, str]:
    country, _hours = COUNTRY[language]
    slug = f"kommun-{language}"
    organisation = Organisation.objects.create(
        slug=slug, name=f"Kommun {language}", country=country
    )
    user = User.objects.create_user(f"chef-{language}", f"{language}@example.org", PASSWORD)
    Membership.objects.create(organisation=organisation, user=user, role="editor")
    return organisation, user.username


def sign_in_and_start(act: Actions, base: str, username: str, labels: dict[str, str]) -> None:
    page = act.page
    page.goto(f"{base}/accounts/login/")
    act.fill(page.locator("input[name=username]"), username)
    act.fill(page.locator("input[name=password]"), PASSWORD)
    act.click(page.locator("main form button[type=submit]"))
    act.fill(page.get_by_label(labels["name"]), labels["process"])
    act.fill(page.get_by_label(labels["trigger"]), labels["trigger_text"])
    act.fill(page.get_by_label(labels["volume"]), "1 200")
    act.click(page.get_by_role("button", name=labels["start"]))
    page.wait_for_selector("#steps-page")


def fte_of_verksam_analyze(organisation: Organisation, tmp_path: Path) -> dict[str, float]:
    """`verksam analyze --json` run as a command on the case as it is stored now."""
    row = cases_of(organisation).get()
    model = services.model_of(row)
    path = tmp_path / "case.json"
    path.write_text(dump_case(model, "json"), encoding="utf-8")
    process = model.processes[-1].id
    out = subprocess.run(
        [sys.executable, "-m", "verksam.cli", "analyze", str(path), "-p", process, "--json"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    fte: dict[str, float] = json.loads(out.stdout)["fte"]
    return fte


def check_map(page: Any, language: str, axe: Any) -> str:
    """Every step in the swimlane, FTE per role in the results; the total FTE shown."""
    page.locator("#steps-diagram svg").wait_for()
    titles = page.evaluate(
        "() => [...document.querySelectorAll('#steps-diagram svg title')].map(t => t.textContent)"
    )
    assert {name for name, _role, _minutes in STEPS[language]} <= set(titles)
    # native size: the drawing is as wide as its own coordinates say, never shrunk to the page
    sizes = page.evaluate(
        "() => { const s = document.querySelector('#steps-diagram svg');"
        " return [s.getBoundingClientRect().width, s.viewBox.baseVal.width]; }"
    )
    assert sizes[0] == pytest.approx(sizes[1], abs=1)
    fte_cells = page.locator("#steps-results tbody td.fte")
    assert fte_cells.count() == 5
    violations = axe(page)
    assert not violations, describe(violations)
    return str(page.locator("#total-fte").inner_text())


def screenshots(page: Any, name: str) -> None:
    folder = ARTIFACTS / "steps"
    folder.mkdir(parents=True, exist_ok=True)
    page.locator("#steps-table").screenshot(path=str(folder / f"{name}-table.png"))
    page.locator("#steps-results").screenshot(path=str(folder / f"{name}-results.png"))
    page.screenshot(path=str(folder / f"{name}-page.png"), full_page=True)
    # the swimlane at native size: the drawing on a page of its own, at its own width and height
    svg = page.locator("#steps-diagram svg").first.evaluate("s => s.outerHTML")
    page.set_content(f'<html><body style="margin:0">{svg}</body></html>')
    page.screenshot(path=str(folder / f"{name}-swimlane.png"), full_page=True)


@pytest.mark.parametrize("language", ["sv", "nb"])
def test_mapping_fardtjanst_by_typing_from_sign_in_takes_at_most_35_actions(
    live_server: Any, new_page: Any, axe: Any, language: str, tmp_path: Path
) -> None:
    organisation, username = organisation_with_editor(language)
    labels = LABELS[language]
    locale = {"sv": "sv-SE", "nb": "nb-NO"}[language]
    act = Actions(new_page(width=1500, height=1000, locale=locale))
    page = act.page
    sign_in_and_start(act, live_server.url, username, labels)
    for n, (name, role, minutes) in enumerate(STEPS[language], start=1):
        act.fill(page.get_by_label(labels["new"], exact=True), name)
        if role:
            act.fill(page.get_by_label(labels["who"].format(n=n), exact=True), role)
        act.fill(page.get_by_label(labels["minutes"].format(n=n), exact=True), minutes)
    act.select(page.get_by_label(labels["back"].format(n=3)), f"2. {STEPS[language][1][0]}")
    act.fill(page.get_by_label(labels["share"].format(n=3)), "30 %")
    _country, hours_per_fte = COUNTRY[language]
    expected = f"{round(HOURS / hours_per_fte, 2):.2f}".replace(".", ",")  # 2,11 (SE) / 2,12 (NO)
    page.locator("#total-fte", has_text=expected).wait_for()
    shown = check_map(page, language, axe)
    print(f"\n[{language}] typed färdtjänst: {act.count} actions from sign-in to the swimlane "
          f"with all 10 steps and FTE per role ({shown} FTE)")  # fmt: skip
    assert act.count <= 35
    assert pytest.approx(3600) == HOURS
    assert shown == expected
    fte = fte_of_verksam_analyze(organisation, tmp_path)
    assert f"{round(fte['total'], 2):.2f}".replace(".", ",") == shown
    screenshots(page, f"typed-{language}")


def test_pasting_the_ten_steps_takes_at_most_12_actions(
    live_server: Any, new_page: Any, axe: Any, tmp_path: Path
) -> None:
    organisation, username = organisation_with_editor("sv")
    labels = LABELS["sv"]
    act = Actions(new_page(width=1500, height=1000, locale="sv-SE"))
    page = act.page
    sign_in_and_start(act, live_server.url, username, labels)
    before = act.count
    rows = ["Steg\tVem gör det\tMinuter\tVäntetid\tBara i\tGår tillbaka till\tAndel tillbaka"]
    for n, (name, role, minutes) in enumerate(STEPS["sv"], start=1):
        back = "\t\t\tRegistrera ansökan\t30 %" if n == 3 else ""
        rows.append(f"{name}\t{role}\t{minutes}{back}")
    act.fill(page.get_by_label(labels["paste"]), "\n".join(rows))
    act.click(page.get_by_role("button", name=labels["add"]))
    page.locator("#total-fte", has_text="2,11").wait_for()
    shown = check_map(page, "sv", axe)
    print(f"\n[sv] pasted färdtjänst: {act.count - before} actions from the empty process, "
          f"{act.count} from sign-in ({shown} FTE)")  # fmt: skip
    assert act.count - before <= 12 and act.count <= 12
    fte = fte_of_verksam_analyze(organisation, tmp_path)
    assert f"{round(fte['total'], 2):.2f}".replace(".", ",") == shown == "2,11"
    assert round(HOURS / 1704, 2) == 2.11
    keyboard(page)
    screenshots(page, "pasted-sv")


def step_names(page: Any) -> list[str]:
    names: list[str] = page.eval_on_selector_all(
        "#steps-table tr[data-row]:not(.new-row) input[name=name]",
        "inputs => inputs.map(i => i.value)",
    )
    return names


def keyboard(page: Any) -> None:
    """Enter opens an empty row below the current one; typing a name there inserts the step at
    that place; Alt+↑ moves it up; the ✕ button deletes it."""
    page.get_by_label("Arbetsminuter, steg 2", exact=True).focus()
    page.keyboard.press("Enter")
    fresh = page.locator("#steps-table tr.new-row input[name=name]:focus")
    assert fresh.input_value() == ""  # the new row is empty, never the last entry
    assert (
        page.locator("#steps-table tr.new-row:has(input:focus) input[name=role]").input_value()
        == ""
    )
    page.keyboard.type("Skanna ansökan")
    page.keyboard.press("Tab")
    page.wait_for_function(
        "() => [...document.querySelectorAll('#steps-table tr[data-row]:not(.new-row) input[name=name]')]"
        ".some(i => i.value === 'Skanna ansökan' && i.closest('tr').dataset.row)"
    )
    assert step_names(page)[:4] == [
        "Ta emot ansökan", "Registrera ansökan", "Skanna ansökan",
        "Kontrollera att ansökan är komplett",
    ]  # fmt: skip
    page.get_by_label("Steg 3", exact=True).focus()
    page.keyboard.press("Alt+ArrowUp")
    page.wait_for_function(
        "() => document.querySelector('#steps-table tr[data-row]:nth-child(2) input[name=name]')"
        ".value === 'Skanna ansökan'"
    )
    page.get_by_role("button", name="Ta bort steg 2").click()
    page.wait_for_function(
        "() => ![...document.querySelectorAll('#steps-table input[name=name]')]"
        ".some(i => i.value === 'Skanna ansökan')"
    )
    assert step_names(page)[:3] == [
        "Ta emot ansökan", "Registrera ansökan", "Kontrollera att ansökan är komplett",
    ]  # fmt: skip
    assert page.locator("#total-fte").inner_text() == "2,11"
