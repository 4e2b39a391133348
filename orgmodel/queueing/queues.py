"""Closed-form queueing results: Erlang C, Pollaczek-Khinchine, setup pools (Allen-Cunneen).

The Allen-Cunneen mean wait alone and the vacation decomposition, used only by tests, are in
tests/reference_queues.py.

All functions are vectorised over numpy arrays; times are working hours, rates per working
hour. Unstable queues (utilisation >= 1) give a mean wait of ``inf`` and a probability of
waiting of 1 (the package convention, see `orgmodel.queueing`).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "erlang_c",
    "mg1_mean_wait",
    "setup_pool",
    "utilisation",
]

FloatArray = NDArray[np.float64]


def utilisation(rate: ArrayLike, mean_service: ArrayLike, servers: ArrayLike = 1) -> FloatArray:
    """Utilisation ``rho = lambda E[S] / c`` (dimensionless; >= 1 means the queue grows forever).

    Parameters
    ----------
    rate : arrival rate lambda, per working hour.
    mean_service : E[S], working hours.
    servers : c, number of servers.
    """
    lam = np.asarray(rate, dtype=np.float64)
    rho: FloatArray = lam * np.asarray(mean_service, dtype=np.float64) / np.asarray(servers, dtype=np.float64)
    return rho


def _poisson_pmf_cdf(k: FloatArray, mu: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Poisson pmf at ``k`` and cdf at ``k - 1`` (the formulas scipy.stats.poisson uses)."""
    from scipy import special  # lazy: keeps scipy off the import path

    pmf = np.exp(special.xlogy(k, mu) - special.gammaln(k + 1) - mu)
    cdf = special.pdtr(np.floor(k - 1), mu)
    return pmf, cdf


def erlang_c(servers: ArrayLike, offered_load: ArrayLike) -> FloatArray:
    """Probability that an arrival waits in an M/M/c queue (Erlang C).

    Parameters
    ----------
    servers : c, number of servers (>= 1).
    offered_load : a = lambda E[S], in Erlangs; stable if a < c.

    Returns
    -------
    P(W > 0); 1 where a >= c (unstable: everyone waits).

    Notes
    -----
    ``C(c, a) = [a^c / c! / (1 - rho)] / [sum_{k<c} a^k / k! + a^c / c! / (1 - rho)]`` with
    ``rho = a / c`` (Kleinrock 1975, *Queueing Systems I*, eq. 3.40). Written with the Poisson
    pmf/cdf (numerically stable for large c): ``C = p(c) / (1 - rho) / (F(c - 1) + p(c) / (1 - rho))``.
    """
    c = np.asarray(servers, dtype=np.float64)
    a = np.asarray(offered_load, dtype=np.float64)
    rho = np.divide(a, c, out=np.full(np.broadcast(a, c).shape, np.inf), where=c > 0)
    stable = rho < 1
    pmf, cdf = _poisson_pmf_cdf(c, a)
    top = pmf / np.where(stable, 1 - rho, 1.0)
    out = top / (cdf + top)
    out = np.where(a == 0, 0.0, out)
    result: FloatArray = np.where(stable, out, 1.0)
    return result


def mg1_mean_wait(rate: ArrayLike, mean_service: ArrayLike, cv: ArrayLike) -> FloatArray:
    """Mean wait in queue of M/G/1 (Pollaczek-Khinchine), working hours; ``inf`` if unstable.

    Parameters
    ----------
    rate : arrival rate lambda, per working hour.
    mean_service : E[S], working hours.
    cv : coefficient of variation of the service time.

    Notes
    -----
    ``E[Wq] = lambda E[S^2] / (2 (1 - rho))``, ``E[S^2] = E[S]^2 (1 + cv^2)``, ``rho = lambda E[S]``
    (Pollaczek 1930; Khinchine 1932; Kleinrock 1975, eq. 5.105). With cv = 1 it is the M/M/1 wait
    ``rho / (mu - lambda)``.
    """
    lam = np.asarray(rate, dtype=np.float64)
    s = np.asarray(mean_service, dtype=np.float64)
    rho = lam * s
    second = s**2 * (1 + np.asarray(cv, dtype=np.float64) ** 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        out: FloatArray = np.where(rho < 1, lam * second / (2 * (1 - rho)), np.inf)
    return out


def setup_pool(
    rate: ArrayLike, mean_service: float, cv: float, servers: ArrayLike, mean_setup: float,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """A pool whose idle servers need a setup (switch delay) before they start.

    An arrival that finds a free server waits the setup D (exponential, mean ``mean_setup``)
    and holds that server for D + S; one that finds all busy waits in queue.

    Returns
    -------
    (p_wait, mean_wait_if_waiting, mean_wait): the queue part without setup (Erlang C with the
    Allen-Cunneen correction), and the mean wait including the setup, working hours. Unstable:
    ``p_wait = 1`` and both waits ``inf``.

    Notes
    -----
    ``E[W] = E[Wq] + E[D]``. For one server this is exact: M/G/1 with setup times (Welch 1964;
    Takagi 1991) has ``E[W] = lambda E[S^2] / (2 (1 - rho)) + (2 E[D] + lambda E[D^2]) /
    (2 (1 + lambda E[D]))`` and the second term is exactly ``E[D]`` when D is exponential
    (``E[D^2] = 2 E[D]^2``). For c > 1 it is an upper bound in our simulations (a busy server
    frees up before the setup ends), close when ``E[D]`` is small against ``E[S]``.
    """
    lam = np.asarray(rate, dtype=np.float64)
    c = np.asarray(servers, dtype=np.float64)
    a = lam * mean_service
    p = erlang_c(c, a)
    with np.errstate(divide="ignore", invalid="ignore"):
        cond = np.where(a < c, mean_service / (c - a) * (1 + cv**2) / 2, np.inf)
    return p, cond, p * cond + mean_setup
