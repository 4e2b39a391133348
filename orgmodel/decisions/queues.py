"""One decision-maker as an M/G/1 queue: utilisation, mean wait, and samples of the wait."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = ["mg1_mean_wait", "sample_mg1_wait", "sample_service", "utilisation"]

FloatArray = NDArray[np.float64]


def utilisation(arrivals_per_hour: FloatArray, service_hours: FloatArray) -> FloatArray:
    """Offered load ``rho = lambda * E[S]`` (dimensionless; >= 1 means the queue grows forever)."""
    rho: FloatArray = np.asarray(arrivals_per_hour, dtype=np.float64) * np.asarray(service_hours)
    return rho


def mg1_mean_wait(rho: FloatArray, service_hours: FloatArray, cv: float) -> FloatArray:
    """Mean wait in queue (before service), hours; ``inf`` where ``rho >= 1``.

    Notes
    -----
    Pollaczek-Khinchine: ``Wq = rho * E[S] * (1 + cv^2) / (2 (1 - rho))``. With ``cv = 1``
    (exponential service) this is the M/M/1 wait ``rho / (mu - lambda)``.
    """
    rho = np.asarray(rho, dtype=np.float64)
    s = np.asarray(service_hours, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        w = rho * s * (1.0 + cv * cv) / (2.0 * (1.0 - rho))
    out: FloatArray = np.where(rho >= 1.0, np.inf, np.where(rho > 0, w, 0.0))
    return out


def sample_mg1_wait(rng: np.random.Generator, rho: FloatArray, mean_wait: FloatArray) -> FloatArray:
    """Draw waits in queue: 0 with probability ``1 - rho``, else exponential with mean ``Wq / rho``.

    Notes
    -----
    Exact for M/M/1 (the FCFS wait is 0 w.p. ``1 - rho`` and ``Exp(mu - lambda)`` otherwise);
    for other service laws the standard exponential approximation of the conditional wait
    with the exact P-K mean (Tijms 2003, *A First Course in Stochastic Models*, 2.5).
    """
    rho = np.asarray(rho, dtype=np.float64)
    busy = rng.random(rho.shape) < rho
    with np.errstate(divide="ignore", invalid="ignore"):
        cond_mean = np.where(rho > 0, mean_wait / rho, 0.0)
    out: FloatArray = np.where(busy, rng.exponential(1.0, rho.shape) * cond_mean, 0.0)
    return out


def sample_service(rng: np.random.Generator, mean: FloatArray, cv: float) -> FloatArray:
    """Draw service times with mean ``mean`` and coefficient of variation ``cv`` (gamma law)."""
    mean = np.asarray(mean, dtype=np.float64)
    if cv == 0:
        return mean.copy()
    shape = 1.0 / (cv * cv)
    out: FloatArray = rng.gamma(shape, 1.0, mean.shape) * mean / shape
    return out
