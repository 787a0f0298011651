"""Live workshops in headless Chromium, one browser context per participant, against the ASGI
server (the Redis channel layer when REDIS_URL is set, as in CI): a step added by one participant
appears for the others with the swimlane and the key figures redrawn, two people type in different
rows at once and both edits land, presence markers come and go, the facilitator leads and the
others follow, and a page whose socket dropped says so and catches up by itself."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.contrib.auth.models import User

from tests.web.browser.conftest import PASSWORD, ROOT, describe
from verksam.formats import load_case
from verksam.web.cases import services
from verksam.web.cases.access import access_case
from verksam.web.cases.operations import value_at
from verksam.web.organisations.models import Membership, Organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
VARIANT = "processes/elevtransport/variants/as-is"
CELL = "#e-" + VARIANT.replace("/", "_") + "_nodes_"
# The issue promises that the others see a change within a second. Speed is measured by
# bench/bench_live.py (p50/p95 over a 30-person workshop), never asserted by a test on a shared
# machine: here a change must arrive at all (within 5 s), and the test prints how long it took.
SEEN_WITHIN_MS = 5000
PEOPLE = [("anna", "Anna", "Berg"), ("bo", "Bo", "Ek"), ("cecilia", "Cecilia", "Lund"),
          ("david", "David", "Nyström"), ("eva", "Eva", "Holm")]  # fmt: skip


def _workshop(people: int) -> Any:
    organisation = Organisation.objects.create(
        slug="storuman", name="Storumans kommun", country="SE"
    )
    for username, first, last in PEOPLE[:people]:
        user = User.objects.create_user(username, f"{username}@example.org", PASSWORD)
        user.first_name, user.last_name = first, last
        user.save()
        Membership.objects.create(organisation=organisation, user=user, role="editor")
    model = load_case(ROOT / "examples" / "storuman" / "case.yaml", check=False)
    return services.create_case(organisation, user, model, how="import")


def _join(new_page: Any, server: Any, username: str, url: str) -> Any:
    page = new_page(width=1500, height=1000)
    page.goto(f"{server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    page.goto(f"{server.url}{url}")
    page.wait_for_selector("#live-status[data-live-state=live]")
    return page


def _sees(page: Any, script: str, arg: Any = None, timeout: int = SEEN_WITHIN_MS) -> None:
    page.wait_for_function(script, arg=arg, timeout=timeout)


def _people(page: Any) -> list[str]:
    return sorted(page.eval_on_selector_all("#live-people [data-live-person]",
                                            "els => els.map(e => e.dataset.livePerson)"))  # fmt: skip


def test_two_participants_see_each_others_steps_and_type_in_different_rows_at_once(
    live_asgi: Any, new_page: Any, chromium: Any, axe: Any
) -> None:
    case = _workshop(2)
    url = f"/o/storuman/cases/{case.slug}/views/processes/"
    a = _join(new_page, live_asgi, "anna", url)
    b = _join(new_page, live_asgi, "bo", url)
    _sees(a, "() => document.querySelectorAll('#live-people li').length === 2", timeout=5000)
    assert _people(a) == _people(b) == ["Anna Berg", "Bo Ek"]
    violations = axe(b)
    assert not violations, describe(violations)

    # B's page takes the changes from its socket (the changed parts), without re-fetching
    refetched: list[str] = []
    b.on("request", lambda r: refetched.append(r.url) if r.headers.get("x-verksam-live") else None)

    # A adds a step; B sees the row, the swimlane and the key figures change
    add = a.locator("form.add-form", has=a.locator("input[name=table][value=activities]"))
    add.locator("input[name=name]").fill("Telefonsamtal")
    add.locator("select[name=lane]").select_option(label="Skolan")
    add.locator("select[name=after]").select_option(index=1)
    add.get_by_role("button").click()
    _sees(a, "() => document.querySelector('.live-pane svg').textContent.includes('Telefonsamtal')",
          timeout=10000)  # fmt: skip
    started = time.monotonic()
    _sees(b, "() => document.querySelector('.live-pane svg').textContent.includes('Telefonsamtal')")
    _sees(b, "id => !!document.querySelector(id)", f"{CELL}telefonsamtal_name")
    print(f"B saw A's new step {1000 * (time.monotonic() - started):.0f} ms after A did")
    figures_before = b.locator(".figure-tables").text_content()
    a.locator(f"{CELL}telefonsamtal_touch_minutes").fill("45")
    a.keyboard.press("Tab")
    _sees(b, "id => document.querySelector(id).value === '45'",
          f"{CELL}telefonsamtal_touch_minutes", timeout=5000)  # fmt: skip
    assert b.locator(".figure-tables").text_content() != figures_before  # FTE and cost follow

    # B types in one row while A edits another: B's typing survives A's change arriving
    nodes = value_at(access_case(case.organisation, case.slug).document, f"{VARIANT}/nodes")
    first, second = [n["id"] for n in nodes if n.get("type", "task") == "task" and n["id"] != "telefonsamtal"][:2]  # fmt: skip
    b_cell, a_cell = b.locator(f"{CELL}{first}_name"), a.locator(f"{CELL}{second}_name")
    b_cell.click()
    b_cell.press("End")
    b_cell.type(" (B", delay=10)  # not yet saved: the save waits for a pause in typing
    _sees(a, "id => document.querySelector(id)?.closest('td')?.dataset.liveBy === 'BE'",
          f"{CELL}{first}_name", timeout=5000)  # A sees B's marker on that cell  # fmt: skip
    assert a.locator(f"tr[data-live-row] {CELL}{first}_name").count() == 1
    a_cell.click()
    a_cell.press("End")
    a_cell.type(" (A)", delay=10)
    a.keyboard.press("Tab")
    _sees(b, "id => document.querySelector(id).value.endsWith(' (A)')", f"{CELL}{second}_name",
          timeout=5000)  # A's edit reached B while B was typing  # fmt: skip
    assert b.evaluate("document.activeElement.id") == f"{CELL}{first}_name"[1:]
    b_cell.type(")", delay=10)
    b.keyboard.press("Tab")
    _sees(a, "id => document.querySelector(id).value.endsWith(' (B)')", f"{CELL}{first}_name",
          timeout=5000)  # fmt: skip
    document = access_case(case.organisation, case.slug).document
    assert value_at(document, f"{VARIANT}/nodes/{first}/name").endswith(" (B)")
    assert value_at(document, f"{VARIANT}/nodes/{second}/name").endswith(" (A)")
    assert refetched == []

    # B leaves: A's list and markers forget B
    b.context.close()
    _sees(a, "() => document.querySelectorAll('#live-people li').length === 1", timeout=5000)
    assert _people(a) == ["Anna Berg"]
    assert a.locator("[data-live-by]").count() == 0

    # the socket drops (the server restarts) while someone else edits: the page says it is not
    # live, reconnects by itself and catches up to the latest revision without a reload
    def edit_while_down() -> None:
        a.wait_for_selector("#live-status[data-live-state=off]")
        services.apply_operation(
            case, None, {"op": "change", "path": f"{VARIANT}/nodes/{second}/name",
                         "value": "Beställning från skolan"}, access_case(case.organisation, case.slug).revision,
        )  # fmt: skip

    a.evaluate("window.liveMarker = 1")
    live_asgi.restart(edit_while_down)
    _sees(a, "id => document.querySelector(id).value === 'Beställning från skolan'",
          f"{CELL}{second}_name", timeout=20000)  # fmt: skip
    assert a.evaluate("window.liveMarker") == 1  # the same page: no reload
    assert a.locator("#live-status").get_attribute("data-live-state") == "live"

    # without JavaScript the page still works and says it is not live
    context = chromium.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{live_asgi.url}/accounts/login/")
        page.fill("input[name=username]", "bo")
        page.fill("input[name=password]", PASSWORD)
        page.click("main form button[type=submit]")
        page.goto(f"{live_asgi.url}{url}")
        assert "Not live" in page.locator("#live-status").text_content()
        assert "Beställning från skolan" in page.locator(".live-pane svg").text_content()
    finally:
        context.close()


def test_five_participants_follow_the_facilitator_and_share_timer_and_parking_lot(
    live_asgi: Any, new_page: Any
) -> None:
    case = _workshop(5)
    url = f"/o/storuman/cases/{case.slug}/views/processes/"
    pages = [_join(new_page, live_asgi, username, url) for username, _f, _l in PEOPLE]
    facilitator, others = pages[0], pages[1:]
    for page in pages:
        _sees(page, "() => document.querySelectorAll('#live-people li').length === 5",
              timeout=5000)  # fmt: skip
    screen = _join(
        new_page, live_asgi, "anna", f"/o/storuman/cases/{case.slug}/live/screen/processes/"
    )

    # a step added by one participant reaches the four others and the projector's screen
    add = pages[2].locator("form.add-form", has=pages[2].locator("input[name=table][value=activities]"))  # fmt: skip
    add.locator("input[name=name]").fill("Kontroll av adress")
    add.get_by_role("button").click()
    _sees(pages[2], "id => !!document.querySelector(id)", f"{CELL}kontroll-av-adress_name",
          timeout=10000)  # fmt: skip
    started = time.monotonic()
    for page in [*pages[:2], *pages[3:]]:
        _sees(page, "id => !!document.querySelector(id)", f"{CELL}kontroll-av-adress_name")
    print(
        f"all four others saw the new step {1000 * (time.monotonic() - started):.0f} ms after its author"
    )
    _sees(screen, "() => document.querySelector('#live-screen svg').textContent.includes('Kontroll av adress')")  # fmt: skip

    # the facilitator leads: the others' pages (and the screen) follow to the structure view
    facilitator.locator("#live-workshop summary").click()
    facilitator.get_by_role("button", name="Lead: participants follow my page").click()
    for page in others:
        _sees(page, "() => document.querySelector('#live-workshop summary').textContent.includes('Anna Berg')",
              timeout=5000)  # fmt: skip
    facilitator.goto(f"{live_asgi.url}/o/storuman/cases/{case.slug}/views/structure/")
    for page in others:
        page.wait_for_url("**/views/structure/", timeout=5000)
    screen.wait_for_url("**/live/screen/structure/", timeout=5000)

    # the leader scrolls down the page: the followers' pages scroll to the same place
    facilitator.evaluate("document.getElementById('live-outline').scrollIntoView({block: 'start'})")
    where = facilitator.evaluate(
        "document.getElementById('live-outline').getBoundingClientRect().top"
    )
    assert facilitator.evaluate("window.scrollY") > 0
    for page in others:
        _sees(page, "top => Math.abs(document.getElementById('live-outline').getBoundingClientRect().top - top) < 80",
              where, timeout=5000)  # fmt: skip

    # the timer and a parked question appear for everyone
    facilitator.locator("#live-workshop summary").click()
    facilitator.fill("#live-minutes", "15")
    facilitator.get_by_role("button", name="Start the timer").click()
    facilitator.fill("#live-question", "Who pays for the taxi?")
    facilitator.get_by_role("button", name="Park it").click()
    for page in others:
        _sees(page, "() => document.querySelector('#live-workshop').textContent.includes('Who pays for the taxi?')",
              timeout=5000)  # fmt: skip
        _sees(page, "() => /^1[45]:\\d\\d$/.test(document.querySelector('[data-live-timer]').textContent)",
              timeout=5000)  # fmt: skip

    # two leave: the others see three
    others[2].context.close()
    others[3].context.close()
    for page in (facilitator, others[0], others[1]):
        _sees(page, "() => document.querySelectorAll('#live-people li').length === 3",
              timeout=5000)  # fmt: skip
    assert _people(facilitator) == ["Anna Berg", "Bo Ek", "Cecilia Lund"]


def test_the_step_table_follows_another_participants_steps_and_shows_where_they_type(
    live_asgi: Any, new_page: Any
) -> None:
    from django.urls import reverse

    from verksam.model.commands import starter_case
    from verksam.web.mapping.start import new_process

    organisation = Organisation.objects.create(slug="storuman", name="Storumans kommun", country="SE")  # fmt: skip
    for username, first, last in PEOPLE[:2]:
        user = User.objects.create_user(username, f"{username}@example.org", PASSWORD)
        user.first_name, user.last_name = first, last
        user.save()
        Membership.objects.create(organisation=organisation, user=user, role="editor")
    model = new_process(starter_case("Färdtjänst", "SE"), "Ansökan om färdtjänst", "Ansökan kommer in", 1200)  # fmt: skip
    case = services.create_case(organisation, user, model, how="create")
    url = reverse("mapping:steps", kwargs={"org": "storuman", "case": case.slug, "process": model.processes[-1].id})  # fmt: skip
    a = _join(new_page, live_asgi, "anna", url)
    b = _join(new_page, live_asgi, "bo", url)

    a.get_by_label("New step", exact=True).fill("Ta emot ansökan")
    a.get_by_label("Who does step 1", exact=True).fill("Registrator")
    a.get_by_label("Minutes of work, step 1", exact=True).fill("30")
    a.keyboard.press("Tab")
    started = time.monotonic()
    _sees(b, "() => [...document.querySelectorAll('#steps-table input[name=name]')].some(i => i.value === 'Ta emot ansökan')")  # fmt: skip
    _sees(b, "() => document.querySelector('#steps-diagram svg')?.textContent.includes('Ta emot ansökan')")  # fmt: skip
    _sees(b, "() => document.querySelector('#steps-results').textContent.includes('Registrator')")
    print(f"B's step table, swimlane and results followed A's step {1000 * (time.monotonic() - started):.0f} ms after A's last field")  # fmt: skip

    # B types in the step's role; A sees B's colour on that row and B's text is kept
    role = b.get_by_label("Who does step 1", exact=True)
    role.click()
    role.press("End")
    role.type(" och handläggare", delay=10)
    _sees(a, "() => !!document.querySelector('#steps-table tr[data-live-row] input[name=role]')")
    _sees(a, "() => [...document.querySelectorAll('#steps-table input[name=role]')].some(i => i.value === 'Registrator och handläggare')")  # fmt: skip
    assert role.input_value() == "Registrator och handläggare"


def test_a_course_facilitator_reading_a_participants_case_is_told_when_it_changes(
    live_asgi: Any, new_page: Any
) -> None:
    """A facilitator of another organisation reads the participant's case through the course:
    the page is live (read-only) and says when someone saved a new revision; the participants on
    the case do not see the facilitator among them."""
    from django.urls import reverse

    from verksam.web.courses.models import CourseMember
    from verksam.web.courses.services import create_course

    case = _workshop(1)
    umea = Organisation.objects.create(slug="umea", name="Umeå kommun", country="SE")
    teacher = User.objects.create_user("tove", "tove@example.org", PASSWORD)
    Membership.objects.create(organisation=umea, user=teacher, role="owner")
    course = create_course(
        teacher, title="Processkurs", languages=["sv"], starts_on="2026-01-01", ends_on="2026-12-31"
    )
    anna = User.objects.get(username="anna")
    member = CourseMember.objects.create(
        course=course, user=anna, organisation=case.organisation, case=case
    )
    url = reverse("courses:participant_view", kwargs={"course": course.pk, "member": member.pk, "view": "processes"})  # fmt: skip
    reader = _join(new_page, live_asgi, "tove", url)
    participant = _join(
        new_page, live_asgi, "anna", f"/o/storuman/cases/{case.slug}/views/processes/"
    )
    time.sleep(0.5)  # presence would have arrived by now
    assert _people(participant) == ["Anna Berg"]
    # saved from another thread: this one runs Playwright's event loop, where no revision is sent
    with ThreadPoolExecutor(1) as pool:
        pool.submit(
            services.apply_operation, case, anna,
            {"op": "change", "path": f"{VARIANT}/name", "value": "Nuläge 2"}, case.revision,
        ).result()  # fmt: skip
    _sees(reader, "() => document.getElementById('live-status').dataset.liveState === 'stale'")
    assert "Anna Berg" in reader.locator("#live-status").text_content()
