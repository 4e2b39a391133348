"""Structure metrics: headcount, layers, spans, teams, communication channels, hops.

Spans and layers as organisation designers read them: people per level (the pyramid), spans
bucketed 1-2 / 3-5 / 6-9 / 10-15 / 16+, each manager's span against a published range for their
archetype (McKinsey 2017, `SPAN_TARGETS`), headcount under each manager, and Graicunas's
relationship count for a span."""

from __future__ import annotations

import math

import numpy as np
from pydantic import Field

from orgmodel.model_base import Result
from orgmodel.orgtable import OrgTable, Role
from orgmodel.people import ImportInfo

__all__ = [
    "OFF_TARGET_SHOWN", "SPAN_BUCKETS", "SPAN_TARGETS", "OffTarget", "SpanAtLevel", "StructureMetrics",
    "graicunas_relationships", "headcount_under", "mean_pairwise_hops", "measure_structure", "span_targets",
]

SPAN_BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    ("1-2", 1, 2), ("3-5", 3, 5), ("6-9", 6, 9), ("10-15", 10, 15), ("16+", 16, None),
)
"""Span buckets as organisation designers tabulate them: label, fewest and most direct reports."""

SPAN_TARGETS: dict[int, tuple[str, int, int]] = {
    int(Role.FOUNDER): ("player/coach", 3, 5),
    int(Role.MANAGER): ("coach", 6, 7),
    int(Role.LEAD): ("coach", 6, 7),
    int(Role.ENGINEER): ("coach", 6, 7),
}
"""Role -> (McKinsey manager archetype, fewest, most direct reports).

Ranges from Acharya, Lieber, Seem and Welchman, "How to identify the right 'spans of control' for
your organization", McKinsey & Company, December 2017: player/coach 3-5, coach 6-7, supervisor
8-10, facilitator 11-15, coordinator 15+. Which archetype each role is, is an assumption
(docs/model.md): founders run a domain and still do specialist work (player/coach, McKinsey's
example is a functional vice president); middle managers and team leads manage people whose work
is varied and not standardised (coach). Someone with reports but an engineer's role gets a lead's."""

OFF_TARGET_SHOWN = 10
"""Managers listed in ``off_target``, furthest from their range first."""


class OffTarget(Result):
    """A manager whose span is outside their archetype's range."""

    id: str
    name: str
    role: str
    level: int
    span: int = Field(description="direct reports")
    archetype: str = Field(description="McKinsey manager archetype assumed for the role")
    target_low: int = Field(description="fewest direct reports in the archetype's range")
    target_high: int = Field(description="most direct reports in the archetype's range")
    direction: str = Field(description="narrow (below the range) or wide (above it)")
    gap: int = Field(description="direct reports outside the range: target_low - span or span - target_high")
    headcount_under: int = Field(description="people below this manager, all levels")
    relationships: float | None = Field(
        description="Graicunas's relationship count n(2^(n-1)+n-1) for span n; None when beyond float range"
    )


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
    layers: list[int] = Field(default_factory=list, description="people at each level, level 0 (founders) first")
    span_buckets: dict[str, int] = Field(
        default_factory=dict, description="people with reports per span bucket (1-2, 3-5, 6-9, 10-15, 16+)"
    )
    managers_narrow: int = Field(default=0, description="people with reports below their archetype's span range")
    managers_wide: int = Field(default=0, description="people with reports above their archetype's span range")
    off_target: list[OffTarget] = Field(
        default_factory=list, description=f"the {OFF_TARGET_SHOWN} managers furthest outside their span range"
    )
    relationships_max: float | None = Field(
        default=None, description="Graicunas's relationship count for the widest span (None if beyond float range)"
    )
    imported: ImportInfo | None = Field(default=None, description="how an imported org chart was read; None otherwise")
    open_roles: int = Field(default=0, description="positions with no person yet (open roles); counted in headcount")
    dotted_lines: int = Field(default=0, description="dotted-line (secondary) reporting lines; spans above are solid")
    dotted_span_mean: float = Field(default=0.0, description="dotted-line reports per person who has any")
    dotted_span_max: int = Field(default=0, description="most dotted-line reports of one person")


def graicunas_relationships(n: int) -> float | None:
    """Relationships a manager with ``n`` direct reports may have to attend to.

    Notes
    -----
    Graicunas (1933), "Relationship in organization": direct single ``n``, direct group
    ``n(2^(n-1) - 1)`` and cross ``n(n-1)`` relationships, in all ``n(2^(n-1) + n - 1)``
    (1 report: 1; 2: 6; 3: 18; 8: 1,080). None when the count exceeds a float (n > 1,013).
    """
    if n <= 0:
        return 0.0
    try:
        return float(n * (2 ** (n - 1) + n - 1))
    except OverflowError:
        return None


