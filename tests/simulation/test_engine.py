"""The engine runs entries in time order, settles ties by priority then by scheduling order, and stops
where it is told."""

import numpy as np
import pytest

from verksam.simulation.engine import URGENT, EmptySchedule, Engine


def make() -> tuple[Engine, list[tuple[float, str]], int]:
    engine = Engine(np.random.default_rng(0))
    seen: list[tuple[float, str]] = []
    kind = engine.register(lambda data: seen.append((engine.now, data)))
    return engine, seen, kind


def test_entries_run_in_time_order_with_ties_in_scheduling_order():
    engine, seen, kind = make()
    engine.schedule(5.0, kind, "late")
    engine.schedule(1.0, kind, "first")
    engine.schedule(1.0, kind, "second")
    engine.run()
    assert seen == [(1.0, "first"), (1.0, "second"), (5.0, "late")]


def test_urgent_entries_go_before_ordinary_ones_at_the_same_time():
    engine, seen, kind = make()
    engine.schedule(2.0, kind, "normal")
    engine.schedule(2.0, kind, "urgent-1", priority=URGENT)
    engine.schedule(2.0, kind, "urgent-2", priority=URGENT)
    engine.run()
    assert [d for _t, d in seen] == ["urgent-1", "urgent-2", "normal"]


def test_handlers_can_schedule_more_work():
    engine = Engine(np.random.default_rng(0))
    times: list[float] = []

    def tick(n: int) -> None:
        times.append(engine.now)
        if n < 3:
            engine.schedule(1.5, kind, n + 1)

    kind = engine.register(tick)
    engine.schedule(0.0, kind, 0)
    engine.run()
    assert times == [0.0, 1.5, 3.0, 4.5]


def test_run_until_stops_before_later_entries_and_keeps_them():
    engine, seen, kind = make()
    engine.schedule(1.0, kind, "a")
    engine.schedule(10.0, kind, "b")
    assert engine.run(until=5.0) == 5.0
    assert seen == [(1.0, "a")]
    assert engine.peek() == 10.0
    engine.run()
    assert seen[-1] == (10.0, "b")


def test_step_on_an_empty_schedule_raises():
    engine, _seen, _kind = make()
    with pytest.raises(EmptySchedule):
        engine.step()
    assert engine.peek() == float("inf")


def test_the_past_cannot_be_scheduled():
    engine, _seen, kind = make()
    engine.schedule(3.0, kind, "x")
    engine.run()
    with pytest.raises(ValueError, match="negative delay"):
        engine.schedule(-1.0, kind, "y")
    with pytest.raises(ValueError, match="before now"):
        engine.run(until=1.0)
