"""Results of the review model: per team and for the whole organisation."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from orgmodel.model_base import Result

__all__ = ["ReviewResult", "TeamReview"]


class TeamReview(Result):
    """One team's review turnaround (working hours from sending a change to its last sign-off)."""

    team: str
    size: int = Field(description="engineers (authors) in the team, lead not counted")
    reviewers: int = Field(description="people who take its peer reviews (0: nobody can)")
    mean_working_hours: float | None = Field(description="None if a queue on its path is unstable")
    p50_working_hours: float | None
    p90_working_hours: float | None
    reviewer_utilisation: float | None = Field(description="share of reviewers' time spent reviewing")
    approver_utilisation: float | None = Field(
        description="busiest sign-off on its path; None if none or if unstable"
    )
    unstable: bool = False


class ReviewResult(Result):
    """How long a change waits for review and sign-off, and what reviewing costs the reviewers.

    Hours are working hours unless named ``calendar``; figures are None when unstable.
    """

    method: Literal["analytic", "simulation"]
    policy: str
    changes_per_day: float = Field(description="changes the whole organisation sends per working day")
    mean_working_hours: float | None
    p50_working_hours: float | None
    p90_working_hours: float | None
    mean_calendar_hours: float | None
    p50_calendar_hours: float | None
    p90_calendar_hours: float | None
    reviewer_utilisation: float | None = Field(description="review hours / reviewers' working hours")
    approver_utilisation_max: float | None = Field(description="busiest approver; None if unstable or none")
    unstable: bool
    unstable_reason: str | None = None
    interruptions_per_engineer_per_day: float | None = Field(
        description="times a reviewer leaves own work for reviews, per reviewer per working day"
    )
    teams: list[TeamReview]
    cdf: list[tuple[float, float]] = Field(description="(working hours, P(turnaround <= hours))")
    cdf_calendar: list[tuple[float, float]] = Field(description="(calendar hours, probability)")
    notes: list[str] = Field(default_factory=list)
    mean_working_hours_ci: tuple[float, float] | None = Field(
        default=None,
        description="simulation only: 95% batch-means interval of mean_working_hours (working hours)",
    )
    converged: bool | None = Field(
        default=None,
        description="simulation only: the interval's half-width is within 2% of the mean "
        "(False: the sample cap was reached first; a note says so)",
    )
    mean_exact: bool | None = Field(
        default=None,
        description="analytic only: True when the mean turnaround is exact (exact chain or single-server "
        "formula for every team, no sign-off fed by a review stage); False when it is an approximation "
        "(its measured error is in the notes and docs/model.md). Quantiles use approximate wait shapes",
    )
    reviewer_present_share: float = Field(
        default=1.0,
        description="long-run share of working time a reviewer (or approver) is present: prod(1 - share) "
        "over review.absences",
    )
