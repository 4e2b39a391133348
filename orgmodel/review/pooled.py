"""Batched review with absences, analytic: one shared queue per team, looks every ``T`` present hours.

The rules (issue 13; docs/model.md, "Absences and code owners"): waiting changes form one FCFS
queue per team; an idle reviewer looks at it every ``T`` present hours and takes the oldest change
it may review (never its own); one who finishes a review takes the next at once. Work and look
timers pause while the reviewer is away (preemptive resume).

- Review stage: `orgmodel.queueing.pooled.pooled_looks` with ``m`` reviewers, ``c`` eligible per
  change, the completion time ``C`` of a review (`orgmodel.review.effective`) and the gaps between
  one reviewer's looks (`orgmodel.queueing.looks`). Changes that find nobody waiting are taken at
  the first of the eligible idle reviewers' looks or busy reviewers' finishes, whose law is
  ``P(V_res > x)^(k c / m) exp(-b (c / m) x / E[C])`` given ``b`` busy (``k = m - b`` idle); changes
  that find a queue wait a gamma with the chain's two moments. Then the review's completion time.
- Sign-off stage (one approver, the same look rule): M/G/1 with multiple vacations, exact by the
  Fuhrmann-Cooper decomposition ``W = W_q(M/G/1 with service C) + V_res`` (Fuhrmann & Cooper 1985,
  "Stochastic decompositions in the M/G/1 queue with generalized vacations", *Oper. Res.* 33).

Units: working hours.
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from orgmodel.queueing import distribution as dist
from orgmodel.queueing.looks import LookGaps, interrupted_work_pmf, look_gaps
from orgmodel.queueing.pooled import PooledLooks, pooled_looks
from orgmodel.review.absences import absence_moments, absence_phase_type
from orgmodel.review.settings import ReviewSettings

__all__ = ["LookModel", "PooledStage", "completion_pmf", "gaps_for", "look_model", "pooled_review",
           "shared_look_model", "signoff_with_looks", "single_server_with_looks"]

FloatArray = NDArray[np.float64]


def completion_pmf(lat: dist.Lattice, work_mean: float, work_cv: float, s: ReviewSettings) -> FloatArray:
    """Completion time of ``work_mean`` present hours of gamma work (cv ``work_cv``) under ``s``'s
    absences, on the lattice (`orgmodel.queueing.looks.interrupted_work_pmf`; a gamma with the
    same two moments is far too skewed when spells are long and rare)."""
    nu, alpha, sub = absence_phase_type(s.absences)
    if nu == 0:
        return dist.gamma_pmf(lat, work_mean, work_cv)
    return interrupted_work_pmf(lat.dt_hours, lat.points, work_mean, work_cv, nu, alpha, sub)


def gaps_for(s: ReviewSettings) -> LookGaps:
    """The gap between one person's looks under these settings' absences (``T`` = batch interval);
    computed once per settings (a sweep asks at every cap)."""
    return _gaps_memo(s.batch_interval_hours, tuple((k.share, k.mean_hours) for k in s.absences))


@functools.lru_cache(maxsize=32)
def _gaps_memo(interval: float, kinds: tuple[tuple[float, float], ...]) -> LookGaps:
    s = ReviewSettings(changes_per_engineer_per_day=0.0, hours_per_review=1.0, batch_interval_hours=interval,
                       absences=[{"name": f"k{i}", "share": a, "mean_hours": b} for i, (a, b) in enumerate(kinds)])
    m = absence_moments(s.absences)
    nu, alpha, sub = absence_phase_type(s.absences)
    gaps = look_gaps(s.batch_interval_hours, nu, alpha, sub, m.mean_period, m.second_period)
    gaps.residual_survival.setflags(write=False)  # shared by every caller
    return gaps


@dataclass(frozen=True)
class PooledStage:
    """One team's review-task sojourn on a lattice and its mean (working hours), plus the chain."""

    pmf: FloatArray
    mean_hours: float
    chain: PooledLooks


def _from_survival(lat: dist.Lattice, surv_mid: FloatArray) -> FloatArray:
    """Lattice masses from a survival function read at the midpoints."""
    return lat.from_cdf(1.0 - surv_mid)


