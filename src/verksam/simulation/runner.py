"""One simulation run of a compiled plan: tokens move through the flow, queue for people, and leave
statistics behind that take the same memory for a thousand cases as for a million.

A token is a case at a node. Moving a token through gateways and zero-time nodes happens at once
inside a handler; only arrivals, the end of an external wait and the end of a piece of work go
through the engine's heap.
"""

from __future__ import annotations

import math
from array import array
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from heapq import heappush
from typing import Any, Protocol

import numpy as np

from verksam.model.process import Distribution
from verksam.simulation.calendar import Timeline, arrival_timeline, working_timeline
from verksam.simulation.engine import Engine
from verksam.simulation.plan import ALL, CHOICE, DYNAMIC, MINUTES_PER_YEAR, ONE, SOME, Plan
from verksam.simulation.sampling import Sampler, Uniforms
from verksam.simulation.stats import Quantiles

Progress = Callable[[int], None]


class LogSink(Protocol):
    """Where simulated events go: rows of (case, node, resource, enabled, started, ended)."""

    rows: array[float]  # flat: six numbers per row
    chunk: int
    per_case: bool

    def flush(self) -> None: ...

    def case_done(self, case_id: int) -> None: ...


class _Case:
    __slots__ = ("arrival", "external", "id", "joins", "needs", "queued", "tokens", "touch")

    def __init__(self, case_id: int, arrival: float) -> None:
        self.id = case_id
        self.arrival = arrival
        self.tokens = 1
        self.touch = 0.0
        self.queued = 0.0
        self.external = 0.0
        self.joins: dict[int, int] | None = None
        self.needs: dict[int, int] | None = None  # OR join -> branches its split sent


class _Pool:
    __slots__ = (
        "area", "busy_work", "calendar", "capacity", "changed", "free", "max_queue", "queue",
    )  # fmt: skip

    def __init__(self, capacity: int | None, calendar: Timeline | None) -> None:
        self.capacity = capacity
        self.calendar = calendar
        # Free people by number; an unlimited pool hands out -1 (no individual needed).
        self.free: list[int] = list(range((capacity or 0) - 1, -1, -1))
        self.queue: deque[tuple[_Case, int, float]] = deque()
        self.area = 0.0  # integral of queue length over time
        self.changed = 0.0
        self.max_queue = 0
        self.busy_work = 0.0


@dataclass
class RunResult:
    """The statistics of one run (times in minutes)."""

    cases: int
    horizon: float  # clock time of the last completion
    cycle: Quantiles
    touch_total: float
    queued_total: float
    external_total: float
    wip_area: float
    wip_max: int
    visits: list[int]
    node_queued: list[float]
    node_external: list[float]
    node_work: list[float]
    node_paused: list[float]  # time work stood still outside its calendar's hours
    pool_busy: list[float]
    pool_queue_area: list[float]
    pool_queue_max: list[int]
    pool_open: list[float]  # open minutes of one person over the observation window
    window_start: float = 0.0  # clock time the observation window opens (the warm-up's end)
    completed_in_window: int = 0  # cases completed inside the observation window
    extras: dict[str, Any] = field(default_factory=dict)


