"""Rules the decisions settings must keep with the rest of a scenario."""

from __future__ import annotations

from typing import TYPE_CHECKING

from orgmodel.workclock import WorkClock

if TYPE_CHECKING:
    from orgmodel.scenario import Scenario

__all__ = ["check_meetings_in_working_day"]

MEETING_ROLES = ("founder", "manager", "lead")
"""The roles whose decision policy may hold escalations for a meeting."""


def check_meetings_in_working_day(scenario: Scenario) -> None:
    """Raise ValueError when a role's decision meeting falls outside the scenario's working day.

    The rule itself is the clock's (`WorkClock.check_meeting_hour`); a role without a meeting is not
    checked.
    """
    settings = scenario.decisions
    if settings is None:
        return
    clock = WorkClock.of(scenario.work)
    for role in MEETING_ROLES:
        policy = settings.policy(role)
        if policy.meeting_interval_days is not None:
            clock.check_meeting_hour(policy.meeting_hour, f"decisions.{role}.meeting_hour")
