"""Vectorised discrete-event simulation of review queues, one numpy step per arrival index.

Every function runs many independent queues at once (rows: replications, teams or approvers)
and loops only over the k-th arrival of each row, so the Python loop is as long as one queue's
arrival count while numpy does the width. Times are working hours.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from orgmodel.queueing.sampling import sample_gamma
from orgmodel.review.settings import ReviewSettings
from orgmodel.review.teams import ReviewTeams

__all__ = [
    "WARM_UP_FRACTION",
    "OrgSample",
    "lindley_waits",
    "pool_waits",
    "simulate_org",
    "single_server_starts",
    "vacation_waits",
]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
WARM_UP_FRACTION = 0.1
"""Changes sent in the first 10% of the horizon are discarded (queues start empty)."""


def lindley_waits(arrivals: FloatArray, services: FloatArray) -> FloatArray:
    """Waits in queue of FCFS single-server queues (rows), fully vectorised.

    Notes
    -----
    Lindley's recursion ``W_{k+1} = max(0, W_k + S_k - A_{k+1})`` (``A``: interarrival time)
    unrolls to ``W_k = X_k - min_{j <= k} X_j`` with ``X_k = sum_{i<k} (S_i - A_{i+1})``,
    ``X_0 = 0``: one cumulative sum and one running minimum (Kleinrock 1975, §8.1).
    """
    gaps = np.diff(arrivals, axis=-1)
    steps = services[..., :-1] - gaps
    x = np.concatenate([np.zeros((*steps.shape[:-1], 1)), np.cumsum(steps, axis=-1)], axis=-1)
    return x - np.minimum.accumulate(x, axis=-1)


def pool_waits(
    arrivals: FloatArray, services: FloatArray, servers: int, setup: FloatArray | None = None
) -> FloatArray:
    """Waits of FCFS c-server queues (rows), arrivals sorted along each row.

    ``setup``: delay before an idle server starts (the server is held from the arrival on).

    Notes
    -----
    Kiefer-Wolfowitz workload vector: keep each server's next free time ``F``; arrival k takes
    the earliest, starts at ``max(F_min, t_k)`` (or ``t_k + D_k`` if that server is idle and a
    setup applies) and sets ``F_min = start + S_k`` (Kiefer & Wolfowitz 1955).
    """
    rows, k_max = arrivals.shape
    free = np.zeros((rows, servers))
    flat = free.reshape(-1)  # a view: flat indexing is cheaper than 2-D fancy indexing
    base = np.arange(rows) * servers
    arr_t = np.ascontiguousarray(arrivals.T)
    serv_t = np.ascontiguousarray(services.T)
    setup_t = None if setup is None else np.ascontiguousarray(setup.T)
    starts = np.empty_like(arr_t)
    for k in range(k_max):
        t = arr_t[k]
        at = base + free.argmin(axis=1)
        f = flat[at]
        start = np.maximum(f, t) if setup_t is None else np.where(f <= t, t + setup_t[k], f)
        flat[at] = start + serv_t[k]
        starts[k] = start
    return (starts - arr_t).T


def vacation_waits(arrivals: FloatArray, services: FloatArray, interval_hours: float) -> FloatArray:
    """Waits of single-server queues with multiple vacations of fixed length (rows).

    Notes
    -----
    When the queue empties at ``e`` the server leaves for ``T``, and again for ``T`` while it
    finds nobody, so it comes back at ``e + T ceil((t - e) / T)``; served exhaustively, FCFS.
    """
    starts = single_server_starts(arrivals, services, "batched", interval_hours=interval_hours)[0]
    return starts - arrivals


def single_server_starts(
    arrivals: FloatArray, services: FloatArray, policy: str, *,
    setup: FloatArray | None = None, interval_hours: float = 1.0,
) -> tuple[FloatArray, NDArray[np.bool_]]:
    """Service start times of single servers (rows) under a review policy, and who found them idle.

    ``review_first``: idle -> start after the setup (switch delay), busy -> at the previous end.
    ``batched``: the multiple-vacation rule of `vacation_waits`. Rows may be padded with ``inf``
    arrivals at the end.
    """
    rows, k_max = arrivals.shape
    end = np.zeros(rows)
    starts = np.empty_like(arrivals)
    idle_seen = np.zeros(arrivals.shape, dtype=bool)
    with np.errstate(invalid="ignore"):
        for k in range(k_max):
            t = arrivals[:, k]
            idle = t >= end
            if policy == "batched":
                back = end + interval_hours * np.ceil((t - end) / interval_hours)
                start = np.where(idle, back, end)
            else:
                delay = 0.0 if setup is None else setup[:, k]
                start = np.where(idle, t + delay, end)
            finite = np.isfinite(t)
            end = np.where(finite, start + services[:, k], end)
            starts[:, k] = start
            idle_seen[:, k] = idle & finite
    return starts, idle_seen


@dataclass(frozen=True)
class OrgSample:
    """Simulated changes sent inside the measurement window (after warm-up).

    Attributes
    ----------
    team : team of each change.
    sent_hours : working-hour instant it was sent.
    turnaround_hours : working hours from sending to the last sign-off.
    reviewer_busy_hours : per team, review hours spent on the window's changes.
    interruptions : per team, reviews (review_first) or batches (batched) that pulled a reviewer
        off their own work, for the window's changes.
    window_hours : length of the measurement window, working hours.
    """

    team: IntArray
    sent_hours: FloatArray
    turnaround_hours: FloatArray
    reviewer_busy_hours: FloatArray
    interruptions: FloatArray
    window_hours: float


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
    starts, _ = single_server_starts(arrivals, effort, s.policy, setup=setup,
                                     interval_hours=s.batch_interval_hours)
    finish = starts + effort
    out[rows[order], cols[order]] = finish[lane, pos]
    return out


def simulate_org(teams: ReviewTeams, settings: ReviewSettings, seed: int,
                 lead_column: IntArray | None = None) -> OrgSample:
    """Simulate every team's reviews and the sign-off chain; reproducible from ``seed``.

    The horizon gives the mean team ``settings.simulation_changes_per_team`` changes; the first
    `WARM_UP_FRACTION` of it is discarded. Teams with no eligible reviewer skip peer review.
    """
    rng = np.random.default_rng(seed)
    rate = teams.change_rate
    active = rate > 0
    if not active.any():
        empty = np.empty(0)
        return OrgSample(np.empty(0, np.int64), empty, empty, np.zeros(rate.size), np.zeros(rate.size), 0.0)
    horizon = settings.simulation_changes_per_team / float(rate[active].mean())
    sent = _arrivals(rng, rate, horizon)
    if lead_column is None:
        lead_column = np.where(teams.reviewers > np.where(teams.size >= 2, teams.size, 0), teams.size, -1)
    done, busy, breaks = _review_stage(rng, teams, settings, sent, lead_column)
    for stage in range(teams.approvers.shape[1]):
        done = _approval_stage(rng, settings, done, teams.approvers[:, stage])
    warm = WARM_UP_FRACTION * horizon
    keep = (sent >= warm) & (sent < horizon) & active[:, None]
    team_of = np.broadcast_to(np.arange(rate.size)[:, None], sent.shape)
    return OrgSample(
        team=team_of[keep].astype(np.int64),
        sent_hours=sent[keep],
        turnaround_hours=(done - sent)[keep],
        reviewer_busy_hours=np.where(keep, busy, 0.0).sum(axis=1),
        interruptions=np.where(keep, breaks, 0.0).sum(axis=1),
        window_hours=horizon - warm,
    )
