"""Escalation latency in clock hours: `calendar_durations` against cases worked by hand."""

from __future__ import annotations

import numpy as np
import pytest

from orgmodel.decisions.analysis import analyse_decisions
from orgmodel.loading import load_preset
from orgmodel.workclock import WorkClock, calendar_durations

CLOCK = WorkClock(days_per_week=5, hours_per_day=8.0, start_hour=9.0)


def test_a_working_week_of_work_is_a_calendar_week_whenever_it_starts() -> None:
    out = calendar_durations(CLOCK, np.full(1_000, 40.0), np.random.default_rng(1))
    assert out == pytest.approx(np.full(1_000, 168.0))


def test_no_work_takes_no_time_and_work_never_takes_less_clock_time() -> None:
    rng = np.random.default_rng(2)
    assert calendar_durations(CLOCK, np.zeros(100), rng) == pytest.approx(np.zeros(100))
    work = rng.uniform(0, 100, 5_000)
    assert (calendar_durations(CLOCK, work, rng) >= work - 1e-9).all()


def test_mean_clock_time_of_one_working_hour_by_hand() -> None:
    # 1 working hour started uniformly in the 40-hour week: it spans a night (16 h) when it starts
    # in the last hour of Mon-Thu (4 of 40 hours) and a night plus the weekend (16 + 48 h) when it
    # starts in Friday's last hour (1 of 40): mean = 1 + 16 * 4/40 + 64 * 1/40 = 4.2 h.
    out = calendar_durations(CLOCK, np.ones(400_000), np.random.default_rng(3))
    assert out.mean() == pytest.approx(4.2, rel=0.02)


def test_presets_report_calendar_percentiles_above_working_ones() -> None:
    for name in ("xiaomi-2012", "hierarchical-400"):
        r = analyse_decisions(load_preset(name))
        assert r.escalation_p90_calendar_hours is not None and r.escalation_p90_working_hours is not None
        assert r.escalation_p90_calendar_hours >= r.escalation_p90_working_hours
        assert r.escalation_p50_calendar_hours is not None
