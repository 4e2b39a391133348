"""Review policy inputs (``review`` section of a scenario)."""

from typing import Literal

from pydantic import Field

from orgmodel.model_base import StrictModel

Policy = Literal["review_first", "batched"]
Approver = Literal["lead", "manager", "head"]


class ReviewSettings(StrictModel):
    """How changes get reviewed: arrival rate, effort, policy and sign-offs.

    Times are working hours; rates are per working day (``work.hours_per_day`` long).
    """

    changes_per_engineer_per_day: float = Field(
        ge=0, le=100, description="changes each engineer sends for review per working day (Poisson)"
    )
    reviewers_per_change: int = Field(
        default=1, ge=0, le=10, description="distinct teammates (never the author) who review each change"
    )
    hours_per_review: float = Field(gt=0, le=40, description="mean working hours one review takes")
    review_cv: float = Field(
        default=1.0, ge=0, le=5, description="coefficient of variation of review effort (gamma; 1 = exponential)"
    )
    policy: Policy = Field(
        default="review_first",
        description="review_first: drop own work at the next break point; batched: look every batch_interval_hours",
    )
    switch_delay_hours: float = Field(
        default=0.25, ge=0, le=40,
        description="mean working hours to reach a break point in own work (review_first; exponential)",
    )
    batch_interval_hours: float = Field(
        default=4.0, gt=0, le=168, description="working hours between looks at the review queue (batched)"
    )
    leads_review: bool = Field(
        default=True, description="team leads take peer reviews like any teammate (they never author)"
    )
    approvals: list[Approver] = Field(
        default_factory=list, max_length=3, description="sign-offs after peer review, in this order"
    )
    hours_per_approval: float = Field(default=0.25, gt=0, le=40, description="mean working hours per sign-off")
    approval_cv: float = Field(
        default=1.0, ge=0, le=5, description="coefficient of variation of sign-off effort (gamma)"
    )
    simulation_changes_per_team: int = Field(
        default=4_000, ge=200, le=1_000_000,
        description="changes the simulation draws per team (mean team); more = tighter, slower",
    )
