"""`verksam serve` and `verksam worker`: the web app and its background worker.

Django is imported inside the functions so that the rest of the CLI starts without it.
"""

from __future__ import annotations

import os
import signal
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

out = Console()
err = Console(stderr=True)


def _setup(demo: bool = False) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verksam.web.settings")
    if demo:
        os.environ["VERKSAM_DEMO"] = "1"
    import django

    try:
        django.setup()
    except Exception as exc:  # settings or database configuration the user must fix
        err.print(f"[red]The web app cannot start:[/red] {exc}")
        raise typer.Exit(1) from None


def serve(
    demo: Annotated[
        bool,
        typer.Option("--demo", help="Load the pilot cases and demo users into an empty database."),
    ] = False,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    workers: Annotated[
        int,
        typer.Option("--workers", min=0, help="Background task workers to run beside the server."),
    ] = 1,
) -> None:
    """Migrate the database, optionally load the demo, and run the web server with a task worker."""
    if host not in ("127.0.0.1", "localhost", "::1"):
        os.environ.setdefault("VERKSAM_ALLOWED_HOSTS", f"localhost,127.0.0.1,[::1],{host}")
    else:  # only this machine can reach it: plain HTTP, cookies without the Secure flag
        os.environ.setdefault("VERKSAM_PLAIN_HTTP", "1")
    _setup(demo)
    from django.conf import settings
    from django.core.management import call_command
    from django.db import DatabaseError

    try:
        call_command("migrate", interactive=False, verbosity=0)
    except DatabaseError as exc:
        err.print(f"[red]The database cannot be migrated:[/red] {exc}")
        raise typer.Exit(1) from None
    database = settings.DATABASES["default"]
    out.print(f"Database: {str(database['ENGINE']).rsplit('.', 1)[-1]} {database['NAME']}")
    if demo:
        _demo()
    url = f"http://{'localhost' if host in ('127.0.0.1', '::1') else host}:{port}/"
    out.print(f"\n[bold]Verksam is running at {url}[/bold]  (Ctrl+C stops it)\n")
    from verksam.web.jobs.supervisor import Supervisor

    supervisor = Supervisor(workers)  # restarts dead workers, fails jobs whose worker died
    supervisor.start()

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt  # so that SIGTERM, too, stops the workers below

    signal.signal(signal.SIGTERM, stop)
    try:
        _run_web_server(host, port)
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        supervisor.stop()


def _run_web_server(host: str, port: int) -> None:
    """Serve the app over ASGI (pages and live WebSockets) with gunicorn and uvicorn workers.

    With Redis (`REDIS_URL`) the channel layer reaches every process, so there are several (one per
    two cores, each with its helper process); without it the in-memory layer reaches only the
    sockets of its own process, so there is exactly one (otherwise people on the same case would
    not see each other). Django's own
    runserver took over half a second for its slowest answers with 20 people on two cores
    (bench/bench_web.py). Static files are served by Django's staticfiles handler, so one command
    is all a small installation needs; behind a proxy, serve them from `collectstatic` instead
    (docs/web.md).
    """
    from django.conf import settings
    from gunicorn.app.base import BaseApplication

    from verksam.web.serving import leave, settle

    redis = bool(settings.REDIS_URL)
    # Each server process gets a helper process for its heaviest work, the workspaces
    # (verksam.web.helper): a server process that made them itself kept every other request on
    # it waiting meanwhile. So with Redis there is one server process per two cores.
    if "VERKSAM_HELPER_PROCESS" not in os.environ:
        settings.HELPER_PROCESS = True
    cores = os.cpu_count() or 2
    if not redis:
        processes = 1
    elif settings.HELPER_PROCESS:
        processes = max(1, cores // 2)
    else:
        processes = cores
    if redis:
        out.print(f"Live updates: Redis channel layer, {processes} server processes.")
    else:
        out.print(
            "Live updates: in-memory channel layer, so one server process "
            "(set REDIS_URL to run several, or several servers behind a load balancer)."
        )

    # gunicorn ships no type information, so its base class is Any to mypy
    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
            self.cfg.set("bind", [bind])
            self.cfg.set("workers", processes)
            self.cfg.set("worker_class", "verksam.web.serving.Worker")
            self.cfg.set("post_worker_init", settle)
            self.cfg.set("worker_exit", leave)
            self.cfg.set("accesslog", None)
            self.cfg.set("loglevel", "warning")
            self.cfg.set("graceful_timeout", 5)  # open sockets reconnect to the next server
            self.cfg.set("keepalive", 30)  # live pages re-fetch now and then: keep connections

        def load(self) -> object:
            from verksam.web.asgi import application_with_static_files

            return application_with_static_files()

    from django.db import connections

    connections.close_all()  # the workers are forked: none may share the parent's connection
    Server().run()


def _demo() -> None:
    from verksam.web.demo import DEMO_PASSWORD, demo_logins, load_demo
    from verksam.web.organisations.models import Organisation

    if Organisation.objects.exists():
        out.print("The database already has organisations; the demo data was not loaded again.")
        logins = demo_logins()
    else:
        report = load_demo()
        for path, organisation in report.loaded:
            out.print(f"Loaded {path} into {organisation}")
        for path, reason in report.skipped:
            err.print(f"[yellow]Skipped {path}:[/yellow] {reason}")
        if not report.loaded:
            out.print("No example case files were found under examples/*/case.yaml.")
        logins = report.logins
    if logins:
        table = Table(title=f"Demo users (password: {DEMO_PASSWORD})")
        table.add_column("user")
        table.add_column("organisation")
        table.add_column("role")
        for login in logins:
            table.add_row(login.username, login.organisation, login.role)
        out.print(table)


def worker(
    queue: Annotated[
        str, typer.Option("--queue", help="Queues to take tasks from ('*' for all).")
    ] = "*",
    batch: Annotated[
        bool, typer.Option("--batch", help="Run the waiting tasks, then exit.")
    ] = False,
) -> None:
    """Run a background task worker (against the same database as the web app).

    Without --batch the worker runs supervised: restarted when it dies, its job marked failed.
    """
    _setup()
    if not batch:
        from verksam.web.jobs.supervisor import Supervisor

        Supervisor(1, queue=queue).run()
        return
    from django.core.management import call_command

    call_command("db_worker", "--no-reload", "--queue-name", queue, "--batch")
