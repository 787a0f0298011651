"""Work pauses outside office hours, at weekends and on Swedish and Norwegian public holidays."""

import datetime as dt

from tests.simulation.simulation_models import tandem_case
from verksam.model.process import Arrivals, Calendar, Distribution, WorkingHours
from verksam.simulation import simulate
from verksam.simulation.calendar import Timeline, arrival_timeline, working_timeline

MONDAY = dt.datetime(2026, 3, 2)  # an ordinary week in both countries


def office(country=None, closed=()) -> Calendar:
    hours = [WorkingHours(weekday=d, start=dt.time(8), end=dt.time(16)) for d in range(5)]
    return Calendar(id="office", hours=hours, holidays=country, closed=list(closed))


def at(day: int, hour: float) -> float:
    """Clock minutes of `hour` o'clock on day `day` after the Monday start."""
    return day * 1440 + hour * 60


def test_work_pauses_overnight_and_over_the_weekend():
    t = working_timeline(office(), MONDAY)
    assert t.finish(at(0, 9), 60) == at(0, 10)
    assert t.finish(at(0, 15), 120) == at(1, 9)  # one hour today, one tomorrow
    assert t.finish(at(4, 15), 120) == at(7, 9)  # Friday afternoon -> Monday morning
    assert t.finish(at(5, 12), 0) == at(7, 8)  # Saturday: next opening is Monday 08:00


def test_measure_counts_open_minutes_only():
    t = working_timeline(office(), MONDAY)
    assert t.measure(0, at(7, 0)) == 5 * 8 * 60
    assert t.measure(at(0, 15), at(1, 9)) == 120


def test_swedish_and_norwegian_public_holidays_are_closed():
    # 6 January (Epiphany) is a holiday in Sweden, not in Norway; 17 May only in Norway.
    jan5 = dt.datetime(2026, 1, 5)  # Monday
    se = working_timeline(office("SE"), jan5)
    no = working_timeline(office("NO"), jan5)
    assert se.finish(at(0, 15), 120) == at(2, 9)  # Tuesday the 6th is skipped
    assert no.finish(at(0, 15), 120) == at(1, 9)
    may15 = dt.datetime(2028, 5, 15)  # Monday; 17 May 2028 is a Wednesday
    assert working_timeline(office("NO"), may15).measure(0, at(7, 0)) == 4 * 8 * 60
    assert working_timeline(office("SE"), may15).measure(0, at(7, 0)) == 5 * 8 * 60


def test_closed_days_of_the_calendar_are_skipped():
    t = working_timeline(office(closed=[dt.date(2026, 3, 3)]), MONDAY)
    assert t.finish(at(0, 15), 120) == at(2, 9)


def test_a_weekly_pattern_spreads_arrivals_over_weighted_days():
    weights = [2, 1, 1, 1, 1, 0, 0]
    t = arrival_timeline(MONDAY, weights, None)
    assert isinstance(t, Timeline)
    # Weights are normalised to a mean of 1 over open days: Monday counts 2 × 1440 / 1.2.
    assert abs(t.measure(0, at(1, 0)) - 2 * 1440 / 1.2) < 1e-6
    assert t.measure(at(5, 0), at(7, 0)) == 0.0


def test_simulated_work_only_happens_in_office_hours():
    case = tandem_case(240.0, [(60.0, 1)])
    case.calendars.append(office("SE"))
    case.structure.roles[0].calendar = "office"
    summary = simulate(case, "p", cases=300, seed=2, start=MONDAY)
    run = summary.runs[0]
    # Utilisation counts office hours only, so it is far above work / calendar time.
    role = summary["roles"]["r0"]
    busy_share_of_clock = role["busy_hours"].value * 60 / run.horizon
    assert role["utilisation"].value > 3 * busy_share_of_clock
    # A task that starts late in the day finishes the next working day: elapsed exceeds work.
    task = summary["activities"]["t0"]
    assert task["elapsed_hours"].value > task["work_hours"].value


