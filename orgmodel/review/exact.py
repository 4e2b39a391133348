"""Exact review-first pool of one team: a continuous-time Markov chain (CTMC) with author exclusion.

The closed form treats a team as M/M/c with c = eligible teammates, but an author can never take
their own change: with few reviewers that matters (up to +28% on the mean turnaround for two
engineers and a lead). This module solves the team's pool exactly for exponential review effort
and switch delay, by a CTMC whose state is small thanks to two facts:

1. A change waits only when every teammate but its author is busy. So a queue of changes by
   more than one author means everyone is busy, and a queue by a single author ``a1`` means
   everyone but perhaps ``a1`` is busy.
2. A reviewer who frees up takes the first waiting change they may review: the lead, or any
   engineer but ``a1``, takes the head of the queue; ``a1`` takes the first change after the
   head's run of ``a1``'s changes. Only the head run's length ``l`` and the rest's length ``s``
   are needed: the authors of the rest arrived while everyone was busy, so they are i.i.d.
   uniform over the ``n`` engineers, independent of everything else, and are revealed only when
   they join the head (principle of deferred decisions).

State: engineers and lead each idle, in switch delay (reaching a break point) or reviewing;
engineers counted, not named (they are exchangeable), except the head's author ``a1``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray
from scipy import sparse
from scipy.sparse.linalg import spsolve

from orgmodel.queueing.queues import erlang_c

__all__ = ["MAX_EXACT_ENGINEERS", "MAX_STATES", "MAX_SWITCH_STATES", "PoolSolution", "TeamPool", "exact_pool",
           "exact_pool_size", "team_pool"]

FloatArray = NDArray[np.float64]

MAX_EXACT_ENGINEERS = 12
"""Teams up to this many engineers are solved exactly; bigger ones use the closed form."""
MAX_STATES = 30_000
"""Above this many CTMC states the closed form is used instead (solve time)."""
TAIL = 1e-8
"""Queue length cap: the probability of a longer queue, by the M/M/m tail, is below this."""
_MERGE_TAIL = 1e-12  # a run of revealed authors longer than this probability is lumped


@dataclass(frozen=True)
class PoolSolution:
    """Steady state of one team's review-first pool (times in working hours).

    Attributes
    ----------
    p_queue : probability that a change finds every eligible teammate busy reviewing (PASTA).
    mean_queue_wait : mean wait in queue over all changes, ``E[Q] / (n lambda)`` (Little).
    mean_wait : mean time from sending to the review starting, queue plus switch delay.
    lead_busy : share of the lead's time spent reviewing (nan if the lead does not review).
    engineer_busy : share of an engineer's time spent reviewing.
    truncation_mass : probability of the states at the queue-length cap (the error bound).
    states : number of CTMC states.
    queue_cap : the queue-length cap.
    """

    p_queue: float
    mean_queue_wait: float
    mean_wait: float
    lead_busy: float
    engineer_busy: float
    truncation_mass: float
    states: int
    queue_cap: int

    @property
    def conditional_queue_wait(self) -> float:
        """Mean wait in queue of the changes that wait, ``E[Wq] / P(queue)``."""
        return self.mean_queue_wait / self.p_queue if self.p_queue > 0 else 0.0


def _queue_cap(n: int, lead: bool, rate: float, hours: float) -> int:
    """Queue length whose M/M/m tail probability (m reviewers who can review) is below `TAIL`,
    inflated by 10% for the author exclusion, which lengthens the queue a little."""
    m = n + int(lead) if n > 1 else 1
    a = n * rate * hours
    rho = a / m
    if rho <= 0:
        return 1
    c_wait = float(erlang_c(m, a))
    if not np.isfinite(c_wait) or c_wait <= 0 or rho >= 1:
        return 100_000
    q = math.log(TAIL / max(c_wait, TAIL)) / math.log(rho)
    return int(min(max(math.ceil(1.1 * q) + 2, 3), 100_000))


def _run_cap(n: int, lead: bool, rate: float, hours: float, queue_cap: int) -> int:
    """Cap on the head run of one author's changes: it grows by that author's arrivals (rate
    ``lambda``) or by revealed letters (probability ``1 / n`` each) and shrinks as the other
    ``n - 1 + L`` reviewers take its head, so its tail decays like ``max(lambda E[S] / (n - 1 + L),
    1 / n)`` per change."""
    others = n - 1 + int(lead)
    if n == 1 or others == 0:
        return queue_cap
    ratio = max(rate * hours / others, 1.0 / n)
    if ratio >= 0.99:
        return queue_cap
    return min(queue_cap, math.ceil(math.log(TAIL) / math.log(ratio)) + 4)


def exact_pool_size(n: int, lead: bool, rate: float, hours: float, switch: float) -> int:
    """Number of CTMC states `exact_pool` would build (to decide before building)."""
    q = _queue_cap(n, lead, rate, hours)
    runs = _run_cap(n, lead, rate, hours, q)
    d = switch > 0
    leads = (3 if d else 2) if lead else 1
    if n == 1:  # the lone engineer never reviews: the lead's status and the queue length
        return leads + runs * (2 if d else 1)
    empty = ((n + 1) * (n + 2) // 2 if d else n + 1) * leads
    others = (n if d else 1) * ((2 if d else 1) if lead else 1)
    pairs = runs * (q + 1) - runs * (runs + 1) // 2
    return empty + others * (runs + (2 if d else 1) * pairs)


def exact_pool(n: int, lead: bool, rate: float, hours: float, switch: float) -> PoolSolution:
    """Solve one team's review-first pool exactly (exponential effort and switch delay).

    Parameters
    ----------
    n : engineers (authors), >= 1; with ``n = 1`` the lead must review.
    lead : the lead takes reviews (never authors).
    rate : changes per working hour sent by each engineer (Poisson).
    hours : mean working hours per review (exponential).
    switch : mean working hours to reach a break point (exponential; 0: none).

    Returns
    -------
    PoolSolution.

    Notes
    -----
    Routing (docs/model.md, section 2): a change goes to a free teammate other than its author,
    uniformly at random among them, who starts after the switch delay; if none is free it joins
    a FIFO queue; a reviewer who finishes takes the first waiting change they may review, at
    once. Generator built state by state, solved with ``scipy.sparse.linalg.spsolve`` on
    ``pi Q = 0``, ``sum pi = 1``. Queue lengths are capped at `_queue_cap` (arrivals beyond are
    dropped); the mass at the cap is reported as ``truncation_mass``. Cached by arguments.
    """
    return _solve(int(n), bool(lead), _key(rate), _key(hours), _key(switch))


@dataclass
class _Moves:
    """The generator of one team's chain, built state by state (the module docstring's routing)."""

    n: int
    lam: float
    mu: float
    nu: float
    d: bool
    start: int  # status of a reviewer who takes a change while idle
    cap: int
    run_cap: int
    index: dict[tuple[int, ...], int]
    rows: list[int] = field(default_factory=list)
    cols: list[int] = field(default_factory=list)
    vals: list[float] = field(default_factory=list)
    merge_cache: dict[tuple[int, int], list[tuple[int, float]]] = field(default_factory=dict)

    def add(self, i: int, key: tuple[int, ...], rate_: float) -> None:
        if rate_ > 0:
            self.rows.append(i)
            self.cols.append(self.index[key])
            self.vals.append(rate_)

    def merges(self, rest: int, room: int) -> list[tuple[int, float]]:
        """(g, probability): g leading letters of ``rest`` i.i.d. ones equal a given author
        (geometric, ratio 1 / n); lumped at ``room`` (the run cap) or where it is negligible."""
        got = self.merge_cache.get((rest, room))
        if got is not None:
            return got
        p_same = 1.0 / self.n
        out = []
        mass = 1.0
        g = 0
        while g < min(rest, room) and mass * p_same > _MERGE_TAIL:
            out.append((g, mass * (1 - p_same)))
            mass *= p_same
            g += 1
        out.append((g, mass))  # all remaining (or the lumped tail) at g
        self.merge_cache[(rest, room)] = out
        return out

    def empty(self, key: tuple[int, ...], i: int) -> None:
        """Moves out of an empty-queue state ``(0, es, eu, ls)``."""
        _, es, eu, ls = key
        ei = self.n - es - eu
        lead_free = 1 if ls == 0 else 0
        for count, status in ((ei, 0), (eu, 1), (es, 2)):
            if count == 0:
                continue
            r_in = self.lam * count
            free_eng = ei - (1 if status == 0 else 0)
            free = free_eng + lead_free
            if free == 0:
                ou = eu - (1 if status == 1 else 0)
                self.add(i, (1, status, ou if self.d else 0, ls, 1, 0), r_in)
                continue
            if lead_free:
                self.add(i, (0, es, eu, self.start), r_in / free)
            if free_eng:
                new = (0, es, eu + 1, ls) if self.d else (0, es + 1, eu, ls)
                self.add(i, new, r_in * free_eng / free)
        if self.d and eu:
            self.add(i, (0, es + 1, eu - 1, ls), eu * self.nu)
        if ls == 1:
            self.add(i, (0, es, eu, 2), self.nu)
        if es:
            self.add(i, (0, es - 1, eu, ls), es * self.mu)
        if ls == 2:
            self.add(i, (0, es, eu, 0), self.mu)

    def queued(self, key: tuple[int, ...], i: int) -> None:
        """Moves out of a queue state ``(1, a, ou, ls, l, s)``."""
        _, a, ou, ls, run, rest = key
        os_ = self.n - 1 - ou
        total = run + rest
        # arrivals
        if total < self.cap:
            if rest:
                self.add(i, (1, a, ou, ls, run, rest + 1), self.lam)
            elif run < self.run_cap:
                self.add(i, (1, a, ou, ls, run + 1, 0), self.lam)
            if a != 0:
                self.add(i, (1, a, ou, ls, run, rest + 1), self.lam * (self.n - 1))
        if a == 0 and self.n > 1:
            self.add(i, (1, self.start, ou, ls, run, rest), self.lam * (self.n - 1))
        # switch delays ending
        if self.d:
            if ou:
                self.add(i, (1, a, ou - 1, ls, run, rest), ou * self.nu)
            if ls == 1:
                self.add(i, (1, a, ou, 2, run, rest), self.nu)
            if a == 1:
                self.add(i, (1, 2, ou, ls, run, rest), self.nu)
        # the lead or an engineer other than a1 finishes and takes the head
        head = self.mu * (os_ + (1 if ls == 2 else 0))
        if head > 0:
            if run > 1:
                self.add(i, (1, a, ou, ls, run - 1, rest), head)
            elif rest == 0:
                self.add(i, (0, os_ + (1 if a == 2 else 0), ou + (1 if a == 1 else 0), ls), head)
            else:
                for new_a, share in ((1, ou / (self.n - 1)), (2, os_ / (self.n - 1))):
                    if share == 0:
                        continue
                    new_ou = ou - (1 if new_a == 1 else 0) + (1 if a == 1 else 0)
                    for g, p in self.merges(rest - 1, self.run_cap - 1):
                        self.add(i, (1, new_a, new_ou if self.d else 0, ls, 1 + g, rest - 1 - g), head * share * p)
        # a1 finishes: takes the first change after its own run, or goes back to own work
        if a == 2:
            if rest == 0:
                self.add(i, (1, 0, ou, ls, run, 0), self.mu)
            else:
                for g, p in self.merges(rest - 1, self.run_cap - run):
                    self.add(i, (1, 2, ou, ls, run + g, rest - 1 - g), self.mu * p)

    def generator(self) -> sparse.csr_matrix:
        """``Q`` with its diagonal."""
        for key, i in self.index.items():
            (self.empty if key[0] == 0 else self.queued)(key, i)
        size = len(self.index)
        gen = sparse.csr_matrix((self.vals, (self.rows, self.cols)), shape=(size, size))
        out_rate = np.asarray(gen.sum(axis=1)).ravel()
        return gen - sparse.diags(out_rate)


def _states(n: int, lead: bool, d: bool, cap: int, run_cap: int) -> dict[tuple[int, ...], int]:
    """Index of the chain's states: ``(0, es, eu, ls)`` with an empty queue, ``(1, a, ou, ls, l, s)`` with one."""
    lead_states = ((0, 1, 2) if d else (0, 2)) if lead else (-1,)
    busy_lead = ((1, 2) if d else (2,)) if lead else (-1,)
    index: dict[tuple[int, ...], int] = {}
    reviewing = n if n > 1 else 0  # engineers who can be reviewing
    for es in range(reviewing + 1):
        for eu in range(reviewing + 1 - es if d else 1):
            for ls in lead_states:
                index[(0, es, eu, ls)] = len(index)
    for a in ((0, 1, 2) if d else (0, 2)) if n > 1 else (0,):  # a lone engineer never reviews
        for ou in range(n if d and n > 1 else 1):
            for ls in busy_lead:
                for run in range(1, run_cap + 1):
                    for s_len in range(cap - run + 1 if a else 1):
                        index[(1, a, ou, ls, run, s_len)] = len(index)
    return index


