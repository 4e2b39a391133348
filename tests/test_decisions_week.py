"""The engineer's week, by hand."""

from __future__ import annotations

import pytest

from orgmodel.decisions.week import time_budget
from orgmodel.loading import load_preset
from orgmodel.review.analysis import analyse_review
from orgmodel.scenario import Scenario
from tests.test_decisions_escalation import make_scenario


def with_review(s: Scenario, **review: object) -> Scenario:
    raw = s.model_dump()
    raw["review"] = {"changes_per_engineer_per_day": 2, "reviewers_per_change": 1, "hours_per_review": 0.5,
                     **review}
    return Scenario.model_validate(raw)


def test_week_by_hand() -> None:
    # 5 x 8 = 40 h; two teams of 6 engineers, each with a lead who reviews too (7 reviewers):
    # a team sends 6 x 2 = 12 changes a day, 12 x 0.5 = 6 review hours a day over 7 reviewers,
    # so reviewing = 6 / 7 / 8 of the week = 40 x 6/56 = 4.2857 h (not 2 x 0.5 x 5 = 5 h: the lead
    # takes a share); meetings 2; escalations 2 x 0.25 = 0.5; feedback 30 x 2 min / 60 x 5 = 5;
    # own work 40 - 11.7857 = 28.2143
    s = make_scenario([12], team=6, escalations_per_engineer_per_week=2, hours_to_raise=0.25,
                      engineer_meeting_hours_per_week=2, feedback_posts_per_day=30, minutes_per_post=2)
    b = time_budget(with_review(s, approvals=["lead"], hours_per_approval=0.1))
    assert (b.hours_per_week, b.reviewing_hours_per_week, b.meeting_hours_per_week) == pytest.approx(
        (40, 40 * 6 / 56, 2))
    assert (b.escalation_hours_per_week, b.feedback_hours_per_week) == pytest.approx((0.5, 5))
    assert b.own_work_hours_per_week == pytest.approx(40 - 40 * 6 / 56 - 7.5)
    assert b.fits and "28.2 of 40" in b.message
    # lead approves 2 changes x 6 engineers x 5 days at 0.1 h = 6 h on top
    assert b.lead_approval_hours_per_week == pytest.approx(6.0)


def test_overfull_week_is_clamped_and_flagged() -> None:
    # 150 posts x 3 min = 7.5 h a day = 37.5 h + 4.29 h review (see above) > 40 h: over by 1.8 h
    s = make_scenario([12], team=6, feedback_posts_per_day=150, minutes_per_post=3,
                      engineer_meeting_hours_per_week=0, escalations_per_engineer_per_week=0)
    b = time_budget(with_review(s))
    assert b.own_work_hours_per_week == 0.0
    assert not b.fits and "does not fit" in b.message and "over by 1.8 h" in b.message


def test_no_review_no_decisions_is_all_own_work() -> None:
    s = make_scenario([3], team=3)
    raw = s.model_dump()
    raw["decisions"] = None
    b = time_budget(Scenario.model_validate(raw))
    assert b.own_work_hours_per_week == 40.0 and b.fits


def test_reviewing_share_is_the_review_engines_figure() -> None:
    """One figure, one function: the week's reviewing share is review.reviewer_utilisation."""
    for name in ("xiaomi-2012", "hierarchical-400"):
        scenario = load_preset(name)
        review = analyse_review(scenario)
        assert review.reviewer_utilisation is not None
        for b in (time_budget(scenario, review), time_budget(scenario)):
            assert b.reviewing_share == review.reviewer_utilisation
            assert b.reviewing_hours_per_week == pytest.approx(
                review.reviewer_utilisation * scenario.work.hours_per_week)


def test_review_result_passed_in_is_used() -> None:
    s = with_review(make_scenario([12], team=6))
    review = analyse_review(s).model_copy(update={"reviewer_utilisation": 0.25})
    assert time_budget(s, review).reviewing_hours_per_week == pytest.approx(10.0)
    unstable = review.model_copy(update={"reviewer_utilisation": None, "unstable": True})
    b = time_budget(s, unstable)
    assert b.reviewing_hours_per_week == 40.0 and not b.fits and "unstable" in b.message
