"""Case pages through the test client: list, create, import/export, rename, edits, trash, history."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from verksam.formats import loads_case
from verksam.web.cases.access import access_case, cases_of
from verksam.web.cases.operations import value_at
from verksam.web.cases.pages import PAGES

pytestmark = pytest.mark.django_db
NODES = "processes/process/variants/as-is/nodes"


def url(name: str, tenant: Any, **kwargs: Any) -> str:
    return reverse(name, kwargs={"org": tenant.organisation.slug, **kwargs})


def case_url(name: str, tenant: Any, **kwargs: Any) -> str:
    return url(name, tenant, case=tenant.case.slug, **kwargs)


def test_the_list_shows_the_organisations_cases(home: Any, client_for: Any) -> None:
    response = client_for(home.viewer).get(url("cases:list", home))
    assert response.status_code == 200
    assert home.case.name in response.content.decode()


def test_create_a_case_from_the_starter_template(home: Any, client_for: Any) -> None:
    response = client_for(home.editor).post(
        url("cases:create", home), {"name": "Bygglov", "template": "starter"}
    )
    created = cases_of(home.organisation).get(name="Bygglov")
    assert response.status_code == 302 and response["Location"].endswith(f"/cases/{created.slug}/")
    assert created.document["processes"], "the starter case has a process"
    assert created.revisions.get().operation == {"op": "create"}


def test_create_a_blank_case(home: Any, client_for: Any) -> None:
    client_for(home.editor).post(url("cases:create", home), {"name": "Tomt", "template": "blank"})
    created = cases_of(home.organisation).get(name="Tomt")
    assert created.document == {"verksam": 1, "id": "tomt", "name": "Tomt"}


def test_viewers_may_not_create_cases(home: Any, client_for: Any) -> None:
    response = client_for(home.viewer).post(
        url("cases:create", home), {"name": "X", "template": "blank"}
    )
    assert response.status_code == 403
    assert not cases_of(home.organisation).filter(name="X").exists()


def test_export_and_import_round_trip_losslessly(home: Any, client_for: Any) -> None:
    client = client_for(home.editor)
    exported = client.get(case_url("cases:export", home))
    assert exported["Content-Disposition"].endswith('.yaml"')
    text = exported.content.decode()
    upload = SimpleUploadedFile("copy.yaml", text.encode(), content_type="application/yaml")
    response = client.post(url("cases:import", home), {"file": upload})
    assert response.status_code == 302
    imported = cases_of(home.organisation).exclude(pk=home.case.pk).get()
    assert imported.slug != home.case.slug  # a free slug was chosen
    assert imported.document == home.case.document
    as_json = client.get(case_url("cases:export", home) + "?format=json").content.decode()
    assert json.loads(as_json) == home.case.document
    assert loads_case(text).name == home.case.name


def test_a_broken_case_file_is_rejected_with_its_line_and_nothing_is_saved(
    home: Any, client_for: Any
) -> None:
    upload = SimpleUploadedFile("bad.yaml", b"id: x\nname: [unclosed\n")
    response = client_for(home.editor).post(url("cases:import", home), {"file": upload})
    assert response.status_code == 400
    assert "bad.yaml:" in response.content.decode()
    assert cases_of(home.organisation).count() == 1


def test_rename_is_a_revision(home: Any, client_for: Any) -> None:
    client_for(home.editor).post(case_url("cases:rename", home), {"name": "Nytt namn", "base": 1})
    case = access_case(home.organisation, home.case.slug)
    assert case.name == "Nytt namn" == case.document["name"]
    assert case.revision == 2


def test_an_edit_form_applies_one_operation(home: Any, client_for: Any) -> None:
    back = case_url("cases:view", home, view="processes")
    response = client_for(home.editor).post(
        case_url("cases:edit", home),
        {
            "op": "change",
            "path": f"{NODES}/handle/touch_minutes",
            "value": "45",
            "base": 1,
            "next": back,
        },
    )
    assert response.status_code == 302 and response["Location"] == back
    case = access_case(home.organisation, home.case.slug)
    assert value_at(case.document, f"{NODES}/handle/touch_minutes") == 45


def test_a_stale_edit_of_the_same_element_shows_the_other_persons_change(
    home: Any, client_for: Any
) -> None:
    path = f"{NODES}/handle/name"
    client_for(home.owner).post(
        case_url("cases:edit", home),
        {"op": "change", "path": path, "value": '"Owner text"', "base": 1},
    )
    response = client_for(home.editor).post(
        case_url("cases:edit", home),
        {"op": "change", "path": path, "value": '"Editor text"', "base": 1},
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Owner text" in page and "Editor text" in page and home.owner.username in page
    case = access_case(home.organisation, home.case.slug)
    assert value_at(case.document, path) == "Owner text"


def test_an_edit_with_a_bad_value_is_not_saved(home: Any, client_for: Any) -> None:
    client = client_for(home.editor)
    response = client.post(
        case_url("cases:edit", home),
        {"op": "change", "path": "name", "value": "{not json", "base": 1},
        follow=True,
    )
    assert "not valid JSON" in response.content.decode()
    assert access_case(home.organisation, home.case.slug).revision == 1


def test_delete_moves_to_the_trash_and_restore_brings_it_back(home: Any, client_for: Any) -> None:
    client = client_for(home.editor)
    client.post(case_url("cases:delete", home))
    assert client.get(case_url("cases:detail", home)).status_code == 404
    trash = client.get(url("cases:trash", home)).content.decode()
    assert home.case.name in trash
    client.post(case_url("cases:untrash", home))
    assert client.get(case_url("cases:detail", home)).status_code == 200


def test_history_revision_diff_and_restore(home: Any, client_for: Any) -> None:
    client = client_for(home.editor)
    client.post(case_url("cases:rename", home), {"name": "Andra", "base": 1})
    history = client.get(case_url("cases:history", home)).content.decode()
    assert "changed name" in history and home.editor.username in history
    revision = client.get(case_url("cases:revision", home, number=2)).content.decode()
    assert "Andra" in revision and home.case.name in revision
    diff = client.get(case_url("cases:diff", home) + "?from=1&to=2").content.decode()
    assert "Andra" in diff
    assert client.get(case_url("cases:diff", home) + "?from=1&to=9").status_code == 404
    client.post(case_url("cases:restore_revision", home, number=1))
    case = access_case(home.organisation, home.case.slug)
    assert case.revision == 3 and case.name == home.case.name


def test_overview_lists_views_and_validation_problems(home: Any, client_for: Any) -> None:
    from verksam.web.cases import services

    services.apply_operation(
        home.case,
        home.owner,
        {"op": "change", "path": "structure/roles/officer/unit", "value": "ghost"},
        1,
    )
    page = client_for(home.viewer).get(case_url("cases:detail", home)).content.decode()
    assert "unknown unit &#x27;ghost&#x27;" in page
    for view_page in PAGES:
        assert str(view_page.title) in page


@pytest.mark.parametrize("view", [p.slug for p in PAGES])
def test_every_view_page_renders_with_a_text_alternative(
    home: Any, client_for: Any, view: str
) -> None:
    response = client_for(home.viewer).get(case_url("cases:view", home, view=view))
    assert response.status_code == 200
    assert "Content as a list" in response.content.decode()


def test_the_process_page_lists_the_activities(home: Any, client_for: Any) -> None:
    page = (
        client_for(home.viewer).get(case_url("cases:view", home, view="processes")).content.decode()
    )
    node_names = [n["name"] for n in home.case.document["processes"][0]["variants"][0]["nodes"]]
    assert all(name in page for name in node_names)


def test_an_unknown_view_is_404(home: Any, client_for: Any) -> None:
    assert client_for(home.viewer).get(case_url("cases:view", home, view="nope")).status_code == 404


def test_view_pages_show_the_diagrams_inline_with_an_svg_download(
    home: Any, client_for: Any
) -> None:
    client = client_for(home.viewer)
    page = client.get(case_url("cases:view", home, view="processes")).content.decode()
    # the swimlane of the variant inline, the EP process view as an image loaded when scrolled to
    assert (
        page.count("<svg") >= 1
        and 'src="' + case_url("cases:diagram", home) + "?view=process&amp;id=process" in page
    )
    assert "<?xml" not in page
    svg = client.get(case_url("cases:diagram", home) + "?view=swimlane&id=process&variant=as-is")
    assert svg["Content-Type"].startswith("image/svg+xml") and b"<svg" in svg.content
    assert client.get(case_url("cases:diagram", home) + "?view=nope").status_code == 404


def test_bpmn_export_imports_back_as_a_new_case(home: Any, client_for: Any) -> None:
    client = client_for(home.editor)
    bpmn = client.get(case_url("cases:export", home) + "?format=bpmn")
    assert bpmn["Content-Disposition"].endswith('.bpmn"') and b"definitions" in bpmn.content
    upload = SimpleUploadedFile("process.bpmn", bpmn.content, content_type="application/xml")
    assert client.post(url("cases:import", home), {"file": upload}).status_code == 302
    imported = cases_of(home.organisation).exclude(pk=home.case.pk).get()
    names = {n["name"] for n in imported.document["processes"][0]["variants"][0]["nodes"]}
    original = {n["name"] for n in home.case.document["processes"][0]["variants"][0]["nodes"]}
    assert original <= names


def test_a_broken_bpmn_file_is_rejected_with_its_place(home: Any, client_for: Any) -> None:
    upload = SimpleUploadedFile(
        "broken.bpmn", b"<definitions><process id='p'>", content_type="application/xml"
    )
    response = client_for(home.editor).post(url("cases:import", home), {"file": upload})
    assert response.status_code == 400
    assert "line 1: The file is not well-formed XML." in response.content.decode()
    assert cases_of(home.organisation).count() == 1


def test_archimate_export(home: Any, client_for: Any) -> None:
    response = client_for(home.viewer).get(case_url("cases:export", home) + "?format=archimate")
    assert response.status_code == 200 and b"opengroup.org/xsd/archimate" in response.content
    assert (
        client_for(home.viewer).get(case_url("cases:export", home) + "?format=pdf").status_code
        == 404
    )


def test_the_process_page_shows_key_figures_from_the_analysis(home: Any, client_for: Any) -> None:
    from verksam.analysis import analyze
    from verksam.web.cases.pages import _num

    expected = analyze(
        __import__("verksam.web.cases.services", fromlist=["x"]).model_of(home.case),
        "process",
        "as-is",
    )
    page = (
        client_for(home.viewer).get(case_url("cases:view", home, view="processes")).content.decode()
    )
    assert "Key figures" in page
    assert _num(expected.lead_hours, "h") in page


def test_history_names_every_kind_of_saved_revision_in_words(home: Any) -> None:
    from django.utils import translation

    from verksam.web.cases.views import operation_text

    process = home.case.document["processes"][0]
    variant = process["variants"][0]
    recorded = [
        {"op": "steps", "process": process["id"], "variant": variant["id"], "new": ["x"]},
        {"op": "measurements", "path": "vision/goals/@0/measurements", "count": 3},
        {"op": "measurements", "path": "vision/goals/@0/measurements", "removed": "2026-03-31"},
        {"op": "template"},
        {"op": "something-new", "path": "settings"},
    ]
    with translation.override("sv"):
        said = [operation_text(op, home.case.document) for op in recorded]
    assert said[0].startswith("ändrade stegen i ") and variant["name"] in said[0]
    assert said[1].startswith("lade till mätvärden") and said[2].startswith("tog bort ett mätvärde")
    assert said[3] == "skapat från en mall"
    assert not any("{" in s or '"op"' in s for s in said), said  # never the recorded JSON


def test_the_case_links_mark_the_page_they_are_on_in_each_language(
    home: Any, client_for: Any
) -> None:
    """The links are made once per page and language (case_tags.case_nav) and shared after."""
    client = client_for(home.viewer)

    def current(path: str, language: str) -> list[str]:
        client.cookies["django_language"] = language
        page = client.get(path).content.decode()
        nav = page[
            page.index('<nav class="view-nav"') : page.index(
                "</nav>", page.index('<nav class="view-nav"')
            )
        ]
        return re.findall(r'<a href="([^"]+)" aria-current="page">([^<]+)</a>', nav)

    processes = case_url("cases:view", home, view="processes")
    history = case_url("cases:history", home)
    analysis = case_url("workbench:analysis", home)
    overview = case_url("cases:detail", home)
    for _round in range(2):  # the second time from the kept links
        assert current(processes, "sv") == [(processes, "Processer")]
        assert current(processes, "nb") == [(processes, "Prosesser")]
        assert current(history, "en") == [(history, "History")]
        assert current(analysis, "en") == [(analysis, "Analysis")]
        assert current(overview, "en") == [(overview, "Overview")]
