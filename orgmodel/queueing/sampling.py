"""Seeded draws shared by the simulations: gamma durations and M/G/1 waits (working hours)."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from orgmodel.queueing.distribution import CONSTANT_CV

__all__ = ["sample_gamma", "sample_mg1_wait"]

FloatArray = NDArray[np.float64]


def sample_gamma(rng: np.random.Generator, mean_hours: ArrayLike, cv: float,
                 shape: tuple[int, ...] | None = None) -> FloatArray:
    """Gamma durations with this mean (working hours) and coefficient of variation.

    Parameters
    ----------
    rng : the seeded generator (``numpy.random.default_rng(seed)``).
    mean_hours : a scalar, or an array of per-draw means.
    cv : coefficient of variation; below `CONSTANT_CV` the duration is constant (1 is exponential).
    shape : output shape; the shape of ``mean_hours`` when None.

    Notes
    -----
    Shape ``k = 1 / cv^2``, scale ``mean / k``: ``E = mean``, ``sd / mean = cv``. Draws
    ``Gamma(k, 1) * (mean / k)`` (one standard-gamma draw per value).
    """
    mean = np.asarray(mean_hours, dtype=np.float64)
    size = mean.shape if shape is None else shape
    if cv < CONSTANT_CV:
        return np.broadcast_to(mean, size).astype(np.float64, copy=True)
    k = 1 / cv**2
    out: FloatArray = rng.gamma(k, 1.0, size) * (mean / k)
    return out


def sample_mg1_wait(rng: np.random.Generator, rho: ArrayLike, mean_wait: ArrayLike) -> FloatArray:
    """Draw M/G/1 waits in queue: 0 with probability ``1 - rho``, else exponential with mean ``Wq / rho``.

    Parameters
    ----------
    rho : utilisation per draw (< 1).
    mean_wait : the exact mean wait ``Wq`` per draw, working hours (finite).

    Notes
    -----
    Exact for M/M/1 (the FCFS wait is 0 w.p. ``1 - rho`` and ``Exp(mu - lambda)`` otherwise);
    for other service laws the standard exponential approximation of the conditional wait with
    the exact P-K mean (Tijms 2003, *A First Course in Stochastic Models*, 2.5). Its error is
    measured in docs/model.md (section 3.1, validation).
    """
    rho = np.asarray(rho, dtype=np.float64)
    busy = rng.random(rho.shape) < rho
    with np.errstate(divide="ignore", invalid="ignore"):
        cond_mean = np.where(rho > 0, np.asarray(mean_wait, dtype=np.float64) / rho, 0.0)
    out: FloatArray = np.where(busy, rng.exponential(1.0, rho.shape) * cond_mean, 0.0)
    return out
