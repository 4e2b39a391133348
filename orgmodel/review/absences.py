"""Reviewers who are not always there: absence processes, their moments and timelines.

Each kind of absence (``review.absences``) is an independent alternating on/off process per
person with exponential spells (mean ``mean_hours``) and exponential gaps (mean
``mean_hours (1 - share) / share``); a person is present when no kind is active. Work in
progress pauses during an absence and resumes afterwards (preemptive resume), so a person's
work advances on their *present clock*: working hours minus absent hours.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from orgmodel.review.settings import AbsenceKind

__all__ = [
    "AbsenceMoments",
    "Timelines",
    "absence_moments",
    "absence_phase_type",
    "completion_moments",
    "draw_timelines",
    "present_share",
    "residual_after_idle",
    "single_reviewer_sojourn",
]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


def present_share(kinds: Sequence[AbsenceKind]) -> float:
    """Long-run share of working time a person is present: ``prod_k (1 - share_k)``."""
    return math.prod(1.0 - k.share for k in kinds)


def _rates(kinds: Sequence[AbsenceKind]) -> tuple[FloatArray, FloatArray]:
    """Onset rates (per hour while the kind is inactive) and end rates of the active kinds."""
    live = [k for k in kinds if k.share > 0]
    on = np.array([k.share / ((1 - k.share) * k.mean_hours) for k in live])
    off = np.array([1 / k.mean_hours for k in live])
    return on, off


def _generator(on: FloatArray, off: FloatArray) -> FloatArray:
    """Generator of the joint state (bit k set: kind k active), ``2^K`` states."""
    kinds = on.size
    states = 1 << kinds
    q = np.zeros((states, states))
    for s in range(states):
        for k in range(kinds):
            bit = 1 << k
            q[s, s ^ bit] += off[k] if s & bit else on[k]
        q[s, s] = -q[s].sum()
    return q


@dataclass(frozen=True)
class AbsenceMoments:
    """Moments of the absence process seen by one person (working hours).

    Attributes
    ----------
    onset_rate : absences starting per present hour, ``nu = sum_k on_k``.
    mean_period, second_period : first two moments of one absence period ``R`` (from the moment
        some kind starts until none is active; overlapping kinds merge into one period).
    """

    onset_rate: float
    mean_period: float
    second_period: float


def _passage(q: FloatArray) -> tuple[FloatArray, FloatArray]:
    """First two moments of the time to reach state 0 (everyone back) from each other state."""
    qt = q[1:, 1:]
    m1 = np.asarray(np.linalg.solve(-qt, np.ones(qt.shape[0])), dtype=np.float64)
    m2 = np.asarray(2 * np.linalg.solve(-qt, m1), dtype=np.float64)
    return m1, m2


def absence_moments(kinds: Sequence[AbsenceKind]) -> AbsenceMoments:
    """Onset rate and absence-period moments, exact (phase-type first passage).

    Notes
    -----
    The joint state of ``K`` independent two-state Markov processes is a Markov chain on
    ``2^K`` states; an absence period is the first passage from the state the chain enters on
    leaving "all inactive" (kind ``k`` with probability ``on_k / nu``) back to it:
    ``m1 = (-Q_TT)^-1 1``, ``m2 = 2 (-Q_TT)^-1 m1`` (Neuts 1981, *Matrix-Geometric Solutions*).
    """
    on, off = _rates(kinds)
    if on.size == 0:
        return AbsenceMoments(0.0, 0.0, 0.0)
    m1, m2 = _passage(_generator(on, off))
    entry = np.array([1 << k for k in range(on.size)]) - 1  # index among the non-zero states
    nu = float(on.sum())
    p = on / nu
    return AbsenceMoments(nu, float(p @ m1[entry]), float(p @ m2[entry]))


def absence_phase_type(kinds: Sequence[AbsenceKind]) -> tuple[float, FloatArray, FloatArray]:
    """The absence period ``R`` as a phase-type law: (onset rate ``nu`` per present hour, entry
    ``alpha``, sub-generator ``S``) over the ``2^K - 1`` states with some kind active.

    ``R`` starts in state ``{k}`` with probability ``on_k / nu`` and ends on reaching "all
    inactive" (`absence_moments` gives its moments). No kinds: ``(0, [], [[]])``.
    """
    on, off = _rates(kinds)
    if on.size == 0:
        return 0.0, np.zeros(0), np.zeros((0, 0))
    q = _generator(on, off)
    alpha = np.zeros(q.shape[0] - 1)
    alpha[np.array([1 << k for k in range(on.size)]) - 1] = on / on.sum()
    return float(on.sum()), alpha, q[1:, 1:]


def residual_after_idle(kinds: Sequence[AbsenceKind], rate: float) -> tuple[float, float]:
    """Moments of the wait until present, at an Exp(rate) time after a present instant."""
    on, off = _rates(kinds)
    if on.size == 0 or rate <= 0:
        return 0.0, 0.0
    q = _generator(on, off)
    start = np.zeros(q.shape[0])
    start[0] = 1.0
    pi = rate * np.linalg.solve((rate * np.eye(q.shape[0]) - q).T, start)
    m1, m2 = _passage(q)
    return float(pi[1:] @ m1), float(pi[1:] @ m2)


def completion_moments(work_mean: float, work_second: float, m: AbsenceMoments) -> tuple[float, float]:
    """Mean and second moment of the time to finish ``W`` present hours of work, started present.

    Notes
    -----
    Absences start at rate ``nu`` per present hour, so ``N(W) ~ Poisson(nu W)`` periods interrupt
    the work: ``C = W + sum_{i <= N(W)} R_i``, ``E[C] = E[W](1 + nu E[R])``,
    ``E[C^2] = E[W^2](1 + nu E[R])^2 + nu E[W] E[R^2]`` (Gaver 1962, "A waiting line with
    interrupted service, including priorities", JRSS B 24).
    """
    k = 1 + m.onset_rate * m.mean_period
    return work_mean * k, work_second * k * k + m.onset_rate * work_mean * m.second_period


def single_reviewer_sojourn(rate: float, effort_mean: float, effort_cv: float, switch_mean: float,
                            kinds: Sequence[AbsenceKind]) -> float:
    """Exact mean turnaround (working hours) of review-first changes with one reviewer who is absent at times.

    Parameters
    ----------
    rate : changes per working hour (Poisson).
    effort_mean, effort_cv : review effort, present working hours.
    switch_mean : mean switch delay (exponential, present hours) when a change finds the
        reviewer on own work.
    kinds : the absences.

    Returns
    -------
    Mean time from sending to the end of the review; ``inf`` if ``rate E[C] >= 1``.

    Notes
    -----
    M/G/1 whose service is the completion time ``C`` of the effort (`completion_moments`) and
    whose first change of a busy period also waits ``D = A + C_switch``: ``A`` the rest of an
    absence in progress when it arrives (the chain starts present at the last departure and
    runs an Exp(rate) idle time) and ``C_switch`` the completion time of the switch delay.
    Welch (1964), M/G/1 with exceptional first service:
    ``E[W] = lambda E[C^2] / (2 (1 - rho)) + (2 E[D] + lambda E[D^2]) / (2 (1 + lambda E[D]))``,
    ``rho = lambda E[C]``; turnaround ``E[W] + E[C]``. Exact because spells are exponential:
    every service starts with the reviewer present and the absence chain in its "all
    inactive" state.
    """
    m = absence_moments(kinds)
    c1, c2 = completion_moments(effort_mean, effort_mean**2 * (1 + effort_cv**2), m)
    rho = rate * c1
    if rho >= 1:
        return math.inf
    s1, s2 = completion_moments(switch_mean, 2 * switch_mean**2, m)
    a1, a2 = residual_after_idle(kinds, rate)
    d1, d2 = a1 + s1, a2 + 2 * a1 * s1 + s2
    wait = rate * c2 / (2 * (1 - rho)) + (2 * d1 + rate * d2) / (2 * (1 + rate * d1))
    return wait + c1


@dataclass(frozen=True)
class Timelines:
    """Merged absence intervals of many people (lanes) and lookups on their present clock.

    Times are working hours from the start of the simulation. Arrays hold every lane's merged
    intervals one lane after the other (``first[l]:first[l + 1]``). Lookups start from a coarse
    per-lane grid (cell ``delta`` hours) and step forward over the few intervals left, so each
    costs a handful of vectorised gathers instead of a binary search. Beyond ``horizon``
    everyone is present.
    """

    horizon: float
    start: FloatArray  # interval start
    present_at_start: FloatArray  # present clock at the interval start
    end: FloatArray  # interval end
    absent_through: FloatArray  # absent hours of the lane up to this interval's end
    first: IntArray  # first interval of each lane (lanes + 1 entries)
    delta: float
    grid_start: IntArray  # lanes x cells: first interval with start >= cell * delta
    grid_present: IntArray  # lanes x cells: first interval with present_at_start >= cell * delta

    def _count(self, vals: FloatArray, grid: IntArray, lane: IntArray, x: FloatArray,
               inclusive: bool) -> IntArray:
        """Global index just past the lane's intervals with ``vals < x`` (``<=`` if inclusive)."""
        cell = np.clip(np.floor(x / self.delta), 0, grid.shape[1] - 1).astype(np.int64)
        i = grid[lane, cell]
        stop = self.first[lane + 1]
        last = vals.size - 1
        while True:
            v = vals[np.minimum(i, last)]
            step = (i < stop) & ((v <= x) if inclusive else (v < x))
            if not step.any():
                return i
            i = i + step

    def present_clock(self, lane: IntArray, t: FloatArray) -> FloatArray:
        """Present hours of ``lane`` in ``[0, t]``."""
        if self.end.size == 0:
            return np.asarray(t, dtype=np.float64)
        i = self._count(self.start, self.grid_start, lane, t, inclusive=True)
        prev = np.maximum(i - 1, 0)
        inside = np.maximum(self.end[prev] - t, 0.0)
        return t - np.where(i > self.first[lane], self.absent_through[prev] - inside, 0.0)

    def _at(self, lane: IntArray, p: FloatArray, inclusive: bool) -> FloatArray:
        if self.end.size == 0:
            return np.asarray(p, dtype=np.float64)
        i = self._count(self.present_at_start, self.grid_present, lane, p, inclusive)
        return p + np.where(i > self.first[lane], self.absent_through[np.maximum(i - 1, 0)], 0.0)

    def next_present(self, lane: IntArray, t: FloatArray) -> FloatArray:
        """The first instant ``>= t`` at which ``lane`` is present (the end of an absence around t)."""
        if self.end.size == 0:
            return np.asarray(t, dtype=np.float64)
        i = self._count(self.start, self.grid_start, lane, t, inclusive=True)
        prev = np.maximum(i - 1, 0)
        inside = (i > self.first[lane]) & (self.end[prev] > t)
        return np.where(inside, self.end[prev], t)

    def finish(self, lane: IntArray, start: FloatArray, work: FloatArray) -> FloatArray:
        """When ``work`` present hours started at ``start`` are done (preemptive resume)."""
        return self._at(lane, self.present_clock(lane, start) + work, inclusive=False)

    def at_present(self, lane: IntArray, p: FloatArray) -> FloatArray:
        """The first instant at which ``lane``'s present clock reads ``p``."""
        return self._at(lane, p, inclusive=False)


def _grid(vals: FloatArray, lane: IntArray, lanes: int, cells: int, delta: float) -> IntArray:
    """Per lane and cell, the first interval whose value is at least ``cell * delta``."""
    spacing = (cells + 2) * delta
    keys = lane * spacing + vals
    q = np.arange(lanes)[:, None] * spacing + np.arange(cells)[None, :] * delta
    return np.searchsorted(keys, q.ravel(), side="left").reshape(lanes, cells).astype(np.int64)


MAX_ABSENCE_SPELLS = 20_000_000
"""Most absence spells one simulation draws (about 320 MB of arrays); beyond it the engine refuses."""


def _check_spell_budget(kind: AbsenceKind, lanes: int, n: int, horizon: float) -> None:
    """Refuse drawing ``lanes x n`` spells past `MAX_ABSENCE_SPELLS` (e.g. minute-long spells over the years a
    trickle of changes takes), naming the absence kind."""
    if lanes * n > MAX_ABSENCE_SPELLS:
        raise ValueError(
            f"review.absences: simulating {kind.name!r} spells of {kind.mean_hours:g} h over {horizon:,.0f} working "
            f"hours for {lanes:,} reviewers needs {lanes * n:,} spells; the limit is {MAX_ABSENCE_SPELLS:,} "
            "(longer spells, more changes a day, or the analytic method)")


def _kind_intervals(rng: np.random.Generator, kind: AbsenceKind, lanes: int,
                    horizon: float) -> tuple[FloatArray, FloatArray]:
    """Spells of one kind per lane (rows, padded with inf) covering ``[0, horizon)``."""
    gap_mean = kind.mean_hours * (1 - kind.share) / kind.share
    cycle = kind.mean_hours + gap_mean
    n = int(horizon / cycle + 8 * math.sqrt(horizon / cycle) + 20)
    _check_spell_budget(kind, lanes, n, horizon)
    while True:
        spell = rng.exponential(kind.mean_hours, (lanes, n))
        gaps = rng.exponential(gap_mean, (lanes, n + 1))
        absent0 = rng.random(lanes) < kind.share  # start in the stationary state
        lead = np.where(absent0, 0.0, gaps[:, 0])
        after = np.where(absent0[:, None], gaps[:, :-1], gaps[:, 1:])
        steps = spell + after
        start = lead[:, None] + np.concatenate([np.zeros((lanes, 1)), np.cumsum(steps[:, :-1], axis=1)], axis=1)
        if (start[:, -1] >= horizon).all():
            break
        n *= 2
        _check_spell_budget(kind, lanes, n, horizon)
    end = start + spell
    keep = start < horizon
    return np.where(keep, start, np.inf), np.where(keep, end, np.inf)


def draw_timelines(rng: np.random.Generator, kinds: Sequence[AbsenceKind], lanes: int,
                   horizon: float) -> Timelines:
    """Draw every lane's absences up to ``horizon`` and merge overlapping kinds into periods."""
    parts = [_kind_intervals(rng, k, lanes, horizon) for k in kinds if k.share > 0]
    if not parts or lanes == 0:
        empty = np.empty(0)
        none = np.zeros((lanes, 1), np.int64)
        return Timelines(horizon, empty, empty, empty, empty, np.zeros(lanes + 1, np.int64), horizon + 1, none, none)
    a = np.concatenate([p[0] for p in parts], axis=1)
    b = np.concatenate([p[1] for p in parts], axis=1)
    order = np.argsort(a, axis=1)
    a = np.take_along_axis(a, order, axis=1)
    b = np.take_along_axis(b, order, axis=1)
    reach = np.maximum.accumulate(b, axis=1)
    valid = np.isfinite(a)
    new = valid.copy()
    new[:, 1:] &= a[:, 1:] > reach[:, :-1]
    lane_of = np.broadcast_to(np.arange(lanes)[:, None], a.shape)[valid]
    fa, freach, fnew = a[valid], reach[valid], new[valid]
    heads = np.flatnonzero(fnew)
    tails = np.r_[heads[1:] - 1, fa.size - 1]
    starts, ends, lane = fa[heads], freach[tails], lane_of[heads]
    first = np.searchsorted(lane, np.arange(lanes + 1)).astype(np.int64)
    dur = ends - starts
    total = np.cumsum(dur)
    base = np.r_[0.0, total][first[:-1]]
    through = total - base[lane]
    present = starts - (np.r_[0.0, total[:-1]] - base[lane])  # exactly the start for a lane's first
    top = float(max(ends.max(initial=horizon), horizon))
    delta = max(top * lanes / max(starts.size, 1), 1e-3)
    cells = int(top / delta) + 2
    return Timelines(
        horizon=horizon, start=starts, present_at_start=present, end=ends, absent_through=through,
        first=first, delta=delta, grid_start=_grid(starts, lane, lanes, cells, delta),
        grid_present=_grid(present, lane, lanes, cells, delta),
    )
