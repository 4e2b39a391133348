"""Time to land as a composition: review waits, rework rounds and the author's own delay.

    T = W_0 + sum_{k=1..K} (A_k + W_k) + D

- ``W_k``: one review wait, drawn from the review engine's calendar-hour distribution
  (``ReviewResult.cdf_calendar``, by inverse transform), independent across rounds;
- ``K ~ Poisson(m)`` rework rounds, each an author rework ``A_k ~ Exponential(mean r)`` calendar
  hours followed by another review wait;
- ``D ~ LogNormal(mu, sigma)``: everything else the author (or the project) takes before the
  change lands: waiting on CI, on a release, on a discussion, the author's own other work.

Mean: ``E[T] = (1 + m) E[W] + m r + exp(mu + sigma^2 / 2)``. Quantiles come from ``draws``
samples on fixed uniforms from ``seed`` (common random numbers, so a fit's objective is smooth).
`tests/test_history_landing.py` checks both against closed forms.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = ["MAX_ROUNDS", "LandingDraws", "landing_sample", "review_part", "with_delay"]

FloatArray = NDArray[np.float64]
MAX_ROUNDS = 12
"""Rework rounds drawn at most (P(K > 12) < 1e-6 for m <= 2.5)."""


@dataclass(frozen=True)
class LandingDraws:
    """Fixed uniforms and normals for ``draws`` changes (reproducible from ``seed``)."""

    wait: FloatArray
    rounds: FloatArray
    rework: FloatArray
    normal: FloatArray

    @classmethod
    def make(cls, draws: int = 20_000, seed: int = 2012) -> LandingDraws:
        rng = np.random.default_rng(seed)
        return cls(rng.random((MAX_ROUNDS + 1, draws)), rng.random(draws),
                   rng.exponential(1.0, (MAX_ROUNDS, draws)), rng.standard_normal(draws))


def _wait_samples(cdf: Sequence[tuple[float, float]], u: FloatArray) -> FloatArray:
    """Inverse transform of a piecewise-linear CDF given as (hours, probability) points."""
    if not cdf:
        return np.zeros_like(u)
    hours = np.array([0.0] + [h for h, _ in cdf])
    probs = np.maximum.accumulate(np.array([0.0] + [p for _, p in cdf]))
    probs = probs / probs[-1] if probs[-1] > 0 else probs
    out: FloatArray = np.interp(u, probs, hours)
    return out


def _poisson_rounds(mean: float, u: FloatArray) -> NDArray[np.int64]:
    if mean <= 0:
        return np.zeros(u.shape, dtype=np.int64)
    k = np.arange(MAX_ROUNDS + 1)
    from scipy.special import gammaln

    pmf = np.exp(k * np.log(mean) - mean - gammaln(k + 1))
    cum = np.cumsum(pmf)
    return np.minimum(np.searchsorted(cum, u * cum[-1]), MAX_ROUNDS).astype(np.int64)


def review_part(cdf: Sequence[tuple[float, float]], rounds_mean: float, rework_mean_hours: float,
                draws: LandingDraws) -> FloatArray:
    """Samples of ``W_0 + sum_k (A_k + W_k)`` (calendar hours): T without the author delay."""
    waits = _wait_samples(cdf, draws.wait)
    k = _poisson_rounds(rounds_mean, draws.rounds)
    total = waits[0].copy()
    for j in range(1, MAX_ROUNDS + 1):
        more = k >= j
        if not more.any():
            break
        total += np.where(more, waits[j] + rework_mean_hours * draws.rework[j - 1], 0.0)
    return total


def with_delay(review: FloatArray, delay_mu: float, delay_sigma: float, draws: LandingDraws) -> FloatArray:
    """``review + D`` with ``D = exp(mu + sigma Z)`` on the fixed normals (exponent capped at 50)."""
    out: FloatArray = review + np.exp(np.minimum(delay_mu + delay_sigma * draws.normal, 50.0))
    return out


def landing_sample(cdf: Sequence[tuple[float, float]], rounds_mean: float, rework_mean_hours: float,
                   delay_mu: float, delay_sigma: float, draws: LandingDraws) -> FloatArray:
    """Samples of T (calendar hours); see the module docstring."""
    return with_delay(review_part(cdf, rounds_mean, rework_mean_hours, draws), delay_mu, delay_sigma, draws)
