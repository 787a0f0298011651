"""CPU of one request in the server, by kind: `verksam serve` (embedded) on bench_web's case with
100 activities, one user sending requests one after another, and the CPU time the server's
processes used per request (from /proc). Unlike bench_web's latencies this does not depend on how
requests overlap, so it shows what a change of the code costs or saves.

Kinds: the sign-in page; an editor edit of the activity table (a new revision: the workspace with
its swimlane, rows and key figures is made for it); the processes page at the revision the edit
made (its workspace is reused); a JSON API edit whose base is 20 revisions old. Linux only.
Environment: BENCH_WEB_CPU_REQUESTS (40 of each kind).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

from bench import bench_web

REQUESTS = int(os.environ.get("BENCH_WEB_CPU_REQUESTS", "40"))
NODES = "processes/big/variants/as-is/nodes"


def cpu_seconds(pid: int) -> float:
    """CPU time of a process and all its descendants (gunicorn's arbiter, its worker and the
    worker's helper process)."""
    total = 0
    for each in _family(pid):
        try:
            fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return total / os.sysconf("SC_CLK_TCK")


def _family(pid: int) -> list[int]:
    children = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True, check=False
    ).stdout.split()
    return [pid, *(p for child in map(int, children) for p in _family(child))]


def main() -> None:
    if not Path("/proc/self/stat").exists():
        print("bench web_cpu reads CPU times from /proc: it runs on Linux only")
        return
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "verksam.web.settings"
    with tempfile.TemporaryDirectory(prefix="verksam-bench-cpu-") as folder:
        os.environ["VERKSAM_HOME"] = folder
        import django

        django.setup()
        home = Path(folder)
        slug, token = bench_web.prepare(home)
        env = {**os.environ, "VERKSAM_HOME": str(home), "VERKSAM_ALLOWED_HOSTS": bench_web.HOST}
        env.pop("REDIS_URL", None)
        port = bench_web.free_port()
        command = [str(Path(sys.executable).parent / "verksam"), "serve", "--host", bench_web.HOST,
                   "--port", str(port), "--workers", "0"]  # fmt: skip
        server = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            bench_web.wait_for(port)
            time.sleep(1)
            measure(server.pid, bench_web.Client(port), slug, token)
        finally:
            server.terminate()
            server.wait(timeout=20)


def measure(pid: int, client: bench_web.Client, slug: str, token: str) -> None:
    client.sign_in("user0")
    page = f"/o/bench/cases/{slug}/views/processes/"
    api = f"/api/v1/organisations/bench/cases/{slug}/operations"
    state = {"base": "1", "value": 100}

    def base_of(data: bytes) -> str:
        found = re.search(rb'name="base" value="(\d+)" id="case-base"', data)
        if found is None:
            raise SystemExit("the page has no base revision")
        return found.group(1).decode()

    def edit(i: int) -> None:
        state["value"] += 1
        form = {"base": state["base"], "action": "field", "table": "activities",
                "column": "touch_minutes", "item": f"{NODES}/a{i % 100}", "value": str(state["value"])}  # fmt: skip
        headers = {"Content-Type": "application/x-www-form-urlencoded", "HX-Request": "true"}
        status, data, _t = client.request(
            "POST", f"{page}editor/", urlencode(form).encode(), headers
        )
        if status != 200:
            raise SystemExit(f"editor answered {status}")
        state["base"] = base_of(data)

    def api_edit(i: int) -> None:
        # 20 revisions behind; the node it changes was last changed 100 requests ago
        body = {"op": "change", "path": f"{NODES}/a{i % 100}/waiting_hours",
                "value": i % 7 + 0.5, "base": int(state["base"]) - 20}  # fmt: skip
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
        status, data, _t = client.request("POST", api, json.dumps(body).encode(), headers)
        if status != 200:
            raise SystemExit(f"API answered {status}: {data[:200]!r}")
        state["base"] = str(json.loads(data)["number"])

    state["base"] = base_of(client.request("GET", page)[1])
    for i in range(25):  # warm up, and 20 revisions behind for the API's base
        edit(i)
        client.request("GET", page)
    kinds = {
        "sign-in page": lambda i: client.request("GET", "/accounts/login/"),
        "editor edit (new revision)": edit,
        "processes page (revision made)": lambda i: client.request("GET", page),
        "JSON API edit (base 20 behind)": api_edit,
    }
    print(f"server CPU per request, {REQUESTS} of each kind, one user, 100 activities, SQLite")
    for name, send in kinds.items():
        started = cpu_seconds(pid)
        for i in range(REQUESTS):
            send(i)
        print(f"{name:<34} {1000 * (cpu_seconds(pid) - started) / REQUESTS:7.1f} ms")


if __name__ == "__main__":
    main()
