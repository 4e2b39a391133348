"""Review policy inputs (``review`` section of a scenario)."""

import math
from typing import Literal

from pydantic import Field, field_validator

from orgmodel.model_base import StrictModel

Policy = Literal["review_first", "batched"]
Approver = Literal["lead", "manager", "head"]


class AbsenceKind(StrictModel):
    """One kind of absence (meetings, leave, focus blocks): an on/off process per person.

    Spells are exponential with mean ``mean_hours``; the gaps between them are exponential with
    mean ``mean_hours (1 - share) / share``, so the long-run absent share is ``share``.
    """

    name: str = Field(min_length=1, max_length=60, description="label, e.g. meetings")
    share: float = Field(ge=0, lt=0.95, description="long-run share of working time spent in this absence")
    mean_hours: float = Field(gt=0, le=2_000, description="mean length of one spell, working hours")


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
    absences: list[AbsenceKind] = Field(
        default_factory=list, max_length=8,
        description="kinds of absence of every reviewer and approver (independent on/off processes); "
        "a review in progress pauses and resumes",
    )
    owner_share: float = Field(
        default=0.0, ge=0, le=1,
        description="share of changes only their code owner (one other teammate, uniform) may review",
    )

    @field_validator("absences")
    @classmethod
    def _someone_is_present(cls, kinds: list[AbsenceKind]) -> list[AbsenceKind]:
        present = math.prod(1 - k.share for k in kinds)
        if present < 0.05:
            raise ValueError(f"the absences leave people present {present:.3f} of the time; "
                             "prod(1 - share) must be at least 0.05")
        return kinds
