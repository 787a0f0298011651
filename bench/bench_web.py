"""Web app latency under load: 20 concurrent users on loopback against `verksam serve` (embedded:
one process; with REDIS_URL also as in production: one process per two cores) and a bare gunicorn for
comparison, each loading the processes page of a case with a 100-activity process
(activity table + live swimlane) and saving one cell with the editor (an edit operation with its base
revision, answered with the refreshed workspace), and the same through the JSON API. Prints p50/p95
per request kind and each one's ratio to the sign-in page measured in the same run.

Bounded: USERS threads × ROUNDS rounds, each request with a 30 s timeout; loopback only.
Environment: BENCH_WEB_USERS (20), BENCH_WEB_ROUNDS (10), BENCH_WEB_THINK (1.0 s), REDIS_URL.
"""

from __future__ import annotations

import http.client
import itertools
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
USERS = int(os.environ.get("BENCH_WEB_USERS", "20"))
ROUNDS = int(os.environ.get("BENCH_WEB_ROUNDS", "10"))
THINK = float(os.environ.get("BENCH_WEB_THINK", "1.0"))  # mean pause between a user's requests (s)
ACTIVITIES = 100
PASSWORD = "bench-password-1"
HOST = "127.0.0.1"


def case_document(activities: int = ACTIVITIES) -> dict[str, Any]:
    """A valid case whose one process has `activities` activities in four lanes, in a chain."""
    roles = [f"role-{i}" for i in range(4)]
    nodes: list[dict[str, Any]] = [
        {"id": "start", "name": "Received", "type": "start", "lane": "lane-0"}
    ]
    for i in range(activities):
        nodes.append({"id": f"a{i}", "name": f"Activity {i} of the bench process",
                      "lane": f"lane-{i % 4}", "touch_minutes": 5 + i % 25, "waiting_hours": i % 3})  # fmt: skip
    nodes.append({"id": "end", "name": "Done", "type": "end", "lane": "lane-3"})
    flows = [{"source": a["id"], "target": b["id"]} for a, b in itertools.pairwise(nodes)]
    return {
        "verksam": 1, "id": "bench", "name": "Bench case",
        "structure": {
            "units": [{"id": "unit", "name": "Unit"}],
            "roles": [{"id": r, "name": r.title(), "unit": "unit", "fte": 2.0, "cost_per_hour": 500.0} for r in roles],
        },
        "processes": [{"id": "big", "name": "Big process", "variants": [{
            "id": "as-is", "name": "As-is", "volume_per_year": 5000,
            "lanes": [{"id": f"lane-{i}", "name": f"Lane {i}", "role": r} for i, r in enumerate(roles)],
            "nodes": nodes, "flows": flows,
        }]}],
    }  # fmt: skip


def prepare(home: Path) -> tuple[str, str]:
    """A fresh database under `home` (migrated) with an organisation, USERS editors, the case and
    an API token; returns the case's slug and the token."""
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connections

    # settings were read once; point the default database at this home's SQLite file
    connections.close_all()
    connections["default"].settings_dict["NAME"] = str(home / "verksam.sqlite3")
    from verksam.model import Case
    from verksam.web.api.models import ApiToken
    from verksam.web.cases.services import create_case
    from verksam.web.organisations.models import Membership, Organisation

    call_command("migrate", interactive=False, verbosity=0)
    organisation = Organisation.objects.create(slug="bench", name="Bench kommun", country="SE")
    for n in range(USERS):
        user = User.objects.create_user(f"user{n}", f"user{n}@example.org", PASSWORD)
        Membership.objects.create(organisation=organisation, user=user, role="editor")
    case = create_case(organisation, user, Case.model_validate(case_document()), how="import")
    token = ApiToken.issue(User.objects.get(username="user0"), organisation, "bench")[1]
    connections.close_all()
    return str(case.slug), token


