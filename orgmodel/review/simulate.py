"""Vectorised discrete-event simulation of review queues, one numpy step per arrival index.

Every function runs many independent queues at once (rows: replications, teams or approvers)
and loops only over the k-th arrival of each row, so the Python loop is as long as one queue's
arrival count while numpy does the width. Times are working hours.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from orgmodel.queueing.sampling import sample_gamma
from orgmodel.queueing.simulate import single_server_starts
from orgmodel.review.absences import Timelines, draw_timelines
from orgmodel.review.settings import ReviewSettings
from orgmodel.review.steady_state import mser5_truncation, t_quantile
from orgmodel.review.teams import ReviewTeams

__all__ = [
    "MAX_CHANGES",
    "MAX_GROWTH",
    "MAX_ROWS",
    "MIN_PER_COPY",
    "REPLICAS",
    "ROWS",
    "TARGET_HALF_WIDTH",
    "OrgSample",
    "SteadySample",
    "simulate_org",
    "steady_sample",
]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


@dataclass(frozen=True)
class OrgSample:
    """Simulated changes sent before the horizon, in order of sending (no warm-up dropped yet).

    Attributes
    ----------
    team : team of each change.
    sent_hours : working-hour instant it was sent.
    turnaround_hours : working hours from sending to the last sign-off.
    busy_hours : review hours spent on each change (all its reviewers).
    interruptions : reviews (review_first) or batches (batched) each change started on a reviewer
        who was on their own work.
    horizon_hours : changes are sent in ``[0, horizon_hours)``, working hours.
    """

    team: IntArray
    sent_hours: FloatArray
    turnaround_hours: FloatArray
    busy_hours: FloatArray
    interruptions: FloatArray
    horizon_hours: float


@dataclass(frozen=True)
class SteadySample:
    """The steady-state part of a simulation and the precision of its mean turnaround.

    When teams do not share an approver, one team of each distinct shape (`ReviewTeams.groups`)
    is simulated with the whole per-team budget and its changes stand for every team of that
    shape (``weight``); otherwise every team is simulated.

    Attributes
    ----------
    team, sent_hours, turnaround_hours : the changes kept (after the MSER-5 warm-up); ``team``
        indexes the simulated teams (``team_sample`` maps each team of the organisation to one).
    weight : per change, the number of organisation teams its simulated team stands for.
    team_sample : for each team of the organisation, the simulated team that stands for it.
    reviewer_busy_hours : per simulated team, review hours spent on the kept changes.
    interruptions : per simulated team, interruptions started by the kept changes.
    window_hours : working hours from the first kept change to the horizon, summed over replicas.
    mean_interval : 95% interval of the mean turnaround, working hours (copies' means, widened
        by any trend left between the first and second half of the kept series).
    converged : True when the interval's half-width is within `TARGET_HALF_WIDTH` of the mean
        and no warm-up trend is left (`_trend`).
    changes_per_team : sample size of the last run (per simulated team).
    """

    team: IntArray
    sent_hours: FloatArray
    turnaround_hours: FloatArray
    weight: FloatArray
    team_sample: IntArray
    reviewer_busy_hours: FloatArray
    interruptions: FloatArray
    window_hours: float
    mean_interval: tuple[float, float]
    converged: bool
    changes_per_team: int


TARGET_HALF_WIDTH = 0.02
"""Relative half-width of the 95% interval of the mean turnaround the simulation runs until."""
REPLICAS = 20
"""Fewest independent replications run side by side (rows); their means give the interval."""
ROWS = 512
"""Small organisations get more replications, up to this many rows (team copies) in all..."""
MAX_ROWS = 2048
"""Large organisations run fewer copies (at least 4) so that copies x teams stays near this."""
MIN_PER_COPY = 200
"""...while each copy keeps at least this many changes per team."""
MAX_GROWTH = 256
"""The sample grows at most to this multiple of ``simulation_changes_per_team``."""
MAX_CHANGES = 4_000_000
"""...and never beyond this many changes in one run (memory and time cap)."""


def _replicated(teams: ReviewTeams, lead_column: IntArray | None, copies: int) -> tuple[ReviewTeams, IntArray]:
    """``copies`` independent copies of the organisation stacked as rows (approver ids kept apart)."""
    if lead_column is None:
        lead_column = np.where(teams.reviewers > np.where(teams.size >= 2, teams.size, 0), teams.size, -1)
    shift = int(teams.approvers.max(initial=-1)) + 1
    offsets = (np.arange(copies) * shift)[:, None, None]
    approvers = np.where(teams.approvers[None] >= 0, teams.approvers[None] + offsets, -1)
    stacked = ReviewTeams(
        size=np.tile(teams.size, copies), reviewers=np.tile(teams.reviewers, copies),
        eligible=np.tile(teams.eligible, copies),
        reviews_per_change=np.tile(teams.reviews_per_change, copies),
        change_rate=np.tile(teams.change_rate, copies),
        approvers=approvers.reshape(copies * teams.size.size, teams.approvers.shape[1]),
        approver_rate=np.tile(teams.approver_rate, (copies, 1)),
    )
    return stacked, np.tile(lead_column, copies)


def _independent(teams: ReviewTeams) -> bool:
    """True when no approver serves more than one team (teams are then independent queues)."""
    for k in range(teams.approvers.shape[1]):
        ids = teams.approvers[:, k]
        ids = ids[ids >= 0]
        if np.unique(ids).size < ids.size:
            return False
    return True


def _subset(teams: ReviewTeams, rows: IntArray) -> ReviewTeams:
    """The teams ``rows`` of ``teams``."""
    return ReviewTeams(
        size=teams.size[rows], reviewers=teams.reviewers[rows], eligible=teams.eligible[rows],
        reviews_per_change=teams.reviews_per_change[rows], change_rate=teams.change_rate[rows],
        approvers=teams.approvers[rows], approver_rate=teams.approver_rate[rows],
    )


def steady_sample(teams: ReviewTeams, settings: ReviewSettings, seed: int,
                  lead_column: IntArray | None = None) -> SteadySample:
    """Simulate, drop each replica's warm-up (MSER-5) and rerun longer until the mean is precise.

    Teams that share no approver are independent: one team of each distinct shape is simulated
    with the whole per-team budget and stands for all its copies (weighted by their count), so
    the budget per simulated team does not shrink as the organisation grows. At least
    `REPLICAS` independent copies (more for small ones, up to `ROWS` team rows; fewer, down to 4,
    beyond `MAX_ROWS` / 20 simulated teams) run side by side, sharing
    ``settings.simulation_changes_per_team`` changes per simulated team among them. Each copy's
    turnaround series (in order of sending) loses the same warm-up, chosen by MSER-5 on the
    copies' average series; the copies' means are independent batch means, whose t-interval is
    the 95% interval of the mean. The run is not converged while its half-width exceeds
    `TARGET_HALF_WIDTH` of the mean or a warm-up trend is left (`_trend`); the sample then grows
    to about the size the target needs (2 to 16 times, by the interval's ``1 / sqrt(n)``), up to
    `MAX_GROWTH` times the setting or `MAX_CHANGES` changes. Reproducible from ``seed``.
    """
    n_all = teams.size.size
    if lead_column is None and n_all > 1 and _independent(teams):
        reps, group = teams.groups()
        counts = np.bincount(group, minlength=reps.size).astype(np.float64)
        return _steady(_subset(teams, reps), settings, seed, None, counts, group)
    return _steady(teams, settings, seed, lead_column, np.ones(n_all), np.arange(n_all, dtype=np.int64))


def _copy_means(turnaround: FloatArray, weight: FloatArray, rows: list[IntArray],
                start: int) -> tuple[FloatArray, FloatArray]:
    """Per copy: weighted mean of the kept series, and its second half's minus its first half's."""
    means = np.full(len(rows), np.nan)
    trend = np.full(len(rows), np.nan)
    for r, idx in enumerate(rows):
        kept = idx[start:]
        if kept.size < 2:
            continue
        x, w = turnaround[kept], weight[kept]
        means[r] = np.average(x, weights=w)
        half = kept.size // 2
        trend[r] = np.average(x[half:], weights=w[half:]) - np.average(x[:half], weights=w[:half])
    return means, trend


def _trend(trend: FloatArray, half_width: float) -> tuple[bool, float]:
    """Whether the kept series still rises or falls between its halves (t-test over copies, 95%),
    and the bias bound it implies for the mean (half the mean difference, at least 0)."""
    d = trend[np.isfinite(trend)]
    if d.size < 2:
        return True, 0.0
    centre = float(d.mean())
    spread = float(t_quantile(0.975, d.size - 1) * d.std(ddof=1) / np.sqrt(d.size))
    return abs(centre) > spread or abs(centre) / 2 > half_width, abs(centre) / 2


def _steady(teams: ReviewTeams, settings: ReviewSettings, seed: int, lead_column: IntArray | None,
            counts: FloatArray, team_sample: IntArray) -> SteadySample:
    """`steady_sample` on the teams simulated; ``counts``: organisation teams each stands for."""
    n_teams = teams.size.size
    per_team = settings.simulation_changes_per_team
    n_active = max(int(np.count_nonzero(teams.change_rate > 0)), 1)
    while True:
        # enough copies for a tight interval, each long enough (MIN_PER_COPY) to pass its warm-up
        # (large organisations: fewer copies, down to 4, so the rows stay near MAX_ROWS)
        fewest = max(4, min(REPLICAS, MAX_ROWS // max(n_teams, 1)))
        copies = max(fewest, min(ROWS // max(n_teams, 1), per_team // MIN_PER_COPY))
        stacked, leads = _replicated(teams, lead_column, copies)
        sample = simulate_org(stacked, settings, seed, leads, changes_per_team=max(per_team // copies, 20))
        copy = sample.team // max(n_teams, 1)
        weight = counts[sample.team % max(n_teams, 1)]
        rows = [np.flatnonzero(copy == r) for r in range(copies)]
        shortest = min(r.size for r in rows)
        # one warm-up for all copies: MSER-5 on their average at each position (less prone than
        # per-copy truncation to cutting a genuine early spike of one copy)
        ensemble = np.mean([sample.turnaround_hours[r[:shortest]] for r in rows], axis=0)
        start = mser5_truncation(ensemble)
        kept = np.zeros(sample.team.size, dtype=bool)
        first = np.zeros(copies)
        for r, idx in enumerate(rows):
            kept[idx[start:]] = True
            first[r] = sample.sent_hours[idx[start]] if idx.size > start else sample.horizon_hours
        means, trend = _copy_means(sample.turnaround_hours, weight, rows, start)
        centre = float(np.nanmean(means))
        half = float(t_quantile(0.975, copies - 1) * np.nanstd(means, ddof=1) / np.sqrt(copies))
        trending, bias = _trend(trend, half)
        half += bias
        converged = half <= TARGET_HALF_WIDTH * centre and not trending
        # the half-width shrinks like 1 / sqrt(sample): grow to about the size the target needs
        need = (half / (TARGET_HALF_WIDTH * centre)) ** 2 * 1.2 if centre > 0 else 4.0
        grown = int(per_team * float(np.clip(need, 2.0, 16.0)))
        if converged or grown > settings.simulation_changes_per_team * MAX_GROWTH or grown * n_active > MAX_CHANGES:
            break
        per_team = grown
    team = sample.team[kept] % max(n_teams, 1)
    return SteadySample(
        team=team, sent_hours=sample.sent_hours[kept], turnaround_hours=sample.turnaround_hours[kept],
        weight=counts[team], team_sample=team_sample,
        reviewer_busy_hours=np.bincount(team, weights=sample.busy_hours[kept], minlength=n_teams).astype(np.float64),
        interruptions=np.bincount(team, weights=sample.interruptions[kept], minlength=n_teams).astype(np.float64),
        window_hours=float(np.sum(sample.horizon_hours - first)),
        mean_interval=(centre - half, centre + half),
        converged=bool(converged), changes_per_team=per_team,
    )


def _timeline_horizon(times: FloatArray, s: ReviewSettings) -> float:
    """How far to draw absences: past the last arrival with slack (everyone present beyond)."""
    last = float(np.max(times, initial=0.0, where=np.isfinite(times)))
    longest = max((k.mean_hours for k in s.absences), default=0.0)
    return 1.25 * last + 20 * longest + 100.0


def _arrivals(rng: np.random.Generator, rate: FloatArray, horizon: float) -> FloatArray:
    """Poisson arrival times per row up to ``horizon`` and a little beyond (rows padded equally)."""
    expected = float(rate.max()) * horizon
    width = int(expected + 6 * np.sqrt(expected) + 10)
    gaps = rng.exponential(1.0, size=(rate.size, width)) / np.maximum(rate, 1e-300)[:, None]
    return np.cumsum(gaps, axis=1)


def _review_stage(
    rng: np.random.Generator, teams: ReviewTeams, s: ReviewSettings, sent: FloatArray,
    leads_col: IntArray,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Peer-review completion time of every change; busy hours and interruptions per change."""
    n_teams, width = sent.shape
    size = teams.size
    cols = int(size.max()) + 1 if n_teams else 1
    col = np.arange(cols)[None, :]
    can = ((col < size[:, None]) & (size[:, None] >= 2)) | (col == leads_col[:, None])
    author = np.minimum((rng.random((n_teams, width)) * size[:, None]).astype(np.int64), cols - 1)
    r_max = int(teams.reviews_per_change.max()) if n_teams else 0
    per_change = teams.reviews_per_change
    effort = sample_gamma(rng, s.hours_per_review, s.review_cv, (n_teams, width, max(r_max, 1)))
    switch = (rng.exponential(s.switch_delay_hours, size=effort.shape)
              if s.switch_delay_hours > 0 and s.policy == "review_first" else np.zeros(effort.shape))
    idx = np.arange(n_teams)
    done = sent.copy()
    busy = np.zeros(sent.shape)
    breaks = np.zeros(sent.shape)
    # review_first: next free time per reviewer; batched: end of the last review per reviewer
    state = np.where(can, 0.0, np.inf) if s.policy == "review_first" else np.zeros((n_teams, cols))
    interval = s.batch_interval_hours
    for k in range(width):
        t = sent[:, k]
        blocked = ~can.copy()
        blocked[idx, author[:, k]] = True
        if s.policy == "batched":
            order = np.argsort(np.where(blocked, np.inf, rng.random((n_teams, cols))), axis=1)
        finish = t.copy()
        for i in range(r_max):
            active = per_change > i
            if s.policy == "review_first":
                j = np.where(blocked, np.inf, state).argmin(axis=1)
                f = state[idx, j]
                idle = f <= t
                start = np.where(idle, t + switch[:, k, i], f)
            else:
                j = order[:, i]
                f = state[idx, j]
                idle = t >= f
                start = np.where(idle, f + interval * np.ceil((t - f) / interval), f)
            end = start + effort[:, k, i]
            state[idx, j] = np.where(active, end, f)
            blocked[idx, j] = True
            finish = np.where(active, np.maximum(finish, end), finish)
            busy[:, k] += np.where(active, effort[:, k, i], 0.0)
            breaks[:, k] += active & idle
        done[:, k] = finish
    return done, busy, breaks


def _draw_owner(rng: np.random.Generator, allowed: NDArray[np.bool_]) -> IntArray:
    """One allowed column per row, uniformly (the code owner of a change)."""
    keys = np.where(allowed, rng.random(allowed.shape), -1.0)
    return keys.argmax(axis=1).astype(np.int64)


def _review_stage_absent(
    rng: np.random.Generator, teams: ReviewTeams, s: ReviewSettings, sent: FloatArray,
    leads_col: IntArray, clocks: Timelines,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Peer review with absences, code owners and one first-come-first-served queue per team.

    Each review task goes to the eligible reviewer (a teammate, never the author; only the
    owner for an owned change) who can start it first: present and idle (review_first; the
    switch delay is then part of the work) or at their next look at the queue (batched: looks
    every ``T`` present hours after the queue emptied for them; a busy reviewer goes on at once).
    Work runs on the reviewer's present clock (preemptive resume). Assigning tasks in order of
    arrival to the earliest possible start is the Kiefer-Wolfowitz recursion with availability.
    """
    n_teams, width = sent.shape
    size = teams.size
    cols = int(size.max()) + 1 if n_teams else 1
    col = np.arange(cols)[None, :]
    can = ((col < size[:, None]) & (size[:, None] >= 2)) | (col == leads_col[:, None])
    author = np.minimum((rng.random((n_teams, width)) * size[:, None]).astype(np.int64), cols - 1)
    owned = rng.random((n_teams, width)) < s.owner_share
    r_max = int(teams.reviews_per_change.max()) if n_teams else 0
    effort = sample_gamma(rng, s.hours_per_review, s.review_cv, (n_teams, width, max(r_max, 1)))
    switch = (rng.exponential(s.switch_delay_hours, size=effort.shape)
              if s.switch_delay_hours > 0 and s.policy == "review_first" else np.zeros(effort.shape))
    idx = np.arange(n_teams)
    lanes = idx[:, None] * cols + col
    done = sent.copy()
    busy = np.zeros(sent.shape)
    breaks = np.zeros(sent.shape)
    interval = s.batch_interval_hours
    # when each reviewer is next free; batched reviewers start at a random phase of their looks
    free = -rng.uniform(0, interval, (n_teams, cols)) if s.policy == "batched" else np.zeros((n_teams, cols))
    for k in range(width):
        t = sent[:, k]
        blocked = ~can.copy()
        blocked[idx, author[:, k]] = True
        if s.owner_share > 0:
            owner = _draw_owner(rng, ~blocked)
            only = col != owner[:, None]
            blocked = np.where(owned[:, k, None], blocked | only, blocked)
        per_change = np.where(owned[:, k], np.minimum(teams.reviews_per_change, 1), teams.reviews_per_change)
        finish = t.copy()
        for i in range(r_max):
            active = per_change > i
            if s.policy == "review_first":
                cand = clocks.next_present(lanes, np.maximum(free, t[:, None]))
            else:
                present_free = clocks.present_clock(lanes, free)
                present_now = clocks.present_clock(lanes, np.broadcast_to(t[:, None], free.shape))
                looks = np.maximum(np.ceil((present_now - present_free) / interval), 1.0)
                cand = np.where(free > t[:, None], free,
                                clocks.at_present(lanes, present_free + looks * interval))
            j = np.where(blocked, np.inf, cand).argmin(axis=1)
            start = cand[idx, j]
            f = free[idx, j]
            idle = f <= t
            work = effort[:, k, i] + np.where(idle, switch[:, k, i], 0.0)
            end = clocks.finish(lanes[idx, j], start, work)
            free[idx, j] = np.where(active, end, f)
            blocked[idx, j] = True
            finish = np.where(active, np.maximum(finish, end), finish)
            busy[:, k] += np.where(active, effort[:, k, i], 0.0)
            breaks[:, k] += active & idle
        done[:, k] = finish
    return done, busy, breaks


def _single_server_absent(arrivals: FloatArray, services: FloatArray, setup: FloatArray, policy: str,
                          interval_hours: float, clocks: Timelines) -> FloatArray:
    """Finish times of single servers (rows = lanes of ``clocks``) who are absent at times.

    review_first: an idle server starts when next present and works the setup then the effort;
    batched: looks every ``T`` present hours after emptying the queue. Rows may end in ``inf``.
    """
    rows, k_max = arrivals.shape
    lane = np.arange(rows)
    end = np.zeros(rows)
    out = np.full(arrivals.shape, np.inf)
    for k in range(k_max):
        t = arrivals[:, k]
        finite = np.isfinite(t)
        t = np.where(finite, t, end)
        idle = t >= end
        if policy == "batched":
            p_end = clocks.present_clock(lane, end)
            looks = np.maximum(np.ceil((clocks.present_clock(lane, t) - p_end) / interval_hours), 1.0)
            start = np.where(idle, clocks.at_present(lane, p_end + looks * interval_hours), end)
            work = services[:, k]
        else:
            start = np.where(idle, clocks.next_present(lane, t), end)
            work = services[:, k] + np.where(idle, setup[:, k], 0.0)
        fin = clocks.finish(lane, start, work)
        end = np.where(finite, fin, end)
        out[:, k] = np.where(finite, fin, np.inf)
    return out


def _approval_stage(
    rng: np.random.Generator, s: ReviewSettings, ready: FloatArray, approver: IntArray
) -> FloatArray:
    """Sign-off completion times: each approver serves its merged stream FCFS."""
    out = ready.copy()
    has = approver >= 0
    if not has.any():
        return out
    rows, cols = np.nonzero(np.broadcast_to(has[:, None], ready.shape))
    who = approver[rows]
    times = ready[rows, cols]
    order = np.lexsort((times, who))
    who_sorted = who[order]
    uniq, first, counts = np.unique(who_sorted, return_index=True, return_counts=True)
    lane = np.searchsorted(uniq, who_sorted)
    pos = np.arange(order.size) - first[lane]
    arrivals = np.full((uniq.size, int(counts.max())), np.inf)
    arrivals[lane, pos] = times[order]
    effort = sample_gamma(rng, s.hours_per_approval, s.approval_cv, arrivals.shape)
    setup = (rng.exponential(s.switch_delay_hours, size=arrivals.shape)
             if s.switch_delay_hours > 0 else np.zeros(arrivals.shape))
    if s.absences:
        clocks = draw_timelines(rng, s.absences, uniq.size, _timeline_horizon(arrivals, s))
        finish = _single_server_absent(arrivals, effort, setup, s.policy, s.batch_interval_hours, clocks)
    else:
        starts, _ = single_server_starts(arrivals, effort, s.policy, setup=setup,
                                         interval_hours=s.batch_interval_hours)
        finish = starts + effort
    out[rows[order], cols[order]] = finish[lane, pos]
    return out


MAX_HORIZON_HOURS = 1e8
"""Longest stretch of working time one simulation covers (about 50,000 working years)."""


def simulate_org(teams: ReviewTeams, settings: ReviewSettings, seed: int,
                 lead_column: IntArray | None = None, changes_per_team: int | None = None) -> OrgSample:
    """Simulate every team's reviews and the sign-off chain; reproducible from ``seed``.

    The horizon gives the mean team ``changes_per_team`` changes (default
    ``settings.simulation_changes_per_team``); queues start empty and nothing is dropped here
    (see `steady_sample`). Teams with no eligible reviewer skip peer review.
    """
    rng = np.random.default_rng(seed)
    rate = teams.change_rate
    active = rate > 0
    if not active.any():
        empty = np.empty(0)
        return OrgSample(np.empty(0, np.int64), empty, empty, empty, empty, 0.0)
    n = settings.simulation_changes_per_team if changes_per_team is None else changes_per_team
    horizon = n / float(rate[active].mean())
    if not math.isfinite(horizon) or horizon > MAX_HORIZON_HOURS:
        raise ValueError(f"review.changes_per_engineer_per_day: {n:,} changes a team would take {horizon:,.3g} working "
                         f"hours to arrive; the simulation's limit is {MAX_HORIZON_HOURS:,.0f} (more changes a day, "
                         "or the analytic method)")
    sent = _arrivals(rng, rate, horizon)
    if lead_column is None:
        lead_column = np.where(teams.reviewers > np.where(teams.size >= 2, teams.size, 0), teams.size, -1)
    if settings.absences or settings.owner_share > 0 or settings.policy == "batched":
        # one shared queue per team (batched review always; review first when absences or owners apply)
        cols = int(teams.size.max()) + 1
        clocks = draw_timelines(rng, settings.absences, rate.size * cols, _timeline_horizon(sent, settings))
        done, busy, breaks = _review_stage_absent(rng, teams, settings, sent, lead_column, clocks)
    else:
        done, busy, breaks = _review_stage(rng, teams, settings, sent, lead_column)
    for stage in range(teams.approvers.shape[1]):
        done = _approval_stage(rng, settings, done, teams.approvers[:, stage])
    keep = (sent < horizon) & active[:, None]
    team_of = np.broadcast_to(np.arange(rate.size)[:, None], sent.shape)
    order = np.argsort(sent[keep], kind="stable")
    return OrgSample(
        team=team_of[keep].astype(np.int64)[order],
        sent_hours=sent[keep][order],
        turnaround_hours=(done - sent)[keep][order],
        busy_hours=busy[keep][order],
        interruptions=breaks[keep][order].astype(np.float64),
        horizon_hours=horizon,
    )
