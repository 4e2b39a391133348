"""Test-only oracles moved out of the library (issue 20): closed forms and simple simulators that
only the tests (and a benchmark) use to check the engine.

- `mgc_mean_wait` (Allen-Cunneen) and `vacation_mean_wait` (Fuhrmann-Cooper) closed forms;
- `lindley_waits`, `pool_waits`, `vacation_waits`: vectorised FCFS queue simulators;
- `batch_means_interval`, `steady_mean`: a batch-means interval after MSER-5 truncation.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from orgmodel.queueing.queues import erlang_c, mg1_mean_wait
from orgmodel.queueing.simulate import single_server_starts
from orgmodel.review.steady_state import mser5_truncation, t_quantile

FloatArray = NDArray[np.float64]
BATCHES = 20
"""Batches for the batch-means interval (19 degrees of freedom)."""


def mgc_mean_wait(rate: ArrayLike, mean_service: ArrayLike, cv: ArrayLike, servers: ArrayLike) -> FloatArray:
    """Mean wait in queue of M/G/c, working hours, Allen-Cunneen approximation; ``inf`` if unstable.

    Notes
    -----
    ``E[Wq] = C(c, a) E[S] / (c - a) * (1 + cv^2) / 2`` with ``a = lambda E[S]`` (Allen 1990,
    *Probability, Statistics and Queueing Theory*; Whitt 1993 on its accuracy). Exact for M/M/c;
    for c = 1 it is the Pollaczek-Khinchine formula.
    """
    lam = np.asarray(rate, dtype=np.float64)
    s = np.asarray(mean_service, dtype=np.float64)
    c = np.asarray(servers, dtype=np.float64)
    a = lam * s
    with np.errstate(divide="ignore", invalid="ignore"):
        exp_wait = erlang_c(c, a) * s / (c - a)
        out = exp_wait * (1 + np.asarray(cv, dtype=np.float64) ** 2) / 2
    result: FloatArray = np.where(a < c, out, np.inf)
    return result


def vacation_mean_wait(
    rate: ArrayLike, mean_service: ArrayLike, cv: ArrayLike, vacation_hours: ArrayLike,
    vacation_cv: float = 0.0,
) -> FloatArray:
    """Mean wait of M/G/1 with multiple vacations (a server who looks every T hours); ``inf`` if unstable.

    Notes
    -----
    Decomposition (Fuhrmann & Cooper 1985; Doshi 1986): the wait is the M/G/1 wait plus the
    residual vacation, ``E[W] = lambda E[S^2] / (2 (1 - rho)) + E[V^2] / (2 E[V])``. For a fixed
    interval T (``vacation_cv = 0``) the second term is T / 2.
    """
    v = np.asarray(vacation_hours, dtype=np.float64)
    out: FloatArray = mg1_mean_wait(rate, mean_service, cv) + v * (1 + vacation_cv**2) / 2
    return out


def lindley_waits(arrivals: FloatArray, services: FloatArray) -> FloatArray:
    """Waits in queue of FCFS single-server queues (rows), fully vectorised.

    Notes
    -----
    Lindley's recursion ``W_{k+1} = max(0, W_k + S_k - A_{k+1})`` (``A``: interarrival time)
    unrolls to ``W_k = X_k - min_{j <= k} X_j`` with ``X_k = sum_{i<k} (S_i - A_{i+1})``,
    ``X_0 = 0``: one cumulative sum and one running minimum (Kleinrock 1975, §8.1).
    """
    gaps = np.diff(arrivals, axis=-1)
    steps = services[..., :-1] - gaps
    x = np.concatenate([np.zeros((*steps.shape[:-1], 1)), np.cumsum(steps, axis=-1)], axis=-1)
    return x - np.minimum.accumulate(x, axis=-1)


def pool_waits(
    arrivals: FloatArray, services: FloatArray, servers: int, setup: FloatArray | None = None
) -> FloatArray:
    """Waits of FCFS c-server queues (rows), arrivals sorted along each row.

    ``setup``: delay before an idle server starts (the server is held from the arrival on).

    Notes
    -----
    Kiefer-Wolfowitz workload vector: keep each server's next free time ``F``; arrival k takes
    the earliest, starts at ``max(F_min, t_k)`` (or ``t_k + D_k`` if that server is idle and a
    setup applies) and sets ``F_min = start + S_k`` (Kiefer & Wolfowitz 1955).
    """
    rows, k_max = arrivals.shape
    free = np.zeros((rows, servers))
    flat = free.reshape(-1)  # a view: flat indexing is cheaper than 2-D fancy indexing
    base = np.arange(rows) * servers
    arr_t = np.ascontiguousarray(arrivals.T)
    serv_t = np.ascontiguousarray(services.T)
    setup_t = None if setup is None else np.ascontiguousarray(setup.T)
    starts = np.empty_like(arr_t)
    for k in range(k_max):
        t = arr_t[k]
        at = base + free.argmin(axis=1)
        f = flat[at]
        start = np.maximum(f, t) if setup_t is None else np.where(f <= t, t + setup_t[k], f)
        flat[at] = start + serv_t[k]
        starts[k] = start
    return (starts - arr_t).T


def vacation_waits(arrivals: FloatArray, services: FloatArray, interval_hours: float) -> FloatArray:
    """Waits of single-server queues with multiple vacations of fixed length (rows).

    Notes
    -----
    When the queue empties at ``e`` the server leaves for ``T``, and again for ``T`` while it
    finds nobody, so it comes back at ``e + T ceil((t - e) / T)``; served exhaustively, FCFS.
    """
    starts = single_server_starts(arrivals, services, "batched", interval_hours=interval_hours)[0]
    return starts - arrivals


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
