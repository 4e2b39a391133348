"""The engineer's week, by hand."""

from __future__ import annotations

import pytest

from orgmodel.decisions.week import time_budget
from orgmodel.scenario import Scenario
from tests.test_decisions_escalation import make_scenario


def with_review(s: Scenario, **review: object) -> Scenario:
    raw = s.model_dump()
    raw["review"] = {"changes_per_engineer_per_day": 2, "reviewers_per_change": 1, "hours_per_review": 0.5,
                     **review}
    return Scenario.model_validate(raw)


def test_week_by_hand() -> None:
    # 5 x 8 = 40 h; review 2 x 1 x 0.5 x 5 = 5; meetings 2; escalations 2 x 0.25 = 0.5;
    # feedback 30 posts x 2 min / 60 x 5 = 5; own work 40 - 12.5 = 27.5
    s = make_scenario([12], team=6, escalations_per_engineer_per_week=2, hours_to_raise=0.25,
                      engineer_meeting_hours_per_week=2, feedback_posts_per_day=30, minutes_per_post=2)
    b = time_budget(with_review(s, approvals=["lead"], hours_per_approval=0.1))
    assert (b.hours_per_week, b.reviewing_hours, b.meeting_hours) == pytest.approx((40, 5, 2))
    assert (b.escalation_hours, b.feedback_hours) == pytest.approx((0.5, 5))
    assert b.own_work_hours_per_week == pytest.approx(27.5)
    assert b.fits and "27.5 of 40" in b.message
    # lead approves 2 changes x 6 engineers x 5 days at 0.1 h = 6 h on top
    assert b.lead_approval_hours == pytest.approx(6.0)


def test_overfull_week_is_clamped_and_flagged() -> None:
    # 150 posts x 3 min = 7.5 h a day = 37.5 h + 5 h review > 40 h
    s = make_scenario([12], team=6, feedback_posts_per_day=150, minutes_per_post=3,
                      engineer_meeting_hours_per_week=0, escalations_per_engineer_per_week=0)
    b = time_budget(with_review(s))
    assert b.own_work_hours_per_week == 0.0
    assert not b.fits and "does not fit" in b.message and "2.5 h" in b.message


def test_no_review_no_decisions_is_all_own_work() -> None:
    s = make_scenario([3], team=3)
    raw = s.model_dump()
    raw["decisions"] = None
    b = time_budget(Scenario.model_validate(raw))
    assert b.own_work_hours_per_week == 40.0 and b.fits
