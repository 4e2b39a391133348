"""Distributions on a lattice: probability masses at ``0, dt, 2 dt, ...`` working hours.

Stages of a job's journey (wait, service, sign-off) are independent in the analytic models, so
the total is their convolution. A lattice with a few thousand points keeps it exact to
``dt / 2`` per stage and costs microseconds (FFT convolution). scipy is imported inside the
functions that use it (cold start).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "CONSTANT_CV",
    "Lattice",
    "convolve",
    "exponential_pmf",
    "gamma_pmf",
    "mixture_cdf_quantiles",
    "point_pmf",
    "quantile",
    "uniform_pmf",
    "vacation_stage",
    "wait_then",
]

FloatArray = NDArray[np.float64]

CONSTANT_CV = 1e-6
"""Below this coefficient of variation a duration is treated as constant (1 / cv**2 would overflow).
Shared by the lattice (`gamma_pmf`) and the sampler (`orgmodel.queueing.sampling.sample_gamma`)."""


class Lattice:
    """``points`` lattice points ``k * dt_hours``; masses are read from a CDF at the midpoints."""

    def __init__(self, dt_hours: float, points: int = 4096) -> None:
        self.dt_hours = dt_hours
        self.points = points
        self.x: FloatArray = np.arange(points, dtype=np.float64) * dt_hours
        self._mid: FloatArray = (np.arange(points, dtype=np.float64) + 0.5) * dt_hours

    def from_cdf(self, cdf: FloatArray) -> FloatArray:
        """Masses from CDF values at the midpoints ``(k + 1/2) dt``."""
        return np.diff(cdf, prepend=0.0)

    @property
    def mid(self) -> FloatArray:
        return self._mid


def point_pmf(lat: Lattice, at_hours: float = 0.0) -> FloatArray:
    """All mass at one point (a deterministic time, working hours)."""
    out = np.zeros(lat.points)
    out[min(round(at_hours / lat.dt_hours), lat.points - 1)] = 1.0
    return out


def gamma_pmf(lat: Lattice, mean_hours: float, cv: float) -> FloatArray:
    """Gamma with this mean (working hours) and coefficient of variation (0: constant, 1: exponential).

    Notes
    -----
    Shape ``k = 1 / cv^2``, scale ``mean / k``; CDF ``P(k, x / scale)`` (regularised lower
    incomplete gamma).
    """
    if mean_hours <= 0 or cv < CONSTANT_CV:
        return point_pmf(lat, mean_hours)
    shape = 1 / cv**2
    if mean_hours / shape < 1e-9 * lat.dt_hours:  # spread far below one lattice step: a point mass
        return point_pmf(lat, mean_hours)
    from scipy import special  # lazy: keeps scipy off the import path

    return lat.from_cdf(special.gammainc(shape, (lat.mid - 0.0) / (mean_hours / shape)))


def exponential_pmf(lat: Lattice, mean_hours: float) -> FloatArray:
    """Exponential with this mean (mean 0: all mass at 0)."""
    if mean_hours <= 0:
        return point_pmf(lat)
    return lat.from_cdf(-np.expm1(-lat.mid / mean_hours))


def uniform_pmf(lat: Lattice, width_hours: float) -> FloatArray:
    """Uniform on ``[0, width_hours]``."""
    if width_hours <= 0:
        return point_pmf(lat)
    return lat.from_cdf(np.clip(lat.mid / width_hours, 0.0, 1.0))


def convolve(a: FloatArray, b: FloatArray) -> FloatArray:
    """Distribution of the sum of two independent lattice variables, truncated to the lattice.

    Notes
    -----
    Real FFT of both, zero-padded to the next fast length of ``len(a) + len(b) - 1`` (what
    scipy.signal.fftconvolve does, without importing scipy.signal).
    """
    from scipy import fft  # lazy: keeps scipy off the import path

    n = a.shape[0] + b.shape[0] - 1
    size = fft.next_fast_len(n, True)
    out = fft.irfft(fft.rfft(a, size) * fft.rfft(b, size), size)[: a.shape[0]]
    return np.clip(out, 0.0, None)


def quantile(pmf: FloatArray, lat: Lattice, probs: FloatArray) -> FloatArray:
    """Quantiles (working hours), linear between lattice points of the CDF."""
    cdf = np.cumsum(pmf)
    cdf = np.maximum.accumulate(cdf)
    return np.interp(probs, cdf, lat.x, left=0.0, right=float(lat.x[-1]))


def wait_then(lat: Lattice, p_wait: float, cond_wait: float, free: FloatArray, then: FloatArray) -> FloatArray:
    """One queue stage on the lattice: ``free`` (a pmf) for a change that finds the server free,
    else an exponential queue wait of mean ``cond_wait`` (probability ``p_wait``); then ``then``
    (the effort, a setup or a residual look gap). The single place this shape is written."""
    wait = (1 - p_wait) * free + p_wait * exponential_pmf(lat, cond_wait)
    return convolve(wait, then)


def vacation_stage(lat: Lattice, rate: float, mean_work: float, work_cv: float, residual: FloatArray,
                   residual_mean: float, work: FloatArray) -> tuple[FloatArray, float]:
    """M/G/1 with multiple vacations on the lattice: the queue wait ``(1 - rho) 0 + rho Exp(W_q / rho)``
    around the exact Pollaczek-Khinchine mean, then the residual vacation ``residual`` (mean
    ``residual_mean``), then ``work``; and the exact mean ``W_q + E[V_res] + E[work]`` (Fuhrmann &
    Cooper 1985; working hours)."""
    from orgmodel.queueing.queues import mg1_mean_wait

    wq = float(mg1_mean_wait(rate, mean_work, work_cv))
    rho = rate * mean_work
    queue = wait_then(lat, rho, wq / rho if rho > 0 else 0.0, point_pmf(lat), residual)
    return convolve(queue, work), wq + residual_mean + mean_work


def mixture_cdf_quantiles(
    pmfs: FloatArray, weights: FloatArray, lat: Lattice, probs: FloatArray
) -> FloatArray:
    """Quantiles of a weighted mixture of lattice distributions (rows of ``pmfs``)."""
    mix = (weights[:, None] * pmfs).sum(axis=0) / weights.sum()
    return quantile(mix, lat, probs)
