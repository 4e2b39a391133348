"""Work released in batches at periodic meetings: the wait after the meeting.

A decision-maker who holds escalations for a meeting every ``T`` working hours releases them
all at once at the meeting and then decides them one by one. Arrivals are Poisson at rate
``lambda`` (per working hour), so a batch holds ``N ~ Poisson(lambda T)`` items; service times
are gamma (mean ``E[S]``, coefficient of variation ``cv``), FCFS across batches and in random
order within a batch. The wait from the meeting to the start of one's own decision is

    W = V + (sum of the services of the J items ahead of it in its batch),

``V`` the work still left from earlier batches when the meeting starts, independent of the
new batch. ``V`` is the stationary solution of Lindley's recursion at meeting epochs,
``V' = max(0, V + B - T)`` with ``B`` the compound-Poisson work of one batch. For Poisson
batch sizes the others in a tagged item's batch are again ``Poisson(lambda T)`` (size-biased
sampling) and its position is uniform, so ``E[J] = lambda T / 2`` and

    E[W] = E[V] + E[S] lambda T / 2 = E[V] + rho T / 2.

``V`` is computed on a lattice (deterministic, no draws); see `periodic_batch`. Unstable
(``rho >= 1``): ``inf``, the package convention.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from orgmodel.queueing.distribution import CONSTANT_CV, Lattice

__all__ = ["BatchQueue", "batch_mean_waits", "periodic_batch", "sample_batch_wait"]

FloatArray = NDArray[np.float64]
_POINTS = 2048
_MAX_ITERATIONS = 20_000
_TOLERANCE = 1e-9
_MIN_ITERATIONS = 20


@dataclass(frozen=True)
class BatchQueue:
    """One periodically released queue: the carried-over work ``V`` on a lattice, and the mean wait.

    Attributes
    ----------
    rate : arrivals per working hour.
    period_hours : working hours between releases (meetings), ``T``.
    mean_service_hours, cv : the gamma service law, working hours.
    dt_hours : lattice step of ``carry_pmf`` (``T`` is a whole number of steps).
    carry_pmf : pmf of ``V`` at ``0, dt, 2 dt, ...`` (empty when unstable).
    mean_carry_hours : ``E[V]``, working hours (``inf`` when unstable).
    mean_wait_hours : ``E[V] + rho T / 2``, working hours (``inf`` when unstable).
    iterations : solver iterations (GMRES products, or Lindley steps in the fallback).
    """

    rate: float
    period_hours: float
    mean_service_hours: float
    cv: float
    dt_hours: float
    carry_pmf: FloatArray
    mean_carry_hours: float
    mean_wait_hours: float
    iterations: int

    @property
    def utilisation(self) -> float:
        """``rho = lambda E[S]``."""
        return self.rate * self.mean_service_hours


def periodic_batch(rate: float, period_hours: float, mean_service_hours: float, cv: float) -> BatchQueue:
    """Stationary carried-over work and mean wait of a queue released every ``period_hours``.

    Parameters
    ----------
    rate : Poisson arrival rate, per working hour.
    period_hours : T, working hours between releases (> 0).
    mean_service_hours : E[S], working hours.
    cv : coefficient of variation of the (gamma) service time.

    Notes
    -----
    Lindley's recursion at release epochs (Lindley 1952, "The theory of queues with a single
    server", *Proc. Camb. Phil. Soc.* 48), ``V' = max(0, V + B - T)``, on a lattice; its
    stationary pmf is solved directly (GMRES on the linear stationarity equations, see
    `_stationary`), not by iterating the recursion, which needs thousands of steps near
    saturation. ``B`` is compound Poisson: its lattice pmf is
    ``IFFT(exp(lambda T (FFT(p_S) - 1)))`` with ``p_S`` the gamma service on the lattice
    (mean-preserving; Feller 1968, vol. 1, XII.2 for the compound-Poisson generating function).
    The lattice spans about 30 times Kingman's bound on ``E[V]``,
    ``Var(B) / (2 (T - E[B]))`` (Kingman 1962), plus the batch's own range; ``T`` is a whole
    number of steps. ``E[W] = E[V] + rho T / 2`` (module docstring). Validated against a
    customer-by-customer Lindley simulation in ``tests/test_queueing_batch.py``.
    """
    lam, period, mean_s = float(rate), float(period_hours), float(mean_service_hours)
    rho = lam * mean_s
    if period <= 0:
        raise ValueError(f"period_hours = {period:g}: a release period must be positive")
    if rho >= 1:
        return BatchQueue(lam, period, mean_s, cv, 0.0, np.zeros(0), np.inf, np.inf, 0)
    if rho == 0:
        return BatchQueue(lam, period, mean_s, cv, period, np.ones(1), 0.0, 0.0, 0)
    batch_mean = lam * period
    var_b = batch_mean * mean_s**2 * (1 + cv**2)
    kingman = var_b / (2 * (period - rho * period))
    span = 30 * kingman + rho * period + 12 * np.sqrt(var_b) + 12 * mean_s * (1 + cv)
    dt0 = min(span / (_POINTS // 2), mean_s / 8)
    dt = period / np.ceil(period / dt0)
    shift = round(period / dt)
    points = max(int(np.ceil(span / dt)), shift + 2)
    points = int(min(2 ** int(np.ceil(np.log2(points))), 1 << 17))
    lat = Lattice(dt, points)
    n_fft = 2 * points
    p_b = _constant_batch_pmf(lat, batch_mean, mean_s) if cv < CONSTANT_CV else _gamma_batch_pmf(
        lat, batch_mean, mean_s, cv, n_fft)
    f_b = np.fft.rfft(p_b, n_fft)
    x = lat.x

    def step(v: FloatArray) -> FloatArray:
        """One Lindley step on the lattice, ``V' = max(0, V + B - T)`` (linear in the pmf)."""
        c = np.fft.irfft(np.fft.rfft(v, n_fft) * f_b, n_fft)
        new = np.empty(points)
        new[0] = c[: shift + 1].sum()
        new[1:] = c[shift + 1: shift + points]
        new[-1] += c[shift + points:].sum()  # beyond the lattice (negligible by construction)
        return new

    v, iterations = _stationary(step, points, x, kingman)
    mean = float(np.dot(v, x))
    return BatchQueue(lam, period, mean_s, cv, dt, v, mean, mean + rho * period / 2, iterations)