def _stationary(gen: sparse.csr_matrix) -> FloatArray:
    """``pi Q = 0``, ``sum pi = 1``: with ``pi_0 = 1`` (the empty, all-idle state), dropping state 0's
    balance equation (no dense normalisation row, so no fill-in), then normalised."""
    size = gen.shape[0]
    a_t = gen.T.tocsc()
    pi = np.ones(size)
    if size > 1:
        pi[1:] = spsolve(a_t[1:, 1:].tocsc(), -a_t[1:, [0]].toarray().ravel(), permc_spec="COLAMD")
    pi = np.clip(pi, 0.0, None)
    out: FloatArray = pi / pi.sum()
    return out


def _key(x: float) -> float:
    """``x`` to 12 significant digits: one cache entry for values equal but for float noise (a tiny
    positive effort stays positive, which rounding to 12 decimals would make 0)."""
    return float(f"{float(x):.12g}")


@lru_cache(maxsize=4096)
def _solve(n: int, lead: bool, rate: float, hours: float, switch: float) -> PoolSolution:
    if n < 1 or (n == 1 and not lead):
        raise ValueError(f"a pool needs an eligible reviewer: {n} engineer(s), lead reviews: {lead}")
    d = switch > 0
    cap = _queue_cap(n, lead, rate, hours)
    run_cap = _run_cap(n, lead, rate, hours, cap)
    index = _states(n, lead, d, cap, run_cap)
    moves = _Moves(n=n, lam=rate, mu=1.0 / hours, nu=1.0 / switch if d else 0.0, d=d, start=1 if d else 2,
                   cap=cap, run_cap=run_cap, index=index)
    pi = _stationary(moves.generator())
    return _measures(index, pi, n, lead, rate, switch, cap, run_cap)


