"""Mobilisation on tiny trees, by hand: direct relays, overnight and weekend carry-over, meetings."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from orgmodel.decisions.mobilisation import mobilise
from orgmodel.layout import layout
from orgmodel.scenario import Scenario
from orgmodel.workclock import WorkClock
from tests.test_decisions_escalation import direct, make_scenario


def run(engineers: int, team: int, weekday: int, hour: float, **policies: Any) -> Any:
    s = make_scenario([engineers], team=team, decision_weekday=weekday, decision_hour=hour, **policies)
    assert s.decisions is not None
    return mobilise(layout(s), s.decisions, WorkClock.of(s.work))


def test_same_day_direct_relays() -> None:
    # Wed 10:30, founder +3 h -> lead 13:30, lead +3 h -> engineers 16:30
    m = run(2, 2, weekday=2, hour=10.5, founder=direct(3.0), lead=direct(3.0))
    assert m.calendar_hours == pytest.approx([6.0, 6.0])
    assert m.working_hours == pytest.approx([6.0, 6.0])


def test_arriving_at_closing_time_counts_that_day() -> None:
    # lead +3.5 h lands at 17:00 sharp: closing time belongs to the day (the one boundary rule of
    # orgmodel.workclock), so the engineers have it Wednesday 17:00, 6.5 h after 10:30
    m = run(2, 2, weekday=2, hour=10.5, founder=direct(3.0), lead=direct(3.5))
    assert m.calendar_hours == pytest.approx([6.5, 6.5])
    assert m.working_hours == pytest.approx([6.5, 6.5])
    # half an hour more (founder +3.5 h, lead +3.5 h) runs past closing: Thursday 09:30
    m = run(2, 2, weekday=2, hour=10.5, founder=direct(3.5), lead=direct(3.5))
    assert m.calendar_hours == pytest.approx([23.0, 23.0])


def test_overnight_carry_over() -> None:
    # Wed 10:30 + 3 h = 13:30; + 6 h: 3.5 h on Wednesday, 2.5 h Thursday -> Thu 11:30
    m = run(2, 2, weekday=2, hour=10.5, founder=direct(3.0), lead=direct(6.0))
    assert m.calendar_hours == pytest.approx([25.0, 25.0])
    assert m.working_hours == pytest.approx([9.0, 9.0])


def test_weekend_carry_over() -> None:
    # Fri 15:00 + 1 h = 16:00; + 3 h: 1 h Friday, 2 h Monday -> Mon 11:00 = 68 calendar hours
    m = run(1, 1, weekday=4, hour=15.0, founder=direct(1.0), lead=direct(3.0))
    assert m.calendar_hours == pytest.approx([68.0])
    assert m.working_hours == pytest.approx([4.0])


def test_decision_after_hours_starts_next_morning() -> None:
    # Wed 20:00, zero delays: nobody is at work until Thursday 09:00
    m = run(1, 1, weekday=2, hour=20.0, founder=direct(0.0), lead=direct(0.0))
    assert m.calendar_hours == pytest.approx([13.0])
    assert m.working_hours == pytest.approx([0.0])


def test_weekly_meeting_relay() -> None:
    # founder +1 h -> Wed 11:30; the lead tells the team at the Monday 10:00 meeting
    lead = {"relay": "meeting", "meeting_interval_days": 5, "meeting_day": 0, "meeting_hour": 10.0}
    m = run(2, 2, weekday=2, hour=10.5, founder=direct(1.0), lead=lead)
    assert m.calendar_hours == pytest.approx([119.5, 119.5])
    assert m.working_hours == pytest.approx([6.5 + 8 + 8 + 1, 6.5 + 8 + 8 + 1])
    lead_step = next(st for st in m.steps if st.role == "lead")
    assert lead_step.channel == "at their weekly meeting (Monday 10:00)"
    assert lead_step.added_hours_sum == pytest.approx(2 * 118.5)


def test_meeting_at_the_same_moment_counts() -> None:
    lead = {"relay": "meeting", "meeting_interval_days": 1, "meeting_hour": 10.0}
    m = run(1, 1, weekday=0, hour=10.0, founder=direct(0.0), lead=lead)
    assert m.calendar_hours == pytest.approx([0.0])


def test_telling_reports_one_by_one() -> None:
    # founder with 2 leads: +1 h and 0.5 h per report -> leads at 1.5 and 2.0 h; leads +1 h
    founder = {"relay": "direct", "relay_delay_hours": 1.0, "relay_hours_per_report": 0.5}
    m = run(4, 2, weekday=0, hour=9.0, founder=founder, lead=direct(1.0))
    assert np.sort(m.calendar_hours) == pytest.approx([2.5, 2.5, 3.0, 3.0])


def test_ceo_relays_to_the_other_founders_first() -> None:
    base = make_scenario([1], team=1, decision_weekday=0, decision_hour=9.0, decided_by="ceo",
                         founder=direct(2.0), lead=direct(1.0))
    raw = base.model_dump()
    raw["org"]["founders"].append({"name": "P", "role": ""})
    s = Scenario.model_validate(raw)
    assert s.decisions is not None
    m = mobilise(layout(s), s.decisions, WorkClock.of(s.work))
    # the CEO tells partner P first (rank 1), then its own lead (rank 2): no per-report time, so 2 h + 1 h
    assert m.calendar_hours == pytest.approx([3.0])
