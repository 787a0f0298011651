"""Live workshop latency: PEOPLE participants on one case against `verksam serve` with the Redis
channel layer, each saving one cell in the activity table every 5 s (the editor's htmx request,
as a browser sends it) while every page listens on its WebSocket like live.js: it says which
workspace it shows ("watch") and takes the changed parts that come with a revision when they are
measured from the revision it shows; otherwise it re-fetches its workspace (one fetch at a time,
one more if revisions came meanwhile). `BENCH_LIVE_REFETCH=1` makes every page re-fetch, as
before the parts were pushed (for comparison).

Prints p50/p95 of the time from one participant's save (the request sent) to every other
participant's updated workspace (the parts received, or the re-fetched workspace, showing that
revision; applying them to a browser's page is not in it), the same for the socket message alone,
how many pages had to re-fetch, and the server's CPU use (all its processes, from /proc).

Bounded: SECONDS of edits (120; `BENCH_LIVE_SECONDS=20` for a quick run), PEOPLE (30,
`BENCH_LIVE_PEOPLE`), loopback only. Needs Redis (`REDIS_URL`, default redis://127.0.0.1:6379/0);
without one it says so and measures nothing.
"""

from __future__ import annotations

import asyncio
import http.client
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from bench.bench_web import HOST, PASSWORD, Client, case_document, free_port, percentile, wait_for

PEOPLE = int(os.environ.get("BENCH_LIVE_PEOPLE", "30"))
SECONDS = float(os.environ.get("BENCH_LIVE_SECONDS", "120"))
EVERY = 5.0  # seconds between one participant's edits
ACTIVITIES = 40  # a workshop-sized process: the swimlane, the table and the key figures
REDIS = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
REFETCH = os.environ.get("BENCH_LIVE_REFETCH", "") == "1"


def prepare(home: Path) -> str:
    """A fresh SQLite database under `home` with PEOPLE editors and the case; returns its slug."""
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connections

    connections.close_all()
    connections["default"].settings_dict["NAME"] = str(home / "verksam.sqlite3")
    from verksam.model import Case
    from verksam.web.cases.services import create_case
    from verksam.web.organisations.models import Membership, Organisation

    call_command("migrate", interactive=False, verbosity=0)
    organisation = Organisation.objects.create(slug="bench", name="Bench kommun", country="SE")
    users = []
    for n in range(PEOPLE):
        user = User.objects.create_user(f"user{n}", f"user{n}@example.org", PASSWORD)
        Membership.objects.create(organisation=organisation, user=user, role="editor")
        users.append(user)
    case = create_case(
        organisation, users[0], Case.model_validate(case_document(ACTIVITIES)), how="import"
    )
    connections.close_all()
    return str(case.slug)


class Http(Client):
    """bench_web's session client, opening a new connection when the server closed the idle one
    (as a browser does: a participant pauses 5 s between edits)."""

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, bytes, float]:  # fmt: skip
        try:
            return super().request(method, path, body, headers)
        except (BrokenPipeError, ConnectionResetError, http.client.RemoteDisconnected):
            self.connection.close()
            self.connection = http.client.HTTPConnection(HOST, self.port, timeout=60)
            return super().request(method, path, body, headers)

    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())


REVISION = re.compile(rb'data-live-revision="(\d+)"')
LANGUAGE = re.compile(rb'<html lang="([a-z-]+)"')


