"""A small discrete-event engine: one heap of (time, seq, kind, data) entries and a table of handlers.

Borrowed from SimPy's kernel (`now`, `schedule`, `step`, `run(until=)`, ties settled by a counter so
the same input always gives the same run), but with plain data in the heap instead of generator
processes: a handler is a function of the entry's `data`, picked by the entry's integer `kind`.
"""

from __future__ import annotations

from collections.abc import Callable
from heapq import heappop, heappush
from itertools import count
from typing import Any

import numpy as np

Handler = Callable[[Any], None]

URGENT = 0
"""Priority of entries that must run before ordinary ones scheduled for the same time."""
NORMAL = 1
"""Priority of ordinary entries."""

# Priority is folded into the sequence number: urgent entries take numbers far below every ordinary
# one, so the heap key stays (time, seq) and still orders urgent before normal at equal times.
_URGENT_OFFSET = -(1 << 62)


class EmptySchedule(Exception):
    """Raised by `Engine.step` when nothing is left to run."""


class Engine:
    """The simulation clock and its schedule of future events.

    Parameters
    ----------
    rng
        The seeded random generator that models draw from; the engine only holds it, so one
        seed decides the whole run.
    start
        The clock's start time (minutes by Verksam's convention; the engine is unit-free).
    """

    __slots__ = ("_urgent", "counter", "handlers", "heap", "now", "rng")

    def __init__(self, rng: np.random.Generator, start: float = 0.0) -> None:
        self.now: float = start
        self.rng = rng
        self.handlers: list[Handler] = []
        # `heap` and `counter` are public for the hot paths of this package, which push
        # (time, next(counter), kind, data) themselves to save a method call per event.
        self.heap: list[tuple[float, int, int, Any]] = []
        self.counter = count(1)
        self._urgent = count(_URGENT_OFFSET)

    def register(self, handler: Handler) -> int:
        """Adds a handler and returns the `kind` to schedule it with."""
        self.handlers.append(handler)
        return len(self.handlers) - 1

    def schedule(self, delay: float, kind: int, data: Any = None, priority: int = NORMAL) -> None:
        """Runs handler `kind` with `data` after `delay`.

        Raises
        ------
        ValueError
            If `delay` is negative (the past cannot be scheduled).
        """
        if delay < 0:
            raise ValueError(f"negative delay {delay}")
        self.at(self.now + delay, kind, data, priority)

    def at(self, time: float, kind: int, data: Any = None, priority: int = NORMAL) -> None:
        """Runs handler `kind` with `data` at absolute `time` (not before `now`)."""
        seq = next(self._urgent) if priority == URGENT else next(self.counter)
        heappush(self.heap, (time if time > self.now else self.now, seq, kind, data))

    def peek(self) -> float:
        """The time of the next entry, or infinity when the schedule is empty."""
        return self.heap[0][0] if self.heap else float("inf")

    def __len__(self) -> int:
        return len(self.heap)

    def step(self) -> None:
        """Runs the next entry.

        Raises
        ------
        EmptySchedule
            If nothing is scheduled.
        """
        if not self.heap:
            raise EmptySchedule()
        time, _seq, kind, data = heappop(self.heap)
        self.now = time
        self.handlers[kind](data)

    def run(self, until: float | None = None) -> float:
        """Runs entries until the schedule is empty or the next one lies after `until`.

        Returns the clock time when it stops; with `until` the clock is left at `until` if the
        schedule ran dry earlier, as in SimPy.

        Raises
        ------
        ValueError
            If `until` lies before `now`.
        """
        if until is not None and until < self.now:
            raise ValueError(f"until ({until}) lies before now ({self.now})")
        heap = self.heap
        handlers = self.handlers
        limit = float("inf") if until is None else until
        # The loop is the hot path of every simulation: locals only, one tuple unpack per entry.
        if until is None:
            while heap:
                time, _seq, kind, data = heappop(heap)
                self.now = time
                handlers[kind](data)
        else:
            while heap and heap[0][0] <= limit:
                time, _seq, kind, data = heappop(heap)
                self.now = time
                handlers[kind](data)
        if until is not None and self.now < until:
            self.now = until
        return self.now
