"""Escalation latency: decisions raised by engineers travel up a tree of M/G/1 queues and back.

Each engineer raises ``r`` escalations a week; a share ``s`` must reach the department head
(the founder), the rest stop at the engineer's manager. Every manager on the way is a queue,
may hold the decision until their next meeting, and passes it on after a message delay.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from orgmodel.decisions.settings import DecisionSettings
from orgmodel.decisions.tree import LevelOrder
from orgmodel.orgtable import OrgTable, Role
from orgmodel.queueing.batch import BatchQueue, batch_mean_waits, sample_batch_wait
from orgmodel.queueing.queues import mg1_mean_wait, utilisation
from orgmodel.queueing.sampling import sample_gamma, sample_mg1_wait

__all__ = ["COMPONENTS", "EscalationModel", "HopParameters", "clearing_advice", "escalation_model",
           "simulate_escalations"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]

COMPONENTS = ("queueing", "deciding", "meetings", "hops")
"""Where the time of a round trip goes: waiting in a queue, being decided, waiting for a
meeting, and messages travelling between two people."""

_ROLE_FIELDS = {Role.FOUNDER: "founder", Role.MANAGER: "manager", Role.LEAD: "lead"}


@dataclass(frozen=True)
class HopParameters:
    """Per-row parameters of each decision-maker (zeros for engineers), working hours."""

    delay_hours: FloatArray
    """Mean delay until a direct message is read (exponential)."""
    meeting_period_hours: FloatArray
    """Working hours between meetings; 0 = no meeting."""
    relay_by_meeting: BoolArray
    available_share: FloatArray

    @classmethod
    def of(cls, table: OrgTable, settings: DecisionSettings, hours_per_day: float) -> HopParameters:
        n = len(table)
        delay = np.zeros(n)
        period = np.zeros(n)
        by_meeting = np.zeros(n, dtype=bool)
        share = np.ones(n)
        for role, field in _ROLE_FIELDS.items():
            p = settings.policy(field)
            rows = table.role == role
            delay[rows] = p.relay_delay_hours
            period[rows] = (p.meeting_interval_days or 0) * hours_per_day
            by_meeting[rows] = p.relay == "meeting"
            share[rows] = p.decision_time_share
        return cls(delay, period, by_meeting, share)


@dataclass(frozen=True)
class EscalationModel:
    """Closed-form queue figures per row and mean round trips per engineer (working hours).

    ``mean_by_component[c]`` holds each engineer's expected round trip in component ``c``
    (mixing to-lead and to-head escalations by ``share_to_top``); NaN where unstable.
    """

    order: LevelOrder
    hops: HopParameters
    engineers: IntArray
    arrivals_per_week: FloatArray
    service_hours: FloatArray
    rho: FloatArray
    wait_hours: FloatArray
    unstable_path: BoolArray
    to_lead_by_component: dict[str, FloatArray]
    to_head_by_component: dict[str, FloatArray]
    share_to_top: float
    batch_index: IntArray
    """Per row, its queue in ``batch_queues`` if it holds escalations for a meeting, else -1."""
    batch_queues: list[BatchQueue]
    """Distinct periodically released queues (one per distinct rate, meeting period and service)."""

    @property
    def unstable_rows(self) -> IntArray:
        return np.flatnonzero((self.rho >= 1.0) & (self.arrivals_per_week > 0))

    def to_lead_total(self) -> FloatArray:
        """Mean round trip per engineer of an escalation to their manager, working hours."""
        return _stack_sum(self.to_lead_by_component, self.engineers.size)

    def to_head_total(self) -> FloatArray:
        """Mean round trip per engineer of an escalation to their department head, working hours."""
        return _stack_sum(self.to_head_by_component, self.engineers.size)

    def mean_round_trip(self) -> FloatArray:
        """Expected round trip of each engineer's escalations, working hours (inf if unstable)."""
        s = self.share_to_top
        lead = self.to_lead_total()
        head = self.to_head_total()
        total: FloatArray = np.where(self.unstable_path, np.inf, (1 - s) * lead + s * head)
        return total


