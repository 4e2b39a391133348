"""The engineer's week: where one engineer's working hours go, and what is left for own work."""

from __future__ import annotations

from pydantic import Field

from orgmodel.model_base import Result
from orgmodel.scenario import Scenario

__all__ = ["TimeBudget", "time_budget"]


class TimeBudget(Result):
    """One engineer's work week, hours per category (own work is what is left)."""

    hours_per_week: float = Field(description="days_per_week x hours_per_day")
    reviewing_hours: float = Field(description="reviewing colleagues' changes")
    meeting_hours: float
    escalation_hours: float = Field(description="writing up escalations")
    feedback_hours: float = Field(description="answering customer posts")
    own_work_hours_per_week: float = Field(description="what is left, never negative")
    own_work_share: float
    lead_approval_hours: float = Field(description="a lead's sign-offs on top of the engineer's week")
    lead_hours_per_week_needed: float = Field(description="a lead's committed hours (engineer week + approvals)")
    fits: bool
    message: str


def time_budget(scenario: Scenario) -> TimeBudget:
    """Budget one engineer's week from the ``work``, ``review`` and ``decisions`` settings.

    Notes
    -----
    ``H = D h`` working hours. Reviewing ``= c m t D`` (changes per engineer per day ``c``,
    reviewers per change ``m``, hours per review ``t``): in steady state each engineer reviews
    as many changes as an average engineer produces times ``m``. Feedback ``= posts * minutes
    / 60 * D``; escalations ``= r * hours_to_raise``; meetings as set. Own work
    ``= max(0, H - sum)``; ``fits`` is false when the sum exceeds ``H``. A lead with lead
    approval also signs off ``c * n_team * D`` changes at ``hours_per_approval`` each
    (``n_team`` = ``org.team_cap``, the largest team).
    """
    work = scenario.work
    days = work.days_per_week
    hours = work.hours_per_week
    review = scenario.review
    decisions = scenario.decisions
    reviewing = 0.0
    approvals = 0.0
    if review is not None:
        reviewing = review.changes_per_engineer_per_day * review.reviewers_per_change * review.hours_per_review * days
        if "lead" in review.approvals:
            approvals = (review.changes_per_engineer_per_day * scenario.org.team_cap * days
                         * review.hours_per_approval)
    meetings = escalations = feedback = 0.0
    if decisions is not None:
        meetings = decisions.engineer_meeting_hours_per_week
        escalations = decisions.escalations_per_engineer_per_week * decisions.hours_to_raise
        feedback = decisions.feedback_posts_per_day * decisions.minutes_per_post / 60.0 * days
    committed = reviewing + meetings + escalations + feedback
    own = max(0.0, hours - committed)
    fits = committed <= hours
    parts = (f"reviewing {reviewing:.1f} h, meetings {meetings:.1f} h, escalations {escalations:.1f} h, "
             f"customer feedback {feedback:.1f} h")
    if fits:
        message = (f"{own:.1f} of {hours:g} hours a week left for own work ({parts}).")
    else:
        message = (f"The week does not fit: {parts} need {committed:.1f} hours but the week has "
                   f"{hours:g}; over by {committed - hours:.1f} h, no time left for own work.")
    return TimeBudget(
        hours_per_week=hours,
        reviewing_hours=reviewing,
        meeting_hours=meetings,
        escalation_hours=escalations,
        feedback_hours=feedback,
        own_work_hours_per_week=own,
        own_work_share=own / hours,
        lead_approval_hours=approvals,
        lead_hours_per_week_needed=committed + approvals,
        fits=fits,
        message=message,
    )
