"""Structure metrics: headcount, layers, spans, teams, communication channels, hops."""

from __future__ import annotations

import numpy as np
from pydantic import Field

from orgmodel.model_base import Result
from orgmodel.orgtable import OrgTable, Role

__all__ = ["SpanAtLevel", "StructureMetrics", "mean_pairwise_hops", "measure_structure"]


class SpanAtLevel(Result):
    """Spans of control of the managers at one level."""

    level: int
    managers: int
    span_mean: float
    span_max: int


class StructureMetrics(Result):
    """The shape of an organisation, in counts of people, layers, channels and hops."""

    headcount: int = Field(description="everyone: founders, managers, leads and engineers")
    founders: int
    managers: int = Field(description="middle managers: manage managers or leads")
    leads: int = Field(description="team leads: manage one team of engineers")
    engineers: int = Field(description="individual contributors")
    levels: int = Field(description="distinct levels from founders (level 0) to the deepest report")
    departments: int
    teams: int
    team_size_mean: float = Field(description="engineers per team, lead not counted")
    max_team_size_seen: int
    team_size_histogram: dict[int, int] = Field(description="team size (engineers) -> number of teams")
    span_mean: float = Field(description="direct reports per person who has any")
    span_median: float
    span_max: int
    span_by_level: list[SpanAtLevel]
    managers_per_engineer: float = Field(description="people with reports per individual contributor")
    channels_within_teams: int = Field(description="sum over teams of n(n-1)/2, n = engineers + lead")
    channels_if_undivided: int = Field(description="N(N-1)/2 for all leads and engineers as one group")
    mean_hops_between_engineers: float = Field(description="mean tree distance between two engineers")
    hops_engineer_to_founder_mean: float
    hops_engineer_to_founder_max: int


def mean_pairwise_hops(table: OrgTable, members: np.ndarray) -> float:
    """Mean tree distance (edges) over all unordered pairs of the rows flagged in ``members``.

    Notes
    -----
    In a tree, the edge above node ``v`` lies on the path of every pair with one end inside
    ``v``'s subtree and one outside, so the sum of all pair distances is
    ``sum_v m(v) * (M - m(v))`` where ``m(v)`` counts members in the subtree and ``M`` in all.
    Divided by ``M(M-1)/2`` pairs. O(N) with one ``bincount`` per level.
    """
    total = int(np.count_nonzero(members))
    if total < 2:
        return 0.0
    below = members.astype(np.int64)
    depth = table.depth
    for d in range(int(depth.max()), 0, -1):
        rows = np.flatnonzero(depth == d)
        np.add.at(below, table.parent[rows], below[rows])
    non_root = table.parent >= 0
    pair_distance_sum = float(np.sum(below[non_root] * (total - below[non_root]), dtype=np.float64))
    return pair_distance_sum / (total * (total - 1) / 2)


def measure_structure(table: OrgTable) -> StructureMetrics:
    """Measure an organisation's shape. O(headcount) numpy work; a million people in about a second."""
    role = table.role
    engineers = role == Role.ENGINEER
    n_eng = int(np.count_nonzero(engineers))
    sizes = table.team_sizes
    sizes = sizes[sizes > 0] if sizes.size else sizes
    spans = table.direct_reports[table.direct_reports > 0]
    members = sizes + 1  # engineers plus the lead
    in_teams = int(members.sum())
    span_by_level = []
    for lvl in np.unique(table.level[table.direct_reports > 0]):
        at = table.direct_reports[(table.level == lvl) & (table.direct_reports > 0)]
        span_by_level.append(
            SpanAtLevel(level=int(lvl), managers=int(at.size), span_mean=float(at.mean()),
                        span_max=int(at.max()))
        )
    hist_sizes, hist_counts = np.unique(sizes, return_counts=True)
    eng_levels = table.level[engineers]
    return StructureMetrics(
        headcount=len(table),
        founders=table.count(Role.FOUNDER),
        managers=table.count(Role.MANAGER),
        leads=table.count(Role.LEAD),
        engineers=n_eng,
        levels=int(table.level.max()) + 1,
        departments=len(table.department_names),
        teams=int(sizes.size),
        team_size_mean=float(sizes.mean()) if sizes.size else 0.0,
        max_team_size_seen=int(sizes.max()) if sizes.size else 0,
        team_size_histogram={int(s): int(c) for s, c in zip(hist_sizes, hist_counts)},
        span_mean=float(spans.mean()) if spans.size else 0.0,
        span_median=float(np.median(spans)) if spans.size else 0.0,
        span_max=int(spans.max()) if spans.size else 0,
        span_by_level=span_by_level,
        managers_per_engineer=float(spans.size / n_eng) if n_eng else 0.0,
        channels_within_teams=int(np.sum(members * (members - 1) // 2)),
        channels_if_undivided=in_teams * (in_teams - 1) // 2,
        mean_hops_between_engineers=mean_pairwise_hops(table, engineers),
        hops_engineer_to_founder_mean=float(eng_levels.mean()) if n_eng else 0.0,
        hops_engineer_to_founder_max=int(eng_levels.max()) if n_eng else 0,
    )