def escalation_model(table: OrgTable, settings: DecisionSettings, hours_per_day: float,
                     hours_per_week: float) -> EscalationModel:
    """Arrival rates, utilisations, waits and mean round trips; O(headcount).

    Notes
    -----
    Arrivals at manager ``v`` (per week):
    ``lambda_v = r (1 - s) E_direct(v) + r s E_subtree(v)`` where ``E_direct`` counts engineers
    reporting to ``v`` and ``E_subtree`` all engineers below ``v`` in its department. A manager
    gives a share ``f`` of working time to decisions, so one takes ``S = hours_per_decision / f``
    of elapsed working time and ``rho = lambda S``. Wait by Pollaczek-Khinchine (M/G/1); a
    decision-maker who meets every ``T_v`` holds escalations for the meeting and takes them as
    one batch: wait after the meeting ``E[V] + rho T_v / 2`` (`orgmodel.queueing.batch`).
    A hop into ``v`` costs ``d_v + T_v / 2 + Wq_v + S_v`` (message delay, mean wait for a
    meeting every ``T_v`` working hours, queue, decision); the answer comes back from the
    decider after ``d`` and through each manager below by their relay channel (``d_u`` or
    ``T_u / 2``). By Jackson's theorem each queue behaves as an independent M/M/1 queue
    (exactly for ``cv = 1``), so mean round trips are sums of the per-hop means.
    """
    order = LevelOrder.of(table)
    hops = HopParameters.of(table, settings, hours_per_day)
    n = len(table)
    is_eng = table.role == Role.ENGINEER
    engineers = np.flatnonzero(is_eng)
    r, s = settings.escalations_per_engineer_per_week, settings.share_to_top
    direct = np.bincount(table.parent[engineers], minlength=n).astype(np.float64) if n else np.zeros(0)
    subtree = order.subtree_sum(is_eng.astype(np.float64))
    arrivals = np.where(is_eng, 0.0, r * (1 - s) * direct + r * s * subtree)
    service = np.where(is_eng, 0.0, settings.hours_per_decision / hops.available_share)
    rho = utilisation(arrivals / hours_per_week, service)
    wait = mg1_mean_wait(arrivals / hours_per_week, service, settings.decision_cv)
    unstable = (rho >= 1.0) & (arrivals > 0)
    # held for a meeting: released as one batch at the meeting, not as smooth Poisson arrivals
    held = np.flatnonzero((hops.meeting_period_hours > 0) & (arrivals > 0) & ~unstable)
    batch_index = np.full(n, -1, dtype=np.int64)
    queues: list[BatchQueue] = []
    if held.size:
        batch_wait, held_queues, inverse = batch_mean_waits(
            arrivals[held] / hours_per_week, hops.meeting_period_hours[held], service[held], settings.decision_cv)
        wait[held] = batch_wait
        batch_index[held] = inverse
        queues = held_queues

    finite_wait = np.where(np.isfinite(wait), wait, 0.0)
    meeting_mean = hops.meeting_period_hours / 2
    up = {"queueing": finite_wait, "deciding": service, "meetings": meeting_mean, "hops": hops.delay_hours}
    zero = np.zeros(n)
    relay = {
        "queueing": zero,
        "deciding": zero,
        "meetings": np.where(hops.relay_by_meeting, meeting_mean, 0.0),
        "hops": np.where(hops.relay_by_meeting, 0.0, hops.delay_hours),
    }
    answer = {"queueing": zero, "deciding": zero, "meetings": zero, "hops": hops.delay_hours}
    parent_of_eng = table.parent[engineers]
    to_lead: dict[str, FloatArray] = {}
    to_head: dict[str, FloatArray] = {}
    for c in COMPONENTS:
        to_lead[c] = (up[c] + answer[c])[parent_of_eng]
        to_head[c] = order.path_sum(up[c] + answer[c], up[c] + relay[c])[parent_of_eng]
    bad_head = order.path_any(unstable, unstable)[parent_of_eng]
    bad_lead = unstable[parent_of_eng]
    unstable_path = (bad_lead & (s < 1)) | (bad_head & (s > 0))
    return EscalationModel(order, hops, engineers, arrivals, service, rho, wait, unstable_path,
                           to_lead, to_head, s, batch_index, queues)


WORKABLE_UTILISATION = 0.8
"""Utilisation the advice aims for: below it queues stay short (above it they grow fast)."""


def clearing_advice(table: OrgTable, model: EscalationModel, settings: DecisionSettings, row: int,
                    hours_per_week: float) -> str:
    """Plain words: by how much ``row``'s decision queue overflows and what would bring it to 80% busy.

    With ``lambda = r (1 - s) D + r s E`` escalations a week (``D`` engineers reporting straight to
    the row, ``E`` below it) each taking ``S = h / f`` working hours, the row needs ``lambda S``
    hours of a ``W``-hour week. Each remedy solves ``lambda S = 0.8 W`` for one setting, the others
    kept: the escalation rate ``r``, the share sent to the top ``s`` (when it helps), deputies
    sharing the load equally (``ceil(lambda S / 0.8 W)`` deciders), or the share ``f`` of the week
    given to decisions (a wider decision meeting), when ``f`` need not pass 1.
    """
    lam, service = float(model.arrivals_per_week[row]), float(model.service_hours[row])
    need, target = lam * service, WORKABLE_UTILISATION * hours_per_week
    role = Role(int(table.role[row]))
    field = _ROLE_FIELDS.get(role, "lead")
    r, s = settings.escalations_per_engineer_per_week, settings.share_to_top
    f = settings.policy(field).decision_time_share
    options = [f"fewer escalations: at most {r * target / need:.2g} per engineer a week "
               f"(decisions.escalations_per_engineer_per_week, now {r:g})"]
    direct = float(np.count_nonzero((table.parent == row) & (table.role == Role.ENGINEER)))
    below = lam / r - (1 - s) * direct if r > 0 and s > 0 else 0.0  # r s E, per unit r
    every = below / s if s > 0 else 0.0  # E: engineers below the row
    if every > direct and r > 0:
        s_ok = (target / (r * service) - direct) / (every - direct)
        if 0 <= s_ok < s:
            options.append(f"fewer sent to the top: share_to_top at most {s_ok:.2g} (now {s:g})")
    deciders = int(np.ceil(need / target))
    options.append(f"{deciders - 1} deputy(ies) deciding an equal share beside them ({deciders} deciders in all)")
    f_ok = f * need / target
    if f_ok <= 1:
        options.append(f"more of their week for decisions (a wider decision meeting): decisions.{field}."
                       f"decision_time_share {f_ok:.2g} (now {f:g})")
    return (f"{table.name_of(row)} ({role.label}) needs {need:,.1f} h of decisions a week against "
            f"{hours_per_week:g} h, {need - hours_per_week:,.1f} h too many ({lam:,.1f} escalations of "
            f"{service:.2g} h); any one of these clears it (to {WORKABLE_UTILISATION:.0%} busy): "
            + "; ".join(options))