class Simulation:
    """Runs `cases` cases of `plan` with a seeded generator; `run` returns a `RunResult`.

    Parameters
    ----------
    warmup
        Cases (by arrival order) left out of the figures, so a run that starts empty does not bias
        steady-state figures. Case and activity figures count the cases after the warm-up; the
        time-based ones (utilisation, WIP, queue lengths, throughput) count the observation window
        from the arrival of the first case after the warm-up to the last completion.
    log
        A sink for the event log, or None for statistics only.
    progress
        Called now and then with the number of cases that have arrived.
    """

    def __init__(
        self,
        plan: Plan,
        cases: int,
        rng: np.random.Generator,
        warmup: int = 0,
        log: LogSink | None = None,
        progress: Progress | None = None,
    ) -> None:
        self.plan = plan
        self.total = cases
        self.warmup = warmup
        self.log = log
        self.progress = progress
        self.engine = engine = Engine(rng)
        self.k_arrive = engine.register(self._arrive)
        self.k_waited = engine.register(self._waited)
        self.k_done = engine.register(self._done)
        self._heap = engine.heap  # pushed to directly on the hot path
        self._counter = engine.counter
        n = len(plan.node_ids)
        self.samplers = [Sampler(d, rng, c) for d, c in zip(plan.duration, plan.touch, strict=True)]
        self.uniforms = Uniforms(rng)
        self.pools = [
            _Pool(p.capacity, working_timeline(p.calendar, plan.start) if p.calendar else None)
            for p in plan.pools
        ]
        self.arrival_clock = arrival_timeline(
            plan.start, plan.arrival_weights, plan.arrival_calendar
        )
        if plan.arrival_interval is not None:
            self.interarrival = Sampler(plan.arrival_interval, rng)
        else:
            # Poisson arrivals: the year's volume spread over the (weighted) time open for arrivals.
            year = (
                self.arrival_clock.measure(0.0, MINUTES_PER_YEAR)
                if self.arrival_clock
                else MINUTES_PER_YEAR
            )
            mean = year / float(plan.volume_per_year or 1.0)
            self.interarrival = Sampler(Distribution(kind="exponential", mean=mean), rng)
        # The plan's lists as attributes of their own: one lookup less on every token move.
        self._join = plan.join
        self._pair = plan.pair
        self._wait = plan.wait
        self._pool = plan.pool
        self._route = plan.route
        self._targets = plan.targets
        self._cumulative = plan.cumulative
        self._terminate = plan.terminate
        self._is_activity = plan.is_activity
        # Gateways and events a token passes at once (activities are always counted and logged).
        self._instant = [
            plan.wait[i] == 0.0
            and plan.pool[i] < 0
            and self.samplers[i].constant == 0.0
            and not plan.is_activity[i]
            for i in range(n)
        ]
        # What `_enter` needs of a node, in one tuple: join count, passes at once, external
        # wait, and the pool of people (or None).
        self._spec: list[tuple[int, bool, float, _Pool | None]] = [
            (
                plan.join[i],
                self._instant[i],
                plan.wait[i],
                self.pools[plan.pool[i]] if plan.pool[i] >= 0 else None,
            )
            for i in range(n)
        ]
        self.arrived = 0
        self.completed = 0
        self.wip = 0
        self.wip_area = 0.0
        self.wip_changed = 0.0
        self.wip_max = 0
        self.cycle = Quantiles()
        self.touch_total = 0.0
        self.queued_total = 0.0
        self.external_total = 0.0
        self.last_end = 0.0
        self.window_start = 0.0
        self.completed_in_window = 0
        self._tally: list[list[float]] = [[0, 0.0, 0.0] for _ in range(n)]
        self.node_external = [0.0] * n
        self.node_paused = [0.0] * n

    # --- the run ------------------------------------------------------------------------------
    def run(self) -> RunResult:
        if self.total > 0:
            self.engine.at(self._next_arrival(0.0, first=True), self.k_arrive, None)
        self.engine.run()
        if self.log is not None:
            self.log.flush()
        horizon = self.last_end
        self._account_wip(horizon)
        opens: list[float] = []
        start = self.window_start
        for pool in self.pools:
            self._account_queue(pool, horizon)
            opens.append(
                pool.calendar.measure(start, horizon) if pool.calendar else horizon - start
            )
        return RunResult(
            cases=self.cycle.count,
            horizon=horizon,
            cycle=self.cycle,
            touch_total=self.touch_total,
            queued_total=self.queued_total,
            external_total=self.external_total,
            wip_area=self.wip_area,
            wip_max=self.wip_max,
            visits=[int(t[0]) for t in self._tally],
            node_queued=[t[1] for t in self._tally],
            node_external=self.node_external,
            node_work=[t[2] for t in self._tally],
            node_paused=self.node_paused,
            pool_busy=[p.busy_work for p in self.pools],
            pool_queue_area=[p.area for p in self.pools],
            pool_queue_max=[p.max_queue for p in self.pools],
            pool_open=opens,
            window_start=start,
            completed_in_window=self.completed_in_window,
        )

    def _next_arrival(self, now: float, first: bool = False) -> float:
        # The first case arrives at the first moment open for arrivals, as in Prosimos.
        gap = 0.0 if first else self.interarrival.draw()
        clock = self.arrival_clock
        if clock is None:
            return now + gap
        # Opening hours are half-open: an arrival due exactly at closing time comes at the next
        # opening instead (work, by contrast, may well end at closing time).
        return clock.finish(clock.finish(now, gap), 0.0)

    def _open_window(self, now: float) -> None:
        """The warm-up ends: time-based statistics restart from the state the system is in now."""
        self.window_start = now
        self._account_wip(now)
        self.wip_area = 0.0
        self.wip_max = self.wip
        self.completed_in_window = 0
        for pool in self.pools:
            self._account_queue(pool, now)
            pool.area = 0.0
            pool.max_queue = len(pool.queue)
            pool.busy_work = 0.0
        # Work under way now counts with the part still to do; busy time is booked at the start.
        for when, _, kind, data in self.engine.heap:
            if kind == self.k_done and data[5] is not None:
                pool, begin = data[5], max(data[4], now)
                if when > begin:
                    calendar = pool.calendar
                    pool.busy_work += calendar.measure(begin, when) if calendar else when - begin

    def _account_wip(self, now: float) -> None:
        self.wip_area += self.wip * (now - self.wip_changed)
        self.wip_changed = now

    @staticmethod
    def _account_queue(pool: _Pool, now: float) -> None:
        pool.area += len(pool.queue) * (now - pool.changed)
        pool.changed = now

    # --- handlers -------------------------------------------------------------------------------
    def _arrive(self, _data: None) -> None:
        now = self.engine.now
        case = _Case(self.arrived, now)
        if self.arrived == self.warmup and self.warmup:
            self._open_window(now)
        self.arrived += 1
        self._account_wip(now)
        self.wip += 1
        if self.wip > self.wip_max:
            self.wip_max = self.wip
        if self.arrived < self.total:
            self.engine.at(self._next_arrival(now), self.k_arrive, None)
        if self.progress is not None and not self.arrived & 1023:
            self.progress(self.arrived)
        self._leave(case, self.plan.start_node, now)

    def _enter(self, case: _Case, node: int, now: float) -> None:
        """A token reaches `node`: join, wait externally, then queue or work."""
        if case.tokens < 0:
            return  # the case has ended at a terminate end event: its other branches vanish
        need, instant, wait, pool = self._spec[node]
        if need == DYNAMIC:  # an OR join: as many branches as its split sent
            needs = case.needs
            need = needs.get(node, 1) if needs else 1
        if need > 1:
            joins = case.joins
            if joins is None:
                joins = case.joins = {}
            got = joins.get(node, 0) + 1
            if got < need:
                joins[node] = got
                case.tokens -= 1  # this branch ends here; the last one to arrive goes on
                return
            joins[node] = 0
            if case.needs is not None:
                case.needs.pop(node, None)  # this OR block is done
        if instant:  # gateways and plain events: straight through
            self._leave(case, node, now)
            return
        if wait > 0.0:
            engine = self.engine
            heappush(engine.heap, (now + wait, next(engine.counter), self.k_waited, (case, node)))
            return
        # _request inlined: this is the commonest path of all.
        if pool is None:
            self._start(case, node, now, now, None, -1)
            return
        if pool.capacity is None:
            self._start(case, node, now, now, pool, -1)
        elif pool.free:
            self._start(case, node, now, now, pool, pool.free.pop())
        else:
            queue = pool.queue
            pool.area += len(queue) * (now - pool.changed)
            pool.changed = now
            queue.append((case, node, now))
            if len(queue) > pool.max_queue:
                pool.max_queue = len(queue)

    def _waited(self, data: tuple[_Case, int]) -> None:
        case, node = data
        if case.tokens < 0:
            return
        now = self.engine.now
        wait = self._wait[node]
        if case.id >= self.warmup:
            case.external += wait
            self.node_external[node] += wait
        self._request(case, node, now, now)

    def _request(self, case: _Case, node: int, now: float, enabled: float) -> None:
        index = self._pool[node]
        if index < 0:
            self._start(case, node, now, enabled, None, -1)
            return
        pool = self.pools[index]
        if pool.capacity is None:
            self._start(case, node, now, enabled, pool, -1)
        elif pool.free:
            self._start(case, node, now, enabled, pool, pool.free.pop())
        else:
            queue = pool.queue
            pool.area += len(queue) * (now - pool.changed)
            pool.changed = now
            queue.append((case, node, enabled))
            if len(queue) > pool.max_queue:
                pool.max_queue = len(queue)

    def _start(
        self, case: _Case, node: int, now: float, enabled: float, pool: _Pool | None, person: int
    ) -> None:
        sampler = self.samplers[node]
        work = sampler.constant
        if work is None:
            try:  # cheaper than testing the length on every draw (a try costs nothing in 3.11)
                work = sampler.values[sampler.pos]
            except IndexError:
                sampler.refill()
                work = sampler.values[0]
            sampler.pos += 1
        begin = now
        end = now + work
        paused = 0.0
        if pool is not None:
            pool.busy_work += work
            calendar = pool.calendar
            if calendar is not None:
                begin = calendar.finish(now, 0.0)
                end = calendar.finish(now, work)
                paused = end - begin - work
        if case.id >= self.warmup:
            queued = now - enabled
            case.queued += queued
            case.touch += work
            tally = self._tally[node]  # visits, queued, work: one lookup for three sums
            tally[0] += 1
            tally[1] += queued
            tally[2] += work
            if paused:
                self.node_paused[node] += paused
        heappush(
            self._heap,
            (end, next(self._counter), self.k_done, (case, node, person, enabled, begin, pool)),
        )

    def _done(self, data: tuple[_Case, int, int, float, float, _Pool | None]) -> None:
        case, node, person, enabled, begin, pool = data
        now = self.engine.now
        if pool is not None:
            queue = pool.queue
            if queue:
                pool.area += len(queue) * (now - pool.changed)
                pool.changed = now
            while queue:
                waiting, wnode, wenabled = queue.popleft()
                if waiting.tokens >= 0:  # skip cases a terminate end event has ended
                    self._start(waiting, wnode, now, wenabled, pool, person)
                    break
            else:
                if person >= 0:
                    pool.free.append(person)
        log = self.log
        if log is not None and self._is_activity[node]:
            rows = log.rows
            rows.extend((case.id, node, person, enabled, begin, now))
            if len(rows) >= log.chunk:
                log.flush()
        if self._route[node] == ONE:  # the usual case, without the call to _leave
            self._enter(case, self._targets[node][0], now)
        else:
            self._leave(case, node, now)

    def _leave(self, case: _Case, node: int, now: float) -> None:
        """A token finishes `node` and moves on along the flow."""
        route = self._route[node]
        if route == ONE:
            self._enter(case, self._targets[node][0], now)
        elif route == CHOICE:
            u = self.uniforms
            try:
                draw = u.values[u.pos]
            except IndexError:
                u.refill()
                draw = u.values[0]
            u.pos += 1
            targets = self._targets[node]
            for i, edge in enumerate(self._cumulative[node]):
                if draw < edge:
                    self._enter(case, targets[i], now)
                    return
            self._enter(case, targets[-1], now)
        elif route == SOME:
            # Systematic sampling: branch i owns [c_{i-1}, c_i) of [0, sum p); the points u, u+1,
            # u+2... hit it with probability p_i <= 1, and the first always hits one.
            u = self.uniforms
            if u.pos >= len(u.values):
                u.refill()
            draw = u.values[u.pos]
            u.pos += 1
            targets = self._targets[node]
            chosen = []
            low = 0.0
            for i, high in enumerate(self._cumulative[node]):
                if draw + math.ceil(low - draw) < high:
                    chosen.append(targets[i])
                low = high
            join = self._pair[node]
            if join >= 0:
                if case.needs is None:
                    case.needs = {}
                case.needs[join] = len(chosen)
            case.tokens += len(chosen) - 1
            for target in chosen:
                if case.tokens > 0:
                    self._enter(case, target, now)
        elif route == ALL:
            targets = self._targets[node]
            case.tokens += len(targets) - 1
            for target in targets:
                if case.tokens > 0:  # a terminate end on an earlier branch may have ended the case
                    self._enter(case, target, now)
        else:  # END
            if self._terminate[node]:
                case.tokens = 1
            case.tokens -= 1
            if case.tokens == 0:
                self._complete(case, now)

    def _complete(self, case: _Case, now: float) -> None:
        case.tokens = -(1 << 30)  # tokens still on their way are ignored after a terminate end
        self.completed += 1
        self.completed_in_window += 1
        self._account_wip(now)
        self.wip -= 1
        if now > self.last_end:
            self.last_end = now
        if case.id >= self.warmup:
            self.cycle.add(now - case.arrival)
            self.touch_total += case.touch
            self.queued_total += case.queued
            self.external_total += case.external
        log = self.log
        if log is not None and log.per_case:
            log.case_done(case.id)
