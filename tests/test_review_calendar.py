"""Working time to calendar time."""

import numpy as np
import pytest

from orgmodel.review.calendar import calendar_instant, calendar_quantiles, calendar_turnaround
from orgmodel.scenario import WorkWeek

WEEK = WorkWeek(days_per_week=5, hours_per_day=8, start_hour=9)


def test_instants_map_to_clock_hours():
    # Monday 09:00, Monday 13:00, Tuesday 09:00, next Monday 09:00
    assert calendar_instant([0, 4, 8, 40], WEEK).tolist() == [9, 13, 33, 177]


def test_change_sent_late_waits_overnight():
    # sent Monday 16:00 (7 working hours in), needs 2 working hours: done Tuesday 10:00
    assert calendar_turnaround(7.0, 2.0, WEEK) == pytest.approx(18.0)
    # sent Friday 16:00, needs 2 hours: done Monday 10:00
    assert calendar_turnaround(39.0, 2.0, WEEK) == pytest.approx(66.0)


def test_finish_at_end_of_day_stays_that_day():
    assert calendar_turnaround(4.0, 4.0, WEEK) == pytest.approx(4.0)  # 13:00 -> 17:00 Monday


def test_round_the_clock_week_is_identity():
    always = WorkWeek(days_per_week=7, hours_per_day=24, start_hour=0)
    t = np.linspace(0, 500, 11)
    assert np.allclose(calendar_turnaround(t, 3.5, always), 3.5)


def test_quantiles_of_zero_turnaround_are_zero_and_grow():
    q, mean = calendar_quantiles(np.zeros(10), WEEK, np.array([0.5, 0.9]))
    assert q.tolist() == [0.0, 0.0] and mean == 0.0
    q, _ = calendar_quantiles(np.full(10, 8.0), WEEK, np.array([0.5]))
    assert q[0] == pytest.approx(24.0)  # a full working day later is the same time next working day
