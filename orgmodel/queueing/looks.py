"""Looks every ``T`` present hours: the working-time gap between looks and its residual.

A person who looks at a queue every ``T`` hours of their *present clock* (working hours minus
absent hours) is interrupted by absences: absence periods ``R`` start at rate ``nu`` per present
hour (a Poisson stream on the present clock) and have a phase-type law ``PH(alpha, S)`` (Neuts
1981). One gap between looks therefore lasts, in working hours,

    V = T + Y,    Y = R_1 + ... + R_N,    N ~ Poisson(nu T),

``E[V] = T (1 + nu E[R])``, ``E[V^2] = E[V]^2 + nu T E[R^2]``. Each look happens with the person
present (the absence chain in its "all inactive" state), so gaps are independent and identically
distributed: the looks of one person form a renewal process, and a random instant falls in a gap
whose remaining part (the *residual* ``V_res``) has the equilibrium law
``P(V_res > x) = (1 / E[V]) int_x^inf P(V > u) du`` (Cox 1962, *Renewal Theory*, 1.3), with
``E[V_res] = E[V^2] / (2 E[V])``. Several people with independent absences look independently, so
the first look among ``k`` of them from a random instant exceeds ``x`` with probability
``P(V_res > x)^k``.

Units: working hours. The law of ``Y`` is computed on a lattice: ``R``'s pmf from the phase-type
survival ``alpha exp(S x) 1``, then the compound-Poisson sum by FFT,
``IFFT(exp(nu T (FFT(p_R) - 1)))`` (Feller 1968, vol. 1, XII.2). Means use the exact moments.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["LookGaps", "interrupted_work_pmf", "look_gaps", "phase_type_survival"]

FloatArray = NDArray[np.float64]
_POINTS = 4096


def phase_type_survival(entry: FloatArray, sub_generator: FloatArray, x: NDArray[np.floating]) -> FloatArray:
    """``P(R > x)`` of a phase-type law ``PH(alpha, S)`` at equally spaced points ``x`` (any start).

    Notes
    -----
    ``alpha exp(S x_j) 1`` by repeated doubling: with ``P = exp(S dx)`` the row vectors
    ``alpha exp(S x_0) P^j`` are built in blocks ``[B; B P^m]``, so ``log2(len(x))`` matrix products
    instead of one product per point.
    """
    from scipy.linalg import expm  # lazy: keeps scipy off the import path

    n = x.size
    if n == 0:
        return np.zeros(0)
    dx = float(x[1] - x[0]) if n > 1 else 1.0
    block = np.asarray(entry, dtype=np.float64)[None, :] @ expm(sub_generator * float(x[0]))
    step = expm(sub_generator * dx)
    while block.shape[0] < n:
        block = np.vstack([block, block @ step])
        step = step @ step
    out: FloatArray = np.clip(block[:n].sum(axis=1), 0.0, 1.0)
    return out


@dataclass(frozen=True)
class LookGaps:
    """The gap ``V`` between two looks of one person, and its residual, working hours.

    Attributes
    ----------
    period_hours : ``T``, present hours between looks.
    mean_hours, second_moment : ``E[V]``, ``E[V^2]`` (exact).
    dt_hours : step of ``residual_survival``'s grid, which starts at 0.
    residual_survival : ``P(V_res > j dt)``, j = 0, 1, ... (0 beyond the grid).
    """

    period_hours: float
    mean_hours: float
    second_moment: float
    dt_hours: float
    residual_survival: FloatArray

    @property
    def mean_residual_hours(self) -> float:
        """``E[V_res] = E[V^2] / (2 E[V])`` (exact)."""
        return self.second_moment / (2 * self.mean_hours)

    def survival(self, x: ArrayLike, looks: float = 1.0) -> FloatArray:
        """``P(first of `looks` independent residuals > x)``, ``x`` in working hours (``looks`` may be fractional)."""
        grid = np.arange(self.residual_survival.size) * self.dt_hours
        s = np.interp(np.asarray(x, dtype=np.float64), grid, self.residual_survival, right=0.0)
        out: FloatArray = s ** max(float(looks), 0.0)
        return out

    def first_look_mean(self, looks: ArrayLike) -> FloatArray:
        """Mean time to the first of ``looks`` independent looks from a random instant, working hours.

        ``int_0^inf P(V_res > x)^k dx`` on the grid (trapezoid), scaled so that ``k = 1`` gives the
        exact ``E[V_res]``; ``inf`` for ``k <= 0`` (nobody looks).
        """
        k = np.atleast_1d(np.asarray(looks, dtype=np.float64))
        s = self.residual_survival
        dt = self.dt_hours
        one = float(np.trapezoid(s, dx=dt))
        scale = self.mean_residual_hours / one if one > 0 else 1.0
        with np.errstate(divide="ignore"):
            powered = s[None, :] ** np.maximum(k, 1e-12)[:, None]
        out = np.trapezoid(powered, dx=dt, axis=1) * scale
        result: FloatArray = np.where(k > 0, out, np.inf)
        return result


def look_gaps(period_hours: float, onset_rate: float, entry: FloatArray | None = None,
              sub_generator: FloatArray | None = None, mean_period: float = 0.0,
              second_period: float = 0.0) -> LookGaps:
    """The law of the working-time gap between looks every ``period_hours`` present hours.

    Parameters
    ----------
    period_hours : ``T`` (> 0), present hours.
    onset_rate : ``nu``, absence periods starting per present hour (0: never absent).
    entry, sub_generator : ``alpha`` and ``S`` of the absence period's phase-type law.
    mean_period, second_period : ``E[R]``, ``E[R^2]`` (exact; used for the moments of ``V``).

    Returns
    -------
    LookGaps with the exact moments and the residual's survival on a grid of 4,096 steps covering
    ``E[V]`` plus 14 standard deviations of ``Y`` (the rest of the tail is cut: the survival there
    is below the shortest absence's ``e^-14``).
    """
    t = float(period_hours)
    mean_v = t * (1 + onset_rate * mean_period)
    second_v = mean_v**2 + onset_rate * t * second_period
    absent = onset_rate > 0 and entry is not None and sub_generator is not None and mean_period > 0
    if not absent:
        dt = t / (_POINTS // 2)
        grid = np.arange(_POINTS) * dt
        return LookGaps(t, t, t * t, dt, np.clip(1 - grid / t, 0.0, 1.0))  # V = T: uniform residual
    assert entry is not None and sub_generator is not None
    sd_y = float(np.sqrt(onset_rate * t * second_period))
    span = mean_v + 14 * sd_y + 8 * mean_period
    dt = span / _POINTS
    points = _POINTS + 1
    grid = np.arange(points) * dt
    # R on the lattice: mass of the cell around each point, from the survival at the midpoints
    s_r = np.r_[1.0, phase_type_survival(entry, sub_generator, (np.arange(points) + 0.5) * dt)]
    p_r = np.clip(-np.diff(s_r), 0.0, None)
    p_r[-1] += max(float(s_r[-1]), 0.0)
    n_fft = 2 * points
    p_y = np.fft.irfft(np.exp(onset_rate * t * (np.fft.rfft(p_r, n_fft) - 1.0)), n_fft)[:points]
    cdf_y = np.clip(np.cumsum(np.clip(p_y, 0.0, None)), 0.0, 1.0)
    # P(V > u) = P(Y > u - T), the lattice CDF of Y read at u - T (cells centred on the points)
    surv_v = np.where(grid < t, 1.0, 1.0 - np.interp(grid - t, grid + 0.5 * dt, cdf_y, left=cdf_y[0]))
    integral = np.concatenate([[0.0], np.cumsum((surv_v[1:] + surv_v[:-1]) * 0.5 * dt)])
    residual = np.clip(1.0 - integral / mean_v, 0.0, 1.0)
    return LookGaps(t, mean_v, second_v, dt, residual)


def interrupted_work_pmf(lat_dt: float, points: int, work_mean: float, work_cv: float, onset_rate: float,
                         entry: FloatArray, sub_generator: FloatArray, quantiles: int = 32) -> FloatArray:
    """Lattice pmf of the completion time ``C = S + R_1 + ... + R_N(S)`` of interrupted work.

    ``S`` gamma (mean ``work_mean`` present hours, cv ``work_cv``), ``N(S) ~ Poisson(nu S)``
    absence periods of phase-type law (preemptive resume; Gaver 1962). ``S`` is represented by
    ``quantiles`` equally likely values (its quantiles at ``(i + 1/2) / quantiles``); given ``S = s``
    the law is ``s`` plus a compound Poisson sum, ``exp(nu s (FFT(p_R) - 1))`` in the Fourier
    domain, with ``s`` split between its two neighbouring lattice points. Points at ``j lat_dt``.
    """
    from scipy import special  # lazy: keeps scipy off the import path

    probs = (np.arange(quantiles) + 0.5) / quantiles
    if work_cv < 1e-6:
        s = np.full(quantiles, work_mean)
    else:
        k = 1 / work_cv**2
        s = special.gammaincinv(k, probs) * work_mean / k
    n_fft = 2 * points
    s_r = np.r_[1.0, phase_type_survival(entry, sub_generator, (np.arange(points) + 0.5) * lat_dt)]
    p_r = np.clip(-np.diff(s_r), 0.0, None)
    f_r = np.fft.rfft(p_r, n_fft)
    freq = np.arange(f_r.size)
    pos = np.minimum(s / lat_dt, points - 2)
    low = np.floor(pos)
    frac = (pos - low)[:, None]
    step = np.exp(-2j * np.pi * freq / n_fft)  # one lattice step later
    exponent = onset_rate * s[:, None] * (f_r[None, :] - 1.0) - 2j * np.pi * freq[None, :] * low[:, None] / n_fft
    spectrum = (np.exp(exponent) * ((1 - frac) + frac * step[None, :])).mean(axis=0)
    out = np.clip(np.fft.irfft(spectrum, n_fft)[:points], 0.0, None)
    total = out.sum()
    result: FloatArray = out / total if total > 0 else out
    return result