@dataclass(frozen=True)
class EscalationSample:
    """Sampled escalations: origin engineer, whether it went to the head, round trip by component."""

    origin: IntArray
    to_head: BoolArray
    by_component: dict[str, FloatArray]
    visits: FloatArray
    """Sampled escalations handled per row."""
    sojourn_hours: FloatArray
    """Sum of sampled queue waits plus decision times per row (for Little's law checks)."""

    @property
    def total(self) -> FloatArray:
        return _stack_sum(self.by_component, self.origin.size)


def simulate_escalations(model: EscalationModel, table: OrgTable, draws: int, cv: float,
                         rng: np.random.Generator) -> EscalationSample:
    """Sample ``draws`` escalations from the stationary per-hop laws (vectorised over draws).

    Notes
    -----
    Origin uniform over engineers (all raise at the same rate); to the head with probability
    ``s``. Per hop: message delay ~ Exp(mean d), meeting wait ~ U(0, T) (uniform arrival in a
    periodic schedule), queue wait ~ M/G/1 law (`sample_mg1_wait`) or, for a decision-maker
    who holds escalations for a meeting, the wait after the meeting in its batch
    (`sample_batch_wait`), decision ~ Gamma(mean S, cv). Hops are drawn independently, as in a
    Jackson network in equilibrium. The meeting wait and the place in the batch are independent
    draws: exact when a batch is taken in random order (the model's assumption); taken in arrival
    order, early arrivals would go first (same means, negatively correlated parts).
    """
    n = len(table)
    hops = model.hops
    origin = model.engineers[rng.integers(0, model.engineers.size, draws)]
    to_head = rng.random(draws) < model.share_to_top
    comp = {c: np.zeros(draws) for c in COMPONENTS}
    visits = np.zeros(n)
    sojourn = np.zeros(n)
    node = table.parent[origin]
    active = np.ones(draws, dtype=bool)
    level = table.level
    while active.any():
        idx = np.flatnonzero(active)
        v = node[idx]
        m = idx.size
        delay = rng.exponential(1.0, m) * hops.delay_hours[v]
        meet = rng.random(m) * hops.meeting_period_hours[v]
        wait = _sample_waits(rng, model, v)
        service = sample_gamma(rng, model.service_hours[v], cv)
        comp["hops"][idx] += delay
        comp["meetings"][idx] += meet
        comp["queueing"][idx] += wait
        comp["deciding"][idx] += service
        visits += np.bincount(v, minlength=n)
        sojourn += np.bincount(v, weights=wait + service, minlength=n)
        decided = ~to_head[idx] | (level[v] == 0)
        # the decider answers by direct message; the rest relay the answer back later
        comp["hops"][idx[decided]] += rng.exponential(1.0, int(decided.sum())) * hops.delay_hours[v[decided]]
        active[idx[decided]] = False
        up = idx[~decided]
        vu = v[~decided]
        by_meeting = hops.relay_by_meeting[vu]
        relay_meet = rng.random(vu.size) * hops.meeting_period_hours[vu]
        relay_direct = rng.exponential(1.0, vu.size) * hops.delay_hours[vu]
        comp["meetings"][up] += np.where(by_meeting, relay_meet, 0.0)
        comp["hops"][up] += np.where(by_meeting, 0.0, relay_direct)
        node[up] = table.parent[vu]
    return EscalationSample(origin, to_head, comp, visits, sojourn)


def _sample_waits(rng: np.random.Generator, model: EscalationModel, v: IntArray) -> FloatArray:
    """Queue waits at rows ``v``: M/G/1 draws, or batch draws where the row meets."""
    b = model.batch_index[v]
    smooth = b < 0
    wait = np.zeros(v.size)
    mean = model.wait_hours[v[smooth]]
    wait[smooth] = sample_mg1_wait(rng, model.rho[v[smooth]], np.where(np.isfinite(mean), mean, 0.0))
    for q in np.unique(b[~smooth]):
        at = np.flatnonzero(b == q)
        wait[at] = sample_batch_wait(rng, model.batch_queues[int(q)], at.size)
    return wait


def _stack_sum(parts: dict[str, FloatArray], size: int) -> FloatArray:
    out = np.zeros(size)
    for values in parts.values():
        out += values
    return out
