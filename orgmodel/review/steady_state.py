"""Steady state of a simulated output series: warm-up truncation (MSER-5) and batch-means intervals.

The review simulation starts with empty queues, so the first changes wait less than in steady
state; near saturation the bias lasts long. These helpers pick the warm-up to drop from the data
and say how precise the mean of the rest is.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = ["mser5_truncation", "t_quantile", "weighted_quantile"]

FloatArray = NDArray[np.float64]


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


def weighted_quantile(x: FloatArray, weight: FloatArray, q: FloatArray | float) -> FloatArray:
    """Quantiles of values ``x`` that each stand for ``weight`` observations (linear interpolation
    between order statistics at cumulative weight ``(W_i - w_i / 2) / W``; equal weights give
    numpy's "hazen" rule)."""
    order = np.argsort(x, kind="stable")
    xs, ws = np.asarray(x, dtype=np.float64)[order], np.asarray(weight, dtype=np.float64)[order]
    cum = np.cumsum(ws)
    pos = (cum - ws / 2) / cum[-1]
    return np.asarray(np.interp(q, pos, xs), dtype=np.float64)
