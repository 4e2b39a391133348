"""The engineer's week: where one engineer's working hours go, and what is left for own work."""

from __future__ import annotations

from pydantic import Field

from orgmodel.model_base import Result
from orgmodel.review.analysis import analyse_review
from orgmodel.review.result import ReviewResult
from orgmodel.scenario import Scenario

__all__ = ["TimeBudget", "time_budget"]


class TimeBudget(Result):
    """One engineer's work week, hours per category (own work is what is left)."""

    hours_per_week: float = Field(description="days_per_week x hours_per_day, working hours a week")
    reviewing_share: float = Field(
        default=0.0, description="share of the working week spent reviewing colleagues' changes (dimensionless): "
        "the review engine's reviewer_utilisation, the same figure as review.reviewer_utilisation")
    reviewing_hours_per_week: float = Field(description="reviewing colleagues' changes, working hours a week "
                                   "(reviewing_share x hours_per_week)")
    meeting_hours_per_week: float = Field(description="meetings, working hours a week")
    escalation_hours_per_week: float = Field(description="writing up escalations, working hours a week")
    feedback_hours_per_week: float = Field(description="answering customer posts, working hours a week")
    own_work_hours_per_week: float = Field(description="what is left, working hours a week, never negative")
    own_work_share: float = Field(description="own_work_hours_per_week / hours_per_week (dimensionless)")
    lead_approval_hours_per_week: float = Field(
        description="a lead's sign-offs on top of the engineer's week, working hours a week")
    lead_hours_per_week_needed: float = Field(
        description="a lead's committed working hours a week (engineer week + approvals)")
    fits: bool
    message: str


def time_budget(scenario: Scenario, review: ReviewResult | None = None) -> TimeBudget:
    """Budget one engineer's week from the ``work``, ``review`` and ``decisions`` settings.

    Parameters
    ----------
    scenario : the scenario.
    review : the review engine's result for this scenario (`orgmodel.review.analysis.analyse_review`);
        computed here when None and the scenario has a ``review`` section. Its
        ``reviewer_utilisation`` is the reviewing share, so the two figures are one.

    Notes
    -----
    ``H = D h`` working hours. Reviewing ``= u H`` with ``u`` the review engine's reviewer
    utilisation (review hours / reviewers' working hours; leads who review share the load, so
    ``u`` is below ``c m t / h``, the load if engineers alone reviewed). If a review queue is
    unstable (``u`` None) reviewing takes the whole week. Feedback ``= posts * minutes / 60 * D``;
    escalations ``= r * hours_to_raise``; meetings as set. Own work ``= max(0, H - sum)``;
    ``fits`` is false when the sum exceeds ``H``. A lead with lead approval also signs off
    ``c * n_team * D`` changes at ``hours_per_approval`` each (``n_team`` = ``org.team_cap``, the
    largest team).
    """
    work = scenario.work
    days = work.days_per_week
    hours = work.hours_per_week
    settings = scenario.review
    decisions = scenario.decisions
    share = 0.0
    approvals = 0.0
    overloaded = False
    if settings is not None:
        review = analyse_review(scenario) if review is None else review  # the one source of the share
        overloaded = review.reviewer_utilisation is None
        share = 1.0 if review.reviewer_utilisation is None else min(review.reviewer_utilisation, 1.0)
        if "lead" in settings.approvals:
            approvals = (settings.changes_per_engineer_per_day * scenario.org.team_cap * days
                         * settings.hours_per_approval)
    reviewing = share * hours
    meetings = escalations = feedback = 0.0
    if decisions is not None:
        meetings = decisions.engineer_meeting_hours_per_week
        escalations = decisions.escalations_per_engineer_per_week * decisions.hours_to_raise
        feedback = decisions.feedback_posts_per_day * decisions.minutes_per_post / 60.0 * days
    committed = reviewing + meetings + escalations + feedback
    own = max(0.0, hours - committed)
    fits = committed <= hours
    unstable = " (a review queue is unstable)" if overloaded else ""
    parts = (f"reviewing {reviewing:.1f} h{unstable}, meetings {meetings:.1f} h, escalations {escalations:.1f} h, "
             f"customer feedback {feedback:.1f} h")
    if fits:
        message = (f"{own:.1f} of {hours:g} hours a week left for own work ({parts}).")
    else:
        message = (f"The week does not fit: {parts} need {committed:.1f} hours but the week has "
                   f"{hours:g}; over by {committed - hours:.1f} h, no time left for own work.")
    return TimeBudget(
        hours_per_week=hours,
        reviewing_share=share,
        reviewing_hours_per_week=reviewing,
        meeting_hours_per_week=meetings,
        escalation_hours_per_week=escalations,
        feedback_hours_per_week=feedback,
        own_work_hours_per_week=own,
        own_work_share=own / hours,
        lead_approval_hours_per_week=approvals,
        lead_hours_per_week_needed=committed + approvals,
        fits=fits,
        message=message,
    )
