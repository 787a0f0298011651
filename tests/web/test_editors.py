"""The editors beside the diagrams: each cell is one edit operation with the page's base revision;
rows are added and removed; problems appear next to the field they concern; conflicts are shown."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from verksam.web.cases.access import access_case
from verksam.web.cases.cells import parse
from verksam.web.cases.editors import problem_path
from verksam.web.cases.operations import value_at
from verksam.web.cases.tables import ROLES

pytestmark = pytest.mark.django_db
VARIANT = "processes/process/variants/as-is"
HX = {"HTTP_HX_REQUEST": "true"}


def editor_url(tenant: Any, view: str = "processes") -> str:
    kwargs = {"org": tenant.organisation.slug, "case": tenant.case.slug, "view": view}
    return reverse("cases:editor", kwargs=kwargs)


def view_url(tenant: Any, view: str = "processes") -> str:
    kwargs = {"org": tenant.organisation.slug, "case": tenant.case.slug, "view": view}
    return reverse("cases:view", kwargs=kwargs)


def document(tenant: Any) -> dict[str, Any]:
    return dict(access_case(tenant.organisation, tenant.case.slug).document)


def revision(tenant: Any) -> int:
    return int(access_case(tenant.organisation, tenant.case.slug).revision)


def post(client: Any, tenant: Any, data: dict[str, Any], view: str = "processes") -> Any:
    return client.post(editor_url(tenant, view), {"base": revision(tenant), **data}, **HX)


def test_the_processes_page_shows_the_activity_table_beside_the_swimlane(
    home: Any, client_for: Any
) -> None:
    html = client_for(home.editor).get(view_url(home)).content.decode()
    assert 'class="live-pane"' in html and "<svg" in html
    assert "Handle the request" in html and 'hx-post="' + editor_url(home) in html


def test_viewers_see_the_content_without_inputs(home: Any, client_for: Any) -> None:
    html = client_for(home.viewer).get(view_url(home)).content.decode()
    assert "Handle the request" in html and "hx-post" not in html
    assert post(client_for(home.viewer), home, {"action": "remove"}).status_code == 403


def test_typing_a_touch_time_changes_one_field_in_one_revision(home: Any, client_for: Any) -> None:
    before = revision(home)
    response = post(
        client_for(home.editor), home,
        {"action": "field", "table": "activities", "column": "touch_minutes",
         "item": f"{VARIANT}/nodes/handle", "value": "12,5"},
    )  # fmt: skip
    assert response.status_code == 200 and 'id="workspace"' in response.content.decode()
    assert value_at(document(home), f"{VARIANT}/nodes/handle/touch_minutes") == 12.5
    assert revision(home) == before + 1
    # the same value again (the change event after typing) makes no new revision
    post(
        client_for(home.editor), home,
        {"action": "field", "table": "activities", "column": "touch_minutes",
         "item": f"{VARIANT}/nodes/handle", "value": "12,5"},
    )  # fmt: skip
    assert revision(home) == before + 1


def test_a_number_that_is_not_one_is_refused_with_a_message(home: Any, client_for: Any) -> None:
    before = revision(home)
    response = post(
        client_for(home.editor), home,
        {"action": "field", "table": "roles", "column": "fte", "item": "structure/roles/officer",
         "value": "many"},
        view="structure",
    )  # fmt: skip
    assert response.status_code == 400 and "Type a number" in response.content.decode()
    assert revision(home) == before


def test_adding_an_activity_after_another_puts_it_into_the_flow_and_the_diagram(
    home: Any, client_for: Any
) -> None:
    response = post(
        client_for(home.editor), home,
        {"action": "add", "table": "activities", "path": f"{VARIANT}/nodes",
         "name": "Check the facts", "lane": "officer", "after": "handle"},
    )  # fmt: skip
    doc = document(home)
    node = value_at(doc, f"{VARIANT}/nodes/check-the-facts")
    assert node["name"] == "Check the facts" and node["lane"] == "officer"
    flows = {(f["source"], f["target"]) for f in value_at(doc, f"{VARIANT}/flows")}
    assert ("handle", "check-the-facts") in flows and ("check-the-facts", "end") in flows
    assert ("handle", "end") not in flows
    assert "Check the facts" in response.content.decode().split('class="live-pane"')[1]


def test_removing_an_activity_bridges_its_one_way_in_and_out(home: Any, client_for: Any) -> None:
    post(
        client_for(home.editor), home,
        {"action": "remove", "table": "activities", "path": f"{VARIANT}/nodes/handle"},
    )  # fmt: skip
    doc = document(home)
    assert value_at(doc, f"{VARIANT}/nodes/handle") is None
    assert [(f["source"], f["target"]) for f in value_at(doc, f"{VARIANT}/flows")] == [
        ("start", "end")
    ]


def test_next_steps_and_probabilities_are_edited_in_the_row(home: Any, client_for: Any) -> None:
    client = client_for(home.editor)
    post(client, home, {"action": "flow-add", "source": "handle", "target": "start",
                        "variant_path": VARIANT})  # fmt: skip
    post(client, home, {"action": "flow-change", "what": "probability",
                        "path": f"{VARIANT}/flows/@1", "value": "80"})  # fmt: skip
    flows = value_at(document(home), f"{VARIANT}/flows")
    assert flows[1]["probability"] == pytest.approx(0.8)
    assert {"source": "handle", "target": "start"} in flows


def test_a_problem_is_shown_next_to_the_field_it_concerns(home: Any, client_for: Any) -> None:
    response = post(
        client_for(home.editor), home,
        {"action": "field", "table": "activities", "column": "lane",
         "item": f"{VARIANT}/nodes/handle", "value": "nowhere"},
    )  # fmt: skip
    html = response.content.decode()
    lane_input = 'id="e-processes_process_variants_as-is_nodes_handle_lane"'
    assert lane_input in html
    cell = html.split(lane_input)[1].split("</td>")[0]
    assert 'aria-invalid="true"' in cell and "field-problem error" in cell and "nowhere" in cell


def test_problem_paths_resolve_positions_and_dotted_ids() -> None:
    doc = {"processes": [{"id": "p.1", "variants": [{"id": "v", "nodes": [{"id": "a"}, {"id": "b"}]}]}]}  # fmt: skip
    assert problem_path(doc, "processes.p.1.variants.v.nodes[1].lane") == (
        "processes/p.1/variants/v/nodes/b/lane"
    )


def test_numbers_are_read_in_the_users_language() -> None:
    column = ROLES.columns[2]  # fte
    with translation.override("sv"):
        assert parse(column, "1 234,5") == 1234.5
        assert parse(column, "") is None


def test_a_stale_edit_of_the_same_element_shows_the_other_change(
    home: Any, client_for: Any
) -> None:
    stale = revision(home)
    post(
        client_for(home.owner), home,
        {"action": "field", "table": "activities", "column": "name",
         "item": f"{VARIANT}/nodes/handle", "value": "Owner's name"},
    )  # fmt: skip
    response = client_for(home.editor).post(
        editor_url(home),
        {"base": stale, "action": "field", "table": "activities", "column": "name",
         "item": f"{VARIANT}/nodes/handle", "value": "Editor's name"},
        **HX,
    )  # fmt: skip
    assert response.status_code == 409
    assert "Owner&#x27;s name" in response.content.decode()
    assert value_at(document(home), f"{VARIANT}/nodes/handle/name") == "Owner's name"


def test_copying_as_is_gives_a_to_be_variant_with_the_same_flow(home: Any, client_for: Any) -> None:
    post(client_for(home.editor), home,
         {"action": "copy-variant", "process": "process", "variant": "as-is", "kind": "to-be"})  # fmt: skip
    doc = document(home)
    copy = value_at(doc, "processes/process/variants/to-be")
    original = value_at(doc, VARIANT)
    assert copy["kind"] == "to-be" and copy["based_on"] == "as-is"
    assert copy["nodes"] == original["nodes"] and copy["flows"] == original["flows"]


@pytest.mark.parametrize(
    ("view", "table", "path", "name"),
    [
        ("vision", "goals", "vision/goals", "Fewer complaints"),
        ("effect-map", "effect-goals", "effect_map/effect_goals", "Faster answers"),
        ("structure", "units", "structure/units", "IT unit"),
        ("benefits", "stakeholders", "benefits/stakeholders", "Parents"),
        ("services", "services", "services", "Answer within two days"),
        ("behaviour", "sequences", "behaviour/sequences", "Ordering"),
    ],
)
def test_every_view_page_adds_elements(
    home: Any, client_for: Any, view: str, table: str, path: str, name: str
) -> None:
    client = client_for(home.editor)
    assert client.get(view_url(home, view)).status_code == 200
    response = post(client, home, {"action": "add", "table": table, "path": path, "name": name},
                    view=view)  # fmt: skip
    assert response.status_code == 200
    items = value_at(document(home), path)
    assert [item["name"] for item in items if item["name"] == name] == [name]
    assert name in response.content.decode()


def test_without_htmx_an_edit_goes_back_to_the_page(home: Any, client_for: Any) -> None:
    response = client_for(home.editor).post(
        editor_url(home, "structure"),
        {"base": revision(home), "action": "add", "table": "units", "path": "structure/units",
         "name": "Finance"},
    )  # fmt: skip
    assert response.status_code == 302 and response["Location"] == view_url(home, "structure")
    assert value_at(document(home), "structure/units/finance")["name"] == "Finance"


def test_a_next_step_is_chosen_by_the_activitys_name(home: Any, client_for: Any) -> None:
    post(client_for(home.editor), home, {"action": "flow-add", "source": "handle",
                                         "target": "request RECEIVED ", "variant_path": VARIANT})  # fmt: skip
    flows = value_at(document(home), f"{VARIANT}/flows")
    assert {"source": "handle", "target": "start"} in flows
    response = post(client_for(home.editor), home, {"action": "flow-add", "source": "handle",
                                                    "target": "nowhere", "variant_path": VARIANT})  # fmt: skip
    assert response.status_code == 400 and "list of activities" in response.content.decode()


def test_a_blank_case_gets_its_vision_from_the_first_field_typed(
    home: Any, client_for: Any
) -> None:
    client = client_for(home.editor)
    client.post(
        reverse("cases:create", kwargs={"org": home.organisation.slug}),
        {"name": "Tom", "template": "blank"},
    )
    blank = next(c for c in home.organisation.cases.all() if c.name == "Tom")
    kwargs = {"org": home.organisation.slug, "case": blank.slug, "view": "vision"}
    assert client.get(reverse("cases:view", kwargs=kwargs)).status_code == 200
    response = client.post(
        reverse("cases:editor", kwargs=kwargs),
        {"base": blank.revision, "action": "field", "record": "vision", "column": "statement",
         "item": "vision", "value": "Alla barn kommer tryggt till skolan"},
        **HX,
    )  # fmt: skip
    blank.refresh_from_db()
    assert response.status_code == 200
    assert blank.document["vision"] == {"statement": "Alla barn kommer tryggt till skolan"}


def test_an_effect_goal_gets_its_direction_in_the_table_and_its_indicator_follows(
    home: Any, client_for: Any
) -> None:
    from verksam.web.cases.services import model_of
    from verksam.web.indicators.series import indicators

    client = client_for(home.editor)
    path = "effect_map/effect_goals"
    post(client, home, {"action": "add", "table": "effect-goals", "path": path,
                        "name": "Faster answers"}, view="effect-map")  # fmt: skip
    (added,) = value_at(document(home), path)
    item = f"{path}/{added['id']}"
    for column, value in (
        ("target", "5"),
        ("direction", "lower-is-better"),
        ("baseline", "9"),
        ("baseline_date", "2026-01-31"),
    ):
        post(client, home, {"action": "field", "table": "effect-goals", "column": column,
                            "item": item, "value": value}, view="effect-map")  # fmt: skip
    assert value_at(document(home), f"{item}/direction") == "lower-is-better"
    case = access_case(home.organisation, home.case.slug)
    (effect,) = [i for i in indicators(model_of(case)) if i.kind == "effect"]
    assert effect.lower_is_better and effect.target == 5
    assert [(p.date.isoformat(), p.value) for p in effect.points] == [("2026-01-31", 9)]
    client.cookies["django_language"] = "sv"
    html = client.get(view_url(home, "effect-map")).content.decode()
    assert "Vilket håll som är bättre" in html and "lägre är bättre" in html


def test_a_lane_can_be_put_inside_another(home: Any, client_for: Any) -> None:
    client = client_for(home.editor)
    post(client, home, {"action": "add", "table": "lanes", "path": f"{VARIANT}/lanes",
                        "name": "Intake team", "role": "officer"})  # fmt: skip
    lanes = value_at(document(home), f"{VARIANT}/lanes")
    new = next(lane["id"] for lane in lanes if lane["name"] == "Intake team")
    response = post(
        client, home,
        {"action": "field", "table": "lanes", "column": "parent",
         "item": f"{VARIANT}/lanes/{new}", "value": "officer"},
    )  # fmt: skip
    assert response.status_code == 200
    assert value_at(document(home), f"{VARIANT}/lanes/{new}/parent") == "officer"
    html = client.get(view_url(home)).content.decode()
    assert "Intake team" in html and 'aria-invalid="true"' not in html


def test_renaming_a_lane_shows_the_new_name_in_every_activitys_lane_list(
    home: Any, client_for: Any
) -> None:
    """Rows whose own fields did not change are reused between revisions; a lane's new name
    still reaches every row, since each row's lane list offers the lanes by name."""
    client = client_for(home.editor)
    client.get(view_url(home))  # the rows of the current revision are made (and kept)
    lane = value_at(document(home), f"{VARIANT}/lanes")[0]
    post(client, home, {"action": "field", "table": "lanes", "column": "name",
                        "item": f"{VARIANT}/lanes/{lane['id']}", "value": "Renamed lane"})  # fmt: skip
    html = client.get(view_url(home)).content.decode()
    nodes = value_at(document(home), f"{VARIANT}/nodes")
    lane_lists = [part.split("</select>")[0] for part in html.split('_lane" aria-label=')[1:]]
    assert len(lane_lists) == len(nodes)
    for options in lane_lists:
        assert f'value="{lane["id"]}"' in options and ">Renamed lane</option>" in options
        assert f">{lane['name']}</option>" not in options


