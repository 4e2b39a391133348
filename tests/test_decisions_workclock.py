"""The working clock: calendar <-> working hours, carry-over across nights and weekends, meetings."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from orgmodel.decisions.workclock import WorkClock

CLOCK = WorkClock(days_per_week=5, hours_per_day=8.0, start_hour=9.0)  # Mon-Fri 09:00-17:00


def at(weekday: int, hour: float, week: int = 0) -> float:
    return week * 168.0 + weekday * 24.0 + hour


def test_working_hours_at_known_moments() -> None:
    assert CLOCK.working_hours_at(at(0, 9)) == 0.0
    assert CLOCK.working_hours_at(at(0, 12.5)) == 3.5
    assert CLOCK.working_hours_at(at(0, 20)) == 8.0  # evening counts as the day's close
    assert CLOCK.working_hours_at(at(2, 10.5)) == 17.5  # Wednesday 10:30
    assert CLOCK.working_hours_at(at(5, 12)) == 40.0  # Saturday: the week is done
    assert CLOCK.working_hours_at(at(0, 10, week=1)) == 41.0


def test_calendar_at_carries_over_the_night_and_the_weekend() -> None:
    assert CLOCK.calendar_at(17.5 + 3.0) == at(2, 13.5)  # Wednesday 10:30 + 3 h
    assert CLOCK.calendar_at(17.5 + 9.0) == at(3, 11.5)  # + 9 h: 6.5 h Wed, 2.5 h Thu
    assert CLOCK.calendar_at(8.0) == at(1, 9)  # closing time: acted on next morning
    assert CLOCK.calendar_at(39.0 + 2.0) == at(0, 10, week=1)  # Friday 16:00 + 2 h -> Monday 10:00


@given(st.floats(min_value=0, max_value=5_000, allow_nan=False))
def test_calendar_at_inverts_working_hours_at(w: float) -> None:
    t = float(CLOCK.calendar_at(w))
    assert float(CLOCK.working_hours_at(t)) == pytest.approx(w, abs=1e-9)
    hour = t % 24
    weekday = int(t // 24) % 7
    assert weekday < 5 and 9.0 - 1e-9 <= hour < 17.0


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