def pooled_review(lat: dist.Lattice, rate: float, reviewers: int, eligible: int, eq: ReviewSettings,
                  gaps: LookGaps, completion: FloatArray | None = None, authors: int = 0) -> PooledStage:
    """Sojourn of one review task (wait + completion time) in a team's shared queue.

    Parameters
    ----------
    rate : review tasks per working hour of the team.
    reviewers, eligible : ``m`` and ``c``.
    eq : equivalent settings (`orgmodel.review.effective.equivalent_settings`): ``hours_per_review``
        and ``review_cv`` are the completion time's.
    gaps : the gap between one reviewer's looks (`gaps_for` on the original settings).
    completion : the completion time's lattice pmf (`completion_pmf`); a gamma with ``eq``'s two
        moments when None.
    authors : engineers among the reviewers (`orgmodel.queueing.pooled.pooled_looks`).
    """
    m, c = int(reviewers), int(eligible)
    mean_c = eq.hours_per_review
    chain = pooled_looks(rate, m, c, mean_c, gaps.first_look_mean, authors)
    if c == 1 and np.isfinite(chain.mean_wait_hours):
        # one eligible reviewer per change (a lone engineer's lead, or two engineers without a
        # reviewing lead): m independent M/G/1 queues with multiple vacations, exact
        pmf, mean = single_server_with_looks(lat, rate / m, mean_c, eq.review_cv, gaps, completion)
        return PooledStage(pmf, mean, chain)
    if not np.isfinite(chain.mean_wait_hours):
        return PooledStage(np.zeros(lat.points), np.inf, chain)
    # changes that find nobody waiting: the first eligible look or finish, exact shape given b
    b = np.arange(m + 1, dtype=np.float64)
    share = c / m
    fine = np.linspace(0.0, float(lat.x[-1]), 8 * lat.points)
    wait = np.zeros(lat.points)
    mean_empty = 0.0
    for bi in np.flatnonzero(chain.empty_by_busy > 1e-12):
        k = (m - b[bi]) * share
        finish = b[bi] * share / mean_c
        surv_mid = gaps.survival(lat.mid, k) * np.exp(-finish * lat.mid)
        wait += chain.empty_by_busy[bi] * _from_survival(lat, surv_mid)
        mean_empty += chain.empty_by_busy[bi] * float(
            np.trapezoid(gaps.survival(fine, k) * np.exp(-finish * fine), fine))
    p_queued = float(1.0 - chain.empty_by_busy.sum())
    if p_queued > 1e-12:
        cv = float(np.sqrt(max(chain.queued_second / chain.queued_mean**2 - 1, 0.0)))
        wait += p_queued * dist.gamma_pmf(lat, chain.queued_mean, cv)
    mean_wait = mean_empty + p_queued * chain.queued_mean
    if completion is None:
        completion = dist.gamma_pmf(lat, mean_c, eq.review_cv)
    task = dist.convolve(wait, completion)
    return PooledStage(task, mean_wait + mean_c, chain)


def single_server_with_looks(lat: dist.Lattice, rate: float, mean_completion: float, completion_cv: float,
                             gaps: LookGaps, completion: FloatArray | None = None) -> tuple[FloatArray, float]:
    """Sojourn (pmf, mean) of one server who looks at its queue at the looks ``gaps`` when idle:
    M/G/1 with multiple vacations, ``W = W_q(M/G/1 with service C) + V_res`` (Fuhrmann & Cooper
    1985; exact for the mean), then the completion time ``C``.

    The queue wait's shape is ``(1 - rho) 0 + rho Exp(W_q / rho)`` around the exact
    Pollaczek-Khinchine mean of the completion time (mean ``mean_completion``, cv ``completion_cv``).
    """
    residual = _from_survival(lat, gaps.survival(lat.mid))
    if completion is None:
        completion = dist.gamma_pmf(lat, mean_completion, completion_cv)
    return dist.vacation_stage(lat, rate, mean_completion, completion_cv, residual, gaps.mean_residual_hours,
                               completion)


def signoff_with_looks(lat: dist.Lattice, rate: float, eq: ReviewSettings, gaps: LookGaps,
                       completion: FloatArray | None = None) -> tuple[FloatArray, float]:
    """One approver's sign-off sojourn (pmf, mean), batched with absences: `single_server_with_looks`
    with ``eq``'s ``hours_per_approval`` and ``approval_cv`` (the completion time's)."""
    return single_server_with_looks(lat, rate, eq.hours_per_approval, eq.approval_cv, gaps, completion)


@dataclass(frozen=True)
class LookModel:
    """What the analytic batched stages need under absences, on one lattice (working hours).

    ``gaps``: the gap between one person's looks; ``review``, ``approval``: completion-time pmfs.
    """

    gaps: LookGaps
    review: FloatArray
    approval: FloatArray


def look_model(lat: dist.Lattice, s: ReviewSettings, gaps: LookGaps | None = None) -> LookModel:
    """`LookModel` for settings ``s`` with their absences (``gaps``: `gaps_for(s)` if already known)."""
    return LookModel(gaps if gaps is not None else gaps_for(s),
                     completion_pmf(lat, s.hours_per_review, s.review_cv, s),
                     completion_pmf(lat, s.hours_per_approval, s.approval_cv, s))


def shared_look_model(lat: dist.Lattice, s: ReviewSettings) -> LookModel:
    """`look_model`, computed once per lattice and settings: a team-size sweep asks for the same one at
    every cap (15 ms each). Its arrays are read-only, since every caller gets the same object.

    Keyed by the settings' JSON but built from ``s`` itself: equivalent settings (absences folded in)
    may lie outside the fields' validated ranges, so they are never validated again."""
    key = (lat.dt_hours, lat.points, s.model_dump_json())
    with _LOOK_MODELS_LOCK:
        model = _LOOK_MODELS.get(key)
    if model is None:
        model = look_model(lat, s)
        for array in (model.review, model.approval):
            array.setflags(write=False)
        with _LOOK_MODELS_LOCK:  # app sessions share the cache from several threads
            if len(_LOOK_MODELS) >= _LOOK_MODELS_KEPT:
                _LOOK_MODELS.pop(next(iter(_LOOK_MODELS)))
            _LOOK_MODELS[key] = model
    return model


_LOOK_MODELS: dict[tuple[float, int, str], LookModel] = {}
_LOOK_MODELS_KEPT = 16
_LOOK_MODELS_LOCK = threading.Lock()