def test_event_log_has_no_work_outside_office_hours(tmp_path):
    import polars as pl

    case = tandem_case(180.0, [(45.0, 2)])
    case.calendars.append(office("SE"))
    case.structure.roles[0].calendar = "office"
    case.processes[0].variants[0].arrivals = Arrivals(
        interval=Distribution(kind="exponential", mean=180.0), calendar="office"
    )
    log = tmp_path / "log.parquet"
    simulate(case, "p", cases=400, seed=4, start=MONDAY, log=log)
    frame = pl.read_parquet(log)
    # The only task's enabled time is the case's arrival, which the arrival calendar also limits.
    for column in ("enabled_timestamp", "start_timestamp", "timestamp"):
        stamps = frame[column]
        assert (stamps.dt.weekday() <= 5).all()  # polars: Monday 1 ... Sunday 7
        minutes = stamps.dt.hour().cast(pl.Int32) * 60 + stamps.dt.minute().cast(pl.Int32)
        assert ((minutes >= 8 * 60) & (minutes <= 16 * 60)).all()
    assert frame.height == 400


def round_the_clock(end: str) -> Calendar:
    return Calendar.model_validate(
        {"id": "on-call", "hours": [{"weekday": d, "start": "00:00", "end": end} for d in range(7)]}
    )


def test_a_working_day_may_end_at_midnight_written_as_00_00_or_24_00():
    from verksam.model import validate

    for end in ("00:00", "24:00"):
        case = tandem_case(180.0, [(45.0, 2)])
        case.calendars.append(round_the_clock(end))
        case.structure.roles[0].calendar = "on-call"
        assert [p for p in validate(case) if "calendars" in p.path] == []
        t = working_timeline(case.calendars[0], MONDAY)
        assert t.measure(0, at(7, 0)) == 7 * 1440
        assert t.finish(at(0, 23), 120) == at(1, 1)  # work goes on through midnight


def test_opening_hours_that_end_before_they_start_are_still_refused():
    from verksam.model import validate

    case = tandem_case(180.0, [(45.0, 2)])
    case.calendars.append(
        Calendar.model_validate(
            {"id": "odd", "hours": [{"weekday": 0, "start": "16:00", "end": "08:00"}]}
        )
    )
    assert [p.code for p in validate(case) if "calendars" in p.path] == ["bad-hours"]


def test_the_written_log_keeps_office_hours_in_local_time_across_both_clock_changes(tmp_path):
    import polars as pl

    # 23 March to early November 2026 spans summer time's start (29 March) and end (25 October).
    for country in ("SE", "NO"):
        case = tandem_case(2000.0, [(45.0, 1)])
        case.settings = case.settings.model_copy(update={"country": country})
        case.calendars.append(office(country))
        case.structure.roles[0].calendar = "office"
        log = tmp_path / f"{country}.parquet"
        summary = simulate(case, "p", cases=200, seed=2, start=dt.datetime(2026, 3, 23), log=log)
        frame = pl.read_parquet(log)
        last = frame["timestamp"].max()
        assert last is not None and last.month >= 11, "the run must span both clock changes"
        for column in ("start_timestamp", "timestamp"):
            local = frame[column]
            assert str(local.dtype.time_zone) in ("Europe/Stockholm", "Europe/Oslo")  # type: ignore[attr-defined]
            minutes = local.dt.hour().cast(pl.Int32) * 60 + local.dt.minute().cast(pl.Int32)
            assert ((minutes >= 8 * 60) & (minutes <= 16 * 60)).all(), (country, column)
        assert summary.json()["roles"]["r0"]["calendar"] == "office"


def test_a_role_without_a_calendar_is_reported_as_working_round_the_clock():
    summary = simulate(tandem_case(180.0, [(45.0, 2)]), "p", cases=50, seed=1)
    assert summary.json()["roles"]["r0"]["calendar"] is None