def _measures(index: dict[tuple[int, ...], int], pi: FloatArray, n: int, lead: bool, lam: float, switch: float,
              cap: int, run_cap: int) -> PoolSolution:
    """Waits and busy shares from the stationary law (PASTA for arrivals, Little for the mean wait)."""
    size = len(index)
    keys = list(index)
    arr = np.zeros((size, 7))
    for k, key in enumerate(keys):
        arr[k, : len(key)] = key
    is_q = arr[:, 0] == 1
    # empty: (0, es, eu, ls); queue: (1, a, ou, ls, l, s)
    es_a, eu_a, ls_e = arr[:, 1], arr[:, 2], arr[:, 3]
    a_q, ou_q, ls_q, run_q, rest_q = arr[:, 1], arr[:, 2], arr[:, 3], arr[:, 4], arr[:, 5]
    idle_a = n - es_a - eu_a
    lead_free = (ls_e == 0).astype(float)
    wait_if_idle = ((idle_a - 1 + lead_free) == 0).astype(float)
    wait_if_busy = ((idle_a + lead_free) == 0).astype(float)
    p_wait_empty = (idle_a / n) * wait_if_idle + ((n - idle_a) / n) * wait_if_busy
    p_wait_queue = 1 / n + (n - 1) / n * (a_q != 0)
    p_queue = float(np.sum(pi * np.where(is_q, p_wait_queue, p_wait_empty)))
    queue_len = np.where(is_q, run_q + rest_q, 0.0)
    setups = np.where(is_q, ou_q + (ls_q == 1) + (a_q == 1), eu_a + (ls_e == 1))
    edge = is_q & ((queue_len >= cap) | ((run_q >= run_cap) & (run_cap < cap)))
    total_rate = n * lam * (1 - float(np.sum(pi[edge])))
    mean_q = float(np.dot(pi, queue_len)) / (n * lam) if lam > 0 else 0.0
    mean_wait = (float(np.dot(pi, queue_len)) + float(np.dot(pi, setups))) / total_rate if lam > 0 else switch
    ls_all = np.where(is_q, ls_q, ls_e)
    lead_busy = float(np.dot(pi, ls_all == 2)) if lead else math.nan
    serving = np.where(is_q, (n - 1 - ou_q) + (a_q == 2), es_a)
    return PoolSolution(
        p_queue=p_queue, mean_queue_wait=mean_q, mean_wait=mean_wait, lead_busy=lead_busy,
        engineer_busy=float(np.dot(pi, serving)) / n,
        truncation_mass=float(np.sum(pi[edge])), states=size, queue_cap=cap,
    )