def test_a_record_field_sends_what_it_belongs_to_and_its_edit_is_saved(
    home: Any, client_for: Any
) -> None:
    import html as html_lib
    import json
    import re

    client = client_for(home.editor)
    page = client.get(view_url(home)).content.decode()
    # the process record's name field, as the browser sends it (its hx-vals and the typed value)
    field = re.search(
        r'<input type="text" name="value" value="[^"]*" id="e-processes_process_name"[^>]*>', page
    )
    assert field is not None
    vals = json.loads(html_lib.unescape(re.search(r"hx-vals='([^']*)'", field.group(0)).group(1)))
    assert vals == {"action": "field", "item": "processes/process", "record": "process",
                    "column": "name"}  # fmt: skip
    response = post(client, home, {**vals, "value": "Färdtjänst, ny"})
    assert response.status_code == 200
    assert value_at(document(home), "processes/process/name") == "Färdtjänst, ny"


def test_an_edit_control_sends_its_values_whatever_characters_they_hold() -> None:
    import html as html_lib
    import json
    import re

    from verksam.web.cases.grid_html import _hx

    vals = {"action": "field", "item": "processes/p'1/nodes/a&b<c>\"d", "column": "name"}
    attribute = re.search(r" hx-vals='([^']*)'", _hx("/editor/", vals, None))
    assert attribute is not None
    assert json.loads(html_lib.unescape(attribute.group(1))) == vals
