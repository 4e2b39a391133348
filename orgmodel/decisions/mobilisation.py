"""Mobilisation: how long a decision taken at the top takes to reach every engineer.

The decision is relayed down the tree; each manager passes it on by direct message (after a
delay counted in working hours, plus time per report when telling them one by one) or at
their next meeting. Times are computed on the working clock and converted to calendar time.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from orgmodel.decisions.settings import DecisionSettings, RolePolicy
from orgmodel.decisions.tree import LevelOrder
from orgmodel.orgtable import OrgTable, Role
from orgmodel.workclock import WorkClock

__all__ = ["Mobilisation", "RelayStepTotals", "describe_channel", "mobilise"]

FloatArray = NDArray[np.float64]
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_RELAYING = ((Role.FOUNDER, "founder"), (Role.MANAGER, "manager"), (Role.LEAD, "lead"))


@dataclass(frozen=True)
class RelayStepTotals:
    """Time added by one role's relays, summed over the engineers whose path has such a relay."""

    role: str
    channel: str
    engineers_below: int
    added_hours_sum: float
    added_working_hours_sum: float


@dataclass(frozen=True)
class Mobilisation:
    """When each engineer has the decision: hours after it was taken (calendar and working)."""

    start_calendar_hour: float
    calendar_hours: FloatArray
    working_hours: FloatArray
    steps: list[RelayStepTotals]


def describe_channel(policy: RolePolicy, clock: WorkClock) -> str:
    """Plain words for a relay channel, e.g. ``at their weekly meeting (Monday 10:00)``."""
    if policy.relay == "direct":
        text = f"by direct message within working hours ({policy.relay_delay_hours:g} h delay"
        if policy.relay_hours_per_report:
            text += f", {policy.relay_hours_per_report:g} h per report"
        return text + ")"
    k = policy.meeting_interval_days or 1
    hh, mm = divmod(round(policy.meeting_hour * 60), 60)
    at = f"{hh:02d}:{mm:02d}"
    if k == 1:
        return f"at their daily meeting ({at})"
    if k % clock.days_per_week == 0:
        weeks = k // clock.days_per_week
        every = "weekly" if weeks == 1 else f"{weeks}-weekly"
        day = _WEEKDAYS[policy.meeting_day % clock.days_per_week]
        return f"at their {every} meeting ({day} {at})"
    return f"at their meeting every {k} working days ({at})"


def _relay(w_sender: FloatArray, rank: FloatArray, policy: RolePolicy, clock: WorkClock) -> FloatArray:
    if policy.relay == "meeting":
        assert policy.meeting_interval_days is not None  # guaranteed by RolePolicy's validator
        return clock.next_meeting(w_sender, policy.meeting_interval_days, policy.meeting_day,
                                  policy.meeting_hour)
    out: FloatArray = w_sender + policy.relay_delay_hours + rank * policy.relay_hours_per_report
    return out


def mobilise(table: OrgTable, settings: DecisionSettings, clock: WorkClock,
             order: LevelOrder | None = None) -> Mobilisation:
    """Relay a top decision down the tree; O(headcount).

    Notes
    -----
    With ``W`` the working clock (`WorkClock`), the decision is held at ``w0 = W(t0)`` by every
    founder (or by the CEO alone, who relays to the other founders). A report ``v`` of ``u``
    has it at ``w(v) = w(u) + d_u + k(v) p_u`` (direct: delay ``d``, ``k``-th report told after
    ``k p`` hours) or at the first meeting of ``u``'s role at or after ``w(u)``. An engineer
    has it at the earliest calendar moment with ``W(t) = w`` (`WorkClock.calendar_at`: a day
    boundary is that day's closing time), not before ``t0``, moved to the next opening if that
    moment is outside working hours (`WorkClock.at_work`).
    """
    order = order or LevelOrder.of(table)
    n = len(table)
    t0 = settings.decision_weekday * 24.0 + settings.decision_hour
    w0 = float(clock.working_hours_at(t0))
    founders_policy = settings.founder
    parent_cut = np.where(table.level == 0, -1, table.parent)
    rank = LevelOrder(parent_cut, order.below, order.top).sibling_rank().astype(np.float64)
    w = np.full(n, w0)
    is_founder = table.level == 0
    if settings.decided_by == "ceo" and n:
        others = np.flatnonzero(is_founder & (table.parent >= 0))
        f_rank = np.arange(1, others.size + 1, dtype=np.float64)
        w[others] = _relay(np.full(others.size, w0), f_rank, founders_policy, clock)
        ceo_reports = (parent_cut >= 0) & (table.parent == 0)
        rank[ceo_reports] += others.size
    for rows in order.below:
        p = table.parent[rows]
        prole = table.role[p]
        for role, field in _RELAYING:
            sel = prole == role
            if sel.any():
                w[rows[sel]] = _relay(w[p[sel]], rank[rows[sel]], settings.policy(field), clock)
    # the first moment at work, not before the decision: the working instant's calendar time
    # (a day boundary is that day's closing), moved to the next opening if outside working hours
    t = np.where(is_founder & (w == w0), t0, clock.at_work(np.maximum(clock.calendar_at(w), t0)))

    eng = table.role == Role.ENGINEER
    weight = order.subtree_sum(eng.astype(np.float64))
    hop_cal = np.zeros(n)
    hop_work = np.zeros(n)
    non_founder = table.level > 0
    hop_cal[non_founder] = t[non_founder] - t[table.parent[non_founder]]
    hop_work[non_founder] = w[non_founder] - w[table.parent[non_founder]]
    relayer_role = np.where(table.parent >= 0, table.role[np.maximum(table.parent, 0)], -1)
    if settings.decided_by == "ceo":
        others = is_founder & (table.parent >= 0)
        hop_cal[others] = t[others] - t0
        hop_work[others] = w[others] - w0
        counted = non_founder | others
    else:
        counted = non_founder
    steps: list[RelayStepTotals] = []
    for role, field in _RELAYING:
        sel = counted & (relayer_role == role)
        if not sel.any() or not weight[sel].sum():
            continue
        reached_through = order.path_any(sel, sel) & eng
        steps.append(RelayStepTotals(
            role=field,
            channel=describe_channel(settings.policy(field), clock),
            engineers_below=int(np.count_nonzero(reached_through)),
            added_hours_sum=float(np.dot(hop_cal[sel], weight[sel])),
            added_working_hours_sum=float(np.dot(hop_work[sel], weight[sel])),
        ))
    engineers = np.flatnonzero(eng)
    return Mobilisation(t0, t[engineers] - t0, w[engineers] - w0, steps)
