"""One shared FCFS queue served by ``m`` people who look at it now and then (batched review, pooled).

Each of ``m`` servers, when idle, looks at the queue at the instants of its own renewal process
of looks; at a look it takes the oldest waiting job it may take, and on finishing a job it takes
the next at once (or goes idle if none is left for it). Jobs arrive as a Poisson stream (rate
``lambda`` per working hour); each may be taken by ``c`` of the ``m`` servers (``c = m - 1`` when
its author is one of them).

Approximation (a Markov chain on ``(b, q)``: ``b`` busy servers, ``q`` waiting jobs):
- a busy server finishes at rate ``1 / E[C]`` (``C`` the completion time of one job);
- with ``k`` idle servers and ``q >= 1`` waiting, the first look that takes a job comes at rate
  ``1 / E[first of k' looks]``, the exact mean of the first of ``k'`` independent stationary look
  residuals (`orgmodel.queueing.looks.LookGaps.first_look_mean`), with ``k' = k c / m`` eligible
  idle servers when one job waits (its author may be among the idle) and ``k' = k`` when several do;
- a server who finishes while one job waits takes it with probability ``c / m`` (else it was the
  author's, and the server goes idle).
With one server this is the M/M/1 queue with multiple exponential vacations of mean ``E[V_res]``,
whose mean wait is the Fuhrmann-Cooper decomposition ``W_q(M/M/1) + E[V_res]`` (exact for the mean
when service is exponential, whatever the law of the gaps between looks).

A tagged job that arrives in state ``(b, q)`` (PASTA) is taken at the ``(q + 1)``-th take after it;
its wait is the absorption time of the chain on ``(b, j)``, ``j`` = its position, whose first two
moments follow by recursion on ``j`` (``b`` never falls while someone waits). Units: working hours.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = ["PooledLooks", "pooled_looks"]

FloatArray = NDArray[np.float64]
_TAIL = 1e-10
_MAX_QUEUE = 2_000
_SHARE_TOL = 1e-4  # an eligible share this close to 1 is taken as 1 (a change in the waits below 1e-4)


@dataclass(frozen=True)
class PooledLooks:
    """Stationary state seen by arrivals and the moments of their wait (working hours).

    Attributes
    ----------
    arrival_state : ``P(b busy, q waiting)`` seen by an arrival, shape ``(m + 1, Q + 1)``.
    mean_wait_hours : ``E[W]`` of the tagged-job chain.
    empty_by_busy : ``P(q = 0, b)`` at arrival, by ``b`` (the jobs taken at the first take).
    queued_mean, queued_second : ``E[W]``, ``E[W^2]`` of the jobs that find ``q >= 1`` waiting.
    take_rate_empty : by ``b``, the take rate a lone waiting job sees in the chain, ``(c/m) b / E[C]
        + 1 / E[first of (m - b) c / m looks]``.
    """

    arrival_state: FloatArray
    mean_wait_hours: float
    empty_by_busy: FloatArray
    queued_mean: float
    queued_second: float
    take_rate_empty: FloatArray


def _rates(m: int, c: int, mu: float, first_look: Callable[[FloatArray], FloatArray]) -> tuple[FloatArray, ...]:
    """Per ``b``: look rate with one job waiting, with several, and the finish-and-take rate with one."""
    b = np.arange(m + 1, dtype=np.float64)
    idle = m - b
    share = c / m
    with np.errstate(divide="ignore"):
        look_one = np.where(idle > 0, 1 / first_look(idle * share), 0.0)
        look_many = np.where(idle > 0, 1 / first_look(idle), 0.0)
    return look_one, look_many, b * mu * share, b * mu


def _share(q: NDArray[np.int64], m: int, authors: int) -> FloatArray:
    """Share of servers eligible for at least one of ``q`` waiting jobs, authors i.i.d. uniform over
    ``authors`` engineers who are ``authors`` of the ``m`` servers (1 when ``authors`` is 0)."""
    if authors <= 0:
        return np.ones(np.shape(q))
    out: FloatArray = 1 - (authors / m) * np.power(float(authors), -np.asarray(q, dtype=np.float64))
    return out


def _look_rate(idle: FloatArray, share: FloatArray, first_look: Callable[[FloatArray], FloatArray]) -> FloatArray:
    """Rate of the first look among ``idle * share`` eligible idle servers (0 with none idle)."""
    k = np.asarray(idle, dtype=np.float64) * share
    with np.errstate(divide="ignore"):
        out: FloatArray = np.where(k > 0, 1 / first_look(np.maximum(k, 1e-12)), 0.0)
    return out


def pooled_looks(rate: float, servers: int, eligible: int, mean_completion: float,
                 first_look: Callable[[FloatArray], FloatArray], authors: int = 0) -> PooledLooks:
    """Solve the ``(b, q)`` chain of the module docstring.

    Parameters
    ----------
    rate : ``lambda``, jobs per working hour (> 0).
    servers, eligible : ``m`` and ``c`` (``1 <= c <= m``).
    mean_completion : ``E[C]``, working hours per job (absences included).
    first_look : ``k -> E[first of k looks]`` (array in, array out; ``k`` may be fractional).
    authors : engineers who author the jobs and are among the servers (0: ``c / m`` with one job
        waiting, every server eligible for the oldest of several). With ``n = authors >= 2``, a
        server may take none of ``q`` waiting jobs when it wrote them all: the share of servers
        eligible for at least one is ``1 - (n / m) n^-q`` (authors i.i.d. uniform; ``c / m`` at ``q = 1``).

    Returns
    -------
    PooledLooks; ``mean_wait_hours`` is ``inf`` when ``lambda E[C] >= m``.
    """
    m, c = int(servers), int(eligible)
    mu = 1 / mean_completion
    if rate * mean_completion >= m:
        return PooledLooks(np.zeros((m + 1, 1)), np.inf, np.zeros(m + 1), np.inf, np.inf, np.zeros(m + 1))
    rates = _Rates(m, n_auth=int(authors) if authors >= 2 else 0, first_look=first_look,
                   parts=_rates(m, c, mu, first_look))
    nq = _queue_bound(rate, m, mu, rates.look_many) + 1
    rates.at_levels(nq)
    arrive = _stationary(rate, rates, nq)  # arrivals see pi (PASTA; the truncated top row is negligible)
    w1, w2 = _take_moments(rates, nq)
    mean = float(np.sum(arrive * w1))
    queued = arrive[:, 1:]
    p_q = float(queued.sum())
    q1 = float(np.sum(queued * w1[:, 1:]) / p_q) if p_q > 0 else 0.0
    q2 = float(np.sum(queued * w2[:, 1:]) / p_q) if p_q > 0 else 0.0
    return PooledLooks(arrive, mean, arrive[:, 0], q1, q2, rates.take_one + rates.look_one)


class _Rates:
    """The chain's rates by busy servers ``b``: looks (one or several waiting), takes and finishes; with
    authors, the look rates at the few queue lengths where a server may have written every waiting job."""

    def __init__(self, m: int, n_auth: int, first_look: Callable[[FloatArray], FloatArray],
                 parts: tuple[FloatArray, ...]) -> None:
        self.m, self.n_auth, self.first_look = m, n_auth, first_look
        self.look_one, self.look_many, self.take_one, self.finish = parts
        self.by_level: dict[int, FloatArray] = {}

    def at_levels(self, nq: int) -> None:
        """Look rates at each queue length below ``nq`` whose eligible share differs from 1."""
        if not self.n_auth:
            return
        levels = np.arange(2, nq)
        levels = levels[_share(levels, self.m, self.n_auth) < 1 - _SHARE_TOL]
        idle_b = (self.m - np.arange(self.m + 1)).astype(np.float64)
        self.by_level = {
            int(q): _look_rate(idle_b, np.full(self.m + 1, float(_share(np.array([q]), self.m, self.n_auth)[0])),
                               self.first_look)
            for q in levels
        }

    def share(self, q: NDArray[np.int64]) -> FloatArray:
        """Share of servers eligible for one of ``q`` waiting jobs (1 within the tolerance)."""
        found = _share(np.maximum(q, 1), self.m, self.n_auth)
        return np.where(found > 1 - _SHARE_TOL, 1.0, found)


def _queue_bound(rate: float, m: int, mu: float, look_many: FloatArray) -> int:
    """The queue length the chain is truncated at: the all-busy M/M/m tail decays like (lambda / (m mu))^q,
    looks slow the start."""
    u = rate / (m * mu)
    slow = float(rate / max(look_many[max(m - 1, 0)], 1e-12)) if m > 0 else 0.0
    bound = int(np.ceil(np.log(_TAIL) / np.log(u))) if u > 0 else 1
    return int(min(max(bound + 4 * m + 4 * slow + 20, 40), _MAX_QUEUE))


def _stationary(rate: float, r: _Rates, nq: int) -> FloatArray:
    """The stationary distribution over ``(b, q)``, shape (m + 1, nq)."""
    from scipy.sparse import csr_matrix  # lazy: keeps scipy off the import path
    from scipy.sparse.linalg import spsolve

    m, q_max = r.m, nq - 1
    b_idx, q_idx = np.meshgrid(np.arange(m + 1), np.arange(nq), indexing="ij")
    state = (b_idx * nq + q_idx).ravel()
    bb, qq = b_idx.ravel(), q_idx.ravel()
    src: list[NDArray[np.int64]] = []
    dst: list[NDArray[np.int64]] = []
    val: list[FloatArray] = []

    def add(mask: NDArray[np.bool_], to: NDArray[np.int64], v: FloatArray) -> None:
        keep = mask & (v > 0)
        src.append(state[keep])
        dst.append(to[keep])
        val.append(v[keep])

    finish, take_one = r.finish[bb], r.take_one[bb]
    add(qq < q_max, state + 1, np.full(state.size, rate))  # arrival
    add(qq == 0, state - nq, finish)  # finish, nobody waits: idle
    add(qq == 1, state - 1, take_one)  # finish, take the one waiting
    add(qq == 1, state - nq, finish - take_one)  # finish, the one waiting is own: idle
    share_q = r.share(qq)
    many = qq >= 2
    add(many, state - 1, finish * share_q)  # finish, take the next it may
    add(many, state - nq, finish * (1 - share_q))  # finish, all waiting are own: idle
    up = np.minimum(bb + 1, m) * nq + qq - 1
    add((qq == 1) & (bb < m), up, r.look_one[bb])  # a look takes the one waiting
    look_q = r.look_many[bb].copy()
    for q, level_rates in r.by_level.items():
        at = qq == q
        look_q[at] = level_rates[bb[at]]
    add(many & (bb < m), up, look_q)  # a look takes the oldest it may
    s, d, v = np.concatenate(src), np.concatenate(dst), np.concatenate(val)
    n = state.size
    out = np.bincount(s, weights=v, minlength=n)
    # balance pi Q = 0 as Q^T pi = 0 (rows: to), its first equation replaced by sum(pi) = 1
    rows = np.concatenate([d, np.arange(n), np.zeros(n, np.int64)])
    cols = np.concatenate([s, np.arange(n), np.arange(n)])
    vals = np.concatenate([v, -out, np.ones(n)])
    keep = (rows != 0) | (np.arange(rows.size) >= rows.size - n)
    gen = csr_matrix((vals[keep], (rows[keep], cols[keep])), shape=(n, n))
    rhs = np.zeros(n)
    rhs[0] = 1.0
    pi = np.clip(np.asarray(spsolve(gen, rhs)), 0.0, None)
    out_pi: FloatArray = (pi / pi.sum()).reshape(m + 1, nq)
    return out_pi


def _take_moments(r: _Rates, nq: int) -> tuple[FloatArray, FloatArray]:
    """First and second moments of a tagged job's time to its take, arriving at ``(b, q)``: (m + 1, nq) each.

    Recursion over its position j (and b upwards: a server that finishes and may take none of the j jobs
    goes idle, b - 1, the job stays at j).
    """
    m = r.m
    h1 = np.zeros((nq + 1, m + 1))
    h2 = np.zeros((nq + 1, m + 1))
    for j in range(1, nq + 1):
        if j == 1:
            look, take, idle = r.look_one, r.take_one, np.zeros(m + 1)
        else:
            share = float(r.share(np.array([j]))[0])
            look = r.by_level.get(j, r.look_many)
            take, idle = r.finish * share, r.finish * (1 - share)
        ahead1 = np.r_[h1[j - 1][1:], h1[j - 1][-1]]
        ahead2 = np.r_[h2[j - 1][1:], h2[j - 1][-1]]
        if float(idle.max()) < 1e-12:  # nobody goes idle: every b at once
            total = take + look
            with np.errstate(divide="ignore", invalid="ignore"):
                t = np.where(total > 0, 1 / total, np.inf)
                p_stay = np.where(total > 0, take / total, 0.0)
            nxt1 = p_stay * h1[j - 1] + (1 - p_stay) * ahead1
            nxt2 = p_stay * h2[j - 1] + (1 - p_stay) * ahead2
            h1[j] = t + nxt1
            h2[j] = 2 * t * t + 2 * t * nxt1 + nxt2
            continue
        _step_with_idling(h1, h2, j, (take, look, idle), ahead1, ahead2)
    return h1[1:].T, h2[1:].T


def _step_with_idling(h1: FloatArray, h2: FloatArray, j: int, rates: tuple[FloatArray, FloatArray, FloatArray],
                      ahead1: FloatArray, ahead2: FloatArray) -> None:
    """Position ``j``'s moments when a finishing server may go idle (b by b, from b = 0 up)."""
    take, look, idle = rates
    for b in range(h1.shape[1]):
        total = take[b] + look[b] + idle[b]
        if total <= 0:
            h1[j, b] = h2[j, b] = np.inf
            continue
        t = 1 / total
        back1, back2 = (h1[j, b - 1], h2[j, b - 1]) if b > 0 else (0.0, 0.0)
        nxt1 = (take[b] * h1[j - 1, b] + look[b] * ahead1[b] + idle[b] * back1) * t
        nxt2 = (take[b] * h2[j - 1, b] + look[b] * ahead2[b] + idle[b] * back2) * t
        h1[j, b] = t + nxt1
        h2[j, b] = 2 * t * t + 2 * t * nxt1 + nxt2