class Client:
    """One user's session over a kept-alive HTTP/1.1 connection (cookies and CSRF by hand)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.connection = http.client.HTTPConnection(HOST, port, timeout=30)

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, bytes, float]:  # fmt: skip
        head = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), **(headers or {})}
        if "csrftoken" in self.cookies and method == "POST":
            head["X-CSRFToken"] = self.cookies["csrftoken"]
            head.setdefault("Referer", f"http://{HOST}:{self.port}/")
        started = time.perf_counter()
        self.connection.request(method, path, body=body, headers=head)
        response = self.connection.getresponse()
        data = response.read()
        elapsed = time.perf_counter() - started
        for value in response.headers.get_all("Set-Cookie") or []:
            name, _sep, rest = value.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, data, elapsed

    def sign_in(self, username: str) -> None:
        self.request("GET", "/accounts/login/")
        form = urlencode({"username": username, "password": PASSWORD}).encode()
        status, _data, _t = self.request(
            "POST", "/accounts/login/", form, {"Content-Type": "application/x-www-form-urlencoded"}
        )
        if status != 302:
            raise RuntimeError(f"sign-in failed for {username}: {status}")


def user_session(n: int, port: int, slug: str, token: str, times: dict[str, list[float]],
                 errors: list[str], lock: threading.Lock, think: float) -> None:  # fmt: skip
    rng = random.Random(n)

    def pause() -> None:
        if think:
            time.sleep(rng.uniform(0.5 * think, 1.5 * think))

    client = Client(port)
    client.sign_in(f"user{n}")
    page = f"/o/bench/cases/{slug}/views/processes/"
    editor = f"/o/bench/cases/{slug}/views/processes/editor/"
    api = f"/api/v1/organisations/bench/cases/{slug}/operations"
    node = f"processes/big/variants/as-is/nodes/a{n}"  # each user edits its own activity
    mine: dict[str, list[float]] = defaultdict(list)
    for r in range(ROUNDS):
        pause()
        status, data, t = client.request("GET", "/accounts/login/")
        mine["sign-in page (baseline)"].append(t)
        pause()
        status, data, t = client.request("GET", page)
        mine["case page (processes, 100 activities)"].append(t)
        if status != 200:
            errors.append(f"page {status}")
            continue
        base = re.search(rb'name="base" value="(\d+)" id="case-base"', data)
        form = urlencode({"base": base.group(1).decode() if base else "1", "action": "field", "table": "activities",
                          "column": "touch_minutes", "item": node, "value": str(10 + r)}).encode()  # fmt: skip
        status, data, t = client.request(
            "POST",
            editor,
            form,
            {"Content-Type": "application/x-www-form-urlencoded", "HX-Request": "true"},
        )
        mine["edit in the activity table (htmx)"].append(t)
        if status != 200:
            errors.append(f"editor {status}")
        base = re.search(rb'name="base" value="(\d+)" id="case-base"', data) or base
        pause()
        body = json.dumps({"op": "change", "path": f"{node}/waiting_hours", "value": r % 5 + 0.5,
                           "base": int(base.group(1)) if base else 1}).encode()  # fmt: skip
        status, data, t = client.request(
            "POST",
            api,
            body,
            {"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
        )
        mine["edit operation (JSON API)"].append(t)
        if status != 200:
            errors.append(f"api {status}: {data[:200]!r}")
    with lock:
        for key, values in mine.items():
            times[key].extend(values)


def servers() -> list[tuple[str, list[str], dict[str, str]]]:
    """`verksam serve` as shipped (gunicorn with uvicorn workers, static files through Django):
    embedded (in-memory channel layer, so one process) and, when REDIS_URL is set, as in
    production (Redis channel layer, one process per two cores, each with its helper process); and a bare gunicorn with one process
    per core (WSGI, no live updates). Each with the environment it runs in."""
    bin_dir = Path(sys.executable).parent
    serve = [
        str(bin_dir / "verksam"),
        "serve",
        "--host",
        HOST,
        "--port",
        "{port}",
        "--workers",
        "0",
    ]
    out = [("verksam serve, embedded (1 + 1 helper process)", serve, {"REDIS_URL": ""})]
    redis = os.environ.get("REDIS_URL", "")
    if redis:
        processes = max(1, (os.cpu_count() or 2) // 2)
        out.append(
            (
                f"verksam serve, Redis ({processes} + {processes} helper processes)",
                serve,
                {"REDIS_URL": redis},
            )
        )
    if (bin_dir / "gunicorn").exists():
        cores_text = str(os.cpu_count() or 2)
        out.append((f"gunicorn ({cores_text} processes × 4 threads)",
                    [str(bin_dir / "gunicorn"), "-b", f"{HOST}:{{port}}", "-w", cores_text, "--threads", "4",
                     "verksam.web.wsgi:application"], {}))  # fmt: skip
    return out


def wait_for(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the server on port {port} did not start")


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def main() -> None:
    # SQLite under a temporary VERKSAM_HOME per server, whatever the environment says
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "verksam.web.settings"
    with tempfile.TemporaryDirectory(prefix="verksam-bench-web-") as folder:
        os.environ["VERKSAM_HOME"] = folder
        import django

        django.setup()
    runs = []
    for server_name, command, extra in servers():
        # each server gets a fresh database, so one run's revisions do not weigh on the next
        with tempfile.TemporaryDirectory(prefix="verksam-bench-web-") as folder:
            home = Path(folder)
            slug, token = prepare(home)
            env = {**os.environ, "VERKSAM_HOME": str(home), "VERKSAM_ALLOWED_HOSTS": HOST,
                   "DJANGO_SETTINGS_MODULE": "verksam.web.settings", **extra}  # fmt: skip
            if not env.get("REDIS_URL"):
                env.pop("REDIS_URL", None)
            port = free_port()
            server = subprocess.Popen(
                [part.replace("{port}", str(port)) for part in command],
                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            try:
                wait_for(port)
                for think in (0.0, THINK):
                    times: dict[str, list[float]] = defaultdict(list)
                    errors: list[str] = []
                    lock = threading.Lock()
                    threads = [
                        threading.Thread(target=user_session, args=(n, port, slug, token, times, errors, lock, think))
                        for n in range(USERS)
                    ]  # fmt: skip
                    started = time.perf_counter()
                    for thread in threads:
                        thread.start()
                    for thread in threads:
                        thread.join(timeout=600)
                    runs.append((server_name, think, times, errors, time.perf_counter() - started))
            finally:
                server.terminate()
                server.wait(timeout=20)
    print(f"{USERS} concurrent users × {ROUNDS} rounds on {os.cpu_count()} cores, loopback, SQLite")
    for server_name, think, times, errors, wall in runs:
        report(server_name, think, times, errors, wall)


def report(
    server_name: str, think: float, times: dict[str, list[float]], errors: list[str], wall: float
) -> None:
    baseline = times["sign-in page (baseline)"]
    base_p50, base_p95 = percentile(baseline, 50), percentile(baseline, 95)
    what = (f"think time {0.5 * think:.1f}–{1.5 * think:.1f} s between a user's requests"
            if think else "no think time (closed loop)")  # fmt: skip
    print(f"\n{server_name}, {what}; {wall:.1f} s wall")
    print(
        f"{'request':<42} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'mean ms':>8} {'p50 ×base':>10} {'p95 ×base':>10}"
    )
    for key, values in times.items():
        p50, p95 = percentile(values, 50), percentile(values, 95)
        print(f"{key:<42} {len(values):>5} {1000 * p50:>8.1f} {1000 * p95:>8.1f} "
              f"{1000 * statistics.mean(values):>8.1f} {p50 / base_p50:>10.1f} {p95 / base_p95:>10.1f}")  # fmt: skip
    total = sum(len(v) for v in times.values())
    print(
        f"{total} requests, {total / wall:.1f} per second; errors: {len(errors)} "
        f"{dict(Counter(error.split(':')[0] for error in errors))}"
    )


if __name__ == "__main__":
    main()