MAX_SWITCH_STATES = 15_000
"""With a switch delay the chain is solved with it up to this many states; above, without it
and the switch delay is added to the mean (`team_pool`)."""


@dataclass(frozen=True)
class TeamPool:
    """Review-first queue of one team from the exact chain (times in working hours).

    Attributes
    ----------
    p_queue : probability that a change waits in queue (every eligible teammate reviewing).
    conditional_queue_wait : mean queue wait of the changes that wait.
    mean_wait : mean time from sending to the review starting (queue and switch delay).
    lead_busy : share of the lead's time spent reviewing (nan if the lead does not review).
    method : ``exact`` (the chain with switch delay and exponential effort), ``exact+switch``
        (the chain without switch delay, plus the mean switch delay: as the closed form does for
        c > 1), with ``, cv scaled`` when effort is not exponential.
    truncation_mass : probability at the chain's queue cap.
    """

    p_queue: float
    conditional_queue_wait: float
    mean_wait: float
    lead_busy: float
    method: str
    truncation_mass: float


def team_pool(n: int, lead: bool, rate: float, hours: float, cv: float, switch: float) -> TeamPool | None:
    """The exact chain where it fits, with documented approximations; None where it does not.

    Parameters
    ----------
    n, lead, rate, hours, switch : as in `exact_pool`.
    cv : coefficient of variation of review effort.

    Returns
    -------
    TeamPool, or None when the team has more than `MAX_EXACT_ENGINEERS` engineers, the chain
    would exceed `MAX_STATES` states (loads near 1), or has no eligible reviewer.

    Notes
    -----
    With a switch delay, a chain larger than `MAX_SWITCH_STATES` is solved without it and the
    mean delay is added: ``E[W] = E[Wq](d = 0) + d`` (the setup approximation of the closed form,
    an upper bound for c > 1). Effort with ``cv != 1`` scales the exponential queue wait by
    ``(1 + cv^2) / 2`` (the Allen-Cunneen correction). Errors measured in docs/model.md.
    """
    if n > MAX_EXACT_ENGINEERS or n < 1 or (n == 1 and not lead) or rate <= 0:
        return None
    exact_switch = switch <= 0 or exact_pool_size(n, lead, rate, hours, switch) <= MAX_SWITCH_STATES
    if not exact_switch and exact_pool_size(n, lead, rate, hours, 0.0) > MAX_STATES:
        return None
    if exact_switch and exact_pool_size(n, lead, rate, hours, switch) > MAX_STATES:
        return None
    sol = exact_pool(n, lead, rate, hours, switch if exact_switch else 0.0)
    scale = (1 + cv**2) / 2
    queue_wait = sol.mean_queue_wait * scale
    method = "exact" if exact_switch else "exact+switch"
    if abs(cv - 1) > 1e-9:
        method += ", cv scaled"
    mean_wait = queue_wait + ((1 - sol.p_queue) * switch if exact_switch else switch)
    return TeamPool(
        p_queue=sol.p_queue, conditional_queue_wait=sol.conditional_queue_wait * scale, mean_wait=mean_wait,
        lead_busy=sol.lead_busy, method=method, truncation_mass=sol.truncation_mass,
    )
