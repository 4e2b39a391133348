"""Review flow measured over a window of landing dates: volumes, people, load, time to land, teams.

Time to land is ``land - start`` (see `orgmodel.history.flows`): calendar hours, and working hours
on the author's own clock (both instants shifted by the offset of the start date, then
`orgmodel.workclock.WorkClock.working_hours_at` of the scenario's working week). Percentiles are
numpy's linear ones. A window is ``[since, until)`` on the landing instant (UTC).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
from numpy.typing import NDArray

from orgmodel.errors import InputError
from orgmodel.history import communities as com
from orgmodel.history.dates import EPOCH_MONDAY_HOURS
from orgmodel.history.flows import FLOWS, Changes
from orgmodel.history.result import HistoryMeasure, OrgBoundary, QuarterLanding, ReviewTeam
from orgmodel.scenario import Person, WorkWeek
from orgmodel.workclock import WorkClock

__all__ = ["Window", "WindowData", "measure", "parse_instant"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
CURVE_POINTS = 200
PROBS = (50, 75, 90)


def parse_instant(text: str | None, option: str) -> float | None:
    """Seconds since 1970 UTC of an ISO date or date-time (UTC unless it carries an offset)."""
    if text is None or text == "":
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise InputError([f"{option} {text!r}: expected an ISO date such as 2022-01-01 or 2022-01-01T09:00+01:00"],
                         option) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


@dataclass(frozen=True)
class Window:
    """``[since, until)`` in seconds since 1970 UTC; None = open."""

    since: float | None = None
    until: float | None = None

    def mask(self, land: FloatArray) -> NDArray[np.bool_]:
        keep = np.ones(land.shape, dtype=bool)
        if self.since is not None:
            keep &= land >= self.since
        if self.until is not None:
            keep &= land < self.until
        return keep


@dataclass(frozen=True)
class WindowData:
    """The changes of one window, with what the fit needs: durations, people, review teams."""

    calendar_hours: FloatArray
    author: IntArray
    reviewers_per_change: IntArray
    review_change: IntArray
    review_person: IntArray
    teams: list[list[int]]
    working_days: float
    measure: HistoryMeasure


def _iso(seconds: float | None) -> str | None:
    return None if seconds is None else datetime.fromtimestamp(seconds, UTC).isoformat()


def _pcts(values: FloatArray) -> list[float | None]:
    if values.size == 0:
        return [None, None, None]
    return [float(v) for v in np.percentile(values, PROBS)]


def _working_hours(changes: Changes, keep: NDArray[np.bool_], clock: WorkClock) -> FloatArray:
    shift = changes.offset_minutes[keep] / 60.0
    start = changes.start[keep] / 3600.0 + shift + EPOCH_MONDAY_HOURS
    land = changes.land[keep] / 3600.0 + shift + EPOCH_MONDAY_HOURS
    out: FloatArray = clock.working_hours_at(land) - clock.working_hours_at(start)
    return out


def _quarters(land: FloatArray, hours: FloatArray) -> list[QuarterLanding]:
    if land.size == 0:
        return []
    days = (land // 86400).astype("datetime64[D]")
    months = days.astype("datetime64[M]").astype(np.int64)
    quarter = months // 3  # quarters since 1970Q1
    out = []
    for q in np.unique(quarter):
        sel = hours[quarter == q]
        p50, p75, p90 = np.percentile(sel, PROBS)
        out.append(QuarterLanding(quarter=f"{1970 + q // 4}Q{q % 4 + 1}", changes=int(sel.size),
                                  p50_calendar_hours=float(p50), p75_calendar_hours=float(p75),
                                  p90_calendar_hours=float(p90)))
    return out


def _load(review_person: IntArray) -> tuple[float | None, int, list[float]]:
    if review_person.size == 0:
        return None, 0, []
    counts = np.sort(np.bincount(review_person))[::-1]
    counts = counts[counts > 0]
    share = np.cumsum(counts) / counts.sum()
    carrying = int(np.searchsorted(share, 0.8 - 1e-12) + 1)
    pick = np.unique(np.linspace(0, share.size - 1, min(share.size, CURVE_POINTS)).round().astype(np.int64))
    return float(counts[0] / counts.sum()), carrying, [float(share[i]) for i in pick]


def _teams(changes: Changes, author: IntArray, rc: IntArray, rp: IntArray, seed: int,
           ) -> tuple[list[list[int]], list[ReviewTeam], float | None]:
    graph = com.co_review_graph(com.review_graph(author, rc, rp))
    activity = dict(zip(*np.unique(np.concatenate([author, rp]), return_counts=True)))
    teams = com.review_teams(graph, {int(k): int(v) for k, v in activity.items()}, seed)
    where = com.team_of(teams, len(changes.people))
    a_team, r_team = where[author[rc]], where[rp]
    rows: list[ReviewTeam] = []
    for k, members in enumerate(teams):
        if len(members) < 2:
            continue
        mine = a_team == k
        rows.append(ReviewTeam(name=f"team {len(rows) + 1}", size=len(members),
                               members=[changes.people.names[p] for p in members[:30]], reviews=int(mine.sum()),
                               cross_team_share=float(np.mean(r_team[mine] != k)) if mine.any() else 0.0))
    return teams, rows, com.cross_share(a_team, r_team)


def org_boundaries(changes: Changes, author: IntArray, rc: IntArray, rp: IntArray,
                   people: Sequence[Person]) -> list[OrgBoundary]:
    """Each org-chart team's share of its members' reviews done from outside it (match: email, then name)."""
    by_key: dict[str, str] = {}
    for p in people:
        team = p.team or p.manager_id or p.department or "(top)"
        by_key.setdefault(f"e:{p.id.strip().casefold()}", team)
        if p.name.strip():
            by_key.setdefault(f"n:{p.name.strip().casefold()}", team)
    team_of: dict[int, str] = {}
    for i, name in enumerate(changes.people.names):
        keys = [f"e:{e.strip().casefold()}" for e in changes.people.emails[i]] + [f"n:{name.strip().casefold()}"]
        found = next((by_key[k] for k in keys if k in by_key), None)
        if found is not None:
            team_of[i] = found
    out = []
    for team in sorted(set(team_of.values())):
        mine = np.array([team_of.get(int(author[c])) == team for c in rc], dtype=bool)
        outside = np.array([team_of.get(int(r)) != team for r in rp[mine]], dtype=bool)
        out.append(OrgBoundary(team=team, people_matched=sum(t == team for t in team_of.values()),
                               reviews=int(mine.sum()),
                               cross_boundary_share=float(outside.mean()) if mine.any() else 0.0))
    return out


def measure(changes: Changes, window: Window, work: WorkWeek, seed: int = 2012, source: str = "",
            org_people: Sequence[Person] | None = None) -> WindowData:
    """Every measured figure of the window; the window's data for the fit."""
    keep = window.mask(changes.land)
    idx = np.flatnonzero(keep)
    land, author = changes.land[keep], changes.author[keep]
    calendar = (land - changes.start[keep]) / 3600.0
    working = _working_hours(changes, keep, WorkClock.of(work))
    local = np.full(changes.flow.size, -1, dtype=np.int64)
    local[idx] = np.arange(idx.size)
    sel = local[changes.review_change] >= 0
    rc, rp = local[changes.review_change[sel]], changes.review_person[sel]
    per_change = np.bincount(rc, minlength=idx.size)
    since = window.since if window.since is not None else (float(land.min()) if land.size else None)
    until = window.until if window.until is not None else (float(land.max()) + 1 if land.size else None)
    days = (until - since) / 86400.0 * work.days_per_week / 7.0 if since is not None and until is not None else 0.0
    authors = int(np.unique(author).size)
    top, carrying, curve = _load(rp)
    teams, team_rows, cross = _teams(changes, author, rc, rp, seed)
    first = (changes.first_review[keep] - changes.start[keep]) / 3600.0
    first = first[np.isfinite(first)]
    c50, c75, c90 = _pcts(calendar)
    w50, w75, w90 = _pcts(working)
    f50, _, f90 = _pcts(first)
    counts = changes.counts
    notes = []
    if counts["squash_merges"]:
        notes.append(f"{counts['squash_merges']:,} squash merges (subject ending in (#N)) counted, not timed: "
                     "their author date is not the start of the work")
    if not idx.size:
        notes.append("no reviewed change landed in the window (no Reviewed-on/Reviewed-by trailer on a "
                     "single-parent commit, no 'Merge pull request #N' merge, no merged pull request): "
                     "nothing is timed")
    singles = sum(len(t) == 1 for t in teams)
    if singles:
        notes.append(f"{singles} people co-reviewed with nobody in the window (not listed as teams)")
    result = HistoryMeasure(
        source=source, since=_iso(window.since), until=_iso(window.until),
        flows={name: int((changes.flow[keep] == k).sum()) for k, name in enumerate(FLOWS)},
        changes=int(idx.size), authors=authors, reviewers=int(np.unique(rp).size),
        plain_commits=counts["plain_commits"], squash_merges=counts["squash_merges"],
        bot_changes=counts["bot_changes"], impossible_dates=counts["impossible_dates"],
        commits_with_impossible_dates=counts["commits_with_impossible_dates"], working_days=days,
        changes_per_author_per_day=idx.size / authors / days if authors and days > 0 else 0.0,
        reviewers_per_change_mean=float(per_change.mean()) if idx.size else 0.0,
        unreviewed_share=float(np.mean(per_change == 0)) if idx.size else 0.0,
        time_to_land_p50_calendar_hours=c50, time_to_land_p75_calendar_hours=c75,
        time_to_land_p90_calendar_hours=c90, time_to_land_p50_working_hours=w50,
        time_to_land_p75_working_hours=w75, time_to_land_p90_working_hours=w90,
        time_to_first_review_p50_calendar_hours=f50, time_to_first_review_p90_calendar_hours=f90,
        top_reviewer_share=top, reviewers_carrying_80_pct=carrying, review_load_curve=curve,
        by_quarter=_quarters(land, calendar), teams=team_rows, cross_team_share=cross,
        org_boundaries=None if org_people is None else org_boundaries(changes, author, rc, rp, org_people),
        notes=notes,
    )
    return WindowData(calendar, author, per_change, rc, rp, teams, days, result)
