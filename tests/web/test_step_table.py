"""The guided start and the step table through the test client: a process from a short form, steps
typed and pasted, results per role equal to `verksam analyze`, own edits never conflicting."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from verksam.analysis import analyze
from verksam.web.cases import services
from verksam.web.cases.access import access_case
from verksam.web.cases.operations import value_at

pytestmark = pytest.mark.django_db
PROCESS = "ansokan-om-fardtjanst"
STEPS = {"HTTP_X_STEPS": "1", "HTTP_ACCEPT_LANGUAGE": "sv"}

# Ansökan om färdtjänst: 10 steps, 5 roles, 30 % sent back for completion, 1,200 a year.
FARDTJANST = (
    "Steg\tVem gör det\tMinuter\tVäntetid\tBara i\tGår tillbaka till\tAndel tillbaka\n"
    "Ta emot ansökan\tRegistrator\t5\n"
    "Registrera ansökan\t\t15\n"
    "Kontrollera att ansökan är komplett\tHandläggare\t6\t\t\tRegistrera ansökan\t30 %\n"
    "Hämta in läkarintyg\t\t20\t48\n"
    "Utreda behovet\tArbetsterapeut\t45\n"
    "Skriva utredning\t\t30\n"
    "Besluta\tEnhetschef\t10\n"
    "Meddela beslut\t\t10\n"
    "Registrera tillståndet\tBeställningscentral\t20\n"
    "Skicka färdtjänstkort\t\t10\n"
)


def start(client: Any, org: str, **fields: str) -> Any:
    data = {"name": "Ansökan om färdtjänst", "trigger": "Ansökan kommer in", "volume": "1 200"}
    return client.post(reverse("mapping:start", kwargs={"org": org}), {**data, **fields})


def edit(client: Any, case: Any, process: str, **data: Any) -> Any:
    url = reverse(
        "mapping:edit",
        kwargs={"org": case.organisation.slug, "case": case.slug, "process": process},
    )
    row = access_case(case.organisation, case.slug)
    return client.post(url, {"base": row.revision, "variant": "as-is", **data}, **STEPS)


def mapped(tenant: Any, client: Any, text: str) -> Any:
    """A new process made with the guided start, with the steps of `text` pasted into it."""
    start(client, tenant.organisation.slug)
    case = latest(tenant)
    edit(client, case, PROCESS, action="paste", text=text)
    return case


def cell(client: Any, case: Any, row: str, field: str, value: str, **extra: str) -> Any:
    return edit(client, case, PROCESS, action="cell", row=row, field=field, value=value, **extra)


def steps_now(tenant: Any, case: Any) -> list[Any]:
    from verksam.model.steps import steps_of

    model = services.model_of(access_case(tenant.organisation, case.slug))
    return steps_of(model, model.process(PROCESS).variant("as-is")) or []


def latest(tenant: Any) -> Any:
    from verksam.web.cases.access import cases_of

    return cases_of(tenant.organisation).order_by("-pk").first()


def test_the_guided_start_makes_a_case_process_and_events_and_opens_the_step_table(
    home: Any, client_for: Any
) -> None:
    response = start(client_for(home.editor), "home")
    case = latest(home)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "mapping:steps",
        kwargs={"org": "home", "case": case.slug, "process": "ansokan-om-fardtjanst"},
    )
    variant = value_at(case.document, "processes/ansokan-om-fardtjanst/variants/as-is")
    assert variant["volume_per_year"] == 1200
    assert [(n["type"], n.get("name")) for n in variant["nodes"]] == [
        ("start", "Ansökan kommer in"), ("end", "Klart"),
    ]  # fmt: skip
    page = client_for(home.editor).get(response["Location"])
    assert page.status_code == 200
    assert "Ansökan om färdtjänst" in page.content.decode()


def test_a_norwegian_organisations_new_case_gets_norwegian_settings_and_texts(
    client_for: Any,
) -> None:
    from tests.web.conftest import make_tenant

    bodo = make_tenant("bodo", "Bodø kommune", "NO")
    start(client_for(bodo.editor), "bodo", name="Byggesak", trigger="")
    case = latest(bodo)
    model = services.model_of(case)
    assert model.settings.effective_currency == "NOK"
    assert model.settings.effective_hours_per_fte == 1695
    assert model.settings.effective_language == "nb"
    variant = model.process("byggesak").variant("as-is")
    assert variant.name == "Nåsituasjon"
    assert [n.name for n in variant.nodes] == ["Saken kommer inn", "Ferdig"]


def test_a_blank_case_of_a_norwegian_organisation_is_norwegian(client_for: Any) -> None:
    from tests.web.conftest import make_tenant

    bodo = make_tenant("bodo", "Bodø kommune", "NO")
    client_for(bodo.editor).post(
        reverse("cases:create", kwargs={"org": "bodo"}), {"name": "Ny sak", "template": "blank"}
    )
    assert services.model_of(latest(bodo)).settings.effective_currency == "NOK"


def test_the_guided_start_can_add_the_process_to_an_existing_case(
    home: Any, client_for: Any
) -> None:
    start(client_for(home.editor), "home", case=home.case.slug, name="Bygglov")
    case = access_case(home.organisation, home.case.slug)
    assert [p["id"] for p in case.document["processes"]][-1] == "bygglov"


def test_pasted_steps_give_the_fte_of_verksam_analyze(home: Any, client_for: Any) -> None:
    client = client_for(home.editor)
    start(client, "home")
    case = latest(home)
    response = edit(client, case, "ansokan-om-fardtjanst", action="paste", text=FARDTJANST)
    assert response.status_code == 200, response.content.decode()
    case = access_case(home.organisation, case.slug)
    model = services.model_of(case)
    metrics = analyze(model, "ansokan-om-fardtjanst", "as-is")
    # by hand: (150 + (15 + 6) / 0.7) minutes × 1,200 cases = 3,600 h; ÷ 1,704 h = 2.11 FTE
    assert metrics.fte["total"] == pytest.approx(3600 / 1704)
    page = response.content.decode()
    assert '<td class="number fte" id="total-fte">2,11</td>' in page
    assert page.count('data-role="') >= 5
    assert case.revision == 2  # created, then one revision for the whole paste


def test_typing_a_new_step_after_another_puts_it_there_and_enter_rows_start_empty(
    home: Any, client_for: Any
) -> None:
    client = client_for(home.editor)
    case = mapped(home, client, "A\tR\t1\nC\tR\t1\n")
    response = cell(client, case, "", "name", "B", after="a")
    assert response["X-New-Rows"] == "b"
    steps = steps_now(home, case)
    assert [s.name for s in steps] == ["A", "B", "C"]
    assert [s.role for s in steps] == ["R", "R", "R"]  # an empty role: the one above


@pytest.mark.parametrize(
    ("typed", "stored"), [("30 %", 0.3), ("30%", 0.3), ("30", 0.3), ("0,3", 0.3)]
)
def test_a_loop_share_is_read_however_it_is_typed(
    home: Any, client_for: Any, typed: str, stored: float
) -> None:
    client = client_for(home.editor)
    case = mapped(home, client, "A\tR\t1\nB\tR\t1\t\t\t1\n")
    response = cell(client, case, "b", "back_share", typed)
    assert response.status_code == 200
    flows = value_at(
        access_case(home.organisation, case.slug).document,
        "processes/ansokan-om-fardtjanst/variants/as-is/flows",
    )
    assert {"source": "b-back", "target": "a", "probability": stored} in flows


def test_a_missing_loop_share_is_shown_as_an_assumption(home: Any, client_for: Any) -> None:
    client = client_for(home.editor)
    start(client, "home")
    case = latest(home)
    response = edit(
        client, case, "ansokan-om-fardtjanst", action="paste", text="A\tR\t1\nB\tR\t1\t\t\t1\n"
    )
    assert "50 %" in response.content.decode()


def test_a_bad_paste_names_line_and_column_and_saves_nothing(home: Any, client_for: Any) -> None:
    client = client_for(home.editor)
    start(client, "home")
    case = latest(home)
    before = access_case(home.organisation, case.slug).revision
    response = edit(client, case, "ansokan-om-fardtjanst", action="paste", text="A\tR\tfem\n")
    assert response.status_code == 400
    assert "Rad 1, Arbetsminuter: ”fem” är inget tal" in response.content.decode()
    assert access_case(home.organisation, case.slug).revision == before


def test_own_quick_edits_on_an_old_revision_never_conflict(home: Any, client_for: Any) -> None:
    client = client_for(home.editor)
    case = mapped(home, client, "A\tR\t1\n")
    base = access_case(home.organisation, case.slug).revision
    url = reverse("mapping:edit", kwargs={"org": "home", "case": case.slug, "process": PROCESS})

    def name(who: Any, value: str) -> Any:  # every edit made on the same, now old, revision
        data = {"base": base, "variant": "as-is", "action": "cell", "row": "a", "field": "name"}
        return who.post(url, {**data, "value": value}, **STEPS)

    assert (name(client, "Ab").status_code, name(client, "Abc").status_code) == (200, 200)
    other = name(client_for(home.owner), "Owner")
    assert other.status_code == 409
    text = other.content.decode()
    assert f"{home.editor.username} ändrade namnet för ”Abc”" in text
    assert "processes/" not in text


def test_hours_per_fte_and_cost_per_hour_are_editable_beside_the_results(
    home: Any, client_for: Any
) -> None:
    client = client_for(home.editor)
    case = mapped(home, client, "A\tR\t60\n")
    edit(
        client,
        case,
        "ansokan-om-fardtjanst",
        action="setting",
        field="hours_per_fte",
        value="1 600",
    )
    response = edit(
        client, case, "ansokan-om-fardtjanst", action="role-cost", role="r", value="450"
    )
    model = services.model_of(access_case(home.organisation, case.slug))
    assert model.settings.hours_per_fte == 1600
    assert model.role("r").cost_per_hour == 450  # type: ignore[union-attr]
    assert "0,75" in response.content.decode()  # 1,200 h / 1,600 h


def test_move_and_delete_keep_loops_pointing_at_their_steps(home: Any, client_for: Any) -> None:
    client = client_for(home.editor)
    case = mapped(home, client, "A\tR\t1\nB\tR\t1\nC\tR\t1\t\t\t2\t20 %\n")
    edit(client, case, PROCESS, action="move", row="a", direction="down")
    steps = steps_now(home, case)
    assert [s.name for s in steps] == ["B", "A", "C"]
    assert steps[2].back_to == 0  # still back to B
    edit(client, case, PROCESS, action="delete", row="b")
    assert [(s.name, s.back_to) for s in steps_now(home, case)] == [("A", None), ("C", None)]


def test_viewers_see_the_table_as_text(home: Any, client_for: Any) -> None:
    start(client_for(home.editor), "home")
    case = latest(home)
    url = reverse(
        "mapping:steps",
        kwargs={"org": "home", "case": case.slug, "process": "ansokan-om-fardtjanst"},
    )
    page = client_for(home.viewer).get(url)
    assert (
        page.status_code == 200
        and "<input" not in page.content.decode().split("steps-table")[1].split("</table>")[0]
    )
    assert start(client_for(home.viewer), "home").status_code == 403


# --- the expert editor: lanes are roles, new processes have their events, conflicts in words ---
def editor_post(client: Any, tenant: Any, data: dict[str, Any]) -> Any:
    url = reverse(
        "cases:editor", kwargs={"org": "home", "case": tenant.case.slug, "view": "processes"}
    )
    row = access_case(tenant.organisation, tenant.case.slug)
    return client.post(
        url, {"base": row.revision, **data}, HTTP_HX_REQUEST="true", HTTP_ACCEPT_LANGUAGE="sv"
    )


def test_a_lane_added_without_a_role_is_the_lane_of_the_role_of_its_name(
    home: Any, client_for: Any
) -> None:
    client = client_for(home.editor)
    variant = "processes/process/variants/as-is"
    editor_post(
        client,
        home,
        {"action": "add", "table": "lanes", "path": f"{variant}/lanes", "name": "Handläggare"},
    )
    editor_post(
        client,
        home,
        {"action": "add", "table": "lanes", "path": f"{variant}/lanes", "name": "case officer"},
    )
    document = access_case(home.organisation, home.case.slug).document
    lanes = value_at(document, f"{variant}/lanes")
    roles = {r["id"]: r.get("name") for r in document["structure"]["roles"]}
    assert roles[lanes[-2]["role"]] == "Handläggare"  # made in the structure view
    assert lanes[-1]["role"] == "officer"  # the starter case's "Case officer", found by name


def test_a_process_added_in_the_expert_editor_starts_with_its_events(
    home: Any, client_for: Any
) -> None:
    editor_post(
        client_for(home.editor),
        home,
        {"action": "add", "table": "processes", "path": "processes", "name": "Bygglov"},
    )
    model = services.model_of(access_case(home.organisation, home.case.slug))
    variant = model.process("bygglov").variant("as-is")
    assert [n.type for n in variant.nodes] == ["start", "end"]
    assert [(f.source, f.target) for f in variant.flows] == [("start", "end")]


def test_the_expert_editors_conflict_names_the_field_and_step_in_words(
    home: Any, client_for: Any
) -> None:
    stale = access_case(home.organisation, home.case.slug).revision
    item = "processes/process/variants/as-is/nodes/handle"
    editor_post(
        client_for(home.owner),
        home,
        {
            "action": "field",
            "table": "activities",
            "column": "name",
            "item": item,
            "value": "Ägarens namn",
        },
    )
    url = reverse(
        "cases:editor", kwargs={"org": "home", "case": home.case.slug, "view": "processes"}
    )
    response = client_for(home.editor).post(
        url, {"base": stale, "action": "field", "table": "activities", "column": "name", "item": item, "value": "Mitt"},
        HTTP_HX_REQUEST="true", HTTP_ACCEPT_LANGUAGE="sv",
    )  # fmt: skip
    assert response.status_code == 409
    text = response.content.decode()
    assert "namnet för ”Ägarens namn”" in text
    assert "processes/process" not in text.split('id="editor-notice"')[1].split("</div>")[0]


def test_an_uploaded_workbook_of_steps_becomes_the_table(home: Any, client_for: Any) -> None:
    import io

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (
        ["Steg", "Roll", "Minuter"],
        ["Ta emot", "Registrator", 5],
        ["Besluta", "Chef", 7.5],
    ):
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    data.name = "steg.xlsx"
    client = client_for(home.editor)
    start(client, "home")
    case = latest(home)
    response = edit(client, case, "ansokan-om-fardtjanst", action="upload", file=data)
    assert response.status_code == 200, response.content.decode()
    model = services.model_of(access_case(home.organisation, case.slug))
    variant = model.process("ansokan-om-fardtjanst").variant("as-is")
    assert [(n.name, n.touch_minutes) for n in variant.nodes if n.type == "task"] == [
        ("Ta emot", 5.0), ("Besluta", 7.5),
    ]  # fmt: skip


def test_figures_are_rounded_not_cut_on_the_processes_page() -> None:
    from django.utils import translation

    from verksam.web.cases.pages import _num

    with translation.override("sv"):
        assert _num(0.937) == "0,94"  # the analysis page and `verksam analyze` say 0,94 too
        assert _num(2.1127) == "2,11"


def test_case_settings_are_editable_in_the_web_and_empty_fields_take_the_countrys(
    home: Any, client_for: Any
) -> None:
    url = reverse("mapping:settings", kwargs={"org": "home", "case": home.case.slug})
    client = client_for(home.editor)
    data = {
        "country": "NO",
        "currency": "",
        "language": "",
        "hours_per_fte": "1 600",
        "discount_rate": "3,5",
    }
    assert client.post(url, {**data, "base": home.case.revision}).status_code == 302
    settings = services.model_of(access_case(home.organisation, home.case.slug)).settings
    assert (settings.country, settings.effective_currency, settings.hours_per_fte) == (
        "NO",
        "NOK",
        1600,
    )
    assert settings.discount_rate == pytest.approx(0.035)
    client.post(
        url,
        {
            **data,
            "hours_per_fte": "",
            "base": access_case(home.organisation, home.case.slug).revision,
        },
    )
    settings = services.model_of(access_case(home.organisation, home.case.slug)).settings
    assert settings.hours_per_fte is None and settings.effective_hours_per_fte == 1695
    before = access_case(home.organisation, home.case.slug).revision
    client.post(url, {**data, "hours_per_fte": "many"})
    assert access_case(home.organisation, home.case.slug).revision == before
    overview = client.get(reverse("cases:detail", kwargs={"org": "home", "case": home.case.slug}))
    assert (
        reverse(
            "mapping:steps", kwargs={"org": "home", "case": home.case.slug, "process": "process"}
        )
        in overview.content.decode()
    )
    assert client_for(home.viewer).post(url, data).status_code == 403


def test_a_variant_with_parallel_work_is_left_to_the_expert_editor(
    home: Any, client_for: Any, examples: Any
) -> None:
    from verksam.formats import load_case

    model = load_case(examples / "storuman" / "case.yaml", check=False)
    row = services.create_case(home.organisation, home.owner, model, how="import")
    url = reverse(
        "mapping:steps", kwargs={"org": "home", "case": row.slug, "process": "elevtransport"}
    )
    page = (
        client_for(home.editor)
        .get(f"{url}?variant=to-be", HTTP_ACCEPT_LANGUAGE="sv")
        .content.decode()
    )
    assert "parallellt arbete eller andra former som en steglista inte kan visa" in page
    assert "Redigera den i expertredigeraren" in page


@pytest.mark.django_db
def test_the_live_regions_are_the_same_for_every_editor_and_follow_each_revision(
    home: Any, client_for: Any
) -> None:
    """What open step tables re-fetch after someone's save (made once per revision in a server
    process): the same for two editors, the new revision after an edit, and without the edit
    forms' behaviour for a viewer."""
    first, second, viewer = (client_for(u) for u in (home.owner, home.editor, home.viewer))
    case = mapped(home, first, FARDTJANST)
    url = reverse("mapping:steps", kwargs={"org": "home", "case": case.slug, "process": PROCESS})
    answers = [c.get(url, HTTP_X_VERKSAM_LIVE="1") for c in (first, second)]
    assert answers[0].content == answers[1].content and answers[0]["X-Revision"] == "2"
    assert cell(second, case, steps_now(home, case)[0].id, "name", "Ta emot").status_code == 200
    after = first.get(url, HTTP_X_VERKSAM_LIVE="1")
    assert after["X-Revision"] == "3" and "Ta emot" in after.content.decode()
    read_only = viewer.get(url, HTTP_X_VERKSAM_LIVE="1").content.decode()
    assert "Ta emot" in read_only and read_only != after.content.decode()
