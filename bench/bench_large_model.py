"""Pages of a very large model: the processes page and the analysis page of a case whose one
process has ACTIVITIES activities in a chain (imported from BPMN), each loaded REPEAT times through
Django's test client, against the sign-in page in the same run. Shows what MAX_MODEL_ACTIVITIES
(docs/limits.md) buys: above the limit the pages summarise instead of drawing and analysing.

Environment: BENCH_MODEL_ACTIVITIES (10000), BENCH_MODEL_REPEAT (2).
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from typing import Any

ACTIVITIES = int(os.environ.get("BENCH_MODEL_ACTIVITIES", "10000"))
REPEAT = int(os.environ.get("BENCH_MODEL_REPEAT", "2"))


def bpmn(n: int) -> bytes:
    """A BPMN process with n tasks in a chain (about 95 bytes per task)."""
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<definitions '
        'xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="x">\n'
        '<process id="p" name="Big"><startEvent id="s"/>'
    ]
    previous = "s"
    for i in range(n):
        parts.append(f'<task id="t{i}" name="Task {i}"/>'
                     f'<sequenceFlow id="f{i}" sourceRef="{previous}" targetRef="t{i}"/>')  # fmt: skip
        previous = f"t{i}"
    parts.append(f'<endEvent id="e"/><sequenceFlow id="fe" sourceRef="{previous}" targetRef="e"/>')
    return ("\n".join(parts) + "</process></definitions>").encode()


def timed(client: Any, url: str) -> tuple[float, int]:
    times, status = [], 0
    for _ in range(REPEAT):
        start = time.perf_counter()
        status = client.get(url).status_code
        times.append(time.perf_counter() - start)
    return statistics.median(times), status


def main() -> None:
    home = tempfile.mkdtemp(prefix="bench-model-")
    os.environ["VERKSAM_HOME"] = home
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verksam.web.settings")
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from verksam.web.cases.services import import_file
    from verksam.web.organisations.models import Membership, Organisation

    call_command("migrate", verbosity=0)
    organisation = Organisation.objects.create(slug="big", name="Big kommun", country="SE")
    user = User.objects.create_user("big-owner", password="bench-password-1")
    Membership.objects.create(organisation=organisation, user=user, role="owner")
    start = time.perf_counter()
    case, _notes = import_file(organisation, user, bpmn(ACTIVITIES), "big.bpmn")
    print(f"import of {ACTIVITIES} activities: {time.perf_counter() - start:.1f} s")
    client = Client()
    client.force_login(user)
    kwargs = {"org": "big", "case": case.slug}
    pages = {
        "sign-in page": reverse("accounts:login"),
        "processes page": reverse("cases:view", kwargs={**kwargs, "view": "processes"}),
        "analysis page": reverse("workbench:analysis", kwargs=kwargs),
    }
    base = None
    for label, url in pages.items():
        seconds, status = timed(client, url)
        base = base or seconds
        print(
            f"{label:16} {seconds * 1000:10.0f} ms  (HTTP {status}, {seconds / base:8.0f} × sign-in)"
        )