def headcount_under(table: OrgTable) -> np.ndarray:
    """People below each row, all levels (0 for someone with no reports). O(N), level by level."""
    below = np.ones(len(table), dtype=np.int64)
    depth = table.depth
    for d in range(int(depth.max()), 0, -1):
        rows = np.flatnonzero(depth == d)
        np.add.at(below, table.parent[rows], below[rows])
    return below - 1


def span_targets(table: OrgTable) -> tuple[np.ndarray, np.ndarray]:
    """(fewest, most) direct reports of each row's archetype range (`SPAN_TARGETS`)."""
    low = np.zeros(len(table), dtype=np.int64)
    high = np.zeros(len(table), dtype=np.int64)
    for code, (_, lo, hi) in SPAN_TARGETS.items():
        at = table.role == code
        low[at], high[at] = lo, hi
    return low, high


def _spans_and_layers(table: OrgTable) -> dict[str, object]:
    spans = table.span_reports
    managers = np.flatnonzero(spans > 0)
    span = spans[managers]
    buckets = {label: int(np.count_nonzero((span >= lo) & (span <= (hi if hi is not None else span.max(initial=0)))))
               for label, lo, hi in SPAN_BUCKETS}
    low, high = span_targets(table)
    gap = np.maximum(low[managers] - span, span - high[managers])
    narrow = span < low[managers]
    wide = span > high[managers]
    under = headcount_under(table) if managers.size else np.zeros(len(table), dtype=np.int64)
    off = managers[gap > 0]
    off_gap = gap[gap > 0]
    # furthest first, then most people below, then level and id: independent of row order
    cut = np.sort(off_gap)[-OFF_TARGET_SHOWN] if off.size > OFF_TARGET_SHOWN else 0
    keep = off_gap >= cut
    ranked = sorted(zip(off[keep].tolist(), off_gap[keep].tolist()),
                    key=lambda rg: (-rg[1], -int(under[rg[0]]), int(table.level[rg[0]]), table.id_of(rg[0])))
    listed = []
    for r, _ in ranked[:OFF_TARGET_SHOWN]:
        code = int(table.role[r])
        archetype, lo, hi = SPAN_TARGETS[code]
        n = int(spans[r])
        listed.append(OffTarget(
            id=table.id_of(r), name=table.name_of(r), role=Role(code).label, level=int(table.level[r]), span=n,
            archetype=archetype, target_low=lo, target_high=hi, direction="narrow" if n < lo else "wide",
            gap=lo - n if n < lo else n - hi, headcount_under=int(under[r]), relationships=graicunas_relationships(n),
        ))
    rel = graicunas_relationships(int(span.max())) if span.size else 0.0
    return {
        "layers": np.bincount(table.level).astype(int).tolist(),
        "span_buckets": buckets,
        "managers_narrow": int(np.count_nonzero(narrow)),
        "managers_wide": int(np.count_nonzero(wide)),
        "off_target": listed,
        "relationships_max": rel if rel is None or math.isfinite(rel) else None,
    }


def _open_and_dotted(table: OrgTable) -> dict[str, object]:
    """Open roles, and dotted lines with their spans (dotted reports per secondary manager)."""
    dotted = table.dotted if table.dotted is not None else np.empty((0, 2), dtype=np.int64)
    per_manager = np.bincount(dotted[:, 1], minlength=len(table)) if len(dotted) else np.zeros(0, dtype=np.int64)
    having = per_manager[per_manager > 0]
    return {
        "open_roles": int(np.count_nonzero(table.vacant)) if table.vacant is not None else 0,
        "dotted_lines": len(dotted),
        "dotted_span_mean": float(having.mean()) if having.size else 0.0,
        "dotted_span_max": int(having.max()) if having.size else 0,
    }


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
    reports = table.span_reports  # the founders' tier of a file is peers, not the first founder's reports
    spans = reports[reports > 0]
    members = sizes + 1  # engineers plus the lead
    in_teams = int(members.sum())
    span_by_level = []
    for lvl in np.unique(table.level[reports > 0]):
        at = reports[(table.level == lvl) & (reports > 0)]
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
        imported=table.imported,
        **_spans_and_layers(table),
        **_open_and_dotted(table),
    )
