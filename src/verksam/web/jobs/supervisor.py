"""The supervisor of the task workers that `verksam serve` and `verksam worker` start: it starts a
worker again when one has died, marks failed the jobs whose worker died, and stops (kills and
replaces) a worker whose job has run past JOB_TIME_LIMIT."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading

from django.db import connections

from verksam.web.jobs.health import fail, fail_orphaned_jobs, overdue_jobs, time_limit_message

log = logging.getLogger("verksam.jobs")


def _die_with_parent() -> None:
    """In a worker child: ask Linux to stop it when its supervisor ends, however that ends."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # not Linux: stop() still ends the workers


class Supervisor:
    """Keeps ``count`` task-worker processes running and their jobs honest.

    `start` starts the workers and a thread that calls `check` every ``interval`` seconds; `stop`
    ends both. `check` is one round, callable on its own.
    """

    def __init__(self, count: int, queue: str = "*", interval: float = 2.0) -> None:
        self.count = count
        self.command = [
            sys.executable, "-m", "django", "db_worker", "--no-reload", "--queue-name", queue,
            "-v", "0",
        ]  # fmt: skip
        self.interval = interval
        self.processes: list[subprocess.Popen[bytes]] = []
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._env = {**os.environ, "DJANGO_SETTINGS_MODULE": "verksam.web.settings"}

    def _spawn(self) -> subprocess.Popen[bytes]:
        return subprocess.Popen(self.command, env=self._env, preexec_fn=_die_with_parent)

    def start(self) -> None:
        self.processes = [self._spawn() for _ in range(self.count)]
        if self.count:
            self._thread = threading.Thread(target=self._loop, name="job-supervisor", daemon=True)
            self._thread.start()

    def _loop(self) -> None:
        while not self._stopping.wait(self.interval):
            try:
                self.check()
            except Exception:  # the supervisor must outlive any one failed round
                log.exception("supervising the task workers failed; trying again")

    def check(self) -> None:
        """Restart dead workers, stop overdue jobs, fail the jobs of workers that died."""
        try:
            for index, process in enumerate(self.processes):
                if process.poll() is not None and not self._stopping.is_set():
                    log.warning("task worker %s ended (exit code %s); starting a new one",
                                process.pid, process.returncode)  # fmt: skip
                    self.processes[index] = self._spawn()
            by_pid = {process.pid: process for process in self.processes}
            for job in overdue_jobs(set(by_pid)):
                process = by_pid[job.worker_pid or 0]
                log.warning("job %s (%s) ran past the time limit; stopping worker %s",
                            job.pk, job.kind, process.pid)  # fmt: skip
                process.kill()
                process.wait()
                fail(job, time_limit_message(job))
            fail_orphaned_jobs()
        finally:
            connections.close_all()  # this thread's connection: never shared with forked servers

    def stop(self) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout=self.interval + 30)
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()

    def run(self) -> None:
        """Start, then supervise in this thread until SIGTERM or Ctrl+C."""

        def interrupt(signum: int, frame: object) -> None:
            raise KeyboardInterrupt

        signal.signal(signal.SIGTERM, interrupt)
        self.processes = [self._spawn() for _ in range(self.count)]
        try:
            while not self._stopping.wait(self.interval):
                try:
                    self.check()
                except Exception:
                    log.exception("supervising the task workers failed; trying again")
        except KeyboardInterrupt:
            pass
        finally:
            self.stop()