def _stationary(step: Callable[[FloatArray], FloatArray], points: int, x: FloatArray,
                guess_mean: float) -> tuple[FloatArray, int]:
    """The stationary pmf of the lattice chain ``v -> step(v)``: (pmf, solver iterations).

    ``step`` is linear in ``v``, so the stationary pmf solves ``(I - P) v + e_0 (1'v) = e_0``
    (the rank-one term fixes ``1'v = 1``). GMRES (Saad & Schultz 1986) on that system, started
    from an exponential pmf with Kingman's mean (the heavy-traffic shape), needs tens to a few
    hundred products where iterating ``step`` needs thousands near saturation (its spectral gap
    closes like ``(1 - rho)^2``). Falls back to iterating ``step`` if GMRES does not converge.
    """
    from scipy.sparse.linalg import LinearOperator, gmres  # lazy: keeps scipy off the import path
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):  # short vectors: BLAS threads only contend
        return _solve_stationary(step, points, x, guess_mean, LinearOperator, gmres)


def _solve_stationary(step: Callable[[FloatArray], FloatArray], points: int, x: FloatArray, guess_mean: float,
                      operator: Any, gmres: Any) -> tuple[FloatArray, int]:

    def residual(v: FloatArray) -> FloatArray:
        v = np.asarray(v, dtype=np.float64).ravel()
        out: FloatArray = v - step(v)
        out[0] += v.sum()
        return out

    guess = np.exp(-x / max(guess_mean, x[1] if x.size > 1 else 1.0))
    guess /= guess.sum()
    rhs = np.zeros(points)
    rhs[0] = 1.0
    count = [0]

    def counted(_: object) -> None:
        count[0] += 1

    solution, info = gmres(operator((points, points), matvec=residual, dtype=np.float64), rhs, x0=guess,
                           rtol=1e-12, atol=0.0, restart=min(points, 300), maxiter=20, callback=counted,
                           callback_type="pr_norm")
    if info == 0:
        v = np.clip(solution, 0.0, None)
        return v / v.sum(), count[0]
    v = guess
    mean = float(np.dot(v, x))
    iterations = 0
    for iterations in range(1, _MAX_ITERATIONS + 1):
        new = np.clip(step(v), 0.0, None)
        new /= new.sum()
        new_mean = float(np.dot(new, x))
        settled = abs(new_mean - mean) <= _TOLERANCE * max(new_mean, x[1] if x.size > 1 else 1.0)
        v, mean = new, new_mean
        if settled and iterations >= _MIN_ITERATIONS:
            break
    return v, count[0] + iterations


def _gamma_lattice(lat: Lattice, mean_s: float, cv: float) -> FloatArray:
    """Gamma service on the lattice, mean-preserving.

    The mass of each cell ``[j dt, (j + 1) dt)`` sits at the cell's conditional mean, split
    between the two neighbouring lattice points in proportion to the distance, so the lattice
    mean equals ``E[S]`` (a midpoint rule biases it for cv > 1, where the density piles up at 0).
    The first moment uses ``int_0^x t f(t) dt = E[S] P(k + 1, x / theta)``.
    """
    from scipy import special  # lazy: keeps scipy off the import path

    k = 1 / cv**2
    theta = mean_s / k
    edges = np.arange(lat.points + 1, dtype=np.float64) * lat.dt_hours / theta
    mass = np.diff(special.gammainc(k, edges))
    first = np.diff(special.gammainc(k + 1, edges)) * mean_s
    with np.errstate(divide="ignore", invalid="ignore"):
        frac = np.clip(np.where(mass > 0, first / mass / lat.dt_hours - np.arange(lat.points), 0.0), 0.0, 1.0)
    out = mass * (1 - frac)
    out[1:] += (mass * frac)[:-1]
    result: FloatArray = out / out.sum()
    return result


