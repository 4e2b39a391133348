"""The one working clock: calendar <-> working hours, the day-boundary rule, meetings, durations."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from orgmodel.scenario import WorkWeek
from orgmodel.workclock import WorkClock, calendar_quantiles, calendar_turnaround

CLOCK = WorkClock(days_per_week=5, hours_per_day=8.0, start_hour=9.0)  # Mon-Fri 09:00-17:00
WEEK = WorkWeek(days_per_week=5, hours_per_day=8, start_hour=9)


def at(weekday: int, hour: float, week: int = 0) -> float:
    return week * 168.0 + weekday * 24.0 + hour


def test_working_hours_at_known_moments() -> None:
    assert CLOCK.working_hours_at(at(0, 9)) == 0.0
    assert CLOCK.working_hours_at(at(0, 12.5)) == 3.5
    assert CLOCK.working_hours_at(at(0, 20)) == 8.0  # evening counts as the day's close
    assert CLOCK.working_hours_at(at(2, 10.5)) == 17.5  # Wednesday 10:30
    assert CLOCK.working_hours_at(at(5, 12)) == 40.0  # Saturday: the week is done
    assert CLOCK.working_hours_at(at(0, 10, week=1)) == 41.0


def test_instants_map_to_clock_hours() -> None:
    # Monday 09:00, Monday 13:00, Tuesday 09:30, next Monday 09:30
    assert CLOCK.calendar_at([0, 4, 8.5, 40.5]).tolist() == [at(0, 9), at(0, 13), at(1, 9.5), at(0, 9.5, week=1)]


def test_start_of_day_and_end_of_day() -> None:
    assert CLOCK.calendar_at(0.0) == at(0, 9)  # the very start is Monday's opening
    assert CLOCK.calendar_at(8.0) == at(0, 17)  # a boundary is the closing of the day that ended
    assert CLOCK.calendar_at(16.0) == at(1, 17)
    assert CLOCK.calendar_at(8.0 + 1e-6) == pytest.approx(at(1, 9))  # just after: next opening


def test_end_of_week_is_friday_closing_not_monday() -> None:
    assert CLOCK.calendar_at(40.0) == at(4, 17)
    assert CLOCK.calendar_at(80.0) == at(4, 17, week=1)
    assert CLOCK.calendar_at(40.5) == at(0, 9.5, week=1)


def test_seven_day_weeks() -> None:
    every_day = WorkClock(days_per_week=7, hours_per_day=10.0, start_hour=8.0)
    assert every_day.calendar_at(70.0) == at(6, 18)  # Sunday's closing
    assert every_day.calendar_at(75.0) == at(0, 13, week=1)
    assert every_day.working_hours_at(at(6, 23)) == 70.0
    assert every_day.at_work(at(6, 20)) == at(0, 8, week=1)


def test_twenty_four_hour_days() -> None:
    round_the_clock = WorkClock(days_per_week=5, hours_per_day=24.0, start_hour=0.0)
    # day 1 ends at the instant day 2 starts: both readings give Tuesday 00:00
    assert round_the_clock.calendar_at(24.0) == at(1, 0)
    assert round_the_clock.calendar_at(120.0) == at(5, 0)  # Friday 24:00 = Saturday 00:00
    assert round_the_clock.calendar_at(121.0) == at(0, 1, week=1)
    always = WorkClock(days_per_week=7, hours_per_day=24.0, start_hour=0.0)
    t = np.linspace(0, 500, 11)
    assert np.allclose(calendar_turnaround(t, 3.5, always), 3.5)
    assert np.allclose(always.calendar_at(t), t) and np.allclose(always.at_work(t), t)


def test_a_duration_of_exactly_one_day() -> None:
    assert calendar_turnaround(0.0, 8.0, CLOCK) == 8.0  # Monday 09:00 -> Monday 17:00, same day
    assert calendar_turnaround(3.0, 8.0, CLOCK) == 24.0  # Monday 12:00 -> Tuesday 12:00
    assert calendar_turnaround(39.0, 8.0, CLOCK) == pytest.approx(72.0)  # Friday 16:00 -> Monday 16:00
    q, _ = calendar_quantiles(np.full(10, 8.0), WEEK, np.array([0.5]))
    assert q[0] == pytest.approx(24.0)  # a full working day later is the same time next working day


def test_work_sent_late_waits_overnight_and_over_the_weekend() -> None:
    assert calendar_turnaround(7.0, 2.0, WEEK) == pytest.approx(18.0)  # Mon 16:00 -> Tue 10:00
    assert calendar_turnaround(39.0, 2.0, WEEK) == pytest.approx(66.0)  # Fri 16:00 -> Mon 10:00
    assert calendar_turnaround(4.0, 4.0, WEEK) == pytest.approx(4.0)  # 13:00 -> 17:00 Monday


def test_at_work_moves_outside_hours_to_the_next_opening() -> None:
    assert CLOCK.at_work(at(0, 12)) == at(0, 12)
    assert CLOCK.at_work(at(0, 17)) == at(0, 17)  # closing time is still at work
    assert CLOCK.at_work(at(0, 17.5)) == at(1, 9)
    assert CLOCK.at_work(at(0, 7)) == at(0, 9)
    assert CLOCK.at_work(at(4, 20)) == at(0, 9, week=1)  # Friday evening -> Monday
    assert CLOCK.at_work(at(5, 12)) == at(0, 9, week=1)  # Saturday
    assert CLOCK.at_work(at(6, 8)) == at(0, 9, week=1)  # Sunday morning


def test_calendar_at_carries_over_the_night_and_the_weekend() -> None:
    assert CLOCK.calendar_at(17.5 + 3.0) == at(2, 13.5)  # Wednesday 10:30 + 3 h
    assert CLOCK.calendar_at(17.5 + 9.0) == at(3, 11.5)  # + 9 h: 6.5 h Wed, 2.5 h Thu
    assert CLOCK.calendar_at(39.0 + 2.0) == at(0, 10, week=1)  # Friday 16:00 + 2 h -> Monday 10:00


@given(st.floats(min_value=0, max_value=5_000, allow_nan=False))
def test_calendar_at_inverts_working_hours_at(w: float) -> None:
    t = float(CLOCK.calendar_at(w))
    assert float(CLOCK.working_hours_at(t)) == pytest.approx(w, abs=1e-9)
    hour = t % 24
    weekday = int(t // 24) % 7
    assert weekday < 5 and 9.0 - 1e-9 <= hour <= 17.0 + 1e-9
    assert float(CLOCK.at_work(t)) == pytest.approx(t)  # the instant it names is at work


@given(st.floats(min_value=0, max_value=5_000, allow_nan=False))
def test_at_work_is_the_first_working_moment_not_before(t: float) -> None:
    a = float(CLOCK.at_work(t))
    assert a >= t
    assert float(CLOCK.working_hours_at(a)) == pytest.approx(float(CLOCK.working_hours_at(t)), abs=1e-9)


@given(
    st.floats(min_value=0, max_value=2_000, allow_nan=False),
    st.integers(min_value=1, max_value=12),
    st.data(),
)
def test_next_meeting_is_the_first_meeting_not_before(w: float, k: int, data: st.DataObject) -> None:
    day = data.draw(st.integers(min_value=0, max_value=k - 1))
    hour = data.draw(st.sampled_from([9.0, 10.0, 13.25, 16.5]))
    got = float(CLOCK.next_meeting(w, k, day, hour))
    meetings = np.array([n * 8.0 + hour - 9.0 for n in range(day, 400, k)])
    expected = meetings[meetings >= w - 1e-9].min()
    assert got == pytest.approx(expected)


def test_meeting_hour_outside_the_day_is_refused() -> None:
    with pytest.raises(ValueError, match=r"decisions.lead.meeting_hour = 18"):
        CLOCK.check_meeting_hour(18.0, "decisions.lead.meeting_hour")


def test_quantiles_of_zero_turnaround_are_zero() -> None:
    q, mean = calendar_quantiles(np.zeros(10), WEEK, np.array([0.5, 0.9]))
    assert q.tolist() == [0.0, 0.0] and mean == 0.0
