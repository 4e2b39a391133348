"""Review policy inputs (``review`` section of a scenario)."""

from typing import Literal

from pydantic import Field

from orgmodel.model_base import StrictModel


class ReviewSettings(StrictModel):
    """How changes get reviewed: arrival rate, effort, policy and sign-offs."""

    changes_per_engineer_per_day: float = Field(ge=0, le=100)
    reviewers_per_change: int = Field(default=1, ge=0, le=10)
    hours_per_review: float = Field(gt=0, le=40)
    review_cv: float = Field(default=1.0, ge=0, le=5, description="coefficient of variation of effort")
    policy: Literal["review_first", "batched"] = "review_first"
    switch_delay_hours: float = Field(default=0.25, ge=0, le=40)
    batch_interval_hours: float = Field(default=4.0, gt=0, le=168)
    approvals: list[Literal["lead", "manager", "head"]] = Field(default_factory=list, max_length=3)
    hours_per_approval: float = Field(default=0.25, gt=0, le=40)
