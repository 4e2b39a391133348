"""Decision and mobilisation inputs (``decisions`` section of a scenario)."""

from typing import Literal

from pydantic import Field, model_validator

from orgmodel.model_base import StrictModel

__all__ = ["DecisionSettings", "RolePolicy"]


class RolePolicy(StrictModel):
    """How the people of one role (founders, managers or leads) take and pass on decisions.

    Times are working hours unless named otherwise; meetings fall on working days.
    """

    meeting_interval_days: int | None = Field(
        default=None,
        ge=1,
        le=260,
        description="working days between this role's decision meetings (weekly = days_per_week); "
        "null = no meeting, decide directly",
    )
    meeting_day: int = Field(
        default=0, ge=0, le=259, description="working day of the cycle the meeting falls on (0 = Monday)"
    )
    meeting_hour: float = Field(default=10.0, ge=0, lt=24, description="clock hour the meeting starts")
    relay: Literal["direct", "meeting"] = Field(
        default="direct",
        description="how decisions are passed down to reports: a direct message (after relay_delay_hours "
        "of working time) or at this role's next meeting",
    )
    relay_delay_hours: float = Field(
        default=1.0, ge=0, le=168, description="working hours until a direct message is read and acted on"
    )
    relay_hours_per_report: float = Field(
        default=0.0, ge=0, le=8, description="working hours per report when telling reports one by one (direct)"
    )
    decision_time_share: float = Field(
        default=0.25, ge=0.01, le=1,
        description="share of this role's working time available for escalations (at least 1%)",
    )

    @model_validator(mode="after")
    def _meeting_consistent(self) -> "RolePolicy":
        if self.relay == "meeting" and self.meeting_interval_days is None:
            raise ValueError("relay = 'meeting' needs meeting_interval_days (it is null)")
        if self.meeting_interval_days is not None and self.meeting_day >= self.meeting_interval_days:
            raise ValueError(
                f"meeting_day = {self.meeting_day} must be below meeting_interval_days = "
                f"{self.meeting_interval_days}"
            )
        return self


class DecisionSettings(StrictModel):
    """How decisions travel up and down the organisation, and what else fills an engineer's week."""

    escalations_per_engineer_per_week: float = Field(default=1.0, ge=0, le=100)
    share_to_top: float = Field(
        default=0.2, ge=0, le=1, description="share of escalations that must reach the department head"
    )
    hours_per_decision: float = Field(default=0.5, gt=0, le=40, description="mean working hours to decide one")
    decision_cv: float = Field(
        default=1.0, ge=0, le=5, description="coefficient of variation of the decision time (1 = exponential)"
    )
    fidelity_per_hop: float = Field(default=0.9, ge=0, le=1, description="share of intent kept per hop")
    hours_to_raise: float = Field(
        default=0.25, ge=0, le=40, description="engineer's working hours to write up one escalation"
    )
    founder: RolePolicy = Field(default_factory=lambda: RolePolicy(decision_time_share=0.3))
    manager: RolePolicy = Field(default_factory=lambda: RolePolicy(decision_time_share=0.5))
    lead: RolePolicy = Field(default_factory=lambda: RolePolicy(decision_time_share=0.2))
    engineer_meeting_hours_per_week: float = Field(default=1.0, ge=0, le=80)
    feedback_posts_per_day: float = Field(
        default=0.0, ge=0, le=2_000, description="customer posts each engineer answers a day (0 = off)"
    )
    minutes_per_post: float = Field(default=1.0, ge=0, le=120)
    decided_by: Literal["founders", "ceo"] = Field(
        default="founders",
        description="who holds a top decision at the start: all founders together, or the CEO alone "
        "(who then relays it to the other founders through the founder channel)",
    )
    decision_weekday: int = Field(
        default=2, ge=0, le=6, description="weekday the top decision is taken (0 = Monday; 2012-08-15 = 2)"
    )
    decision_hour: float = Field(default=10.5, ge=0, lt=24, description="clock hour the top decision is taken")
    mobilisation_target_hours: float = Field(
        default=24.0, gt=0, le=10_000, description="calendar hours to compare mobilisation with"
    )
    simulation_draws: int = Field(
        default=20_000, ge=1_000, le=1_000_000, description="escalations sampled for percentiles"
    )

    def policy(self, role_label: str) -> RolePolicy:
        """The policy of ``founder``, ``manager`` or ``lead``."""
        policy: RolePolicy = getattr(self, role_label)
        return policy
