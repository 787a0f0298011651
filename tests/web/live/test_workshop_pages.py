"""The live strip and workshop actions as pages: they work without JavaScript, only for members
who may edit, never send anyone outside the case, and a live refresh is the same workspace for
everyone but each user's own CSRF token."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from verksam.web.cases import services
from verksam.web.live.models import ParkedQuestion


def urls(home: Any) -> dict[str, str]:
    kwargs = {"org": "home", "case": home.case.slug}
    return {
        "case": reverse("cases:detail", kwargs=kwargs),
        "view": reverse("cases:view", kwargs={**kwargs, "view": "structure"}),
        "park": reverse("live:park", kwargs=kwargs),
        "lead": reverse("live:lead", kwargs=kwargs),
        "timer": reverse("live:timer", kwargs=kwargs),
        "panel": reverse("live:panel", kwargs=kwargs),
    }


@pytest.mark.django_db
def test_a_live_refresh_is_the_current_workspace_with_each_users_own_csrf_token(
    home: Any, client_for: Any
) -> None:
    url = urls(home)["view"]
    first, second = client_for(home.owner), Client(enforce_csrf_checks=True)
    second.force_login(home.editor)
    services.apply_operation(
        home.case, home.owner,
        {"op": "change", "path": "structure/units/unit/name", "value": "Reception desk"}, 1,
    )  # fmt: skip
    answers = [c.get(url, HTTP_X_VERKSAM_LIVE="1") for c in (first, second, first)]
    assert [a.status_code for a in answers] == [200, 200, 200]
    html = [a.content.decode() for a in answers]
    assert all(h.startswith('<div id="workspace"') or 'id="workspace"' in h[:200] for h in html)
    assert all('data-live-revision="2"' in h and "Reception desk" in h for h in html)
    assert "<header" not in html[0]  # the workspace only, not the page around it
    tokens = [set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', h)) for h in html]
    assert all(len(t) == 1 for t in tokens) and tokens[0] != tokens[1]
    # the token in the refreshed forms is accepted for that user's next edit (CSRF enforced)
    response = second.post(
        reverse("cases:editor", kwargs={"org": "home", "case": home.case.slug, "view": "structure"}),
        {"csrfmiddlewaretoken": tokens[1].pop(), "action": "field", "table": "units",
         "item": "structure/units/unit", "column": "name", "value": "Front desk", "base": 2},
    )  # fmt: skip
    assert response.status_code == 302
    home.case.refresh_from_db()
    assert home.case.document["structure"]["units"][0]["name"] == "Front desk"


@pytest.mark.django_db
def test_without_javascript_the_workshop_forms_post_and_come_back_to_the_page(
    home: Any, client_for: Any
) -> None:
    u = urls(home)
    client = client_for(home.editor)
    page = client.get(u["view"]).content.decode()
    assert "Not live: reload the page to see changes by others." in page
    assert "No open questions are parked." in page

    response = client.post(u["park"], {"text": "Who approves the taxi?", "next": u["view"]})
    assert response.status_code == 302 and response["Location"] == u["view"]
    response = client.post(u["timer"], {"minutes": "15", "next": u["view"]})
    response = client.post(u["lead"], {"next": u["view"]})
    page = client.get(u["view"]).content.decode()
    assert "Who approves the taxi?" in page
    assert "Runs until" in page
    assert "home-editor leads the workshop" in page and "Stop leading" in page

    question = ParkedQuestion.objects.get(case=home.case)
    answered = reverse("live:answered", kwargs={"org": "home", "case": home.case.slug, "question": question.pk})  # fmt: skip
    client.post(answered, {"next": u["view"]})
    question.refresh_from_db()
    assert question.answered_at is not None
    assert "Open again" in client.get(u["view"]).content.decode()
    client.post(u["lead"], {"stop": "1", "next": u["view"]})
    client.post(u["timer"], {"stop": "1", "next": u["view"]})
    page = client.get(u["view"]).content.decode()
    assert "Nobody leads the workshop now." in page and "No timer is running." in page


@pytest.mark.django_db
def test_workshop_forms_never_send_anyone_outside_the_case(home: Any, client_for: Any) -> None:
    u = urls(home)
    client = client_for(home.editor)
    for target in ("https://evil.example/", "//evil.example/", "/o/other/cases/x/"):
        response = client.post(u["park"], {"text": "Q", "next": target})
        assert response["Location"] == u["case"], target


@pytest.mark.django_db
def test_viewers_see_the_workshop_but_cannot_change_it(home: Any, client_for: Any) -> None:
    u = urls(home)
    viewer = client_for(home.viewer)
    assert viewer.post(u["park"], {"text": "Q"}).status_code == 403
    assert viewer.post(u["lead"]).status_code == 403
    assert not ParkedQuestion.objects.exists()
    panel = viewer.get(u["panel"], {"next": u["view"]})
    assert panel.status_code == 200
    html = panel.content.decode()
    assert html.startswith('<details id="live-workshop">') and "Park it" not in html


@pytest.mark.django_db
def test_the_live_strip_speaks_swedish_and_norwegian(home: Any, client_for: Any) -> None:
    client = client_for(home.editor)
    url = urls(home)["view"]
    swedish = client.get(url, HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "Inte live: ladda om sidan" in swedish and "Parkera" in swedish
    norwegian = client.get(url, HTTP_ACCEPT_LANGUAGE="nb").content.decode()
    assert "Ikke direkte: last inn siden" in norwegian and "Parker" in norwegian


@pytest.mark.django_db
def test_the_kept_strip_shows_each_page_its_revision_and_each_visitor_their_token_and_role(
    home: Any, client_for: Any
) -> None:
    """The strip is made once for what it shows (verksam.web.live.templatetags.live) and is
    then shown to several people at several revisions."""
    u = urls(home)
    owner, editor = client_for(home.owner), client_for(home.editor)
    editor.post(u["lead"], {"next": u["view"]})

    def strip(client: Client) -> str:
        page = client.get(u["view"]).content.decode()
        return page[page.index('<aside id="live-bar"') : page.index("</aside>")]

    first = [strip(owner), strip(editor)]
    services.apply_operation(
        home.case, home.owner,
        {"op": "change", "path": "structure/units/unit/name", "value": "Reception desk"}, 1,
    )  # fmt: skip
    second = [strip(owner), strip(editor)]
    assert ['data-live-revision="1"' in s for s in first] == [True, True]
    assert ['data-live-revision="2"' in s for s in second] == [True, True]
    for shown in first + second:
        tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', shown))
        assert len(tokens) == 1 and "slot" not in tokens.pop()
    assert "Stop leading" in second[1] and "Stop leading" not in second[0]
    assert "Lead: participants follow my page" in second[0]