def _gamma_batch_pmf(lat: Lattice, batch_mean: float, mean_s: float, cv: float, n_fft: int) -> FloatArray:
    """Compound-Poisson batch work on the lattice: ``IFFT(exp(lambda T (FFT(p_S) - 1)))``."""
    f_b = np.exp(batch_mean * (np.fft.rfft(_gamma_lattice(lat, mean_s, cv), n_fft) - 1.0))
    p_b = np.clip(np.fft.irfft(f_b, n_fft)[: lat.points], 0.0, None)
    out: FloatArray = p_b / p_b.sum()
    return out


def _constant_batch_pmf(lat: Lattice, batch_mean: float, mean_s: float) -> FloatArray:
    """``N E[S]`` with ``N ~ Poisson(lambda T)``: each mass split between its two lattice
    neighbours in proportion to the distance (keeps the mean exact when E[S] is off the lattice)."""
    from scipy import special  # lazy: keeps scipy off the import path

    n = np.arange(int(batch_mean + 12 * np.sqrt(batch_mean) + 12))
    pn = np.exp(special.xlogy(n, batch_mean) - special.gammaln(n + 1) - batch_mean)
    pos = n * mean_s / lat.dt_hours
    low = np.minimum(np.floor(pos).astype(np.int64), lat.points - 2)
    frac = np.clip(pos - low, 0.0, 1.0)
    out = np.zeros(lat.points)
    np.add.at(out, low, pn * (1 - frac))
    np.add.at(out, low + 1, pn * frac)
    result: FloatArray = out / out.sum()
    return result


def sample_batch_wait(rng: np.random.Generator, queue: BatchQueue, size: int) -> FloatArray:
    """Draw waits from the release (meeting) to the start of service, working hours.

    Notes
    -----
    ``V`` by inverse transform on the lattice CDF (uniform within a lattice cell); the others in
    the batch ``M ~ Poisson(lambda T)``; the number ahead ``J`` uniform on ``0..M``; their work
    ``Gamma(J k, E[S] / k)`` with ``k = 1 / cv^2`` (a sum of J gamma services), or ``J E[S]``
    when the service is constant.
    """
    if not np.isfinite(queue.mean_wait_hours):
        raise ValueError("an unstable queue (utilisation >= 1) has no stationary wait to sample")
    cdf = np.cumsum(queue.carry_pmf)
    u = rng.random(size) * cdf[-1]
    cell = np.minimum(np.searchsorted(cdf, u, side="right"), cdf.size - 1)
    carry = np.where(cell == 0, 0.0, (cell - 0.5 + rng.random(size)) * queue.dt_hours)
    others = rng.poisson(queue.rate * queue.period_hours, size)
    ahead = np.floor(rng.random(size) * (others + 1))
    if queue.cv < CONSTANT_CV:
        work = ahead * queue.mean_service_hours
    else:
        k = 1 / queue.cv**2
        work = np.where(ahead > 0, rng.gamma(np.maximum(ahead * k, 1e-300), 1.0, size), 0.0) * (
            queue.mean_service_hours / k)
    out: FloatArray = carry + work
    return out


def batch_mean_waits(rate: ArrayLike, period_hours: ArrayLike, mean_service_hours: ArrayLike,
                     cv: float) -> tuple[FloatArray, list[BatchQueue], NDArray[np.int64]]:
    """`periodic_batch` for many queues, computed once per distinct (rate, period, service).

    Returns
    -------
    (mean wait per queue, working hours, ``inf`` if unstable; the distinct `BatchQueue` s; the
    index of each queue's `BatchQueue` in that list).
    """
    lam = np.atleast_1d(np.asarray(rate, dtype=np.float64))
    per = np.broadcast_to(np.asarray(period_hours, dtype=np.float64), lam.shape)
    ser = np.broadcast_to(np.asarray(mean_service_hours, dtype=np.float64), lam.shape)
    keys = np.stack([lam, per, ser], axis=1)
    uniq, inverse = np.unique(keys, axis=0, return_inverse=True)
    solved = [periodic_batch(float(a), float(b), float(c), cv) for a, b, c in uniq]
    index = inverse.ravel().astype(np.int64)
    means = np.array([q.mean_wait_hours for q in solved])[index]
    return means, solved, index
