"""Who reviews and who signs off, per team: reviewer pools and approver loads from an `OrgTable`."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from orgmodel.orgtable import OrgTable, Role
from orgmodel.review.settings import ReviewSettings

__all__ = ["ReviewTeams", "review_teams"]

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class ReviewTeams:
    """Review flow per team (arrays indexed like ``OrgTable.team_names``).

    Attributes
    ----------
    size : engineers (authors) per team.
    reviewers : people who take peer reviews (engineers, plus the lead if leads review);
        0 when nobody but the author could.
    eligible : reviewers per change, ``size - 1 + lead`` (never the author).
    reviews_per_change : ``min(reviewers_per_change, eligible)``.
    change_rate : changes per working hour sent by the team.
    approvers : one column per sign-off stage, the approver's row in the table (-1: none).
    approver_rate : changes per working hour reaching that approver (their whole subtree).
    """

    size: IntArray
    reviewers: IntArray
    eligible: IntArray
    reviews_per_change: IntArray
    change_rate: FloatArray
    approvers: IntArray
    approver_rate: FloatArray

    def lead_reviews(self) -> IntArray:
        """1 where the team's lead takes peer reviews (the reviewers who are not authors), else 0."""
        authors_reviewing = np.where(self.size >= 2, self.size, 0)
        return (self.reviewers > authors_reviewing).astype(np.int64)

    def groups(self) -> tuple[IntArray, IntArray]:
        """Teams with the same size and approver loads behave identically.

        Returns (representative team per group, group of each team).
        """
        if self.size.size == 0:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
        key = np.column_stack([self.size.astype(np.float64), self.approver_rate])
        _, first, inverse = np.unique(key, axis=0, return_index=True, return_inverse=True)
        return first.astype(np.int64), inverse.ravel().astype(np.int64)


def _ancestor_with_role(table: OrgTable, rows: IntArray, role: Role) -> IntArray:
    """Nearest ancestor (strictly above) of each row with this role; -1 if none."""
    out = np.full(rows.shape, -1, dtype=np.int64)
    cur = table.parent[rows].copy()
    pending = cur >= 0
    while pending.any():
        hit = pending & (table.role[np.maximum(cur, 0)] == role)
        out[hit] = cur[hit]
        pending &= ~hit
        cur = np.where(pending, table.parent[np.maximum(cur, 0)], -1)
        pending &= cur >= 0
    return out


def review_teams(table: OrgTable, settings: ReviewSettings, hours_per_day: float) -> ReviewTeams:
    """Derive each team's reviewer pool and sign-off chain.

    Notes
    -----
    A lead signs off their team's changes (rate ``n lambda``); a manager is the nearest middle
    manager above the lead and signs off their whole subtree; the head is the founder heading
    the department. A missing role (a flat org has no managers) is simply skipped.
    """
    n_teams = len(table.team_names)
    size = table.team_sizes.astype(np.int64)
    lead = np.full(n_teams, -1, dtype=np.int64)
    own_rows = np.flatnonzero((table.role != Role.ENGINEER) & (table.role != Role.LEAD) & (table.team >= 0))
    lead[table.team[own_rows]] = own_rows  # a manager or founder leading their own engineers (imported charts)
    lead_rows = np.flatnonzero((table.role == Role.LEAD) & (table.team >= 0))
    lead[table.team[lead_rows]] = lead_rows
    has_lead = (lead >= 0).astype(np.int64) if settings.leads_review else np.zeros(n_teams, np.int64)
    eligible = np.maximum(size - 1, 0) + has_lead
    reviewers = np.where(size >= 2, size + has_lead, has_lead)
    reviewers = np.where(eligible > 0, reviewers, 0)
    per_change = np.minimum(settings.reviewers_per_change, eligible)
    rate = (size * settings.changes_per_engineer_per_day / hours_per_day).astype(np.float64)

    stages: list[IntArray] = []
    for who in settings.approvals:
        if who == "lead":
            stages.append(lead)
        elif who == "manager":
            stages.append(_ancestor_with_role(table, lead, Role.MANAGER))
        else:
            stages.append(_ancestor_with_role(table, lead, Role.FOUNDER))
    approvers = np.column_stack(stages) if stages else np.empty((n_teams, 0), dtype=np.int64)
    approver_rate = np.zeros(approvers.shape)
    for k in range(approvers.shape[1]):
        who_k = approvers[:, k]
        ok = who_k >= 0
        load = np.bincount(who_k[ok], weights=rate[ok], minlength=len(table))
        approver_rate[ok, k] = load[who_k[ok]]
    return ReviewTeams(
        size=size, reviewers=reviewers, eligible=eligible, reviews_per_change=per_change,
        change_rate=rate, approvers=approvers, approver_rate=approver_rate,
    )
