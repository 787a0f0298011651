"""The helper process of a one-process server (verksam.web.helper) makes the workspaces after
edits: the same HTML as the server would make itself, and the server makes them itself when the
helper has stopped."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings

from verksam.web import helper
from verksam.web.cases.access import access_case
from verksam.web.cases.workspace import render_workspace


@pytest.fixture
def helper_on() -> Iterator[None]:
    with override_settings(HELPER_PROCESS=True):
        yield
    helper.stop()


def test_without_the_setting_the_work_is_done_in_the_server_process() -> None:
    assert helper.run(os.getpid) == os.getpid()


def test_with_the_setting_the_work_is_done_in_another_process(helper_on: None) -> None:
    assert helper.run(os.getpid) != os.getpid()


@pytest.mark.django_db
def test_a_workspace_made_by_the_helper_is_the_one_the_server_makes(
    helper_on: None, home: Any
) -> None:
    row = access_case(home.organisation, home.case.slug)
    for language, can_edit in (("sv", True), ("nb", False)):
        here = render_workspace(row, "processes", ("", ""), language, can_edit)
        there = helper.run(render_workspace, row, "processes", ("", ""), language, can_edit)
        assert there == here
        assert "<svg" in there and 'id="workspace"' in there


def test_when_the_helper_stops_during_a_call_the_server_answers_itself_and_starts_it_again(
    helper_on: None,
) -> None:
    import threading
    import time

    first = helper.run(os.getpid)
    answers: list[Any] = []
    call = threading.Thread(target=lambda: answers.append(helper.run(time.sleep, 1.5)))
    call.start()
    time.sleep(0.5)
    os.kill(first, signal.SIGKILL)  # while it answers
    call.join()
    assert answers == [None]  # made here instead
    second = helper.run(os.getpid)
    assert second not in (first, os.getpid())  # a new helper


def test_an_error_in_the_helper_is_raised_in_the_server_with_where_it_happened(
    helper_on: None,
) -> None:
    with pytest.raises(ValueError) as raised:
        helper.run(int, "not a number")
    assert any("in the helper process" in note for note in raised.value.__notes__)
    assert helper.run(int, "7") == 7  # the helper goes on


def test_the_helper_ends_when_the_server_process_is_killed(tmp_path: Any) -> None:
    import subprocess
    import sys
    import time

    # a server process of its own, with a helper, killed without a chance to stop it
    script = (
        "import os, django; django.setup(); from django.conf import settings; "
        "settings.HELPER_PROCESS = True; from verksam.web import helper; "
        "print(helper.run(os.getpid), flush=True); import time; time.sleep(60)"
    )
    env = {**os.environ, "VERKSAM_HOME": str(tmp_path)}
    server = subprocess.Popen(
        [sys.executable, "-c", script], env=env, stdout=subprocess.PIPE, text=True
    )
    assert server.stdout is not None
    child = int(server.stdout.readline())
    server.kill()
    server.wait()
    for _ in range(100):  # it looks for its server every second
        if _ended(child):
            break
        time.sleep(0.1)
    else:
        os.kill(child, signal.SIGKILL)
        pytest.fail("the helper outlived its server process")


def _ended(pid: int) -> bool:
    """Gone, or (where /proc tells) a zombie waiting to be reaped by whoever took it over."""
    if not Path("/proc/self").exists():
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        return False
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return True
    return state == "Z"


@pytest.mark.django_db
def test_an_edit_is_answered_with_the_workspace_the_helper_made_without_the_database(
    helper_on: None, home: Any, client_for: Any
) -> None:
    # the helper cannot reach this test's in-memory database: the answer shows it needed none
    from django.urls import reverse

    kwargs = {"org": home.organisation.slug, "case": home.case.slug, "view": "processes"}
    row = access_case(home.organisation, home.case.slug)
    response = client_for(home.editor).post(
        reverse("cases:editor", kwargs=kwargs),
        {"base": row.revision, "action": "field", "record": "process", "column": "name",
         "item": "processes/process", "value": "Färdtjänst i helpern"},
        HTTP_HX_REQUEST="true",
    )  # fmt: skip
    assert response.status_code == 200
    assert 'value="Färdtjänst i helpern"' in response.content.decode()
