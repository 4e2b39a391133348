"""Steady state of a simulated output series: warm-up truncation (MSER-5) and batch-means intervals.

The review simulation starts with empty queues, so the first changes wait less than in steady
state; near saturation the bias lasts long. These helpers pick the warm-up to drop from the data
and say how precise the mean of the rest is.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = ["BATCHES", "SteadyMean", "batch_means_interval", "mser5_truncation", "steady_mean", "t_quantile"]

FloatArray = NDArray[np.float64]
BATCHES = 20
"""Batches for the batch-means interval (19 degrees of freedom)."""


def t_quantile(p: float, df: int) -> float:
    """Student's t quantile (``scipy.stats.t.ppf``) from ``scipy.special.stdtrit``, which is all a
    confidence interval needs: importing ``scipy.stats`` costs half a second of a server's first run."""
    from scipy.special import stdtrit  # lazy: keeps scipy off the import path

    return float(stdtrit(df, p))


def mser5_truncation(series: FloatArray) -> int:
    """Observations to drop from the start of ``series`` (MSER-5 rule).

    Notes
    -----
    Average the series in batches of 5, ``Z_1..Z_b``; choose ``d`` in ``[0, b/2]`` minimising
    ``sum_{j>d} (Z_j - mean(Z_{>d}))^2 / (b - d)^2`` and drop ``5 d`` observations (White 1997,
    "An effective truncation heuristic for bias reduction in simulation output"; White, Cobb &
    Spratt 2000). The squared denominator trades the variance of what is kept against how much
    is kept, so a biased start is dropped only while dropping it pays.
    """
    x = np.asarray(series, dtype=np.float64)
    b = x.size // 5
    if b < 4:
        return 0
    z = x[: 5 * b].reshape(b, 5).mean(axis=1)
    rev = z[::-1]
    n = np.arange(1, b + 1, dtype=np.float64)
    s1 = np.cumsum(rev)[::-1]  # sum of Z_j for j >= d (index d, 0-based)
    s2 = np.cumsum(rev * rev)[::-1]
    kept = n[::-1]  # b - d
    sse = s2 - s1 * s1 / kept
    score = sse / kept**2
    d = int(np.argmin(score[: b // 2 + 1]))
    return 5 * d


def batch_means_interval(series: FloatArray, batches: int = BATCHES, level: float = 0.95) -> tuple[float, float]:
    """Confidence interval of the mean of a correlated stationary series (batch means).

    Notes
    -----
    Split into ``B`` consecutive equal batches; their means are nearly independent when each
    batch is much longer than the correlation time, so ``mean +/- t_{B-1} sd(batch means) / sqrt(B)``
    (Law & Kelton, *Simulation Modeling and Analysis*, 3rd ed., §9.5.3). Needs ``>= 2 B`` values.
    """
    x = np.asarray(series, dtype=np.float64)
    per = x.size // batches
    if per < 2:
        m = float(x.mean()) if x.size else float("nan")
        return m, m
    means = x[: per * batches].reshape(batches, per).mean(axis=1)
    centre = float(means.mean())
    half = float(t_quantile(0.5 + level / 2, batches - 1) * means.std(ddof=1) / np.sqrt(batches))
    return centre - half, centre + half


@dataclass(frozen=True)
class SteadyMean:
    """A truncated series' mean and its interval.

    Attributes
    ----------
    start : observations dropped as warm-up.
    mean : mean of the rest.
    low, high : 95% batch-means interval of the mean.
    """

    start: int
    mean: float
    low: float
    high: float

    @property
    def relative_half_width(self) -> float:
        """Half the interval's width over the mean (inf if the mean is 0)."""
        return (self.high - self.low) / 2 / self.mean if self.mean > 0 else float("inf")


def steady_mean(series: FloatArray) -> SteadyMean:
    """MSER-5 truncation, then the mean and batch-means interval of what is kept."""
    x = np.asarray(series, dtype=np.float64)
    start = mser5_truncation(x)
    kept = x[start:]
    low, high = batch_means_interval(kept)
    return SteadyMean(start, float(kept.mean()) if kept.size else float("nan"), low, high)


def weighted_quantile(x: FloatArray, weight: FloatArray, q: FloatArray | float) -> FloatArray:
    """Quantiles of values ``x`` that each stand for ``weight`` observations (linear interpolation
    between order statistics at cumulative weight ``(W_i - w_i / 2) / W``; equal weights give
    numpy's "hazen" rule)."""
    order = np.argsort(x, kind="stable")
    xs, ws = np.asarray(x, dtype=np.float64)[order], np.asarray(weight, dtype=np.float64)[order]
    cum = np.cumsum(ws)
    pos = (cum - ws / 2) / cum[-1]
    return np.asarray(np.interp(q, pos, xs), dtype=np.float64)
