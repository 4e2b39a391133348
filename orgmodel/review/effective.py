"""Absences folded into equivalent settings, so the analytic method can answer instantly.

The analytic review model knows reviewers who are always there. With absences
(``review.absences``) each piece of work takes its *completion time* (the work plus the absences
that interrupt it, preemptive resume) and a change that finds its reviewer on own work may also
find them away. `equivalent_settings` replaces effort, switch delay and batch interval by
moment-matched equivalents and drops the absences; the analytic formulas then run unchanged.
"""

from __future__ import annotations

import math

import numpy as np

from orgmodel.review.absences import (
    AbsenceMoments,
    absence_moments,
    completion_moments,
    present_share,
    residual_after_idle,
)
from orgmodel.review.settings import ReviewSettings
from orgmodel.review.teams import ReviewTeams

__all__ = ["equivalent_settings", "review_first_setup", "single_reviewer_setup"]


def _cv(first: float, second: float) -> float:
    square = first * first
    return math.sqrt(max(second / square - 1, 0.0)) if square > 0 else 0.0


def _setup(rate: float, switch: float, m: AbsenceMoments, s: ReviewSettings, idle_others: float) -> float:
    """Mean extra delay of a change that finds its reviewer(s) on own work (working hours).

    ``D = A f + C_switch``: the rest of an absence in progress (``A``, seen after an Exp(rate)
    idle time from a present instant), scaled by ``f = (1 - p)^k`` for ``k`` other idle
    eligible reviewers who could take the change if present, plus the switch delay's completion
    time. For one reviewer (k = 0) it returns the Welch (1964) term
    ``(2 E[D] + rate E[D^2]) / (2 (1 + rate E[D]))``, the exact mean extra wait; with others
    who can take the changes arriving meanwhile, ``E[D]``.
    """
    a1, a2 = residual_after_idle(s.absences, rate)
    f = (1 - present_share(s.absences)) ** max(idle_others, 0.0)
    s1, s2 = completion_moments(switch, 2 * switch**2, m)
    d1 = a1 * f + s1
    d2 = a2 * f + 2 * a1 * f * s1 + s2
    if idle_others > 0:  # others take the changes that arrive meanwhile: no queue behind the setup
        return d1
    return (2 * d1 + rate * d2) / (2 * (1 + rate * d1)) if d1 > 0 else 0.0


def single_reviewer_setup(s: ReviewSettings, rate: float) -> float:
    """Review first under ``s``'s absences: the equivalent switch delay of one server alone (a
    reviewer with no eligible teammate, or an approver) at ``rate`` changes per working hour.

    With it, the absence-free M/G/1-with-setup formula on the completion time gives the exact
    mean of `orgmodel.review.absences.single_reviewer_sojourn` (Welch 1964)."""
    return min(_setup(rate, s.switch_delay_hours, absence_moments(s.absences), s, 0.0), _MAX_SWITCH)


def review_first_setup(s: ReviewSettings, rate: float, eligible: float, per_reviewer_load: float) -> float:
    """Review first under ``s``'s absences: the equivalent switch delay of a team whose review tasks
    arrive at ``rate`` per working hour, ``eligible`` reviewers per change, each busy
    ``per_reviewer_load`` of the time on completion times (`_setup`)."""
    idle_others = (eligible - 1) * max(1 - per_reviewer_load, 0.0) if eligible > 1 else 0.0
    return min(_setup(rate, s.switch_delay_hours, absence_moments(s.absences), s, idle_others), _MAX_SWITCH)


_MAX_SWITCH = 40.0  # working hours: an equivalent switch delay is capped here


def equivalent_settings(s: ReviewSettings, teams: ReviewTeams) -> ReviewSettings:
    """Settings without absences (and without code owners) whose analytic figures approximate them.

    Notes
    -----
    - Effort ``S`` becomes its completion time ``C`` (Gaver 1962): mean
      ``E[S](1 + nu E[R])``, cv from ``E[C^2]`` (`completion_moments`); the lattice uses a gamma
      with these two moments. Same for sign-off effort.
    - review_first: the switch delay becomes the mean extra wait of `_setup` at the
      organisation's mean per-team review rate (exact for a team with one reviewer at that rate).
    - batched: a look every ``T`` present hours is every ``T / p`` working hours on average.
    Approximations: the residual absence is taken at one rate for all teams, other idle
    reviewers are independent, sign-off queues use the single-reviewer term; errors measured
    against the simulation in docs/model.md.
    """
    if not s.absences:
        return s.model_copy(update={"owner_share": 0.0})
    m = absence_moments(s.absences)
    r1, r2 = completion_moments(s.hours_per_review, s.hours_per_review**2 * (1 + s.review_cv**2), m)
    a1, a2 = completion_moments(s.hours_per_approval, s.hours_per_approval**2 * (1 + s.approval_cv**2), m)
    busy = teams.change_rate > 0
    task = teams.change_rate * teams.reviews_per_change
    rate = float(task[busy].mean()) if busy.any() else 0.0
    eligible = float(teams.eligible[busy].mean()) if busy.any() else 1.0
    per_reviewer = float(np.mean(task[busy] / np.maximum(teams.reviewers[busy], 1))) if busy.any() else 0.0
    switch = s.switch_delay_hours
    if s.policy == "review_first":
        switch = review_first_setup(s, rate, eligible, per_reviewer * r1)
    return s.model_copy(update={
        "hours_per_review": r1, "review_cv": min(_cv(r1, r2), 5.0),
        "hours_per_approval": a1, "approval_cv": min(_cv(a1, a2), 5.0),
        "switch_delay_hours": min(switch, _MAX_SWITCH),
        "batch_interval_hours": min(s.batch_interval_hours / present_share(s.absences), 168.0),
        "absences": [], "owner_share": 0.0,
    })