@dataclass
class Participant:
    n: int
    port: int
    slug: str
    pool: ThreadPoolExecutor
    edits: list[tuple[int, float]] = field(default_factory=list)  # (revision, sent at)
    heard: dict[int, float] = field(default_factory=dict)  # revision -> socket message at
    shows: list[tuple[float, int]] = field(default_factory=list)  # (at, revision) the page came to
    errors: list[str] = field(default_factory=list)
    shown: int = 1
    language: str = "en"
    pushed: int = 0  # updates taken from the socket
    fetched: int = 0  # re-fetches of the whole workspace
    received: int = 0  # bytes of socket messages
    ready: asyncio.Event = field(default_factory=asyncio.Event)

    def __post_init__(self) -> None:
        self.http = Http(self.port)  # for edits
        self.fetcher = Http(self.port)  # for live refreshes (a browser has several connections)
        self.page = f"/o/bench/cases/{self.slug}/views/processes/?process=big&variant=as-is"
        self.editor = f"/o/bench/cases/{self.slug}/views/processes/editor/"
        self.fetching = False
        self.again = False
        self.waiting: dict[str, Any] | None = None
        self.gaps = 0  # updates measured from another revision than the page showed

    async def call(self, function: Any, *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self.pool, function, *args)

    async def start(self) -> None:
        await self.call(self.http.sign_in, f"user{self.n}")
        self.fetcher.cookies = dict(self.http.cookies)
        _status, page, _t = await self.call(self.http.request, "GET", self.page)
        match = REVISION.search(page)
        self.shown = int(match.group(1)) if match else 1
        language = LANGUAGE.search(page)
        self.language = language.group(1).decode() if language else "en"

    async def listen(self, stop: asyncio.Event) -> None:
        import websockets

        url = f"ws://{HOST}:{self.port}/ws/o/bench/cases/{self.slug}/"
        headers = {"Cookie": self.http.cookie_header(), "Origin": f"http://{HOST}:{self.port}"}
        async with websockets.connect(url, additional_headers=headers, max_size=None) as socket:
            if not REFETCH:
                await socket.send(
                    json.dumps({"type": "watch", "url": self.page, "lang": self.language})
                )
            self.ready.set()
            while not stop.is_set():
                try:
                    raw = await asyncio.wait_for(socket.recv(), timeout=0.5)
                except TimeoutError:
                    continue
                now = time.perf_counter()
                self.received += len(raw)
                message = json.loads(raw)
                if message.get("type") == "revision":
                    self.heard.setdefault(message["revision"], now)
                    update = message.get("update")
                    if update and update["revision"] > self.shown:
                        if self.fetching:
                            self.waiting = update  # taken when the fetch is back, if it fits
                        elif update["since"] == self.shown:
                            self.take(update)
                        else:
                            self.gaps += 1
                            self.refresh()
                    elif message["revision"] > self.shown:
                        self.refresh()

    def take(self, update: dict[str, Any]) -> None:
        """The parts of an update, as live.js morphs them in."""
        self.shown = update["revision"]
        self.pushed += 1
        self.seen(time.perf_counter())

    def seen(self, now: float) -> None:
        self.shows.append((now, self.shown))

    def updated(self, revision: int) -> float | None:
        """When the page first showed `revision` or a later one (its parts, a re-fetch, or the
        answer to its own edit)."""
        return next((at for at, shown in self.shows if shown >= revision), None)

    def refresh(self) -> None:
        if self.fetching:
            self.again = True
            return
        self.fetching = True
        asyncio.get_running_loop().create_task(self._fetch())

    async def _fetch(self) -> None:
        while True:
            self.again = False
            self.fetched += 1
            status, data, _t = await self.call(
                self.fetcher.request,
                "GET",
                self.page,
                None,
                {"X-Verksam-Live": "1", "HX-Request": "true"},
            )
            now = time.perf_counter()
            match = REVISION.search(data)
            if status != 200 or not match:
                self.errors.append(f"refresh {status}")
            else:
                self.shown = max(self.shown, int(match.group(1)))
                self.seen(now)
            update, self.waiting = self.waiting, None
            if update and update["revision"] > self.shown:
                if update["since"] == self.shown:
                    self.take(update)
                else:
                    self.gaps += 1
                    self.again = True
            if not self.again:
                break
        self.fetching = False

    async def work(self, until: float) -> None:
        rng = random.Random(self.n)
        await asyncio.sleep(rng.uniform(0, EVERY))
        value = 10
        while time.perf_counter() < until:
            value += 1
            form = urlencode({"base": str(self.shown), "action": "field", "table": "activities",
                              "column": "touch_minutes", "item": f"processes/big/variants/as-is/nodes/a{self.n % ACTIVITIES}",
                              "value": str(value), "process": "big", "variant": "as-is"}).encode()  # fmt: skip
            sent = time.perf_counter()
            status, data, _t = await self.call(
                self.http.request, "POST", self.editor, form,
                {"Content-Type": "application/x-www-form-urlencoded", "HX-Request": "true"},
            )  # fmt: skip
            match = REVISION.search(data)
            if status != 200 or not match:
                self.errors.append(f"edit {status}")
            else:
                revision = int(match.group(1))
                self.edits.append((revision, sent))
                self.shown = max(self.shown, revision)
                self.seen(time.perf_counter())
            await asyncio.sleep(max(0.0, sent + EVERY - time.perf_counter()))


