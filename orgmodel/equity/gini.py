"""Gini coefficient of a set of stakes (0 = all equal, towards 1 = one person holds everything)."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

__all__ = ["gini"]


def gini(values: ArrayLike) -> float:
    """Gini coefficient of non-negative ``values``.

    Notes
    -----
    ``G = sum_i sum_j |x_i - x_j| / (2 n^2 mean(x))``, computed from the sorted values
    ``x_(1) <= ... <= x_(n)`` as ``G = 2 sum_i i x_(i) / (n sum x) - (n + 1) / n``
    (Gini 1912; e.g. Damgaard & Weiner 2000). ``G = 0`` when all are equal (or all zero) and
    at most ``(n - 1) / n`` when one holds everything.
    """
    x = np.sort(np.asarray(values, dtype=float).ravel())
    n = x.size
    if n == 0:
        return 0.0
    if x[0] < 0:
        raise ValueError("gini needs non-negative values")
    total = x.sum()
    if total <= 0:
        return 0.0
    ranks = np.arange(1, n + 1, dtype=float)
    g = 2.0 * float(ranks @ x) / (n * total) - (n + 1.0) / n
    return float(min(max(g, 0.0), 1.0))