def machine_cpu_seconds() -> float:
    """Busy CPU time of the whole machine so far (Linux /proc/stat), every process."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle and iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def cpu_seconds(root: int) -> float:
    """User + system CPU time of a process and all its descendants (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    stats: dict[int, tuple[int, float]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        stats[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / tick)
    tree, grew = {root}, True
    while grew:
        grew = False
        for pid, (parent, _cpu) in stats.items():
            if parent in tree and pid not in tree:
                tree.add(pid)
                grew = True
    return sum(stats[pid][1] for pid in tree if pid in stats)


async def workshop(port: int, slug: str, server_pid: int) -> dict[str, Any]:
    pool = ThreadPoolExecutor(max_workers=2 * PEOPLE + 4)
    people = [Participant(n, port, slug, pool) for n in range(PEOPLE)]
    for batch in range(0, PEOPLE, 4):  # signing in hashes a password: a few at a time
        await asyncio.gather(*(p.start() for p in people[batch : batch + 4]))
    stop = asyncio.Event()
    listeners = [asyncio.create_task(p.listen(stop)) for p in people]
    await asyncio.gather(*(p.ready.wait() for p in people))
    cpu_before, wall_before = cpu_seconds(server_pid), time.perf_counter()
    machine_before, own_before, load_before = (
        machine_cpu_seconds(),
        time.process_time(),
        os.getloadavg()[0],
    )
    until = time.perf_counter() + SECONDS
    await asyncio.gather(*(p.work(until) for p in people))
    await asyncio.sleep(3)  # let the last updates arrive
    cpu, wall = cpu_seconds(server_pid) - cpu_before, time.perf_counter() - wall_before
    machine, own = machine_cpu_seconds() - machine_before, time.process_time() - own_before
    stop.set()
    failed = [r for r in await asyncio.gather(*listeners, return_exceptions=True) if r is not None]
    pool.shutdown(wait=False)
    update, message, missed = [], [], 0
    for author in people:
        for revision, sent in author.edits:
            for other in people:
                if other is author:
                    continue
                shown = other.updated(revision)
                if shown is not None and revision in other.heard:
                    update.append(shown - sent)
                    message.append(other.heard[revision] - sent)
                else:
                    missed += 1
    return {
        "update": update, "message": message, "missed": missed, "cpu": cpu, "wall": wall,
        "machine": machine, "own": own, "load_before": load_before,
        "edits": sum(len(p.edits) for p in people),
        "pushed": sum(p.pushed for p in people), "fetched": sum(p.fetched for p in people),
        "gaps": sum(p.gaps for p in people),
        "received": sum(p.received for p in people),
        "errors": [e for p in people for e in p.errors] + [f"socket {f!r}" for f in failed],
    }  # fmt: skip


def redis_answers() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS, socket_timeout=2).ping())
    except Exception:
        return False


def main() -> None:
    if not redis_answers():
        print(f"no Redis answers at {REDIS}: the live benchmark needs one (set REDIS_URL); skipped")
        return
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "verksam.web.settings"
    with tempfile.TemporaryDirectory(prefix="verksam-bench-live-") as folder:
        home = Path(folder)
        os.environ["VERKSAM_HOME"] = folder
        import django

        django.setup()
        slug = prepare(home)
        port = free_port()
        env = {**os.environ, "VERKSAM_HOME": folder, "VERKSAM_ALLOWED_HOSTS": HOST, "REDIS_URL": REDIS,
               "VERKSAM_CHANNELS_PREFIX": f"verksam-bench-{uuid.uuid4().hex[:8]}"}  # fmt: skip
        command = [str(Path(sys.executable).parent / "verksam"), "serve", "--host", HOST,
                   "--port", str(port), "--workers", "0"]  # fmt: skip
        server = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            wait_for(port)
            result = asyncio.run(workshop(port, slug, server.pid))
        finally:
            server.terminate()
            server.wait(timeout=20)
    report(result)


def report(result: dict[str, Any]) -> None:
    update, message = result["update"], result["message"]
    print(f"{PEOPLE} participants, one edit each every {EVERY:.0f} s for {SECONDS:.0f} s, "
          f"`verksam serve` with Redis on {os.cpu_count()} cores, loopback, SQLite, "
          f"{ACTIVITIES}-activity process")  # fmt: skip
    print(
        f"{'from one save to every other participant':<46} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}"
    )
    for name, values in (("...updated workspace shown (parts or re-fetch)", update),
                         ("...socket message received", message)):  # fmt: skip
        if values:
            print(f"{name:<46} {len(values):>6} {1000 * percentile(values, 50):>8.0f} "
                  f"{1000 * percentile(values, 95):>8.0f} {1000 * max(values):>8.0f}")  # fmt: skip
    print(f"edits: {result['edits']}, updates missed: {result['missed']}, errors: {len(result['errors'])} "
          f"{sorted(set(result['errors']))[:5]}")  # fmt: skip
    print(f"pages updated from the socket's parts: {result['pushed']}, workspaces re-fetched: "
          f"{result['fetched']} ({result['gaps']} for updates measured from another revision), socket bytes received: {result['received'] / 1e6:.1f} MB"
          f"{' (BENCH_LIVE_REFETCH=1: every page re-fetches)' if REFETCH else ''}")  # fmt: skip
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"machine load average (1, 5, 15 min): {result['load_before']:.1f} at the start, {load} at the end "
          f"(other work on the machine slows every figure)")  # fmt: skip
    others = (result["machine"] - result["cpu"] - result["own"]) / result["wall"]
    print(f"machine CPU busy: {result['machine'] / result['wall']:.2f} cores, of which this benchmark's "
          f"clients {result['own'] / result['wall']:.2f} and other work on the machine {others:.2f}")  # fmt: skip
    cores = result["cpu"] / result["wall"]
    print(
        f"server CPU: {result['cpu']:.1f} s over {result['wall']:.1f} s = {cores:.2f} cores "
        f"({100 * cores / (os.cpu_count() or 1):.0f} % of the machine), "
        f"{1000 * result['cpu'] / max(1, result['edits']):.0f} ms per edit"
    )
    if update:
        target = "met" if percentile(update, 95) < 0.5 else "NOT met"
        print(f"target p95 < 500 ms: {target} (mean {1000 * statistics.mean(update):.0f} ms)")


if __name__ == "__main__":
    main()
